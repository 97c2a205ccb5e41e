//! Labels: country names, then place names placed greedily — most important
//! first, each at the first of eight candidate positions around its marker
//! that overlaps no placed label, no other marker and no legend — with a
//! white halo for legibility.

use super::base::MapBase;
use super::label_facts::{Boxed, LabelInfo};
use super::scene::{Anchor, Scene, TextItem, TextStyle};
use super::style::colors;
use super::svg::{esc, n};
use super::text::Metrics;
use crate::dataset::Dataset;
use crate::geometry::Rect;
use crate::timeline::PlaceState;
use rstar::{RTree, RTreeObject};
use std::fmt::Write;

/// What may be labelled, most important first.
fn candidates(base: &MapBase, states: &[PlaceState], recent: &[bool]) -> Vec<usize> {
    let info = &base.label_info;
    let mut c: Vec<usize> = (0..base.places.len())
        .filter(|&p| {
            base.places[p].visible && (recent[p] || info[p].important || states[p].holder.is_some())
        })
        .collect();
    // Capitals, then what changed hands lately, then big places, then the
    // other places with a holder, each by population.
    let rank = |p: usize| {
        let i = &info[p];
        (
            !i.capital,
            !recent[p],
            !i.important,
            std::cmp::Reverse(i.population),
            p,
        )
    };
    // Keep the map readable: about one label per 9,000 square pixels at most.
    // Only the best `max` need sorting (a map may have thousands of places).
    let max = (((base.layout.map.w * base.layout.map.h) / (9000.0 * base.style.k * base.style.k))
        as usize)
        .max(10);
    if c.len() > max {
        c.select_nth_unstable_by_key(max, |&p| rank(p));
        c.truncate(max);
    }
    c.sort_by_key(|&p| rank(p));
    c
}

