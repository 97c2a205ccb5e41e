//! From SVG to PNG: resvg draws, the `png` crate encodes.
//!
//! The layers that do not change between dates (background, basemap) are
//! drawn once into a pixmap; each frame starts from a copy of it and only
//! the date's layers are parsed and drawn on top. Same SVG, same pixels.

use super::MapRenderer;
use super::text;
use crate::error::{Error, Result};
use crate::timeline::PlaceState;
use chrono::NaiveDate;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

/// Draws a renderer's maps to pixels, at `scale` device pixels per CSS pixel.
pub struct Rasterizer {
    options: usvg::Options<'static>,
    base: Pixmap,
    head: String,
    scale: f32,
}

impl Rasterizer {
    /// Draws the unchanging layers once.
    pub fn new(renderer: &MapRenderer, scale: f32) -> Result<Rasterizer> {
        if !(scale > 0.0 && scale <= 8.0) {
            return Err(Error::Usage(format!(
                "--scale {scale} must be more than 0 and at most 8"
            )));
        }
        let options = usvg_options();
        let (w, h) = renderer.size();
        let (pw, ph) = (
            (w as f32 * scale).round() as u32,
            (h as f32 * scale).round() as u32,
        );
        let mut base = Pixmap::new(pw, ph)
            .ok_or_else(|| Error::Render(format!("cannot allocate a {pw}×{ph} image")))?;
        let doc = format!("{}{}</svg>", renderer.head_svg(), renderer.base_svg());
        draw(&doc, &options, scale, &mut base)?;
        Ok(Rasterizer {
            options,
            base,
            head: renderer.head_svg().to_string(),
            scale,
        })
    }

    /// The map of `date` (with `states`, one per place) as pixels.
    pub fn pixmap(
        &self,
        renderer: &MapRenderer,
        date: NaiveDate,
        states: &[PlaceState],
    ) -> Result<Pixmap> {
        let mut frame = self.base.clone();
        let doc = format!("{}{}</svg>", self.head, renderer.dynamic_svg(date, states));
        draw(&doc, &self.options, self.scale, &mut frame)?;
        Ok(frame)
    }

    /// The map of `date` as PNG bytes.
    pub fn png(
        &self,
        renderer: &MapRenderer,
        date: NaiveDate,
        states: &[PlaceState],
    ) -> Result<Vec<u8>> {
        encode_png(&self.pixmap(renderer, date, states)?)
    }
}

/// usvg options with the embedded fonts only.
pub fn usvg_options() -> usvg::Options<'static> {
    let mut options = usvg::Options {
        font_family: text::FAMILY.to_string(),
        fontdb: text::fontdb(),
        ..usvg::Options::default()
    };
    options.languages = vec!["en".to_string()];
    options
}

/// Parses an SVG document and draws it over `pixmap`.
pub fn draw(svg: &str, options: &usvg::Options, scale: f32, pixmap: &mut Pixmap) -> Result<()> {
    let tree = usvg::Tree::from_str(svg, options)
        .map_err(|e| Error::Render(format!("internal SVG error: {e}")))?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(())
}

/// Encodes an opaque pixmap as an 8-bit RGB PNG, fast compression.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for px in pixmap.data().chunks_exact(4) {
        rgb.extend_from_slice(&px[..3]);
    }
    let mut out = Vec::with_capacity(rgb.len() / 6);
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc
            .write_header()
            .map_err(|e| Error::Render(format!("PNG: {e}")))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| Error::Render(format!("PNG: {e}")))?;
        writer
            .finish()
            .map_err(|e| Error::Render(format!("PNG: {e}")))?;
    }
    Ok(out)
}
