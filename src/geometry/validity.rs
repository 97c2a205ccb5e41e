//! OGC validity of place polygons in O(n log n).
//!
//! geo's `Validation` tests every pair of a ring's segments and every pair of
//! a MultiPolygon's parts: a ring of 100,000 vertices took 40 s and one of
//! 1,000,000 never finished. The rules here are geo's, with its messages,
//! but a pair is only tested when the bounding boxes of its two members meet,
//! and those pairs are found with an R-tree of the boxes. Drawn rings have
//! short segments, so a segment's box meets a handful of others.

use geo::algorithm::validation::{GeometryIndex, InvalidMultiPolygon, InvalidPolygon, RingRole};
use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::{
    BoundingRect, Intersects, LineString, MultiPolygon, Polygon, PreparedGeometry, Relate,
    RemoveRepeatedPoints,
};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

/// A box of the plane: lower-left and upper-right corners.
type Box2 = AABB<[f64; 2]>;

/// Checks a polygon: every ring has at least 3 distinct points and does not
/// cross or touch itself, every hole is inside the shell, and no two rings
/// share a line or (holes) an area.
pub fn check_polygon(p: &Polygon<f64>) -> Result<(), InvalidPolygon> {
    let rings: Vec<&LineString<f64>> = std::iter::once(p.exterior()).chain(p.interiors()).collect();
    for (k, ring) in rings.iter().enumerate() {
        if ring.0.is_empty() {
            continue;
        }
        let role = role(k);
        if ring.remove_repeated_points().0.len() < 4 {
            return Err(InvalidPolygon::TooFewPointsInRing(role));
        }
        if has_self_intersection(ring) {
            return Err(InvalidPolygon::SelfIntersection(role));
        }
    }
    let holes: Vec<Polygon<f64>> = p
        .interiors()
        .iter()
        .filter(|r| !r.0.is_empty())
        .map(|r| Polygon::new(r.clone(), vec![]))
        .collect();
    if holes.is_empty() {
        return Ok(());
    }
    let shell = Polygon::new(p.exterior().clone(), vec![]);
    let shell = PreparedGeometry::from(&shell);
    let prepared: Vec<PreparedGeometry<'_, &Polygon<f64>>> =
        holes.iter().map(PreparedGeometry::from).collect();
    for (i, hole) in prepared.iter().enumerate() {
        let m = shell.relate(hole);
        if !m.is_contains() {
            return Err(InvalidPolygon::InteriorRingNotContainedInExteriorRing(
                RingRole::Interior(i),
            ));
        }
        if m.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
            return Err(InvalidPolygon::IntersectingRingsOnALine(
                RingRole::Exterior,
                RingRole::Interior(i),
            ));
        }
    }
    let mut found = None;
    first_meeting_pair(holes.iter().map(polygon_box).collect(), |i, j| {
        let m = prepared[i].relate(&prepared[j]);
        found = if m.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
            Some(InvalidPolygon::IntersectingRingsOnAnArea(
                RingRole::Interior(i),
                RingRole::Interior(j),
            ))
        } else if m.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
            Some(InvalidPolygon::IntersectingRingsOnALine(
                RingRole::Interior(i),
                RingRole::Interior(j),
            ))
        } else {
            None
        };
        found.is_some()
    });
    found.map_or(Ok(()), Err)
}

/// Checks a MultiPolygon's parts against each other: no two overlap or
/// share a line. Each part's own validity is [`check_polygon`]'s.
pub fn check_parts(mp: &MultiPolygon<f64>) -> Result<(), InvalidMultiPolygon> {
    let prepared: Vec<PreparedGeometry<'_, &Polygon<f64>>> =
        mp.0.iter().map(PreparedGeometry::from).collect();
    let mut found = None;
    first_meeting_pair(mp.0.iter().map(polygon_box).collect(), |i, j| {
        let m = prepared[i].relate(&prepared[j]);
        let (a, b) = (GeometryIndex(i), GeometryIndex(j));
        found = if m.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
            Some(InvalidMultiPolygon::ElementsOverlaps(a, b))
        } else if m.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
            Some(InvalidMultiPolygon::ElementsTouchOnALine(a, b))
        } else {
            None
        };
        found.is_some()
    });
    found.map_or(Ok(()), Err)
}

/// Whether a MultiPolygon is valid by the rules of [`check_polygon`] and
/// [`check_parts`] (geo's `is_valid`, in O(n log n)).
pub(crate) fn is_valid(mp: &MultiPolygon<f64>) -> bool {
    mp.0.iter().all(|p| check_polygon(p).is_ok()) && check_parts(mp).is_ok()
}

/// The role geo gives the `k`-th ring of a polygon (0: the shell).
fn role(k: usize) -> RingRole {
    match k {
        0 => RingRole::Exterior,
        _ => RingRole::Interior(k - 1),
    }
}

/// Whether two segments of a ring meet other than where one ends and the
/// next begins: geo's rule (segments `a` and `b` may not intersect unless
/// `a` starts where `b` ends or ends where `b` starts), so a ring that
/// touches itself at a vertex is a self-intersection too.
fn has_self_intersection(ring: &LineString<f64>) -> bool {
    let lines: Vec<geo::Line<f64>> = ring.lines().collect();
    let boxes = lines
        .iter()
        .map(|l| Some(Box2::from_corners(l.start.into(), l.end.into())))
        .collect();
    first_meeting_pair(boxes, |i, j| {
        let (a, b) = (&lines[i], &lines[j]);
        a.start != b.end && a.end != b.start && a.intersects(b)
    })
    .is_some()
}

