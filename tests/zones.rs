//! `frontline export --zones` (docs/data-format.md, "Zones in exports"): zone,
//! front and cell features on the bundled dataset and the small fixture, the
//! flags, and that exports without zones are unchanged.

use crate::util::*;
use geo::{Densify, Euclidean, GeodesicArea, Geometry, MultiPolygon, Validation};
use serde_json::Value;

fn export(args: &[&str]) -> Value {
    let out = frontline(args);
    out.expect_code(0);
    out.json()
}

fn layer<'a>(json: &'a Value, layer: &str) -> Vec<&'a Value> {
    features(json)
        .iter()
        .filter(|f| f["properties"]["layer"] == layer)
        .collect()
}

fn geometry(f: &Value) -> Geometry {
    let g: geojson::Geometry = serde_json::from_value(f["geometry"].clone()).unwrap();
    Geometry::try_from(g).unwrap()
}

/// Geodesic area with short edges, km² (the export's areas are of geodesic edges).
fn area(g: &Geometry) -> f64 {
    let Geometry::MultiPolygon(mp) = g else {
        panic!("not a MultiPolygon: {g:?}")
    };
    Euclidean.densify(mp, 0.05).geodesic_area_unsigned() / 1e6
}

#[test]
fn bundled_zones_and_fronts_on_2017_03_02() {
    let json = export(&["export", "--date", "2017-03-02", "--zones"]);
    let places = layer(&json, "place");
    let zones = layer(&json, "zone");
    let fronts = layer(&json, "front");
    assert_eq!(
        places.len() + zones.len() + fronts.len(),
        features(&json).len()
    );
    // Places first, then zones, then fronts.
    let kinds: Vec<&str> = features(&json)
        .iter()
        .map(|f| f["properties"]["layer"].as_str().unwrap())
        .collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| ["place", "zone", "front"].iter().position(|x| x == k));
    assert_eq!(kinds, sorted);
    assert!(
        zones
            .iter()
            .any(|z| z["properties"]["controller"] == "isil" && z["properties"]["status"] == "held")
    );
    let mut total = 0.0;
    for z in &zones {
        let a = z["properties"]["area_km2"].as_f64().unwrap();
        assert!(a > 0.0, "{}", z["id"]);
        let g = geometry(z);
        assert!(g.is_valid(), "{}: {:?}", z["id"], g.validation_errors());
        let measured = area(&g);
        assert!(
            (measured - a).abs() <= 1e-3 * a.max(100.0),
            "{}: {measured} vs {a}",
            z["id"]
        );
        total += a;
    }
    assert!(zones.iter().any(|z| z["id"] == "zone:unknown"));
    // The region: the basemap's focus countries (Syria and Iraq).
    let basemap = fixture_json("geodata/syria/basemap.geojson");
    let region: f64 = features(&basemap)
        .iter()
        .filter(|f| f["properties"]["focus"] == true)
        .map(|f| match geometry(f) {
            Geometry::Polygon(p) => area(&Geometry::MultiPolygon(MultiPolygon(vec![p]))),
            g => area(&g),
        })
        .sum();
    assert!(
        (total - region).abs() <= 1e-4 * region,
        "zones {total} vs region {region}"
    );
    let front = fronts
        .iter()
        .find(|f| f["id"] == "front:isil:sdf")
        .expect("a front between IS and the SDF");
    assert_eq!(front["properties"]["force_a"], "isil");
    assert_eq!(
        front["properties"]["force_b_name"],
        "Syrian Democratic Forces"
    );
    assert!(front["properties"]["length_km"].as_f64().unwrap() > 0.0);
    assert!(matches!(geometry(front), Geometry::MultiLineString(_)));
}

#[test]
fn small_fixture_with_and_without_a_basemap() {
    let json = on_small("export", &["--date", "2016-03-20", "--zones"]);
    json.expect_code(0);
    let json = json.json();
    assert_eq!(layer(&json, "place").len(), 4);
    assert!(
        layer(&json, "zone")
            .iter()
            .any(|z| z["properties"]["controller"] == "x")
    );
    let dir = TestDir::with_dataset("small");
    std::fs::remove_file(dir.join("basemap.geojson")).unwrap();
    let out = dir.run(&[
        "export",
        "--data",
        ".",
        "--date",
        "2016-03-20",
        "--zones",
        "--zone-reach",
        "50",
    ]);
    out.expect_code(0);
    let json = out.json();
    for z in layer(&json, "zone") {
        assert!(geometry(z).is_valid());
    }
    assert!(!layer(&json, "zone").is_empty());
}

#[test]
fn without_zones_nothing_changes() {
    let plain = on_small("export", &["--date", "2016-03-20"]);
    let no = on_small("export", &["--date", "2016-03-20", "--zones", "--no-zones"]);
    assert_eq!(plain.stdout, no.stdout);
    assert!(!plain.stdout.contains("\"layer\""));
}

#[test]
fn bad_reach_is_a_usage_error_naming_the_flag() {
    for bad in ["0", "-5", "km"] {
        let out = on_small(
            "export",
            &["--date", "2016-03-20", "--zones", "--zone-reach", bad],
        );
        out.expect_code(2);
        assert!(out.stderr.contains("--zone-reach"), "{}", out.stderr);
    }
}

