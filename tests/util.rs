//! Helpers shared by the test modules: running the real `frontline` binary and
//! capturing what it printed, temporary folders (with copies of fixture
//! datasets), and small readers for the outputs (GeoJSON, problem lines).
//!
//! Helpers used by more than one test module belong here; a helper of one
//! module stays in it. Nothing here asserts anything about frontline itself;
//! the tests do.

#![allow(dead_code)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The small, good fixture dataset (relative to the crate root).
pub const SMALL: &str = "tests/fixtures/small";
/// The folder of bad files, used as per-file overrides.
pub const BAD: &str = "tests/fixtures/bad";
/// The folder of extra event files.
pub const EVENTS: &str = "tests/fixtures/events";
/// The folder of extra places files.
pub const PLACES: &str = "tests/fixtures/places";

/// The crate root: the working directory of [`frontline`], so fixture paths
/// can be given (and appear in messages) as `tests/fixtures/...`.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary produced.
#[derive(Debug, Clone)]
pub struct Output {
    /// The command line, for failure messages.
    pub args: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    /// The exit status (-1 when killed by a signal).
    pub code: i32,
}

impl Output {
    /// Panics, showing everything the command printed, unless it exited with `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        if self.code != code {
            panic!(
                "expected exit status {code}, got {}\n{}",
                self.code,
                self.describe()
            );
        }
        self
    }

    /// The command, its status and its output, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "command: frontline {}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Every problem line (`FILE:LINE: message`, `FILE: feature ID: message`,
    /// `FILE: message`) the command printed, on stdout then stderr: the lines
    /// whose text before the first `:` names a dataset file. Which stream
    /// carries them is not part of the contract; their text is.
    pub fn diagnostics(&self) -> Vec<String> {
        self.stdout
            .lines()
            .chain(self.stderr.lines())
            .filter(|line| is_diagnostic(line))
            .map(str::to_string)
            .collect()
    }

    /// The problem lines that are errors (not warnings).
    pub fn errors(&self) -> Vec<String> {
        self.diagnostics()
            .into_iter()
            .filter(|l| !l.contains(": warning: "))
            .collect()
    }

    /// The problem lines that are warnings.
    pub fn warnings(&self) -> Vec<String> {
        self.diagnostics()
            .into_iter()
            .filter(|l| l.contains(": warning: "))
            .collect()
    }

    /// Panics unless the problem lines are exactly `expected`, in that order.
    #[track_caller]
    pub fn expect_diagnostics(&self, expected: &[&str]) -> &Self {
        let got = self.diagnostics();
        if got != expected {
            panic!(
                "problem lines differ\nexpected:\n  {}\ngot:\n  {}\n{}",
                expected.join("\n  "),
                got.join("\n  "),
                self.describe()
            );
        }
        self
    }

    /// Panics unless `line` is one of the problem lines.
    #[track_caller]
    pub fn expect_diagnostic(&self, line: &str) -> &Self {
        if !self.diagnostics().iter().any(|l| l == line) {
            panic!("no problem line\n  {line}\n{}", self.describe());
        }
        self
    }

    /// Stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }
}

fn is_diagnostic(line: &str) -> bool {
    let Some((file, _)) = line.split_once(':') else {
        return false;
    };
    !file.contains(' ')
        && [
            ".csv", ".geojson", ".toml", ".json", ".gpkg", ".shp", ".fgb",
        ]
        .iter()
        .any(|ext| file.ends_with(ext))
}

