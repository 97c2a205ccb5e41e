//! Stage 1, load: a dataset folder (docs/data-format.md) read, checked and resolved.
//!
//! Loading never stops at the first problem: every file is read and every
//! problem collected, so `frontline check` reports them all at once. Events
//! come out resolved to place and force indices, so later stages never see
//! raw text.

pub(crate) mod basemap;
pub(crate) mod chars;
pub mod color;
pub mod config;
pub(crate) mod csv_in;
pub mod dates;
pub(crate) mod events;
pub mod forces;
pub(crate) mod geojson_in;
pub(crate) mod gis_in;
pub mod index;
pub mod names;
pub(crate) mod places;
pub mod texts;

pub use basemap::{BasemapFeature, BasemapKind, named_areas};
pub use color::Color;
pub use config::Config;
pub use events::{Event, EventKind};
pub use forces::Force;
pub use index::{ForceIndex, PlaceIndex};
pub use places::Place;
pub use texts::{EventText, EventTexts};

use crate::error::{Error, Location, Problem, Problems, Result};
use names::NameIndex;
use std::path::{Path, PathBuf};

/// The folder of the bundled dataset: `geodata/syria` under the working
/// directory when it exists, else the one in the source tree frontline was built from.
pub fn bundled_data_dir() -> PathBuf {
    let local = Path::new("geodata/syria");
    if local.join("places.geojson").is_file() {
        return local.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata/syria")
}

/// Which files make up a dataset: a folder, with per-file overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Sources {
    /// The dataset folder (names default outputs, holds the default files).
    pub dir: PathBuf,
    /// `places.geojson`.
    pub places: PathBuf,
    /// `forces.csv`.
    pub forces: PathBuf,
    /// `events.csv`, or every `--events` file in order.
    pub events: Vec<PathBuf>,
    /// `basemap.geojson`, when there is one.
    pub basemap: Option<PathBuf>,
    /// `frontline.toml`, when there is one.
    pub config: Option<PathBuf>,
    /// The properties of the places file that hold each place's id and
    /// name, when not `id` and `name`, and its layer (`--id-field`,
    /// `--name-field`, `--places-layer`).
    pub place_fields: PlaceFields,
}

/// Which properties of the places file are the id and the name; `None`
/// keeps the documented ones (the Feature's id or `properties.id`, and
/// `properties.name`). And, for a GeoPackage of several feature tables,
/// which one holds the places.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceFields {
    /// The property holding the id.
    pub id: Option<String>,
    /// The property holding the name.
    pub name: Option<String>,
    /// The GeoPackage feature table.
    pub layer: Option<String>,
}

impl Sources {
    /// Every file of the dataset, required and optional.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        [&self.places, &self.forces]
            .into_iter()
            .chain(&self.events)
            .chain(&self.basemap)
            .chain(&self.config)
            .map(PathBuf::as_path)
    }

    /// The files of a dataset folder (optional files only when present).
    pub fn from_dir(dir: impl Into<PathBuf>) -> Sources {
        let dir = dir.into();
        let optional = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
        Sources {
            places: dir.join("places.geojson"),
            forces: dir.join("forces.csv"),
            events: vec![dir.join("events.csv")],
            basemap: optional("basemap.geojson"),
            config: optional("frontline.toml"),
            place_fields: PlaceFields::default(),
            dir,
        }
    }

    /// The dataset's short name, for default output files (`syria`).
    pub fn name(&self) -> String {
        let canonical = self.dir.canonicalize().unwrap_or_else(|_| self.dir.clone());
        canonical
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "frontline".to_string())
    }
}

/// A loaded, checked dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Where it came from.
    pub sources: Sources,
    /// Places, in file order.
    pub places: Vec<Place>,
    /// Forces, in legend order.
    pub forces: Vec<Force>,
    /// Events, in file and row order (not yet sorted by date).
    pub events: Vec<Event>,
    /// The events' sources and notes ([`Dataset::source`], [`Dataset::note`]).
    pub texts: EventTexts,
    /// Basemap features (empty without a basemap).
    pub basemap: Vec<BasemapFeature>,
    /// `frontline.toml`.
    pub config: Config,
    /// Warnings found while loading (exact duplicate rows).
    pub warnings: Vec<Problem>,
}

