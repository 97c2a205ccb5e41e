//! What every command shares on the command line (issue 12, "The command
//! line"): an output's extension and its format agree, a command that writes
//! a file says so and `--quiet` silences it, `--date`/`--from`/`--to` take
//! the forms of event dates, and `--help` shows examples and the default
//! dataset.
//!
//! A behaviour of one command alone belongs in that command's module.

use crate::util::*;

/// Each command that writes a file, run in a fresh folder on the small
/// dataset (absolute), with the file it writes there.
fn writing_commands(
    small: &str,
    acled: &str,
    acled_data: &str,
) -> Vec<(Vec<String>, &'static str)> {
    let with = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (
            with(&[
                "render",
                "--data",
                small,
                "--date",
                "2016-03-10",
                "-o",
                "m.png",
            ]),
            "m.png",
        ),
        (
            with(&[
                "export",
                "--data",
                small,
                "--date",
                "2016-03-10",
                "-o",
                "s.geojson",
            ]),
            "s.geojson",
        ),
        (
            with(&[
                "diff",
                "--data",
                small,
                "--from",
                "2015-01-01",
                "--to",
                "2016-03-20",
                "-o",
                "d.csv",
            ]),
            "d.csv",
        ),
        (
            with(&[
                "stats",
                "--data",
                small,
                "--from",
                "2015-01-01",
                "--to",
                "2016-03-20",
                "-o",
                "s.json",
            ]),
            "s.json",
        ),
        (
            with(&[
                "stats",
                "--data",
                small,
                "--from",
                "2015-01-01",
                "--to",
                "2016-03-20",
                "--chart",
                "c.svg",
            ]),
            "c.svg",
        ),
        (
            with(&["places", "--data", small, "-o", "p.geojson"]),
            "p.geojson",
        ),
        (with(&["init", "war"]), "war"),
        (
            with(&[
                "import", "acled", acled, "--data", acled_data, "-o", "e.csv",
            ]),
            "e.csv",
        ),
        (
            with(&[
                "animate",
                "--data",
                small,
                "--from",
                "2016-03-01",
                "--to",
                "2016-03-10",
                "--no-frames",
                "--html",
                "v.html",
            ]),
            "v.html",
        ),
    ]
}

#[test]
fn every_command_that_writes_a_file_says_so_unless_quiet() {
    let (small, acled, acled_data) = (
        abs(SMALL),
        abs("tests/fixtures/acled/current.csv"),
        abs("tests/fixtures/acled/data"),
    );
    for quiet in [false, true] {
        for (mut args, file) in writing_commands(&small, &acled, &acled_data) {
            let dir = TestDir::new();
            if quiet {
                args.push("--quiet".into());
            }
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = dir.run(&refs);
            out.expect_code(0);
            assert!(dir.join(file).exists(), "{}", out.describe());
            if quiet {
                assert_eq!(out.stderr, "", "{}", out.describe());
            } else {
                assert!(
                    out.stderr
                        .lines()
                        .any(|l| l.starts_with(&format!("wrote {file}"))),
                    "{}",
                    out.describe()
                );
            }
        }
    }
}

/// Runs `args` in a fresh folder and expects a command-line error that
/// names `words`, with nothing written.
#[track_caller]
fn refused(args: &[&str], words: &[&str]) {
    let dir = TestDir::new();
    let out = dir.on_small(args[0], &args[1..]);
    out.expect_code(2);
    for w in words {
        assert!(out.stderr.contains(w), "no {w:?}\n{}", out.describe());
    }
    assert_eq!(dir.entries(), Vec::<String>::new(), "{}", out.describe());
}

