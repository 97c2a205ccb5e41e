//! `frontline.toml`: the dataset's own settings.
//!
//! ```toml
//! title = "Syria and Iraq: who held what"
//! attribution = "Places: GeoNames (CC BY 4.0) …"
//! bbox = [35.0, 29.0, 48.8, 37.6]   # minlon, minlat, maxlon, maxlat
//! gazetteer = true                 # places.geojson lists more places than the events track
//! zones = true                     # maps and exports show areas of control
//! zone_reach_km = 60               # one reach for every place (default: adaptive)
//! region = ["Syria"]               # zones cover these basemap areas (default: the focus countries)
//! ```

use super::names::normalize;
use crate::error::{Location, Problem};
use std::path::Path;
use toml::Value;

/// The dataset's settings; every key is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The map's title (default: the dataset folder's name).
    pub title: Option<String>,
    /// The attribution line printed on maps.
    pub attribution: Option<String>,
    /// The default extent: minlon, minlat, maxlon, maxlat (key `bbox`, or
    /// `extent` as an array or a table with `bbox`).
    pub bbox: Option<[f64; 4]>,
    /// places.geojson is a gazetteer (every town of a region), not a list of
    /// tracked places: `check` does not warn about places no event mentions,
    /// and maps leave them out (exports still list every place).
    pub gazetteer: bool,
    /// Places with at least this population are labelled (render).
    pub label_min_population: Option<u64>,
    /// Maps and exports show areas of control by default (`zones = true`).
    pub zones: bool,
    /// One reach for every place's zone, km (`zone_reach_km`); `None`: the
    /// reach adapts to how dense the places are (see `zones`).
    pub zone_reach_km: Option<f64>,
    /// The ground zones cover: names of basemap countries or admin-1 areas
    /// (`region`, a name or a list); `None`: the basemap's focus countries.
    pub region: Option<Region>,
    /// The countries the dataset is about (`countries`, ISO 3166-1 alpha-2
    /// codes, upper case): the focus of the world basemap and where the
    /// gazetteer looks for places. Empty: the countries of the places.
    pub countries: Vec<String>,
}

/// The `region` setting: names, and where it is written (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Names of basemap features, as written.
    pub names: Vec<String>,
    /// Its line in `frontline.toml`.
    pub at: Location,
}

/// A TOML syntax error's message; toml's "duplicate key" names no key, so
/// the key (the text the error points at) is added.
fn syntax_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim();
    let key = e.span().and_then(|s| text.get(s)).unwrap_or("");
    if message == "duplicate key" && !key.is_empty() && !key.contains('\n') {
        format!("duplicate key {key:?}: a key may be given once")
    } else {
        message.to_string()
    }
}

