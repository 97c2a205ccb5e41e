use super::*;
use crate::dataset::{Sources, bundled_data_dir};
use crate::timeline::Timeline;
use chrono::NaiveDate;
use geo::{Contains, Validation};

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

#[test]
fn bundled_2017_03_02() {
    let (ds, tl) = bundled();
    let t = std::time::Instant::now();
    let cells = Cells::build(&ds, &ZoneOptions::default()).unwrap();
    let built = t.elapsed();
    let states = tl.states_on(NaiveDate::from_ymd_opt(2017, 3, 2).unwrap());
    let t = std::time::Instant::now();
    let z = cells.zones(&states);
    let zoned = t.elapsed();
    eprintln!(
        "cells {} links {} region {:.0} km2 unassigned {:.0} built {built:?} zones {zoned:?}",
        cells.cells().len(),
        cells.links().len(),
        z.region_area_km2,
        z.unassigned_area_km2
    );
    for zone in &z.zones {
        eprintln!(
            "  {} {:?} {:?}: {} cells {:.0} km2",
            ds.force(zone.key.holder).id,
            zone.key.status,
            zone.key.challenger,
            zone.cells.len(),
            zone.area_km2
        );
    }
    for f in &z.fronts {
        eprintln!(
            "  front {}-{}: {:.0} km in {} lines",
            ds.force(f.a).id,
            ds.force(f.b).id,
            f.length_km,
            f.geometry.0.len()
        );
    }
    // Syria ≈ 185,180 km², Iraq ≈ 438,317 km².
    let expect = 185_180.0 + 438_317.0;
    assert!(
        (z.region_area_km2 - expect).abs() / expect < 0.03,
        "region {}",
        z.region_area_km2
    );
    let isil = force(&ds, "isil");
    let sdf = force(&ds, "sdf");
    let zone_of = |p: u32| {
        z.zones
            .iter()
            .find(|zone| {
                zone.cells
                    .iter()
                    .any(|&c| cells.cells()[c as usize].places.contains(&p))
            })
            .map(|zone| zone.key.holder)
    };
    assert_eq!(zone_of(place(&ds, "Raqqa")), Some(isil));
    assert_eq!(zone_of(place(&ds, "Mayadin")), Some(isil));
    assert_eq!(zone_of(place(&ds, "Abu Kamal")), Some(isil));
    // Deir ez-Zor itself was a government enclave besieged by IS (2014–2017).
    let sag = force(&ds, "sag");
    let deir_zone = z.zones.iter().find(|zone| {
        zone.cells.iter().any(|&c| {
            cells.cells()[c as usize]
                .places
                .contains(&place(&ds, "Deir ez-Zor"))
        })
    });
    assert_eq!(
        deir_zone.map(|zone| zone.key),
        Some(ZoneKey {
            holder: sag,
            status: Status::Besieged,
            challenger: Some(isil)
        })
    );
    let t = std::time::Instant::now();
    let mut total = 0.0;
    let mut geoms = Vec::new();
    for zone in &z.zones {
        let g = cells.dissolve(&zone.cells);
        assert!(g.is_valid(), "{:?}", g.validation_errors());
        let a = geodesic_km2(&g);
        assert!(
            (a - zone.area_km2).abs() <= 1e-4 * zone.area_km2.max(1.0),
            "dissolved {a} vs {}",
            zone.area_km2
        );
        total += a;
        geoms.push(g);
    }
    eprintln!("dissolve all zones {:?}", t.elapsed());
    // IS holds one band along the Euphrates: Raqqa's and Mayadin's cells
    // are in one piece of its zone (around the besieged Deir ez-Zor).
    let is_zone = z
        .zones
        .iter()
        .position(|zone| zone.key.holder == isil && zone.key.status == Status::Held)
        .unwrap();
    let pt = |name: &str| ds.places[place(&ds, name) as usize].geometry.clone();
    let (Geometry::Point(raqqa), Geometry::Point(deir)) = (pt("Raqqa"), pt("Mayadin")) else {
        panic!()
    };
    let piece = geoms[is_zone]
        .iter()
        .find(|p| p.contains(&raqqa))
        .expect("Raqqa in IS's zone");
    assert!(piece.contains(&deir), "Raqqa and Mayadin in one piece");
    // The SDF holds the north-east: its zone's centre is north and east of Raqqa.
    let sdf_zone = z.zones.iter().find(|zone| zone.key.holder == sdf).unwrap();
    assert!(sdf_zone.area_km2 > 10_000.0);
    let c = geo::Centroid::centroid(
        &geoms[z
            .zones
            .iter()
            .position(|zone| zone.key.holder == sdf)
            .unwrap()],
    )
    .unwrap();
    assert!(c.x() > 39.0 && c.y() > 36.0, "SDF centroid {c:?}");
    assert!(total <= z.region_area_km2 * 1.0001);
}

