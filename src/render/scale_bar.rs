//! The scale bar and north arrow, bottom right of the map: part of the base
//! layers, since they do not change with the date.
//!
//! They are laid out from the right: the arrow in the corner, then the bar
//! with its end label ("100 km") measured so that it ends a gap short of the
//! arrow, whatever the canvas size and scale (it used to run into it).

use super::style::colors;
use super::svg::n;
use super::text::Metrics;
use crate::geometry::{Projection, Rect};
use std::fmt::Write;

/// Font size of the scale's figures and of the "N", at scale 1.
const FONT: f64 = 11.0;

/// The scale bar's parts on the canvas.
#[derive(Debug, Clone, PartialEq)]
struct ScaleLayout {
    /// The bar (four alternating blocks).
    bar: Rect,
    /// The figures above the bar: centre x and text.
    figures: Vec<(f64, String)>,
    /// The figures' baseline.
    figures_y: f64,
    /// The arrow's tip, and its "N" above it.
    arrow_tip: (f64, f64),
}

impl ScaleLayout {
    /// A figure's box (centred on its x, the font's ascent above its baseline).
    fn figure_box(&self, (x, text): &(f64, String), k: f64) -> Rect {
        let w = Metrics::get().width(text, FONT * k, false);
        Rect {
            x: x - w / 2.0,
            y: self.figures_y - 0.78 * FONT * k,
            w,
            h: 1.05 * FONT * k,
        }
    }

    /// The box of the arrow and its "N".
    fn arrow_box(&self, k: f64) -> Rect {
        let (ax, ay) = self.arrow_tip;
        let n_w = Metrics::get().width("N", FONT * k, true);
        let half = (5.0 * k).max(n_w / 2.0);
        let top = ay - 3.0 * k - 0.78 * FONT * k;
        Rect {
            x: ax - half,
            y: top,
            w: 2.0 * half,
            h: ay + 16.0 * k - top,
        }
    }
}

/// Lays out the bar for `km_px` kilometres per pixel in the map `m`, or
/// nothing if the scale is not a finite positive number.
fn layout(km_px: f64, m: Rect, k: f64) -> Option<ScaleLayout> {
    if !km_px.is_finite() || km_px <= 0.0 {
        return None;
    }
    let target_km = 170.0 * k * km_px;
    let nice = [
        0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 150.0, 200.0, 250.0, 500.0,
        1000.0, 2000.0, 5000.0, 10000.0,
    ];
    let km = nice
        .iter()
        .copied()
        .rfind(|&v| v <= target_km)
        .unwrap_or(nice[0]);
    let len = km / km_px;
    let Rect { x, y, w, h } = scale_bar_rect(m, k);
    let by = y + h - 18.0 * k;
    // The arrow in the corner; the bar's end label a gap short of its box.
    let arrow_tip = (x + w - 6.0 * k, by - 26.0 * k);
    let end = format!("{} km", figure(km));
    let mut out = ScaleLayout {
        bar: Rect {
            x: 0.0,
            y: by,
            w: len,
            h: 5.0 * k,
        },
        figures: Vec::new(),
        figures_y: by - 4.0 * k,
        arrow_tip,
    };
    let end_half = Metrics::get().width(&end, FONT * k, false) / 2.0;
    let bx = out.arrow_box(k).x - 6.0 * k - end_half - len;
    out.bar.x = bx;
    out.figures = vec![
        (bx, "0".to_string()),
        (bx + len / 2.0, figure(km / 2.0)),
        (bx + len, end),
    ];
    // A short bar (a world map on a small canvas) has no room for its middle
    // figure, and a shorter one none for its "0": the length alone is left.
    for drop in [1, 0] {
        let boxes: Vec<Rect> = out
            .figures
            .iter()
            .map(|f| out.figure_box(f, k).grow(k))
            .collect();
        if boxes.windows(2).any(|p| p[0].intersects(&p[1])) {
            out.figures.remove(drop);
        }
    }
    Some(out)
}

/// A distance as the bar writes it: no ".0".
fn figure(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// The scale bar and north arrow, bottom right of the map.
pub(crate) fn write_scale_bar(out: &mut String, projection: &Projection, m: Rect, k: f64) {
    let (clon, clat) = projection.lonlat(m.x + m.w / 2.0, m.y + m.h / 2.0);
    let Some(s) = layout(projection.km_per_px(clon, clat), m, k) else {
        return;
    };
    let _ = writeln!(
        out,
        "<g id=\"scale-bar\" font-size=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-linejoin=\"round\" paint-order=\"stroke\">",
        n(FONT * k),
        colors::INK
    );
    for i in 0..4 {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            n(s.bar.x + s.bar.w * i as f64 / 4.0),
            n(s.bar.y),
            n(s.bar.w / 4.0),
            n(s.bar.h),
            if i % 2 == 0 { colors::INK } else { "#ffffff" },
            colors::INK,
            n(0.8 * k)
        );
    }
    for (x, text) in &s.figures {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" stroke-width=\"{}\">{}</text>",
            n(*x),
            n(s.figures_y),
            n(2.5 * k),
            text
        );
    }
    // North is up along the central meridian.
    let (ax, ay) = s.arrow_tip;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// At every canvas size and scale, from a village to a continent, the
    /// arrow and its "N" touch neither the bar nor a figure (with a gap),
    /// the figures do not touch each other, and all stay inside the box the
    /// legend keeps clear of.
    #[test]
    fn the_arrow_figures_and_bar_never_overlap() {
        let mut checked = 0;
        for (w, h) in [
            (200.0, 150.0),
            (800.0, 600.0),
            (1600.0, 1200.0),
            (6000.0, 4000.0),
        ] {
            let k = super::super::style::Style::new(w as u32, h as u32).k;
            let m = Rect {
                x: 0.0,
                y: 74.0 * k,
                w,
                h: h - 100.0 * k,
            };
            let room = scale_bar_rect(m, k);
            // From 1 m to 200 km a pixel (the whole world on 200 pixels).
            for e in -24..19 {
                let km_px = 10f64.powf(e as f64 / 8.0);
                let Some(s) = layout(km_px, m, k) else {
                    continue;
                };
                let arrow = s.arrow_box(k).grow(2.0 * k);
                assert!(
                    !arrow.intersects(&s.bar),
                    "{w}×{h}, {km_px} km/px: arrow over the bar"
                );
                let boxes: Vec<Rect> = s.figures.iter().map(|f| s.figure_box(f, k)).collect();
                for (b, (_, text)) in boxes.iter().zip(&s.figures) {
                    assert!(
                        !arrow.intersects(b),
                        "{w}×{h}, {km_px} km/px: {text:?} ({b:?}) runs into the arrow ({arrow:?})"
                    );
                    assert!(
                        room.contains(b),
                        "{w}×{h}, {km_px} km/px: {text:?} outside {room:?}"
                    );
                }
                assert!(
                    boxes.windows(2).all(|p| !p[0].intersects(&p[1])),
                    "{w}×{h}, {km_px}: figures overlap"
                );
                assert!(room.contains(&s.bar) && room.contains(&s.arrow_box(k)));
                checked += 1;
            }
        }
        assert!(checked > 100);
    }
}
