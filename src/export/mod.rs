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
    features: impl Iterator<Item = impl serde::Serialize>,
) -> std::io::Result<()> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    for (i, f) in features.enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &f)?;
    }
    out.write_all(b"\n]}\n")
}
