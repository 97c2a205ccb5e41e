//! What an output file's name says about its format (issue 12): `-o map.svg`
//! asks for SVG, `-o map.jpg` for a JPEG that frontline cannot write. Every
//! flag that names an output file is checked here, before any data is read,
//! by one rule:
//!
//! - an extension of a format the flag writes chooses that format when the
//!   format flag is absent, and must agree with it when it is given;
//! - an extension of another known format (`.jpg`, `.pdf`, `.xlsx`, …) is a
//!   command-line error (exit 2): the bytes would not be what the name says;
//! - any other extension, or none, says nothing: the format flag or the
//!   default decides (`-o map.out` is a PNG).

use super::args::TableFormat;
use clap::ValueEnum;
use frontline::Error;
use std::path::Path;

/// File extensions (lower case) and the format they name, for messages.
/// Several extensions may name one format.
const KNOWN: &[(&str, &str)] = &[
    ("png", "PNG"),
    ("apng", "APNG"),
    ("svg", "SVG"),
    ("svgz", "compressed SVG"),
    ("jpg", "JPEG"),
    ("jpeg", "JPEG"),
    ("pdf", "PDF"),
    ("eps", "PostScript"),
    ("ps", "PostScript"),
    ("gif", "GIF"),
    ("webp", "WebP"),
    ("avif", "AVIF"),
    ("tif", "TIFF"),
    ("tiff", "TIFF"),
    ("bmp", "BMP"),
    ("mp4", "MP4"),
    ("m4v", "MP4"),
    ("mov", "QuickTime"),
    ("webm", "WebM"),
    ("mkv", "Matroska"),
    ("avi", "AVI"),
    ("html", "HTML"),
    ("htm", "HTML"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("txt", "text"),
    ("json", "JSON"),
    ("geojson", "GeoJSON"),
    ("ndjson", "newline-delimited JSON"),
    ("jsonl", "JSON Lines"),
    ("geojsonl", "GeoJSON Lines"),
    ("geojsons", "GeoJSON Lines"),
    ("geojsonseq", "GeoJSON Lines"),
    ("fgb", "FlatGeobuf"),
    ("parquet", "Parquet"),
    ("geoparquet", "GeoParquet"),
    ("kml", "KML"),
    ("gpkg", "GeoPackage"),
    ("shp", "shapefile"),
    ("xlsx", "Excel"),
    ("xls", "Excel"),
    ("ods", "OpenDocument spreadsheet"),
    ("toml", "TOML"),
    ("zip", "zip"),
    ("gz", "gzip"),
];

/// The format a file name's extension names, if it is a known one, with
/// the extension in lower case.
fn known_extension(path: &Path) -> Option<(String, &'static str)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let name = KNOWN.iter().find(|(e, _)| *e == ext)?.1;
    Some((ext, name))
}

/// Checks the file a flag names against the formats the flag writes
/// (`writes`: extension and format, e.g. `[("png", Png), ("svg", Svg)]`)
/// and the `--format` asked for. Returns the format the extension names,
/// `None` when it names none; an error (exit 2) for a mismatch.
pub fn format_of<F: ValueEnum + Copy + PartialEq>(
    flag: &str,
    path: &Path,
    writes: &[(&str, F)],
    asked: Option<F>,
) -> Result<Option<F>, Error> {
    check(flag, path, writes, asked.map(|f| (f, format_words(f))))
}

/// [`format_of`] with the format asked for and the words of its flag.
fn check<F: Copy + PartialEq>(
    flag: &str,
    path: &Path,
    writes: &[(&str, F)],
    asked: Option<(F, String)>,
) -> Result<Option<F>, Error> {
    let Some((ext, name)) = known_extension(path) else {
        return Ok(None);
    };
    let wanted = |f: F| {
        writes
            .iter()
            .filter(|(_, g)| *g == f)
            .map(|(e, _)| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let Some(&(_, format)) = writes.iter().find(|(e, _)| *e == ext) else {
        let all: Vec<String> = writes.iter().map(|(e, _)| format!(".{e}")).collect();
        let all = match all.as_slice() {
            [one] => one.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
            [] => String::new(),
        };
        let hint = match &asked {
            Some((f, words)) => format!("; {words} writes {}", wanted(*f)),
            None => String::new(),
        };
        return Err(Error::Usage(format!(
            "{flag} {}: frontline does not write {name} here; name a {all} file{hint}",
            path.display()
        )));
    };
    match asked {
        Some((f, words)) if f != format => Err(Error::Usage(format!(
            "{words} does not match {flag} {} (a .{ext} file): drop {words} or name a {} file",
            path.display(),
            wanted(f)
        ))),
        _ => Ok(Some(format)),
    }
}

/// The format of `diff` and `stats` from `-o FILE` and `--format`: `.txt`
/// is the table, `.csv` and `.json` theirs; else `--format`, else the table.
pub fn table_format(path: Option<&Path>, asked: Option<TableFormat>) -> Result<TableFormat, Error> {
    let named = match path {
        Some(p) => format_of(
            "-o",
            p,
            &[
                ("txt", TableFormat::Table),
                ("csv", TableFormat::Csv),
                ("json", TableFormat::Json),
            ],
            asked,
        )?,
        None => None,
    };
    Ok(named.or(asked).unwrap_or(TableFormat::Table))
}

/// The words of a format flag, for messages: `--format svg`.
fn format_words(format: impl ValueEnum) -> String {
    let value = format.to_possible_value();
    format!("--format {}", value.as_ref().map_or("?", |v| v.get_name()))
}

/// Checks a file of a flag that writes one format (`--gif`, `--html`, a
/// GeoJSON `-o`): its extension, if a known one, must be one of `exts`.
pub fn check_single(flag: &str, path: &Path, exts: &[&str]) -> Result<(), Error> {
    let writes: Vec<(&str, ())> = exts.iter().map(|e| (*e, ())).collect();
    check(flag, path, &writes, None).map(|_| ())
}

/// The extensions of a GeoJSON output.
pub const GEOJSON: &[&str] = &["geojson", "json"];

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum F {
        Png,
        Svg,
    }
    const IMAGES: &[(&str, F)] = &[("png", F::Png), ("svg", F::Svg)];

    fn of(path: &str, asked: Option<F>) -> Result<Option<F>, String> {
        check(
            "-o",
            Path::new(path),
            IMAGES,
            asked.map(|f| (f, "--format x".into())),
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn a_known_extension_chooses_or_must_match() {
        assert_eq!(of("a.SVG", None), Ok(Some(F::Svg)));
        assert_eq!(of("a.png", Some(F::Png)), Ok(Some(F::Png)));
        assert_eq!(of("a.out", Some(F::Svg)), Ok(None));
        assert_eq!(of("a", None), Ok(None));
        let e = of("a.png", Some(F::Svg)).unwrap_err();
        assert!(
            e.contains("does not match -o a.png") && e.contains(".svg"),
            "{e}"
        );
        let e = of("a.jpg", None).unwrap_err();
        assert!(
            e.contains("does not write JPEG") && e.contains(".png or .svg"),
            "{e}"
        );
        assert!(check_single("--gif", Path::new("a.png"), &["gif"]).is_err());
        assert!(check_single("--gif", Path::new("a.gif"), &["gif"]).is_ok());
    }
}
