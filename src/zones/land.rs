//! Land: the ground cells may claim (projected metres), with an index of
//! its boundary so most cells and edges need no polygon clipping at all.

use geo::{BooleanOps, BoundingRect, MultiPolygon, Polygon};
use rstar::primitives::{GeomWithData, Line as RLine, Rectangle};
use rstar::{AABB, RTree};

type P = [f64; 2];

/// The land: an R-tree of its boundary segments; and the parts it
/// was made of (a region less some polygons), so that a cell is cut by the
/// few pieces near it rather than by the whole land.
#[derive(Debug, Clone)]
pub(crate) struct Land {
    /// The land's boundary segments.
    index: RTree<RLine<P>>,
    max_x: f64,
    /// The region, and its boundary's segments.
    region: MultiPolygon,
    region_index: RTree<RLine<P>>,
    /// The polygons taken out of the region, by their boxes.
    taken: RTree<GeomWithData<Rectangle<P>, usize>>,
    taken_polys: Vec<Polygon>,
}

/// An R-tree of a multipolygon's boundary segments.
fn edge_index(mp: &MultiPolygon) -> RTree<RLine<P>> {
    let mut segs = Vec::new();
    for poly in mp {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for l in ring.lines() {
                if l.start != l.end {
                    segs.push(RLine::new([l.start.x, l.start.y], [l.end.x, l.end.y]));
                }
            }
        }
    }
    RTree::bulk_load(segs)
}

impl Land {
    /// The land `region` less `taken` (both projected).
    pub fn new(region: MultiPolygon, taken: MultiPolygon) -> Land {
        let mp = if taken.0.is_empty() {
            region.clone()
        } else {
            super::measure::tidy(region.difference(&taken))
        };
        let max_x = mp.bounding_rect().map_or(0.0, |r| r.max().x);
        let boxes = taken
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let b = p.bounding_rect()?;
                let r = Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
                Some(GeomWithData::new(r, i))
            })
            .collect();
        Land {
            index: edge_index(&mp),
            max_x,
            region_index: edge_index(&region),
            region,
            taken: RTree::bulk_load(boxes),
            taken_polys: taken.0,
        }
    }

    /// Whether a point is inside (even–odd crossings of a ray to the east).
    pub fn contains(&self, p: P) -> bool {
        if p[0] > self.max_x {
            return false;
        }
        let ray = AABB::from_corners(p, [self.max_x + 1.0, p[1]]);
        let mut inside = false;
        for s in self.index.locate_in_envelope_intersecting(&ray) {
            let (a, b) = (s.from, s.to);
            if (a[1] > p[1]) != (b[1] > p[1]) {
                let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                if x > p[0] {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// Whether the boundary passes through a box.
    pub fn crosses(&self, min: P, max: P) -> bool {
        self.index
            .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
            .next()
            .is_some()
    }

    /// A convex polygon (with an interior point `inner`) cut to the land:
    /// itself when the boundary does not come near it, else a boolean
    /// intersection. The flag says whether it lies wholly on land.
    pub fn clip(&self, poly: Polygon, inner: P) -> (MultiPolygon, bool) {
        let Some(bb) = poly.bounding_rect() else {
            return (MultiPolygon(Vec::new()), false);
        };
        if !self.crosses([bb.min().x, bb.min().y], [bb.max().x, bb.max().y]) {
            return if self.contains(inner) {
                (MultiPolygon(vec![poly]), true)
            } else {
                (MultiPolygon(Vec::new()), false)
            };
        }
        // The region's edge, if near, then the taken polygons near the cell.
        let (min, max) = ([bb.min().x, bb.min().y], [bb.max().x, bb.max().y]);
        let near_edge = self
            .region_index
            .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
            .next()
            .is_some();
        let mut out = MultiPolygon(vec![poly]);
        if near_edge {
            out = out.intersection(&self.region);
        }
        let near: Vec<Polygon> = self
            .taken
            .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
            .map(|g| self.taken_polys[g.data].clone())
            .collect();
        if !near.is_empty() {
            out = out.difference(&MultiPolygon(near));
        }
        (valid(out), false)
    }

    /// The parts of segment p–q on land, as sub-segments (p and q kept exact).
    pub fn clip_segment(&self, p: P, q: P) -> Vec<(P, P)> {
        let min = [p[0].min(q[0]), p[1].min(q[1])];
        let max = [p[0].max(q[0]), p[1].max(q[1])];
        let d = [q[0] - p[0], q[1] - p[1]];
        let mut us = vec![0.0, 1.0];
        for s in self
            .index
            .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
        {
            let (a, b) = (s.from, s.to);
            let e = [b[0] - a[0], b[1] - a[1]];
            let den = d[0] * e[1] - d[1] * e[0];
            if den == 0.0 {
                continue;
            }
            let w = [a[0] - p[0], a[1] - p[1]];
            let u = (w[0] * e[1] - w[1] * e[0]) / den;
            let v = (w[0] * d[1] - w[1] * d[0]) / den;
            if (0.0..=1.0).contains(&v) && u > 0.0 && u < 1.0 {
                us.push(u);
            }
        }
        us.sort_by(f64::total_cmp);
        us.dedup();
        let at = |u: f64| {
            if u == 0.0 {
                p
            } else if u == 1.0 {
                q
            } else {
                [p[0] + u * d[0], p[1] + u * d[1]]
            }
        };
        let mut out: Vec<(f64, f64)> = Vec::new();
        for w in us.windows(2) {
            let m = at((w[0] + w[1]) / 2.0);
            if w[1] > w[0] && self.contains(m) {
                match out.last_mut() {
                    Some(last) if last.1 == w[0] => last.1 = w[1],
                    _ => out.push((w[0], w[1])),
                }
            }
        }
        out.into_iter().map(|(a, b)| (at(a), at(b))).collect()
    }
}

/// A boolean operation's result, repaired in the rare case that it is not
/// valid (i_overlay can leave a ring touching itself where the operands'
/// edges coincide).
pub(crate) fn valid(mp: MultiPolygon) -> MultiPolygon {
    use geo::MakeValid;
    // The dataset's O(n log n) check: geo's own compares every pair of a
    // ring's segments, which never ends on a place of a million vertices.
    if crate::geometry::validity::is_valid(&mp) {
        return mp;
    }
    mp.make_valid().unwrap_or(mp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Coord, LineString, Polygon};

    /// A large place polygon goes through the zones' repair check in
    /// O(n log n): geo's own check compared every pair of its segments
    /// (200,000 vertices: 2·10^10 pairs) and never ended on a million.
    #[test]
    fn a_large_valid_polygon_is_kept_as_it_is() {
        let n = 200_000;
        let mut ring: Vec<Coord<f64>> = (0..n)
            .map(|k| {
                let t = std::f64::consts::TAU * k as f64 / n as f64;
                Coord {
                    x: 38.0 + t.cos(),
                    y: 35.0 + t.sin(),
                }
            })
            .collect();
        ring.push(ring[0]);
        let mp = MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]);
        assert_eq!(valid(mp.clone()), mp);
    }
}
