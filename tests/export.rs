//! `frontline export` (docs/data-format.md, "Exports"): the exact property
//! set and order, ids as strings, places in file order, geometries
//! round-tripped; the state of every place of the small fixture on
//! hand-checked dates (the rule of control of docs/data-format.md seen from
//! outside); `--timeline` intervals; `-o FILE` versus stdout.
//! Also the command line (exit 2 for bad dates, missing or unknown flags) and
//! the promise that a failing command leaves no partial output file behind.
//!
//! Tests of what the data means on a date (the state of a place, whatever
//! command shows it) belong here; how a file is read and reported, in
//! check.rs.

use crate::util::*;
use serde_json::{Value, json};

/// `frontline export --data small --date DATE`, parsed.
fn export_on(date: &str) -> Value {
    let out = on_small("export", &["--date", date]);
    out.expect_code(0);
    assert_eq!(out.errors(), Vec::<String>::new(), "{}", out.describe());
    out.json()
}

/// A place's state: `(controller, status, challenger, since, source)`,
/// `None` for unknown.
type Held<'a> = Option<(&'a str, &'a str, Option<&'a str>, &'a str, Option<&'a str>)>;

/// The export properties (docs/data-format.md) a place should have on `date`.
fn expected(id: &str, name: &str, date: &str, held: Held) -> Value {
    let force = |f: &str| match f {
        "x" => ("Force X", "#ff0000"),
        "y" => ("Force Y", "#0000ff"),
        _ => panic!("no force {f}"),
    };
    match held {
        None => json!({
            "id": id, "name": name, "date": date,
            "controller": null, "controller_name": null, "color": null,
            "status": "unknown", "challenger": null, "since": null, "source": null,
        }),
        Some((controller, status, challenger, since, source)) => json!({
            "id": id, "name": name, "date": date,
            "controller": controller,
            "controller_name": force(controller).0,
            "color": force(controller).1,
            "status": status, "challenger": challenger, "since": since, "source": source,
        }),
    }
}

/// Checks every place of the small fixture on `date`: a, 7, c, d in that order.
#[track_caller]
fn expect_states(date: &str, a: Held, bet: Held, c: Held, d: Held) {
    let json = export_on(date);
    let got: Vec<&Value> = features(&json).iter().map(|f| &f["properties"]).collect();
    let want = [
        expected("a", "Ālif", date, a),
        expected("7", "Bet", date, bet),
        expected("c", "Gimel", date, c),
        expected("d", "Dalet", date, d),
    ];
    assert_eq!(got.len(), 4, "{json}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(*g, w, "on {date}");
    }
}

// Place a's successive states.
const A_X_SINCE_JAN: Held = Some(("x", "held", None, "2015-01-01", Some("s1")));
const A_X_CONTESTED_FEB: Held = Some(("x", "contested", Some("y"), "2015-01-01", Some("s1")));
const A_Y_SINCE_APR: Held = Some(("y", "held", None, "2015-04-01", Some("s3")));
const A_X_CONTESTED_MAY: Held = Some(("x", "contested", Some("y"), "2015-05-01", Some("s4")));
const C_X: Held = Some(("x", "held", None, "2016-01-01", Some("s6")));
const D_X: Held = Some(("x", "held", None, "2016-03-15", None));

// ---------------------------------------------------------------------------
// The shape of the export

#[test]
fn property_set_and_order() {
    let json = export_on("2015-02-15");
    for f in features(&json) {
        assert_eq!(f["type"], "Feature");
        assert_eq!(
            property_names(f),
            [
                "id",
                "name",
                "date",
                "controller",
                "controller_name",
                "color",
                "status",
                "challenger",
                "since",
                "source"
            ],
            "{f}"
        );
    }
}

#[test]
fn ids_are_strings_in_places_order() {
    // Place 7 has a numeric Feature id; place c only properties.id.
    let json = export_on("2015-02-15");
    let ids: Vec<&Value> = features(&json).iter().map(|f| &f["id"]).collect();
    assert_eq!(ids, [&json!("a"), &json!("7"), &json!("c"), &json!("d")]);
    let prop_ids: Vec<&Value> = features(&json)
        .iter()
        .map(|f| &f["properties"]["id"])
        .collect();
    assert_eq!(
        prop_ids,
        [&json!("a"), &json!("7"), &json!("c"), &json!("d")]
    );
}

#[test]
fn geometries_round_trip() {
    let json = export_on("2015-02-15");
    let places = fixture_json("tests/fixtures/small/places.geojson");
    for (out, input) in features(&json).iter().zip(features(&places)) {
        assert_eq!(
            numbers_as_floats(&out["geometry"]),
            numbers_as_floats(&input["geometry"]),
            "geometry of {}",
            out["id"]
        );
    }
    assert_eq!(
        numbers_as_floats(&feature(&json, "c")["geometry"]),
        numbers_as_floats(&json!({
            "type": "Polygon",
            "coordinates": [[[38, 35], [38.5, 35], [38.5, 35.4], [38, 35]]]
        }))
    );
}

