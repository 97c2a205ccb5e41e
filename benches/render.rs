//! One frame, stage by stage: load, timeline, renderer set-up, SVG text,
//! rasterising, PNG encoding — on the bundled dataset and on the synthetic
//! 5,000-place dataset of ../shared/bench (generated into target/bench-data).
//!
//!     cargo bench --bench render

#[path = "common/mod.rs"]
mod common;
use chrono::NaiveDate;
use common::*;
use frontline::render::{MapRenderer, Rasterizer, RenderOptions, raster};
use std::path::PathBuf;

fn main() {
    divan::main();
}

/// A bench argument's dataset folder and the date drawn (`None` when the
/// synthetic dataset cannot be generated).
fn case(name: &str) -> Option<(PathBuf, NaiveDate)> {
    let date = if name == "syria" {
        (2017, 3, 2)
    } else {
        (2017, 6, 30)
    };
    Some((
        data_dir(name)?,
        NaiveDate::from_ymd_opt(date.0, date.1, date.2)?,
    ))
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 10)]
fn load_and_timeline(bencher: divan::Bencher, name: &str) {
    let Some((dir, _)) = case(name) else { return };
    bencher.bench(|| load(&dir));
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 10)]
fn renderer_setup(bencher: divan::Bencher, name: &str) {
    let Some((dir, _)) = case(name) else { return };
    let (ds, tl) = load(&dir);
    bencher.bench(|| {
        let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
        Rasterizer::new(&r, 1.0).unwrap();
    });
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_svg(bencher: divan::Bencher, name: &str) {
    let Some((dir, date)) = case(name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
    bencher.bench(|| r.svg(date));
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_pixels(bencher: divan::Bencher, name: &str) {
    let Some((dir, date)) = case(name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
    let raster = Rasterizer::new(&r, 1.0).unwrap();
    let states = tl.states_on(date);
    bencher.bench(|| raster.pixmap(&r, date, &states).unwrap());
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_png_encode(bencher: divan::Bencher, name: &str) {
    let Some((dir, date)) = case(name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
    let raster = Rasterizer::new(&r, 1.0).unwrap();
    let pixmap = raster.pixmap(&r, date, &tl.states_on(date)).unwrap();
    bencher.bench(|| raster::encode_png(&pixmap).unwrap());
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_png_total(bencher: divan::Bencher, name: &str) {
    let Some((dir, date)) = case(name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
    let raster = Rasterizer::new(&r, 1.0).unwrap();
    let states = tl.states_on(date);
    bencher.bench(|| raster.png(&r, date, &states).unwrap());
}
