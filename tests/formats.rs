//! `export --format` and `--places FILE.gpkg|.shp|.fgb` (docs/formats.md):
//! the formats analysts' tools open, proved by those tools. GDAL (through
//! the `pyogrio` Python package) and DuckDB (the `duckdb` package) read
//! what frontline writes, through tests/gis_tools.py, and must find the
//! features and properties of the GeoJSON export; GDAL also writes the
//! places files frontline reads.
//!
//! The tools are found in the Python of `FRONTLINE_PYTHON` (tools/test
//! makes a virtual environment under the target folder and sets it), else
//! `python3`. Without them the tests that need them say so loudly and pass,
//! except under `CI=true` or `FRONTLINE_REQUIRE_GIS=1`, where they fail.

use crate::util::*;
use serde_json::{Value, json};
use std::process::Command;

// ---------------------------------------------------------------------------
// The real tools

/// The Python with pyogrio and duckdb, or `None` (with a loud message)
/// when it is missing and not required.
fn gis_python() -> Option<String> {
    let python = std::env::var("FRONTLINE_PYTHON").unwrap_or_else(|_| "python3".into());
    let works = Command::new(&python)
        .args(["-c", "import pyogrio, duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(python);
    }
    let required = std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("FRONTLINE_REQUIRE_GIS").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{python} cannot import pyogrio and duckdb, which the format tests need (tools/test installs them)"
    );
    eprintln!(
        "\n*** SKIPPED: {python} cannot import pyogrio and duckdb; the GDAL and DuckDB checks of \
         the export formats did not run. Run tools/test, or `pip install pyogrio duckdb`. ***\n"
    );
    None
}

