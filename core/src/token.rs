//! Tokenization and stemming of normalized comment text.
//!
//! [`tokens`] cuts a string into [`Token`]s with byte offsets into that
//! string. It is built on the Unicode word-boundary algorithm (UAX #29, via
//! `unicode-segmentation`) and adjusts it for review text:
//!
//! * Whitespace is dropped, as are format controls (ZWNJ, ZWJ, bidi marks,
//!   BOM) at the edges of a token. A ZWNJ *inside* a word stays in it: UAX #29
//!   treats ZWNJ as `Format`, which never breaks a word (rule WB4), so
//!   `می‌خواهم`, `کتاب‌ها` and `بزرگ‌تر` are single words without any repair.
//! * Emoji are one [`TokenKind::Emoji`] token each, including ZWJ sequences
//!   (`👨‍👩‍👧`), skin-tone modifiers (`👍🏽`), `VS16` (`❤️`), keycaps (`1️⃣`) and
//!   flags. Consecutive emoji (`😍😍😍`) are separate tokens.
//! * Every punctuation or symbol character is its own [`TokenKind::Punct`]
//!   token, Persian `، ؛ ؟ « »` included.
//! * A full stop or colon between two letters splits the word (`عالیه.خیلی`,
//!   `great.the`), although UAX #29 keeps `e.g` together: reviewers drop the
//!   space after a full stop far more often than they write abbreviations.
//!   Between digits they stay (`3.5`, `1,000`, `v1.2`), and apostrophes stay
//!   inside words as UAX #29 has them (`don't`, `it's`, `d'água`).
//! * A run of digits (with its `.`/`,` separators) is a [`TokenKind::Number`];
//!   digits glued to letters (`A12`, `128gb`) make a [`TokenKind::Word`].
//!   UAX #29 also counts the Arabic comma and decimal separator as
//!   number-internal, so `2،3` and `۱۲٫۵` are single numbers while `12:30`
//!   is three tokens.
//!
//! [`Stemmer`] stems words in Persian (nazar's own light stemmer,
//! [`persian_stem`]), English and Portuguese (Snowball via `rust-stemmers`).

pub mod persian_stem;

use std::borrow::Cow;
use std::fmt;

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// What a [`Token`] is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with digits, ZWNJ, apostrophes or combining marks.
    Word,
    /// Digits with their decimal and grouping separators.
    Number,
    /// One emoji, including any modifier, ZWJ sequence or presentation
    /// selector that belongs to it.
    Emoji,
    /// One punctuation or symbol character (with any combining marks).
    Punct,
}

/// A slice of the tokenized string with its byte offsets:
/// `text == &s[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token<'a> {
    /// The token text, borrowed from the input.
    pub text: &'a str,
    /// Byte offset of the first byte of `text` in the input.
    pub start: usize,
    /// Byte offset one past the last byte of `text` in the input.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
}

/// Tokenize `s` into a vector; see [`tokens`] for the rules.
pub fn tokenize(s: &str) -> Vec<Token<'_>> {
    // About one token per six bytes of review text; growing the vector
    // from empty cost a reallocation every few words. Capped so that a
    // huge text does not reserve far more than it uses.
    let mut out = Vec::with_capacity((s.len() / 6 + 1).min(1 << 12));
    out.extend(tokens(s));
    out
}

/// Iterate over the tokens of `s` in order; see the module docs for the
/// rules. Tokens never overlap, and whitespace between them is skipped.
pub fn tokens(s: &str) -> impl Iterator<Item = Token<'_>> {
    Tokens {
        text: s,
        pos: 0,
        trail: (0, 0),
        slow: None,
    }
}

/// The word-boundary rules over the whole of `s`, without the fast path
/// for plain words: what [`tokens`] must always agree with.
#[cfg(test)]
fn tokens_uax29(s: &str) -> impl Iterator<Item = Token<'_>> {
    Segments::new(s, 0)
}

