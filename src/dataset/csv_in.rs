//! Reading the dataset's CSV files: BOM and CRLF accepted, header names
//! matched without regard to case or surrounding space, every row's line kept.

use super::geojson_in::read_text;
use crate::error::{Location, Problem};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A CSV file read whole, with its header.
pub struct Table {
    path: PathBuf,
    columns: HashMap<String, usize>,
    width: usize,
    /// Fields a row needs to reach every required column.
    required_width: usize,
    /// The whole file, read again row by row (one record buffer, no
    /// allocation per row: files can have millions of rows).
    text: String,
}

/// One data row of a [`Table`].
pub struct Row<'a> {
    /// 1-based line where the row starts (the header is line 1).
    pub line: u64,
    table: &'a Table,
    record: &'a csv::StringRecord,
}

impl Table {
    /// Reads a CSV file; `None` (with problems pushed) when it cannot be used at all.
    pub fn read(path: &Path, required: &[&str], problems: &mut Vec<Problem>) -> Option<Table> {
        let text = match read_text(path) {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                return None;
            }
        };
        if text.trim().is_empty() {
            problems.push(Problem::error(
                path,
                Location::Line(1),
                format!("empty file (expected a header with {})", required.join(",")),
            ));
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.push(Problem::error(
                    path,
                    Location::Line(1),
                    format!("cannot read the header: {e}"),
                ));
                return None;
            }
        };
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            columns.entry(h.trim().to_lowercase()).or_insert(i);
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            let found = headers.iter().collect::<Vec<_>>().join(",");
            problems.push(Problem::error(
                path,
                Location::Line(1),
                format!(
                    "missing column {} (the header is {found:?}; it needs {})",
                    missing.join(", "),
                    required.join(",")
                ),
            ));
            return None;
        }
        let width = headers.len();
        let required_width = required
            .iter()
            .filter_map(|c| columns.get(*c))
            .map(|i| i + 1)
            .max()
            .unwrap_or(0);
        Some(Table {
            path: path.to_path_buf(),
            columns,
            width,
            required_width,
            text,
        })
    }

    /// Calls `f` with every data row in file order; rows that cannot be
    /// read, or have the wrong number of fields, are reported instead.
    pub fn for_each_row(
        &self,
        problems: &mut Vec<Problem>,
        mut f: impl FnMut(Row<'_>, &mut Vec<Problem>),
    ) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter {
            text: self.text.as_bytes(),
            pos: 0,
            line: 1,
        };
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                    if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
                        continue; // a blank line
                    }
                    // A row may leave out trailing optional fields; not more.
                    if record.len() > self.width || record.len() < self.required_width {
                        problems.push(Problem::error(
                            &self.path,
                            Location::Line(line),
                            format!("has {} fields, the header has {}", record.len(), self.width),
                        ));
                        continue;
                    }
                    f(
                        Row {
                            line,
                            table: self,
                            record: &record,
                        },
                        problems,
                    );
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                    problems.push(Problem::error(
                        &self.path,
                        Location::Line(line),
                        format!("cannot read this row: {e}"),
                    ));
                    if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                        break;
                    }
                }
            }
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An upper bound of the number of rows (the lines of the file), to
    /// reserve room for them.
    pub fn max_rows(&self) -> usize {
        count_newlines(self.text.as_bytes()) as usize + 1
    }

    /// How many columns the header has.
    pub fn width(&self) -> usize {
        self.width
    }
}

impl Table {
    /// The index of a column by (lower-case) name, to read many rows fast.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }
}

impl<'a> Row<'a> {
    /// The field of a column by index (from [`Table::column`]); empty when absent.
    pub fn at(&self, column: Option<usize>) -> &'a str {
        column.and_then(|i| self.record.get(i)).unwrap_or("")
    }

    /// The field of a column by (lower-case) name; empty when the column is absent.
    pub fn get(&self, column: &str) -> &'a str {
        self.table
            .columns
            .get(column)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
    }
}

/// Splits a `|`-separated list, dropping empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// How many `\n` bytes `bytes` holds. Summed in `u8` lanes, 255 bytes at
/// a time: a dozen times faster than `filter().count()`, which widens every
/// byte to a `usize`.
fn count_newlines(bytes: &[u8]) -> u64 {
    bytes
        .chunks(255)
        .map(|chunk| u64::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'))))
        .sum()
}

/// Line numbers from byte offsets. The csv crate's own line count is off
/// with CRLF line ends and skipped blank lines; counting `\n` up to the
/// record's first byte is not.
struct LineCounter<'t> {
    text: &'t [u8],
    pos: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// The 1-based line of the record the csv reader says starts at `byte`
    /// (which may point at the end of the previous line).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut b = (byte as usize).min(self.text.len());
        while b < self.text.len() && (self.text[b] == b'\r' || self.text[b] == b'\n') {
            b += 1;
        }
        if b < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += count_newlines(&self.text[self.pos..b]);
        self.pos = b;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of_rows(text: &str) -> Vec<u64> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let mut problems = Vec::new();
        let table = Table::read(&path, &["a"], &mut problems).unwrap();
        let mut lines = Vec::new();
        table.for_each_row(&mut problems, |row, _| lines.push(row.line));
        assert!(problems.is_empty(), "{problems:?}");
        lines
    }

    #[test]
    fn line_numbers_survive_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines_of_rows("a,b\n1,2\n3,4\n"), [2, 3]);
        assert_eq!(lines_of_rows("a,b\r\n1,2\r\n3,4\r\n"), [2, 3]);
        assert_eq!(
            lines_of_rows("\u{feff}a,b\r\n1,\"x\r\ny\"\r\n\r\n\r\n3,4\r\n"),
            [2, 6]
        );
        assert_eq!(lines_of_rows("a,b\n\n\n1,2\n"), [4]);
        assert_eq!(count_newlines(&[b'\n'; 1000]), 1000);
        assert_eq!(count_newlines(b"a\nb\r\n\nc"), 3);
        // Trailing optional fields may be left out.
        assert_eq!(lines_of_rows("a,b,c\n1\n"), [2]);
    }
}
