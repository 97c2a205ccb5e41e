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

/// The datasets: bundled, and the synthetic one when it can be generated.
fn datasets() -> Vec<(&'static str, PathBuf, NaiveDate)> {
    let mut v = vec![(
        "syria",
        PathBuf::from("geodata/syria"),
        NaiveDate::from_ymd_opt(2017, 3, 2).unwrap(),
    )];
    if let Some(dir) = synthetic_5k() {
        v.push((
            "synthetic-5k",
            dir,
            NaiveDate::from_ymd_opt(2017, 6, 30).unwrap(),
        ));
    }
    v
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 10)]
fn load_and_timeline(bencher: divan::Bencher, name: &str) {
    let Some((_, dir, _)) = datasets().into_iter().find(|d| d.0 == name) else {
        return;
    };
    bencher.bench(|| load(&dir));
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 10)]
fn renderer_setup(bencher: divan::Bencher, name: &str) {
    let Some((_, dir, _)) = datasets().into_iter().find(|d| d.0 == name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    bencher.bench(|| {
        let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
        Rasterizer::new(&r, 1.0).unwrap();
    });
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_svg(bencher: divan::Bencher, name: &str) {
    let Some((_, dir, date)) = datasets().into_iter().find(|d| d.0 == name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
    bencher.bench(|| r.svg(date));
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_pixels(bencher: divan::Bencher, name: &str) {
    let Some((_, dir, date)) = datasets().into_iter().find(|d| d.0 == name) else {
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
    let Some((_, dir, date)) = datasets().into_iter().find(|d| d.0 == name) else {
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
    let Some((_, dir, date)) = datasets().into_iter().find(|d| d.0 == name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
    let raster = Rasterizer::new(&r, 1.0).unwrap();
    let states = tl.states_on(date);
    bencher.bench(|| raster.png(&r, date, &states).unwrap());
}