/// The bounding box of a polygon (its shell's); `None` when it is empty.
fn polygon_box(p: &Polygon<f64>) -> Option<Box2> {
    p.bounding_rect()
        .map(|r| Box2::from_corners(r.min().into(), r.max().into()))
}

/// The first pair `(i, j)`, `i < j`, of `boxes` that meet (touching counts)
/// and for which `hit` holds: an R-tree query per box, so O(n log n) when
/// each box meets few others. A member with no box (empty) meets nothing.
fn first_meeting_pair(
    boxes: Vec<Option<Box2>>,
    mut hit: impl FnMut(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    if boxes.len() < 2 {
        return None;
    }
    let boxes: Vec<(usize, Box2)> = boxes
        .into_iter()
        .enumerate()
        .filter_map(|(i, b)| Some((i, b?)))
        .collect();
    let tree = RTree::bulk_load(
        boxes
            .iter()
            .map(|&(i, b)| GeomWithData::new(Rectangle::from_aabb(b), i))
            .collect(),
    );
    for &(i, ref b) in &boxes {
        for other in tree.locate_in_envelope_intersecting(b) {
            let j = other.data;
            if j > i && hit(i, j) {
                return Some((i, j));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Coord, Validation, polygon};

    /// A ring of `n` vertices on a circle (closed).
    fn circle(n: usize, cx: f64, cy: f64, r: f64) -> Vec<Coord<f64>> {
        let mut ring: Vec<Coord<f64>> = (0..n)
            .map(|k| {
                let t = std::f64::consts::TAU * k as f64 / n as f64;
                Coord {
                    x: cx + r * t.cos(),
                    y: cy + r * t.sin(),
                }
            })
            .collect();
        ring.push(ring[0]);
        ring
    }

    #[test]
    fn a_million_vertex_ring_is_checked_and_a_crossing_in_it_found() {
        let ring = circle(1_000_000, 36.0, 34.0, 1.0);
        let good = Polygon::new(LineString(ring.clone()), vec![]);
        assert_eq!(check_polygon(&good), Ok(()));
        // Two vertices on opposite sides swapped: the ring crosses itself there.
        let mut crossed = ring;
        crossed.swap(1000, 500_000);
        let bad = Polygon::new(LineString(crossed), vec![]);
        assert_eq!(
            check_polygon(&bad),
            Err(InvalidPolygon::SelfIntersection(RingRole::Exterior))
        );
    }

    /// The rules are geo's: the same verdict on the small cases its own
    /// check handles quickly.
    #[test]
    fn agrees_with_geo_on_small_polygons() {
        let bow = polygon![(x: 0., y: 0.), (x: 2., y: 2.), (x: 2., y: 0.), (x: 0., y: 2.), (x: 0., y: 0.)];
        let square = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.), (x: 0., y: 0.)],
            interiors: [[(x: 1., y: 1.), (x: 2., y: 1.), (x: 2., y: 2.), (x: 1., y: 2.), (x: 1., y: 1.)]],
        );
        let hole_out = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.), (x: 0., y: 0.)],
            interiors: [[(x: 5., y: 5.), (x: 6., y: 5.), (x: 6., y: 6.), (x: 5., y: 6.), (x: 5., y: 5.)]],
        );
        let holes_overlap = polygon!(
            exterior: [(x: 0., y: 0.), (x: 9., y: 0.), (x: 9., y: 9.), (x: 0., y: 9.), (x: 0., y: 0.)],
            interiors: [
                [(x: 1., y: 1.), (x: 4., y: 1.), (x: 4., y: 4.), (x: 1., y: 4.), (x: 1., y: 1.)],
                [(x: 2., y: 2.), (x: 5., y: 2.), (x: 5., y: 5.), (x: 2., y: 5.), (x: 2., y: 2.)],
            ],
        );
        // A ring that touches itself at a vertex (a figure of eight).
        let eight = polygon![(x: 0., y: 0.), (x: 1., y: 1.), (x: 2., y: 0.), (x: 2., y: 2.), (x: 1., y: 1.), (x: 0., y: 2.), (x: 0., y: 0.)];
        for p in [bow, square, hole_out, holes_overlap, eight] {
            assert_eq!(
                check_polygon(&p).err(),
                p.validation_errors().into_iter().next(),
                "{p:?}"
            );
            let mp = MultiPolygon(vec![p]);
            assert_eq!(is_valid(&mp), mp.is_valid(), "{mp:?}");
        }
    }

    #[test]
    fn parts_that_overlap_or_share_a_line_are_found_among_many() {
        // 10,000 parts in a grid, apart: valid; then one shifted onto its neighbour.
        let square = |x: f64, y: f64| polygon![(x: x, y: y), (x: x + 0.5, y: y), (x: x + 0.5, y: y + 0.5), (x: x, y: y + 0.5), (x: x, y: y)];
        let mut parts: Vec<Polygon<f64>> = (0..10_000)
            .map(|k| square((k % 100) as f64, (k / 100) as f64))
            .collect();
        assert_eq!(check_parts(&MultiPolygon(parts.clone())), Ok(()));
        parts[5001] = square(0.25, 50.0);
        let (a, b) = (GeometryIndex(5000), GeometryIndex(5001));
        assert_eq!(
            check_parts(&MultiPolygon(parts.clone())),
            Err(InvalidMultiPolygon::ElementsOverlaps(a.clone(), b.clone()))
        );
        parts[5001] = square(0.5, 50.0);
        assert_eq!(
            check_parts(&MultiPolygon(parts)),
            Err(InvalidMultiPolygon::ElementsTouchOnALine(a, b))
        );
    }
}
