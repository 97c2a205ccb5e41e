//! The frame pipeline: states from the forward sweep, maps drawn once per
//! distinct map, frames rendered in parallel chunk by chunk and handed, in
//! order, to the outputs that need the whole sequence (GIF, APNG, video, HTML).
//!
//! A frame's SVG is split in two at the title band: the *map* (places,
//! labels, legend, scale bar) and the *overlay* (title with the date, footer
//! with the event count). The overlay changes every date; the map only when
//! a place's state changes (or a "changed recently" highlight expires). A
//! frame whose map equals the previous frame's is not drawn again: the cached
//! map pixmap is copied and only the overlay is drawn on it — the same pixels
//! as drawing the whole frame, since the title and footer bands are opaque
//! and drawn last.

use super::Options;
use super::palette::{self, Palette};
use super::sinks::{FrameOut, Sinks};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::output::write_bytes;
use crate::render::raster::{draw, encode_png, usvg_options};
use crate::render::{MapRenderer, Rasterizer};
use crate::timeline::{PlaceState, Timeline};
use chrono::NaiveDate;
use rayon::prelude::*;
use resvg::tiny_skia::Pixmap;
use resvg::usvg;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the overlay (title band, footer) starts in a frame's dynamic SVG.
const OVERLAY_MARK: &str = "<g id=\"title\">";

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Frames in the sequence.
    pub frames: usize,
    /// Frames whose map was drawn (places, labels, legend).
    pub maps_drawn: usize,
    /// Frames drawn as the previous frame's map plus a new date overlay.
    pub maps_reused: usize,
    /// Frame files written.
    pub written: usize,
    /// Frame files left as they were (`--resume`: already complete).
    pub kept: usize,
    /// Stopped early (Ctrl-C): only complete files were left.
    pub interrupted: bool,
}

/// One net change of a place between the previous frame and this one.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    /// The place.
    pub place: u32,
    /// Its state on the previous frame's date (`unknown` before the first).
    pub from: PlaceState,
    /// Its state on this frame's date.
    pub to: PlaceState,
    /// The date of its last change, and the event that explains it.
    pub date: NaiveDate,
    /// The event (index into `Dataset::events`).
    pub event: u32,
}

/// A frame before drawing.
struct Planned {
    index: usize,
    date: NaiveDate,
    states: Arc<Vec<PlaceState>>,
    /// The sweep found no change since the previous frame.
    same_states: bool,
    /// Build the SVG layers even if no output needs them.
    svg: bool,
    changes: Vec<ChangeRow>,
}

/// A frame with its SVG layers.
struct Layered {
    plan: Planned,
    /// The frame file is there and complete (`--resume`).
    kept: bool,
    /// The dynamic SVG (map then overlay), if anything needs it.
    dynamic: Option<String>,
    /// Byte offset of the overlay in `dynamic`.
    split: usize,
}

impl Layered {
    /// The map part of the dynamic SVG (None when it was not built).
    fn map_svg(&self) -> Option<&str> {
        self.dynamic.as_deref().map(|d| &d[..self.split])
    }
    fn overlay_svg(&self) -> &str {
        &self.dynamic.as_deref().unwrap_or("")[self.split..]
    }
}

/// Drawing state shared by the workers: the renderer's rasterizer for whole
/// frames, and resvg for the date overlay on a reused map.
struct Raster {
    frames: Rasterizer,
    options: usvg::Options<'static>,
    head: String,
    scale: f32,
}

impl Raster {
    fn new(renderer: &MapRenderer, scale: f32) -> Result<Raster> {
        Ok(Raster {
            frames: Rasterizer::new(renderer, scale)?,
            options: usvg_options(),
            head: renderer.head_svg().to_string(),
            scale,
        })
    }

    /// A whole frame.
    fn frame(
        &self,
        renderer: &MapRenderer,
        date: NaiveDate,
        states: &[PlaceState],
    ) -> Result<Pixmap> {
        self.frames.pixmap(renderer, date, states)
    }

