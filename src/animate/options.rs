//! What to animate and what to write: the options every part of the
//! animation reads (a leaf: it imports nothing of the animation).

use crate::render::RenderOptions;
use chrono::NaiveDate;
use std::path::PathBuf;

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
    /// The frame dates, ascending (see [`crate::animate::frame_dates`]).
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
    /// Take each frame's pixels from `<date>.png` in this folder (frames
    /// drawn earlier, e.g. by several `--shard` runs) instead of drawing it.
    pub from_frames: Option<PathBuf>,
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
            from_frames: None,
        }
    }
}
