//! `export --zones` (docs/data-format.md, "Zones in exports"): with
//! `--date`, one Feature per zone (`layer = "zone"`, the unassigned ground
//! last) and per front (`layer = "front"`) after the places; with
//! `--timeline`, one Feature per cell and interval of its state
//! (`layer = "cell"`) after the places. Place features gain `layer = "place"`.

use super::{Feature, StateProperties, write_collection};
use crate::dataset::{Dataset, PlaceIndex};
use crate::timeline::{PlaceState, Timeline};
use crate::zones::{Cells, ZoneKey};
use chrono::NaiveDate;
use geo::{Geometry, MultiPolygon};
use rayon::prelude::*;
use serde_json::{Value, json};

/// A place feature of an export with zones: `layer = "place"`, first.
fn in_place_layer(feature: Feature<'_>) -> Feature<'_> {
    match feature {
        Feature::Place(mut p) => {
            p.properties.layer = Some("place");
            Feature::Place(p)
        }
        other => other,
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Rounded to `step` (0.1 for km², 0.01 for km).
fn round(v: f64, per_unit: f64) -> f64 {
    (v * per_unit).round() / per_unit
}

fn geojson(g: impl Into<Geometry>) -> Value {
    let g: Geometry = g.into();
    serde_json::to_value(geojson::Geometry::from(&g)).unwrap_or(Value::Null)
}

/// The id of a zone: `zone:<controller>:<status>[:<challenger>]`.
fn zone_id(dataset: &Dataset, key: &ZoneKey) -> String {
    let mut id = format!(
        "zone:{}:{}",
        dataset.force(key.holder).id,
        key.status.as_str()
    );
    if let Some(c) = key.challenger {
        id = id + ":" + &dataset.force(c).id;
    }
    id
}

/// The zone and front features of `date`, in the documented order: zones in
/// legend order (holder, then held, contested, besieged, then challenger),
/// the unassigned ground (`zone:unknown`), then fronts by their two forces.
pub fn zone_features(
    dataset: &Dataset,
    timeline: &Timeline,
    cells: &Cells,
    date: NaiveDate,
) -> Vec<Value> {
    let day = iso(date);
    let z = cells.zones(&timeline.states_on(date));
    let geoms: Vec<MultiPolygon> = z
        .zones
        .par_iter()
        .map(|zone| cells.dissolve(&zone.cells))
        .collect();
    let mut out = Vec::new();
    for (zone, g) in z.zones.iter().zip(geoms) {
        let holder = dataset.force(zone.key.holder);
        let id = zone_id(dataset, &zone.key);
        out.push(json!({
            "type": "Feature",
            "id": id,
            "geometry": geojson(g),
            "properties": {
                "layer": "zone",
                "id": id,
                "date": day,
                "controller": holder.id,
                "controller_name": holder.name,
                "color": holder.color,
                "status": zone.key.status.as_str(),
                "challenger": zone.key.challenger.map(|c| &dataset.force(c).id),
                "area_km2": round(zone.area_km2, 10.0),
            },
        }));
    }
    let unassigned = cells.unassigned(&z);
    if !unassigned.0.is_empty() {
        out.push(json!({
            "type": "Feature",
            "id": "zone:unknown",
            "geometry": geojson(unassigned),
            "properties": {
                "layer": "zone",
                "id": "zone:unknown",
                "date": day,
                "controller": null,
                "controller_name": null,
                "color": null,
                "status": "unknown",
                "challenger": null,
                "area_km2": round(z.unassigned_area_km2, 10.0),
            },
        }));
    }
    for f in z.fronts {
        let (a, b) = (dataset.force(f.a), dataset.force(f.b));
        let id = format!("front:{}:{}", a.id, b.id);
        out.push(json!({
            "type": "Feature",
            "id": id,
            "geometry": geojson(f.geometry),
            "properties": {
                "layer": "front",
                "id": id,
                "date": day,
                "force_a": a.id,
                "force_a_name": a.name,
                "force_b": b.id,
                "force_b_name": b.name,
                "length_km": round(f.length_km, 100.0),
            },
        }));
    }
    out
}

/// The places on `date`, then its zones and fronts.
pub(super) fn state_zones_collection<'a>(
    dataset: &'a Dataset,
    timeline: &'a Timeline,
    cells: &'a Cells,
    date: NaiveDate,
) -> impl Iterator<Item = Feature<'a>> + 'a {
    let places = super::state_collection(dataset, timeline, date).map(in_place_layer);
    places.chain(
        zone_features(dataset, timeline, cells, date)
            .into_iter()
            .map(Feature::Value),
    )
}

/// Writes the state on `date` with its zones and fronts.
pub fn write_state_zones(
    out: &mut dyn std::io::Write,
    dataset: &Dataset,
    timeline: &Timeline,
    cells: &Cells,
    date: NaiveDate,
) -> std::io::Result<()> {
    write_collection(out, state_zones_collection(dataset, timeline, cells, date))
}

/// The intervals of a cell's state: where its state (that of the first of
/// its places whose state is known) stays the same, with the place giving it.
fn cell_intervals(
    timeline: &Timeline,
    places: &[u32],
) -> Vec<(PlaceIndex, PlaceState, NaiveDate, Option<NaiveDate>)> {
    let places: Vec<PlaceIndex> = places
        .iter()
        .map(|&p| PlaceIndex::new(p as usize))
        .collect();
    let mut starts: Vec<NaiveDate> = places
        .iter()
        .flat_map(|&p| timeline.intervals_of(p).map(|iv| iv.start))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut out: Vec<(PlaceIndex, PlaceState, NaiveDate, Option<NaiveDate>)> = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied();
        let Some((p, state)) = places.iter().find_map(|&p| {
            let s = timeline.state_on(p, start);
            ZoneKey::of(&s).map(|_| (p, s))
        }) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.0 == p && last.1 == state && last.3 == Some(start) => last.3 = end,
            _ => out.push((p, state, start, end)),
        }
    }
    out
}

