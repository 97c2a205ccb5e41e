//! `events.csv`: the dated control events (docs/data-format.md, "events.csv"), resolved to place and
//! force indices so the timeline never sees raw text.

use super::csv_in::{Table, trim};
use super::dates::{parse_date, parse_ymd};
use super::forces::Force;
use super::index::{ForceIndex, PlaceIndex};
use super::names::{Lookup, NameIndex, closest, normalize};
use super::texts::{EventText, EventTexts, TooLong};
use crate::error::{Location, Problem};
use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

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
    /// The place it is about.
    pub place: PlaceIndex,
    /// The force that holds, contests or besieges it.
    pub force: ForceIndex,
    /// Held, contested or besieged.
    pub kind: EventKind,
    /// Where its source and note are in the dataset's texts
    /// ([`Dataset::source`](crate::Dataset::source), [`Dataset::note`](crate::Dataset::note)).
    pub text: EventText,
    /// Index of the events file (order of `--events`).
    pub file: u16,
    /// 1-based line of the row in its file.
    pub line: u64,
}

/// The events files as read, before places and forces are known: dates
/// and statuses parsed, place and force references interned. Reading can
/// run while places.geojson is being loaded (see `Dataset::load`).
#[derive(Debug, Default)]
pub struct RawEvents {
    /// The rows, in the parts they were read in (a stretch of a file each):
    /// joining them into one vector copied every row once more, and a tenth
    /// of the CPU of loading was the kernel zeroing fresh pages.
    parts: Vec<Vec<RawRow>>,
    /// Where each part starts in the count of all rows.
    part_starts: Vec<u32>,
    /// Distinct place and force references, as written.
    refs: Vec<String>,
    /// The rows' sources and notes.
    texts: EventTexts,
    /// Problems found so far, with their place in the report (see [`Order`]).
    problems: Vec<(Order, Problem)>,
}

/// Where a problem goes in the report: file, line, then column (0 the row
/// as a whole, 1 date, 2 place, 3 force, 4 status).
type Order = (u16, u64, u8);

#[derive(Debug)]
struct RawRow {
    file: u16,
    line: u64,
    date: Option<NaiveDate>,
    kind: Option<EventKind>,
    place: u32,
    force: u32,
    text: EventText,
}

impl RawEvents {
    /// Each distinct place reference as written, in the order of first
    /// use: what the gazetteer is asked.
    pub fn place_references(&self) -> Vec<&str> {
        let mut seen = vec![false; self.refs.len()];
        let mut out = Vec::new();
        for row in self.rows() {
            if !std::mem::replace(&mut seen[row.place as usize], true) {
                out.push(self.refs[row.place as usize].as_str());
            }
        }
        out
    }

    /// Every row, in file and line order.
    fn rows(&self) -> impl Iterator<Item = &RawRow> {
        self.parts.iter().flatten()
    }

    /// The row at `index` in the count of all rows.
    fn row(&self, index: u32) -> &RawRow {
        let part = self.part_starts.partition_point(|&start| start <= index) - 1;
        &self.parts[part][(index - self.part_starts[part]) as usize]
    }

    /// The problems found while reading (the fuzz targets format them).
    pub(crate) fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().map(|(_, p)| p)
    }
}

