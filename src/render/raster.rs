//! From the scene to pixels: resvg draws, the `png` crate encodes.
//!
//! Three things make frames cheap without changing a pixel of what resvg
//! would draw from the same SVG:
//! - the layers that do not depend on the date (background, basemap) are
//!   drawn once, and every frame starts from a copy of them;
//! - markers and texts, which a map repeats by the thousand, are drawn once
//!   per look (a *sprite*, cached) and stamped where they go; their positions
//!   are on a quarter-pixel grid (markers) or whole pixels (texts), in the
//!   SVG too, so stamping lands exactly where in-place drawing would;
//! - everything else of the date (areas, legend box, scale bar) is parsed
//!   and drawn by resvg in a few batches.
//!
//! A `Rasterizer` can be shared by threads: the sprite caches are behind locks.

use super::MapRenderer;
use super::scene::{Anchor, AreaItem, Item, MarkerItem, MarkerStyle, TextItem, TextStyle};
use super::text::{self, Metrics};
use crate::error::{Error, Result};
use crate::timeline::PlaceState;
use chrono::NaiveDate;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What decides an area sprite: the area's look and where its corner is.
type AreaKey = (
    (u32, crate::timeline::Status, Option<u32>, Option<u32>),
    i32,
    i32,
);

/// A small drawing and the point of it that goes where it is stamped.
struct Sprite {
    pixmap: Option<Pixmap>,
    /// The sprite pixel that lands on the target point.
    origin: (i32, i32),
    /// The visible pixels as row spans (row, first, end, opaque): opaque
    /// spans are copied whole, the others blended pixel by pixel.
    spans: Vec<(u32, u32, u32, bool)>,
}

impl Sprite {
    fn new(pixmap: Option<Pixmap>, origin: (i32, i32)) -> Sprite {
        let mut spans = Vec::new();
        if let Some(p) = &pixmap {
            let w = p.width() as usize;
            for (y, row) in p.data().chunks_exact(w * 4).enumerate() {
                let mut x = 0;
                while x < w {
                    let a = row[x * 4 + 3];
                    let start = x;
                    while x < w
                        && (row[x * 4 + 3] == 255) == (a == 255)
                        && (row[x * 4 + 3] == 0) == (a == 0)
                    {
                        x += 1;
                    }
                    if a != 0 {
                        spans.push((y as u32, start as u32, x as u32, a == 255));
                    }
                }
            }
        }
        Sprite {
            pixmap,
            origin,
            spans,
        }
    }
}

