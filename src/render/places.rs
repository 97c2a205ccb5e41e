//! The places layer: areas filled in the holder's colour, markers as dots,
//! with the status readable without colour alone (split = contested, ring =
//! besieged, hollow = unknown) and a halo on places that changed hands recently.

use super::MapRenderer;
use super::basemap::path_data;
use super::projection::{Projection, Rect};
use super::scene::{AreaItem, MarkerItem, Scene};
use super::style::{Style, colors};
use super::svg::{esc, n};
use crate::dataset::Dataset;
use crate::dataset::forces::parse_color;
use crate::timeline::{PlaceState, Status};
use geo::{BoundingRect, Geometry, InteriorPoint};
use std::fmt::Write;

/// A place projected to the canvas.
#[derive(Debug, Clone)]
pub(crate) struct PlaceShape {
    /// Marker centres (points and multipoints).
    pub markers: Vec<(f64, f64)>,
    /// Path data of the area (polygons), empty for points.
    pub area: String,
    /// Marker radius.
    pub radius: f64,
    /// Where a label attaches, and the box to keep clear around it.
    pub anchor: (f64, f64),
    pub footprint: Rect,
    /// Whether any of it is inside the map.
    pub visible: bool,
}

pub(crate) fn project_places(
    dataset: &Dataset,
    proj: &Projection,
    style: &Style,
    map: &Rect,
) -> Vec<PlaceShape> {
    dataset
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
                area,
                radius,
                anchor,
                footprint,
                visible,
            }
        })
        .collect()
}

/// One diagonal hatch pattern per force, for contested areas.
pub(crate) fn write_hatch_patterns(r: &MapRenderer, out: &mut String) {
    let s = 7.0 * r.style.k;
    for (i, color) in r.colors.iter().enumerate() {
        let _ = writeln!(
            out,
            "<pattern id=\"hatch-{i}\" patternUnits=\"userSpaceOnUse\" width=\"{s}\" height=\"{s}\" patternTransform=\"rotate(45)\"><rect width=\"{h}\" height=\"{s}\" fill=\"{color}\"/></pattern>",
            s = n(s),
            h = n(s * 0.45),
        );
    }
}

pub(crate) fn write_places(
    r: &MapRenderer,
    states: &[PlaceState],
    recent: &[bool],
    out: &mut Scene,
) {
    let k = r.style.k;
    let unknown_rgb = parse_color(colors::UNKNOWN).unwrap_or([128, 128, 128]);
    let rgb = |f: Option<u32>| f.map_or(unknown_rgb, |f| r.colors_rgb[f as usize]);
    out.open("<g id=\"places\">");
    // Halos first, so they sit beneath every place.
    out.open("<g id=\"changes\">");
    for (_, shape) in r
        .places
        .iter()
        .enumerate()
        .filter(|(p, s)| s.visible && recent[*p])
    {
        if shape.markers.is_empty() {
            let _ = writeln!(
                out,
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.55\" stroke-width=\"{}\" stroke-linejoin=\"round\"/>",
                shape.area,
                colors::CHANGED,
                n(7.0 * k)
            );
        }
        for &(x, y) in &shape.markers {
            out.marker(MarkerItem::halo(x, y, shape.radius + 6.5 * k, k));
        }
    }
    out.close();
    // Areas, then markers on top (small places inside districts stay visible).
    out.open("<g id=\"place-areas\">");
    for (p, shape) in r.places.iter().enumerate() {
        if shape.visible && shape.markers.is_empty() {
            let tagged = open_place(r, p, states, out);
            write_area(r, out, p as u32, shape, &states[p]);
            if tagged {
                out.close();
            }
        }
    }
    out.close();
    // Markers from one flat list (5,000 places' own lists cost a cache miss
    // each), a place's markers together in its group.
    out.open("<g id=\"place-markers\">");
    let mut group: Option<(u32, bool)> = None;
    for &(p, x, y, radius) in &r.marker_points {
        if group.is_none_or(|(q, _)| q != p) {
            if let Some((_, true)) = group {
                out.close();
            }
            group = Some((p, open_place(r, p as usize, states, out)));
        }
        let s = &states[p as usize];
        out.marker(MarkerItem::rgb(
            x,
            y,
            radius,
            s.status,
            rgb(s.holder),
            rgb(s.challenger),
            k,
        ));
    }
    if let Some((_, true)) = group {
        out.close();
    }
    out.close();
    out.close();
}