/// Reads every events file in order: dates, statuses and exact duplicates
/// (across files) are checked here; names are resolved by [`resolve_events`].
///
/// A large file is read in stretches on every core (see [`Table::stretches`])
/// and the stretches joined in order; when a stretch's last row runs past
/// where the next one starts (quotes out of order), the file is read again
/// in one go, so the rows and problems are always those of a reading from
/// the top.
pub fn read_events(paths: &[PathBuf]) -> RawEvents {
    let mut raw = RawEvents::default();
    // Exact duplicates are judged on the documented columns as written (trimmed),
    // by a 64-bit hash of the row. The hashes, with the row's index in
    // `raw.rows`, are sorted once all rows are read (see `report_duplicates`):
    // a map from hash to first row missed the cache on nearly every row (a
    // quarter of the reading time).
    let mut hashes: Vec<(u64, u32)> = Vec::new();
    let mut interned: FxHashMap<String, u32> = FxHashMap::default();
    for (file, path) in paths.iter().enumerate() {
        let file = file as u16;
        let mut problems = Vec::new();
        let Some(table) = Table::read(path, &["date", "place", "force"], &mut problems) else {
            raw.problems
                .extend(problems.into_iter().map(|p| ((file, 0, 0), p)));
            continue;
        };
        let cols = ["date", "place", "force", "status", "source", "note"].map(|c| table.column(c));
        let stretches = match table.rows_start() {
            Some(start) => {
                let n = ((table.byte_len() - start) / STRETCH_BYTES)
                    .clamp(1, rayon::current_num_threads());
                read_stretches(&table, start, n, file, path, cols)
            }
            None => Vec::new(),
        };
        hashes.reserve(table.max_rows());
        for stretch in stretches {
            let remap: Vec<u32> = stretch
                .refs
                .into_iter()
                .map(|text| {
                    let next = raw.refs.len() as u32;
                    *interned.entry(text).or_insert_with_key(|text| {
                        raw.refs.push(text.clone());
                        next
                    })
                })
                .collect();
            let offset = raw.part_starts.last().map_or(0, |&start| {
                start + raw.parts.last().map_or(0, |part| part.len() as u32)
            });
            hashes.extend(stretch.hashes.into_iter().zip(offset..));
            let texts_at = raw.texts.append(stretch.texts);
            let mut rows = stretch.rows;
            for row in &mut rows {
                row.place = remap[row.place as usize];
                row.force = remap[row.force as usize];
                row.text = row.text.moved(texts_at);
            }
            raw.parts.push(rows);
            raw.part_starts.push(offset);
            problems.extend(stretch.problems);
            raw.problems.extend(stretch.row_problems);
        }
        // Problems of the file as a whole (unreadable rows) keep their lines.
        raw.problems.extend(problems.into_iter().map(|p| {
            let line = match p.location {
                Location::Line(l) => l,
                _ => 0,
            };
            ((file, line, 0), p)
        }));
    }
    report_duplicates(&mut raw, hashes, paths);
    raw
}

/// Files smaller than this are read in one stretch: threads would cost
/// more than they save.
const STRETCH_BYTES: usize = 1 << 20;

/// The rows of a file from `start`, in `n` stretches read in parallel; in
/// one stretch when they do not join up.
fn read_stretches(
    table: &Table,
    start: usize,
    n: usize,
    file: u16,
    path: &Path,
    cols: [Option<usize>; 6],
) -> Vec<Stretch> {
    let whole = start..table.byte_len();
    if n > 1 {
        let ranges = table.stretches(start, n);
        let read: Vec<Stretch> = ranges
            .par_iter()
            .map(|r| read_stretch(table, r.clone(), file, path, cols))
            .collect();
        let joined = read
            .iter()
            .zip(&ranges)
            .all(|(stretch, range)| stretch.end == range.end);
        if joined {
            return read;
        }
    }
    vec![read_stretch(table, whole, file, path, cols)]
}

/// What reading a stretch of an events file gives, before it is joined to
/// the others: rows whose place and force are indices into its own `refs`.
#[derive(Default)]
struct Stretch {
    rows: Vec<RawRow>,
    /// Distinct place and force references, as written.
    refs: Vec<String>,
    /// The rows' sources and notes.
    texts: EventTexts,
    /// Each row's hash, for exact duplicates.
    hashes: Vec<u64>,
    /// Problems of single rows, with their place in the report.
    row_problems: Vec<(Order, Problem)>,
    /// Problems of the reading (unreadable rows, wrong widths).
    problems: Vec<Problem>,
    /// Where reading stopped.
    end: usize,
}

/// Reads the rows that start in `range` of an events file.
fn read_stretch(
    table: &Table,
    range: Range<usize>,
    file: u16,
    path: &Path,
    cols: [Option<usize>; 6],
) -> Stretch {
    let [c_date, c_place, c_force, ..] = cols;
    let mut out = Stretch::default();
    let mut interned: FxHashMap<String, u32> = FxHashMap::default();
    let mut dates: FxHashMap<String, Result<NaiveDate, String>> = FxHashMap::default();
    let Stretch {
        rows,
        refs,
        texts,
        hashes,
        row_problems,
        problems,
        end,
    } = &mut out;
    *end = table.for_each_row_in(range, problems, |row, _| {
        let at = Location::Line(row.line);
        let mut push = |column: u8, p: Problem| row_problems.push(((file, row.line, column), p));
        let trimmed = cols.map(|c| trim(row.at(c)));
        let mut hasher = rustc_hash::FxHasher::default();
        for field in trimmed {
            std::hash::Hash::hash(field, &mut hasher);
        }
        hashes.push(std::hash::Hasher::finish(&hasher));
        let date = date_of(row.at(c_date), &mut dates)
            .map_err(|m| push(1, Problem::error(path, at.clone(), m)))
            .ok();
        let mut intern = |text: &str| -> u32 {
            if let Some(&i) = interned.get(text) {
                return i;
            }
            let i = refs.len() as u32;
            refs.push(text.to_string());
            interned.insert(text.to_string(), i);
            i
        };
        let place = intern(row.at(c_place));
        let force = intern(row.at(c_force));
        let [_, _, _, status, source, note] = trimmed;
        let kind = EventKind::parse(status);
        if kind.is_none() {
            let msg = format!("status {status:?} is not held, contested or besieged");
            row_problems.push(((file, row.line, 4), Problem::error(path, at.clone(), msg)));
        }
        let text = texts.push(source, note).unwrap_or_else(|TooLong| {
            let msg = "the source or note is longer than 4 GiB".to_string();
            row_problems.push(((file, row.line, 0), Problem::error(path, at.clone(), msg)));
            EventText::default()
        });
        rows.push(RawRow {
            file,
            line: row.line,
            date,
            kind,
            place,
            force,
            text,
        });
    });
    out
}

