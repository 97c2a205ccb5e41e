//! The sources and notes of events, kept end to end in one string.
//!
//! A `String` for each source and each note was a tenth of the instructions
//! of loading a million events (an allocation and, later, a free for each)
//! and made an event twice the size; the maps, exports and diffs read a
//! source only for the few events that decide a place's state.

/// Every event's source and note, end to end, in one string per stretch
/// of rows read (appending a stretch's texts moves them, not copies them).
#[derive(Debug, Clone, Default)]
pub struct EventTexts {
    /// The texts of each stretch.
    chunks: Vec<String>,
    /// Where each chunk starts in the whole.
    starts: Vec<u64>,
    /// The length of the whole.
    len: u64,
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
            start: self.len,
            source_len: len(source)?,
            note_len: len(note)?,
        };
        if self.chunks.is_empty() {
            self.chunks.push(String::new());
            self.starts.push(0);
        }
        let last = self.chunks.last_mut().expect("a chunk was pushed");
        last.push_str(source);
        last.push_str(note);
        self.len += (source.len() + note.len()) as u64;
        Ok(text)
    }

    /// The event's source; `None` when it has none.
    pub fn source(&self, text: EventText) -> Option<&str> {
        self.slice(text.start, text.source_len)
    }

    /// The event's note; `None` when it has none.
    pub fn note(&self, text: EventText) -> Option<&str> {
        self.slice(text.start + u64::from(text.source_len), text.note_len)
    }

    /// The `len` bytes from `start`; `None` when empty.
    fn slice(&self, start: u64, len: u32) -> Option<&str> {
        if len == 0 {
            return None;
        }
        // An event's texts are in one chunk: the last that starts at or before them.
        let chunk = self.starts.partition_point(|&s| s <= start) - 1;
        let at = (start - self.starts[chunk]) as usize;
        Some(&self.chunks[chunk][at..at + len as usize])
    }

    /// Appends `other`'s texts; its spans are then [`EventText::moved`] by
    /// the offset returned.
    pub fn append(&mut self, other: EventTexts) -> u64 {
        let offset = self.len;
        for (chunk, start) in other.chunks.into_iter().zip(other.starts) {
            if !chunk.is_empty() {
                self.starts.push(offset + start);
                self.chunks.push(chunk);
            }
        }
        self.len += other.len;
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
        let offset = whole.append(stretch);
        let second = second.moved(offset);
        assert_eq!(whole.source(first), Some("AFP, 1 May 2016"));
        assert_eq!(whole.note(first), Some("note one"));
        assert_eq!(whole.source(second), Some("BBC News, 17 October 2017"));
        assert_eq!(whole.note(second), None);
        assert_eq!(whole.source(EventText::default()), None);
        // An empty stretch, then one more, then a text pushed after them.
        whole.append(EventTexts::default());
        let mut last = EventTexts::default();
        let empty = last.push("", "").unwrap();
        let third = last.push("SOHR via AFP, 12 May 2016", "x").unwrap();
        let offset = whole.append(last);
        let fourth = whole.push("Al Jazeera, 24 August 2016", "").unwrap();
        assert_eq!(whole.source(empty.moved(offset)), None);
        assert_eq!(
            whole.source(third.moved(offset)),
            Some("SOHR via AFP, 12 May 2016")
        );
        assert_eq!(whole.note(third.moved(offset)), Some("x"));
        assert_eq!(whole.source(fourth), Some("Al Jazeera, 24 August 2016"));
        assert_eq!(whole.source(second), Some("BBC News, 17 October 2017"));
    }
}
