//! The battery of bad inputs (issue 13): one row per case, each a copy of
//! the small fixture dataset with one file edited, a command run on it, and
//! the exit status and the exact message fragment expected. It covers every
//! kind of issue 13 that a command line can show, and the bad inputs that
//! already worked, so they keep working. Faults a row cannot stage (a
//! signal, a stderr on a full disk, a pool of threads that cannot start)
//! have their own tests in hostile.rs.
//!
//! A new bad input is a new row: what the user does, what they must be told.

use crate::util::*;

/// A change to one file of the small dataset.
enum Edit {
    /// The file's whole new text.
    Write(&'static str),
    /// Text added at the end (a row of a CSV file).
    Append(&'static str),
    /// The first occurrence of the first text, replaced by the second.
    Replace(&'static str, &'static str),
    /// A feature added to places.geojson.
    AddPlace(&'static str),
}

struct Case {
    /// The kind of issue 13 (or "ok" for a bad input that already worked),
    /// and what the case is.
    what: &'static str,
    edits: &'static [(&'static str, Edit)],
    /// The command line, run in the dataset's folder (`--data .`).
    args: &'static [&'static str],
    code: i32,
    /// A fragment of what the command printed (stdout, then stderr).
    says: &'static str,
    /// Files the command must (true) or must not (false) have written.
    writes: &'static [(&'static str, bool)],
}

use Edit::*;

const RENDER: &[&str] = &["render", "--data", ".", "--date", "2016-03-20"];

