//! Finding an ACLED `location` among the dataset's places: by name or alias,
//! else the nearest place within the snap distance, else a new point place.

use crate::dataset::names::{Lookup, NameIndex};
use crate::geometry::measure::haversine_km;
use geo::Centroid;
use serde_json::{Map, Value, json};

/// A place this import created.
#[derive(Debug, Clone)]
pub struct NewPlace {
    /// `acled-<slug>`.
    pub id: String,
    /// ACLED's name.
    pub name: String,
    /// Longitude, latitude.
    pub lonlat: (f64, f64),
    /// ACLED's `admin1`.
    pub admin1: String,
}

impl NewPlace {
    /// The GeoJSON feature.
    pub fn feature(&self) -> Value {
        let mut props = Map::new();
        props.insert("name".into(), json!(self.name));
        props.insert("kind".into(), json!("village"));
        if !self.admin1.is_empty() {
            props.insert("admin1".into(), json!(self.admin1));
        }
        props.insert("source".into(), json!("ACLED"));
        json!({"type": "Feature", "id": self.id, "properties": props,
               "geometry": {"type": "Point", "coordinates": [self.lonlat.0, self.lonlat.1]}})
    }

    /// Reads a feature this import wrote before (None for anything else).
    pub fn from_feature(f: &Value) -> Option<NewPlace> {
        let c = f.pointer("/geometry/coordinates")?.as_array()?;
        Some(NewPlace {
            id: f.get("id")?.as_str()?.to_string(),
            name: f.pointer("/properties/name")?.as_str()?.to_string(),
            lonlat: (c.first()?.as_f64()?, c.get(1)?.as_f64()?),
            admin1: f
                .pointer("/properties/admin1")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        })
    }
}

/// How a location was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// By name or alias.
    Matched,
    /// The nearest place within the snap distance.
    Snapped,
    /// A new place.
    Created,
}

/// The dataset's places and the created ones, to look locations up in.
pub struct Places {
    ids: Vec<String>,
    points: Vec<(f64, f64)>,
    names: NameIndex,
    /// Created places (read back from an earlier import, then new ones).
    pub created: Vec<NewPlace>,
    /// How many of `created` were there before this import.
    pub created_before: usize,
    snap_km: f64,
}

impl Places {
    /// An index of the dataset's places and the places an earlier import created.
    pub fn new(dataset: &crate::Dataset, earlier: Vec<NewPlace>, snap_km: f64) -> Places {
        let mut p = Places {
            ids: Vec::new(),
            points: Vec::new(),
            names: NameIndex::default(),
            created: Vec::new(),
            created_before: earlier.len(),
            snap_km,
        };
        for place in &dataset.places {
            let point = place
                .geometry
                .centroid()
                .map_or((f64::NAN, f64::NAN), |c| (c.x(), c.y()));
            let i = p.ids.len();
            p.names.insert(
                i,
                &place.id,
                std::iter::once(place.name.as_str())
                    .chain(place.aliases.iter().map(String::as_str)),
            );
            p.ids.push(place.id.clone());
            p.points.push(point);
        }
        for place in earlier {
            p.add(place);
        }
        p
    }

    fn add(&mut self, place: NewPlace) -> usize {
        let i = self.ids.len();
        self.names.insert(i, &place.id, [place.name.as_str()]);
        self.ids.push(place.id.clone());
        self.points.push(place.lonlat);
        self.created.push(place);
        i
    }

    /// The id of the place for an ACLED location, and how it was found.
    pub fn find(&mut self, location: &str, lonlat: (f64, f64), admin1: &str) -> (String, How) {
        if !location.is_empty()
            && let Lookup::One(i) = self.names.lookup(location)
        {
            return (self.ids[i].clone(), How::Matched);
        }
        let nearest = self
            .points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.0.is_finite())
            .map(|(i, p)| (haversine_km(*p, lonlat), i))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((d, i)) = nearest
            && d <= self.snap_km
        {
            return (self.ids[i].clone(), How::Snapped);
        }
        let base = format!("acled-{}", slug(location));
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let name = if location.is_empty() {
            id.clone()
        } else {
            location.to_string()
        };
        self.add(NewPlace {
            id: id.clone(),
            name,
            lonlat,
            admin1: admin1.to_string(),
        });
        (id, How::Created)
    }
}

/// Lower-case ASCII letters and digits, runs of anything else as one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in crate::dataset::names::normalize(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "place".into() } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs() {
        assert_eq!(super::slug("Ma‘arrat al-Nu‘man"), "maarrat-al-numan");
        assert_eq!(super::slug("  Tell Abyad (town) "), "tell-abyad-town");
        assert_eq!(super::slug("!!"), "place");
    }
}
