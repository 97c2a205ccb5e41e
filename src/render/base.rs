//! What a map of one dataset on one canvas needs whatever the date, worked
//! out once: layout, style, projected places, colours, label facts, the
//! legend's corner, and the SVG of the unchanging layers. The projection
//! serves only here, so it is not kept.

use super::basemap::basemap_svg;
use super::label_facts::{self, CountryLabel, LabelInfo, MarkerDisc};
use super::layout::Layout;
use super::legend_box::{Corner, choose_corner};
use super::options::RenderOptions;
use super::scale_bar::write_scale_bar;
use super::shapes::{self, MarkerPoint, PlaceShape};
use super::style::{self, Style};
use super::svg::{esc, n};
use super::text;
use crate::dataset::config::check_bbox;
use crate::dataset::{Color, Dataset};
use crate::error::{Error, Result};
use crate::geometry::{Projection, Rect};
use chrono::NaiveDate;
use rstar::RTree;
use std::fmt::Write;

/// The date-independent part of a map.
pub(crate) struct MapBase {
    pub style: Style,
    pub layout: Layout,
    /// Each force's colour, after the palette.
    pub colors: Vec<Color>,
    pub places: Vec<PlaceShape>,
    /// How many places show on the map (0: the map says so).
    pub places_in_view: usize,
    /// Every visible marker, in drawing order.
    pub marker_points: Vec<MarkerPoint>,
    /// Country names and where they may go.
    pub country_labels: Vec<CountryLabel>,
    /// The boxes of the visible markers, which labels keep clear of.
    pub marker_index: RTree<MarkerDisc>,
    /// Per place, what label placement needs.
    pub label_info: Vec<LabelInfo>,
    /// Where the legend goes: it does not move between dates.
    pub legend_corner: Corner,
    /// Events sorted by date, for "built on N events".
    event_dates: Vec<NaiveDate>,
    /// The document's start: `<svg>`, title, defs.
    pub head_svg: String,
    /// The layers that never change: background, basemap, scale bar.
    pub base_svg: String,
    /// The zones layer's cells, with --zones.
    pub zones: Option<super::zones::ZoneLayer>,
}

impl MapBase {
    /// Checks the canvas size and extent, then prepares everything.
    pub fn new(dataset: &Dataset, options: &RenderOptions) -> Result<MapBase> {
        if options.width < 200
            || options.height < 150
            || options.width > 20_000
            || options.height > 20_000
        {
            return Err(Error::Usage(format!(
                "a map of {}×{} pixels is not possible: width and height must be 200–20000 and 150–20000",
                options.width, options.height
            )));
        }
        let bbox = match options.bbox.or(dataset.config.bbox) {
            Some(b) => {
                check_bbox(b).map_err(|m| Error::Usage(format!("bad bbox: {m}")))?;
                b
            }
            None => data_bbox(dataset),
        };
        let style = Style::new(options.width, options.height);
        let k = style.k;
        let layout = Layout::new(options.width as f64, options.height as f64, &style);
        let projection = Projection::fit(bbox, layout.map.grow(-8.0 * k))?;
        let colors = style::force_colors(&dataset.forces, options.palette);
        let places = shapes::project_places(dataset, &projection, &style, &layout.map);
        let mut event_dates: Vec<NaiveDate> = dataset.events.iter().map(|e| e.date).collect();
        event_dates.sort_unstable();
        let head_svg = head_svg(options, &dataset.title(), &colors, k);
        let mut basemap = basemap_svg(&dataset.basemap, &projection, layout.map, k);
        // With zones, the basemap's water and boundaries go over the zones.
        let zones = match &options.zones {
            Some(z) => Some(super::zones::ZoneLayer::new(
                dataset,
                z,
                &projection,
                &layout.map,
                k,
                std::mem::take(&mut basemap.lines),
            )?),
            None => None,
        };
        let places_in_view = places.iter().filter(|p| p.visible).count();
        let mut base_svg = base_svg(options, &basemap.whole(), &projection, &layout, k);
        if places_in_view == 0 {
            write_nothing_in_view(&mut base_svg, layout.map, k);
        }
        let marker_points = shapes::marker_points(&places);
        Ok(MapBase {
            marker_index: label_facts::marker_index(&marker_points, k),
            marker_points,
            country_labels: label_facts::country_labels(dataset, &projection, &layout.map),
            label_info: label_facts::label_infos(dataset, k),
            legend_corner: choose_corner(
                &dataset.forces,
                &places,
                layout.map,
                k,
                options.changes_days,
            ),
            style,
            layout,
            colors,
            places,
            places_in_view,
            event_dates,
            head_svg,
            base_svg,
            zones,
        })
    }

