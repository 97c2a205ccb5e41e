//! The legend of a date: the forces present with the places each holds,
//! and the status symbols.

use super::base::MapBase;
use super::legend_box::{CONTESTED, ROW, changed_label, corner_rect, legend_size};
use super::marker::MarkerItem;
use super::scale_bar::scale_bar_rect;
use super::scene::{Anchor, Scene, TextItem, TextStyle};
use super::style::colors;
use super::svg::{esc, n, thousands};
use crate::dataset::{Color, Dataset};
use crate::geometry::Rect;
use crate::timeline::{PlaceState, Status};
use std::fmt::Write;

/// The legend of one date, measured before anything is placed around it.
pub(crate) struct Legend {
    /// (force index, places held) of the forces present, in legend order.
    rows: Vec<(usize, usize)>,
    unknown: usize,
    /// The line for the "changed hands lately" halo, when the map shows halos.
    changed: Option<String>,
    /// With zones: each row's area ("92,679 km² · 15 %") and the column's width.
    areas: Option<(Vec<String>, f64)>,
    rect: Rect,
    scale_bar: Rect,
}

impl Legend {
    /// The legend of `states`; `changed_days`: the window of the halos
    /// shown on the map, if any.
    pub(crate) fn new(
        base: &MapBase,
        dataset: &Dataset,
        states: &[PlaceState],
        changed_days: Option<u32>,
        zones: Option<&crate::zones::Zones>,
    ) -> Legend {
        let k = base.style.k;
        let changed = changed_days.map(changed_label);
        let mut held = vec![0usize; dataset.forces.len()];
        let mut present = vec![false; dataset.forces.len()];
        let mut unknown = 0;
        for (s, shape) in states.iter().zip(&base.places) {
            if !shape.visible {
                continue;
            }
            if let Some(h) = s.holder {
                held[h.get()] += 1;
                present[h.get()] = true;
            } else {
                unknown += 1;
            }
            if let Some(c) = s.challenger {
                present[c.get()] = true;
            }
        }
        let rows: Vec<(usize, usize)> = (0..held.len())
            .filter(|&i| present[i])
            .map(|i| (i, held[i]))
            .collect();
        let names: Vec<(&str, usize)> = rows
            .iter()
            .map(|&(i, held)| (dataset.forces[i].name.as_str(), held))
            .collect();
        let areas = zones.map(|z| {
            let labels: Vec<String> = rows
                .iter()
                .map(|&(i, _)| {
                    let km2: f64 = z
                        .zones
                        .iter()
                        .filter(|zone| zone.key.holder.get() == i)
                        .map(|zone| zone.area_km2)
                        .sum();
                    let share = if z.region_area_km2 > 0.0 {
                        100.0 * km2 / z.region_area_km2
                    } else {
                        0.0
                    };
                    format!(
                        "{} km\u{b2} \u{b7} {}",
                        thousands(km2.round() as usize),
                        crate::words::percent(share)
                    )
                })
                .collect();
            let metrics = super::text::Metrics::get();
            let w = labels
                .iter()
                .map(|l| metrics.width(l, 12.0, false))
                .fold(0.0, f64::max);
            (labels, w)
        });
        let areas_w = areas.as_ref().map_or(0.0, |a| a.1);
        let (w, h) = legend_size(k, &names, unknown, changed.as_deref(), areas_w);
        let rect = corner_rect(base.layout.map, k, base.legend_corner, w, h);
        let scale_bar = scale_bar_rect(base.layout.map, k);
        Legend {
            rows,
            unknown,
            changed,
            areas,
            rect,
            scale_bar,
        }
    }

    /// Boxes labels must keep clear of.
    pub(crate) fn obstacles(&self) -> Vec<Rect> {
        vec![self.rect, self.scale_bar]
    }

    /// Writes the legend in its box.
    pub(crate) fn write(&self, base: &MapBase, dataset: &Dataset, out: &mut Scene) {
        let k = base.style.k;
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
        let count_x = x + w - 12.0 * k - self.areas.as_ref().map_or(0.0, |a| (a.1 + 14.0) * k);
        let count = |out: &mut Scene, cy: f64, n: usize, size: f64| {
            out.text(TextItem {
                x: count_x.round() as i32,
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
        for (r, &(i, held)) in self.rows.iter().enumerate() {
            cy += ROW * k;
            let f = &dataset.forces[i];
            let _ = writeln!(
                out,
                "<circle class=\"swatch\" data-force=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{}\"/>",
                esc(&f.id),
                n(sx),
                n(cy),
                n(6.5 * k),
                base.colors[i],
                n(0.8 * k)
            );
            text(out, cy, &f.name, 13.0);
            count(out, cy, held, 13.0);
            if let Some((areas, _)) = &self.areas {
                out.text(TextItem {
                    x: (x + w - 12.0 * k).round() as i32,
                    y: (cy + 4.5 * k).round() as i32,
                    text: areas[r].clone(),
                    style: TextStyle::new(12.0 * k, false, Anchor::End, colors::MUTED_INK, 0.0),
                    attrs: "class=\"area\"".to_string(),
                });
            }
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
        let grey = Color::hex("#9a9a9a");
        let dark = Color::hex("#4d4d4d");
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
        if let Some(label) = &self.changed {
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
            text(out, cy, label, 12.0);
        }
        out.close();
    }
}
