//! The frame pipeline: states from the forward sweep, frames drawn in
//! parallel chunk by chunk (frame files written as they are drawn, see
//! [`FrameFiles`]) and handed, in order, to the outputs that need the whole
//! sequence ([`Output`]: GIF, APNG, video, HTML) on a writer thread.
//!
//! A chunk of frames is cut into one run of consecutive dates per worker.
//! Each worker draws its run on one [`Canvas`], which knows what it shows:
//! a frame redraws only the tiles where a sprite appeared, went or moved
//! since the canvas's last frame (see [`Rasterizer::draw`]). A date whose
//! map did not change (no place changed, no highlight expired) thus redraws
//! only its date and event count, and a week of a large war a few hundred
//! markers and their labels.

use super::files::FrameFiles;
use super::frame::{ChangeRow, FrameOut, FramePixels, Output, changed_rect};
use super::options::{FrameFormat, Options};
use super::palette::Palette;
use super::{apng, gif_file, outputs};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::render::raster::{Canvas, poisoned};
use crate::render::{MapRenderer, Rasterizer};
use crate::timeline::{PlaceState, Timeline};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Frames in the sequence.
    pub frames: usize,
    /// Frames whose map (places, labels, legend) differs from the previous frame's.
    pub maps_drawn: usize,
    /// Frames whose map equals the previous frame's: only their date and
    /// event count were drawn.
    pub maps_reused: usize,
    /// Frame files written.
    pub written: usize,
    /// Frame files left as they were (`--resume`: already complete).
    pub kept: usize,
    /// Stopped early (Ctrl-C): only complete files were left.
    pub interrupted: bool,
    /// How many places lie in the map's extent (none: the frames say so,
    /// and the command warns).
    pub places_in_view: usize,
}

/// A frame before drawing.
struct Planned {
    index: usize,
    date: NaiveDate,
    states: Arc<Vec<PlaceState>>,
    changes: Vec<ChangeRow>,
}

/// The most bytes the workers' canvases may hold together: 4 GiB, eight
/// canvases of the largest map a PNG may be (`MAX_DEVICE_PIXELS`).
const CANVAS_BUDGET: usize = 4 << 30;

/// How many workers draw at once: one per thread, but no more than
/// [`CANVAS_BUDGET`] allows for canvases of `canvas_bytes`, and at least one.
/// `--jobs 256` on a map of 500 million bytes would otherwise ask for 128 GB.
fn workers(threads: usize, canvas_bytes: usize) -> usize {
    threads.min(CANVAS_BUDGET / canvas_bytes.max(1)).max(1)
}

/// What the run must produce, derived from the options.
struct Needs {
    /// Frame files.
    files: Option<FrameFiles>,
    /// Pixels of every frame (PNG files, GIF, APNG, video).
    pixels: bool,
    /// Pixels of every frame even when its file is kept.
    all_pixels: bool,
    /// The dynamic SVG of every frame (HTML).
    all_svg: bool,
    /// Per-frame change lists (HTML).
    changes: bool,
    /// APNG frames.
    apng: bool,
    /// Where frames drawn before are read from instead of drawn, and
    /// their size in device pixels.
    from_frames: Option<(std::path::PathBuf, (u32, u32))>,
}

