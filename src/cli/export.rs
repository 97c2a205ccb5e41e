//! `frontline export`: the state on a date, or the whole timeline, as GeoJSON.

use super::args::ExportArgs;
use super::{load, write_output};
use frontline::export::{write_state, write_timeline};
use std::process::ExitCode;

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let (dataset, timeline) = load(&args.data)?;
    write_output(args.output.as_deref(), |out| match args.date {
        Some(date) if !args.timeline => write_state(out, &dataset, &timeline, date),
        _ => write_timeline(out, &dataset, &timeline),
    })?;
    super::leave((timeline, dataset));
    Ok(ExitCode::SUCCESS)
}