/// Runs tests/gis_tools.py and parses what it printed.
#[track_caller]
fn tool(python: &str, args: &[&str]) -> Value {
    let out = Command::new(python)
        .arg(root().join("tests/gis_tools.py"))
        .args(args)
        .output()
        .expect("cannot run python");
    assert!(
        out.status.success(),
        "gis_tools.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

// ---------------------------------------------------------------------------
// What the GeoJSON export says, in the terms the tools use

/// A geometry as its type and coordinates rounded to 1e-9 degree (a
/// tenth of a millimetre): the GeoJSON text holds the shortest decimal of
/// each coordinate, which serde_json reads back to within one unit in the
/// last place, while the binary formats hold the exact number.
fn shape(g: &geo::Geometry) -> Value {
    use geo::CoordsIter;
    let round = |v: f64| (v * 1e9).round() / 1e9;
    let kind = format!("{g:?}");
    let kind = kind.split('(').next().unwrap_or("");
    let coords: Vec<[f64; 2]> = g.coords_iter().map(|c| [round(c.x), round(c.y)]).collect();
    json!({ "type": kind, "coords": coords })
}

/// A GeoJSON geometry's [`shape`].
fn geojson_shape(geometry: &Value) -> Value {
    let g: geojson::Geometry = serde_json::from_value(geometry.clone()).unwrap();
    shape(&g.try_into().unwrap())
}

/// A hex WKB geometry's (as the tools print them) [`shape`].
fn wkb_shape(hex: &str) -> Value {
    use geozero::ToGeo;
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    shape(&geozero::wkb::Wkb(bytes).to_geo().unwrap())
}

/// What a tool printed, with geometries as [`shape`]s.
fn read_features(read: &Value) -> Vec<Value> {
    let mut features = read["features"].as_array().cloned().unwrap_or_default();
    for f in &mut features {
        f["geometry"] = wkb_shape(f["wkb"].as_str().unwrap());
        f.as_object_mut().unwrap().remove("wkb");
    }
    features
}

/// The GeoJSON export's features as `{properties, wkb}`, numbers as
/// floats, and as a table: every property any feature has, null where a
/// feature lacks it (a front has no `status`).
fn expected(collection: &Value) -> Vec<Value> {
    let mut columns: Vec<String> = Vec::new();
    for f in features(collection) {
        for key in f["properties"].as_object().unwrap().keys() {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    features(collection)
        .iter()
        .map(|f| {
            let props = numbers_as_floats(&f["properties"]);
            let row: serde_json::Map<String, Value> = columns
                .iter()
                .map(|c| (c.clone(), props.get(c).cloned().unwrap_or(Value::Null)))
                .collect();
            json!({ "properties": row, "geometry": geojson_shape(&f["geometry"]) })
        })
        .collect()
}

/// Panics at the first feature that differs, showing both.
#[track_caller]
fn assert_same(got: &[Value], want: &[Value], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: how many features");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "{what}: feature #{i}");
    }
}

/// Features sorted by their text, for a format whose order is its own
/// (FlatGeobuf's spatial index sorts them).
fn sorted(mut features: Vec<Value>) -> Vec<Value> {
    features.sort_by_key(|f| f.to_string());
    features
}

/// The exports the tests compare: the small dataset on a date and as a
/// timeline, each with and without zones.
const EXPORTS: [&[&str]; 4] = [
    &["--date", "2015-05-01"],
    &["--timeline"],
    &["--date", "2016-03-20", "--zones"],
    &["--timeline", "--zones"],
];

/// `export ARGS` of the small dataset as GeoJSON, and the same in `file`
/// (whose format comes from its extension).
fn export_both(dir: &TestDir, args: &[&str], file: &str) -> Value {
    let mut with_file = args.to_vec();
    with_file.extend(["-o", file]);
    dir.on_small("export", &with_file).expect_code(0);
    on_small("export", args).expect_code(0).json()
}

// ---------------------------------------------------------------------------
// Choosing the format

#[test]
fn the_format_comes_from_the_extension() {
    let dir = TestDir::new();
    let magic: [(&str, &[u8]); 4] = [
        ("out.gpkg", b"SQLite format 3\0"),
        ("out.fgb", b"fgb\x03"),
        ("out.parquet", b"PAR1"),
        ("out.GEOJSON", b"{\"type\":\"FeatureCollection\""),
    ];
    for (file, head) in magic {
        dir.on_small("export", &["--date", "2015-05-01", "-o", file])
            .expect_code(0);
        let bytes = std::fs::read(dir.join(file)).unwrap();
        assert!(bytes.starts_with(head), "{file} starts with {head:?}");
    }
    // An extension that disagrees with --format is refused, as for every
    // output flag; one that names no format leaves it to --format.
    let out = dir.on_small(
        "export",
        &["--timeline", "--format", "fgb", "-o", "x.geojson"],
    );
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("--format fgb does not match -o x.geojson (a .geojson file)"),
        "{}",
        out.describe()
    );
    assert!(!dir.join("x.geojson").exists());
    dir.on_small("export", &["--timeline", "--format", "fgb", "-o", "x.out"])
        .expect_code(0);
    assert!(
        std::fs::read(dir.join("x.out"))
            .unwrap()
            .starts_with(b"fgb\x03")
    );
}

#[test]
fn an_extension_that_names_no_format_is_refused() {
    let dir = TestDir::new();
    let out = dir.on_small("export", &["--date", "2015-05-01", "-o", "out.shp"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("-o out.shp: frontline does not write shapefile here; name a .geojson"),
        "{}",
        out.describe()
    );
    assert!(
        dir.entries().is_empty(),
        "nothing written: {:?}",
        dir.entries()
    );
}

#[test]
fn a_geopackage_needs_a_file() {
    let out = on_small("export", &["--date", "2015-05-01", "--format", "gpkg"]);
    out.expect_code(2);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("-o FILE.gpkg"), "{}", out.describe());
}

#[test]
fn formats_that_stream_go_to_standard_output() {
    let parquet = on_small("export", &["--timeline", "--format", "parquet"]);
    parquet.expect_code(0);
    assert!(parquet.stdout.starts_with("PAR1") && parquet.stdout.ends_with("PAR1"));
    let lines = on_small("export", &["--timeline", "--format", "geojsonl"]);
    lines.expect_code(0);
    assert_eq!(lines.stdout.lines().count(), 7, "{}", lines.describe());
}

/// `frontline export --format parquet | head -c 4` ends quietly, as every
/// command does when its reader stops reading: the GeoParquet writer hands
/// the pipe's error on as it is, so the CLI still knows it for a closed pipe.
#[test]
fn geoparquet_to_a_pipe_closed_early_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // The bundled zones' timeline: about 250 kB, more than a pipe holds.
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .current_dir(root())
        .args([
            "export",
            "--timeline",
            "--zones",
            "--format",
            "parquet",
            "-q",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 4];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    assert_eq!(&head, b"PAR1");
    // The reader is gone (dropped above) with most of the file unread.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

// ---------------------------------------------------------------------------
// GeoJSON Lines (no tool needed: it is JSON)

#[test]
fn geojson_lines_hold_the_geojson_features_one_a_line() {
    let dir = TestDir::new();
    for args in EXPORTS {
        let geojson = export_both(&dir, args, "out.geojsonl");
        let lines: Vec<Value> = dir
            .read("out.geojsonl")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(&lines, features(&geojson), "{args:?}");
    }
}

// ---------------------------------------------------------------------------
// GDAL and DuckDB read the outputs

#[test]
fn gdal_reads_the_geopackage_flatgeobuf_and_lines_with_the_geojson_features() {
    let Some(python) = gis_python() else { return };
    let dir = TestDir::new();
    for file in ["out.gpkg", "out.fgb", "out.geojsonl"] {
        for args in EXPORTS {
            let geojson = export_both(&dir, args, file);
            let read = tool(&python, &["gdal", dir.join(file).to_str().unwrap()]);
            let what = format!("{file} of export {args:?}");
            let got = read_features(&read);
            assert_same(&sorted(got), &sorted(expected(&geojson)), &what);
            assert!(
                read["crs"].as_str().is_some_and(|c| c.contains("4326")),
                "{what}: WGS 84, not {}",
                read["crs"]
            );
            if file != "out.geojsonl" {
                let date = if args.contains(&"--timeline") {
                    "start"
                } else {
                    "date"
                };
                for column in [date, "since"] {
                    let kind = read["types"][column].as_str().unwrap_or("");
                    assert!(kind.starts_with("datetime64"), "{what}: {column} is {kind}");
                }
            }
        }
    }
}

#[test]
fn geopackage_keeps_the_order_of_the_geojson() {
    let Some(python) = gis_python() else { return };
    let dir = TestDir::new();
    let geojson = export_both(&dir, &["--timeline"], "t.gpkg");
    let read = tool(&python, &["gdal", dir.join("t.gpkg").to_str().unwrap()]);
    assert_eq!(read_features(&read), expected(&geojson));
}

#[test]
fn duckdb_reads_the_geoparquet_with_the_geojson_features_and_dates() {
    let Some(python) = gis_python() else { return };
    let dir = TestDir::new();
    for args in EXPORTS {
        let geojson = export_both(&dir, args, "out.parquet");
        let read = tool(
            &python,
            &["duckdb", dir.join("out.parquet").to_str().unwrap()],
        );
        let got = read_features(&read);
        assert_same(&got, &expected(&geojson), &format!("{args:?}"));
        let geo = &read["geo"];
        assert_eq!(geo["version"], "1.0.0");
        assert_eq!(geo["primary_column"], "geometry");
        assert_eq!(geo["columns"]["geometry"]["encoding"], "WKB");
        let date = if args.contains(&"--timeline") {
            "start"
        } else {
            "date"
        };
        assert_eq!(read["types"][date], "DATE", "{args:?}: {}", read["types"]);
        assert_eq!(read["types"]["since"], "DATE");
    }
}

/// Places held per force on `date`, by `stats --format csv` (forces
/// holding nothing left out).
fn held_by_stats(data: &[&str], date: &str) -> Value {
    let mut args = vec!["stats", "--format", "csv", "--from", date, "--to", date];
    args.extend_from_slice(data);
    let out = frontline(&args);
    out.expect_code(0);
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut held = serde_json::Map::new();
    for row in reader.records() {
        let row = row.unwrap();
        let n: u64 = row[col("places_held")].parse().unwrap();
        if n > 0 {
            held.insert(row[col("force")].to_string(), json!(n));
        }
    }
    Value::Object(held)
}

#[test]
fn duckdb_counts_the_places_each_force_holds_as_stats_does() {
    let Some(python) = gis_python() else { return };
    let dir = TestDir::new();
    let parquet = dir.join("timeline.parquet");
    let parquet = parquet.to_str().unwrap();
    // The bundled dataset (hundreds of places, many forces), and the small
    // one with its cells in the same file.
    let cases: [(&[&str], &[&str]); 2] = [
        (&[], &["2013-06-01", "2015-06-01", "2017-03-02"]),
        (&["--data", SMALL, "--zones"], &["2015-02-15", "2016-03-20"]),
    ];
    for (data, dates) in cases {
        let mut args = vec!["export", "--timeline", "-o", parquet];
        args.extend_from_slice(data);
        frontline(&args).expect_code(0);
        let data: Vec<&str> = data.iter().copied().filter(|a| *a != "--zones").collect();
        for date in dates {
            let by_duckdb = tool(&python, &["held", parquet, date]);
            let by_stats = held_by_stats(&data, date);
            assert!(
                by_stats.as_object().is_some_and(|m| !m.is_empty()),
                "{date}"
            );
            assert_eq!(by_duckdb, by_stats, "{data:?} on {date}");
        }
    }
}

/// Issue 14, "past one machine": the documented DuckDB query over the
/// timelines of several conflicts at once gives, for each conflict and
/// month, the places each force holds as `stats` counts them.
#[test]
fn duckdb_counts_places_per_force_per_month_across_conflicts() {
    let Some(python) = gis_python() else { return };
    let dir = TestDir::new();
    let (syria, ukraine) = (dir.join("syria.parquet"), dir.join("ukraine.parquet"));
    let (syria, ukraine) = (syria.to_str().unwrap(), ukraine.to_str().unwrap());
    frontline(&["export", "--timeline", "-o", syria]).expect_code(0);
    frontline(&[
        "export",
        "--data",
        "tests/fixtures/ukraine",
        "--timeline",
        "-o",
        ukraine,
    ])
    .expect_code(0);
    let got = tool(
        &python,
        &["monthly", "2016-01-01", "2022-12-01", syria, ukraine],
    );
    let cases: [(&str, &[&str], &[&str]); 2] = [
        ("syria", &[], &["2016-01-01", "2017-03-01", "2019-06-01"]),
        (
            "ukraine",
            &["--data", "tests/fixtures/ukraine"],
            &["2022-03-01", "2022-12-01"],
        ),
    ];
    for (conflict, data, months) in cases {
        for month in months {
            let want = held_by_stats(data, month);
            assert!(want.as_object().is_some_and(|m| !m.is_empty()), "{month}");
            assert_eq!(got[conflict][month], want, "{conflict} on {month}");
        }
    }
    // Months before a conflict's first event hold nothing for it.
    assert!(got["ukraine"].get("2021-06-01").is_none());
}

// ---------------------------------------------------------------------------
// Places from GeoPackage, Shapefile and FlatGeobuf

/// Places named by other properties (`PCODE`, `NAME_EN`), as downloaded
/// boundaries are: two polygons (one with a hole) and a multipolygon.
const BOUNDARIES: &str = r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"PCODE": "SY01", "NAME_EN": "Ālif district", "pop": 1200},
 "geometry": {"type": "Polygon", "coordinates": [[[36, 34], [37, 34], [37, 35], [36, 35], [36, 34]],
   [[36.2, 34.2], [36.2, 34.4], [36.4, 34.4], [36.4, 34.2], [36.2, 34.2]]]}},
{"type": "Feature", "properties": {"PCODE": "SY02", "NAME_EN": "Bet", "pop": 300},
 "geometry": {"type": "Polygon", "coordinates": [[[37, 34], [38, 34], [38, 35], [37, 35], [37, 34]]]}},
{"type": "Feature", "properties": {"PCODE": "SY03", "NAME_EN": "Gimel", "pop": null},
 "geometry": {"type": "MultiPolygon", "coordinates": [[[[38, 34], [39, 34], [39, 35], [38, 35], [38, 34]]],
   [[[39.5, 34], [40, 34], [40, 34.5], [39.5, 34]]]]}}
]}"#;

