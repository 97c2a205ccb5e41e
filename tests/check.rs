//! `frontline check` and the reading of a dataset (docs/data-format.md: the
//! dataset folder, each file's columns, errors and warnings): what a good
//! dataset looks like, and how every kind of bad file is reported — exit
//! status 1, one problem a line as `FILE:LINE: message` (CSV, TOML, JSON
//! syntax) or `FILE: feature ID: message` (GeoJSON features), every problem of
//! every file at once; warnings (exit 0) for suspicious but usable data.
//! Also the CSV details that decide which rows are read and how they are
//! numbered (BOM, CRLF, quoted fields) and the order of several `--events` files.
//!
//! What the data means on a date belongs in export.rs; command-line errors
//! (exit 2) in export.rs and diff.rs.

use crate::util::*;

/// `frontline check --data tests/fixtures/small ARGS...`
fn check(args: &[&str]) -> Output {
    on_small("check", args)
}

/// `check` with the small dataset but `--events FILE`.
fn check_events(file: &str) -> Output {
    check(&["--events", file])
}

// ---------------------------------------------------------------------------
// The good dataset

#[test]
fn good_dataset_passes_without_problems() {
    let out = check(&[]);
    out.expect_code(0).expect_diagnostics(&[]);
    // The summary counts what was read.
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains("4 places, 2 forces, 10 events"),
        "{}",
        out.describe()
    );
    assert!(all.contains("no errors"), "{}", out.describe());
}

#[test]
fn warnings_alone_exit_zero() {
    // events-bom-crlf.csv never mentions places c and d: warnings, not errors.
    let file = format!("{BAD}/events-bom-crlf.csv");
    check_events(&file).expect_code(0).expect_diagnostics(&[
        "tests/fixtures/small/places.geojson: feature c: warning: place \"Gimel\" is never mentioned by an event",
        "tests/fixtures/small/places.geojson: feature d: warning: place \"Dalet\" is never mentioned by an event",
    ]);
}

#[test]
fn missing_dataset_folder_is_one_problem() {
    let out = frontline(&["check", "--data", "tests/fixtures/no-such-dataset"]);
    out.expect_code(1);
    assert!(
        out.stdout
            .contains("tests/fixtures/no-such-dataset: no such dataset folder"),
        "{}",
        out.describe()
    );
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.describe());
}

#[test]
fn missing_files_of_a_folder_are_named_each() {
    let dir = TestDir::new();
    let out = dir.on_own_data("check", &[]);
    out.expect_code(1);
    for f in ["forces.csv", "events.csv"] {
        assert!(
            out.stdout.contains(&format!("./{f}: file not found")),
            "{}",
            out.describe()
        );
    }
    // places.geojson may be missing: the places then come from the gazetteer.
    assert!(!out.stdout.contains("places.geojson"), "{}", out.describe());
}

// ---------------------------------------------------------------------------
// events.csv: one problem per bad row, with its line

const ERRORS: &str = "tests/fixtures/bad/events-errors.csv";

#[test]
fn unknown_place() {
    check_events(ERRORS).expect_code(1).expect_diagnostic(
        "tests/fixtures/bad/events-errors.csv:3: place \"Nowhere\" matches no place (by id, name or alias), nor any in the gazetteer of LB, SY",
    );
}

#[test]
fn unknown_force() {
    check_events(ERRORS).expect_code(1).expect_diagnostic(
        "tests/fixtures/bad/events-errors.csv:4: force \"Nobody\" matches no force in forces.csv (by id, name or alias)",
    );
}

#[test]
fn date_not_in_the_calendar() {
    check_events(ERRORS).expect_code(1).expect_diagnostic(
        "tests/fixtures/bad/events-errors.csv:5: \"2014-02-30\" is not a date in the calendar",
    );
}

#[test]
fn bad_status() {
    check_events(ERRORS).expect_code(1).expect_diagnostic(
        "tests/fixtures/bad/events-errors.csv:6: status \"taken\" is not held, contested or besieged",
    );
}

