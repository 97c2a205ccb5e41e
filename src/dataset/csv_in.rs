//! Reading the dataset's CSV files: BOM, CRLF and lone CR accepted, header names
//! matched without regard to case or surrounding space, every row's line kept.

use super::chars;
use super::geojson_in::read_text;
use crate::error::{Location, Problem};
use crate::words::count;
use std::collections::HashMap;
use std::io::{Cursor, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A header's column name as frontline knows it: trimmed, lower case, and
/// the British `colour` read as `color`.
fn header_name(h: &str) -> String {
    let name = h.trim().to_lowercase();
    match name.as_str() {
        "colour" => "color".to_string(),
        _ => name,
    }
}

/// The separator a line seems to use instead of commas: `;` or a tab when
/// the line has no comma and splitting at it gives at least `fields`
/// fields (a row of a file saved by a spreadsheet in a locale that writes
/// decimal commas, or copied from a table).
fn other_separator(line: &str, fields: usize) -> Option<&'static str> {
    if line.contains(',') || fields < 2 {
        return None;
    }
    [(';', "\";\""), ('\t', "tabs")]
        .into_iter()
        .find(|(sep, _)| line.split(*sep).count() >= fields)
        .map(|(_, shown)| shown)
}

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
    /// The fields are `text[range]`: `text` is the file's text for a row
    /// split in place, else the csv reader's record.
    text: &'a str,
    fields: &'a [Range<usize>],
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
        let text = lone_cr_as_lf(text);
        if text.trim().is_empty() {
            problems.push(Problem::error(
                path,
                Location::Line(1),
                format!("empty file (expected a header with {})", required.join(",")),
            ));
            return None;
        }
        // One pass over the whole file first: most files hold no suspect byte.
        if chars::may_hold_refused(&text) {
            for (n, line) in text.split('\n').enumerate() {
                if let Some(what) = chars::first_refused(line) {
                    problems.push(Problem::error(
                        path,
                        Location::Line(n as u64 + 1),
                        chars::refused_message("the line", &what),
                    ));
                }
            }
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
        // A stray quote in the header would take the whole file into it.
        let end = (reader.position().byte() as usize).min(text.len());
        let start = text.len() - text.trim_start_matches(['\r', '\n']).len();
        if let Some(bad) = bad_quote(&text.as_bytes()[start..end.max(start)], 0) {
            let line = count_newlines(&text.as_bytes()[..start]) + 1;
            problems.push(Problem::error(
                path,
                Location::Line(line + bad.line_of_open),
                bad.message(line),
            ));
            return None;
        }
        // A column named twice is an error: which copy holds the data would be
        // a guess, and the other copy's values would be lost without a word.
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let name = header_name(h);
            if let Some(first) = columns.get(&name).filter(|_| !name.is_empty()) {
                problems.push(Problem::error(
                    path,
                    Location::Line(1),
                    format!(
                        "column {name:?} appears twice in the header (columns {} and {})",
                        first + 1,
                        i + 1
                    ),
                ));
                return None;
            }
            columns.entry(name).or_insert(i);
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            let found = headers.iter().collect::<Vec<_>>().join(",");
            // A spreadsheet saved with `;` or tabs gives a header of one column.
            let separator = text
                .lines()
                .next()
                .and_then(|first| other_separator(first, required.len()));
            let message = match separator {
                Some(sep) => format!(
                    "the header {found:?} seems to be separated by {sep}: frontline reads commas (save the file as comma-separated CSV)"
                ),
                None => format!(
                    "missing column {} (the header is {found:?}; it needs {})",
                    missing.join(", "),
                    required.join(",")
                ),
            };
            problems.push(Problem::error(path, Location::Line(1), message));
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
    ///
    /// A row on one line without a `"` is split at its commas in place,
    /// which is what the csv reader would make of it; any other row is
    /// read by the csv reader, moved to where it starts. Rows are most of
    /// the time of loading a large dataset, and the reader copies and checks
    /// every byte of them again.
    pub fn for_each_row(
        &self,
        problems: &mut Vec<Problem>,
        f: impl FnMut(Row<'_>, &mut Vec<Problem>),
    ) {
        if let Some(start) = self.rows_start() {
            self.for_each_row_in(start..self.text.len(), problems, f);
        }
    }

    /// Where the rows start: after the header, as the csv reader reads it.
    pub fn rows_start(&self) -> Option<usize> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let mut record = csv::ByteRecord::new();
        match reader.read_byte_record(&mut record) {
            Ok(true) => Some(reader.position().byte() as usize),
            _ => None,
        }
    }

    /// Splits the rows from `start` into about `n` stretches of similar
    /// size, each starting after a line end that is outside quotes by the
    /// count of `"` before it (so, in a file whose quotes are in order, at
    /// the start of a row). Reading them one by one with
    /// [`Table::for_each_row_in`] gives the rows of the whole file when each
    /// stretch's reading ends where the next starts; the caller checks that.
    pub fn stretches(&self, start: usize, n: usize) -> Vec<Range<usize>> {
        let bytes = self.text.as_bytes();
        let mut cuts = vec![start];
        let size = (bytes.len() - start.min(bytes.len())) / n.max(1);
        let mut quotes_before = 0usize;
        let mut counted_to = start;
        for k in 1..n {
            let mut at = start + k * size;
            if at <= *cuts.last().unwrap_or(&start) || at >= bytes.len() {
                break;
            }
            // Quotes from where the count stopped to the candidate line end.
            loop {
                let Some(nl) = bytes[at..].iter().position(|&b| b == b'\n') else {
                    at = bytes.len();
                    break;
                };
                let end = at + nl + 1;
                quotes_before += bytes[counted_to..end]
                    .iter()
                    .filter(|&&b| b == b'"')
                    .count();
                counted_to = end;
                at = end;
                if quotes_before.is_multiple_of(2) {
                    break;
                }
            }
            if at >= bytes.len() {
                break;
            }
            cuts.push(at);
        }
        cuts.push(bytes.len());
        cuts.windows(2).map(|w| w[0]..w[1]).collect()
    }

    /// [`Table::for_each_row`] for the rows that start in `range` (the
    /// first at `range.start`); returns where reading stopped, which is
    /// `range.end` unless the last row runs on past it.
    pub fn for_each_row_in(
        &self,
        range: Range<usize>,
        problems: &mut Vec<Problem>,
        mut f: impl FnMut(Row<'_>, &mut Vec<Problem>),
    ) -> usize {
        let bytes = self.text.as_bytes();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 10)
            .from_reader(Cursor::new(bytes));
        let mut record = csv::StringRecord::new();
        let mut pos = range.start;
        let mut fields: Vec<Range<usize>> = Vec::new();
        let mut lines = LineCounter {
            text: bytes,
            pos: 0,
            line: 1,
        };
        loop {
            // Line ends (and blank lines) before a row are skipped, as the csv reader does.
            while pos < range.end && (bytes[pos] == b'\r' || bytes[pos] == b'\n') {
                pos += 1;
            }
            if pos >= range.end {
                break;
            }
            let line = lines.line_at(pos as u64);
            let text = match split_plain_row(bytes, pos, &mut fields) {
                Some(end) => {
                    pos = end;
                    self.text.as_str()
                }
                None => {
                    let at = csv::Position::new();
                    if let Err(e) = reader.seek_raw(SeekFrom::Start(pos as u64), at) {
                        // Unreachable: a cursor seeks anywhere.
                        problems.push(Problem::error(
                            &self.path,
                            Location::Line(line),
                            format!("cannot read this row: {e}"),
                        ));
                        break;
                    }
                    match reader.read_record(&mut record) {
                        Ok(false) => break,
                        Ok(true) => {
                            let end = pos + reader.position().byte() as usize;
                            if let Some(bad) = bad_quote(&bytes[pos..end], self.width) {
                                // Reported where the quote opened; the lines
                                // after that one are read again as rows, so a
                                // stray quote swallows none of them.
                                problems.push(Problem::error(
                                    &self.path,
                                    Location::Line(line + bad.line_of_open),
                                    bad.message(line),
                                ));
                                pos += bad.open;
                                pos = bytes[pos..]
                                    .iter()
                                    .position(|&b| b == b'\n')
                                    .map_or(bytes.len(), |n| pos + n + 1);
                                continue;
                            }
                            pos = end;
                            fields.clear();
                            fields.extend((0..record.len()).filter_map(|i| record.range(i)));
                            record.as_slice()
                        }
                        Err(e) => {
                            // The text is UTF-8 and rows split at ASCII bytes,
                            // so no error is expected here; as before, the file
                            // is not read further.
                            let line = e
                                .position()
                                .map_or(line, |p| lines.line_at(pos as u64 + p.byte()));
                            problems.push(Problem::error(
                                &self.path,
                                Location::Line(line),
                                format!("cannot read this row: {e}"),
                            ));
                            if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                                break;
                            }
                            pos += reader.position().byte() as usize;
                            continue;
                        }
                    }
                }
            };
            if fields.len() == 1 && text[fields[0].clone()].trim().is_empty() {
                continue; // a blank line
            }
            // A row may leave out trailing optional fields; not more.
            if fields.len() > self.width || fields.len() < self.required_width {
                let row_text = match (fields.first(), fields.last()) {
                    (Some(a), Some(b)) => &text[a.start..b.end],
                    _ => "",
                };
                problems.push(Problem::error(
                    &self.path,
                    Location::Line(line),
                    self.wrong_width(fields.len(), row_text),
                ));
                continue;
            }
            f(
                Row {
                    line,
                    table: self,
                    text,
                    fields: &fields,
                },
                problems,
            );
        }
        pos
    }

    /// The problem of a row of `fields` fields that the header cannot
    /// take, with a hint when the row seems to use another separator: a
    /// row of one field (no comma outside quotes), `row_text`, that splits
    /// at `;` or tabs into the fields the header needs.
    fn wrong_width(&self, fields: usize, row_text: &str) -> String {
        let hint = (fields == 1)
            .then(|| other_separator(row_text, self.required_width))
            .flatten()
            .map(|sep| format!("; the row seems to be separated by {sep}: frontline reads commas"))
            .unwrap_or_default();
        format!(
            "has {}, the header has {}{hint}",
            count(fields, "field"),
            self.width
        )
    }

    /// An upper bound of the number of rows (the lines of the file), to
    /// reserve room for them.
    pub fn max_rows(&self) -> usize {
        count_newlines(self.text.as_bytes()) as usize + 1
    }

    /// The file's length in bytes.
    pub fn byte_len(&self) -> usize {
        self.text.len()
    }

    /// How many columns the header has.
    #[cfg(test)]
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
        column.map_or("", |i| self.field(i))
    }

    /// Whether every field is empty (`,,,`: a row of nothing, from a spreadsheet).
    pub fn all_empty(&self) -> bool {
        self.fields
            .iter()
            .all(|r| self.text[r.clone()].trim().is_empty())
    }

    /// The field at an index; empty when the row has fewer.
    fn field(&self, i: usize) -> &'a str {
        self.fields.get(i).map_or("", |r| &self.text[r.clone()])
    }

    /// The field of a column by (lower-case) name; empty when the column is absent.
    pub fn get(&self, column: &str) -> &'a str {
        self.table
            .columns
            .get(column)
            .map_or("", |&i| self.field(i))
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