const BOUNDARY_EVENTS: &str = "date,place,force\n\
    2015-01-01,SY01,x\n2015-01-01,Bet,y\n2015-03-01,alif district,y\n2015-04-01,SY03,x\n";

/// A folder with forces.csv, events.csv and boundaries.geojson.
fn boundaries_dir() -> TestDir {
    let dir = TestDir::new();
    dir.put("forces.csv", "tests/fixtures/small/forces.csv")
        .write("events.csv", BOUNDARY_EVENTS)
        .write("boundaries.geojson", BOUNDARIES);
    dir
}

/// `export --timeline` with `places` read through `--id-field PCODE --name-field NAME_EN`.
fn export_with_places(dir: &TestDir, places: &str) -> Output {
    dir.run(&[
        "export",
        "--timeline",
        "--places",
        places,
        "--forces",
        "forces.csv",
        "--events",
        "events.csv",
        "--id-field",
        "PCODE",
        "--name-field",
        "NAME_EN",
    ])
}

/// A geometry with its rings in one orientation and as a multipolygon, so
/// a shapefile's clockwise rings compare equal to GeoJSON's.
fn normalised(geometry: &Value) -> Value {
    use geo::orient::{Direction, Orient};
    let g: geojson::Geometry = serde_json::from_value(geometry.clone()).unwrap();
    let multi: geo::MultiPolygon = match geo::Geometry::try_from(g).unwrap() {
        geo::Geometry::Polygon(p) => p.into(),
        geo::Geometry::MultiPolygon(m) => m,
        other => panic!("not a polygon: {other:?}"),
    };
    serde_json::to_value(geojson::Geometry::from(&multi.orient(Direction::Default))).unwrap()
}

