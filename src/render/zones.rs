//! The zones layer: areas of control (the `zones` stage's cells, filled in
//! their holder's colour) and front lines, beneath the places.

use super::basemap::path_data;
use super::scene::Scene;
use super::svg::n;
use crate::dataset::{Color, Dataset};
use crate::error::Result;
use crate::geometry::{Projection, Rect};
use crate::timeline::{PlaceState, Status};
use crate::zones::{Cells, ZoneKey, ZoneOptions, Zones};
use geo::{Geometry, LineString, MultiLineString};
use std::fmt::Write;

/// The cells of a map, projected once.
pub(crate) struct ZoneLayer {
    pub cells: Cells,
    /// Each cell's path data on the canvas (empty when off the map).
    paths: Vec<String>,
    /// Each link's path data (its segments), same order as `cells.links()`.
    links: Vec<String>,
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
    ) -> Result<ZoneLayer> {
        let cells = Cells::build(dataset, options)?;
        let step = 0.6 * k;
        let paths = cells
            .cells()
            .iter()
            .map(|c| {
                path_data(
                    &Geometry::MultiPolygon(c.geometry.clone()),
                    projection,
                    view,
                    step,
                )
            })
            .collect();
        let links = cells
            .links()
            .iter()
            .map(|l| {
                let mls = MultiLineString(
                    l.lines
                        .iter()
                        .map(|s| LineString::from(vec![s.start, s.end]))
                        .collect(),
                );
                path_data(&Geometry::MultiLineString(mls), projection, view, 0.0)
            })
            .collect();
        Ok(ZoneLayer {
            cells,
            paths,
            links,
            k,
        })
    }

    /// The zones of a date (areas for the legend).
    pub fn zones(&self, states: &[PlaceState]) -> Zones {
        self.cells.zones(states)
    }

    /// Writes `<g id="zones">`: cells by their key, then the fronts.
    pub fn write(
        &self,
        dataset: &Dataset,
        colors: &[Color],
        states: &[PlaceState],
        out: &mut Scene,
    ) {
        let keys = self.cells.keys(states);
        let k = self.k;
        let mut s = String::with_capacity(64 * 1024);
        s.push_str("<g id=\"zones\">\n");
        for (c, key) in keys.iter().enumerate() {
            let (Some(key), d) = (key, &self.paths[c]) else {
                continue;
            };
            if d.is_empty() {
                continue;
            }
            let color = colors[key.holder.get()];
            // The SVG names the cell's (first) place; the pixels do not depend on it.
            let place = match (out.attributes, self.cells.cells()[c].places.first()) {
                (true, Some(&p)) => format!(
                    " data-place=\"{}\"",
                    super::svg::esc(&dataset.places[p as usize].id)
                ),
                _ => String::new(),
            };
            // A stroke in the fill's colour hides seams between cells of one force.
            let _ = writeln!(
                s,
                "<path d=\"{d}\" fill=\"{color}\" fill-opacity=\"0.35\" stroke=\"{color}\" stroke-opacity=\"0.35\" stroke-width=\"{}\"{place}/>",
                n(0.5 * k)
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
        }
        // Fronts: edges between cells of different holders.
        let mut fronts = String::new();
        for (l, link) in self.cells.links().iter().enumerate() {
            let (a, b) = (&keys[link.a as usize], &keys[link.b as usize]);
            if let (Some(ZoneKey { holder: ha, .. }), Some(ZoneKey { holder: hb, .. })) = (a, b)
                && ha != hb
                && !self.links[l].is_empty()
            {
                fronts.push_str(&self.links[l]);
            }
        }
        if !fronts.is_empty() {
            let _ = writeln!(
                s,
                "<path id=\"fronts\" d=\"{fronts}\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\n<path d=\"{fronts}\" fill=\"none\" stroke=\"#333333\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                n(3.2 * k),
                n(1.6 * k)
            );
        }
        s.push_str("</g>\n");
        out.push_str(&s);
    }
}