/// `text.trim()`, returned at once for the usual field that starts and
/// ends with a visible ASCII character: such a field has no space of any
/// kind to trim, and `trim` decodes characters from both ends to find out
/// (a sixth of reading a million events' rows, ten fields each).
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Splits the row starting at `start` at its commas into `fields` and
/// returns where it ends (at its line end or the end of the text); `None`
/// when the row needs the csv reader: a `"` anywhere but around a whole
/// field, a doubled `""` inside one, or a quoted field that spans lines.
/// A field quoted whole on one line (`"Reuters, 2 March 2017"`) is split
/// here, as its inside: spreadsheets quote every text with a comma.
fn split_plain_row(bytes: &[u8], start: usize, fields: &mut Vec<Range<usize>>) -> Option<usize> {
    fields.clear();
    let mut field = start;
    let mut i = start;
    // Fields are short: a table lookup per byte beats a vectorised search
    // that is set up again for every field.
    while let Some(found) = bytes[i..].iter().position(|&b| ROW_BYTES[b as usize]) {
        let at = i + found;
        match bytes[at] {
            b',' => {
                fields.push(field..at);
                field = at + 1;
                i = at + 1;
            }
            b'\r' | b'\n' => {
                fields.push(field..at);
                return Some(at);
            }
            _ if at == field => {
                let inside = at + 1;
                let close = inside + bytes[inside..].iter().position(|&b| b == b'"')?;
                if bytes[inside..close]
                    .iter()
                    .any(|&b| b == b'\n' || b == b'\r')
                {
                    return None;
                }
                fields.push(inside..close);
                match bytes.get(close + 1) {
                    None => return Some(bytes.len()),
                    Some(b'\r' | b'\n') => return Some(close + 1),
                    Some(b',') => {
                        i = close + 2;
                        field = i;
                    }
                    Some(_) => return None,
                }
            }
            _ => return None,
        }
    }
    fields.push(field..bytes.len());
    Some(bytes.len())
}

