//! Converters that write frontline's own files from someone else's:
//! `frontline import acled` (docs/data-format.md, "Importing ACLED").

pub mod acled;
pub mod places;
mod write;

use crate::Dataset;
use crate::dataset::csv_in::Table;
use crate::dataset::names::{Lookup, NameIndex};
use crate::error::{Error, Location, Problem, Problems, Result};
use acled::{Kind, Row};
use places::{How, NewPlace, Places};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What to import and where to write it.
#[derive(Debug, Clone)]
pub struct Options {
    /// ACLED exports, read in order.
    pub files: Vec<PathBuf>,
    /// The events file written (appended to when it exists).
    pub events_out: PathBuf,
    /// The GeoJSON of created places.
    pub places_out: PathBuf,
    /// The review file.
    pub review_out: PathBuf,
    /// `actor,force` CSV.
    pub actor_map: Option<PathBuf>,
    /// How far a location may be snapped to a place.
    pub snap_km: f64,
    /// Import "Armed clash" rows as `contested`.
    pub clashes: bool,
}

/// What an import did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Rows read from every file.
    pub rows_read: usize,
    /// Events appended.
    pub events_written: usize,
    /// Rows already in the events file (by ACLED id).
    pub already_imported: usize,
    /// Skipped rows by type, most frequent first.
    pub skipped: Vec<(String, usize)>,
    /// Places matched by name, snapped, created.
    pub matched: usize,
    /// Places snapped to the nearest place.
    pub snapped: usize,
    /// Places created.
    pub created: usize,
    /// Actors that map to no force, with their counts, most frequent first.
    pub unmapped: Vec<(String, usize)>,
    /// Rows sent to the review file.
    pub reviewed: usize,
}

/// One row for the events file.
struct Out {
    date: chrono::NaiveDate,
    id: String,
    fields: [String; 6],
}

/// Imports ACLED exports into a dataset's events (see [`Options`]). Any bad
/// row is an error and nothing is written.
pub fn import_acled(dataset: &Dataset, opts: &Options) -> Result<Summary> {
    // The exports and the actor map are inputs: no output may replace them
    // (the dataset's files are protected by its load).
    crate::output::protect_inputs(
        opts.files
            .iter()
            .chain(&opts.actor_map)
            .map(PathBuf::as_path),
    );
    let mut problems = Vec::new();
    let mut read = acled::Read::default();
    for f in &opts.files {
        acled::read(f, opts.clashes, &mut problems, &mut read);
    }
    let actor_map = match &opts.actor_map {
        Some(p) => read_actor_map(p, dataset, &mut problems),
        None => Vec::new(),
    };
    let existing = match std::fs::read(&opts.events_out) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&opts.events_out, e)),
    };
    let known = match &existing {
        Some(b) if !b.trim_ascii().is_empty() => known_ids(&opts.events_out, &mut problems),
        _ => HashSet::new(),
    };
    let earlier = read_places(&opts.places_out, &mut problems);
    if problems.iter().any(Problem::is_error) {
        return Err(Error::Data(Problems(problems)));
    }

    let mut forces = NameIndex::default();
    for (i, f) in dataset.forces.iter().enumerate() {
        forces.insert(
            i,
            &f.id,
            std::iter::once(f.name.as_str()).chain(f.aliases.iter().map(String::as_str)),
        );
    }
    let mut rows = read.rows;
    rows.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut seen = HashSet::new();
    let mut places = Places::new(dataset, earlier, opts.snap_km);
    let mut summary = Summary {
        rows_read: read.read,
        ..Summary::default()
    };
    let mut out = Vec::new();
    let mut review = Vec::new();
    let mut unmapped: Vec<(String, usize)> = Vec::new();
    for row in rows {
        if !seen.insert(row.id.clone()) {
            continue;
        }
        if known.contains(&row.id) {
            summary.already_imported += 1;
            continue;
        }
        let side = match pick_side(&row, &actor_map) {
            Ok(side) => side,
            Err(reason) => {
                review.push(write::review_row(&row, &reason));
                continue;
            }
        };
        let actor = &row.sides[side].actor;
        let Some(force) = force_of(actor, &actor_map, &forces, dataset) else {
            match unmapped.iter_mut().find(|(a, _)| a == actor) {
                Some((_, n)) => *n += 1,
                None => unmapped.push((actor.clone(), 1)),
            }
            review.push(write::review_row(
                &row,
                &format!("actor {actor:?} maps to no force (add it to --actor-map)"),
            ));
            continue;
        };
        let (place, how) = places.find(&row.location, row.lonlat, &row.admin1);
        match how {
            How::Matched => summary.matched += 1,
            How::Snapped => summary.snapped += 1,
            How::Created => summary.created += 1,
        }
        let status = if row.kind == Kind::Clash {
            "contested"
        } else {
            "held"
        };
        let mut note = row.notes.clone();
        for (what, p) in [
            ("time_precision", row.time_precision),
            ("geo_precision", row.geo_precision),
        ] {
            if p > 1 {
                if !note.is_empty() {
                    note.push(' ');
                }
                note.push_str(&format!("[ACLED {what} {p}]"));
            }
        }
        out.push(Out {
            date: row.date,
            id: row.id.clone(),
            fields: [
                row.date.format("%Y-%m-%d").to_string(),
                place,
                force,
                status.to_string(),
                format!("ACLED {}: {}", row.id, row.source),
                note,
            ],
        });
    }
    out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    summary.events_written = out.len();
    summary.reviewed = review.len();
    unmapped.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    summary.unmapped = unmapped;
    let mut skipped = read.skipped;
    skipped.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    summary.skipped = skipped;

    let rows: Vec<[String; 6]> = out.into_iter().map(|o| o.fields).collect();
    let events = write::events(existing.as_deref(), &rows);
    let places = (places.created.len() > places.created_before || !opts.places_out.exists())
        .then(|| write::places(&places.created));
    let review = write::review(&review);
    // All three or none: a refused or unwritable one stops the import
    // before any file is replaced.
    let mut files: Vec<(&Path, &[u8])> = Vec::new();
    if let Some(e) = &events {
        files.push((&opts.events_out, e));
    }
    if let Some(p) = &places {
        files.push((&opts.places_out, p.as_bytes()));
    }
    files.push((&opts.review_out, review.as_bytes()));
    crate::output::write_together(&files)?;
    Ok(summary)
}

