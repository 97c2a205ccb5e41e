//! The dataset's places as a `places.geojson` (`frontline places`): those of
//! places.geojson as read, then those found in the gazetteer, one feature a
//! line, so a dataset built from town names can be kept and edited.

use crate::dataset::Dataset;
use serde_json::{Value, json};

/// A FeatureCollection of every place, one feature a line: id, the
/// properties as read (with `name`, and `aliases` when there are any) and
/// the geometry as written.
pub fn places_collection(dataset: &Dataset) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, p) in dataset.places.iter().enumerate() {
        let mut properties = p.properties.clone();
        properties.insert("name".into(), Value::from(p.name.clone()));
        if !p.aliases.is_empty() {
            properties.insert("aliases".into(), json!(p.aliases));
        }
        let feature = json!({
            "type": "Feature",
            "id": p.id,
            "properties": properties,
            "geometry": p.geometry_json,
        });
        out.push_str(&feature.to_string());
        out.push_str(if i + 1 < dataset.places.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("]}\n");
    out
}
