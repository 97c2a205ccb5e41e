//! The zones layer: areas of control (the `zones` stage's cells, filled in
//! their holder's colour) and front lines, beneath the places.

use super::basemap::path_data;
use super::scene::{AreaItem, AreaLook, AreaShape, PlainPath, Scene};
use super::style::colors;
use super::svg::{esc, n};
use crate::dataset::{Color, Dataset};
use crate::error::Result;
use crate::geometry::{Projection, Rect};
use crate::timeline::{PlaceState, Status};
use crate::zones::{Cells, ZoneKey, ZoneOptions, Zones};
use geo::{CoordsIter, Geometry, LineString, MultiLineString};
use rustc_hash::FxHashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// A shape of the layer on the canvas: its path data (empty when off the
/// map) and where it is, strokes included.
struct Drawn {
    d: Arc<str>,
    bbox: Rect,
}

/// The cells of a map, projected once.
///
/// Every cell and every front is its own area item in the scene, so the PNG
/// path draws each (cell, zone) and each front once into a sprite and an
/// animation redraws only the tiles around the cells whose zone changed,
/// rather than the whole layer whenever any cell changes.
pub(crate) struct ZoneLayer {
    pub cells: Cells,
    /// Each cell, same order as `cells.cells()`.
    cells_drawn: Vec<Drawn>,
    /// Each link (the edges two cells share), same order as `cells.links()`.
    links_drawn: Vec<Drawn>,
    /// The basemap's water and boundaries, drawn over the zones.
    basemap_lines: Arc<str>,
    /// The map area.
    view: Rect,
    /// The SVG of each shape in each look it was drawn in.
    svgs: Mutex<FxHashMap<AreaLook, Arc<str>>>,
    /// Canvas scale.
    k: f64,
}

impl ZoneLayer {
    /// Builds the cells and projects them.
    pub fn new(
        dataset: &Dataset,
        options: &ZoneOptions,
        projection: &Projection,
        view: &Rect,
        k: f64,
        basemap_lines: String,
    ) -> Result<ZoneLayer> {
        let cells = Cells::build(dataset, options)?;
        let step = 0.6 * k;
        let drawn = |g: Geometry, step: f64, stroke: f64| {
            let d = path_data(&g, projection, view, step).into();
            let bbox = projected_box(&g, projection).grow(stroke / 2.0 + 1.0);
            Drawn { d, bbox }
        };
        let cells_drawn = cells
            .cells()
            .iter()
            .map(|c| {
                drawn(
                    Geometry::MultiPolygon(c.geometry.clone()),
                    step,
                    CELL_STROKE * k,
                )
            })
            .collect();
        let links_drawn = cells
            .links()
            .iter()
            .map(|l| {
                let mls = MultiLineString(
                    l.lines
                        .iter()
                        .map(|s| LineString::from(vec![s.start, s.end]))
                        .collect(),
                );
                drawn(Geometry::MultiLineString(mls), 0.0, CASING_STROKE * k)
            })
            .collect();
        Ok(ZoneLayer {
            cells,
            cells_drawn,
            links_drawn,
            basemap_lines: format!("<g id=\"basemap-lines\">\n{basemap_lines}</g>\n").into(),
            view: *view,
            svgs: Mutex::default(),
            k,
        })
    }

    /// The zones of a date (areas for the legend).
    pub fn areas(&self, states: &[PlaceState]) -> Zones {
        self.cells.areas(states)
    }

