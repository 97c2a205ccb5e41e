//! The command line, as clap sees it ("low args").

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use frontline::Sources;
use frontline::dataset::bundled_data_dir;
use std::path::PathBuf;

/// frontline: maps of who held what, and when.
#[derive(Debug, Parser)]
#[command(name = "frontline", version, about, long_about = None, after_help = TOP_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Say nothing about the work: no progress, no summary, no "wrote FILE"
    /// (warnings and errors are still said)
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Under the top-level help: the default dataset, and where to start.
const TOP_HELP: &str = "\
Every command reads the bundled dataset, geodata/syria (Syria and Iraq, 2012 to 2019), unless
--data DIR names another: `frontline render --date 2017-03-02` draws a map at once.

Examples:
  frontline render --date 2017-03-02                       # output/syria-2017-03-02.png
  frontline diff --from 2016-12-01 --to 2017-03-02 --all
  frontline init my-war --countries UA                     # a dataset of your own";

// One line of examples under each command's help (issue 12): what a first
// run looks like, on the bundled dataset unless the command needs files.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The map of one date, as PNG or SVG.
    #[command(after_help = "Examples:\n  \
        frontline render --date 2017-03-02\n  \
        frontline render --date 2016-03 --changes 30d -o palmyra.svg\n  \
        frontline render --data my-war --date 2022-04-01 --zones --scale 2")]
    Render(RenderArgs),
    /// The state of every place on a date (or every interval) as GeoJSON.
    #[command(after_help = "Examples:\n  \
        frontline export --date 2017-03-02 -o syria-2017-03-02.geojson\n  \
        frontline export --timeline --zones -o timeline.geojson")]
    Export(ExportArgs),
    /// The places whose holder or status changed between two dates.
    #[command(after_help = "Examples:\n  \
        frontline diff --from 2016-12-01 --to 2017-03-02\n  \
        frontline diff --from 2016 --to 2017 --all -o changes.csv")]
    Diff(DiffArgs),
    /// Validate a dataset and report every problem at once.
    #[command(after_help = "Examples:\n  \
        frontline check --data my-war\n  \
        frontline check --data my-war --events new-events.csv")]
    Check(CheckArgs),
    /// One map per step over a date range: frame files, an animated GIF, APNG
    /// or MP4, and an offline HTML viewer with a time slider.
    #[command(after_help = "Examples:\n  \
        frontline animate --from 2015 --to 2017-03-02 --step 1m --no-frames --html war.html\n  \
        frontline animate --step event --gif war.gif --width 800 --height 600")]
    Animate(AnimateArgs),
    /// Convert someone else's data into frontline events (ACLED CSV exports).
    #[command(after_help = "Examples:\n  \
        frontline import acled acled-export.csv --data my-war -o my-war/events.csv\n  \
        frontline import acled 2023.csv 2024.csv --data my-war --actor-map actors.csv --clashes")]
    Import(ImportArgs),
    /// Start a dataset: forces.csv, events.csv (two example rows) and
    /// frontline.toml, which `render` draws at once on the world basemap.
    #[command(after_help = "Examples:\n  \
        frontline init my-war --countries UA,RU --title \"Southern Ukraine, 2022\"")]
    Init(InitArgs),
    /// Write the dataset's places, those found in the gazetteer included, as a
    /// places.geojson to keep and edit.
    #[command(after_help = "Examples:\n  \
        frontline places --data my-war\n  \
        frontline places -o syria-places.geojson")]
    Places(PlacesArgs),
    /// Figures of control over time: places, population and area held by each force, and a chart.
    #[command(after_help = "Examples:\n  \
        frontline stats --from 2015 --to 2017-03-02 --step 1m\n  \
        frontline stats --zones --chart area.png -o figures.csv")]
    Stats(StatsArgs),
    /// (For developers) Write a deterministic synthetic dataset, for benchmarks.
    #[command(hide = true)]
    Synthetic(SyntheticArgs),
}

