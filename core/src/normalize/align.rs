//! The offset map from a normalized text back to the original.
//!
//! Both passes work on [`Ch`]: a character with the byte range of the
//! original text it came from. Replacing a character keeps its range,
//! deleting one widens its neighbour's range to cover it, and expanding one
//! (an abbreviation, a ligature) gives every new character the same range.
//! A [`Builder`] takes the characters one by one and yields the text and an
//! [`Alignment`] that maps any span of it back to the customer's own
//! characters.
//!
//! The alignment is stored run-length encoded, because nearly every
//! character of a normalized text stands for a character of the same width
//! right where the previous one ended: such a run is one [`Segment`] that
//! maps by a constant offset, and only the characters around a change need
//! segments of their own. Which bytes start a character is kept in a bitmap
//! (absent for ASCII text), so offsets inside a character still widen to
//! the whole character. Segments and bitmap share one allocation.
//!
//! Characters marked [`Ch::verbatim`] that follow each other in the original
//! are copied from it as one slice, so rendering a text that needed few
//! changes is mostly a `memcpy`.

use std::ops::Range;

/// A character of a normalized text and the original bytes it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ch {
    pub c: char,
    pub start: u32,
    pub end: u32,
    /// Whether `c` is exactly the original text at `start..end`, so that
    /// rendering can copy runs of such characters from the original in one
    /// go. Only a hint: clearing it is always correct, so code that changes
    /// `c` or `end` goes through [`Ch::with`] or [`Ch::widen`], or builds a
    /// new `Ch`.
    pub verbatim: bool,
}

impl Ch {
    pub fn new(c: char, start: u32, end: u32) -> Self {
        Ch {
            c,
            start,
            end,
            verbatim: false,
        }
    }

    /// The character `c` of the original text at `at`, as it was.
    pub fn original(c: char, at: usize) -> Self {
        Ch {
            c,
            start: at as u32,
            end: (at + c.len_utf8()) as u32,
            verbatim: true,
        }
    }

    pub fn with(self, c: char) -> Self {
        Ch {
            c,
            verbatim: self.verbatim && c == self.c,
            ..self
        }
    }

    /// Extends the range to cover the original bytes up to `end`.
    pub fn widen(&mut self, end: u32) {
        if end > self.end {
            self.end = end;
            self.verbatim = false;
        }
    }
}

/// `Segment::end` of a linear segment. No original range ends there: texts
/// are cut below 4 GiB (see `clamp_len`).
const LINEAR: u32 = u32::MAX;

/// The characters of the normalized text from byte `at` up to the next
/// segment. In a *linear* segment (`end == LINEAR`) every character stands
/// for the original bytes at the same distance from `start` as it is from
/// `at`, and has the same width there. In a *constant* one every character
/// stands for `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Segment {
    at: u32,
    start: u32,
    end: u32,
}

/// Maps byte ranges of a normalized text to byte ranges of the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// The segments as `at, start, end` triples sorted by `at` (the first
    /// at 0 unless the text is empty), then the character-start bitmap: bit
    /// `i % 32` of word `i / 32` is set when byte `i` of the normalized text
    /// starts a character. No bitmap for ASCII text, where every byte does.
    data: Vec<u32>,
    /// Number of segments.
    segments: u32,
    /// Number of characters of the normalized text.
    chars: u32,
    /// Length in bytes of the normalized text.
    len: u32,
    /// Length in bytes of the original text.
    original_len: u32,
}

impl Alignment {
    /// Renders `chars`, which stand for bytes of `original`, into `out` and
    /// returns their alignment.
    #[cfg(test)]
    pub(crate) fn render(chars: &[Ch], out: &mut String, original: &str) -> Self {
        let (mut text, mut segments) = (String::new(), Vec::new());
        let mut b = Builder::new(original, &mut text, &mut segments);
        b.extend(chars);
        let (rendered, alignment) = b.finish();
        *out = rendered;
        alignment
    }

