//! One way to write a multipolygon: the same ground gives the same bytes.
//!
//! Unions of many cells are computed in parallel, and the order in which the
//! parts are joined (which depends on how the threads share the work)
//! changes the order of the result's polygons and where each ring starts,
//! though not the ground they cover. Exports promise byte-identical output
//! across runs and thread counts, so zones are put in this order before
//! they are written or measured.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use std::cmp::Ordering;

/// `mp` with each ring starting at its least vertex (by x, then y; the
/// direction is kept), each polygon's holes sorted by their first vertex,
/// and the polygons sorted by their exterior's first vertex.
///
/// ```
/// use frontline::geometry::canonical_order;
/// use geo::{MultiPolygon, polygon};
/// let a = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.)];
/// let b = polygon![(x: 5., y: 5.), (x: 6., y: 5.), (x: 6., y: 6.)];
/// let b_turned = polygon![(x: 6., y: 5.), (x: 6., y: 6.), (x: 5., y: 5.)];
/// assert_eq!(
///     canonical_order(MultiPolygon(vec![b_turned, a.clone()])),
///     canonical_order(MultiPolygon(vec![a, b])),
/// );
/// ```
pub fn canonical_order(mp: MultiPolygon) -> MultiPolygon {
    let mut polygons: Vec<Polygon> = mp
        .0
        .into_iter()
        .map(|p| {
            let (exterior, interiors) = p.into_inner();
            let mut holes: Vec<LineString> = interiors.into_iter().map(starting_at_least).collect();
            holes.sort_by(|a, b| by_x_then_y(first(a), first(b)));
            Polygon::new(starting_at_least(exterior), holes)
        })
        .collect();
    polygons.sort_by(|a, b| by_x_then_y(first(a.exterior()), first(b.exterior())));
    MultiPolygon(polygons)
}

/// A closed ring rotated to start (and end) at its least vertex.
fn starting_at_least(ring: LineString) -> LineString {
    let mut coords = ring.0;
    if coords.len() < 3 || coords.first() != coords.last() {
        return LineString(coords);
    }
    coords.pop();
    let least = (0..coords.len())
        .min_by(|&a, &b| by_x_then_y(coords[a], coords[b]))
        .unwrap_or(0);
    coords.rotate_left(least);
    coords.push(coords[0]);
    LineString(coords)
}

fn first(ring: &LineString) -> Coord {
    ring.0.first().copied().unwrap_or(Coord { x: 0.0, y: 0.0 })
}

/// Coordinates in order of x, then y.
fn by_x_then_y(a: Coord, b: Coord) -> Ordering {
    a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn rings_keep_their_direction_and_their_ground() {
        let square = polygon![
            exterior: [(x: 2., y: 0.), (x: 2., y: 2.), (x: 0., y: 2.), (x: 0., y: 0.)],
            interiors: [
                [(x: 1.5, y: 1.5), (x: 1.6, y: 1.5), (x: 1.6, y: 1.6)],
                [(x: 0.6, y: 0.5), (x: 0.6, y: 0.6), (x: 0.5, y: 0.5)],
            ],
        ];
        let out = canonical_order(MultiPolygon(vec![square.clone()]));
        let p = &out.0[0];
        assert_eq!(p.exterior().0[0], Coord { x: 0.0, y: 0.0 });
        assert_eq!(p.exterior().0[1], square.exterior().0[0]);
        assert_eq!(p.interiors()[0].0[0], Coord { x: 0.5, y: 0.5 });
        use geo::Area;
        assert_eq!(p.signed_area(), square.signed_area());
    }
}
