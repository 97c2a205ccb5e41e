//! The map of a dataset on a canvas, drawn for any date: the prepared base
//! ([`MapBase`]) plus what depends on the date's states.

use super::bands::{write_footer, write_title};
use super::base::MapBase;
use super::labels::write_labels;
use super::legend::Legend;
use super::options::RenderOptions;
use super::places::{AreaSvgs, write_places};
use super::scene::Scene;
use crate::dataset::{Color, Dataset, PlaceIndex};
use crate::error::Result;
use crate::timeline::{PlaceState, Timeline};
use chrono::NaiveDate;

/// A map of one dataset on one canvas, ready to draw any date.
pub struct MapRenderer<'a> {
    dataset: &'a Dataset,
    timeline: &'a Timeline,
    options: RenderOptions,
    /// What does not depend on the date, prepared once.
    pub(crate) base: MapBase,
    /// Area places' SVG elements by look, written as dates need them.
    areas: AreaSvgs,
}

impl<'a> MapRenderer<'a> {
    /// Prepares the map of a dataset: projection, projected shapes, static layers.
    pub fn new(
        dataset: &'a Dataset,
        timeline: &'a Timeline,
        options: RenderOptions,
    ) -> Result<MapRenderer<'a>> {
        Ok(MapRenderer {
            base: MapBase::new(dataset, &options)?,
            dataset,
            timeline,
            options,
            areas: AreaSvgs::default(),
        })
    }

    /// The zones stage's cells, when the map draws zones (the viewer's chart uses their areas).
    pub(crate) fn cells(&self) -> Option<&crate::zones::Cells> {
        self.base.zones.as_ref().map(|z| &z.cells)
    }

    /// The timeline the maps are drawn from.
    pub(crate) fn timeline(&self) -> &Timeline {
        self.timeline
    }

    /// How many places show on the map: 0 when the extent is away from them
    /// all (the map then says so).
    pub fn places_in_view(&self) -> usize {
        self.base.places_in_view
    }

    /// The canvas size in CSS pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.options.width, self.options.height)
    }

    /// Each force's colour, after the palette.
    pub(crate) fn colors(&self) -> &[Color] {
        &self.base.colors
    }

    /// The whole map of `date` as an SVG document.
    pub fn svg(&self, date: NaiveDate) -> String {
        let states = self.timeline.states_on(date);
        let dynamic = self.dynamic_svg(date, &states);
        let (head, base) = (self.head_svg(), self.base_svg());
        let mut out = String::with_capacity(head.len() + base.len() + dynamic.len() + 8);
        out.push_str(head);
        out.push_str(base);
        out.push_str(&dynamic);
        out.push_str("</svg>\n");
        out
    }

    /// The document's start: `<svg>`, title and defs (shared by every layer).
    pub fn head_svg(&self) -> &str {
        &self.base.head_svg
    }

    /// The layers that do not depend on the date: background and basemap.
    pub fn base_svg(&self) -> &str {
        &self.base.base_svg
    }

    /// The layers that depend on the date (no closing `</svg>`): places,
    /// labels, legend, title and footer, for `states` (one per place) on `date`.
    pub fn dynamic_svg(&self, date: NaiveDate, states: &[PlaceState]) -> String {
        let mut out = String::with_capacity(64 * 1024 + self.base.places.len() * 200);
        self.scene(date, states, true).write_svg(&mut out);
        out
    }

    /// The layers that depend on the date, resolved; `attributes`: with what
    /// only the SVG needs.
    pub(crate) fn scene(&self, date: NaiveDate, states: &[PlaceState], attributes: bool) -> Scene {
        let (base, dataset) = (&self.base, self.dataset);
        // Places that changed hands lately get a halo with --changes, and are
        // labelled first even without it (over the last 30 days then).
        let changed = self.recent_changes(date, states, self.options.changes_days.unwrap_or(30));
        let no_halos = vec![false; states.len()];
        let halos = if self.options.changes_days.is_some() {
            &changed
        } else {
            &no_halos
        };
        let halo_days = self
            .options
            .changes_days
            .filter(|_| halos.iter().any(|&c| c));
        // The legend's areas; the fronts are drawn link by link (see `ZoneLayer::write`).
        let zones = base.zones.as_ref().map(|z| z.areas(states));
        let legend = Legend::new(base, dataset, states, halo_days, zones.as_ref());
        // A marker (or area) and a label per place at most, and with the
        // SVG's attributes a group around each place.
        let per_place = if attributes { 4 } else { 2 };
        let mut out = Scene::with_capacity(attributes, per_place * states.len() + 1024);
        if let Some(z) = &base.zones {
            z.write(dataset, &base.colors, states, &mut out);
        }
        write_places(base, dataset, &self.areas, states, halos, &mut out);
        if self.options.labels {
            let bold_recent = self.options.changes_days.is_some();
            let obstacles = legend.obstacles();
            write_labels(
                base,
                dataset,
                bold_recent,
                states,
                &changed,
                &obstacles,
                &mut out,
            );
        }
        legend.write(base, dataset, &mut out);
        write_title(base, dataset, date, &mut out);
        write_footer(base, dataset, date, &mut out);
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
                            .state_on(PlaceIndex::new(p), before)
                            .holder
                            .is_some_and(|h| Some(h) != s.holder)
                    })
                }
                _ => false,
            })
            .collect()
    }
}
