//! Small helpers for the words of messages and maps.

/// The plural ending of a count in English: `""` for one, `"s"` otherwise.
///
/// ```
/// use frontline::words::plural;
/// assert_eq!(format!("1 place{}", plural(1)), "1 place");
/// assert_eq!(format!("0 place{}", plural(0)), "0 places");
/// ```
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A count and its noun, the noun in the plural unless the count is one:
/// `count(1, "field")` is "1 field", `count(3, "field")` "3 fields". For
/// nouns whose plural is the singular and an `s` (every noun frontline counts).
///
/// ```
/// use frontline::words::count;
/// assert_eq!(count(1, "field"), "1 field");
/// assert_eq!(count(0, "place"), "0 places");
/// assert_eq!(count(12_345, "event"), "12,345 events");
/// ```
pub fn count(n: usize, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n as u64), plural(n))
}

/// A share in whole percent as a map writes it: a share too small to round
/// to 1 % but not nothing is "<1 %", so a force that holds ground never
/// reads as holding none.
///
/// ```
/// use frontline::words::percent;
/// assert_eq!(percent(21.4), "21 %");
/// assert_eq!(percent(0.3), "<1 %");
/// assert_eq!(percent(0.0), "0 %");
/// assert_eq!(percent(-0.0), "0 %");
/// ```
pub fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.5 {
        "<1 %".to_string()
    } else {
        // `+ 0.0` makes a negative zero (no area at all) a plain zero.
        format!("{} %", share.round() + 0.0)
    }
}

/// A number with thousands separators, as maps and tables write counts.
///
/// ```
/// use frontline::words::thousands;
/// assert_eq!(thousands(1234567), "1,234,567");
/// assert_eq!(thousands(999), "999");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number from a user's file, for a message: as written when it is of a
/// sane size, in exponent form when huge or tiny (`1e308` has 309 digits in
/// plain notation), and `NaN`/`inf` as such.
///
/// ```
/// use frontline::words::number;
/// assert_eq!(number(38.25), "38.25");
/// assert_eq!(number(-1e308), "-1e308");
/// assert_eq!(number(1.5e-9), "1.5e-9");
/// assert_eq!(number(0.0), "0");
/// assert_eq!(number(f64::INFINITY), "inf");
/// ```
pub fn number(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}
