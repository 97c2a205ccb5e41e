//! Event dates: `YYYY-MM-DD`, or the coarser `YYYY-MM` and `YYYY` (docs/data-format.md, "Dates").

use chrono::NaiveDate;

/// Parses an event date. Coarse dates take effect on the first day of their
/// month or year. Impossible dates (`2014-02-30`) are errors.
///
/// ```
/// use frontline::dataset::dates::parse_date;
/// use chrono::NaiveDate;
/// assert_eq!(parse_date("2016-03"), Ok(NaiveDate::from_ymd_opt(2016, 3, 1).unwrap()));
/// assert!(parse_date("2014-02-30").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the date is empty".to_string());
    }
    let bad = || format!("bad date {t:?} (want YYYY-MM-DD, YYYY-MM or YYYY)");
    let parts: Vec<&str> = t.split('-').collect();
    let widths_ok = match parts.as_slice() {
        [y] => y.len() == 4,
        [y, m] => y.len() == 4 && m.len() == 2,
        [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
        _ => false,
    };
    if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let year: i32 = parts[0].parse().map_err(|_| bad())?;
    let month: u32 = parts
        .get(1)
        .map_or(Ok(1), |m| m.parse())
        .map_err(|_| bad())?;
    let day: u32 = parts
        .get(2)
        .map_or(Ok(1), |d| d.parse())
        .map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{t:?} is not a date in the calendar"))
}

/// The date of text that is exactly `YYYY-MM-DD` (no space) and a day of
/// the calendar; `None` for anything else, which [`parse_date`] then
/// judges. Most event dates have this form: this skips its allocation.
pub fn parse_ymd(text: &str) -> Option<NaiveDate> {
    let b: &[u8; 10] = text.as_bytes().try_into().ok()?;
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// Parses a date given on the command line (`--date`, `--from`, `--to`).
/// It takes the forms of event dates with the same meaning, so `--date 2017`
/// is the day a `2017` event takes effect, 1 January 2017 (issue 12: a
/// user who writes dates as `YYYY` in events.csv writes them so here too).
/// The message names the forms and what the short ones mean.
///
/// ```
/// use frontline::dataset::dates::parse_day;
/// assert_eq!(parse_day("2017").unwrap().to_string(), "2017-01-01");
/// assert!(parse_day("2017/03").unwrap_err().contains("YYYY-MM-DD, YYYY-MM or YYYY"));
/// ```
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|e| {
        format!("{e}; YYYY-MM and YYYY mean the first day of the month or year, as in events.csv")
    })
}

/// Writes a date for people: `2 March 2017`.
pub fn human(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn coarse_dates_start_their_period() {
        assert_eq!(parse_date("2016"), Ok(d(2016, 1, 1)));
        assert_eq!(parse_date(" 2016-07 "), Ok(d(2016, 7, 1)));
        assert_eq!(parse_date("2017-03-02"), Ok(d(2017, 3, 2)));
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "",
            "17-03-02",
            "2017/03/02",
            "2017-3-2",
            "2017-13",
            "2017-02-29",
            "2017-03-02T00",
            "+2017",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(parse_day("2016"), Ok(d(2016, 1, 1)));
        assert_eq!(parse_day("2016-02"), Ok(d(2016, 2, 1)));
        let e = parse_day("2016-2").unwrap_err();
        assert!(e.contains("(want YYYY-MM-DD, YYYY-MM or YYYY)"), "{e}");
        for bad in [
            "2017-02-29",
            "2017-3-02",
            " 2017-03-2",
            "2017-03-0a",
            "2017+03-02",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad:?} accepted");
        }
        assert_eq!(parse_ymd("2017-03-02"), Some(d(2017, 3, 2)));
        assert_eq!(parse_ymd("0000-01-01"), parse_date("0000-01-01").ok());
        assert_eq!(human(d(2017, 3, 2)), "2 March 2017");
    }
}
