//! GeoParquet 1.0 over the `parquet` crate's own column writer (Apache
//! Arrow's Rust implementation of Parquet, without its Arrow layer): the
//! geometry as WKB in a binary column named `geometry`, described by the
//! `geo` key of the file's metadata, text as `STRING`, dates as Parquet dates
//! (`DATE`, days since 1970), numbers as doubles. Compressed with Snappy, the
//! codec every Parquet reader has.
//!
//! Why not `parquet`'s Arrow writer: the Arrow crates it needs doubled the
//! time to build the project and its tests, for a table of four kinds of
//! column that the plain writer handles in a page of code.

use super::table::{Cell, Kind, Table};
use chrono::NaiveDate;
use geozero::{CoordDimensions, ToWkb};
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use serde_json::json;
use std::io::Write;
use std::sync::Arc;

/// Writes `table` as a GeoParquet file, one row group. The CRS is left out of
/// the `geo` metadata, which by the specification means OGC:CRS84
/// (longitude, latitude on WGS 84): exactly what the exports hold.
pub(crate) fn write_parquet(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    // The sink's own errors (a closed pipe) reach the caller as they are.
    out.write_all(&parquet_bytes(table).map_err(std::io::Error::other)?)
}

/// The whole file, gathered in memory: the writer wants to own a `Send` sink.
fn parquet_bytes(table: &Table) -> parquet::errors::Result<Vec<u8>> {
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(vec![KeyValue::new(
            "geo".into(),
            geo_metadata(table).to_string(),
        )]))
        .build();
    let mut writer = SerializedFileWriter::new(Vec::new(), schema(table)?, Arc::new(properties))?;
    let mut group = writer.next_row_group()?;

    let wkb = table
        .rows
        .iter()
        .map(|r| {
            r.geometry
                .to_wkb(CoordDimensions::xy())
                .map(ByteArray::from)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| parquet::errors::ParquetError::External(Box::new(e)))?;
    let mut column = next_column(&mut group)?;
    column
        .typed::<ByteArrayType>()
        .write_batch(&wkb, None, None)?;
    column.close()?;

    for (i, c) in table.columns.iter().enumerate() {
        let cells = table.rows.iter().map(|r| r.cells[i].as_ref());
        let mut column = next_column(&mut group)?;
        match c.kind {
            Kind::Text => {
                let (values, levels) = present(cells.map(|c| c.map(text).map(ByteArray::from)));
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, Some(&levels), None)?;
            }
            Kind::Date => {
                let (values, levels) = present(cells.map(date));
                column
                    .typed::<Int32Type>()
                    .write_batch(&values, Some(&levels), None)?;
            }
            Kind::Real => {
                let (values, levels) = present(cells.map(|c| match c {
                    Some(Cell::Real(v)) => Some(*v),
                    _ => None,
                }));
                column
                    .typed::<DoubleType>()
                    .write_batch(&values, Some(&levels), None)?;
            }
        }
        column.close()?;
    }
    group.close()?;
    writer.into_inner()
}

/// The row group's next column; the schema has one for every column written.
fn next_column<'a, W: Write + Send>(
    group: &'a mut parquet::file::writer::SerializedRowGroupWriter<'_, W>,
) -> parquet::errors::Result<parquet::file::writer::SerializedColumnWriter<'a>> {
    group.next_column()?.ok_or_else(|| {
        parquet::errors::ParquetError::General("more columns than the schema".into())
    })
}

/// The file's schema: the required WKB `geometry` column, then each table
/// column as an optional (nullable) column of its kind.
fn schema(table: &Table) -> parquet::errors::Result<Arc<Type>> {
    let column = |name: &str, physical, logical, repetition| {
        Type::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()
            .map(Arc::new)
    };
    let mut fields = vec![column(
        "geometry",
        PhysicalType::BYTE_ARRAY,
        None,
        Repetition::REQUIRED,
    )?];
    for c in &table.columns {
        let (physical, logical) = match c.kind {
            Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
            Kind::Date => (PhysicalType::INT32, Some(LogicalType::Date)),
            Kind::Real => (PhysicalType::DOUBLE, None),
        };
        fields.push(column(&c.name, physical, logical, Repetition::OPTIONAL)?);
    }
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
        .map(Arc::new)
}

/// The values present and every row's definition level (1 present, 0 null),
/// as an optional column is written.
fn present<T>(cells: impl Iterator<Item = Option<T>>) -> (Vec<T>, Vec<i16>) {
    let mut values = Vec::new();
    let levels = cells
        .map(|c| match c {
            Some(v) => {
                values.push(v);
                1
            }
            None => 0,
        })
        .collect();
    (values, levels)
}

fn text(cell: &Cell) -> Vec<u8> {
    match cell {
        Cell::Text(s) => s.clone().into_bytes(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string().into_bytes(),
        Cell::Real(v) => v.to_string().into_bytes(),
    }
}

fn date(cell: Option<&Cell>) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    match cell {
        Some(Cell::Date(d)) => Some((*d - epoch).num_days() as i32),
        _ => None,
    }
}

/// The `geo` key (GeoParquet 1.0.0): the geometry column, its encoding,
/// the geometry types present and the bounding box.
fn geo_metadata(table: &Table) -> serde_json::Value {
    let mut column = json!({
        "encoding": "WKB",
        "geometry_types": table.geometry_types(),
    });
    if let Some(r) = table.bounds() {
        column["bbox"] = json!([r.min().x, r.min().y, r.max().x, r.max().y]);
    }
    json!({
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": { "geometry": column },
    })
}
