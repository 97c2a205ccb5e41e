//! Places from the files GIS users download administrative boundaries as:
//! GeoPackage (`.gpkg`, through `rusqlite`), Shapefile (`.shp` with its
//! `.dbf`, through `geozero`) and FlatGeobuf (`.fgb`, through `flatgeobuf`).
//! Each is turned into the GeoJSON features `places.rs` checks, so every
//! rule of places.geojson holds for them too, with problems naming the file
//! and the feature. Coordinates must be WGS 84 longitude/latitude: a file in
//! another reference system is refused (frontline does not reproject).

use super::geojson_in;
use crate::error::{Location, Problem};
use geozero::ToJson;
use geozero::geojson::GeoJsonWriter;
use rusqlite::{Connection, OpenFlags, types::ValueRef};
use serde_json::{Map, Value};
use std::path::Path;

/// A places format other than GeoJSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GisFormat {
    GeoPackage,
    Shapefile,
    FlatGeobuf,
}

impl GisFormat {
    /// The format a file's extension names; `None` for GeoJSON (any other).
    pub fn of(path: &Path) -> Option<GisFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "gpkg" => Some(GisFormat::GeoPackage),
            "shp" => Some(GisFormat::Shapefile),
            "fgb" => Some(GisFormat::FlatGeobuf),
            _ => None,
        }
    }
}

/// The file's features as GeoJSON Feature values. `layer` picks a
/// GeoPackage's feature table when it has several. `None` (with the problem
/// pushed) when the file cannot be used at all.
pub(crate) fn read_features(
    path: &Path,
    format: GisFormat,
    layer: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Value>> {
    if !path.is_file() {
        problems.push(Problem::error(path, Location::File, "file not found"));
        return None;
    }
    let read = match format {
        GisFormat::GeoPackage => read_gpkg(path, layer),
        GisFormat::Shapefile => read_shp(path),
        GisFormat::FlatGeobuf => read_fgb(path),
    };
    match read {
        Ok(mut features) => {
            features.iter_mut().for_each(aliases_as_list);
            geojson_in::check_characters(path, &features, problems);
            Some(features)
        }
        Err(why) => {
            problems.push(Problem::error(path, Location::File, why));
            None
        }
    }
}

/// These formats have no lists: `aliases` written as text is a JSON array
/// (as GDAL writes a list into a GeoPackage) or names separated by `|` (as
/// in forces.csv).
fn aliases_as_list(feature: &mut Value) {
    let Some(aliases) = feature.pointer_mut("/properties/aliases") else {
        return;
    };
    if let Value::String(text) = aliases {
        let list = match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => items,
            _ => text.split('|').map(|s| Value::from(s.trim())).collect(),
        };
        *aliases = Value::Array(list);
    }
}

/// Why a file in another reference system is refused, with the way out.
fn not_wgs84(crs: &str) -> String {
    format!(
        "coordinates are in {crs}, not WGS 84 longitude/latitude (EPSG:4326); \
         reproject the file first, e.g. `ogr2ogr -t_srs EPSG:4326 out.gpkg in.gpkg`"
    )
}

