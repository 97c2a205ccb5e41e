//! Shared low-level pieces: how finely polygons are densified, tidying, the
//! trip from the projection back to lon/lat, geodesic areas.

use super::land;
use super::project::Laea;
use geo::{
    Area, Densify, Euclidean, GeodesicArea, LineString, MultiPolygon, Orient, Polygon,
    orient::Direction,
};

/// Longest edge of the region and polygon places before projecting, degrees.
pub(super) const DENSIFY_DEG: f64 = 0.05;
/// Longest edge of a projected polygon turned back into lon/lat, metres: a
/// long edge straight in the projection is not straight in lon/lat, nor a
/// geodesic, and boolean operations in lon/lat drop collinear vertices.
pub(super) const DENSIFY_M: f64 = 5000.0;

/// Pieces and holes smaller than this, m², are crumbs of floating-point
/// boolean operations (rings of a few vertices a hair apart where two
/// edges nearly coincide), not ground: a 10 m square. Cells are hundreds of
/// km² and the smallest polygon place a town's block, far above it.
pub(super) const CRUMB_M2: f64 = 100.0;

/// Lon/lat of a projected multipolygon, valid and tidy, without crumbs
/// (which would stay as slivers between cells that should merge).
pub(super) fn to_lonlat(mp: &MultiPolygon, proj: &Laea) -> MultiPolygon {
    let m = without_crumbs(mp);
    crate::geometry::canonical_order(tidy(land::valid(tidy(
        proj.inv_mp(&tidy(Euclidean.densify(&m, DENSIFY_M))),
    ))))
}

/// Lon/lat of a projected multipolygon, and its geodesic area in km².
pub(super) fn lonlat_and_area(mp: &MultiPolygon, proj: &Laea) -> (MultiPolygon, f64) {
    let ll = to_lonlat(mp, proj);
    let a = geodesic_km2(&ll);
    (ll, a)
}

/// A projected multipolygon less its pieces and holes under [`CRUMB_M2`].
fn without_crumbs(mp: &MultiPolygon) -> MultiPolygon {
    let big = |r: &LineString| Polygon::new(r.clone(), Vec::new()).unsigned_area() >= CRUMB_M2;
    MultiPolygon(
        mp.iter()
            .filter(|p| big(p.exterior()))
            .map(|p| {
                Polygon::new(
                    p.exterior().clone(),
                    p.interiors().iter().filter(|r| big(r)).cloned().collect(),
                )
            })
            .collect(),
    )
}

/// Geodesic area in km², whichever way rings run: each ring's signed area
/// (which stays small for a tiny ring, where the unsigned one can read a
/// sliver run backwards as the rest of the Earth), holes taken away.
pub fn geodesic_km2(mp: &MultiPolygon) -> f64 {
    let ring = |r: &LineString| {
        Polygon::new(r.clone(), Vec::new())
            .geodesic_area_signed()
            .abs()
    };
    mp.iter()
        .map(|p| (ring(p.exterior()) - p.interiors().iter().map(ring).sum::<f64>()).max(0.0))
        .sum::<f64>()
        / 1e6
}

/// Counter-clockwise exteriors, clockwise holes; no empty polygons.
pub(super) fn tidy(mp: MultiPolygon) -> MultiPolygon {
    MultiPolygon(
        mp.0.into_iter()
            .filter(|p| p.exterior().0.len() >= 4)
            .map(|p| p.orient(Direction::Default))
            .collect(),
    )
}
