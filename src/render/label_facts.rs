//! What label placement needs to know, worked out once per map: country
//! names and where they go, each place's label facts, and the index of the
//! markers labels keep clear of.

use super::marker::RING_REACH;
use super::shapes::MarkerPoint;
use crate::dataset::{BasemapKind, Dataset};
use crate::geometry::{Projection, Rect};
use geo::{Area, Geometry, InteriorPoint};
use rstar::primitives::Rectangle;
use rstar::{AABB, RTree, RTreeObject};

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
    for f in dataset
        .basemap
        .iter()
        .filter(|f| f.kind == BasemapKind::Country)
    {
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

/// A box on the canvas as the R-trees of placed labels take it.
pub(crate) fn boxed(r: &Rect) -> Rectangle<[f64; 2]> {
    Rectangle::from_corners([r.x, r.y], [r.x + r.w, r.y + r.h])
}

/// What labelling needs to know of a place, worked out once per renderer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LabelInfo {
    pub capital: bool,
    /// A city, or at least `label_min_population`.
    pub important: bool,
    pub population: u64,
    /// Font size in pixels.
    pub size: f64,
    /// Drawn bold whatever happened (capitals, million cities).
    pub big: bool,
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

/// A marker's disc as drawn, at its widest look (a besieged ring): a
/// marker's look changes with the date but the index is built once, so
/// every marker keeps this much clear whatever its status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MarkerDisc {
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

impl MarkerDisc {
    /// Whether the disc and `rect` share any point (exact, not by boxes: a
    /// label may sit in the corner a disc's bounding box leaves free).
    pub fn touches(&self, rect: &Rect) -> bool {
        let dx = self.x - self.x.clamp(rect.x, rect.x + rect.w);
        let dy = self.y - self.y.clamp(rect.y, rect.y + rect.h);
        dx * dx + dy * dy < self.r * self.r
    }
}

impl RTreeObject for MarkerDisc {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners(
            [self.x - self.r, self.y - self.r],
            [self.x + self.r, self.y + self.r],
        )
    }
}

/// The index of every visible marker (each point of a multipoint place too),
/// for label placement.
pub(crate) fn marker_index(points: &[MarkerPoint], k: f64) -> RTree<MarkerDisc> {
    RTree::bulk_load(
        points
            .iter()
            .map(|m| MarkerDisc {
                x: m.x,
                y: m.y,
                r: m.radius + RING_REACH * k,
            })
            .collect(),
    )
}

/// Whether `rect` covers no marker at all, the labelled place's own included.
pub(crate) fn clear_of_markers(markers: &RTree<MarkerDisc>, rect: &Rect) -> bool {
    let env = AABB::from_corners([rect.x, rect.y], [rect.x + rect.w, rect.y + rect.h]);
    markers
        .locate_in_envelope_intersecting(&env)
        .all(|m| !m.touches(rect))
}