    /// The byte range of the original text that the normalized byte range
    /// `range` stands for. Offsets that fall inside a character are widened
    /// to whole characters; an empty range maps to an empty range at the
    /// corresponding original position. Ranges past the end are clamped.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        let start = range.start.min(self.len as usize);
        let end = range.end.clamp(start, self.len as usize) as u32;
        let start = start as u32;
        let span = |r: (u32, u32)| r.0 as usize..r.1 as usize;
        if start == end {
            let at = if self.len == 0 {
                self.original_len
            } else if start == self.len {
                self.char_at(start - 1).1
            } else if self.starts_char(start) {
                self.char_at(start).0
            } else {
                self.char_at(start).1
            };
            return span((at, at));
        }
        // The character holding the first byte and the one holding the last.
        let a = self.char_at(start);
        let b = self.char_at(end - 1);
        span((a.0.min(b.0), a.1.max(b.1)))
    }

    /// Number of characters in the normalized text.
    pub fn char_len(&self) -> usize {
        self.chars as usize
    }

    fn segment(&self, i: usize) -> Segment {
        Segment {
            at: self.data[3 * i],
            start: self.data[3 * i + 1],
            end: self.data[3 * i + 2],
        }
    }

    fn starts_char(&self, at: u32) -> bool {
        let bitmap = &self.data[3 * self.segments as usize..];
        let at = at as usize;
        bitmap.is_empty() || bitmap[at / 32] & (1 << (at % 32)) != 0
    }

    /// The original range behind the character holding byte `at` (which
    /// must be inside the text), in O(log n).
    fn char_at(&self, at: u32) -> (u32, u32) {
        // UTF-8 characters are at most 4 bytes long: both loops are short.
        let mut first = at;
        while !self.starts_char(first) {
            first -= 1;
        }
        // Binary search for the last segment starting at or before `first`.
        let (mut lo, mut hi) = (0, self.segments as usize);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.data[3 * mid] <= first {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let seg = self.segment(lo - 1);
        if seg.end != LINEAR {
            return (seg.start, seg.end);
        }
        let mut next = first + 1;
        while next < self.len && !self.starts_char(next) {
            next += 1;
        }
        (seg.start + (first - seg.at), seg.start + (next - seg.at))
    }
}

/// Builds a normalized text and its [`Alignment`] from characters pushed one
/// by one, or by runs of verbatim ones, in buffers the caller keeps between
/// texts.
pub(crate) struct Builder<'a> {
    original: &'a str,
    text: &'a mut String,
    /// The segments closed so far.
    segments: &'a mut Vec<Segment>,
    /// The segment being extended, open whenever `text` is not empty. Kept
    /// out of `segments` so that it need not be reloaded; `shift` is how far
    /// ahead of `text` its original is, when it is linear.
    seg: Segment,
    shift: u32,
    /// Verbatim characters pushed but not copied yet: `original[run]`.
    run_start: u32,
    run_end: u32,
    chars: u32,
    /// The character pushed last, unless it ends the pending run.
    last: Option<Ch>,
}

/// A state of a [`Builder`] to come back to.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mark {
    len: usize,
    segments: usize,
    seg: Segment,
    shift: u32,
    run_start: u32,
    run_end: u32,
    chars: u32,
    last: Option<Ch>,
}

impl<'a> Builder<'a> {
    /// A builder of a text that stands for `original`, working in `text`
    /// and `segments` (cleared first).
    pub fn new(original: &'a str, text: &'a mut String, segments: &'a mut Vec<Segment>) -> Self {
        text.clear();
        segments.clear();
        text.reserve(original.len() + 16);
        Builder {
            original,
            text,
            segments,
            seg: Segment::default(),
            shift: 0,
            run_start: 0,
            run_end: 0,
            chars: 0,
            last: None,
        }
    }

    /// Appends `ch`.
    pub fn push(&mut self, ch: Ch) {
        if ch.verbatim {
            self.push_run(ch.start, ch.end, 1);
        } else {
            self.copy_run();
            self.write(ch);
            self.chars += 1;
            self.last = Some(ch);
        }
    }

