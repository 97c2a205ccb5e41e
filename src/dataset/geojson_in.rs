//! Reading GeoJSON files: syntax errors with their line, and geometries
//! checked the way docs/data-format.md asks (types, rings, coordinate ranges).

use super::chars;
use crate::error::{Location, Problem};
use crate::geometry::validity;
use crate::words::number;
use geo::{
    Coord, CoordsIter, Geometry, LineString, LinesIter, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use serde_json::Value;
use std::path::Path;

/// Reads a file as UTF-8 text, dropping a byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            _ => format!("cannot read: {e}"),
        };
        Problem::error(path, Location::File, why)
    })?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            Err(Problem::error(
                path,
                Location::Line(line),
                "not valid UTF-8 text",
            ))
        }
    }
}

/// Parses a GeoJSON FeatureCollection and returns its features; every
/// feature's id and property values holding a character no text may hold
/// ([`chars`]) is a problem pushed. `None` (with the problem pushed) when
/// the file cannot be used at all.
pub fn read_features(path: &Path, problems: &mut Vec<Problem>) -> Option<Vec<Value>> {
    let features = match parse_features(path) {
        Ok(f) => f,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    check_characters(path, &features, problems);
    Some(features)
}

/// Pushes a problem for every feature's id or property value holding a
/// character no text may hold ([`chars`]).
pub fn check_characters(path: &Path, features: &[Value], problems: &mut Vec<Problem>) {
    for (index, feature) in features.iter().enumerate() {
        // Who holds the character is named only when one is found: naming
        // every property of every feature first was an eighth of loading
        // a large places file.
        let id = feature.get("id").map(|v| (None, v));
        let properties = feature
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| (Some(k), v));
        for (key, value) in id.into_iter().chain(properties) {
            if let Some(what) = first_refused_in(value) {
                let whose = match key {
                    None => "the id".to_string(),
                    Some(k) => format!("property {k:?}"),
                };
                problems.push(Problem::error(
                    path,
                    Location::Feature(feature_label(feature, index)),
                    chars::refused_message(&whose, &what),
                ));
            }
        }
    }
}

/// The first refused character in the strings of a JSON value.
fn first_refused_in(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => chars::first_refused(s),
        Value::Array(items) => items.iter().find_map(first_refused_in),
        Value::Object(map) => map.values().find_map(first_refused_in),
        _ => None,
    }
}

/// Parses a GeoJSON FeatureCollection and returns its features.
fn parse_features(path: &Path) -> Result<Vec<Value>, Problem> {
    let text = read_text(path)?;
    if text.trim().is_empty() {
        return Err(Problem::error(
            path,
            Location::File,
            "empty file (expected a GeoJSON FeatureCollection)",
        ));
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Problem::error(
            path,
            Location::Line(e.line() as u64),
            format!("invalid JSON: {e}"),
        )
    })?;
    let kind = value.get("type").and_then(Value::as_str);
    if kind != Some("FeatureCollection") {
        return Err(Problem::error(
            path,
            Location::File,
            "not a GeoJSON FeatureCollection (\"type\" must be \"FeatureCollection\")",
        ));
    }
    match value {
        Value::Object(mut map) => match map.remove("features") {
            Some(Value::Array(features)) => Ok(features),
            _ => Err(Problem::error(
                path,
                Location::File,
                "the FeatureCollection has no \"features\" array",
            )),
        },
        _ => unreachable!("checked to be an object above"),
    }
}

/// A feature's label for messages: its id, or `#N` (0-based index) when
/// it has none or a blank one ("feature : the id is empty" named nothing).
pub fn feature_label(feature: &Value, index: usize) -> String {
    match feature_id(feature) {
        Some(id) if !id.trim().is_empty() => id,
        _ => format!("#{index}"),
    }
}

/// The feature's id as text: the Feature `id` member, else `properties.id`.
pub fn feature_id(feature: &Value) -> Option<String> {
    let as_text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    feature.get("id").and_then(as_text).or_else(|| {
        feature
            .get("properties")
            .and_then(|p| p.get("id"))
            .and_then(as_text)
    })
}