    /// `overlay` (the title and footer bands, opaque) drawn over a copy of `map`.
    fn over(&self, map: &Pixmap, overlay: &str) -> Result<Pixmap> {
        let mut p = map.clone();
        if !overlay.is_empty() {
            let doc = format!("{}{}</svg>", self.head, overlay);
            draw(&doc, &self.options, self.scale, &mut p)?;
        }
        Ok(p)
    }
}

/// Device pixels of a canvas at a scale.
pub fn pixel_size(w: u32, h: u32, scale: f32) -> (u32, u32) {
    (
        (w as f32 * scale).round() as u32,
        (h as f32 * scale).round() as u32,
    )
}

/// What the run must produce, derived from the options.
struct Needs {
    /// Frame files: folder and extension.
    files: Option<(PathBuf, &'static str)>,
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
    let svg_files = options.format == super::FrameFormat::Svg;
    let streams = options.gif.is_some() || options.apng.is_some() || options.mp4.is_some();
    let needs = Needs {
        files: options
            .out_dir
            .clone()
            .map(|d| (d, if svg_files { "svg" } else { "png" })),
        pixels: streams || (options.out_dir.is_some() && !svg_files),
        all_pixels: streams,
        all_svg: options.html.is_some(),
        changes: options.html.is_some(),
        apng: options.apng.is_some(),
    };
    let raster = if needs.pixels {
        Some(Raster::new(renderer, options.scale)?)
    } else {
        None
    };
    let (w, h) = renderer.size();
    let (pw, ph) = pixel_size(w, h, options.scale);
    let palette = match (&raster, options.gif.is_some()) {
        (Some(r), true) => Some(build_palette(renderer, timeline, r, dates)?),
        _ => None,
    };
    let mut sinks = Sinks::open(options, dataset, renderer, (pw, ph), palette.as_ref())?;

    let threads = rayon::current_num_threads().max(1);
    let per_frame = (pw as usize * ph as usize)
        * (options.gif.is_some() as usize
            + 4 * (options.apng.is_some() || options.mp4.is_some()) as usize)
        + if needs.all_svg {
            dataset.places.len() * 300
        } else {
            0
        };
    let budget = 384 << 20;
    let chunk = options
        .chunk
        .unwrap_or_else(|| {
            (4 * threads)
                .clamp(8, 64)
                .min((budget / per_frame.max(1)).max(threads))
        })
        .max(1);

    let mut summary = Summary {
        frames: dates.len(),
        ..Summary::default()
    };
    let mut sweep = timeline.sweep();
    let mut prev_states: Arc<Vec<PlaceState>> =
        Arc::new(vec![PlaceState::default(); timeline.place_count()]);
    // What the previous frame left for the next: its map (SVG and pixels) and its pixels.
    let mut carry = Carry::default();

    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<FrameOut>>(1);
        let writer = scope.spawn(move || -> Result<Sinks> {
            for chunk in rx {
                sinks.write_chunk(chunk)?;
            }
            Ok(sinks)
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
                    let same = changed.is_empty();
                    // Unchanged states share one snapshot (and, later, one map).
                    let changes = if needs.changes {
                        changed
                            .iter()
                            .map(|&p| {
                                let change = timeline.change_on(p as usize, date);
                                ChangeRow {
                                    place: p,
                                    from: prev_states[p as usize],
                                    to: sweep.states()[p as usize],
                                    date: change.map_or(date, |c| c.date),
                                    event: change.map_or(u32::MAX, |c| c.event),
                                }
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    if !same {
                        prev_states = Arc::new(sweep.states().to_vec());
                    }
                    planned.push(Planned {
                        index: c * chunk + k,
                        date,
                        states: prev_states.clone(),
                        same_states: same,
                        svg: false,
                        changes,
                    });
                }
                // A frame's SVG is built when an output needs it, or to tell
                // whether its map equals a neighbour's (states unchanged).
                for k in 0..planned.len() {
                    let next_same = planned.get(k + 1).is_none_or(|p| p.same_states);
                    planned[k].svg = needs.all_svg || planned[k].same_states || next_same;
                }
                // 2. The SVG layers of each frame (in parallel), unless not needed.
                let layered: Vec<Layered> = planned
                    .into_par_iter()
                    .map(|plan| layer(renderer, plan, &needs, options.resume))
                    .collect::<Result<_>>()?;
                // 3. Group the frames into runs of one map, 4. draw and write them.
                let outs = draw_chunk(
                    renderer,
                    raster.as_ref(),
                    palette.as_ref(),
                    &needs,
                    layered,
                    &mut carry,
                    &mut summary,
                    progress,
                    cancel,
                )?;
                if outs.len() < chunk_dates.len() {
                    summary.interrupted = true;
                    return Ok(());
                }
                if tx.send(outs).is_err() {
                    // The writer failed; its error is reported below.
                    return Ok(());
                }
            }
            Ok(())
        })();
        drop(tx);
        let sinks = writer
            .join()
            .map_err(|_| Error::Render("the output writer panicked".into()))?;
        result?;
        let sinks = sinks?;
        if summary.interrupted || cancel.load(Ordering::Relaxed) {
            summary.interrupted = true;
            drop(sinks); // temporary files are removed
        } else {
            sinks.finish()?;
        }
        Ok(())
    })?;
    Ok(summary)
}

