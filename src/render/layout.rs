//! Where things go on the canvas: the title band, the map, the footer.

use super::style::Style;
use crate::geometry::Rect;

/// The canvas cut into bands, top to bottom.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub title: Rect,
    pub map: Rect,
    pub footer: Rect,
}

impl Layout {
    /// The bands of a `w`×`h` canvas; their heights scale with the style.
    pub fn new(w: f64, h: f64, style: &Style) -> Layout {
        let title_h = (74.0 * style.k).round();
        let footer_h = (26.0 * style.k).round();
        Layout {
            title: Rect {
                x: 0.0,
                y: 0.0,
                w,
                h: title_h,
            },
            map: Rect {
                x: 0.0,
                y: title_h,
                w,
                h: h - title_h - footer_h,
            },
            footer: Rect {
                x: 0.0,
                y: h - footer_h,
                w,
                h: footer_h,
            },
        }
    }
}
