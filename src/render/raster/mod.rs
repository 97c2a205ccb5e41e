//! From the scene to pixels: resvg draws, the `png` crate encodes.
//!
//! Three things make frames cheap while drawing what resvg draws from the
//! same SVG:
//! - the layers that do not depend on the date (background, basemap, scale
//!   bar, the title and footer bands) are drawn once, and every frame starts
//!   from a copy of them;
//! - every item of a date's scene — markers and texts, which a map repeats by
//!   the thousand, areas, and the batches of other SVG elements between them
//!   — is drawn once per look into a *sprite* (cached) and stamped where it
//!   goes; marker positions are on a quarter-pixel grid and texts on whole
//!   pixels, in the SVG too, so stamping lands where in-place drawing would;
//! - a [`Canvas`] remembers which sprites it shows where, so the next frame
//!   of an animation redraws only the tiles where something changed
//!   ([`Rasterizer::draw`]).
//!
//! A `Rasterizer` can be shared by threads: the sprite caches are behind locks.

mod composite;
mod draw;
mod glyphs;
mod png;
mod sprites;
mod tiles;

pub(crate) use draw::poisoned;
pub use draw::{draw, usvg_options};
pub use png::encode_png;
pub use tiles::Canvas;

use super::bands::{footer_band, title_band};
use super::renderer::MapRenderer;
use super::scene::{Item, Scene};
use super::svg::thousands;
use crate::error::{Error, Result};
use crate::timeline::PlaceState;
use chrono::NaiveDate;
use composite::Bounds;
use resvg::tiny_skia::Pixmap;
use sprites::{Placed, Sprites};
use tiles::NONE;

/// The most device pixels a map may have: 2^27, a 512 MiB RGBA image
/// (`1600×1200` at scale 8 is 123 million). Every frame an animation holds
/// costs that much again, and pixel offsets stay far below `i32::MAX`.
pub const MAX_DEVICE_PIXELS: u64 = 1 << 27;

/// The smallest `--scale`: below it a map shrinks to a few pixels.
pub const MIN_SCALE: f32 = 0.1;

/// The device pixels of a `w`×`h` map at `scale`, or a usage error when the
/// scale is not in [0.1, 8] or the image would pass [`MAX_DEVICE_PIXELS`]:
/// checked before anything is allocated, so a size that validates can be
/// drawn.
pub fn device_size(w: u32, h: u32, scale: f32) -> Result<(u32, u32)> {
    if !(MIN_SCALE..=8.0).contains(&scale) {
        return Err(Error::Usage(format!(
            "a scale of {scale} device pixels per pixel is not possible: it must be at least 0.1 and at most 8"
        )));
    }
    // In f32, as the sizes always were: the same scale gives the same image.
    let side = |n: u32| (n as f32 * scale).round().max(1.0) as u64;
    let (pw, ph) = (side(w), side(h));
    if pw * ph > MAX_DEVICE_PIXELS {
        return Err(Error::Usage(format!(
            "a map of {w}×{h} pixels at scale {scale} is {pw}×{ph} = {} device pixels, more than the {} a map may have (a 512 MiB image): make it smaller or lower the scale",
            thousands((pw * ph) as usize),
            thousands(MAX_DEVICE_PIXELS as usize)
        )));
    }
    Ok((pw as u32, ph as u32))
}

/// Draws a renderer's maps to pixels, at `scale` device pixels per CSS pixel.
pub struct Rasterizer {
    /// The unchanging layers, every frame's start.
    base: Pixmap,
    /// The map area in device pixels (x0, y0, x1, y1): places are clipped to it.
    map: Bounds,
    sprites: Sprites,
}

impl Rasterizer {
    /// Draws the unchanging layers once.
    pub fn new(renderer: &MapRenderer, scale: f32) -> Result<Rasterizer> {
        let options = usvg_options();
        let (w, h) = renderer.size();
        let (pw, ph) = device_size(w, h, scale)?;
        let mut base = Pixmap::new(pw, ph)
            .ok_or_else(|| Error::Render(format!("cannot allocate a {pw}×{ph} image")))?;
        // The bands over the map's edges belong to the base: every frame's
        // places are clipped to the map instead of drawn over and covered.
        let doc = format!(
            "{}{}{}{}</svg>",
            renderer.head_svg(),
            renderer.base_svg(),
            title_band(&renderer.base),
            footer_band(&renderer.base)
        );
        draw(&doc, &options, scale, &mut base)?;
        let head = renderer.head_svg().to_string();
        Ok(Rasterizer {
            sprites: Sprites::new(options, head, scale, (pw, ph)),
            base,
            map: {
                let m = renderer.base.layout.map;
                let s = scale as f64;
                (
                    (m.x * s).floor() as i32,
                    (m.y * s).floor() as i32,
                    ((m.x + m.w) * s).ceil() as i32,
                    ((m.y + m.h) * s).ceil() as i32,
                )
            },
        })
    }

