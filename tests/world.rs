//! The world data pack (docs/world.md): a dataset of two CSV files (forces
//! and events, no places.geojson, no basemap.geojson) drawn on the world
//! basemap with its places from the GeoNames gazetteer; names reaching
//! several places; `init`.

use crate::util::*;

/// Forces and events only (and a frontline.toml with `countries = ["UA"]`).
const UKRAINE: &str = "tests/fixtures/ukraine";

/// Great-circle distance in km between two (lon, lat).
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The place of an export named `name`: (id, (lon, lat), controller, status).
fn place_of(export: &serde_json::Value, name: &str) -> (String, (f64, f64), String, String) {
    let f = features(export)
        .iter()
        .find(|f| f["properties"]["name"] == name)
        .unwrap_or_else(|| panic!("no place {name} in {export}"));
    let c = &f["geometry"]["coordinates"];
    let p = &f["properties"];
    (
        f["id"].as_str().unwrap().to_string(),
        (c[0].as_f64().unwrap(), c[1].as_f64().unwrap()),
        p["controller"].as_str().unwrap_or("").to_string(),
        p["status"].as_str().unwrap().to_string(),
    )
}

#[test]
fn gazetteer_places_export_within_a_few_km_of_the_true_towns() {
    let out = frontline(&with_data("export", UKRAINE, &["--date", "2022-04-01"]));
    out.expect_code(0);
    let export = out.json();
    // (name in GeoNames, as the events wrote it, true lon/lat, holder, status)
    let truth = [
        ("Kyiv", (30.5234, 50.4501), "ua", "held"),
        ("Kharkiv", (36.2304, 49.9935), "ua", "held"),
        ("Kherson", (32.6169, 46.6354), "ru", "held"),
        ("Mariupol", (37.5434, 47.0971), "ua", "besieged"),
        ("Mykolayiv", (31.9946, 46.9750), "ua", "held"),
        ("Melitopol", (35.3653, 46.8489), "ru", "held"),
    ];
    for (name, at, holder, status) in truth {
        let (id, lonlat, controller, st) = place_of(&export, name);
        assert!(id.starts_with("geonames:"), "{name}: id {id}");
        let d = km(lonlat, at);
        assert!(d < 5.0, "{name} is {d:.1} km from the true town");
        assert_eq!(
            (controller.as_str(), st.as_str()),
            (holder, status),
            "{name}"
        );
    }
    // "Kiev" and "Kharkov" (old spellings) reached Kyiv and Kharkiv.
    assert_eq!(features(&export).len(), 7);
}

#[test]
fn a_dataset_of_two_csv_files_renders_with_land_and_sea() {
    let dir = TestDir::new();
    dir.put("events.csv", "tests/fixtures/ukraine/events.csv")
        .put("forces.csv", "tests/fixtures/ukraine/forces.csv");
    dir.run(&[
        "render",
        "--data",
        ".",
        "--date",
        "2022-04-01",
        "-o",
        "map.png",
    ])
    .expect_code(0);
    let img = decode(&std::fs::read(dir.join("map.png")).unwrap());
    let share = |rgb: [u8; 3]| {
        img.rgb.chunks_exact(3).filter(|p| *p == rgb).count() as f64 / (img.w * img.h) as f64
    };
    let focus_land = share([0xfb, 0xfa, 0xf6]);
    let other_land = share([0xeb, 0xe8, 0xe1]);
    let sea = share([0xd7, 0xe3, 0xea]);
    // Ukraine fills most of the map; Russia and the Black Sea are at its edges.
    assert!(focus_land > 0.4, "focus land {focus_land:.3}");
    assert!(other_land > 0.01, "neighbours {other_land:.3}");
    assert!(sea > 0.01 && sea < 0.4, "sea {sea:.3}");
}

