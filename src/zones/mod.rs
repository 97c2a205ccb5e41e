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
//!
//! # The files
//!
//! From the bottom up (each uses only those above it): `project` (the
//! equal-area projection), `voronoi` (the diagram and its reach-cut rings),
//! `land` (clipping to the region), `measure` (densifying, tidying, areas),
//! `options` (`ZoneOptions`, reach), `links` (common edges), `cells`
//! (`Cells::build`), `date` (`Cells::zones`), `dissolve` (polygons).

mod cells;
mod date;
mod dissolve;
mod land;
mod links;
mod measure;
mod options;
mod project;
mod voronoi;

#[cfg(test)]
mod tests;

pub use cells::{Cell, CellKind, Cells, focus_region, region};
pub use date::{Front, Zone, ZoneKey, Zones};
pub use dissolve::DissolveCache;
pub use links::Link;
pub use measure::geodesic_km2;
pub use options::{PlaceSet, ZoneOptions};