    /// Appends the `chars` characters of `original[start..end]` as they are.
    #[inline]
    pub fn push_run(&mut self, start: u32, end: u32, chars: u32) {
        // A run that follows the pending one extends it (an empty one ending
        // there too: it just starts here).
        if start != self.run_end {
            self.copy_run();
            self.run_start = start;
        }
        self.run_end = end;
        self.chars += chars;
        self.last = None;
    }

    /// Appends `chars`, runs of verbatim characters at once.
    pub fn extend(&mut self, chars: &[Ch]) {
        let mut i = 0;
        while i < chars.len() {
            let ch = chars[i];
            i += 1;
            if !ch.verbatim {
                self.push(ch);
                continue;
            }
            // The verbatim characters that follow each other in the original
            // from here: one slice of it.
            let mut end = ch.end;
            let first = i;
            while i < chars.len() && chars[i].verbatim && chars[i].start == end {
                end = chars[i].end;
                i += 1;
            }
            self.push_run(ch.start, end, (i - first) as u32 + 1);
        }
    }

    /// The character pushed last.
    pub fn last(&self) -> Option<Ch> {
        if self.chars == 0 {
            return None;
        }
        self.last.or_else(|| {
            // The end of the pending run, as it was.
            let run = &self.original[..self.run_end as usize];
            let c = run.chars().next_back()?;
            Some(Ch::original(c, run.len() - c.len_utf8()))
        })
    }

    /// Widens the range of the last character to end at `end`, if that
    /// widens it (nothing happens when nothing has been pushed).
    pub fn widen_last(&mut self, end: u32) {
        let Some(mut last) = self.last() else {
            return;
        };
        if end <= last.end {
            return;
        }
        // Take the last character back, then push it again widened.
        if self.last.is_none() {
            // The end of the pending run.
            self.run_end = last.start;
        } else {
            let at = self.text.len() - last.c.len_utf8();
            self.text.truncate(at);
            if self.seg.at as usize == at {
                // It opened its segment: reopen the one before.
                self.seg = self.segments.pop().unwrap_or_default();
                self.shift = self.seg.start.wrapping_sub(self.seg.at);
            }
        }
        self.chars -= 1;
        last.widen(end);
        self.push(last);
    }

    /// The current state, to [`truncate`](Self::truncate) back to.
    pub fn mark(&self) -> Mark {
        Mark {
            len: self.text.len(),
            segments: self.segments.len(),
            seg: self.seg,
            shift: self.shift,
            run_start: self.run_start,
            run_end: self.run_end,
            chars: self.chars,
            last: self.last,
        }
    }

    /// Drops everything pushed since `mark` was taken.
    pub fn truncate(&mut self, mark: Mark) {
        self.text.truncate(mark.len);
        self.segments.truncate(mark.segments);
        self.seg = mark.seg;
        self.shift = mark.shift;
        self.run_start = mark.run_start;
        self.run_end = mark.run_end;
        self.chars = mark.chars;
        self.last = mark.last;
    }

    /// The text and its alignment, each in an allocation of its own size.
    pub fn finish(mut self) -> (String, Alignment) {
        self.copy_run();
        if !self.text.is_empty() {
            self.segments.push(self.seg);
        }
        let bytes = self.text.as_bytes();
        let bitmap_words = if bytes.is_ascii() {
            0
        } else {
            bytes.len().div_ceil(32)
        };
        let mut data = Vec::with_capacity(3 * self.segments.len() + bitmap_words);
        for s in self.segments.iter() {
            data.extend([s.at, s.start, s.end]);
        }
        if bitmap_words > 0 {
            push_char_starts(bytes, &mut data);
        }
        let alignment = Alignment {
            data,
            segments: self.segments.len() as u32,
            chars: self.chars,
            len: bytes.len() as u32,
            original_len: self.original.len() as u32,
        };
        (self.text.as_str().to_owned(), alignment)
    }

