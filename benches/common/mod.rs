//! What the benchmarks share: the datasets they run on (the bundled one, and
//! the peer's synthetic 5,000-place dataset when it can be generated), loading
//! them, and a renderer set up to draw a bench case's date.
#![allow(dead_code)]

use chrono::NaiveDate;
use frontline::render::{MapRenderer, Rasterizer, RenderOptions};
use frontline::{Dataset, Sources, Timeline};
use std::path::{Path, PathBuf};

/// The bundled dataset.
pub const BUNDLED: &str = "geodata/syria";

/// Where the peer's generator of synthetic datasets may be (the peer is not
/// part of this repository: docs/performance.md says what it is). Without
/// it, or without python3, the synthetic cases are skipped.
const GENERATOR: [&str; 2] = [
    "../shared/bench/gen_synthetic.py",
    "../../shared/bench/gen_synthetic.py",
];

/// The peer's default synthetic dataset (5,000 places, 100,000 events, seed 1),
/// generated once into target/bench-data; `None` when it cannot be generated.
pub fn synthetic_5k() -> Option<PathBuf> {
    let dir = PathBuf::from("target/bench-data/data-5k");
    if dir.join("events.csv").is_file() {
        return Some(dir);
    }
    let script = GENERATOR
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())?;
    let ok = std::process::Command::new("python3")
        .arg(script)
        .args(["--seed", "1", "--out"])
        .arg(&dir)
        .status()
        .ok()?
        .success();
    ok.then_some(dir)
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
