//! What the benchmarks share: the datasets they run on (the bundled one, and
//! the synthetic 5,000-place dataset of `frontline::synthetic`), loading
//! them, and a renderer set up to draw a bench case's date.
#![allow(dead_code)]

use chrono::NaiveDate;
use frontline::render::{MapRenderer, Rasterizer, RenderOptions};
use frontline::{Dataset, Sources, Timeline};
use std::path::{Path, PathBuf};

/// The bundled dataset.
pub const BUNDLED: &str = "geodata/syria";

/// The synthetic 5,000-place dataset (100,000 events, 5 forces, 200 polygon
/// places, seed 1) of `frontline::synthetic` (also `frontline synthetic`),
/// generated once into target/bench-data; `None` if it cannot be written.
pub fn synthetic_5k() -> Option<PathBuf> {
    let dir = PathBuf::from("target/bench-data/synthetic-5k");
    if !dir.join("events.csv").is_file() {
        let params = frontline::synthetic::Params::default();
        if let Err(e) = frontline::synthetic::generate(&params, &dir) {
            eprintln!("cannot write the synthetic dataset: {e}");
            return None;
        }
    }
    Some(dir)
}

/// A dataset folder by bench argument: `syria` (bundled) or `synthetic-5k`.
pub fn data_dir(name: &str) -> Option<PathBuf> {
    match name {
        "syria" => Some(PathBuf::from(BUNDLED)),
        _ => synthetic_5k(),
    }
}

/// A bench argument's dataset folder and the date its frame benches draw
/// (`None` when the synthetic dataset cannot be generated).
pub fn case(name: &str) -> Option<(PathBuf, NaiveDate)> {
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

/// The dataset of a folder.
pub fn dataset(dir: &Path) -> Dataset {
    Dataset::load(&Sources::from_dir(dir)).expect("dataset loads")
}

/// A dataset and its timeline.
pub fn load(dir: &Path) -> (Dataset, Timeline) {
    let ds = dataset(dir);
    let tl = Timeline::new(&ds);
    (ds, tl)
}

/// Runs `f` with a bench argument's case set up to draw: a renderer with the
/// default options, its rasterizer at scale 1, the timeline and the case's
/// date. Does nothing when the case's dataset is not available.
pub fn with_renderer(name: &str, f: impl FnOnce(&MapRenderer, &Rasterizer, &Timeline, NaiveDate)) {
    let Some((dir, date)) = case(name) else {
        return;
    };
    let (ds, tl) = load(&dir);
    let r = MapRenderer::new(&ds, &tl, RenderOptions::default()).unwrap();
    let raster = Rasterizer::new(&r, 1.0).unwrap();
    f(&r, &raster, &tl, date);
}