/// `frontline synthetic --out DIR` (hidden): see `frontline::synthetic`.
#[derive(Debug, Args)]
pub struct SyntheticArgs {
    /// Folder to write places.geojson, forces.csv, events.csv and basemap.geojson into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Places in all
    #[arg(long, default_value_t = 5_000)]
    pub places: usize,
    /// Events in all (at least one per place)
    #[arg(long, default_value_t = 100_000)]
    pub events: usize,
    /// Forces, 2 to 10
    #[arg(long, default_value_t = 5)]
    pub forces: usize,
    /// How many places are small polygons
    #[arg(long, default_value_t = 200)]
    pub polygons: usize,
    /// The same seed gives the same files
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Which dataset: a folder, with per-file overrides.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Dataset folder [default: the bundled geodata/syria]
    #[arg(long, value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,
    /// Places file to use instead of the folder's places.geojson: GeoJSON, GeoPackage (.gpkg), Shapefile (.shp) or FlatGeobuf (.fgb)
    #[arg(long, value_name = "FILE", global = true)]
    pub places: Option<PathBuf>,
    /// The places file's property that holds each place's id [default: the Feature id, else "id"]
    #[arg(long, value_name = "FIELD", global = true)]
    pub id_field: Option<String>,
    /// The places file's property that holds each place's name [default: "name"]
    #[arg(long, value_name = "FIELD", global = true)]
    pub name_field: Option<String>,
    /// The feature table of a --places GeoPackage that holds several
    #[arg(long, value_name = "TABLE", global = true)]
    pub places_layer: Option<String>,
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
    fn place_fields(&self) -> frontline::dataset::PlaceFields {
        frontline::dataset::PlaceFields {
            id: self.id_field.clone(),
            name: self.name_field.clone(),
            layer: self.places_layer.clone(),
        }
    }

    /// The dataset's files, overrides applied.
    pub fn sources(&self) -> Sources {
        // All three required files named, and no folder: a dataset of its
        // own, which takes nothing (settings, basemap) from the bundled one.
        if let (None, Some(places), Some(forces), false) = (
            &self.data,
            &self.places,
            &self.forces,
            self.events.is_empty(),
        ) {
            let dir = places
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."))
                .to_path_buf();
            return Sources {
                dir,
                places: places.clone(),
                forces: forces.clone(),
                events: self.events.clone(),
                basemap: self.basemap.clone(),
                config: None,
                place_fields: self.place_fields(),
            };
        }
        let mut s = Sources::from_dir(self.data.clone().unwrap_or_else(bundled_data_dir));
        if let Some(p) = &self.places {
            s.places = p.clone();
        }
        s.place_fields = self.place_fields();
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

/// A date on the command line: `YYYY-MM-DD`, or `YYYY-MM` and `YYYY` for
/// the first day of the month or year (as event dates).
pub fn day(text: &str) -> Result<NaiveDate, String> {
    frontline::dataset::dates::parse_day(text)
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["date", "timeline"]))]
pub struct ExportArgs {
    /// The date (YYYY-MM-DD, YYYY-MM or YYYY: the first day): one Feature per place with its state
    #[arg(long, value_parser = day)]
    pub date: Option<NaiveDate>,
    /// Every place's intervals of unchanged state, with start and end
    #[arg(long)]
    pub timeline: bool,
    /// Add areas of control and front lines (with --date), or each place's cell (with --timeline) [default: frontline.toml's zones]
    #[arg(long, overrides_with = "no_zones")]
    pub zones: bool,
    /// No zones, even if frontline.toml says zones = true
    #[arg(long, overrides_with = "zones")]
    pub no_zones: bool,
    /// How far each place's zone reaches, km, the same for all [default: frontline.toml's zone_reach_km, else adaptive, 25-80 km]
    #[arg(long, value_name = "KM", value_parser = reach_km, allow_hyphen_values = true)]
    pub zone_reach: Option<f64>,
    /// File format [default: from the -o file's extension, else geojson]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Output file [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

/// `export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A GeoJSON FeatureCollection (.geojson, .json)
    Geojson,
    /// GeoJSON Lines: one Feature per line (.geojsonl, .geojsons, .jsonl, .ndjson)
    Geojsonl,
    /// OGC GeoPackage (.gpkg); needs -o FILE
    Gpkg,
    /// FlatGeobuf (.fgb)
    Fgb,
    /// GeoParquet 1.0 (.parquet, .geoparquet)
    Parquet,
}

impl From<ExportFormat> for frontline::export::Format {
    fn from(f: ExportFormat) -> Self {
        use frontline::export::Format;
        match f {
            ExportFormat::Geojson => Format::GeoJson,
            ExportFormat::Geojsonl => Format::GeoJsonLines,
            ExportFormat::Gpkg => Format::GeoPackage,
            ExportFormat::Fgb => Format::FlatGeobuf,
            ExportFormat::Parquet => Format::GeoParquet,
        }
    }
}

impl ExportArgs {
    /// Whether to export zones: the flags, else the dataset's `zones` setting.
    pub fn zones(&self, config: &frontline::dataset::Config) -> bool {
        on_off(self.zones, self.no_zones, config.zones)
    }
}

