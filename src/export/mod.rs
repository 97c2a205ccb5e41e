//! Stage 4, export: the state on a date, or every interval of unchanged state,
//! as GeoJSON (docs/data-format.md, "Exports"), with zones and fronts when
//! asked (`zones`), and the same features in the formats GIS tools and data
//! engines open (`format`: GeoJSON Lines, GeoPackage, FlatGeobuf, GeoParquet).
//!
//! Feature ids and `properties.id` are always strings, since ids are compared
//! as text; empty sources are `null`; `since` is the effective date (a `2016`
//! event gives `2016-01-01`).

mod feature;
mod fgb;
mod format;
mod gpkg;
mod parquet;
mod places;
mod state;
mod table;
mod timeline;
mod zones;

pub use feature::{Feature, PlaceFeature, StateProperties};
pub use format::{Format, write_file, write_stream};
pub use places::places_collection;
pub use state::{state_collection, write_state};
pub use timeline::{timeline_collection, write_timeline};
pub use zones::{cell_features, write_state_zones, write_timeline_zones, zone_features};

use crate::dataset::Dataset;
use crate::timeline::Timeline;
use crate::zones::Cells;
use chrono::NaiveDate;

/// What an export holds: the state on a date, or every interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// `export --date D`.
    Date(NaiveDate),
    /// `export --timeline`.
    Timeline,
}

impl Export {
    /// The layer's name in formats that name theirs (GeoPackage, FlatGeobuf).
    pub fn layer(self) -> &'static str {
        match self {
            Export::Date(_) => "state",
            Export::Timeline => "timeline",
        }
    }
}

/// The features of an export, in the documented order, with the zones'
/// features after the places' when `cells` is given.
pub fn features<'a>(
    dataset: &'a Dataset,
    timeline: &'a Timeline,
    cells: Option<&'a Cells>,
    what: Export,
) -> Box<dyn Iterator<Item = Feature<'a>> + 'a> {
    match (what, cells) {
        (Export::Date(d), None) => Box::new(state_collection(dataset, timeline, d)),
        (Export::Date(d), Some(c)) => {
            Box::new(zones::state_zones_collection(dataset, timeline, c, d))
        }
        (Export::Timeline, None) => Box::new(timeline_collection(dataset, timeline)),
        (Export::Timeline, Some(c)) => {
            Box::new(zones::timeline_zones_collection(dataset, timeline, c))
        }
    }
}

/// Writes a FeatureCollection one feature a line (readable diffs, streaming).
fn write_collection(
    out: &mut dyn std::io::Write,
    features: impl Iterator<Item = impl serde::Serialize + Sync>,
) -> std::io::Result<()> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    write_features(out, features, Framing::COLLECTION)?;
    out.write_all(b"\n]}\n")
}

/// What goes around each feature's JSON: `before` it (`first` before the
/// very first feature) and `after` it.
pub(crate) struct Framing {
    first: &'static [u8],
    before: &'static [u8],
    after: &'static [u8],
}

impl Framing {
    /// The features of a FeatureCollection, one a line.
    const COLLECTION: Framing = Framing {
        first: b"\n",
        before: b",\n",
        after: b"",
    };
    /// GeoJSON Lines: a feature a line.
    pub(crate) const LINES: Framing = Framing {
        first: b"",
        before: b"",
        after: b"\n",
    };
}

/// Writes every feature as JSON, framed, in order. Features are taken a
/// batch at a time and serialised on every core, a buffer per stretch of
/// the batch: writing JSON was a fifth of the CPU of `export --date` at
/// 50,000 places, all of it on one core.
pub(crate) fn write_features<T: serde::Serialize + Sync>(
    out: &mut dyn std::io::Write,
    mut features: impl Iterator<Item = T>,
    framing: Framing,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const BATCH: usize = 8192;
    const STRETCH: usize = 512;
    let mut batch: Vec<T> = Vec::with_capacity(BATCH);
    let mut first = true;
    loop {
        batch.clear();
        batch.extend(features.by_ref().take(BATCH));
        if batch.is_empty() {
            return Ok(());
        }
        let stretches: Vec<Vec<u8>> = batch
            .par_chunks(STRETCH)
            .map(|chunk| -> serde_json::Result<Vec<u8>> {
                let mut buf = Vec::with_capacity(chunk.len() * 256);
                for f in chunk {
                    buf.extend_from_slice(framing.before);
                    serde_json::to_writer(&mut buf, f)?;
                    buf.extend_from_slice(framing.after);
                }
                Ok(buf)
            })
            .collect::<serde_json::Result<_>>()?;
        for buf in stretches {
            let buf = match std::mem::take(&mut first) {
                true => {
                    out.write_all(framing.first)?;
                    &buf[framing.before.len()..]
                }
                false => &buf[..],
            };
            out.write_all(buf)?;
        }
    }
}
