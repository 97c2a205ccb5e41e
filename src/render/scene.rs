//! The resolved drawing of a date's layers: SVG fragments, plus the two
//! kinds of element every frame repeats by the thousand — place markers and
//! text — kept as values, so the PNG path can draw each distinct one once
//! and stamp it (see the `raster` module), while the SVG path writes them out.

use super::marker::MarkerItem;
use super::svg::{esc, n};
use crate::dataset::{Color, ForceIndex, PlaceIndex};
use crate::geometry::Rect;
use crate::timeline::Status;
use std::fmt::{self, Write};

/// The start of the title group, which comes after the map's layers.
pub(crate) const TITLE_GROUP: &str = "<g id=\"title\"";

/// One element of a scene, in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// Complete SVG elements.
    Raw(String),
    /// The start tag of a group that carries no style (ids, data attributes).
    Open(String),
    /// The end of the last open group.
    Close,
    /// A text with its own style.
    Text(TextItem),
    /// A place marker.
    Marker(MarkerItem),
    /// A place's area: SVG elements, drawn once per look and place.
    Area(AreaItem),
    /// An opaque band over the map's edge (title, footer): in the SVG it
    /// covers what spills out of the map; the PNG path draws it with the
    /// base layers and clips places to the map instead.
    Band(String),
}

/// An area place, styled by its state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AreaItem {
    /// The SVG elements (shared: written once per look, see `places`).
    pub svg: std::sync::Arc<str>,
    /// What decides its pixels.
    pub key: AreaLook,
    /// Where it is on the canvas, strokes included.
    pub bbox: Rect,
    /// `Some(colour)` when the area is one opaque colour (a zone cell): its
    /// pixels are then its shape's coverage in that colour, so the PNG path
    /// draws the shape once and tints it for every other colour it takes.
    pub tint: Option<Color>,
    /// The same pixels as one path in plain paints (a plain zone cell, a
    /// front): the PNG path draws it with tiny-skia straight away, without
    /// the SVG parser, which costs most of drawing thousands of small cells.
    pub plain: Option<PlainPath>,
}

/// An area that is one path: its path data (`M x y L x y … Z`, CSS pixels,
/// as `svg::ring` writes it), filled and/or stroked in one colour each.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlainPath {
    pub d: std::sync::Arc<str>,
    pub fill: Option<Color>,
    /// The fill's opacity in hundredths (100: opaque).
    pub fill_opacity: u8,
    /// SVG's `fill-rule="evenodd"` (else nonzero).
    pub even_odd: bool,
    /// Colour and width (CSS pixels).
    pub stroke: Option<(Color, f64)>,
    /// Round caps and joins (else SVG's butt caps and miter joins).
    pub round: bool,
}

/// What decides an area's pixels: which shape it is, and the look of the
/// state it is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct AreaLook {
    pub shape: AreaShape,
    pub status: Status,
    pub holder: Option<ForceIndex>,
    pub challenger: Option<ForceIndex>,
}

/// The shapes drawn as areas: each is drawn once per look into a sprite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AreaShape {
    /// A place with an area (a polygon place).
    Place(PlaceIndex),
    /// A zone cell (its index in the zones stage's cells).
    Cell(u32),
    /// The white casing of a front line along a link between two cells.
    FrontCasing(u32),
    /// A front line along a link between two cells.
    Front(u32),
    /// The basemap's water and boundaries, drawn over the zones.
    BasemapLines,
}

/// Where a text hangs from its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// A text element. Positions are whole pixels, so that a text drawn once
/// and stamped elsewhere is pixel-identical to one drawn in place.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextItem {
    pub x: i32,
    pub y: i32,
    pub text: String,
    pub style: TextStyle,
    /// Extra attributes written as they are (`id="date"`, `data-id="…"`).
    pub attrs: String,
}

/// Everything that decides a text's pixels, apart from where it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct TextStyle {
    /// Font size in hundredths of a pixel.
    pub size: u32,
    pub bold: bool,
    pub anchor: Anchor,
    pub fill: &'static str,
    /// Fill opacity in hundredths (100 = opaque).
    pub opacity: u8,
    /// Width of the white halo in hundredths of a pixel (0: none).
    pub halo: u32,
    /// Letter spacing in hundredths of a pixel.
    pub spacing: u32,
}

impl TextStyle {
    /// A style from sizes in pixels.
    pub fn new(size: f64, bold: bool, anchor: Anchor, fill: &'static str, halo: f64) -> TextStyle {
        TextStyle {
            size: (size * 100.0).round() as u32,
            bold,
            anchor,
            fill,
            opacity: 100,
            halo: (halo * 100.0).round() as u32,
            spacing: 0,
        }
    }

    /// The size in pixels.
    pub fn size_px(&self) -> f64 {
        self.size as f64 / 100.0
    }