/// The formats of `diff` and `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// An aligned table for people
    Table,
    /// CSV with a header
    Csv,
    /// JSON
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier date (YYYY-MM-DD, YYYY-MM or YYYY: the first day)
    #[arg(long, value_parser = day)]
    pub from: NaiveDate,
    /// The later date (YYYY-MM-DD, YYYY-MM or YYYY: the first day)
    #[arg(long, value_parser = day)]
    pub to: NaiveDate,
    /// Also list places that changed and changed back between the two dates
    #[arg(long)]
    pub all: bool,
    /// Output format [default: from the -o extension (.txt, .csv, .json), else table]
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
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
    /// Treat warnings as errors: exit 1 if there is any (for a data repository's CI)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// PNG image (rasterised SVG)
    Png,
    /// SVG document, one group per layer
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaletteArg {
    /// The colours of forces.csv
    Dataset,
    /// Eight colours that stay apart with deuteranopia and protanopia (in legend order)
    Colorblind,
}

/// How the map looks: shared by render and animate.
#[derive(Debug, Clone, Args)]
pub struct LookArgs {
    /// Width in pixels
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Height in pixels
    #[arg(long, default_value_t = 1200)]
    pub height: u32,
    /// Device pixels per pixel for PNG (2 for high-DPI screens and print)
    #[arg(long, default_value_t = 1.0, value_parser = scale)]
    pub scale: f32,
    /// Map extent: minlon,minlat,maxlon,maxlat [default: frontline.toml's bbox, else the places' bounds]
    #[arg(long, value_parser = bbox, allow_hyphen_values = true)]
    pub bbox: Option<[f64; 4]>,
    /// Draw no place labels
    #[arg(long)]
    pub no_labels: bool,
    /// Force colours
    #[arg(long, value_enum, default_value_t = PaletteArg::Dataset)]
    pub palette: PaletteArg,
    /// Highlight places that changed hands in this many days before the date (e.g. 30d, 4w)
    #[arg(long, value_parser = days, value_name = "DAYS")]
    pub changes: Option<u32>,
    /// Draw areas of control and front lines [default: frontline.toml's `zones`]
    #[arg(long, overrides_with = "no_zones")]
    pub zones: bool,
    /// Draw no areas of control (overrides `zones = true` in frontline.toml)
    #[arg(long, overrides_with = "zones")]
    pub no_zones: bool,
    /// How far a place's zone reaches, km [default: frontline.toml's zone_reach_km, else adaptive]
    #[arg(long, value_parser = reach_km, value_name = "KM", allow_hyphen_values = true)]
    pub zone_reach: Option<f64>,
}

impl LookArgs {
    /// The PNG's size in device pixels, or why it cannot be drawn (exit 2).
    pub fn device_size(&self) -> Result<(u32, u32), frontline::Error> {
        frontline::render::raster::device_size(self.width, self.height, self.scale)
    }

    /// The render options, with the dataset's defaults (`zones`, `zone_reach_km`).
    pub fn options(&self, config: &frontline::dataset::Config) -> frontline::render::RenderOptions {
        let zones = on_off(self.zones, self.no_zones, config.zones)
            .then(|| frontline::zones::ZoneOptions::from_config(config, self.zone_reach));
        frontline::render::RenderOptions {
            width: self.width,
            height: self.height,
            bbox: self.bbox,
            labels: !self.no_labels,
            palette: match self.palette {
                PaletteArg::Dataset => frontline::render::Palette::Dataset,
                PaletteArg::Colorblind => frontline::render::Palette::Colorblind,
            },
            changes_days: self.changes,
            zones,
        }
    }
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The date (YYYY-MM-DD, YYYY-MM or YYYY: the first day)
    #[arg(long, value_parser = day)]
    pub date: NaiveDate,
    /// Image format [default: from the -o extension (.png, .svg), else png]
    #[arg(long, value_enum)]
    pub format: Option<ImageFormat>,
    /// Output file [default: output/<dataset>-<date>.<format>]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub data: DataArgs,
}

/// `minlon,minlat,maxlon,maxlat`.
/// `--scale`: at least 0.1 (below, a map shrinks to a few pixels: a useless
/// image, not a map) and at most 8 (a 1600×1200 map at 8 is 123 million pixels).
use frontline::render::raster::MIN_SCALE;

fn scale(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(s) if (MIN_SCALE..=8.0).contains(&s) => Ok(s),
        _ => Err(format!(
            "{text:?} is not a scale: want a number at least 0.1 and at most 8"
        )),
    }
}

