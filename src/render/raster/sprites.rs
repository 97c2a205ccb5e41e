//! Sprites: each distinct look of a scene item (marker, text, area, or a
//! batch of other SVG elements) drawn once by resvg, trimmed to its visible
//! pixels, cached, and put wherever the look recurs.

use super::draw::{draw, poisoned};
use super::glyphs::Glyphs;
use crate::dataset::Color;
use crate::error::{Error, Result};
use crate::render::marker::{Mark, MarkShape, MarkerItem, MarkerStyle};
use crate::render::scene::{
    Anchor, AreaItem, AreaLook, AreaShape, Item, PlainPath, TextItem, TextStyle,
};
use crate::render::text::{self, Metrics};
use resvg::tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, Path, PathBuilder, Pixmap, Stroke, Transform,
};
use resvg::usvg;
use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// What decides an area sprite: the area's look and where its corner is.
type AreaKey = (AreaLook, i32, i32);

/// What decides a one-colour area's coverage: its shape and where its corner is.
type ShapeKey = (AreaShape, i32, i32);

/// A small drawing and the point of it that goes where it is stamped.
pub(super) struct Sprite {
    pub pixmap: Option<Pixmap>,
    /// The sprite pixel that lands on the target point.
    pub origin: (i32, i32),
    /// The visible pixels as row spans (row, first, end, opaque): opaque
    /// spans are copied whole, the others blended pixel by pixel.
    pub spans: Vec<(u32, u32, u32, bool)>,
}