#[test]
fn id_and_name_fields_name_the_places_of_a_geojson_file() {
    let dir = boundaries_dir();
    let out = export_with_places(&dir, "boundaries.geojson");
    out.expect_code(0);
    let json = out.json();
    let ids: Vec<&str> = features(&json)
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["SY01", "SY01", "SY02", "SY03"]);
    assert_eq!(features(&json)[0]["properties"]["name"], "Ālif district");
}

#[test]
fn places_from_gdal_written_geopackage_shapefile_and_flatgeobuf_export_as_from_geojson() {
    let Some(python) = gis_python() else { return };
    let dir = boundaries_dir();
    let reference = export_with_places(&dir, "boundaries.geojson")
        .expect_code(0)
        .json();
    for (file, driver) in [
        ("b.gpkg", "GPKG"),
        ("b.shp", "ESRI Shapefile"),
        ("b.fgb", "FlatGeobuf"),
    ] {
        let src = dir.join("boundaries.geojson");
        tool(
            &python,
            &[
                "write",
                src.to_str().unwrap(),
                dir.join(file).to_str().unwrap(),
                driver,
            ],
        );
        let out = export_with_places(&dir, file);
        out.expect_code(0);
        let got = out.json();
        assert_eq!(features(&got).len(), features(&reference).len(), "{file}");
        // An indexed FlatGeobuf holds its features in spatial order, which
        // becomes the places' order: compare place by place.
        let by_place = |c: &Value| {
            let mut f = features(c).clone();
            f.sort_by_key(|f| (f["id"].to_string(), f["properties"]["start"].to_string()));
            f
        };
        for (g, r) in by_place(&got).iter().zip(&by_place(&reference)) {
            assert_eq!(g["properties"], r["properties"], "{file}");
            assert_eq!(
                normalised(&g["geometry"]),
                normalised(&r["geometry"]),
                "{file}"
            );
        }
    }
}

