//! A deterministic synthetic dataset, for benchmarks and scale tests: `N`
//! places (points, and some small polygons) in a made-up country, `K`
//! forces, and `M` events whose front lines move the way fronts do (a force
//! takes the places next to what it holds, pushing on from its last gain).
//!
//! The same [`Params`] always give byte-identical files, on every machine
//! and with every crate version: the random numbers come from SplitMix64,
//! written here (a few lines) rather than from a crate whose streams may
//! change between releases.
//!
//! ```
//! use frontline::synthetic::{Params, generate};
//! let dir = tempfile::tempdir().unwrap();
//! let p = Params { places: 200, events: 2_000, forces: 4, polygons: 10, seed: 7 };
//! let made = generate(&p, dir.path()).unwrap();
//! assert_eq!(made.events, 2_000);
//! let ds = frontline::Dataset::load(&frontline::dataset::Sources::from_dir(dir.path())).unwrap();
//! assert_eq!(ds.places.len(), 200);
//! assert_eq!(ds.events.len(), 2_000);
//! ```

use crate::error::{Error, Result};
use chrono::{Days, NaiveDate};
use rstar::RTree;
use rstar::primitives::GeomWithData;
use std::fmt::Write as _;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Places in all (points and polygons).
    pub places: usize,
    /// Events in all.
    pub events: usize,
    /// Forces, 2 to 10.
    pub forces: usize,
    /// How many of the places are small polygons (districts).
    pub polygons: usize,
    /// The seed: the same seed, the same files.
    pub seed: u64,
}

impl Default for Params {
    /// The peer benchmark's size: 5,000 places, 100,000 events, 5 forces.
    fn default() -> Self {
        Params {
            places: 5_000,
            events: 100_000,
            forces: 5,
            polygons: 200,
            seed: 1,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub places: usize,
    pub events: usize,
}

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and its stream is
/// fixed by its definition.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
    /// Normal, by Box–Muller.
    fn gauss(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// The forces' ids, names and colours (distinct hues, readable on the map).
const FORCES: [(&str, &str, &str); 10] = [
    ("red", "Crimson Army", "#d62728"),
    ("blu", "Azure Front", "#1f77b4"),
    ("grn", "Verdant Union", "#2ca02c"),
    ("blk", "Black Banner", "#3b3b3b"),
    ("amb", "Amber Council", "#e6ab02"),
    ("vio", "Violet Legion", "#7b3294"),
    ("org", "Orange Brigade", "#ff7f0e"),
    ("tea", "Teal Coalition", "#17becf"),
    ("umb", "Umber Guard", "#8c564b"),
    ("ros", "Rose Movement", "#e377c2"),
];

/// The made-up country: centre and radii, degrees.
const CENTRE: (f64, f64) = (38.5, 35.0);
const RADII: (f64, f64) = (3.2, 2.2);
const FIRST: (i32, u32, u32) = (2014, 1, 1);
const LAST: (i32, u32, u32) = (2019, 12, 31);

/// Writes `places.geojson`, `forces.csv`, `events.csv` and `basemap.geojson`
/// into `dir` (created if missing).
pub fn generate(p: &Params, dir: &Path) -> Result<Made> {
    if !(2..=FORCES.len()).contains(&p.forces) {
        return Err(Error::Usage(format!(
            "{}: the generator makes 2 to {}",
            crate::words::count(p.forces, "force"),
            FORCES.len()
        )));
    }
    if p.places == 0 || p.polygons > p.places || p.events < p.places {
        return Err(Error::Usage(
            "want at least one place, no more polygons than places, and at least one event per place"
                .into(),
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Usage(format!("cannot create {}: {e}", dir.display())))?;
    let mut rng = Rng(p.seed);
    let outline = outline(&mut rng);
    let sites = sites(&mut rng, &outline, p.places);
    let neighbours = neighbours(&sites, 6);
    write_basemap(&dir.join("basemap.geojson"), &outline)?;
    write_places(&dir.join("places.geojson"), &mut rng, &sites, p.polygons)?;
    write_forces(&dir.join("forces.csv"), p.forces)?;
    let events = events(&mut rng, p, &sites, &neighbours);
    write_events(&dir.join("events.csv"), &events)?;
    Ok(Made {
        places: sites.len(),
        events: events.len(),
    })
}

/// A wobbly oval of 240 vertices, lon/lat, closed.
fn outline(rng: &mut Rng) -> Vec<(f64, f64)> {
    let n = 240;
    let mut wobble = 0.0;
    let mut ring: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let t = i as f64 / n as f64 * std::f64::consts::TAU;
            wobble = 0.8 * wobble + 0.02 * rng.gauss();
            let r = 1.0 + wobble + 0.08 * (3.0 * t).sin();
            (
                CENTRE.0 + RADII.0 * r * t.cos(),
                CENTRE.1 + RADII.1 * r * t.sin(),
            )
        })
        .collect();
    ring.push(ring[0]);
    ring
}

/// Whether a point is inside a closed ring (even–odd).
fn inside(ring: &[(f64, f64)], (x, y): (f64, f64)) -> bool {
    let mut c = false;
    for w in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        if (y1 > y) != (y2 > y) && x < x1 + (y - y1) / (y2 - y1) * (x2 - x1) {
            c = !c;
        }
    }
    c
}

/// Where the places are: two in three around a dozen towns, the rest anywhere
/// in the country. Rounded to 5 decimals (a metre), as files hold them.
fn sites(rng: &mut Rng, ring: &[(f64, f64)], n: usize) -> Vec<(f64, f64)> {
    let towns: Vec<(f64, f64, f64)> = (0..12)
        .map(|_| {
            loop {
                let c = (
                    CENTRE.0 + (rng.unit() * 2.0 - 1.0) * RADII.0 * 0.8,
                    CENTRE.1 + (rng.unit() * 2.0 - 1.0) * RADII.1 * 0.8,
                );
                if inside(ring, c) {
                    break (c.0, c.1, 0.1 + 0.25 * rng.unit());
                }
            }
        })
        .collect();
    let round = |v: f64| (v * 1e5).round() / 1e5;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let c = if rng.unit() < 0.65 {
            let (x, y, s) = towns[rng.below(towns.len())];
            (x + s * rng.gauss(), y + s * rng.gauss())
        } else {
            (
                CENTRE.0 + (rng.unit() * 2.0 - 1.0) * RADII.0 * 1.2,
                CENTRE.1 + (rng.unit() * 2.0 - 1.0) * RADII.1 * 1.2,
            )
        };
        let c = (round(c.0), round(c.1));
        if inside(ring, c) {
            out.push(c);
        }
    }
    out
}

/// Each place's `k` nearest other places.
fn neighbours(sites: &[(f64, f64)], k: usize) -> Vec<Vec<usize>> {
    let tree = RTree::bulk_load(
        sites
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| GeomWithData::new([x, y], i))
            .collect(),
    );
    sites
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| {
            tree.nearest_neighbor_iter(&[x, y])
                .map(|g| g.data)
                .filter(|&j| j != i)
                .take(k)
                .collect()
        })
        .collect()
}

