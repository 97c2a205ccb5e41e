//! Geometry on the Earth and on the canvas: the map projection, ground
//! distances and areas, and polygon validity. Shared by the stages that need
//! them (render's scale bar, zones; the dataset's checks), so it belongs to
//! none of them.

pub mod canonical;
pub mod measure;
pub mod projection;
pub(crate) mod validity;

pub use canonical::canonical_order;
pub use measure::{geodesic_area_km2, haversine_km};
pub use projection::{Projection, Rect};
