//! Synthetic places: one and two places, shared points, collinear places,
//! places off the land, polygon places, bad options, random places.

use super::*;

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

    type Boxes = Vec<(f64, f64, f64, f64)>;

    /// One random case: points (some repeated), polygon places overlapping
    /// them and each other, a fixed or adaptive reach, with or without a region.
    fn random_case(
        mut pts: Vec<(f64, f64)>,
        dups: Vec<usize>,
        states: Vec<PlaceState>,
        fixed: Option<f64>,
        with_region: bool,
        boxes: Boxes,
    ) {
        for d in dups {
            pts.push(pts[d % pts.len()]);
        }
        let o = match fixed {
            Some(r) => ZoneOptions::fixed(r),
            None => ZoneOptions::default(),
        };
        let r = holey_region();
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
        let c = Cells::from_parts(
            &places,
            &vec![true; places.len()],
            with_region.then_some(&r),
            &o,
        )
        .unwrap();
        check(&c, &states[..places.len()]);
    }

    macro_rules! random_cases {
        ($name:ident, $seed:expr, $($attr:meta),*) => {
            proptest! {
                #![proptest_config(ProptestConfig {
                    cases: 24,
                    rng_seed: proptest::test_runner::RngSeed::Fixed($seed),
                    ..ProptestConfig::default()
                })]
                #[test]
                $(#[$attr])*
                fn $name(
                    pts in proptest::collection::vec((34.5f64..43.5, 29.5f64..37.5), 1..40),
                    dups in proptest::collection::vec(0usize..40, 0..4),
                    states in proptest::collection::vec(state(), 44),
                    fixed in proptest::option::of(10.0f64..150.0),
                    with_region in any::<bool>(),
                    boxes in proptest::collection::vec((35.0f64..42.0, 30.0f64..36.5, 0.05f64..1.5, 0.05f64..1.5), 0..3),
                ) {
                    random_case(pts, dups, states, fixed, with_region, boxes);
                }
            }
        };
    }

    // Fixed seeds, so CI runs the same cases every time.
    random_cases!(zones_are_valid_disjoint_and_cover_the_region, 3,);
    // Seed 1 once found two cells that share ~25 km of edge yet did not
    // merge: a thin polygon place across them left a crumb of a few square
    // metres from the boolean operations (see `measure::CRUMB_M2`).
    random_cases!(cells_cut_by_a_thin_polygon_place_still_merge, 1,);
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
