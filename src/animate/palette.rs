//! A fixed 256-colour palette for GIF frames, and a fast pixel → index map.
//!
//! Map frames are few flat colours plus their anti-aliased blends, so a
//! palette built once from what the map can contain beats a per-frame
//! quantiser (NeuQuant takes ~125 ms a 1600×1200 frame): every `#rrggbb`
//! the SVG names (force colours, basemap, legend, text) is in it exactly, and
//! the remaining entries are the most frequent other colours of a few sample
//! frames (the blends along edges and under text). Pixels map through a
//! 32×32×32 table of nearest entries, with an exact check first so a force's
//! colour always maps to itself. No dithering: flat areas stay flat (and
//! compress well).

use resvg::tiny_skia::Pixmap;

/// Palette index reserved for "same as the previous frame" (transparent).
pub const UNCHANGED: u8 = 255;
/// Usable colours (index 255 is [`UNCHANGED`]).
const COLOURS: usize = 255;
/// Bins per channel of the lookup table.
const BINS: usize = 32;

/// A palette and its lookup table.
pub struct Palette {
    colours: Vec<[u8; 3]>,
    /// Nearest entry to each bin's centre.
    nearest: Vec<u8>,
    /// Entries inside each bin, for the exact check: `(start, len)` into `inside`.
    bin_entries: Vec<(u32, u8)>,
    inside: Vec<u8>,
}

impl Palette {
    /// The palette of a map: `exact` colours first (deduplicated, at most
    /// 255), then the most frequent other colours of `samples`.
    pub fn build(exact: &[[u8; 3]], samples: &[&Pixmap]) -> Palette {
        let mut colours: Vec<[u8; 3]> = Vec::with_capacity(256);
        for c in exact {
            if colours.len() < COLOURS && !colours.contains(c) {
                colours.push(*c);
            }
        }
        // Histogram of the samples by 15-bit bin, with the sum of each bin's colours.
        let mut count = vec![0u32; BINS * BINS * BINS];
        let mut sum = vec![[0u64; 3]; BINS * BINS * BINS];
        for p in samples {
            for px in p.data().chunks_exact(4) {
                let b = bin(px[0], px[1], px[2]);
                count[b] += 1;
                sum[b][0] += px[0] as u64;
                sum[b][1] += px[1] as u64;
                sum[b][2] += px[2] as u64;
            }
        }
        let mut order: Vec<usize> = (0..count.len()).filter(|&b| count[b] > 0).collect();
        order.sort_by_key(|&b| std::cmp::Reverse(count[b]));
        // Take frequent bins whose mean is not already (nearly) in the palette;
        // relax the spacing if the palette is not full after a pass.
        for min_dist in [48u32, 12, 3, 0] {
            for &b in &order {
                if colours.len() >= COLOURS {
                    break;
                }
                let n = count[b] as u64;
                let mean = [
                    (sum[b][0] / n) as u8,
                    (sum[b][1] / n) as u8,
                    (sum[b][2] / n) as u8,
                ];
                if colours.iter().all(|c| dist(*c, mean) > min_dist) {
                    colours.push(mean);
                }
            }
        }
        if colours.is_empty() {
            colours.push([255, 255, 255]);
        }
        Palette::with_colours(colours)
    }

    fn with_colours(colours: Vec<[u8; 3]>) -> Palette {
        let step = 256 / BINS;
        let mut nearest = Vec::with_capacity(BINS * BINS * BINS);
        for r in 0..BINS {
            for g in 0..BINS {
                for b in 0..BINS {
                    let centre = [
                        (r * step + step / 2) as u8,
                        (g * step + step / 2) as u8,
                        (b * step + step / 2) as u8,
                    ];
                    nearest.push(nearest_of(&colours, centre));
                }
            }
        }
        let mut by_bin: Vec<Vec<u8>> = vec![Vec::new(); BINS * BINS * BINS];
        for (i, c) in colours.iter().enumerate() {
            by_bin[bin(c[0], c[1], c[2])].push(i as u8);
        }
        let mut bin_entries = Vec::with_capacity(by_bin.len());
        let mut inside = Vec::new();
        for entries in by_bin {
            bin_entries.push((inside.len() as u32, entries.len() as u8));
            inside.extend(entries);
        }
        Palette {
            colours,
            nearest,
            bin_entries,
            inside,
        }
    }

    /// The GIF global colour table: 256 RGB triples (unused entries black).
    pub fn table(&self) -> Vec<u8> {
        let mut t = vec![0u8; 256 * 3];
        for (i, c) in self.colours.iter().enumerate() {
            t[i * 3..i * 3 + 3].copy_from_slice(c);
        }
        t
    }

