//! Point cells: the Voronoi cell of each site (in projected metres) cut to a
//! disc of the site's reach, built so that neighbouring cells share their
//! common boundary vertex for vertex.
//!
//! Each Voronoi edge is computed once ([`VEdge`], from the Delaunay edge
//! between two sites) and every point on it is `VEdge::at(t)` for a parameter
//! `t`; the two cells on either side cut the edge at the same parameters (both
//! discs' cuts), so their rings hold bit-identical vertices along it and a
//! union of the two has no sliver. A cell is convex: the pieces of its edges
//! that lie inside its disc, in angular order, joined by arcs of its circle.

use crate::error::{Error, Result};
use spade::{DelaunayTriangulation, HasPosition, Point2, Triangulation};
use std::f64::consts::TAU;

/// Vertices of a full reach circle (an arc uses the same angular grid).
pub(crate) const CIRCLE_SEGMENTS: usize = 72;

type P = [f64; 2];
/// A parameter interval on an edge.
type Span = Option<(f64, f64)>;

/// The Voronoi edge between sites `a < b`: the points `p0 + t·d` for `t` in
/// `[t0, t1]` (a segment between two circumcentres, a ray, or — when all
/// sites are collinear — a whole line).
#[derive(Debug, Clone)]
pub(crate) struct VEdge {
    pub a: u32,
    pub b: u32,
    p0: P,
    /// The far end of a segment (`t = 1`), returned exactly.
    p1: Option<P>,
    d: P,
    t0: f64,
    t1: f64,
}

impl VEdge {
    /// The point at `t` (exactly `p0` or `p1` at a segment's ends).
    pub fn at(&self, t: f64) -> P {
        match self.p1 {
            Some(p1) if t == 1.0 => p1,
            _ => [self.p0[0] + t * self.d[0], self.p0[1] + t * self.d[1]],
        }
    }

    /// The parameters of the edge inside the circle (`c`, `r`), if any.
    pub fn in_circle(&self, c: P, r: f64) -> Option<(f64, f64)> {
        let aa = self.d[0] * self.d[0] + self.d[1] * self.d[1];
        if aa.is_nan() || aa <= 1e-12 {
            return None; // a zero-length edge (four sites on one circle)
        }
        let w = [self.p0[0] - c[0], self.p0[1] - c[1]];
        let b = w[0] * self.d[0] + w[1] * self.d[1];
        let cc = w[0] * w[0] + w[1] * w[1] - r * r;
        let disc = b * b - aa * cc;
        if disc.is_nan() || disc <= 0.0 {
            return None;
        }
        let h = disc.sqrt();
        let (lo, hi) = ((-b - h) / aa, (-b + h) / aa);
        let (lo, hi) = (lo.max(self.t0), hi.min(self.t1));
        // Pieces shorter than a millimetre are left out (by both cells alike).
        ((hi - lo) * aa.sqrt() > 1e-3).then_some((lo, hi))
    }
}

/// Sites, their reach and the Voronoi edges between them.
#[derive(Debug, Clone)]
pub(crate) struct Diagram {
    pub sites: Vec<P>,
    /// Reach of each site, metres.
    pub reach: Vec<f64>,
    pub edges: Vec<VEdge>,
    /// Edge indices incident to each site.
    pub incident: Vec<Vec<u32>>,
}

struct Vx {
    p: Point2<f64>,
    i: u32,
}

impl HasPosition for Vx {
    type Scalar = f64;
    fn position(&self) -> Point2<f64> {
        self.p
    }
}

impl Diagram {
    /// The diagram of distinct sites (at least a millimetre apart).
    pub fn new(sites: Vec<P>, reach: Vec<f64>) -> Result<Diagram> {
        let edges = if sites.len() < 2 {
            Vec::new()
        } else {
            voronoi_edges(&sites)?
        };
        let mut incident = vec![Vec::new(); sites.len()];
        for (k, e) in edges.iter().enumerate() {
            incident[e.a as usize].push(k as u32);
            incident[e.b as usize].push(k as u32);
        }
        Ok(Diagram {
            sites,
            reach,
            edges,
            incident,
        })
    }