/// Most of a normalized comment is plain words between single spaces, and a
/// run of letters between spaces is one word whatever UAX #29's other rules
/// say; [`Tokens`] cuts those itself and hands every other space-delimited
/// chunk to [`Segments`], starting at the space before it. The rules only
/// look past a space to join it with more spaces or with marks that follow
/// it (WB3d, WB4), so the chunk segments exactly as inside the whole text.
struct Tokens<'a> {
    text: &'a str,
    /// Where the fast path goes on: a space, or the start of a chunk.
    pos: usize,
    /// Punctuation after a plain word, still to be given out one character
    /// at a time (`خوب،`, `good!!`).
    trail: (usize, usize),
    /// The chunk being cut by the full rules.
    slow: Option<Segments<'a>>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let (at, end) = self.trail;
            if at < end {
                let c = self.text[at..end].chars().next()?;
                self.trail.0 += c.len_utf8();
                return Some(token(
                    at,
                    &self.text[at..at + c.len_utf8()],
                    TokenKind::Punct,
                ));
            }
            if let Some(slow) = &mut self.slow {
                if let Some(t) = slow.next() {
                    return Some(t);
                }
                self.slow = None;
            }
            let bytes = self.text.as_bytes();
            let before = self.pos;
            while self.pos < bytes.len() && bytes[self.pos] == b' ' {
                self.pos += 1;
            }
            if self.pos >= bytes.len() {
                return None;
            }
            let start = self.pos;
            // One pass over the bytes: the plain head, then the punctuation
            // after it up to the next space.
            let (head, kind) = plain_head(&bytes[start..]);
            let mut end = start + head;
            while let Some(n) = trailing_punct_len(&bytes[end..]) {
                end += n;
            }
            if head > 0 && bytes.get(end).is_none_or(|&b| b == b' ') {
                self.pos = end;
                self.trail = (start + head, end);
                return Some(token(start, &self.text[start..start + head], kind));
            }
            let end = next_space(bytes, end);
            self.pos = end;
            // From the space before the chunk (if any), so that marks
            // right after it stay with it as they would in the whole text.
            let from = if start > before { start - 1 } else { start };
            self.slow = Some(Segments::new(&self.text[from..end], from));
        }
    }
}

/// The length of the punctuation character that starts `bytes`, if it is one
/// that UAX #29 never joins to a word before it or to each other when nothing
/// but more of it follows (it joins `.`, `:` and `,` only to letters or
/// digits on both sides), so `good!!` is a word and two marks: ASCII
/// `. , ! ? ; : )` and the Persian `، ؛ ؟`.
fn trailing_punct_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [b'.' | b',' | b'!' | b'?' | b';' | b':' | b')', ..] => Some(1),
        [0xD8, 0x8C | 0x9B | 0x9F, ..] => Some(2),
        _ => None,
    }
}

/// The next ASCII space at or after `from`, or the end.
fn next_space(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b' ')
        .map_or(bytes.len(), |i| from + i)
}

/// The length of the plain head of a chunk (`chunk` runs on to the end of
/// the text: the head stops before any space), read byte by
/// byte (decoding every character cost more than the rest of the fast path):
/// either [`is_plain_letter`]s, with single apostrophes between them (UAX #29
/// keeps `it's` one word, WB6/WB7), which make a word; or ASCII digits
/// alone, a number (WB8). 0 when the chunk starts otherwise.
fn plain_head(chunk: &[u8]) -> (usize, TokenKind) {
    let digits = chunk.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        // Digits glued to letters make a word, left to the full rules.
        let glued = chunk
            .get(digits)
            .is_some_and(|&b| b == b'\'' || b >= 0x80 || b.is_ascii_alphabetic());
        return (if glued { 0 } else { digits }, TokenKind::Number);
    }
    let letter_len = |i: usize| -> usize {
        match chunk.get(i) {
            Some(&b) if b < 0x80 => usize::from(b.is_ascii_alphabetic()),
            // Every plain letter is two bytes in UTF-8; `chunk` is valid
            // UTF-8, so a lead byte has its continuation byte.
            Some(&b) if (0xC0..0xE0).contains(&b) => {
                let bits = PLAIN_TWO_BYTE[usize::from(b & 0x1F)];
                2 * ((bits >> (chunk[i + 1] & 0x3F)) & 1) as usize
            }
            _ => 0,
        }
    };
    let mut i = 0;
    loop {
        let n = letter_len(i);
        if n > 0 {
            i += n;
        } else if i > 0 && chunk.get(i) == Some(&b'\'') && letter_len(i + 1) > 0 {
            i += 1;
        } else {
            return (i, TokenKind::Word);
        }
    }
}

