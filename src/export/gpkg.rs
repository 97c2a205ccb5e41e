//! GeoPackage (OGC 12-128r18) through `rusqlite` with SQLite bundled, so no
//! system library is needed: the standard tables (`gpkg_spatial_ref_sys`,
//! `gpkg_contents`, `gpkg_geometry_columns`), one feature table, and each
//! geometry as a GeoPackage blob (header with WGS 84 and the envelope, then
//! WKB, from `geozero`). SQLite writes by path, so the caller hands the
//! temporary file of an `AtomicFile`.

use super::table::{Cell, Kind, Table};
use geo::BoundingRect;
use geozero::{CoordDimensions, ToWkb};
use rusqlite::{Connection, params_from_iter, types::Value as Sql};
use std::path::Path;

/// The WKT of EPSG:4326 the GeoPackage standard gives for that row.
const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#;

/// Writes `table` as the feature table `layer` of a new GeoPackage at
/// `path` (an empty or new file). Dates are `DATE` columns (ISO text, as the
/// standard defines them).
pub(crate) fn write_gpkg(path: &Path, layer: &str, table: &Table) -> std::io::Result<()> {
    let mut db = Connection::open(path).map_err(std::io::Error::other)?;
    write_tables(&mut db, layer, table).map_err(std::io::Error::other)?;
    db.close().map_err(|(_, e)| std::io::Error::other(e))
}

fn write_tables(db: &mut Connection, layer: &str, table: &Table) -> rusqlite::Result<()> {
    let tx = db.transaction()?;
    // 'GPKG' and version 1.4.0, as the standard asks.
    tx.execute_batch(
        "PRAGMA application_id = 1196444487;
         PRAGMA user_version = 10400;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
           srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
           m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');",
    )?;
    tx.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?1, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
        [WGS84_WKT],
    )?;
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let kind = match c.kind {
                Kind::Text => "TEXT",
                Kind::Date => "DATE",
                Kind::Real => "REAL",
            };
            format!("{} {kind}", quoted(&c.name))
        })
        .collect();
    tx.execute_batch(&format!(
        "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY{});",
        quoted(layer),
        columns.iter().map(|c| format!(", {c}")).collect::<String>()
    ))?;
    let bounds = table.bounds();
    let (min, max) = (bounds.map(|r| r.min()), bounds.map(|r| r.max()));
    tx.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id)
         VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, 4326)",
        rusqlite::params![
            layer,
            min.map(|c| c.x),
            min.map(|c| c.y),
            max.map(|c| c.x),
            max.map(|c| c.y)
        ],
    )?;
    tx.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'GEOMETRY', 4326, 0, 0)",
        [layer],
    )?;
    {
        let names: String = table
            .columns
            .iter()
            .map(|c| format!(", {}", quoted(&c.name)))
            .collect();
        let marks: String = (0..table.columns.len())
            .map(|i| format!(", ?{}", i + 2))
            .collect();
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {} (geom{names}) VALUES (?1{marks})",
            quoted(layer)
        ))?;
        for row in &table.rows {
            let envelope = row.geometry.bounding_rect().map_or(Vec::new(), |r| {
                vec![r.min().x, r.max().x, r.min().y, r.max().y]
            });
            let blob = row
                .geometry
                .to_gpkg_wkb(CoordDimensions::xy(), Some(4326), envelope)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            let values =
                std::iter::once(Sql::Blob(blob)).chain(row.cells.iter().map(|c| match c {
                    None => Sql::Null,
                    Some(Cell::Text(s)) => Sql::Text(s.clone()),
                    Some(Cell::Date(d)) => Sql::Text(d.format("%Y-%m-%d").to_string()),
                    Some(Cell::Real(v)) => Sql::Real(*v),
                }));
            insert.execute(params_from_iter(values))?;
        }
    }
    tx.commit()
}

/// An SQL identifier in double quotes.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