/// The bytes that end a field or a row, or open a quote.
static ROW_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    table[b',' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'"' as usize] = true;
    table
};

/// A quoted field the row structure does not explain: where its quote
/// opened (a byte offset in the record, and lines after the record's first)
/// and what is wrong.
struct BadQuote {
    open: usize,
    line_of_open: u64,
    /// Lines from the opening quote to where the trouble shows.
    lines_on: u64,
    kind: QuoteTrouble,
}

enum QuoteTrouble {
    /// The file ends inside the quotes.
    NeverClosed,
    /// The closing quote is followed by this text, not a comma or line end.
    TextAfter(String),
    /// A line inside the quotes has a whole row's fields: rows swallowed.
    SwallowsRow,
}

impl BadQuote {
    /// The message, for a record starting on line `first`.
    fn message(&self, first: u64) -> String {
        let at = first + self.line_of_open + self.lines_on;
        let what = match &self.kind {
            QuoteTrouble::NeverClosed => "is never closed: the file ends inside it".to_string(),
            QuoteTrouble::TextAfter(t) => format!(
                "closes on line {at} and is followed by {t:?}, not a comma or the line's end"
            ),
            QuoteTrouble::SwallowsRow => format!(
                "runs on over line {at}, which has as many fields as a row: rows would be lost in one field"
            ),
        };
        format!(
            "the quoted field opened on this line {what} (a stray `\"`? a quote inside a field is written `\"\"` in a field that is quoted whole)"
        )
    }
}