/// A pronounceable name, made unique by the place's number where needed.
fn name(rng: &mut Rng, i: usize, taken: &mut rustc_hash::FxHashSet<String>) -> String {
    const PREFIX: [&str; 10] = [
        "Tall", "Deir", "Kafr", "Ain", "Khirbet", "Bir", "Qasr", "Umm", "Beit", "Ras",
    ];
    const ONSET: [&str; 12] = [
        "b", "d", "gh", "h", "j", "k", "kh", "m", "n", "q", "r", "sh",
    ];
    const VOWEL: [&str; 6] = ["a", "i", "u", "aa", "ou", "ei"];
    const CODA: [&str; 6] = ["", "n", "r", "m", "l", "t"];
    let mut s = String::new();
    if rng.unit() < 0.3 {
        s.push_str(PREFIX[rng.below(PREFIX.len())]);
        s.push(' ');
    }
    for _ in 0..2 + rng.below(2) {
        s.push_str(ONSET[rng.below(ONSET.len())]);
        s.push_str(VOWEL[rng.below(VOWEL.len())]);
    }
    s.push_str(CODA[rng.below(CODA.len())]);
    let mut c = s.chars();
    let mut name: String = match (s.starts_with(char::is_uppercase), c.next()) {
        (true, _) | (_, None) => s.clone(),
        (false, Some(f)) => f.to_uppercase().chain(c).collect(),
    };
    if !taken.insert(crate::dataset::names::normalize(&name)) {
        name = format!("{name} {i}");
        taken.insert(crate::dataset::names::normalize(&name));
    }
    name
}

