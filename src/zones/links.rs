//! The common edges of neighbouring cells, from which fronts are drawn.

use super::land::Land;
use super::project::Laea;
use super::voronoi::Diagram;
use geo::{BoundingRect, Coord, Distance, Geodesic, Line, MultiPolygon, Point};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The common edge of two neighbouring cells.
#[derive(Debug, Clone)]
pub struct Link {
    /// Cell indices, `a < b`.
    pub a: u32,
    /// See `a`.
    pub b: u32,
    /// The edge, lon/lat, as segments.
    pub lines: Vec<Line>,
    /// Geodesic length, km.
    pub length_km: f64,
}

/// The common edges of neighbouring point cells (exact Voronoi edges), cut to
/// the land unless one of the two cells lies wholly on it.
pub(super) fn point_links(
    diagram: &Diagram,
    inside: &[bool],
    land: &Land,
    proj: &Laea,
) -> Vec<Link> {
    diagram
        .edges
        .par_iter()
        .filter_map(|e| {
            let (p, q) = diagram.shared(e)?;
            let (a, b) = (e.a as usize, e.b as usize);
            let pieces = if inside[a] || inside[b] {
                vec![(p, q)]
            } else {
                land.clip_segment(p, q)
            };
            let lines: Vec<Line> = pieces
                .into_iter()
                .map(|(p, q)| Line::new(proj.inv(p.into()), proj.inv(q.into())))
                .collect();
            if lines.is_empty() {
                return None;
            }
            let length_km = lines
                .iter()
                .map(|l| Geodesic.distance(l.start_point(), l.end_point()))
                .sum::<f64>()
                / 1000.0;
            Some(Link {
                a: e.a,
                b: e.b,
                lines,
                length_km,
            })
        })
        .collect()
}

/// The edges of polygon cells shared with point cells and with other polygon
/// cells. The boundary is walked in steps of at most a kilometre; the ground
/// a metre outside each step says whose it is: the nearest site's (the
/// Voronoi cell it lies in) when on land and within that site's reach, or
/// the polygon cell holding it. A step crossing a Voronoi edge is given
/// whole to one side (an error under a kilometre).
pub(super) fn area_links(
    area_cells: &[(MultiPolygon, u32)],
    sites: &[[f64; 2]],
    reach: &[f64],
    land: &Land,
    proj: &Laea,
) -> Vec<Link> {
    use geo::Contains;
    if area_cells.is_empty() {
        return Vec::new();
    }
    let n = sites.len();
    let tree = rstar::RTree::bulk_load(
        sites
            .iter()
            .enumerate()
            .map(|(i, p)| rstar::primitives::GeomWithData::new(*p, i))
            .collect(),
    );
    let boxes: Vec<Option<geo::Rect>> = area_cells
        .iter()
        .map(|(mp, _)| mp.bounding_rect())
        .collect();
    let whose = |probe: [f64; 2], me: usize| -> Option<usize> {
        if land.contains(probe) {
            let hit = tree.nearest_neighbor(&probe)?;
            let q = hit.geom();
            let d = ((q[0] - probe[0]).powi(2) + (q[1] - probe[1]).powi(2)).sqrt();
            return (d <= reach[hit.data]).then_some(hit.data);
        }
        let pt = Point::new(probe[0], probe[1]);
        (0..area_cells.len())
            .filter(|&m| m != me)
            .find(|&m| {
                boxes[m].is_some_and(|b| {
                    b.min().x <= probe[0]
                        && probe[0] <= b.max().x
                        && b.min().y <= probe[1]
                        && probe[1] <= b.max().y
                }) && area_cells[m].0.contains(&pt)
            })
            .map(|m| n + m)
    };
    area_cells
        .par_iter()
        .enumerate()
        .flat_map_iter(|(k, (mp, _))| {
            let me = n + k;
            let mut by: FxHashMap<usize, Vec<Line>> = FxHashMap::default();
            for poly in mp {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    for seg in ring.lines() {
                        let (dx, dy) = (seg.end.x - seg.start.x, seg.end.y - seg.start.y);
                        let len = (dx * dx + dy * dy).sqrt();
                        if len.is_nan() || len <= 0.0 {
                            continue;
                        }
                        let steps = (len / 1000.0).ceil().max(1.0) as usize;
                        let pts: Vec<Coord> = (0..=steps)
                            .map(|s| match s {
                                0 => seg.start,
                                s if s == steps => seg.end,
                                s => {
                                    let t = s as f64 / steps as f64;
                                    Coord {
                                        x: seg.start.x + t * dx,
                                        y: seg.start.y + t * dy,
                                    }
                                }
                            })
                            .collect();
                        // Right of the way round is outside (exteriors run
                        // counter-clockwise, holes clockwise).
                        let out = [dy / len, -dx / len];
                        for w in pts.windows(2) {
                            let mid = [(w[0].x + w[1].x) / 2.0, (w[0].y + w[1].y) / 2.0];
                            let probe = [mid[0] + out[0], mid[1] + out[1]];
                            match whose(probe, k) {
                                // Between two polygon cells the lower one reports.
                                Some(o) if o < n || o > me => {
                                    by.entry(o).or_default().push(Line::new(w[0], w[1]))
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
            by.into_iter().map(move |(o, segs)| {
                let lines: Vec<Line> = segs
                    .iter()
                    .map(|l| Line::new(proj.inv(l.start), proj.inv(l.end)))
                    .collect();
                let length_km = lines
                    .iter()
                    .map(|l| Geodesic.distance(l.start_point(), l.end_point()))
                    .sum::<f64>()
                    / 1000.0;
                Link {
                    a: o.min(me) as u32,
                    b: o.max(me) as u32,
                    lines,
                    length_km,
                }
            })
        })
        .collect()
}