/// Opens a place's group with the attributes pages script (SVG only: the
/// PNG path skips them); returns whether it opened one.
fn open_place(r: &MapRenderer, p: usize, states: &[PlaceState], out: &mut Scene) -> bool {
    if !out.attributes {
        return false;
    }
    let s = &states[p];
    let place = &r.dataset.places[p];
    let force_id =
        |f: Option<u32>| f.map_or(String::new(), |f| esc(&r.dataset.forces[f as usize].id));
    out.open(format!(
        "<g class=\"place {}\" data-id=\"{}\" data-name=\"{}\" data-controller=\"{}\" data-status=\"{}\" data-challenger=\"{}\" data-since=\"{}\">",
        s.status.as_str(),
        esc(&place.id),
        esc(&place.name),
        force_id(s.holder),
        s.status.as_str(),
        force_id(s.challenger),
        s.since.map(|d| d.to_string()).unwrap_or_default()
    ));
    true
}

fn write_area(r: &MapRenderer, scene: &mut Scene, place: u32, shape: &PlaceShape, s: &PlaceState) {
    let k = r.style.k;
    let color = |f: Option<u32>| f.map_or(colors::UNKNOWN, |f| r.colors[f as usize].as_str());
    let (holder, challenger) = (color(s.holder), color(s.challenger));
    let key = (place, s.status, s.holder, s.challenger);
    // An area's elements are long (its whole outline) and the same from
    // frame to frame: written once per look.
    let cached = r.area_svgs.lock().ok().and_then(|c| c.get(&key).cloned());
    let svg = cached.unwrap_or_else(|| {
        let svg: std::sync::Arc<str> = area_svg(shape, s, holder, challenger, k).into();
        if let Ok(mut c) = r.area_svgs.lock() {
            c.insert(key, svg.clone());
        }
        svg
    });
    scene.area(AreaItem {
        svg,
        key,
        bbox: shape.footprint.grow(4.0 * k),
    });
}

fn area_svg(shape: &PlaceShape, s: &PlaceState, holder: &str, challenger: &str, k: f64) -> String {
    let d = &shape.area;
    let mut svg = String::with_capacity(d.len() * 2 + 400);
    let out = &mut svg;
    match s.status {
        Status::Unknown => {
            let _ = write!(
                out,
                "<path d=\"{d}\" fill=\"#d9d9d9\" fill-opacity=\"0.6\" stroke=\"{}\" stroke-width=\"{}\" fill-rule=\"evenodd\"/>",
                colors::UNKNOWN,
                n(0.8 * k)
            );
        }
        _ => {
            let _ = write!(
                out,
                "<path d=\"{d}\" fill=\"{holder}\" fill-opacity=\"0.62\" stroke=\"{holder}\" stroke-width=\"{}\" fill-rule=\"evenodd\"/>",
                n(0.9 * k)
            );
            if let Some(ch) = s.challenger {
                if s.status == Status::Contested {
                    let _ = write!(
                        out,
                        "<path d=\"{d}\" fill=\"url(#hatch-{ch})\" fill-opacity=\"0.85\" stroke=\"none\" fill-rule=\"evenodd\"/>"
                    );
                } else {
                    // Besieged: a thick dashed ring of the besieger's colour.
                    let _ = write!(
                        out,
                        "<path d=\"{d}\" fill=\"none\" stroke=\"{challenger}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\" stroke-linejoin=\"round\"/>",
                        n(3.0 * k),
                        n(6.0 * k),
                        n(3.0 * k)
                    );
                }
            }
        }
    }
    svg
}

/// One marker: dot, split dot, ringed dot or hollow dot (the legend draws them too).
pub(crate) fn write_marker(
    out: &mut String,
    (x, y): (f64, f64),
    r: f64,
    status: Status,
    holder: &str,
    challenger: &str,
    k: f64,
) {
    let edge = n(0.8 * k);
    match status {
        Status::Unknown => {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"{}\"/>",
                n(x),
                n(y),
                n(r - 0.6 * k),
                colors::UNKNOWN,
                n(1.4 * k)
            );
        }
        Status::Held => {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{holder}\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{edge}\"/>",
                n(x),
                n(y),
                n(r)
            );
        }
        Status::Contested => {
            // Left half the holder, right half the challenger.
            let (top, bottom) = (n(y - r), n(y + r));
            let (xs, rs) = (n(x), n(r));
            let _ = write!(
                out,
                "<path d=\"M{xs} {top}A{rs} {rs} 0 0 0 {xs} {bottom}Z\" fill=\"{holder}\"/><path d=\"M{xs} {top}A{rs} {rs} 0 0 1 {xs} {bottom}Z\" fill=\"{challenger}\"/><circle cx=\"{xs}\" cy=\"{}\" r=\"{rs}\" fill=\"none\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{edge}\"/>",
                n(y)
            );
        }
        Status::Besieged => {
            let ring = 2.2 * k;
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{challenger}\" stroke-width=\"{}\"/><circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{holder}\" stroke=\"#1a1a1a\" stroke-opacity=\"0.6\" stroke-width=\"{edge}\"/>",
                n(x),
                n(y),
                n(r + ring * 0.9),
                n(ring),
                n(x),
                n(y),
                n(r - 0.3 * k)
            );
        }
    }
}