impl Dataset {
    /// Loads a dataset; `Error::Data` lists every problem (errors and warnings).
    pub fn load(sources: &Sources) -> Result<Dataset> {
        // No output of this process may replace a file of its dataset.
        crate::output::protect_inputs(sources.files());
        let mut problems = Vec::new();
        let inside = |p: &Path| p.starts_with(&sources.dir);
        if !sources.dir.is_dir()
            && inside(&sources.places)
            && inside(&sources.forces)
            && sources.events.iter().all(|e| inside(e))
        {
            let why = if sources.dir.exists() {
                "not a folder"
            } else {
                "no such dataset folder"
            };
            problems.push(Problem::error(&sources.dir, Location::File, why));
            return Err(Error::Data(Problems(problems)));
        }
        let config = match &sources.config {
            Some(path) => config::load_config(path, &mut problems),
            None => Config::default(),
        };
        // The events files are read on another core while places, forces,
        // the basemap and the name indexes load; names are resolved once
        // both are done.
        let (raw_events, loaded) = std::thread::scope(|scope| {
            let reader = scope.spawn(|| events::read_events(&sources.events));
            let loaded = load_places_and_forces(sources, &mut problems);
            let raw = reader
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (raw, loaded)
        });
        let Loaded {
            mut places,
            forces,
            basemap,
            mut place_index,
            force_index,
        } = loaded;
        let gazetteer =
            crate::world::complete_places(&config, &raw_events, &mut places, &mut place_index);
        let basemap = match &sources.basemap {
            Some(_) => basemap,
            None => crate::world::dataset_basemap(&places, &config),
        };
        let place_ids: Vec<String> = places.iter().map(|p| p.id.clone()).collect();
        let force_ids: Vec<String> = forces.iter().map(|f| f.id.clone()).collect();
        let force_names = events::force_names(&forces);
        let resolver = events::Resolver {
            places: place_index.as_ref(),
            forces: force_index.as_ref(),
            place_ids: &place_ids,
            force_ids: &force_ids,
            place_hints: Some(&gazetteer.hints),
            place_warnings: Some(&gazetteer.warnings),
            force_names: &force_names,
        };
        let (events, texts) =
            events::resolve_events(raw_events, &sources.events, &resolver, &mut problems);
        check_region(sources, &config, &basemap, &mut problems);
        if problems.iter().any(Problem::is_error) {
            return Err(Error::Data(Problems(problems)));
        }
        Ok(Dataset {
            sources: sources.clone(),
            places,
            forces,
            events,
            texts,
            basemap,
            config,
            warnings: problems,
        })
    }

    /// Warnings about places no event mentions (unless `frontline.toml` says
    /// `gazetteer = true`), forces no event uses, and places whose lat and
    /// lon look swapped: `check` shows them.
    pub fn unused_warnings(&self) -> Vec<Problem> {
        let mut problems =
            crate::world::position_warnings(&self.sources.places, &self.places, &self.config);
        unused_warnings(
            &self.sources,
            &self.config,
            &self.places,
            &self.forces,
            &self.events,
            &mut problems,
        );
        problems
    }

    /// A place by its index.
    pub fn place(&self, i: PlaceIndex) -> &Place {
        &self.places[i.get()]
    }

    /// Where an event is reported; `None` when its row gives no source.
    pub fn source(&self, event: &Event) -> Option<&str> {
        self.texts.source(event.text)
    }

    /// An event's note; `None` when its row has none.
    pub fn note(&self, event: &Event) -> Option<&str> {
        self.texts.note(event.text)
    }

    /// A force by its index.
    pub fn force(&self, i: ForceIndex) -> &Force {
        &self.forces[i.get()]
    }

    /// Every place's index, in file order.
    pub fn place_indices(&self) -> impl Iterator<Item = PlaceIndex> + use<> {
        (0..self.places.len()).map(PlaceIndex::new)
    }

    /// The dataset's title: `frontline.toml`'s, else the folder name.
    pub fn title(&self) -> String {
        // frontline.toml's title was checked at load; a folder's name was
        // not, and characters XML cannot carry become U+FFFD.
        self.config.title.clone().unwrap_or_else(|| {
            let name = self.sources.name();
            name.chars()
                .map(|c| if chars::is_refused(c) { '\u{fffd}' } else { c })
                .collect()
        })
    }
}

/// What loads beside the events: places, forces, basemap, and the indexes
/// of place and force names.
struct Loaded {
    places: Vec<Place>,
    forces: Vec<Force>,
    basemap: Vec<BasemapFeature>,
    /// `None` when places.geojson cannot be read: the events' references to
    /// places are then not checked (one problem, not one per row).
    place_index: Option<NameIndex>,
    /// `None` when forces.csv cannot be read (as for places).
    force_index: Option<NameIndex>,
}

