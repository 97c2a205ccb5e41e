//! The zones and fronts of one date: look-ups and sums over the cells, no
//! polygon work.

use super::cells::Cells;
use crate::dataset::ForceIndex;
use crate::timeline::{PlaceState, Status};
use geo::{Coord, Line, LineString, MultiLineString};
use rustc_hash::FxHashMap;

/// The look of a zone: who holds it and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneKey {
    /// The holding force.
    pub holder: ForceIndex,
    /// Held, contested or besieged.
    pub status: Status,
    /// The contesting or besieging force.
    pub challenger: Option<ForceIndex>,
}

impl ZoneKey {
    /// The zone a place state puts its cell in (`None`: unassigned).
    pub fn of(state: &PlaceState) -> Option<ZoneKey> {
        let holder = state.holder?;
        let (status, challenger) = match state.status {
            Status::Unknown => return None,
            Status::Held => (Status::Held, None),
            s => (s, state.challenger),
        };
        Some(ZoneKey {
            holder,
            status,
            challenger,
        })
    }
}

/// One zone on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Holder, status, challenger.
    pub key: ZoneKey,
    /// Its cells, ascending.
    pub cells: Vec<u32>,
    /// Geodesic area, km².
    pub area_km2: f64,
}

/// A front line between two forces on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Front {
    /// The two forces, `a < b`.
    pub a: ForceIndex,
    /// See `a`.
    pub b: ForceIndex,
    /// The line, lon/lat (edges joined into as few lines as possible).
    pub geometry: MultiLineString,
    /// Geodesic length, km.
    pub length_km: f64,
}

/// Zones and fronts on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Zones {
    /// Zones, ordered by key.
    pub zones: Vec<Zone>,
    /// Fronts, ordered by (a, b).
    pub fronts: Vec<Front>,
    /// The region's area, km².
    pub region_area_km2: f64,
    /// Ground of the region in no zone, km².
    pub unassigned_area_km2: f64,
}

impl Cells {
    /// The zone each cell is in, given every place's state (indexed by place).
    pub fn keys(&self, states: &[PlaceState]) -> Vec<Option<ZoneKey>> {
        self.cells
            .iter()
            .map(|c| {
                c.places
                    .iter()
                    .filter_map(|&p| states.get(p as usize).and_then(ZoneKey::of))
                    .next()
            })
            .collect()
    }

    /// Zones, areas and fronts for the states of a date (no polygon work).
    pub fn zones(&self, states: &[PlaceState]) -> Zones {
        let keys = self.keys(states);
        let mut zones = self.areas_of(&keys);
        zones.fronts = self.fronts_of(&keys);
        zones
    }

    /// The zones and their areas for the states of a date, without the
    /// fronts: what a map's legend needs in every frame (joining the front
    /// segments into lines is the costly part of [`Cells::zones`]).
    pub fn areas(&self, states: &[PlaceState]) -> Zones {
        self.areas_of(&self.keys(states))
    }

    fn areas_of(&self, keys: &[Option<ZoneKey>]) -> Zones {
        let mut by_key: FxHashMap<ZoneKey, Zone> = FxHashMap::default();
        for (i, key) in keys.iter().enumerate() {
            if let Some(key) = key {
                let z = by_key.entry(*key).or_insert_with(|| Zone {
                    key: *key,
                    cells: Vec::new(),
                    area_km2: 0.0,
                });
                z.cells.push(i as u32);
                z.area_km2 += self.cells[i].area_km2;
            }
        }
        let mut zones: Vec<Zone> = by_key.into_values().collect();
        zones.sort_by_key(|z| z.key);
        let held: f64 = zones.iter().map(|z| z.area_km2).sum();
        Zones {
            zones,
            fronts: Vec::new(),
            region_area_km2: self.region_area_km2,
            unassigned_area_km2: (self.region_area_km2 - held).max(0.0),
        }
    }

    fn fronts_of(&self, keys: &[Option<ZoneKey>]) -> Vec<Front> {
        let mut fronts: FxHashMap<(ForceIndex, ForceIndex), (Vec<Line>, f64)> =
            FxHashMap::default();
        for l in &self.links {
            let (Some(a), Some(b)) = (keys[l.a as usize], keys[l.b as usize]) else {
                continue;
            };
            if a.holder == b.holder {
                continue;
            }
            let f = fronts
                .entry((a.holder.min(b.holder), a.holder.max(b.holder)))
                .or_default();
            f.0.extend_from_slice(&l.lines);
            f.1 += l.length_km;
        }
        let mut fronts: Vec<Front> = fronts
            .into_iter()
            .map(|((a, b), (lines, length_km))| Front {
                a,
                b,
                geometry: join_lines(lines),
                length_km,
            })
            .collect();
        fronts.sort_by_key(|f| (f.a, f.b));
        fronts
    }
}

/// Segments joined end to end into lines where exactly two meet.
fn join_lines(lines: Vec<Line>) -> MultiLineString {
    let key = |c: Coord| (c.x.to_bits(), c.y.to_bits());
    let mut at: FxHashMap<(u64, u64), Vec<usize>> = FxHashMap::default();
    for (i, l) in lines.iter().enumerate() {
        at.entry(key(l.start)).or_default().push(i);
        at.entry(key(l.end)).or_default().push(i);
    }
    let mut used = vec![false; lines.len()];
    // The other segment at `c` when exactly two segments meet there.
    let next = |c: Coord, from: usize, used: &[bool]| -> Option<usize> {
        let v = &at[&key(c)];
        (v.len() == 2)
            .then(|| if v[0] == from { v[1] } else { v[0] })
            .filter(|&n| !used[n] && n != from)
    };
    let mut out = Vec::new();
    for i in 0..lines.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        // From segment `i`'s end onwards, then from its start backwards.
        let mut walk = |mut at: Coord| {
            let (mut cur, mut coords) = (i, Vec::new());
            while let Some(n) = next(at, cur, &used) {
                used[n] = true;
                let l = lines[n];
                at = if key(l.start) == key(at) {
                    l.end
                } else {
                    l.start
                };
                coords.push(at);
                cur = n;
            }
            coords
        };
        let forward = walk(lines[i].end);
        let backward = walk(lines[i].start);
        let coords: Vec<Coord> = backward
            .into_iter()
            .rev()
            .chain([lines[i].start, lines[i].end])
            .chain(forward)
            .collect();
        out.push(LineString(coords));
    }
    MultiLineString(out)
}