fn bbox(text: &str) -> Result<[f64; 4], String> {
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| {
            p.trim()
                .parse::<f64>()
                .map_err(|_| format!("{p:?} is not a number"))
        })
        .collect::<Result<_, _>>()?;
    let b: [f64; 4] = parts
        .try_into()
        .map_err(|_| "want four numbers: minlon,minlat,maxlon,maxlat".to_string())?;
    frontline::dataset::config::check_bbox(b)?;
    Ok(b)
}

/// `30d`, `4w` or a plain number of days.
fn days(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let (num, mult) = match t.strip_suffix('d') {
        Some(n) => (n, 1),
        None => match t.strip_suffix('w') {
            Some(n) => (n, 7),
            None => (t, 1),
        },
    };
    match num.parse::<u32>() {
        Ok(n) if n > 0 && n <= 100_000 => Ok(n * mult),
        _ => Err(format!("{t:?} is not a number of days (e.g. 30d or 4w)")),
    }
}

/// `frontline animate`.
#[derive(Debug, Args)]
pub struct AnimateArgs {
    /// First date (YYYY-MM-DD, YYYY-MM or YYYY: the first day) [default: the first date on which a state changes]
    #[arg(long, value_parser = day)]
    pub from: Option<NaiveDate>,
    /// Last date (YYYY-MM-DD, YYYY-MM or YYYY: the first day), always drawn even off a step [default: the last date on which a state changes]
    #[arg(long, value_parser = day)]
    pub to: Option<NaiveDate>,
    /// Time between frames: Nd, Nw or Nm (1d, 7d, 2w, 1m; months keep the day of
    /// month of --from, clamped to shorter months), or `event` (one frame per
    /// date on which some place's state changed)
    #[arg(long, default_value = "7d", value_parser = |s: &str| s.parse::<frontline::animate::Step>())]
    pub step: frontline::animate::Step,
    /// Folder of the frames, named by date (2017-03-02.png) [default: output/<dataset>-frames]
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Format of the frame files
    #[arg(long, value_enum, default_value_t = ImageFormat::Png)]
    pub format: ImageFormat,
    /// Write no frame files, only --gif, --apng, --mp4 or --html
    #[arg(long)]
    pub no_frames: bool,
    /// Leave frame files that already exist and are complete; draw the rest
    #[arg(long)]
    pub resume: bool,
    /// Draw only every N-th frame, starting with the K-th (K/N, e.g. 2/4), so
    /// N machines share one animation; join them with --from-frames
    #[arg(long, value_name = "K/N", value_parser = shard)]
    pub shard: Option<(usize, usize)>,
    /// Make --gif, --apng, --mp4 or --html from the PNG frames already in DIR
    /// (e.g. drawn by --shard runs) instead of drawing them
    #[arg(long, value_name = "DIR")]
    pub from_frames: Option<PathBuf>,
    /// Also write a looping animated GIF
    #[arg(long, value_name = "FILE")]
    pub gif: Option<PathBuf>,
    /// Also write a looping animated PNG (full colour)
    #[arg(long, value_name = "FILE")]
    pub apng: Option<PathBuf>,
    /// Also write an MP4 video (H.264; needs ffmpeg on the PATH)
    #[arg(long, value_name = "FILE")]
    pub mp4: Option<PathBuf>,
    /// Also write a self-contained HTML viewer (works offline): slider, play, arrow keys
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// How long each frame is shown in the animations and the viewer (e.g. 500ms, 0.5s)
    #[arg(long, default_value = "500ms", value_parser = millis, value_name = "TIME")]
    pub delay: u32,
    /// How long the last frame is held before the animation loops
    #[arg(long, default_value = "2.5s", value_parser = millis, value_name = "TIME")]
    pub hold: u32,
    /// Threads to draw with, 1 to 256 [default: one per core]
    #[arg(short, long, value_name = "N", value_parser = jobs)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub data: DataArgs,
}

/// The most threads `--jobs` may ask for. Drawing is bound by the cores, so
/// threads beyond them only cost memory (each worker keeps a canvas of the
/// map's size); 256 is above the cores of any machine this runs on, and a
/// fixed bound lets a script behave the same on every machine.
pub const MAX_JOBS: usize = 256;

/// `--jobs`: 1 to [`MAX_JOBS`].
fn jobs(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_JOBS).contains(&n) => Ok(n),
        _ => Err(format!(
            "{text:?} is not a number of threads from 1 to {MAX_JOBS}"
        )),
    }
}