    /// The parameters where the edge is inside each of its two sites'
    /// discs, (a's, b's). Cuts of the two less than a millimetre apart are
    /// made one (equal reaches cut the bisector at the same points, but not
    /// to the last bit), so both cells see the same vertices.
    pub fn cuts(&self, e: &VEdge) -> (Span, Span) {
        let sa = e.in_circle(self.sites[e.a as usize], self.reach[e.a as usize]);
        let sb = e.in_circle(self.sites[e.b as usize], self.reach[e.b as usize]);
        let (Some(mut a), Some(mut b)) = (sa, sb) else {
            return (sa, sb);
        };
        let len = (e.d[0] * e.d[0] + e.d[1] * e.d[1]).sqrt();
        let near = |x: f64, y: f64| (x - y).abs() * len < 1e-3;
        for (x, y) in [(&mut a.0, &mut b.0), (&mut a.1, &mut b.1)] {
            if near(*x, *y) {
                let v = x.min(*y);
                (*x, *y) = (v, v);
            }
        }
        if near(a.1, b.0) {
            b.0 = a.1;
        }
        if near(b.1, a.0) {
            a.0 = b.1;
        }
        (Some(a), Some(b))
    }

    /// The part of an edge inside both discs: the two cells' common boundary.
    pub fn shared(&self, e: &VEdge) -> Option<(P, P)> {
        let (Some((a0, a1)), Some((b0, b1))) = self.cuts(e) else {
            return None;
        };
        let (lo, hi) = (a0.max(b0), a1.min(b1));
        (hi > lo).then(|| (e.at(lo), e.at(hi)))
    }

    /// The ring of site `i`'s cell, counter-clockwise, closed.
    pub fn ring(&self, i: usize) -> Vec<P> {
        let s = self.sites[i];
        let r = self.reach[i];
        // (angle of the piece's middle, its points in counter-clockwise order,
        // whether it starts / ends at a Voronoi vertex rather than on the circle)
        let mut pieces: Vec<(f64, Vec<P>)> = Vec::new();
        for &k in &self.incident[i] {
            let e = &self.edges[k as usize];
            let (ca, cb) = self.cuts(e);
            let (mine, theirs) = if e.a as usize == i {
                (ca, cb)
            } else {
                (cb, ca)
            };
            let Some((lo, hi)) = mine else {
                continue;
            };
            let mut ts = vec![lo, hi];
            if let Some((o0, o1)) = theirs {
                ts.extend([o0, o1].into_iter().filter(|&t| t > lo && t < hi));
            }
            ts.sort_by(f64::total_cmp);
            ts.dedup();
            let mut pts: Vec<P> = ts.iter().map(|&t| e.at(t)).collect();
            // Counter-clockwise around the site: the edge runs to the left.
            let w = [e.p0[0] - s[0], e.p0[1] - s[1]];
            if w[0] * e.d[1] - w[1] * e.d[0] < 0.0 {
                pts.reverse();
            }
            let mid = e.at((lo + hi) / 2.0);
            pieces.push(((mid[1] - s[1]).atan2(mid[0] - s[0]), pts));
        }
        let step = TAU / CIRCLE_SEGMENTS as f64;
        let on_circle = |theta: f64| [s[0] + r * theta.cos(), s[1] + r * theta.sin()];
        if pieces.is_empty() {
            let mut ring: Vec<P> = (0..CIRCLE_SEGMENTS)
                .map(|k| on_circle(k as f64 * step))
                .collect();
            ring.push(ring[0]);
            return ring;
        }
        pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut ring: Vec<P> = Vec::new();
        let n = pieces.len();
        for (k, (_, pts)) in pieces.iter().enumerate() {
            for &p in pts {
                if ring.last() != Some(&p) {
                    ring.push(p);
                }
            }
            let end = *pts.last().unwrap();
            let next = pieces[(k + 1) % n].1[0];
            if end != next {
                // Along the circle from this piece's end to the next's start.
                let a = (end[1] - s[1]).atan2(end[0] - s[0]);
                let mut b = (next[1] - s[1]).atan2(next[0] - s[0]);
                while b <= a {
                    b += TAU;
                }
                let mut theta = (a / step).floor() * step + step;
                while theta < b - 0.1 * step {
                    if theta > a + 0.1 * step {
                        ring.push(on_circle(theta));
                    }
                    theta += step;
                }
            }
        }
        if ring.first() != ring.last() {
            ring.push(ring[0]);
        }
        ring
    }
}

