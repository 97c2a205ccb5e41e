//! Territory: areas of control and front lines derived from places.
//!
//! [`Cells::build`] divides the ground among the places once per run (places
//! do not move); [`Cells::zones`] then gives, for the states of one date, the
//! zone of each (holder, status, challenger), its area, the unassigned ground
//! and the front lines between forces — sums and look-ups over the cells, no
//! geometry. [`Cells::dissolve`] (or a [`DissolveCache`], which redoes only
//! zones whose cells changed) merges a zone's cells into one multipolygon
//! when a polygon is wanted (export); a renderer may draw the cells as they are.
//!
//! # The model, and why
//!
//! - **Which places.** By default only places that some event mentions
//!   ([`PlaceSet::Mentioned`]). A gazetteer dataset (the bundled one lists
//!   477 places, 127 of them in events) would otherwise give most of the
//!   ground to places that are never held by anyone, which are unknown on
//!   every date, and punch permanent holes in every zone.
//!   [`PlaceSet::All`] gives every located place a cell.
//! - **Point cells.** A point place's cell is the ground nearer to it than to
//!   any other point place (Voronoi), computed in a Lambert azimuthal
//!   equal-area projection of the WGS 84 ellipsoid centred on the data — in
//!   metres, not degrees, and equal-area so areas are not distorted. A
//!   MultiPoint place has one cell per point; all are its.
//! - **Polygon places** keep their own polygon (cut to the region). Point
//!   cells do not cover them. Where polygon places overlap, the smaller one
//!   keeps the overlap (a town inside its district is the more specific
//!   claim). Polygon places do not count as Voronoi sites.
//! - **Places at one point** (identical coordinates, or within a metre) share
//!   one cell. Its state on a date is that of the first of them (file order)
//!   whose state is known. Splitting the cell would draw a border that means
//!   nothing; giving it to the first place only would leave the ground
//!   unassigned whenever a duplicate entry, not the first, is the one the
//!   events talk about.
//! - **Reach.** A point cell extends at most its reach from its place. A
//!   trial on the bundled data found a fixed 25 km gives dots, 60 km reads
//!   right and 120 km over-claims desert around lone towns. Since places are
//!   unevenly dense, the default reach adapts: 1.5 × the distance to the
//!   third-nearest other site, clamped to 25–80 km. On the bundled data the
//!   median third-neighbour distance is 40 km, so a typical place reaches
//!   60 km (the trial's best fixed value); a town in a cluster of villages
//!   reaches less, where the Voronoi edges bound it anyway; a lone desert
//!   town (Palmyra, Rutba) stops at 80 km instead of claiming the desert.
//!   [`ZoneOptions::fixed`] sets one reach for all places. Reach circles are
//!   drawn with 72 segments (a chord strays at most 0.1 % of the reach).
//! - **Land.** Cells are cut to the region: the union of the basemap's
//!   `focus` countries. Water and foreign ground are nobody's. Without focus
//!   countries there is nothing to say where land ends, so the region is the
//!   convex hull of the places' reach discs (and polygon places): no cell is
//!   cut, and the unassigned ground is the part of the hull no cell claims.
//! - **State.** A cell takes its place's state: held → the holder's zone;
//!   contested → a zone of (holder, contested, challenger); besieged → a zone
//!   of (holder, besieged, challenger); unknown → unassigned.
//! - **Front lines.** Where two cells of different holders share an edge, the
//!   edge is a front line between the two forces (contested and besieged
//!   cells still belong to their holder, so a contested town inside its
//!   holder's ground draws no front). Between point cells the edge is the
//!   exact Voronoi edge; a polygon cell's edge is walked in steps of at most
//!   a kilometre, and a probe a metre outside each step says whose ground is
//!   there (so its fronts are right to within a step).
//! - **Measures.** Areas are geodesic on the WGS 84 ellipsoid (geo's
//!   `GeodesicArea` of the cells in lon/lat; each ring's signed area, so a
//!   sliver run backwards never reads as the rest of the Earth), lengths
//!   geodesic too. Cell areas and edge lengths are computed once, so a
//!   date's figures are sums. Polygons are densified (region and polygon
//!   places to 0.05° before projecting, cells to 5 km before unprojecting) so
//!   a polygon means the same in lon/lat as in the projection.
//! - **Exact seams.** Every Voronoi edge is computed once and both cells on
//!   it cut it at the same parameters, so neighbouring cells share their
//!   vertices bit for bit and a zone dissolves without slivers. Dissolving
//!   unions a zone's uncut cells at once, then (only if one of them crosses
//!   the land's edge) cuts the union to the region and removes the other
//!   polygon places. A boolean result that comes out invalid (rare: i_overlay
//!   can leave a ring touching itself where edges coincide) is repaired with
//!   geo's `MakeValid`.
//!
//! All geometry returned is WGS 84 lon/lat.

