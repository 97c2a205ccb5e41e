//! The scale bar and north arrow, bottom right of the map: part of the base
//! layers, since they do not change with the date.

use super::style::colors;
use super::svg::n;
use crate::geometry::{Projection, Rect};
use std::fmt::Write;

/// The scale bar and north arrow, bottom right of the map. They do not
/// change with the date, so they are part of the base layers.
pub(crate) fn write_scale_bar(out: &mut String, projection: &Projection, m: Rect, k: f64) {
    let (clon, clat) = projection.lonlat(m.x + m.w / 2.0, m.y + m.h / 2.0);
    let km_px = projection.km_per_px(clon, clat);
    if !km_px.is_finite() || km_px <= 0.0 {
        return;
    }
    let target_km = 170.0 * k * km_px;
    let nice = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 150.0, 200.0, 250.0, 500.0, 1000.0, 2000.0,
        5000.0,
    ];
    let km = nice
        .iter()
        .copied()
        .rfind(|&v| v <= target_km)
        .unwrap_or(1.0);
    let len = km / km_px;
    let Rect { x, y, w, h } = scale_bar_rect(m, k);
    let bx = x + w - len - 16.0 * k;
    let by = y + h - 18.0 * k;
    let _ = writeln!(
        out,
        "<g id=\"scale-bar\" font-size=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-linejoin=\"round\" paint-order=\"stroke\">",
        n(11.0 * k),
        colors::INK
    );
    for i in 0..4 {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            n(bx + len * i as f64 / 4.0),
            n(by),
            n(len / 4.0),
            n(5.0 * k),
            if i % 2 == 0 { colors::INK } else { "#ffffff" },
            colors::INK,
            n(0.8 * k)
        );
    }
    let label = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    for (fx, text) in [
        (0.0, "0".to_string()),
        (0.5, label(km / 2.0)),
        (1.0, format!("{} km", label(km))),
    ] {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" stroke-width=\"{}\">{}</text>",
            n(bx + len * fx),
            n(by - 4.0 * k),
            n(2.5 * k),
            text
        );
    }
    // North arrow, right of the bar: north is up along the central meridian.
    let ax = x + w - 6.0 * k;
    let ay = by - 26.0 * k;
    let _ = writeln!(
        out,
        "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{}\" stroke=\"none\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\" stroke-width=\"{}\">N</text>",
        n(ax),
        n(ay),
        n(ax + 5.0 * k),
        n(ay + 16.0 * k),
        n(ax),
        n(ay + 12.0 * k),
        n(ax - 5.0 * k),
        n(ay + 16.0 * k),
        colors::INK,
        n(ax),
        n(ay - 3.0 * k),
        n(2.5 * k)
    );
    out.push_str("</g>\n");
}

/// Where the scale bar goes.
pub(crate) fn scale_bar_rect(m: Rect, k: f64) -> Rect {
    Rect {
        x: m.x + m.w - 250.0 * k,
        y: m.y + m.h - 70.0 * k,
        w: 236.0 * k,
        h: 60.0 * k,
    }
}
