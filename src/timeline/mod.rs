//! Stage 2, timeline: the rule of control (docs/data-format.md) indexed for every place
//! and date.
//!
//! Built once per run: events are sorted by (place, date, file, row) and
//! folded into each place's *changes* — the dates on which its state became
//! different. The state on any date is then a binary search; the intervals of
//! unchanged state are the changes themselves; and a forward [`Sweep`] over
//! increasing dates visits only the places that changed, O(changes) a step.

mod range;
mod rule;
mod sweep;

pub use range::DateRange;
pub use rule::{PlaceState, RuleFold, Status, replay};
pub use sweep::Sweep;

use crate::dataset::Dataset;
use crate::dataset::{Event, EventKind, ForceIndex, PlaceIndex};
use chrono::{Datelike, NaiveDate};

/// A place's state from `date` on, until its next change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The first day of the new state.
    pub date: NaiveDate,
    /// The place.
    pub place: PlaceIndex,
    /// The state from that day on.
    pub state: PlaceState,
    /// The last event of that day that altered the state (its source explains the change).
    pub event: u32,
}

/// An interval of unchanged state of one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// First day, inclusive.
    pub start: NaiveDate,
    /// First day of the next state, exclusive; `None` while ongoing.
    pub end: Option<NaiveDate>,
    /// The state during the interval.
    pub state: PlaceState,
    /// The event that began it.
    pub event: u32,
}

/// Every place's changes of state, indexed by place and by date.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// All changes, grouped by place (in place order), by date within a place.
    changes: Vec<Change>,
    /// `changes[offsets[p]..offsets[p + 1]]` are place p's.
    offsets: Vec<usize>,
    /// Indices into `changes`, sorted by (date, place): the sweep's order.
    by_date: Vec<u32>,
}

impl Timeline {
    /// Builds the timeline of a dataset.
    pub fn new(dataset: &Dataset) -> Timeline {
        Timeline::from_events(&dataset.events, dataset.places.len())
    }

    /// Builds the timeline from resolved events over `place_count` places.
    pub fn from_events(events: &[Event], place_count: usize) -> Timeline {
        let (order, starts) = spec_order(events, place_count);
        let mut changes = Vec::new();
        let mut offsets = Vec::with_capacity(place_count + 1);
        for place in (0..place_count).map(PlaceIndex::new) {
            offsets.push(changes.len());
            let mut fold = RuleFold::default();
            let mut last = PlaceState::default();
            let mine = &order[starts[place.get()] as usize..starts[place.get() + 1] as usize];
            // Apply every event of a date; only the day's end state counts,
            // explained by the last event that altered it.
            for day in mine.chunk_by(|a, b| a.date == b.date) {
                let mut day_last = day[0].index;
                for e in day {
                    let before = fold.state();
                    fold.apply_parts(e.kind, e.force, e.date, e.index);
                    if fold.state() != before {
                        day_last = e.index;
                    }
                }
                let state = fold.state();
                if state != last {
                    changes.push(Change {
                        date: day[0].date,
                        place,
                        state,
                        event: day_last,
                    });
                    last = state;
                }
            }
        }
        offsets.push(changes.len());
        let by_date = by_date_order(&changes);
        Timeline {
            changes,
            offsets,
            by_date,
        }
    }

    /// How many places the timeline covers.
    pub fn place_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The changes of one place, by date.
    pub fn changes_of(&self, place: PlaceIndex) -> &[Change] {
        let p = place.get();
        &self.changes[self.offsets[p]..self.offsets[p + 1]]
    }

    /// The change in force on `date` for a place, if any.
    pub fn change_on(&self, place: PlaceIndex, date: NaiveDate) -> Option<&Change> {
        let changes = self.changes_of(place);
        let n = changes.partition_point(|c| c.date <= date);
        n.checked_sub(1).map(|i| &changes[i])
    }

    /// The state of a place on `date`.
    pub fn state_on(&self, place: PlaceIndex, date: NaiveDate) -> PlaceState {
        self.change_on(place, date)
            .map(|c| c.state)
            .unwrap_or_default()
    }

    /// The state of every place on `date`.
    pub fn states_on(&self, date: NaiveDate) -> Vec<PlaceState> {
        (0..self.place_count())
            .map(PlaceIndex::new)
            .map(|p| self.state_on(p, date))
            .collect()
    }

