//! Zones as polygons: a zone's cells merged into one multipolygon.

use super::cells::{CellKind, Cells};
use super::date::{Zone, ZoneKey, Zones};
use super::measure::to_lonlat;
use geo::{BooleanOps, MultiPolygon, Polygon};
use rustc_hash::FxHashMap;

impl Cells {
    /// The ground of a set of cells as one multipolygon, lon/lat: the union
    /// of the point cells (uncut: their common edges match exactly), cut to
    /// the land once when any of them crosses its edge, then the polygon cells.
    pub fn dissolve(&self, cells: &[u32]) -> MultiPolygon {
        let mut polys: Vec<&Polygon> = Vec::new();
        let mut mine = vec![false; self.cells.len()];
        let mut cut = false;
        for &c in cells {
            let c = c as usize;
            if c >= self.cells.len() || mine[c] {
                continue;
            }
            mine[c] = true;
            // A point cell wholly on land overlaps no polygon place.
            cut |= self.cells[c].kind == CellKind::Point && !self.inside[c];
            polys.extend(self.uncut[c].iter());
        }
        // One union of everything (uncut point cells meet exactly; a polygon
        // cell overlaps the point cells around it, never just touches them),
        // then, if some point cell crosses the land's edge, one cut to the
        // region and one removal of the other polygon places.
        let mut m = geo::unary_union(polys);
        if cut {
            m = m.intersection(&self.region_m);
            let others: Vec<&Polygon> = self
                .cells
                .iter()
                .enumerate()
                .filter(|(i, c)| c.kind == CellKind::Area && !mine[*i])
                .flat_map(|(i, _)| self.uncut[i].iter())
                .collect();
            if !others.is_empty() {
                m = m.difference(&geo::unary_union(others));
            }
        }
        // Short edges, so the polygon means the same in lon/lat.
        to_lonlat(&m, &self.proj)
    }

    /// The ground of the region in no zone of `zones` (a date's), lon/lat:
    /// the region less every zoned cell, computed in the projection so it
    /// meets the dissolved zones without slivers.
    pub fn unassigned(&self, zones: &Zones) -> MultiPolygon {
        let polys: Vec<&Polygon> = zones
            .zones
            .iter()
            .flat_map(|z| z.cells.iter())
            .filter_map(|&c| self.uncut.get(c as usize))
            .flat_map(|mp| mp.iter())
            .collect();
        let m = if polys.is_empty() {
            self.region_m.clone()
        } else {
            self.region_m.difference(&geo::unary_union(polys))
        };
        to_lonlat(&m, &self.proj)
    }
}

/// Remembers each zone's dissolved polygon, so a later date redoes only the
/// zones whose cells changed (an animation's consecutive dates share most).
#[derive(Debug, Default)]
pub struct DissolveCache {
    done: FxHashMap<ZoneKey, (Vec<u32>, MultiPolygon)>,
}

impl DissolveCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The zone's polygon (lon/lat), dissolved now or remembered.
    pub fn geometry(&mut self, cells: &Cells, zone: &Zone) -> &MultiPolygon {
        let fresh = self
            .done
            .get(&zone.key)
            .is_none_or(|(c, _)| c != &zone.cells);
        if fresh {
            let g = cells.dissolve(&zone.cells);
            self.done.insert(zone.key, (zone.cells.clone(), g));
        }
        &self.done[&zone.key].1
    }
}
