//! Characters no text of a dataset may hold: those XML cannot carry (so an
//! SVG map holding them is malformed, and the PNG drawn from it fails) and
//! the invisible controls that only a damaged or mis-decoded file has.
//!
//! They are refused when the dataset loads, naming the file and the line
//! (or the feature), rather than dropped or replaced: a name that is not
//! what its author wrote is a silently wrong result.

/// Whether `c` may not appear in a dataset's text: a C0 control other than
/// tab, line feed and carriage return (XML 1.0 forbids them), DEL and the C1
/// controls (U+007F–U+009F: what cp1252 text read as Latin-1 leaves), and
/// the Unicode noncharacters (U+FDD0–U+FDEF and every U+xxFFFE, U+xxFFFF;
/// XML forbids U+FFFE and U+FFFF).
pub fn is_refused(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&u)
        || (0xfdd0..=0xfdef).contains(&u)
        || u & 0xfffe == 0xfffe
}

/// The first refused character of `text`, described for a message:
/// `U+0001 (a control character)`.
pub fn first_refused(text: &str) -> Option<String> {
    if !may_hold_refused(text) {
        return None;
    }
    let c = text.chars().find(|&c| is_refused(c))?;
    let what = if (c as u32) < 0xa0 {
        "a control character"
    } else {
        "a noncharacter"
    };
    Some(format!("U+{:04X} ({what})", c as u32))
}

/// Whether `text` may hold a refused character, judged by its bytes alone:
/// false for any text without a control byte, DEL, the lead byte 0xC2 (of
/// U+0080–U+00BF, the C1 controls among them) or a lead byte from 0xEF up
/// (of U+F000 and beyond, every noncharacter among them). A file of
/// millions of rows is checked in one pass the compiler vectorises, and only
/// text that fails it is decoded character by character.
pub fn may_hold_refused(text: &str) -> bool {
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7f) | (b == 0xc2) | (b >= 0xef)
    };
    text.as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | suspect(b)))
}

/// The message for a text holding `what` ([`first_refused`]).
pub fn refused_message(whose: &str, what: &str) -> String {
    format!(
        "{whose} holds {what}, which maps and the viewer cannot show (SVG and HTML cannot carry it): remove it"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_controls_and_noncharacters_only() {
        for c in [
            '\u{0}',
            '\u{1}',
            '\u{b}',
            '\u{1f}',
            '\u{7f}',
            '\u{85}',
            '\u{9f}',
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_refused(c), "{:04X}", c as u32);
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'a',
            'é',
            '\u{a0}',
            '\u{200b}',
            '\u{feff}',
            '\u{fffd}',
            'ح',
            '\u{1f600}',
            '\u{e000}',
        ] {
            assert!(!is_refused(c), "{:04X}", c as u32);
        }
        assert_eq!(
            first_refused("Pal\u{ffff}myra").as_deref(),
            Some("U+FFFF (a noncharacter)")
        );
        assert_eq!(
            first_refused("a\u{1}b").as_deref(),
            Some("U+0001 (a control character)")
        );
        assert_eq!(first_refused("Ḥomṣ"), None);
    }

    /// The byte filter lets through no text that holds a refused character.
    #[test]
    fn byte_filter_misses_no_refused_character() {
        for u in (0..0x11_0000u32).filter_map(char::from_u32) {
            let text = format!("ab{u}cd");
            if is_refused(u) {
                assert!(may_hold_refused(&text), "{:04X}", u as u32);
            }
        }
        assert!(!may_hold_refused(
            "Ma'arrat al-Nu'man, Ḥomṣ, حلب\t2017-03-02\r\n"
        ));
    }
}
