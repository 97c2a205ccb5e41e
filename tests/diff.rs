//! `frontline diff --from D1 --to D2` (docs/data-format.md, "diff"): exactly
//! the places whose holder or status differs between the two dates, with the
//! date of the change and its source, in each output format (table, csv, json); `-o`;
//! its command-line errors (exit 2).
//!
//! Tests of `diff` belong here; the states it compares are export.rs's.

use crate::util::*;
use serde_json::{Value, json};

fn diff(from: &str, to: &str, format: &str) -> Output {
    let out = on_small("diff", &["--from", from, "--to", to, "--format", format]);
    out.expect_code(0);
    out
}

fn diff_json(from: &str, to: &str) -> Value {
    diff(from, to, "json").json()
}

/// The CSV output as rows of fields (header first).
fn diff_csv(from: &str, to: &str) -> Vec<Vec<String>> {
    let out = diff(from, to, "csv");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.stdout.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The table's rows after its title and header, split on whitespace.
fn diff_table(from: &str, to: &str) -> (String, Vec<Vec<String>>) {
    let out = diff(from, to, "table");
    let mut lines = out.stdout.lines();
    let title = lines.next().unwrap_or_default().to_string();
    let rows = lines
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    (title, rows)
}

const HEADER: [&str; 10] = [
    "id",
    "name",
    "from_controller",
    "from_status",
    "from_challenger",
    "to_controller",
    "to_status",
    "to_challenger",
    "date",
    "source",
];

// From 2015-02-15 to 2016-03-20: c and d were taken by x. Place a went
// x contested → x held → y held → x contested: changed and changed back, so
// not listed. Place 7 stayed unknown.

#[test]
fn json_lists_exactly_the_changed_places() {
    assert_eq!(
        diff_json("2015-02-15", "2016-03-20"),
        json!([
            {
                "id": "c", "name": "Gimel",
                "from_controller": null, "from_status": "unknown", "from_challenger": null,
                "to_controller": "x", "to_status": "held", "to_challenger": null,
                "date": "2016-01-01", "source": "s6"
            },
            {
                "id": "d", "name": "Dalet",
                "from_controller": null, "from_status": "unknown", "from_challenger": null,
                "to_controller": "x", "to_status": "held", "to_challenger": null,
                "date": "2016-03-15", "source": null
            }
        ])
    );
}

#[test]
fn csv_lists_exactly_the_changed_places() {
    assert_eq!(
        diff_csv("2015-02-15", "2016-03-20"),
        vec![
            HEADER.map(String::from).to_vec(),
            [
                "c",
                "Gimel",
                "",
                "unknown",
                "",
                "x",
                "held",
                "",
                "2016-01-01",
                "s6"
            ]
            .map(String::from)
            .to_vec(),
            [
                "d",
                "Dalet",
                "",
                "unknown",
                "",
                "x",
                "held",
                "",
                "2016-03-15",
                ""
            ]
            .map(String::from)
            .to_vec(),
        ]
    );
}

#[test]
fn table_lists_exactly_the_changed_places() {
    let (title, rows) = diff_table("2015-02-15", "2016-03-20");
    assert!(title.starts_with("2 places changed"), "{title}");
    assert_eq!(
        rows,
        vec![
            vec!["Gimel", "unknown", "Force", "X", "2016-01-01", "s6"],
            vec!["Dalet", "unknown", "Force", "X", "2016-03-15"],
        ]
    );
}

#[test]
fn changed_and_changed_back_is_not_listed() {
    // a: x held on 2015-01-01, contested in February, x held again on 2015-03-01.
    assert_eq!(diff_json("2015-01-01", "2015-03-01"), json!([]));
    assert_eq!(
        diff_csv("2015-01-01", "2015-03-01"),
        vec![HEADER.map(String::from).to_vec()]
    );
    let (title, rows) = diff_table("2015-01-01", "2015-03-01");
    assert!(title.starts_with("0 places changed"), "{title}");
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn same_date_lists_nothing() {
    assert_eq!(diff_json("2016-03-20", "2016-03-20"), json!([]));
}

#[test]
fn holder_change() {
    assert_eq!(
        diff_json("2015-03-01", "2015-04-30"),
        json!([{
            "id": "a", "name": "Ālif",
            "from_controller": "x", "from_status": "held", "from_challenger": null,
            "to_controller": "y", "to_status": "held", "to_challenger": null,
            "date": "2015-04-01", "source": "s3"
        }])
    );
    let (_, rows) = diff_table("2015-03-01", "2015-04-30");
    assert_eq!(
        rows,
        vec![vec!["Ālif", "Force", "X", "Force", "Y", "2015-04-01", "s3"]]
    );
}

#[test]
fn status_change_with_the_same_holder() {
    // a: x held on 2015-03-01; on 2015-05-01 x holds again (s4) and y
    // contests (s5): the holder is the same, the status changed.
    let got = diff_json("2015-03-01", "2015-06-01");
    assert_eq!(
        got,
        json!([{
            "id": "a", "name": "Ālif",
            "from_controller": "x", "from_status": "held", "from_challenger": null,
            "to_controller": "x", "to_status": "contested", "to_challenger": "y",
            "date": "2015-05-01", "source": "s5"
        }])
    );
}

#[test]
fn the_date_is_that_of_the_last_change() {
    // a: unknown on 2014-12-31; between then and 2015-04-30 it was taken by
    // x, contested, held, then taken by y: the change that counts is y's.
    let got = diff_json("2014-12-31", "2015-04-30");
    assert_eq!(got.as_array().unwrap().len(), 1, "{got}");
    assert_eq!(got[0]["id"], "a");
    assert_eq!(got[0]["from_status"], "unknown");
    assert_eq!(got[0]["to_controller"], "y");
    assert_eq!(got[0]["date"], "2015-04-01");
    assert_eq!(got[0]["source"], "s3");
}

#[test]
fn the_source_is_that_of_the_event_that_made_the_change() {
    let dir = TestDir::with_dataset("small");
    dir.write(
        "events.csv",
        "date,place,force,status,source\n\
         2015-01-01,a,x,held,first report\n\
         2015-01-01,a,x,held,second report\n",
    );
    let out = frontline(&[
        "diff",
        "--data",
        dir.path_str(),
        "--from",
        "2014-12-31",
        "--to",
        "2015-01-02",
        "--format",
        "json",
    ]);
    out.expect_code(0);
    let export = frontline(&["export", "--data", dir.path_str(), "--date", "2015-01-02"]);
    assert_eq!(
        feature(&export.json(), "a")["properties"]["source"],
        "first report"
    );
    assert_eq!(
        out.json()[0]["source"],
        "first report",
        "{}",
        out.describe()
    );
}

#[test]
fn output_file() {
    let dir = TestDir::new();
    let out = dir.on_small(
        "diff",
        &[
            "--from",
            "2015-02-15",
            "--to",
            "2016-03-20",
            "--format",
            "json",
            "-o",
            "changes.json",
        ],
    );
    out.expect_code(0);
    assert_eq!(out.stdout, "");
    assert_eq!(dir.entries(), ["changes.json"]);
    let written: Value = serde_json::from_str(&dir.read("changes.json")).unwrap();
    assert_eq!(written, diff_json("2015-02-15", "2016-03-20"));
}

#[test]
fn bad_data_exits_one_and_writes_nothing() {
    let dir = TestDir::new();
    let events = abs(&format!("{BAD}/events-errors.csv"));
    let out = dir.on_small(
        "diff",
        &[
            "--events",
            &events,
            "--from",
            "2015-01-01",
            "--to",
            "2015-02-01",
            "-o",
            "changes.txt",
        ],
    );
    out.expect_code(1);
    assert_eq!(out.errors().len(), 4, "{}", out.describe());
    assert_eq!(dir.entries(), Vec::<String>::new());
}

#[test]
fn command_line_errors_exit_two() {
    let dir = TestDir::new();
    for args in [
        vec!["--from", "2017-13-01", "--to", "2018-01-01"],
        vec!["--from", "2017-01-01", "--to", "yesterday"],
        vec!["--from", "2017-01-01"],
        vec![
            "--from",
            "2017-01-01",
            "--to",
            "2018-01-01",
            "--format",
            "xml",
        ],
        vec!["--from", "2017-01-01", "--to", "2018-01-01", "--bogus"],
    ] {
        let mut all = args;
        all.extend(["-o", "changes.txt"]);
        let out = dir.on_small("diff", &all);
        out.expect_code(2);
        assert_eq!(out.stdout, "", "{}", out.describe());
        assert_eq!(dir.entries(), Vec::<String>::new(), "{}", out.describe());
    }
}

#[test]
fn a_reversed_range_is_a_command_line_error_in_the_flags_words() {
    let out = on_small("diff", &["--from", "2016-01-01", "--to", "2015-01-01"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("--to 2015-01-01 is before --from 2016-01-01"),
        "{}",
        out.describe()
    );
}

/// A copy of the small dataset whose events change its places in the
/// opposite of their file order: Dalet and Gimel on one day, Ālif later.
fn out_of_order_dataset() -> TestDir {
    let dir = TestDir::with_dataset("small");
    dir.write(
        "events.csv",
        "date,place,force,status,source\n\
         2015-06-01,a,x,held,sa\n\
         2015-01-01,c,x,held,sc\n\
         2015-01-01,d,y,held,sd\n",
    );
    dir
}

#[test]
fn rows_come_by_date_of_change_then_name() {
    let dir = out_of_order_dataset();
    let out = frontline(&[
        "diff",
        "--data",
        dir.path_str(),
        "--from",
        "2014-12-31",
        "--to",
        "2015-12-31",
        "--format",
        "json",
    ]);
    out.expect_code(0);
    let names: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    // file order is Ālif, Gimel, Dalet; on 2015-01-01 Dalet sorts before Gimel.
    assert_eq!(names, ["Dalet", "Gimel", "Ālif"], "{}", out.describe());
}

#[test]
fn all_lists_places_that_changed_and_changed_back() {
    // a: x held on 2015-01-01, contested by y in February, x held again on
    // 2015-03-01: the same state on both dates, so listed only with --all.
    let net = diff_json("2015-01-01", "2015-03-01");
    assert_eq!(net, json!([]));
    let out = on_small(
        "diff",
        &[
            "--from",
            "2015-01-01",
            "--to",
            "2015-03-01",
            "--all",
            "--format",
            "json",
        ],
    );
    out.expect_code(0);
    assert_eq!(
        out.json(),
        json!([{
            "id": "a", "name": "Ālif",
            "from_controller": "x", "from_status": "held", "from_challenger": null,
            "to_controller": "x", "to_status": "held", "to_challenger": null,
            "date": "2015-03-01", "source": "s2"
        }])
    );
    let table = on_small(
        "diff",
        &["--from", "2015-01-01", "--to", "2015-03-01", "--all"],
    );
    table.expect_code(0);
    assert!(
        table.stdout.starts_with(
            "1 place changed between 2015-01-01 and 2015-03-01 (1 of them changed back)"
        ),
        "{}",
        table.describe()
    );
    assert!(
        table
            .stdout
            .lines()
            .nth(2)
            .is_some_and(|l| l.contains("Force X (back again)")),
        "{}",
        table.describe()
    );
}