// ---- synthetic places ----

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

#[test]
fn one_and_two_places() {
    let r = holey_region();
    let one = cells_of(&[(36.0, 31.0)], Some(&r), &ZoneOptions::default());
    assert_eq!(one.cells().len(), 1);
    assert!(one.links().is_empty());
    // A lone place reaches max_km: a disc of ~π·80² km².
    let disc = std::f64::consts::PI * 80.0 * 80.0;
    assert!((one.cells()[0].area_km2 - disc).abs() / disc < 0.01);
    check(&one, &[held(0)]);
    let two = cells_of(
        &[(36.0, 31.0), (36.5, 31.2)],
        Some(&r),
        &ZoneOptions::default(),
    );
    assert_eq!(two.links().len(), 1);
    check(&two, &[held(0), held(1)]);
    assert_eq!(two.zones(&[held(0), held(1)]).fronts.len(), 1);
    check(&two, &[held(0), held(0)]);
    assert!(two.zones(&[held(0), held(0)]).fronts.is_empty());
}

#[test]
fn places_at_one_point_share_a_cell() {
    let r = holey_region();
    let c = cells_of(
        &[(36.0, 31.0), (37.0, 32.0), (36.0, 31.0), (36.0, 31.0)],
        Some(&r),
        &ZoneOptions::default(),
    );
    assert_eq!(c.cells().len(), 2);
    assert_eq!(c.cells()[0].places, vec![0, 2, 3]);
    // The first place with a known state gives the cell its state.
    let states = [PlaceState::default(), held(1), held(2), held(3)];
    let z = c.zones(&states);
    assert_eq!(
        z.zones
            .iter()
            .find(|z| z.cells.contains(&0))
            .unwrap()
            .key
            .holder,
        ForceIndex::new(2)
    );
    check(&c, &states);
}

#[test]
fn collinear_places() {
    let pts: Vec<(f64, f64)> = (0..6)
        .map(|i| (36.0 + i as f64 * 0.4, 31.0 + i as f64 * 0.3))
        .collect();
    for region in [Some(holey_region()), None] {
        let c = cells_of(&pts, region.as_ref(), &ZoneOptions::default());
        assert_eq!(c.links().len(), 5);
        let states: Vec<PlaceState> = (0..6).map(|i| held(i % 2)).collect();
        check(&c, &states);
        assert_eq!(c.zones(&states).fronts[0].geometry.0.len(), 5);
    }
}

#[test]
fn places_outside_the_region_and_no_region() {
    let r = holey_region();
    // In the lake, in the sea, far away, on the island.
    let pts = [
        (38.5, 33.5),
        (44.5, 31.0),
        (60.0, 10.0),
        (43.0, 33.5),
        (37.0, 33.0),
        (39.5, 33.5),
    ];
    let c = cells_of(&pts, Some(&r), &ZoneOptions::fixed(60.0));
    assert_eq!(c.cells()[2].area_km2, 0.0);
    assert!(c.cells()[2].geometry.0.is_empty());
    let states: Vec<PlaceState> = (0..6).map(|i| held(i % 3)).collect();
    check(&c, &states);
    // No basemap: the region is the hull of the reach discs.
    let c = cells_of(&pts, None, &ZoneOptions::fixed(60.0));
    check(&c, &states);
    let sum: f64 = c.cells().iter().map(|c| c.area_km2).sum();
    assert!(sum < c.region_area_km2());
    // No places at all.
    let c = cells_of(&[], Some(&r), &ZoneOptions::default());
    assert!(c.cells().is_empty());
    check(&c, &[]);
    let c = cells_of(&[], None, &ZoneOptions::default());
    check(&c, &[]);
}