/// Draws a renderer's maps to pixels, at `scale` device pixels per CSS pixel.
pub struct Rasterizer {
    options: usvg::Options<'static>,
    base: Pixmap,
    head: String,
    /// The map area in device pixels (x0, y0, x1, y1): places are clipped to it.
    map: (i32, i32, i32, i32),
    scale: f32,
    markers: SpriteCache<(MarkerStyle, u8, u8)>,
    areas: SpriteCache<AreaKey>,
    texts: SpriteCache<(TextStyle, String, u8, u8)>,
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
        // The bands over the map's edges belong to the base: every frame's
        // places are clipped to the map instead of drawn over and covered.
        let doc = format!(
            "{}{}{}{}</svg>",
            renderer.head_svg(),
            renderer.base_svg(),
            super::legend::title_band(renderer),
            super::legend::footer_band(renderer)
        );
        draw(&doc, &options, scale, &mut base)?;
        Ok(Rasterizer {
            options,
            base,
            head: renderer.head_svg().to_string(),
            map: {
                let m = renderer.layout.map;
                let s = scale as f64;
                (
                    (m.x * s).floor() as i32,
                    (m.y * s).floor() as i32,
                    ((m.x + m.w) * s).ceil() as i32,
                    ((m.y + m.h) * s).ceil() as i32,
                )
            },
            scale,
            markers: SpriteCache::default(),
            areas: SpriteCache::default(),
            texts: SpriteCache::default(),
        })
    }

    /// The map of `date` (with `states`, one per place) as pixels.
    pub fn pixmap(
        &self,
        renderer: &MapRenderer,
        date: NaiveDate,
        states: &[PlaceState],
    ) -> Result<Pixmap> {
        let scene = renderer.scene(date, states, false);
        let mut frame = self.base.clone();
        let mut pending = String::new();
        for item in &scene.items {
            match item {
                Item::Raw(svg) => pending.push_str(svg),
                Item::Open(_) | Item::Close | Item::Band(_) => {}
                Item::Text(t) => {
                    self.flush(&mut pending, &mut frame)?;
                    self.stamp_text(t, &mut frame)?;
                }
                Item::Area(area) => {
                    self.flush(&mut pending, &mut frame)?;
                    self.stamp_area(area, &mut frame)?;
                }
                Item::Marker(m) => {
                    self.flush(&mut pending, &mut frame)?;
                    self.stamp_marker(m, &mut frame)?;
                }
            }
        }
        self.flush(&mut pending, &mut frame)?;
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

    /// Draws the SVG fragments gathered so far.
    fn flush(&self, pending: &mut String, frame: &mut Pixmap) -> Result<()> {
        if pending.trim().is_empty() {
            pending.clear();
            return Ok(());
        }
        let doc = format!("{}{}</svg>", self.head, pending);
        pending.clear();
        draw(&doc, &self.options, self.scale, frame)
    }

    /// Splits a device coordinate into a whole pixel and a quarter-pixel step.
    fn split(v: f64) -> (i32, u8) {
        let q = (v * 4.0).round();
        let whole = (q / 4.0).floor();
        (whole as i32, (q - whole * 4.0) as u8)
    }

    fn stamp_marker(&self, m: &MarkerItem, frame: &mut Pixmap) -> Result<()> {
        let s = self.scale as f64;
        let (px, fx) = Self::split(m.qx as f64 / 4.0 * s);
        let (py, fy) = Self::split(m.qy as f64 / 4.0 * s);
        let key = (m.style.clone(), fx, fy);
        let cached = self.markers.get(&key)?;
        let sprite = match cached {
            Some(sp) => sp,
            None => {
                // Big enough for the marker, its ring and its outline.
                let r = m.style.r as f64 / 100.0 + 4.0 * m.style.k as f64 / 100.0 + 2.0;
                let half = (r * s).ceil() as i32 + 1;
                let size = 2 * half + 1;
                let (cx, cy) = (
                    (half as f64 + fx as f64 / 4.0) / s,
                    (half as f64 + fy as f64 / 4.0) / s,
                );
                let mut body = String::new();
                m.svg_at(&mut body, cx, cy);
                let sp = Arc::new(self.sprite(&body, size as u32, size as u32, (half, half))?);
                self.markers.insert(key, sp.clone())?;
                sp
            }
        };
        stamp(frame, &sprite, px, py, Some(self.map));
        Ok(())
    }

    fn stamp_text(&self, t: &TextItem, frame: &mut Pixmap) -> Result<()> {
        let s = self.scale as f64;
        let (px, fx) = Self::split(t.x as f64 * s);
        let (py, fy) = Self::split(t.y as f64 * s);
        let key = (t.style.clone(), t.text.clone(), fx, fy);
        let cached = self.texts.get(&key)?;
        let sprite = match cached {
            Some(sp) => sp,
            None => {
                let st = &t.style;
                let size = st.size_px();
                let spacing = st.spacing as f64 / 100.0 * t.text.chars().count() as f64;
                // Generous margins: the measure ignores kerning and the halo.
                let w = Metrics::get().width(&t.text, size, st.bold) * 1.1 + spacing;
                let pad = size + st.halo_px() + 4.0;
                let ox = match st.anchor {
                    Anchor::Start => pad,
                    Anchor::Middle => w / 2.0 + pad,
                    Anchor::End => w + pad,
                };
                let oy = size * 1.3 + st.halo_px() + 2.0;
                let (dox, doy) = ((ox * s).round() as i32, (oy * s).round() as i32);
                let width = ((w + 2.0 * pad) * s).ceil() as u32;
                let height = ((oy + size * 0.6 + st.halo_px() + 2.0) * s).ceil() as u32;
                let mut body = String::new();
                // Drawn at a whole CSS pixel plus the device fraction; with
                // scale 1 that is exactly the whole pixel the SVG says.
                let text = TextItem {
                    x: 0,
                    y: 0,
                    ..t.clone()
                };
                let (cx, cy) = (
                    (dox as f64 + fx as f64 / 4.0) / s,
                    (doy as f64 + fy as f64 / 4.0) / s,
                );
                let mut inner = String::new();
                text.svg_at(&mut inner, 0, 0);
                body.push_str(&format!(
                    "<g transform=\"translate({cx} {cy})\">{inner}</g>"
                ));
                let sp = Arc::new(self.sprite(&body, width, height, (dox, doy))?);
                self.texts.insert(key, sp.clone())?;
                sp
            }
        };
        stamp(frame, &sprite, px, py, None);
        Ok(())
    }

    fn stamp_area(&self, a: &AreaItem, frame: &mut Pixmap) -> Result<()> {
        let s = self.scale as f64;
        let (x0, y0) = ((a.bbox.x * s).floor() as i32, (a.bbox.y * s).floor() as i32);
        let (x1, y1) = (
            ((a.bbox.x + a.bbox.w) * s).ceil() as i32,
            ((a.bbox.y + a.bbox.h) * s).ceil() as i32,
        );
        // Only what can be seen: an area larger than the canvas is clipped to it.
        let (x0, y0) = (x0.max(0), y0.max(0));
        let (x1, y1) = (x1.min(frame.width() as i32), y1.min(frame.height() as i32));
        if x0 >= x1 || y0 >= y1 {
            return Ok(());
        }
        let key = (a.key, x0, y0);
        let cached = self.areas.get(&key)?;
        let sprite = match cached {
            Some(sp) => sp,
            None => {
                // The page's defs (hatch patterns) with the area moved to the sprite's corner.
                let doc = format!(
                    "{}<g transform=\"translate({} {})\">{}</g></svg>",
                    self.head,
                    -x0 as f64 / s,
                    -y0 as f64 / s,
                    a.svg
                );
                let mut pixmap = Pixmap::new((x1 - x0) as u32, (y1 - y0) as u32)
                    .ok_or_else(|| Error::Render("cannot allocate a sprite".into()))?;
                draw(&doc, &self.options, self.scale, &mut pixmap)?;
                let sp = Arc::new(Sprite::new(Some(pixmap), (0, 0)));
                self.areas.insert(key, sp.clone())?;
                sp
            }
        };
        stamp(frame, &sprite, x0, y0, Some(self.map));
        Ok(())
    }

    /// Draws an SVG body (in CSS pixels) into a sprite of `w`×`h` device pixels.
    fn sprite(&self, body: &str, w: u32, h: u32, origin: (i32, i32)) -> Result<Sprite> {
        let s = self.scale as f64;
        let (cw, ch) = (w as f64 / s, h as f64 / s);
        let doc = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{cw}\" height=\"{ch}\" viewBox=\"0 0 {cw} {ch}\" font-family=\"{}\">{body}</svg>",
            text::FAMILY
        );
        let mut pixmap = Pixmap::new(w.max(1), h.max(1))
            .ok_or_else(|| Error::Render("cannot allocate a sprite".into()))?;
        draw(&doc, &self.options, self.scale, &mut pixmap)?;
        Ok(trim(pixmap, origin))
    }
}