/// The export on 2015-01-01 of places-geometries.geojson (every geometry
/// type) with the events of geometries.csv.
fn export_geometries() -> Value {
    let out = on_small(
        "export",
        &[
            "--places",
            &format!("{PLACES}/places-geometries.geojson"),
            "--events",
            &format!("{EVENTS}/geometries.csv"),
            "--date",
            "2015-01-01",
        ],
    );
    out.expect_code(0);
    out.json()
}

#[test]
fn every_geometry_type_round_trips() {
    // MultiPoint, a Polygon with a hole, a MultiPolygon (the altitude of a
    // Point is in its own test).
    let json = export_geometries();
    let places = fixture_json(&format!("{PLACES}/places-geometries.geojson"));
    for id in ["mp", "hole", "mpoly"] {
        assert_eq!(
            numbers_as_floats(&feature(&json, id)["geometry"]),
            numbers_as_floats(&feature(&places, id)["geometry"]),
            "geometry of {id}"
        );
    }
}

#[test]
fn altitude_round_trips() {
    assert_eq!(
        numbers_as_floats(&feature(&export_geometries(), "alt")["geometry"]),
        numbers_as_floats(&json!({"type": "Point", "coordinates": [36.5, 34.25, 120]}))
    );
}

// ---------------------------------------------------------------------------
// The state on hand-checked dates (events of tests/fixtures/small/events.csv)

#[test]
fn before_any_event_everything_is_unknown() {
    expect_states("2014-12-31", None, None, None, None);
}

#[test]
fn state_on_2015_01_01_first_event_in_force_on_its_day() {
    // Place 7 is contested on this day, but has no holder: unknown.
    expect_states("2015-01-01", A_X_SINCE_JAN, None, None, None);
}

#[test]
fn state_on_2015_02_15_contested() {
    expect_states("2015-02-15", A_X_CONTESTED_FEB, None, None, None);
}

#[test]
fn state_on_2015_03_01_held_again_by_alias() {
    // " alif " by "Ex": the same holder, so since stays at 2015-01-01.
    expect_states("2015-03-01", A_X_SINCE_JAN, None, None, None);
}

#[test]
fn state_on_2015_04_30_new_holder() {
    expect_states("2015-04-30", A_Y_SINCE_APR, None, None, None);
}

#[test]
fn state_on_2015_05_01_later_row_wins_same_day() {
    expect_states("2015-05-01", A_X_CONTESTED_MAY, None, None, None);
}

#[test]
fn state_on_2015_12_31_year_event_not_yet() {
    expect_states("2015-12-31", A_X_CONTESTED_MAY, None, None, None);
}

#[test]
fn state_on_2016_01_01_year_event_in_force() {
    // "2016" takes effect on 2016-01-01.
    expect_states("2016-01-01", A_X_CONTESTED_MAY, None, C_X, None);
}

#[test]
fn state_on_2016_03_10_besieged_without_holder_is_unknown() {
    expect_states("2016-03-10", A_X_CONTESTED_MAY, None, C_X, None);
}

#[test]
fn state_on_2016_03_20_held_with_empty_source() {
    expect_states("2016-03-20", A_X_CONTESTED_MAY, None, C_X, D_X);
}

// ---------------------------------------------------------------------------
// -o and stdout