    /// The colours (at most 255).
    pub fn colours(&self) -> &[[u8; 3]] {
        &self.colours
    }

    /// The index of one colour.
    #[inline]
    pub fn index(&self, r: u8, g: u8, b: u8) -> u8 {
        let bn = bin(r, g, b);
        let (start, len) = self.bin_entries[bn];
        if len > 0 {
            // A palette colour shares this bin: exact colours map to themselves,
            // others to the nearest of those entries and the bin's nearest.
            let mut best = self.nearest[bn];
            let mut best_d = dist(self.colours[best as usize], [r, g, b]);
            for &i in &self.inside[start as usize..start as usize + len as usize] {
                let d = dist(self.colours[i as usize], [r, g, b]);
                if d < best_d {
                    best = i;
                    best_d = d;
                }
            }
            best
        } else {
            self.nearest[bn]
        }
    }

    /// Maps an opaque RGBA pixmap to palette indices.
    pub fn map(&self, pixmap: &Pixmap) -> Vec<u8> {
        let mut out = Vec::with_capacity((pixmap.width() * pixmap.height()) as usize);
        let mut last = [0u8; 3];
        let mut last_i = self.index(0, 0, 0);
        for px in pixmap.data().chunks_exact(4) {
            let c = [px[0], px[1], px[2]];
            if c != last {
                last = c;
                last_i = self.index(c[0], c[1], c[2]);
            }
            out.push(last_i);
        }
        out
    }
}

#[inline]
fn bin(r: u8, g: u8, b: u8) -> usize {
    ((r as usize >> 3) << 10) | ((g as usize >> 3) << 5) | (b as usize >> 3)
}

/// Squared distance, weighted roughly like the eye (green counts most).
#[inline]
fn dist(a: [u8; 3], b: [u8; 3]) -> u32 {
    let d = |i: usize| (a[i] as i32 - b[i] as i32).unsigned_abs();
    2 * d(0) * d(0) + 4 * d(1) * d(1) + 3 * d(2) * d(2)
}

fn nearest_of(colours: &[[u8; 3]], c: [u8; 3]) -> u8 {
    let mut best = 0;
    let mut best_d = u32::MAX;
    for (i, p) in colours.iter().enumerate() {
        let d = dist(*p, c);
        if d < best_d {
            best = i;
            best_d = d;
        }
    }
    best as u8
}

/// Every `#rrggbb` named in an SVG text, in order of first appearance.
pub fn svg_colours(svg: &str, into: &mut Vec<[u8; 3]>) {
    let bytes = svg.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr(b'#', &bytes[i..]) {
        let at = i + off;
        i = at + 1;
        let Some(hex) = bytes.get(at + 1..at + 7) else {
            break;
        };
        if !hex.iter().all(u8::is_ascii_hexdigit)
            || bytes.get(at + 7).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let v = |k: usize| {
            u8::from_str_radix(std::str::from_utf8(&hex[k..k + 2]).unwrap_or("00"), 16).unwrap_or(0)
        };
        let c = [v(0), v(2), v(4)];
        if !into.contains(&c) {
            into.push(c);
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_colours_map_to_themselves() {
        // Colours that share a bin must still map exactly.
        let exact = [
            [255, 0, 0],
            [250, 2, 3],
            [0, 0, 255],
            [255, 255, 255],
            [34, 34, 34],
        ];
        let p = Palette::build(&exact, &[]);
        for (i, c) in exact.iter().enumerate() {
            assert_eq!(p.index(c[0], c[1], c[2]) as usize, i, "{c:?}");
        }
        // A near colour maps to a near entry.
        let i = p.index(253, 253, 253) as usize;
        assert_eq!(p.colours()[i], [255, 255, 255]);
    }

    #[test]
    fn fills_from_samples() {
        let mut pm = Pixmap::new(4, 4).unwrap();
        pm.fill(resvg::tiny_skia::Color::from_rgba8(10, 200, 30, 255));
        let p = Palette::build(&[[0, 0, 0]], &[&pm]);
        assert!(p.colours().contains(&[10, 200, 30]));
        assert!(
            p.map(&pm)
                .iter()
                .all(|&i| p.colours()[i as usize] == [10, 200, 30])
        );
        assert!(p.colours().len() <= 255);
    }

    #[test]
    fn finds_svg_colours() {
        let mut c = Vec::new();
        svg_colours(
            "<rect fill=\"#ff0000\"/><use href=\"#hatch-1\"/><path stroke=\"#00Ff00\" fill=\"#ff0000\"/>",
            &mut c,
        );
        assert_eq!(c, vec![[255, 0, 0], [0, 255, 0]]);
    }
}
