//! Building the cells: sites, reach, Voronoi cells cut to the land, polygon
//! places, and their common edges. Done once per run.

use super::land::Land;
use super::links::{Link, area_links, point_links};
use super::measure::{DENSIFY_DEG, DENSIFY_M, geodesic_km2, lonlat_and_area, tidy};
use super::options::{PlaceSet, ZoneOptions, reaches};
use super::project::Laea;
use super::voronoi::Diagram;
use crate::dataset::{BasemapFeature, BasemapKind, Dataset, Place, named_areas};
use crate::error::Result;
use geo::{
    Area, BooleanOps, BoundingRect, ConvexHull, Coord, CoordsIter, Densify, Euclidean, Geometry,
    Intersects, LineString, MultiPoint, MultiPolygon, Orient, Point, Polygon, orient::Direction,
};
use rayon::prelude::*;

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

/// The cells of a dataset's places, built once.
#[derive(Debug)]
pub struct Cells {
    pub(super) cells: Vec<Cell>,
    pub(super) links: Vec<Link>,
    region: MultiPolygon,
    pub(super) region_area_km2: f64,
    /// Projected, uncut ground of each cell (for dissolving).
    pub(super) uncut: Vec<MultiPolygon>,
    /// Whether a cell's uncut ground lies wholly on land.
    pub(super) inside: Vec<bool>,
    /// The region, projected.
    pub(super) region_m: MultiPolygon,
    pub(super) proj: Laea,
}
impl Cells {
    /// The cells of a dataset: its places, cut to its region (see [`region`]).
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
        Cells::from_parts(&dataset.places, &wanted, region(dataset).as_ref(), options)
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
        // What smaller ones left is the polygon less the union of the smaller
        // ones that overlap it (those left by yet smaller ones add up to the
        // same union): each polygon on its own, in parallel, and only against
        // its neighbours, not against everything taken so far.
        let originals: Vec<MultiPolygon> = area_cells.iter().map(|(mp, _)| mp.clone()).collect();
        let boxes: Vec<Option<geo::Rect>> = originals.iter().map(|mp| mp.bounding_rect()).collect();
        area_cells
            .par_iter_mut()
            .enumerate()
            .for_each(|(i, (mp, _))| {
                let Some(b) = boxes[i] else { return };
                let smaller: Vec<&Polygon> = (0..i)
                    .filter(|&j| boxes[j].is_some_and(|o| o.intersects(&b)))
                    .flat_map(|j| originals[j].iter())
                    .collect();
                if !smaller.is_empty() {
                    *mp = tidy(mp.difference(&geo::unary_union(smaller)));
                }
            });
        let taken = tidy(geo::unary_union(originals.iter().flat_map(|mp| mp.iter())));
        let land = Land::new(region_m.clone(), taken.clone());

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

        let mut links = point_links(&diagram, &inside, &land, &proj);
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
}

/// The ground a dataset's zones cover (lon/lat): the basemap areas its
/// `region` setting names, else the basemap's focus countries; `None`
/// without either (the cells then reach as far as their places do).
pub fn region(dataset: &Dataset) -> Option<MultiPolygon> {
    if let Some(r) = &dataset.config.region
        && let Ok(areas) = named_areas(&dataset.basemap, &r.names)
    {
        return union_of(areas.into_iter());
    }
    focus_region(&dataset.basemap).or_else(|| countries_with_places(dataset))
}

/// The union of the basemap's countries that hold some place (a basemap
/// that marks no focus country still has land, and the sea is nobody's).
fn countries_with_places(dataset: &Dataset) -> Option<MultiPolygon> {
    use geo::Contains;
    let points: Vec<Point> = dataset
        .places
        .iter()
        .filter_map(|p| p.geometry.coords_iter().next().map(Point))
        .collect();
    union_of(dataset.basemap.iter().filter(|f| {
        f.kind == BasemapKind::Country && {
            let b = f.geometry.bounding_rect();
            points
                .iter()
                .any(|pt| b.is_some_and(|b| b.intersects(pt)) && f.geometry.contains(pt))
        }
    }))
}

/// The union of the basemap's focus countries (lon/lat), if any.
pub fn focus_region(basemap: &[BasemapFeature]) -> Option<MultiPolygon> {
    union_of(
        basemap
            .iter()
            .filter(|f| f.focus && f.kind == BasemapKind::Country),
    )
}

/// The union of some basemap features' polygons, if they have any.
fn union_of<'a>(features: impl Iterator<Item = &'a BasemapFeature>) -> Option<MultiPolygon> {
    let polys: Vec<Polygon> = features
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