/// Checks the quoted fields of one record as the csv reader read it (its
/// bytes): each quote that opens a field must close, be followed by a comma
/// or the line's end, and not run over a line holding a whole row's fields
/// (`width` of them). The csv reader accepts all three, and a stray quote
/// then swallows the rows after it into one field.
fn bad_quote(record: &[u8], width: usize) -> Option<BadQuote> {
    let lines_to = |i: usize| count_newlines(&record[..i]);
    // A line of a one-column file is a row whatever it holds: not a sign.
    let row_like = |commas: Option<usize>| width >= 2 && commas.is_some_and(|n| n + 1 >= width);
    let mut i = 0;
    let mut field_start = true;
    while i < record.len() {
        if !(field_start && record[i] == b'"') {
            field_start = matches!(record[i], b',' | b'\r' | b'\n');
            i += 1;
            continue;
        }
        let open = i;
        let bad = |kind, at: usize| BadQuote {
            open,
            line_of_open: lines_to(open),
            lines_on: count_newlines(&record[open..at]),
            kind,
        };
        i += 1;
        // Commas on the current line inside the quotes (not counted on the opening line).
        let mut commas: Option<usize> = None;
        loop {
            match record.get(i) {
                None => return Some(bad(QuoteTrouble::NeverClosed, i)),
                Some(b'"') if record.get(i + 1) == Some(&b'"') => i += 2,
                Some(b'"') => break,
                Some(b'\n') => {
                    if row_like(commas) {
                        return Some(bad(QuoteTrouble::SwallowsRow, i - 1));
                    }
                    commas = Some(0);
                    i += 1;
                }
                Some(b',') => {
                    commas = commas.map(|n| n + 1);
                    i += 1;
                }
                Some(_) => i += 1,
            }
        }
        if row_like(commas) {
            return Some(bad(QuoteTrouble::SwallowsRow, i));
        }
        i += 1;
        match record.get(i) {
            None | Some(b',' | b'\r' | b'\n') => {}
            Some(_) => {
                let rest = &record[i..];
                let end = rest
                    .iter()
                    .position(|&b| matches!(b, b',' | b'\r' | b'\n'))
                    .unwrap_or(rest.len());
                let text = String::from_utf8_lossy(&rest[..end.min(20)]).into_owned();
                return Some(bad(QuoteTrouble::TextAfter(text), i));
            }
        }
        field_start = false;
    }
    None
}