#[test]
fn polygon_places_keep_their_ground() {
    let r = holey_region();
    let mut places: Vec<Place> = [(36.0, 31.0), (36.6, 31.3), (37.2, 31.0)]
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| point_place(i, x, y))
        .collect();
    let mut district = point_place(3, 0.0, 0.0);
    district.geometry = Geometry::Polygon(rect(36.3, 30.8, 36.9, 31.2));
    let mut town = point_place(4, 0.0, 0.0);
    town.geometry = Geometry::Polygon(rect(36.5, 30.9, 36.7, 31.1));
    places.push(district);
    places.push(town);
    let c = Cells::from_parts(&places, &[true; 5], Some(&r), &ZoneOptions::default()).unwrap();
    assert_eq!(c.cells().len(), 5);
    let town_cell = c.cells().iter().find(|c| c.places == [4]).unwrap();
    let district_cell = c.cells().iter().find(|c| c.places == [3]).unwrap();
    assert!(
        (town_cell.area_km2 - area(&MultiPolygon(vec![rect(36.5, 30.9, 36.7, 31.1)]))).abs() < 1.0
    );
    assert!(
        (district_cell.area_km2 + town_cell.area_km2
            - area(&MultiPolygon(vec![rect(36.3, 30.8, 36.9, 31.2)])))
        .abs()
            < 1.0
    );
    let states = [held(0), held(1), held(0), held(1), held(2)];
    check(&c, &states);
    // The town's whole edge is a front with the district around it.
    let z = c.zones(&states);
    let fronts: Vec<(usize, usize)> = z.fronts.iter().map(|f| (f.a.get(), f.b.get())).collect();
    assert!(fronts.contains(&(0, 1)), "{fronts:?}");
    let town_front = z
        .fronts
        .iter()
        .find(|f| (f.a.get(), f.b.get()) == (1, 2))
        .unwrap();
    let perimeter = 2.0 * (0.2 * 111.0 * 31.0f64.to_radians().cos() + 0.2 * 110.9);
    assert!(
        (town_front.length_km - perimeter).abs() < 0.02 * perimeter,
        "{} vs {perimeter}",
        town_front.length_km
    );
    assert!(!fronts.iter().any(|&(a, b)| (a, b) == (0, 2)));
}

#[test]
fn bad_options_are_refused() {
    for o in [
        ZoneOptions::fixed(0.0),
        ZoneOptions::fixed(f64::NAN),
        ZoneOptions {
            min_km: 90.0,
            ..Default::default()
        },
        ZoneOptions {
            neighbour: 0,
            ..Default::default()
        },
    ] {
        assert!(Cells::from_parts(&[], &[], None, &o).is_err());
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn state() -> impl Strategy<Value = PlaceState> {
        (0usize..4, 0usize..4, 0u8..5).prop_map(|(h, c, s)| match s {
            0 => PlaceState::default(),
            1 | 2 => held(h),
            3 => PlaceState {
                holder: Some(ForceIndex::new(h)),
                status: Status::Contested,
                challenger: Some(ForceIndex::new(c)),
                ..Default::default()
            },
            _ => PlaceState {
                holder: Some(ForceIndex::new(h)),
                status: Status::Besieged,
                challenger: Some(ForceIndex::new(c)),
                ..Default::default()
            },
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn zones_are_valid_disjoint_and_cover_the_region(
            pts in proptest::collection::vec((34.5f64..43.5, 29.5f64..37.5), 1..40),
            dups in proptest::collection::vec(0usize..40, 0..4),
            states in proptest::collection::vec(state(), 44),
            fixed in proptest::option::of(10.0f64..150.0),
            with_region in any::<bool>(),
            boxes in proptest::collection::vec((35.0f64..42.0, 30.0f64..36.5, 0.05f64..1.5, 0.05f64..1.5), 0..3),
        ) {
            let mut pts = pts;
            for d in dups {
                pts.push(pts[d % pts.len()]);
            }
            let o = match fixed {
                Some(r) => ZoneOptions::fixed(r),
                None => ZoneOptions::default(),
            };
            let r = holey_region();
            // Polygon places too, overlapping each other and the points' cells.
            let mut places: Vec<Place> = pts
                .iter()
                .enumerate()
                .map(|(i, &(x, y))| point_place(i, x, y))
                .collect();
            for (k, &(x, y, w, h)) in boxes.iter().enumerate() {
                let mut p = point_place(pts.len() + k, 0.0, 0.0);
                p.geometry = Geometry::Polygon(rect(x, y, x + w, y + h));
                places.push(p);
            }
            let c = Cells::from_parts(&places, &vec![true; places.len()], with_region.then_some(&r), &o)
                .unwrap();
            check(&c, &states[..places.len()]);
        }
    }
}

/// Draws the bundled data's zones on 2 March 2017 to PNGs beside the build
/// (adaptive reach and fixed 60 km), for looking at:
/// `cargo test --lib zones::tests::picture -- --ignored`.
#[test]
#[ignore]
fn picture() {
    let (ds, tl) = bundled();
    let states = tl.states_on(NaiveDate::from_ymd_opt(2017, 3, 2).unwrap());
    for (name, o) in [
        ("adaptive", ZoneOptions::default()),
        ("fixed60", ZoneOptions::fixed(60.0)),
    ] {
        let cells = Cells::build(&ds, &o).unwrap();
        let z = cells.zones(&states);
        let (x0, y0, x1, y1) = (35.4, 28.7, 48.9, 37.7);
        let k = 100.0;
        let c = (33.0f64).to_radians().cos();
        let (w, h) = (((x1 - x0) * k * c) as u32, ((y1 - y0) * k) as u32);
        let px = |p: Coord| ((p.x - x0) * k * c, (y1 - p.y) * k);
        let path = |mp: &MultiPolygon| {
            let mut d = String::new();
            for poly in mp {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    for (i, p) in ring.coords().enumerate() {
                        let (x, y) = px(*p);
                        d += &format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
                    }
                    d += "Z";
                }
            }
            d
        };
        let mut svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}'><rect width='100%' height='100%' fill='#cfe3f0'/><path d='{}' fill='#f4f1ea' stroke='#888' fill-rule='evenodd'/>",
            path(cells.region())
        );
        for zone in &z.zones {
            let g = cells.dissolve(&zone.cells);
            let color = ds.force(zone.key.holder).color;
            let stroke = match (zone.key.status, zone.key.challenger) {
                (Status::Held, _) | (_, None) => "none".to_string(),
                (_, Some(c)) => ds.force(c).color.to_string(),
            };
            svg += &format!(
                "<path d='{}' fill='{color}' fill-opacity='0.75' stroke='{stroke}' stroke-width='3' fill-rule='evenodd'/>",
                path(&g)
            );
        }
        for f in &z.fronts {
            for l in &f.geometry {
                let d: String = l
                    .coords()
                    .enumerate()
                    .map(|(i, p)| {
                        let (x, y) = px(*p);
                        format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" })
                    })
                    .collect();
                svg += &format!("<path d='{d}' fill='none' stroke='#c00' stroke-width='2'/>");
            }
        }
        for cell in cells.cells() {
            if let Some(p) = cell.site {
                let (x, y) = px(p.0);
                svg += &format!("<circle cx='{x:.1}' cy='{y:.1}' r='2' fill='#000'/>");
            }
        }
        svg += "</svg>";
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        let out = std::env::temp_dir().join(format!("zones-{name}.png"));
        pixmap.save_png(&out).unwrap();
        eprintln!("{}", out.display());
    }
}