    /// Copies the pending run of verbatim characters from the original.
    fn copy_run(&mut self) {
        if self.run_start == self.run_end {
            return;
        }
        let at = self.text.len() as u32;
        self.text
            .push_str(&self.original[self.run_start as usize..self.run_end as usize]);
        // Verbatim characters are linear: only the first one of the run can
        // need a new segment.
        if at == 0 || self.seg.end != LINEAR || self.run_start.wrapping_sub(at) != self.shift {
            self.open(Segment {
                at,
                start: self.run_start,
                end: LINEAR,
            });
        }
        self.run_start = self.run_end;
    }

    /// Writes a character that is not verbatim.
    fn write(&mut self, ch: Ch) {
        let at = self.text.len() as u32;
        self.text.push(ch.c);
        let width = self.text.len() as u32 - at;
        let linear = ch.end.wrapping_sub(ch.start) == width;
        let extends = if self.seg.end == LINEAR {
            linear && ch.start.wrapping_sub(at) == self.shift
        } else {
            ch.start == self.seg.start && ch.end == self.seg.end
        };
        if at == 0 || !extends {
            self.open(Segment {
                at,
                start: ch.start,
                end: if linear { LINEAR } else { ch.end },
            });
        }
    }

    /// Closes the current segment, if any, and opens `seg`.
    fn open(&mut self, seg: Segment) {
        if seg.at > 0 {
            self.segments.push(self.seg);
        }
        self.seg = seg;
        self.shift = seg.start.wrapping_sub(seg.at);
    }
}

/// Appends the bitmap of the bytes of `text` that start a character (every
/// byte but the UTF-8 continuation bytes `0b10xx_xxxx`), 32 bytes a word.
fn push_char_starts(text: &[u8], out: &mut Vec<u32>) {
    let mut chunks = text.chunks_exact(32);
    for chunk in &mut chunks {
        let mut word = 0u32;
        for (k, eight) in chunk.chunks_exact(8).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(eight);
            word |= starts_of_eight(u64::from_le_bytes(b)) << (8 * k);
        }
        out.push(word);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let word = rest
            .iter()
            .enumerate()
            .fold(0u32, |w, (i, &b)| w | (u32::from((b as i8) >= -0x40) << i));
        out.push(word);
    }
}

