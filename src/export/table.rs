//! The export's features as a table, for the formats that declare their
//! columns before the rows (GeoPackage, FlatGeobuf, GeoParquet): one column
//! per property, in the order they first appear, typed once here so every
//! writer agrees on what is a date, a number or text.

use super::Feature;
use chrono::NaiveDate;
use geo::Geometry;
use serde_json::Value;

/// The properties that hold a calendar day (docs/data-format.md, "Exports"):
/// written as the format's date type where it has one.
const DATE_PROPERTIES: [&str; 4] = ["date", "since", "start", "end"];

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Date,
    Real,
}

pub(crate) struct Column {
    pub name: String,
    pub kind: Kind,
}

/// A cell of a row; `None` is null.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Date(NaiveDate),
    Real(f64),
}

pub(crate) struct Row {
    pub geometry: Geometry,
    pub cells: Vec<Option<Cell>>,
}

pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Types the export's GeoJSON Features. Properties missing from a
    /// feature (a front has no `status`) are null there.
    pub fn from_features<'a>(
        features: impl Iterator<Item = Feature<'a>>,
    ) -> std::io::Result<Table> {
        let features: Vec<Value> = features
            .map(Feature::into_value)
            .collect::<serde_json::Result<_>>()?;
        let mut names: Vec<String> = Vec::new();
        for f in &features {
            for key in properties(f).keys() {
                if !names.contains(key) {
                    names.push(key.clone());
                }
            }
        }
        let columns: Vec<Column> = names
            .into_iter()
            .map(|name| {
                let kind = kind_of(&name, &features);
                Column { name, kind }
            })
            .collect();
        let rows = features
            .iter()
            .map(|f| {
                let props = properties(f);
                let cells = columns
                    .iter()
                    .map(|c| cell(c, props.get(&c.name)))
                    .collect();
                Ok(Row {
                    geometry: geometry(f)?,
                    cells,
                })
            })
            .collect::<std::io::Result<_>>()?;
        Ok(Table { columns, rows })
    }

    /// The box around every row's geometry; `None` when there is none.
    pub fn bounds(&self) -> Option<geo::Rect> {
        use geo::BoundingRect;
        self.rows
            .iter()
            .filter_map(|r| r.geometry.bounding_rect())
            .reduce(|a, b| {
                geo::Rect::new(
                    geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                    geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
                )
            })
    }

    /// The geometry types present, by their OGC names, in first-seen order.
    pub fn geometry_types(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for r in &self.rows {
            let name = geometry_type(&r.geometry);
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}

static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

fn properties(feature: &Value) -> &serde_json::Map<String, Value> {
    feature
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&EMPTY)
}

/// A date column when its name is one of [`DATE_PROPERTIES`]; a number
/// column when every value it has is a number; text otherwise.
fn kind_of(name: &str, features: &[Value]) -> Kind {
    if DATE_PROPERTIES.contains(&name) {
        return Kind::Date;
    }
    let mut values = features
        .iter()
        .filter_map(|f| properties(f).get(name))
        .filter(|v| !v.is_null())
        .peekable();
    if values.peek().is_some() && values.all(Value::is_number) {
        Kind::Real
    } else {
        Kind::Text
    }
}

fn cell(column: &Column, value: Option<&Value>) -> Option<Cell> {
    let value = value.filter(|v| !v.is_null())?;
    Some(match (column.kind, value) {
        (Kind::Date, Value::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Cell::Date(d),
            Err(_) => Cell::Text(s.clone()),
        },
        (Kind::Real, v) => Cell::Real(v.as_f64().unwrap_or(f64::NAN)),
        (_, Value::String(s)) => Cell::Text(s.clone()),
        (_, other) => Cell::Text(other.to_string()),
    })
}

/// The feature's geometry as geo's (an altitude is dropped: see
/// docs/data-format.md, "Formats").
fn geometry(feature: &Value) -> std::io::Result<Geometry> {
    let id = feature.get("id").cloned().unwrap_or(Value::Null);
    let bad = |why: String| {
        std::io::Error::other(format!("feature {id}: cannot export its geometry: {why}"))
    };
    let json = feature.get("geometry").cloned().unwrap_or(Value::Null);
    let g: geojson::Geometry = serde_json::from_value(json).map_err(|e| bad(e.to_string()))?;
    Geometry::try_from(g).map_err(|e| bad(e.to_string()))
}

fn geometry_type(g: &Geometry) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::LineString(_) | Geometry::Line(_) => "LineString",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}