#[test]
fn every_bad_row_of_a_file_at_once() {
    // Four bad rows, four lines, in file order; the good row 2 is not mentioned.
    let out = check_events(ERRORS);
    out.expect_code(1).expect_diagnostics(&[
        "tests/fixtures/bad/events-errors.csv:3: place \"Nowhere\" matches no place (by id, name or alias), nor any in the gazetteer of LB, SY",
        "tests/fixtures/bad/events-errors.csv:4: force \"Nobody\" matches no force in forces.csv (by id, name or alias)",
        "tests/fixtures/bad/events-errors.csv:5: \"2014-02-30\" is not a date in the calendar",
        "tests/fixtures/bad/events-errors.csv:6: status \"taken\" is not held, contested or besieged",
    ]);
}

#[test]
fn problems_of_several_files_at_once() {
    let out = check(&["--events", ERRORS, "--places", INVALID]);
    out.expect_code(1);
    let errors = out.errors();
    assert_eq!(errors.len(), 11, "{}", out.describe());
    let in_file = |f: &str| errors.iter().filter(|l| l.starts_with(f)).count();
    assert_eq!(in_file(&format!("{INVALID}: feature ")), 7);
    assert_eq!(in_file("tests/fixtures/bad/events-errors.csv:"), 4);
}

#[test]
fn unknown_force_is_reported_even_when_forces_csv_has_a_bad_row() {
    let out = check(&[
        "--events",
        ERRORS,
        "--forces",
        "tests/fixtures/bad/forces-bad.csv",
    ]);
    out.expect_code(1);
    out.expect_diagnostic(
        "tests/fixtures/bad/events-errors.csv:4: force \"Nobody\" matches no force in forces.csv (by id, name or alias)",
    );
    assert_eq!(out.errors().len(), 6, "{}", out.describe());
}

#[test]
fn ambiguous_place_name() {
    // "Twin" is place a's alias and place b's name (in another case).
    check(&[
        "--places",
        "tests/fixtures/bad/places-ambiguous.geojson",
        "--events",
        "tests/fixtures/bad/events-ambiguous.csv",
    ])
    .expect_code(1)
    .expect_diagnostics(&[
        "tests/fixtures/bad/events-ambiguous.csv:2: place \"Twin\" matches more than one place (a and b); use the id",
    ]);
}

#[test]
fn missing_column() {
    check_events("tests/fixtures/bad/events-missing-column.csv")
        .expect_code(1)
        .expect_diagnostics(&[
            "tests/fixtures/bad/events-missing-column.csv:1: missing column place (the header is \"date,force,status\"; it needs date,place,force)",
        ]);
}

#[test]
fn empty_file() {
    check_events("tests/fixtures/bad/events-empty.csv")
        .expect_code(1)
        .expect_diagnostics(&[
            "tests/fixtures/bad/events-empty.csv:1: empty file (expected a header with date,place,force)",
        ]);
}

#[test]
fn exact_duplicate_row_is_a_warning() {
    let out = check_events("tests/fixtures/bad/events-duplicate.csv");
    out.expect_code(0);
    assert_eq!(out.errors(), Vec::<String>::new(), "{}", out.describe());
    out.expect_diagnostic(
        "tests/fixtures/bad/events-duplicate.csv:3: warning: exact duplicate of line 2 (applied again)",
    );
    // export goes on, with the warning kept off stdout.
    let out = on_small(
        "export",
        &[
            "--events",
            "tests/fixtures/bad/events-duplicate.csv",
            "--date",
            "2015-01-01",
        ],
    );
    out.expect_code(0);
    let a = feature(&out.json(), "a").clone();
    assert_eq!(a["properties"]["controller"], "x");
    assert!(
        out.stderr.contains("exact duplicate of line 2"),
        "{}",
        out.describe()
    );
}

// ---------------------------------------------------------------------------
// CSV details

