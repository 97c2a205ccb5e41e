//! `basemap.geojson`: polygons and lines drawn beneath everything.
//!
//! frontline reads two optional properties to style a feature: `kind`
//! (`country`, `admin1`, `admin1-area`, `river`, `lake`; anything else is drawn
//! as a plain outline) and, for countries, `focus` (`true` for the countries
//! the map is about; the others are drawn muted). `name` labels countries.

use super::geojson_in::{self, Accept};
use crate::error::{Location, Problem};
use geo::Geometry;
use serde_json::Value;
use std::path::Path;

/// One basemap feature.
#[derive(Debug, Clone)]
pub struct BasemapFeature {
    /// `properties.kind`, lower case (empty when absent).
    pub kind: String,
    /// `properties.name`, when given.
    pub name: Option<String>,
    /// `properties.focus`: a country of interest.
    pub focus: bool,
    /// The geometry, WGS 84 lon/lat.
    pub geometry: Geometry<f64>,
}

/// Loads the basemap, pushing every problem found.
pub fn load_basemap(path: &Path, problems: &mut Vec<Problem>) -> Vec<BasemapFeature> {
    let features = match geojson_in::read_features(path) {
        Ok(f) => f,
        Err(p) => {
            problems.push(p);
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(features.len());
    for (index, feature) in features.iter().enumerate() {
        let props = feature.get("properties");
        let text = |key: &str| {
            props
                .and_then(|p| p.get(key))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        match geojson_in::parse_geometry(feature.get("geometry"), Accept::Any) {
            Ok(geometry) => out.push(BasemapFeature {
                kind: text("kind").unwrap_or_default().to_lowercase(),
                name: text("name"),
                focus: props
                    .and_then(|p| p.get("focus"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                geometry,
            }),
            Err(msg) => problems.push(Problem::error(
                path,
                Location::Feature(geojson_in::feature_label(feature, index)),
                msg,
            )),
        }
    }
    out
}
