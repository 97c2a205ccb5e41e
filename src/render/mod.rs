//! Stage 5, render: the map of a date as SVG, and as PNG through resvg.
//!
//! A [`MapRenderer`] is built once per dataset and canvas: it fits the
//! projection, projects every place and the basemap, and writes the layers
//! that never change (background, basemap). Each date then only adds the
//! layers that depend on the state: places, labels, legend, title. SVG and
//! PNG are the same picture: the PNG is the SVG rasterised by resvg, with
//! the unchanging layers rasterised once and reused (see [`raster`]).

mod basemap;
mod labels;
mod legend;
mod places;
pub mod projection;
pub mod raster;
mod scene;
pub mod style;
pub mod svg;
pub mod text;

pub use raster::Rasterizer;
pub use style::Palette;

use crate::dataset::Dataset;
use crate::dataset::config::check_bbox;
use crate::error::{Error, Result};
use crate::timeline::{PlaceState, Timeline};
use chrono::NaiveDate;
use projection::{Projection, Rect};
use std::fmt::Write;
use style::Style;

/// What to draw, and how big.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// Canvas width in CSS pixels.
    pub width: u32,
    /// Canvas height in CSS pixels.
    pub height: u32,
    /// The extent, `[minlon, minlat, maxlon, maxlat]`; default: `frontline.toml`'s,
    /// else the places' bounds with a margin.
    pub bbox: Option<[f64; 4]>,
    /// Whether to label places.
    pub labels: bool,
    /// Force colours.
    pub palette: Palette,
    /// Highlight places that changed hands in the last N days.
    pub changes_days: Option<u32>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 1600,
            height: 1200,
            bbox: None,
            labels: true,
            palette: Palette::Dataset,
            changes_days: None,
        }
    }
}

/// Where things go on the canvas.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub title: Rect,
    pub map: Rect,
    pub footer: Rect,
}

/// A map of one dataset on one canvas, ready to draw any date.
pub struct MapRenderer<'a> {
    pub(crate) dataset: &'a Dataset,
    pub(crate) timeline: &'a Timeline,
    pub(crate) options: RenderOptions,
    pub(crate) style: Style,
    pub(crate) layout: Layout,
    pub(crate) projection: Projection,
    /// `#rrggbb` per force, after the palette.
    pub(crate) colors: Vec<String>,
    /// The same, parsed.
    pub(crate) colors_rgb: Vec<[u8; 3]>,
    pub(crate) places: Vec<places::PlaceShape>,
    /// Every visible marker (place, x, y, radius), in drawing order.
    pub(crate) marker_points: Vec<(u32, f64, f64, f64)>,
    /// Country names and where they may go.
    pub(crate) country_labels: Vec<labels::CountryLabel>,
    /// The document's start: `<svg>`, title, defs.
    head_svg: String,
    /// The layers that never change: background, basemap.
    base_svg: String,
    /// The boxes of the visible markers, which labels keep clear of.
    pub(crate) marker_index: rstar::RTree<labels::Boxed>,
    /// Per place, what label placement needs (worked out once).
    pub(crate) label_info: Vec<labels::LabelInfo>,
    /// Where the legend goes (chosen once: it does not move between dates).
    pub(crate) legend_corner: legend::Corner,
    /// The SVG elements of each area place by look (place, status, holder,
    /// challenger), written once.
    #[allow(clippy::type_complexity)]
    pub(crate) area_svgs: std::sync::Mutex<
        rustc_hash::FxHashMap<
            (u32, crate::timeline::Status, Option<u32>, Option<u32>),
            std::sync::Arc<str>,
        >,
    >,
    /// Events sorted by date, for "built on N events".
    event_dates: Vec<NaiveDate>,
}

