//! `frontline stats` (docs/stats.md): figures checked against counts worked
//! out by hand on tests/fixtures/stats, with and without zones; the CSV and
//! JSON shapes; the chart's reference image; command-line errors.
//!
//! The fixture: two 1°×1° squares on the equator, Alpha (0–1° E, 1000
//! people) and Beta (1–2° E, 500 people), and a point Delta (99 people) that
//! no event names. 2020-01-01 Red holds Alpha, Blue holds Beta; 2020-02-01
//! Red contests Beta; 2020-03-01 Red holds Beta. A 1°×1° square on the
//! equator is 111.32 km × 110.57 km ≈ 12,308 km² on WGS 84; the basemap's
//! one country, Squareland, is the two squares (24,617 km²), the region.
//! (Without a basemap the world's would be drawn, and Delta, in Nigeria,
//! would make Nigeria the region, leaving the squares at sea with no ground.)

use crate::util::*;
use serde_json::Value;

fn stats(args: &[&str]) -> Output {
    let data = abs("tests/fixtures/stats");
    let mut all = vec!["stats", "--data", data.as_str()];
    all.extend_from_slice(args);
    frontline(&all)
}

fn json(args: &[&str]) -> Value {
    let mut a = vec![
        "--from",
        "2020-01-01",
        "--to",
        "2020-03-01",
        "--format",
        "json",
    ];
    a.extend_from_slice(args);
    let out = stats(&a);
    out.expect_code(0);
    out.json()
}

/// (held, contested, besieged, population) of `force` on the i-th date.
fn counts(v: &Value, i: usize, force: &str) -> (u64, u64, u64, u64) {
    let f = v["dates"][i]["forces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["force"] == force)
        .unwrap();
    let n = |k: &str| f[k].as_u64().unwrap();
    (
        n("places_held"),
        n("places_contested"),
        n("places_besieged"),
        n("population_held"),
    )
}

fn area(v: &Value, i: usize, force: &str) -> (f64, f64) {
    let f = v["dates"][i]["forces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["force"] == force)
        .unwrap();
    (
        f["area_km2"].as_f64().unwrap(),
        f["area_pct"].as_f64().unwrap(),
    )
}

#[test]
fn counts_match_the_hand_worked_ones() {
    let v = json(&["--no-zones"]);
    let dates: Vec<&str> = v["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2020-01-01", "2020-02-01", "2020-03-01"]);
    assert_eq!(counts(&v, 0, "red"), (1, 0, 0, 1000));
    assert_eq!(counts(&v, 0, "blue"), (1, 0, 0, 500));
    // Beta is still Blue's, contested by Red.
    assert_eq!(counts(&v, 1, "red"), (1, 0, 0, 1000));
    assert_eq!(counts(&v, 1, "blue"), (1, 1, 0, 500));
    assert_eq!(counts(&v, 2, "red"), (2, 0, 0, 1500));
    assert_eq!(counts(&v, 2, "blue"), (0, 0, 0, 0));
    // Delta is never held.
    assert!(
        v["dates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["places_unknown"] == 1)
    );
    assert_eq!(v["zones"], false);
    assert!(v["dates"][0]["forces"][0]["area_km2"].is_null());
}

#[test]
fn areas_match_the_hand_worked_ones() {
    let v = json(&["--zones"]);
    let square = 111.32 * 110.57;
    let near = |a: f64, b: f64| (a - b).abs() / b < 0.01;
    let (red, red_pct) = area(&v, 0, "red");
    let (blue, blue_pct) = area(&v, 0, "blue");
    assert!(near(red, square) && near(blue, square), "{red} {blue}");
    assert!((red_pct - 50.0).abs() < 0.1 && (blue_pct - 50.0).abs() < 0.1);
    // A contested place's ground is still its holder's.
    assert!(near(area(&v, 1, "blue").0, square));
    let (red, red_pct) = area(&v, 2, "red");
    assert!(near(red, 2.0 * square) && (red_pct - 100.0).abs() < 0.1);
    assert_eq!(area(&v, 2, "blue"), (0.0, 0.0));
    assert!(near(
        v["dates"][0]["region_area_km2"].as_f64().unwrap(),
        2.0 * square
    ));
}

#[test]
fn the_to_date_is_always_given_and_defaults_are_the_events_span() {
    let out = stats(&[
        "--from",
        "2020-01-01",
        "--to",
        "2020-02-15",
        "--format",
        "csv",
        "--no-zones",
    ]);
    out.expect_code(0);
    let dates: Vec<String> = out
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(
        dates,
        [
            "2020-01-01",
            "2020-01-01",
            "2020-02-01",
            "2020-02-01",
            "2020-02-15",
            "2020-02-15"
        ]
    );
    let v = stats(&["--format", "json", "--no-zones"]);
    v.expect_code(0);
    let v = v.json();
    assert_eq!(v["dates"][0]["date"], "2020-01-01");
    assert_eq!(
        v["dates"].as_array().unwrap().last().unwrap()["date"],
        "2020-03-01"
    );
}

#[test]
fn csv_has_one_row_per_date_and_force_with_the_documented_columns() {
    let out = stats(&[
        "--from",
        "2020-01-01",
        "--to",
        "2020-03-01",
        "--format",
        "csv",
        "--zones",
    ]);
    out.expect_code(0);
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(out.stdout.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let header = out.stdout.lines().next().unwrap();
    assert_eq!(
        header,
        "date,force,force_name,places_held,places_contested,places_besieged,population_held,area_km2,area_pct"
    );
    assert_eq!(rows.len(), 3 * 2);
    assert_eq!(
        rows[3][..7],
        ["2020-02-01", "blue", "Blue", "1", "1", "0", "500"]
    );
    assert_eq!(
        rows[5][..7],
        ["2020-03-01", "blue", "Blue", "0", "0", "0", "0"]
    );
    assert_eq!(rows[5][8], "0.00");
}

#[test]
fn table_is_aligned() {
    let out = stats(&["--from", "2020-01-01", "--to", "2020-03-01", "--no-zones"]);
    out.expect_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("date"), "{}", out.stdout);
    // Figures are right-aligned: every line with a population ends at the header's end.
    let width = lines[0].chars().count();
    assert!(
        lines[1..].iter().all(|l| l.chars().count() == width),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("1,000"));
}

#[test]
fn bad_command_lines_are_refused() {
    let out = stats(&["--from", "2020-03-01", "--to", "2020-01-01"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("--to 2020-01-01 is before --from 2020-03-01"),
        "{}",
        out.stderr
    );
    let out = stats(&["--chart", "x.gif"]);
    out.expect_code(2);
    assert!(out.stderr.contains(".svg or .png"), "{}", out.stderr);
    let out = stats(&["--measure", "area", "--no-zones", "--chart", "x.svg"]);
    out.expect_code(2);
    let out = stats(&["--step", "0d"]);
    out.expect_code(2);
}

/// The bundled data's area chart, 2015 to March 2017, monthly (looked at by
/// eye: one line per force in its colour, quarterly ticks, legend, title).
#[test]
fn reference_chart() {
    crate::render::check_image("syria-stats-area", &|out| {
        frontline(&[
            "stats",
            "--from",
            "2015-01-01",
            "--to",
            "2017-03-02",
            "--step",
            "1m",
            "--zones",
            "--measure",
            "area",
            "--chart",
            out.to_str().unwrap(),
            "-o",
            "-",
        ])
        .expect_code(0);
    });
}