/// [`is_plain_letter`] of the two-byte characters, looked up by their bytes:
/// bit `c & 0x3F` of entry `b & 0x1F` for the lead byte `b` and the
/// continuation byte `c`.
static PLAIN_TWO_BYTE: [u64; 32] = {
    let mut table = [0u64; 32];
    let mut code = 0x80;
    while code < 0x800 {
        if let Some(c) = char::from_u32(code) {
            if is_plain_letter(c) {
                table[(code >> 6) as usize] |= 1 << (code & 0x3F);
            }
        }
        code += 1;
    }
    table
};

/// Letters that UAX #29 classes as `ALetter` and that [`Segments`] takes as
/// they are: no format control, mark, digit, stop or emoji among them, so a
/// run of them between spaces is one [`TokenKind::Word`].
const fn is_plain_letter(c: char) -> bool {
    matches!(c,
        'a'..='z' | 'A'..='Z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{17F}'
        | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// UAX #29 word segments of a string, cut and classed for review text.
struct Segments<'a> {
    segments: UWordBoundIndices<'a>,
    /// Byte offset of the segmented string in the tokenized text.
    base: usize,
    rest: &'a str,
    rest_start: usize,
    stop_next: bool,
    graphemes: bool,
}

impl<'a> Segments<'a> {
    fn new(s: &'a str, base: usize) -> Self {
        Segments {
            segments: s.split_word_bound_indices(),
            base,
            rest: "",
            rest_start: 0,
            stop_next: false,
            graphemes: false,
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if !self.rest.is_empty() {
                if let Some(t) = self.cut_rest() {
                    return Some(t);
                }
                continue;
            }
            let (start, segment) = self.segments.next()?;
            if let Some(t) = self.segment(self.base + start, segment) {
                return Some(t);
            }
        }
    }
}

impl<'a> Segments<'a> {
    /// Turn one UAX #29 segment into its first token, leaving any remainder
    /// in `rest`.
    fn segment(&mut self, start: usize, segment: &'a str) -> Option<Token<'a>> {
        let first = segment.chars().next()?;
        // WB3d/WB4 glue spaces together and hang stray marks and ZWNJs on
        // them; none of that is content.
        if first.is_whitespace() {
            return None;
        }
        let (start, text) = trim(start, segment);
        let first = text.chars().next()?;
        let kind = kind_of(first, text);
        match kind {
            TokenKind::Word if has_stop(text) => {
                self.rest = text;
                self.rest_start = start;
                self.stop_next = false;
                self.graphemes = false;
                self.cut_rest()
            }
            // UAX #29 leaves symbols one per segment except for runs of
            // connector punctuation (`___`, WB13a); those are cut up too.
            TokenKind::Punct if text.len() > first.len_utf8() => {
                self.rest = text;
                self.rest_start = start;
                self.stop_next = false;
                self.graphemes = true;
                self.cut_rest()
            }
            _ => Some(token(start, text, kind)),
        }
    }

    /// Return the next token from `rest`.
    fn cut_rest(&mut self) -> Option<Token<'a>> {
        let rest = self.rest;
        let start = self.rest_start;
        let len = if self.graphemes {
            rest.graphemes(true).next().map_or(rest.len(), str::len)
        } else if self.stop_next {
            rest.chars().next().map_or(rest.len(), char::len_utf8)
        } else {
            next_stop(rest).unwrap_or(rest.len())
        };
        let (piece, tail) = rest.split_at(len);
        self.rest = tail;
        self.rest_start = start + len;
        let was_stop = self.stop_next;
        self.stop_next = !self.graphemes && !was_stop && !tail.is_empty();
        let (start, text) = trim(start, piece);
        let first = text.chars().next()?;
        let kind = if was_stop || self.graphemes {
            TokenKind::Punct
        } else {
            kind_of(first, text)
        };
        Some(token(start, text, kind))
    }
}

fn token(start: usize, text: &str, kind: TokenKind) -> Token<'_> {
    Token {
        text,
        start,
        end: start + text.len(),
        kind,
    }
}

