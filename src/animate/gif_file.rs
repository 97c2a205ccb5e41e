//! `--gif`: an animated GIF with one fixed palette ([`Palette`]). Each frame
//! after the first is only the rectangle that changed, unchanged pixels in
//! it transparent; frames are encoded in parallel by the pipeline
//! ([`encode_frame`]) and written here in order.

use super::frame::{FrameOut, Output, Rect};
use super::options::Options;
use super::palette::{self, Palette, UNCHANGED};
use crate::error::{Error, Result};
use crate::output::AtomicFile;
use crate::render::{MapRenderer, Rasterizer};
use crate::timeline::Timeline;
use chrono::NaiveDate;
use rayon::prelude::*;
use resvg::tiny_skia::Pixmap;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The GIF being written.
pub(crate) struct Gif {
    encoder: gif::Encoder<AtomicFile>,
    path: PathBuf,
    total: usize,
    delay_cs: u16,
    hold_cs: u16,
}

impl Gif {
    /// Starts the file: header, palette, loop forever.
    pub fn open(
        path: &Path,
        options: &Options,
        (pw, ph): (u32, u32),
        palette: &Palette,
    ) -> Result<Gif> {
        if pw > u16::MAX as u32 || ph > u16::MAX as u32 {
            return Err(Error::Usage(format!(
                "a GIF is at most 65535 pixels wide and high, not {pw}×{ph}"
            )));
        }
        let file = AtomicFile::with_capacity(path, 1 << 20)?;
        let mut encoder = gif::Encoder::new(file, pw as u16, ph as u16, &palette.table())
            .map_err(gif_err(path))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(gif_err(path))?;
        Ok(Gif {
            encoder,
            path: path.to_path_buf(),
            total: options.dates.len(),
            delay_cs: (options.delay_ms / 10).clamp(2, u16::MAX as u32) as u16,
            hold_cs: (options.hold_ms / 10).clamp(2, u16::MAX as u32) as u16,
        })
    }
}

impl Output for Gif {
    fn frame(&mut self, f: &FrameOut) -> Result<()> {
        let Some(frame) = &f.gif else {
            return Ok(());
        };
        let last = f.index + 1 == self.total;
        // The encoded frame, borrowed, with its delay.
        let frame = gif::Frame {
            delay: if last { self.hold_cs } else { self.delay_cs },
            dispose: frame.dispose,
            transparent: frame.transparent,
            needs_user_input: frame.needs_user_input,
            top: frame.top,
            left: frame.left,
            width: frame.width,
            height: frame.height,
            interlaced: frame.interlaced,
            palette: frame.palette.clone(),
            buffer: Cow::Borrowed(&frame.buffer),
        };
        self.encoder
            .write_lzw_pre_encoded_frame(&frame)
            .map_err(gif_err(&self.path))
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let file = self.encoder.into_inner().map_err(gif_err(&self.path))?;
        file.commit()
    }
}

fn gif_err(path: &Path) -> impl Fn(gif::EncodingError) -> Error + '_ {
    move |e| match e {
        gif::EncodingError::Io(io) => Error::io(path, io),
        e => Error::Render(format!("{}: GIF: {e}", path.display())),
    }
}

/// A GIF frame: the whole first frame, then only the changed rectangle, with
/// unchanged pixels transparent (they compress to almost nothing).
pub(crate) fn encode_frame(
    cur: &Pixmap,
    prev: Option<&Pixmap>,
    rect: Rect,
    palette: &Palette,
) -> gif::Frame<'static> {
    let w = cur.width() as usize;
    let mut frame = match (prev, rect) {
        (None, _) => gif::Frame::from_indexed_pixels(
            cur.width() as u16,
            cur.height() as u16,
            palette.map(cur),
            None,
        ),
        (Some(_), None) => gif::Frame::from_indexed_pixels(1, 1, vec![UNCHANGED], Some(UNCHANGED)),
        (Some(prev), Some((x, y, rw, rh))) => {
            let (c, p) = (cur.data(), prev.data());
            let mut buf = Vec::with_capacity(rw * rh);
            let mut last = [0u8; 3];
            let mut last_i = palette.index(0, 0, 0);
            for row in y..y + rh {
                let s = (row * w + x) * 4;
                let cr = &c[s..s + rw * 4];
                let pr = &p[s..s + rw * 4];
                if cr == pr {
                    buf.resize(buf.len() + rw, UNCHANGED);
                    continue;
                }
                for (cp, pp) in cr.chunks_exact(4).zip(pr.chunks_exact(4)) {
                    if cp == pp {
                        buf.push(UNCHANGED);
                    } else {
                        let rgb = [cp[0], cp[1], cp[2]];
                        if rgb != last {
                            last = rgb;
                            last_i = palette.index(rgb[0], rgb[1], rgb[2]);
                        }
                        buf.push(last_i);
                    }
                }
            }
            let mut f = gif::Frame::from_indexed_pixels(rw as u16, rh as u16, buf, Some(UNCHANGED));
            f.left = x as u16;
            f.top = y as u16;
            f
        }
    };
    frame.dispose = gif::DisposalMethod::Keep;
    frame.make_lzw_pre_encoded();
    frame
}

/// The GIF palette: the SVG's colours exactly, then the blends seen in a few
/// sample frames (first, middle and last).
pub(crate) fn build_palette(
    renderer: &MapRenderer,
    timeline: &Timeline,
    raster: &Rasterizer,
    dates: &[NaiveDate],
    from_frames: Option<&Path>,
) -> Result<Palette> {
    let mut exact = Vec::new();
    palette::svg_colours(renderer.head_svg(), &mut exact);
    palette::svg_colours(renderer.base_svg(), &mut exact);
    let mut picks = vec![0, dates.len() / 2, dates.len().saturating_sub(1)];
    picks.dedup();
    // The sample frames: drawn, or read where they were drawn before (the
    // same pixels, so the same palette as a run that draws them).
    let samples: Vec<Pixmap> = picks
        .par_iter()
        .map(|&i| match from_frames {
            Some(dir) => {
                super::files::read_png(&super::frame_path(dir, dates[i], "png"), raster.size())
            }
            None => raster.pixmap(renderer, dates[i], &timeline.states_on(dates[i])),
        })
        .collect::<Result<_>>()?;
    for &i in &picks {
        let states = timeline.states_on(dates[i]);
        palette::svg_colours(&renderer.dynamic_svg(dates[i], &states), &mut exact);
    }
    let refs: Vec<&Pixmap> = samples.iter().collect();
    Ok(Palette::build(&exact, &refs))
}
