//! `forces.csv`: the forces, their colours and names (docs/data-format.md, "forces.csv").

use super::color::Color;
use super::csv_in::{self, Table};
use crate::error::{Location, Problem};
use std::collections::HashMap;
use std::path::Path;

/// A force that can hold or challenge places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Force {
    /// Short id used in events and exports.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its colour on maps and in exports.
    pub color: Color,
    /// Other names the events may use.
    pub aliases: Vec<String>,
    /// 1-based line in forces.csv, for messages.
    pub line: u64,
}

/// What a colour that is not `#rrggbb` was probably meant to be: the
/// digits without `#`, or the three-digit CSS shorthand.
fn color_hint(text: &str) -> String {
    let digits = text.trim_start_matches('#');
    let hex = |t: &str| t.bytes().all(|b| b.is_ascii_hexdigit());
    if !text.starts_with('#') && digits.len() == 6 && hex(digits) {
        format!(": add # (\"#{}\")", digits.to_ascii_lowercase())
    } else if digits.len() == 3 && hex(digits) {
        let six: String = digits.chars().flat_map(|c| [c, c]).collect();
        format!(": write all six digits (\"#{}\")", six.to_ascii_lowercase())
    } else {
        String::new()
    }
}

/// Loads and checks forces; row order is legend order. `None` when the file
/// cannot be used at all (missing, empty, no header).
pub fn load_forces(path: &Path, problems: &mut Vec<Problem>) -> Option<Vec<Force>> {
    let table = Table::read(path, &["id", "name", "color"], problems)?;
    let mut forces = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    table.for_each_row(problems, |row, problems| {
        let at = Location::Line(row.line);
        let id = row.get("id").trim().to_string();
        let name = row.get("name").trim().to_string();
        let color_text = row.get("color").trim();
        let color = Color::parse(color_text);
        // A force with a bad name or colour is still indexed, so the events
        // that use it do not each report it missing.
        let mut ok = true;
        if id.is_empty() {
            // Still indexed by its name, so events using it are not reported too.
            problems.push(Problem::error(path, at.clone(), "the force id is empty"));
        } else if let Some(&first) = seen.get(&id) {
            problems.push(Problem::error(
                path,
                at.clone(),
                format!("duplicate force id {id:?} (first on line {first})"),
            ));
            ok = false;
        }
        if ok {
            seen.insert(id.clone(), row.line);
        }
        if name.is_empty() {
            problems.push(Problem::error(
                path,
                at.clone(),
                format!("force {id:?} has no name"),
            ));
        }
        if color.is_none() {
            problems.push(Problem::error(
                path,
                at.clone(),
                format!(
                    "color {color_text:?} is not #rrggbb{}",
                    color_hint(color_text)
                ),
            ));
        }
        // A force with a bad colour is still indexed (grey: the load fails
        // anyway, with the problem above).
        let color = color.unwrap_or(Color::hex("#808080"));
        if ok {
            forces.push(Force {
                id,
                name,
                color,
                aliases: csv_in::split_list(row.get("aliases")),
                line: row.line,
            });
        }
    });
    Some(forces)
}