/// Which geometry types a file accepts.
#[derive(Clone, Copy)]
pub enum Accept {
    /// Points and polygons (places).
    Places,
    /// Points, lines and polygons (basemap).
    Any,
}

/// Converts and checks a feature's geometry; the error says what is wrong.
pub fn parse_geometry(value: Option<&Value>, accept: Accept) -> Result<Geometry<f64>, String> {
    let value = match value {
        None | Some(Value::Null) => return Err("has no geometry".into()),
        Some(v) => v,
    };
    let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
    let allowed: &[&str] = match accept {
        Accept::Places => &["Point", "MultiPoint", "Polygon", "MultiPolygon"],
        Accept::Any => &[
            "Point",
            "MultiPoint",
            "LineString",
            "MultiLineString",
            "Polygon",
            "MultiPolygon",
        ],
    };
    if !allowed.contains(&kind) {
        return Err(format!(
            "geometry type {kind:?} is not allowed here (use {})",
            allowed.join(", ")
        ));
    }
    let coords = value
        .get("coordinates")
        .ok_or("geometry has no coordinates")?;
    check_positions(coords)?;
    if open_ring(Some(value)) {
        return Err(
            "invalid ring: its first and last positions differ (rings must be closed)".into(),
        );
    }
    let geometry = to_geo(kind, coords).ok_or_else(|| {
        format!(
            "invalid geometry: a {kind}'s coordinates must be {}",
            coordinates_shape(kind)
        )
    })?;
    // An empty geometry is nowhere, like a missing one (which is refused
    // above): a place could be neither drawn nor found, and a basemap
    // feature would draw nothing, silently (a country a `region` names
    // would cover no ground). Both used to be accepted without a word.
    if geometry.coords_count() == 0 {
        let remedy = match accept {
            Accept::Places => "give the place a position or an area",
            Accept::Any => "give the feature its coordinates, or remove it",
        };
        return Err(format!("the {kind} is empty (no positions): {remedy}"));
    }
    // Every ring has at least 4 positions (RFC 7946, 3.1.6): a basemap
    // country of fewer is a line with no ground, drawn as nothing and
    // covering no place, and was accepted without a word.
    check_ring_sizes(&geometry)?;
    // Places must be valid polygons (docs/data-format.md, "Geometry"). The basemap is only drawn,
    // and the OGC check costs more than the whole render on detailed borders.
    if matches!(accept, Accept::Places) {
        check_rings(&geometry)?;
    }
    // A basemap polygon across the antimeridian would be drawn as a band
    // across the whole map too; the check is one pass over its edges.
    check_antimeridian(&geometry)?;
    Ok(geometry)
}

/// A geometry of `kind` from its coordinates (their positions checked by
/// [`check_positions`]); `None` when they are not nested as `kind` asks.
/// Read straight from the JSON values: going through the `geojson` crate's
/// types cloned the values and allocated every position twice, a fifth of
/// loading a large places file. Rings are closed as `geo` closes them.
fn to_geo(kind: &str, coords: &Value) -> Option<Geometry<f64>> {
    fn position(v: &Value) -> Option<Coord<f64>> {
        let numbers = v.as_array()?;
        Some(Coord {
            x: numbers.first()?.as_f64()?,
            y: numbers.get(1)?.as_f64()?,
        })
    }
    fn positions(v: &Value) -> Option<Vec<Coord<f64>>> {
        v.as_array()?.iter().map(position).collect()
    }
    fn lines(v: &Value) -> Option<Vec<LineString<f64>>> {
        v.as_array()?
            .iter()
            .map(|line| positions(line).map(LineString))
            .collect()
    }
    fn polygon(v: &Value) -> Option<Polygon<f64>> {
        let mut rings = lines(v)?.into_iter();
        let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
        Some(Polygon::new(exterior, rings.collect()))
    }
    Some(match kind {
        "Point" => Geometry::Point(Point(position(coords)?)),
        "MultiPoint" => Geometry::MultiPoint(MultiPoint(
            positions(coords)?.into_iter().map(Point).collect(),
        )),
        "LineString" => Geometry::LineString(LineString(positions(coords)?)),
        "MultiLineString" => Geometry::MultiLineString(MultiLineString(lines(coords)?)),
        "Polygon" => Geometry::Polygon(polygon(coords)?),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
            coords
                .as_array()?
                .iter()
                .map(polygon)
                .collect::<Option<_>>()?,
        )),
        _ => return None,
    })
}