/// Every cell's intervals of known state as Features (`layer = "cell"`, id
/// `cell:<place id>`), cells in the order of their first place.
pub fn cell_features<'a>(
    dataset: &'a Dataset,
    timeline: &'a Timeline,
    cells: &'a Cells,
) -> impl Iterator<Item = Value> + 'a {
    let mut order: Vec<usize> = (0..cells.cells().len())
        .filter(|&i| !cells.cells()[i].geometry.0.is_empty())
        .collect();
    order.sort_by_key(|&i| cells.cells()[i].places.first().copied());
    order.into_iter().flat_map(move |i| {
        let cell = &cells.cells()[i];
        let geometry = geojson(cell.geometry.clone());
        cell_intervals(timeline, &cell.places)
            .into_iter()
            .map(move |(p, state, start, end)| {
                let place = dataset.place(p);
                let properties = StateProperties {
                    dataset,
                    place,
                    state,
                    layer: Some("cell"),
                    date: None,
                    interval: Some((start, end)),
                };
                json!({
                    "type": "Feature",
                    "id": format!("cell:{}", place.id),
                    "geometry": geometry,
                    "properties": properties,
                })
            })
    })
}

/// The places' intervals, then every cell's.
pub(super) fn timeline_zones_collection<'a>(
    dataset: &'a Dataset,
    timeline: &'a Timeline,
    cells: &'a Cells,
) -> impl Iterator<Item = Feature<'a>> + 'a {
    let places = super::timeline_collection(dataset, timeline).map(in_place_layer);
    places.chain(cell_features(dataset, timeline, cells).map(Feature::Value))
}

/// Writes the timeline with every cell's intervals after the places.
pub fn write_timeline_zones(
    out: &mut dyn std::io::Write,
    dataset: &Dataset,
    timeline: &Timeline,
    cells: &Cells,
) -> std::io::Result<()> {
    write_collection(out, timeline_zones_collection(dataset, timeline, cells))
}
