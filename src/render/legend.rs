//! The map's furniture: legend (forces present and status symbols), title
//! and date, scale bar, north arrow, attribution.

use super::MapRenderer;
use super::projection::Rect;
use super::scene::{Anchor, MarkerItem, Scene, TITLE_GROUP, TextItem, TextStyle};
use super::style::colors;
use super::svg::{esc, n};
use super::text::Metrics;
use crate::dataset::dates::human;
use crate::timeline::{PlaceState, Status};
use chrono::NaiveDate;
use std::fmt::Write;

/// The legend of one date, measured before anything is placed around it.
pub(crate) struct Legend {
    /// (force index, places held) of the forces present, in legend order.
    rows: Vec<(usize, usize)>,
    unknown: usize,
    show_changed: bool,
    rect: Rect,
    scale_bar: Rect,
}

const ROW: f64 = 22.0;

/// The legend's line for the contested symbol.
const CONTESTED: &str = "Contested (split: holder | challenger)";

/// The legend's line for the "changed hands lately" halo.
fn changed_label(r: &MapRenderer) -> String {
    let days = r.options.changes_days.unwrap_or(0);
    format!("Changed hands in the last {days} days")
}

/// A count with thousands separators: `12,345`.
pub(crate) fn thousands(n: usize) -> String {
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

impl Legend {
    pub(crate) fn new(r: &MapRenderer, states: &[PlaceState], show_changed: bool) -> Legend {
        let k = r.style.k;
        let mut held = vec![0usize; r.dataset.forces.len()];
        let mut present = vec![false; r.dataset.forces.len()];
        let mut unknown = 0;
        for (s, shape) in states.iter().zip(&r.places) {
            if !shape.visible {
                continue;
            }
            if let Some(h) = s.holder {
                held[h as usize] += 1;
                present[h as usize] = true;
            } else {
                unknown += 1;
            }
            if let Some(c) = s.challenger {
                present[c as usize] = true;
            }
        }
        let rows: Vec<(usize, usize)> = (0..held.len())
            .filter(|&i| present[i])
            .map(|i| (i, held[i]))
            .collect();
        // Names on the left, counts in a column of their own on the right:
        // the counts change with every date, the names do not (and a
        // number is read against the others in its column).
        let metrics = Metrics::get();
        let names_w = rows
            .iter()
            .map(|&(i, _)| metrics.width(&r.dataset.forces[i].name, 13.0, false))
            .chain([metrics.width("Unknown", 12.0, false)])
            .fold(0.0, f64::max);
        let counts_w = rows
            .iter()
            .map(|&(_, c)| metrics.width(&thousands(c), 13.0, false))
            .chain([metrics.width(&thousands(unknown), 12.0, false)])
            .fold(0.0, f64::max);
        let text_w = [
            names_w + 14.0 + counts_w,
            metrics.width(CONTESTED, 12.0, false),
            if show_changed {
                metrics.width(&changed_label(r), 12.0, false)
            } else {
                0.0
            },
        ]
        .into_iter()
        .fold(0.0, f64::max);
        let status_rows = 4 + show_changed as usize;
        let w = (text_w + 46.0) * k;
        // With no force present yet, one row says so.
        let h = (30.0 + ROW * rows.len().max(1) as f64 + 14.0 + ROW * status_rows as f64 + 8.0) * k;
        let rect = corner_rect(r, r.legend_corner, w, h);
        let scale_bar = scale_bar_rect(r);
        Legend {
            rows,
            unknown,
            show_changed,
            rect,
            scale_bar,
        }
    }

    /// Boxes labels must keep clear of.
    pub(crate) fn obstacles(&self) -> Vec<Rect> {
        vec![self.rect, self.scale_bar]
    }

    pub(crate) fn write(&self, r: &MapRenderer, out: &mut Scene) {
        let k = r.style.k;
        let Rect { x, y, w, h } = self.rect;
        out.open("<g id=\"legend\">");
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#c8c3b8\" stroke-width=\"{}\"/>",
            n(x),
            n(y),
            n(w),
            n(h),
            n(4.0 * k),
            n(0.8 * k)
        );
        let tx = x + 34.0 * k;
        let sx = x + 18.0 * k;
        let mut cy = y + 22.0 * k;
        out.text(TextItem {
            x: (x + 12.0 * k).round() as i32,
            y: cy.round() as i32,
            text: "Held by".into(),
            style: TextStyle::new(13.0 * k, true, Anchor::Start, colors::INK, 0.0),
            attrs: String::new(),
        });
        cy += 6.0 * k;
        let text = |out: &mut Scene, cy: f64, label: &str, size: f64| {
            out.text(TextItem {
                x: tx.round() as i32,
                y: (cy + 4.5 * k).round() as i32,
                text: label.to_string(),
                style: TextStyle::new(size * k, false, Anchor::Start, colors::INK, 0.0),
                attrs: String::new(),
            });
        };
        let count = |out: &mut Scene, cy: f64, n: usize, size: f64| {
            out.text(TextItem {
                x: (x + w - 12.0 * k).round() as i32,
                y: (cy + 4.5 * k).round() as i32,
                text: thousands(n),
                style: TextStyle::new(size * k, false, Anchor::End, colors::MUTED_INK, 0.0),
                attrs: "class=\"count\"".to_string(),
            });
        };
        if self.rows.is_empty() {
            cy += ROW * k;
            out.text(TextItem {
                x: (x + 12.0 * k).round() as i32,
                y: (cy + 4.5 * k).round() as i32,
                text: "No force holds a place yet".into(),
                style: TextStyle::new(12.0 * k, false, Anchor::Start, colors::MUTED_INK, 0.0),
                attrs: String::new(),
            });
        }
        for &(i, held) in &self.rows {
            cy += ROW * k;
            let f = &r.dataset.forces[i];
            let _ = writeln!(
                out,
                "<circle class=\"swatch\" data-force=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{}\"/>",
                esc(&f.id),
                n(sx),
                n(cy),
                n(6.5 * k),
                r.colors[i],
                n(0.8 * k)
            );
            text(out, cy, &f.name, 13.0);
            count(out, cy, held, 13.0);
        }
        cy += 14.0 * k;
        let _ = writeln!(
            out,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#d8d4cc\" stroke-width=\"{}\"/>",
            n(x + 10.0 * k),
            n(x + w - 10.0 * k),
            n(cy - 4.0 * k),
            n(cy - 4.0 * k),
            n(0.8 * k)
        );
        let grey = "#9a9a9a";
        let dark = "#4d4d4d";
        let r0 = 6.0 * k;
        let mut symbol = |out: &mut Scene, status: Status, label: &str| -> f64 {
            cy += ROW * k;
            let (holder, challenger) = if status == Status::Unknown {
                (grey, grey)
            } else {
                (grey, dark)
            };
            out.marker(MarkerItem::new(sx, cy, r0, status, holder, challenger, k));
            text(out, cy, label, 12.0);
            cy
        };
        symbol(out, Status::Held, "Held");
        symbol(out, Status::Contested, CONTESTED);
        symbol(out, Status::Besieged, "Besieged (ring: besieger)");
        let unknown_y = symbol(out, Status::Unknown, "Unknown");
        count(out, unknown_y, self.unknown, 12.0);
        if self.show_changed {
            cy += ROW * k;
            // The same halo as on the map, around a small held marker.
            out.marker(MarkerItem::halo(sx, cy, r0 + 4.0 * k, k));
            out.marker(MarkerItem::new(
                sx,
                cy,
                r0 * 0.7,
                Status::Held,
                grey,
                grey,
                k,
            ));
            text(out, cy, &changed_label(r), 12.0);
        }
        out.close();
    }
}