#[test]
fn bom_and_crlf_are_accepted() {
    let file = format!("{BAD}/events-bom-crlf.csv");
    let out = check_events(&file);
    out.expect_code(0);
    assert_eq!(out.errors(), Vec::<String>::new(), "{}", out.describe());

    let out = on_small("export", &["--events", &file, "--date", "2015-02-01"]);
    out.expect_code(0);
    let json = out.json();
    let a = &feature(&json, "a")["properties"];
    assert_eq!(a["controller"], "x");
    assert_eq!(a["status"], "held");
    assert_eq!(a["since"], "2015-01-01");
    // The quoted source keeps its comma, and no "\r" is left at the line end.
    assert_eq!(a["source"], "bom, crlf");
    let bet = &feature(&json, "7")["properties"];
    assert_eq!(bet["controller"], "y");
    assert_eq!(bet["status"], "held", "an empty status is held");
    assert_eq!(bet["source"], serde_json::Value::Null);
}

#[test]
fn quoted_fields_keep_later_line_numbers() {
    // Rows 2 and 7 span several lines (quoted newlines); rows 5 and 6 have
    // quoted commas and doubled quotes. The bad rows start on lines 5, 9, 10.
    check_events("tests/fixtures/bad/events-quoted.csv")
        .expect_code(1)
        .expect_diagnostics(&[
            "tests/fixtures/bad/events-quoted.csv:5: place \"Nowhere\" matches no place (by id, name or alias), nor any in the gazetteer of LB, SY",
            "tests/fixtures/bad/events-quoted.csv:9: force \"Nobody\" matches no force in forces.csv (by id, name or alias)",
            "tests/fixtures/bad/events-quoted.csv:10: \"2015-13-01\" is not a date in the calendar",
        ]);
}

#[test]
fn quoted_fields_are_read_whole() {
    let file = format!("{EVENTS}/quoted.csv");
    let out = check_events(&file);
    out.expect_code(0);
    // The exact duplicate on line 9 is numbered past the multi-line rows.
    assert_eq!(
        out.warnings()
            .iter()
            .filter(|l| l.starts_with("tests/fixtures/events/quoted.csv"))
            .collect::<Vec<_>>(),
        ["tests/fixtures/events/quoted.csv:9: warning: exact duplicate of line 8 (applied again)"],
        "{}",
        out.describe()
    );

    let out = on_small("export", &["--events", &file, "--date", "2015-01-05"]);
    out.expect_code(0);
    let json = out.json();
    let a = &feature(&json, "a")["properties"];
    assert_eq!(a["source"], "Smith, J. (2015), \"Report\", p. 3");
    assert_eq!(a["status"], "contested");
    assert_eq!(a["challenger"], "y");
    let bet = &feature(&json, "7")["properties"];
    assert_eq!(bet["controller"], "y");
    assert_eq!(bet["since"], "2015-01-04");
    assert_eq!(bet["source"], "line one\nline two");
}

#[test]
fn several_events_files_apply_in_the_order_given() {
    // Both files have a held event for place a on 2015-06-01: order-1's on
    // line 3 (force y), order-2's on line 2 (force x). File order beats row
    // order, so the file given last wins.
    let one = format!("{EVENTS}/order-1.csv");
    let two = format!("{EVENTS}/order-2.csv");
    let state = |first: &str, second: &str| {
        let out = on_small(
            "export",
            &[
                "--events",
                first,
                "--events",
                second,
                "--date",
                "2015-06-01",
            ],
        );
        out.expect_code(0);
        feature(&out.json(), "a")["properties"].clone()
    };
    let p = state(&one, &two);
    assert_eq!(
        (&p["controller"], &p["status"], &p["since"], &p["source"]),
        (
            &"x".into(),
            &"held".into(),
            &"2015-06-01".into(),
            &"o2-line2".into()
        ),
        "{p}"
    );
    let p = state(&two, &one);
    assert_eq!(
        (&p["controller"], &p["status"], &p["since"], &p["source"]),
        (
            &"y".into(),
            &"held".into(),
            &"2015-06-01".into(),
            &"o1-line3".into()
        ),
        "{p}"
    );
}

#[test]
fn events_files_replace_the_folders() {
    // With --events, the folder's events.csv is not read: c was never taken.
    let out = on_small(
        "export",
        &[
            "--events",
            &format!("{EVENTS}/order-1.csv"),
            "--date",
            "2016-06-01",
        ],
    );
    out.expect_code(0);
    assert_eq!(feature(&out.json(), "c")["properties"]["status"], "unknown");
}

