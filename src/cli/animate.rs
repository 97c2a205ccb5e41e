//! `frontline animate`: frames over a date range, animations, a viewer.

use super::args::{AnimateArgs, ImageFormat};
use super::out_file::check_single;
use super::{date_range, load, quiet, wrote};
use frontline::Error;
use frontline::animate::{FrameFormat, Options, animate, frame_dates};
use frontline::words::{count, plural};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub fn run(args: AnimateArgs) -> anyhow::Result<ExitCode> {
    // Command-line mistakes (exit 2) are found before any data is read.
    if let (Some(from), Some(to)) = (args.from, args.to) {
        date_range(from, to)?;
    }
    let any_stream =
        args.gif.is_some() || args.apng.is_some() || args.mp4.is_some() || args.html.is_some();
    if args.no_frames && !any_stream {
        return Err(Error::Usage(
            "--no-frames leaves nothing to write: add --gif, --apng, --mp4 or --html".into(),
        )
        .into());
    }
    if args.no_frames && (args.out_dir.is_some() || args.resume) {
        return Err(Error::Usage("--no-frames cannot go with --out-dir or --resume".into()).into());
    }
    if args.shard.is_some() && (any_stream || args.no_frames) {
        return Err(Error::Usage(
            "--shard draws frame files only: make --gif, --apng, --mp4 or --html afterwards from all the shards' frames with --from-frames DIR".into(),
        )
        .into());
    }
    if let Some(dir) = &args.from_frames {
        if !any_stream {
            return Err(Error::Usage(
                "--from-frames makes --gif, --apng, --mp4 or --html from the frames: name at least one".into(),
            )
            .into());
        }
        if args.out_dir.is_some() || args.resume || args.format == ImageFormat::Svg {
            return Err(Error::Usage(
                "--from-frames reads PNG frames and writes none: it cannot go with --out-dir, --resume or --format svg".into(),
            )
            .into());
        }
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "--from-frames: {} is not a folder of frames",
                dir.display()
            ))
            .into());
        }
    }
    if args.mp4.is_some() && frontline::animate::ffmpeg().is_none() {
        return Err(Error::Usage(
            "--mp4 needs ffmpeg, which is not on the PATH: install it (e.g. apt-get install ffmpeg) or use --gif, --apng or --html".into(),
        )
        .into());
    }
    for (flag, path, exts) in [
        ("--gif", &args.gif, &["gif"][..]),
        ("--apng", &args.apng, &["png", "apng"][..]),
        ("--mp4", &args.mp4, &["mp4", "m4v"][..]),
        ("--html", &args.html, &["html", "htm"][..]),
    ] {
        if let Some(path) = path {
            check_single(flag, path, exts)?;
        }
    }
    let png_frames = !args.no_frames && args.format == ImageFormat::Png;
    if png_frames || args.gif.is_some() || args.apng.is_some() || args.mp4.is_some() {
        args.look.device_size()?;
    }

    let (dataset, timeline) = load(&args.data)?;
    let span = timeline.date_range();
    let range = match (args.from, args.to, span) {
        (Some(f), Some(t), _) => date_range(f, t)?,
        (f, t, Some((first, last))) => {
            let from = f.unwrap_or(first);
            date_range(from, t.unwrap_or(last.max(from)))?
        }
        _ => {
            return Err(Error::Usage(
                "the data has no events: give --from and --to to draw its empty map".into(),
            )
            .into());
        }
    };
    let mut dates = frame_dates(range, args.step, &timeline)?;
    if let Some((k, n)) = args.shard {
        // Every N-th frame from the K-th: a frame's pixels depend only on
        // its date, so the shards' files are those of one whole run.
        dates = dates.into_iter().skip(k - 1).step_by(n).collect();
    }
    let out_dir = (!args.no_frames && args.from_frames.is_none()).then(|| {
        args.out_dir.clone().unwrap_or_else(|| {
            PathBuf::from("output").join(format!("{}-frames", dataset.sources.name()))
        })
    });
    let options = Options {
        render: args.look.options(&dataset.config),
        scale: args.look.scale,
        out_dir: out_dir.clone(),
        format: match args.format {
            ImageFormat::Png => FrameFormat::Png,
            ImageFormat::Svg => FrameFormat::Svg,
        },
        resume: args.resume,
        gif: args.gif.clone(),
        apng: args.apng.clone(),
        mp4: args.mp4.clone(),
        html: args.html.clone(),
        delay_ms: args.delay,
        hold_ms: args.hold,
        from_frames: args.from_frames.clone(),
        ..Options::new(dates)
    };
    let total = options.dates.len() as u64;

    // Ctrl-C or SIGTERM: finish the frames in progress, remove temporary
    // files, exit 130 (a second signal ends the run at once; see signals.rs).
    let cancel = super::signals::cooperate();

    let progress = Progress::new(total, quiet());
    let started = Instant::now();
    let summary = animate(&dataset, &timeline, &options, &|n| progress.inc(n), &cancel)?;
    progress.finish();
    if summary.places_in_view == 0 {
        // As `render` says it (issue 13, kind 9): the frames show the note.
        say!(
            "frontline: warning: no place of the dataset lies in the map's extent; the frames say so (check --bbox)"
        );
    }
    let secs = started.elapsed().as_secs_f64();
    if summary.interrupted {
        say!(
            "frontline: interrupted: {} complete frame file{} written, nothing partial left",
            summary.written,
            plural(summary.written)
        );
        return Ok(ExitCode::from(130));
    }
    if !quiet() {
        let first = options.dates.first().copied();
        let last = options.dates.last().copied();
        let range = match (first, last) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => String::new(),
        };
        let shard = args
            .shard
            .map(|(k, n)| format!(", shard {k}/{n}"))
            .unwrap_or_default();
        match &args.from_frames {
            Some(dir) => say!(
                "{} frame{} ({range}, step {}) read from {}; {:.1} s",
                summary.frames,
                plural(summary.frames),
                args.step,
                dir.display(),
                secs
            ),
            None => say!(
                "{} frame{} ({range}, step {}{shard}): {} map{} drawn, {} reused (date redrawn only); {:.1} s, {:.1} frames/s",
                summary.frames,
                plural(summary.frames),
                args.step,
                summary.maps_drawn,
                plural(summary.maps_drawn),
                summary.maps_reused,
                secs,
                summary.frames as f64 / secs.max(1e-9)
            ),
        }
        if let Some(dir) = &out_dir {
            let kept = if summary.kept > 0 {
                format!(
                    ", {} complete one{} kept",
                    summary.kept,
                    plural(summary.kept)
                )
            } else {
                String::new()
            };
            wrote(&format!(
                "{} to {}{kept}",
                count(summary.written, "frame"),
                dir.display()
            ));
        }
        for path in [&args.gif, &args.apng, &args.mp4, &args.html]
            .into_iter()
            .flatten()
        {
            wrote(&path.display().to_string());
        }
    }
    super::leave((timeline, dataset));
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal; otherwise a line every 10 % (none with --quiet).
struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    done: AtomicU64,
    total: u64,
    last_pct: AtomicU64,
}

impl Progress {
    fn new(total: u64, quiet: bool) -> Progress {
        let tty = std::io::stderr().is_terminal();
        let bar = (!quiet && tty).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} {{elapsed_precise}} [{{wide_bar}}] {{pos}}/{{len}} frame{}, {{per_sec}}, ETA {{eta}}",
                    plural(total as usize)
                ))
                .expect("template")
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            plain: !quiet && !tty && total >= 20,
            done: AtomicU64::new(0),
            total,
            last_pct: AtomicU64::new(0),
        }
    }

    fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        } else if self.plain {
            let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
            let pct = done * 10 / self.total.max(1) * 10;
            if pct > self.last_pct.fetch_max(pct, Ordering::Relaxed) && pct < 100 {
                say!("{done}/{} frames ({pct} %)", self.total);
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
