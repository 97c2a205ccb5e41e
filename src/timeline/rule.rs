//! The rule of control (docs/data-format.md, "The rule of control"), as a fold over one place's events.
//!
//! Events are applied in order of date, then file, then row. The state after
//! the last event dated on or before D is the state on D.

use crate::dataset::{Event, EventKind, ForceIndex, PlaceIndex};
use chrono::NaiveDate;

/// The status of a place on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No force has held the place yet.
    #[default]
    Unknown,
    /// Held by its holder.
    Held,
    /// Held, and contested by the challenger.
    Contested,
    /// Held, and besieged by the challenger.
    Besieged,
}

impl Status {
    /// The word for it in exports and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Held => "held",
            Status::Contested => "contested",
            Status::Besieged => "besieged",
        }
    }
}

/// The state of one place on one date (docs/data-format.md, "The rule of control").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlaceState {
    /// The force of the last `held` event, if any.
    pub holder: Option<ForceIndex>,
    /// Unknown, held, contested or besieged.
    pub status: Status,
    /// The contesting or besieging force.
    pub challenger: Option<ForceIndex>,
    /// First day of the holder's unbroken run of `held` events.
    pub since: Option<NaiveDate>,
    /// Event index (into `Dataset::events`) of that first `held` event;
    /// its source is the state's `source`.
    pub since_event: Option<u32>,
}

/// What the rule reads of an event.
struct Parts {
    kind: EventKind,
    force: ForceIndex,
    date: NaiveDate,
}

/// The rule, applied one event at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleFold {
    state: PlaceState,
}

impl RuleFold {
    /// Applies the next event (in the rule's order: date, file, row) of this place.
    pub fn apply(&mut self, event: &Event, event_index: u32) {
        self.apply_parts(event.kind, event.force, event.date, event_index);
    }

    /// [`RuleFold::apply`] from the parts of the event the rule reads (what
    /// the timeline keeps next to its sort keys, so as not to look up each
    /// event again in a table too large for the cache).
    pub fn apply_parts(
        &mut self,
        kind: EventKind,
        force: ForceIndex,
        date: NaiveDate,
        event_index: u32,
    ) {
        let event = Parts { kind, force, date };
        let s = &mut self.state;
        match event.kind {
            EventKind::Held => {
                // A held event by another force breaks the run; by the same
                // force it continues it, whatever came in between.
                if s.holder != Some(event.force) {
                    s.holder = Some(event.force);
                    s.since = Some(event.date);
                    s.since_event = Some(event_index);
                }
                s.status = Status::Held;
                s.challenger = None;
            }
            EventKind::Contested | EventKind::Besieged if s.holder.is_some() => {
                s.status = if event.kind == EventKind::Contested {
                    Status::Contested
                } else {
                    Status::Besieged
                };
                s.challenger = Some(event.force);
            }
            // Without a holder the place stays unknown, whoever contests it.
            EventKind::Contested | EventKind::Besieged => {}
        }
    }

    /// The state after the events applied so far.
    pub fn state(&self) -> PlaceState {
        self.state
    }
}

/// The state of a place on `date`, by replaying its events from scratch.
/// The reference implementation the indexed [`crate::Timeline`] is tested against.
pub fn replay(events: &[Event], place: PlaceIndex, date: NaiveDate) -> PlaceState {
    let mut order: Vec<usize> = (0..events.len())
        .filter(|&i| events[i].place == place && events[i].date <= date)
        .collect();
    order.sort_by_key(|&i| (events[i].date, events[i].file, events[i].line));
    let mut fold = RuleFold::default();
    for i in order {
        fold.apply(&events[i], i as u32);
    }
    fold.state()
}