/// The title band: the dataset's title, what the map shows, and the date in large type.
pub(crate) fn write_title(r: &MapRenderer, date: NaiveDate, out: &mut Scene) {
    let k = r.style.k;
    let t = r.layout.title;
    let shown = r.places.iter().filter(|s| s.visible).count();
    let no_events = r.events_until(date) == 0;
    let subtitle = if no_events {
        "No event on or before this date: every place is shown as unknown.".to_string()
    } else {
        format!(
            "Who held each of {} places, by the last report on or before this date",
            thousands(shown)
        )
    };
    out.open(format!("{TITLE_GROUP}>"));
    out.band(title_band(r));
    let at = |x: f64, y: f64| ((x * k).round() as i32, (y * k).round() as i32);
    let (x, y) = at(22.0, 34.0);
    out.text(TextItem {
        x,
        y,
        text: r.dataset.title(),
        style: TextStyle::new(24.0 * k, true, Anchor::Start, colors::INK, 0.0),
        attrs: String::new(),
    });
    let (x, y) = at(22.0, 58.0);
    let fill = if no_events {
        "#b3261e"
    } else {
        colors::MUTED_INK
    };
    out.text(TextItem {
        x,
        y,
        text: subtitle,
        style: TextStyle::new(14.0 * k, false, Anchor::Start, fill, 0.0),
        attrs: String::new(),
    });
    out.text(TextItem {
        x: (t.w - 22.0 * k).round() as i32,
        y: (50.0 * k).round() as i32,
        text: human(date),
        style: TextStyle::new(34.0 * k, true, Anchor::End, colors::INK, 0.0),
        attrs: "id=\"date\"".to_string(),
    });
    out.close();
}

