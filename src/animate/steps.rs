//! Which dates get a frame: `--from`, `--to` and `--step` (`Nd`, `Nw`, `Nm` or
//! `event`).
//!
//! Monthly steps keep the day of month of the first date, clamped to the end
//! of shorter months (from 31 January: 28 or 29 February, 31 March, 30 April …),
//! as the geopandas peer of docs/performance.md does: the clamping never drifts.

use crate::error::{Error, Result};
use crate::timeline::{DateRange, Timeline};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// The most frames one run may have (about 270 years of daily frames).
pub const MAX_FRAMES: usize = 100_000;

/// How far apart frames are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every N days (`Nd`; `Nw` is 7N days).
    Days(u32),
    /// Every N months, on the day of month of the first date (clamped).
    Months(u32),
    /// One frame per date on which some place's state changed.
    Event,
}

impl FromStr for Step {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Step, String> {
        let t = text.trim().to_ascii_lowercase();
        if t == "event" || t == "events" {
            return Ok(Step::Event);
        }
        let bad =
            || format!("{text:?} is not a step: want Nd, Nw, Nm (such as 1d, 7d, 2w, 1m) or event");
        let unit = t.chars().last().ok_or_else(bad)?;
        let n: u32 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
        if n == 0 || n > 100_000 {
            return Err(bad());
        }
        match unit {
            'd' => Ok(Step::Days(n)),
            'w' => Ok(Step::Days(n * 7)),
            'm' => Ok(Step::Months(n)),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Days(n) => write!(f, "{n}d"),
            Step::Months(n) => write!(f, "{n}m"),
            Step::Event => write!(f, "event"),
        }
    }
}

/// The frame dates of a range: its start, every step after it, and its end
/// (whether or not it falls on a step).
///
/// Errors (usage): more than [`MAX_FRAMES`] frames, or (with `Step::Event`)
/// no change at all in the range.
pub fn frame_dates(range: DateRange, step: Step, timeline: &Timeline) -> Result<Vec<NaiveDate>> {
    let (from, to) = (range.start(), range.end());
    let too_many = || {
        Error::Usage(format!(
            "{from} to {to} by {step} is more than {MAX_FRAMES} frames: choose a longer step"
        ))
    };
    let mut dates = match step {
        Step::Days(n) => {
            let count = (to - from).num_days() as usize / n as usize + 1;
            if count > MAX_FRAMES {
                return Err(too_many());
            }
            (0..count)
                .map(|i| from + Days::new(i as u64 * n as u64))
                .collect()
        }
        Step::Months(n) => {
            let mut dates = Vec::new();
            for i in 0.. {
                match add_months_clamped(from, i * n) {
                    Some(d) if d <= to => dates.push(d),
                    _ => break,
                }
                if dates.len() > MAX_FRAMES {
                    return Err(too_many());
                }
            }
            dates
        }
        Step::Event => {
            let dates: Vec<NaiveDate> = timeline
                .change_dates()
                .into_iter()
                .filter(|d| *d >= from && *d <= to)
                .collect();
            if dates.is_empty() {
                return Err(Error::Usage(format!(
                    "no place changed state from {from} to {to}: a step of one event has no frame to draw"
                )));
            }
            if dates.len() > MAX_FRAMES {
                return Err(too_many());
            }
            dates
        }
    };
    // The range's end always gets a frame, on a step or not: the last map
    // shown must be the state on `--to` (a weekly run ending on 11 November
    // 2022 stopped at the 9th and never showed Kherson retaken).
    if dates.last() != Some(&to) {
        dates.push(to);
        if dates.len() > MAX_FRAMES {
            return Err(too_many());
        }
    }
    Ok(dates)
}

/// `date` plus `months` months, on the same day of month or the month's last day.
fn add_months_clamped(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    let first = date.with_day(1)?.checked_add_months(Months::new(months))?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    first.with_day(date.day().min(last.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn range(from: &str, to: &str) -> DateRange {
        DateRange::new(d(from), d(to)).unwrap()
    }

    fn empty() -> Timeline {
        Timeline::from_events(&[], 0)
    }

    #[test]
    fn parses_steps() {
        assert_eq!("1d".parse(), Ok(Step::Days(1)));
        assert_eq!("30D".parse(), Ok(Step::Days(30)));
        assert_eq!("2w".parse(), Ok(Step::Days(14)));
        assert_eq!("1m".parse(), Ok(Step::Months(1)));
        assert_eq!("event".parse(), Ok(Step::Event));
        for bad in ["", "d", "0d", "1y", "-1d", "1.5d", "7"] {
            assert!(bad.parse::<Step>().is_err(), "{bad}");
        }
    }

    #[test]
    fn daily_and_weekly() {
        let t = empty();
        let days = frame_dates(range("2015-01-30", "2015-02-02"), Step::Days(1), &t).unwrap();
        assert_eq!(days.len(), 4);
        let weeks = frame_dates(range("2015-01-01", "2015-01-29"), Step::Days(7), &t).unwrap();
        assert_eq!(weeks.last(), Some(&d("2015-01-29")));
        assert_eq!(weeks.len(), 5);
        let one = frame_dates(range("2015-01-01", "2015-01-01"), Step::Days(30), &t).unwrap();
        assert_eq!(one, vec![d("2015-01-01")]);
    }

    #[test]
    fn months_keep_the_day_clamped() {
        let t = empty();
        let got = frame_dates(range("2016-01-31", "2016-06-30"), Step::Months(1), &t).unwrap();
        let want: Vec<NaiveDate> = [
            "2016-01-31",
            "2016-02-29",
            "2016-03-31",
            "2016-04-30",
            "2016-05-31",
            "2016-06-30",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        assert_eq!(got, want);
        let q = frame_dates(range("2015-11-30", "2016-05-29"), Step::Months(3), &t).unwrap();
        assert_eq!(q, vec![d("2015-11-30"), d("2016-02-29"), d("2016-05-29")]);
    }

    #[test]
    fn the_end_always_gets_a_frame() {
        let t = empty();
        // Weekly from 3 November 2022: the 10th is a step, the 11th is not.
        let weeks = frame_dates(range("2022-11-03", "2022-11-11"), Step::Days(7), &t).unwrap();
        assert_eq!(
            weeks,
            vec![d("2022-11-03"), d("2022-11-10"), d("2022-11-11")]
        );
        let months = frame_dates(range("2022-09-15", "2022-11-11"), Step::Months(1), &t).unwrap();
        assert_eq!(months.last(), Some(&d("2022-11-11")));
        assert_eq!(months.len(), 3);
        let held = crate::dataset::Event {
            date: d("2022-10-01"),
            place: crate::dataset::PlaceIndex::new(0),
            force: crate::dataset::ForceIndex::new(0),
            kind: crate::dataset::EventKind::Held,
            text: Default::default(),
            file: 0,
            line: 2,
        };
        let changes = Timeline::from_events(&[held], 1);
        let events = frame_dates(range("2022-09-01", "2022-11-11"), Step::Event, &changes).unwrap();
        assert_eq!(events, vec![d("2022-10-01"), d("2022-11-11")]);
    }

    #[test]
    fn bad_ranges() {
        let t = empty();
        assert!(DateRange::new(d("2016-01-02"), d("2016-01-01")).is_err());
        assert!(matches!(
            frame_dates(range("1000-01-01", "2999-01-01"), Step::Days(1), &t),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            frame_dates(range("2016-01-01", "2016-02-01"), Step::Event, &t),
            Err(Error::Usage(_))
        ));
    }
}