mod land;
mod project;
mod voronoi;

#[cfg(test)]
mod tests;

use crate::dataset::{BasemapFeature, BasemapKind, Dataset, ForceIndex, Place};
use crate::error::{Error, Result};
use crate::timeline::{PlaceState, Status};
use geo::{
    Area, BooleanOps, BoundingRect, ConvexHull, Coord, Densify, Distance, Euclidean, Geodesic,
    GeodesicArea, Geometry, Line, LineString, MultiLineString, MultiPoint, MultiPolygon, Orient,
    Point, Polygon, orient::Direction,
};
use land::Land;
use project::Laea;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use voronoi::Diagram;

/// Longest edge of the region and polygon places before projecting, degrees.
const DENSIFY_DEG: f64 = 0.05;
/// Longest edge of a projected polygon turned back into lon/lat, metres: a
/// long edge straight in the projection is not straight in lon/lat, nor a
/// geodesic, and boolean operations in lon/lat drop collinear vertices.
const DENSIFY_M: f64 = 5000.0;

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
    /// Options with one fixed reach.
    pub fn fixed(reach_km: f64) -> Self {
        ZoneOptions {
            reach_km: Some(reach_km),
            ..Default::default()
        }
    }

    fn check(&self) -> Result<()> {
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

/// What kind of ground a cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// The Voronoi cell of a point, cut to its reach and the land.
    Point,
    /// A polygon place's own polygon.
    Area,
}

/// One place's (or several co-located places') ground.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The places it belongs to, in file order; the first with a known state
    /// gives it its state.
    pub places: Vec<u32>,
    /// Point or polygon cell.
    pub kind: CellKind,
    /// Its point (lon/lat) for a point cell.
    pub site: Option<Point>,
    /// The reach of a point cell, km.
    pub reach_km: Option<f64>,
    /// The ground, lon/lat (empty when none of it is on land).
    pub geometry: MultiPolygon,
    /// Geodesic area, km².
    pub area_km2: f64,
}

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

/// The cells of a dataset's places, built once.
#[derive(Debug)]
pub struct Cells {
    cells: Vec<Cell>,
    links: Vec<Link>,
    region: MultiPolygon,
    region_area_km2: f64,
    /// Projected, uncut ground of each cell (for dissolving).
    uncut: Vec<MultiPolygon>,
    /// Whether a cell's uncut ground lies wholly on land.
    inside: Vec<bool>,
    /// The region, projected.
    region_m: MultiPolygon,
    proj: Laea,
}

/// The look of a zone: who holds it and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneKey {
    /// The holding force.
    pub holder: ForceIndex,
    /// Held, contested or besieged.
    pub status: Status,
    /// The contesting or besieging force.
    pub challenger: Option<ForceIndex>,
}

impl ZoneKey {
    /// The zone a place state puts its cell in (`None`: unassigned).
    pub fn of(state: &PlaceState) -> Option<ZoneKey> {
        let holder = state.holder?;
        let (status, challenger) = match state.status {
            Status::Unknown => return None,
            Status::Held => (Status::Held, None),
            s => (s, state.challenger),
        };
        Some(ZoneKey {
            holder,
            status,
            challenger,
        })
    }
}