// ---------------------------------------------------------------------------
// places.geojson: each problem names its feature

const INVALID: &str = "tests/fixtures/bad/places-invalid.geojson";

/// places-invalid.geojson with events that name only place a.
fn check_invalid_places() -> Output {
    check(&[
        "--places",
        INVALID,
        "--events",
        &format!("{EVENTS}/only-a.csv"),
    ])
}

#[track_caller]
fn expect_place_problem(prefix: &str, message: &str) {
    let out = check_invalid_places();
    out.expect_code(1);
    let prefix = format!("{INVALID}: {prefix}: ");
    let found: Vec<String> = out
        .diagnostics()
        .into_iter()
        .filter(|l| l.starts_with(&prefix))
        .collect();
    assert_eq!(found.len(), 1, "lines for {prefix:?}\n{}", out.describe());
    assert_eq!(&found[0][prefix.len()..], message, "{}", out.describe());
}

#[test]
fn duplicate_place_id() {
    let out = check_invalid_places();
    out.expect_code(1);
    let dup: Vec<String> = out
        .diagnostics()
        .into_iter()
        .filter(|l| l.starts_with(&format!("{INVALID}: feature a: duplicate id \"a\"")))
        .collect();
    assert_eq!(dup.len(), 1, "{}", out.describe());
}

#[test]
fn coordinate_out_of_range() {
    expect_place_problem(
        "feature far",
        "coordinate [34, 236] is outside [-180,180]×[-90,90] (GeoJSON is longitude, latitude)",
    );
}

#[test]
fn self_intersecting_ring() {
    let out = check_invalid_places();
    let bow: Vec<String> = out
        .diagnostics()
        .into_iter()
        .filter(|l| l.starts_with(&format!("{INVALID}: feature bow: invalid ring")))
        .collect();
    assert_eq!(bow.len(), 1, "{}", out.describe());
    assert!(bow[0].contains("self-intersection"), "{}", bow[0]);
}

#[test]
fn unclosed_ring() {
    expect_place_problem(
        "feature open",
        "invalid ring: its first and last positions differ (rings must be closed)",
    );
}

#[test]
fn linestring_place() {
    expect_place_problem(
        "feature line",
        "geometry type \"LineString\" is not allowed here (use Point, MultiPoint, Polygon, MultiPolygon)",
    );
}

#[test]
fn missing_name() {
    expect_place_problem("feature anon", "properties.name is required");
}