#[test]
fn places_in_another_reference_system_are_refused() {
    let Some(python) = gis_python() else { return };
    let dir = boundaries_dir();
    let src = dir.join("boundaries.geojson");
    for (file, driver) in [
        ("m.gpkg", "GPKG"),
        ("m.shp", "ESRI Shapefile"),
        ("m.fgb", "FlatGeobuf"),
    ] {
        let dst = dir.join(file);
        tool(
            &python,
            &[
                "write",
                src.to_str().unwrap(),
                dst.to_str().unwrap(),
                driver,
                "EPSG:3857",
            ],
        );
        let out = export_with_places(&dir, file);
        out.expect_code(1);
        let errors = out.errors();
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("{file}: ")) && e.contains("EPSG:4326")),
            "{}",
            out.describe()
        );
    }
}

#[test]
fn a_missing_id_field_is_an_error_naming_the_file_and_feature() {
    let dir = boundaries_dir();
    // frontline's own GeoPackage (its columns are id, name, ...) as places.
    dir.run(&[
        "export",
        "--date",
        "2015-05-01",
        "-o",
        "state.gpkg",
        "--places",
        "boundaries.geojson",
        "--forces",
        "forces.csv",
        "--events",
        "events.csv",
        "--id-field",
        "PCODE",
        "--name-field",
        "NAME_EN",
    ])
    .expect_code(0);
    let out = export_with_places(&dir, "state.gpkg");
    out.expect_code(1);
    let errors = out.errors();
    assert!(
        errors.iter().any(
            |e| e.starts_with("state.gpkg: feature ") && e.contains("\"PCODE\" (the id field)")
        ),
        "{}",
        out.describe()
    );
    // Read with its own fields, the same file gives the places back.
    let out = dir.run(&[
        "export",
        "--timeline",
        "--places",
        "state.gpkg",
        "--forces",
        "forces.csv",
        "--events",
        "events.csv",
    ]);
    out.expect_code(0);
    let reference = export_with_places(&dir, "boundaries.geojson")
        .expect_code(0)
        .json();
    assert_eq!(out.json()["features"], reference["features"]);
}

