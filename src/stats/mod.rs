//! Stage after timeline and zones: figures of control over time — for every
//! date and force, the places it holds (and how many of them are contested or
//! besieged), the population of those places, and with zones the ground it
//! holds in km² and as a share of the region (docs/stats.md).
//!
//! The figures are counts and sums over the states of each date (and over the
//! zones stage's cell areas), so they agree with `export --date` and the maps
//! of the same date. `formats` writes them as a table, CSV or JSON; `chart`
//! draws one measure over time with plotters; `axis` picks the date ticks.

mod axis;
mod chart;
mod formats;

pub use chart::{chart_png, chart_svg};
pub use formats::{stats_json, write_csv, write_json, write_table};

use crate::animate::{Step, frame_dates};
use crate::dataset::{Dataset, ForceIndex};
use crate::error::Result;
use crate::timeline::{DateRange, Status, Timeline};
use crate::zones::Cells;
use chrono::NaiveDate;

/// One force's figures on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceFigures {
    /// The force.
    pub force: ForceIndex,
    /// Places whose holder it is, whatever their status.
    pub places_held: u32,
    /// Of those, the contested ones.
    pub places_contested: u32,
    /// Of those, the besieged ones.
    pub places_besieged: u32,
    /// The population of the places it holds (places without one add nothing).
    pub population_held: u64,
    /// Ground it holds, km² (with zones): the cells of its places, whatever their status.
    pub area_km2: Option<f64>,
    /// `area_km2` as a percentage of the region's area (with zones).
    pub area_pct: Option<f64>,
}

/// Every force's figures on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct DateFigures {
    /// The date.
    pub date: NaiveDate,
    /// One entry per force, in legend order (forces.csv).
    pub forces: Vec<ForceFigures>,
    /// Places no force holds on this date (no event yet).
    pub places_unknown: u32,
    /// The region's area, km² (with zones).
    pub region_area_km2: Option<f64>,
    /// Ground of the region no force holds, km² (with zones).
    pub unassigned_area_km2: Option<f64>,
}

/// The figures of a series of dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// One entry per date, in date order.
    pub dates: Vec<DateFigures>,
    /// Whether area figures were computed (zones were on).
    pub zones: bool,
}

/// What a chart shows on its y axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Places held.
    Places,
    /// Population of the places held.
    Population,
    /// Ground held, km² (needs zones).
    Area,
}

impl Measure {
    /// The y axis's label.
    pub fn axis_label(self) -> &'static str {
        match self {
            Measure::Places => "Places held",
            Measure::Population => "Population of the places held",
            Measure::Area => "Area held (km²)",
        }
    }

    /// A force's value on a date (`None`: area without zones).
    pub fn value(self, f: &ForceFigures) -> Option<f64> {
        match self {
            Measure::Places => Some(f64::from(f.places_held)),
            Measure::Population => Some(f.population_held as f64),
            Measure::Area => f.area_km2,
        }
    }
}

/// The dates of a series: those of `animate`'s frames for the same range and
/// step, which always end on the range's last day (so the figures of `--to`
/// are always given).
pub fn series_dates(range: DateRange, step: Step, timeline: &Timeline) -> Result<Vec<NaiveDate>> {
    frame_dates(range, step, timeline)
}

/// The figures of every date in `dates` (ascending); areas when `cells` are given.
pub fn compute(
    dataset: &Dataset,
    timeline: &Timeline,
    dates: &[NaiveDate],
    cells: Option<&Cells>,
) -> Stats {
    let dates = dates
        .iter()
        .map(|&date| {
            let states = timeline.states_on(date);
            let mut forces: Vec<ForceFigures> = (0..dataset.forces.len())
                .map(|i| ForceFigures {
                    force: ForceIndex::new(i),
                    places_held: 0,
                    places_contested: 0,
                    places_besieged: 0,
                    population_held: 0,
                    area_km2: cells.map(|_| 0.0),
                    area_pct: cells.map(|_| 0.0),
                })
                .collect();
            let mut places_unknown = 0;
            for (place, state) in dataset.places.iter().zip(&states) {
                let Some(holder) = state.holder else {
                    places_unknown += 1;
                    continue;
                };
                let f = &mut forces[holder.get()];
                f.places_held += 1;
                match state.status {
                    Status::Contested => f.places_contested += 1,
                    Status::Besieged => f.places_besieged += 1,
                    Status::Held | Status::Unknown => {}
                }
                f.population_held += place.population.unwrap_or(0);
            }
            let zones = cells.map(|c| c.zones(&states));
            if let Some(z) = &zones {
                for zone in &z.zones {
                    let f = &mut forces[zone.key.holder.get()];
                    *f.area_km2.get_or_insert(0.0) += zone.area_km2;
                }
                for f in &mut forces {
                    f.area_pct = f.area_km2.map(|a| percent(a, z.region_area_km2));
                }
            }
            DateFigures {
                date,
                forces,
                places_unknown,
                region_area_km2: zones.as_ref().map(|z| z.region_area_km2),
                unassigned_area_km2: zones.as_ref().map(|z| z.unassigned_area_km2),
            }
        })
        .collect();
    Stats {
        dates,
        zones: cells.is_some(),
    }
}

/// `part` as a percentage of `whole` (0 when the whole is empty).
fn percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        100.0 * part / whole
    } else {
        0.0
    }
}