/// Classify a trimmed, non-empty segment whose first char is `first`.
fn kind_of(first: char, text: &str) -> TokenKind {
    if is_emoji_start(first, &text[first.len_utf8()..]) {
        TokenKind::Emoji
    } else if is_alpha(first) {
        TokenKind::Word
    } else if first.is_numeric() || first == '_' {
        // `12gb`, `_id`: a letter anywhere makes it a word.
        if text.chars().any(is_alpha) {
            TokenKind::Word
        } else if text.chars().any(char::is_numeric) {
            TokenKind::Number
        } else {
            TokenKind::Punct
        }
    } else if text.chars().any(char::is_alphanumeric) {
        // A segment led by another connector or a mark glued to letters.
        TokenKind::Word
    } else {
        TokenKind::Punct
    }
}

/// `char::is_alphabetic` with the scripts of nazar's languages answered
/// without the general Unicode table walk, which dominated profiles.
fn is_alpha(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7F' | '\u{D7}' | '\u{F7}' => false,
        '\u{C0}'..='\u{24F}' => true,
        // Arabic-script letters (incl. tatweel and Persian پ چ ژ ک گ ی).
        '\u{0620}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}' => true,
        // Arabic digits, punctuation and marks: only a few marks count.
        '\u{0600}'..='\u{06FF}' => c.is_alphabetic(),
        _ => c.is_alphabetic(),
    }
}

/// Format controls that carry no content at the edge of a token: ZWSP, ZWNJ,
/// ZWJ, LRM/RLM, ALM, bidi embeddings and isolates, word joiner and
/// invisible operators, BOM.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Drop ignorable controls (and stray variation selectors) from both ends of
/// `text`, which starts at byte `start`; emoji keep their trailing VS16.
fn trim(start: usize, text: &str) -> (usize, &str) {
    let is_vs = |c: char| matches!(c, '\u{FE00}'..='\u{FE0F}');
    let trimmed = text.trim_start_matches(|c| is_ignorable(c) || is_vs(c));
    let start = start + (text.len() - trimmed.len());
    let emoji = trimmed
        .chars()
        .next()
        .is_some_and(|c| is_emoji_start(c, &trimmed[c.len_utf8()..]));
    let trimmed = if emoji {
        trimmed.trim_end_matches(is_ignorable)
    } else {
        trimmed.trim_end_matches(|c| is_ignorable(c) || is_vs(c))
    };
    (start, trimmed)
}

/// Characters UAX #29 lets inside a word (`MidLetter`/`MidNumLet`) that end
/// a sentence rather than join a word: full stops and colons, ASCII and
/// fullwidth/small forms. Apostrophes and `·` (Catalan `l·l`) are not here.
fn is_stop(c: char) -> bool {
    matches!(
        c,
        '.' | ':' | '\u{2024}' | '\u{FE13}' | '\u{FE52}' | '\u{FE55}' | '\u{FF0E}' | '\u{FF1A}'
    )
}

/// Cheap pre-check for [`next_stop`]: the UTF-8 lead bytes of every
/// [`is_stop`] character.
fn has_stop(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'.' | b':' | 0xE2 | 0xEF))
}

/// Byte index of the first full stop inside `text` that separates letters
/// (not `3.5`, `v1.2`), if any.
fn next_stop(text: &str) -> Option<usize> {
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_stop(c) {
            if let (Some(p), Some(&(_, n))) = (prev, chars.peek()) {
                if !(p.is_numeric() && n.is_numeric()) {
                    return Some(i);
                }
            }
        }
        prev = Some(c);
    }
    None
}