/// The Voronoi edges of two or more distinct sites, one per Delaunay edge.
fn voronoi_edges(sites: &[P]) -> Result<Vec<VEdge>> {
    let vs: Vec<Vx> = sites
        .iter()
        .enumerate()
        .map(|(i, p)| Vx {
            // spade refuses magnitudes below 1e-50 that are not zero.
            p: Point2::new(tidy(p[0]), tidy(p[1])),
            i: i as u32,
        })
        .collect();
    let t: DelaunayTriangulation<Vx> = DelaunayTriangulation::bulk_load(vs)
        .map_err(|e| Error::Usage(format!("zones: triangulation failed: {e:?}")))?;
    let mut centres: Vec<P> = vec![[f64::NAN; 2]; t.num_all_faces()];
    for f in t.inner_faces() {
        let c = f.circumcenter();
        centres[f.fix().index()] = [c.x, c.y];
    }
    let mut edges = Vec::with_capacity(t.num_undirected_edges());
    for ue in t.undirected_edges() {
        let de = ue.as_directed();
        let (va, vb) = (de.from(), de.to());
        let (pa, pb) = (sites[va.data().i as usize], sites[vb.data().i as usize]);
        let (a, b) = (va.data().i.min(vb.data().i), va.data().i.max(vb.data().i));
        // Perpendicular to a→b: left of the directed edge is its face.
        let ab = [pb[0] - pa[0], pb[1] - pa[1]];
        let len = (ab[0] * ab[0] + ab[1] * ab[1]).sqrt();
        let left = [-ab[1] / len, ab[0] / len];
        let right = [-left[0], -left[1]];
        let fl = de.face().as_inner().map(|f| centres[f.fix().index()]);
        let fr = de.rev().face().as_inner().map(|f| centres[f.fix().index()]);
        let (p0, p1, d, t0, t1) = match (fl, fr) {
            // Canonical direction: from the smaller to the larger point.
            (Some(x), Some(y)) => {
                let (p, q) = if (x[0], x[1]) <= (y[0], y[1]) {
                    (x, y)
                } else {
                    (y, x)
                };
                (p, Some(q), [q[0] - p[0], q[1] - p[1]], 0.0, 1.0)
            }
            // A ray from the inner face's centre away from it.
            (Some(c), None) => (c, None, right, 0.0, f64::INFINITY),
            (None, Some(c)) => (c, None, left, 0.0, f64::INFINITY),
            (None, None) => {
                let m = [(pa[0] + pb[0]) / 2.0, (pa[1] + pb[1]) / 2.0];
                // Same line whichever way round a and b are found.
                let d = if (left[0], left[1]) >= (0.0, 0.0) {
                    left
                } else {
                    right
                };
                (m, None, d, f64::NEG_INFINITY, f64::INFINITY)
            }
        };
        edges.push(VEdge {
            a,
            b,
            p0,
            p1,
            d,
            t0,
            t1,
        });
    }
    Ok(edges)
}

fn tidy(v: f64) -> f64 {
    if v.abs() < 1e-9 { 0.0 } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(ring: &[P]) -> f64 {
        ring.windows(2)
            .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
            .sum::<f64>()
            / 2.0
    }

    #[test]
    fn one_site_is_a_disc() {
        let d = Diagram::new(vec![[0.0, 0.0]], vec![1000.0]).unwrap();
        let r = d.ring(0);
        assert_eq!(r.len(), CIRCLE_SEGMENTS + 1);
        let full = std::f64::consts::PI * 1e6;
        assert!((area(&r) - full).abs() / full < 0.01);
    }

    #[test]
    fn two_sites_split_at_the_bisector_and_share_it() {
        let d = Diagram::new(vec![[0.0, 0.0], [1000.0, 0.0]], vec![1000.0, 1000.0]).unwrap();
        assert_eq!(d.edges.len(), 1);
        let (r0, r1) = (d.ring(0), d.ring(1));
        assert!(area(&r0) > 0.0 && area(&r1) > 0.0);
        assert!(r0.iter().all(|p| p[0] <= 500.0 + 1e-9));
        let (p, q) = d.shared(&d.edges[0]).unwrap();
        assert!(r0.contains(&p) && r0.contains(&q) && r1.contains(&p) && r1.contains(&q));
    }

    #[test]
    fn cells_of_a_grid_tile_the_plane() {
        let mut sites = Vec::new();
        for i in 0..5 {
            for j in 0..5 {
                sites.push([
                    i as f64 * 1000.0 + (j % 2) as f64 * 300.0,
                    j as f64 * 1000.0,
                ]);
            }
        }
        let n = sites.len();
        let d = Diagram::new(sites, vec![50_000.0; n]).unwrap();
        let total: f64 = (0..n).map(|i| area(&d.ring(i))).sum();
        assert!(total > 0.0);
        for i in 0..n {
            assert!(area(&d.ring(i)) > 0.0, "cell {i}");
        }
    }
}