#[test]
fn a_name_of_several_places_lists_them_unless_one_is_ten_times_larger_and_a_typo_gets_a_suggestion()
{
    let dir = TestDir::with_dataset("ukraine");
    dir.write(
        "events.csv",
        "date,place,force\n\
         2022-03-01,Mykolaivka,ua\n\
         2022-03-01,Avdiivka,ru\n\
         2022-03-02,geonames:700159,ua\n\
         2022-03-02,Nowhereville,ua\n\
         2022-03-03,Mariupl,ua\n",
    );
    let out = dir.on_own_data("check", &[]);
    out.expect_code(1).expect_diagnostics(&[
        "./events.csv:2: place \"Mykolaivka\" matches 15 places in the gazetteer of UA: \
         Mykolaivka (Donetsk, UA, 14,210 people, geonames:700119); \
         Mykolayivka (Odessa, UA, 3,629 people, geonames:700159); \
         Mykolaivka (Luhansk, UA, 2,135 people, geonames:700130); \
         Mykolayivka (Odessa, UA, 1,678 people, geonames:700174); \
         Mykolayivka (Odessa, UA, 1,516 people, geonames:700178); \
         Mykolaivka (Odessa, UA, 1,448 people, geonames:700175); \
         Mykolayivka (Odessa, UA, 1,423 people, geonames:700160); \
         Mykolaivka (Mykolaiv, UA, 1,264 people, geonames:700152); and 7 more; \
         write the one meant as geonames:<id>, or add it to places.geojson",
        "./events.csv:3: warning: place \"Avdiivka\" is taken to be \
         Avdiyivka (Donetsk, UA, 35,826 people, geonames:713122), which has ten times the people \
         of any other place of that name in the gazetteer of UA \
         (Avdiyivka (Chernihiv, UA, 2,012 people, geonames:713120); \
         Avdiyivka (Chernihiv, UA, 501 people, geonames:713121)); write geonames:<id> to choose another",
        "./events.csv:5: place \"Nowhereville\" matches no place (by id, name or alias), \
         nor any in the gazetteer of UA",
        "./events.csv:6: place \"Mariupl\" matches no place (by id, name or alias), \
         nor any in the gazetteer of UA; did you mean \"Mariupol\"?",
    ]);
}

#[test]
fn names_missing_from_places_geojson_come_from_the_gazetteer_of_its_countries() {
    // places.geojson has Kyiv only; Kharkiv comes from the gazetteer of the
    // country Kyiv lies in (no `countries` setting), so "Donetsk" is the
    // Ukrainian city, not a namesake elsewhere, with no warning.
    let dir = TestDir::new();
    dir.put("forces.csv", "tests/fixtures/ukraine/forces.csv")
        .write(
            "places.geojson",
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"kyiv","properties":{"name":"Kyiv"},"geometry":{"type":"Point","coordinates":[30.52,50.45]}}]}"#,
        )
        .write(
            "events.csv",
            "date,place,force\n2022-02-24,kyiv,ua\n2022-02-24,Kharkov,ua\n2022-02-24,Donetsk,ru\n",
        );
    let out = dir.on_own_data("export", &["--date", "2022-03-01"]);
    out.expect_code(0);
    assert_eq!(out.warnings(), Vec::<String>::new(), "{}", out.describe());
    let export = out.json();
    assert_eq!(place_of(&export, "Kyiv").0, "kyiv");
    assert_eq!(place_of(&export, "Kharkiv").0, "geonames:706483");
    assert_eq!(place_of(&export, "Donetsk").0, "geonames:709717");
}

#[test]
fn init_writes_a_dataset_that_renders_at_once() {
    let dir = TestDir::new();
    dir.run(&["init", "war", "--countries", "ua", "--title", "My war"])
        .expect_code(0);
    assert_eq!(
        entries(&dir.join("war")),
        ["events.csv", "forces.csv", "frontline.toml"]
    );
    let toml = dir.read("war/frontline.toml");
    assert!(toml.contains("title = \"My war\"\n"), "{toml}");
    assert!(toml.contains("countries = [\"UA\"]\n"), "{toml}");
    let events = dir.read("war/events.csv");
    assert_eq!(events.lines().count(), 3, "{events}");
    assert!(events.contains(",Kyiv,a,held,"), "{events}");
    let out = dir.run(&["export", "--data", "war", "--date", "2024-02-01"]);
    out.expect_code(0);
    let export = out.json();
    assert_eq!(features(&export).len(), 2);
    dir.run(&[
        "render",
        "--data",
        "war",
        "--date",
        "2024-02-01",
        "-o",
        "war.png",
    ])
    .expect_code(0);
    assert!(dir.join("war.png").is_file());
}

