//! The basemap layer: countries (focus ones emphasised, neighbours muted),
//! governorate boundaries, rivers and lakes. Drawn once per renderer.

use super::style::colors;
use super::svg::{esc, n, ring};
use crate::dataset::{BasemapFeature, BasemapKind};
use crate::geometry::{Projection, Rect};
use geo::{BoundingRect, Geometry, LineString, Polygon};
use std::fmt::Write;

/// Path data of a geometry projected to the canvas (empty when it lies outside `view`).
pub(crate) fn path_data(
    g: &Geometry<f64>,
    proj: &Projection,
    view: &Rect,
    min_step: f64,
) -> String {
    let mut d = String::new();
    if !visible(g, proj, view) {
        return d;
    }
    let line = |d: &mut String, ls: &LineString<f64>, close: bool| {
        let pts: Vec<(f64, f64)> = ls.0.iter().map(|c| proj.px(c.x, c.y)).collect();
        ring(d, &pts, min_step, close);
    };
    let polygon = |d: &mut String, p: &Polygon<f64>| {
        line(d, p.exterior(), true);
        for hole in p.interiors() {
            line(d, hole, true);
        }
    };
    match g {
        Geometry::Polygon(p) => polygon(&mut d, p),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| polygon(&mut d, p)),
        Geometry::LineString(ls) => line(&mut d, ls, false),
        Geometry::MultiLineString(mls) => mls.0.iter().for_each(|ls| line(&mut d, ls, false)),
        _ => {}
    }
    d
}

/// Whether a geometry's lon/lat bounds, projected, reach the view at all.
fn visible(g: &Geometry<f64>, proj: &Projection, view: &Rect) -> bool {
    let Some(b) = g.bounding_rect() else {
        return false;
    };
    let (x0, y0, x1, y1) = (b.min().x, b.min().y, b.max().x, b.max().y);
    let corners = [
        (x0, y0),
        (x1, y0),
        (x0, y1),
        (x1, y1),
        ((x0 + x1) / 2.0, y0),
        ((x0 + x1) / 2.0, y1),
    ];
    let (mut a, mut c) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for (lon, lat) in corners {
        let (x, y) = proj.px(lon, lat);
        a = (a.0.min(x), a.1.min(y));
        c = (c.0.max(x), c.1.max(y));
    }
    let r = Rect {
        x: a.0,
        y: a.1,
        w: c.0 - a.0,
        h: c.1 - a.1,
    };
    r.intersects(&view.grow(view.w * 0.05))
}

/// The basemap's features drawn in the map area `m`, in two parts.
pub(crate) struct BasemapSvg {
    /// The sea, other countries and the focus countries' land.
    pub ground: String,
    /// What is drawn over the land: water, internal boundaries, the rest,
    /// and the focus countries' borders on top. With zones these go over
    /// the zones, which would otherwise hide them.
    pub lines: String,
}

impl BasemapSvg {
    /// Both parts in one `<g id="basemap">` group.
    pub fn whole(&self) -> String {
        format!("<g id=\"basemap\">\n{}{}</g>\n", self.ground, self.lines)
    }
}

/// Draws the basemap's features (see [`BasemapSvg`]).
pub(crate) fn basemap_svg(
    feats: &[BasemapFeature],
    projection: &Projection,
    m: Rect,
    k: f64,
) -> BasemapSvg {
    let mut ground = String::with_capacity(64 * 1024);
    let mut lines = String::with_capacity(64 * 1024);
    let _ = writeln!(
        ground,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
        n(m.x),
        n(m.y),
        n(m.w),
        n(m.h),
        colors::SEA
    );
    let step = 0.6 * k;
    let draw = |out: &mut String, kind: BasemapKind, focus: Option<bool>, attrs: &str| {
        for f in feats
            .iter()
            .filter(|f| f.kind == kind && focus.is_none_or(|x| f.focus == x))
        {
            let d = path_data(&f.geometry, projection, &m, step);
            if d.is_empty() {
                continue;
            }
            let name = f
                .name
                .as_deref()
                .map(|s| format!(" data-name=\"{}\"", esc(s)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<path class=\"{}\"{name} d=\"{d}\" {attrs}/>",
                kind.as_str()
            );
        }
    };
    let w = |x: f64| n(x * k);
    let out = &mut ground;
    draw(
        out,
        BasemapKind::Country,
        Some(false),
        &format!(
            "fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
            colors::OTHER_LAND,
            colors::OTHER_BORDER,
            w(0.8)
        ),
    );
    draw(
        out,
        BasemapKind::Country,
        Some(true),
        &format!("fill=\"{}\" stroke=\"none\"", colors::FOCUS_LAND),
    );
    let out = &mut lines;
    draw(
        out,
        BasemapKind::Lake,
        None,
        &format!(
            "fill=\"{}\" fill-opacity=\"0.7\" stroke=\"{}\" stroke-width=\"{}\"",
            "#cfe0ea",
            colors::WATER,
            w(0.5)
        ),
    );
    draw(
        out,
        BasemapKind::River,
        None,
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"",
            colors::WATER,
            w(1.3)
        ),
    );
    draw(
        out,
        BasemapKind::Admin1,
        None,
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\"",
            colors::ADMIN1,
            w(0.7),
            w(3.0),
            w(2.0)
        ),
    );
    // Anything of another kind: a plain thin outline.
    for f in feats.iter().filter(|f| f.kind == BasemapKind::Other) {
        let d = path_data(&f.geometry, projection, &m, step);
        if !d.is_empty() {
            let _ = writeln!(
                out,
                "<path class=\"other\" d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
                colors::OTHER_BORDER,
                w(0.6)
            );
        }
    }
    draw(
        out,
        BasemapKind::Country,
        Some(true),
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
            colors::FOCUS_BORDER,
            w(1.4)
        ),
    );
    BasemapSvg { ground, lines }
}
