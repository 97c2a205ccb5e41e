//! Geometry on the Earth and on the canvas: the map projection, and ground
//! distances and areas. Shared by the stages that need metres or km² (render's
//! scale bar, zones), so it belongs to none of them.

pub mod measure;
pub mod projection;

pub use measure::{geodesic_area_km2, haversine_km};
pub use projection::{Projection, Rect};
