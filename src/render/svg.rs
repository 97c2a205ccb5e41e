//! Small helpers to write SVG text: escaping, numbers, path data.

use std::fmt::Write;

/// Escapes text for XML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Refused at load; this is the last guard for text from elsewhere.
            c if crate::dataset::chars::is_refused(c) || c == '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A number with at most 2 decimals, no trailing zeros (compact, exact to 0.01 px).
pub fn num(out: &mut String, v: f64) {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let _ = write!(out, "{r}");
}

/// Formats a number as `num` does.
pub fn n(v: f64) -> String {
    let mut s = String::new();
    num(&mut s, v);
    s
}

/// Appends one closed ring as `M x y L … Z`, dropping points closer than
/// `min_step` pixels to the previous one.
pub fn ring(out: &mut String, points: &[(f64, f64)], min_step: f64, close: bool) {
    let mut last: Option<(f64, f64)> = None;
    let mut count = 0;
    for (i, &(x, y)) in points.iter().enumerate() {
        if !x.is_finite() || !y.is_finite() {
            continue;
        }
        let keep = match last {
            None => true,
            Some((lx, ly)) => i + 1 == points.len() || (x - lx).abs() + (y - ly).abs() >= min_step,
        };
        if !keep {
            continue;
        }
        out.push(if count == 0 { 'M' } else { 'L' });
        num(out, x);
        out.push(' ');
        num(out, y);
        last = Some((x, y));
        count += 1;
    }
    if close && count > 0 {
        out.push('Z');
    }
}

/// A count with thousands separators: `12,345`.
pub(crate) fn thousands(n: usize) -> String {
    crate::words::thousands(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_formats() {
        assert_eq!(
            esc("Tom & \"Jerry\" <x>"),
            "Tom &amp; &quot;Jerry&quot; &lt;x&gt;"
        );
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.234), "1.23");
        assert_eq!(n(-0.001), "0");
        let mut s = String::new();
        ring(
            &mut s,
            &[
                (0.0, 0.0),
                (0.1, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 0.0),
            ],
            0.5,
            true,
        );
        assert_eq!(s, "M0 0L10 0L10 10L0 0Z");
    }
}