#[test]
fn an_extension_of_another_format_is_refused() {
    let render = ["render", "--date", "2016-03-10"];
    let with = |base: &[&'static str], more: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(more).copied().collect()
    };
    refused(
        &with(&render, &["-o", "m.jpg"]),
        &["-o m.jpg", "JPEG", ".png or .svg"],
    );
    refused(&with(&render, &["-o", "m.PDF"]), &["-o m.PDF", "PDF"]);
    refused(
        &with(&render, &["--format", "svg", "-o", "m.png"]),
        &["--format svg does not match -o m.png", ".svg"],
    );
    refused(
        &["export", "--date", "2016-03-10", "-o", "s.csv"],
        &["CSV", "name a .geojson, .json, .geojsonl"],
    );
    let diff = ["diff", "--from", "2015-01-01", "--to", "2016-03-20"];
    refused(
        &with(&diff, &["--format", "json", "-o", "d.csv"]),
        &["--format json does not match -o d.csv"],
    );
    refused(
        &with(&diff, &["-o", "d.png"]),
        &["PNG", ".txt, .csv or .json"],
    );
    refused(
        &["stats", "--format", "csv", "-o", "s.json"],
        &["--format csv does not match -o s.json"],
    );
    refused(&["places", "-o", "p.csv"], &["-o p.csv"]);
    let animate = [
        "animate",
        "--from",
        "2016-03-01",
        "--to",
        "2016-03-10",
        "--no-frames",
    ];
    refused(
        &with(&animate, &["--gif", "a.png"]),
        &["--gif a.png", ".gif"],
    );
    refused(
        &with(&animate, &["--html", "a.gif"]),
        &["--html a.gif", ".html"],
    );
    refused(&with(&animate, &["--apng", "a.gif"]), &["--apng a.gif"]);
}

#[test]
fn a_known_extension_chooses_the_format() {
    let dir = TestDir::new();
    dir.on_small("render", &["--date", "2016-03-10", "-o", "m.SVG"])
        .expect_code(0);
    assert!(dir.read("m.SVG").starts_with("<svg"), "not SVG");
    // An unknown extension says nothing: --format decides, else PNG.
    dir.on_small(
        "render",
        &["--date", "2016-03-10", "--format", "svg", "-o", "m.out"],
    )
    .expect_code(0);
    assert!(dir.read("m.out").starts_with("<svg"), "not SVG");
    dir.on_small("render", &["--date", "2016-03-10", "-o", "m.img"])
        .expect_code(0);
    assert!(
        std::fs::read(dir.join("m.img"))
            .unwrap()
            .starts_with(b"\x89PNG")
    );
    for (file, first) in [
        ("d.csv", "id,name,"),
        ("d.json", "["),
        ("d.txt", "2 places changed"),
    ] {
        dir.on_small(
            "diff",
            &["--from", "2015-02-15", "--to", "2016-03-20", "-o", file],
        )
        .expect_code(0);
        assert!(
            dir.read(file).starts_with(first),
            "{file}: {}",
            dir.read(file)
        );
    }
    dir.on_small(
        "stats",
        &["--from", "2015-01-01", "--to", "2016-03-20", "-o", "s.json"],
    )
    .expect_code(0);
    let stats: serde_json::Value = serde_json::from_str(&dir.read("s.json")).expect("JSON");
    assert!(stats.is_object(), "{stats}");
}

#[test]
fn dates_take_the_forms_of_event_dates() {
    // A coarse date is its first day, as in events.csv.
    for (short, day) in [("2016", "2016-01-01"), ("2016-03", "2016-03-01")] {
        let a = on_small("export", &["--date", short]);
        a.expect_code(0);
        let b = on_small("export", &["--date", day]);
        assert_eq!(a.json(), b.json(), "{short}");
        assert_eq!(features(&a.json())[0]["properties"]["date"], day);
    }
    let d = on_small(
        "diff",
        &["--from", "2015", "--to", "2016-03", "--format", "json"],
    );
    let full = on_small(
        "diff",
        &[
            "--from",
            "2015-01-01",
            "--to",
            "2016-03-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(d.json(), full.json());
    let dir = TestDir::new();
    let out = dir.on_small("render", &["--date", "2016-3"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("want YYYY-MM-DD, YYYY-MM or YYYY")
            && out.stderr.contains("first day of the month or year"),
        "{}",
        out.describe()
    );
}

#[test]
fn help_has_examples_and_names_the_default_dataset() {
    let top = frontline(&["--help"]);
    top.expect_code(0);
    assert!(
        top.stdout.contains("bundled dataset, geodata/syria"),
        "{}",
        top.stdout
    );
    for cmd in [
        "render", "export", "diff", "check", "animate", "import", "init", "places", "stats",
    ] {
        let out = frontline(&[cmd, "--help"]);
        out.expect_code(0);
        let examples = out.stdout.split("Examples:\n").nth(1).unwrap_or_default();
        assert!(
            examples
                .lines()
                .next()
                .is_some_and(|l| l.trim_start().starts_with(&format!("frontline {cmd}"))),
            "{cmd}: {}",
            out.stdout
        );
    }
}
