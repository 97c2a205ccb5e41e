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
    /// [`COLORBLIND`], distinguishable with any colour vision, in legend order.
    Colorblind,
}

/// Eight colours that stay apart for readers with deuteranopia or
/// protanopia (every pair at least 12 CIEDE2000 apart under Machado et
/// al.'s simulation) and of eight hue families for everyone else: Okabe
/// and Ito's vermillion, bluish green, yellow, blue and reddish purple,
/// black, then a pale cyan and a deep purple. Okabe–Ito's own orange and
/// sky blue are left out: the orange falls on the yellow and the vermillion
/// for a deuteranope, and the sky blue is a second blue beside the blue.
/// The blue comes before the black so that, on the bundled map, Islamic
/// State is black as on news maps, and the Iraqi government pale cyan.
pub const COLORBLIND: [Color; 8] = [
    Color::hex("#d55e00"),
    Color::hex("#009e73"),
    Color::hex("#f0e442"),
    Color::hex("#0072b2"),
    Color::hex("#000000"),
    Color::hex("#cc79a7"),
    Color::hex("#9be5ff"),
    Color::hex("#3f007d"),
];

/// The colour of each force: the dataset's, or the palette's in legend
/// order (the dataset's beyond its end).
pub fn force_colors(forces: &[Force], palette: Palette) -> Vec<Color> {
    forces
        .iter()
        .enumerate()
        .map(|(i, f)| match palette {
            Palette::Colorblind => COLORBLIND.get(i).copied().unwrap_or(f.color),
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

#[cfg(test)]
mod tests {
    use super::{Palette, force_colors};
    use crate::dataset::{Color, Dataset, Sources, bundled_data_dir};
    use palette::color_difference::Ciede2000;
    use palette::white_point::D65;
    use palette::{FromColor, Lab, Lch, LinSrgb, Srgb};

    /// Machado, Oliveira & Fernandes (2009), severity 1.0: linear RGB as
    /// seen with deuteranopia and with protanopia.
    const DEUTERANOPIA: [[f32; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const PROTANOPIA: [[f32; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const NORMAL: [[f32; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    /// `c` in CIELAB (D65) as seen through `m`.
    fn seen(c: Color, m: &[[f32; 3]; 3]) -> Lab {
        let [r, g, b] = c.rgb;
        let lin: LinSrgb = Srgb::new(r, g, b).into_format::<f32>().into_linear();
        let v = [lin.red, lin.green, lin.blue];
        let row = |i: usize| (0..3).map(|j| m[i][j] * v[j]).sum::<f32>().clamp(0.0, 1.0);
        Lab::from_color(LinSrgb::new(row(0), row(1), row(2)))
    }

    /// The crate's CIEDE2000 against Sharma, Wu & Dalal (2005), table 1.
    #[test]
    fn ciede2000_matches_sharmas_test_data() {
        for (a, b, want) in [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, -1.3802, -84.2814], [50.0, 0.0, -82.7485], 1.0000),
            ([50.0, 2.5, 0.0], [50.0, 0.0, -2.5], 4.3065),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            (
                [60.2574, -34.0099, 36.2677],
                [60.4626, -34.1751, 39.4387],
                1.2644,
            ),
            (
                [22.7233, 20.0904, -46.6940],
                [23.0331, 14.9730, -42.5619],
                2.0373,
            ),
            (
                [90.9257, -0.5406, -0.9208],
                [88.6381, -0.8985, -0.7239],
                1.5381,
            ),
            (
                [2.0776, 0.0795, -1.1350],
                [0.9033, -0.0636, -0.5514],
                0.9082,
            ),
        ] {
            let lab = |[l, a, b]: [f32; 3]| Lab::<D65, f32>::new(l, a, b);
            let got: f32 = lab(a).difference(lab(b));
            assert!((got - want).abs() < 1e-3, "{a:?} {b:?}: {got} ≠ {want}");
        }
    }

    /// With `--palette colorblind`, every pair of the bundled dataset's
    /// forces is at least 12 CIEDE2000 apart with normal vision, with
    /// deuteranopia and with protanopia; and no two share a hue family
    /// (their CIELCh hues, when both are coloured, 30° apart or more).
    #[test]
    fn the_colorblind_palette_keeps_every_pair_of_forces_apart() {
        let ds = Dataset::load(&Sources::from_dir(bundled_data_dir())).unwrap();
        let colors = force_colors(&ds.forces, Palette::Colorblind);
        assert!(colors.len() >= 8);
        for i in 0..colors.len() {
            for j in 0..i {
                let names = (&ds.forces[i].name, &ds.forces[j].name);
                for (vision, m) in [
                    ("normal vision", NORMAL),
                    ("deuteranopia", DEUTERANOPIA),
                    ("protanopia", PROTANOPIA),
                ] {
                    let d = seen(colors[i], &m).difference(seen(colors[j], &m));
                    assert!(d >= 12.0, "{names:?}: ΔE2000 {d:.1} with {vision}");
                }
                let (a, b) = (
                    Lch::from_color(seen(colors[i], &NORMAL)),
                    Lch::from_color(seen(colors[j], &NORMAL)),
                );
                if a.chroma > 20.0 && b.chroma > 20.0 {
                    let dh = (a.hue - b.hue).into_degrees().abs();
                    assert!(dh >= 30.0, "{names:?}: hues {dh:.0}° apart, one family");
                }
            }
        }
    }
}