/// One zone on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Holder, status, challenger.
    pub key: ZoneKey,
    /// Its cells, ascending.
    pub cells: Vec<u32>,
    /// Geodesic area, km².
    pub area_km2: f64,
}

/// A front line between two forces on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Front {
    /// The two forces, `a < b`.
    pub a: ForceIndex,
    /// See `a`.
    pub b: ForceIndex,
    /// The line, lon/lat (edges joined into as few lines as possible).
    pub geometry: MultiLineString,
    /// Geodesic length, km.
    pub length_km: f64,
}

/// Zones and fronts on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Zones {
    /// Zones, ordered by key.
    pub zones: Vec<Zone>,
    /// Fronts, ordered by (a, b).
    pub fronts: Vec<Front>,
    /// The region's area, km².
    pub region_area_km2: f64,
    /// Ground of the region in no zone, km².
    pub unassigned_area_km2: f64,
}

impl Cells {
    /// The cells of a dataset: its places, cut to its basemap's focus countries.
    pub fn build(dataset: &Dataset, options: &ZoneOptions) -> Result<Cells> {
        let wanted = match options.places {
            PlaceSet::All => vec![true; dataset.places.len()],
            PlaceSet::Mentioned => {
                let mut used = vec![false; dataset.places.len()];
                for e in &dataset.events {
                    if let Some(u) = used.get_mut(e.place.get()) {
                        *u = true;
                    }
                }
                used
            }
        };
        Cells::from_parts(
            &dataset.places,
            &wanted,
            focus_region(&dataset.basemap).as_ref(),
            options,
        )
    }