/// Warns of every row whose hash (paired with its index among all rows) an
/// earlier row has, naming the first such row. The warnings' order in the
/// report comes from their (file, line) key, not from the order found.
fn report_duplicates(raw: &mut RawEvents, mut hashes: Vec<(u64, u32)>, paths: &[PathBuf]) {
    // Rows are in file and line order: the first of a hash has the lowest
    // index. Sorted on every core: a million pairs took a tenth of a second.
    hashes.par_sort_unstable();
    let mut warnings = Vec::new();
    for same in hashes.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
        let first = raw.row(same[0].1);
        for &(_, i) in &same[1..] {
            let row = raw.row(i);
            let of = if first.file == row.file {
                format!("line {}", first.line)
            } else {
                format!("{}:{}", paths[first.file as usize].display(), first.line)
            };
            warnings.push((
                (row.file, row.line, 0),
                Problem::warning(
                    &paths[row.file as usize],
                    Location::Line(row.line),
                    format!("exact duplicate of {of} (applied again)"),
                ),
            ));
        }
    }
    raw.problems.extend(warnings);
}

/// The date of an event: `YYYY-MM-DD` parsed on the spot, other forms
/// (and errors) parsed once per spelling.
fn date_of(
    text: &str,
    cache: &mut FxHashMap<String, Result<NaiveDate, String>>,
) -> Result<NaiveDate, String> {
    if let Some(date) = parse_ymd(text) {
        return Ok(date);
    }
    if let Some(d) = cache.get(text) {
        return d.clone();
    }
    let d = parse_date(text);
    cache.insert(text.to_string(), d.clone());
    d
}

/// What the events' references are resolved against; an index is `None`
/// when its file could not be read (its references are then not checked).
pub struct Resolver<'a> {
    /// The places' names.
    pub places: Option<&'a NameIndex>,
    /// The forces' names.
    pub forces: Option<&'a NameIndex>,
    /// Place ids, for messages.
    pub place_ids: &'a [String],
    /// Force ids, for messages.
    pub force_ids: &'a [String],
    /// Messages for place references that reach no place, from the
    /// gazetteer (candidates it found, or where it looked), by reference.
    pub place_hints: Option<&'a FxHashMap<String, String>>,
    /// Warnings for the first row of some place references (a gazetteer
    /// name taken to be its largest place), by reference.
    pub place_warnings: Option<&'a FxHashMap<String, String>>,
    /// Every name a force reference could have meant: (normalised name or
    /// alias, how to suggest it), for "did you mean …?".
    pub force_names: &'a [(String, String)],
}

/// The "did you mean" pairs of [`Resolver::force_names`]: each force's id,
/// name and aliases, suggested as its id (what rows are best written with)
/// and its name.
pub fn force_names(forces: &[Force]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in forces {
        let shown = if f.name == f.id {
            format!("{:?}", f.id)
        } else {
            format!("{:?} ({})", f.id, f.name)
        };
        for n in [&f.id, &f.name].into_iter().chain(&f.aliases) {
            out.push((normalize(n), shown.clone()));
        }
    }
    out
}

/// What differs between the place and the force column of an events row.
struct Column {
    /// Its position in a row's problems (see [`Order`]).
    order: u8,
    /// What a reference names: "place", "force".
    noun: &'static str,
    /// Where names are looked for, as said in "matches no …".
    among: &'static str,
}

const PLACE: Column = Column {
    order: 2,
    noun: "place",
    among: "place",
};

