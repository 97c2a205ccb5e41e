//! Command-line parsing (clap) and dispatch, one function a command. Raw flags
//! become library options here; errors become exit codes: 1 for bad data
//! (each problem on its own line), 2 for a bad command line.

/// Writes one line to stderr, ignoring a failure to write it: a message
/// that cannot be shown (stderr on a full disk, a closed pipe) must not turn
/// into a panic (exit 101) — the command still ends with its own exit status
/// (issue 13, kind 7). Every message of the command line goes through it;
/// `eprintln!` panics on a write error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod animate;
mod args;
mod check;
mod diff;
mod export;
mod import;
mod init;
mod out_file;
mod places;
mod render;
mod signals;
mod stats;

use args::{Cli, Command};
use clap::Parser;
use frontline::Error;
use frontline::words::count;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// `--quiet`, set once from the command line before a command runs. Every
/// command's progress, summary and "wrote FILE" line ask [`quiet`]; one flag
/// shared by all commands is simpler than a parameter through each of them.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Whether `--quiet` was given: say nothing about the work done.
fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Says that a file (or folder) was written, as every command that writes
/// one does, unless `--quiet`. `what` is the path, with details if any.
fn wrote(what: &str) {
    if !quiet() {
        say!("wrote {what}");
    }
}

/// Runs the command line and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    QUIET.store(cli.quiet, Ordering::Relaxed);
    signals::install();
    let jobs = match &cli.command {
        Command::Animate(a) => a.jobs,
        _ => None,
    };
    if let Err(e) = start_threads(jobs) {
        return report(&e);
    }
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Render(a) => render::run(a),
        Command::Export(a) => export::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Animate(a) => animate::run(a),
        Command::Import(a) => import::run(a),
        Command::Synthetic(a) => synthetic(a),
        Command::Stats(a) => stats::run(a),
        Command::Init(a) => init::run(a),
        Command::Places(a) => places::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => report(&e),
    }
}

/// `frontline synthetic`: a benchmark dataset.
fn synthetic(a: args::SyntheticArgs) -> anyhow::Result<ExitCode> {
    let params = frontline::synthetic::Params {
        places: a.places,
        events: a.events,
        forces: a.forces,
        polygons: a.polygons,
        seed: a.seed,
    };
    let made = frontline::synthetic::generate(&params, &a.out)?;
    wrote(&format!(
        "{}: {} ({}), {}, {}",
        a.out.display(),
        count(made.places, "place"),
        count(a.polygons, "polygon"),
        count(a.forces, "force"),
        count(made.events, "event")
    ));
    Ok(ExitCode::SUCCESS)
}

/// Starts the threads every command computes and draws with (rayon's
/// global pool): `jobs` of them, else one per core. Started here, a failure
/// (a limit on processes or memory) is an error naming the count; rayon
/// would otherwise start them on first use and panic.
fn start_threads(jobs: Option<usize>) -> anyhow::Result<()> {
    let threads = jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot start {threads} thread{}: {e} (ask for fewer with --jobs, or raise the limits on processes and memory)",
                frontline::words::plural(threads)
            )
        })
}

/// Prints an error the way docs/data-format.md ("Errors, warnings and exit codes") says and picks the exit status.
fn report(error: &anyhow::Error) -> ExitCode {
    if let Some(e) = error.downcast_ref::<Error>() {
        match e {
            Error::Data(problems) => {
                for p in &problems.0 {
                    say!("{p}");
                }
                let errors = problems.0.iter().filter(|p| p.is_error()).count();
                say!(
                    "frontline: {errors} problem{} in the data; nothing was written",
                    frontline::words::plural(errors)
                );
                return ExitCode::from(1);
            }
            Error::Usage(msg) => {
                say!("frontline: {msg}");
                return ExitCode::from(2);
            }
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe => {
                return ExitCode::SUCCESS;
            }
            _ => {}
        }
    }
    if let Some(io) = error.downcast_ref::<std::io::Error>()
        && io.kind() == std::io::ErrorKind::BrokenPipe
    {
        return ExitCode::SUCCESS;
    }
    match error.downcast_ref::<Error>() {
        // The library's errors already say everything, source included.
        Some(e) => say!("frontline: {e}"),
        None => say!("frontline: {error:#}"),
    }
    ExitCode::from(1)
}

/// Leaves a large value for the operating system to free when the process
/// exits, which it does at once: freeing 100,000 events one by one takes
/// longer than drawing a map. Only for what lives until the end of a command.
fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// The range of `--from` and `--to`; a mistake in their order is the
/// command line's (exit 2) and is reported in the flags' words.
fn date_range(
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<frontline::timeline::DateRange, Error> {
    frontline::timeline::DateRange::new(from, to)
        .map_err(|_| Error::Usage(format!("--to {to} is before --from {from}")))
}

/// Loads the dataset and builds its timeline; warnings go to stderr.
fn load(data: &args::DataArgs) -> Result<(frontline::Dataset, frontline::Timeline), Error> {
    let sources = data.sources();
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let input_bytes = size(&sources.places) + sources.events.iter().map(|p| size(p)).sum::<u64>();
    crate::allocator::loading(input_bytes);
    let dataset = frontline::Dataset::load(&sources)?;
    for w in &dataset.warnings {
        say!("{w}");
    }
    let timeline = frontline::Timeline::new(&dataset);
    crate::allocator::loaded();
    Ok((dataset, timeline))
}

/// Writes to a file atomically (and says so), or to standard output when no
/// file is named.
fn write_output(
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    match path {
        Some(p) if p != std::path::Path::new("-") => {
            frontline::output::write_atomic(p, write)?;
            wrote(&p.display().to_string());
            Ok(())
        }
        _ => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write(&mut lock)
                .and_then(|()| std::io::Write::flush(&mut lock))
                .map_err(|e| Error::io("<stdout>", e))
        }
    }
}
