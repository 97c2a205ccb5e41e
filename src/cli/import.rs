//! `frontline import acled FILE...`: ACLED exports to frontline events.

use super::args::ImportArgs;
use super::out_file::{GEOJSON, check_single};
use frontline::Error;
use frontline::import::{Options, Summary, import_acled};
use frontline::words::count;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    if args.snap_km.is_nan() || args.snap_km < 0.0 || args.snap_km.is_infinite() {
        return Err(Error::Usage(format!(
            "--snap-km {} is not a distance of 0 or more",
            args.snap_km
        ))
        .into());
    }
    let out = args.output.clone();
    let dir = out.parent().map(PathBuf::from).unwrap_or_default();
    let stem = out
        .file_stem()
        .map_or("events".into(), |s| s.to_string_lossy().into_owned());
    let options = Options {
        files: args.files.clone(),
        places_out: args
            .places_out
            .clone()
            .unwrap_or_else(|| dir.join("acled-places.geojson")),
        review_out: args
            .review
            .clone()
            .unwrap_or_else(|| dir.join(format!("{stem}-review.csv"))),
        events_out: out,
        actor_map: args.actor_map.clone(),
        snap_km: args.snap_km,
        clashes: args.clashes,
    };
    check_single("-o", &options.events_out, &["csv"])?;
    check_single("--places-out", &options.places_out, GEOJSON)?;
    check_single("--review", &options.review_out, &["csv"])?;
    let dataset = frontline::Dataset::load(&args.data.sources())?;
    let summary = import_acled(&dataset, &options)?;
    if !super::quiet() {
        print_summary(&summary, &options);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &Summary, o: &Options) {
    say!(
        "wrote {}: {} from {} read{}",
        o.events_out.display(),
        count(s.events_written, "event"),
        count(s.rows_read, "row"),
        if s.already_imported > 0 {
            format!(" ({} already there)", s.already_imported)
        } else {
            String::new()
        }
    );
    for (t, n) in &s.skipped {
        say!("  skipped {n}: {t}");
    }
    say!(
        "places: {} matched, {} snapped, {} created ({})",
        s.matched,
        s.snapped,
        s.created,
        o.places_out.display()
    );
    for (a, n) in &s.unmapped {
        say!("  unmapped actor ({n}): {a}");
    }
    say!(
        "wrote {}: {} sent to review",
        o.review_out.display(),
        count(s.reviewed, "row")
    );
}
