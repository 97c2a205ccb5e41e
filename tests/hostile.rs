//! Hostile input and faults (issue 13): sizes that cannot be drawn, huge
//! polygons, broken CSV quoting, outputs onto inputs, text XML cannot carry,
//! absurd thread counts, signals. Each test names the kind it guards; the
//! guarantees are in docs/data-format.md ("What is rejected, what is warned,
//! what is never lost"). The bad inputs one command line can show are rows of the
//! battery (battery.rs); what is here needs more than a row.

use crate::util::*;

/// Kind 1: a canvas whose device pixels (width × height × scale²) pass the
/// cap is a usage error naming the sizes and the cap, before anything is
/// allocated or written.
#[test]
fn a_canvas_too_large_to_draw_is_refused() {
    let dir = TestDir::new();
    let big = dir.on_small(
        "render",
        &[
            "--date",
            "2016-03-20",
            "--width",
            "20000",
            "--height",
            "20000",
            "--scale",
            "1.2",
            "-o",
            "big.png",
        ],
    );
    big.expect_code(2);
    assert!(
        big.stderr.contains("24000×24000") && big.stderr.contains("134,217,728"),
        "{}",
        big.describe()
    );
    let animated = dir.on_small(
        "animate",
        &[
            "--from",
            "2016-03-20",
            "--to",
            "2016-03-21",
            "--width",
            "12000",
            "--height",
            "12000",
            "--out-dir",
            "frames",
        ],
    );
    animated.expect_code(2);
    assert!(
        animated.stderr.contains("12000×12000"),
        "{}",
        animated.describe()
    );
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
    // The largest scale of the default size stays within the cap; and an
    // SVG has no device pixels, so the cap does not apply to it.
    let svg = dir.on_small(
        "render",
        &[
            "--date",
            "2016-03-20",
            "--width",
            "20000",
            "--height",
            "20000",
            "-o",
            "big.svg",
        ],
    );
    svg.expect_code(0);
}

/// Kind 2: a place polygon of many vertices is checked in O(n log n), by
/// every command that loads the dataset: a crossing in a ring of 100,000
/// vertices is the usual located error (it took about 40 s when every pair of
/// edges was compared), and the same ring uncrossed loads.
#[test]
fn a_huge_place_polygon_is_checked_and_its_crossing_found() {
    let ring = |crossed: bool| {
        let n = 100_000;
        let mut points: Vec<String> = (0..n)
            .map(|k| {
                let t = std::f64::consts::TAU * k as f64 / n as f64;
                format!("[{:.7}, {:.7}]", 36.5 + 0.2 * t.cos(), 34.5 + 0.2 * t.sin())
            })
            .collect();
        if crossed {
            points.swap(1000, n / 2);
        }
        points.push(points[0].clone());
        points.join(",")
    };
    for crossed in [true, false] {
        let dir = TestDir::with_dataset("small");
        let feature = format!(
            r#"{{"type": "Feature", "id": "big", "properties": {{"name": "Big"}}, "geometry": {{"type": "Polygon", "coordinates": [[{}]]}}}}"#,
            ring(crossed)
        );
        let places = dir
            .read("places.geojson")
            .replacen("\n]}", &format!(",\n{feature}\n]}}"), 1);
        dir.write("places.geojson", places);
        let out = dir.on_own_data("check", &[]);
        if crossed {
            out.expect_code(1);
            assert_eq!(
                out.errors(),
                [
                    "./places.geojson: feature big: invalid ring: exterior ring has a self-intersection"
                ],
                "{}",
                out.describe()
            );
        } else {
            out.expect_code(0);
            assert!(out.errors().is_empty(), "{}", out.describe());
        }
    }
}

/// Kind 3, in `import acled`: ACLED exports are read by the same reader.
#[test]
fn a_stray_quote_in_an_acled_export_is_an_error_where_it_opened() {
    let dir = TestDir::new();
    let text = std::fs::read_to_string(root().join("tests/fixtures/acled/current.csv")).unwrap();
    let bad = text.replacen(
        ",SOHR,National,Fictional test row.",
        ",\"SOHR,National,Fictional test row.",
        1,
    );
    assert_ne!(bad, text);
    dir.write("acled.csv", bad);
    let out = dir.run(&[
        "import",
        "acled",
        "acled.csv",
        "--data",
        &abs("tests/fixtures/acled/data"),
        "-o",
        "events.csv",
    ]);
    out.expect_code(1);
    assert!(
        out.stderr
            .contains("acled.csv:3: the quoted field opened on this line"),
        "{}",
        out.describe()
    );
    assert!(!dir.join("events.csv").exists());
}