/// Cuts a sprite down to its visible pixels, so stamping blends no more
/// than it must.
fn trim(pixmap: Pixmap, origin: (i32, i32)) -> Sprite {
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let data = pixmap.data();
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h {
        for x in 0..w {
            if data[(y * w + x) * 4 + 3] != 0 {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x + 1);
                y1 = y1.max(y + 1);
            }
        }
    }
    if x0 >= x1 {
        return Sprite::new(None, origin);
    }
    let (tw, th) = ((x1 - x0) as u32, (y1 - y0) as u32);
    let mut out = match Pixmap::new(tw, th) {
        Some(p) => p,
        None => return Sprite::new(Some(pixmap), origin),
    };
    for y in y0..y1 {
        let src = &data[(y * w + x0) * 4..(y * w + x1) * 4];
        let row = (y - y0) * tw as usize * 4;
        out.data_mut()[row..row + src.len()].copy_from_slice(src);
    }
    Sprite::new(Some(out), (origin.0 - x0 as i32, origin.1 - y0 as i32))
}

/// Sprites of one kind, by look. Texts that change every frame (the date,
/// the event count) would pile up through a long animation, so the cache
/// holds at most `CACHE_BYTES` of pixels; when full it starts again, which
/// costs one redraw of each sprite still in use.
struct SpriteCache<K> {
    map: Mutex<(HashMap<K, Arc<Sprite>>, usize)>,
}

