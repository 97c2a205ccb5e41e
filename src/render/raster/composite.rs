//! Compositing sprites onto a frame: a premultiplied source-over blend,
//! row span by row span, cheaper than tiny-skia's pipeline for small sprites.

use super::sprites::Sprite;
use resvg::tiny_skia::Pixmap;

/// A box of device pixels: x0, y0, x1, y1 (end exclusive).
pub(super) type Bounds = (i32, i32, i32, i32);

/// The offset of pixel `(x, y)` (both inside) in the RGBA bytes of an image
/// `w` pixels wide, in `usize`: `y * w * 4` passes `i32` at 537 million
/// pixels, which must not wrap whatever size gets here.
pub(super) fn byte_offset(x: i32, y: i32, w: i32) -> usize {
    (y as usize * w as usize + x as usize) * 4
}

/// Stamps a sprite so that its origin lands on pixel `(x, y)`, only within
/// `clip` (inside the frame): premultiplied source-over, row by row
/// (tiny-skia's general pipeline costs more to set up than a 15×15 sprite
/// costs to blend).
pub(super) fn stamp(frame: &mut Pixmap, sprite: &Sprite, x: i32, y: i32, clip: Bounds) {
    let Some(src) = &sprite.pixmap else { return };
    let (x, y) = (x - sprite.origin.0, y - sprite.origin.1);
    let fw = frame.width() as i32;
    let (cx0, cy0, cx1, cy1) = clip;
    let sw = src.width() as i32;
    let (sdata, fdata) = (src.data(), frame.data_mut());
    for &(row, first, end, opaque) in &sprite.spans {
        let fy = y + row as i32;
        let (fx0, fx1) = ((x + first as i32).max(cx0), (x + end as i32).min(cx1));
        if fy < cy0 || fy >= cy1 || fx0 >= fx1 {
            continue;
        }
        let s_off = byte_offset(fx0 - x, row as i32, sw);
        let f_off = byte_offset(fx0, fy, fw);
        let n = (fx1 - fx0) as usize * 4;
        let (s_span, f_span) = (&sdata[s_off..s_off + n], &mut fdata[f_off..f_off + n]);
        if opaque {
            f_span.copy_from_slice(s_span);
            continue;
        }
        for (s, f) in s_span.chunks_exact(4).zip(f_span.chunks_exact_mut(4)) {
            let (s, d) = (
                u32::from_le_bytes([s[0], s[1], s[2], s[3]]),
                u32::from_le_bytes([f[0], f[1], f[2], f[3]]),
            );
            f.copy_from_slice(&over(s, d).to_le_bytes());
        }
    }
}

/// Premultiplied source-over of one RGBA pixel (as little-endian u32) on
/// another: `s + d × (255 − sa) / 255` per channel, rounded, two channels at
/// a time. No channel carries into the next: a premultiplied channel of `s`
/// is at most its alpha, and the scaled `d` at most 255 minus that alpha.
#[inline]
fn over(s: u32, d: u32) -> u32 {
    let inv = 255 - (s >> 24);
    // x / 255 rounded, exactly, for x ≤ 255 × 255: (x + 128 + ((x + 128) >> 8)) >> 8.
    let rb = (d & 0x00ff_00ff) * inv + 0x0080_0080;
    let rb = ((rb + ((rb >> 8) & 0x00ff_00ff)) >> 8) & 0x00ff_00ff;
    let ga = ((d >> 8) & 0x00ff_00ff) * inv + 0x0080_0080;
    let ga = (ga + ((ga >> 8) & 0x00ff_00ff)) & 0xff00_ff00;
    s + (rb | ga)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-channels-at-a-time blend equals the plain per-channel one.
    #[test]
    fn source_over_equals_the_per_channel_formula() {
        let plain = |s: [u8; 4], d: [u8; 4]| -> [u8; 4] {
            let inv = 255 - s[3] as u32;
            std::array::from_fn(|c| (s[c] as u32 + (d[c] as u32 * inv + 127) / 255) as u8)
        };
        for sa in [0u8, 1, 37, 128, 200, 254, 255] {
            for d in [
                [0u8, 0, 0, 0],
                [255, 255, 255, 255],
                [12, 200, 99, 255],
                [1, 2, 3, 4],
            ] {
                for frac in [0u32, 1, 50, 100] {
                    let sc = (sa as u32 * frac / 100) as u8;
                    let s = [sc, sa / 2, sa, sa];
                    let got = over(u32::from_le_bytes(s), u32::from_le_bytes(d)).to_le_bytes();
                    assert_eq!(got, plain(s, d), "{s:?} over {d:?}");
                }
            }
        }
    }

    #[test]
    fn a_sprite_is_stamped_only_within_its_clip() {
        let mut frame = Pixmap::new(8, 8).unwrap();
        let mut src = Pixmap::new(4, 4).unwrap();
        src.fill(resvg::tiny_skia::Color::from_rgba8(255, 0, 0, 255));
        let sprite = Sprite::new(Some(src), (0, 0));
        stamp(&mut frame, &sprite, 2, 2, (3, 3, 8, 8));
        let red = |x: usize, y: usize| frame.data()[(y * 8 + x) * 4] == 255;
        assert!(!red(2, 2) && !red(2, 5) && !red(5, 2));
        assert!(red(3, 3) && red(5, 5) && !red(6, 6));
    }
}