/// Kind 4: no output may replace an input, whatever name it is given (the
/// files are compared by identity), in every command that writes.
#[test]
fn an_output_onto_an_input_is_refused() {
    let dir = TestDir::with_dataset("small");
    let before = dir.read("events.csv");
    let places = dir.read("places.geojson");
    // Names of the formats the flags write, linked to an input: the
    // extension agrees, so only the input's identity can refuse them.
    #[cfg(unix)]
    for name in ["events.png", "events.html"] {
        std::os::unix::fs::symlink("events.csv", dir.join(name)).unwrap();
    }
    let cases: [&[&str]; 4] = [
        &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "-o",
            "events.png",
        ],
        &[
            "export",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "-o",
            "x/../places.geojson",
        ],
        &[
            "diff",
            "--data",
            ".",
            "--from",
            "2015-01-01",
            "--to",
            "2016-03-20",
            "-o",
            "./forces.csv",
        ],
        &[
            "animate",
            "--data",
            ".",
            "--from",
            "2016-03-01",
            "--to",
            "2016-03-20",
            "--no-frames",
            "--html",
            "events.html",
        ],
    ];
    std::fs::create_dir(dir.join("x")).unwrap();
    for args in cases {
        let out = dir.run(args);
        out.expect_code(2);
        assert!(
            out.stderr.contains("this is one of the command's inputs"),
            "{}",
            out.describe()
        );
    }
    assert_eq!(dir.read("events.csv"), before);
    assert_eq!(dir.read("places.geojson"), places);
    // A link to an input is the input.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("events.csv", dir.join("link.geojson")).unwrap();
        let out = dir.run(&[
            "export",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "-o",
            "link.geojson",
        ]);
        out.expect_code(2);
        assert!(
            out.stderr.contains("this is one of the command's inputs"),
            "{}",
            out.describe()
        );
        assert_eq!(dir.read("events.csv"), before);
    }
    // import: its exports and actor map are inputs too.
    let acled = abs("tests/fixtures/acled/current.csv");
    let copy = dir.join("acled.csv");
    std::fs::copy(&acled, &copy).unwrap();
    let out = dir.run(&[
        "import",
        "acled",
        "acled.csv",
        "--data",
        &abs("tests/fixtures/acled/data"),
        "-o",
        "new.csv",
        "--review",
        "acled.csv",
    ]);
    out.expect_code(2);
    assert!(
        out.stderr.contains(
            "frontline: acled.csv: this is one of the command's inputs (acled.csv): writing there would replace it; choose another output file"
        ),
        "{}",
        out.describe()
    );
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&acled).unwrap()
    );
    assert!(!dir.join("new.csv").exists());
}

/// Kind 4: a target that is neither a regular file nor a stream (a socket
/// here) is not written over; a stream (`/dev/null`) is written to.
#[cfg(unix)]
#[test]
fn an_output_onto_a_socket_is_refused() {
    let dir = TestDir::new();
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("sock")).unwrap();
    let out = dir.on_small("export", &["--date", "2016-03-20", "-o", "sock"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("sock: not a regular file"),
        "{}",
        out.describe()
    );
    dir.on_small("export", &["--date", "2016-03-20", "-o", "/dev/null"])
        .expect_code(0);
}

/// Kind 5: characters XML cannot carry (and invisible controls) made the
/// SVG malformed with exit 0. Every text of a dataset is checked when it
/// loads, and each one is an error naming its file and line or feature.
#[test]
fn characters_xml_cannot_carry_are_refused_where_they_are() {
    let dir = TestDir::with_dataset("small");
    let places = dir
        .read("places.geojson")
        .replacen("\"Gimel\"", "\"Gi\\uffffmel\"", 1);
    dir.write("places.geojson", places);
    let events = dir
        .read("events.csv")
        .replacen("no holder yet", "no holder\u{1} yet", 1);
    dir.write("events.csv", events);
    let config = dir.read("frontline.toml").replacen(
        "title = \"Small test dataset\"",
        "title = \"Small \\u0008test\"",
        1,
    );
    dir.write("frontline.toml", config);
    let out = dir.on_own_data("render", &["--date", "2016-03-20", "-o", "map.svg"]);
    out.expect_code(1);
    let tail = "which maps and the viewer cannot show (SVG and HTML cannot carry it): remove it";
    assert_eq!(
        out.errors(),
        [
            format!(
                "./frontline.toml:1: title: the text holds U+0008 (a control character), {tail}"
            ),
            format!(
                "./places.geojson: feature c: property \"name\" holds U+FFFF (a noncharacter), {tail}"
            ),
            format!("./events.csv:8: the line holds U+0001 (a control character), {tail}"),
        ],
        "{}",
        out.describe()
    );
    assert!(!dir.join("map.svg").exists());
}

