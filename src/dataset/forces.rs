//! `forces.csv`: the forces, their colours and names (docs/data-format.md, "forces.csv").

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
    /// `#rrggbb`, as written in the file.
    pub color: String,
    /// Other names the events may use.
    pub aliases: Vec<String>,
    /// 1-based line in forces.csv, for messages.
    pub line: u64,
}

impl Force {
    /// The colour as red, green, blue.
    pub fn rgb(&self) -> [u8; 3] {
        parse_color(&self.color).unwrap_or([128, 128, 128])
    }
}

/// Parses `#rrggbb`.
pub fn parse_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
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
        let color = row.get("color").trim().to_string();
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
        if parse_color(&color).is_none() {
            problems.push(Problem::error(
                path,
                at.clone(),
                format!("color {color:?} is not #rrggbb"),
            ));
        }
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

#[cfg(test)]
mod tests {
    use super::parse_color;

    #[test]
    fn colors() {
        assert_eq!(parse_color("#ff8000"), Some([255, 128, 0]));
        assert_eq!(parse_color("#FF8000"), Some([255, 128, 0]));
        assert_eq!(parse_color("ff8000"), None);
        assert_eq!(parse_color("#ff800"), None);
        assert_eq!(parse_color("#gg8000"), None);
    }
}
