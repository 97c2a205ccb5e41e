//! GeoParquet 1.0 over the `arrow` and `parquet` crates (Apache Arrow's own
//! Rust implementation): the geometry as WKB in a binary column named
//! `geometry`, described by the `geo` key of the file's metadata, dates as
//! Parquet dates (`DATE`, days since 1970), numbers as doubles. Compressed
//! with Snappy, the codec every Parquet reader has.

use super::table::{Cell, Kind, Table};
use arrow_array::{ArrayRef, BinaryArray, Date32Array, Float64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use geozero::{CoordDimensions, ToWkb};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde_json::json;
use std::io::Write;
use std::sync::Arc;

/// Writes `table` as a GeoParquet file. The CRS is left out of the `geo`
/// metadata, which by the specification means OGC:CRS84 (longitude,
/// latitude on WGS 84): exactly what the exports hold.
pub(crate) fn write_parquet(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    let mut fields = vec![Field::new("geometry", DataType::Binary, false)];
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(wkb_column(table)?)];
    for (i, c) in table.columns.iter().enumerate() {
        let cells = table.rows.iter().map(|r| r.cells[i].as_ref());
        let (kind, array): (DataType, ArrayRef) = match c.kind {
            Kind::Text => (DataType::Utf8, Arc::new(text_column(cells))),
            Kind::Date => (DataType::Date32, Arc::new(date_column(cells))),
            Kind::Real => (DataType::Float64, Arc::new(real_column(cells))),
        };
        fields.push(Field::new(&c.name, kind, true));
        arrays.push(array);
    }
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(std::io::Error::other)?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(vec![KeyValue::new(
            "geo".into(),
            geo_metadata(table).to_string(),
        )]))
        .build();
    // The writer wants to own a `Send` sink: the bytes are gathered, then copied out.
    let mut writer = ArrowWriter::try_new(Vec::new(), schema, Some(properties))
        .map_err(std::io::Error::other)?;
    writer.write(&batch).map_err(std::io::Error::other)?;
    let bytes = writer.into_inner().map_err(std::io::Error::other)?;
    out.write_all(&bytes)
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

fn wkb_column(table: &Table) -> std::io::Result<BinaryArray> {
    let blobs = table
        .rows
        .iter()
        .map(|r| r.geometry.to_wkb(CoordDimensions::xy()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(std::io::Error::other)?;
    Ok(BinaryArray::from_iter_values(blobs))
}

fn text_column<'a>(cells: impl Iterator<Item = Option<&'a Cell>>) -> StringArray {
    cells
        .map(|c| match c {
            Some(Cell::Text(s)) => Some(s.clone()),
            Some(Cell::Date(d)) => Some(d.format("%Y-%m-%d").to_string()),
            Some(Cell::Real(v)) => Some(v.to_string()),
            None => None,
        })
        .collect()
}

fn date_column<'a>(cells: impl Iterator<Item = Option<&'a Cell>>) -> Date32Array {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    cells
        .map(|c| match c {
            Some(Cell::Date(d)) => Some((*d - epoch).num_days() as i32),
            _ => None,
        })
        .collect()
}

fn real_column<'a>(cells: impl Iterator<Item = Option<&'a Cell>>) -> Float64Array {
    cells
        .map(|c| match c {
            Some(Cell::Real(v)) => Some(*v),
            _ => None,
        })
        .collect()
}
