//! The outputs that take the whole sequence, in order: animated GIF, APNG,
//! video (through ffmpeg) and the HTML viewer. Frames arrive chunk by chunk
//! from the drawing workers and are written as they come; each output goes
//! to a temporary file beside its target, renamed into place only when the
//! sequence is complete (an interrupted run leaves none of them behind).

use super::Options;
use super::frames::{ChangeRow, FramePixels};
use super::html::HtmlWriter;
use super::palette::{Palette, UNCHANGED};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::render::MapRenderer;
use chrono::NaiveDate;
use resvg::tiny_skia::Pixmap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One finished frame on its way to the sequence outputs.
pub struct FrameOut {
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

/// A region of an APNG frame, RGBA, unchanged pixels transparent.
pub struct ApngFrame {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
    rgba: Vec<u8>,
}

impl FrameOut {
    /// Encodes the GIF and APNG frames against the previous frame's pixels:
    /// only the rectangle that changed, unchanged pixels in it transparent.
    pub fn encode_deltas(
        &mut self,
        prev: Option<&FramePixels>,
        palette: Option<&Palette>,
        apng: bool,
    ) -> Result<()> {
        let Some(px) = self.pixels.clone() else {
            return Ok(());
        };
        let cur = &px.rgba;
        let (w, h) = (cur.width() as usize, cur.height() as usize);
        let prev = prev.map(|p| &p.rgba);
        let rect = match prev {
            Some(p) => changed_rect(cur.data(), p.data(), w, h, 4),
            None => Some((0, 0, w, h)),
        };
        if let Some(palette) = palette {
            self.gif = Some(gif_frame(cur, prev, rect, palette));
        }
        if apng {
            self.apng = Some(apng_frame(cur, prev, rect));
        }
        Ok(())
    }
}

/// The smallest rectangle `(x, y, w, h)` holding every pixel where `a` and `b`
/// differ (`bpp` bytes a pixel), or `None` when they are equal.
fn changed_rect(
    a: &[u8],
    b: &[u8],
    w: usize,
    h: usize,
    bpp: usize,
) -> Option<(usize, usize, usize, usize)> {
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

type Rect = Option<(usize, usize, usize, usize)>;

/// A GIF frame: the whole first frame, then only the changed rectangle, with
/// unchanged pixels transparent (they compress to almost nothing).
fn gif_frame(
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

fn apng_frame(cur: &Pixmap, prev: Option<&Pixmap>, rect: Rect) -> ApngFrame {
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

/// A temporary file beside `path`, renamed onto it by [`Temp::persist`].
struct Temp {
    file: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Temp {
    fn new(path: &Path, suffix: &str) -> Result<Temp> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let file = tempfile::Builder::new()
            .prefix(".frontline-")
            .suffix(suffix)
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        Ok(Temp {
            file,
            path: path.to_path_buf(),
        })
    }

    fn writer(&self) -> Result<BufWriter<File>> {
        Ok(BufWriter::with_capacity(
            1 << 20,
            self.file.reopen().map_err(|e| Error::io(&self.path, e))?,
        ))
    }

    fn persist(self) -> Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = self
                .file
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        self.file
            .persist(&self.path)
            .map_err(|e| Error::io(&self.path, e.error))?;
        Ok(())
    }
}

/// The GIF output.
struct GifSink {
    temp: Temp,
    encoder: gif::Encoder<BufWriter<File>>,
    delay_cs: u16,
    hold_cs: u16,
}

/// The APNG output.
struct ApngSink {
    temp: Temp,
    /// Unbuffered: the PNG writer writes whole chunks, and every write error is seen.
    writer: png::Writer<File>,
    delay_ms: u16,
    hold_ms: u16,
}

/// Every sequence output of a run.
pub struct Sinks {
    total: usize,
    gif: Option<GifSink>,
    apng: Option<ApngSink>,
    video: Option<super::video::Video>,
    html: Option<HtmlWriter>,
}

fn gif_err(path: &Path) -> impl Fn(gif::EncodingError) -> Error + '_ {
    move |e| match e {
        gif::EncodingError::Io(io) => Error::io(path, io),
        e => Error::Render(format!("{}: GIF: {e}", path.display())),
    }
}

fn png_err(path: &Path) -> impl Fn(png::EncodingError) -> Error + '_ {
    move |e| match e {
        png::EncodingError::IoError(io) => Error::io(path, io),
        e => Error::Render(format!("{}: APNG: {e}", path.display())),
    }
}

impl Sinks {
    /// Opens the requested outputs (temporary files until [`Sinks::finish`]).
    pub fn open(
        options: &Options,
        dataset: &Dataset,
        renderer: &MapRenderer,
        (pw, ph): (u32, u32),
        palette: Option<&Palette>,
    ) -> Result<Sinks> {
        let total = options.dates.len();
        let gif = match (&options.gif, palette) {
            (Some(path), Some(palette)) => {
                if pw > u16::MAX as u32 || ph > u16::MAX as u32 {
                    return Err(Error::Usage(format!(
                        "a GIF is at most 65535 pixels wide and high, not {pw}×{ph}"
                    )));
                }
                let temp = Temp::new(path, ".gif")?;
                let mut encoder =
                    gif::Encoder::new(temp.writer()?, pw as u16, ph as u16, &palette.table())
                        .map_err(gif_err(path))?;
                encoder
                    .set_repeat(gif::Repeat::Infinite)
                    .map_err(gif_err(path))?;
                Some(GifSink {
                    temp,
                    encoder,
                    delay_cs: (options.delay_ms / 10).clamp(2, u16::MAX as u32) as u16,
                    hold_cs: (options.hold_ms / 10).clamp(2, u16::MAX as u32) as u16,
                })
            }
            _ => None,
        };
        let apng = match &options.apng {
            Some(path) => {
                let temp = Temp::new(path, ".png")?;
                let file = temp.file.reopen().map_err(|e| Error::io(path, e))?;
                let mut enc = png::Encoder::new(file, pw, ph);
                enc.set_color(png::ColorType::Rgba);
                enc.set_depth(png::BitDepth::Eight);
                enc.set_compression(png::Compression::Fast);
                enc.set_animated(total as u32, 0).map_err(png_err(path))?;
                let writer = enc.write_header().map_err(png_err(path))?;
                Some(ApngSink {
                    temp,
                    writer,
                    delay_ms: options.delay_ms.min(u16::MAX as u32) as u16,
                    hold_ms: options.hold_ms.min(u16::MAX as u32) as u16,
                })
            }
            None => None,
        };
        let video = match &options.mp4 {
            Some(path) => Some(super::video::Video::start(
                path,
                (pw, ph),
                options.delay_ms,
                options.hold_ms,
            )?),
            None => None,
        };
        let html = match &options.html {
            Some(path) => Some(HtmlWriter::start(path, dataset, renderer, options)?),
            None => None,
        };
        Ok(Sinks {
            total,
            gif,
            apng,
            video,
            html,
        })
    }