const CASES: &[Case] = &[
    // Kind 1: a canvas too large to draw.
    Case {
        what: "1: device pixels past the cap",
        edits: &[],
        args: &[
            "render",
            "--data",
            ".",
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
        code: 2,
        says: "24000×24000",
        writes: &[("big.png", false)],
    },
    Case {
        what: "1: an animation's canvas past the cap",
        edits: &[],
        args: &[
            "animate",
            "--data",
            ".",
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
        code: 2,
        says: "frontline: a map of 12000×12000 pixels at scale 1 is 12000×12000 = 144,000,000 device pixels, more than the 134,217,728 a map may have (a 512 MiB image): make it smaller or lower the scale",
        writes: &[("frames", false)],
    },
    // Kind 3: quoting that would swallow rows.
    Case {
        what: "3: a stray quote mid-file",
        edits: &[(
            "events.csv",
            Replace(
                "2015-02-01,ALEF,y,contested,,",
                "2015-02-01,ALEF,y,contested,,\"retaken",
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./events.csv:3: the quoted field opened on this line runs on over line 4, which has as many fields as a row",
        writes: &[],
    },
    Case {
        what: "3: a quote never closed",
        edits: &[(
            "events.csv",
            Append("2016-04-01,a,x,held,,\"never closed\n"),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./events.csv:12: the quoted field opened on this line is never closed",
        writes: &[],
    },
    // Kind 4: an output onto an input.
    Case {
        // (An output named like a CSV file is refused by its extension
        // first: the input is reached through a name the command writes.)
        what: "4: export -o an input",
        edits: &[],
        args: &[
            "export",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "-o",
            "x/../places.geojson",
        ],
        code: 2,
        says: "this is one of the command's inputs (./places.geojson)",
        writes: &[],
    },
    // Kind 5: text XML cannot carry.
    Case {
        what: "5: a noncharacter in a name",
        edits: &[("places.geojson", Replace("\"Gimel\"", "\"Gi\\uffffmel\""))],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson: feature c: property \"name\" holds U+FFFF (a noncharacter)",
        writes: &[],
    },
    // Kind 6: threads.
    Case {
        what: "6: --jobs 0",
        edits: &[],
        args: &[
            "animate",
            "--data",
            ".",
            "--from",
            "2016-03-01",
            "--to",
            "2016-03-20",
            "--jobs=0",
        ],
        code: 2,
        says: "is not a number of threads from 1 to 256",
        writes: &[],
    },
    Case {
        what: "6: --jobs 257",
        edits: &[],
        args: &[
            "animate",
            "--data",
            ".",
            "--from",
            "2016-03-01",
            "--to",
            "2016-03-20",
            "--jobs=257",
        ],
        code: 2,
        says: "is not a number of threads from 1 to 256",
        writes: &[],
    },
    Case {
        what: "6: --jobs 100000",
        edits: &[],
        args: &[
            "animate",
            "--data",
            ".",
            "--from",
            "2016-03-01",
            "--to",
            "2016-03-20",
            "--jobs=100000",
        ],
        code: 2,
        says: "is not a number of threads from 1 to 256",
        writes: &[],
    },
    Case {
        what: "6: --jobs -1",
        edits: &[],
        args: &[
            "animate",
            "--data",
            ".",
            "--from",
            "2016-03-01",
            "--to",
            "2016-03-20",
            "--jobs=-1",
        ],
        code: 2,
        says: "is not a number of threads from 1 to 256",
        writes: &[],
    },
    // Kind 9: extents the projection cannot handle, and one that shows nothing.
    Case {
        what: "9: a world extent reaching the poles",
        edits: &[],
        args: &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "--bbox=-180,-90,180,90",
            "-o",
            "m.svg",
        ],
        code: 2,
        says: "reaches latitude 90: the map's conic projection cannot show the poles; latitudes must be between -85 and 85",
        writes: &[("m.svg", false)],
    },
    Case {
        what: "9: a latitude past 85 in frontline.toml",
        edits: &[("frontline.toml", Append("bbox = [30, 30, 40, 86]\n"))],
        args: &["check", "--data", "."],
        code: 1,
        says: "./frontline.toml:3: bbox: [30.0, 30.0, 40.0, 86.0] reaches latitude 86",
        writes: &[],
    },
    Case {
        what: "9: an inverted extent",
        edits: &[],
        args: &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "--bbox=40,30,30,35",
            "-o",
            "m.svg",
        ],
        code: 2,
        says: "min must be less than max",
        writes: &[("m.svg", false)],
    },
    Case {
        what: "9: an extent of no area",
        edits: &[],
        args: &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "--bbox=30,30,30,35",
            "-o",
            "m.svg",
        ],
        code: 2,
        says: "min must be less than max",
        writes: &[("m.svg", false)],
    },
    Case {
        what: "9: an extent away from every place",
        edits: &[],
        args: &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "--bbox=0,0,10,10",
            "-o",
            "m.svg",
        ],
        code: 0,
        says: "frontline: warning: no place of the dataset lies in the map's extent",
        writes: &[("m.svg", true)],
    },
    // Kind 10: smaller things.
    Case {
        what: "9: animate over an extent away from every place",
        edits: &[],
        args: &[
            "animate",
            "--data",
            ".",
            "--from",
            "2016-03-19",
            "--to",
            "2016-03-20",
            "--step",
            "1d",
            "--format",
            "svg",
            "--bbox=0,0,10,10",
            "--out-dir",
            "f",
        ],
        code: 0,
        says: "frontline: warning: no place of the dataset lies in the map's extent",
        writes: &[("f/2016-03-20.svg", true)],
    },
    // Kind 10: smaller things.
    Case {
        what: "10: --scale below 0.1",
        edits: &[],
        args: &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "--scale",
            "0.0001",
        ],
        code: 2,
        says: "is not a scale: want a number at least 0.1 and at most 8",
        writes: &[],
    },
    Case {
        what: "10: a column named twice",
        edits: &[(
            "events.csv",
            Replace(
                "date,place,force,status,source,note",
                "date,place,force,status,source,place",
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./events.csv:1: column \"place\" appears twice in the header (columns 2 and 6)",
        writes: &[],
    },
    Case {
        what: "10: -o -",
        edits: &[],
        args: &["render", "--data", ".", "--date", "2016-03-20", "-o", "-"],
        code: 2,
        says: "write to /dev/stdout for that",
        writes: &[("-", false)],
    },
    Case {
        what: "10: an empty MultiPolygon",
        edits: &[(
            "places.geojson",
            AddPlace(
                r#"{"type": "Feature", "id": "e", "properties": {"name": "He"}, "geometry": {"type": "MultiPolygon", "coordinates": []}}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson: feature e: the MultiPolygon is empty (no positions): give the place a position or an area",
        writes: &[],
    },
    Case {
        what: "10: an empty Polygon",
        edits: &[(
            "places.geojson",
            AddPlace(
                r#"{"type": "Feature", "id": "e", "properties": {"name": "He"}, "geometry": {"type": "Polygon", "coordinates": []}}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson: feature e: the Polygon is empty (no positions)",
        writes: &[],
    },
    Case {
        what: "10: a polygon across the antimeridian",
        edits: &[(
            "places.geojson",
            AddPlace(
                r#"{"type": "Feature", "id": "e", "properties": {"name": "He"}, "geometry": {"type": "Polygon", "coordinates": [[[179, 10], [-179, 10], [-179, 11], [179, 11], [179, 10]]]}}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson: feature e: a ring crosses the antimeridian (an edge from longitude 179 to -179): cut the polygon in two at ±180°",
        writes: &[],
    },
    Case {
        what: "10: a basemap polygon across the antimeridian",
        edits: &[(
            "basemap.geojson",
            Write(
                r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "fiji", "properties": {"kind": "country", "name": "Fiji"}, "geometry": {"type": "Polygon", "coordinates": [[[179, -17], [-179, -17], [-179, -16], [179, -16], [179, -17]]]}}]}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./basemap.geojson: feature fiji: a ring crosses the antimeridian (an edge from longitude 179 to -179)",
        writes: &[],
    },
    // A basemap feature with no positions drew nothing, without a word; it
    // is refused as a missing geometry is (the row after), and as a place's.
    Case {
        what: "10: an empty Polygon in the basemap",
        edits: &[(
            "basemap.geojson",
            Write(
                r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "land", "properties": {"kind": "country", "name": "Land", "focus": true}, "geometry": {"type": "Polygon", "coordinates": [[]]}}]}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./basemap.geojson: feature land: the Polygon is empty (no positions): give the feature its coordinates, or remove it",
        writes: &[],
    },
    Case {
        what: "10: an empty MultiPolygon in the basemap stops a render",
        edits: &[(
            "basemap.geojson",
            Write(
                r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": "lake"}, "geometry": {"type": "MultiPolygon", "coordinates": []}}]}"#,
            ),
        )],
        args: &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "-o",
            "m.png",
        ],
        code: 1,
        says: "./basemap.geojson: feature #0: the MultiPolygon is empty (no positions)",
        writes: &[("m.png", false)],
    },
    Case {
        what: "10: an empty LineString in the basemap",
        edits: &[(
            "basemap.geojson",
            Write(
                r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "r", "properties": {"kind": "river"}, "geometry": {"type": "LineString", "coordinates": []}}]}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./basemap.geojson: feature r: the LineString is empty (no positions)",
        writes: &[],
    },
    Case {
        what: "ok: a basemap feature with a null geometry",
        edits: &[(
            "basemap.geojson",
            Write(
                r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "land", "properties": {"kind": "country"}, "geometry": null}]}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./basemap.geojson: feature land: has no geometry",
        writes: &[],
    },
    Case {
        what: "10: a huge coordinate is written short",
        edits: &[(
            "places.geojson",
            AddPlace(
                r#"{"type": "Feature", "id": "e", "properties": {"name": "He"}, "geometry": {"type": "Point", "coordinates": [1e308, 0]}}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson: feature e: coordinate [1e308, 0] is outside [-180,180]×[-90,90]",
        writes: &[],
    },
    Case {
        what: "10: an empty id names the feature by its index",
        edits: &[(
            "places.geojson",
            AddPlace(
                r#"{"type": "Feature", "id": "", "properties": {"name": "He"}, "geometry": {"type": "Point", "coordinates": [36.5, 34.5]}}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson: feature #4: the id is empty",
        writes: &[],
    },
    Case {
        what: "3: rows of a file whose lines end in a carriage return alone keep their lines",
        edits: &[(
            "events.csv",
            Write(
                "date,place,force,status,source,note\r2015-01-01,a,x,held,,\r2015-13-01,a,x,held,,\r",
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./events.csv:3: \"2015-13-01\" is not a date in the calendar",
        writes: &[],
    },
    Case {
        what: "10: a frontline.toml key given twice is named",
        edits: &[("frontline.toml", Append("title = \"Again\"\n"))],
        args: &["check", "--data", "."],
        code: 1,
        says: "./frontline.toml:3: duplicate key \"title\": a key may be given once",
        writes: &[],
    },
    // check --strict: warnings fail a data repository's CI.
    Case {
        what: "strict: a warning alone passes without --strict",
        edits: &[("events.csv", Append("2015-01-01,a,x,held,s1,\n"))],
        args: &["check", "--data", "."],
        code: 0,
        says: "./events.csv:12: warning: exact duplicate of line 2",
        writes: &[],
    },
    Case {
        what: "strict: and fails with it",
        edits: &[("events.csv", Append("2015-01-01,a,x,held,s1,\n"))],
        args: &["check", "--data", ".", "--strict"],
        code: 1,
        says: "(--strict: warnings are errors)",
        writes: &[],
    },
    // Bad inputs that already worked.
    Case {
        what: "ok: a date not in the calendar",
        edits: &[("events.csv", Append("2015-02-30,a,x,held,,\n"))],
        args: &["check", "--data", "."],
        code: 1,
        says: "is not a date in the calendar",
        writes: &[],
    },
    Case {
        what: "ok: a missing column",
        edits: &[("events.csv", Write("date,force\n2015-01-01,x\n"))],
        args: &["check", "--data", "."],
        code: 1,
        says: "./events.csv:1: missing column place",
        writes: &[],
    },
    Case {
        what: "ok: GeoJSON that is not JSON",
        edits: &[(
            "places.geojson",
            Write("{\"type\": \"FeatureCollection\",\n\"features\": [\n"),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson:3: invalid JSON",
        writes: &[],
    },
    Case {
        what: "ok: a duplicate place id",
        edits: &[(
            "places.geojson",
            AddPlace(
                r#"{"type": "Feature", "id": "d", "properties": {"name": "Dalet 2"}, "geometry": {"type": "Point", "coordinates": [36.5, 34.5]}}"#,
            ),
        )],
        args: &["check", "--data", "."],
        code: 1,
        says: "./places.geojson: feature d: duplicate id \"d\" (first used by feature #3)",
        writes: &[],
    },
    Case {
        what: "ok: a failing render writes nothing",
        edits: &[("events.csv", Append("2015-02-30,a,x,held,,\n"))],
        args: &[
            "render",
            "--data",
            ".",
            "--date",
            "2016-03-20",
            "-o",
            "m.png",
        ],
        code: 1,
        says: "nothing was written",
        writes: &[("m.png", false)],
    },
];

/// The small dataset in a new folder, with `edits` made.
fn dataset_with(edits: &[(&str, Edit)]) -> TestDir {
    let dir = TestDir::with_dataset("small");
    for (file, edit) in edits {
        let text = match edit {
            Write(t) => t.to_string(),
            Append(t) => dir.read(file) + t,
            Replace(from, to) => {
                let old = dir.read(file);
                assert!(old.contains(from), "{file} has no {from:?}");
                old.replacen(from, to, 1)
            }
            AddPlace(feature) => dir
                .read(file)
                .replacen("\n]}", &format!(",\n{feature}\n]}}"), 1),
        };
        dir.write(file, text);
    }
    dir
}

#[test]
fn every_bad_input_is_told_with_its_status() {
    let mut failures = Vec::new();
    for case in CASES {
        let dir = dataset_with(case.edits);
        std::fs::create_dir_all(dir.join("x")).unwrap();
        let out = dir.run(case.args);
        let said = format!("{}{}", out.stdout, out.stderr);
        let mut wrong = Vec::new();
        if out.code != case.code {
            wrong.push(format!("exit status {} (want {})", out.code, case.code));
        }
        if !said.contains(case.says) {
            wrong.push(format!("no {:?}", case.says));
        }
        if said.contains("panicked") {
            wrong.push("a panic".into());
        }
        for (file, want) in case.writes {
            if dir.join(file).exists() != *want {
                wrong.push(format!(
                    "{file} {}",
                    if *want { "missing" } else { "written" }
                ));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {}\n{}",
                case.what,
                wrong.join("; "),
                out.describe()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Kind 9: the map of an extent with no place says so on the map itself,
/// not only on stderr (a file passed on loses the terminal's words).
#[test]
fn a_map_with_no_place_in_view_says_so() {
    let dir = dataset_with(&[]);
    let mut args = RENDER.to_vec();
    args.extend(["--bbox=0,0,10,10", "-o", "empty.svg"]);
    dir.run(&args).expect_code(0);
    assert!(
        dir.read("empty.svg")
            .contains(">No place of the dataset lies in this extent</text>")
    );
    let mut args = RENDER.to_vec();
    args.extend(["-o", "full.svg"]);
    dir.run(&args).expect_code(0);
    assert!(!dir.read("full.svg").contains("No place of the dataset"));
}