    /// Writes `<g id="zones">` (each cell in its zone's look), the
    /// basemap's water and boundaries over them, and then `<g id="fronts">`
    /// (the casings of every front, then the lines, so that no casing
    /// covers a line where fronts meet).
    pub fn write(
        &self,
        dataset: &Dataset,
        colors: &[Color],
        states: &[PlaceState],
        out: &mut Scene,
    ) {
        let keys = self.cells.keys(states);
        out.open("<g id=\"zones\">");
        for (c, key) in keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let drawn = &self.cells_drawn[c];
            if drawn.d.is_empty() {
                continue;
            }
            let look = AreaLook {
                shape: AreaShape::Cell(c as u32),
                status: key.status,
                holder: Some(key.holder),
                challenger: key.challenger,
            };
            let color = colors[key.holder.get()].over(colors::FOCUS_LAND_COLOR, FILL_OPACITY);
            let svg = self.svg(look, || self.cell_svg(dataset, c, key, color));
            // A hatched cell is two colours; a plain one is a tint of its shape.
            let plain = key.challenger.is_none();
            out.area(AreaItem {
                svg,
                key: look,
                bbox: drawn.bbox,
                tint: plain.then_some(color),
                plain: plain.then(|| PlainPath {
                    d: drawn.d.clone(),
                    fill: Some(color),
                    fill_opacity: 100,
                    even_odd: false,
                    stroke: Some((color, CELL_STROKE * self.k)),
                    round: false,
                }),
            });
        }
        out.close();
        out.area(AreaItem {
            svg: self.basemap_lines.clone(),
            key: AreaLook {
                shape: AreaShape::BasemapLines,
                status: Status::Held,
                holder: None,
                challenger: None,
            },
            bbox: self.view,
            tint: None,
            plain: None,
        });
        // Fronts: links between cells of different holders.
        let fronts: Vec<usize> = self
            .cells
            .links()
            .iter()
            .enumerate()
            .filter(|(l, link)| {
                let (a, b) = (&keys[link.a as usize], &keys[link.b as usize]);
                matches!((a, b), (Some(a), Some(b)) if a.holder != b.holder)
                    && !self.links_drawn[*l].d.is_empty()
            })
            .map(|(l, _)| l)
            .collect();
        if fronts.is_empty() {
            return;
        }
        out.open("<g id=\"fronts\">");
        for shape in [AreaShape::FrontCasing, AreaShape::Front] {
            for &l in &fronts {
                let look = AreaLook {
                    shape: shape(l as u32),
                    status: Status::Held,
                    holder: None,
                    challenger: None,
                };
                let svg = self.svg(look, || self.front_svg(l, look.shape));
                let (color, width) = front_look(look.shape);
                out.area(AreaItem {
                    svg,
                    key: look,
                    bbox: self.links_drawn[l].bbox,
                    tint: None,
                    plain: Some(PlainPath {
                        d: self.links_drawn[l].d.clone(),
                        fill: None,
                        fill_opacity: 100,
                        even_odd: false,
                        stroke: Some((Color::hex(color), width * self.k)),
                        round: true,
                    }),
                });
            }
        }
        out.close();
    }

    /// A shape's SVG in a look, made once.
    fn svg(&self, look: AreaLook, make: impl FnOnce() -> String) -> Arc<str> {
        if let Some(svg) = self.svgs.lock().ok().and_then(|m| m.get(&look).cloned()) {
            return svg;
        }
        let svg: Arc<str> = make().into();
        if let Ok(mut m) = self.svgs.lock() {
            m.insert(look, svg.clone());
        }
        svg
    }

    /// A cell filled in its holder's colour (`color`: mixed with the land's,
    /// opaque), hatched with the challenger's when contested or besieged
    /// (more strongly when besieged).
    fn cell_svg(&self, dataset: &Dataset, c: usize, key: &ZoneKey, color: Color) -> String {
        let d = &self.cells_drawn[c].d;
        let mut s = String::with_capacity(d.len() * 2 + 300);
        // The SVG names the cell's (first) place; the pixels do not depend on it.
        let place = self.cells.cells()[c]
            .places
            .first()
            .map(|&p| format!(" data-place=\"{}\"", esc(&dataset.places[p as usize].id)))
            .unwrap_or_default();
        // Opaque, with a stroke in the fill's colour: cells of one force
        // meet without a seam (translucent fills would darken where their
        // edges overlap, and anti-aliasing leaves a light line without the
        // stroke).
        let _ = writeln!(
            s,
            "<path d=\"{d}\" fill=\"{color}\" stroke=\"{color}\" stroke-width=\"{}\"{place}/>",
            n(CELL_STROKE * self.k)
        );
        if let Some(ch) = key.challenger {
            let extra = match key.status {
                Status::Besieged => " fill-opacity=\"0.5\"",
                _ => "",
            };
            let _ = writeln!(
                s,
                "<path d=\"{d}\" fill=\"url(#hatch-{})\"{extra}/>",
                ch.get()
            );
        }
        s
    }

    /// A front's white casing or its dark line along one link.
    fn front_svg(&self, l: usize, shape: AreaShape) -> String {
        let d = &self.links_drawn[l].d;
        let (color, width) = front_look(shape);
        format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\n",
            n(width * self.k)
        )
    }
}

/// A front's casing (white, wide) or line (dark, narrow): colour and width.
fn front_look(shape: AreaShape) -> (&'static str, f64) {
    match shape {
        AreaShape::FrontCasing(_) => ("#ffffff", CASING_STROKE),
        _ => ("#333333", FRONT_STROKE),
    }
}

/// How strongly a zone shows its holder's colour over the land.
const FILL_OPACITY: f64 = 0.35;
/// Width of a cell's seam-hiding stroke, CSS pixels at scale 1.
const CELL_STROKE: f64 = 0.5;
/// Width of a front's white casing.
const CASING_STROKE: f64 = 3.2;
/// Width of a front's line.
const FRONT_STROKE: f64 = 1.6;

/// The canvas box of a geometry's vertices.
fn projected_box(g: &Geometry, projection: &Projection) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in g.coords_iter() {
        let (x, y) = projection.px(c.x, c.y);
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    if x0 > x1 {
        return Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        };
    }
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}
