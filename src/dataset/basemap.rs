//! `basemap.geojson`: polygons and lines drawn beneath everything.
//!
//! frontline reads two optional properties to style a feature: `kind`
//! ([`BasemapKind`]: `country`, `admin1`, `admin1-area` (not drawn), `river`,
//! `lake`; anything else is drawn as a plain outline) and, for countries, `focus` (`true` for the countries
//! the map is about; the others are drawn muted). `name` labels countries.

use super::geojson_in::{self, Accept};
use crate::error::{Location, Problem};
use geo::Geometry;
use serde_json::Value;
use std::path::Path;

/// What a basemap feature is, from `properties.kind` (case ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BasemapKind {
    /// `country`: land, light when `focus`, muted otherwise.
    Country,
    /// `admin1`: internal boundaries (lines), dashed.
    Admin1,
    /// `admin1-area`: internal areas (governorate polygons). Not drawn, since
    /// `admin1` lines draw their boundaries; kept for what works by region.
    Admin1Area,
    /// `river`: a line in the water colour.
    River,
    /// `lake`: a water area.
    Lake,
    /// Anything else, or no kind: drawn as a thin outline.
    Other,
}

impl BasemapKind {
    /// The kind named by `properties.kind`.
    pub fn parse(text: &str) -> BasemapKind {
        match text.trim().to_lowercase().as_str() {
            "country" => BasemapKind::Country,
            "admin1" => BasemapKind::Admin1,
            "admin1-area" => BasemapKind::Admin1Area,
            "river" => BasemapKind::River,
            "lake" => BasemapKind::Lake,
            _ => BasemapKind::Other,
        }
    }

    /// The kind's word, as the SVG's class names write it.
    pub fn as_str(self) -> &'static str {
        match self {
            BasemapKind::Country => "country",
            BasemapKind::Admin1 => "admin1",
            BasemapKind::Admin1Area => "admin1-area",
            BasemapKind::River => "river",
            BasemapKind::Lake => "lake",
            BasemapKind::Other => "other",
        }
    }
}

/// One basemap feature.
#[derive(Debug, Clone)]
pub struct BasemapFeature {
    /// `properties.kind`.
    pub kind: BasemapKind,
    /// `properties.name`, when given.
    pub name: Option<String>,
    /// `properties.focus`: a country of interest.
    pub focus: bool,
    /// The geometry, WGS 84 lon/lat.
    pub geometry: Geometry<f64>,
}

/// Loads the basemap, pushing every problem found.
pub fn load_basemap(path: &Path, problems: &mut Vec<Problem>) -> Vec<BasemapFeature> {
    let Some(features) = geojson_in::read_features(path, problems) else {
        return Vec::new();
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
                kind: BasemapKind::parse(&text("kind").unwrap_or_default()),
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

/// The basemap's areas (countries and admin-1 areas) named by `names`
/// (compared as names are: case, accents and apostrophes folded), or the
/// names no area has.
pub fn named_areas<'a>(
    basemap: &'a [BasemapFeature],
    names: &[String],
) -> std::result::Result<Vec<&'a BasemapFeature>, Vec<String>> {
    let is_area = |f: &&BasemapFeature| {
        matches!(f.kind, BasemapKind::Country | BasemapKind::Admin1Area)
            && matches!(f.geometry, Geometry::Polygon(_) | Geometry::MultiPolygon(_))
    };
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for name in names {
        let want = super::names::normalize(name);
        let hits: Vec<&BasemapFeature> = basemap
            .iter()
            .filter(is_area)
            .filter(|f| {
                f.name
                    .as_deref()
                    .is_some_and(|n| super::names::normalize(n) == want)
            })
            .collect();
        if hits.is_empty() {
            missing.push(name.clone());
        }
        found.extend(hits);
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}