    /// The cells of the places with `wanted[i]` (missing: false), cut to
    /// `region` (lon/lat) or, without one, to the hull of the reach discs.
    /// `options.places` is not consulted here.
    pub fn from_parts(
        places: &[Place],
        wanted: &[bool],
        region: Option<&MultiPolygon>,
        options: &ZoneOptions,
    ) -> Result<Cells> {
        options.check()?;
        let finite = |c: &Coord| c.x.is_finite() && c.y.is_finite() && c.y.abs() <= 90.0;
        // Points and polygons of the wanted places.
        let mut points: Vec<(Coord, u32)> = Vec::new();
        let mut areas: Vec<(MultiPolygon, u32)> = Vec::new();
        for (i, p) in places.iter().enumerate() {
            if !wanted.get(i).copied().unwrap_or(false) {
                continue;
            }
            match &p.geometry {
                Geometry::Point(pt) if finite(&pt.0) => points.push((pt.0, i as u32)),
                Geometry::MultiPoint(mp) => {
                    points.extend(mp.iter().filter(|p| finite(&p.0)).map(|p| (p.0, i as u32)))
                }
                Geometry::Polygon(poly) => areas.push((MultiPolygon(vec![poly.clone()]), i as u32)),
                Geometry::MultiPolygon(mp) => areas.push((mp.clone(), i as u32)),
                _ => {}
            }
        }
        areas.retain(|(mp, _)| mp.iter().flat_map(|p| p.exterior().coords()).all(finite));
        // Edges straight in lon/lat are kept (nearly) so once projected.
        for (mp, _) in &mut areas {
            *mp = Euclidean.densify(&*mp, DENSIFY_DEG);
        }
        let region = region
            .map(|r| {
                tidy(Euclidean.densify(
                    &MultiPolygon(r.iter().map(|p| p.orient(Direction::Default)).collect()),
                    DENSIFY_DEG,
                ))
            })
            .filter(|r| !r.0.is_empty());

        // A projection centred on the data.
        let mut rects: Vec<geo::Rect> =
            points.iter().map(|(c, _)| geo::Rect::new(*c, *c)).collect();
        rects.extend(areas.iter().filter_map(|(mp, _)| mp.bounding_rect()));
        if rects.is_empty() {
            rects.extend(region.as_ref().and_then(|r| r.bounding_rect()));
        }
        let centre = rects
            .into_iter()
            .reduce(|a, b| {
                geo::Rect::new(
                    Coord {
                        x: a.min().x.min(b.min().x),
                        y: a.min().y.min(b.min().y),
                    },
                    Coord {
                        x: a.max().x.max(b.max().x),
                        y: a.max().y.max(b.max().y),
                    },
                )
            })
            .map_or(Coord { x: 0.0, y: 0.0 }, |b| b.center());
        let proj = Laea::new(centre.x, centre.y)?;

        // Sites: distinct points (within a metre), each with its places.
        let (sites_ll, sites_m, site_places) = sites(&points, &proj);
        let reach = reaches(&sites_m, options);
        let diagram = Diagram::new(sites_m.clone(), reach.clone())?;
        let rings: Vec<Polygon> = (0..sites_m.len())
            .into_par_iter()
            .map(|i| {
                let ring: Vec<Coord> = diagram.ring(i).into_iter().map(Coord::from).collect();
                Polygon::new(LineString(ring), Vec::new())
            })
            .collect();

        // The region and the land (the region minus polygon places).
        let region_m = match &region {
            Some(r) => proj.fwd_mp(r),
            None => {
                let mut pts: Vec<Point> =
                    rings.iter().flat_map(|r| r.exterior().points()).collect();
                for (mp, _) in &areas {
                    pts.extend(
                        mp.iter()
                            .flat_map(|p| p.exterior().points().map(|c| Point(proj.fwd(c.0)))),
                    );
                }
                let hull = MultiPoint(pts).convex_hull();
                if hull.unsigned_area() > 0.0 {
                    // Short edges, so lon/lat's straight lines follow them.
                    MultiPolygon(vec![Euclidean.densify(&hull, DENSIFY_M)])
                } else {
                    MultiPolygon(Vec::new())
                }
            }
        };
        let region_m = tidy(region_m);
        // Polygon places, smallest first; each keeps what smaller ones left.
        let mut area_cells: Vec<(MultiPolygon, u32)> = areas
            .iter()
            .map(|(mp, i)| {
                let m = tidy(proj.fwd_mp(&MultiPolygon(
                    mp.iter().map(|p| p.orient(Direction::Default)).collect(),
                )));
                (tidy(m.intersection(&region_m)), *i)
            })
            .collect();
        area_cells.sort_by(|a, b| {
            a.0.unsigned_area()
                .total_cmp(&b.0.unsigned_area())
                .then(a.1.cmp(&b.1))
        });
        let mut taken = MultiPolygon(Vec::new());
        for (mp, _) in &mut area_cells {
            if !taken.0.is_empty() {
                *mp = tidy(mp.difference(&taken));
            }
            taken = tidy(taken.union(mp));
        }
        let land_m = if taken.0.is_empty() {
            region_m.clone()
        } else {
            tidy(region_m.difference(&taken))
        };
        let land = Land::new(land_m);

        // Point cells cut to the land; polygon cells as they are.
        let point_cells: Vec<(MultiPolygon, bool)> = rings
            .par_iter()
            .zip(sites_m.par_iter())
            .map(|(ring, s)| {
                // Without a region and polygon places, the hull holds every
                // reach disc: nothing to cut.
                if region.is_none() && taken.0.is_empty() {
                    return (MultiPolygon(vec![ring.clone()]), true);
                }
                let (mp, inside) = land.clip(ring.clone(), *s);
                (tidy(mp), inside)
            })
            .collect();
        let mut cells = Vec::with_capacity(sites_m.len() + area_cells.len());
        let mut uncut = Vec::with_capacity(cells.capacity());
        let mut inside = Vec::with_capacity(cells.capacity());
        let built: Vec<(MultiPolygon, f64)> = point_cells
            .par_iter()
            .map(|(mp, _)| lonlat_and_area(mp, &proj))
            .chain(
                area_cells
                    .par_iter()
                    .map(|(mp, _)| lonlat_and_area(mp, &proj)),
            )
            .collect();
        let mut built = built.into_iter();
        for (k, (_, ins)) in point_cells.iter().enumerate() {
            let (geometry, area_km2) = built.next().expect("one per cell");
            cells.push(Cell {
                places: site_places[k].clone(),
                kind: CellKind::Point,
                site: Some(Point(sites_ll[k])),
                reach_km: Some(reach[k] / 1000.0),
                geometry,
                area_km2,
            });
            uncut.push(if !point_cells[k].0.0.is_empty() {
                MultiPolygon(vec![rings[k].clone()])
            } else {
                MultiPolygon(Vec::new())
            });
            inside.push(*ins);
        }
        for (mp, i) in &area_cells {
            let (geometry, area_km2) = built.next().expect("one per cell");
            cells.push(Cell {
                places: vec![*i],
                kind: CellKind::Area,
                site: None,
                reach_km: None,
                geometry,
                area_km2,
            });
            uncut.push(mp.clone());
            inside.push(true); // already cut to the land
        }

        // Common edges of neighbouring point cells, cut to the land.
        let links: Vec<Link> = diagram
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
            .collect();

        let mut links = links;
        links.extend(area_links(&area_cells, &sites_m, &reach, &land, &proj));

        let region_ll = region.unwrap_or_else(|| lonlat_and_area(&region_m, &proj).0);
        let region_area_km2 = geodesic_km2(&region_ll);
        Ok(Cells {
            cells,
            links,
            region: region_ll,
            region_area_km2,
            uncut,
            inside,
            region_m,
            proj,
        })
    }