/// Runs the binary in `dir` with `args`; stdin is empty.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .output()
        .expect("cannot run the frontline binary");
    Output {
        args: args.iter().map(|s| s.to_string()).collect(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs the binary from the crate root (fixture paths relative to it).
pub fn frontline(args: &[&str]) -> Output {
    run_in(root(), args)
}

/// `frontline CMD --data tests/fixtures/small ARGS...`.
pub fn on_small(cmd: &str, args: &[&str]) -> Output {
    frontline(&with_data(cmd, SMALL, args))
}

/// The command line `CMD --data DATA ARGS...`.
pub fn with_data<'a>(cmd: &'a str, data: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![cmd, "--data", data];
    all.extend_from_slice(args);
    all
}

/// A path of the crate (a fixture), absolute, as text: for commands run in a
/// temporary folder.
pub fn abs(path: &str) -> String {
    root().join(path).display().to_string()
}

/// The names of every entry in a folder (hidden ones too), sorted.
#[track_caller]
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A temporary folder, removed when dropped.
pub struct TestDir {
    tmp: tempfile::TempDir,
}

impl TestDir {
    /// A new empty folder.
    pub fn new() -> TestDir {
        TestDir {
            tmp: tempfile::Builder::new()
                .prefix("frontline-test-")
                .tempdir()
                .expect("cannot create a temporary folder"),
        }
    }

    /// A new folder holding a copy of the files of `tests/fixtures/NAME`.
    pub fn with_dataset(name: &str) -> TestDir {
        let dir = TestDir::new();
        let from = root().join("tests/fixtures").join(name);
        for entry in fs::read_dir(&from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
            }
        }
        dir
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// The folder as a `&str` (for command lines).
    pub fn path_str(&self) -> &str {
        self.path().to_str().expect("temporary path is not UTF-8")
    }

    /// A path inside the folder.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// Writes (or overwrites) a file in the folder.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        fs::write(self.join(name), contents).unwrap();
        self
    }

    /// Overwrites (or adds) `name` with a copy of the fixture file `fixture`
    /// (a path relative to the crate root).
    pub fn put(&self, name: &str, fixture: &str) -> &Self {
        fs::copy(root().join(fixture), self.join(name))
            .unwrap_or_else(|e| panic!("copying {fixture}: {e}"));
        self
    }

    /// A file's text.
    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", self.join(name).display()))
    }

    /// The names of every entry in the folder (hidden ones too), sorted.
    pub fn entries(&self) -> Vec<String> {
        entries(self.path())
    }

    /// Runs the binary with this folder as its working directory.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }

    /// `frontline CMD --data <the small fixture, absolute> ARGS...`, run in
    /// this folder (so relative outputs land here).
    pub fn on_small(&self, cmd: &str, args: &[&str]) -> Output {
        self.run(&with_data(cmd, &abs(SMALL), args))
    }

    /// `frontline CMD --data . ARGS...`, run in this folder: for a folder that
    /// is a dataset ([`TestDir::with_dataset`]).
    pub fn on_own_data(&self, cmd: &str, args: &[&str]) -> Output {
        self.run(&with_data(cmd, ".", args))
    }
}

/// The features of a FeatureCollection.
#[track_caller]
pub fn features(collection: &Value) -> &Vec<Value> {
    assert_eq!(collection["type"], "FeatureCollection", "{collection}");
    collection["features"]
        .as_array()
        .expect("FeatureCollection without a features array")
}

/// The feature whose `id` is `id` (exactly one).
#[track_caller]
pub fn feature<'a>(collection: &'a Value, id: &str) -> &'a Value {
    let found: Vec<&Value> = features(collection)
        .iter()
        .filter(|f| f["id"] == id)
        .collect();
    assert_eq!(found.len(), 1, "features with id {id:?} in {collection}");
    found[0]
}

/// The property names of a feature, in order.
pub fn property_names(feature: &Value) -> Vec<String> {
    feature["properties"]
        .as_object()
        .expect("properties is not an object")
        .keys()
        .cloned()
        .collect()
}

/// A copy of a JSON value with every number as a float, so `38` and `38.0`
/// compare equal (geometries round-trip by value, not by spelling).
pub fn numbers_as_floats(v: &Value) -> Value {
    match v {
        Value::Number(n) => serde_json::Number::from_f64(n.as_f64().unwrap())
            .map(Value::Number)
            .unwrap(),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_floats).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), numbers_as_floats(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Reads a JSON file of the crate (a fixture).
pub fn fixture_json(path: &str) -> Value {
    let text = fs::read_to_string(root().join(path)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Pixels, RGB, decoded from a PNG.
pub struct Image {
    pub w: u32,
    pub h: u32,
    pub rgb: Vec<u8>,
}

pub fn decode(bytes: &[u8]) -> Image {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Image {
        w: info.width,
        h: info.height,
        rgb,
    }
}