/// What a geometry type's coordinates are, for the message when they are not.
fn coordinates_shape(kind: &str) -> &'static str {
    match kind {
        "Point" => "one position [longitude, latitude]",
        "MultiPoint" | "LineString" => "an array of positions",
        "MultiLineString" => "an array of lines (arrays of positions)",
        "Polygon" => "an array of rings (arrays of positions)",
        _ => "an array of polygons (arrays of rings of positions)",
    }
}

/// Every position has 2 or 3 finite numbers within [-180,180]×[-90,90].
fn check_positions(v: &Value) -> Result<(), String> {
    match v {
        Value::Array(items) if items.first().is_some_and(Value::is_number) => {
            let nums: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
            if nums.len() != items.len() || !(2..=3).contains(&nums.len()) {
                return Err("a position must be [longitude, latitude]".into());
            }
            let (lon, lat) = (nums[0], nums[1]);
            if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                return Err(format!(
                    "coordinate [{}, {}] is outside [-180,180]×[-90,90] (GeoJSON is longitude, latitude)",
                    number(lon),
                    number(lat)
                ));
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_positions),
        _ => Err("coordinates must be arrays of numbers".into()),
    }
}

/// The polygons of a geometry (none for points and lines).
fn polygons_of(g: &Geometry<f64>) -> Vec<&Polygon<f64>> {
    match g {
        Geometry::Polygon(p) => vec![p],
        Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
        _ => Vec::new(),
    }
}

/// Every ring has at least 4 positions, the first repeated last.
fn check_ring_sizes(g: &Geometry<f64>) -> Result<(), String> {
    for p in polygons_of(g) {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            // geo closes rings on conversion, so look at the count of distinct positions.
            if ring.0.len() < 4 {
                return Err(
                    "invalid ring: a ring needs at least 4 positions (first = last)".into(),
                );
            }
        }
    }
    Ok(())
}

/// Polygons are valid (OGC), their parts apart.
fn check_rings(g: &Geometry<f64>) -> Result<(), String> {
    for p in polygons_of(g) {
        if let Err(e) = validity::check_polygon(p) {
            return Err(format!("invalid ring: {e}"));
        }
    }
    // The members of a MultiPolygon must not overlap either.
    if let Geometry::MultiPolygon(mp) = g
        && let Err(e) = validity::check_parts(mp)
    {
        return Err(format!("invalid MultiPolygon: {e}"));
    }
    Ok(())
}

/// A ring edge that spans more than 180° of longitude crosses the
/// antimeridian the long way round: drawn, it is a line across the whole
/// map. GeoJSON (RFC 7946, 3.1.9) asks for such a polygon to be cut in two
/// at ±180°; frontline refuses it (a place or a basemap feature), saying
/// so, rather than guess.
fn check_antimeridian(g: &Geometry<f64>) -> Result<(), String> {
    let lines: Box<dyn Iterator<Item = geo::Line<f64>>> = match g {
        Geometry::Polygon(p) => Box::new(p.lines_iter()),
        Geometry::MultiPolygon(mp) => Box::new(mp.lines_iter()),
        _ => return Ok(()),
    };
    for line in lines {
        let (a, b) = (line.start, line.end);
        if (a.x - b.x).abs() > 180.0 {
            return Err(format!(
                "a ring crosses the antimeridian (an edge from longitude {} to {}): cut the polygon in two at ±180° into a MultiPolygon, as GeoJSON asks (RFC 7946, 3.1.9)",
                number(a.x),
                number(b.x)
            ));
        }
    }
    Ok(())
}