/// The text with every carriage return that ends a line alone (the line
/// ends of classic Mac OS, and of Excel's "CSV (Macintosh)") made a line
/// feed. The csv reader ends rows there already; the lines are counted by
/// line feeds, so without this every row of such a file was "line 1". One
/// byte for one keeps every offset; a CRLF is left as it is.
fn lone_cr_as_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // An ASCII byte for another leaves the text UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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

    /// Every row (line and fields) and problem, as `for_each_row` gives them.
    type Read = (Vec<(u64, Vec<String>)>, Vec<String>);

    /// The rows of a CSV text read by `for_each_row`, then by the csv reader alone.
    fn both_ways(text: &str, required: &[&str]) -> (Option<Read>, Option<Read>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let mut problems = Vec::new();
        let Some(table) = Table::read(&path, required, &mut problems) else {
            return (None, None);
        };
        (rows_of(&table), rows_by_csv_reader(&table))
    }

    fn rows_of(table: &Table) -> Option<Read> {
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        table.for_each_row(&mut problems, |row, _| {
            let fields = (0..table.width()).map(|i| row.at(Some(i)).to_string());
            rows.push((row.line, fields.collect()));
        });
        Some((rows, problems.iter().map(|p| p.to_string()).collect()))
    }

    /// The rows as the csv reader alone reads them (how `for_each_row` did
    /// before rows on one line were split in place).
    fn rows_by_csv_reader(table: &Table) -> Option<Read> {
        let mut problems = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(table.text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter {
            text: table.text.as_bytes(),
            pos: 0,
            line: 1,
        };
        let mut rows = Vec::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                    if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
                        continue;
                    }
                    if record.len() > table.width || record.len() < table.required_width {
                        let row: Vec<&str> = record.iter().collect();
                        problems.push(Problem::error(
                            &table.path,
                            Location::Line(line),
                            table.wrong_width(record.len(), &row.join(",")),
                        ));
                        continue;
                    }
                    let fields = (0..table.width).map(|i| record.get(i).unwrap_or("").to_string());
                    rows.push((line, fields.collect()));
                }
                Err(e) => panic!("{e}"),
            }
        }
        Some((rows, problems.iter().map(|p| p.to_string()).collect()))
    }

    /// The quick trim trims what `str::trim` does, Unicode spaces included.
    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\tAleppo\u{a0}",
            "\u{2003}Homs",
            "Idlib\u{3000}",
            "é",
            " é ",
            "held",
            "x y",
            "\u{a0}",
            "a\u{85}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn fields_quoted_whole_are_split_in_place_as_the_reader_reads_them() {
        let text = "a,b,c\n1,\"x, y\",3\n\"q\",,\"r\"\n4,\"\",6\r\n7,\"a\"\"b\",8\n\"z\",\n\"u\",\"v\nw\",x\n";
        for required in [&["a"][..], &[]] {
            let (split, by_reader) = both_ways(text, required);
            assert_eq!(split, by_reader);
        }
        let mut fields = Vec::new();
        let bytes = b"1,\"x, y\",3\n";
        assert_eq!(
            split_plain_row(bytes, 0, &mut fields),
            Some(bytes.len() - 1)
        );
        assert_eq!(fields, [0..1, 3..7, 9..10]);
        assert_eq!(split_plain_row(b"7,\"a\"\"b\",8\n", 0, &mut fields), None);
    }

    proptest::proptest! {
        #[test]
        fn rows_split_in_place_are_the_csv_readers(
            text in "(a,b,c|A|\"a\"|[ab,\"\r\n é]{0,6})(\r?\n|\r)([ab,\"\r\n é\t]{0,8}(\r?\n|\r)?){0,12}"
        ) {
            for required in [&["a"][..], &[]] {
                let (split, by_reader) = both_ways(&text, required);
                if !refused_quoting(&split) {
                    proptest::prop_assert_eq!(split, by_reader);
                }
            }
        }
    }

    /// Whether frontline refused quoting the csv reader accepts (see
    /// `bad_quote`): such texts are not compared with the reader's rows.
    fn refused_quoting(read: &Option<Read>) -> bool {
        read.as_ref()
            .is_some_and(|(_, p)| p.iter().any(|p| p.contains("quoted field opened")))
    }

    /// Every row's line and every problem of a CSV text.
    fn read(text: &str) -> Read {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let table = Table::read(&path, &["a"], &mut Vec::new()).unwrap();
        let (rows, problems) = rows_of(&table).unwrap();
        let problems = problems
            .iter()
            .map(|p| p.replace(&format!("{}:", path.display()), ""))
            .collect();
        (rows, problems)
    }

    #[test]
    fn a_stray_quote_swallows_no_row() {
        // The quote on line 2 would take lines 3 and 4 into its field.
        let (rows, problems) = read("a,b,c\n1,\"x,3\n4,5,6\n7,8,\"y\"\n");
        assert_eq!(
            problems,
            [
                "2: the quoted field opened on this line runs on over line 3, which has as many fields as a row: rows would be lost in one field (a stray `\"`? a quote inside a field is written `\"\"` in a field that is quoted whole)"
            ]
        );
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4]);
        // Closed, but followed by text: the quote opened two lines before.
        let (rows, problems) = read("a,b\n1,\"x\ny\nz\"w,2\n3,4\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "2: the quoted field opened on this line closes on line 4 and is followed by \"w\""
            ),
            "{problems:?}"
        );
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4, 5]);
    }

    /// Issue 13, kind 10: the second copy used to be ignored silently.
    #[test]
    fn a_duplicate_header_column_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "a,b,A\n1,2,3\n").unwrap();
        let mut problems = Vec::new();
        assert!(Table::read(&path, &["a"], &mut problems).is_none());
        let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .ends_with("t.csv:1: column \"a\" appears twice in the header (columns 1 and 3)"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_stray_quote_in_the_header_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "a,\"b,c\n1,2,3\n4,5,6\n").unwrap();
        let mut problems = Vec::new();
        assert!(Table::read(&path, &["a"], &mut problems).is_none());
        let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].ends_with("t.csv:1: the quoted field opened on this line is never closed: the file ends inside it (a stray `\"`? a quote inside a field is written `\"\"` in a field that is quoted whole)"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_unterminated_quote_is_an_error_where_it_opened() {
        let (rows, problems) = read("a,b\n1,2\n3,\"x\n4\n");
        assert!(
            problems[0].starts_with("3: the quoted field opened on this line is never closed"),
            "{problems:?}"
        );
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4]);
    }

    /// Lines ended by a carriage return alone are lines: each row of such
    /// a file was reported on line 1.
    #[test]
    fn lone_carriage_returns_end_lines() {
        assert_eq!(lines_of_rows("a,b\r1,2\r\r3,4\r"), [2, 4]);
        assert_eq!(lines_of_rows("a,b\r\n1,2\r3,4\r\n5,6"), [2, 3, 4]);
        let (rows, problems) = read("a,b\r1,\"x\ry\"\r2,3\r");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            rows,
            [
                (2, vec!["1".to_string(), "x\ny".into()]),
                (4, vec!["2".to_string(), "3".into()]),
            ]
        );
    }

    #[test]
    fn quoted_line_breaks_the_rows_explain_are_kept() {
        let (rows, problems) = read("a,b,c\n1,\"x\ny, z\",3\n\"p\"\"q\",\"\",\n5,6,7");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            rows,
            [
                (2, vec!["1".to_string(), "x\ny, z".into(), "3".into()]),
                (4, vec!["p\"q".to_string(), "".into(), "".into()]),
                (5, vec!["5".to_string(), "6".into(), "7".into()]),
            ]
        );
    }

    #[test]
    fn rows_split_in_place_cases() {
        for text in [
            "a,b,c\n1,2,3\n\"x\ny\",2\n4,5\r\n\r\n6\r7,8",
            "a,b\n1,\"2\"\"\",x\"y\n\"a\"b,c\n\n",
            "a,b\r\n\r\n,\r\n  \r\n1,2,3,4\n\"\"\n\"",
            "\"a\",b\n1,2",
            "a\n\"\n",
            "a,b,c\n\"1\r\n2\"\r\n\"3\"\"\r\n4\"",
            // Rows of the wrong width, with and without the separator hint.
            ",a\na\t",
            ",a\n\t,,\"\"",
        ] {
            let (split, by_reader) = both_ways(text, &["a"]);
            assert!(split.is_some());
            if !refused_quoting(&split) {
                assert_eq!(split, by_reader, "{text:?}");
            }
        }
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
