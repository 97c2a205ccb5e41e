//! The exported features: a place's state is written straight from the
//! dataset (its geometry as read, its properties from the state), with no
//! tree of JSON values built for it. An export of a large dataset is mostly
//! place features, and building a tree for each (the geometry cloned, every
//! property's name and text allocated, then all of it freed) cost more than
//! writing the file.

use crate::dataset::{Dataset, Place};
use crate::timeline::PlaceState;
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

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
            .and_then(|e| dataset.source(&dataset.events[e as usize]));
        let mut m = s.serialize_map(None)?;
        if let Some(layer) = self.layer {
            m.serialize_entry("layer", layer)?;
        }
        m.serialize_entry("id", &self.place.id)?;
        m.serialize_entry("name", &self.place.name)?;
        if let Some(date) = self.date {
            m.serialize_entry("date", &date)?;
        }
        m.serialize_entry("controller", &holder.map(|f| &f.id))?;
        m.serialize_entry("controller_name", &holder.map(|f| &f.name))?;
        m.serialize_entry("color", &holder.map(|f| f.color))?;
        m.serialize_entry("status", state.status.as_str())?;
        let challenger = state.challenger.map(|i| &dataset.force(i).id);
        m.serialize_entry("challenger", &challenger)?;
        m.serialize_entry("since", &state.since)?;
        m.serialize_entry("source", &source)?;
        if let Some((start, end)) = self.interval {
            m.serialize_entry("start", &start)?;
            m.serialize_entry("end", &end)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    /// Dates are serialised by chrono (its `serde` feature: `Display`, with
    /// no format string parsed for each of millions of dates), which must
    /// write the documented `%Y-%m-%d`.
    #[test]
    fn dates_are_serialised_as_year_month_day() {
        for (y, m, d) in [
            (2017, 3, 2),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (-44, 3, 15),
            (10000, 1, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let want = format!("\"{}\"", date.format("%Y-%m-%d"));
            assert_eq!(serde_json::to_string(&date).unwrap(), want);
        }
    }
}
