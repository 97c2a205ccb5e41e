//! `events.csv`: the dated control events (SPEC §1), resolved to place and
//! force indices so the timeline never sees raw text.

use super::csv_in::Table;
use super::dates::parse_date;
use super::names::{Lookup, NameIndex};
use crate::error::{Location, Problem};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::path::PathBuf;

/// What an event says about a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// The force holds the place (also an empty status).
    Held,
    /// The force contests the place.
    Contested,
    /// The force besieges the place.
    Besieged,
}

impl EventKind {
    /// Parses the `status` column.
    pub fn parse(text: &str) -> Option<EventKind> {
        let t = text.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("held") {
            Some(EventKind::Held)
        } else if t.eq_ignore_ascii_case("contested") {
            Some(EventKind::Contested)
        } else if t.eq_ignore_ascii_case("besieged") {
            Some(EventKind::Besieged)
        } else {
            None
        }
    }
}

/// One control event, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When it takes effect (coarse dates: the first day of their period).
    pub date: NaiveDate,
    /// Index into `Dataset::places`.
    pub place: u32,
    /// Index into `Dataset::forces`.
    pub force: u32,
    /// Held, contested or besieged.
    pub kind: EventKind,
    /// Where the event is reported; `None` when empty.
    pub source: Option<String>,
    /// Free text; `None` when empty.
    pub note: Option<String>,
    /// Index of the events file (order of `--events`).
    pub file: u16,
    /// 1-based line of the row in its file.
    pub line: u64,
}

/// Loads every events file, resolving names; rows with problems are left out
/// (and reported).
pub fn load_events(
    paths: &[PathBuf],
    places: Option<&NameIndex>,
    forces: Option<&NameIndex>,
    place_ids: &[String],
    force_ids: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<Event> {
    let mut events = Vec::new();
    // Exact duplicates are looked for across all the files.
    let mut seen: FxHashMap<u64, (u16, u64)> = FxHashMap::default();
    for file in 0..paths.len() {
        let ctx = Context {
            file: file as u16,
            paths,
            places,
            forces,
            place_ids,
            force_ids,
        };
        load_file(&ctx, &mut seen, &mut events, problems);
    }
    events
}

/// What every row of one file is resolved against.
struct Context<'a> {
    file: u16,
    paths: &'a [PathBuf],
    places: Option<&'a NameIndex>,
    forces: Option<&'a NameIndex>,
    place_ids: &'a [String],
    force_ids: &'a [String],
}

fn load_file(
    ctx: &Context,
    seen: &mut FxHashMap<u64, (u16, u64)>,
    events: &mut Vec<Event>,
    problems: &mut Vec<Problem>,
) {
    let (file, path, places, forces, place_ids) = (
        ctx.file,
        &ctx.paths[ctx.file as usize],
        ctx.places,
        ctx.forces,
        ctx.place_ids,
    );
    let Some(table) = Table::read(path, &["date", "place", "force"], problems) else {
        return;
    };
    // Exact duplicates are judged on the SPEC's columns, as written (trimmed).
    // Fast hashing: these maps see every row of files with millions of rows.
    // Rows are read into one reused buffer, so the maps keep a 64-bit hash
    // of the row (duplicates) or own their few distinct keys (caches).
    let mut place_cache: FxHashMap<String, Lookup> = FxHashMap::default();
    let mut force_cache: FxHashMap<String, Lookup> = FxHashMap::default();
    let mut date_cache: FxHashMap<String, Result<NaiveDate, String>> = FxHashMap::default();
    let cols = ["date", "place", "force", "status", "source", "note"].map(|c| table.column(c));
    let [c_date, c_place, c_force, c_status, c_source, c_note] = cols;
    fn cached<T: Clone>(
        cache: &mut FxHashMap<String, T>,
        key: &str,
        make: impl FnOnce() -> T,
    ) -> T {
        if let Some(v) = cache.get(key) {
            return v.clone();
        }
        let v = make();
        cache.insert(key.to_string(), v.clone());
        v
    }
    table.for_each_row(problems, |row, problems| {
        let at = Location::Line(row.line);
        let mut hasher = rustc_hash::FxHasher::default();
        for c in cols {
            std::hash::Hash::hash(row.at(c).trim(), &mut hasher);
        }
        let first = *seen
            .entry(std::hash::Hasher::finish(&hasher))
            .or_insert((file, row.line));
        if first != (file, row.line) {
            let of = if first.0 == file {
                format!("line {}", first.1)
            } else {
                format!("{}:{}", ctx.paths[first.0 as usize].display(), first.1)
            };
            problems.push(Problem::warning(
                path,
                at.clone(),
                format!("exact duplicate of {of} (applied again)"),
            ));
        }
        let mut row_ok = true;
        let date = cached(&mut date_cache, row.at(c_date), || {
            parse_date(row.at(c_date))
        })
        .map_err(|m| problems.push(Problem::error(path, at.clone(), m)))
        .ok();
        let place_ref = row.at(c_place);
        let place = match cached(&mut place_cache, place_ref, || {
            places.map_or(Lookup::Unchecked, |index| index.lookup(place_ref))
        }) {
            Lookup::One(i) => Some(i as u32),
            Lookup::Unchecked => None,
            Lookup::None if place_ref.trim().is_empty() => {
                problems.push(Problem::error(path, at.clone(), "the place is empty"));
                None
            }
            Lookup::None => {
                problems.push(Problem::error(
                    path,
                    at.clone(),
                    format!("place {place_ref:?} matches no place (by id, name or alias)"),
                ));
                None
            }
            Lookup::Ambiguous(a, b) => {
                problems.push(Problem::error(
                    path,
                    at.clone(),
                    format!(
                        "place {place_ref:?} matches more than one place ({} and {}); use the id",
                        place_ids[a], place_ids[b]
                    ),
                ));
                None
            }
        };
        let force_ref = row.at(c_force);
        let force = match cached(&mut force_cache, force_ref, || {
            forces.map_or(Lookup::Unchecked, |index| index.lookup(force_ref))
        }) {
            Lookup::One(i) => Some(i as u32),
            Lookup::Unchecked => None,
            Lookup::None if force_ref.trim().is_empty() => {
                problems.push(Problem::error(path, at.clone(), "the force is empty"));
                None
            }
            Lookup::None => {
                problems.push(Problem::error(
                    path,
                    at.clone(),
                    format!(
                        "force {force_ref:?} matches no force in forces.csv (by id, name or alias)"
                    ),
                ));
                None
            }
            Lookup::Ambiguous(a, b) => {
                problems.push(Problem::error(
                    path,
                    at.clone(),
                    format!(
                        "force {force_ref:?} matches more than one force ({} and {}); use the id",
                        ctx.force_ids[a], ctx.force_ids[b]
                    ),
                ));
                None
            }
        };
        let status = row.at(c_status);
        let kind = EventKind::parse(status);
        if kind.is_none() {
            problems.push(Problem::error(
                path,
                at.clone(),
                format!(
                    "status {:?} is not held, contested or besieged",
                    status.trim()
                ),
            ));
            row_ok = false;
        }
        let text = |c: Option<usize>| {
            Some(row.at(c).trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if let (true, Some(date), Some(place), Some(force), Some(kind)) =
            (row_ok, date, place, force, kind)
        {
            events.push(Event {
                date,
                place,
                force,
                kind,
                source: text(c_source),
                note: text(c_note),
                file,
                line: row.line,
            });
        }
    });
}
