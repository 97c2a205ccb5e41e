//! Territory: building the cells once, and a date's zones (areas and fronts,
//! then the dissolved polygons) — on the bundled dataset and on 5,000
//! random places in a Syria-sized box.
//!
//!     cargo bench --bench zones

use chrono::NaiveDate;
use frontline::dataset::{ForceIndex, Place};
use frontline::timeline::{PlaceState, Status};
use frontline::zones::{Cells, ZoneOptions};
use frontline::{Dataset, Sources, Timeline};
use geo::{Coord, Geometry, MultiPolygon, Point, Rect};

fn main() {
    divan::main();
}

fn bundled() -> (Dataset, Vec<PlaceState>) {
    let ds = Dataset::load(&Sources::from_dir("geodata/syria")).expect("dataset loads");
    let tl = Timeline::new(&ds);
    let states = tl.states_on(NaiveDate::from_ymd_opt(2017, 3, 2).unwrap());
    (ds, states)
}

/// 5,000 places uniformly in 35.5–42.5°E, 32–37.3°N (about Syria's size and
/// more), a fixed seed, and states from six forces in bands west to east.
fn synthetic() -> (Vec<Place>, MultiPolygon, Vec<PlaceState>) {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (x0, y0, x1, y1) = (35.5, 32.0, 42.5, 37.3);
    let mut places = Vec::new();
    let mut states = Vec::new();
    for i in 0..5000 {
        let (x, y) = (x0 + next() * (x1 - x0), y0 + next() * (y1 - y0));
        places.push(Place {
            id: i.to_string(),
            name: format!("p{i}"),
            aliases: Vec::new(),
            kind: None,
            population: None,
            geometry: Geometry::Point(Point::new(x, y)),
            geometry_json: serde_json::Value::Null,
            properties: serde_json::Map::new(),
        });
        let band = ForceIndex::new((((x - x0) / (x1 - x0) * 6.0) as usize).min(5));
        states.push(if next() < 0.05 {
            PlaceState::default()
        } else {
            PlaceState {
                holder: Some(band),
                status: Status::Held,
                ..Default::default()
            }
        });
    }
    let region = MultiPolygon(vec![
        Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }).to_polygon(),
    ]);
    (places, region, states)
}

#[divan::bench(sample_count = 10)]
fn cells_bundled(bencher: divan::Bencher) {
    let (ds, _) = bundled();
    bencher.bench(|| Cells::build(&ds, &ZoneOptions::default()).unwrap());
}

#[divan::bench(sample_count = 10)]
fn cells_synthetic_5k(bencher: divan::Bencher) {
    let (places, region, _) = synthetic();
    let wanted = vec![true; places.len()];
    bencher.bench(|| {
        Cells::from_parts(&places, &wanted, Some(&region), &ZoneOptions::default()).unwrap()
    });
}

#[divan::bench(sample_count = 10)]
fn cells_synthetic_5k_no_region(bencher: divan::Bencher) {
    let (places, _, _) = synthetic();
    let wanted = vec![true; places.len()];
    bencher.bench(|| Cells::from_parts(&places, &wanted, None, &ZoneOptions::default()).unwrap());
}

#[divan::bench(sample_count = 50)]
fn zones_of_a_date_bundled(bencher: divan::Bencher) {
    let (ds, states) = bundled();
    let cells = Cells::build(&ds, &ZoneOptions::default()).unwrap();
    bencher.bench(|| cells.zones(&states));
}

/// The cells of the synthetic places (built once per bench, outside the timing).
fn synthetic_cells() -> (Cells, Vec<PlaceState>) {
    let (places, region, states) = synthetic();
    let cells = Cells::from_parts(
        &places,
        &vec![true; places.len()],
        Some(&region),
        &ZoneOptions::default(),
    )
    .unwrap();
    (cells, states)
}

#[divan::bench(sample_count = 50)]
fn zones_of_a_date_synthetic_5k(bencher: divan::Bencher) {
    let (cells, states) = synthetic_cells();
    bencher.bench(|| cells.zones(&states));
}

#[divan::bench(sample_count = 10)]
fn dissolve_all_zones_bundled(bencher: divan::Bencher) {
    let (ds, states) = bundled();
    let cells = Cells::build(&ds, &ZoneOptions::default()).unwrap();
    let z = cells.zones(&states);
    bencher.bench(|| {
        z.zones
            .iter()
            .map(|zone| cells.dissolve(&zone.cells))
            .collect::<Vec<_>>()
    });
}

#[divan::bench(sample_count = 10)]
fn dissolve_all_zones_synthetic_5k(bencher: divan::Bencher) {
    let (cells, states) = synthetic_cells();
    let z = cells.zones(&states);
    bencher.bench(|| {
        z.zones
            .iter()
            .map(|zone| cells.dissolve(&zone.cells))
            .collect::<Vec<_>>()
    });
}