/// Country names, then place names where they fit; `bold_recent`: set the
/// names of places in `recent` in bold (when the map highlights changes).
pub(crate) fn write_labels(
    base: &MapBase,
    dataset: &Dataset,
    bold_recent: bool,
    states: &[PlaceState],
    recent: &[bool],
    obstacles: &[Rect],
    out: &mut Scene,
) {
    let k = base.style.k;
    let metrics = Metrics::get();
    let map = base.layout.map.grow(-4.0 * k);
    // Markers do not move between dates: their index is built once per
    // renderer. Labels and the legend go in a small index of their own.
    let markers = &base.marker_index;
    let mut placed: RTree<Boxed> = RTree::bulk_load(
        obstacles
            .iter()
            .map(|&rect| Boxed {
                rect,
                owner: usize::MAX,
            })
            .collect(),
    );
    let free = |placed: &RTree<Boxed>, rect: &Rect, owner: usize| {
        let env = Boxed { rect: *rect, owner }.envelope();
        map.contains(rect)
            && markers
                .locate_in_envelope_intersecting(&env)
                .all(|b| b.owner == owner)
            && placed
                .locate_in_envelope_intersecting(&env)
                .next()
                .is_none()
    };
    out.open("<g id=\"labels\">");
    // Countries: large, spaced capitals, muted; placed first where they fit.
    for c in &base.country_labels {
        let size = if c.focus { 19.0 } else { 15.0 } * k;
        let text = c.name.to_uppercase();
        let spacing = 2.5 * k;
        let w = metrics.width(&text, size, c.focus) + spacing * text.chars().count() as f64;
        // At its interior point, or nudged up or down to clear the markers.
        let spot = [0.0, -1.5, 1.5, -3.0, 3.0]
            .iter()
            .map(|dy| (c.at.0, c.at.1 + dy * size))
            .find(|&(x, y)| {
                let rect = Rect {
                    x: x - w / 2.0,
                    y: y - size * 0.8,
                    w,
                    h: size,
                };
                let env = Boxed {
                    rect,
                    owner: usize::MAX,
                }
                .envelope();
                map.contains(&rect)
                    && markers
                        .locate_in_envelope_intersecting(&env)
                        .next()
                        .is_none()
                    && placed
                        .locate_in_envelope_intersecting(&env)
                        .next()
                        .is_none()
            });
        let Some(at) = spot else { continue };
        let rect = Rect {
            x: at.0 - w / 2.0,
            y: at.1 - size * 0.8,
            w,
            h: size,
        };
        let fill = if c.focus {
            colors::MUTED_INK
        } else {
            "#9a9488"
        };
        let mut style = TextStyle::new(size, c.focus, Anchor::Middle, fill, 2.0 * k);
        style.opacity = if c.focus { 55 } else { 80 };
        style.spacing = (spacing * 100.0).round() as u32;
        out.text(TextItem {
            x: at.0.round() as i32,
            y: at.1.round() as i32,
            text,
            style,
            attrs: "class=\"country\"".to_string(),
        });
        placed.insert(Boxed {
            rect,
            owner: usize::MAX - 1,
        });
    }
    for p in candidates(base, states, recent) {
        let place = &dataset.places[p];
        let shape = &base.places[p];
        let LabelInfo { size, big, .. } = base.label_info[p];
        // Recent changes are labelled first; set in bold only when the map
        // highlights them (--changes), so that without it a label keeps one
        // look from date to date (and an animation draws it once).
        let bold = big || (recent[p] && bold_recent);
        let w = metrics.width(&place.name, size, bold);
        let h = size * 1.05;
        let (ax, ay) = shape.anchor;
        if !ax.is_finite() {
            continue;
        }
        let gap = if shape.markers.is_empty() {
            0.0
        } else {
            shape.radius + 2.5 * k
        };
        // Candidates: (left x, baseline y, text-anchor, leader line) right, left,
        // above, below, the four diagonals; then the same farther out with a
        // leader line, for crowded places.
        let asc = size * 0.36;
        let ring = |g: f64, leader: bool| {
            [
                (ax + g, ay + asc, "start", leader),
                (ax - g, ay + asc, "end", leader),
                (ax, ay - g - size * 0.25, "middle", leader),
                (ax, ay + g + size * 0.8, "middle", leader),
                (ax + g * 0.75, ay - g * 0.75, "start", leader),
                (ax + g * 0.75, ay + g * 0.75 + size * 0.7, "start", leader),
                (ax - g * 0.75, ay - g * 0.75, "end", leader),
                (ax - g * 0.75, ay + g * 0.75 + size * 0.7, "end", leader),
            ]
        };
        let positions: Vec<(f64, f64, &str, bool)> = if shape.markers.is_empty() {
            // An area's label sits on its interior point.
            vec![(ax, ay + asc, "middle", false)]
        } else {
            ring(gap, false)
                .into_iter()
                .chain(ring(gap + 16.0 * k, true))
                .collect()
        };
        for (x, y, anchor, leader) in positions {
            let left = match anchor {
                "start" => x,
                "end" => x - w,
                _ => x - w / 2.0,
            };
            let rect = Rect {
                x: left - 1.5 * k,
                y: y - size * 0.78,
                w: w + 3.0 * k,
                h,
            };
            if !free(&placed, &rect, p) {
                continue;
            }
            if leader {
                // From the marker's edge towards the label's nearest point.
                let (tx, ty) = (
                    x.clamp(rect.x, rect.x + rect.w),
                    (y - size * 0.35).clamp(rect.y, rect.y + rect.h),
                );
                let (dx, dy) = (tx - ax, ty - ay);
                let len = (dx * dx + dy * dy).sqrt().max(1e-6);
                let (sx, sy) = (ax + dx / len * shape.radius, ay + dy / len * shape.radius);
                let _ = writeln!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
                    n(sx),
                    n(sy),
                    n(tx),
                    n(ty),
                    colors::MUTED_INK,
                    n(0.8 * k)
                );
            }
            let anchor = match anchor {
                "start" => Anchor::Start,
                "end" => Anchor::End,
                _ => Anchor::Middle,
            };
            out.text(TextItem {
                x: x.round() as i32,
                y: y.round() as i32,
                text: place.name.clone(),
                style: TextStyle::new(size, bold, anchor, colors::INK, 3.0 * k),
                attrs: format!("data-id=\"{}\"", esc(&place.id)),
            });
            placed.insert(Boxed {
                rect,
                owner: usize::MAX - 1,
            });
            break;
        }
    }
    out.close();
}
