//! frontline: maps of who held what, and when.
//!
//! The pipeline, one module a stage: [`dataset`] loads and checks a dataset
//! folder (places, forces, events, basemap, settings) and resolves every event
//! to indices; [`timeline`] applies the rule of control once, so the state of
//! every place on any date is a lookup and a forward sweep yields only what
//! changed; [`export`] writes states and intervals as GeoJSON, and [`diff`]
//! compares two dates. The `frontline` binary is a thin CLI over these.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod animate;
pub mod dataset;
pub mod diff;
pub mod error;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod geometry;
pub mod import;
pub mod output;
pub mod render;
pub mod stats;
#[doc(hidden)]
pub mod synthetic;
pub mod timeline;
pub mod words;
pub mod world;
pub mod zones;

pub use dataset::{Dataset, Sources};
pub use error::{Error, Problem, Problems, Result};
pub use timeline::{PlaceState, Status, Timeline};
