//! Labels drawn from cached glyph coverage instead of a parsed SVG
//! document: shaped by harfrust (as usvg shapes them), each glyph's letter
//! and halo rasterised once per size and quarter-pixel offset (the way
//! font rasterisers cache glyphs), and a label put together from them.
//!
//! Why: a map shows hundreds of distinct labels and an animation adds more
//! on every frame. Through usvg each one paid for an SVG parse, a new
//! shaper (its caches rebuilt for every text), the halo's stroking and two
//! anti-aliased fills: about 2 million instructions a label, a quarter of a
//! short animation's work. From cached glyphs it costs the shaping and one
//! pass over the label's pixels.
//! Only text whose layout is plain (one left-to-right run, every character
//! in the embedded fonts, nothing the SVG text engine would rewrite) takes
//! this way; anything else goes through usvg as before.

use super::draw::poisoned;
use super::sprites::alpha;
use crate::dataset::Color;
use crate::error::{Error, Result};
use crate::render::scene::{Anchor, TextStyle};
use crate::render::text;
use harfrust::{Direction, ShapeOptions, ShaperData, UnicodeBuffer};
use resvg::tiny_skia::{FillRule, LineJoin, Mask, Path, PathBuilder, Pixmap, Stroke, Transform};
use rustc_hash::FxHashMap;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use std::sync::{Arc, Mutex};

/// One glyph's coverage at one size and quarter-pixel offset: where its
/// top-left pixel lands from the pixel its origin falls in, and its alpha.
struct Coverage {
    x0: i32,
    y0: i32,
    width: usize,
    alpha: Vec<u8>,
}

/// A glyph's letter and halo coverage.
struct GlyphCoverage {
    fill: Option<Coverage>,
    halo: Option<Coverage>,
}

/// What decides a glyph's coverage: bold, glyph id, size and halo width
/// (hundredths of a pixel), and the quarter pixel its origin falls on.
type GlyphKey = (bool, u32, u32, u32, u8, u8);

/// One embedded font and its shaping tables, read once.
struct Face {
    data: &'static [u8],
    font: harfrust::FontRef<'static>,
    shaper: ShaperData,
    upem: f32,
}

/// The embedded fonts' shapers and the glyphs drawn so far, for one device
/// scale.
pub(super) struct Glyphs {
    scale: f32,
    faces: Vec<Face>,
    cache: Mutex<FxHashMap<GlyphKey, Arc<GlyphCoverage>>>,
}

