//! `frontline.toml`: the dataset's own settings.
//!
//! ```toml
//! title = "Syria and Iraq: who held what"
//! attribution = "Places: GeoNames (CC BY 4.0) …"
//! bbox = [35.0, 29.0, 48.8, 37.6]   # minlon, minlat, maxlon, maxlat
//! gazetteer = true                 # places.geojson lists more places than the events track
//! ```

use crate::error::{Location, Problem};
use serde::Deserialize;
use std::path::Path;

/// The dataset's settings; every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The map's title (default: the dataset folder's name).
    pub title: Option<String>,
    /// The attribution line printed on maps.
    pub attribution: Option<String>,
    /// The default extent: minlon, minlat, maxlon, maxlat.
    pub bbox: Option<[f64; 4]>,
    /// places.geojson is a gazetteer (every town of a region), not a list of
    /// tracked places: `check` does not warn about places no event mentions,
    /// and maps leave them out (exports still list every place).
    #[serde(default)]
    pub gazetteer: bool,
    /// Places with at least this population are labelled (render).
    pub label_min_population: Option<u64>,
}

/// Loads `frontline.toml`.
pub fn load_config(path: &Path, problems: &mut Vec<Problem>) -> Config {
    let text = match super::geojson_in::read_text(path) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            return Config::default();
        }
    };
    match toml::from_str::<Config>(&text) {
        Ok(config) => {
            if let Some(b) = config.bbox {
                if let Err(msg) = check_bbox(b) {
                    let line = text
                        .lines()
                        .position(|l| l.trim_start().starts_with("bbox"))
                        .map_or(Location::File, |i| Location::Line(i as u64 + 1));
                    problems.push(Problem::error(path, line, format!("bbox: {msg}")));
                }
            }
            config
        }
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1)
                .unwrap_or(1);
            let msg = e.message().to_string();
            problems.push(Problem::error(path, Location::Line(line), msg));
            Config::default()
        }
    }
}

/// A bbox is `[minlon, minlat, maxlon, maxlat]` inside the world, min < max.
pub fn check_bbox(b: [f64; 4]) -> Result<(), String> {
    let [x0, y0, x1, y1] = b;
    if !b.iter().all(|v| v.is_finite()) {
        return Err("all four numbers must be finite".into());
    }
    if !(-180.0..=180.0).contains(&x0)
        || !(-180.0..=180.0).contains(&x1)
        || !(-90.0..=90.0).contains(&y0)
        || !(-90.0..=90.0).contains(&y1)
    {
        return Err(format!(
            "{b:?} is outside [-180,180]×[-90,90] (order: minlon,minlat,maxlon,maxlat)"
        ));
    }
    if x0 >= x1 || y0 >= y1 {
        return Err(format!(
            "{b:?}: min must be less than max (order: minlon,minlat,maxlon,maxlat)"
        ));
    }
    Ok(())
}
