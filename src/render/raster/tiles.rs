//! The tile-diff engine: a [`Canvas`] remembers which sprites it shows
//! where, so the next frame redraws only the 16-pixel tiles where something
//! changed, and ends exactly as a fresh drawing would.

use super::composite::{Bounds, byte_offset, stamp};
use super::sprites::{Ident, Placed};
use crate::render::scene::Item;
use resvg::tiny_skia::Pixmap;
use rustc_hash::FxHashMap;

/// The side of the square tiles a canvas is redrawn by, in device pixels.
const TILE: i32 = 16;

/// No index.
pub(super) const NONE: u32 = u32::MAX;

/// A frame's pixels and the sprites on them, kept to draw the next frame
/// over (see [`Rasterizer::draw`](crate::render::Rasterizer::draw)).
pub struct Canvas {
    pixmap: Pixmap,
    pub(super) placed: Vec<Placed>,
    /// The items of the last scene drawn, and the index in `placed` of each one's sprite.
    pub(super) items: Vec<Item>,
    pub(super) item_placed: Vec<u32>,
}

impl Canvas {
    /// A canvas showing `base` and nothing placed on it.
    pub(super) fn new(base: Pixmap) -> Canvas {
        Canvas {
            pixmap: base,
            placed: Vec::new(),
            items: Vec::new(),
            item_placed: Vec::new(),
        }
    }

    /// The pixels, and nothing else of the canvas.
    pub(super) fn into_pixmap(self) -> Pixmap {
        self.pixmap
    }

    /// The pixels.
    pub fn pixmap(&self) -> &Pixmap {
        &self.pixmap
    }

    /// Puts `placed` (sprites in drawing order) over what the canvas
    /// shows, on `base` (the unchanging layers); places are clipped to `map`.
    /// Returns the share of the canvas redrawn.
    ///
    /// The sprites put on the canvas before are known. Whatever was put and
    /// is gone, appears, or now comes in another order marks the tiles under
    /// it as dirty. Dirty tiles go back to the base layers and get every
    /// sprite that touches them, in order, clipped to them. Outside them
    /// every pixel is covered by the same sprites in the same order as
    /// before, so the canvas ends exactly as if drawn on a fresh copy of the
    /// base.
    pub(super) fn redraw(&mut self, base: &Pixmap, map: Bounds, placed: Vec<Placed>) -> f64 {
        let (w, h) = (self.pixmap.width() as i32, self.pixmap.height() as i32);
        let mut grid = Grid::new(w, h);
        mark_changes(&self.placed, &placed, map, &mut grid);
        let count = grid.dirty.iter().filter(|d| **d).count();
        let frame = &mut self.pixmap;
        if count * 5 > grid.dirty.len() * 3 {
            // Most of it: drawing all again costs less than tile by tile
            // (on the base, which a canvas with nothing placed shows already).
            if !self.placed.is_empty() {
                frame.data_mut().copy_from_slice(base.data());
            }
            for p in &placed {
                if let Some(b) = bounds(p, map, w, h) {
                    stamp(frame, &p.sprite, p.x, p.y, b);
                }
            }
        } else if count > 0 {
            let (runs, run_of_tile) = grid.runs();
            let base = base.data();
            for &(x0, y0, x1, y1) in &runs {
                for y in y0..y1 {
                    let (a, b) = (byte_offset(x0, y, w), byte_offset(x1, y, w));
                    frame.data_mut()[a..b].copy_from_slice(&base[a..b]);
                }
            }
            let mut touched: Vec<u32> = Vec::new();
            for p in &placed {
                let Some((x0, y0, x1, y1)) = bounds(p, map, w, h) else {
                    continue;
                };
                touched.clear();
                for ty in y0 / TILE..=(y1 - 1) / TILE {
                    for tx in x0 / TILE..=(x1 - 1) / TILE {
                        let run = run_of_tile[(ty * grid.tw + tx) as usize];
                        if run != NONE && !touched.contains(&run) {
                            touched.push(run);
                        }
                    }
                }
                for &run in &touched {
                    let r = runs[run as usize];
                    let clip = (x0.max(r.0), y0.max(r.1), x1.min(r.2), y1.min(r.3));
                    stamp(frame, &p.sprite, p.x, p.y, clip);
                }
            }
        }
        self.placed = placed;
        count as f64 / grid.dirty.len().max(1) as f64
    }
}

