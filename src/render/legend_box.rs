//! Where the legend goes and how big it is: worked out once per map for
//! the corner (which does not move between dates), and for every date's
//! legend.

use super::shapes::PlaceShape;
use super::text::Metrics;
use crate::dataset::Force;
use crate::geometry::Rect;

/// The height of a legend row, in reference pixels.
pub(crate) const ROW: f64 = 22.0;

/// The legend's line for the contested symbol.
pub(crate) const CONTESTED: &str = "Contested (split: holder | challenger)";

/// A corner of the map for the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corner {
    BottomLeft,
    TopLeft,
    TopRight,
    BottomRight,
}

/// The legend's box in a corner (bottom right sits above the scale bar).
pub(crate) fn corner_rect(m: Rect, k: f64, corner: Corner, w: f64, h: f64) -> Rect {
    let pad = 14.0 * k;
    let (left, right) = (m.x + pad, m.x + m.w - pad - w);
    let (top, bottom) = (m.y + pad, m.y + m.h - pad - h);
    match corner {
        Corner::BottomLeft => Rect {
            x: left,
            y: bottom,
            w,
            h,
        },
        Corner::TopLeft => Rect {
            x: left,
            y: top,
            w,
            h,
        },
        Corner::TopRight => Rect {
            x: right,
            y: top,
            w,
            h,
        },
        Corner::BottomRight => Rect {
            x: right,
            y: bottom - 70.0 * k,
            w,
            h,
        },
    }
}

/// The corner whose legend (at its largest: every force, every symbol)
/// hides the fewest places; bottom left when they tie. Chosen once per
/// renderer, so the legend stays put through an animation.
pub(crate) fn choose_corner(forces: &[Force], places: &[PlaceShape], m: Rect, k: f64) -> Corner {
    let metrics = Metrics::get();
    let text_w = forces
        .iter()
        .map(|f| metrics.width(&format!("{} (000)", f.name), 13.0, false))
        .chain([metrics.width("Contested (split: holder | challenger)", 12.0, false)])
        .fold(0.0, f64::max);
    let w = (text_w + 52.0) * k;
    let h = (30.0 + ROW * forces.len() as f64 + 14.0 + ROW * 5.0 + 8.0) * k;
    [
        Corner::BottomLeft,
        Corner::TopLeft,
        Corner::TopRight,
        Corner::BottomRight,
    ]
    .into_iter()
    .min_by_key(|&c| {
        let rect = corner_rect(m, k, c, w, h);
        places
            .iter()
            .filter(|p| p.visible && p.footprint.intersects(&rect))
            .count()
    })
    .unwrap_or(Corner::BottomLeft)
}