const CACHE_BYTES: usize = 6 << 20;

impl<K> Default for SpriteCache<K> {
    fn default() -> Self {
        SpriteCache {
            map: Mutex::new((HashMap::new(), 0)),
        }
    }
}

impl<K: std::hash::Hash + Eq> SpriteCache<K> {
    fn get(&self, key: &K) -> Result<Option<Arc<Sprite>>> {
        Ok(self.map.lock().map_err(|_| poisoned())?.0.get(key).cloned())
    }

    fn insert(&self, key: K, sprite: Arc<Sprite>) -> Result<()> {
        let bytes = sprite.pixmap.as_ref().map_or(0, |p| p.data().len()) + 64;
        let mut guard = self.map.lock().map_err(|_| poisoned())?;
        let (map, used) = &mut *guard;
        if *used + bytes > CACHE_BYTES {
            map.clear();
            *used = 0;
        }
        *used += bytes;
        map.insert(key, sprite);
        Ok(())
    }
}

fn poisoned() -> Error {
    Error::Render("a drawing thread panicked".into())
}

/// Stamps a sprite so that its origin lands on pixel `(x, y)`: premultiplied
/// source-over, row by row (tiny-skia's general pipeline costs more to set
/// up than a 15×15 sprite costs to blend).
fn stamp(frame: &mut Pixmap, sprite: &Sprite, x: i32, y: i32, clip: Option<(i32, i32, i32, i32)>) {
    let Some(src) = &sprite.pixmap else { return };
    let (x, y) = (x - sprite.origin.0, y - sprite.origin.1);
    let (fw, fh) = (frame.width() as i32, frame.height() as i32);
    let (cx0, cy0, cx1, cy1) = clip.unwrap_or((0, 0, fw, fh));
    let (cx0, cy0, cx1, cy1) = (cx0.max(0), cy0.max(0), cx1.min(fw), cy1.min(fh));
    let sw = src.width() as i32;
    let (sdata, fdata) = (src.data(), frame.data_mut());
    for &(row, first, end, opaque) in &sprite.spans {
        let fy = y + row as i32;
        let (fx0, fx1) = ((x + first as i32).max(cx0), (x + end as i32).min(cx1));
        if fy < cy0 || fy >= cy1 || fx0 >= fx1 {
            continue;
        }
        let s_off = ((row as i32 * sw + (fx0 - x)) * 4) as usize;
        let f_off = ((fy * fw + fx0) * 4) as usize;
        let n = ((fx1 - fx0) * 4) as usize;
        let (s_span, f_span) = (&sdata[s_off..s_off + n], &mut fdata[f_off..f_off + n]);
        if opaque {
            f_span.copy_from_slice(s_span);
            continue;
        }
        for (s, f) in s_span.chunks_exact(4).zip(f_span.chunks_exact_mut(4)) {
            let inv = 255 - s[3] as u32;
            for c in 0..4 {
                f[c] = (s[c] as u32 + (f[c] as u32 * inv + 127) / 255) as u8;
            }
        }
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

/// Encodes an opaque pixmap as an 8-bit RGBA PNG: the pixmap's own bytes
/// (opaque, so premultiplied equals straight alpha), the Sub filter and
/// fdeflate's fastest mode. Measured on a 1600×1200 map: 3.9 ms and 737 KB,
/// against 10 ms and 655 KB for RGB with the adaptive filter (which first
/// needs a copy without alpha).
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut out = Vec::with_capacity((w * h) as usize / 2);
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fastest);
        enc.set_filter(png::Filter::Sub);
        let mut writer = enc
            .write_header()
            .map_err(|e| Error::Render(format!("PNG: {e}")))?;
        writer
            .write_image_data(pixmap.data())
            .map_err(|e| Error::Render(format!("PNG: {e}")))?;
        writer
            .finish()
            .map_err(|e| Error::Render(format!("PNG: {e}")))?;
    }
    Ok(out)
}