impl Glyphs {
    /// Shapers for the embedded fonts, for a canvas drawn at `scale`.
    pub fn new(scale: f32) -> Result<Glyphs> {
        let faces = text::font_data()
            .into_iter()
            .map(|data| {
                let font = harfrust::FontRef::new(data)
                    .map_err(|e| Error::Render(format!("embedded font: {e}")))?;
                let upem = skrifa::FontRef::new(data)
                    .map(|f| {
                        f.metrics(Size::unscaled(), LocationRef::default())
                            .units_per_em as f32
                    })
                    .unwrap_or(2048.0);
                Ok(Face {
                    data,
                    shaper: ShaperData::new(&font),
                    font,
                    upem,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Glyphs {
            scale,
            faces,
            cache: Mutex::new(FxHashMap::default()),
        })
    }

    /// Draws `text` in `style` into a new `w`×`h` pixmap, laid out as usvg
    /// lays out `<text>` whose anchor point lands on device pixel `origin`
    /// (anchor, letter spacing, kerning), each glyph within an eighth of a
    /// pixel of where usvg puts it. `None` when the text is not plain (see
    /// [`is_plain`]) or its halo is thinner than a device pixel (tiny-skia
    /// draws those as hairlines): usvg draws it then.
    pub fn draw(
        &self,
        text: &str,
        style: &TextStyle,
        (w, h): (u32, u32),
        origin: (f32, f32),
    ) -> Result<Option<Pixmap>> {
        let halo_px = style.halo_px() as f32;
        if !is_plain(text) || (style.halo > 0 && halo_px * self.scale < 1.0) {
            return Ok(None);
        }
        let face = &self.faces[style.bold as usize];
        let unit = style.size_px() as f32 / face.upem;
        let Some(at) = shape(face, unit, text, style) else {
            return Ok(None);
        };
        let (w, h) = (w.max(1) as usize, h.max(1) as usize);
        let mut fill = vec![0u8; w * h];
        let mut halo = vec![0u8; w * h];
        // A device coordinate as its whole pixel and its quarter.
        let quarter = |v: f32| {
            let q = (v * 4.0).round() as i32;
            (q.div_euclid(4), q.rem_euclid(4) as u8)
        };
        for (id, x, y) in at {
            let (ix, qx) = quarter(origin.0 + x * self.scale);
            let (iy, qy) = quarter(origin.1 + y * self.scale);
            let key = (style.bold, id, style.size, style.halo, qx, qy);
            let glyph = self.glyph(face, key, unit)?;
            if let Some(c) = &glyph.halo {
                c.add_to(&mut halo, w, (ix, iy));
            }
            if let Some(c) = &glyph.fill {
                c.add_to(&mut fill, w, (ix, iy));
            }
        }
        let color = Color::parse(style.fill).unwrap_or(Color::hex("#000000"));
        let opacity = alpha(style.opacity) as u32;
        let mut pixmap = Pixmap::new(w as u32, h as u32)
            .ok_or_else(|| Error::Render("cannot allocate a sprite".into()))?;
        // The halo in white, then the letters over it (`paint-order="stroke"`),
        // premultiplied.
        for ((px, &hc), &fc) in pixmap.data_mut().chunks_exact_mut(4).zip(&halo).zip(&fill) {
            if hc == 0 && fc == 0 {
                continue;
            }
            let f = fc as u32 * opacity / 255;
            let under = hc as u32 * (255 - f) / 255;
            for (c, &v) in px[..3].iter_mut().zip(&color.rgb) {
                *c = ((v as u32 * f + 127) / 255 + under) as u8;
            }
            px[3] = (f + under) as u8;
        }
        Ok(Some(pixmap))
    }

    /// A glyph's coverage, drawn the first time it is asked for.
    fn glyph(&self, face: &Face, key: GlyphKey, unit: f32) -> Result<Arc<GlyphCoverage>> {
        if let Some(g) = self.cache.lock().map_err(|_| poisoned())?.get(&key) {
            return Ok(g.clone());
        }
        let (_, id, _, halo, qx, qy) = key;
        let s = self.scale;
        // The outline in CSS pixels, y down, as usvg places it.
        let fill =
            outline(face.data, id).and_then(|p| p.transform(Transform::from_scale(unit, -unit)));
        let halo = (halo > 0)
            .then(|| {
                let stroke = Stroke {
                    width: halo as f32 / 100.0,
                    line_join: LineJoin::Round,
                    ..Stroke::default()
                };
                fill.as_ref()?.stroke(&stroke, s)
            })
            .flatten();
        let at = Transform::from_row(s, 0.0, 0.0, s, qx as f32 / 4.0, qy as f32 / 4.0);
        let glyph = Arc::new(GlyphCoverage {
            fill: fill.and_then(|p| Coverage::of(&p, at)),
            halo: halo.and_then(|p| Coverage::of(&p, at)),
        });
        self.cache
            .lock()
            .map_err(|_| poisoned())?
            .insert(key, glyph.clone());
        Ok(glyph)
    }
}

/// Each glyph of `text` and its pen position in CSS pixels from the
/// anchor point (`unit`: pixels per font unit); `None` when the fonts lack a character (usvg would look
/// for a fallback font).
fn shape(face: &Face, unit: f32, text: &str, style: &TextStyle) -> Option<Vec<(u32, f32, f32)>> {
    let shaper = face.shaper.shaper(&face.font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::LeftToRight);
    buffer.guess_segment_properties();
    let shaped = shaper.shape(buffer, ShapeOptions::new());
    let (infos, positions) = (shaped.glyph_infos(), shaped.glyph_positions());
    if infos.is_empty() || infos.iter().any(|g| g.glyph_id == 0) {
        return None;
    }
    let spacing = style.spacing as f32 / 100.0;
    let clusters = 1 + infos
        .windows(2)
        .filter(|w| w[0].cluster != w[1].cluster)
        .count();
    // Letter spacing follows every cluster but the last (as usvg does:
    // it would widen the anchored box).
    let mut at = Vec::with_capacity(infos.len());
    let (mut pen, mut cluster) = (0.0f32, 0);
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        at.push((
            info.glyph_id,
            pen + pos.x_offset as f32 * unit,
            -(pos.y_offset as f32) * unit,
        ));
        pen += pos.x_advance as f32 * unit;
        if infos
            .get(i + 1)
            .is_none_or(|next| next.cluster != info.cluster)
        {
            cluster += 1;
            if cluster < clusters {
                pen += spacing;
            }
        }
    }
    let shift = match style.anchor {
        Anchor::Start => 0.0,
        Anchor::Middle => -pen / 2.0,
        Anchor::End => -pen,
    };
    Some(
        at.into_iter()
            .map(|(id, x, y)| (id, x + shift, y))
            .collect(),
    )
}

impl Coverage {
    /// The anti-aliased coverage of `path` drawn with `at` (nonzero rule).
    fn of(path: &Path, at: Transform) -> Option<Coverage> {
        let b = path.clone().transform(at)?.bounds();
        let (x0, y0) = (b.left().floor() as i32 - 1, b.top().floor() as i32 - 1);
        let (x1, y1) = (b.right().ceil() as i32 + 1, b.bottom().ceil() as i32 + 1);
        let mut mask = Mask::new((x1 - x0) as u32, (y1 - y0) as u32)?;
        mask.fill_path(
            path,
            FillRule::Winding,
            true,
            at.post_translate(-x0 as f32, -y0 as f32),
        );
        Some(Coverage {
            x0,
            y0,
            width: (x1 - x0) as usize,
            alpha: mask.data().to_vec(),
        })
    }

    /// Unites this coverage, its origin at device pixel `at`, with `out`
    /// (`stride` pixels a row): where two glyphs' edges overlap, the union
    /// of two independent coverages.
    fn add_to(&self, out: &mut [u8], stride: usize, at: (i32, i32)) {
        let rows = out.len() / stride;
        for (dy, row) in self.alpha.chunks_exact(self.width).enumerate() {
            let y = at.1 + self.y0 + dy as i32;
            if y < 0 || y as usize >= rows {
                continue;
            }
            let x = at.0 + self.x0;
            let line = &mut out[y as usize * stride..(y as usize + 1) * stride];
            for (dx, &a) in row.iter().enumerate() {
                let xi = x + dx as i32;
                if a == 0 || xi < 0 || xi as usize >= stride {
                    continue;
                }
                let o = &mut line[xi as usize];
                *o = (*o as u32 + a as u32 - (*o as u32 * a as u32 + 127) / 255) as u8;
            }
        }
    }
}

/// Whether usvg would lay `text` out as one plain left-to-right run that
/// this module reproduces: printable characters below the Hebrew block
/// (Latin, Greek, Cyrillic, Armenian and their marks), Latin Extended
/// Additional and general punctuation, with no white space that SVG's
/// white-space rules would collapse or trim.
pub(super) fn is_plain(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text.chars().all(|c| {
            matches!(c, ' '..='~' | '\u{a0}'..='\u{58f}' | '\u{1e00}'..='\u{1eff}' | '\u{2010}'..='\u{2027}')
        })
}

/// A glyph's outline in font units (y up), as usvg reads it.
fn outline(data: &[u8], id: u32) -> Option<Path> {
    let font = skrifa::FontRef::new(data).ok()?;
    let glyph = font.outline_glyphs().get(id.into())?;
    let mut pen = Pen(PathBuilder::new());
    glyph
        .draw(
            DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
            &mut pen,
        )
        .ok()?;
    pen.0.finish()
}

/// Collects an outline into a path.
struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}
