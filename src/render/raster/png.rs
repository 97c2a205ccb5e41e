//! PNG encoding of a finished frame.

use crate::error::{Error, Result};
use resvg::tiny_skia::Pixmap;

/// Encodes an opaque pixmap as an 8-bit RGBA PNG: the pixmap's own bytes
/// (opaque, so premultiplied equals straight alpha), the Sub filter and
/// fdeflate's fastest mode. Measured on a 1600×1200 map: 3.9 ms and 737 KB,
/// against 10 ms and 655 KB for RGB with the adaptive filter (which first
/// needs a copy without alpha).
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut out = Vec::with_capacity(w as usize * h as usize / 2);
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
