//! A local metric projection for cells: Lambert azimuthal equal-area on the
//! WGS 84 ellipsoid, centred on the data. Distances near the centre are true
//! to well under 1 % across a region the size of Syria and Iraq, and areas are
//! true everywhere, so Voronoi cells and reach discs are drawn in metres.

use crate::error::{Error, Result};
use geo::{Coord, MapCoords, MultiPolygon};
use proj4rs::proj::Proj;

/// Lon/lat ↔ metres.
#[derive(Debug)]
pub(crate) struct Laea {
    laea: Proj,
    wgs84: Proj,
}

impl Laea {
    /// Centred on (lon0, lat0), degrees.
    pub(crate) fn new(lon0: f64, lat0: f64) -> Result<Laea> {
        let lat0 = lat0.clamp(-89.0, 89.0);
        let def = format!("+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m +no_defs");
        let bad = |e: proj4rs::errors::Error| Error::Usage(format!("zones: projection {def}: {e}"));
        let laea = Proj::from_proj_string(&def).map_err(bad)?;
        let wgs84 = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs")
            .map_err(bad)?;
        Ok(Laea { laea, wgs84 })
    }

    /// Metres of a lon/lat point (NaN when it cannot be projected).
    pub(crate) fn fwd(&self, c: Coord) -> Coord {
        let mut pt = (c.x.to_radians(), c.y.to_radians(), 0.0);
        match proj4rs::transform::transform(&self.wgs84, &self.laea, &mut pt) {
            Ok(()) => Coord { x: pt.0, y: pt.1 },
            Err(_) => Coord {
                x: f64::NAN,
                y: f64::NAN,
            },
        }
    }

    /// Lon/lat of a projected point.
    pub(crate) fn inv(&self, c: Coord) -> Coord {
        let mut pt = (c.x, c.y, 0.0);
        match proj4rs::transform::transform(&self.laea, &self.wgs84, &mut pt) {
            Ok(()) => Coord {
                x: pt.0.to_degrees(),
                y: pt.1.to_degrees(),
            },
            Err(_) => Coord {
                x: f64::NAN,
                y: f64::NAN,
            },
        }
    }

    pub(crate) fn fwd_mp(&self, mp: &MultiPolygon) -> MultiPolygon {
        mp.map_coords(|c| self.fwd(c))
    }

    pub(crate) fn inv_mp(&self, mp: &MultiPolygon) -> MultiPolygon {
        mp.map_coords(|c| self.inv(c))
    }
}
