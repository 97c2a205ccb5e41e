//! `frontline stats`: figures of control per date and force, as a table,
//! CSV or JSON, and optionally a chart (docs/stats.md).

use super::args::{MeasureArg, StatsArgs, TableFormat, on_off};
use super::out_file::table_format;
use super::{date_range, load, write_output};
use frontline::Error;
use frontline::stats::{Measure, chart_png, chart_svg, compute, series_dates};
use frontline::zones::{Cells, ZoneOptions};
use std::path::Path;
use std::process::ExitCode;

/// What `--chart FILE` writes, from its extension.
enum ChartKind {
    Svg,
    Png,
}

fn chart_kind(path: &Path) -> Result<ChartKind, Error> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(ChartKind::Svg),
        Some("png") => Ok(ChartKind::Png),
        _ => Err(Error::Usage(format!(
            "--chart {}: the file name must end in .svg or .png",
            path.display()
        ))),
    }
}

pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    // Command-line mistakes (exit 2) are found before any data is read.
    if let (Some(from), Some(to)) = (args.from, args.to) {
        date_range(from, to)?;
    }
    let chart = args.chart.as_deref().map(chart_kind).transpose()?;
    let format = table_format(args.output.as_deref(), args.format)?;
    if args.measure.is_some() && chart.is_none() {
        return Err(Error::Usage(
            "--measure chooses what --chart draws: add --chart FILE.svg or FILE.png".into(),
        )
        .into());
    }
    if args.measure == Some(MeasureArg::Area) && args.no_zones {
        return Err(Error::Usage("--measure area needs zones: drop --no-zones".into()).into());
    }

    let (dataset, timeline) = load(&args.data)?;
    // --measure area asks for zones by itself.
    let zones = args.measure == Some(MeasureArg::Area)
        || on_off(args.zones, args.no_zones, dataset.config.zones);
    let range = match (args.from, args.to, timeline.date_range()) {
        (Some(f), Some(t), _) => date_range(f, t)?,
        (f, t, Some((first, last))) => {
            let from = f.unwrap_or(first);
            date_range(from, t.unwrap_or(last.max(from)))?
        }
        _ => {
            return Err(Error::Usage("the data has no events: give --from and --to".into()).into());
        }
    };
    let dates = series_dates(range, args.step, &timeline)?;
    let cells = if zones {
        let options = ZoneOptions::from_config(&dataset.config, args.zone_reach);
        Some(Cells::build(&dataset, &options)?)
    } else {
        None
    };
    let stats = compute(&dataset, &timeline, &dates, cells.as_ref());

    // The chart first: a chart that cannot be drawn leaves no table behind either.
    if let (Some(path), Some(kind)) = (&args.chart, chart) {
        let measure = match args.measure {
            Some(MeasureArg::Places) => Measure::Places,
            Some(MeasureArg::Population) => Measure::Population,
            Some(MeasureArg::Area) => Measure::Area,
            None if zones => Measure::Area,
            None => Measure::Places,
        };
        if measure == Measure::Population && dataset.places.iter().all(|p| p.population.is_none()) {
            return Err(Error::Usage(
                "--measure population: no place in places.geojson has a population".into(),
            )
            .into());
        }
        let svg = chart_svg(&dataset, &stats, measure)?;
        let bytes = match kind {
            ChartKind::Svg => svg.into_bytes(),
            ChartKind::Png => chart_png(&svg)?,
        };
        frontline::output::write_bytes(path, &bytes)?;
        super::wrote(&path.display().to_string());
    }
    write_output(args.output.as_deref(), |out| match format {
        TableFormat::Table => frontline::stats::write_table(out, &dataset, &stats),
        TableFormat::Csv => frontline::stats::write_csv(out, &dataset, &stats),
        TableFormat::Json => frontline::stats::write_json(out, &dataset, &stats),
    })?;
    super::leave((cells, timeline, dataset));
    Ok(ExitCode::SUCCESS)
}
