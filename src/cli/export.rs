//! `frontline export`: the state on a date, or the whole timeline, as GeoJSON,
//! with zones when asked.

use super::args::ExportArgs;
use super::out_file::{GEOJSON, check_single};
use super::{load, write_output};
use frontline::export::{write_state, write_state_zones, write_timeline, write_timeline_zones};
use frontline::zones::{Cells, ZoneOptions};
use std::process::ExitCode;

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.output {
        check_single("-o", path, GEOJSON)?;
    }
    let (dataset, timeline) = load(&args.data)?;
    let cells = if args.zones(&dataset.config) {
        let options = ZoneOptions::from_config(&dataset.config, args.zone_reach);
        Some(Cells::build(&dataset, &options)?)
    } else {
        None
    };
    write_output(args.output.as_deref(), |out| {
        match (args.date.filter(|_| !args.timeline), &cells) {
            (Some(date), None) => write_state(out, &dataset, &timeline, date),
            (Some(date), Some(c)) => write_state_zones(out, &dataset, &timeline, c, date),
            (None, None) => write_timeline(out, &dataset, &timeline),
            (None, Some(c)) => write_timeline_zones(out, &dataset, &timeline, c),
        }
    })?;
    super::leave((cells, timeline, dataset));
    Ok(ExitCode::SUCCESS)
}
