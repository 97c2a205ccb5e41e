//! What the caller chooses: which places get cells and how far they reach.

use crate::dataset::Config;
use crate::error::{Error, Result};
use rayon::prelude::*;

/// Which places get a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlaceSet {
    /// Places mentioned by at least one event.
    #[default]
    Mentioned,
    /// Every located place.
    All,
}

/// How cells are built.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneOptions {
    /// One reach for every point place, km; `None`: adaptive (below).
    pub reach_km: Option<f64>,
    /// Adaptive reach: `factor` × the distance to the `neighbour`-th nearest
    /// other site, clamped to `min_km..=max_km`.
    pub neighbour: usize,
    /// See `neighbour`.
    pub factor: f64,
    /// Least adaptive reach, km (also a lone place's when there is no neighbour… see `max_km`).
    pub min_km: f64,
    /// Greatest adaptive reach, km (a place with no other site reaches this far).
    pub max_km: f64,
    /// Which places get cells.
    pub places: PlaceSet,
}

impl Default for ZoneOptions {
    fn default() -> Self {
        ZoneOptions {
            reach_km: None,
            neighbour: 3,
            factor: 1.5,
            min_km: 25.0,
            max_km: 80.0,
            places: PlaceSet::Mentioned,
        }
    }
}

impl ZoneOptions {
    /// The options a dataset's `frontline.toml` asks for (`zone_reach_km`,
    /// else the adaptive reach), with a reach given on the command line
    /// (`reach_km`) taking precedence. The values are checked when cells are
    /// built.
    pub fn from_config(config: &Config, reach_km: Option<f64>) -> Self {
        match reach_km.or(config.zone_reach_km) {
            Some(km) => ZoneOptions::fixed(km),
            None => ZoneOptions::default(),
        }
    }

    /// Options with one fixed reach.
    pub fn fixed(reach_km: f64) -> Self {
        ZoneOptions {
            reach_km: Some(reach_km),
            ..Default::default()
        }
    }

    pub(super) fn check(&self) -> Result<()> {
        let ok = |v: f64| v.is_finite() && v > 0.0;
        let bad = match self.reach_km {
            Some(r) => !ok(r),
            None => {
                !ok(self.factor)
                    || !ok(self.min_km)
                    || !ok(self.max_km)
                    || self.min_km > self.max_km
                    || self.neighbour == 0
            }
        };
        if bad {
            return Err(Error::Usage(format!(
                "zones: reach options make no sense: {self:?}"
            )));
        }
        Ok(())
    }
}

/// Each site's reach, metres.
pub(super) fn reaches(sites: &[[f64; 2]], o: &ZoneOptions) -> Vec<f64> {
    if let Some(r) = o.reach_km {
        return vec![r * 1000.0; sites.len()];
    }
    let tree = rstar::RTree::bulk_load(sites.to_vec());
    sites
        .par_iter()
        .map(|p| {
            // The k-th nearest other site (the nearest is the site itself).
            let d = tree
                .nearest_neighbor_iter_with_distance_2(p)
                .skip(1)
                .take(o.neighbour)
                .last()
                .map(|(_, d2)| d2.sqrt() / 1000.0);
            match d {
                Some(d) => (o.factor * d).clamp(o.min_km, o.max_km) * 1000.0,
                None => o.max_km * 1000.0,
            }
        })
        .collect()
}
