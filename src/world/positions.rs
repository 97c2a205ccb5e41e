//! `check`'s warnings about where point places lie: coordinates written
//! lat, lon instead of GeoJSON's lon, lat (a place at sea or in a country
//! none of the dataset's places share, which lands in the dataset's
//! countries once swapped); a place outside frontline.toml's `countries`;
//! a place far from all the others (a typo in a degree).

use super::basemap::country_at;
use crate::dataset::{Config, Place};
use crate::error::{Location, Problem};
use geo::{Distance, Geometry, Haversine, Point};
use std::path::Path;

/// A place farther than this from the middle of the others is always
/// worth a look… (metres)
const FAR_M: f64 = 1_000_000.0;
/// …when it is also this many times farther than nine in ten of them.
const FAR_TIMES: f64 = 3.0;

/// A warning for every point place of `places.geojson` that looks
/// misplaced. The dataset's countries are frontline.toml's `countries`,
/// else those holding at least a tenth of the point places (at least two).
pub fn position_warnings(path: &Path, places: &[Place], config: &Config) -> Vec<Problem> {
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
    let mut out = Vec::new();
    let mut warned = vec![false; points.len()];
    if home.is_empty() {
        push_far(path, places, &points, &warned, &mut out);
        return out;
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
    for (&k, there) in suspects.iter().zip(swapped_in) {
        let place = &places[points[k].0];
        let (lon, lat) = lonlat[k];
        let Some(there) = there.filter(|c| home.contains(c)) else {
            // Not a swap; a place outside the countries the user named is
            // still worth a word (outside countries only inferred, it is
            // more likely a neighbour's town the war reached).
            if !config.countries.is_empty() {
                let here = match &countries[k] {
                    Some(c) => format!("lies in {c}"),
                    None => "lies in the sea".to_string(),
                };
                warned[k] = true;
                out.push(warning(
                    path,
                    place,
                    (lon, lat),
                    format!(
                        "{here}, outside the dataset's countries ({}, frontline.toml): is its position right?",
                        home.join(", ")
                    ),
                ));
            }
            continue;
        };
        warned[k] = true;
        let here = match &countries[k] {
            Some(c) => format!(
                "lies in {c}, outside the dataset's countries ({})",
                home.join(", ")
            ),
            None => "lies in the sea".to_string(),
        };
        out.push(warning(
            path,
            place,
            (lon, lat),
            format!(
                "{here}; as [{lat}, {lon}] it would lie in {there}: are lat and lon swapped? (GeoJSON writes [lon, lat])"
            ),
        ));
    }
    push_far(path, places, &points, &warned, &mut out);
    out
}

/// The warning about where `place`, at (`lon`, `lat`), lies: `what`.
fn warning(path: &Path, place: &Place, (lon, lat): (f64, f64), what: String) -> Problem {
    Problem::warning(
        path,
        Location::Feature(place.id.clone()),
        format!("{:?} at [{lon}, {lat}] {what}", place.name),
    )
}

/// Warns about the point places not `warned` yet that lie far from the
/// middle of the others: farther than [`FAR_M`] and [`FAR_TIMES`] the
/// distance within which nine in ten of them lie (a typo in a degree,
/// a place of another war). The middle is the median longitude and
/// latitude, which the outliers themselves cannot pull.
fn push_far(
    path: &Path,
    places: &[Place],
    points: &[(usize, (f64, f64))],
    warned: &[bool],
    out: &mut Vec<Problem>,
) {
    if points.len() < 5 {
        return;
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let middle = Point::new(
        median(points.iter().map(|(_, p)| p.0).collect()),
        median(points.iter().map(|(_, p)| p.1).collect()),
    );
    let distances: Vec<f64> = points
        .iter()
        .map(|(_, (lon, lat))| Haversine.distance(middle, Point::new(*lon, *lat)))
        .collect();
    let mut sorted = distances.clone();
    sorted.sort_by(f64::total_cmp);
    let nine_in_ten = sorted[(sorted.len() - 1) * 9 / 10];
    let limit = FAR_M.max(FAR_TIMES * nine_in_ten);
    for (k, &d) in distances.iter().enumerate() {
        if d <= limit || warned[k] {
            continue;
        }
        let place = &places[points[k].0];
        let (lon, lat) = points[k].1;
        out.push(warning(
            path,
            place,
            (lon, lat),
            format!(
                "lies {} km from the middle of the dataset's places (nine in ten lie within {} km of [{:.1}, {:.1}]): is its position right?",
                crate::words::thousands((d / 1000.0).round() as u64),
                crate::words::thousands((nine_in_ten / 1000.0).round() as u64),
                middle.x(),
                middle.y()
            ),
        ));
    }
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