/// Does a segment starting with `first` (followed by `rest`) spell an
/// emoji? Pictographs from U+2300 up count even without VS16 (`❤`, `☺`);
/// older text-style symbols (`©`, `™`, `↔`) only with VS16; keycaps need
/// U+20E3.
fn is_emoji_start(first: char, rest: &str) -> bool {
    let cp = u32::from(first);
    match cp {
        0x23 | 0x2A | 0x30..=0x39 => {
            rest.starts_with('\u{20E3}') || rest.starts_with("\u{FE0F}\u{20E3}")
        }
        0x1F000..=0x1FAFF | 0x1FC00..=0x1FFFD => true,
        0xA9 | 0xAE | 0x2000..=0x32FF => {
            is_pictographic_bmp(cp) && (cp >= 0x2300 || rest.starts_with('\u{FE0F}'))
        }
        _ => false,
    }
}

/// `Extended_Pictographic` below U+10000 as inclusive ranges sorted by
/// start (Unicode 17, copied from the grapheme tables of
/// `unicode-segmentation` 1.13, which does not export them). Above U+10000
/// the emoji blocks U+1F000–U+1FAFF are taken whole.
const PICTOGRAPHIC_BMP: &[(u32, u32)] = &[
    (0xA9, 0xA9),
    (0xAE, 0xAE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x2199),
    (0x21A9, 0x21AA),
    (0x231A, 0x231B),
    (0x2328, 0x2328),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23F3),
    (0x23F8, 0x23FA),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25AB),
    (0x25B6, 0x25B6),
    (0x25C0, 0x25C0),
    (0x25FB, 0x25FE),
    (0x2600, 0x2604),
    (0x260E, 0x260E),
    (0x2611, 0x2611),
    (0x2614, 0x2615),
    (0x2618, 0x2618),
    (0x261D, 0x261D),
    (0x2620, 0x2620),
    (0x2622, 0x2623),
    (0x2626, 0x2626),
    (0x262A, 0x262A),
    (0x262E, 0x262F),
    (0x2638, 0x263A),
    (0x2640, 0x2640),
    (0x2642, 0x2642),
    (0x2648, 0x2653),
    (0x265F, 0x2660),
    (0x2663, 0x2663),
    (0x2665, 0x2666),
    (0x2668, 0x2668),
    (0x267B, 0x267B),
    (0x267E, 0x267F),
    (0x2692, 0x2697),
    (0x2699, 0x2699),
    (0x269B, 0x269C),
    (0x26A0, 0x26A1),
    (0x26A7, 0x26A7),
    (0x26AA, 0x26AB),
    (0x26B0, 0x26B1),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26C8, 0x26C8),
    (0x26CE, 0x26CF),
    (0x26D1, 0x26D1),
    (0x26D3, 0x26D4),
    (0x26E9, 0x26EA),
    (0x26F0, 0x26F5),
    (0x26F7, 0x26FA),
    (0x26FD, 0x26FD),
    (0x2702, 0x2702),
    (0x2705, 0x2705),
    (0x2708, 0x270D),
    (0x270F, 0x270F),
    (0x2712, 0x2712),
    (0x2714, 0x2714),
    (0x2716, 0x2716),
    (0x271D, 0x271D),
    (0x2721, 0x2721),
    (0x2728, 0x2728),
    (0x2733, 0x2734),
    (0x2744, 0x2744),
    (0x2747, 0x2747),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2763, 0x2764),
    (0x2795, 0x2797),
    (0x27A1, 0x27A1),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
];

