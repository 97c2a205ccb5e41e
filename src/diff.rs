//! `frontline diff`: the places whose holder or status changed between two dates.

use crate::dataset::names::normalize;
use crate::dataset::{Dataset, ForceIndex};
use crate::timeline::{DateRange, PlaceState, Status, Timeline};
use chrono::NaiveDate;
use serde::Serialize;

/// One place that changed between the two dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceChange {
    /// Place id.
    pub id: String,
    /// Place name.
    pub name: String,
    /// Holder's force id on the first date (`None`: no holder).
    pub from_controller: Option<String>,
    /// Status on the first date.
    pub from_status: Status,
    /// Challenger on the first date, if contested or besieged.
    pub from_challenger: Option<String>,
    /// Holder's force id on the second date.
    pub to_controller: Option<String>,
    /// Status on the second date.
    pub to_status: Status,
    /// Challenger on the second date, if contested or besieged.
    pub to_challenger: Option<String>,
    /// The last date in (from, to] on which holder or status changed.
    pub date: NaiveDate,
    /// The source of the event that made that change.
    pub source: Option<String>,
}

impl PlaceChange {
    /// Whether the place changed and changed back: its holder and status
    /// are the same on both dates (only [`Listing::All`] lists it).
    pub fn is_round_trip(&self) -> bool {
        self.from_controller == self.to_controller && self.from_status == self.to_status
    }
}

/// Which places a diff lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Those whose holder or status on the end date differs from the start date.
    Net,
    /// Also those that changed inside the range and changed back by its end
    /// (`diff --all`): Palmyra, lost and retaken between the two dates.
    All,
}

/// The places whose holder or status differ between the range's start and
/// end (with [`Listing::All`], also those that changed and changed back),
/// sorted by the date of their last change, then by name (ignoring case
/// and diacritics), then by id: a reader follows the war in the order it
/// happened, not in the order of places.geojson.
pub fn diff(
    dataset: &Dataset,
    timeline: &Timeline,
    range: DateRange,
    listing: Listing,
) -> Vec<PlaceChange> {
    let (from, to) = (range.start(), range.end());
    let key = |s: &PlaceState| (s.holder, s.status);
    let force_id = |i: Option<ForceIndex>| i.map(|i| dataset.force(i).id.clone());
    let (lo, hi) = (from, to);
    let mut out = Vec::new();
    for p in dataset.place_indices() {
        let place = dataset.place(p);
        let a = timeline.state_on(p, from);
        let b = timeline.state_on(p, to);
        if listing == Listing::Net && key(&a) == key(&b) {
            continue;
        }
        // The last change inside (lo, hi] that altered holder or status.
        let mut prev = timeline.state_on(p, lo);
        let mut last = None;
        for c in timeline
            .changes_of(p)
            .iter()
            .filter(|c| c.date > lo && c.date <= hi)
        {
            if key(&c.state) != key(&prev) {
                last = Some(c);
            }
            prev = c.state;
        }
        let Some(change) = last else { continue };
        out.push(PlaceChange {
            id: place.id.clone(),
            name: place.name.clone(),
            from_controller: force_id(a.holder),
            from_status: a.status,
            from_challenger: force_id(a.challenger),
            to_controller: force_id(b.holder),
            to_status: b.status,
            to_challenger: force_id(b.challenger),
            date: change.date,
            source: dataset
                .source(&dataset.events[change.event as usize])
                .map(str::to_string),
        });
    }
    out.sort_by_cached_key(|c| (c.date, normalize(&c.name), c.id.clone()));
    out
}

/// Describes a holder and status for people: `Islamic State (besieged by …)`.
pub fn describe(
    dataset: &Dataset,
    controller: Option<&str>,
    status: Status,
    challenger: Option<&str>,
) -> String {
    let name = |id: &str| {
        dataset
            .forces
            .iter()
            .find(|f| f.id == id)
            .map_or(id.to_string(), |f| f.name.clone())
    };
    match (controller, status) {
        (None, _) => Status::Unknown.as_str().to_string(),
        (Some(c), Status::Held | Status::Unknown) => name(c),
        (Some(c), s) => match challenger {
            Some(ch) => format!("{} ({} by {})", name(c), s.as_str(), name(ch)),
            None => format!("{} ({})", name(c), s.as_str()),
        },
    }
}
