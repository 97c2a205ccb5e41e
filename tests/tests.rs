//! The integration tests of frontline's commands, in one test binary (as
//! ripgrep does): every test runs the real `frontline` binary on fixture
//! datasets (tests/fixtures) and checks its exit status, its problem lines and
//! its outputs against docs/data-format.md (the dataset folder, each file's
//! columns, the rule of control, the export properties, exit codes).
//!
//! - util.rs: running the binary, temporary folders, reading outputs.
//! - webdriver.rs: a small WebDriver client for headless Chromium (used by
//!   animate.rs's browser test, skipped when Chromium is missing unless
//!   FRONTLINE_REQUIRE_BROWSER=1).
//! - check.rs: `check` and the reading of datasets (data-format.md: the
//!   dataset folder, each file, errors and warnings).
//! - export.rs: `export --date` and `--timeline` (data-format.md: the rule of
//!   control, exports), the command line, and that failing commands write
//!   nothing.
//! - formats.rs: `export --format` (GeoJSON Lines, GeoPackage, FlatGeobuf,
//!   GeoParquet) read back by GDAL and DuckDB, and places from GeoPackage,
//!   Shapefile and FlatGeobuf (tests/gis_tools.py drives the Python tools).
//! - diff.rs: `diff`.
//! - cli.rs: what every command shares: output extensions and formats,
//!   "wrote FILE" and `--quiet`, the forms of dates, `--help`.
//! - render.rs: `render`: reference images, the SVG's structure, options.
//! - animate.rs: `animate`: steps, reuse, GIF/APNG/MP4, the HTML viewer in Chromium.
//! - bundled.rs: the bundled dataset (geodata/syria).
//! - battery.rs: the battery of bad inputs (issue 13), one row per case.
//! - hostile.rs: hostile input and faults (issue 13) that need more than a row.
//! - world.rs: the world basemap and gazetteer (datasets of two CSV files), `init`.
//!
//! A new test goes in the module of the command it runs (or the one whose
//! header says it belongs there); a helper that more than one module needs,
//! in util.rs. Run with `cargo test --test tests`.

mod util;
mod webdriver;

mod animate;
mod battery;
mod bundled;
mod check;
mod cli;
mod diff;
mod export;
mod formats;
mod hostile;
mod import;
mod render;
mod stats;
mod world;
mod zones;