const FORCE: Column = Column {
    order: 3,
    noun: "force",
    among: "force in forces.csv",
};

/// What is wrong with a reference that did not resolve to one entry;
/// `None` when it did, or when the file it refers to could not be read
/// (`Lookup::Unchecked`: nothing to report here).
fn unresolved(
    column: &Column,
    reference: &str,
    found: Lookup,
    ids: &[String],
    hint: Option<&String>,
) -> Option<String> {
    let noun = column.noun;
    Some(match found {
        Lookup::One(_) | Lookup::Unchecked => return None,
        Lookup::None if reference.trim().is_empty() => format!("the {noun} is empty"),
        Lookup::None if hint.is_some() => hint.cloned().unwrap_or_default(),
        Lookup::None => format!(
            "{noun} {reference:?} matches no {} (by id, name or alias)",
            column.among
        ),
        Lookup::Ambiguous(a, b) => format!(
            "{noun} {reference:?} matches more than one {noun} ({} and {}); use the id",
            ids[a], ids[b]
        ),
    })
}

/// Resolves read events to place and force indices. Rows with problems are
/// left out; every problem is pushed, in file and line order.
///
/// Each distinct reference is looked up once, and only in the index of the
/// column it is used in (place names and force names rarely mix); then the
/// rows are resolved on every core, and their problems found in a second
/// pass (rows with problems are few, and their messages are built there).
pub fn resolve_events(
    raw: RawEvents,
    paths: &[PathBuf],
    with: &Resolver,
    problems: &mut Vec<Problem>,
) -> (Vec<Event>, EventTexts) {
    let RawEvents {
        parts,
        refs,
        texts,
        problems: mut found,
        ..
    } = raw;
    let rows = || parts.iter().flatten();
    let (mut as_place, mut as_force) = (vec![false; refs.len()], vec![false; refs.len()]);
    for row in rows() {
        as_place[row.place as usize] = true;
        as_force[row.force as usize] = true;
    }
    let look_up = |used: &[bool], index: Option<&NameIndex>| -> Vec<Lookup> {
        (0..refs.len())
            .into_par_iter()
            .map(|r| match index {
                Some(index) if used[r] => index.lookup(&refs[r]),
                _ => Lookup::Unchecked,
            })
            .collect()
    };
    let place_of = look_up(&as_place, with.places);
    let force_of = look_up(&as_force, with.forces);
    let resolved = |row: &RawRow| -> Option<Event> {
        let (Lookup::One(place), Lookup::One(force)) =
            (place_of[row.place as usize], force_of[row.force as usize])
        else {
            return None;
        };
        Some(Event {
            date: row.date?,
            place: PlaceIndex::new(place),
            force: ForceIndex::new(force),
            kind: row.kind?,
            text: row.text,
            file: row.file,
            line: row.line,
        })
    };
    let events: Vec<Event> = parts
        .par_iter()
        .flat_map_iter(|part| part.iter().filter_map(resolved))
        .collect();

    // "Did you mean …?" for each force reference that matches nothing.
    let force_hints: FxHashMap<u32, String> = (0..refs.len())
        .filter(|&r| force_of[r] == Lookup::None)
        .filter_map(|r| {
            let reference = &refs[r];
            let names = with
                .force_names
                .iter()
                .map(|(k, n)| (k.as_str(), n.as_str()));
            let suggestion = closest(reference, names)?;
            let message = format!(
                "force {reference:?} matches no {} (by id, name or alias); did you mean {suggestion}?",
                FORCE.among
            );
            Some((r as u32, message))
        })
        .collect();
    let mut warned = vec![false; refs.len()];
    for row in rows() {
        let path = &paths[row.file as usize];
        let at = || Location::Line(row.line);
        let place_ref = &refs[row.place as usize];
        if let Some(w) = with.place_warnings.and_then(|w| w.get(place_ref))
            && !std::mem::replace(&mut warned[row.place as usize], true)
        {
            found.push((
                (row.file, row.line, PLACE.order),
                Problem::warning(path, at(), w.clone()),
            ));
        }
        let place = place_of[row.place as usize];
        let force = force_of[row.force as usize];
        if matches!(place, Lookup::One(_) | Lookup::Unchecked)
            && matches!(force, Lookup::One(_) | Lookup::Unchecked)
        {
            continue;
        }
        let place_hint = with.place_hints.and_then(|h| h.get(place_ref));
        let force_hint = force_hints.get(&row.force);
        let messages = [
            (
                PLACE.order,
                unresolved(&PLACE, place_ref, place, with.place_ids, place_hint),
            ),
            (
                FORCE.order,
                unresolved(
                    &FORCE,
                    &refs[row.force as usize],
                    force,
                    with.force_ids,
                    force_hint,
                ),
            ),
        ];
        for (column, message) in messages {
            if let Some(message) = message {
                found.push((
                    (row.file, row.line, column),
                    Problem::error(path, at(), message),
                ));
            }
        }
    }
    // In file and line order; within a row: duplicate, date, place, force, status.
    found.sort_by_key(|(order, _)| *order);
    problems.extend(found.into_iter().map(|(_, p)| p));
    (events, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as read, with its references spelled out.
    type Read = (
        u64,
        Option<NaiveDate>,
        Option<EventKind>,
        String,
        String,
        Option<String>,
    );

    /// The number of stretches, every row and every problem read from
    /// `text` as an events file in `n` stretches.
    fn read_in(text: &str, n: usize) -> (usize, Vec<Read>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        std::fs::write(&path, text).unwrap();
        let in_dir = format!("{}/", dir.path().display());
        let mut problems = Vec::new();
        let table = Table::read(&path, &["date", "place", "force"], &mut problems).unwrap();
        let cols = ["date", "place", "force", "status", "source", "note"].map(|c| table.column(c));
        let start = table.rows_start().unwrap();
        let stretches = read_stretches(&table, start, n, 0, &path, cols);
        let count = stretches.len();
        let (mut rows, mut said) = (Vec::new(), Vec::new());
        for s in stretches {
            let name = |i: u32| s.refs[i as usize].clone();
            rows.extend(s.rows.iter().map(|r| {
                (
                    r.line,
                    r.date,
                    r.kind,
                    name(r.place),
                    name(r.force),
                    s.texts.note(r.text).map(str::to_string),
                )
            }));
            let said_of = |p: &Problem| p.to_string().replace(&in_dir, "");
            said.extend(s.row_problems.iter().map(|(_, p)| said_of(p)));
            said.extend(s.problems.iter().map(said_of));
        }
        (count, rows, said)
    }

    /// Rows kept in the parts they were read in are found by their index
    /// among all rows, empty parts included.
    #[test]
    fn rows_are_found_across_parts() {
        let row = |line: u64| RawRow {
            file: 0,
            line,
            date: None,
            kind: None,
            place: 0,
            force: 0,
            text: EventText::default(),
        };
        let raw = RawEvents {
            parts: vec![
                vec![row(2), row(3)],
                vec![],
                vec![row(4)],
                vec![row(5), row(6)],
            ],
            part_starts: vec![0, 2, 2, 3],
            ..RawEvents::default()
        };
        let lines: Vec<u64> = (0..5).map(|i| raw.row(i).line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        assert_eq!(raw.rows().count(), 5);
    }

    /// The rows of a file read in stretches are those read from the top;
    /// when quotes out of order would make a stretch start inside a quoted
    /// field, the file is read in one stretch.
    #[test]
    fn stretches_read_what_one_reading_does() {
        let mut text = String::from("date,place,force,status,source,note\n");
        for i in 0..400 {
            text += &format!(
                "2017-03-{:02},p{},f{},held,\"Reuters, {i} March\",\n",
                i % 28 + 1,
                i % 37,
                i % 3
            );
            if i % 50 == 7 {
                text += "2017-13-01,px,fy,won,,\"a note\nover two lines\"\n";
            }
        }
        let (one, rows, problems) = read_in(&text, 1);
        assert_eq!((one, rows.len()), (1, 408));
        assert_eq!(problems.len(), 16, "{problems:?}");
        for n in [2, 3, 7] {
            let read = read_in(&text, n);
            assert!(
                read == (n, rows.clone(), problems.clone()),
                "{n} stretches differ"
            );
        }
        // A quote inside a field (`p"1`, which the reader keeps as text)
        // makes the count odd from there on, so the only line ends the count
        // puts outside quotes are those inside the quoted notes: a stretch
        // starting there would begin mid-field. The stretch before it runs
        // on past the cut, and the file is read again in one stretch.
        let stray = text.replacen(",p1,", ",p\"1,", 1);
        let (_, rows, problems) = read_in(&stray, 1);
        assert!(rows.iter().any(|r| r.3 == "p\"1"));
        for n in [2, 5] {
            let read = read_in(&stray, n);
            assert!(
                read == (1, rows.clone(), problems.clone()),
                "{n} stretches differ"
            );
        }
    }
}