    /// The cells: point cells first (by their first place), then polygon cells.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// Neighbouring cells and their common edges.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The region cells are cut to, lon/lat.
    pub fn region(&self) -> &MultiPolygon {
        &self.region
    }

    /// The region's geodesic area, km².
    pub fn region_area_km2(&self) -> f64 {
        self.region_area_km2
    }

    /// The zone each cell is in, given every place's state (indexed by place).
    pub fn keys(&self, states: &[PlaceState]) -> Vec<Option<ZoneKey>> {
        self.cells
            .iter()
            .map(|c| {
                c.places
                    .iter()
                    .filter_map(|&p| states.get(p as usize).and_then(ZoneKey::of))
                    .next()
            })
            .collect()
    }

    /// Zones, areas and fronts for the states of a date (no polygon work).
    pub fn zones(&self, states: &[PlaceState]) -> Zones {
        let keys = self.keys(states);
        let mut by_key: FxHashMap<ZoneKey, Zone> = FxHashMap::default();
        for (i, key) in keys.iter().enumerate() {
            if let Some(key) = key {
                let z = by_key.entry(*key).or_insert_with(|| Zone {
                    key: *key,
                    cells: Vec::new(),
                    area_km2: 0.0,
                });
                z.cells.push(i as u32);
                z.area_km2 += self.cells[i].area_km2;
            }
        }
        let mut zones: Vec<Zone> = by_key.into_values().collect();
        zones.sort_by_key(|z| z.key);
        let mut fronts: FxHashMap<(ForceIndex, ForceIndex), (Vec<Line>, f64)> =
            FxHashMap::default();
        for l in &self.links {
            let (Some(a), Some(b)) = (keys[l.a as usize], keys[l.b as usize]) else {
                continue;
            };
            if a.holder == b.holder {
                continue;
            }
            let f = fronts
                .entry((a.holder.min(b.holder), a.holder.max(b.holder)))
                .or_default();
            f.0.extend_from_slice(&l.lines);
            f.1 += l.length_km;
        }
        let mut fronts: Vec<Front> = fronts
            .into_iter()
            .map(|((a, b), (lines, length_km))| Front {
                a,
                b,
                geometry: join_lines(lines),
                length_km,
            })
            .collect();
        fronts.sort_by_key(|f| (f.a, f.b));
        let held: f64 = zones.iter().map(|z| z.area_km2).sum();
        Zones {
            zones,
            fronts,
            region_area_km2: self.region_area_km2,
            unassigned_area_km2: (self.region_area_km2 - held).max(0.0),
        }
    }

