//! The world data pack (geodata/world, built by `tools/build-geodata`):
//! every country's outline, admin-1 boundaries, lakes and rivers, and the
//! GeoNames gazetteer of populated places.
//!
//! The pack is embedded in the binary (`include_bytes!`, ~12 MB gzip), so
//! `cargo install --path .` works from any folder. It is only decompressed
//! when a dataset needs it: loading a dataset with its own `basemap.geojson`
//! and every place in `places.geojson` (the bundled Syria one) never reads
//! it; `check` reads the country outlines for its lat/lon swap hint.

mod basemap;
mod gazetteer;
mod positions;
mod resolve;
mod starter;
mod suggest;

pub use basemap::{basemap_for, country_at, country_names, dataset_basemap, dataset_countries};
pub use gazetteer::{Entry, Gazetteer};
pub use positions::position_warnings;
pub(crate) use resolve::{complete_places, places_from_gazetteer_only};
pub use starter::starter_files;

use std::io::Read;

/// Natural Earth countries, admin-1 lines, lakes and rivers: one GeoJSON
/// feature a line, each with its `bbox` first, gzip.
static BASEMAP_GZ: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/geodata/world/basemap.geojsonl.gz"
));

/// GeoNames cities500: one place a line (TSV), sorted by country, gzip.
static GAZETTEER_GZ: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/geodata/world/gazetteer.tsv.gz"
));

/// The text of an embedded gzip file. The files are built and checked by
/// `tools/build-geodata` and compiled in, so a failure here is a broken build.
fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("the embedded world data pack is valid gzip'd UTF-8");
    text
}