/// `K/N`: the K-th of N shards, 1 ≤ K ≤ N ≤ 10,000.
fn shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("{text:?} is not a shard K/N with 1 ≤ K ≤ N (e.g. 1/4)");
    let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
    let (k, n) = (
        k.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if k == 0 || k > n || n > 10_000 {
        return Err(bad());
    }
    Ok((k, n))
}

/// `500ms`, `0.5s`, `2s` or a plain number of milliseconds.
fn millis(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let bad = || format!("{t:?} is not a duration (e.g. 500ms or 0.5s)");
    let ms = if let Some(n) = t.strip_suffix("ms") {
        n.trim().parse::<f64>().map_err(|_| bad())?
    } else if let Some(n) = t.strip_suffix('s') {
        n.trim().parse::<f64>().map_err(|_| bad())? * 1000.0
    } else {
        t.parse::<f64>().map_err(|_| bad())?
    };
    if !(10.0..=600_000.0).contains(&ms) {
        return Err(format!("{t:?}: want 10ms to 10 minutes"));
    }
    Ok(ms.round() as u32)
}

/// A `--x` / `--no-x` pair (the later one wins, clap sees to that) over a default.
pub fn on_off(on: bool, off: bool, default: bool) -> bool {
    if on {
        true
    } else if off {
        false
    } else {
        default
    }
}

/// `--zone-reach`: kilometres, more than 0 and at most 1000 (as frontline.toml's `zone_reach_km`).
pub fn reach_km(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(km) if km > 0.0 && km <= 1000.0 => Ok(km),
        _ => Err(format!(
            "{text:?} is not a reach: want kilometres, more than 0 and at most 1000"
        )),
    }
}

/// `frontline import acled FILE...`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the files are (only `acled` for now)
    #[arg(value_parser = ["acled"])]
    pub source: String,
    /// ACLED CSV exports (current or pre-2023 layout), read in order
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The events file to write; when it exists, only rows whose ACLED id it lacks are appended
    #[arg(short, long, value_name = "FILE", default_value = "events.csv")]
    pub output: PathBuf,
    /// GeoJSON of the places the import had to create [default: acled-places.geojson beside -o]
    #[arg(long, value_name = "FILE")]
    pub places_out: Option<PathBuf>,
    /// CSV `actor,force`: ACLED actor names to the dataset's forces (wins over every rule)
    #[arg(long, value_name = "FILE")]
    pub actor_map: Option<PathBuf>,
    /// Snap a location to the nearest place within this many km
    #[arg(long, default_value_t = 5.0, value_name = "KM")]
    pub snap_km: f64,
    /// Rows that could not be imported, with the reason [default: <-o stem>-review.csv beside -o]
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// Also import "Armed clash" rows, as `contested` events
    #[arg(long)]
    pub clashes: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasureArg {
    /// Places held
    Places,
    /// Population of the places held
    Population,
    /// Area held, km² (needs zones)
    Area,
}

/// `frontline stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// First date (YYYY-MM-DD, YYYY-MM or YYYY: the first day) [default: the first date on which a state changes]
    #[arg(long, value_parser = day)]
    pub from: Option<NaiveDate>,
    /// Last date (YYYY-MM-DD, YYYY-MM or YYYY: the first day), always included [default: the last date on which a state changes]
    #[arg(long, value_parser = day)]
    pub to: Option<NaiveDate>,
    /// Time between dates: Nd, Nw, Nm or `event`, as animate's --step
    #[arg(long, default_value = "1m", value_parser = |s: &str| s.parse::<frontline::animate::Step>())]
    pub step: frontline::animate::Step,
    /// Output format [default: from the -o extension (.txt, .csv, .json), else table]
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    /// Add area held and share of the region [default: frontline.toml's zones]
    #[arg(long, overrides_with = "no_zones")]
    pub zones: bool,
    /// No area figures, even if frontline.toml says zones = true
    #[arg(long, overrides_with = "zones")]
    pub no_zones: bool,
    /// How far each place's zone reaches, km [default: frontline.toml's zone_reach_km, else adaptive]
    #[arg(long, value_name = "KM", value_parser = reach_km, allow_hyphen_values = true)]
    pub zone_reach: Option<f64>,
    /// Also draw a chart of one measure over time (.svg or .png)
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// What the chart shows [default: area with zones, else places]
    #[arg(long, value_enum)]
    pub measure: Option<MeasureArg>,
    /// Output file [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The folder to create (or an empty one)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The countries the dataset is about, ISO 3166-1 alpha-2 codes (UA or UA,RU)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub countries: Vec<String>,
    /// The map's title [default: the folder's name]
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct PlacesArgs {
    /// The file to write [default: places.geojson in the dataset folder, when it has none]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}