/// A frame's pixels, as needed by the streams after it (GIF, APNG, video).
pub struct FramePixels {
    /// RGBA, premultiplied (opaque, so plain).
    pub rgba: Pixmap,
}

fn layer(renderer: &MapRenderer, plan: Planned, needs: &Needs, resume: bool) -> Result<Layered> {
    let kept = match (&needs.files, resume) {
        (Some((dir, ext)), true) => is_complete(&frame_path(dir, plan.date, ext), ext),
        _ => false,
    };
    let drawn = needs.all_pixels || (!kept && needs.files.is_some());
    let want_svg = needs.all_svg
        || (!kept && needs.files.as_ref().is_some_and(|(_, ext)| *ext == "svg"))
        || (drawn && plan.svg);
    let (dynamic, split) = if want_svg {
        let d = renderer.dynamic_svg(plan.date, &plan.states);
        let split = d.rfind(OVERLAY_MARK).unwrap_or(d.len());
        (Some(d), split)
    } else {
        (None, 0)
    };
    Ok(Layered {
        plan,
        kept,
        dynamic,
        split,
    })
}

/// What a chunk leaves for the next one.
#[derive(Default)]
struct Carry {
    /// The map SVG of the last frame drawn in pixels (if built), and its pixels.
    map: Option<(Option<String>, Arc<Pixmap>)>,
    /// The map of the last frame with SVG layers (for counting SVG-only runs).
    last_map_svg: Option<String>,
    /// The last frame's pixels (for GIF and APNG deltas).
    last_pixels: Option<Arc<FramePixels>>,
}

/// Where a run's map comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MapSource {
    /// The run's frames need no pixels.
    None,
    /// The map carried over from the previous chunk.
    Carried,
    /// Drawn for this run.
    Draw,
}

/// A run of consecutive frames on one map.
struct Run {
    frames: Vec<Layered>,
    source: MapSource,
}

