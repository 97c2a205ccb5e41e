//! Fonts embedded in the binary (DejaVu Sans, regular and bold) and text
//! measurement, so a machine without any system font draws the same labels.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use std::sync::{Arc, OnceLock};

/// The family name every text element uses.
pub const FAMILY: &str = "DejaVu Sans";

/// Regular and bold DejaVu Sans.
pub fn font_data() -> [&'static [u8]; 2] {
    [dejavu::sans::regular(), dejavu::sans::bold()]
}

/// A font database holding only the embedded fonts, shared by every render.
pub fn fontdb() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        for data in font_data() {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Advance widths of the embedded fonts, for label placement.
pub struct Metrics {
    widths: [Vec<f32>; 2],
    upem: [f32; 2],
    fallback: [f32; 2],
}

impl Metrics {
    /// The metrics of the embedded fonts (built once).
    pub fn get() -> &'static Metrics {
        static M: OnceLock<Metrics> = OnceLock::new();
        M.get_or_init(|| {
            let mut widths: [Vec<f32>; 2] = [Vec::new(), Vec::new()];
            let mut upem = [2048.0; 2];
            let mut fallback = [1200.0; 2];
            for (i, data) in font_data().iter().enumerate() {
                if let Ok(font) = FontRef::new(data) {
                    let gm = font.glyph_metrics(Size::unscaled(), LocationRef::default());
                    let charmap = font.charmap();
                    upem[i] = font
                        .head()
                        .map(|h| h.units_per_em() as f32)
                        .unwrap_or(2048.0);
                    // Latin, Latin Extended, and the punctuation names use.
                    widths[i] = (0u32..0x3000)
                        .map(|c| {
                            char::from_u32(c)
                                .and_then(|ch| charmap.map(ch))
                                .and_then(|g| gm.advance_width(g))
                                .unwrap_or(-1.0)
                        })
                        .collect();
                    fallback[i] = widths[i].get('n' as usize).copied().unwrap_or(1200.0);
                }
            }
            Metrics {
                widths,
                upem,
                fallback,
            }
        })
    }

    /// The width in pixels of `text` at `size` px, bold or not.
    pub fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let i = bold as usize;
        let units: f32 = text
            .chars()
            .map(|c| match self.widths[i].get(c as usize) {
                Some(&w) if w >= 0.0 => w,
                _ => self.fallback[i],
            })
            .sum();
        units as f64 / self.upem[i] as f64 * size
    }
}

use skrifa::raw::TableProvider;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider() {
        let m = Metrics::get();
        let a = m.width("Palmyra", 12.0, false);
        assert!(a > 30.0 && a < 70.0, "{a}");
        assert!(m.width("Palmyra", 12.0, true) > a);
        assert!(m.width("Palmyra", 24.0, false) > 1.9 * a);
        assert!(m.width("Deir ez-Zor", 12.0, false) > a);
    }
}
