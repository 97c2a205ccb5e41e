//! `export --date D`: one Feature per place, in the order of places.geojson.

use super::{Feature, PlaceFeature, StateProperties, write_collection};
use crate::dataset::Dataset;
use crate::timeline::Timeline;
use chrono::NaiveDate;

/// The state on `date` as GeoJSON Features, one per place.
pub fn state_collection<'a>(
    dataset: &'a Dataset,
    timeline: &'a Timeline,
    date: NaiveDate,
) -> impl Iterator<Item = Feature<'a>> + 'a {
    dataset.place_indices().map(move |i| {
        let place = dataset.place(i);
        Feature::Place(PlaceFeature {
            place,
            properties: StateProperties {
                dataset,
                place,
                state: timeline.state_on(i, date),
                layer: None,
                date: Some(date),
                interval: None,
            },
        })
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
