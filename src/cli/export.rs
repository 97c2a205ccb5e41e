//! `frontline export`: the state on a date, or the whole timeline, as
//! GeoJSON or another GIS format, with zones when asked.

use super::args::ExportArgs;
use super::args::ExportFormat;
use super::out_file::format_of;
use super::{load, wrote};
use frontline::Error;
use frontline::export::{Export, Format, features, write_file, write_stream};
use frontline::zones::{Cells, ZoneOptions};
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    // `-o -` is standard output, as for every export (docs/data-format.md, "Exports").
    let output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let format = format(&args, output)?;
    let (dataset, timeline) = load(&args.data)?;
    let cells = if args.zones(&dataset.config) {
        let options = ZoneOptions::from_config(&dataset.config, args.zone_reach);
        Some(Cells::build(&dataset, &options)?)
    } else {
        None
    };
    let what = match args.date.filter(|_| !args.timeline) {
        Some(date) => Export::Date(date),
        None => Export::Timeline,
    };
    let features = features(&dataset, &timeline, cells.as_ref(), what);
    match output {
        Some(path) => {
            write_file(path, format, what.layer(), features)?;
            wrote(&path.display().to_string());
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write_stream(&mut lock, format, what.layer(), features)
                .and_then(|()| std::io::Write::flush(&mut lock))
                .map_err(|e| Error::io("<stdout>", e))?;
        }
    }
    super::leave((cells, timeline, dataset));
    Ok(ExitCode::SUCCESS)
}

/// `--format`, else the output's extension, else GeoJSON (standard output,
/// `/dev/null`, a named pipe, an extension that names no format), by the
/// rule of every output flag (`out_file`): an extension of another known
/// format (`-o out.shp`, `-o map.png`) is refused, and so is one that
/// disagrees with `--format`.
fn format(args: &ExportArgs, output: Option<&Path>) -> Result<Format, Error> {
    use ExportFormat::*;
    const WRITES: &[(&str, ExportFormat)] = &[
        ("geojson", Geojson),
        ("json", Geojson),
        ("geojsonl", Geojsonl),
        ("geojsons", Geojsonl),
        ("geojsonseq", Geojsonl),
        ("jsonl", Geojsonl),
        ("ndjson", Geojsonl),
        ("gpkg", Gpkg),
        ("fgb", Fgb),
        ("parquet", Parquet),
        ("geoparquet", Parquet),
    ];
    let named = match output {
        Some(path) => format_of("-o", path, WRITES, args.format)?,
        None => None,
    };
    let format: Format = named.or(args.format).unwrap_or(Geojson).into();
    if output.is_none() && !format.streams() {
        return Err(Error::Usage(
            "a GeoPackage cannot be written to standard output: give -o FILE.gpkg".into(),
        ));
    }
    Ok(format)
}
