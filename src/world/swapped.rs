//! `check`'s hint for coordinates written lat, lon instead of GeoJSON's
//! lon, lat: a point place at sea or in a country none of the dataset's
//! places share, which lands in the dataset's countries once swapped.

use super::basemap::country_at;
use crate::dataset::{Config, Place};
use crate::error::{Location, Problem};
use geo::Geometry;
use std::path::Path;

/// A warning for every point place of `places.geojson` that looks swapped.
/// The dataset's countries are frontline.toml's `countries`, else those
/// holding at least a tenth of the point places (at least two).
pub fn swapped_warnings(path: &Path, places: &[Place], config: &Config) -> Vec<Problem> {
    let points: Vec<(usize, (f64, f64))> = places
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p.geometry {
            // Places from the gazetteer are where GeoNames puts them.
            Geometry::Point(pt) if !p.id.starts_with("geonames:") => Some((i, (pt.x(), pt.y()))),
            _ => None,
        })
        .collect();
    if points.is_empty() {
        return Vec::new();
    }
    let lonlat: Vec<(f64, f64)> = points.iter().map(|(_, p)| *p).collect();
    let countries = country_at(&lonlat);
    let home: Vec<String> = if config.countries.is_empty() {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for c in countries.iter().flatten() {
            match counts.iter_mut().find(|(k, _)| k == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.clone(), 1)),
            }
        }
        let least = (points.len() / 10).max(2);
        counts
            .into_iter()
            .filter(|(_, n)| *n >= least)
            .map(|(c, _)| c)
            .collect()
    } else {
        config.countries.clone()
    };
    if home.is_empty() {
        return Vec::new();
    }
    let suspects: Vec<usize> = (0..points.len())
        .filter(|&k| countries[k].as_ref().is_none_or(|c| !home.contains(c)))
        .filter(|&k| lonlat[k].0.abs() <= 90.0)
        .collect();
    let swapped: Vec<(f64, f64)> = suspects
        .iter()
        .map(|&k| (lonlat[k].1, lonlat[k].0))
        .collect();
    let swapped_in = country_at(&swapped);
    let mut out = Vec::new();
    for (&k, there) in suspects.iter().zip(swapped_in) {
        let Some(there) = there.filter(|c| home.contains(c)) else {
            continue;
        };
        let (lon, lat) = lonlat[k];
        let here = match &countries[k] {
            Some(c) => format!(
                "lies in {c}, outside the dataset's countries ({})",
                home.join(", ")
            ),
            None => "lies in the sea".to_string(),
        };
        let place = &places[points[k].0];
        out.push(Problem::warning(
            path,
            Location::Feature(place.id.clone()),
            format!(
                "{:?} at [{lon}, {lat}] {here}; as [{lat}, {lon}] it would lie in {there}: are lat and lon swapped? (GeoJSON writes [lon, lat])",
                place.name
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_of_points() {
        let got = country_at(&[
            (30.5234, 50.4501),
            (46.6354, 32.6169),
            (32.6169, 46.6354),
            (31.0, 43.0),
        ]);
        assert_eq!(
            got,
            [
                Some("UA".to_string()),
                Some("IQ".to_string()),
                Some("UA".to_string()),
                None
            ]
        );
    }
}