    /// The ground of a set of cells as one multipolygon, lon/lat: the union
    /// of the point cells (uncut: their common edges match exactly), cut to
    /// the land once when any of them crosses its edge, then the polygon cells.
    pub fn dissolve(&self, cells: &[u32]) -> MultiPolygon {
        let mut polys: Vec<&Polygon> = Vec::new();
        let mut mine = vec![false; self.cells.len()];
        let mut cut = false;
        for &c in cells {
            let c = c as usize;
            if c >= self.cells.len() || mine[c] {
                continue;
            }
            mine[c] = true;
            // A point cell wholly on land overlaps no polygon place.
            cut |= self.cells[c].kind == CellKind::Point && !self.inside[c];
            polys.extend(self.uncut[c].iter());
        }
        // One union of everything (uncut point cells meet exactly; a polygon
        // cell overlaps the point cells around it, never just touches them),
        // then, if some point cell crosses the land's edge, one cut to the
        // region and one removal of the other polygon places.
        let mut m = geo::unary_union(polys);
        if cut {
            m = m.intersection(&self.region_m);
            let others: Vec<&Polygon> = self
                .cells
                .iter()
                .enumerate()
                .filter(|(i, c)| c.kind == CellKind::Area && !mine[*i])
                .flat_map(|(i, _)| self.uncut[i].iter())
                .collect();
            if !others.is_empty() {
                m = m.difference(&geo::unary_union(others));
            }
        }
        // Short edges, so the polygon means the same in lon/lat.
        let ll = self.proj.inv_mp(&tidy(Euclidean.densify(&m, DENSIFY_M)));
        tidy(land::valid(tidy(ll)))
    }
}

/// Remembers each zone's dissolved polygon, so a later date redoes only the
/// zones whose cells changed (an animation's consecutive dates share most).
#[derive(Debug, Default)]
pub struct DissolveCache {
    done: FxHashMap<ZoneKey, (Vec<u32>, MultiPolygon)>,
}

impl DissolveCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The zone's polygon (lon/lat), dissolved now or remembered.
    pub fn geometry(&mut self, cells: &Cells, zone: &Zone) -> &MultiPolygon {
        let fresh = self
            .done
            .get(&zone.key)
            .is_none_or(|(c, _)| c != &zone.cells);
        if fresh {
            let g = cells.dissolve(&zone.cells);
            self.done.insert(zone.key, (zone.cells.clone(), g));
        }
        &self.done[&zone.key].1
    }
}

/// The union of the basemap's focus countries (lon/lat), if any.
pub fn focus_region(basemap: &[BasemapFeature]) -> Option<MultiPolygon> {
    let polys: Vec<Polygon> = basemap
        .iter()
        .filter(|f| f.focus && f.kind == BasemapKind::Country)
        .flat_map(|f| match &f.geometry {
            Geometry::Polygon(p) => vec![p.clone()],
            Geometry::MultiPolygon(mp) => mp.0.clone(),
            _ => Vec::new(),
        })
        .map(|p| p.orient(Direction::Default))
        .collect();
    if polys.is_empty() {
        return None;
    }
    Some(tidy(geo::unary_union(polys.iter())))
}

