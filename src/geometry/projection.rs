//! From longitude/latitude to pixels: a Lambert conformal conic projection
//! fitted to the map's extent (never raw degrees, which stretch a region
//! east–west by 1/cos(latitude)).

use super::measure::haversine_km;
use crate::error::{Error, Result};
use proj4rs::proj::Proj;

/// A region's projection and where it lands on the canvas.
#[derive(Debug)]
pub struct Projection {
    lcc: Proj,
    wgs84: Proj,
    /// Pixels per projected metre.
    scale: f64,
    /// Projected coordinates of the canvas point `origin_px`.
    center_m: (f64, f64),
    center_px: (f64, f64),
}

/// A rectangle on the canvas, in pixels: what a projection is fitted into
/// (so it lives here, beside [`Projection::fit`], not in `render`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether two rectangles overlap.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    /// Whether `o` lies wholly inside.
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.w <= self.x + self.w
            && o.y + o.h <= self.y + self.h
    }

    /// Grown by `d` on every side.
    pub fn grow(&self, d: f64) -> Rect {
        Rect {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }
}

impl Projection {
    /// A conic projection with standard parallels at 1/6 and 5/6 of the
    /// extent's latitudes, scaled so `bbox` fits `area` and centred in it.
    pub fn fit(bbox: [f64; 4], area: Rect) -> Result<Projection> {
        let [x0, y0, x1, y1] = bbox;
        let (lon0, lat0) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let (mut lat1, mut lat2) = (y0 + (y1 - y0) / 6.0, y1 - (y1 - y0) / 6.0);
        // A cone needs both standard parallels on one side of the equator.
        if lat1 * lat2 <= 0.0 || (lat1 + lat2).abs() < 1.0 {
            let s = if lat0 >= 0.0 { 1.0 } else { -1.0 };
            lat1 = s * lat1.abs().max(1.0);
            lat2 = s * lat2.abs().max(lat1.abs() + 1.0);
        }
        let def = format!(
            "+proj=lcc +lat_1={lat1} +lat_2={lat2} +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m +no_defs"
        );
        let lcc = Proj::from_proj_string(&def)
            .map_err(|e| Error::Render(format!("projection {def}: {e}")))?;
        let wgs84 = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs")
            .map_err(|e| Error::Render(format!("projection: {e}")))?;
        let mut p = Projection {
            lcc,
            wgs84,
            scale: 1.0,
            center_m: (0.0, 0.0),
            center_px: (0.0, 0.0),
        };
        // Projected bounds of the bbox outline (its edges curve in a conic).
        let (mut mx0, mut my0, mut mx1, mut my1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let n = 24;
        for i in 0..=n {
            let t = i as f64 / n as f64;
            for (lon, lat) in [
                (x0 + t * (x1 - x0), y0),
                (x0 + t * (x1 - x0), y1),
                (x0, y0 + t * (y1 - y0)),
                (x1, y0 + t * (y1 - y0)),
            ] {
                let (x, y) = p.metres(lon, lat);
                mx0 = mx0.min(x);
                my0 = my0.min(y);
                mx1 = mx1.max(x);
                my1 = my1.max(y);
            }
        }
        if !(mx1 > mx0 && my1 > my0) {
            return Err(Error::Render(format!(
                "the extent {bbox:?} cannot be projected"
            )));
        }
        p.scale = (area.w / (mx1 - mx0)).min(area.h / (my1 - my0));
        p.center_m = ((mx0 + mx1) / 2.0, (my0 + my1) / 2.0);
        p.center_px = (area.x + area.w / 2.0, area.y + area.h / 2.0);
        Ok(p)
    }

    /// Projected metres of a lon/lat point (NaN when it cannot be projected).
    fn metres(&self, lon: f64, lat: f64) -> (f64, f64) {
        let mut pt = (lon.to_radians(), lat.to_radians(), 0.0);
        match proj4rs::transform::transform(&self.wgs84, &self.lcc, &mut pt) {
            Ok(()) => (pt.0, pt.1),
            Err(_) => (f64::NAN, f64::NAN),
        }
    }

    /// Canvas pixels of a lon/lat point; y grows downwards.
    pub fn px(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.metres(lon, lat);
        (
            self.center_px.0 + (x - self.center_m.0) * self.scale,
            self.center_px.1 - (y - self.center_m.1) * self.scale,
        )
    }

    /// Ground kilometres per pixel around a point, measured east–west.
    pub fn km_per_px(&self, lon: f64, lat: f64) -> f64 {
        let d = 0.25;
        let (a, b) = (self.px(lon - d, lat), self.px(lon + d, lat));
        let px = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let km = haversine_km((lon - d, lat), (lon + d, lat));
        km / px
    }

    /// The lon/lat of a canvas pixel.
    pub fn lonlat(&self, px: f64, py: f64) -> (f64, f64) {
        let mut pt = (
            self.center_m.0 + (px - self.center_px.0) / self.scale,
            self.center_m.1 - (py - self.center_px.1) / self.scale,
            0.0,
        );
        match proj4rs::transform::transform(&self.lcc, &self.wgs84, &mut pt) {
            Ok(()) => (pt.0.to_degrees(), pt.1.to_degrees()),
            Err(_) => (f64::NAN, f64::NAN),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_the_extent_and_keeps_north_up() {
        let area = Rect {
            x: 0.0,
            y: 100.0,
            w: 1600.0,
            h: 1000.0,
        };
        let p = Projection::fit([35.0, 32.0, 42.0, 37.5], area).unwrap();
        let (cx, cy) = p.px(38.5, 34.75);
        assert!(
            (cx - 800.0).abs() < 30.0 && (cy - 600.0).abs() < 30.0,
            "centre at {cx},{cy}"
        );
        let (_, north) = p.px(38.5, 37.0);
        assert!(north < cy, "north must be up");
        for (lon, lat) in [(35.0, 32.0), (42.0, 37.5), (35.0, 37.5), (42.0, 32.0)] {
            let (x, y) = p.px(lon, lat);
            assert!(
                (-0.5..=1600.5).contains(&x) && (99.5..=1100.5).contains(&y),
                "corner {lon},{lat} at {x},{y}"
            );
        }
        let (lon, lat) = p.lonlat(cx, cy);
        assert!((lon - 38.5).abs() < 1e-6 && (lat - 34.75).abs() < 1e-6);
        // ~111 km per degree of latitude: the scale is in the right ballpark.
        let km = p.km_per_px(38.5, 34.75);
        let (_, y1) = p.px(38.5, 34.25);
        let (_, y2) = p.px(38.5, 35.25);
        assert!(((y1 - y2) * km - 111.0).abs() < 3.0);
    }
}
