//! The world basemap: countries, admin-1 lines, lakes and rivers, cut to a
//! map's extent, with the dataset's countries as the focus.

use crate::dataset::{BasemapFeature, BasemapKind, Config, Place};
use geo::{
    BooleanOps, BoundingRect, Distance, Euclidean, Geometry, Intersects, LineString,
    MultiLineString, MultiPolygon, Point, Polygon, Rect, coord,
};
use serde::Deserialize;
use std::sync::OnceLock;

/// What is read of a line before its geometry: enough to skip it.
#[derive(Deserialize)]
struct Head {
    bbox: [f64; 4],
    properties: Props,
}

#[derive(Deserialize)]
struct Props {
    kind: String,
    #[serde(default)]
    iso: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// The whole pack, decompressed once per process.
static TEXT: OnceLock<String> = OnceLock::new();

/// The pack's lines with their heads.
fn lines() -> impl Iterator<Item = (Head, &'static str)> {
    with_heads(TEXT.get_or_init(|| super::gunzip(super::BASEMAP_GZ)))
}

/// The pack's country lines (its first ones): only these are decompressed
/// when nothing has needed the rest, which is what `check` of a dataset with
/// its own basemap asks for (under half the pack).
fn country_lines() -> impl Iterator<Item = (Head, &'static str)> {
    static COUNTRIES: OnceLock<String> = OnceLock::new();
    let text = match TEXT.get() {
        Some(all) => all.as_str(),
        None => COUNTRIES.get_or_init(|| {
            let mut text = String::new();
            let mut reader =
                std::io::BufReader::new(flate2::read::GzDecoder::new(super::BASEMAP_GZ));
            let mut line = String::new();
            while std::io::BufRead::read_line(&mut reader, &mut line).unwrap_or(0) > 0 {
                if !line.contains(r#""kind":"country""#) {
                    break;
                }
                text.push_str(&line);
                line.clear();
            }
            text
        }),
    };
    with_heads(text).filter(|(h, _)| h.properties.kind == "country")
}

/// Each line with its head, read from the text before `"geometry"` (the
/// build writes bbox and properties first): parsing the whole line only to
/// skip its coordinates was most of the time of reading the pack.
fn with_heads(text: &'static str) -> impl Iterator<Item = (Head, &'static str)> {
    text.lines().filter_map(|line| {
        let head = match line.find(r#","geometry":"#) {
            Some(i) => serde_json::from_str::<Head>(&format!("{}}}", &line[..i])).ok(),
            None => serde_json::from_str::<Head>(line).ok(),
        }?;
        Some((head, line))
    })
}

/// A pack line's geometry, read straight into coordinates: the pack was
/// built and checked by tools/build-geodata, so it skips the general
/// GeoJSON reader's checks and its tree of JSON values (most of the time
/// of reading a country's outline).
#[derive(Deserialize)]
struct Shaped {
    geometry: PackGeometry,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum PackGeometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
    LineString(Vec<[f64; 2]>),
    MultiLineString(Vec<Vec<[f64; 2]>>),
}

/// The geometry of a pack line.
fn geometry_of(line: &str) -> Option<Geometry<f64>> {
    fn ring(points: Vec<[f64; 2]>) -> LineString<f64> {
        points
            .into_iter()
            .map(|[x, y]| coord! { x: x, y: y })
            .collect()
    }
    fn polygon(mut rings: Vec<Vec<[f64; 2]>>) -> Option<Polygon<f64>> {
        if rings.is_empty() {
            return None;
        }
        let outer = ring(rings.remove(0));
        Some(Polygon::new(outer, rings.into_iter().map(ring).collect()))
    }
    Some(match serde_json::from_str::<Shaped>(line).ok()?.geometry {
        PackGeometry::Polygon(r) => Geometry::Polygon(polygon(r)?),
        PackGeometry::MultiPolygon(m) => {
            Geometry::MultiPolygon(m.into_iter().filter_map(polygon).collect())
        }
        PackGeometry::LineString(l) => Geometry::LineString(ring(l)),
        PackGeometry::MultiLineString(m) => {
            Geometry::MultiLineString(MultiLineString(m.into_iter().map(ring).collect()))
        }
    })
}

fn overlaps(b: [f64; 4], extent: [f64; 4]) -> bool {
    b[0] <= extent[2] && b[2] >= extent[0] && b[1] <= extent[3] && b[3] >= extent[1]
}

/// The world basemap cut to `extent` (`[minlon, minlat, maxlon, maxlat]`):
/// countries (those whose ISO code is in `focus` light, the others muted),
/// admin-1 boundaries, lakes and rivers, in the pack's order (countries
/// first, so water and lines lie on the land).
pub fn basemap_for(extent: [f64; 4], focus: &[String]) -> Vec<BasemapFeature> {
    let rect = Rect::new(
        coord! { x: extent[0], y: extent[1] },
        coord! { x: extent[2], y: extent[3] },
    )
    .to_polygon();
    let mut out = Vec::new();
    for (head, line) in lines().filter(|(h, _)| overlaps(h.bbox, extent)) {
        let kind = BasemapKind::parse(&head.properties.kind);
        let Some(geometry) = geometry_of(line) else {
            continue;
        };
        let inside = |b: [f64; 4]| {
            b[0] >= extent[0] && b[1] >= extent[1] && b[2] <= extent[2] && b[3] <= extent[3]
        };
        let geometry = if inside(head.bbox) {
            geometry
        } else {
            match geometry {
                Geometry::Polygon(p) => Geometry::MultiPolygon(p.intersection(&rect)),
                Geometry::MultiPolygon(p) => Geometry::MultiPolygon(p.intersection(&rect)),
                Geometry::LineString(l) => {
                    Geometry::MultiLineString(rect.clip(&geo::MultiLineString(vec![l]), false))
                }
                Geometry::MultiLineString(l) => Geometry::MultiLineString(rect.clip(&l, false)),
                other => other,
            }
        };
        let empty = match &geometry {
            Geometry::MultiPolygon(p) => p.0.is_empty(),
            Geometry::MultiLineString(l) => l.0.is_empty(),
            _ => false,
        };
        if empty {
            continue;
        }
        let iso = head.properties.iso.as_deref();
        out.push(BasemapFeature {
            kind,
            focus: kind == BasemapKind::Country
                && iso.is_some_and(|i| focus.iter().any(|f| f == i)),
            name: head.properties.name,
            geometry,
        });
    }
    out
}

/// How far off a coast or a river bank (degrees, ~5 km) a point still
/// counts as in the nearest country: towns sit on the water's edge, and the
/// simplified outlines may leave them just outside.
const SHORE: f64 = 0.05;

/// The ISO code of the country each point (lon, lat) lies in (or lies
/// within [`SHORE`] of), `None` at sea.
pub fn country_at(points: &[(f64, f64)]) -> Vec<Option<String>> {
    type Shape = OnceLock<Option<MultiPolygon<f64>>>;
    let mut countries: Vec<(String, [f64; 4], Shape, &str)> = country_lines()
        .filter_map(|(h, line)| Some((h.properties.iso?, h.bbox, OnceLock::new(), line)))
        .collect();
    countries.sort_by(|a, b| a.0.cmp(&b.0));
    fn shape<'s>(s: &'s Shape, line: &str) -> Option<&'s MultiPolygon<f64>> {
        s.get_or_init(|| match geometry_of(line)? {
            Geometry::Polygon(p) => Some(MultiPolygon(vec![p])),
            Geometry::MultiPolygon(m) => Some(m),
            _ => None,
        })
        .as_ref()
    }
    points
        .iter()
        .map(|&(lon, lat)| {
            let p = Point::new(lon, lat);
            let near: Vec<_> = countries
                .iter()
                .filter(|(_, b, _, _)| {
                    b[0] - SHORE <= lon
                        && lon <= b[2] + SHORE
                        && b[1] - SHORE <= lat
                        && lat <= b[3] + SHORE
                })
                .filter_map(|(iso, _, s, line)| Some((iso, shape(s, line)?)))
                .collect();
            if let Some((iso, _)) = near.iter().find(|(_, m)| m.intersects(&p)) {
                return Some((*iso).clone());
            }
            near.iter()
                .map(|(iso, m)| (Euclidean.distance(&p, *m), *iso))
                .filter(|(d, _)| *d <= SHORE)
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, iso)| iso.clone())
        })
        .collect()
}

