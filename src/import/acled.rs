//! Reading ACLED CSV exports (current and pre-2023 layouts) into [`Row`]s and
//! classifying them: which rows are territory changes or clashes, and which
//! side gained.

use crate::dataset::csv_in::Table;
use crate::error::{Location, Problem};
use chrono::NaiveDate;
use std::path::Path;

/// What a row means for frontline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// "Government regains territory": the state side gained.
    GovernmentRegains,
    /// "Non-state actor overtakes territory": the non-state side gained.
    NonStateOvertakes,
    /// "Non-violent transfer of territory": only the actor map decides.
    Transfer,
    /// "Armed clash" (only with `--clashes`).
    Clash,
}

/// One side of an ACLED row.
#[derive(Debug, Clone)]
pub struct Side {
    /// ACLED's actor name.
    pub actor: String,
    /// Whether its inter code is State forces (1).
    pub state: bool,
}

/// One ACLED row of a kind frontline imports.
#[derive(Debug, Clone)]
pub struct Row {
    /// The file and line, for messages and the review file.
    pub file: String,
    /// 1-based line the row starts on.
    pub line: u64,
    /// `event_id_cnty`.
    pub id: String,
    /// The day.
    pub date: NaiveDate,
    /// The kind.
    pub kind: Kind,
    /// `actor1` and `actor2` (empty actors dropped).
    pub sides: Vec<Side>,
    /// `location`.
    pub location: String,
    /// `admin1`.
    pub admin1: String,
    /// Longitude, latitude.
    pub lonlat: (f64, f64),
    /// ACLED's `source`.
    pub source: String,
    /// ACLED's `notes`.
    pub notes: String,
    /// `time_precision` (1 when absent).
    pub time_precision: u8,
    /// `geo_precision` (1 when absent).
    pub geo_precision: u8,
}

/// The columns every ACLED export has (both layouts).
const REQUIRED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "event_type",
    "actor1",
    "actor2",
    "inter1",
    "inter2",
    "location",
    "latitude",
    "longitude",
];

/// What reading one file gave.
#[derive(Debug, Default)]
pub struct Read {
    /// The rows to import.
    pub rows: Vec<Row>,
    /// Rows read (all types).
    pub read: usize,
    /// Rows skipped, by their (sub-)event type.
    pub skipped: Vec<(String, usize)>,
}