/// Which side of a row gained (or, for a clash, challenged), or why that
/// cannot be told.
fn pick_side(row: &Row, actor_map: &[(String, usize)]) -> std::result::Result<usize, String> {
    let states: Vec<usize> = (0..row.sides.len())
        .filter(|&i| row.sides[i].state)
        .collect();
    let by_rule = match row.kind {
        Kind::GovernmentRegains if states.len() == 1 => Some(states[0]),
        Kind::NonStateOvertakes | Kind::Clash if states.len() == 1 && row.sides.len() == 2 => {
            Some(1 - states[0])
        }
        Kind::NonStateOvertakes if states.is_empty() && row.sides.len() == 1 => Some(0),
        _ => None,
    };
    if let Some(side) = by_rule {
        return Ok(side);
    }
    let mapped: Vec<usize> = (0..row.sides.len())
        .filter(|&i| {
            actor_map.iter().any(|(a, _)| {
                crate::dataset::names::normalize(a)
                    == crate::dataset::names::normalize(&row.sides[i].actor)
            })
        })
        .collect();
    if mapped.len() == 1 {
        return Ok(mapped[0]);
    }
    let what = match row.kind {
        Kind::Transfer => "a non-violent transfer",
        Kind::Clash => "a clash between sides of one kind",
        _ => "both sides are of one kind",
    };
    Err(format!(
        "cannot tell which side {} ({what}); put exactly one of the actors in --actor-map",
        if row.kind == Kind::Clash {
            "challenged"
        } else {
            "gained"
        }
    ))
}

/// The force id of an actor: the actor map first, else the dataset's forces
/// by normalised name or alias.
fn force_of(
    actor: &str,
    actor_map: &[(String, usize)],
    forces: &NameIndex,
    dataset: &Dataset,
) -> Option<String> {
    let key = crate::dataset::names::normalize(actor);
    if let Some((_, f)) = actor_map
        .iter()
        .find(|(a, _)| crate::dataset::names::normalize(a) == key)
    {
        return Some(dataset.forces[*f].id.clone());
    }
    match forces.lookup(actor) {
        Lookup::One(f) => Some(dataset.forces[f].id.clone()),
        _ => None,
    }
}

/// `actor,force` rows; a force the dataset does not have is an error.
fn read_actor_map(
    path: &Path,
    dataset: &Dataset,
    problems: &mut Vec<Problem>,
) -> Vec<(String, usize)> {
    let mut forces = NameIndex::default();
    for (i, f) in dataset.forces.iter().enumerate() {
        forces.insert(
            i,
            &f.id,
            std::iter::once(f.name.as_str()).chain(f.aliases.iter().map(String::as_str)),
        );
    }
    let Some(table) = Table::read(path, &[], problems) else {
        return Vec::new();
    };
    let (Some(a), Some(f)) = (table.column("actor"), table.column("force")) else {
        problems.push(Problem::error(
            path,
            Location::Line(1),
            "needs the columns actor and force",
        ));
        return Vec::new();
    };
    let mut map = Vec::new();
    table.for_each_row(problems, |record, problems| {
        let (actor, force) = (record.at(Some(a)).trim(), record.at(Some(f)).trim());
        if actor.is_empty() && force.is_empty() {
            return;
        }
        match forces.lookup(force) {
            Lookup::One(i) => map.push((actor.to_string(), i)),
            _ => problems.push(Problem::error(
                path,
                Location::Line(record.line),
                format!("force {force:?} matches no single force of the dataset"),
            )),
        }
    });
    map
}

/// The ACLED ids in an events file's `source` column (`ACLED <id>: ...`),
/// read with the dataset's CSV reader: a row of it that cannot be read is
/// an error, not an id forgotten (its events would be imported twice).
fn known_ids(path: &Path, problems: &mut Vec<Problem>) -> HashSet<String> {
    let mut ids = HashSet::new();
    let Some(table) = Table::read(path, &[], problems) else {
        return ids;
    };
    let Some(col) = table.column("source") else {
        return ids;
    };
    table.for_each_row(problems, |row, _| {
        if let Some(s) = row.at(Some(col)).trim().strip_prefix("ACLED ")
            && let Some(id) = s.split(':').next()
        {
            ids.insert(id.trim().to_string());
        }
    });
    ids
}

/// The places an earlier import wrote.
fn read_places(path: &Path, problems: &mut Vec<Problem>) -> Vec<NewPlace> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) => v["features"]
            .as_array()
            .map(|fs| fs.iter().filter_map(NewPlace::from_feature).collect())
            .unwrap_or_default(),
        Err(e) => {
            problems.push(Problem::error(
                path,
                Location::Line(e.line() as u64),
                format!("not JSON: {e}"),
            ));
            Vec::new()
        }
    }
}