/// Eight bits, one per byte of `x` (little-endian), set for the bytes that
/// are not UTF-8 continuation bytes: bit 7 clear, or bit 6 set.
fn starts_of_eight(x: u64) -> u32 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte: not bit 7, or bit 6 (shifted up into place; what
    // shifts in from the byte below lands on bit 0 and is masked off).
    let flags = (!x | (x << 1)) & HIGH;
    // Gather the eight flags into the top byte, byte 0's flag lowest.
    (((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn align(chars: &[Ch], original_len: usize) -> (String, Alignment) {
        let mut s = String::new();
        let a = Alignment::render(chars, &mut s, &" ".repeat(original_len));
        (s, a)
    }

    #[test]
    fn maps_replaced_deleted_and_expanded_characters() {
        // original "vc é" (é two bytes) -> normalized "voce e"
        let chars = [
            Ch::new('v', 0, 2),
            Ch::new('o', 0, 2),
            Ch::new('c', 0, 2),
            Ch::new('e', 0, 2),
            Ch::new(' ', 2, 3),
            Ch::new('e', 3, 5),
        ];
        let (s, a) = align(&chars, 5);
        assert_eq!(s, "voce e");
        assert_eq!(a.to_original(0..4), 0..2);
        assert_eq!(a.to_original(1..2), 0..2);
        assert_eq!(a.to_original(5..6), 3..5);
        assert_eq!(a.to_original(0..6), 0..5);
        assert_eq!(a.to_original(6..6), 5..5);
        assert_eq!(a.to_original(0..0), 0..0);
        assert_eq!(a.to_original(3..100), 0..5);
    }

    #[test]
    fn multibyte_offsets_inside_a_character_widen() {
        let chars = [Ch::new('خ', 0, 2), Ch::new('و', 2, 4), Ch::new('ب', 4, 8)];
        let (s, a) = align(&chars, 8);
        assert_eq!(s.len(), 6);
        assert_eq!(a.to_original(1..3), 0..4);
        assert_eq!(a.to_original(4..6), 4..8);
    }

    #[test]
    fn runs_of_unchanged_characters_take_one_segment() {
        // "ab خوب c" copied as is, then a replaced and a widened character.
        let text = "ab خوب c";
        let mut chars: Vec<Ch> = text
            .char_indices()
            .map(|(i, c)| Ch::new(c, i as u32, (i + c.len_utf8()) as u32))
            .collect();
        let n = text.len() as u32;
        chars.push(Ch::new('1', n, n + 2));
        chars.push(Ch::new('x', n + 2, n + 5));
        let (s, a) = align(&chars, n as usize + 5);
        assert_eq!(s, "ab خوب c1x");
        assert_eq!(a.segments, 3);
        assert_eq!(a.char_len(), 10);
        assert_eq!(a.to_original(3..5), 3..5);
        assert_eq!(a.to_original(4..4), 5..5);
        assert_eq!(a.to_original(4..7), 3..7);
        assert_eq!(a.to_original(11..12), 11..13);
        assert_eq!(a.to_original(12..13), 13..16);
        assert_eq!(a.to_original(13..13), 16..16);
    }

    #[test]
    fn char_starts_skip_continuation_bytes() {
        let text = "aé خ😍b".repeat(9);
        let mut bits = Vec::new();
        push_char_starts(text.as_bytes(), &mut bits);
        assert_eq!(bits.len(), text.len().div_ceil(32));
        for (i, _) in text.bytes().enumerate() {
            let set = bits[i / 32] & (1 << (i % 32)) != 0;
            assert_eq!(set, text.is_char_boundary(i), "byte {i}");
        }
    }

    fn chars_of(text: &str, from: usize) -> Vec<Ch> {
        text.char_indices()
            .map(|(i, c)| Ch::original(c, from + i))
            .collect()
    }

    #[test]
    fn verbatim_runs_are_copied_and_stay_linear() {
        let original = "سلام، Olá mundo";
        let mut chars = chars_of(&original[..8], 0);
        // A replaced comma, then the rest as it was.
        chars.push(Ch::original('،', 8).with(','));
        chars.extend(chars_of(&original[10..], 10));
        let (s, a) = {
            let mut s = String::new();
            let a = Alignment::render(&chars, &mut s, original);
            (s, a)
        };
        assert_eq!(s, "سلام, Olá mundo");
        assert_eq!(a.char_len(), original.chars().count());
        // Linear, then the comma on its own, then linear again.
        assert_eq!(a.segments, 3);
        assert_eq!(a.to_original(8..9), 8..10);
        assert_eq!(a.to_original(9..13), 10..15);
        assert_eq!(a.to_original(13..14), 13..15);
        assert_eq!(a.to_original(2..3), 2..4);
    }

    #[test]
    fn widening_and_truncating_keep_the_map_right() {
        let original = "abc\u{200C}d";
        let mut text = String::new();
        let mut segments = Vec::new();
        let mut b = Builder::new(original, &mut text, &mut segments);
        for ch in chars_of("abc", 0) {
            b.push(ch);
        }
        // The ZWNJ goes and widens `c`.
        b.widen_last(6);
        let mark = b.mark();
        b.push(Ch::new('x', 6, 6));
        b.widen_last(7);
        b.truncate(mark);
        b.push(Ch::original('d', 6));
        let (s, a) = b.finish();
        assert_eq!(s, "abcd");
        assert_eq!(a.to_original(0..2), 0..2);
        assert_eq!(a.to_original(2..3), 2..6);
        assert_eq!(a.to_original(3..4), 6..7);
        assert_eq!(a.char_len(), 4);
    }

    #[test]
    fn empty_text_maps_to_the_end() {
        let (s, a) = align(&[], 7);
        assert_eq!(s, "");
        assert_eq!(a.to_original(0..0), 7..7);
        assert_eq!(a.to_original(0..5), 7..7);
        assert_eq!(Alignment::default().to_original(0..0), 0..0);
    }
}