fn write_places(path: &Path, rng: &mut Rng, sites: &[(f64, f64)], polygons: usize) -> Result<()> {
    let mut taken = rustc_hash::FxHashSet::default();
    let mut out = String::with_capacity(sites.len() * 160);
    out.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    // Every n-th place is a polygon, spread over the country.
    let every = sites.len().checked_div(polygons).unwrap_or(usize::MAX);
    let mut made = 0;
    for (i, &(x, y)) in sites.iter().enumerate() {
        let nm = name(rng, i, &mut taken);
        let polygon = made < polygons && i % every == 0;
        let population = (300.0 * (1.0 / rng.unit().max(1e-4)).powf(0.9)) as u64;
        let geometry = if polygon {
            made += 1;
            let r = 0.03 + 0.05 * rng.unit();
            let pts: Vec<String> = (0..=8)
                .map(|k| {
                    let t = (k % 8) as f64 / 8.0 * std::f64::consts::TAU;
                    let rr = r * (0.75 + 0.25 * ((k % 8) as f64 * 1.7).sin().abs());
                    format!("[{:.5},{:.5}]", x + rr * t.cos() / 0.82, y + rr * t.sin())
                })
                .collect();
            format!(
                "{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}",
                pts.join(",")
            )
        } else {
            format!("{{\"type\":\"Point\",\"coordinates\":[{x},{y}]}}")
        };
        let kind = if polygon { "district" } else { "village" };
        if i > 0 {
            out.push_str(",\n");
        }
        let _ = write!(
            out,
            "{{\"type\":\"Feature\",\"id\":\"p{i:06}\",\"properties\":{{\"name\":{},\"kind\":\"{kind}\",\"population\":{population}}},\"geometry\":{geometry}}}",
            serde_json::to_string(&nm).unwrap_or_default()
        );
    }
    out.push_str("\n]}\n");
    write_file(path, out.as_bytes())
}