impl Sprite {
    pub fn new(pixmap: Option<Pixmap>, origin: (i32, i32)) -> Sprite {
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

/// A sprite put in its place: what one scene item draws (or one batch of
/// SVG elements between items).
#[derive(Clone)]
pub(super) struct Placed {
    pub sprite: Arc<Sprite>,
    /// The device pixel the sprite's origin lands on.
    pub x: i32,
    pub y: i32,
    /// Clipped to the map area (places), else to the canvas.
    pub clipped: bool,
}

/// Tells placed sprites apart: the same sprite (by address: a canvas holds
/// the sprites it shows, so an address is not reused while it is compared)
/// at the same spot, clipped the same way, draws the same pixels.
pub(super) type Ident = (usize, i32, i32, bool);

impl Placed {
    pub fn new(sprite: Arc<Sprite>, x: i32, y: i32, clipped: bool) -> Option<Placed> {
        sprite.pixmap.is_some().then_some(Placed {
            sprite,
            x,
            y,
            clipped,
        })
    }

    pub fn ident(&self) -> Ident {
        (
            Arc::as_ptr(&self.sprite) as usize,
            self.x,
            self.y,
            self.clipped,
        )
    }
}

/// Draws and keeps the sprites of one canvas size and scale; shared by
/// threads (the caches are behind locks).
pub(super) struct Sprites {
    options: usvg::Options<'static>,
    /// The document's start, with the defs areas refer to.
    head: String,
    scale: f32,
    /// The canvas in device pixels: what is outside is never drawn.
    size: (u32, u32),
    markers: SpriteCache<(MarkerStyle, u8, u8)>,
    areas: SpriteCache<AreaKey>,
    /// The coverage of one-colour areas (zone cells), tinted for each colour.
    coverage: SpriteCache<ShapeKey>,
    texts: SpriteCache<(TextStyle, String, u8, u8)>,
    raws: SpriteCache<String>,
    /// Glyph outlines for plain labels (`None`: every text through usvg).
    glyphs: Option<Glyphs>,
}

impl Sprites {
    /// No sprite yet, for a canvas of `size` device pixels.
    pub fn new(
        options: usvg::Options<'static>,
        head: String,
        scale: f32,
        size: (u32, u32),
    ) -> Sprites {
        Sprites {
            options,
            head,
            scale,
            size,
            markers: SpriteCache::default(),
            // Zone cells are areas too, and a map's cells in their every look
            // cover the canvas several times over: room for that, so an
            // animation does not draw them all again when the cache fills.
            areas: SpriteCache::with_limit(
                CACHE_BYTES.max(
                    (size.0 as usize)
                        .saturating_mul(size.1 as usize)
                        .saturating_mul(16),
                ),
            ),
            coverage: SpriteCache::with_limit(
                CACHE_BYTES.max(
                    (size.0 as usize)
                        .saturating_mul(size.1 as usize)
                        .saturating_mul(4),
                ),
            ),
            texts: SpriteCache::default(),
            raws: SpriteCache::default(),
            glyphs: Glyphs::new(scale).ok(),
        }
    }

    /// An item's sprite from the caches: `None` when it is not drawn yet.
    pub(super) fn cached(&self, item: &Item) -> Result<Option<Option<Placed>>> {
        Ok(match item {
            Item::Marker(m) => {
                let (key, px, py) = self.marker_key(m);
                self.markers
                    .get(&key)?
                    .map(|sp| Placed::new(sp, px, py, true))
            }
            Item::Text(t) => {
                let (key, px, py) = self.text_key(t);
                self.texts
                    .get(&key)?
                    .map(|sp| Placed::new(sp, px, py, false))
            }
            Item::Area(a) => match self.area_key(a) {
                None => Some(None),
                Some((key, x0, y0, _, _)) => self
                    .areas
                    .get(&key)?
                    .map(|sp| Placed::new(sp, x0, y0, true)),
            },
            _ => Some(None),
        })
    }

    /// An item's sprite, drawn if it is not yet.
    pub(super) fn place(&self, item: &Item) -> Result<Option<Placed>> {
        if let Some(p) = self.cached(item)? {
            return Ok(p);
        }
        match item {
            Item::Marker(m) => self.draw_marker(m),
            Item::Text(t) => self.draw_text(t),
            Item::Area(a) => self.draw_area(a),
            _ => Ok(None),
        }
    }

    /// Draws the sprites of `missing` items once each, in parallel when
    /// there are several.
    pub(super) fn draw_missing(&self, missing: &[(usize, &Item)]) -> Result<()> {
        use rayon::prelude::*;
        if missing.len() < 4 {
            return Ok(()); // drawn one by one as they are placed
        }
        // One item per sprite: a look is shared by many places.
        let mut markers: FxHashMap<(MarkerStyle, u8, u8), &Item> = FxHashMap::default();
        let mut texts: FxHashMap<(TextStyle, String, u8, u8), &Item> = FxHashMap::default();
        let mut areas: FxHashMap<AreaKey, &Item> = FxHashMap::default();
        for &(_, item) in missing {
            match item {
                Item::Marker(m) => {
                    markers.entry(self.marker_key(m).0).or_insert(item);
                }
                Item::Text(t) => {
                    texts.entry(self.text_key(t).0).or_insert(item);
                }
                Item::Area(a) => {
                    if let Some((key, ..)) = self.area_key(a) {
                        areas.entry(key).or_insert(item);
                    }
                }
                _ => {}
            }
        }
        // Texts first: they take longest.
        let jobs: Vec<&Item> = texts
            .into_values()
            .chain(areas.into_values())
            .chain(markers.into_values())
            .collect();
        jobs.par_iter()
            .map(|item| self.place(item).map(drop))
            .collect::<Result<()>>()
    }

    /// Splits a device coordinate into a whole pixel and a quarter-pixel step.
    fn split(v: f64) -> (i32, u8) {
        let q = (v * 4.0).round();
        let whole = (q / 4.0).floor();
        (whole as i32, (q - whole * 4.0) as u8)
    }

    /// SVG elements (legend boxes, leader lines, halos of areas), drawn where
    /// they are into a sprite of their bounds.
    pub(super) fn place_raw(&self, svg: &str) -> Result<Option<Placed>> {
        let sprite = match self.raws.get(svg)? {
            Some(sp) => sp,
            None => {
                let doc = format!("{}{}</svg>", self.head, svg);
                let tree = usvg::Tree::from_str(&doc, &self.options)
                    .map_err(|e| Error::Render(format!("internal SVG error: {e}")))?;
                let b = tree.root().abs_stroke_bounding_box();
                let s = self.scale as f64;
                let (pw, ph) = (self.size.0 as i32, self.size.1 as i32);
                // A pixel of margin for anti-aliasing, then clipped to the canvas.
                let x0 = ((b.left() as f64 * s).floor() as i32 - 2).max(0);
                let y0 = ((b.top() as f64 * s).floor() as i32 - 2).max(0);
                let x1 = ((b.right() as f64 * s).ceil() as i32 + 2).min(pw);
                let y1 = ((b.bottom() as f64 * s).ceil() as i32 + 2).min(ph);
                let sp = if tree.root().children().is_empty() || x0 >= x1 || y0 >= y1 {
                    Sprite::new(None, (0, 0))
                } else {
                    let mut pixmap = Pixmap::new((x1 - x0) as u32, (y1 - y0) as u32)
                        .ok_or_else(|| Error::Render("cannot allocate a sprite".into()))?;
                    resvg::render(
                        &tree,
                        Transform::from_translate(-x0 as f32, -y0 as f32)
                            .pre_scale(self.scale, self.scale),
                        &mut pixmap.as_mut(),
                    );
                    trim(pixmap, (-x0, -y0))
                };
                let sp = Arc::new(sp);
                self.raws.insert(svg.to_string(), sp.clone())?;
                sp
            }
        };
        Ok(Placed::new(sprite, 0, 0, false))
    }

    /// A marker's sprite key, and the pixel its centre lands on.
    fn marker_key(&self, m: &MarkerItem) -> ((MarkerStyle, u8, u8), i32, i32) {
        let s = self.scale as f64;
        let (px, fx) = Self::split(m.qx as f64 / 4.0 * s);
        let (py, fy) = Self::split(m.qy as f64 / 4.0 * s);
        ((m.style.clone(), fx, fy), px, py)
    }

    /// A text's sprite key, and the pixel its anchor lands on.
    fn text_key(&self, t: &TextItem) -> ((TextStyle, String, u8, u8), i32, i32) {
        let s = self.scale as f64;
        let (px, fx) = Self::split(t.x as f64 * s);
        let (py, fy) = Self::split(t.y as f64 * s);
        ((t.style.clone(), t.text.clone(), fx, fy), px, py)
    }

    /// Draws a marker's sprite into the cache (see [`Sprites::place`]).
    fn draw_marker(&self, m: &MarkerItem) -> Result<Option<Placed>> {
        let s = self.scale as f64;
        let (key, px, py) = self.marker_key(m);
        let (fx, fy) = (key.1, key.2);
        // Big enough for the marker, its ring and its outline.
        let r = m.style.r as f64 / 100.0 + 4.0 * m.style.k as f64 / 100.0 + 2.0;
        let half = (r * s).ceil() as i32 + 1;
        let size = 2 * half + 1;
        let (cx, cy) = (
            (half as f64 + fx as f64 / 4.0) / s,
            (half as f64 + fy as f64 / 4.0) / s,
        );
        let mut pixmap = Pixmap::new(size as u32, size as u32)
            .ok_or_else(|| Error::Render("cannot allocate a sprite".into()))?;
        let at = Transform::from_scale(self.scale, self.scale);
        for mark in m.style.marks() {
            draw_mark(&mut pixmap, &mark, (cx as f32, cy as f32), at);
        }
        let sprite = Arc::new(trim(pixmap, (half, half)));
        self.markers.insert(key, sprite.clone())?;
        Ok(Placed::new(sprite, px, py, true))
    }

    /// Draws a text's sprite into the cache (see [`Sprites::place`]).
    fn draw_text(&self, t: &TextItem) -> Result<Option<Placed>> {
        let s = self.scale as f64;
        let (key, px, py) = self.text_key(t);
        let (fx, fy) = (key.2, key.3);
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
        // Drawn at a whole CSS pixel plus the device fraction; with
        // scale 1 that is exactly the whole pixel the SVG says.
        let (cx, cy) = (
            (dox as f64 + fx as f64 / 4.0) / s,
            (doy as f64 + fy as f64 / 4.0) / s,
        );
        let sprite = match self.draw_label(t, width, height, (cx, cy))? {
            Some(pixmap) => trim(pixmap, (dox, doy)),
            None => self.sprite(&text_body(t, cx, cy), width, height, (dox, doy))?,
        };
        let sprite = Arc::new(sprite);
        self.texts.insert(key, sprite.clone())?;
        Ok(Placed::new(sprite, px, py, false))
    }

    /// A plain label drawn from cached glyphs into a `w`×`h` pixmap, its
    /// anchor point at (`cx`, `cy`) CSS pixels; `None` when usvg must draw it.
    fn draw_label(
        &self,
        t: &TextItem,
        w: u32,
        h: u32,
        (cx, cy): (f64, f64),
    ) -> Result<Option<Pixmap>> {
        let Some(glyphs) = &self.glyphs else {
            return Ok(None);
        };
        let s = self.scale as f64;
        glyphs.draw(
            &t.text,
            &t.style,
            (w, h),
            ((cx * s) as f32, (cy * s) as f32),
        )
    }
    /// An area's sprite key and the device box it is drawn in (`None`: off the canvas).
    fn area_key(&self, a: &AreaItem) -> Option<(AreaKey, i32, i32, i32, i32)> {
        let s = self.scale as f64;
        let (x0, y0) = ((a.bbox.x * s).floor() as i32, (a.bbox.y * s).floor() as i32);
        let (x1, y1) = (
            ((a.bbox.x + a.bbox.w) * s).ceil() as i32,
            ((a.bbox.y + a.bbox.h) * s).ceil() as i32,
        );
        // Only what can be seen: an area larger than the canvas is clipped to it.
        let (x0, y0) = (x0.max(0), y0.max(0));
        let (x1, y1) = (x1.min(self.size.0 as i32), y1.min(self.size.1 as i32));
        (x0 < x1 && y0 < y1).then_some(((a.key, x0, y0), x0, y0, x1, y1))
    }

    /// Draws an area's sprite into the cache (see [`Sprites::place`]).
    fn draw_area(&self, a: &AreaItem) -> Result<Option<Placed>> {
        let s = self.scale as f64;
        let Some((key, x0, y0, x1, y1)) = self.area_key(a) else {
            return Ok(None);
        };
        // The page's defs (hatch patterns) with the area moved to the sprite's corner.
        let doc = format!(
            "{}<g transform=\"translate({} {})\">{}</g></svg>",
            self.head,
            -x0 as f64 / s,
            -y0 as f64 / s,
            a.svg
        );
        let pixmap = match a.tint {
            // One colour: the shape's coverage (drawn once, in whatever
            // colour came first: only its alpha is used) in this colour.
            Some(color) => {
                let shape = (a.key.shape, x0, y0);
                let coverage = match self.coverage.get(&shape)? {
                    Some(c) => c,
                    None => {
                        let drawn = match &a.plain {
                            Some(plain) => self.draw_plain(plain, x0, y0, x1 - x0, y1 - y0)?,
                            None => self.draw_doc(&doc, x1 - x0, y1 - y0)?,
                        };
                        let c = Arc::new(Sprite::new(Some(drawn), (0, 0)));
                        self.coverage.insert(shape, c.clone())?;
                        c
                    }
                };
                match &coverage.pixmap {
                    Some(p) => tinted(p, color),
                    None => return Ok(None),
                }
            }
            None => match &a.plain {
                Some(plain) => self.draw_plain(plain, x0, y0, x1 - x0, y1 - y0)?,
                None => self.draw_doc(&doc, x1 - x0, y1 - y0)?,
            },
        };
        let sprite = Arc::new(Sprite::new(Some(pixmap), (0, 0)));
        self.areas.insert(key, sprite.clone())?;
        Ok(Placed::new(sprite, x0, y0, true))
    }

    /// Draws a plain path into a new `w`×`h` sprite pixmap whose corner is
    /// device pixel (`x0`, `y0`): what resvg draws for the same `<path>`
    /// (non-zero fill, then the stroke, anti-aliased), without parsing SVG.
    fn draw_plain(&self, plain: &PlainPath, x0: i32, y0: i32, w: i32, h: i32) -> Result<Pixmap> {
        let mut pixmap = Pixmap::new(w as u32, h as u32)
            .ok_or_else(|| Error::Render("cannot allocate a sprite".into()))?;
        let Some(path) = plain_path(&plain.d) else {
            return Ok(pixmap);
        };
        let s = self.scale;
        let at = Transform::from_row(s, 0.0, 0.0, s, -x0 as f32, -y0 as f32);
        if let Some(fill) = plain.fill {
            let rule = if plain.even_odd {
                FillRule::EvenOdd
            } else {
                FillRule::Winding
            };
            pixmap.fill_path(&path, &paint(fill, plain.fill_opacity), rule, at, None);
        }
        if let Some((color, width)) = plain.stroke {
            let mut stroke = Stroke {
                width: width as f32,
                ..Stroke::default()
            };
            if plain.round {
                stroke.line_cap = LineCap::Round;
                stroke.line_join = LineJoin::Round;
            }
            pixmap.stroke_path(&path, &paint(color, 100), &stroke, at, None);
        }
        Ok(pixmap)
    }

    /// Draws a whole document into a new `w`×`h` sprite pixmap.
    fn draw_doc(&self, doc: &str, w: i32, h: i32) -> Result<Pixmap> {
        let mut pixmap = Pixmap::new(w as u32, h as u32)
            .ok_or_else(|| Error::Render("cannot allocate a sprite".into()))?;
        draw(doc, &self.options, self.scale, &mut pixmap)?;
        Ok(pixmap)
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

/// A text item as an SVG body anchored at (`cx`, `cy`), for usvg.
fn text_body(t: &TextItem, cx: f64, cy: f64) -> String {
    let text = TextItem {
        x: 0,
        y: 0,
        ..t.clone()
    };
    let mut inner = String::new();
    text.svg_at(&mut inner, 0, 0);
    format!("<g transform=\"translate({cx} {cy})\">{inner}</g>")
}

/// An opacity in hundredths as alpha, rounded as resvg rounds it.
pub(super) fn alpha(opacity: u8) -> u8 {
    (opacity.min(100) as f32 / 100.0 * 255.0 + 0.5) as u8
}

/// A solid, anti-aliased paint of `color` at `opacity` hundredths.
fn paint(color: Color, opacity: u8) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(color.rgb[0], color.rgb[1], color.rgb[2], alpha(opacity));
    p.anti_alias = true;
    p
}

/// Draws one element of a marker centred at `(x, y)` CSS pixels: what
/// resvg draws for the `<circle>` or half-disc `<path>` the SVG has.
fn draw_mark(pixmap: &mut Pixmap, mark: &Mark, (x, y): (f32, f32), at: Transform) {
    /// A quarter circle's cubic control distance, as a fraction of the radius.
    const KAPPA: f32 = 0.552_284_8;
    // Quarter circles as cubics, as usvg turns circles and arcs into paths
    // (tiny-skia's own circle is made of coarser quadratics).
    let half = |pb: &mut PathBuilder, r: f32, side: f32| {
        pb.cubic_to(
            x + side * KAPPA,
            y - r,
            x + side,
            y - r * KAPPA,
            x + side,
            y,
        );
        pb.cubic_to(x + side, y + r * KAPPA, x + side * KAPPA, y + r, x, y + r);
    };
    let (MarkShape::Disc(r) | MarkShape::LeftHalf(r) | MarkShape::RightHalf(r)) = mark.shape;
    if r <= 0.0 {
        return; // SVG draws no circle of radius 0 or less
    }
    let mut pb = PathBuilder::new();
    match mark.shape {
        MarkShape::Disc(r) => {
            // From the right, clockwise, as usvg writes a `<circle>`.
            let (r, k) = (r as f32, r as f32 * KAPPA);
            pb.move_to(x + r, y);
            pb.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
            pb.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
            pb.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
            pb.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
        }
        MarkShape::LeftHalf(r) => {
            pb.move_to(x, y - r as f32);
            half(&mut pb, r as f32, -r as f32);
        }
        MarkShape::RightHalf(r) => {
            pb.move_to(x, y - r as f32);
            half(&mut pb, r as f32, r as f32);
        }
    }
    pb.close();
    let Some(path) = pb.finish() else { return };
    if let Some((color, opacity)) = mark.fill {
        pixmap.fill_path(&path, &paint(color, opacity), FillRule::Winding, at, None);
    }
    if let Some((color, opacity, width)) = mark.stroke {
        let stroke = Stroke {
            width: width as f32,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint(color, opacity), &stroke, at, None);
    }
}

/// The path of `M x y L x y … Z` data as `svg::ring` writes it; `None` when
/// it draws nothing.
fn plain_path(d: &str) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let mut command = b'M';
    let mut numbers = Vec::with_capacity(2);
    let flush = |command: u8, numbers: &mut Vec<f32>, pb: &mut PathBuilder| {
        if let [x, y] = numbers[..] {
            if command == b'M' {
                pb.move_to(x, y)
            } else {
                pb.line_to(x, y)
            }
        }
        numbers.clear();
    };
    for token in d.split_inclusive(['M', 'L', 'Z', ' ']) {
        let (text, end) = match token.as_bytes().last() {
            Some(&b) if matches!(b, b'M' | b'L' | b'Z' | b' ') => {
                (&token[..token.len() - 1], Some(b))
            }
            _ => (token, None),
        };
        if !text.is_empty() {
            numbers.push(text.parse().ok()?);
        }
        match end {
            Some(b' ') | None => {}
            Some(b'Z') => {
                flush(command, &mut numbers, &mut pb);
                pb.close();
            }
            Some(c) => {
                flush(command, &mut numbers, &mut pb);
                command = c;
            }
        }
    }
    flush(command, &mut numbers, &mut pb);
    pb.finish()
}

/// A coverage (any one-colour drawing: its alpha) in `color`, premultiplied
/// as tiny-skia keeps pixels. Whatever colour the coverage was drawn in, the
/// result is the same, so a cell's pixels never depend on which of its
/// colours was drawn first.
fn tinted(coverage: &Pixmap, color: Color) -> Pixmap {
    let mut out = coverage.clone();
    let [r, g, b] = color.rgb.map(u16::from);
    for px in out.data_mut().chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        let mul = |c: u16| ((c * a + 127) / 255) as u8;
        px[0] = mul(r);
        px[1] = mul(g);
        px[2] = mul(b);
    }
    out
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
/// holds at most its limit of pixels (`CACHE_BYTES`, more for areas); when full it starts again, which
/// costs one redraw of each sprite still in use.
struct SpriteCache<K> {
    map: Mutex<(FxHashMap<K, Arc<Sprite>>, usize)>,
    /// Bytes of pixels the cache holds at most.
    limit: usize,
}

const CACHE_BYTES: usize = 6 << 20;

impl<K> Default for SpriteCache<K> {
    fn default() -> Self {
        SpriteCache::with_limit(CACHE_BYTES)
    }
}

impl<K> SpriteCache<K> {
    fn with_limit(limit: usize) -> Self {
        SpriteCache {
            map: Mutex::new((FxHashMap::default(), 0)),
            limit,
        }
    }
}

impl<K: Hash + Eq> SpriteCache<K> {
    fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Result<Option<Arc<Sprite>>>
    where
        K: Borrow<Q>,
    {
        Ok(self.map.lock().map_err(|_| poisoned())?.0.get(key).cloned())
    }

    fn insert(&self, key: K, sprite: Arc<Sprite>) -> Result<()> {
        let bytes = sprite.pixmap.as_ref().map_or(0, |p| p.data().len()) + 64;
        let mut guard = self.map.lock().map_err(|_| poisoned())?;
        let (map, used) = &mut *guard;
        if *used + bytes > self.limit {
            map.clear();
            *used = 0;
        }
        *used += bytes;
        map.insert(key, sprite);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::raster::glyphs::is_plain;
    use crate::render::raster::usvg_options;

    /// The largest difference of any channel of any pixel.
    fn max_difference(a: &Pixmap, b: &Pixmap) -> u8 {
        a.data()
            .iter()
            .zip(b.data())
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0)
    }

    /// A sprite as it shows on the map: over the paper.
    fn on_paper(sprite: &Pixmap) -> Pixmap {
        let mut paper = Pixmap::new(sprite.width(), sprite.height()).unwrap();
        paper.fill(resvg::tiny_skia::Color::from_rgba8(250, 248, 242, 255));
        paper.draw_pixmap(
            0,
            0,
            sprite.as_ref(),
            &resvg::tiny_skia::PixmapPaint::default(),
            Transform::identity(),
            None,
        );
        paper
    }

    /// The mean difference of all channels of all pixels.
    fn mean_difference(a: &Pixmap, b: &Pixmap) -> f64 {
        let sum: u64 = a
            .data()
            .iter()
            .zip(b.data())
            .map(|(x, y)| x.abs_diff(*y) as u64)
            .sum();
        sum as f64 / a.data().len().max(1) as f64
    }

    /// A plain path drawn by tiny-skia straight away has resvg's pixels for
    /// the same `<path>`: a cell with a hole (fill and stroke) and a front
    /// (round stroke), at two scales and off-pixel corners.
    #[test]
    fn plain_paths_draw_what_resvg_draws() {
        let cell = "M10.5 10.25L60 12L55.75 48.5L12 40Z M25 20L40 22L35 35Z";
        let front = "M5 50L30 20.5L70.25 30M40 45L60 44";
        let red = Color::hex("#c8102e");
        for scale in [1.0f32, 2.0] {
            let head =
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80\" height=\"60\">".to_string();
            let size = ((80.0 * scale) as u32, (60.0 * scale) as u32);
            let sprites = Sprites::new(usvg_options(), head, scale, size);
            let cases = [
                (
                    PlainPath {
                        d: cell.into(),
                        fill: Some(red),
                        fill_opacity: 100,
                        even_odd: false,
                        stroke: Some((red, 0.5)),
                        round: false,
                    },
                    format!(
                        "<path d=\"{cell}\" fill=\"{red}\" stroke=\"{red}\" stroke-width=\"0.5\"/>"
                    ),
                ),
                (
                    PlainPath {
                        d: cell.into(),
                        fill: Some(red),
                        fill_opacity: 62,
                        even_odd: true,
                        stroke: Some((red, 0.9)),
                        round: false,
                    },
                    format!(
                        "<path d=\"{cell}\" fill=\"{red}\" fill-opacity=\"0.62\" stroke=\"{red}\" stroke-width=\"0.9\" fill-rule=\"evenodd\"/>"
                    ),
                ),
                (
                    PlainPath {
                        d: front.into(),
                        fill: None,
                        fill_opacity: 100,
                        even_odd: false,
                        stroke: Some((Color::hex("#333333"), 3.2)),
                        round: true,
                    },
                    format!(
                        "<path d=\"{front}\" fill=\"none\" stroke=\"#333333\" stroke-width=\"3.2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"
                    ),
                ),
            ];
            for (plain, svg) in cases {
                let (x0, y0) = (3, 7);
                let (w, h) = (size.0 as i32 - x0, size.1 as i32 - y0);
                let doc = format!(
                    "{}<g transform=\"translate({} {})\">{svg}</g></svg>",
                    sprites.head,
                    -x0 as f32 / scale,
                    -y0 as f32 / scale
                );
                let by_resvg = sprites.draw_doc(&doc, w, h).unwrap();
                let direct = sprites.draw_plain(&plain, x0, y0, w, h).unwrap();
                assert!(
                    by_resvg.data().iter().any(|&v| v > 0),
                    "resvg drew nothing at scale {scale}"
                );
                let d = max_difference(&by_resvg, &direct);
                assert!(d <= 2, "scale {scale}, {svg}: pixels differ by up to {d}");
            }
        }
    }

    /// A label drawn from cached glyphs has the pixels usvg and resvg draw
    /// for the same `<text>`: kerning pairs, marks, bold, the three
    /// anchors, letter spacing, a see-through fill, with and without a
    /// halo, at two scales and off-pixel positions.
    #[test]
    fn labels_from_glyphs_draw_what_resvg_draws() {
        let styles = [
            TextStyle::new(11.0, false, Anchor::Start, "#333333", 1.5),
            TextStyle::new(13.5, true, Anchor::Middle, "#c8102e", 2.25),
            {
                let mut s = TextStyle::new(19.0, true, Anchor::Middle, "#7a7468", 2.0);
                s.opacity = 55;
                s.spacing = 250;
                s
            },
            TextStyle::new(9.0, false, Anchor::End, "#1a1a1a", 0.0),
        ];
        let texts = [
            "Tall Abyad",
            "AVATAR Wälder",
            "Ma'arrat al-Nu'man",
            "Ḥamāh – Zāb",
            "SYRIA",
        ];
        for scale in [1.0f32, 2.0] {
            let sprites = Sprites::new(usvg_options(), String::new(), scale, (400, 100));
            assert!(sprites.glyphs.is_some(), "the embedded fonts load");
            for style in &styles {
                for text in texts {
                    let item = TextItem {
                        x: 0,
                        y: 0,
                        text: text.to_string(),
                        style: style.clone(),
                        attrs: String::new(),
                    };
                    assert!(is_plain(text), "{text} is plain");
                    let (w, h) = ((300.0 * scale) as u32, (60.0 * scale) as u32);
                    let (cx, cy) = (150.25, 40.5);
                    let direct = sprites.draw_label(&item, w, h, (cx, cy)).unwrap().unwrap();
                    let doc = format!(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"60\" viewBox=\"0 0 300 60\" font-family=\"{}\">{}</svg>",
                        text::FAMILY,
                        text_body(&item, cx, cy)
                    );
                    let by_resvg = sprites.draw_doc(&doc, w as i32, h as i32).unwrap();
                    assert!(
                        by_resvg.data().iter().any(|&v| v > 0),
                        "resvg drew no {text}"
                    );
                    let (by_resvg, direct) = (on_paper(&by_resvg), on_paper(&direct));
                    // Glyphs sit within an eighth of a pixel of usvg's
                    // positions and overlapping halos' edges are united as
                    // independent coverages: on the paper, a thin stem's
                    // edge pixels differ by up to a quarter, the label by
                    // a fraction of a level on average (a misplaced glyph:
                    // 200 and more).
                    let d = max_difference(&by_resvg, &direct);
                    let mean = mean_difference(&by_resvg, &direct);
                    assert!(
                        d <= 64 && mean < 0.25,
                        "scale {scale}, {text} in {style:?}: pixels differ by up to {d}, {mean:.2} on average"
                    );
                }
            }
        }
    }

    /// Text usvg lays out in ways the glyph path does not (right to left,
    /// white space SVG collapses, characters the fonts lack) goes to usvg.
    #[test]
    fn only_plain_text_is_drawn_from_glyphs() {
        let sprites = Sprites::new(usvg_options(), String::new(), 1.0, (100, 100));
        let glyphs = sprites.glyphs.as_ref().unwrap();
        let style = TextStyle::new(11.0, false, Anchor::Start, "#333333", 1.5);
        let draw = |text: &str, style: &TextStyle| glyphs.draw(text, style, (80, 30), (10.0, 20.0));
        assert!(draw("Homs", &style).unwrap().is_some());
        for text in [
            "حلب",
            "Aleppo حلب",
            " Homs",
            "Homs ",
            "Deir  ez-Zor",
            "",
            "北京",
        ] {
            assert!(draw(text, &style).unwrap().is_none(), "{text:?}");
        }
        // A halo thinner than a device pixel is a hairline: usvg draws it.
        let thin = TextStyle::new(11.0, false, Anchor::Start, "#333333", 0.5);
        assert!(draw("Homs", &thin).unwrap().is_none());
    }

    /// Markers drawn with tiny-skia straight away have resvg's pixels for
    /// their SVG: every status and part, at two scales and quarter-pixel
    /// centres.
    #[test]
    fn markers_draw_what_resvg_draws() {
        use crate::render::marker::MarkerPart;
        use crate::timeline::Status;
        let (red, blue) = (Color::hex("#c8102e"), Color::hex("#1f4e9c"));
        for scale in [1.0f32, 2.0] {
            let sprites = Sprites::new(usvg_options(), String::new(), scale, (100, 100));
            for status in [
                Status::Unknown,
                Status::Held,
                Status::Contested,
                Status::Besieged,
            ] {
                for part in [
                    MarkerPart::Whole,
                    MarkerPart::Dot,
                    MarkerPart::Ring,
                    MarkerPart::Halo,
                ] {
                    for (x, y) in [(20.0, 20.0), (20.25, 19.75), (20.5, 20.5)] {
                        let m = MarkerItem::new(x, y, 5.5, status, red, blue, 1.0).part(part);
                        let Some(direct) = sprites.draw_marker(&m).unwrap() else {
                            panic!("{status:?} {part:?} draws nothing");
                        };
                        let mut body = String::new();
                        m.svg_at(&mut body, x, y);
                        let doc = format!(
                            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">{body}</svg>"
                        );
                        let by_resvg = on_paper(
                            &sprites
                                .draw_doc(&doc, (40.0 * scale) as i32, (40.0 * scale) as i32)
                                .unwrap(),
                        );
                        // The sprite put where the canvas would put it.
                        let mut placed = Pixmap::new(by_resvg.width(), by_resvg.height()).unwrap();
                        let sprite = &direct.sprite;
                        placed.draw_pixmap(
                            direct.x - sprite.origin.0,
                            direct.y - sprite.origin.1,
                            sprite.pixmap.as_ref().unwrap().as_ref(),
                            &resvg::tiny_skia::PixmapPaint::default(),
                            Transform::identity(),
                            None,
                        );
                        let placed = on_paper(&placed);
                        let d = max_difference(&by_resvg, &placed);
                        // (Anti-aliasing differs on a stray pixel or two
                        // where the path's pieces meet.)
                        assert!(
                            d <= 16,
                            "scale {scale}, {status:?} {part:?} at {x},{y}: pixels differ by up to {d}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn path_data_is_read_as_written() {
        let p = plain_path("M1 2L3.5 -4Z M10 10L20 10L20 20").unwrap();
        let b = p.bounds();
        assert_eq!(
            (b.left(), b.top(), b.right(), b.bottom()),
            (1.0, -4.0, 20.0, 20.0)
        );
        let moves = p
            .segments()
            .filter(|s| matches!(s, resvg::tiny_skia::PathSegment::MoveTo(_)))
            .count();
        assert_eq!(moves, 2);
        assert!(plain_path("").is_none());
        assert!(plain_path("M1 x").is_none());
    }
}
