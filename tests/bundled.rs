//! The bundled dataset (geodata/syria): clean under `check`, big enough to
//! make a meaningful map, and true to the seed article's facts (the AFP
//! report geodata/README.md names).
//!
//! Tests that need the bundled data rather than a fixture belong here.

use crate::util::frontline;
use serde_json::Value;

fn export(date: &str) -> Value {
    let out = frontline(&["export", "--date", date]);
    out.expect_code(0);
    serde_json::from_str(&out.stdout).expect("GeoJSON")
}

fn props<'a>(fc: &'a Value, id: &str) -> &'a Value {
    let f = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no place {id}"));
    &f["properties"]
}

#[test]
fn check_is_clean() {
    let out = frontline(&["check"]);
    out.expect_code(0);
    assert!(out.stdout.trim().is_empty(), "warnings: {}", out.stdout);
    assert!(
        out.stderr.contains("no errors, 0 warnings"),
        "{}",
        out.stderr
    );
}

#[test]
fn enough_events_over_enough_places_each_with_a_source() {
    let text =
        std::fs::read_to_string(crate::util::root().join("geodata/syria/events.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut places = std::collections::HashSet::new();
    let mut rows = 0;
    for r in reader.records() {
        let r = r.unwrap();
        rows += 1;
        places.insert(r[1].to_string());
        assert!(!r[4].trim().is_empty(), "row {rows} has no source");
        assert!(
            !r[4].contains("http"),
            "row {rows}: no URLs were to be invented"
        );
    }
    assert!(
        rows >= 150 && places.len() >= 60,
        "{rows} events over {} places",
        places.len()
    );
}

#[test]
fn palmyra_follows_the_seed_article() {
    let palmyra = "163808";
    let on = |d: &str| {
        let fc = export(d);
        let p = props(&fc, palmyra).clone();
        (
            p["controller"].as_str().unwrap_or("").to_string(),
            p["since"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(on("2015-05-20").0, "sag");
    assert_eq!(on("2015-05-21"), ("isil".into(), "2015-05-21".into()));
    assert_eq!(on("2016-03-27"), ("sag".into(), "2016-03-27".into()));
    assert_eq!(on("2016-12-11"), ("isil".into(), "2016-12-11".into()));
    let fc = export("2017-03-02");
    let p = props(&fc, palmyra);
    assert_eq!(p["name"], "Palmyra");
    assert_eq!(p["controller"], "sag");
    assert_eq!(p["since"], "2017-03-02");
    assert!(
        p["source"].as_str().unwrap().starts_with("Firstpost/AFP"),
        "{}",
        p["source"]
    );
    // The same day: Mosul under assault by the Iraqi government, Raqqa still Islamic State's,
    // and Aleppo wholly the government's since December 2016.
    let mosul = props(&fc, "99072");
    assert_eq!(
        (
            mosul["controller"].as_str(),
            mosul["status"].as_str(),
            mosul["challenger"].as_str()
        ),
        (Some("isil"), Some("contested"), Some("iraq"))
    );
    assert_eq!(props(&fc, "172955")["controller"], "isil");
    let aleppo = props(&fc, "170063");
    assert_eq!(
        (aleppo["controller"].as_str(), aleppo["status"].as_str()),
        (Some("sag"), Some("held"))
    );
}

#[test]
fn names_and_aliases_resolve_as_people_write_them() {
    let dir = crate::util::TestDir::new();
    dir.write("events.csv", "date,place,force\n2017-03-02,Tadmur,Syrian army\n2017-03-02, palmyra ,ISIS\n2017-03-02,Kobani,YPG\n2017-03-02,Al Bab,TFSA\n");
    let data = crate::util::root().join("geodata/syria");
    let out = frontline(&[
        "check",
        "--data",
        data.to_str().unwrap(),
        "--events",
        dir.join("events.csv").to_str().unwrap(),
    ]);
    out.expect_code(0);
}

/// The README's `diff --from 2016-12-01 --to 2017-03-02`: Palmyra, lost on
/// 11 December and retaken on 2 March, is the same on both dates, so only
/// `--all` lists it (retaken on 2017-03-02, government on both ends).
#[test]
fn the_readme_diff_shows_palmyra_with_all() {
    let run = |all: bool| {
        let mut args = vec![
            "diff",
            "--from",
            "2016-12-01",
            "--to",
            "2017-03-02",
            "--format",
            "json",
        ];
        if all {
            args.push("--all");
        }
        let out = frontline(&args);
        out.expect_code(0);
        out.json()
    };
    let palmyra = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "163808")
            .cloned()
    };
    assert_eq!(palmyra(&run(false)), None);
    let p = palmyra(&run(true)).expect("Palmyra is listed with --all");
    assert_eq!(
        (&p["from_controller"], &p["to_controller"], &p["date"]),
        (
            &Value::from("sag"),
            &Value::from("sag"),
            &Value::from("2017-03-02")
        )
    );
}
