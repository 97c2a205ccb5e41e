//! Distances and areas on the Earth, from longitude/latitude, for whoever
//! needs ground units (the scale bar, zones).

use geo::{GeodesicArea, Geometry};

/// The Earth's mean radius in km (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km on a sphere of the Earth's mean radius.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let dla = la2 - la1;
    let dlo = (b.0 - a.0).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// The area of a lon/lat geometry in km², on the WGS84 ellipsoid (Karney's
/// geodesic method, whatever the rings' winding); 0 for points and lines.
pub fn geodesic_area_km2(geometry: &Geometry<f64>) -> f64 {
    geometry.geodesic_area_unsigned() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Point, polygon};

    #[test]
    fn a_degree_of_latitude_is_about_111_km() {
        let d = haversine_km((38.0, 34.0), (38.0, 35.0));
        assert!((d - 111.2).abs() < 0.5, "{d}");
    }

    #[test]
    fn a_one_degree_square_at_the_equator_is_about_12_300_km2() {
        let square =
            polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        let a = geodesic_area_km2(&Geometry::Polygon(square));
        assert!((a - 12_308.0).abs() < 20.0, "{a}");
        assert_eq!(
            geodesic_area_km2(&Geometry::Point(Point::new(1.0, 2.0))),
            0.0
        );
    }
}
