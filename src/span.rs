//! Offsets into an article's text.
//!
//! Invariant: every [`Span`] inside the library is a pair of **byte** offsets into the
//! original article text, both on `char` boundaries, `start <= end`. Reports and gold data
//! speak in Unicode code points (the spec's offsets); [`CharOffsets`] converts at that
//! boundary and nowhere else.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers. Returns "" for a span that does not fit `text`, so a
    /// bad span can never panic a report.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlap(&self, other: Span) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }

    /// Shrinks the span past leading and trailing white space of `text`.
    pub fn trim(&self, text: &str) -> Span {
        let s = self.slice(text);
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead == s.len() {
            return Span::new(self.start, self.start);
        }
        Span::new(self.start + lead, self.end - trail)
    }
}

/// Converts byte offsets of one text to code point offsets and back.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// Byte offset of every char, plus the text length at the end.
    byte_of_char: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        let mut byte_of_char: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of_char.push(text.len());
        CharOffsets { byte_of_char }
    }

    /// Number of code points.
    pub fn n_chars(&self) -> usize {
        self.byte_of_char.len() - 1
    }

    /// Code point offset of a byte offset on a char boundary (the next boundary otherwise).
    pub fn char_of_byte(&self, byte: usize) -> usize {
        self.byte_of_char.partition_point(|&b| b < byte)
    }

    /// Byte offset of a code point offset, or `None` past the end.
    pub fn byte_of_char(&self, ch: usize) -> Option<usize> {
        self.byte_of_char.get(ch).copied()
    }

    /// The `(start, end)` code point offsets of a span.
    pub fn chars(&self, span: Span) -> (usize, usize) {
        (self.char_of_byte(span.start), self.char_of_byte(span.end))
    }

    pub fn span_of_chars(&self, start: usize, end: usize) -> Option<Span> {
        if start > end {
            return None;
        }
        Some(Span::new(self.byte_of_char(start)?, self.byte_of_char(end)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_round_trip_on_multibyte_text() {
        let text = "Russia’s “open door” — ok";
        let idx = CharOffsets::new(text);
        let start = text.find('“').unwrap();
        let end = text.find('”').unwrap() + '”'.len_utf8();
        let span = Span::new(start, end);
        let (cs, ce) = idx.chars(span);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[cs..ce].iter().collect::<String>(), "“open door”");
        assert_eq!(idx.span_of_chars(cs, ce), Some(span));
        assert_eq!(idx.n_chars(), chars.len());
    }

    #[test]
    fn trim_and_overlap() {
        let text = "  abc  ";
        assert_eq!(Span::new(0, 7).trim(text).slice(text), "abc");
        assert_eq!(Span::new(0, 2).trim(text), Span::new(0, 0));
        assert_eq!(Span::new(0, 5).overlap(Span::new(3, 9)), 2);
        assert_eq!(Span::new(0, 3).overlap(Span::new(3, 9)), 0);
    }
}