/// Reads one ACLED export; problems (a missing column, a bad date or
/// coordinate in a row that would be imported) are pushed.
pub fn read(path: &Path, clashes: bool, problems: &mut Vec<Problem>, out: &mut Read) {
    let name = path.display().to_string();
    // The dataset's CSV reader: the same quoting rules (a stray quote is an
    // error where it opened, no row is swallowed) and the same line numbers.
    let Some(table) = Table::read(path, &[], problems) else {
        return;
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| table.column(c).is_none())
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::error(
            path,
            Location::Line(1),
            format!("not an ACLED export: no column {}", missing.join(", ")),
        ));
        return;
    }
    let c = |n: &str| table.column(n);
    let (id_c, date_c, type_c, sub_c) = (
        c("event_id_cnty"),
        c("event_date"),
        c("event_type"),
        c("sub_event_type"),
    );
    let (a1, a2, i1, i2) = (c("actor1"), c("actor2"), c("inter1"), c("inter2"));
    let (loc_c, lat_c, lon_c, adm_c) = (c("location"), c("latitude"), c("longitude"), c("admin1"));
    let (src_c, notes_c, tp_c, gp_c) = (
        c("source"),
        c("notes"),
        c("time_precision"),
        c("geo_precision"),
    );
    table.for_each_row(problems, |record, problems| {
        if record.all_empty() {
            return;
        }
        let get = |c: Option<usize>| record.at(c).trim();
        let line = record.line;
        out.read += 1;
        let sub = get(sub_c);
        let label = if sub.is_empty() { get(type_c) } else { sub };
        let Some(kind) = classify(get(type_c), sub, clashes) else {
            let label = if label.is_empty() { "(no type)" } else { label };
            match out.skipped.iter_mut().find(|(l, _)| l == label) {
                Some((_, n)) => *n += 1,
                None => out.skipped.push((label.to_string(), 1)),
            }
            return;
        };
        let at = Location::Line(line);
        let raw_date = get(date_c);
        let Some(date) = parse_date(raw_date) else {
            problems.push(Problem::error(
                path,
                at,
                format!("event_date {raw_date:?} is not a date (2017-03-02, 02 March 2017 or 02/03/2017)"),
            ));
            return;
        };
        let (lat, lon) = (get(lat_c).parse::<f64>(), get(lon_c).parse::<f64>());
        let lonlat = match (lon, lat) {
            (Ok(lon), Ok(lat))
                if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) =>
            {
                (lon, lat)
            }
            _ => {
                problems.push(Problem::error(
                    path,
                    at,
                    format!(
                        "bad coordinates: latitude {:?}, longitude {:?}",
                        get(lat_c),
                        get(lon_c)
                    ),
                ));
                return;
            }
        };
        let sides = [(a1, i1), (a2, i2)]
            .into_iter()
            .filter(|(a, _)| !get(*a).is_empty())
            .map(|(a, i)| Side {
                actor: get(a).to_string(),
                state: is_state(get(i)),
            })
            .collect();
        let precision = |c| get(c).parse::<u8>().unwrap_or(1);
        out.rows.push(Row {
            file: name.clone(),
            line,
            id: get(id_c).to_string(),
            date,
            kind,
            sides,
            location: get(loc_c).to_string(),
            admin1: get(adm_c).to_string(),
            lonlat,
            source: get(src_c).to_string(),
            notes: get(notes_c).to_string(),
            time_precision: precision(tp_c),
            geo_precision: precision(gp_c),
        });
    });
}

/// The kind of a row from its `event_type` and `sub_event_type` (pre-2019
/// exports put the territory change in `event_type` itself).
pub fn classify(event_type: &str, sub_event_type: &str, clashes: bool) -> Option<Kind> {
    let text = format!("{event_type} {sub_event_type}").to_lowercase();
    if text.contains("government regains territory") {
        Some(Kind::GovernmentRegains)
    } else if text.contains("non-state actor overtakes territory") {
        Some(Kind::NonStateOvertakes)
    } else if text.contains("non-violent transfer of territory") {
        Some(Kind::Transfer)
    } else if clashes && text.contains("armed clash") {
        Some(Kind::Clash)
    } else {
        None
    }
}

/// Whether an inter code (`1` or "State forces") means state forces.
pub fn is_state(inter: &str) -> bool {
    let t = inter.trim().to_lowercase();
    t == "1" || t.starts_with("state forces")
}

/// `2017-03-02`, `02 March 2017` (or `2 Mar 2017`) and day-first `02/03/2017`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    ["%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_date_form() {
        let d = NaiveDate::from_ymd_opt(2017, 3, 2);
        assert_eq!(parse_date("2017-03-02"), d);
        assert_eq!(parse_date("02 March 2017"), d);
        assert_eq!(parse_date("2 Mar 2017"), d);
        assert_eq!(parse_date("02/03/2017"), d);
        assert_eq!(parse_date("31/02/2017"), None);
        assert_eq!(parse_date("March 2, 2017"), None);
    }

    #[test]
    fn inter_codes_and_kinds() {
        assert!(
            is_state("1") && is_state("State forces") && !is_state("2") && !is_state("Rebel group")
        );
        assert_eq!(
            classify("Battle-Government regains territory", "", false),
            Some(Kind::GovernmentRegains)
        );
        assert_eq!(
            classify("Battles", "Non-state actor overtakes territory", false),
            Some(Kind::NonStateOvertakes)
        );
        assert_eq!(
            classify(
                "Strategic developments",
                "Non-violent transfer of territory",
                false
            ),
            Some(Kind::Transfer)
        );
        assert_eq!(classify("Battles", "Armed clash", false), None);
        assert_eq!(classify("Battles", "Armed clash", true), Some(Kind::Clash));
    }
}