fn is_pictographic_bmp(cp: u32) -> bool {
    PICTOGRAPHIC_BMP
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Language of a word handed to [`Stemmer::stem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StemLang {
    /// Persian, stemmed by [`persian_stem::stem`].
    Fa,
    /// English, Snowball (Porter 2).
    En,
    /// Portuguese, Snowball.
    Pt,
}

/// Stemmers for the three comment languages.
///
/// `rust_stemmers::Stemmer` is a plain `fn` pointer table, so it is
/// `Send + Sync` and one `Stemmer` can be shared across threads (a test
/// asserts this); build it once, not per word.
///
/// Input is expected lowercased, as the normalizer emits it. Snowball
/// Portuguese is written for accented text: stems of accent-folded match
/// keys differ from those of the original spelling (`não` → `nã` but
/// `nao` → `nao`; `rápida` → `ráp` but `rapida` → `rap`). [`Stemmer::stem`]
/// stems whatever it is given, so stem the form you compare against, and
/// stem lexicon entries the same way.
pub struct Stemmer {
    en: rust_stemmers::Stemmer,
    pt: rust_stemmers::Stemmer,
}

impl Stemmer {
    /// Build the English and Portuguese Snowball stemmers.
    pub fn new() -> Self {
        Stemmer {
            en: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            pt: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Portuguese),
        }
    }

    /// Stem `word` as a word of `lang`. Persian stems are always borrowed
    /// prefixes of `word`; Snowball may allocate when it rewrites a suffix.
    pub fn stem<'a>(&self, lang: StemLang, word: &'a str) -> Cow<'a, str> {
        match lang {
            StemLang::Fa => Cow::Borrowed(persian_stem::stem(word)),
            StemLang::En => self.en.stem(word),
            StemLang::Pt => self.pt.stem(word),
        }
    }
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::new()
    }
}

impl fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stemmer").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use TokenKind::{Emoji, Number, Punct, Word};

    fn kinds(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s).into_iter().map(|t| (t.text, t.kind)).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[(&str, TokenKind)])] = &[
            ("", &[]),
            ("   \n\t ", &[]),
            // ZWNJ stays inside Persian words.
            ("می‌خواهم", &[("می‌خواهم", Word)]),
            ("کتاب‌ها بزرگ‌تر", &[("کتاب‌ها", Word), ("بزرگ‌تر", Word)]),
            ("نمی‌خواهم بخرم", &[("نمی‌خواهم", Word), ("بخرم", Word)]),
            ("کتاب\u{200C} ", &[("کتاب", Word)]),
            (" \u{200C}کتاب", &[("کتاب", Word)]),
            ("\u{200C}\u{200F}سلام\u{200F}", &[("سلام", Word)]),
            // Mixed Persian and Latin brand names.
            (
                "گوشی سامسونگ Galaxy A12 عالیه",
                &[
                    ("گوشی", Word),
                    ("سامسونگ", Word),
                    ("Galaxy", Word),
                    ("A12", Word),
                    ("عالیه", Word),
                ],
            ),
            ("گوشیgalaxy", &[("گوشیgalaxy", Word)]),
            // Persian punctuation.
            (
                "سلام، خوبی؟ آره؛ «عالی»!",
                &[
                    ("سلام", Word),
                    ("،", Punct),
                    ("خوبی", Word),
                    ("؟", Punct),
                    ("آره", Word),
                    ("؛", Punct),
                    ("«", Punct),
                    ("عالی", Word),
                    ("»", Punct),
                    ("!", Punct),
                ],
            ),
            (
                "عالیه.خیلی",
                &[("عالیه", Word), (".", Punct), ("خیلی", Word)],
            ),
            ("great.the", &[("great", Word), (".", Punct), ("the", Word)]),
            (
                "e.g.",
                &[("e", Word), (".", Punct), ("g", Word), (".", Punct)],
            ),
            (
                "!!!...",
                &[
                    ("!", Punct),
                    ("!", Punct),
                    ("!", Punct),
                    (".", Punct),
                    (".", Punct),
                    (".", Punct),
                ],
            ),
            (
                "a___b ___",
                &[("a___b", Word), ("_", Punct), ("_", Punct), ("_", Punct)],
            ),
            ("e-mail", &[("e", Word), ("-", Punct), ("mail", Word)]),
            ("2،3 ۱۲٫۵", &[("2،3", Number), ("۱۲٫۵", Number)]),
            // Numbers.
            (
                "3.5 1,000 12:30",
                &[
                    ("3.5", Number),
                    ("1,000", Number),
                    ("12", Number),
                    (":", Punct),
                    ("30", Number),
                ],
            ),
            ("v1.2 128gb", &[("v1.2", Word), ("128gb", Word)]),
            ("۱۲ ماه", &[("۱۲", Number), ("ماه", Word)]),
            (
                "قیمت 200 هزار",
                &[("قیمت", Word), ("200", Number), ("هزار", Word)],
            ),
            ("50%", &[("50", Number), ("%", Punct)]),
            // English and Portuguese.
            ("don't it's", &[("don't", Word), ("it's", Word)]),
            ("don\u{2019}t", &[("don\u{2019}t", Word)]),
            ("'quoted'", &[("'", Punct), ("quoted", Word), ("'", Punct)]),
            (
                "não é ótimo, coração",
                &[
                    ("não", Word),
                    ("é", Word),
                    ("ótimo", Word),
                    (",", Punct),
                    ("coração", Word),
                ],
            ),
            ("nao\u{0303}", &[("nao\u{0303}", Word)]),
            ("d'água", &[("d'água", Word)]),
            // Emoji.
            ("👍🏽", &[("👍🏽", Emoji)]),
            ("❤️", &[("❤️", Emoji)]),
            ("❤", &[("❤", Emoji)]),
            ("👨‍👩‍👧", &[("👨‍👩‍👧", Emoji)]),
            ("😍😍😍", &[("😍", Emoji), ("😍", Emoji), ("😍", Emoji)]),
            ("🇮🇷🇧🇷", &[("🇮🇷", Emoji), ("🇧🇷", Emoji)]),
            ("1️⃣ 1", &[("1️⃣", Emoji), ("1", Number)]),
            ("عالی👌🏻👌🏻", &[("عالی", Word), ("👌🏻", Emoji), ("👌🏻", Emoji)]),
            ("©️ ©", &[("©️", Emoji), ("©", Punct)]),
            ("⭐⭐", &[("⭐", Emoji), ("⭐", Emoji)]),
            ("👍\u{200D}", &[("👍", Emoji)]),
        ];
        let mut bad = Vec::new();
        for &(input, want) in cases {
            let got = kinds(input);
            if got != want {
                bad.push(format!("{input:?}:\n  got  {got:?}\n  want {want:?}"));
            }
        }
        assert!(bad.is_empty(), "{} wrong:\n{}", bad.len(), bad.join("\n"));
    }

    #[test]
    fn offsets_are_bytes() {
        let s = "گوشی 👍🏽 A12، عالیه.";
        let toks = tokenize(s);
        for t in &toks {
            assert_eq!(&s[t.start..t.end], t.text);
        }
        assert_eq!(
            toks[0],
            Token {
                text: "گوشی",
                start: 0,
                end: 8,
                kind: Word
            }
        );
        assert_eq!(toks[1].start, 9);
        assert_eq!(
            toks[2],
            Token {
                text: "A12",
                start: 18,
                end: 21,
                kind: Word
            }
        );
        assert_eq!(toks.last().map(|t| t.kind), Some(Punct));
    }

    #[test]
    fn pictographic_table_is_sorted() {
        assert!(PICTOGRAPHIC_BMP.iter().all(|&(lo, hi)| lo <= hi));
        assert!(PICTOGRAPHIC_BMP.windows(2).all(|p| p[0].1 < p[1].0));
    }

    #[test]
    fn fast_alpha_agrees_with_std() {
        for c in ('\0'..='\u{2FFF}').chain('\u{FB50}'..='\u{FEFF}') {
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_uax29_on_edge_cases() {
        for s in [
            "",
            " ",
            "  ",
            "abc",
            " abc ",
            "abc  def",
            " \u{0301}abc",
            "  \u{200C}خوب",
            "ab\u{3000} cd",
            "کتاب ها",
            "کتاب‌ها خوب",
            "e.g ok",
            "خوب. عالی",
            "a\u{0301} b",
            "🇮🇷 🇮🇷🇮🇷 x",
            "x \u{200D}\u{1F44D}",
            "don't  go",
            "é à ç",
            "۱۲ خوب 12",
            "it's o'clock a''b 'a a' é'ç ok' خوب'ه",
            "9, 10. 12gb 9'9 9_ 3.5 5) 1\u{20E3} 0\u{FE0F}\u{20E3} 7، x.",
        ] {
            assert_eq!(tokenize(s), tokens_uax29(s).collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    fn plain_head_reads_two_byte_letters_as_is_plain_letter_does() {
        for c in ('\u{80}'..='\u{7FF}').chain('a'..='z') {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let want = if is_plain_letter(c) { bytes.len() } else { 0 };
            assert_eq!(plain_head(bytes).0, want, "{c:?}");
        }
    }

    #[test]
    fn iterator_matches_vec() {
        let s = "سلام!! it's 3.5 ❤️ ok.go";
        assert_eq!(tokens(s).collect::<Vec<_>>(), tokenize(s));
    }

    #[test]
    fn stemmer() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Stemmer>();
        let st = Stemmer::new();
        let cases: &[(StemLang, &str, &str)] = &[
            (StemLang::Fa, "کتاب‌ها", "کتاب"),
            (StemLang::Fa, "خوبه", "خوب"),
            (StemLang::En, "running", "run"),
            (StemLang::En, "batteries", "batteri"),
            (StemLang::En, "it's", "it"),
            (StemLang::En, "don't", "don't"),
            (StemLang::Pt, "entregue", "entreg"),
            (StemLang::Pt, "produtos", "produt"),
            // Accent folding changes Snowball Portuguese stems.
            (StemLang::Pt, "não", "nã"),
            (StemLang::Pt, "nao", "nao"),
            (StemLang::Pt, "rápida", "ráp"),
            (StemLang::Pt, "rapida", "rap"),
        ];
        for &(lang, word, want) in cases {
            assert_eq!(st.stem(lang, word), want, "{lang:?} {word}");
        }
        assert!(matches!(
            st.stem(StemLang::Fa, "گوشی‌ها"),
            Cow::Borrowed("گوشی")
        ));
    }

    proptest! {
        #[test]
        fn tokens_are_ordered_slices(s in any::<String>()) {
            check(&s)?;
        }

        #[test]
        fn tokens_are_ordered_slices_mixed(
            s in "[a-z0-9 .:,'_\u{0627}-\u{064A}\u{06CC}\u{200C}\u{200D}\u{FE0F}\u{1F44D}\u{1F3FD}\u{2764}!؟،]{0,40}"
        ) {
            check(&s)?;
        }

        #[test]
        fn fast_path_agrees_with_uax29(s in any::<String>()) {
            prop_assert_eq!(tokenize(&s), tokens_uax29(&s).collect::<Vec<_>>());
        }

        #[test]
        fn fast_path_agrees_with_uax29_mixed(
            s in "[a-zA-Zé ' .:,_0-9\u{0621}-\u{0655}\u{0660}\u{0671}\u{067E}\u{06CC}\u{06F1}\u{200C}\u{200D}\u{200F}\u{202E}\u{0301}\u{3000}\u{A0}\u{FE0F}\u{1F44D}\u{1F3FD}\u{1F1EE}\u{1F1F7}\u{2764}\n\t!؟،;?()؛]{0,40}"
        ) {
            prop_assert_eq!(tokenize(&s), tokens_uax29(&s).collect::<Vec<_>>());
        }

        #[test]
        fn stemmers_do_not_panic(s in any::<String>()) {
            let st = Stemmer::new();
            for lang in [StemLang::Fa, StemLang::En, StemLang::Pt] {
                let _ = st.stem(lang, &s);
            }
            prop_assert!(s.starts_with(persian_stem::stem(&s)));
        }
    }

    fn check(s: &str) -> Result<(), TestCaseError> {
        let mut last_end = 0;
        for t in tokens(s) {
            prop_assert!(!t.text.is_empty());
            prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            prop_assert_eq!(s.get(t.start..t.end), Some(t.text));
            prop_assert!(t.start >= last_end, "overlap at {}", t.start);
            prop_assert!(!t.text.chars().next().is_some_and(char::is_whitespace));
            last_end = t.end;
        }
        Ok(())
    }
}