fn read_gpkg(path: &Path, layer: Option<&str>) -> Result<Vec<Value>, String> {
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("cannot open as a GeoPackage: {e}"))?;
    let sql_err = |e: rusqlite::Error| format!("not a readable GeoPackage: {e}");
    let tables: Vec<(String, String, i64)> = db
        .prepare(
            "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name",
        )
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        })
        .map_err(sql_err)?;
    let names = || {
        tables
            .iter()
            .map(|t| format!("{:?}", t.0))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (table, geom, srs) = match (layer, tables.as_slice()) {
        (_, []) => return Err("the GeoPackage holds no feature table".into()),
        (Some(l), _) => tables.iter().find(|t| t.0 == l).ok_or_else(|| {
            format!(
                "the GeoPackage has no feature table {l:?} (it has {})",
                names()
            )
        })?,
        (None, [one]) => one,
        (None, _) => {
            return Err(format!(
                "the GeoPackage holds several feature tables ({}); choose one with --places-layer",
                names()
            ));
        }
    };
    let (org, code): (String, i64) = db
        .query_row(
            "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(sql_err)?;
    let org = org.to_ascii_uppercase();
    // EPSG:4326, OGC:CRS84, or the undefined geographic system (0).
    if !((org == "EPSG" && code == 4326) || (org == "OGC" && code == 84) || *srs == 0) {
        return Err(not_wgs84(&format!("{org}:{code}")));
    }
    let pk: Option<String> = db
        .query_row(
            "SELECT name FROM pragma_table_info(?1) WHERE pk = 1",
            [table],
            |r| r.get(0),
        )
        .ok();
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    let mut stmt = db
        .prepare(&format!("SELECT * FROM {quoted}"))
        .map_err(sql_err)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut rows = stmt.query([]).map_err(sql_err)?;
    let mut features = Vec::new();
    while let Some(row) = rows.next().map_err(sql_err)? {
        let mut properties = Map::new();
        let mut geometry = Value::Null;
        let mut fid = Value::Null;
        for (i, name) in columns.iter().enumerate() {
            let value = row.get_ref(i).map_err(sql_err)?;
            if name == geom {
                if let ValueRef::Blob(blob) = value {
                    let json = geozero::wkb::GpkgWkb(blob).to_json().map_err(|e| {
                        format!(
                            "feature #{}: the geometry cannot be read: {e}",
                            features.len()
                        )
                    })?;
                    geometry = serde_json::from_str(&json).map_err(|e| e.to_string())?;
                }
                continue;
            }
            let json = match value {
                ValueRef::Null | ValueRef::Blob(_) => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
            };
            if Some(name) == pk.as_ref() {
                fid = json;
            } else {
                properties.insert(name.clone(), json);
            }
        }
        features.push(feature(fid, properties, geometry));
    }
    Ok(features)
}

/// A GeoJSON Feature; `fid` is its id unless the properties hold an `id`
/// (which places.geojson's rules would read only when there is no Feature id).
fn feature(fid: Value, properties: Map<String, Value>, geometry: Value) -> Value {
    let mut f = Map::new();
    f.insert("type".into(), "Feature".into());
    if !fid.is_null() && !properties.contains_key("id") {
        f.insert("id".into(), fid);
    }
    f.insert("properties".into(), Value::Object(properties));
    f.insert("geometry".into(), geometry);
    Value::Object(f)
}

fn read_shp(path: &Path) -> Result<Vec<Value>, String> {
    if let Ok(prj) = std::fs::read_to_string(path.with_extension("prj")) {
        let prj = prj.trim_start();
        if prj.starts_with("PROJCS") || prj.starts_with("PROJCRS") {
            let name = prj.split('"').nth(1).unwrap_or("a projected system");
            return Err(not_wgs84(name));
        }
    }
    if !path.with_extension("dbf").is_file() {
        return Err("the shapefile's .dbf (its attributes) is missing beside it".into());
    }
    let reader = geozero::shp::ShpReader::from_path(path)
        .map_err(|e| format!("cannot read as a shapefile: {e}"))?;
    let mut json = Vec::new();
    {
        let mut writer = GeoJsonWriter::new(&mut json);
        let records = reader
            .iter_features(&mut writer)
            .map_err(|e| format!("cannot read as a shapefile: {e}"))?;
        for (i, record) in records.enumerate() {
            record.map_err(|e| format!("feature #{i}: cannot be read: {e}"))?;
        }
    }
    collection_features(&json)
}

fn read_fgb(path: &Path) -> Result<Vec<Value>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let bad = |e: flatgeobuf::Error| format!("cannot read as FlatGeobuf: {e}");
    let reader = flatgeobuf::FgbReader::open(std::io::BufReader::new(file)).map_err(bad)?;
    if let Some(crs) = reader.header().crs() {
        let org = crs.org().unwrap_or("EPSG").to_ascii_uppercase();
        let code = crs.code();
        if !(code == 0 || (org == "EPSG" && code == 4326) || (org == "OGC" && code == 84)) {
            return Err(not_wgs84(&format!("{org}:{code}")));
        }
    }
    let mut features = reader.select_all().map_err(bad)?;
    let mut json = Vec::new();
    features
        .process_features(&mut GeoJsonWriter::new(&mut json))
        .map_err(|e| format!("cannot read as FlatGeobuf: {e}"))?;
    collection_features(&json)
}

/// The features of the FeatureCollection geozero wrote.
fn collection_features(json: &[u8]) -> Result<Vec<Value>, String> {
    let mut collection: Value =
        serde_json::from_slice(json).map_err(|e| format!("cannot be read: {e}"))?;
    match collection.get_mut("features").map(Value::take) {
        Some(Value::Array(features)) => Ok(features),
        _ => Ok(Vec::new()),
    }
}
