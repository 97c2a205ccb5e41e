//! Animation throughput: 365 daily frames of the bundled dataset, and 100
//! weekly frames of the synthetic 5,000-place dataset (`frontline::synthetic`,
//! generated into target/bench-data, see benches/common), written as
//! PNG files at 1600×1200 on every core; plus the parts that are the
//! animation's own (frame dates, GIF palette mapping).
//!
//!     cargo bench --bench animate
//!
//! Frames per second = frames / time. docs/animate.md has the figures and
//! the comparison with the geopandas + matplotlib peer.

#[path = "common/mod.rs"]
mod common;
use chrono::NaiveDate;
use common::*;
use frontline::animate::palette::Palette;
use frontline::animate::{Options, Step, animate, frame_dates};
use frontline::timeline::DateRange;
use frontline::zones::ZoneOptions;
use frontline::{Dataset, Timeline};
use std::sync::atomic::AtomicBool;

fn main() {
    divan::main();
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Renders `dates` as PNG files into a temporary folder (with zones: areas
/// of control and front lines).
fn run_frames(ds: &Dataset, tl: &Timeline, dates: Vec<NaiveDate>, zones: bool) {
    let out = tempfile::tempdir().unwrap();
    let mut options = Options {
        out_dir: Some(out.path().to_path_buf()),
        ..Options::new(dates)
    };
    if zones {
        options.render.zones = Some(ZoneOptions::default());
    }
    let summary = animate(ds, tl, &options, &|_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(summary.written, options.dates.len());
}

/// 365 daily frames of the bundled dataset (most reuse their map).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn bundled_365_daily(bencher: divan::Bencher) {
    let (ds, tl) = load(BUNDLED.as_ref());
    let dates = frame_dates(
        DateRange::new(day("2015-01-01"), day("2015-12-31")).unwrap(),
        Step::Days(1),
        &tl,
    )
    .unwrap();
    bencher.bench_local(|| run_frames(&ds, &tl, dates.clone(), false));
}

/// 100 weekly frames of the bundled dataset, without and with zones (the
/// target: a zones frame costs at most twice a plain one).
#[divan::bench(sample_count = 3, sample_size = 1, args = [false, true])]
fn bundled_100_weekly(bencher: divan::Bencher, zones: bool) {
    let (ds, tl) = load(BUNDLED.as_ref());
    let dates = hundred_weeks(&tl, "2015-01-01");
    bencher.bench_local(|| run_frames(&ds, &tl, dates.clone(), zones));
}

/// 100 weekly frame dates from `first`.
fn hundred_weeks(tl: &Timeline, first: &str) -> Vec<NaiveDate> {
    let first = day(first);
    let last = first + chrono::Days::new(99 * 7);
    let dates = frame_dates(DateRange::new(first, last).unwrap(), Step::Days(7), tl).unwrap();
    assert_eq!(dates.len(), 100);
    dates
}

/// 100 weekly frames of the synthetic 5,000-place dataset (every map
/// differs), without and with zones.
#[divan::bench(sample_count = 3, sample_size = 1, args = [false, true])]
fn synthetic_5k_100_weekly(bencher: divan::Bencher, zones: bool) {
    let Some(dir) = synthetic_5k() else {
        eprintln!("the synthetic dataset could not be written: skipped");
        return;
    };
    let (ds, tl) = load(&dir);
    let dates = hundred_weeks(&tl, "2016-01-01");
    bencher.bench_local(|| run_frames(&ds, &tl, dates.clone(), zones));
}

/// Frame dates for ten years, daily.
#[divan::bench]
fn dates_ten_years_daily(bencher: divan::Bencher) {
    let tl = Timeline::from_events(&[], 0);
    bencher.bench(|| {
        frame_dates(
            DateRange::new(day("2010-01-01"), day("2019-12-31")).unwrap(),
            Step::Days(1),
            &tl,
        )
        .unwrap()
    });
}

/// Mapping a 1600×1200 frame to the fixed GIF palette.
#[divan::bench]
fn gif_palette_map_1600x1200(bencher: divan::Bencher) {
    // The bundled dataset on 2017-03-02, as in benches/render.rs.
    with_renderer("syria", |r, raster, tl, date| {
        let frame = raster.pixmap(r, date, &tl.states_on(date)).unwrap();
        let mut exact = Vec::new();
        frontline::animate::palette::svg_colours(&r.svg(date), &mut exact);
        let palette = Palette::build(&exact, &[&frame]);
        bencher.bench(|| palette.map(&frame));
    });
}
