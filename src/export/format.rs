//! The file formats `export` writes (docs/data-format.md, "Formats"): every
//! one holds the same features with the same properties; the GeoJSON is the
//! reference, the others are made from its features.

use super::Feature;
use super::table::Table;
use crate::error::{Error, Result};
use crate::output::AtomicFile;
use std::io::Write;
use std::path::Path;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One GeoJSON FeatureCollection, one feature a line.
    GeoJson,
    /// GeoJSON Lines (newline-delimited GeoJSON): one Feature per line, no collection.
    GeoJsonLines,
    /// An OGC GeoPackage (SQLite) with one feature table.
    GeoPackage,
    /// FlatGeobuf with a spatial index.
    FlatGeobuf,
    /// GeoParquet 1.0, geometry as WKB.
    GeoParquet,
}

impl Format {
    /// The format a file name's extension names (case ignored), if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "geojson" | "json" => Format::GeoJson,
            "geojsonl" | "geojsons" | "geojsonseq" | "jsonl" | "ndjson" => Format::GeoJsonLines,
            "gpkg" => Format::GeoPackage,
            "fgb" => Format::FlatGeobuf,
            "parquet" | "geoparquet" => Format::GeoParquet,
            _ => return None,
        })
    }

    /// Whether the format can be written to a stream (standard output): a
    /// GeoPackage is an SQLite database, which needs a file it can seek in.
    pub fn streams(self) -> bool {
        self != Format::GeoPackage
    }
}

/// Writes `features` in `format` to a stream. A GeoPackage cannot be
/// streamed (see [`Format::streams`]); use [`write_file`].
pub fn write_stream<'a>(
    out: &mut dyn Write,
    format: Format,
    layer: &str,
    features: impl Iterator<Item = Feature<'a>>,
) -> std::io::Result<()> {
    match format {
        Format::GeoJson => super::write_collection(out, features),
        Format::GeoJsonLines => super::write_features(out, features, super::Framing::LINES),
        Format::FlatGeobuf => super::fgb::write_fgb(out, layer, &Table::from_features(features)?),
        Format::GeoParquet => super::parquet::write_parquet(out, &Table::from_features(features)?),
        Format::GeoPackage => Err(std::io::Error::other(
            "a GeoPackage cannot be written to a stream",
        )),
    }
}

/// Writes `features` in `format` to the file `path`, atomically.
pub fn write_file<'a>(
    path: &Path,
    format: Format,
    layer: &str,
    features: impl Iterator<Item = Feature<'a>>,
) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    let written = match format {
        Format::GeoPackage => Table::from_features(features)
            .and_then(|t| super::gpkg::write_gpkg(file.temp_path(), layer, &t)),
        _ => write_stream(&mut file, format, layer, features),
    };
    written.map_err(|e| Error::io(path, e))?;
    file.commit()
}
