//! The offset map from a normalized text back to the original.
//!
//! Both passes work on a vector of [`Ch`]: a character with the byte range
//! of the original text it came from. Replacing a character keeps its range,
//! deleting one widens its neighbour's range to cover it, and expanding one
//! (an abbreviation, a ligature) gives every new character the same range.
//! Rendering the vector yields the text and an [`Alignment`] that maps any
//! span of it back to the customer's own characters.

use std::ops::Range;

/// A character of a normalized text and the original bytes it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ch {
    pub c: char,
    pub start: u32,
    pub end: u32,
}

impl Ch {
    pub fn new(c: char, start: u32, end: u32) -> Self {
        Ch { c, start, end }
    }

    pub fn with(self, c: char) -> Self {
        Ch { c, ..self }
    }
}

/// One entry per character of the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Byte offset of the character in the normalized text.
    at: u32,
    /// Byte range of the original text it stands for.
    start: u32,
    end: u32,
}

/// Maps byte ranges of a normalized text to byte ranges of the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    entries: Vec<Entry>,
    /// Length in bytes of the normalized text.
    len: u32,
    /// Length in bytes of the original text.
    original_len: u32,
}

impl Alignment {
    /// Renders `chars` into `out` and returns their alignment.
    pub(crate) fn render(chars: &[Ch], out: &mut String, original_len: usize) -> Self {
        out.clear();
        out.reserve(chars.len() * 2);
        let mut entries = Vec::with_capacity(chars.len());
        for ch in chars {
            entries.push(Entry {
                at: out.len() as u32,
                start: ch.start,
                end: ch.end,
            });
            out.push(ch.c);
        }
        Alignment {
            entries,
            len: out.len() as u32,
            original_len: original_len as u32,
        }
    }

    /// The byte range of the original text that the normalized byte range
    /// `range` stands for. Offsets that fall inside a character are widened
    /// to whole characters; an empty range maps to an empty range at the
    /// corresponding original position. Ranges past the end are clamped.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        let start = range.start.min(self.len as usize) as u32;
        let end = range.end.clamp(range.start, self.len as usize) as u32;
        // First character that ends after `start` and last one that starts before `end`.
        let first = self.entries.partition_point(|e| e.at < start);
        let first = if first > 0 && self.entries.get(first).is_none_or(|e| e.at > start) {
            first - 1
        } else {
            first
        };
        if start == end {
            let at = match self.entries.get(first) {
                Some(e) if e.at == start => e.start,
                Some(e) => e.end,
                None => self.original_len,
            };
            return at as usize..at as usize;
        }
        let last = self
            .entries
            .partition_point(|e| e.at < end)
            .saturating_sub(1);
        match (self.entries.get(first), self.entries.get(last)) {
            (Some(a), Some(b)) => {
                let s = a.start.min(b.start);
                let e = b.end.max(a.end);
                s as usize..e as usize
            }
            _ => self.original_len as usize..self.original_len as usize,
        }
    }

    /// Number of characters in the normalized text.
    pub fn char_len(&self) -> usize {
        self.entries.len()
    }
}
