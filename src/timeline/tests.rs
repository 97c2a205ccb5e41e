//! The rule of control, clause by clause (docs/data-format.md, "The rule of control"), and the indexed engine and
//! sweep against a naive replay.

use super::*;
use crate::dataset::{Event, EventKind, ForceIndex, PlaceIndex};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    crate::dataset::dates::parse_date(s).unwrap()
}

fn ev(date: &str, place: u32, force: u32, kind: EventKind, file: u16, line: u64) -> Event {
    Event {
        date: d(date),
        place: PlaceIndex::new(place as usize),
        force: ForceIndex::new(force as usize),
        kind,
        text: Default::default(),
        file,
        line,
    }
}

use EventKind::{Besieged as B, Contested as C, Held as H};

/// (holder, status, challenger, since, source) for a readable assert.
fn summary(
    events: &[Event],
    s: PlaceState,
) -> (
    Option<u32>,
    &'static str,
    Option<u32>,
    Option<String>,
    Option<String>,
) {
    (
        s.holder.map(|h| h.get() as u32),
        s.status.as_str(),
        s.challenger.map(|c| c.get() as u32),
        s.since.map(|d| d.to_string()),
        s.since_event
            .map(|e| &events[e as usize])
            .map(|e| format!("s{}:{}", e.file, e.line)),
    )
}