    /// A place's intervals of unchanged state, `unknown` ones included.
    pub fn intervals_of(&self, place: PlaceIndex) -> impl Iterator<Item = Interval> + '_ {
        let changes = self.changes_of(place);
        changes.iter().enumerate().map(move |(i, c)| Interval {
            start: c.date,
            end: changes.get(i + 1).map(|n| n.date),
            state: c.state,
            event: c.event,
        })
    }

    /// The first and last dates on which any state changes.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.by_date.first()?;
        let last = self.by_date.last()?;
        Some((
            self.changes[*first as usize].date,
            self.changes[*last as usize].date,
        ))
    }

    /// Every date on which some place's state changes, ascending, deduplicated.
    pub fn change_dates(&self) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self
            .by_date
            .iter()
            .map(|&i| self.changes[i as usize].date)
            .collect();
        dates.dedup();
        dates
    }

    /// A forward sweep over increasing dates.
    pub fn sweep(&self) -> Sweep<'_> {
        Sweep::new(self)
    }

    pub(crate) fn changes_by_date(&self) -> (&[Change], &[u32]) {
        (&self.changes, &self.by_date)
    }
}

/// An event in the rule's order: its sort key, then what the rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ordered {
    date: NaiveDate,
    file: u16,
    line: u64,
    /// The index in the dataset's events: makes every key unique.
    index: u32,
    force: ForceIndex,
    kind: EventKind,
}

/// The events sorted by (place, date, file, line), the rule's order within
/// each place, places one after the other (ties, which real data cannot
/// have, keep index order), with where each place's run starts (and, last,
/// where the final one ends). Places are dense indices, so a counting sort
/// by place and a sort of each place's few events is several times faster
/// than one comparison sort of all events; each event is read once, in
/// order, and the fold then reads only this array, in order.
fn spec_order(events: &[Event], place_count: usize) -> (Vec<Ordered>, Vec<u32>) {
    let buckets = events
        .iter()
        .map(|e| e.place.get() + 1)
        .max()
        .unwrap_or(0)
        .max(place_count);
    // starts[p]..starts[p + 1] will hold place p's events.
    let mut starts = vec![0u32; buckets + 1];
    for e in events {
        starts[e.place.get() + 1] += 1;
    }
    for p in 0..buckets {
        starts[p + 1] += starts[p];
    }
    let mut next = starts.clone();
    let mut keyed = vec![
        Ordered {
            date: NaiveDate::MIN,
            file: 0,
            line: 0,
            index: 0,
            force: ForceIndex::new(0),
            kind: EventKind::Held,
        };
        events.len()
    ];
    for (i, e) in events.iter().enumerate() {
        let slot = &mut next[e.place.get()];
        keyed[*slot as usize] = Ordered {
            date: e.date,
            file: e.file,
            line: e.line,
            index: i as u32,
            force: e.force,
            kind: e.kind,
        };
        *slot += 1;
    }
    for run in starts.windows(2) {
        // The index makes every key unique: unstable is deterministic.
        keyed[run[0] as usize..run[1] as usize].sort_unstable();
    }
    (keyed, starts)
}

/// Indices of `changes` (grouped by place in place order, each place's
/// by date) sorted by (date, place). A place changes at most once a day,
/// so a stable counting sort by day gives that order; it is used when
/// the dates span no more days than a few times the number of changes.
fn by_date_order(changes: &[Change]) -> Vec<u32> {
    let day = |c: &Change| c.date.num_days_from_ce();
    let (Some(first), Some(last)) = (changes.iter().map(day).min(), changes.iter().map(day).max())
    else {
        return Vec::new();
    };
    let span = (last - first) as usize + 1;
    if span > 4 * changes.len() + 4096 {
        let mut by_date: Vec<u32> = (0..changes.len() as u32).collect();
        by_date.sort_by_key(|&i| (changes[i as usize].date, changes[i as usize].place));
        return by_date;
    }
    let mut starts = vec![0u32; span + 1];
    for c in changes {
        starts[(day(c) - first) as usize + 1] += 1;
    }
    for d in 0..span {
        starts[d + 1] += starts[d];
    }
    let mut by_date = vec![0u32; changes.len()];
    for (i, c) in changes.iter().enumerate() {
        let slot = &mut starts[(day(c) - first) as usize];
        by_date[*slot as usize] = i as u32;
        *slot += 1;
    }
    by_date
}

#[cfg(test)]
mod tests;
