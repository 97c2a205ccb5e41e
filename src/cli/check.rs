//! `frontline check`: every problem at once, exit 1 if any is an error (or,
//! with `--strict`, a warning).

use super::args::CheckArgs;
use frontline::words::count;
use frontline::{Dataset, Error, Timeline};
use std::io::Write;
use std::process::ExitCode;

/// One problem a line on stdout; a closed pipe (`| head`) just ends the list.
fn print_problems(problems: &[frontline::Problem]) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for p in problems {
        if writeln!(out, "{p}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let sources = args.data.sources();
    match Dataset::load(&sources) {
        Ok(mut dataset) => {
            let unused = dataset.unused_warnings();
            dataset.warnings.extend(unused);
            print_problems(&dataset.warnings);
            let timeline = Timeline::new(&dataset);
            let span = timeline
                .date_range()
                .map(|(a, b)| format!(", {a} to {b}"))
                .unwrap_or_default();
            // --strict: a warning fails the check as an error would (exit 1).
            let failed = args.strict && !dataset.warnings.is_empty();
            say!(
                "{}: {}, {}, {}{span}: no errors, {}{}",
                sources.dir.display(),
                count(dataset.places.len(), "place"),
                count(dataset.forces.len(), "force"),
                count(dataset.events.len(), "event"),
                count(dataset.warnings.len(), "warning"),
                if failed {
                    " (--strict: warnings are errors)"
                } else {
                    ""
                }
            );
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(Error::Data(problems)) => {
            print_problems(&problems.0);
            let errors = problems.0.iter().filter(|p| p.is_error()).count();
            let warnings = problems.0.len() - errors;
            say!(
                "{}: {errors} error{}, {warnings} warning{}",
                sources.dir.display(),
                frontline::words::plural(errors),
                frontline::words::plural(warnings)
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
