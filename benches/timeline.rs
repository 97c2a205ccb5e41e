//! The timeline on the synthetic 5,000-place, 100,000-event dataset
//! (`frontline::synthetic`, generated into target/bench-data, see
//! benches/common) and on the bundled one:
//! building it, the state of every place on one date, and a forward sweep
//! over a year of days (which visits only the places that change).
//!
//!     cargo bench --bench timeline

#[path = "common/mod.rs"]
mod common;
use chrono::{Days, NaiveDate};
use common::*;
use frontline::{Dataset, Timeline};

fn main() {
    divan::main();
}

/// A bench argument's dataset (`None` when it is not available).
fn named(name: &str) -> Option<Dataset> {
    Some(dataset(&data_dir(name)?))
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn build(bencher: divan::Bencher, name: &str) {
    let Some(ds) = named(name) else { return };
    bencher.bench(|| Timeline::new(&ds));
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 50)]
fn states_on_one_date(bencher: divan::Bencher, name: &str) {
    let Some(ds) = named(name) else { return };
    let tl = Timeline::new(&ds);
    let date = NaiveDate::from_ymd_opt(2017, 6, 30).unwrap();
    bencher.bench(|| tl.states_on(date));
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 20)]
fn sweep_365_days(bencher: divan::Bencher, name: &str) {
    let Some(ds) = named(name) else { return };
    let tl = Timeline::new(&ds);
    let start = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
    bencher.bench(|| {
        let mut sweep = tl.sweep();
        let mut changed = 0;
        for d in 0..365 {
            changed += sweep.advance_to(start + Days::new(d)).len();
        }
        changed
    });
}

#[divan::bench(args = ["syria", "synthetic-5k"], sample_count = 10)]
fn load(bencher: divan::Bencher, name: &str) {
    let Some(dir) = data_dir(name) else { return };
    bencher.bench(|| dataset(&dir));
}
