//! The sources and notes of events, kept end to end in one string.
//!
//! A `String` for each source and each note was a tenth of the instructions
//! of loading a million events (an allocation and, later, a free for each)
//! and made an event twice the size; the maps, exports and diffs read a
//! source only for the few events that decide a place's state.

/// Every event's source and note, end to end.
#[derive(Debug, Clone, Default)]
pub struct EventTexts {
    text: String,
}

/// Where an event's source and note are in [`EventTexts`]: the note
/// follows the source. The default is an event with neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventText {
    start: u64,
    source_len: u32,
    note_len: u32,
}

/// A source or note longer than an [`EventText`] can say (4 GiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong;

impl EventTexts {
    /// Stores an event's source and note (empty when it has none).
    ///
    /// ```
    /// use frontline::dataset::texts::EventTexts;
    /// let mut texts = EventTexts::default();
    /// let a = texts.push("Reuters, 2 March 2017", "").unwrap();
    /// let b = texts.push("", "retaken").unwrap();
    /// assert_eq!(texts.source(a), Some("Reuters, 2 March 2017"));
    /// assert_eq!((texts.note(a), texts.source(b)), (None, None));
    /// assert_eq!(texts.note(b), Some("retaken"));
    /// ```
    pub fn push(&mut self, source: &str, note: &str) -> Result<EventText, TooLong> {
        let len = |s: &str| u32::try_from(s.len()).map_err(|_| TooLong);
        let text = EventText {
            start: self.text.len() as u64,
            source_len: len(source)?,
            note_len: len(note)?,
        };
        self.text.push_str(source);
        self.text.push_str(note);
        Ok(text)
    }

    /// The event's source; `None` when it has none.
    pub fn source(&self, text: EventText) -> Option<&str> {
        let start = text.start as usize;
        Some(&self.text[start..start + text.source_len as usize]).filter(|s| !s.is_empty())
    }

    /// The event's note; `None` when it has none.
    pub fn note(&self, text: EventText) -> Option<&str> {
        let start = text.start as usize + text.source_len as usize;
        Some(&self.text[start..start + text.note_len as usize]).filter(|s| !s.is_empty())
    }

    /// Appends `other`'s texts; its spans are then [`EventText::moved`] by
    /// the offset returned.
    pub fn append(&mut self, other: &EventTexts) -> u64 {
        let offset = self.text.len() as u64;
        self.text.push_str(&other.text);
        offset
    }
}

impl EventText {
    /// The same texts after their store was appended to another at `offset`.
    pub fn moved(self, offset: u64) -> EventText {
        EventText {
            start: self.start + offset,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts read in stretches and appended find the same words.
    #[test]
    fn appended_texts_keep_their_words() {
        let mut whole = EventTexts::default();
        let first = whole.push("AFP, 1 May 2016", "note one").unwrap();
        let mut stretch = EventTexts::default();
        let second = stretch.push("BBC News, 17 October 2017", "").unwrap();
        let offset = whole.append(&stretch);
        let second = second.moved(offset);
        assert_eq!(whole.source(first), Some("AFP, 1 May 2016"));
        assert_eq!(whole.note(first), Some("note one"));
        assert_eq!(whole.source(second), Some("BBC News, 17 October 2017"));
        assert_eq!(whole.note(second), None);
        assert_eq!(whole.source(EventText::default()), None);
    }
}
