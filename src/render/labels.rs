//! Labels: country names, then place names placed greedily — most important
//! first, each at the first of eight candidate positions around its marker
//! that overlaps no placed label, no other marker and no legend — with a
//! white halo for legibility.

use super::MapRenderer;
use super::projection::{Projection, Rect};
use super::scene::{Anchor, Scene, TextItem, TextStyle};
use super::style::colors;
use super::svg::{esc, n};
use super::text::Metrics;
use crate::dataset::Dataset;
use crate::timeline::PlaceState;
use geo::{Area, Geometry, InteriorPoint};
use rstar::{AABB, RTree, RTreeObject};
use std::fmt::Write;

/// A country's name and where it goes.
#[derive(Debug, Clone)]
pub(crate) struct CountryLabel {
    pub name: String,
    pub at: (f64, f64),
    pub focus: bool,
}

/// Country names at an interior point of their largest visible polygon.
pub(crate) fn country_labels(
    dataset: &Dataset,
    proj: &Projection,
    map: &Rect,
) -> Vec<CountryLabel> {
    let mut out = Vec::new();
    for f in dataset.basemap.iter().filter(|f| f.kind == "country") {
        let Some(name) = &f.name else { continue };
        let polygons: Vec<&geo::Polygon<f64>> = match &f.geometry {
            Geometry::Polygon(p) => vec![p],
            Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
            _ => continue,
        };
        // The largest polygon, clipped (roughly) to the view by its interior point.
        let Some(largest) = polygons
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        else {
            continue;
        };
        let Some(c) = largest.interior_point() else {
            continue;
        };
        let at = proj.px(c.x(), c.y());
        if map.grow(-30.0).contains(&Rect {
            x: at.0,
            y: at.1,
            w: 0.0,
            h: 0.0,
        }) {
            out.push(CountryLabel {
                name: name.clone(),
                at,
                focus: f.focus,
            });
        }
    }
    out
}

/// A box on the canvas and whose it is (a place index, or `usize::MAX`
/// and below for legend boxes and placed labels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Boxed {
    rect: Rect,
    owner: usize,
}

impl RTreeObject for Boxed {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners(
            [self.rect.x, self.rect.y],
            [self.rect.x + self.rect.w, self.rect.y + self.rect.h],
        )
    }
}

/// What may be labelled, most important first.
/// What labelling needs to know of a place, worked out once per renderer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LabelInfo {
    capital: bool,
    /// A city, or at least `label_min_population`.
    important: bool,
    population: u64,
    /// Font size in pixels.
    size: f64,
    /// Drawn bold whatever happened (capitals, million cities).
    big: bool,
}

/// The label facts of every place.
pub(crate) fn label_infos(dataset: &Dataset, k: f64) -> Vec<LabelInfo> {
    let min_pop = dataset.config.label_min_population.unwrap_or(100_000);
    dataset
        .places
        .iter()
        .map(|place| {
            let kind = place.kind.as_deref().unwrap_or("");
            let population = place.population.unwrap_or(0);
            let capital = kind == "capital";
            let big = capital || population >= 1_000_000;
            let size = if big {
                15.0
            } else if kind == "city" || population >= 100_000 {
                13.0
            } else {
                11.5
            } * k;
            LabelInfo {
                capital,
                important: capital || kind == "city" || population >= min_pop,
                population,
                size,
                big,
            }
        })
        .collect()
}

/// What may be labelled, most important first.
fn candidates(r: &MapRenderer, states: &[PlaceState], recent: &[bool]) -> Vec<usize> {
    let info = &r.label_info;
    let mut c: Vec<usize> = (0..r.places.len())
        .filter(|&p| {
            r.places[p].visible && (recent[p] || info[p].important || states[p].holder.is_some())
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
    let max =
        (((r.layout.map.w * r.layout.map.h) / (9000.0 * r.style.k * r.style.k)) as usize).max(10);
    if c.len() > max {
        c.select_nth_unstable_by_key(max, |&p| rank(p));
        c.truncate(max);
    }
    c.sort_by_key(|&p| rank(p));
    c
}

pub(crate) fn write_labels(
    r: &MapRenderer,
    states: &[PlaceState],
    recent: &[bool],
    obstacles: &[Rect],
    out: &mut Scene,
) {
    let k = r.style.k;
    let metrics = Metrics::get();
    let map = r.layout.map.grow(-4.0 * k);
    // Markers do not move between dates: their index is built once per
    // renderer. Labels and the legend go in a small index of their own.
    let markers = &r.marker_index;
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
    for c in &r.country_labels {
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
    for p in candidates(r, states, recent) {
        let place = &r.dataset.places[p];
        let shape = &r.places[p];
        let LabelInfo { size, big, .. } = r.label_info[p];
        // Recent changes are labelled first; set in bold only when the map
        // highlights them (--changes), so that without it a label keeps one
        // look from date to date (and an animation draws it once).
        let bold = big || (recent[p] && r.options.changes_days.is_some());
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

/// The index of every visible marker's box, for label placement.
pub(crate) fn marker_index(places: &[super::places::PlaceShape], k: f64) -> RTree<Boxed> {
    RTree::bulk_load(
        places
            .iter()
            .enumerate()
            .filter(|(_, s)| s.visible && !s.markers.is_empty())
            .map(|(owner, s)| Boxed {
                rect: s.footprint.grow(1.0 * k),
                owner,
            })
            .collect(),
    )
}