#[test]
fn init_refuses_a_dataset_folder_and_unknown_countries() {
    let dir = TestDir::with_dataset("ukraine");
    let out = dir.run(&["init", "."]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("already holds a dataset (./forces.csv, ./events.csv, ./frontline.toml)"),
        "{}",
        out.describe()
    );
    assert_eq!(
        dir.read("forces.csv"),
        std::fs::read_to_string(root().join(UKRAINE).join("forces.csv")).unwrap()
    );
    let out = dir.run(&["init", "new", "--countries", "XQ"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("--countries: \"XQ\" is not a country code"),
        "{}",
        out.describe()
    );
    assert!(!dir.join("new").exists());
}

#[test]
fn check_says_when_lat_and_lon_look_swapped() {
    let dir = TestDir::new();
    let point = |id: &str, name: &str, lon: f64, lat: f64| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"name":"{name}"}},"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}"#
        )
    };
    let features = [
        point("kyiv", "Kyiv", 30.5234, 50.4501),
        point("kharkiv", "Kharkiv", 36.2304, 49.9935),
        point("odesa", "Odesa", 30.7233, 46.4825),
        // Written lat, lon: [46.6354, 32.6169] is in Iraq.
        point("kherson", "Kherson", 46.6354, 32.6169),
    ];
    dir.put("forces.csv", "tests/fixtures/ukraine/forces.csv")
        .write(
            "places.geojson",
            format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(",")),
        )
        .write(
            "events.csv",
            "date,place,force\n2022-02-24,kyiv,ua\n2022-02-24,kharkiv,ua\n2022-02-24,odesa,ua\n2022-03-02,kherson,ru\n",
        );
    dir.on_own_data("check", &[]).expect_code(0).expect_diagnostics(&[
        "./places.geojson: feature kherson: warning: \"Kherson\" at [46.6354, 32.6169] lies in IQ, \
         outside the dataset's countries (UA); as [32.6169, 46.6354] it would lie in UA: \
         are lat and lon swapped? (GeoJSON writes [lon, lat])",
    ]);
    // Written right, nothing is said.
    dir.write(
        "places.geojson",
        format!(
            r#"{{"type":"FeatureCollection","features":[{},{}]}}"#,
            features[..3].join(","),
            point("kherson", "Kherson", 32.6169, 46.6354)
        ),
    );
    dir.on_own_data("check", &[])
        .expect_code(0)
        .expect_diagnostics(&[]);
}

#[test]
fn check_says_when_a_place_lies_far_from_the_others_or_outside_the_countries() {
    let dir = TestDir::new();
    let point = |id: &str, lon: f64, lat: f64| {
        format!(
            r#"{{"type":"Feature","id":"{id}","properties":{{"name":"{id}"}},"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}"#
        )
    };
    let features = [
        point("kyiv", 30.5234, 50.4501),
        point("kharkiv", 36.2304, 49.9935),
        point("odesa", 30.7233, 46.4825),
        point("dnipro", 35.0462, 48.4647),
        point("poltava", 34.5514, 49.5883),
        // Lviv with a degree of longitude dropped: in France.
        point("lviv", 2.0242, 49.8397),
    ];
    let events: String = ["kyiv", "kharkiv", "odesa", "dnipro", "poltava", "lviv"]
        .iter()
        .map(|p| format!("2022-02-24,{p},ua\n"))
        .chain(["2022-03-01,kharkiv,ru\n".to_string()])
        .collect();
    dir.put("forces.csv", "tests/fixtures/ukraine/forces.csv")
        .write(
            "places.geojson",
            format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                features.join(",")
            ),
        )
        .write("events.csv", format!("date,place,force\n{events}"));
    dir.on_own_data("check", &[]).expect_code(0).expect_diagnostics(&[
        "./places.geojson: feature lviv: warning: \"lviv\" at [2.0242, 49.8397] lies 2,314 km from the middle of \
         the dataset's places (nine in ten lie within 469 km of [34.6, 49.8]): is its position right?",
    ]);
    // With the countries named, the same place is said to lie outside them.
    dir.write("frontline.toml", "countries = [\"UA\"]\n");
    dir.on_own_data("check", &[]).expect_code(0).expect_diagnostics(&[
        "./places.geojson: feature lviv: warning: \"lviv\" at [2.0242, 49.8397] lies in FR, outside the \
         dataset's countries (UA, frontline.toml): is its position right?",
    ]);
}

#[test]
fn places_writes_the_resolved_places_to_keep() {
    let dir = TestDir::with_dataset("ukraine");
    let before = dir.on_own_data("export", &["--date", "2022-04-01"]);
    before.expect_code(0);
    dir.on_own_data("places", &[]).expect_code(0);
    let written: serde_json::Value = serde_json::from_str(&dir.read("places.geojson")).unwrap();
    let kyiv = feature(&written, "geonames:703448");
    assert_eq!(kyiv["properties"]["name"], "Kyiv");
    assert_eq!(kyiv["properties"]["aliases"], serde_json::json!(["Kiev"]));
    assert_eq!(features(&written).len(), 7);
    // With the file kept, the events reach the same places, with no
    // namesake warning left to give, and the same export.
    let after = dir.on_own_data("export", &["--date", "2022-04-01"]);
    after.expect_code(0);
    assert_eq!(
        after.warnings(),
        Vec::<String>::new(),
        "{}",
        after.describe()
    );
    assert_eq!(after.json(), before.json());
    // The kept file is not overwritten unasked.
    let again = dir.on_own_data("places", &[]);
    again.expect_code(2);
    assert!(
        again
            .stderr
            .contains("places.geojson exists; name another file with -o"),
        "{}",
        again.describe()
    );
}
