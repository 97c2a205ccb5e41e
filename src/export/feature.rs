//! The exported features: a place's state is written straight from the
//! dataset (its geometry as read, its properties from the state), with no
//! tree of JSON values built for it. An export of a large dataset is mostly
//! place features, and building a tree for each (the geometry cloned, every
//! property's name and text allocated, then all of it freed) cost more than
//! writing the file.

use crate::dataset::{Dataset, Place};
use crate::timeline::PlaceState;
use chrono::{Datelike, NaiveDate};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use std::fmt;

/// One feature of an export.
pub enum Feature<'a> {
    /// A place's state on a date, or over an interval.
    Place(PlaceFeature<'a>),
    /// Any other feature (zones, fronts, cells), as JSON values.
    Value(Value),
}

impl Feature<'_> {
    /// The feature as JSON values, for the formats that type their columns
    /// from the features first (`Table::from_features`).
    pub fn into_value(self) -> serde_json::Result<Value> {
        match self {
            Feature::Place(p) => serde_json::to_value(p),
            Feature::Value(v) => Ok(v),
        }
    }
}

impl Serialize for Feature<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Feature::Place(p) => p.serialize(s),
            Feature::Value(v) => v.serialize(s),
        }
    }
}

/// A place's state as a GeoJSON Feature: `type`, `id`, `geometry`, then
/// [`StateProperties`].
pub struct PlaceFeature<'a> {
    /// The place: its id and its geometry as read.
    pub place: &'a Place,
    /// Its state.
    pub properties: StateProperties<'a>,
}

impl Serialize for PlaceFeature<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("type", "Feature")?;
        m.serialize_entry("id", &self.place.id)?;
        m.serialize_entry("geometry", &self.place.geometry_json)?;
        m.serialize_entry("properties", &self.properties)?;
        m.end()
    }
}

/// The documented properties of a place's state (docs/data-format.md,
/// "Exports"), in their documented order: `layer` (exports with zones),
/// `id`, `name`, `date` (`--date`), `controller`, `controller_name`,
/// `color`, `status`, `challenger`, `since`, `source`, then `start` and
/// `end` (`--timeline`).
pub struct StateProperties<'a> {
    /// The forces and events the state refers to.
    pub dataset: &'a Dataset,
    /// The place whose state it is.
    pub place: &'a Place,
    /// The state.
    pub state: PlaceState,
    /// `place` or `cell` in exports with zones.
    pub layer: Option<&'static str>,
    /// The date of `export --date`.
    pub date: Option<NaiveDate>,
    /// The interval of `export --timeline`: start, and end (exclusive; `None` while ongoing).
    pub interval: Option<(NaiveDate, Option<NaiveDate>)>,
}

impl Serialize for StateProperties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (dataset, state) = (self.dataset, &self.state);
        let holder = state.holder.map(|i| dataset.force(i));
        let source = state
            .since_event
            .and_then(|e| dataset.events[e as usize].source.as_deref());
        let mut m = s.serialize_map(None)?;
        if let Some(layer) = self.layer {
            m.serialize_entry("layer", layer)?;
        }
        m.serialize_entry("id", &self.place.id)?;
        m.serialize_entry("name", &self.place.name)?;
        if let Some(date) = self.date {
            m.serialize_entry("date", &Day(date))?;
        }
        m.serialize_entry("controller", &holder.map(|f| &f.id))?;
        m.serialize_entry("controller_name", &holder.map(|f| &f.name))?;
        m.serialize_entry("color", &holder.map(|f| f.color))?;
        m.serialize_entry("status", state.status.as_str())?;
        let challenger = state.challenger.map(|i| &dataset.force(i).id);
        m.serialize_entry("challenger", &challenger)?;
        m.serialize_entry("since", &state.since.map(Day))?;
        m.serialize_entry("source", &source)?;
        if let Some((start, end)) = self.interval {
            m.serialize_entry("start", &Day(start))?;
            m.serialize_entry("end", &end.map(Day))?;
        }
        m.end()
    }
}

/// A calendar day written `YYYY-MM-DD` (chrono's `%Y-%m-%d`), without
/// parsing a format string for each of millions of dates.
#[derive(Clone, Copy)]
pub struct Day(pub NaiveDate);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if (0..=9999).contains(&d.year()) {
            write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        } else {
            write!(f, "{}", d.format("%Y-%m-%d"))
        }
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::Day;
    use chrono::NaiveDate;

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2017, 3, 2),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (-44, 3, 15),
            (10000, 1, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(Day(date).to_string(), date.format("%Y-%m-%d").to_string());
        }
    }
}
