//! What the drawing hands to the outputs: a finished frame, and the
//! [`Output`] trait every sequence output implements. A leaf: it imports no
//! output, so outputs and the pipeline both depend on it and not on each other.

use crate::dataset::PlaceIndex;
use crate::error::Result;
use crate::timeline::PlaceState;
use chrono::NaiveDate;
use resvg::tiny_skia::Pixmap;
use std::sync::Arc;

/// An output that takes the whole sequence (GIF, APNG, video, HTML): given
/// every frame in order, then finished.
///
/// It writes to a temporary file until [`Output::finish`] moves it into
/// place; dropped unfinished (an error, Ctrl-C), it leaves nothing behind.
pub(crate) trait Output: Send {
    /// Adds the next frame.
    fn frame(&mut self, frame: &FrameOut) -> Result<()>;

    /// Completes the output and moves it into place.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// One finished frame on its way to the sequence outputs.
pub(crate) struct FrameOut {
    /// Position in the sequence.
    pub index: usize,
    /// The frame's date.
    pub date: NaiveDate,
    /// Its dynamic SVG layers (for the HTML viewer).
    pub dynamic: Option<String>,
    /// The places that changed since the previous frame (for the HTML viewer).
    pub changes: Vec<ChangeRow>,
    /// Its pixels (GIF, APNG, video).
    pub pixels: Option<Arc<FramePixels>>,
    /// The GIF frame, LZW-encoded: the area that differs from the previous frame.
    pub gif: Option<gif::Frame<'static>>,
    /// The APNG frame: the area that differs from the previous frame.
    pub apng: Option<ApngFrame>,
    /// Its file was written.
    pub written: bool,
    /// Its file was already complete and left alone (`--resume`).
    pub kept: bool,
}

/// One net change of a place between the previous frame and this one.
#[derive(Debug, Clone)]
pub(crate) struct ChangeRow {
    /// The place.
    pub place: PlaceIndex,
    /// Its state on the previous frame's date (for the first frame: the day before).
    pub from: PlaceState,
    /// Its state on this frame's date.
    pub to: PlaceState,
    /// The date of its last change, and the event that explains it.
    pub date: NaiveDate,
    /// The event (index into `Dataset::events`).
    pub event: u32,
}

/// A frame's pixels, as needed by the streams after it (GIF, APNG, video).
pub(crate) struct FramePixels {
    /// RGBA, premultiplied (opaque, so plain).
    pub rgba: Pixmap,
}

/// A region of an APNG frame, RGBA, unchanged pixels transparent.
pub(crate) struct ApngFrame {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    pub rgba: Vec<u8>,
}

/// A rectangle `(x, y, w, h)` of a frame, `None` when nothing changed.
pub(crate) type Rect = Option<(usize, usize, usize, usize)>;

/// The smallest rectangle `(x, y, w, h)` holding every pixel where `a` and `b`
/// differ (`bpp` bytes a pixel), or `None` when they are equal.
pub(crate) fn changed_rect(a: &[u8], b: &[u8], w: usize, h: usize, bpp: usize) -> Rect {
    let row = w * bpp;
    let differs = |y: usize| a[y * row..(y + 1) * row] != b[y * row..(y + 1) * row];
    let top = (0..h).find(|&y| differs(y))?;
    let bottom = (top..h).rev().find(|&y| differs(y)).unwrap_or(top);
    let (mut left, mut right) = (w, 0);
    for y in top..=bottom {
        let ra = &a[y * row..(y + 1) * row];
        let rb = &b[y * row..(y + 1) * row];
        if ra == rb {
            continue;
        }
        if let Some(x) =
            (0..left).find(|&x| ra[x * bpp..(x + 1) * bpp] != rb[x * bpp..(x + 1) * bpp])
        {
            left = x;
        }
        if let Some(x) = (right..w)
            .rev()
            .find(|&x| ra[x * bpp..(x + 1) * bpp] != rb[x * bpp..(x + 1) * bpp])
        {
            right = x;
        }
    }
    if left > right {
        // Only possible if every differing row differed left of `left`... keep it safe.
        left = 0;
        right = w - 1;
    }
    Some((left, top, right - left + 1, bottom - top + 1))
}