#[test]
fn missing_id() {
    // The feature has no id to name it by; it is named some other way, but
    // still as `FILE: feature ...: message`.
    let out = check_invalid_places();
    let lines: Vec<String> = out
        .diagnostics()
        .into_iter()
        .filter(|l| l.ends_with("has no id (give the Feature an \"id\" or properties.id)"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", out.describe());
    assert!(
        lines[0].starts_with(&format!("{INVALID}: feature ")),
        "{}",
        lines[0]
    );
}

#[test]
fn every_bad_feature_at_once() {
    // Seven bad features, seven lines, in file order; the good feature a and
    // the events (which name only a) are not mentioned.
    let out = check_invalid_places();
    out.expect_code(1);
    let lines = out.diagnostics();
    assert_eq!(lines.len(), 7, "{}", out.describe());
    let order: Vec<&str> = [
        "feature a:",
        "feature far:",
        "feature bow:",
        "feature open:",
        "feature line:",
        "feature anon:",
        "feature ",
    ]
    .to_vec();
    for (line, start) in lines.iter().zip(order) {
        assert!(
            line.starts_with(&format!("{INVALID}: {start}")),
            "{line:?} should start with {start:?}\n{}",
            out.describe()
        );
    }
}

#[test]
fn json_syntax_error_has_its_line() {
    let out = check(&["--places", "tests/fixtures/bad/places-syntax.geojson"]);
    out.expect_code(1);
    let lines = out.diagnostics();
    assert_eq!(
        lines.len(),
        1,
        "one problem, not one per event\n{}",
        out.describe()
    );
    assert!(
        lines[0].starts_with("tests/fixtures/bad/places-syntax.geojson:3: invalid JSON"),
        "{}",
        out.describe()
    );
}

#[test]
fn ring_closed_with_equal_numbers_spelled_differently() {
    // RFC 7946: first and last positions must contain identical values; 38 and
    // 38.0 are the same value.
    check(&[
        "--places",
        &format!("{PLACES}/places-closed-float.geojson"),
        "--events",
        &format!("{EVENTS}/only-a.csv"),
    ])
    .expect_code(0);
}

// ---------------------------------------------------------------------------
// forces.csv

#[test]
fn bad_force_colour() {
    check(&["--forces", "tests/fixtures/bad/forces-bad.csv"])
        .expect_code(1)
        .expect_diagnostic("tests/fixtures/bad/forces-bad.csv:2: color \"red\" is not #rrggbb");
}

#[test]
fn duplicate_force_id() {
    check(&["--forces", "tests/fixtures/bad/forces-bad.csv"])
        .expect_code(1)
        .expect_diagnostic(
            "tests/fixtures/bad/forces-bad.csv:3: duplicate force id \"x\" (first on line 2)",
        );
}

#[test]
fn every_bad_force_at_once() {
    // The file's own two problems, one a line, in file order.
    let out = check(&["--forces", "tests/fixtures/bad/forces-bad.csv"]);
    out.expect_code(1);
    let forces: Vec<String> = out
        .diagnostics()
        .into_iter()
        .filter(|l| l.starts_with("tests/fixtures/bad/forces-bad.csv"))
        .collect();
    assert_eq!(
        forces,
        [
            "tests/fixtures/bad/forces-bad.csv:2: color \"red\" is not #rrggbb",
            "tests/fixtures/bad/forces-bad.csv:3: duplicate force id \"x\" (first on line 2)",
        ],
        "{}",
        out.describe()
    );
}

// ---------------------------------------------------------------------------
// frontline.toml

/// `check` of a dataset folder by its full path, which must exit 1; and the
/// full path of its frontline.toml (which the problem lines name).
#[track_caller]
fn check_failing_with_toml(dir: &TestDir) -> (Output, String) {
    let out = frontline(&["check", "--data", dir.path_str()]);
    out.expect_code(1);
    (out, dir.join("frontline.toml").display().to_string())
}

/// [`check_failing_with_toml`] of a copy of the small dataset whose
/// frontline.toml has min > max in its bbox.
fn check_bad_bbox() -> (Output, String) {
    let dir = TestDir::with_dataset("small");
    dir.put(
        "frontline.toml",
        "tests/fixtures/bad/frontline-badbbox.toml",
    );
    check_failing_with_toml(&dir)
}

#[test]
fn bad_bbox() {
    let (out, toml) = check_bad_bbox();
    let lines = out.diagnostics();
    assert_eq!(lines.len(), 1, "{}", out.describe());
    assert!(lines[0].starts_with(&format!("{toml}:")), "{}", lines[0]);
    assert!(lines[0].contains("bbox"), "{}", lines[0]);
    assert!(
        lines[0].contains("min must be less than max"),
        "{}",
        lines[0]
    );
}

#[test]
fn bad_bbox_names_its_line() {
    let (out, toml) = check_bad_bbox();
    assert!(
        out.diagnostics()[0].starts_with(&format!("{toml}:2: bbox")),
        "{}",
        out.describe()
    );
}

#[test]
fn toml_syntax_error_has_its_line() {
    let dir = TestDir::with_dataset("small");
    dir.write("frontline.toml", "title = \"t\"\nbbox = [40, 30, 35\n");
    let (out, toml) = check_failing_with_toml(&dir);
    let lines = out.diagnostics();
    assert_eq!(lines.len(), 1, "{}", out.describe());
    assert!(
        lines[0].starts_with(&format!("{toml}:2: "))
            || lines[0].starts_with(&format!("{toml}:3: ")),
        "{}",
        out.describe()
    );
}

#[test]
fn duplicates_name_the_first_copy_even_across_files() {
    let dir = TestDir::with_dataset("small");
    let rows = "date,place,force\n2015-01-01,a,x\n2015-01-01,a,x\n2015-01-02,a,y\n2015-01-01,a,x\n";
    dir.write("one.csv", rows)
        .write("two.csv", "date,place,force\n2015-01-02,a,y\n");
    let out = dir.on_own_data("check", &["--events", "one.csv", "--events", "two.csv"]);
    out.expect_code(0);
    let dups: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("duplicate"))
        .collect();
    assert_eq!(
        dups,
        [
            "one.csv:3: warning: exact duplicate of line 2 (applied again)",
            "one.csv:5: warning: exact duplicate of line 2 (applied again)",
            "two.csv:2: warning: exact duplicate of one.csv:4 (applied again)",
        ],
        "{}",
        out.describe()
    );
}

#[test]
fn crlf_files_keep_their_line_numbers() {
    let dir = TestDir::with_dataset("small");
    dir.write("events.csv", "date,place,force\r\n2015-01-01,a,x\r\n\r\n2015-01-02,\"Nowhere\r\nat all\",x\r\n2015-01-03,Nobody,x\r\n");
    let out = dir.on_own_data("check", &[]);
    out.expect_code(1);
    assert!(
        out.stdout
            .contains("./events.csv:4: place \"Nowhere\r\nat all\" matches no place")
            || out.stdout.contains("./events.csv:4: place"),
        "{}",
        out.describe()
    );
    assert!(
        out.stdout
            .contains("./events.csv:6: place \"Nobody\" matches no place"),
        "{}",
        out.describe()
    );
}

#[test]
fn unknown_settings_are_warnings_and_extent_is_bbox() {
    let dir = TestDir::with_dataset("small");
    dir.write(
        "frontline.toml",
        "title = \"T\"\nextent = [35, 32, 42, 37.5]\n\n[style]\nmarker = 3\n",
    );
    let out = dir.on_own_data("check", &[]);
    out.expect_code(0);
    assert!(
        out.stdout
            .contains("./frontline.toml:4: warning: unknown setting \"style\" (ignored)"),
        "{}",
        out.describe()
    );
}

#[test]
fn the_three_files_without_a_folder_are_a_dataset_of_their_own() {
    // Nothing comes from the bundled dataset: its gazetteer setting would hide this warning.
    let out = frontline(&[
        "check",
        "--places",
        &format!("{SMALL}/places.geojson"),
        "--forces",
        &format!("{SMALL}/forces.csv"),
        "--events",
        &format!("{BAD}/events-bom-crlf.csv"),
    ]);
    out.expect_code(0);
    assert!(
        out.stdout
            .contains("feature c: warning: place \"Gimel\" is never mentioned"),
        "{}",
        out.describe()
    );
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_its_target() {
    let dir = TestDir::new();
    dir.write("target.geojson", "old");
    std::os::unix::fs::symlink("target.geojson", dir.join("link.geojson")).unwrap();
    dir.on_small("export", &["--date", "2015-01-01", "-o", "link.geojson"])
        .expect_code(0);
    assert!(
        std::fs::symlink_metadata(dir.join("link.geojson"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        dir.read("target.geojson")
            .starts_with("{\"type\":\"FeatureCollection\"")
    );
}

#[test]
fn zone_settings_are_checked() {
    let dir = TestDir::with_dataset("small");
    dir.write("frontline.toml", "zones = true\nzone_reach_km = 60\n");
    frontline(&["check", "--data", dir.path_str()]).expect_code(0);
    dir.write("frontline.toml", "zones = \"yes\"\nzone_reach_km = -5\n");
    let (out, toml) = check_failing_with_toml(&dir);
    let lines = out.diagnostics();
    assert_eq!(lines.len(), 2, "{}", out.describe());
    assert!(
        lines[0].starts_with(&format!("{toml}:1: zones: must be true or false")),
        "{}",
        out.describe()
    );
    assert!(
        lines[1].starts_with(&format!("{toml}:2: zone_reach_km: must be a number")),
        "{}",
        out.describe()
    );
}

// ---------------------------------------------------------------------------
// Hints that teach (issue 11): what a first dataset typically gets wrong

/// The small dataset in a folder of its own, with `file` replaced by `text`.
fn small_with(file: &str, text: &str) -> TestDir {
    let dir = TestDir::with_dataset("small");
    dir.write(file, text);
    dir
}

#[test]
fn a_header_separated_by_semicolons_or_tabs_is_named_as_such() {
    let events = std::fs::read_to_string(root().join("tests/fixtures/small/events.csv")).unwrap();
    let dir = small_with("events.csv", &events.replace(',', ";"));
    dir.on_own_data("check", &[]).expect_code(1).expect_diagnostics(&[
        "./events.csv:1: the header \"date;place;force;status;source;note\" seems to be separated by \";\": \
         frontline reads commas (save the file as comma-separated CSV)",
    ]);
    dir.write("events.csv", events.replace(',', "\t"));
    dir.on_own_data("check", &[]).expect_code(1).expect_diagnostics(&[
        "./events.csv:1: the header \"date\\tplace\\tforce\\tstatus\\tsource\\tnote\" seems to be separated by tabs: \
         frontline reads commas (save the file as comma-separated CSV)",
    ]);
}

#[test]
fn a_row_separated_by_semicolons_is_named_as_such() {
    let events = std::fs::read_to_string(root().join("tests/fixtures/small/events.csv")).unwrap();
    let dir = small_with("events.csv", &format!("{events}2016-01-01;a;x\n"));
    dir.on_own_data("check", &[]).expect_code(1).expect_diagnostics(&[
        "./events.csv:12: has 1 field, the header has 6; the row seems to be separated by \";\": frontline reads commas",
    ]);
}

#[test]
fn colour_is_read_as_the_color_header_and_bad_colours_get_their_fix() {
    let dir = small_with(
        "forces.csv",
        "id,name,colour,aliases\nx,Force X,#ff0000,FX|Ex\ny,Force Y,#0000ff,\n",
    );
    dir.on_own_data("check", &[])
        .expect_code(0)
        .expect_diagnostics(&[]);
    dir.write(
        "forces.csv",
        "id,name,Colour,aliases\nx,Force X,C8102E,FX|Ex\ny,Force Y,#00f,\n",
    );
    dir.on_own_data("check", &[])
        .expect_code(1)
        .expect_diagnostics(&[
            "./forces.csv:2: color \"C8102E\" is not #rrggbb: add # (\"#c8102e\")",
            "./forces.csv:3: color \"#00f\" is not #rrggbb: write all six digits (\"#0000ff\")",
        ]);
}

#[test]
fn a_force_name_close_to_a_known_one_gets_did_you_mean() {
    let events = std::fs::read_to_string(root().join("tests/fixtures/small/events.csv")).unwrap();
    let dir = small_with(
        "events.csv",
        &format!("{events}2016-01-01,a,Forse Y\n2016-01-02,a,Nobody\n"),
    );
    dir.on_own_data("check", &[]).expect_code(1).expect_diagnostics(&[
        "./events.csv:12: force \"Forse Y\" matches no force in forces.csv (by id, name or alias); did you mean \"y\" (Force Y)?",
        "./events.csv:13: force \"Nobody\" matches no force in forces.csv (by id, name or alias)",
    ]);
}

/// Issue 12: "has 1 fields". A count of one takes the singular, in the
/// problem lines and in the summary.
#[test]
fn a_count_of_one_is_singular() {
    let dir = TestDir::with_dataset("small");
    dir.write(
        "events.csv",
        "date,place,force,status,source,note\n2015-01-01\n2015-01-01,a,x,held,s1,,extra,more\n",
    );
    let out = dir.on_own_data("check", &[]);
    out.expect_code(1).expect_diagnostics(&[
        "./events.csv:2: has 1 field, the header has 6",
        "./events.csv:3: has 8 fields, the header has 6",
    ]);
    dir.write("events.csv", "date,place,force\n2015-01-01,a,x\n");
    let out = dir.on_own_data("check", &[]);
    out.expect_code(0);
    assert!(
        out.stderr
            .contains("4 places, 2 forces, 1 event, 2015-01-01 to 2015-01-01"),
        "{}",
        out.describe()
    );
}