/// Loads `frontline.toml`. Settings this version does not know are warnings,
/// not errors: a dataset written for a later version still loads.
pub fn load_config(path: &Path, problems: &mut Vec<Problem>) -> Config {
    let text = match super::geojson_in::read_text(path) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            return Config::default();
        }
    };
    let table = match toml::from_str::<toml::Table>(&text) {
        Ok(t) => t,
        Err(e) => {
            let line = e
                .span()
                .map(|s| {
                    // Bytes, not a &str slice: a span is no reason to panic.
                    let before = &text.as_bytes()[..s.start.min(text.len())];
                    before.iter().filter(|&&b| b == b'\n').count() as u64 + 1
                })
                .unwrap_or(1);
            problems.push(Problem::error(
                path,
                Location::Line(line),
                syntax_message(&e, &text),
            ));
            return Config::default();
        }
    };
    let mut config = Config::default();
    let first = problems.len();
    for (key, value) in &table {
        let at = key_line(&text, key);
        let mut error =
            |msg: String| problems.push(Problem::error(path, at.clone(), format!("{key}: {msg}")));
        match key.as_str() {
            "title" | "attribution" => match value.as_str() {
                None => error("must be text in quotes".into()),
                Some(t) => match super::chars::first_refused(t) {
                    Some(what) => error(super::chars::refused_message("the text", &what)),
                    None if key == "title" => config.title = Some(t.to_string()),
                    None => config.attribution = Some(t.to_string()),
                },
            },
            "bbox" | "extent" => match bbox_of(value).and_then(|b| check_bbox(b).map(|()| b)) {
                Ok(b) => config.bbox = Some(b),
                Err(msg) => error(msg),
            },
            "gazetteer" => match value.as_bool() {
                Some(b) => config.gazetteer = b,
                None => error("must be true or false".into()),
            },
            "zones" => match value.as_bool() {
                Some(b) => config.zones = b,
                None => error("must be true or false".into()),
            },
            "zone_reach_km" => match value.as_float().or(value.as_integer().map(|i| i as f64)) {
                Some(km) if km > 0.0 && km <= 1000.0 => config.zone_reach_km = Some(km),
                _ => error("must be a number of kilometres, more than 0 and at most 1000".into()),
            },
            "region" => {
                let names: Option<Vec<String>> = match value {
                    Value::String(s) => Some(vec![s.clone()]),
                    Value::Array(a) => a.iter().map(|v| v.as_str().map(str::to_string)).collect(),
                    _ => None,
                };
                match names {
                    Some(n) if !n.is_empty() && n.iter().all(|s| !s.trim().is_empty()) => {
                        config.region = Some(Region {
                            names: n,
                            at: at.clone(),
                        })
                    }
                    _ => error(
                        "must be the name of a basemap country or province in quotes, or a list of them, e.g. [\"Syria\", \"Iraq\"]"
                            .into(),
                    ),
                }
            }
            "countries" => match country_codes(value) {
                Some(Ok(codes)) => config.countries = codes,
                Some(Err(msg)) => error(msg),
                None => error(
                    "must be a two-letter country code in quotes, or a list of them, e.g. [\"UA\", \"RU\"]"
                        .into(),
                ),
            },
            "label_min_population" => match value.as_integer() {
                Some(n) if n >= 0 => config.label_min_population = Some(n as u64),
                _ => error("must be a whole number, 0 or more".into()),
            },
            _ => problems.push(Problem::warning(
                path,
                at,
                format!("unknown setting {key:?} (ignored)"),
            )),
        }
    }
    // The table is in key order; the report goes in line order.
    problems[first..].sort_by(|a, b| a.location.cmp(&b.location));
    config
}

/// `"UA"` or `["UA", "RU"]`: ISO 3166-1 alpha-2 codes, upper-cased, sorted.
fn country_codes(value: &Value) -> Option<Result<Vec<String>, String>> {
    let items: Vec<&Value> = match value {
        Value::Array(a) => a.iter().collect(),
        v => vec![v],
    };
    let texts = items
        .into_iter()
        .map(|v| v.as_str().map(str::trim))
        .collect::<Option<Vec<&str>>>()?;
    if texts.is_empty() {
        return None;
    }
    // Checked against the world basemap's countries, read only here: a
    // code it lacks would give a map without its focus and no gazetteer
    // places, and a country's name is the most common slip.
    let known = crate::world::country_names();
    let mut codes = Vec::new();
    for text in texts {
        let code = text.to_ascii_uppercase();
        if known.iter().any(|(k, _)| *k == code) {
            codes.push(code);
            continue;
        }
        let key = normalize(text);
        return Some(Err(
            match known.iter().find(|(_, name)| normalize(name) == key) {
                Some((code, name)) => {
                    format!("{text:?} is a name: write the code of {name}, {code:?}")
                }
                None if code.len() == 2 => format!(
                    "{text:?} is not a country code of the world basemap (ISO 3166-1 alpha-2, e.g. \"UA\", \"SY\")"
                ),
                None => return None,
            },
        ));
    }
    codes.sort();
    codes.dedup();
    Some(Ok(codes))
}

/// `[minlon, minlat, maxlon, maxlat]`, or a table holding one as `bbox`.
fn bbox_of(value: &Value) -> Result<[f64; 4], String> {
    let want = || "want [minlon, minlat, maxlon, maxlat]".to_string();
    if let Some(inner) = value.as_table().and_then(|t| t.get("bbox")) {
        return bbox_of(inner);
    }
    let nums: Vec<f64> = value
        .as_array()
        .ok_or_else(want)?
        .iter()
        .map(|v| {
            v.as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .ok_or_else(want)
        })
        .collect::<Result<_, _>>()?;
    nums.try_into().map_err(|_| want())
}

/// The line where a top-level key (or table) is written.
fn key_line(text: &str, key: &str) -> Location {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let bare = l
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            let quoted = l
                .strip_prefix(&format!("\"{key}\""))
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            bare || quoted || l.starts_with(&format!("[{key}]"))
        })
        .map_or(Location::File, |i| Location::Line(i as u64 + 1))
}