/// The tiles of a `w`×`h` frame, and which are dirty.
struct Grid {
    w: i32,
    h: i32,
    /// Tiles per row, and rows.
    tw: i32,
    th: i32,
    dirty: Vec<bool>,
}

impl Grid {
    fn new(w: i32, h: i32) -> Grid {
        let (tw, th) = ((w + TILE - 1) / TILE, (h + TILE - 1) / TILE);
        Grid {
            w,
            h,
            tw,
            th,
            dirty: vec![false; tw as usize * th as usize],
        }
    }

    /// Marks the tiles under a box (`None`: nothing to mark).
    fn mark(&mut self, r: Option<Bounds>) {
        if let Some((x0, y0, x1, y1)) = r {
            for ty in y0 / TILE..=(y1 - 1) / TILE {
                let row = (ty * self.tw) as usize;
                self.dirty[row + (x0 / TILE) as usize..=row + ((x1 - 1) / TILE) as usize]
                    .fill(true);
            }
        }
    }

    /// The dirty tiles joined into runs along each row of tiles (boxes of
    /// pixels), and the run of each tile (`NONE`: clean).
    fn runs(&self) -> (Vec<Bounds>, Vec<u32>) {
        let (tw, th) = (self.tw, self.th);
        let mut run_of_tile = vec![NONE; self.dirty.len()];
        let mut runs: Vec<Bounds> = Vec::new();
        for ty in 0..th {
            let mut tx = 0;
            while tx < tw {
                if !self.dirty[(ty * tw + tx) as usize] {
                    tx += 1;
                    continue;
                }
                let start = tx;
                while tx < tw && self.dirty[(ty * tw + tx) as usize] {
                    run_of_tile[(ty * tw + tx) as usize] = runs.len() as u32;
                    tx += 1;
                }
                runs.push((
                    start * TILE,
                    ty * TILE,
                    (tx * TILE).min(self.w),
                    ((ty + 1) * TILE).min(self.h),
                ));
            }
        }
        (runs, run_of_tile)
    }
}

/// Marks where `placed` differs from `old`: a sprite that appears, goes, or
/// comes out of its old order (matched by sprite and spot, the n-th of a
/// kind with the n-th).
fn mark_changes(old: &[Placed], placed: &[Placed], map: Bounds, grid: &mut Grid) {
    let (w, h) = (grid.w, grid.h);
    let mut next_same = vec![NONE; old.len()];
    let mut first: FxHashMap<Ident, u32> =
        FxHashMap::with_capacity_and_hasher(old.len(), Default::default());
    for (i, p) in old.iter().enumerate().rev() {
        if let Some(later) = first.insert(p.ident(), i as u32) {
            next_same[i] = later;
        }
    }
    let mut matched = vec![false; old.len()];
    // The latest old position matched so far: a match before it is out of order.
    let mut latest: i64 = -1;
    for p in placed {
        let found = match first.get_mut(&p.ident()) {
            Some(slot) if *slot != NONE => {
                let i = *slot;
                *slot = next_same[i as usize];
                Some(i)
            }
            _ => None,
        };
        match found {
            Some(i) => {
                matched[i as usize] = true;
                if (i as i64) < latest {
                    grid.mark(bounds(p, map, w, h));
                } else {
                    latest = i as i64;
                }
            }
            None => grid.mark(bounds(p, map, w, h)),
        }
    }
    for (p, m) in old.iter().zip(&matched) {
        if !m {
            grid.mark(bounds(p, map, w, h));
        }
    }
}

/// Where a placed sprite's pixels go on a `w`×`h` frame, clipped (to `map`
/// if the sprite is).
fn bounds(p: &Placed, map: Bounds, w: i32, h: i32) -> Option<Bounds> {
    let sp = p.sprite.pixmap.as_ref()?;
    let (x0, y0) = (p.x - p.sprite.origin.0, p.y - p.sprite.origin.1);
    let (x1, y1) = (x0 + sp.width() as i32, y0 + sp.height() as i32);
    let (cx0, cy0, cx1, cy1) = if p.clipped { map } else { (0, 0, w, h) };
    let b = (
        x0.max(cx0).max(0),
        y0.max(cy0).max(0),
        x1.min(cx1).min(w),
        y1.min(cy1).min(h),
    );
    (b.0 < b.2 && b.1 < b.3).then_some(b)
}