    /// Writes a chunk of frames, in order.
    pub fn write_chunk(&mut self, frames: Vec<FrameOut>) -> Result<()> {
        for mut f in frames {
            let last = f.index + 1 == self.total;
            if let (Some(g), Some(mut frame)) = (&mut self.gif, f.gif.take()) {
                frame.delay = if last { g.hold_cs } else { g.delay_cs };
                g.encoder
                    .write_lzw_pre_encoded_frame(&frame)
                    .map_err(gif_err(&g.temp.path))?;
            }
            if let (Some(a), Some(frame)) = (&mut self.apng, &f.apng) {
                let err = png_err(&a.temp.path);
                let first = f.index == 0;
                a.writer.reset_frame_position().map_err(&err)?;
                a.writer
                    .set_frame_dimension(frame.w, frame.h)
                    .map_err(&err)?;
                a.writer
                    .set_frame_position(frame.x, frame.y)
                    .map_err(&err)?;
                a.writer
                    .set_blend_op(if first {
                        png::BlendOp::Source
                    } else {
                        png::BlendOp::Over
                    })
                    .map_err(&err)?;
                a.writer
                    .set_dispose_op(png::DisposeOp::None)
                    .map_err(&err)?;
                a.writer
                    .set_frame_delay(if last { a.hold_ms } else { a.delay_ms }, 1000)
                    .map_err(&err)?;
                a.writer.write_image_data(&frame.rgba).map_err(&err)?;
            }
            if let (Some(v), Some(px)) = (&mut self.video, &f.pixels) {
                v.frame(&px.rgba, last)?;
            }
            if let Some(h) = &mut self.html {
                h.frame(&f)?;
            }
        }
        Ok(())
    }

    /// Completes every output and moves it into place.
    pub fn finish(self) -> Result<()> {
        if let Some(g) = self.gif {
            let path = g.temp.path.clone();
            let mut w = g.encoder.into_inner().map_err(gif_err(&path))?;
            w.flush().map_err(|e| Error::io(&path, e))?;
            drop(w);
            g.temp.persist()?;
        }
        if let Some(a) = self.apng {
            let path = a.temp.path.clone();
            a.writer.finish().map_err(png_err(&path))?;
            a.temp.persist()?;
        }
        if let Some(v) = self.video {
            v.finish()?;
        }
        if let Some(h) = self.html {
            h.finish()?;
        }
        Ok(())
    }
}
