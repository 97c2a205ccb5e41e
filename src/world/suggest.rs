//! "Did you mean Kharkiv?": the known name closest to a place reference
//! that reaches nothing, by edit distance over normalised names.

use super::gazetteer::Gazetteer;
use crate::dataset::Place;
use crate::dataset::names::normalize;

/// Every name a reference could have meant, normalised, with the name to
/// suggest: places.geojson's names and aliases (suggested by the place's
/// name), then the gazetteer's names and alternate names (suggested by
/// GeoNames' name), largest place first.
pub(crate) struct Suggester {
    names: Vec<(String, String)>,
}

impl Suggester {
    /// The names of `places` and, when given, of the gazetteer (left out for
    /// the whole world: millions of names to compare for one typo).
    pub fn new(places: &[Place], gazetteer: Option<&Gazetteer>) -> Suggester {
        let mut names = Vec::new();
        for p in places {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                names.push((normalize(n), p.name.clone()));
            }
        }
        if let Some(g) = gazetteer {
            for e in g.largest_first() {
                for n in std::iter::once(&e.name).chain(&e.alternate_names) {
                    names.push((normalize(n), e.name.clone()));
                }
            }
        }
        Suggester { names }
    }

    /// The name nearest to `reference` after normalising, within a quarter
    /// of its length in edits (at least one, at most three); ties go to the
    /// first in [`Suggester`]'s order.
    pub fn did_you_mean(&self, reference: &str) -> Option<&str> {
        let want = normalize(reference);
        let limit = (want.chars().count() / 4).clamp(1, 3);
        let mut best: Option<(usize, &str)> = None;
        for (key, shown) in &self.names {
            if key.len().abs_diff(want.len()) > limit {
                continue;
            }
            let d = strsim::levenshtein(&want, key);
            if d <= limit && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, shown));
            }
        }
        best.map(|(_, name)| name)
    }
}
