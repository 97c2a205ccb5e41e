//! Stage 5, render: the map of a date as SVG, and as PNG through resvg.
//!
//! A [`MapRenderer`] is built once per dataset and canvas: it fits the
//! projection, projects every place and the basemap, and writes the layers
//! that never change (background, basemap). Each date then only adds the
//! layers that depend on the state: places, labels, legend, title. SVG and
//! PNG are the same picture: the PNG is the SVG rasterised by resvg, with
//! the unchanging layers rasterised once and reused (see [`raster`]).
//!
//! Files import downwards only, so each can be read without the ones above:
//! `raster` (pixels) → `renderer` (a date's scene) → the layers (`places`,
//! `labels`, `legend`, `bands`) → `base` (prepared once) → what it is
//! prepared from (`shapes`, `label_facts`, `legend_box`, `basemap`,
//! `scale_bar`, `layout`, `options`) → `scene`, `marker`, `style`, `svg`,
//! `text`; projection and ground measures are [`crate::geometry`]'s.

mod bands;
mod base;
mod basemap;
mod label_facts;
mod labels;
mod layout;
mod legend;
mod legend_box;
mod marker;
mod options;
mod places;
pub mod raster;
mod renderer;
mod scale_bar;
mod scene;
mod shapes;
pub(crate) mod style;
pub(crate) mod svg;
pub(crate) mod text;
mod zones;

pub use options::RenderOptions;
pub use raster::Rasterizer;
pub use renderer::MapRenderer;
pub use style::Palette;
