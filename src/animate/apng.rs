//! `--apng`: an animated PNG. Each frame after the first is only the
//! rectangle that changed, unchanged pixels in it transparent and blended
//! over the frame before; frames are encoded in parallel by the pipeline
//! ([`encode_frame`]) and written here in order.

use super::frame::{ApngFrame, FrameOut, Output, Rect};
use super::options::Options;
use crate::error::{Error, Result};
use crate::output::AtomicFile;
use resvg::tiny_skia::Pixmap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The APNG being written.
pub(crate) struct Apng {
    /// The encoder. It drops its writer when finished, so it writes through
    /// a second handle on the file, unbuffered: it writes whole chunks, and
    /// every write error is seen.
    writer: png::Writer<File>,
    /// The file, committed once the encoder is finished.
    file: AtomicFile,
    path: PathBuf,
    total: usize,
    delay_ms: u16,
    hold_ms: u16,
}

impl Apng {
    /// Starts the file: the header, for `options.dates.len()` frames.
    pub fn open(path: &Path, options: &Options, (pw, ph): (u32, u32)) -> Result<Apng> {
        let total = options.dates.len();
        let file = AtomicFile::with_capacity(path, 0)?;
        let mut enc = png::Encoder::new(file.handle()?, pw, ph);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        enc.set_animated(total as u32, 0).map_err(png_err(path))?;
        let writer = enc.write_header().map_err(png_err(path))?;
        Ok(Apng {
            writer,
            file,
            path: path.to_path_buf(),
            total,
            delay_ms: options.delay_ms.min(u16::MAX as u32) as u16,
            hold_ms: options.hold_ms.min(u16::MAX as u32) as u16,
        })
    }
}

impl Output for Apng {
    fn frame(&mut self, f: &FrameOut) -> Result<()> {
        let Some(frame) = &f.apng else {
            return Ok(());
        };
        let err = png_err(&self.path);
        let first = f.index == 0;
        let last = f.index + 1 == self.total;
        let w = &mut self.writer;
        w.reset_frame_position().map_err(&err)?;
        w.set_frame_dimension(frame.w, frame.h).map_err(&err)?;
        w.set_frame_position(frame.x, frame.y).map_err(&err)?;
        w.set_blend_op(if first {
            png::BlendOp::Source
        } else {
            png::BlendOp::Over
        })
        .map_err(&err)?;
        w.set_dispose_op(png::DisposeOp::None).map_err(&err)?;
        w.set_frame_delay(if last { self.hold_ms } else { self.delay_ms }, 1000)
            .map_err(&err)?;
        w.write_image_data(&frame.rgba).map_err(&err)
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.writer.finish().map_err(png_err(&self.path))?;
        self.file.commit()
    }
}

fn png_err(path: &Path) -> impl Fn(png::EncodingError) -> Error + '_ {
    move |e| match e {
        png::EncodingError::IoError(io) => Error::io(path, io),
        e => Error::Render(format!("{}: APNG: {e}", path.display())),
    }
}

/// An APNG frame: the whole first frame, then only the changed rectangle,
/// with unchanged pixels transparent.
pub(crate) fn encode_frame(cur: &Pixmap, prev: Option<&Pixmap>, rect: Rect) -> ApngFrame {
    let w = cur.width() as usize;
    let data = cur.data();
    match (prev, rect) {
        (None, _) => ApngFrame {
            x: 0,
            y: 0,
            w: cur.width(),
            h: cur.height(),
            rgba: data.to_vec(),
        },
        (Some(_), None) => ApngFrame {
            x: 0,
            y: 0,
            w: 1,
            h: 1,
            rgba: vec![0; 4],
        },
        (Some(p), Some((x, y, rw, rh))) => {
            let pd = p.data();
            let mut rgba = Vec::with_capacity(rw * rh * 4);
            for row in y..y + rh {
                let s = (row * w + x) * 4;
                let c = &data[s..s + rw * 4];
                let q = &pd[s..s + rw * 4];
                if c == q {
                    rgba.resize(rgba.len() + rw * 4, 0);
                    continue;
                }
                for (cp, pp) in c.chunks_exact(4).zip(q.chunks_exact(4)) {
                    if cp == pp {
                        rgba.extend_from_slice(&[0, 0, 0, 0]);
                    } else {
                        rgba.extend_from_slice(cp);
                    }
                }
            }
            ApngFrame {
                x: x as u32,
                y: y as u32,
                w: rw as u32,
                h: rh as u32,
                rgba,
            }
        }
    }
}
