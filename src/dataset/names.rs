//! Matching place and force references the way people write them.
//!
//! docs/data-format.md: matching ignores case, surrounding space and diacritics. We use
//! Unicode NFKD decomposition and drop combining marks, so `Al Bāb`, `al bab`
//! and ` AL BAB ` are one key; full-width and compatibility forms fold too.

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The normalised key of a name: NFKD, combining marks dropped, lower case, trimmed.
///
/// ```
/// use frontline::dataset::names::normalize;
/// assert_eq!(normalize("  Al Bāb "), "al bab");
/// assert_eq!(normalize("DAYR AZ ZAWR"), normalize("Dayr az Zawr"));
/// ```
pub fn normalize(name: &str) -> String {
    let name = name.trim();
    if name.is_ascii() {
        // NFKD leaves ASCII unchanged and ASCII has no combining marks, so
        // only apostrophes and case are left to fold: most references in
        // large files are ASCII, and the Unicode path costs several times more.
        let mut out: String = name
            .chars()
            .filter(|c| !matches!(c, '\'' | '`'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if out.starts_with(char::is_whitespace) || out.ends_with(char::is_whitespace) {
            out = out.trim().to_string();
        }
        return out;
    }
    normalize_unicode(name)
}

/// The name nearest to `reference` among `names` (pairs of a normalised
/// key and the name to suggest), within a quarter of the reference's
/// length in edits (at least one, at most three): "did you mean …?" for a
/// typo, and nothing for a name merely short. Ties go to the first pair.
///
/// ```
/// use frontline::dataset::names::{closest, normalize};
/// let names = [(normalize("Kharkiv"), "Kharkiv"), (normalize("Kyiv"), "Kyiv")];
/// assert_eq!(closest("Karkiv", names.iter().map(|(k, n)| (k.as_str(), *n))), Some("Kharkiv"));
/// assert_eq!(closest("Lviv", names.iter().map(|(k, n)| (k.as_str(), *n))), None);
/// ```
pub fn closest<'a>(
    reference: &str,
    names: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let want = normalize(reference);
    let limit = (want.chars().count() / 4).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for (key, shown) in names {
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

/// [`normalize`] for any text (ASCII included, for the tests).
fn normalize_unicode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            // Apostrophes and the marks transliterations use for ayn and
            // hamza (Ma‘arrat, Maʿarrat, Ma'arrat and Maarrat are one name),
            // and invisible format characters.
            '\'' | '‘' | '’' | '`' | '´' | 'ʻ' | 'ʼ' | 'ʽ' | 'ʾ' | 'ʿ' | 'ˈ' | '′' => {
            }
            '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => {}
            // Letters NFKD does not take apart.
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ı' => out.push('i'),
            'þ' | 'Þ' => out.push_str("th"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.trim().to_string()
}

/// What a reference resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly one entry.
    One(usize),
    /// No entry has this id, name or alias.
    None,
    /// Several entries share this key; the two first are given.
    Ambiguous(usize, usize),
    /// Not looked up: the file the entries come from could not be read.
    Unchecked,
}

/// An index from ids, names and aliases to entries (places or forces).
///
/// An exact id wins over everything (ids are unique); otherwise the
/// normalised key must reach exactly one entry.
#[derive(Debug, Default, Clone)]
pub struct NameIndex {
    exact_ids: FxHashMap<String, usize>,
    keys: FxHashMap<String, Lookup>,
}

impl NameIndex {
    /// Adds an entry under its id, name and aliases.
    pub fn insert<'a>(
        &mut self,
        entry: usize,
        id: &'a str,
        names: impl IntoIterator<Item = &'a str>,
    ) {
        self.exact_ids.entry(id.to_string()).or_insert(entry);
        for name in std::iter::once(id).chain(names) {
            let key = normalize(name);
            if key.is_empty() {
                continue;
            }
            let slot = self.keys.entry(key).or_insert(Lookup::One(entry));
            if let Lookup::One(other) = *slot
                && other != entry
            {
                *slot = Lookup::Ambiguous(other, entry);
            }
        }
    }

    /// Resolves a reference as written in a file.
    pub fn lookup(&self, reference: &str) -> Lookup {
        if let Some(&entry) = self.exact_ids.get(reference.trim()) {
            return Lookup::One(entry);
        }
        self.keys
            .get(&normalize(reference))
            .copied()
            .unwrap_or(Lookup::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_marks_and_special_letters() {
        assert_eq!(
            normalize("Ma‘arrat al-Nu‘man"),
            normalize("Maarrat al-Numan")
        );
        assert_eq!(normalize("Maʿarrat"), normalize("Ma'arrat"));
        assert_eq!(normalize("‘Ayn al ‘Arab"), "ayn al arab");
        assert_eq!(normalize("Homs\u{200b}"), "homs");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("Straße"), "strasse");
    }

    #[test]
    fn ascii_fast_path_folds_like_the_unicode_path() {
        let ascii: String = (0u8..128).map(char::from).collect();
        let mut samples = vec![
            ascii.clone(),
            " ' Al-Bab` ".to_string(),
            "'\t x \x0b'".to_string(),
            "`".to_string(),
            String::new(),
            "\u{1c}a\u{1f}".to_string(),
        ];
        for (i, c) in ascii.chars().enumerate() {
            samples.push(format!("{c}Ab{c}' {c}"));
            samples.push(format!("'{c}{}", ascii.chars().nth(127 - i).unwrap()));
        }
        for s in samples {
            assert_eq!(normalize(&s), normalize_unicode(&s), "{s:?}");
        }
    }

    #[test]
    fn folds_case_space_and_diacritics() {
        assert_eq!(normalize("Ḥomṣ"), "homs");
        assert_eq!(normalize("\tRAQQA  "), "raqqa");
        assert_eq!(normalize("Ｐａｌｍｙｒａ"), "palmyra");
    }

    #[test]
    fn ambiguous_and_exact_ids() {
        let mut idx = NameIndex::default();
        idx.insert(0, "a", ["Ālif", "Shared"]);
        idx.insert(1, "b", ["Bet", "shared"]);
        assert_eq!(idx.lookup(" alif"), Lookup::One(0));
        assert_eq!(idx.lookup("SHARED"), Lookup::Ambiguous(0, 1));
        assert_eq!(idx.lookup("nope"), Lookup::None);
        assert_eq!(idx.lookup("B"), Lookup::One(1));
    }
}