/// GeoJSON requires the first and last positions of a ring to be equal;
/// geo would close an open ring silently, so check the raw JSON.
fn open_ring(value: Option<&Value>) -> bool {
    let Some(v) = value else { return false };
    let rings_of_polygon = |p: &Value| -> bool {
        p.as_array().is_some_and(|rings| {
            rings.iter().any(|r| {
                r.as_array().is_some_and(|pos| {
                    // Compare numbers, not spellings: 38 and 38.0 are the same.
                    let nums = |p: Option<&Value>| -> Option<Vec<f64>> {
                        p?.as_array()?.iter().map(Value::as_f64).collect()
                    };
                    pos.len() >= 2 && nums(pos.first()) != nums(pos.last())
                })
            })
        })
    };
    match (v.get("type").and_then(Value::as_str), v.get("coordinates")) {
        (Some("Polygon"), Some(c)) => rings_of_polygon(c),
        (Some("MultiPolygon"), Some(Value::Array(ps))) => ps.iter().any(rings_of_polygon),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, polygon};
    use serde_json::json;

    fn parse(kind: &str, coordinates: Value) -> Result<Geometry<f64>, String> {
        let geometry = json!({"type": kind, "coordinates": coordinates});
        parse_geometry(Some(&geometry), Accept::Any)
    }

    /// Coordinates nested one level too deep or too shallow for their type
    /// are refused, saying what the type asks.
    #[test]
    fn coordinates_nested_wrong_are_refused_by_type() {
        assert_eq!(
            parse("Point", json!([[36.2, 33.5]])).unwrap_err(),
            "invalid geometry: a Point's coordinates must be one position [longitude, latitude]"
        );
        assert_eq!(
            parse("Polygon", json!([[36, 33], [37, 33], [37, 34], [36, 33]])).unwrap_err(),
            "invalid geometry: a Polygon's coordinates must be an array of rings (arrays of positions)"
        );
        assert_eq!(
            parse(
                "MultiPolygon",
                json!([[[36, 33], [37, 33], [37, 34], [36, 33]]])
            )
            .unwrap_err(),
            "invalid geometry: a MultiPolygon's coordinates must be an array of polygons (arrays of rings of positions)"
        );
        assert_eq!(
            parse("LineString", json!([36, 33])).unwrap_err(),
            "invalid geometry: a LineString's coordinates must be an array of positions"
        );
    }

    /// A ring of fewer than 4 positions is refused in a basemap too, not
    /// only in places (it drew nothing and covered nothing, silently).
    #[test]
    fn rings_of_fewer_than_four_positions_are_refused_everywhere() {
        let line = json!([[[30, 30], [40, 40], [30, 30]]]);
        let want = "invalid ring: a ring needs at least 4 positions (first = last)";
        assert_eq!(parse("Polygon", line.clone()).unwrap_err(), want);
        assert_eq!(parse("MultiPolygon", json!([line])).unwrap_err(), want);
        let geometry = json!({"type": "Polygon", "coordinates": [[[30, 30], [40, 40], [30, 30]]]});
        assert_eq!(
            parse_geometry(Some(&geometry), Accept::Places).unwrap_err(),
            want
        );
    }

    /// Each type is read into its `geo` geometry, altitudes dropped.
    #[test]
    fn every_type_is_read() {
        let ring = json!([[36, 33], [37, 33, 100], [37, 34], [36, 33]]);
        let square = polygon![(x: 36.0, y: 33.0), (x: 37.0, y: 33.0), (x: 37.0, y: 34.0)];
        assert_eq!(
            parse("Point", json!([36.5, 33.5, 12])).unwrap(),
            Geometry::Point(Point::new(36.5, 33.5))
        );
        assert_eq!(
            parse("Polygon", json!([ring.clone()])).unwrap(),
            Geometry::Polygon(square.clone())
        );
        assert_eq!(
            parse("MultiPolygon", json!([[ring]])).unwrap(),
            Geometry::MultiPolygon(MultiPolygon(vec![square]))
        );
        assert_eq!(
            parse("MultiLineString", json!([[[36, 33], [37, 34]]])).unwrap(),
            Geometry::MultiLineString(MultiLineString(vec![line_string![
                (x: 36.0, y: 33.0),
                (x: 37.0, y: 34.0)
            ]]))
        );
        assert_eq!(
            parse("MultiPoint", json!([[36, 33]])).unwrap(),
            Geometry::MultiPoint(MultiPoint(vec![Point::new(36.0, 33.0)]))
        );
    }
}