#[test]
fn timeline_cells_one_per_place_and_interval() {
    let out = on_small("export", &["--timeline", "--zones"]);
    out.expect_code(0);
    let json = out.json();
    let places = layer(&json, "place");
    let cells = layer(&json, "cell");
    // Every place of the small fixture has a cell of its own; each known
    // interval of a place is one cell feature with the same properties.
    assert_eq!(cells.len(), places.len());
    for (p, c) in places.iter().zip(&cells) {
        let mut pp = p["properties"].clone();
        let mut cp = c["properties"].clone();
        pp.as_object_mut().unwrap().remove("layer");
        cp.as_object_mut().unwrap().remove("layer");
        assert_eq!(pp, cp);
        assert_eq!(
            c["id"],
            format!("cell:{}", p["properties"]["id"].as_str().unwrap())
        );
        assert!(geometry(c).is_valid());
    }
}

/// A copy of the bundled dataset with `extra` appended to its frontline.toml.
fn bundled_with_toml(extra: &str) -> TestDir {
    let dir = TestDir::new();
    for f in [
        "basemap.geojson",
        "events.csv",
        "forces.csv",
        "places.geojson",
        "frontline.toml",
    ] {
        dir.put(f, &format!("geodata/syria/{f}"));
    }
    let toml = dir.read("frontline.toml");
    dir.write("frontline.toml", format!("{toml}{extra}\n"));
    dir
}

/// The area of every zone of an export (the unassigned ground included).
fn zoned_km2(json: &Value) -> f64 {
    layer(json, "zone")
        .iter()
        .map(|z| z["properties"]["area_km2"].as_f64().unwrap())
        .sum()
}

#[test]
fn a_region_in_the_toml_is_the_ground_zones_cover() {
    let args = ["export", "--data", ".", "--date", "2017-03-02", "--zones"];
    let both = bundled_with_toml("").run(&args).expect_code(0).json();
    let syria = bundled_with_toml("region = \"syria\"")
        .run(&args)
        .expect_code(0)
        .json();
    let governorates = bundled_with_toml("region = [\"Raqqa\", \"Deir ez-Zor\"]")
        .run(&args)
        .expect_code(0)
        .json();
    // Syria is about 185,000 km², Syria and Iraq about 620,000 km².
    let (b, s, g) = (
        zoned_km2(&both),
        zoned_km2(&syria),
        zoned_km2(&governorates),
    );
    assert!((600_000.0..640_000.0).contains(&b), "{b}");
    assert!((180_000.0..190_000.0).contains(&s), "{s}");
    // Raqqa and Deir ez-Zor governorates: about 20,000 + 33,000 km².
    assert!((45_000.0..60_000.0).contains(&g), "{g}");
}

#[test]
fn a_region_the_basemap_does_not_have_is_an_error_at_its_line() {
    let dir = bundled_with_toml("region = [\"Syria\", \"Atlantis\"]");
    let lines = dir.read("frontline.toml").lines().count();
    let out = dir.run(&["check", "--data", "."]);
    out.expect_code(1);
    let errors = out.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&format!("frontline.toml:{lines}"))
                && e.contains("\"Atlantis\"")
                && !e.contains("\"Syria\"")
                && e.contains("Iraq")),
        "{}",
        out.describe()
    );
    let bad = bundled_with_toml("region = 3");
    bad.run(&["check", "--data", "."]).expect_code(1);
}

#[test]
fn without_focus_countries_the_region_is_the_countries_that_hold_places() {
    let args = ["export", "--data", ".", "--date", "2016-03-20", "--zones"];
    let with_focus = TestDir::with_dataset("small");
    let focus_km2 = zoned_km2(&with_focus.run(&args).expect_code(0).json());
    // The same basemap with no country marked as the focus: the land the
    // places stand on is the region, not the hull of their reach discs.
    let no_focus = TestDir::with_dataset("small");
    let basemap = no_focus
        .read("basemap.geojson")
        .replace("\"focus\": true", "\"focus\": false");
    assert!(
        !basemap.contains("\"focus\": true"),
        "the fixture's focus flag moved"
    );
    no_focus.write("basemap.geojson", basemap);
    let json = no_focus.run(&args).expect_code(0).json();
    let km2 = zoned_km2(&json);
    // Every place of the fixture is in Testland, the focus country: the same region.
    assert!(
        (km2 - focus_km2).abs() <= 1e-4 * focus_km2,
        "{km2} km² of zones and unassigned ground; Testland is {focus_km2} km²"
    );
}

/// The zones' polygons are written in one order whatever order the union of
/// their cells came out in (it varied from run to run on this set, so three
/// runs of the same export gave three different files).
#[test]
fn zone_polygons_are_written_the_same_on_every_run() {
    let dir = TestDir::new();
    let data = dir.path().join("synthetic");
    let data = data.to_str().unwrap();
    frontline(&[
        "synthetic",
        "--out",
        data,
        "--places",
        "1000",
        "--events",
        "10000",
        "--polygons",
        "40",
        "--seed",
        "2",
        "--quiet",
    ])
    .expect_code(0);
    let runs: Vec<String> = (0..3)
        .map(|_| {
            let out = frontline(&["export", "--data", data, "--date", "2017-03-02", "--zones"]);
            out.expect_code(0);
            out.stdout
        })
        .collect();
    assert!(runs[0].contains("\"layer\":\"zone\""));
    assert!(
        runs.iter().all(|r| *r == runs[0]),
        "the runs' exports differ"
    );
}
