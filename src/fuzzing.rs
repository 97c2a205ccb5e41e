//! Thin entry points for the fuzz targets in `fuzz/` (and their regression
//! tests): each reader of a user's file, fed bytes instead of a path.
//!
//! The readers take paths (their messages name the file), so each function
//! writes the bytes to a file of the name the dataset uses in a fresh
//! temporary folder and reads it back; the problems found are returned as
//! the lines a user would see, so formatting them is fuzzed too. The one
//! property checked is the one every reader promises: any input ends in
//! values or problems, never a panic or a hang.

use crate::dataset::{config, events, forces, places};
use crate::error::Problem;
use std::path::Path;

/// Runs `read` on `bytes` written to a file named `name`, and returns the
/// problems it pushed, formatted.
fn through_file(
    name: &str,
    bytes: &[u8],
    read: impl FnOnce(&Path, &mut Vec<Problem>),
) -> Vec<String> {
    let Ok(dir) = tempfile::tempdir() else {
        return Vec::new();
    };
    let path = dir.path().join(name);
    if std::fs::write(&path, bytes).is_err() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    read(&path, &mut problems);
    problems.iter().map(ToString::to_string).collect()
}

/// Reads `bytes` as a places.geojson.
pub fn places_geojson(bytes: &[u8]) -> Vec<String> {
    through_file("places.geojson", bytes, |p, problems| {
        let _ = places::load_places(p, &crate::dataset::PlaceFields::default(), problems);
    })
}

/// Reads `bytes` as a basemap.geojson (lines as well as polygons, and none
/// of the places' OGC check: another path through the GeoJSON reader).
pub fn basemap_geojson(bytes: &[u8]) -> Vec<String> {
    through_file("basemap.geojson", bytes, |p, problems| {
        let _ = crate::dataset::basemap::load_basemap(p, problems);
    })
}

/// Reads `bytes` as an events.csv.
pub fn events_csv(bytes: &[u8]) -> Vec<String> {
    through_file("events.csv", bytes, |p, problems| {
        let raw = events::read_events(&[p.to_path_buf()]);
        problems.extend(raw.problems().cloned());
    })
}

/// Reads `bytes` as a forces.csv.
pub fn forces_csv(bytes: &[u8]) -> Vec<String> {
    through_file("forces.csv", bytes, |p, problems| {
        let _ = forces::load_forces(p, problems);
    })
}

/// Reads `bytes` as a frontline.toml.
pub fn frontline_toml(bytes: &[u8]) -> Vec<String> {
    through_file("frontline.toml", bytes, |p, problems| {
        let _ = config::load_config(p, problems);
    })
}

/// Reads `bytes` as an ACLED export (clashes included, the widest reading).
pub fn acled_csv(bytes: &[u8]) -> Vec<String> {
    through_file("acled.csv", bytes, |p, problems| {
        let mut read = crate::import::acled::Read::default();
        crate::import::acled::read(p, true, problems, &mut read);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry points read what the dataset's readers read: a seed of
    /// each kind of file is found bad where it is bad, and good when good.
    #[test]
    fn each_entry_point_reads_its_file() {
        let places = places_geojson(b"{\"type\": \"FeatureCollection\",\n\"features\": [\n");
        assert!(
            places[0].contains("places.geojson:3: invalid JSON"),
            "{places:?}"
        );
        let events = events_csv(b"date,place,force\n2015-02-30,a,x\n");
        assert!(events[0].contains("events.csv:2:"), "{events:?}");
        assert!(forces_csv(b"id,name,color\nx,X,#ff0000\n").is_empty());
        let config = frontline_toml(b"bbox = [0, 0, 10, 86]\n");
        assert!(config[0].contains("reaches latitude 86"), "{config:?}");
        let basemap = basemap_geojson(
            b"{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": null}]}",
        );
        assert!(
            basemap[0].contains("basemap.geojson: feature #0: has no geometry"),
            "{basemap:?}"
        );
        let acled = acled_csv(b"event_id_cnty\nSYR1\n");
        assert!(acled[0].contains("acled.csv"), "{acled:?}");
    }
}