    /// The halo width in pixels.
    pub fn halo_px(&self) -> f64 {
        self.halo as f64 / 100.0
    }
}

impl TextItem {
    /// Writes the element, self-contained (no inherited style).
    pub fn svg(&self, out: &mut String) {
        self.svg_at(out, self.x, self.y);
    }

    /// Writes the element at another position (the sprite's origin).
    pub fn svg_at(&self, out: &mut String, x: i32, y: i32) {
        let s = &self.style;
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"{}\"",
            n(s.size_px())
        );
        if s.bold {
            out.push_str(" font-weight=\"bold\"");
        }
        match s.anchor {
            Anchor::Start => {}
            Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
            Anchor::End => out.push_str(" text-anchor=\"end\""),
        }
        if s.spacing > 0 {
            let _ = write!(out, " letter-spacing=\"{}\"", n(s.spacing as f64 / 100.0));
        }
        let _ = write!(out, " fill=\"{}\"", s.fill);
        if s.opacity < 100 {
            let _ = write!(out, " fill-opacity=\"{}\"", n(s.opacity as f64 / 100.0));
        }
        if s.halo > 0 {
            let _ = write!(
                out,
                " stroke=\"#ffffff\" stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                n(s.halo_px())
            );
        }
        if !self.attrs.is_empty() {
            out.push(' ');
            out.push_str(&self.attrs);
        }
        let _ = write!(out, ">{}</text>", esc(&self.text));
    }
}

/// The items of a scene, in drawing order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scene {
    pub items: Vec<Item>,
    /// Whether to include what only the SVG needs (the places' data attributes).
    pub attributes: bool,
}

impl Scene {
    /// An empty scene (`attributes`: for SVG output) with room for `items`
    /// items: a map's scene has one or more per place, and growing the list
    /// by doubling copies it a dozen times a frame.
    pub fn with_capacity(attributes: bool, items: usize) -> Scene {
        Scene {
            items: Vec::with_capacity(items),
            attributes,
        }
    }

    /// Appends SVG text to the current fragment.
    pub fn push_str(&mut self, s: &str) {
        match self.items.last_mut() {
            Some(Item::Raw(r)) => r.push_str(s),
            _ => self.items.push(Item::Raw(s.to_string())),
        }
    }

    /// Opens an unstyled group (its start tag, e.g. `<g id="labels">`).
    pub fn open(&mut self, tag: impl Into<String>) {
        self.items.push(Item::Open(tag.into()));
    }

    /// Closes the last group.
    pub fn close(&mut self) {
        self.items.push(Item::Close);
    }

    /// Adds a text.
    pub fn text(&mut self, t: TextItem) {
        self.items.push(Item::Text(t));
    }

    /// Adds a band over the map's edge.
    pub fn band(&mut self, svg: String) {
        self.items.push(Item::Band(svg));
    }

    /// Adds an area.
    pub fn area(&mut self, a: AreaItem) {
        self.items.push(Item::Area(a));
    }

    /// Adds a marker.
    pub fn marker(&mut self, m: MarkerItem) {
        self.items.push(Item::Marker(m));
    }

    /// A digest of the map: everything but the title and the footer, which
    /// change with every date. Equal digests, equal maps, but for a 64-bit
    /// collision (FxHash: fast, and the digest only counts frames for the
    /// run's summary: no pixel depends on it).
    pub fn map_digest(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        for item in &self.items {
            match item {
                Item::Open(tag) if tag.starts_with(TITLE_GROUP) => break,
                Item::Raw(s) | Item::Open(s) | Item::Band(s) => (0u8, s).hash(&mut h),
                Item::Close => 1u8.hash(&mut h),
                Item::Text(t) => (2u8, t.x, t.y, &t.text, &t.style, &t.attrs).hash(&mut h),
                Item::Marker(m) => (3u8, m.qx, m.qy, &m.style).hash(&mut h),
                // An area's look names its shape and colours: its SVG (long,
                // for a zone cell) follows from it.
                Item::Area(a) => (4u8, a.key).hash(&mut h),
            }
        }
        h.finish()
    }

    /// The whole scene as SVG elements.
    pub fn write_svg(&self, out: &mut String) {
        for item in &self.items {
            match item {
                Item::Raw(s) => out.push_str(s),
                Item::Open(tag) => {
                    out.push_str(tag);
                    out.push('\n');
                }
                Item::Close => out.push_str("</g>\n"),
                Item::Text(t) => {
                    t.svg(out);
                    out.push('\n');
                }
                Item::Marker(m) => m.svg(out),
                Item::Area(a) => out.push_str(&a.svg),
                Item::Band(s) => out.push_str(s),
            }
        }
    }
}

impl fmt::Write for Scene {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}
