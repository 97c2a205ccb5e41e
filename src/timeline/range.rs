//! A span of dates checked once: commands that take a start and an end
//! (`diff`, `animate`) build a [`DateRange`] and the stages behind them never
//! check the order again.

use crate::error::{Error, Result};
use chrono::NaiveDate;

/// Dates from `start` to `end`, both inclusive; `end` is never before `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateRange {
    /// The range from `start` to `end`; an error when `end` comes first.
    ///
    /// ```
    /// use frontline::timeline::DateRange;
    /// let d = |s: &str| s.parse().unwrap();
    /// assert!(DateRange::new(d("2017-03-02"), d("2017-03-02")).is_ok());
    /// let err = DateRange::new(d("2017-03-02"), d("2017-01-01")).unwrap_err();
    /// assert_eq!(err.to_string(), "the end date 2017-01-01 is before the start date 2017-03-02");
    /// ```
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<DateRange> {
        if end < start {
            return Err(Error::Usage(format!(
                "the end date {end} is before the start date {start}"
            )));
        }
        Ok(DateRange { start, end })
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` lies in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}