/// The index of (id, name, aliases) rows, by their position.
fn name_index<'a>(rows: impl Iterator<Item = (&'a str, &'a str, &'a [String])>) -> NameIndex {
    let mut index = NameIndex::default();
    for (i, (id, name, aliases)) in rows.enumerate() {
        index.insert(
            i,
            id,
            std::iter::once(name).chain(aliases.iter().map(String::as_str)),
        );
    }
    index
}

/// Loads places, forces and the basemap (problems pushed in that order)
/// and indexes the names of places and forces.
fn load_places_and_forces(sources: &Sources, problems: &mut Vec<Problem>) -> Loaded {
    let places = if crate::world::places_from_gazetteer_only(sources) {
        Some(Vec::new())
    } else {
        places::load_places(&sources.places, &sources.place_fields, problems)
    };
    let forces = forces::load_forces(&sources.forces, problems);
    let basemap = match &sources.basemap {
        Some(path) => basemap::load_basemap(path, problems),
        None => Vec::new(),
    };
    let place_index = places.as_ref().map(|places| {
        name_index(
            places
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str(), &p.aliases[..])),
        )
    });
    let force_index = forces.as_ref().map(|forces| {
        name_index(
            forces
                .iter()
                .map(|f| (f.id.as_str(), f.name.as_str(), &f.aliases[..])),
        )
    });
    Loaded {
        places: places.unwrap_or_default(),
        forces: forces.unwrap_or_default(),
        basemap,
        place_index,
        force_index,
    }
}

/// The `region` setting names areas the basemap has.
fn check_region(
    sources: &Sources,
    config: &Config,
    basemap: &[BasemapFeature],
    problems: &mut Vec<Problem>,
) {
    let (Some(region), Some(toml)) = (&config.region, &sources.config) else {
        return;
    };
    if let Err(missing) = basemap::named_areas(basemap, &region.names) {
        // Focus countries first, then the others, then provinces: the likeliest first.
        let mut known: Vec<(u8, &str)> = basemap
            .iter()
            .filter_map(|f| {
                let rank = match (f.kind, f.focus) {
                    (BasemapKind::Country, true) => 0,
                    (BasemapKind::Country, false) => 1,
                    (BasemapKind::Admin1Area, _) => 2,
                    _ => return None,
                };
                Some((rank, f.name.as_deref()?))
            })
            .collect();
        known.sort_unstable();
        known.dedup();
        let known: Vec<&str> = known.into_iter().map(|(_, n)| n).collect();
        let why = if basemap.is_empty() {
            "the dataset has no basemap.geojson to take it from".to_string()
        } else if known.is_empty() {
            "basemap.geojson has no named country or admin1-area polygons".to_string()
        } else {
            let shown = known.len().min(12);
            format!(
                "basemap.geojson names {}{}",
                known[..shown].join(", "),
                if known.len() > shown { ", …" } else { "" }
            )
        };
        let quoted: Vec<String> = missing.iter().map(|m| format!("{m:?}")).collect();
        problems.push(Problem::error(
            toml,
            region.at.clone(),
            format!(
                "region: no country or province called {} in the basemap ({why})",
                quoted.join(", ")
            ),
        ));
    }
}

/// Places no event mentions and forces no event uses are worth a warning.
fn unused_warnings(
    sources: &Sources,
    config: &Config,
    places: &[Place],
    forces: &[Force],
    events: &[Event],
    problems: &mut Vec<Problem>,
) {
    let mut place_used = vec![false; places.len()];
    let mut force_used = vec![false; forces.len()];
    for e in events {
        place_used[e.place.get()] = true;
        force_used[e.force.get()] = true;
    }
    if !config.gazetteer {
        for (p, _) in places.iter().zip(&place_used).filter(|(_, used)| !**used) {
            problems.push(Problem::warning(
                &sources.places,
                Location::Feature(p.id.clone()),
                format!("place {:?} is never mentioned by an event", p.name),
            ));
        }
    }
    for (f, _) in forces.iter().zip(&force_used).filter(|(_, used)| !**used) {
        problems.push(Problem::warning(
            &sources.forces,
            Location::Line(f.line),
            format!("force {:?} ({}) is never used by an event", f.id, f.name),
        ));
    }
}