/// Renders the frames of `options.dates` and writes every requested output.
pub fn run(
    dataset: &Dataset,
    timeline: &Timeline,
    renderer: &MapRenderer,
    options: &Options,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Summary> {
    let dates = &options.dates;
    let svg_files = options.format == FrameFormat::Svg;
    let streams = options.gif.is_some() || options.apng.is_some() || options.mp4.is_some();
    let needs = Needs {
        files: FrameFiles::new(options),
        pixels: streams || (options.out_dir.is_some() && !svg_files),
        all_pixels: streams,
        all_svg: options.html.is_some(),
        changes: options.html.is_some(),
        apng: options.apng.is_some(),
        from_frames: None,
    };
    let raster = if needs.pixels {
        Some(Rasterizer::new(renderer, options.scale)?)
    } else {
        None
    };
    // Device pixels; only the outputs that need pixels use them.
    let (pw, ph) = raster.as_ref().map_or((0, 0), Rasterizer::size);
    let needs = Needs {
        from_frames: options.from_frames.clone().map(|dir| (dir, (pw, ph))),
        ..needs
    };
    // Frames read rather than drawn need no canvas.
    let drawing = raster.as_ref().filter(|_| needs.from_frames.is_none());
    let palette = match (&raster, options.gif.is_some()) {
        (Some(r), true) => Some(gif_file::build_palette(
            renderer,
            timeline,
            r,
            dates,
            options.from_frames.as_deref(),
        )?),
        _ => None,
    };
    let mut outputs = outputs::open(options, dataset, renderer, (pw, ph), palette.as_ref())?;

    // One run of frames, and one canvas, per worker; fewer workers than
    // threads when the canvases would pass their budget.
    let threads = workers(rayon::current_num_threads(), pw as usize * ph as usize * 4);
    // What a frame holds until its chunk is written: pixels for the streams,
    // SVG for the viewer.
    let per_frame = (pw as usize * ph as usize)
        * (4 * streams as usize + options.gif.is_some() as usize)
        + if needs.all_svg {
            dataset.places.len() * 300
        } else {
            0
        };
    let budget = 384 << 20;
    let chunk = options
        .chunk
        .unwrap_or_else(|| {
            // Long runs per worker: a run's first frame is drawn over an
            // older one, so it redraws more.
            (32 * threads)
                .clamp(32, 256)
                .min((budget / per_frame.max(1)).max(threads))
        })
        .max(1);

    let mut summary = Summary {
        frames: dates.len(),
        places_in_view: renderer.places_in_view(),
        ..Summary::default()
    };
    // The sweep starts on the eve of the first frame, so that frame's changes
    // are those of its own date, from each place's real state before the range
    // (not every earlier change, from "unknown").
    let mut sweep = timeline.sweep();
    if let Some(eve) = dates.first().and_then(|d| d.pred_opt()) {
        sweep.advance_to(eve);
    }
    let mut prev_states: Arc<Vec<PlaceState>> = Arc::new(sweep.states().to_vec());
    // The canvases of the workers, kept from chunk to chunk.
    let canvases: Mutex<Vec<Canvas>> = Mutex::new(Vec::new());
    // What the previous chunk left: its last map's digest and last pixels.
    let mut last_map: Option<u64> = None;
    let mut last_pixels: Option<Arc<FramePixels>> = None;

    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<FrameOut>>(1);
        let writer = scope.spawn(move || -> Result<Vec<Box<dyn Output>>> {
            for chunk in rx {
                for frame in &chunk {
                    for output in outputs.iter_mut() {
                        output.frame(frame)?;
                    }
                }
            }
            Ok(outputs)
        });
        let result = (|| -> Result<()> {
            for (c, chunk_dates) in dates.chunks(chunk).enumerate() {
                if cancel.load(Ordering::Relaxed) {
                    summary.interrupted = true;
                    return Ok(());
                }
                // 1. States, from the sweep: only changed places are visited.
                let mut planned = Vec::with_capacity(chunk_dates.len());
                for (k, &date) in chunk_dates.iter().enumerate() {
                    let changed = sweep.advance_to(date).to_vec();
                    let changes = if needs.changes {
                        changed
                            .iter()
                            .map(|&p| {
                                let change = timeline.change_on(p, date);
                                ChangeRow {
                                    place: p,
                                    from: prev_states[p.get()],
                                    to: sweep.states()[p.get()],
                                    date: change.map_or(date, |c| c.date),
                                    event: change.map_or(u32::MAX, |c| c.event),
                                }
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    // Unchanged states share one snapshot.
                    if !changed.is_empty() {
                        prev_states = Arc::new(sweep.states().to_vec());
                    }
                    planned.push(Planned {
                        index: c * chunk + k,
                        date,
                        states: prev_states.clone(),
                        changes,
                    });
                }
                // 2. One run of consecutive dates per worker, each on its own canvas.
                let per_run = planned.len().div_ceil(threads);
                let mut runs: Vec<Vec<Planned>> = Vec::new();
                let mut rest = planned.into_iter().peekable();
                while rest.peek().is_some() {
                    runs.push(rest.by_ref().take(per_run).collect());
                }
                let drawn: Vec<Vec<(FrameOut, Option<u64>)>> = runs
                    .into_par_iter()
                    .map(|run| -> Result<Vec<(FrameOut, Option<u64>)>> {
                        let mut canvas = match drawing {
                            Some(r) => Some(pop(&canvases)?.unwrap_or_else(|| r.canvas())),
                            None => None,
                        };
                        let mut outs = Vec::with_capacity(run.len());
                        for plan in run {
                            if cancel.load(Ordering::Relaxed) {
                                break;
                            }
                            // On an error the canvas, maybe half drawn, is dropped.
                            outs.push(draw_frame(
                                renderer,
                                raster.as_ref().zip(canvas.as_mut()),
                                &needs,
                                plan,
                            )?);
                            progress(1);
                        }
                        if let Some(c) = canvas {
                            canvases.lock().map_err(|_| poisoned())?.push(c);
                        }
                        Ok(outs)
                    })
                    .collect::<Result<_>>()?;
                let mut outs: Vec<FrameOut> = Vec::with_capacity(chunk_dates.len());
                for (out, map) in drawn.into_iter().flatten() {
                    // 3. A map equal to the previous frame's counts as reused.
                    if let Some(m) = map {
                        if last_map == Some(m) {
                            summary.maps_reused += 1;
                        } else {
                            summary.maps_drawn += 1;
                        }
                        last_map = Some(m);
                    }
                    outs.push(out);
                }
                // Counted before an interruption stops the chunk: its frame
                // files drawn so far are complete on disk, and the message
                // says how many (it said 0 when a signal came mid-chunk).
                for out in &outs {
                    summary.written += out.written as usize;
                    summary.kept += out.kept as usize;
                }
                if outs.len() < chunk_dates.len() {
                    summary.interrupted = true;
                    return Ok(());
                }
                // 4. Streams that depend on the previous frame: GIF and APNG deltas.
                let mut prev_of = Vec::with_capacity(outs.len());
                for out in &outs {
                    prev_of.push(last_pixels.clone());
                    if let Some(p) = &out.pixels {
                        last_pixels = Some(p.clone());
                    }
                }
                outs.par_iter_mut().zip(prev_of).for_each(|(out, prev)| {
                    encode_deltas(out, prev.as_deref(), palette.as_ref(), needs.apng)
                });
                if tx.send(outs).is_err() {
                    // The writer failed; its error is reported below.
                    return Ok(());
                }
            }
            Ok(())
        })();
        drop(tx);
        let outputs = writer
            .join()
            .map_err(|_| Error::Render("the output writer panicked".into()))?;
        result?;
        let outputs = outputs?;
        if summary.interrupted || cancel.load(Ordering::Relaxed) {
            summary.interrupted = true;
            drop(outputs); // temporary files are removed
        } else {
            for output in outputs {
                output.finish()?;
            }
        }
        Ok(())
    })?;
    Ok(summary)
}

fn pop(canvases: &Mutex<Vec<Canvas>>) -> Result<Option<Canvas>> {
    Ok(canvases.lock().map_err(|_| poisoned())?.pop())
}

/// Encodes the GIF and APNG frames against the previous frame's pixels:
/// only the rectangle that changed, unchanged pixels in it transparent.
/// Done here, a chunk in parallel, as each needs only its frame and the one
/// before; the writer thread then only writes them in order.
fn encode_deltas(
    out: &mut FrameOut,
    prev: Option<&FramePixels>,
    palette: Option<&Palette>,
    apng: bool,
) {
    let Some(px) = out.pixels.clone() else {
        return;
    };
    let cur = &px.rgba;
    let (w, h) = (cur.width() as usize, cur.height() as usize);
    let prev = prev.map(|p| &p.rgba);
    let rect = match prev {
        Some(p) => changed_rect(cur.data(), p.data(), w, h, 4),
        None => Some((0, 0, w, h)),
    };
    if let Some(palette) = palette {
        out.gif = Some(gif_file::encode_frame(cur, prev, rect, palette));
    }
    if apng {
        out.apng = Some(apng::encode_frame(cur, prev, rect));
    }
}

/// Draws one frame on the worker's canvas and writes its file; returns what
/// the sequence outputs need, and the digest of its map (None when nothing
/// was drawn: a kept file that nothing else needs).
fn draw_frame(
    renderer: &MapRenderer,
    raster: Option<(&Rasterizer, &mut Canvas)>,
    needs: &Needs,
    plan: Planned,
) -> Result<(FrameOut, Option<u64>)> {
    let files = needs.files.as_ref();
    // Some(None): a frame file `--resume` keeps.
    let write = files.map(|f| f.to_write(plan.date));
    let kept = matches!(write, Some(None));
    let write = write.flatten();
    let svg_file = write.is_some() && files.is_some_and(FrameFiles::svg);
    let pixels = needs.all_pixels || (write.is_some() && !svg_file);
    let want_svg = needs.all_svg || svg_file;
    let mut out = FrameOut {
        index: plan.index,
        date: plan.date,
        dynamic: None,
        changes: plan.changes,
        pixels: None,
        gif: None,
        apng: None,
        written: false,
        kept,
    };
    if let Some((dir, size)) = &needs.from_frames {
        // Joining frames drawn before: their pixels are read, not drawn
        // (there is no canvas); the viewer's SVG is made below as always.
        let path = super::frame_path(dir, plan.date, "png");
        out.pixels = Some(Arc::new(FramePixels {
            rgba: super::files::read_png(&path, *size)?,
        }));
    }
    if !(want_svg || pixels && raster.is_some()) {
        return Ok((out, None));
    }
    let scene = renderer.scene(plan.date, &plan.states, want_svg);
    let digest = scene.map_digest();
    if want_svg {
        let mut d = String::with_capacity(64 * 1024 + plan.states.len() * 200);
        scene.write_svg(&mut d);
        out.dynamic = Some(d);
    }
    if let (true, Some((raster, canvas))) = (pixels, raster) {
        raster.draw_scene(scene, canvas)?;
        if let (Some(path), Some(files), false) = (&write, files, svg_file) {
            files.write_png(path, canvas.pixmap())?;
            out.written = true;
        }
        if needs.all_pixels {
            out.pixels = Some(Arc::new(FramePixels {
                rgba: canvas.pixmap().clone(),
            }));
        }
    }
    if let (Some(path), Some(files), true) = (&write, files, svg_file) {
        files.write_svg(path, renderer, out.dynamic.as_deref().unwrap_or(""))?;
        out.written = true;
    }
    if !needs.all_svg {
        out.dynamic = None;
    }
    Ok((out, Some(digest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_keep_the_canvases_within_their_budget() {
        let largest = crate::render::raster::MAX_DEVICE_PIXELS as usize * 4;
        assert_eq!(workers(256, largest), 8);
        assert_eq!(workers(2, largest), 2);
        assert_eq!(workers(256, 1600 * 1200 * 4), 256);
        assert_eq!(workers(4, usize::MAX), 1);
        assert_eq!(workers(0, 0), 1);
    }
}
