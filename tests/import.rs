//! `frontline import acled` (docs/data-format.md, "Importing ACLED"): both
//! ACLED layouts and every date form, the gainer rules, the review file,
//! place matching (alias), snapping and creating, skipped types, re-imports
//! that append only what is new, and that the output loads with the dataset.

use crate::util::*;
use serde_json::Value;

const DATA: &str = "tests/fixtures/acled/data";
const FIX: &str = "tests/fixtures/acled";

/// `frontline import acled FILES... --data DATA -o <dir>/events.csv ARGS...`, in `dir`.
fn import(dir: &TestDir, files: &[&str], args: &[&str]) -> Output {
    let mut all = vec!["import".to_string(), "acled".to_string()];
    all.extend(files.iter().map(|f| abs(&format!("{FIX}/{f}"))));
    all.extend(["--data".into(), abs(DATA), "-o".into(), "events.csv".into()]);
    all.extend(args.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    dir.run(&refs)
}

fn map_arg() -> Vec<String> {
    vec!["--actor-map".into(), abs(&format!("{FIX}/actor-map.csv"))]
}

fn import_mapped(dir: &TestDir, files: &[&str]) -> Output {
    let map = map_arg();
    import(dir, files, &[&map[0], &map[1]])
}

const HEADER: &str = "date,place,force,status,source,note\n";

#[test]
fn current_layout_with_actor_map() {
    let dir = TestDir::new();
    let out = import_mapped(&dir, &["current.csv"]);
    out.expect_code(0);
    assert_eq!(
        dir.read("events.csv"),
        format!(
            "{HEADER}\
2017-03-02,palmyra,sag,held,ACLED SYR1001: SOHR,\"Regime forces retook the town, fictional test row.\"\n\
2017-03-05,manbij,sdf,held,ACLED SYR1002: SOHR,Fictional test row. [ACLED time_precision 2]\n\
2017-03-10,acled-arak,sag,held,ACLED SYR1007: SOHR,Fictional: a place the dataset lacks. [ACLED geo_precision 2]\n"
        ),
        "{}",
        out.describe()
    );
    // Summary: rows, skipped by type, places, unmapped actors, review.
    let e = &out.stderr;
    for want in [
        "wrote events.csv: 3 events from 7 rows read",
        "skipped 1: Armed clash",
        "skipped 1: Peaceful protest",
        "places: 1 matched, 1 snapped, 1 created",
        "unmapped actor (1): Unidentified Armed Group (Syria)",
        "wrote events-review.csv: 2 rows sent to review",
    ] {
        assert!(e.contains(want), "missing {want:?}\n{}", out.describe());
    }
    let review = dir.read("events-review.csv");
    assert!(review.starts_with("where,event_id_cnty,"), "{review}");
    let lines: Vec<&str> = review.lines().collect();
    assert_eq!(lines.len(), 3, "{review}");
    assert!(
        lines[1].contains("SYR1003") && lines[1].contains("maps to no force"),
        "{review}"
    );
    assert!(
        lines[2].contains("SYR1006") && lines[2].contains("cannot tell which side gained"),
        "{review}"
    );
    assert!(lines[1].contains("current.csv:4"), "{review}");
    // The created place.
    let places: Value = serde_json::from_str(&dir.read("acled-places.geojson")).unwrap();
    let f = feature(&places, "acled-arak");
    assert_eq!(f["properties"]["name"], "Arak");
    assert_eq!(f["properties"]["admin1"], "Homs");
    assert_eq!(f["properties"]["kind"], "village");
    assert_eq!(
        f["geometry"]["coordinates"],
        serde_json::json!([38.0, 34.7])
    );
}

#[test]
fn old_layout_every_date_form_and_transfer() {
    let dir = TestDir::new();
    let out = import_mapped(&dir, &["old.csv"]);
    out.expect_code(0);
    assert_eq!(
        dir.read("events.csv"),
        format!(
            "{HEADER}\
2016-04-12,aleppo,sag,held,ACLED SYR2001: SOHR,Fictional old row.\n\
2016-04-13,palmyra,isil,held,ACLED SYR2002: SOHR,Fictional old row.\n\
2016-04-14,manbij,sdf,held,ACLED SYR2003: SOHR,Fictional old row.\n"
        ),
        "{}",
        out.describe()
    );
    assert!(
        out.stderr.contains("skipped 1: Riots/Protests"),
        "{}",
        out.describe()
    );
    assert!(
        out.stderr
            .contains("places: 3 matched, 0 snapped, 0 created"),
        "{}",
        out.describe()
    );
}

#[test]
fn without_actor_map_unmapped_actors_go_to_review() {
    let dir = TestDir::new();
    let out = import(&dir, &["old.csv"], &[]);
    out.expect_code(0);
    // The state side of SYR2001 matches no force; the transfer cannot be decided.
    assert!(
        out.stderr
            .contains("unmapped actor (1): Military Forces of Syria (2000-)"),
        "{}",
        out.describe()
    );
    assert!(
        out.stderr.contains("wrote events.csv: 1 event from"),
        "{}",
        out.describe()
    );
    let review = dir.read("events-review.csv");
    assert!(
        review.contains("SYR2003") && review.contains("non-violent transfer"),
        "{review}"
    );
}

#[test]
fn clashes_become_contested_by_the_non_state_side() {
    let dir = TestDir::new();
    let map = map_arg();
    let out = import(&dir, &["current.csv"], &[&map[0], &map[1], "--clashes"]);
    out.expect_code(0);
    assert!(
        dir.read("events.csv")
            .contains("2017-03-07,aleppo,isil,contested,ACLED SYR1004: SOHR,Fictional clash.\n"),
        "{}",
        out.describe()
    );
}

#[test]
fn reimport_appends_only_new_rows_and_is_identical_when_nothing_is_new() {
    let dir = TestDir::new();
    import_mapped(&dir, &["current.csv"]).expect_code(0);
    let first = dir.read("events.csv");
    let places = dir.read("acled-places.geojson");
    // The same export again: nothing changes.
    let again = import_mapped(&dir, &["current.csv"]);
    again.expect_code(0);
    assert_eq!(dir.read("events.csv"), first);
    assert_eq!(dir.read("acled-places.geojson"), places);
    assert!(
        again.stderr.contains("wrote events.csv: 0 events from"),
        "{}",
        again.describe()
    );
    // A newer export: only the new row is appended, after the kept ones.
    let newer = import_mapped(&dir, &["current-newer.csv"]);
    newer.expect_code(0);
    assert_eq!(
        dir.read("events.csv"),
        format!(
            "{first}2017-03-11,palmyra,isil,held,ACLED SYR1008: SOHR,Fictional: newer export.\n"
        ),
        "{}",
        newer.describe()
    );
    assert_eq!(dir.read("acled-places.geojson"), places);
    // A fresh import in another folder gives the same bytes (deterministic).
    let other = TestDir::new();
    import_mapped(&other, &["current.csv"]).expect_code(0);
    assert_eq!(other.read("events.csv"), first);
    assert_eq!(other.read("acled-places.geojson"), places);
}

#[test]
fn output_loads_with_the_dataset_once_places_are_merged() {
    let dir = TestDir::new();
    import_mapped(&dir, &["current.csv", "old.csv"]).expect_code(0);
    // Merge the created places into a copy of the dataset's places.
    let mut merged: Value = fixture_json(&format!("{DATA}/places.geojson"));
    let created: Value = serde_json::from_str(&dir.read("acled-places.geojson")).unwrap();
    let extra = created["features"].as_array().unwrap().clone();
    merged["features"].as_array_mut().unwrap().extend(extra);
    dir.write("places.geojson", merged.to_string());
    let out = dir.run(&[
        "check",
        "--data",
        &abs(DATA),
        "--places",
        "places.geojson",
        "--events",
        "events.csv",
    ]);
    out.expect_code(0);
    assert!(out.stderr.contains("6 events"), "{}", out.describe());
}

#[test]
fn bad_rows_are_located_and_nothing_is_written() {
    let dir = TestDir::new();
    let out = import_mapped(&dir, &["bad.csv"]);
    out.expect_code(1);
    let bad = abs(&format!("{FIX}/bad.csv"));
    assert!(
        out.stderr
            .contains(&format!("{bad}:2: event_date \"31/02/2017\" is not a date")),
        "{}",
        out.describe()
    );
    assert!(
        out.stderr.contains(&format!("{bad}:3: bad coordinates")),
        "{}",
        out.describe()
    );
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
}

#[test]
fn a_csv_that_is_not_acled_names_the_missing_columns() {
    let dir = TestDir::new();
    let out = import(&dir, &["not-acled.csv"], &[]);
    out.expect_code(1);
    assert!(
        out.stderr.contains("not-acled.csv:1: not an ACLED export: no column event_id_cnty, event_date, event_type, actor1, actor2, inter1, inter2, location, latitude, longitude"),
        "{}",
        out.describe()
    );
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
}