    /// How many events are dated on or before `date`.
    pub fn events_until(&self, date: NaiveDate) -> usize {
        self.event_dates.partition_point(|d| *d <= date)
    }
}

/// The document's start: `<svg>`, title, and the defs every layer shares.
fn head_svg(options: &RenderOptions, title: &str, colors: &[Color], k: f64) -> String {
    let (w, h) = (options.width, options.height);
    let mut out = String::with_capacity(256 * 1024);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{}\">",
        text::FAMILY
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    out.push_str("<defs>\n");
    // No clip path: the title band and the footer are opaque and drawn
    // last, and they cover whatever spills out of the map (resvg draws a
    // clip path through a whole-canvas mask, which costs more than the map).
    write_hatch_patterns(&mut out, colors, k);
    out.push_str("</defs>\n");
    out
}

/// One diagonal hatch pattern per force, for contested areas (`hatch-{force}`).
fn write_hatch_patterns(out: &mut String, colors: &[Color], k: f64) {
    let s = 7.0 * k;
    for (i, color) in colors.iter().enumerate() {
        let _ = writeln!(
            out,
            "<pattern id=\"hatch-{i}\" patternUnits=\"userSpaceOnUse\" width=\"{s}\" height=\"{s}\" patternTransform=\"rotate(45)\"><rect width=\"{h}\" height=\"{s}\" fill=\"{color}\"/></pattern>",
            s = n(s),
            h = n(s * 0.45),
        );
    }
}

/// The layers that never change: background, basemap, scale bar.
fn base_svg(
    options: &RenderOptions,
    basemap: &str,
    projection: &Projection,
    layout: &Layout,
    k: f64,
) -> String {
    let (w, h) = (options.width, options.height);
    let mut out = String::with_capacity(256 * 1024);
    let _ = writeln!(
        out,
        "<rect id=\"background\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
    );
    out.push_str(basemap);
    write_scale_bar(&mut out, projection, layout.map, k);
    out
}

/// A note across the map's middle when no place lies in its extent (a
/// `--bbox` away from the data): an empty map with no word looks like a
/// failure, or like a war without places (issue 13, kind 9).
fn write_nothing_in_view(out: &mut String, map: Rect, k: f64) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{}\">No place of the dataset lies in this extent</text>",
        n(map.x + map.w / 2.0),
        n(map.y + map.h / 2.0),
        n(14.0 * k),
        style::colors::INK
    );
}

/// The places' bounds with a 10 % margin (at least half a degree).
fn data_bbox(dataset: &Dataset) -> [f64; 4] {
    use geo::BoundingRect;
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for p in &dataset.places {
        if let Some(r) = p.geometry.bounding_rect() {
            b = [
                b[0].min(r.min().x),
                b[1].min(r.min().y),
                b[2].max(r.max().x),
                b[3].max(r.max().y),
            ];
        }
    }
    if b[0] > b[2] {
        return [-180.0, -60.0, 180.0, 75.0];
    }
    let mx = ((b[2] - b[0]) * 0.1).max(0.5);
    let my = ((b[3] - b[1]) * 0.1).max(0.5);
    [
        (b[0] - mx).max(-180.0),
        (b[1] - my).max(-85.0),
        (b[2] + mx).min(180.0),
        (b[3] + my).min(85.0),
    ]
}
