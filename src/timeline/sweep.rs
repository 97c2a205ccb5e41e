//! The forward sweep: given increasing dates, the places whose state changed
//! since the previous date, in O(changes) a step (animation and zones build on it).

use super::{PlaceState, Timeline};
use crate::dataset::PlaceIndex;
use chrono::NaiveDate;

/// A cursor over a [`Timeline`] moving forward in time.
#[derive(Debug, Clone)]
pub struct Sweep<'a> {
    timeline: &'a Timeline,
    /// Next entry of `by_date` not yet applied.
    cursor: usize,
    /// Current state of every place.
    states: Vec<PlaceState>,
    /// The date of the last step, if any.
    date: Option<NaiveDate>,
    /// Places touched in the current step, and their state before it.
    touched: Vec<(PlaceIndex, PlaceState)>,
    is_touched: Vec<bool>,
    changed: Vec<PlaceIndex>,
}

impl<'a> Sweep<'a> {
    pub(super) fn new(timeline: &'a Timeline) -> Self {
        let n = timeline.place_count();
        Sweep {
            timeline,
            cursor: 0,
            states: vec![PlaceState::default(); n],
            date: None,
            touched: Vec::new(),
            is_touched: vec![false; n],
            changed: Vec::new(),
        }
    }

    /// Moves to `date` and returns the places whose state on `date` differs
    /// from their state on the previous step's date (before the first step:
    /// from `unknown`), in ascending place order. A place that changed and
    /// changed back in between is not listed. Going back in time is allowed
    /// but costs O(places).
    pub fn advance_to(&mut self, date: NaiveDate) -> &[PlaceIndex] {
        if self.date.is_some_and(|d| date < d) {
            return self.rewind_to(date);
        }
        self.date = Some(date);
        let (changes, by_date) = self.timeline.changes_by_date();
        while let Some(&ci) = by_date.get(self.cursor) {
            let change = &changes[ci as usize];
            if change.date > date {
                break;
            }
            let p = change.place.get();
            if !self.is_touched[p] {
                self.is_touched[p] = true;
                self.touched.push((change.place, self.states[p]));
            }
            self.states[p] = change.state;
            self.cursor += 1;
        }
        self.changed.clear();
        for (place, before) in self.touched.drain(..) {
            self.is_touched[place.get()] = false;
            if self.states[place.get()] != before {
                self.changed.push(place);
            }
        }
        self.changed.sort_unstable();
        &self.changed
    }

    fn rewind_to(&mut self, date: NaiveDate) -> &[PlaceIndex] {
        let (changes, by_date) = self.timeline.changes_by_date();
        self.cursor = by_date.partition_point(|&ci| changes[ci as usize].date <= date);
        self.date = Some(date);
        self.changed.clear();
        for p in 0..self.states.len() {
            let state = self.timeline.state_on(PlaceIndex::new(p), date);
            if state != self.states[p] {
                self.states[p] = state;
                self.changed.push(PlaceIndex::new(p));
            }
        }
        &self.changed
    }

    /// Every place's state on the current date.
    pub fn states(&self) -> &[PlaceState] {
        &self.states
    }

    /// The current date (`None` before the first step).
    pub fn date(&self) -> Option<NaiveDate> {
        self.date
    }
}
