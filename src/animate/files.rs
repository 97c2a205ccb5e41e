//! Frame files: one PNG or SVG per date in `--out-dir`, named by the date.
//! Unlike the sequence outputs they need no order, so the drawing workers
//! write them as each frame is drawn, in parallel; `--resume` keeps those
//! already complete.

use super::options::{FrameFormat, Options};
use crate::error::Result;
use crate::output::write_bytes;
use crate::render::MapRenderer;
use crate::render::raster::encode_png;
use chrono::NaiveDate;
use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};

/// Where frame files go, and how.
pub(crate) struct FrameFiles {
    dir: PathBuf,
    ext: &'static str,
    /// `--resume`: files already complete are kept.
    resume: bool,
}

impl FrameFiles {
    /// The frame files the options ask for, if any.
    pub fn new(options: &Options) -> Option<FrameFiles> {
        let dir = options.out_dir.clone()?;
        Some(FrameFiles {
            dir,
            ext: match options.format {
                FrameFormat::Svg => "svg",
                FrameFormat::Png => "png",
            },
            resume: options.resume,
        })
    }

    /// Whether the files are SVG documents (else PNG images).
    pub fn svg(&self) -> bool {
        self.ext == "svg"
    }

    /// The file to write for `date`, or `None` when `--resume` finds it
    /// already complete.
    pub fn to_write(&self, date: NaiveDate) -> Option<PathBuf> {
        let path = frame_path(&self.dir, date, self.ext);
        let kept = self.resume && is_complete(&path, self.ext);
        (!kept).then_some(path)
    }

    /// Writes a PNG frame.
    pub fn write_png(&self, path: &Path, pixmap: &Pixmap) -> Result<()> {
        write_bytes(path, &encode_png(pixmap)?)
    }

    /// Writes an SVG frame: the renderer's head and basemap, then the frame's
    /// dynamic layers.
    pub fn write_svg(&self, path: &Path, renderer: &MapRenderer, dynamic: &str) -> Result<()> {
        let mut doc = String::with_capacity(
            renderer.head_svg().len() + renderer.base_svg().len() + dynamic.len() + 8,
        );
        doc.push_str(renderer.head_svg());
        doc.push_str(renderer.base_svg());
        doc.push_str(dynamic);
        doc.push_str("</svg>\n");
        write_bytes(path, doc.as_bytes())
    }
}

/// Reads a PNG frame file drawn earlier (`animate --from-frames`: frames of
/// several shards joined), which must be `size` device pixels.
pub(crate) fn read_png(path: &Path, size: (u32, u32)) -> Result<Pixmap> {
    use crate::error::Error;
    let bad = |what: String| Error::Render(format!("{}: {what}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => bad(
            "no such frame file (were all the shards drawn into this folder, with the same --from, --to and --step?)".into(),
        ),
        _ => Error::io(path, e),
    })?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| bad(format!("not a PNG frame: {e}")))?;
    let (w, h) = (reader.info().width, reader.info().height);
    if (w, h) != size {
        return Err(bad(format!(
            "the frame is {w}×{h} pixels and this map {}×{}: join frames with the --width, --height and --scale they were drawn with",
            size.0, size.1
        )));
    }
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| bad(format!("cannot read the PNG: {e}")))?;
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| bad("cannot allocate the frame".into()))?;
    let channels = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => return Err(bad(format!("a {other:?} PNG is not a frame (RGB or RGBA)"))),
    };
    // tiny-skia keeps premultiplied pixels; frames are opaque, where the two agree.
    for (px, p) in pixmap
        .data_mut()
        .chunks_exact_mut(4)
        .zip(buf.chunks_exact(channels))
    {
        let a = p.get(3).copied().unwrap_or(255);
        let mul = |c: u8| ((u16::from(c) * u16::from(a) + 127) / 255) as u8;
        px.copy_from_slice(&[mul(p[0]), mul(p[1]), mul(p[2]), a]);
    }
    Ok(pixmap)
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