/// Found by the property test: with one reach for all, neighbouring circles
/// cut their bisector at the same points up to the last bits, which once
/// left two vertices a hair apart and an invalid ring in lon/lat.
#[test]
fn equal_reaches_meet_on_the_bisector() {
    let pts = [
        (40.7338159370059, 29.91547448980187),
        (34.66670598513133, 29.960000344588643),
        (35.27923883291023, 37.44223719597381),
        (42.689818885103904, 32.438000351560156),
        (34.980403673673855, 30.156923379095367),
        (36.262847492734, 30.601128232939246),
        (34.5719211628562, 34.913011631131084),
        (35.35541299442767, 30.562543597714395),
        (34.98336879673717, 32.5779730364377),
    ];
    let c = cells_of(&pts, None, &ZoneOptions::fixed(129.51243909931955));
    let states: Vec<PlaceState> = (0..pts.len()).map(|i| held(i % 3)).collect();
    check(&c, &states);
}

#[test]
fn dissolve_cache_redoes_only_changed_zones() {
    let pts = [(36.0, 31.0), (36.5, 31.2), (37.0, 31.0), (36.5, 30.6)];
    let c = cells_of(&pts, Some(&holey_region()), &ZoneOptions::default());
    let mut cache = DissolveCache::new();
    let day1 = [held(0), held(0), held(1), held(1)];
    let z1 = c.zones(&day1);
    let g0 = cache.geometry(&c, &z1.zones[0]).clone();
    assert_eq!(g0, c.dissolve(&z1.zones[0].cells));
    // Place 1 changes hands: force 0's zone shrinks, force 1's grows.
    let day2 = [held(0), held(1), held(1), held(1)];
    let z2 = c.zones(&day2);
    let g0b = cache.geometry(&c, &z2.zones[0]).clone();
    assert_eq!(g0b, c.dissolve(&z2.zones[0].cells));
    assert!(area(&g0b) < area(&g0));
    assert_eq!(z2.fronts.len(), 1);
    assert!(z2.fronts[0].length_km < z1.fronts[0].length_km + 200.0);
}
