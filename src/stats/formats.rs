//! The figures as text: an aligned table for a terminal, CSV for a
//! spreadsheet (one row per date and force), JSON for scripts. Columns and
//! shapes are documented in docs/stats.md.

use super::{ForceFigures, Stats};
use crate::dataset::Dataset;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Areas are given to 0.1 km², as `export --zones` gives them.
fn km2(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Shares to 0.01 percentage points.
fn pct(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// `1234567` as `1,234,567`.
pub(crate) fn grouped(n: u64) -> String {
    crate::words::thousands(n)
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "date",
    "force",
    "force_name",
    "places_held",
    "places_contested",
    "places_besieged",
    "population_held",
    "area_km2",
    "area_pct",
];

/// One row per date and force, every force on every date (zeros included),
/// so the sheet is rectangular; the area columns are empty without zones.
pub fn write_csv(out: &mut dyn Write, dataset: &Dataset, stats: &Stats) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for d in &stats.dates {
        let date = d.date.to_string();
        for f in &d.forces {
            let force = dataset.force(f.force);
            w.write_record([
                date.clone(),
                force.id.clone(),
                force.name.clone(),
                f.places_held.to_string(),
                f.places_contested.to_string(),
                f.places_besieged.to_string(),
                f.population_held.to_string(),
                f.area_km2
                    .map(|a| format!("{:.1}", km2(a)))
                    .unwrap_or_default(),
                f.area_pct
                    .map(|a| format!("{:.2}", pct(a)))
                    .unwrap_or_default(),
            ])?;
        }
    }
    w.flush()
}

fn force_json(dataset: &Dataset, f: &ForceFigures) -> Value {
    json!({
        "force": dataset.force(f.force).id,
        "places_held": f.places_held,
        "places_contested": f.places_contested,
        "places_besieged": f.places_besieged,
        "population_held": f.population_held,
        "area_km2": f.area_km2.map(km2),
        "area_pct": f.area_pct.map(pct),
    })
}

/// The figures as one JSON object (docs/stats.md, "JSON").
pub fn stats_json(dataset: &Dataset, stats: &Stats) -> Value {
    json!({
        "zones": stats.zones,
        "forces": dataset.forces.iter().map(|f| json!({
            "id": f.id,
            "name": f.name,
            "color": f.color.to_string(),
        })).collect::<Vec<_>>(),
        "dates": stats.dates.iter().map(|d| json!({
            "date": d.date.to_string(),
            "places_unknown": d.places_unknown,
            "region_area_km2": d.region_area_km2.map(km2),
            "unassigned_area_km2": d.unassigned_area_km2.map(km2),
            "forces": d.forces.iter().map(|f| force_json(dataset, f)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Pretty JSON, one object, newline-terminated.
pub fn write_json(out: &mut dyn Write, dataset: &Dataset, stats: &Stats) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &stats_json(dataset, stats))?;
    writeln!(out)
}

/// A table for people: one block per date, a row per force that holds
/// anything on it, numbers right-aligned with thousands separators; the date
/// is written on a block's first row only.
pub fn write_table(out: &mut dyn Write, dataset: &Dataset, stats: &Stats) -> io::Result<()> {
    let mut header = vec![
        "date",
        "force",
        "held",
        "contested",
        "besieged",
        "population",
    ];
    if stats.zones {
        header.extend(["area km²", "share"]);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for d in &stats.dates {
        let mut first = true;
        for f in d
            .forces
            .iter()
            .filter(|f| f.places_held > 0 || f.area_km2.unwrap_or(0.0) > 0.0)
        {
            let mut row = vec![
                if first {
                    d.date.to_string()
                } else {
                    String::new()
                },
                dataset.force(f.force).name.clone(),
                f.places_held.to_string(),
                f.places_contested.to_string(),
                f.places_besieged.to_string(),
                grouped(f.population_held),
            ];
            if stats.zones {
                row.push(grouped(f.area_km2.unwrap_or(0.0).round() as u64));
                row.push(format!("{:.1} %", f.area_pct.unwrap_or(0.0)));
            }
            rows.push(row);
            first = false;
        }
        if first {
            let mut row = vec![d.date.to_string(), "(no place held)".to_string()];
            row.resize(header.len(), String::new());
            rows.push(row);
        }
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    // Date and force to the left, figures to the right.
    let line = |cells: &[&str]| {
        let mut s = String::new();
        for (i, (cell, &w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w - cell.chars().count());
            if i < 2 {
                s.push_str(cell);
                s.push_str(&pad);
            } else {
                s.push_str(&pad);
                s.push_str(cell);
            }
            s.push_str("  ");
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(&header))?;
    for r in &rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
    }
    Ok(())
}