#[test]
fn a_geopackage_of_several_tables_needs_places_layer() {
    let dir = boundaries_dir();
    let common = [
        "--places",
        "boundaries.geojson",
        "--forces",
        "forces.csv",
        "--events",
        "events.csv",
        "--id-field",
        "PCODE",
        "--name-field",
        "NAME_EN",
    ];
    for (args, file) in [
        (["--timeline"].as_slice(), "t.gpkg"),
        (&["--date", "2015-05-01"], "d.gpkg"),
    ] {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        all.extend(["-o", file]);
        all.extend_from_slice(&common);
        dir.run(&all).expect_code(0);
    }
    // Two tables in one file, as GADM's downloads have.
    let db = rusqlite::Connection::open(dir.join("t.gpkg")).unwrap();
    db.execute_batch(&format!(
        "ATTACH '{}' AS d; CREATE TABLE state AS SELECT * FROM d.state;
         INSERT INTO gpkg_contents SELECT * FROM d.gpkg_contents;
         INSERT INTO gpkg_geometry_columns SELECT * FROM d.gpkg_geometry_columns; DETACH d;",
        dir.join("d.gpkg").display()
    ))
    .unwrap();
    drop(db);
    let read = |extra: &[&str]| {
        let mut all = vec![
            "export",
            "--timeline",
            "--places",
            "t.gpkg",
            "--forces",
            "forces.csv",
        ];
        all.extend(["--events", "events.csv"]);
        all.extend_from_slice(extra);
        dir.run(&all)
    };
    let out = read(&[]);
    out.expect_code(1);
    assert!(
        out.errors().iter().any(|e| e.starts_with("t.gpkg: ")
            && e.contains("\"state\", \"timeline\"")
            && e.contains("--places-layer")),
        "{}",
        out.describe()
    );
    let state = read(&["--places-layer", "state"]).expect_code(0).json();
    let reference = export_with_places(&dir, "boundaries.geojson")
        .expect_code(0)
        .json();
    assert_eq!(
        state["features"], reference["features"],
        "the state's table, one place a row"
    );
    let timeline = read(&["--places-layer", "timeline"]);
    timeline.expect_code(1); // a place a row of each interval: ids repeat
    assert!(timeline.errors().iter().any(|e| e.contains("duplicate id")));
}
