//! "Did you mean Kharkiv?": the known name closest to a place reference
//! that reaches nothing, by edit distance over normalised names.

use super::gazetteer::Gazetteer;
use crate::dataset::Place;
use crate::dataset::names::{closest, normalize};

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

    /// The name nearest to `reference` ([`closest`]); ties go to the first
    /// in [`Suggester`]'s order.
    pub fn did_you_mean(&self, reference: &str) -> Option<&str> {
        closest(
            reference,
            self.names.iter().map(|(k, n)| (k.as_str(), n.as_str())),
        )
    }
}