    /// The size of its images in device pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.base.width(), self.base.height())
    }

    /// The map of `date` (with `states`, one per place) as pixels.
    pub fn pixmap(
        &self,
        renderer: &MapRenderer,
        date: NaiveDate,
        states: &[PlaceState],
    ) -> Result<Pixmap> {
        let mut canvas = self.canvas();
        self.draw_scene(renderer.scene(date, states, false), &mut canvas)?;
        Ok(canvas.into_pixmap())
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

    /// A canvas showing the unchanging layers only, to draw frames on.
    pub fn canvas(&self) -> Canvas {
        Canvas::new(self.base.clone())
    }

    /// Draws the map of `date` over what `canvas` shows, redrawing only the
    /// tiles where something changed; returns the share of the canvas redrawn.
    pub fn draw(
        &self,
        renderer: &MapRenderer,
        date: NaiveDate,
        states: &[PlaceState],
        canvas: &mut Canvas,
    ) -> Result<f64> {
        self.draw_scene(renderer.scene(date, states, false), canvas)
    }

    /// Draws a scene over what `canvas` shows: every item of the scene
    /// becomes a sprite put somewhere, and the canvas redraws the tiles where
    /// that differs from what it shows (see [`Canvas`]).
    pub(crate) fn draw_scene(&self, scene: Scene, canvas: &mut Canvas) -> Result<f64> {
        let (placed, of_item) = self.placements(&scene, canvas)?;
        let share = canvas.redraw(&self.base, self.map, placed);
        canvas.items = scene.items;
        canvas.item_placed = of_item;
        Ok(share)
    }

    /// Every item of a scene as a sprite put in its place, in drawing order;
    /// and for each item, the index of its sprite (`NONE`: none). An item
    /// equal to the one at its index in the canvas's last scene takes that
    /// one's sprite without a look-up (places keep their order from frame
    /// to frame, so most items do). Sprites not drawn yet are drawn after
    /// the pass, on every core when there are many (a map's first frame
    /// needs hundreds).
    fn placements(&self, scene: &Scene, last: &Canvas) -> Result<(Vec<Placed>, Vec<u32>)> {
        let n = scene.items.len();
        // Sprites in drawing order; one not drawn yet leaves its slot empty for now.
        let mut slots: Vec<Option<Placed>> = Vec::with_capacity(n);
        let mut slot_of_item: Vec<u32> = Vec::with_capacity(n);
        let mut missing: Vec<(usize, &Item)> = Vec::new();
        let mut pending = String::new();
        for (i, item) in scene.items.iter().enumerate() {
            match item {
                Item::Raw(svg) => {
                    pending.push_str(svg);
                    slot_of_item.push(NONE);
                    continue;
                }
                Item::Open(_) | Item::Close | Item::Band(_) => {
                    slot_of_item.push(NONE);
                    continue;
                }
                Item::Text(_) | Item::Area(_) | Item::Marker(_) => {}
            }
            self.flush(&mut pending, &mut slots)?;
            let earlier = match (last.items.get(i), last.item_placed.get(i)) {
                (Some(old), Some(&at)) if old == item => {
                    Some(last.placed.get(at as usize).cloned())
                }
                _ => None,
            };
            let p = match earlier {
                Some(p) => p,
                None => self.sprites.cached(item)?.unwrap_or_else(|| {
                    missing.push((slots.len(), item));
                    None
                }),
            };
            slot_of_item.push(slots.len() as u32);
            slots.push(p);
        }
        self.flush(&mut pending, &mut slots)?;
        if !missing.is_empty() {
            self.sprites.draw_missing(&missing)?;
            for &(slot, item) in &missing {
                slots[slot] = self.sprites.place(item)?;
            }
        }
        // Empty slots (nothing to see) go; indices follow.
        let mut index = vec![NONE; slots.len()];
        let mut out = Vec::with_capacity(slots.len());
        for (k, p) in slots.into_iter().enumerate() {
            if let Some(p) = p {
                index[k] = out.len() as u32;
                out.push(p);
            }
        }
        let of_item = slot_of_item
            .into_iter()
            .map(|k| if k == NONE { NONE } else { index[k as usize] })
            .collect();
        Ok((out, of_item))
    }

    /// The SVG elements gathered so far, as one sprite.
    fn flush(&self, pending: &mut String, out: &mut Vec<Option<Placed>>) -> Result<()> {
        if !pending.trim().is_empty() {
            out.push(self.sprites.place_raw(pending)?);
        }
        pending.clear();
        Ok(())
    }
}
