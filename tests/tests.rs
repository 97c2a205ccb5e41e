//! The integration tests of frontline's commands, in one test binary (as
//! ripgrep does): every test runs the real `frontline` binary on fixture
//! datasets (tests/fixtures) and checks its exit status, its problem lines and
//! its outputs against SPEC.md.
//!
//! - util.rs: running the binary, temporary folders, reading outputs.
//! - webdriver.rs: a small WebDriver client for headless Chromium (used by
//!   animate.rs's browser test, skipped when Chromium is missing unless
//!   FRONTLINE_REQUIRE_BROWSER=1).
//! - check.rs: `check` and the reading of datasets (SPEC §1, §3).
//! - export.rs: `export --date` and `--timeline` (SPEC §2, §4), the command
//!   line, and that failing commands write nothing.
//! - diff.rs: `diff`.
//! - render.rs: `render`: reference images, the SVG's structure, options.
//! - animate.rs: `animate`: steps, reuse, GIF/APNG/MP4, the HTML viewer in Chromium.
//! - bundled.rs: the bundled dataset (geodata/syria).
//!
//! Run with `cargo test --test tests`.

mod util;
mod webdriver;

mod animate;
mod bundled;
mod check;
mod diff;
mod export;
mod render;