fn write_basemap(path: &Path, ring: &[(f64, f64)]) -> Result<()> {
    let coords = |r: &[(f64, f64)]| {
        r.iter()
            .map(|(x, y)| format!("[{x:.5},{y:.5}]"))
            .collect::<Vec<_>>()
            .join(",")
    };
    // A neighbour to the east, sharing no border (a strip of sea between).
    let (e0, e1) = (CENTRE.0 + RADII.0 * 1.35, CENTRE.0 + RADII.0 * 2.2);
    let (n0, n1) = (CENTRE.1 - RADII.1, CENTRE.1 + RADII.1);
    let east = [(e0, n0), (e1, n0), (e1, n1), (e0, n1), (e0, n0)];
    let text = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{{\"type\":\"Feature\",\"properties\":{{\"kind\":\"country\",\"name\":\"Synthland\",\"focus\":true}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}}},\n{{\"type\":\"Feature\",\"properties\":{{\"kind\":\"country\",\"name\":\"Eastland\",\"focus\":false}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}}}\n]}}\n",
        coords(ring),
        coords(&east)
    );
    write_file(path, text.as_bytes())
}

fn write_forces(path: &Path, n: usize) -> Result<()> {
    let mut out = String::from("id,name,color\n");
    for (id, name, color) in &FORCES[..n] {
        let _ = writeln!(out, "{id},{name},{color}");
    }
    write_file(path, out.as_bytes())
}

/// One event: day number from the first date, place, force, status.
type Ev = (u32, usize, usize, &'static str);

/// The war: every place first goes to the force whose seed towns are
/// nearest; then, day by day, forces push into their neighbours' ground
/// along the places' nearest-neighbour graph, a campaign at a time (one
/// attacker, one direction, 60–120 days), some places contested or
/// besieged for a while first.
fn events(rng: &mut Rng, p: &Params, sites: &[(f64, f64)], nb: &[Vec<usize>]) -> Vec<Ev> {
    let n = sites.len();
    let seeds: Vec<(usize, usize)> = (0..p.forces * 3)
        .map(|k| (rng.below(n), k % p.forces))
        .collect();
    let d2 = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2);
    let mut holder: Vec<usize> = sites
        .iter()
        .map(|&s| {
            seeds
                .iter()
                .min_by(|a, b| d2(s, sites[a.0]).total_cmp(&d2(s, sites[b.0])))
                .map_or(0, |&(_, f)| f)
        })
        .collect();
    let mut out: Vec<Ev> = (0..n)
        .map(|i| (rng.below(59) as u32, i, holder[i], "held"))
        .collect();
    let first = NaiveDate::from_ymd_opt(FIRST.0, FIRST.1, FIRST.2).expect("a date");
    let last = NaiveDate::from_ymd_opt(LAST.0, LAST.1, LAST.2).expect("a date");
    let days = (last - first).num_days() as u32;
    let rest = p.events - n;
    let mut attacker = 0;
    let mut campaign_end = 0u32;
    let mut front: Option<usize> = None;
    while out.len() < p.events {
        let k = out.len() - n;
        let day = 60 + ((days - 60) as u64 * k as u64 / rest.max(1) as u64) as u32;
        if day >= campaign_end {
            attacker = rng.below(p.forces);
            campaign_end = day + 60 + rng.below(61) as u32;
            front = None;
        }
        // The next place: next to the last gain if it can, else a random
        // place of the attacker's with a neighbour of another force.
        let from = front
            .filter(|_| rng.unit() < 0.8)
            .or_else(|| {
                (0..40).map(|_| rng.below(n)).find(|&i| {
                    holder[i] == attacker && nb[i].iter().any(|&j| holder[j] != attacker)
                })
            })
            .unwrap_or_else(|| rng.below(n));
        let targets: Vec<usize> = nb[from]
            .iter()
            .copied()
            .filter(|&j| holder[j] != attacker)
            .collect();
        let target = if targets.is_empty() {
            // Nothing left to take here: a new campaign.
            campaign_end = day;
            continue;
        } else {
            targets[rng.below(targets.len())]
        };
        let roll = rng.unit();
        if roll < 0.05 && out.len() + 2 <= p.events {
            out.push((day, target, attacker, "contested"));
        } else if roll < 0.07 && out.len() + 2 <= p.events {
            out.push((day, target, attacker, "besieged"));
        }
        out.push((day + u32::from(roll < 0.07) * 5, target, attacker, "held"));
        holder[target] = attacker;
        front = Some(target);
    }
    out.truncate(p.events);
    out.sort_by_key(|e| (e.0, e.1));
    out.into_iter()
        .map(|(d, place, force, status)| (d.min(days), place, force, status))
        .collect()
}

fn write_events(path: &Path, events: &[Ev]) -> Result<()> {
    let first = NaiveDate::from_ymd_opt(FIRST.0, FIRST.1, FIRST.2).expect("a date");
    let mut out = String::with_capacity(events.len() * 48);
    out.push_str("date,place,force,status,source\n");
    for (k, &(day, place, force, status)) in events.iter().enumerate() {
        let date = first + Days::new(day as u64);
        let _ = writeln!(
            out,
            "{date},p{place:06},{},{status},report {}",
            FORCES[force].0,
            k + 1
        );
    }
    write_file(path, out.as_bytes())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::output::write_bytes(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        [
            "places.geojson",
            "forces.csv",
            "events.csv",
            "basemap.geojson",
        ]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
    }

    /// The same parameters give the same bytes; another seed another war.
    #[test]
    fn deterministic_by_seed() {
        let p = Params {
            places: 300,
            events: 3_000,
            forces: 3,
            polygons: 12,
            seed: 5,
        };
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        generate(&p, a.path()).unwrap();
        generate(&p, b.path()).unwrap();
        generate(
            &Params {
                seed: 6,
                ..p.clone()
            },
            c.path(),
        )
        .unwrap();
        assert_eq!(files(a.path()), files(b.path()));
        assert_ne!(files(a.path())[2], files(c.path())[2]);
    }

    /// Fronts move: places change hands many times, each force takes ground
    /// somewhere, and events are in date order.
    #[test]
    fn fronts_move() {
        let dir = tempfile::tempdir().unwrap();
        let p = Params {
            places: 500,
            events: 10_000,
            forces: 4,
            polygons: 20,
            seed: 1,
        };
        generate(&p, dir.path()).unwrap();
        let ds = crate::Dataset::load(&crate::dataset::Sources::from_dir(dir.path())).unwrap();
        assert_eq!((ds.places.len(), ds.events.len()), (500, 10_000));
        let polygons = ds
            .places
            .iter()
            .filter(|p| matches!(p.geometry, geo::Geometry::Polygon(_)))
            .count();
        assert_eq!(polygons, 20);
        let mut per_place = vec![0usize; 500];
        let mut per_force = vec![0usize; 4];
        for e in &ds.events {
            per_place[e.place.get()] += 1;
            per_force[e.force.get()] += 1;
        }
        assert!(per_place.iter().filter(|&&n| n >= 5).count() > 250);
        assert!(per_force.iter().all(|&n| n > 500), "{per_force:?}");
        assert!(ds.events.windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn bad_parameters_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for p in [
            Params {
                forces: 1,
                ..Params::default()
            },
            Params {
                forces: 11,
                ..Params::default()
            },
            Params {
                places: 10,
                events: 5,
                ..Params::default()
            },
            Params {
                places: 10,
                polygons: 11,
                ..Params::default()
            },
        ] {
            assert!(generate(&p, dir.path()).is_err(), "{p:?}");
        }
    }
}
