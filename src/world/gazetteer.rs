//! The GeoNames gazetteer: the world's populated places of 500 people or
//! more (`cities500`), looked up by name, alternate name or `geonames:<id>`.

use crate::dataset::names::normalize;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// One populated place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The GeoNames id (a place's id is `geonames:<id>`).
    pub geonameid: u64,
    /// GeoNames' name.
    pub name: String,
    /// Latin-script alternate names (at most 60).
    pub alternate_names: Vec<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Inhabitants (0 when GeoNames does not know).
    pub population: u64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The province (Natural Earth admin-1 name), empty when unknown.
    pub admin1: String,
}

impl Entry {
    /// The id a place from the gazetteer gets: `geonames:<id>`.
    pub fn id(&self) -> String {
        format!("geonames:{}", self.geonameid)
    }

    fn parse(line: &str) -> Option<Entry> {
        let mut f = line.split('\t');
        let geonameid = f.next()?.parse().ok()?;
        let name = f.next()?.to_string();
        let lat = f.next()?.parse().ok()?;
        let lon = f.next()?.parse().ok()?;
        let population = f.next()?.parse().ok()?;
        let country = f.next()?.to_string();
        let admin1 = f.next()?.to_string();
        let alternate_names = f
            .next()
            .unwrap_or("")
            .split('|')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Some(Entry {
            geonameid,
            name,
            alternate_names,
            lat,
            lon,
            population,
            country,
            admin1,
        })
    }
}

/// The gazetteer, limited to some countries or not.
pub struct Gazetteer {
    /// Data lines of the pack (the header skipped).
    lines: Vec<&'static str>,
}

impl Gazetteer {
    /// The places of `countries` (ISO alpha-2 codes, upper case), or of the
    /// whole world when it is empty.
    pub fn new(countries: &[String]) -> Gazetteer {
        static TEXT: OnceLock<String> = OnceLock::new();
        let text = TEXT.get_or_init(|| super::gunzip(super::GAZETTEER_GZ));
        fn country_of(line: &str) -> &str {
            line.split('\t').nth(5).unwrap_or("")
        }
        let lines = text
            .lines()
            .skip(1)
            .filter(|l| countries.is_empty() || countries.iter().any(|c| c == country_of(l)))
            .collect();
        Gazetteer { lines }
    }

    /// Every place it holds, in its order.
    pub fn entries(&self) -> Vec<Entry> {
        self.lines.iter().filter_map(|l| Entry::parse(l)).collect()
    }

    /// Every place it holds, the most populous first (ties in its order).
    pub fn largest_first(&self) -> Vec<Entry> {
        let mut entries = self.entries();
        entries.sort_by_key(|e| std::cmp::Reverse(e.population));
        entries
    }

    /// How many places it holds.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// For every reference, the places it names: `geonames:<id>` by id,
    /// else every place whose name or alternate name is the same after
    /// normalising (docs/data-format.md, "Matching places and forces").
    /// One pass over the gazetteer for all references; places in the
    /// gazetteer's order (country, then population, largest first).
    pub fn find<'r>(&self, references: &[&'r str]) -> FxHashMap<&'r str, Vec<Entry>> {
        let mut by_id: FxHashMap<u64, Vec<&'r str>> = FxHashMap::default();
        let mut by_key: FxHashMap<String, Vec<&'r str>> = FxHashMap::default();
        for &r in references {
            match r.trim().strip_prefix("geonames:").map(str::parse::<u64>) {
                Some(Ok(id)) => by_id.entry(id).or_default().push(r),
                _ => by_key.entry(normalize(r)).or_default().push(r),
            }
        }
        let mut found: FxHashMap<&'r str, Vec<Entry>> = FxHashMap::default();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for line in &self.lines {
            let mut fields = line.split('\t');
            let id = fields.next().and_then(|i| i.parse::<u64>().ok());
            let mut hits: Vec<&'r str> = id
                .and_then(|id| by_id.get(&id))
                .cloned()
                .unwrap_or_default();
            if !by_key.is_empty() {
                seen.clear();
                let name = fields.next().unwrap_or("");
                let alternates = fields.nth(5).unwrap_or("");
                for n in std::iter::once(name).chain(alternates.split('|')) {
                    if n.is_empty() || !seen.insert(n) {
                        continue;
                    }
                    if let Some(refs) = by_key.get(&normalize(n)) {
                        hits.extend(refs.iter().copied());
                    }
                }
            }
            if hits.is_empty() {
                continue;
            }
            hits.sort_unstable();
            hits.dedup();
            if let Some(entry) = Entry::parse(line) {
                for r in hits {
                    found.entry(r).or_default().push(entry.clone());
                }
            }
        }
        found
    }
}
