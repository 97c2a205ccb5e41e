//! The texts of the events, the created places and the review file; they
//! are written together by `output::write_together`.

use super::acled::Row;
use super::places::NewPlace;

/// One CSV field, quoted when needed.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn line(fields: &[String]) -> String {
    let mut l = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    l.push('\n');
    l
}

/// The events file: the existing bytes kept as they are, new rows appended.
/// `None` (untouched) when there is nothing new.
pub fn events(existing: Option<&[u8]>, rows: &[[String; 6]]) -> Option<Vec<u8>> {
    if existing.is_some() && rows.is_empty() {
        return None;
    }
    let mut text = Vec::new();
    match existing {
        Some(b) => {
            text.extend_from_slice(b);
            if !b.is_empty() && !b.ends_with(b"\n") {
                text.push(b'\n');
            }
        }
        None => text.extend_from_slice(b"date,place,force,status,source,note\n"),
    }
    for r in rows {
        text.extend_from_slice(line(r).as_bytes());
    }
    Some(text)
}

/// The created places, a FeatureCollection one feature a line.
pub fn places(created: &[NewPlace]) -> String {
    let mut text = String::from("{\"type\": \"FeatureCollection\", \"features\": [\n");
    for (i, p) in created.iter().enumerate() {
        text.push_str(&p.feature().to_string());
        text.push_str(if i + 1 < created.len() { ",\n" } else { "\n" });
    }
    text.push_str("]}\n");
    text
}

/// A review row: where, the ACLED id, date, location, actors and the reason.
pub fn review_row(row: &Row, reason: &str) -> [String; 8] {
    let actor = |i: usize| row.sides.get(i).map_or(String::new(), |s| s.actor.clone());
    [
        format!("{}:{}", row.file, row.line),
        row.id.clone(),
        row.date.format("%Y-%m-%d").to_string(),
        row.location.clone(),
        actor(0),
        actor(1),
        reason.to_string(),
        row.notes.clone(),
    ]
}

/// The review file, rewritten on every import (header only when empty).
pub fn review(rows: &[[String; 8]]) -> String {
    let mut text = String::from("where,event_id_cnty,date,location,actor1,actor2,reason,notes\n");
    for r in rows {
        text.push_str(&line(r));
    }
    text
}
