//! Labels: country names, then place names placed greedily — most important
//! first, each at the first of eight candidate positions around its marker
//! that overlaps no placed label, no legend and no marker at all (its own
//! included: a name set over its own dot hides where the place is) — with a
//! white halo for legibility.

use super::base::MapBase;
use super::label_facts::{LabelInfo, boxed, clear_of_markers};
use super::marker::RING_REACH;
use super::scene::{Anchor, Scene, TextItem, TextStyle};
use super::style::colors;
use super::svg::{esc, n};
use super::text::Metrics;
use crate::dataset::Dataset;
use crate::geometry::Rect;
use crate::timeline::PlaceState;
use rstar::primitives::Rectangle;
use rstar::{RTree, RTreeObject};
use std::fmt::Write;

/// How far above the baseline a label's box reaches, in font sizes (DejaVu
/// Sans's ascenders); it reaches 1.05 sizes down from there, descenders
/// included.
const ASCENT: f64 = 0.78;

/// The width of a place label's white halo on each side, at scale 1.
const LABEL_HALO: f64 = 1.5;

/// The box a text covers on the canvas, letters and halo: what placement
/// keeps off every marker.
pub(crate) fn ink_box(t: &TextItem) -> Rect {
    let s = &t.style;
    let size = s.size_px();
    let w = Metrics::get().width(&t.text, size, s.bold)
        + s.spacing as f64 / 100.0 * t.text.chars().count() as f64;
    let x = t.x as f64;
    let left = match s.anchor {
        Anchor::Start => x,
        Anchor::End => x - w,
        Anchor::Middle => x - w / 2.0,
    };
    Rect {
        x: left,
        y: t.y as f64 - ASCENT * size,
        w,
        h: 1.05 * size,
    }
    .grow(s.halo_px() / 2.0)
}

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
    let map = base.layout.map.grow(-4.0 * k);
    // Markers do not move between dates: their index is built once per
    // renderer. Labels and the legend go in a small index of their own.
    let markers = &base.marker_index;
    let mut placed: RTree<Rectangle<[f64; 2]>> =
        RTree::bulk_load(obstacles.iter().map(boxed).collect());
    // `ink`: the letters and their halo, kept off every marker; `padded`:
    // with the room kept between labels.
    let free = |placed: &RTree<Rectangle<[f64; 2]>>, ink: &Rect, padded: &Rect| {
        let env = boxed(padded).envelope();
        map.contains(padded)
            && clear_of_markers(markers, ink)
            && placed
                .locate_in_envelope_intersecting(&env)
                .next()
                .is_none()
    };
    out.open("<g id=\"labels\">");
    // Countries: large, spaced capitals, muted; placed first where they fit.
    for c in &base.country_labels {
        let size = if c.focus { 19.0 } else { 15.0 } * k;
        let fill = if c.focus {
            colors::MUTED_INK
        } else {
            "#9a9488"
        };
        let mut style = TextStyle::new(size, c.focus, Anchor::Middle, fill, 2.0 * k);
        style.opacity = if c.focus { 55 } else { 80 };
        style.spacing = (2.5 * k * 100.0).round() as u32;
        let text = c.name.to_uppercase();
        // At its interior point, or nudged up or down to clear the markers.
        let label = [0.0, -1.5, 1.5, -3.0, 3.0]
            .iter()
            .map(|dy| TextItem {
                x: c.at.0.round() as i32,
                y: (c.at.1 + dy * size).round() as i32,
                text: text.clone(),
                style: style.clone(),
                attrs: "class=\"country\"".to_string(),
            })
            .find(|t| {
                let ink = ink_box(t);
                free(&placed, &ink, &ink)
            });
        let Some(label) = label else { continue };
        placed.insert(boxed(&ink_box(&label)));
        out.text(label);
    }
    for p in candidates(base, states, recent) {
        let place = &dataset.places[p];
        let shape = &base.places[p];
        let LabelInfo { size, big, .. } = base.label_info[p];
        // Recent changes are labelled first; set in bold only when the map
        // highlights them (--changes), so that without it a label keeps one
        // look from date to date (and an animation draws it once).
        let bold = big || (recent[p] && bold_recent);
        let (ax, ay) = shape.anchor;
        if !ax.is_finite() {
            continue;
        }
        let halo = LABEL_HALO * k;
        // Just clear of the marker's widest look (a besieged ring), with
        // the letters' halo and the rounding to whole pixels (under 0.8 px).
        let gap = if shape.markers.is_empty() {
            0.0
        } else {
            shape.radius + RING_REACH * k + halo + 0.8
        };
        // Candidates: (x, baseline y, anchor, leader line) right, left,
        // above, below, the four diagonals (the box's corner nearest the
        // marker at 45°); then the same farther out with a leader line, for
        // crowded places.
        let asc = size * 0.36;
        let (up, down) = ((1.06 - ASCENT) * size, (ASCENT + 0.01) * size);
        let ring = |g: f64, leader: bool| {
            let d = g * 0.75;
            [
                (ax + g, ay + asc, Anchor::Start, leader),
                (ax - g, ay + asc, Anchor::End, leader),
                (ax, ay - g - up, Anchor::Middle, leader),
                (ax, ay + g + down, Anchor::Middle, leader),
                (ax + d, ay - d - up, Anchor::Start, leader),
                (ax + d, ay + d + down, Anchor::Start, leader),
                (ax - d, ay - d - up, Anchor::End, leader),
                (ax - d, ay + d + down, Anchor::End, leader),
            ]
        };
        let positions: Vec<(f64, f64, Anchor, bool)> = if shape.markers.is_empty() {
            // An area's label sits on its interior point.
            vec![(ax, ay + asc, Anchor::Middle, false)]
        } else {
            ring(gap, false)
                .into_iter()
                .chain(ring(gap + 16.0 * k, true))
                .collect()
        };
        for (x, y, anchor, leader) in positions {
            let label = TextItem {
                x: x.round() as i32,
                y: y.round() as i32,
                text: place.name.clone(),
                style: TextStyle::new(size, bold, anchor, colors::INK, 2.0 * halo),
                attrs: format!("data-id=\"{}\"", esc(&place.id)),
            };
            let ink = ink_box(&label);
            // Between labels, the room kept is the halo's width beside the
            // letters (none above and below: lines of names may stack).
            let padded = Rect {
                y: ink.y + halo,
                h: ink.h - 2.0 * halo,
                ..ink
            };
            if !free(&placed, &ink, &padded) {
                continue;
            }
            if leader {
                // From the marker's edge towards the label's nearest point.
                let (tx, ty) = (
                    x.clamp(padded.x, padded.x + padded.w),
                    (y - size * 0.35).clamp(padded.y, padded.y + padded.h),
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
            out.text(label);
            placed.insert(boxed(&padded));
            break;
        }
    }
    out.close();
}

#[cfg(test)]
mod tests {
    use super::ink_box;
    use crate::dataset::{Dataset, Sources, bundled_data_dir};
    use crate::render::marker::MarkerPart;
    use crate::render::scene::{Item, TextItem};
    use crate::render::{MapRenderer, RenderOptions};
    use crate::synthetic::{Params, generate};
    use crate::timeline::{Status, Timeline};
    use chrono::NaiveDate;

    /// Each marker's disc as `write_marker` draws it, strokes included, as
    /// (x, y, r); the halos of recent changes are highlights, not markers.
    fn marker_discs(items: &[Item]) -> Vec<(f64, f64, f64)> {
        items
            .iter()
            .filter_map(|item| match item {
                Item::Marker(m) if m.style.part != MarkerPart::Halo => {
                    let s = &m.style;
                    let (r, k) = (s.r as f64 / 100.0, s.k as f64 / 100.0);
                    let reach = match (s.part, s.status) {
                        // The ring: radius r + 1.98k, 2.2k wide.
                        (MarkerPart::Ring, _) | (MarkerPart::Whole, Status::Besieged) => {
                            r + 1.98 * k + 1.1 * k
                        }
                        // Radius r - 0.6k, a 1.4k stroke.
                        (_, Status::Unknown) => r + 0.1 * k,
                        // A 0.8k edge.
                        _ => r + 0.4 * k,
                    };
                    Some((m.qx as f64 / 4.0, m.qy as f64 / 4.0, reach))
                }
                _ => None,
            })
            .collect()
    }

    /// The texts of the labels group.
    fn label_texts(items: &[Item]) -> Vec<&TextItem> {
        let start = items
            .iter()
            .position(|i| matches!(i, Item::Open(tag) if tag == "<g id=\"labels\">"))
            .expect("a labels group");
        let mut depth = 0;
        let mut texts = Vec::new();
        for item in &items[start..] {
            match item {
                Item::Open(_) => depth += 1,
                Item::Close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Item::Text(t) => texts.push(t),
                _ => {}
            }
        }
        texts
    }

    /// Draws each date and asserts that no label's letters or halo touch
    /// any marker's disc; returns how many labels were checked.
    fn assert_labels_clear(ds: &Dataset, options: RenderOptions, dates: &[&str]) -> usize {
        let tl = Timeline::new(ds);
        let r = MapRenderer::new(ds, &tl, options).unwrap();
        let mut checked = 0;
        for date in dates {
            let date: NaiveDate = date.parse().unwrap();
            let scene = r.scene(date, &tl.states_on(date), false);
            let discs = marker_discs(&scene.items);
            assert!(!discs.is_empty());
            for t in label_texts(&scene.items) {
                let b = ink_box(t);
                for &(x, y, reach) in &discs {
                    let dx = x - x.clamp(b.x, b.x + b.w);
                    let dy = y - y.clamp(b.y, b.y + b.h);
                    assert!(
                        dx * dx + dy * dy >= reach * reach,
                        "{date}: the label {:?} ({b:?}) covers the marker at ({x}, {y}) of radius {reach}",
                        t.text
                    );
                }
                checked += 1;
            }
        }
        checked
    }

    #[test]
    fn no_label_covers_any_marker_on_the_bundled_map() {
        let ds = Dataset::load(&Sources::from_dir(bundled_data_dir())).unwrap();
        let dates = [
            "2013-06-01",
            "2015-05-27",
            "2016-06-01",
            "2017-03-02",
            "2019-03-23",
        ];
        for (width, height, changes) in
            [(1600, 1200, None), (800, 600, Some(30)), (1200, 1200, None)]
        {
            let options = RenderOptions {
                width,
                height,
                changes_days: changes,
                ..RenderOptions::default()
            };
            assert!(assert_labels_clear(&ds, options, &dates) > 50);
        }
    }

    #[test]
    fn no_label_covers_any_marker_in_a_dense_synthetic_map() {
        let dir = tempfile::tempdir().unwrap();
        let p = Params {
            places: 1500,
            events: 6000,
            forces: 5,
            polygons: 30,
            seed: 12,
        };
        generate(&p, dir.path()).unwrap();
        let ds = Dataset::load(&Sources::from_dir(dir.path())).unwrap();
        let mut dates: Vec<NaiveDate> = ds.events.iter().map(|e| e.date).collect();
        dates.sort_unstable();
        let picks: Vec<String> = [0, dates.len() / 3, dates.len() - 1]
            .iter()
            .map(|&i| dates[i].to_string())
            .collect();
        let picks: Vec<&str> = picks.iter().map(String::as_str).collect();
        let options = RenderOptions {
            width: 800,
            height: 600,
            ..RenderOptions::default()
        };
        assert!(assert_labels_clear(&ds, options, &picks) > 20);
    }
}