#[cfg(test)]
mod tests {
    use crate::dataset::Color;
    use crate::dataset::{Dataset, Sources, bundled_data_dir};
    use crate::render::marker::MarkerItem;
    use crate::render::scene::Scene;
    use crate::render::{MapRenderer, Rasterizer, RenderOptions};
    use crate::timeline::Timeline;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Frames drawn one over the other on one canvas, tile by tile, are
    /// exactly the frames drawn each on a fresh copy of the base: forwards,
    /// backwards, unchanged, and with highlights that come and go.
    #[test]
    fn a_canvas_redrawn_by_tiles_equals_a_fresh_drawing() {
        let ds = Dataset::load(&Sources::from_dir(bundled_data_dir())).unwrap();
        let tl = Timeline::new(&ds);
        // With zones too: each cell is a sprite, redrawn where its zone changed.
        let zones = Some(crate::zones::ZoneOptions::default());
        for (scale, changes, zones) in
            [(1.0, None, None), (1.5, Some(30), None), (1.0, None, zones)]
        {
            let options = RenderOptions {
                width: 800,
                height: 600,
                changes_days: changes,
                zones,
                ..RenderOptions::default()
            };
            let options_zones = options.zones.is_some();
            let r = MapRenderer::new(&ds, &tl, options).unwrap();
            let raster = Rasterizer::new(&r, scale).unwrap();
            let mut canvas = raster.canvas();
            let mut partial = false;
            for date in [
                "2013-01-01",
                "2015-05-20",
                "2015-05-27",
                "2015-05-27",
                "2017-03-02",
                "2014-06-10",
                "2019-12-31",
            ] {
                let date = day(date);
                let states = tl.states_on(date);
                let share = raster.draw(&r, date, &states, &mut canvas).unwrap();
                partial |= share > 0.0 && share < 0.5;
                let fresh = raster.pixmap(&r, date, &states).unwrap();
                assert!(
                    canvas.pixmap().data() == fresh.data(),
                    "{date} at scale {scale} (zones: {}): the canvas differs from a fresh drawing",
                    options_zones
                );
            }
            // The test means something only if some frames were partial redraws.
            assert!(partial, "no frame was redrawn in part");
        }
    }

    /// Two overlapping markers that swap their order swap what is on top.
    #[test]
    fn items_that_swap_order_are_redrawn() {
        use crate::timeline::Status;
        let ds = Dataset::load(&Sources::from_dir(bundled_data_dir())).unwrap();
        let tl = Timeline::new(&ds);
        let options = RenderOptions {
            width: 400,
            height: 300,
            ..RenderOptions::default()
        };
        let r = MapRenderer::new(&ds, &tl, options).unwrap();
        let raster = Rasterizer::new(&r, 1.0).unwrap();
        let marker = |x: f64, color: &str| {
            let color = Color::parse(color).unwrap();
            MarkerItem::new(x, 150.0, 8.0, Status::Held, color, color, 1.0)
        };
        let scene = |first: &str, second: &str| {
            let mut s = Scene::with_capacity(false, 8);
            s.marker(marker(200.0, first));
            s.marker(marker(206.0, second));
            s
        };
        let mut canvas = raster.canvas();
        raster
            .draw_scene(scene("#ff0000", "#0000ff"), &mut canvas)
            .unwrap();
        // The same two sprites at the same places, the other one on top.
        let swapped = Scene {
            items: scene("#ff0000", "#0000ff")
                .items
                .into_iter()
                .rev()
                .collect(),
            attributes: false,
        };
        let mut fresh = raster.canvas();
        raster.draw_scene(swapped.clone(), &mut fresh).unwrap();
        raster.draw_scene(swapped, &mut canvas).unwrap();
        assert!(canvas.pixmap().data() == fresh.pixmap().data());
    }
}
