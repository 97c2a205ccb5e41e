//! `export --timeline`: one Feature per place and interval of unchanged state,
//! with ISO `start` (inclusive) and `end` (exclusive, `null` while ongoing), as
//! QGIS's Temporal Controller and kepler.gl read them. Unknown intervals are
//! left out.

use super::{Feature, PlaceFeature, StateProperties, write_collection};
use crate::dataset::Dataset;
use crate::timeline::{Status, Timeline};

/// Every place's known intervals as GeoJSON Features, place by place.
pub fn timeline_collection<'a>(
    dataset: &'a Dataset,
    timeline: &'a Timeline,
) -> impl Iterator<Item = Feature<'a>> + 'a {
    dataset.place_indices().flat_map(move |i| {
        let place = dataset.place(i);
        timeline
            .intervals_of(i)
            .filter(|iv| iv.state.status != Status::Unknown)
            .map(move |iv| {
                Feature::Place(PlaceFeature {
                    place,
                    properties: StateProperties {
                        dataset,
                        place,
                        state: iv.state,
                        layer: None,
                        date: None,
                        interval: Some((iv.start, iv.end)),
                    },
                })
            })
    })
}

/// Writes the timeline as a GeoJSON FeatureCollection.
pub fn write_timeline(
    out: &mut dyn std::io::Write,
    dataset: &Dataset,
    timeline: &Timeline,
) -> std::io::Result<()> {
    write_collection(out, timeline_collection(dataset, timeline))
}
