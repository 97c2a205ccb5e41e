//! Places an events file names but `places.geojson` lacks (or a dataset
//! with no `places.geojson` at all), found in the gazetteer.

use super::gazetteer::{Entry, Gazetteer};
use super::suggest::Suggester;
use crate::dataset::events::RawEvents;
use crate::dataset::names::{Lookup, NameIndex, normalize};
use crate::dataset::{Config, Place, Sources};
use crate::render::svg::thousands;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value, json};

/// Whether the dataset has no places.geojson, so every place comes from the
/// gazetteer: only when the folder's own file is missing (a `--places`
/// file that is not there stays an error).
pub(crate) fn places_from_gazetteer_only(sources: &Sources) -> bool {
    sources.places == sources.dir.join("places.geojson")
        && sources.dir.is_dir()
        && !sources.places.exists()
}

/// Adds to the places (and their name index) those the events name that
/// places.geojson lacks, from the gazetteer of the dataset's countries;
/// the messages for the references it cannot settle come back for the
/// events' resolver. Nothing is read when every reference is known, or
/// when places.geojson could not be read (`index` is `None`).
pub(crate) fn complete_places(
    config: &Config,
    raw: &RawEvents,
    places: &mut Vec<Place>,
    index: &mut Option<NameIndex>,
) -> GazetteerPlaces {
    let Some(index) = index else {
        return GazetteerPlaces::default();
    };
    let references = raw.place_references();
    resolve_with_gazetteer(
        &references,
        |known| super::dataset_countries(known, config),
        places,
        index,
    )
}

/// A name that reaches several places is taken to be the largest when it
/// has at least this many times the people of every other one.
const DOMINANT: u64 = 10;

/// What the gazetteer said about the references it could not resolve: the
/// message each such reference's rows get instead of "matches no place".
#[derive(Debug, Default)]
pub(crate) struct GazetteerPlaces {
    /// Reference as written → the error message for its rows.
    pub hints: FxHashMap<String, String>,
    /// Reference as written → the warning for its first row (a name of
    /// several places taken to be the largest).
    pub warnings: FxHashMap<String, String>,
}

/// Resolves the references `index` does not know against the gazetteer of
/// `countries` (the whole world when empty): each place found is added to
/// `places` and to `index` (under its id and the references that chose
/// it, so no name of `places.geojson` becomes ambiguous). A name reaching
/// several places is the one with ten times the people of every other
/// (with a warning naming the choice, for the first row using it), else an error listing them.
pub(crate) fn resolve_with_gazetteer(
    references: &[&str],
    countries: impl FnOnce(&[Place]) -> Vec<String>,
    places: &mut Vec<Place>,
    index: &mut NameIndex,
) -> GazetteerPlaces {
    let missing: Vec<&str> = references
        .iter()
        .copied()
        .filter(|r| !r.trim().is_empty() && index.lookup(r) == Lookup::None)
        .collect();
    let mut out = GazetteerPlaces::default();
    if missing.is_empty() {
        return out;
    }
    let countries = countries(places);
    let gazetteer = Gazetteer::new(&countries);
    let mut found = gazetteer.find(&missing);
    let within = if countries.is_empty() {
        "the gazetteer".to_string()
    } else {
        format!("the gazetteer of {}", countries.join(", "))
    };
    let mut added: FxHashMap<u64, usize> = FxHashMap::default();
    let mut suggester: Option<Suggester> = None;
    for r in missing {
        let mut candidates = found.remove(r).unwrap_or_default();
        candidates.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then(a.geonameid.cmp(&b.geonameid))
        });
        let chosen = match candidates.as_slice() {
            [] => {
                let suggester = suggester.get_or_insert_with(|| {
                    Suggester::new(places, (!countries.is_empty()).then_some(&gazetteer))
                });
                let hint = suggester
                    .did_you_mean(r)
                    .map(|n| format!("; did you mean {n:?}?"))
                    .unwrap_or_default();
                let message = format!(
                    "place {:?} matches no place (by id, name or alias), nor any in {within}{hint}",
                    r
                );
                out.hints.insert(r.to_string(), message);
                continue;
            }
            [one] => one,
            [first, rest @ ..] if first.population >= DOMINANT * rest[0].population.max(1) => {
                out.warnings.insert(
                    r.to_string(),
                    format!(
                        "place {:?} is taken to be {}, which has ten times the people of any other place of that name in {within} ({}); write geonames:<id> to choose another",
                        r,
                        describe(first),
                        list(rest)
                    ),
                );
                first
            }
            many => {
                let message = format!(
                    "place {:?} matches {} places in {within}: {}; write the one meant as geonames:<id>, or add it to places.geojson",
                    r,
                    many.len(),
                    list(many)
                );
                out.hints.insert(r.to_string(), message);
                continue;
            }
        };
        let at = *added.entry(chosen.geonameid).or_insert_with(|| {
            places.push(place_of(chosen));
            places.len() - 1
        });
        let place = &mut places[at];
        let id = place.id.clone();
        if normalize(r) != normalize(&place.name) && !r.trim().starts_with("geonames:") {
            place.aliases.push(r.trim().to_string());
        }
        index.insert(at, &id, [r]);
    }
    out
}

/// `Kyiv (Kyiv, UA, 2,952,301 people, geonames:703448)`.
fn describe(e: &Entry) -> String {
    let admin1 = if e.admin1.is_empty() {
        String::new()
    } else {
        format!("{}, ", e.admin1)
    };
    format!(
        "{} ({admin1}{}, {} people, geonames:{})",
        e.name,
        e.country,
        thousands(e.population as usize),
        e.geonameid
    )
}

/// The first candidates, described, with how many more there are.
fn list(entries: &[Entry]) -> String {
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = entries.iter().take(SHOWN).map(describe).collect();
    if entries.len() > SHOWN {
        parts.push(format!("and {} more", entries.len() - SHOWN));
    }
    parts.join("; ")
}

/// A point place for a gazetteer entry; its kind follows the population as
/// in the bundled data (city ≥ 100,000, town ≥ 10,000, else village).
fn place_of(e: &Entry) -> Place {
    let kind = match e.population {
        p if p >= 100_000 => "city",
        p if p >= 10_000 => "town",
        _ => "village",
    };
    let geometry_json = json!({"type": "Point", "coordinates": [e.lon, e.lat]});
    let mut properties = Map::new();
    properties.insert("name".into(), Value::from(e.name.clone()));
    properties.insert("kind".into(), Value::from(kind));
    properties.insert("population".into(), Value::from(e.population));
    properties.insert("country".into(), Value::from(e.country.clone()));
    if !e.admin1.is_empty() {
        properties.insert("admin1".into(), Value::from(e.admin1.clone()));
    }
    properties.insert("source".into(), Value::from("GeoNames"));
    Place {
        id: e.id(),
        name: e.name.clone(),
        aliases: Vec::new(),
        kind: Some(kind.to_string()),
        population: Some(e.population),
        geometry: geo::Geometry::Point(geo::Point::new(e.lon, e.lat)),
        geometry_json,
        properties,
    }
}
