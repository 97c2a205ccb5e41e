//! The places layer: areas filled in the holder's colour, markers as dots,
//! with the status readable without colour alone (split = contested, ring =
//! besieged, hollow = unknown) and a halo on places that changed hands recently.

use super::base::MapBase;
use super::marker::{MarkerItem, MarkerPart};
use super::scene::{AreaItem, AreaLook, AreaShape, PlainPath, Scene};
use super::shapes::{MarkerPoint, PlaceShape};
use super::style::colors;
use super::svg::{esc, n};
use crate::dataset::{Color, Dataset, ForceIndex, PlaceIndex};
use crate::timeline::{PlaceState, Status};
use rustc_hash::FxHashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// The SVG elements of each area place by look, written once: an area's
/// outline is long and the same from frame to frame.
/// With the SVG, the same pixels as a plain path when the look is one
/// (held or unknown: a fill and an outline), for the PNG path.
pub(crate) type AreaSvgs = Mutex<FxHashMap<AreaLook, (Arc<str>, Option<PlainPath>)>>;

/// The places of a date: halos of recent changes (`recent`), areas, then
/// markers on top.
pub(crate) fn write_places(
    base: &MapBase,
    dataset: &Dataset,
    areas: &AreaSvgs,
    states: &[PlaceState],
    recent: &[bool],
    out: &mut Scene,
) {
    let k = base.style.k;
    let color = |f: Option<ForceIndex>| f.map_or(colors::UNKNOWN_COLOR, |f| base.colors[f.get()]);
    out.open("<g id=\"places\">");
    // Halos first, so they sit beneath every place.
    out.open("<g id=\"changes\">");
    for (_, shape) in base
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
    for (p, shape) in base.places.iter().enumerate() {
        if shape.visible && shape.markers.is_empty() {
            let tagged = open_place(dataset, p, states, out);
            write_area(base, areas, out, PlaceIndex::new(p), shape, &states[p]);
            if tagged {
                out.close();
            }
        }
    }
    out.close();
    // Markers from one flat list (5,000 places' own lists cost a cache miss
    // each), least important first so that a capital's dot is on top of its
    // suburbs'; every siege ring beneath every dot, so that a besieged
    // suburb's ring does not hide the city beside it; a place's dots
    // together in its group.
    out.open("<g id=\"place-markers\">");
    out.open("<g id=\"siege-rings\">");
    for m in base
        .marker_points
        .iter()
        .filter(|m| states[m.place.get()].status == Status::Besieged)
    {
        let challenger = color(states[m.place.get()].challenger);
        out.marker(MarkerItem::siege_ring(m.x, m.y, m.radius, challenger, k));
    }
    out.close();
    let mut group: Option<(PlaceIndex, bool)> = None;
    for &MarkerPoint {
        place: p,
        x,
        y,
        radius,
    } in &base.marker_points
    {
        if group.is_none_or(|(q, _)| q != p) {
            if let Some((_, true)) = group {
                out.close();
            }
            group = Some((p, open_place(dataset, p.get(), states, out)));
        }
        let s = &states[p.get()];
        out.marker(
            MarkerItem::new(
                x,
                y,
                radius,
                s.status,
                color(s.holder),
                color(s.challenger),
                k,
            )
            .part(MarkerPart::Dot),
        );
    }
    if let Some((_, true)) = group {
        out.close();
    }
    out.close();
    out.close();
}

/// Opens a place's group with the attributes pages script (SVG only: the
/// PNG path skips them); returns whether it opened one.
fn open_place(dataset: &Dataset, p: usize, states: &[PlaceState], out: &mut Scene) -> bool {
    if !out.attributes {
        return false;
    }
    let s = &states[p];
    let place = &dataset.places[p];
    let force_id = |f: Option<ForceIndex>| f.map_or(String::new(), |f| esc(&dataset.force(f).id));
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

fn write_area(
    base: &MapBase,
    areas: &AreaSvgs,
    scene: &mut Scene,
    place: PlaceIndex,
    shape: &PlaceShape,
    s: &PlaceState,
) {
    let k = base.style.k;
    let color = |f: Option<ForceIndex>| f.map_or(colors::UNKNOWN_COLOR, |f| base.colors[f.get()]);
    let (holder, challenger) = (color(s.holder), color(s.challenger));
    let key = AreaLook {
        shape: AreaShape::Place(place),
        status: s.status,
        holder: s.holder,
        challenger: s.challenger,
    };
    let cached = areas.lock().ok().and_then(|c| c.get(&key).cloned());
    let (svg, plain) = cached.unwrap_or_else(|| {
        let base = area_base(shape, s, holder, k);
        let svg: Arc<str> = area_svg(&base, s, challenger, k).into();
        // Without a second layer the area is its base alone: the PNG path
        // fills it without parsing the SVG.
        let drawn = (svg, s.challenger.is_none().then_some(base));
        if let Ok(mut c) = areas.lock() {
            c.insert(key, drawn.clone());
        }
        drawn
    });
    scene.area(AreaItem {
        svg,
        key,
        bbox: shape.footprint.grow(4.0 * k),
        tint: None,
        plain,
    });
}

/// An area's first layer in every look: filled in the holder's colour (a
/// grey when unknown) and outlined.
fn area_base(shape: &PlaceShape, s: &PlaceState, holder: Color, k: f64) -> PlainPath {
    let (fill, fill_opacity, stroke) = match s.status {
        Status::Unknown => (Color::hex("#d9d9d9"), 60, (colors::UNKNOWN_COLOR, 0.8 * k)),
        _ => (holder, 62, (holder, 0.9 * k)),
    };
    PlainPath {
        d: shape.area.clone(),
        fill: Some(fill),
        fill_opacity,
        even_odd: true,
        stroke: Some(stroke),
        round: false,
    }
}

/// An area's elements: filled in the holder's colour, hatched when
/// contested (the patterns are in the document's head), ringed when besieged.
fn area_svg(base: &PlainPath, s: &PlaceState, challenger: Color, k: f64) -> String {
    let d = &base.d;
    let mut svg = String::with_capacity(d.len() * 2 + 400);
    let out = &mut svg;
    if let (Some(fill), Some((stroke, width))) = (base.fill, base.stroke) {
        let _ = write!(
            out,
            "<path d=\"{d}\" fill=\"{fill}\" fill-opacity=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\" fill-rule=\"evenodd\"/>",
            n(base.fill_opacity as f64 / 100.0),
            n(width)
        );
    }
    match (s.status, s.challenger) {
        (Status::Contested, Some(ch)) => {
            let _ = write!(
                out,
                "<path d=\"{d}\" fill=\"url(#hatch-{ch})\" fill-opacity=\"0.85\" stroke=\"none\" fill-rule=\"evenodd\"/>"
            );
        }
        (Status::Besieged, Some(_)) => {
            // A thick dashed ring of the besieger's colour.
            let _ = write!(
                out,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{challenger}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\" stroke-linejoin=\"round\"/>",
                n(3.0 * k),
                n(6.0 * k),
                n(3.0 * k)
            );
        }
        _ => {}
    }
    svg
}
