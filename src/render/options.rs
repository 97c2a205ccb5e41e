//! What a map is asked for: canvas size, extent, labels, palette, highlights.

use super::style::Palette;
use crate::zones::ZoneOptions;

/// What to draw, and how big.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// Canvas width in CSS pixels.
    pub width: u32,
    /// Canvas height in CSS pixels.
    pub height: u32,
    /// The extent, `[minlon, minlat, maxlon, maxlat]`; default: `frontline.toml`'s,
    /// else the places' bounds with a margin.
    pub bbox: Option<[f64; 4]>,
    /// Whether to label places.
    pub labels: bool,
    /// Force colours.
    pub palette: Palette,
    /// Highlight places that changed hands in the last N days.
    pub changes_days: Option<u32>,
    /// Draw areas of control and front lines, with these cells.
    pub zones: Option<ZoneOptions>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 1600,
            height: 1200,
            bbox: None,
            labels: true,
            palette: Palette::Dataset,
            changes_days: None,
            zones: None,
        }
    }
}
