//! Stage 6, animate: the maps of a range of dates, as frame files, an
//! animated GIF or APNG, a video, and an offline HTML viewer.
//!
//! [`steps`] turns `--from`, `--to` and `--step` into frame dates. [`frames`]
//! is the pipeline: the timeline's forward sweep gives each date's states
//! (visiting only the places that changed), frames are drawn in parallel a
//! chunk at a time, each worker drawing consecutive dates on one canvas where
//! only what changed since the frame before is drawn again, and finished
//! frames go to disk and, in order, to the sequence outputs ([`sinks`]: GIF
//! with a fixed [`palette`], APNG, [`video`], [`html`]). Memory does not grow
//! with the number of frames: no more than a chunk is held at a time.
//!
//! See docs/animate.md for the design and its measurements.

pub mod frames;
pub mod html;
pub mod palette;
pub mod sinks;
pub mod steps;
pub mod video;

pub use frames::{Summary, frame_path, is_complete};
pub use steps::{Step, frame_dates};

use crate::dataset::Dataset;
use crate::error::Result;
use crate::render::{MapRenderer, RenderOptions};
use crate::timeline::Timeline;
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// The format of frame files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FrameFormat {
    /// PNG images.
    #[default]
    Png,
    /// SVG documents.
    Svg,
}

/// What to animate and what to write.
#[derive(Debug, Clone)]
pub struct Options {
    /// The frame dates, ascending (see [`frame_dates`]).
    pub dates: Vec<NaiveDate>,
    /// How the map looks.
    pub render: RenderOptions,
    /// Device pixels per CSS pixel for PNG, GIF, APNG and video.
    pub scale: f32,
    /// Where frame files go (`<date>.<format>`); `None` writes none.
    pub out_dir: Option<PathBuf>,
    /// The frame files' format.
    pub format: FrameFormat,
    /// Leave frame files that are already there and complete.
    pub resume: bool,
    /// An animated GIF.
    pub gif: Option<PathBuf>,
    /// An animated PNG.
    pub apng: Option<PathBuf>,
    /// An H.264 video (needs ffmpeg).
    pub mp4: Option<PathBuf>,
    /// The HTML viewer.
    pub html: Option<PathBuf>,
    /// Time between frames in the animations, in milliseconds.
    pub delay_ms: u32,
    /// How long the last frame is shown, in milliseconds.
    pub hold_ms: u32,
    /// Frames per chunk (default: from the cores and the frame size).
    pub chunk: Option<usize>,
}

impl Options {
    /// Options for `dates` with everything else at its default (PNG frames, no outputs).
    pub fn new(dates: Vec<NaiveDate>) -> Options {
        Options {
            dates,
            render: RenderOptions::default(),
            scale: 1.0,
            out_dir: None,
            format: FrameFormat::Png,
            resume: false,
            gif: None,
            apng: None,
            mp4: None,
            html: None,
            delay_ms: 500,
            hold_ms: 2500,
            chunk: None,
        }
    }
}

/// Renders and writes the animation. `progress` is called with the number of
/// frames just finished; setting `cancel` stops the run after the frames in
/// progress (complete files only are left; see [`Summary::interrupted`]).
pub fn animate(
    dataset: &Dataset,
    timeline: &Timeline,
    options: &Options,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Summary> {
    let renderer = MapRenderer::new(dataset, timeline, options.render.clone())?;
    frames::run(dataset, timeline, &renderer, options, progress, cancel)
}
