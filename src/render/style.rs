//! Colours and sizes of the map, in one place.
//!
//! Sizes are for a 1600×1200 canvas and scale with the canvas (see
//! [`Style::k`]); the conventions follow Wikipedia's Syrian civil war maps:
//! a dot in the holder's colour, split for contested, ringed for besieged.

use crate::dataset::{Color, Force};

/// Which colours forces get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// The colours of forces.csv.
    #[default]
    Dataset,
    /// Okabe–Ito colours, distinguishable with any colour vision, in legend order.
    Colorblind,
}

/// The Okabe–Ito palette (Okabe & Ito 2008), safe for colour-blind readers.
pub const OKABE_ITO: [Color; 8] = [
    Color::hex("#d55e00"),
    Color::hex("#009e73"),
    Color::hex("#f0e442"),
    Color::hex("#000000"),
    Color::hex("#0072b2"),
    Color::hex("#e69f00"),
    Color::hex("#56b4e9"),
    Color::hex("#cc79a7"),
];

/// The colour of each force: the dataset's, or the palette's in legend
/// order (the dataset's beyond its end).
pub fn force_colors(forces: &[Force], palette: Palette) -> Vec<Color> {
    forces
        .iter()
        .enumerate()
        .map(|(i, f)| match palette {
            Palette::Colorblind => OKABE_ITO.get(i).copied().unwrap_or(f.color),
            Palette::Dataset => f.color,
        })
        .collect()
}

/// Colours of the paper.
pub mod colors {
    use crate::dataset::Color;

    /// The sea and everything outside the countries.
    pub const SEA: &str = "#d7e3ea";
    /// Countries the map is about.
    pub const FOCUS_LAND: &str = "#fbfaf6";
    /// The same, as a colour to mix zone fills with.
    pub const FOCUS_LAND_COLOR: Color = Color::hex(FOCUS_LAND);
    /// Neighbouring countries.
    pub const OTHER_LAND: &str = "#ebe8e1";
    /// Borders of the focus countries.
    pub const FOCUS_BORDER: &str = "#6b665c";
    /// Borders of neighbours.
    pub const OTHER_BORDER: &str = "#b3ada1";
    /// Internal (governorate) boundaries.
    pub const ADMIN1: &str = "#c2bcb0";
    /// Rivers and lakes.
    pub const WATER: &str = "#8fb8d3";
    /// Unknown places.
    pub const UNKNOWN: &str = "#8c8c8c";
    /// The same, for markers.
    pub const UNKNOWN_COLOR: Color = Color::hex(UNKNOWN);
    /// Text.
    pub const INK: &str = "#222222";
    /// Secondary text.
    pub const MUTED_INK: &str = "#6b665c";
    /// The halo of places that changed hands recently.
    pub const CHANGED: &str = "#ff8c00";
}

/// Sizes, scaled to the canvas.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Scale factor against the 1600×1200 reference canvas.
    pub k: f64,
}

impl Style {
    /// The style for a canvas.
    pub fn new(width: u32, height: u32) -> Style {
        let k = ((width as f64 * height as f64) / (1600.0 * 1200.0))
            .sqrt()
            .clamp(0.7, 4.0);
        Style { k }
    }

    /// Marker radius of a place by kind, else by population.
    pub fn marker_radius(&self, kind: Option<&str>, population: Option<u64>) -> f64 {
        let by_pop = |p: u64| -> f64 {
            match p {
                1_000_000.. => 7.5,
                100_000.. => 6.2,
                10_000.. => 4.6,
                _ => 3.4,
            }
        };
        let r = match kind.map(str::to_lowercase).as_deref() {
            Some("capital") => 8.5,
            Some("city") => population.map_or(6.2, |p| by_pop(p).max(6.2)),
            Some("town") => 4.6,
            Some("village") => 3.4,
            _ => population.map_or(4.0, by_pop),
        };
        r * self.k
    }
}