#[test]
fn output_file_instead_of_stdout() {
    let dir = TestDir::new();
    let out = dir.on_small("export", &["--date", "2015-05-01", "-o", "out.geojson"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "", "nothing on stdout with -o");
    assert_eq!(dir.entries(), ["out.geojson"], "no temporary files left");
    let written: Value = serde_json::from_str(&dir.read("out.geojson")).unwrap();
    assert_eq!(
        written,
        export_on("2015-05-01"),
        "the file holds what stdout would"
    );
}

#[test]
fn output_file_is_replaced_on_success() {
    let dir = TestDir::new();
    dir.write("out.geojson", "old");
    dir.on_small("export", &["--timeline", "-o", "out.geojson"])
        .expect_code(0);
    let written: Value = serde_json::from_str(&dir.read("out.geojson")).unwrap();
    assert_eq!(features(&written).len(), 7);
    assert_eq!(dir.entries(), ["out.geojson"]);
}

// ---------------------------------------------------------------------------
// --timeline

fn timeline() -> Value {
    let out = on_small("export", &["--timeline"]);
    out.expect_code(0);
    out.json()
}

#[test]
fn timeline_one_feature_per_place_and_interval() {
    let json = timeline();
    let ids: Vec<&str> = features(&json)
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    // Place 7 never has a holder: its only interval is unknown, left out.
    assert_eq!(ids, ["a", "a", "a", "a", "a", "c", "d"]);
}

#[test]
fn timeline_properties_have_start_and_end_but_no_date() {
    let json = timeline();
    for f in features(&json) {
        assert_eq!(
            property_names(f),
            [
                "id",
                "name",
                "controller",
                "controller_name",
                "color",
                "status",
                "challenger",
                "since",
                "source",
                "start",
                "end"
            ],
            "{f}"
        );
        assert_ne!(f["properties"]["status"], "unknown", "{f}");
    }
}

#[test]
fn timeline_intervals_of_place_a() {
    let json = timeline();
    let got: Vec<Value> = features(&json)
        .iter()
        .filter(|f| f["id"] == "a")
        .map(|f| {
            let p = &f["properties"];
            json!([
                p["start"],
                p["end"],
                p["controller"],
                p["status"],
                p["challenger"],
                p["since"],
                p["source"]
            ])
        })
        .collect();
    let want = vec![
        json!([
            "2015-01-01",
            "2015-02-01",
            "x",
            "held",
            null,
            "2015-01-01",
            "s1"
        ]),
        json!([
            "2015-02-01",
            "2015-03-01",
            "x",
            "contested",
            "y",
            "2015-01-01",
            "s1"
        ]),
        json!([
            "2015-03-01",
            "2015-04-01",
            "x",
            "held",
            null,
            "2015-01-01",
            "s1"
        ]),
        json!([
            "2015-04-01",
            "2015-05-01",
            "y",
            "held",
            null,
            "2015-04-01",
            "s3"
        ]),
        json!([
            "2015-05-01",
            null,
            "x",
            "contested",
            "y",
            "2015-05-01",
            "s4"
        ]),
    ];
    assert_eq!(got, want);
}

#[test]
fn timeline_ongoing_intervals_of_c_and_d() {
    let json = timeline();
    let c = &feature(&json, "c")["properties"];
    assert_eq!(
        (&c["start"], &c["end"]),
        (&json!("2016-01-01"), &Value::Null)
    );
    assert_eq!(c["controller_name"], "Force X");
    let d = &feature(&json, "d")["properties"];
    assert_eq!(
        (&d["start"], &d["end"]),
        (&json!("2016-03-15"), &Value::Null)
    );
    assert_eq!(d["source"], Value::Null);
}

/// A places.geojson feature's id as text: `id` (string or number), else `properties.id`.
fn place_id(p: &Value) -> String {
    match &p["id"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => p["properties"]["id"].as_str().unwrap().to_string(),
    }
}

#[test]
fn timeline_geometry_is_the_places() {
    let json = timeline();
    let places = fixture_json("tests/fixtures/small/places.geojson");
    for f in features(&json) {
        let id = f["id"].as_str().unwrap();
        let input = features(&places)
            .iter()
            .find(|p| place_id(p) == id)
            .unwrap();
        assert_eq!(
            numbers_as_floats(&f["geometry"]),
            numbers_as_floats(&input["geometry"])
        );
    }
}

#[test]
fn timeline_agrees_with_export_on_dates() {
    // Each interval's state is the export's on its first day and on the day
    // before its end (end is exclusive).
    let json = timeline();
    for f in features(&json) {
        let p = f["properties"].as_object().unwrap();
        let id = p["id"].as_str().unwrap();
        let mut days = vec![p["start"].as_str().unwrap().to_string()];
        if let Some(end) = p["end"].as_str() {
            let end = chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d").unwrap();
            days.push((end - chrono::Days::new(1)).to_string());
        }
        for day in days {
            let on_day = export_on(&day);
            let mut state = feature(&on_day, id)["properties"]
                .as_object()
                .unwrap()
                .clone();
            state.remove("date");
            let mut interval = p.clone();
            interval.remove("start");
            interval.remove("end");
            assert_eq!(state, interval, "place {id} on {day}");
        }
    }
}

// ---------------------------------------------------------------------------
// The command line: exit 2, nothing written

/// Runs `frontline export --data <small> ARGS -o out.geojson` in a fresh
/// folder that already holds an out.geojson, and checks the command failed
/// with `code` and left the folder as it was.
#[track_caller]
fn fails_leaving_nothing(args: &[&str], code: i32) -> Output {
    let dir = TestDir::new();
    dir.write("out.geojson", "keep me");
    let mut all = args.to_vec();
    all.extend_from_slice(&["-o", "out.geojson"]);
    let out = dir.on_small("export", &all);
    out.expect_code(code);
    assert_eq!(out.stdout, "", "{}", out.describe());
    assert_eq!(dir.entries(), ["out.geojson"], "{}", out.describe());
    assert_eq!(dir.read("out.geojson"), "keep me");

    // And in an empty folder, nothing appears.
    let empty = TestDir::new();
    let out = empty.on_small("export", &all);
    out.expect_code(code);
    assert_eq!(empty.entries(), Vec::<String>::new(), "{}", out.describe());
    out
}

#[test]
fn impossible_date_is_a_usage_error() {
    let out = fails_leaving_nothing(&["--date", "2017-13-01"], 2);
    assert!(out.stderr.contains("2017-13-01"), "{}", out.describe());
}

#[test]
fn word_for_a_date_is_a_usage_error() {
    let out = fails_leaving_nothing(&["--date", "yesterday"], 2);
    assert!(out.stderr.contains("yesterday"), "{}", out.describe());
}

#[test]
fn a_date_not_in_a_form_of_event_dates_is_a_usage_error() {
    // YYYY and YYYY-MM are accepted as in events.csv (tests/cli.rs); digits
    // left out of their width are not.
    fails_leaving_nothing(&["--date", "2015-1-1"], 2);
    fails_leaving_nothing(&["--date", "15"], 2);
}

#[test]
fn neither_date_nor_timeline_is_a_usage_error() {
    fails_leaving_nothing(&[], 2);
}

#[test]
fn both_date_and_timeline_is_a_usage_error() {
    fails_leaving_nothing(&["--date", "2015-01-01", "--timeline"], 2);
}

#[test]
fn unknown_flag_is_a_usage_error() {
    fails_leaving_nothing(&["--date", "2015-01-01", "--colour", "red"], 2);
    on_small("check", &["--bogus"]).expect_code(2);
    frontline(&["no-such-command"]).expect_code(2);
    frontline(&[]).expect_code(2);
}

// ---------------------------------------------------------------------------
// No partial output

#[test]
fn bad_data_writes_nothing() {
    let out = fails_leaving_nothing(
        &[
            "--events",
            &abs(&format!("{BAD}/events-errors.csv")),
            "--date",
            "2015-01-01",
        ],
        1,
    );
    // The problems are still reported, one a line.
    assert_eq!(out.errors().len(), 4, "{}", out.describe());
}

#[test]
fn bad_data_writes_nothing_for_timeline() {
    fails_leaving_nothing(
        &[
            "--places",
            &abs(&format!("{BAD}/places-syntax.geojson")),
            "--timeline",
        ],
        1,
    );
}

/// `export -o out.geojson` in a fresh folder where out.geojson is a folder
/// (so the rename at the end fails), which must exit 1.
fn export_onto_a_folder() -> (TestDir, Output) {
    let dir = TestDir::new();
    std::fs::create_dir(dir.join("out.geojson")).unwrap();
    let out = dir.on_small("export", &["--date", "2015-01-01", "-o", "out.geojson"]);
    out.expect_code(1);
    (dir, out)
}

#[test]
fn unwritable_output_leaves_no_temporary_file() {
    let (dir, out) = export_onto_a_folder();
    assert_eq!(dir.entries(), ["out.geojson"], "{}", out.describe());
    assert!(dir.join("out.geojson").is_dir());
    assert_eq!(
        std::fs::read_dir(dir.join("out.geojson")).unwrap().count(),
        0,
        "nothing written inside the folder either"
    );
}

#[test]
fn io_error_is_reported_once() {
    let (_dir, out) = export_onto_a_folder();
    // Said once, naming the file asked for (not a temporary one).
    assert_eq!(
        out.stderr.trim(),
        "frontline: out.geojson: cannot write: is a directory",
        "{}",
        out.describe()
    );
}

/// Colours are read once and written as `#rrggbb` in lower case, whatever
/// case forces.csv used.
#[test]
fn colours_are_exported_in_lower_case() {
    let dir = TestDir::with_dataset("small");
    dir.write(
        "forces.csv",
        "id,name,color,aliases\nx,Force X,#FF00aA,FX|Ex\ny,Force Y,#0000FF,\n",
    );
    let out = frontline(&["export", "--data", dir.path_str(), "--date", "2015-01-01"]);
    out.expect_code(0);
    let json = out.json();
    let colours: Vec<&str> = features(&json)
        .iter()
        .filter_map(|f| f["properties"]["color"].as_str())
        .collect();
    assert!(!colours.is_empty(), "{}", out.describe());
    assert!(colours.contains(&"#ff00aa"), "{colours:?}");
    assert!(
        colours.iter().all(|c| *c == c.to_lowercase()),
        "{colours:?}"
    );
}