fn state(
    events: &[Event],
    place: u32,
    date: &str,
) -> (
    Option<u32>,
    &'static str,
    Option<u32>,
    Option<String>,
    Option<String>,
) {
    let tl = Timeline::from_events(events, 4);
    let s = tl.state_on(PlaceIndex::new(place as usize), d(date));
    assert_eq!(
        s,
        replay(events, PlaceIndex::new(place as usize), d(date)),
        "engine and replay disagree"
    );
    summary(events, s)
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn no_event_yet_is_unknown() {
    let events = vec![ev("2015-01-01", 0, 1, H, 0, 2)];
    assert_eq!(
        state(&events, 0, "2014-12-31"),
        (None, "unknown", None, None, None)
    );
    assert_eq!(
        state(&events, 1, "2020-01-01"),
        (None, "unknown", None, None, None)
    );
}

#[test]
fn an_event_is_in_force_on_its_own_day() {
    let events = vec![ev("2015-01-01", 0, 1, H, 0, 2)];
    assert_eq!(
        state(&events, 0, "2015-01-01"),
        (Some(1), "held", None, some("2015-01-01"), some("s0:2"))
    );
}

#[test]
fn order_is_date_then_file_then_row_not_file_order() {
    // Written out of date order; same-day rows applied by file then row.
    let events = vec![
        ev("2015-03-01", 0, 2, H, 0, 2),
        ev("2015-01-01", 0, 1, H, 0, 3),
        ev("2015-05-01", 0, 3, H, 1, 2),
        ev("2015-05-01", 0, 1, H, 0, 9),
    ];
    assert_eq!(state(&events, 0, "2015-02-01").0, Some(1));
    assert_eq!(state(&events, 0, "2015-04-01").0, Some(2));
    // file 1 comes after file 0, whatever the rows: force 3 holds.
    assert_eq!(
        state(&events, 0, "2015-05-01"),
        (Some(3), "held", None, some("2015-05-01"), some("s1:2"))
    );
}

#[test]
fn same_day_later_row_wins() {
    let events = vec![
        ev("2015-05-01", 0, 1, H, 0, 2),
        ev("2015-05-01", 0, 2, C, 0, 3),
    ];
    assert_eq!(
        state(&events, 0, "2015-05-01"),
        (
            Some(1),
            "contested",
            Some(2),
            some("2015-05-01"),
            some("s0:2")
        )
    );
    let events = vec![
        ev("2015-05-01", 0, 2, C, 0, 2),
        ev("2015-05-01", 0, 1, H, 0, 3),
    ];
    assert_eq!(
        state(&events, 0, "2015-05-01"),
        (Some(1), "held", None, some("2015-05-01"), some("s0:3"))
    );
}

#[test]
fn coarse_dates_take_effect_on_the_first_day() {
    let events = vec![ev("2016", 0, 1, H, 0, 2), ev("2016-03", 0, 2, B, 0, 3)];
    assert_eq!(state(&events, 0, "2015-12-31").1, "unknown");
    assert_eq!(
        state(&events, 0, "2016-01-01"),
        (Some(1), "held", None, some("2016-01-01"), some("s0:2"))
    );
    assert_eq!(
        state(&events, 0, "2016-03-01"),
        (
            Some(1),
            "besieged",
            Some(2),
            some("2016-01-01"),
            some("s0:2")
        )
    );
}

#[test]
fn contested_and_besieged_need_a_holder() {
    let events = vec![
        ev("2015-01-01", 0, 2, C, 0, 2),
        ev("2015-02-01", 0, 2, B, 0, 3),
        ev("2015-03-01", 0, 1, H, 0, 4),
    ];
    assert_eq!(
        state(&events, 0, "2015-02-15"),
        (None, "unknown", None, None, None)
    );
    assert_eq!(
        state(&events, 0, "2015-03-01"),
        (Some(1), "held", None, some("2015-03-01"), some("s0:4"))
    );
}

#[test]
fn since_spans_a_run_with_challenges_inside() {
    let events = vec![
        ev("2015-01-01", 0, 1, H, 0, 2),
        ev("2015-02-01", 0, 2, C, 0, 3),
        ev("2015-03-01", 0, 1, H, 0, 4), // re-confirmed: the run goes on
        ev("2015-04-01", 0, 2, B, 0, 5),
        ev("2015-05-01", 0, 2, H, 0, 6), // taken: a new run
        ev("2015-06-01", 0, 1, H, 0, 7), // retaken: yet another run
        ev("2015-07-01", 0, 1, H, 0, 8),
    ];
    assert_eq!(
        state(&events, 0, "2015-02-10"),
        (
            Some(1),
            "contested",
            Some(2),
            some("2015-01-01"),
            some("s0:2")
        )
    );
    assert_eq!(
        state(&events, 0, "2015-03-10"),
        (Some(1), "held", None, some("2015-01-01"), some("s0:2"))
    );
    assert_eq!(
        state(&events, 0, "2015-04-10"),
        (
            Some(1),
            "besieged",
            Some(2),
            some("2015-01-01"),
            some("s0:2")
        )
    );
    assert_eq!(
        state(&events, 0, "2015-05-10"),
        (Some(2), "held", None, some("2015-05-01"), some("s0:6"))
    );
    assert_eq!(
        state(&events, 0, "2015-07-10"),
        (Some(1), "held", None, some("2015-06-01"), some("s0:7"))
    );
}

#[test]
fn a_later_challenge_replaces_the_earlier_one() {
    let events = vec![
        ev("2015-01-01", 0, 1, H, 0, 2),
        ev("2015-02-01", 0, 2, C, 0, 3),
        ev("2015-03-01", 0, 3, B, 0, 4),
    ];
    assert_eq!(
        state(&events, 0, "2015-03-01"),
        (
            Some(1),
            "besieged",
            Some(3),
            some("2015-01-01"),
            some("s0:2")
        )
    );
}

#[test]
fn intervals_merge_unchanged_days_and_end_exclusive() {
    let events = vec![
        ev("2015-01-01", 0, 1, H, 0, 2),
        ev("2015-02-01", 0, 1, H, 0, 3), // same state: no new interval
        ev("2015-03-01", 0, 2, C, 0, 4),
        ev("2015-04-01", 0, 2, H, 0, 5),
    ];
    let tl = Timeline::from_events(&events, 1);
    let iv: Vec<_> = tl
        .intervals_of(PlaceIndex::new(0))
        .map(|i| {
            (
                i.start.to_string(),
                i.end.map(|e| e.to_string()),
                i.state.status,
            )
        })
        .collect();
    assert_eq!(
        iv,
        vec![
            ("2015-01-01".into(), Some("2015-03-01".into()), Status::Held),
            (
                "2015-03-01".into(),
                Some("2015-04-01".into()),
                Status::Contested
            ),
            ("2015-04-01".into(), None, Status::Held),
        ]
    );
}

#[test]
fn sweep_reports_only_real_changes() {
    let events = vec![
        ev("2015-01-01", 0, 1, H, 0, 2),
        ev("2015-01-05", 1, 1, H, 0, 3),
        ev("2015-01-06", 1, 2, C, 0, 4),
        ev("2015-01-07", 1, 1, H, 0, 5), // back to held by 1, since unchanged
    ];
    let tl = Timeline::from_events(&events, 3);
    let mut sweep = tl.sweep();
    assert_eq!(sweep.advance_to(d("2014-12-31")), &[] as &[PlaceIndex]);
    assert_eq!(
        sweep.advance_to(d("2015-01-01")),
        &[PlaceIndex::new(0)] as &[PlaceIndex]
    );
    assert_eq!(sweep.advance_to(d("2015-01-04")), &[] as &[PlaceIndex]);
    assert_eq!(
        sweep.advance_to(d("2015-01-05")),
        &[PlaceIndex::new(1)] as &[PlaceIndex]
    );
    // contested on the 6th and held again on the 7th: no net change
    assert_eq!(sweep.advance_to(d("2015-01-08")), &[] as &[PlaceIndex]);
    // going back works too
    assert_eq!(
        sweep.advance_to(d("2015-01-06")),
        &[PlaceIndex::new(1)] as &[PlaceIndex]
    );
    assert_eq!(sweep.states()[1].status, Status::Contested);
}

#[test]
fn changes_by_date_are_ordered_by_date_then_place_over_any_span() {
    // A few weeks (counted by day) and thousands of years (compared).
    for far in ["2015-03-01", "9000-01-01"] {
        let events = vec![
            ev(far, 2, 1, H, 0, 6),
            ev("2015-01-02", 1, 0, H, 0, 2),
            ev(far, 0, 1, H, 0, 3),
            ev("2015-01-02", 0, 0, H, 0, 4),
            ev("2015-01-01", 2, 0, H, 0, 5),
        ];
        let tl = Timeline::from_events(&events, 3);
        let (changes, by_date) = tl.changes_by_date();
        let order: Vec<(String, u32)> = by_date
            .iter()
            .map(|&i| {
                (
                    changes[i as usize].date.to_string(),
                    changes[i as usize].place.get() as u32,
                )
            })
            .collect();
        let far = far.to_string();
        assert_eq!(
            order,
            [
                ("2015-01-01".into(), 2),
                ("2015-01-02".into(), 0),
                ("2015-01-02".into(), 1),
                (far.clone(), 0),
                (far, 2),
            ]
        );
    }
}

fn arb_events() -> impl Strategy<Value = Vec<Event>> {
    let one = (0u32..4, 0u32..3, 0u8..4, 0i64..40, 0u16..2, 2u64..60).prop_map(
        |(place, force, k, day, file, line)| Event {
            date: d("2015-01-01") + chrono::Days::new(day as u64),
            place: PlaceIndex::new(place as usize),
            force: ForceIndex::new(force as usize),
            kind: match k {
                0 | 1 => H,
                2 => C,
                _ => B,
            },
            text: Default::default(),
            file,
            line,
        },
    );
    // (file, line) pairs are unique in real data.
    proptest::collection::vec(one, 0..40).prop_map(|mut v| {
        let mut seen = std::collections::HashSet::new();
        v.retain(|e| seen.insert((e.file, e.line)));
        v
    })
}

proptest! {
    #[test]
    fn engine_and_sweep_agree_with_replay(events in arb_events(), steps in proptest::collection::vec(0u64..45, 1..12)) {
        let tl = Timeline::from_events(&events, 4);
        let mut dates: Vec<NaiveDate> = steps.iter().map(|s| d("2014-12-30") + chrono::Days::new(*s)).collect();
        dates.sort();
        let mut sweep = tl.sweep();
        let mut previous = [PlaceState::default(); 4];
        for date in dates {
            let changed = sweep.advance_to(date).to_vec();
            for p in (0..4).map(PlaceIndex::new) {
                let expected = replay(&events, p, date);
                prop_assert_eq!(tl.state_on(p, date), expected);
                prop_assert_eq!(sweep.states()[p.get()], expected);
                prop_assert_eq!(changed.contains(&p), previous[p.get()] != expected);
                previous[p.get()] = expected;
            }
        }
    }
}
