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
