//! Tests of the zones stage: helpers and the invariants every date's zones
//! keep (`check`); the bundled data in `bundled`, synthetic places in
//! `synthetic`.

mod bundled;
mod synthetic;

use super::*;
use crate::dataset::{Dataset, ForceIndex, Place, Sources, bundled_data_dir};
use crate::timeline::{PlaceState, Status, Timeline};
use geo::{
    BooleanOps, Coord, Densify, Distance, Euclidean, Geodesic, Geometry, MultiPolygon, Point,
    Polygon, Validation,
};

fn bundled() -> (Dataset, Timeline) {
    let ds = Dataset::load(&Sources::from_dir(bundled_data_dir())).unwrap();
    let tl = Timeline::new(&ds);
    (ds, tl)
}

fn force(ds: &Dataset, id: &str) -> ForceIndex {
    ForceIndex::new(ds.forces.iter().position(|f| f.id == id).unwrap())
}

fn place(ds: &Dataset, name: &str) -> u32 {
    ds.places.iter().position(|p| p.name == name).unwrap() as u32
}

fn point_place(i: usize, lon: f64, lat: f64) -> Place {
    Place {
        id: format!("p{i}"),
        name: format!("p{i}"),
        aliases: Vec::new(),
        kind: None,
        population: None,
        geometry: Geometry::Point(Point::new(lon, lat)),
        geometry_json: serde_json::Value::Null,
        properties: serde_json::Map::new(),
    }
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon {
    geo::Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }).to_polygon()
}

/// A box with a lake in it, and an island off its east coast.
fn holey_region() -> MultiPolygon {
    let mut main = rect(35.0, 30.0, 42.0, 37.0);
    main.interiors_push(rect(38.0, 33.0, 39.0, 34.0).exterior().clone());
    MultiPolygon(vec![main, rect(42.5, 33.0, 43.5, 34.0)])
}

fn held(holder: usize) -> PlaceState {
    PlaceState {
        holder: Some(ForceIndex::new(holder)),
        status: Status::Held,
        ..Default::default()
    }
}

fn area(mp: &MultiPolygon) -> f64 {
    // Measured with short edges: boolean operations in lon/lat drop collinear
    // vertices, and a long edge's geodesic is not its lon/lat straight line.
    geodesic_km2(&Euclidean.densify(mp, 0.05))
}

/// Every invariant of a date's zones.
fn check(cells: &Cells, states: &[PlaceState]) {
    let z = cells.zones(states);
    // The legend's areas are the zones' own, without the fronts.
    let areas = cells.areas(states);
    assert!(areas.fronts.is_empty());
    assert_eq!(
        areas,
        crate::zones::Zones {
            fronts: Vec::new(),
            ..z.clone()
        }
    );
    let region = z.region_area_km2;
    for c in cells.cells() {
        assert!(
            c.geometry.is_valid(),
            "cell {:?}",
            c.geometry.validation_errors()
        );
        assert!(c.area_km2 >= 0.0 && c.area_km2.is_finite());
    }
    let geoms: Vec<MultiPolygon> = z
        .zones
        .iter()
        .map(|zone| cells.dissolve(&zone.cells))
        .collect();
    let mut sum = 0.0;
    for (zone, g) in z.zones.iter().zip(&geoms) {
        assert!(
            g.is_valid(),
            "zone {:?}: {:?}",
            zone.key,
            g.validation_errors()
        );
        let a = area(g);
        assert!(
            (a - zone.area_km2).abs() <= 1e-4 * region.max(1.0),
            "zone {:?}: dissolved {a} km² vs cells {}",
            zone.key,
            zone.area_km2
        );
        sum += a;
    }
    // Zones of different looks never overlap.
    for i in 0..geoms.len() {
        for j in i + 1..geoms.len() {
            let o = area(&geoms[i].intersection(&geoms[j]));
            assert!(
                o <= 1e-6 * region.max(1.0),
                "zones {i} and {j} overlap by {o} km²"
            );
        }
    }
    // Zones and the unassigned ground cover the region exactly.
    let all = geoms
        .iter()
        .fold(MultiPolygon(Vec::new()), |acc, g| acc.union(g));
    let unassigned = cells.region().difference(&all);
    let total = sum + area(&unassigned);
    let measured = area(cells.region());
    assert!(
        (measured - region).abs() <= 1e-3 * region,
        "region {region} measured {measured}"
    );
    let region = measured;
    assert!(
        (total - region).abs() <= 1e-4 * region,
        "zones {sum} + unassigned {} != region {region}",
        area(&unassigned)
    );
    assert!((z.unassigned_area_km2 - area(&unassigned)).abs() <= 2e-4 * region.max(1.0));
    // Neighbouring cells merge into one piece where they touch (no sliver).
    for l in cells.links() {
        let (a, b) = (&cells.cells()[l.a as usize], &cells.cells()[l.b as usize]);
        let u = cells.dissolve(&[l.a, l.b]);
        assert!(u.is_valid());
        assert!(
            u.0.len() < a.geometry.0.len() + b.geometry.0.len(),
            "cells {} and {} touch along {} km but do not merge: {} pieces",
            l.a,
            l.b,
            l.length_km,
            u.0.len()
        );
        assert!((area(&u) - a.area_km2 - b.area_km2).abs() <= 1e-4 * (a.area_km2 + b.area_km2));
    }
    // Fronts lie between zones of different holders and are measured.
    for f in &z.fronts {
        assert!(f.a < f.b && f.length_km > 0.0);
        let geodesic: f64 = f
            .geometry
            .iter()
            .map(|l| {
                l.lines()
                    .map(|s| Geodesic.distance(s.start_point(), s.end_point()))
                    .sum::<f64>()
            })
            .sum::<f64>()
            / 1000.0;
        assert!((geodesic - f.length_km).abs() <= 1e-6 * f.length_km.max(1.0));
    }
}

fn cells_of(points: &[(f64, f64)], region: Option<&MultiPolygon>, o: &ZoneOptions) -> Cells {
    let places: Vec<Place> = points
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| point_place(i, x, y))
        .collect();
    Cells::from_parts(&places, &vec![true; places.len()], region, o).unwrap()
}
