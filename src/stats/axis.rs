//! The chart's date axis: plotters' own date coordinates put ticks every N
//! weeks from the first date, so a tick falls on 23 March; a reader expects
//! them on the first of a month, of a quarter or of a year. This coordinate
//! maps dates linearly and offers such ticks, at most [`MAX_TICKS`].

use chrono::{Datelike, Days, Months, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

/// At most this many labelled ticks (a label is about 70 px wide).
pub const MAX_TICKS: usize = 9;

/// How far apart ticks are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Every {
    Days(u32),
    Months(u32),
}

/// Dates from `start` to `end`, with ticks on round dates.
#[derive(Debug, Clone)]
pub struct DateAxis {
    start: NaiveDate,
    end: NaiveDate,
    every: Every,
    ticks: Vec<NaiveDate>,
}

impl DateAxis {
    /// The axis of `from..=to`; a single day is widened by a day each side
    /// so it has a width.
    pub fn new(from: NaiveDate, to: NaiveDate) -> DateAxis {
        let (start, end) = if to > from {
            (from, to)
        } else {
            (from - Days::new(1), from + Days::new(1))
        };
        let choices = [
            Every::Days(1),
            Every::Days(2),
            Every::Days(7),
            Every::Days(14),
            Every::Months(1),
            Every::Months(2),
            Every::Months(3),
            Every::Months(6),
            Every::Months(12),
            Every::Months(24),
            Every::Months(60),
            Every::Months(120),
            Every::Months(600),
        ];
        for every in choices {
            let ticks = ticks(start, end, every);
            if ticks.len() <= MAX_TICKS && !ticks.is_empty() {
                return DateAxis {
                    start,
                    end,
                    every,
                    ticks,
                };
            }
        }
        DateAxis {
            start,
            end,
            every: Every::Months(600),
            ticks: vec![start],
        }
    }

    /// The label of a tick: a month's name, with the year on January and on
    /// the first tick; a year alone when ticks are a year or more apart; a
    /// day and month (with the year on the first tick) when days apart.
    pub fn label(&self, date: &NaiveDate) -> String {
        let first = self.ticks.first() == Some(date);
        match self.every {
            Every::Months(n) if n >= 12 => date.format("%Y").to_string(),
            Every::Months(_) if first || date.month() == 1 => date.format("%b %Y").to_string(),
            Every::Months(_) => date.format("%b").to_string(),
            Every::Days(_) if first || (date.month() == 1 && date.day() <= 14) => {
                date.format("%-d %b %Y").to_string()
            }
            Every::Days(_) => date.format("%-d %b").to_string(),
        }
    }

    /// The ticks, ascending.
    #[cfg(test)]
    fn tick_dates(&self) -> &[NaiveDate] {
        &self.ticks
    }
}

/// The round dates from `start` to `end`: every n-th day counted from
/// `start` (weeks from its Monday on), or the first day of every month whose
/// index since year 0 is a multiple of n (quarters start in January, April…).
fn ticks(start: NaiveDate, end: NaiveDate, every: Every) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    match every {
        Every::Days(n) => {
            let mut d = if n % 7 == 0 {
                let back = start.weekday().num_days_from_monday();
                let monday = start - Days::new(back.into());
                if monday < start {
                    monday + Days::new(7)
                } else {
                    monday
                }
            } else {
                start
            };
            while d <= end && out.len() <= MAX_TICKS {
                out.push(d);
                d = d + Days::new(n.into());
            }
        }
        Every::Months(n) => {
            let Some(mut d) = start.with_day(1) else {
                return out;
            };
            if d < start {
                d = d + Months::new(1);
            }
            while d <= end && out.len() <= MAX_TICKS {
                let index = d.year() as i64 * 12 + d.month0() as i64;
                if index % n as i64 == 0 {
                    out.push(d);
                }
                d = d + Months::new(1);
            }
        }
    }
    out
}

impl Ranged for DateAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = NaiveDate;

    fn map(&self, value: &NaiveDate, limit: (i32, i32)) -> i32 {
        let span = (self.end - self.start).num_days() as f64;
        let at = (*value - self.start).num_days() as f64;
        limit.0 + ((limit.1 - limit.0) as f64 * at / span).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, _hint: H) -> Vec<NaiveDate> {
        self.ticks.clone()
    }

    fn range(&self) -> Range<NaiveDate> {
        self.start..self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn two_years_tick_on_quarters() {
        let a = DateAxis::new(d("2015-01-15"), d("2017-03-01"));
        assert_eq!(a.tick_dates()[0], d("2015-04-01"));
        assert!(
            a.tick_dates()
                .iter()
                .all(|t| t.day() == 1 && t.month0() % 3 == 0)
        );
        assert!(a.tick_dates().len() <= MAX_TICKS);
        assert_eq!(a.label(&d("2015-04-01")), "Apr 2015");
        assert_eq!(a.label(&d("2016-01-01")), "Jan 2016");
        assert_eq!(a.label(&d("2016-04-01")), "Apr");
    }

    #[test]
    fn six_months_tick_monthly_and_decades_yearly() {
        let a = DateAxis::new(d("2017-01-01"), d("2017-06-30"));
        assert_eq!(a.tick_dates().len(), 6);
        let b = DateAxis::new(d("2000-06-01"), d("2020-01-01"));
        assert!(
            b.tick_dates()
                .iter()
                .all(|t| t.month() == 1 && t.day() == 1)
        );
        assert_eq!(
            b.label(&b.tick_dates()[0]),
            b.tick_dates()[0].year().to_string()
        );
    }

    #[test]
    fn one_day_has_a_width() {
        let a = DateAxis::new(d("2017-03-02"), d("2017-03-02"));
        assert_eq!(a.map(&d("2017-03-02"), (0, 100)), 50);
    }
}
