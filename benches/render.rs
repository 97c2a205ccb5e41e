//! One frame, stage by stage: load, timeline, renderer set-up, SVG text,
//! rasterising, PNG encoding — on the bundled dataset and on the synthetic
//! 5,000-place dataset (`frontline::synthetic`, generated into
//! target/bench-data: see benches/common and docs/performance.md).
//!
//!     cargo bench --bench render

#[path = "common/mod.rs"]
mod common;
use common::*;
use frontline::render::{MapRenderer, Rasterizer, RenderOptions, raster};

fn main() {
    divan::main();
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
    with_renderer(name, |r, _, _, date| {
        bencher.bench(|| r.svg(date));
    });
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_pixels(bencher: divan::Bencher, name: &str) {
    with_renderer(name, |r, raster, tl, date| {
        let states = tl.states_on(date);
        bencher.bench(|| raster.pixmap(r, date, &states).unwrap());
    });
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_png_encode(bencher: divan::Bencher, name: &str) {
    with_renderer(name, |r, raster, tl, date| {
        let pixmap = raster.pixmap(r, date, &tl.states_on(date)).unwrap();
        bencher.bench(|| raster::encode_png(&pixmap).unwrap());
    });
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn frame_png_total(bencher: divan::Bencher, name: &str) {
    with_renderer(name, |r, raster, tl, date| {
        let states = tl.states_on(date);
        bencher.bench(|| raster.png(r, date, &states).unwrap());
    });
}