/// Every country of the pack: (ISO code, name), by code.
pub fn country_names() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = country_lines()
        .filter_map(|(h, _)| Some((h.properties.iso?, h.properties.name?)))
        .collect();
    out.sort();
    out
}

/// The dataset's countries: `countries` of frontline.toml, else those its
/// places lie in (a place's `country` property when it has one, as the
/// gazetteer's places do), by code.
pub fn dataset_countries(places: &[Place], config: &Config) -> Vec<String> {
    if !config.countries.is_empty() {
        return config.countries.clone();
    }
    let mut codes: Vec<String> = Vec::new();
    let mut unknown: Vec<(f64, f64)> = Vec::new();
    for p in places {
        match p.properties.get("country").and_then(|c| c.as_str()) {
            Some(c) if c.len() == 2 => codes.push(c.to_ascii_uppercase()),
            _ => unknown.extend(
                p.geometry
                    .bounding_rect()
                    .map(|r| (r.center().x, r.center().y)),
            ),
        }
    }
    codes.extend(country_at(&unknown).into_iter().flatten());
    codes.sort();
    codes.dedup();
    codes
}

/// The world basemap for a dataset with no basemap.geojson: cut to an
/// extent around the map's (frontline.toml's `bbox`, else the places'),
/// wide enough for any canvas shape and a zoomed-out `--bbox`; the
/// dataset's countries are the focus. The whole world when there is no
/// place and no `bbox`.
pub fn dataset_basemap(places: &[Place], config: &Config) -> Vec<BasemapFeature> {
    let focus = dataset_countries(places, config);
    let bounds = config.bbox.or_else(|| {
        places
            .iter()
            .filter_map(|p| p.geometry.bounding_rect())
            .reduce(|a, b| {
                Rect::new(
                    coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                    coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
                )
            })
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
    });
    let extent = match bounds {
        Some(b) => around(b),
        None => [-180.0, -90.0, 180.0, 90.0],
    };
    basemap_for(extent, &focus)
}

/// An extent three times the size of `b` in each direction (and at least
/// 2° more on every side), squared up for the latitude so a wide or a tall
/// canvas still has land to its edges.
fn around(b: [f64; 4]) -> [f64; 4] {
    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    let cos = cy.to_radians().cos().max(0.2);
    let (hw, hh) = ((b[2] - b[0]) / 2.0, (b[3] - b[1]) / 2.0);
    let half_lon = hw.max(hh / cos) * 3.0 + 2.0;
    let half_lat = hh.max(hw * cos) * 3.0 + 2.0;
    [
        (cx - half_lon).max(-180.0),
        (cy - half_lat).max(-90.0),
        (cx + half_lon).min(180.0),
        (cy + half_lat).min(90.0),
    ]
}
