//! FlatGeobuf through the `flatgeobuf` crate (the format's reference
//! implementation, kept by its authors): mixed geometry types as they are
//! (no promotion to multi), WGS 84, and a spatial index so GIS tools can
//! read only what they show.

use super::table::{Cell, Kind, Table};
use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geozero::ColumnValue;
use std::io::Write;

/// Writes `table` as one FlatGeobuf layer named `layer`. Dates are
/// `DateTime` columns holding `YYYY-MM-DD` (FlatGeobuf has no date-only
/// type; GDAL reads them as dates at midnight).
pub(crate) fn write_fgb(out: &mut dyn Write, layer: &str, table: &Table) -> std::io::Result<()> {
    let options = FgbWriterOptions {
        write_index: true,
        detect_type: false,
        promote_to_multi: false,
        crs: FgbCrs {
            code: 4326,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut fgb = FgbWriter::create_with_options(layer, GeometryType::Unknown, options)
        .map_err(std::io::Error::other)?;
    for c in &table.columns {
        let kind = match c.kind {
            Kind::Text => ColumnType::String,
            Kind::Date => ColumnType::DateTime,
            Kind::Real => ColumnType::Double,
        };
        fgb.add_column(&c.name, kind, |_, col| col.nullable = true);
    }
    for row in &table.rows {
        let mut failed = None;
        fgb.add_feature_geom(row.geometry.clone(), |feature| {
            for (i, (cell, column)) in row.cells.iter().zip(&table.columns).enumerate() {
                let day;
                let value = match cell {
                    None => continue,
                    Some(Cell::Text(s)) => ColumnValue::String(s),
                    Some(Cell::Date(d)) => {
                        day = d.format("%Y-%m-%d").to_string();
                        ColumnValue::DateTime(&day)
                    }
                    Some(Cell::Real(v)) => ColumnValue::Double(*v),
                };
                if let Err(e) =
                    geozero::PropertyProcessor::property(feature, i, &column.name, &value)
                {
                    failed = Some(e);
                }
            }
        })
        .map_err(std::io::Error::other)?;
        if let Some(e) = failed {
            return Err(std::io::Error::other(e));
        }
    }
    fgb.write(out).map_err(std::io::Error::other)
}