#[allow(clippy::too_many_arguments)]
fn draw_chunk(
    renderer: &MapRenderer,
    raster: Option<&Raster>,
    palette: Option<&Palette>,
    needs: &Needs,
    layered: Vec<Layered>,
    carry: &mut Carry,
    summary: &mut Summary,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<FrameOut>> {
    let needs_pixels =
        |l: &Layered| raster.is_some() && (needs.all_pixels || (!l.kept && needs.files.is_some()));
    // 3. Runs: consecutive frames that share one map. Decided on borrowed
    // strings first (a source per frame that starts a run), then the frames move.
    let mut starts: Vec<Option<MapSource>> = Vec::with_capacity(layered.len());
    {
        let mut run_map: Option<Option<&str>> = None; // the current pixel run's map
        let mut last_svg: Option<&str> = carry.last_map_svg.as_deref();
        for l in &layered {
            let map = l.map_svg();
            if raster.is_none() {
                // SVG only: count the maps that differ from the previous frame's.
                if let Some(m) = map {
                    if last_svg == Some(m) {
                        summary.maps_reused += 1;
                    } else {
                        summary.maps_drawn += 1;
                    }
                    last_svg = Some(m);
                }
            }
            if !needs_pixels(l) {
                let continues = run_map.is_none() && !starts.is_empty();
                starts.push((!continues).then_some(MapSource::None));
                run_map = None;
                continue;
            }
            // A map is reused only when known to be equal (both SVGs built).
            if map.is_some() && run_map == Some(map) {
                starts.push(None);
                summary.maps_reused += 1;
            } else {
                let carried =
                    map.is_some() && carry.map.as_ref().is_some_and(|(s, _)| s.as_deref() == map);
                starts.push(Some(if carried {
                    summary.maps_reused += 1;
                    MapSource::Carried
                } else {
                    summary.maps_drawn += 1;
                    MapSource::Draw
                }));
                run_map = Some(map);
            }
        }
        if let Some(l) = layered.iter().rev().find(|l| l.dynamic.is_some()) {
            carry.last_map_svg = l.map_svg().map(str::to_string);
        }
    }
    let last_pixel_map: Option<Option<String>> = layered
        .iter()
        .rev()
        .find(|l| needs_pixels(l))
        .map(|l| l.map_svg().map(str::to_string));
    let mut runs: Vec<Run> = Vec::new();
    for (l, start) in layered.into_iter().zip(starts) {
        match (start, runs.last_mut()) {
            (None, Some(run)) => run.frames.push(l),
            (start, _) => runs.push(Run {
                frames: vec![l],
                source: start.unwrap_or(MapSource::None),
            }),
        }
    }

    // 4. Each run: its first frame drawn whole (or the carried map), the
    // others as that map plus their own date overlay; in parallel.
    let carried = carry.map.as_ref().map(|(_, p)| p.clone());
    let results: Vec<(Vec<FrameOut>, Option<Arc<Pixmap>>)> = runs
        .into_par_iter()
        .map(|run| -> Result<(Vec<FrameOut>, Option<Arc<Pixmap>>)> {
            let map: Option<Arc<Pixmap>> = match (raster, run.source) {
                (Some(r), MapSource::Draw) => {
                    let first = &run.frames[0];
                    Some(Arc::new(r.frame(
                        renderer,
                        first.plan.date,
                        &first.plan.states,
                    )?))
                }
                (Some(_), MapSource::Carried) => carried.clone(),
                _ => None,
            };
            let first_is_map = run.source == MapSource::Draw;
            let frames = run
                .frames
                .into_par_iter()
                .enumerate()
                .map(|(i, l)| {
                    if cancel.load(Ordering::Relaxed) {
                        return Ok(None);
                    }
                    let pixmap = match (raster, &map) {
                        (Some(_), Some(m)) if i == 0 && first_is_map => Some((**m).clone()),
                        (Some(r), Some(m)) if needs_pixels(&l) => Some(r.over(m, l.overlay_svg())?),
                        _ => None,
                    };
                    let out = finish_frame(renderer, needs, l, pixmap)?;
                    progress(1);
                    Ok(Some(out))
                })
                .collect::<Result<Vec<Option<FrameOut>>>>()?;
            Ok((frames.into_iter().flatten().collect(), map))
        })
        .collect::<Result<_>>()?;
    let mut outs: Vec<FrameOut> = Vec::new();
    for (frames, map) in results {
        if let (Some(m), Some(s)) = (map, &last_pixel_map) {
            // Runs come in order: the last one with a map sets the carry.
            carry.map = Some((s.clone(), m));
        }
        outs.extend(frames);
    }

    // 5. Streams that depend on the previous frame: GIF and APNG deltas.
    let mut prev_of = Vec::with_capacity(outs.len());
    let mut prev = carry.last_pixels.clone();
    for out in &outs {
        prev_of.push(prev.clone());
        if let Some(p) = &out.pixels {
            prev = Some(p.clone());
        }
    }
    carry.last_pixels = prev;
    outs.par_iter_mut()
        .zip(prev_of)
        .try_for_each(|(out, prev)| out.encode_deltas(prev.as_deref(), palette, needs.apng))?;
    for out in &outs {
        summary.written += out.written as usize;
        summary.kept += out.kept as usize;
    }
    Ok(outs)
}

/// Writes a drawn frame's file; returns what the streams need.
fn finish_frame(
    renderer: &MapRenderer,
    needs: &Needs,
    l: Layered,
    pixmap: Option<Pixmap>,
) -> Result<FrameOut> {
    let mut written = false;
    if let (Some((dir, ext)), false) = (&needs.files, l.kept) {
        let path = frame_path(dir, l.plan.date, ext);
        if *ext == "svg" {
            let d = l.dynamic.as_deref().unwrap_or("");
            let mut doc = String::with_capacity(
                renderer.head_svg().len() + renderer.base_svg().len() + d.len() + 8,
            );
            doc.push_str(renderer.head_svg());
            doc.push_str(renderer.base_svg());
            doc.push_str(d);
            doc.push_str("</svg>\n");
            write_bytes(&path, doc.as_bytes())?;
        } else if let Some(p) = &pixmap {
            write_bytes(&path, &encode_png(p)?)?;
        }
        written = true;
    }
    let pixels = if needs.all_pixels {
        pixmap.map(|p| Arc::new(FramePixels { rgba: p }))
    } else {
        None
    };
    let Layered {
        plan,
        kept,
        dynamic,
        ..
    } = l;
    Ok(FrameOut {
        index: plan.index,
        date: plan.date,
        dynamic: if needs.all_svg { dynamic } else { None },
        changes: plan.changes,
        pixels,
        gif: None,
        apng: None,
        written,
        kept,
    })
}

/// The file of a frame.
pub fn frame_path(dir: &Path, date: NaiveDate, ext: &str) -> PathBuf {
    dir.join(format!("{date}.{ext}"))
}

/// Whether a frame file is complete: a PNG ends with its IEND chunk, an SVG
/// with `</svg>`.
pub fn is_complete(path: &Path, ext: &str) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = f.metadata().map(|m| m.len()) else {
        return false;
    };
    let tail_len = 16.min(len);
    let mut tail = vec![0u8; tail_len as usize];
    if f.seek(SeekFrom::End(-(tail_len as i64))).is_err() || f.read_exact(&mut tail).is_err() {
        return false;
    }
    if ext == "png" {
        const IEND: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
        let mut head = [0u8; 8];
        len >= 8 + 12
            && tail.ends_with(&IEND)
            && f.seek(SeekFrom::Start(0)).is_ok()
            && f.read_exact(&mut head).is_ok()
            && head == [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n']
    } else {
        let t = String::from_utf8_lossy(&tail);
        t.trim_end().ends_with("</svg>")
    }
}

/// The GIF palette: the SVG's colours exactly, then the blends seen in a few
/// sample frames (first, middle and last).
fn build_palette(
    renderer: &MapRenderer,
    timeline: &Timeline,
    raster: &Raster,
    dates: &[NaiveDate],
) -> Result<Palette> {
    let mut exact = Vec::new();
    palette::svg_colours(renderer.head_svg(), &mut exact);
    palette::svg_colours(renderer.base_svg(), &mut exact);
    let mut picks = vec![0, dates.len() / 2, dates.len().saturating_sub(1)];
    picks.dedup();
    let samples: Vec<Pixmap> = picks
        .par_iter()
        .map(|&i| raster.frame(renderer, dates[i], &timeline.states_on(dates[i])))
        .collect::<Result<_>>()?;
    for &i in &picks {
        let states = timeline.states_on(dates[i]);
        palette::svg_colours(&renderer.dynamic_svg(dates[i], &states), &mut exact);
    }
    let refs: Vec<&Pixmap> = samples.iter().collect();
    Ok(Palette::build(&exact, &refs))
}