/// Distinct sites (projected points within a metre merge, the first one's
/// coordinates kept), with their lon/lat and places (file order).
fn sites(points: &[(Coord, u32)], proj: &Laea) -> (Vec<Coord>, Vec<[f64; 2]>, Vec<Vec<u32>>) {
    let mut ll = Vec::new();
    let mut m: Vec<[f64; 2]> = Vec::new();
    let mut places: Vec<Vec<u32>> = Vec::new();
    let mut tree: rstar::RTree<rstar::primitives::GeomWithData<[f64; 2], usize>> =
        rstar::RTree::new();
    for &(c, place) in points {
        let p = proj.fwd(c);
        if !(p.x.is_finite() && p.y.is_finite()) {
            continue;
        }
        let p = [p.x, p.y];
        if let Some(hit) = tree.nearest_neighbor(&p)
            && {
                let q = hit.geom();
                (q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2) <= 1.0
            }
        {
            places[hit.data].push(place);
            continue;
        }
        tree.insert(rstar::primitives::GeomWithData::new(p, m.len()));
        ll.push(c);
        m.push(p);
        places.push(vec![place]);
    }
    for p in &mut places {
        p.sort_unstable();
        p.dedup();
    }
    (ll, m, places)
}

/// Each site's reach, metres.
fn reaches(sites: &[[f64; 2]], o: &ZoneOptions) -> Vec<f64> {
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

/// The edges of polygon cells shared with point cells and with other polygon
/// cells. The boundary is walked in steps of at most a kilometre; the ground
/// a metre outside each step says whose it is: the nearest site's (the
/// Voronoi cell it lies in) when on land and within that site's reach, or
/// the polygon cell holding it. A step crossing a Voronoi edge is given
/// whole to one side (an error under a kilometre).
fn area_links(
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

/// Lon/lat of a projected multipolygon, and its geodesic area in km².
fn lonlat_and_area(mp: &MultiPolygon, proj: &Laea) -> (MultiPolygon, f64) {
    let ll = tidy(land::valid(tidy(
        proj.inv_mp(&Euclidean.densify(mp, DENSIFY_M)),
    )));
    let a = geodesic_km2(&ll);
    (ll, a)
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
fn tidy(mp: MultiPolygon) -> MultiPolygon {
    MultiPolygon(
        mp.0.into_iter()
            .filter(|p| p.exterior().0.len() >= 4)
            .map(|p| p.orient(Direction::Default))
            .collect(),
    )
}

/// Segments joined end to end into lines where exactly two meet.
fn join_lines(lines: Vec<Line>) -> MultiLineString {
    let key = |c: Coord| (c.x.to_bits(), c.y.to_bits());
    let mut at: FxHashMap<(u64, u64), Vec<usize>> = FxHashMap::default();
    for (i, l) in lines.iter().enumerate() {
        at.entry(key(l.start)).or_default().push(i);
        at.entry(key(l.end)).or_default().push(i);
    }
    let mut used = vec![false; lines.len()];
    // The other segment at `c` when exactly two segments meet there.
    let next = |c: Coord, from: usize, used: &[bool]| -> Option<usize> {
        let v = &at[&key(c)];
        (v.len() == 2)
            .then(|| if v[0] == from { v[1] } else { v[0] })
            .filter(|&n| !used[n] && n != from)
    };
    let mut out = Vec::new();
    for i in 0..lines.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mut coords = std::collections::VecDeque::from([lines[i].start, lines[i].end]);
        // Forward from the end, then backward from the start.
        let (mut cur, mut end) = (i, lines[i].end);
        while let Some(n) = next(end, cur, &used) {
            used[n] = true;
            end = if key(lines[n].start) == key(end) {
                lines[n].end
            } else {
                lines[n].start
            };
            coords.push_back(end);
            cur = n;
        }
        let (mut cur, mut start) = (i, lines[i].start);
        while let Some(n) = next(start, cur, &used) {
            used[n] = true;
            start = if key(lines[n].end) == key(start) {
                lines[n].start
            } else {
                lines[n].end
            };
            coords.push_front(start);
            cur = n;
        }
        out.push(LineString(coords.into_iter().collect()));
    }
    MultiLineString(out)
}
