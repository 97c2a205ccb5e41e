//! `frontline diff`: what changed between two dates, for people or scripts.

use super::args::{DiffArgs, TableFormat};
use super::out_file::table_format;
use super::{date_range, load, write_output};
use frontline::dataset::Dataset;
use frontline::diff::{Listing, PlaceChange, describe, diff};
use frontline::words::plural;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    // A command-line mistake (exit 2), found before any data is read.
    let range = date_range(args.from, args.to)?;
    let format = table_format(args.output.as_deref(), args.format)?;
    let (dataset, timeline) = load(&args.data)?;
    let listing = if args.all { Listing::All } else { Listing::Net };
    let changes = diff(&dataset, &timeline, range, listing);
    write_output(args.output.as_deref(), |out| match format {
        TableFormat::Table => write_table(out, &dataset, &changes, &args),
        TableFormat::Csv => write_csv(out, &changes),
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &changes)?;
            writeln!(out)
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(
    out: &mut dyn Write,
    dataset: &Dataset,
    changes: &[PlaceChange],
    args: &DiffArgs,
) -> std::io::Result<()> {
    let back = changes.iter().filter(|c| c.is_round_trip()).count();
    let back = if args.all {
        format!(" ({back} of them changed back)")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} place{} changed between {} and {}{back}",
        changes.len(),
        plural(changes.len()),
        args.from,
        args.to
    )?;
    if changes.is_empty() {
        return Ok(());
    }
    let rows: Vec<[String; 5]> = changes
        .iter()
        .map(|c| {
            [
                c.name.clone(),
                describe(
                    dataset,
                    c.from_controller.as_deref(),
                    c.from_status,
                    c.from_challenger.as_deref(),
                ),
                {
                    let to = describe(
                        dataset,
                        c.to_controller.as_deref(),
                        c.to_status,
                        c.to_challenger.as_deref(),
                    );
                    // `--all`'s round trips: say so where the eye reads it.
                    if c.is_round_trip() {
                        format!("{to} (back again)")
                    } else {
                        to
                    }
                },
                c.date.to_string(),
                c.source.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["place", "from", "to", "changed on", "source"];
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i == 4 {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]))?;
    }
    Ok(())
}

fn write_csv(out: &mut dyn Write, changes: &[PlaceChange]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "name",
        "from_controller",
        "from_status",
        "from_challenger",
        "to_controller",
        "to_status",
        "to_challenger",
        "date",
        "source",
    ])?;
    for c in changes {
        let date = c.date.to_string();
        w.write_record([
            c.id.as_str(),
            &c.name,
            c.from_controller.as_deref().unwrap_or(""),
            c.from_status.as_str(),
            c.from_challenger.as_deref().unwrap_or(""),
            c.to_controller.as_deref().unwrap_or(""),
            c.to_status.as_str(),
            c.to_challenger.as_deref().unwrap_or(""),
            &date,
            c.source.as_deref().unwrap_or(""),
        ])?;
    }
    w.flush()
}
