//! What the benchmarks share: the datasets they run on.
#![allow(dead_code)]

use frontline::{Dataset, Sources, Timeline};
use std::path::PathBuf;

/// The peer's default synthetic dataset (5,000 places, 100,000 events, seed 1),
/// generated once into target/bench-data; `None` without python3 and ../shared.
pub fn synthetic_5k() -> Option<PathBuf> {
    let dir = PathBuf::from("target/bench-data/data-5k");
    if dir.join("events.csv").is_file() {
        return Some(dir);
    }
    let script = [
        "../shared/bench/gen_synthetic.py",
        "../../shared/bench/gen_synthetic.py",
    ]
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
        "syria" => Some(PathBuf::from("geodata/syria")),
        _ => synthetic_5k(),
    }
}

/// A dataset and its timeline.
pub fn load(dir: &PathBuf) -> (Dataset, Timeline) {
    let ds = Dataset::load(&Sources::from_dir(dir)).expect("dataset loads");
    let tl = Timeline::new(&ds);
    (ds, tl)
}
