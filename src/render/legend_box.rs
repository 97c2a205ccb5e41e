//! Where the legend goes and how big it is: worked out once per map for
//! the corner (which does not move between dates), and for every date's
//! legend.

use super::shapes::PlaceShape;
use super::svg::thousands;
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

/// The legend's line for the "changed hands lately" halo.
pub(crate) fn changed_label(days: u32) -> String {
    match days {
        1 => "Changed hands in the last day".to_string(),
        n => format!("Changed hands in the last {n} days"),
    }
}

/// The legend's width and height in pixels: a row per force (`rows`: name
/// and places held; with none, one row says so), the status symbols with
/// the unknown count, and the halo's row if `changed` (its label) is given.
pub(crate) fn legend_size(
    k: f64,
    rows: &[(&str, usize)],
    unknown: usize,
    changed: Option<&str>,
    areas_w: f64,
) -> (f64, f64) {
    // Names on the left, counts in a column of their own on the right:
    // the counts change with every date, the names do not (and a number is
    // read against the others in its column).
    let metrics = Metrics::get();
    let names_w = rows
        .iter()
        .map(|&(name, _)| metrics.width(name, 13.0, false))
        .chain([metrics.width("Unknown", 12.0, false)])
        .fold(0.0, f64::max);
    let counts_w = rows
        .iter()
        .map(|&(_, c)| metrics.width(&thousands(c), 13.0, false))
        .chain([metrics.width(&thousands(unknown), 12.0, false)])
        .fold(0.0, f64::max);
    let text_w = [
        names_w + 14.0 + counts_w + if areas_w > 0.0 { 14.0 + areas_w } else { 0.0 },
        metrics.width(CONTESTED, 12.0, false),
        changed.map_or(0.0, |c| metrics.width(c, 12.0, false)),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    let status_rows = 4 + changed.is_some() as usize;
    let w = (text_w + 46.0) * k;
    let h = (30.0 + ROW * rows.len().max(1) as f64 + 14.0 + ROW * status_rows as f64 + 8.0) * k;
    (w, h)
}

/// The corner whose legend (at its largest: every force, each as if it held
/// every place, and every symbol) hides the fewest places; bottom left when
/// they tie. Chosen once per renderer, so the legend stays put through an
/// animation.
pub(crate) fn choose_corner(
    forces: &[Force],
    places: &[PlaceShape],
    m: Rect,
    k: f64,
    changes_days: Option<u32>,
) -> Corner {
    let count = places.len();
    let rows: Vec<(&str, usize)> = forces.iter().map(|f| (f.name.as_str(), count)).collect();
    let changed = changed_label(changes_days.unwrap_or(30));
    let (w, h) = legend_size(k, &rows, count, Some(&changed), 0.0);
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
