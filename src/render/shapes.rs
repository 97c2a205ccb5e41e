//! Places projected to the canvas once per map: marker centres, area
//! outlines, label anchors and whether each place shows at all.

use super::basemap::path_data;
use super::style::Style;
use crate::dataset::{Dataset, PlaceIndex};
use crate::geometry::{Projection, Rect};
use geo::{BoundingRect, Geometry, InteriorPoint};

/// A place projected to the canvas.
#[derive(Debug, Clone)]
pub(crate) struct PlaceShape {
    /// Marker centres (points and multipoints).
    pub markers: Vec<(f64, f64)>,
    /// Path data of the area (polygons), empty for points.
    pub area: std::sync::Arc<str>,
    /// Marker radius.
    pub radius: f64,
    /// Where a label attaches, and the box to keep clear around it.
    pub anchor: (f64, f64),
    pub footprint: Rect,
    /// Whether any of it is inside the map.
    pub visible: bool,
}

/// Every place projected; `visible` only if some of it is in the map and,
/// with a gazetteer, some event mentions it.
pub(crate) fn project_places(
    dataset: &Dataset,
    proj: &Projection,
    style: &Style,
    map: &Rect,
) -> Vec<PlaceShape> {
    let mut places: Vec<PlaceShape> = dataset
        .places
        .iter()
        .map(|p| {
            let radius = style.marker_radius(p.kind.as_deref(), p.population);
            let (markers, area) = match &p.geometry {
                Geometry::Point(pt) => (vec![proj.px(pt.x(), pt.y())], String::new()),
                Geometry::MultiPoint(mp) => (
                    mp.0.iter().map(|pt| proj.px(pt.x(), pt.y())).collect(),
                    String::new(),
                ),
                g => (Vec::new(), path_data(g, proj, map, 0.4 * style.k)),
            };
            let anchor = match (&p.geometry, markers.first()) {
                (_, Some(&m)) => m,
                (g, None) => g
                    .interior_point()
                    .map_or((f64::NAN, f64::NAN), |c| proj.px(c.x(), c.y())),
            };
            let footprint = if markers.is_empty() {
                p.geometry
                    .bounding_rect()
                    .map(|b| {
                        let (a, c) = (proj.px(b.min().x, b.max().y), proj.px(b.max().x, b.min().y));
                        Rect {
                            x: a.0.min(c.0),
                            y: a.1.min(c.1),
                            w: (c.0 - a.0).abs(),
                            h: (c.1 - a.1).abs(),
                        }
                    })
                    .unwrap_or(Rect {
                        x: anchor.0,
                        y: anchor.1,
                        w: 0.0,
                        h: 0.0,
                    })
            } else {
                Rect {
                    x: anchor.0 - radius,
                    y: anchor.1 - radius,
                    w: 2.0 * radius,
                    h: 2.0 * radius,
                }
            };
            let inside = |&(x, y): &(f64, f64)| {
                x >= map.x - radius
                    && x <= map.x + map.w + radius
                    && y >= map.y - radius
                    && y <= map.y + map.h + radius
            };
            let visible = if markers.is_empty() {
                !area.is_empty()
            } else {
                markers.iter().any(inside)
            };
            PlaceShape {
                markers,
                area: area.into(),
                radius,
                anchor,
                footprint,
                visible,
            }
        })
        .collect();
    if dataset.config.gazetteer {
        // A gazetteer's places that no event mentions are not tracked: leave them out.
        let mut mentioned = vec![false; places.len()];
        for e in &dataset.events {
            mentioned[e.place.get()] = true;
        }
        for (shape, m) in places.iter_mut().zip(mentioned) {
            shape.visible &= m;
        }
    }
    places
}

/// One marker of a visible place, where it goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MarkerPoint {
    pub place: PlaceIndex,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
}

/// Every visible marker, in drawing order: one flat list, which a map's
/// thousands of markers walk faster than each place's own list. The
/// smallest markers come first and the largest (the capital) last, each
/// place's markers together: where markers pile up (a city and its
/// suburbs), the more important place is drawn on top.
pub(crate) fn marker_points(places: &[PlaceShape]) -> Vec<MarkerPoint> {
    let mut order: Vec<usize> = (0..places.len()).filter(|&p| places[p].visible).collect();
    order.sort_by(|&a, &b| {
        places[a]
            .radius
            .total_cmp(&places[b].radius)
            .then(a.cmp(&b))
    });
    order
        .into_iter()
        .flat_map(|p| {
            let s = &places[p];
            s.markers.iter().map(move |&(x, y)| MarkerPoint {
                place: PlaceIndex::new(p),
                x,
                y,
                radius: s.radius,
            })
        })
        .collect()
}