/// Kind 6: threads that cannot be started (here: too little address space
/// for 256 of them) are a clear error with exit 1, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn threads_that_cannot_start_are_an_error() {
    let dir = TestDir::new();
    let script = format!(
        "ulimit -v 250000 && exec \"$0\" animate --data {} --from 2016-03-01 --to 2016-03-20 --jobs 256 -q",
        abs(SMALL)
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_frontline")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("frontline: cannot start 256 threads: "),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
}

/// Kind 5: the one text that does not come from a file, the folder's name
/// (the title when frontline.toml gives none), cannot break the map either:
/// characters XML cannot carry become U+FFFD.
#[cfg(unix)]
#[test]
fn a_folder_name_xml_cannot_carry_makes_a_map() {
    let dir = TestDir::new();
    let data = dir.join("war\u{ffff}\u{1}");
    std::fs::create_dir(&data).unwrap();
    for name in ["places.geojson", "forces.csv", "events.csv"] {
        std::fs::copy(root().join(SMALL).join(name), data.join(name)).unwrap();
    }
    let data = data.to_str().unwrap();
    dir.run(&[
        "render",
        "--data",
        data,
        "--date",
        "2016-03-20",
        "-o",
        "map.svg",
    ])
    .expect_code(0);
    let svg = dir.read("map.svg");
    assert!(svg.contains(">war\u{fffd}\u{fffd}<"), "{svg}");
    assert!(!svg.contains('\u{ffff}'));
    dir.run(&[
        "render",
        "--data",
        data,
        "--date",
        "2016-03-20",
        "-o",
        "map.png",
    ])
    .expect_code(0);
}

/// Kind 7: when stderr cannot be written (a full disk), messages are lost
/// but the program finishes with its own exit status, not a panic (101).
#[test]
fn a_stderr_that_cannot_be_written_does_not_panic() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let dir = TestDir::new();
    let status = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(args)
            .current_dir(dir.path())
            .stdout(full())
            .stderr(full())
            .status()
            .unwrap()
            .code()
    };
    let small = abs(SMALL);
    // A success that reports what it wrote, and a data error.
    let wrote = status(&[
        "render",
        "--data",
        &small,
        "--date",
        "2016-03-20",
        "-o",
        "map.svg",
    ]);
    assert_eq!(wrote, Some(0));
    assert!(dir.join("map.svg").is_file());
    let missing = status(&["check", "--data", "no-such-folder"]);
    assert_eq!(missing, Some(1));
}

/// Kind 8: SIGTERM (what `timeout`, systemd and CI send) ends every command
/// that writes like Ctrl-C: status 130 and no temporary file left. It used
/// to kill the process where it stood. `import` writes its files together;
/// with its review file a named pipe no one reads, it stops while opening
/// it, with the events file's temporary one made: a moment the test can
/// wait for rather than time.
#[cfg(unix)]
#[test]
fn sigterm_while_writing_leaves_no_temporary_file() {
    use std::process::{Command, Stdio};
    let dir = TestDir::new();
    let status = Command::new("mkfifo")
        .arg(dir.join("review.csv"))
        .status()
        .unwrap();
    assert!(status.success());
    let child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(dir.path())
        .args(["import", "acled"])
        .arg(abs("tests/fixtures/acled/current.csv"))
        .args(["--data", &abs("tests/fixtures/acled/data")])
        .args(["-o", "events.csv", "--review", "review.csv"])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !dir.entries().iter().any(|e| e.starts_with(".frontline-")) {
        assert!(
            started.elapsed().as_secs() < 60,
            "no temporary file after a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let result = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: no partial file left ("),
        "{stderr}"
    );
    assert_eq!(dir.entries(), ["review.csv"], "{stderr}");
}

/// Kind 8: a temporary file left by a killed run (SIGKILL cannot be
/// handled) is recognised by the next run that writes into its folder, by
/// the process id in its name, and removed, with a line on stderr; one of a
/// process still running is left alone.
#[test]
fn a_temporary_file_of_a_killed_run_is_removed_by_the_next() {
    let dir = TestDir::new();
    // A process id that has just ended.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = format!(".frontline-{dead}-AbC123.tmp");
    let alive = format!(".frontline-{}-XyZ789.tmp", std::process::id());
    dir.write(&stale, "half a map")
        .write(&alive, "being written");
    let out = dir.on_small("export", &["--date", "2016-03-20", "-o", "state.geojson"]);
    out.expect_code(0);
    assert!(
        out.stderr.contains(&format!(
            "removed ./{stale}, a temporary file left by a run that was killed"
        )) || out.stderr.contains(&format!(
            "{stale}, a temporary file left by a run that was killed"
        )),
        "{}",
        out.describe()
    );
    assert_eq!(dir.entries(), [alive.as_str(), "state.geojson"]);
}
