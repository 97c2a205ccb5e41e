//! `places.geojson`: the places whose control is tracked (docs/data-format.md, "places.geojson").

use super::geojson_in::{self, Accept};
use crate::error::{Location, Problem};
use geo::Geometry;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// A place whose control is tracked.
#[derive(Debug, Clone)]
pub struct Place {
    /// Unique id, as text (`Feature.id` or `properties.id`).
    pub id: String,
    /// Display name (`properties.name`).
    pub name: String,
    /// Other names the events may use.
    pub aliases: Vec<String>,
    /// city, town, village, district, governorate, … (free text).
    pub kind: Option<String>,
    /// Inhabitants, when known; used to rank labels and marker sizes.
    pub population: Option<u64>,
    /// Point, MultiPoint, Polygon or MultiPolygon, WGS 84 lon/lat.
    pub geometry: Geometry<f64>,
    /// The geometry as written in the file, exported unchanged (altitudes kept).
    pub geometry_json: Value,
    /// All of the feature's properties, as given (other properties are kept).
    pub properties: Map<String, Value>,
}

impl Place {
    /// Whether the place is drawn as an area rather than a marker.
    pub fn is_area(&self) -> bool {
        matches!(
            self.geometry,
            Geometry::Polygon(_) | Geometry::MultiPolygon(_)
        )
    }
}

/// Loads and checks places, pushing every problem found. `None` when the
/// file cannot be used at all (missing, not JSON, not a FeatureCollection).
pub fn load_places(path: &Path, problems: &mut Vec<Problem>) -> Option<Vec<Place>> {
    let features = geojson_in::read_features(path, problems)?;
    let mut places = Vec::with_capacity(features.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, mut feature) in features.into_iter().enumerate() {
        let label = geojson_in::feature_label(&feature, index);
        // Before properties are taken out: the id may be properties.id.
        let id = geojson_in::feature_id(&feature);
        let mut err = |msg: String| {
            problems.push(Problem::error(path, Location::Feature(label.clone()), msg))
        };
        if feature.get("type").and_then(Value::as_str) != Some("Feature") {
            err("not a GeoJSON Feature".into());
            continue;
        }
        let properties = match feature.get_mut("properties").map(Value::take) {
            Some(Value::Object(m)) => m,
            None | Some(Value::Null) => Map::new(),
            Some(_) => {
                err("properties must be an object".into());
                continue;
            }
        };
        if id.is_none() {
            err("has no id (give the Feature an \"id\" or properties.id)".into());
        }
        if let Some(id) = &id {
            if id.trim().is_empty() {
                err("the id is empty".into());
            } else if let Some(&first) = seen.get(id) {
                err(format!(
                    "duplicate id {id:?} (first used by feature #{first})"
                ));
                continue;
            }
            seen.insert(id.clone(), index);
        }
        let name = match properties.get("name") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                err("properties.name is required".into());
                None
            }
            Some(_) => {
                err("properties.name must be a string".into());
                None
            }
        };
        let aliases = match properties.get("aliases") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            Some(_) => {
                err("properties.aliases must be an array of strings".into());
                Vec::new()
            }
        };
        let kind = match properties.get("kind") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(_) => {
                err("properties.kind must be a string".into());
                None
            }
        };
        let population = match properties.get("population") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(Value::Number(n)) if n.as_f64().is_some_and(|f| f >= 0.0 && f.fract() == 0.0) => {
                n.as_f64().map(|f| f as u64)
            }
            Some(other) => {
                err(format!(
                    "properties.population must be a whole number, not {other}"
                ));
                None
            }
        };
        // A place with a bad geometry is still indexed (with an empty one),
        // so the events that name it do not each report it missing.
        let geometry = match geojson_in::parse_geometry(feature.get("geometry"), Accept::Places) {
            Ok(g) => Some(g),
            Err(msg) => {
                err(msg);
                Some(Geometry::MultiPoint(geo::MultiPoint(Vec::new())))
            }
        };
        // A place with no name (or no id) is still indexed under what it
        // has, so the events that name it are not reported as well.
        if id.is_none() && name.is_none() {
            continue;
        }
        let id = id.unwrap_or_else(|| format!("#{index}"));
        let name = name.unwrap_or_else(|| id.clone());
        if let Some(geometry) = geometry {
            places.push(Place {
                id,
                name,
                aliases,
                kind,
                population,
                geometry,
                geometry_json: feature.get_mut("geometry").map_or(Value::Null, Value::take),
                properties,
            });
        }
    }
    Some(places)
}