/// The footer: the attribution on the left, and on the right how many
/// events the map is built on. The two are separate texts, so a frame of an
/// animation draws only the count anew. A canvas too narrow for both side by
/// side gets one line, smaller, cut short if it must.
pub(crate) fn write_footer(r: &MapRenderer, date: NaiveDate, out: &mut Scene) {
    let k = r.style.k;
    let f = r.layout.footer;
    let events = r.events_until(date);
    // The date is the title's; the footer says how much the map rests on.
    let built = format!(
        "Built on {} event{}.",
        thousands(events),
        if events == 1 { "" } else { "s" }
    );
    let mut credit = String::new();
    if let Some(a) = &r.dataset.config.attribution {
        credit.push_str(a.trim());
        if !a.trim().ends_with(['.', '!', '?']) {
            credit.push('.');
        }
        credit.push(' ');
    }
    credit.push_str("Made with frontline.");
    let room = f.w - 44.0 * k;
    let metrics = Metrics::get();
    let size = 11.0 * k;
    let y = (f.y + f.h * 0.68).round() as i32;
    let style =
        |size: f64, anchor: Anchor| TextStyle::new(size, false, anchor, colors::MUTED_INK, 0.0);
    out.open("<g id=\"footer\">");
    out.band(footer_band(r));
    let gap = 24.0 * k;
    if metrics.width(&credit, size, false) + gap + metrics.width(&built, size, false) <= room {
        out.text(TextItem {
            x: (22.0 * k).round() as i32,
            y,
            text: credit,
            style: style(size, Anchor::Start),
            attrs: String::new(),
        });
        out.text(TextItem {
            x: (f.w - 22.0 * k).round() as i32,
            y,
            text: built,
            style: style(size, Anchor::End),
            attrs: "id=\"events\"".to_string(),
        });
    } else {
        // One line, down to 3/4 of the size, then cut short.
        let mut line = format!("{built} {credit}");
        let width = metrics.width(&line, size, false);
        let size = (size * room / width).clamp(size * 0.75, size);
        while metrics.width(&line, size, false) > room && line.chars().count() > 12 {
            if line.ends_with('…') {
                line.pop();
            }
            line.pop();
            while line.ends_with(' ') {
                line.pop();
            }
            line.push('…');
        }
        out.text(TextItem {
            x: (22.0 * k).round() as i32,
            y,
            text: line,
            style: style(size, Anchor::Start),
            attrs: "id=\"events\"".to_string(),
        });
    }
    out.close();
}

/// The scale bar and north arrow, bottom right of the map. They do not
/// change with the date, so they are part of the base layers.
pub(crate) fn write_scale_bar(r: &MapRenderer, out: &mut String) {
    let k = r.style.k;
    let m = r.layout.map;
    let (clon, clat) = r.projection.lonlat(m.x + m.w / 2.0, m.y + m.h / 2.0);
    let km_px = r.projection.km_per_px(clon, clat);
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
    let Rect { x, y, w, h } = scale_bar_rect(r);
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
pub(crate) fn scale_bar_rect(r: &MapRenderer) -> Rect {
    let (k, m) = (r.style.k, r.layout.map);
    Rect {
        x: m.x + m.w - 250.0 * k,
        y: m.y + m.h - 70.0 * k,
        w: 236.0 * k,
        h: 60.0 * k,
    }
}

/// The white band under the title, with its rule: it covers what spills
/// out of the top of the map.
pub(crate) fn title_band(r: &MapRenderer) -> String {
    let t = r.layout.title;
    format!(
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n<line x1=\"0\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>\n",
        n(t.w),
        n(t.h),
        n(t.w),
        n(t.h - 0.5),
        n(t.h - 0.5),
        colors::FOCUS_BORDER,
        n(r.style.k)
    )
}

/// The white band under the footer: it covers what spills out of the bottom.
pub(crate) fn footer_band(r: &MapRenderer) -> String {
    let f = r.layout.footer;
    format!(
        "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
        n(f.y),
        n(f.w),
        n(f.h)
    )
}

/// A corner of the map for the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corner {
    BottomLeft,
    TopLeft,
    TopRight,
    BottomRight,
}

/// The legend's box in a corner (bottom right sits above the scale bar).
fn corner_rect(r: &MapRenderer, corner: Corner, w: f64, h: f64) -> Rect {
    let (k, m) = (r.style.k, r.layout.map);
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
pub(crate) fn choose_corner(r: &MapRenderer) -> Corner {
    let k = r.style.k;
    let metrics = Metrics::get();
    let text_w = r
        .dataset
        .forces
        .iter()
        .map(|f| metrics.width(&format!("{} (000)", f.name), 13.0, false))
        .chain([metrics.width("Contested (split: holder | challenger)", 12.0, false)])
        .fold(0.0, f64::max);
    let w = (text_w + 52.0) * k;
    let h = (30.0 + ROW * r.dataset.forces.len() as f64 + 14.0 + ROW * 5.0 + 8.0) * k;
    [
        Corner::BottomLeft,
        Corner::TopLeft,
        Corner::TopRight,
        Corner::BottomRight,
    ]
    .into_iter()
    .min_by_key(|&c| {
        let rect = corner_rect(r, c, w, h);
        r.places
            .iter()
            .filter(|p| p.visible && p.footprint.intersects(&rect))
            .count()
    })
    .unwrap_or(Corner::BottomLeft)
}