impl<'a> MapRenderer<'a> {
    /// Prepares the map of a dataset: projection, projected shapes, static layers.
    pub fn new(
        dataset: &'a Dataset,
        timeline: &'a Timeline,
        options: RenderOptions,
    ) -> Result<MapRenderer<'a>> {
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
        let (w, h) = (options.width as f64, options.height as f64);
        let title_h = (74.0 * style.k).round();
        let footer_h = (26.0 * style.k).round();
        let layout = Layout {
            title: Rect {
                x: 0.0,
                y: 0.0,
                w,
                h: title_h,
            },
            map: Rect {
                x: 0.0,
                y: title_h,
                w,
                h: h - title_h - footer_h,
            },
            footer: Rect {
                x: 0.0,
                y: h - footer_h,
                w,
                h: footer_h,
            },
        };
        let projection = Projection::fit(bbox, layout.map.grow(-8.0 * style.k))?;
        let colors = dataset
            .forces
            .iter()
            .enumerate()
            .map(|(i, f)| match options.palette {
                Palette::Colorblind => style::OKABE_ITO
                    .get(i)
                    .map_or(f.color.to_lowercase(), |c| c.to_string()),
                Palette::Dataset => f.color.to_lowercase(),
            })
            .collect::<Vec<String>>();
        let colors_rgb = colors
            .iter()
            .map(|c| crate::dataset::forces::parse_color(c).unwrap_or([128, 128, 128]))
            .collect();
        let mut places = places::project_places(dataset, &projection, &style, &layout.map);
        if dataset.config.gazetteer {
            // A gazetteer's places that no event mentions are not tracked: leave them out.
            let mut mentioned = vec![false; places.len()];
            for e in &dataset.events {
                mentioned[e.place as usize] = true;
            }
            for (shape, m) in places.iter_mut().zip(mentioned) {
                shape.visible &= m;
            }
        }
        let marker_points = places
            .iter()
            .enumerate()
            .filter(|(_, s)| s.visible)
            .flat_map(|(p, s)| {
                s.markers
                    .iter()
                    .map(move |&(x, y)| (p as u32, x, y, s.radius))
            })
            .collect();
        let country_labels = labels::country_labels(dataset, &projection, &layout.map);
        let mut event_dates: Vec<NaiveDate> = dataset.events.iter().map(|e| e.date).collect();
        event_dates.sort_unstable();
        let mut r = MapRenderer {
            dataset,
            timeline,
            options,
            style,
            layout,
            projection,
            colors,
            colors_rgb,
            places,
            marker_points,
            country_labels,
            head_svg: String::new(),
            base_svg: String::new(),
            event_dates,
            area_svgs: Default::default(),
            legend_corner: legend::Corner::BottomLeft,
            label_info: labels::label_infos(dataset, style.k),
            marker_index: rstar::RTree::new(),
        };
        r.marker_index = labels::marker_index(&r.places, r.style.k);
        r.legend_corner = legend::choose_corner(&r);
        r.head_svg = r.write_head();
        r.base_svg = r.write_base();
        Ok(r)
    }

    /// The canvas size in CSS pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.options.width, self.options.height)
    }

    /// The whole map of `date` as an SVG document.
    pub fn svg(&self, date: NaiveDate) -> String {
        let states = self.timeline.states_on(date);
        let dynamic = self.dynamic_svg(date, &states);
        let mut out =
            String::with_capacity(self.head_svg.len() + self.base_svg.len() + dynamic.len() + 8);
        out.push_str(&self.head_svg);
        out.push_str(&self.base_svg);
        out.push_str(&dynamic);
        out.push_str("</svg>\n");
        out
    }

    /// The document's start: `<svg>`, title and defs (shared by every layer).
    pub fn head_svg(&self) -> &str {
        &self.head_svg
    }

    /// The layers that do not depend on the date: background and basemap.
    pub fn base_svg(&self) -> &str {
        &self.base_svg
    }

    /// The layers that depend on the date (no closing `</svg>`): places,
    /// labels, legend, title and footer, for `states` (one per place) on `date`.
    pub fn dynamic_svg(&self, date: NaiveDate, states: &[PlaceState]) -> String {
        let mut out = String::with_capacity(64 * 1024 + self.places.len() * 200);
        self.scene(date, states, true).write_svg(&mut out);
        out
    }

    /// The layers that depend on the date, resolved; `attributes`: with what
    /// only the SVG needs.
    pub(crate) fn scene(
        &self,
        date: NaiveDate,
        states: &[PlaceState],
        attributes: bool,
    ) -> scene::Scene {
        // Places that changed hands lately get a halo with --changes, and are
        // labelled first even without it (over the last 30 days then).
        let changed = self.recent_changes(date, states, self.options.changes_days.unwrap_or(30));
        let no_halos = vec![false; states.len()];
        let halos = if self.options.changes_days.is_some() {
            &changed
        } else {
            &no_halos
        };
        let legend = legend::Legend::new(self, states, halos.iter().any(|&c| c));
        let mut out = scene::Scene::new(attributes);
        places::write_places(self, states, halos, &mut out);
        if self.options.labels {
            labels::write_labels(self, states, &changed, &legend.obstacles(), &mut out);
        }
        legend.write(self, &mut out);
        legend::write_title(self, date, &mut out);
        legend::write_footer(self, date, &mut out);
        out
    }

    fn write_head(&self) -> String {
        let (w, h) = (self.options.width, self.options.height);
        let mut out = String::with_capacity(256 * 1024);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{}\">",
            text::FAMILY
        );
        let _ = writeln!(out, "<title>{}</title>", svg::esc(&self.dataset.title()));
        out.push_str("<defs>\n");
        // No clip path: the title band and the footer are opaque and drawn
        // last, and they cover whatever spills out of the map (resvg draws a
        // clip path through a whole-canvas mask, which costs more than the map).
        places::write_hatch_patterns(self, &mut out);
        out.push_str("</defs>\n");
        out
    }

    fn write_base(&self) -> String {
        let (w, h) = (self.options.width, self.options.height);
        let mut out = String::with_capacity(256 * 1024);
        let _ = writeln!(
            out,
            "<rect id=\"background\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
        );
        basemap::write_basemap(self, &mut out);
        legend::write_scale_bar(self, &mut out);
        out
    }

    /// For each place: did it change hands (from one holder to another) in
    /// the `days` up to `date`?
    fn recent_changes(&self, date: NaiveDate, states: &[PlaceState], days: u32) -> Vec<bool> {
        let window_start = date - chrono::Days::new(days as u64);
        states
            .iter()
            .enumerate()
            .map(|(p, s)| match s.since {
                Some(since) if since > window_start && since <= date => {
                    since.pred_opt().is_some_and(|before| {
                        self.timeline
                            .state_on(p, before)
                            .holder
                            .is_some_and(|h| Some(h) != s.holder)
                    })
                }
                _ => false,
            })
            .collect()
    }

    /// How many events are dated on or before `date`.
    pub(crate) fn events_until(&self, date: NaiveDate) -> usize {
        self.event_dates.partition_point(|d| *d <= date)
    }
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
        (b[1] - my).max(-89.0),
        (b[2] + mx).min(180.0),
        (b[3] + my).min(89.0),
    ]
}