/// A bbox is `[minlon, minlat, maxlon, maxlat]` inside the world, latitudes
/// within ±85, min < max.
pub fn check_bbox(b: [f64; 4]) -> Result<(), String> {
    // Beyond this the Lambert conic sends a pole to infinity and draws
    // nothing (`--bbox=-180,-90,180,90` did, with exit 0; issue 13, kind 9).
    const MAX_LAT: f64 = 85.0;
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
    if y0.abs() > MAX_LAT || y1.abs() > MAX_LAT {
        return Err(format!(
            "{b:?} reaches latitude {}: the map's conic projection cannot show the poles; latitudes must be between -{MAX_LAT} and {MAX_LAT}",
            if y0.abs() > y1.abs() { y0 } else { y1 }
        ));
    }
    if x0 >= x1 || y0 >= y1 {
        return Err(format!(
            "{b:?}: min must be less than max (order: minlon,minlat,maxlon,maxlat)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Config, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frontline.toml");
        std::fs::write(&path, text).unwrap();
        let mut problems = Vec::new();
        let c = load_config(&path, &mut problems);
        let msgs = problems
            .iter()
            .map(|p| format!("{:?}:{:?}:{}", p.severity, p.location, p.message))
            .collect();
        (c, msgs)
    }

    /// toml says "duplicate key" without the key; the message names it.
    #[test]
    fn a_key_given_twice_is_named() {
        let (_, msgs) = load("title = \"a\"\nzones = true\ntitle = \"b\"\n");
        assert_eq!(
            msgs,
            ["Error:Line(3):duplicate key \"title\": a key may be given once"]
        );
        let (_, msgs) = load("[extent]\nbbox = [1, 2, 3, 4]\n[extent]\n");
        assert_eq!(
            msgs,
            ["Error:Line(3):duplicate key \"extent\": a key may be given once"]
        );
        // Other syntax errors keep toml's words.
        let (_, msgs) = load("bbox = [1, 2\n");
        assert_eq!(msgs, ["Error:Line(1):unclosed array, expected `]`"]);
    }

    #[test]
    fn known_keys_extent_and_unknown_keys() {
        let (c, msgs) = load("title = \"T\"\nextent = [35, 32, 42, 37.5]\n[style]\ncolor = 1\n");
        assert_eq!(c.title.as_deref(), Some("T"));
        assert_eq!(c.bbox, Some([35.0, 32.0, 42.0, 37.5]));
        assert_eq!(
            msgs,
            ["Warning:Line(3):unknown setting \"style\" (ignored)"]
        );
        let (c, _) = load("[extent]\nbbox = [1, 2, 3, 4]\n");
        assert_eq!(c.bbox, Some([1.0, 2.0, 3.0, 4.0]));
        let (c, msgs) = load("countries = [\"ua\", \"RU\"]\n");
        assert_eq!(c.countries, ["RU", "UA"]);
        assert!(msgs.is_empty(), "{msgs:?}");
        let (c, _) = load("countries = \"UA\"\n");
        assert_eq!(c.countries, ["UA"]);
        let (_, msgs) = load("title = \"t\"\ncountries = [\"UA\", \"ukraine\"]\n");
        assert_eq!(
            msgs,
            ["Error:Line(2):countries: \"ukraine\" is a name: write the code of Ukraine, \"UA\""]
        );
        let (_, msgs) = load("countries = [\"XQ\"]\n");
        assert_eq!(
            msgs,
            [
                "Error:Line(1):countries: \"XQ\" is not a country code of the world basemap (ISO 3166-1 alpha-2, e.g. \"UA\", \"SY\")"
            ]
        );
        let (_, msgs) = load("countries = [\"Narnia\"]\n");
        assert_eq!(
            msgs,
            [
                "Error:Line(1):countries: must be a two-letter country code in quotes, or a list of them, e.g. [\"UA\", \"RU\"]"
            ]
        );
        let (c, _) = load("[extent]\nbbox = [1, 2, 3, 4]\n");
        assert_eq!(c.bbox, Some([1.0, 2.0, 3.0, 4.0]));
    }

    #[test]
    fn bad_values_name_their_line() {
        let (_, msgs) = load("title = \"t\"\nbbox = [40, 30, 35, 37]\ngazetteer = \"yes\"\n");
        assert!(msgs[0].starts_with("Error:Line(2):bbox: "), "{msgs:?}");
        assert!(
            msgs[1].starts_with("Error:Line(3):gazetteer: must be true or false"),
            "{msgs:?}"
        );
        let (_, msgs) = load("title = \n");
        assert!(msgs[0].starts_with("Error:Line(1):"), "{msgs:?}");
    }
}
