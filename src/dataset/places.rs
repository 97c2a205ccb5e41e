//! `places.geojson`: the places whose control is tracked (docs/data-format.md, "places.geojson").

use super::PlaceFields;
use super::geojson_in::{self, Accept};
use super::gis_in::{self, GisFormat};
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

/// Loads and checks places from GeoJSON, or from GeoPackage, Shapefile or
/// FlatGeobuf by the file's extension, with the id and name taken from
/// `fields` when given, pushing every problem found. `None` when the file
/// cannot be used at all (missing, not JSON, not a FeatureCollection).
pub fn load_places(
    path: &Path,
    fields: &PlaceFields,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Place>> {
    let features = match GisFormat::of(path) {
        Some(format) => gis_in::read_features(path, format, fields.layer.as_deref(), problems)?,
        None => geojson_in::read_features(path, problems)?,
    };
    let name_key = fields.name.as_deref().unwrap_or("name");
    let mut places = Vec::with_capacity(features.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, mut feature) in features.into_iter().enumerate() {
        let label = geojson_in::feature_label(&feature, index);
        // Before properties are taken out: the id may be properties.id.
        let id = match &fields.id {
            None => geojson_in::feature_id(&feature),
            Some(key) => property_text(&feature, key),
        };
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
            err(match &fields.id {
                None => "has no id (give the Feature an \"id\" or properties.id)".into(),
                Some(key) => format!(
                    "has no id: property {key:?} (the id field) is missing, empty or not text or a number"
                ),
            });
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
        let name = match properties.get(name_key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                err(format!("properties.{name_key} is required"));
                None
            }
            Some(_) => {
                err(format!("properties.{name_key} must be a string"));
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

/// A property as an id: text, or a number written as text.
fn property_text(feature: &Value, key: &str) -> Option<String> {
    match feature.get("properties")?.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
