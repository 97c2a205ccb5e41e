//! `frontline export`: the state on a date, or the whole timeline, as
//! GeoJSON or another GIS format, with zones when asked.

use super::args::ExportArgs;
use super::load;
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
        Some(path) => write_file(path, format, what.layer(), features)?,
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
/// `/dev/null`, a named pipe). An extension that names no format is refused
/// rather than guessed (`-o out.shp` would otherwise get GeoJSON under a
/// shapefile's name).
fn format(args: &ExportArgs, output: Option<&Path>) -> Result<Format, Error> {
    let format = match (args.format, output) {
        (Some(f), _) => f.into(),
        (None, Some(path)) if path.extension().is_some() => Format::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format of {} from its extension: name it .geojson, .geojsonl, .gpkg, .fgb or .parquet, or give --format",
                path.display()
            ))
        })?,
        (None, _) => Format::GeoJson,
    };
    if output.is_none() && !format.streams() {
        return Err(Error::Usage(
            "a GeoPackage cannot be written to standard output: give -o FILE.gpkg".into(),
        ));
    }
    Ok(format)
}
