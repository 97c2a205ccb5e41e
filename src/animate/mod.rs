//! Stage 6, animate: the maps of a range of dates, as frame files, an
//! animated GIF or APNG, a video, and an offline HTML viewer.
//!
//! The parts, each in its own file, none importing another that imports it:
//!
//! - `options`: what to animate and what to write;
//! - `steps`: `--from`, `--to` and `--step` as frame dates;
//! - `pipeline`: the timeline's forward sweep gives each date's states
//!   (visiting only the places that changed), frames are drawn in parallel a
//!   chunk at a time, each worker drawing consecutive dates on one canvas
//!   where only what changed since the frame before is drawn again; memory
//!   does not grow with the number of frames, as no more than a chunk is held
//!   at a time;
//! - `files`: the frame files, written by the workers as frames are drawn;
//! - `frame`: a finished frame, and the `Output` trait ("a frame, then
//!   finish") of the outputs that take the whole sequence in order, each in
//!   its own file: `gif_file` (with a fixed [`palette`]), `apng`, `video`
//!   and `html`; `outputs` is where they are chosen.
//!
//! See docs/animate.md for the design and its measurements.

mod apng;
mod files;
mod frame;
mod gif_file;
mod html;
mod options;
mod outputs;
pub mod palette;
mod pipeline;
mod steps;
mod video;

pub use files::{frame_path, is_complete};
pub use options::{FrameFormat, Options};
pub use pipeline::Summary;
pub use steps::{MAX_FRAMES, Step, frame_dates};
pub use video::ffmpeg;

use crate::dataset::Dataset;
use crate::error::Result;
use crate::render::MapRenderer;
use crate::timeline::Timeline;
use std::sync::atomic::AtomicBool;

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
    pipeline::run(dataset, timeline, &renderer, options, progress, cancel)
}
