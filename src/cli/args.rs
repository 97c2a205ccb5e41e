//! The command line, as clap sees it ("low args").

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use frontline::Sources;
use frontline::dataset::bundled_data_dir;
use std::path::PathBuf;

/// frontline: maps of who held what, and when.
#[derive(Debug, Parser)]
#[command(name = "frontline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The state of every place on a date (or every interval) as GeoJSON.
    Export(ExportArgs),
    /// The places whose holder or status changed between two dates.
    Diff(DiffArgs),
    /// Validate a dataset and report every problem at once.
    Check(CheckArgs),
}

/// Which dataset: a folder, with per-file overrides.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Dataset folder [default: the bundled geodata/syria]
    #[arg(long, value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,
    /// places.geojson to use instead of the folder's
    #[arg(long, value_name = "FILE", global = true)]
    pub places: Option<PathBuf>,
    /// events.csv to use instead of the folder's (repeat for several files, applied in order)
    #[arg(long, value_name = "FILE", global = true)]
    pub events: Vec<PathBuf>,
    /// forces.csv to use instead of the folder's
    #[arg(long, value_name = "FILE", global = true)]
    pub forces: Option<PathBuf>,
    /// basemap.geojson to use instead of the folder's
    #[arg(long, value_name = "FILE", global = true)]
    pub basemap: Option<PathBuf>,
}

impl DataArgs {
    /// The dataset's files, overrides applied.
    pub fn sources(&self) -> Sources {
        let mut s = Sources::from_dir(self.data.clone().unwrap_or_else(bundled_data_dir));
        if let Some(p) = &self.places {
            s.places = p.clone();
        }
        if !self.events.is_empty() {
            s.events = self.events.clone();
        }
        if let Some(p) = &self.forces {
            s.forces = p.clone();
        }
        if let Some(p) = &self.basemap {
            s.basemap = Some(p.clone());
        }
        s
    }
}

/// A `YYYY-MM-DD` date on the command line.
pub fn day(text: &str) -> Result<NaiveDate, String> {
    frontline::dataset::dates::parse_day(text)
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["date", "timeline"]))]
pub struct ExportArgs {
    /// The date (YYYY-MM-DD): one Feature per place with its state
    #[arg(long, value_parser = day)]
    pub date: Option<NaiveDate>,
    /// Every place's intervals of unchanged state, with start and end
    #[arg(long)]
    pub timeline: bool,
    /// Output file [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    /// A table for people
    Table,
    /// CSV with a header
    Csv,
    /// A JSON array of objects
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier date (YYYY-MM-DD)
    #[arg(long, value_parser = day)]
    pub from: NaiveDate,
    /// The later date (YYYY-MM-DD)
    #[arg(long, value_parser = day)]
    pub to: NaiveDate,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Output file [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,
}
