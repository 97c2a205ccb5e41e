//! Colours, parsed once when a dataset loads: the renderer, the viewer and
//! the exports never read `#rrggbb` text again.

use std::fmt;
use std::str::FromStr;

/// An opaque sRGB colour, written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, green, blue.
    pub rgb: [u8; 3],
}

impl Color {
    /// Parses `#rrggbb` (either case); `None` for anything else.
    ///
    /// ```
    /// use frontline::dataset::Color;
    /// assert_eq!(Color::parse("#FF8000").map(|c| c.rgb), Some([255, 128, 0]));
    /// assert_eq!(Color::parse("ff8000"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Color> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Color {
            rgb: [byte(0)?, byte(2)?, byte(4)?],
        })
    }

    /// A colour known when the program is written (the map's paper and ink).
    ///
    /// Panics at compile time (in a `const`) on a malformed literal.
    pub const fn hex(text: &str) -> Color {
        let b = text.as_bytes();
        assert!(b.len() == 7 && b[0] == b'#', "colour literals are #rrggbb");
        const fn digit(c: u8) -> u8 {
            match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => panic!("not a hex digit"),
            }
        }
        Color {
            rgb: [
                digit(b[1]) * 16 + digit(b[2]),
                digit(b[3]) * 16 + digit(b[4]),
                digit(b[5]) * 16 + digit(b[6]),
            ],
        }
    }
}

impl Color {
    /// This colour laid over `ground` at `opacity` (0–1), as one opaque
    /// colour: what a translucent fill looks like on that ground, without
    /// the darker seams where two translucent shapes overlap.
    ///
    /// ```
    /// use frontline::dataset::Color;
    /// let red = Color::hex("#ff0000");
    /// assert_eq!(red.over(Color::hex("#ffffff"), 0.5), Color::hex("#ff8080"));
    /// ```
    pub fn over(self, ground: Color, opacity: f64) -> Color {
        let t = opacity.clamp(0.0, 1.0);
        let mut rgb = [0u8; 3];
        for (i, c) in rgb.iter_mut().enumerate() {
            let (a, b) = (self.rgb[i] as f64, ground.rgb[i] as f64);
            *c = (a * t + b * (1.0 - t)).round() as u8;
        }
        Color { rgb }
    }
}

/// `#rrggbb` in lower case, as the maps and exports write it.
impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.rgb;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl FromStr for Color {
    type Err = String;

    fn from_str(text: &str) -> Result<Color, String> {
        Color::parse(text).ok_or_else(|| format!("color {text:?} is not #rrggbb"))
    }
}

impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::Color;

    #[test]
    fn parses_and_writes_rrggbb() {
        assert_eq!(Color::parse("#ff8000").map(|c| c.rgb), Some([255, 128, 0]));
        assert_eq!(
            Color::parse("#FF8000").map(|c| c.to_string()),
            Some("#ff8000".into())
        );
        for bad in ["ff8000", "#ff800", "#gg8000", "#ff80000", "", "#"] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
        assert_eq!(Color::hex("#0A0b0C").rgb, [10, 11, 12]);
    }
}
