//! `export --date D`: one Feature per place, in the order of places.geojson.

use super::{feature, state_properties, write_collection};
use crate::dataset::Dataset;
use crate::timeline::Timeline;
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The state on `date` as GeoJSON Features, one per place.
pub fn state_collection<'a>(
    dataset: &'a Dataset,
    timeline: &'a Timeline,
    date: NaiveDate,
) -> impl Iterator<Item = Value> + 'a {
    let day = date.format("%Y-%m-%d").to_string();
    dataset.place_indices().map(move |i| {
        let place = dataset.place(i);
        let state = timeline.state_on(i, date);
        // The documented order (docs/data-format.md, "export --date"): id, name, date, then the state.
        let mut props = serde_json::Map::new();
        for (k, v) in state_properties(dataset, place, &state) {
            props.insert(k.clone(), v);
            if k == "name" {
                props.insert("date".into(), json!(day));
            }
        }
        feature(place, props)
    })
}

/// Writes the state on `date` as a GeoJSON FeatureCollection.
pub fn write_state(
    out: &mut dyn std::io::Write,
    dataset: &Dataset,
    timeline: &Timeline,
    date: NaiveDate,
) -> std::io::Result<()> {
    write_collection(out, state_collection(dataset, timeline, date))
}
