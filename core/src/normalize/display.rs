//! The display pass: what a person should read.
//!
//! Four steps over a vector of aligned characters:
//! 1. *decode*: Unicode NFC (only where the text is not already NFC, which
//!    is the common case and costs one quick check);
//! 2. *map*: HTML markup read ([`html`]), presentation forms folded, Arabic
//!    letters unified, digits converted, quotes unified, diacritics, kashida
//!    and invisible characters removed;
//! 3. *tidy*: whitespace collapsed, punctuation spaced the Persian way,
//!    zero-width non-joiners kept only between Persian letters, elongated
//!    Persian letters squeezed (and, rarely, markup that the steps made
//!    out of text read as well: see [`settle_markup`]);
//! 4. *ZWNJ placement* for the prefixes `می`/`نمی` and the suffixes `ها`,
//!    `تر`, `ترین`, `ام`, ... when they were written apart from their word.
//!
//! On the common path (text already NFC) the map step reads the text
//! directly, with one lane for ASCII and Arabic letters, and records where
//! the words are for language detection on the way; ZWNJ placement is then
//! decided by the key pass as it reads the tidied characters and applied
//! as the display form is written (see [`Placement`]). The vectors live in
//! a [`Work`] that the caller keeps between texts, so the pass allocates
//! nothing once the buffers have grown.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_compatible};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::align::{Builder, Ch};
use super::chars::*;
use super::html;
use super::{Digits, Options};
use crate::lang::{self, Runs};

/// Buffers of the display pass, reused from one text to the next.
#[derive(Debug, Default)]
pub(crate) struct Work {
    decoded: Vec<Ch>,
    mapped: Vec<Ch>,
    expanded: Vec<char>,
    composed: Vec<Ch>,
    zwnj: Placement,
    markup: (String, Vec<usize>),
}

impl Work {
    /// Capacity kept for the next text, in characters: a rare huge text
    /// should not pin its buffers for the life of the thread.
    const KEEP: usize = 1 << 16;

    pub fn trim(&mut self) {
        if self.decoded.capacity() > Self::KEEP
            || self.mapped.capacity() > Self::KEEP
            || self.composed.capacity() > Self::KEEP
        {
            *self = Work::default();
        }
    }
}

/// What the display pass tells its caller.
#[derive(Debug, Clone)]
pub(crate) struct Pass {
    /// Whether ZWNJ placement is left to the caller: on the common path, the
    /// key pass decides it as it goes (see [`Placement`]), and nobody needs
    /// to change `out`.
    pub place: bool,
    /// When HTML markup was read, the words of the text, which are not its
    /// words as written (`<br>`, `n&atilde;o`): the tidied display form,
    /// before any ZWNJ placement (which the key pass decides once it knows
    /// the language).
    pub words: Option<String>,
}

/// What the map steps saw of `<` and `&`.
#[derive(Debug, Default)]
struct Seen {
    /// A `<` or an `&` went into the mapped text (written as text, or
    /// decoded from `&lt;` or `&amp;`): the only way the later steps can
    /// make markup (see [`settle_markup`]).
    literal: bool,
    /// Markup was read.
    read: bool,
}

/// Runs the display pass over `text` into `out`.
///
/// `runs`, if any, records the word runs of the text for language
/// detection as the text is read; `runs` is `None` afterwards if the text
/// had to be decoded, and nothing was recorded.
pub(crate) fn display_chars(
    text: &str,
    opts: &Options,
    work: &mut Work,
    out: &mut Vec<Ch>,
    runs: &mut Option<Runs>,
) -> Pass {
    // Nearly all comments are trivially NFC: map straight from the text, and
    // fall back to decoding first only when a character needs composition.
    let mapped = &mut work.mapped;
    mapped.clear();
    let mut seen = Seen::default();
    let (direct, recorded) = if mostly_latin(text) {
        map_direct::<true>(text, opts, mapped, runs.take(), &mut seen)
    } else {
        map_direct::<false>(text, opts, mapped, runs.take(), &mut seen)
    };
    *runs = recorded;
    if !direct {
        *runs = None;
        mapped.clear();
        work.decoded.clear();
        decode(text, &mut work.decoded);
        seen = Seen::default();
        map(
            text,
            work.decoded.iter().copied(),
            opts,
            &mut work.expanded,
            mapped,
            &mut seen,
        );
    }
    out.clear();
    tidy(mapped, opts, out);
    let settled = seen.literal && settle_markup(out, opts, mapped, &mut work.markup);
    let words = (seen.read || settled).then(|| out.iter().map(|c| c.c).collect());
    // Everything the direct map lets through, and everything the later steps
    // add, is NFC on its own: only decoded text may need composing again,
    // after the ZWNJ are in place. (An entity that the steps before made may
    // stand for any character that is NFC and a starter on its own.)
    debug_assert!(!direct || settled || out.iter().all(|c| is_nfc_trivial(c.c)));
    if direct {
        // ZWNJ only ever goes between Arabic letters.
        let place = opts.fix_zwnj && out.iter().any(|c| is_arabic_letter(c.c));
        return Pass { place, words };
    }
    if opts.fix_zwnj {
        place_zwnj(out, &mut work.zwnj, &mut work.composed);
    }
    recompose(out, &mut work.composed);
    Pass {
        place: false,
        words,
    }
}

/// Where ZWNJ placement changes the tidied display characters, found by
/// the key pass as it reads them: the spaces that become a ZWNJ, and the
/// characters a ZWNJ goes after. Both in increasing order.
#[derive(Debug, Default)]
pub(crate) struct Placement {
    pub joins: Vec<usize>,
    pub splits: Vec<usize>,
}

impl Placement {
    pub fn clear(&mut self) {
        self.joins.clear();
        self.splits.clear();
    }

    /// Calls `f` with the characters written for `chars[range]`.
    ///
    /// The placements in the range are found by binary search: a word is
    /// rewritten anywhere in a text, and scanning every placement before it
    /// made one huge comment with many joins and rewrites quadratic.
    pub fn each(&self, chars: &[Ch], range: std::ops::Range<usize>, mut f: impl FnMut(Ch)) {
        let after = |v: &[usize]| v.partition_point(|&x| x < range.start);
        let mut joins = self.joins[after(&self.joins)..].iter().peekable();
        let mut splits = self.splits[after(&self.splits)..].iter().peekable();
        for i in range {
            let ch = chars[i];
            if joins.next_if(|&&j| j == i).is_some() {
                f(ch.with(ZWNJ));
            } else {
                f(ch);
            }
            if splits.next_if(|&&s| s == i).is_some() {
                f(Ch::new(ZWNJ, ch.end, ch.end));
            }
        }
    }

    /// Writes `chars` to `out`, changed as placed.
    // Each pass stays a function of its own: inlined into one another, their
    // loops compete for registers and their state spills to the stack.
    #[inline(never)]
    pub fn write(&self, chars: &[Ch], out: &mut Builder) {
        let (mut joins, mut splits) = (self.joins.iter().peekable(), self.splits.iter().peekable());
        let mut from = 0;
        loop {
            let (at, join) = match (joins.peek(), splits.peek()) {
                (Some(&&j), Some(&&s)) if j < s => (j, true),
                (Some(&&j), None) => (j, true),
                (_, Some(&&s)) => (s, false),
                (None, None) => break,
            };
            if join {
                joins.next();
                out.extend(&chars[from..at]);
                out.push(chars[at].with(ZWNJ));
            } else {
                splits.next();
                out.extend(&chars[from..=at]);
                out.push(Ch::new(ZWNJ, chars[at].end, chars[at].end));
            }
            from = at + 1;
        }
        out.extend(&chars[from..]);
    }
}

/// Composes again where removing a character brought a base letter and a
/// combining mark together (`U`, ZWNJ, U+0301 → `Ú`), so that the display
/// form is NFC and normalizing it again changes nothing. `spare` is a
/// buffer to build the result in.
fn recompose(chars: &mut Vec<Ch>, spare: &mut Vec<Ch>) {
    if chars.iter().all(|c| is_nfc_trivial(c.c))
        || is_nfc_quick(chars.iter().map(|c| c.c)) == IsNormalized::Yes
    {
        return;
    }
    let out = spare;
    out.clear();
    let mut seg_start = 0;
    let mut buf = String::new();
    for i in 1..=chars.len() {
        if i < chars.len() && !starts_segment(chars[i].c) {
            continue;
        }
        let seg = &chars[seg_start..i];
        if seg.len() == 1 {
            out.push(seg[0]);
        } else {
            let start = seg.iter().map(|c| c.start).min().unwrap_or(0);
            let end = seg.iter().map(|c| c.end).max().unwrap_or(0);
            buf.clear();
            buf.extend(seg.iter().map(|c| c.c));
            out.extend(buf.nfc().map(|c| Ch::new(c, start, end)));
        }
        seg_start = i;
    }
    std::mem::swap(chars, out);
}

/// Decodes `text` into NFC characters with their original byte ranges.
fn decode(text: &str, out: &mut Vec<Ch>) {
    if text.chars().all(is_nfc_trivial) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        out.extend(
            text.char_indices()
                .map(|(i, c)| Ch::new(c, i as u32, (i + c.len_utf8()) as u32)),
        );
        return;
    }
    // Compose segment by segment, a segment starting at each character that
    // cannot combine with what precedes it, so every composed character can
    // be traced to the original bytes of its own segment.
    let mut seg_start = 0;
    for (i, c) in text.char_indices() {
        if i > seg_start && starts_segment(c) {
            compose_segment(&text[seg_start..i], seg_start, out);
            seg_start = i;
        }
    }
    compose_segment(&text[seg_start..], seg_start, out);
}

fn starts_segment(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

fn compose_segment(seg: &str, offset: usize, out: &mut Vec<Ch>) {
    let (start, end) = (offset as u32, (offset + seg.len()) as u32);
    let mut chars = seg.chars();
    match (chars.next(), chars.next()) {
        (None, _) => {}
        (Some(c), None) => out.push(Ch::new(c, start, end)),
        _ => out.extend(seg.nfc().map(|c| Ch::new(c, start, end))),
    }
}

/// What the map step does with one character.
enum Mapped {
    Keep(char),
    Drop,
}

/// The map step straight from `text`, for text whose characters are all
/// NFC on their own (see [`is_nfc_trivial`]) or invisible, which is nearly
/// every comment. Returns `false`, leaving `out` half done, at the first
/// character that may need NFC composition, so the caller can decode first;
/// otherwise `true` and `runs` with every character of the text recorded.
///
/// On such text [`map`] does exactly this: presentation forms, the
/// combining hamza and the Latin combining accents are not NFC-trivial, so
/// only the ZWJ rule and [`map_one`] remain.
// Kept out of line, like every pass (see `Placement::write`).
#[inline(never)]
fn map_direct<'r, const ASCII_RUNS: bool>(
    text: &str,
    opts: &Options,
    out: &mut Vec<Ch>,
    mut runs: Option<Runs<'r>>,
    seen: &mut Seen,
) -> (bool, Option<Runs<'r>>) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len());
    let persian_digits = opts.digits == Digits::Persian;
    let mut pending_start: Option<u32> = None;
    let mut prev: Option<char> = None;
    let mut i = 0;
    let same = if persian_digits {
        &ASCII_SAME_BUT_DIGITS
    } else {
        &ASCII_SAME
    };
    while i < bytes.len() {
        let b = bytes[i];
        // One fast lane for ASCII and the letters of the Arabic block: one
        // character in, one out, decided without `map_one`. They are decoded
        // without branching on their length, a branch that would go one way
        // for letters and the other for spaces and so mispredict at every
        // word of Persian. (A deleted character at the very start leaves a
        // pending start, which only the general lane handles.)
        if b < 0xE0 && pending_start.is_none() {
            let two = b >= 0x80;
            let next = u32::from(bytes.get(i + 1).copied().unwrap_or(0));
            // A run of ASCII that stays as it is (letters, digits, spaces and
            // most punctuation: nearly all of an English or Portuguese text)
            // goes in one tight loop and one `extend`. Not a lone space
            // between Persian words, which the lane below takes faster: the
            // test reads both bytes without branching, so that in Persian
            // text it is false at letters and spaces alike and predicted.
            // Only for a text that starts in Latin letters (see
            // `mostly_latin`): the test alone slows Persian text by 5 %.
            if ASCII_RUNS && same[usize::from(b)] & same[(next & 0xFF) as usize] {
                i = ascii_run(bytes, i, same, out, &mut runs);
                prev = Some(char::from(bytes[i - 1]));
                continue;
            }
            let code = if two {
                ((u32::from(b) & 0x1F) << 6) | (next & 0x3F)
            } else {
                u32::from(b)
            };
            let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
            // (Not `<` and `&`, which may start HTML markup: see SIMPLE.)
            let class = class(c);
            if class & SIMPLE != 0 && !(persian_digits && c.is_ascii_digit()) {
                let m = if class & FOLDED != 0 {
                    map_arabic_letter(c, opts)
                } else if class & ASCII_SPACE != 0 {
                    ' '
                } else {
                    c
                };
                out.push(Ch::original(c, i).with(m));
                if let Some(r) = &mut runs {
                    r.push(lang::simple_kind(c), i);
                }
                prev = Some(c);
                i += 1 + usize::from(two);
                continue;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c == '<' || c == '&' {
            match direct_markup(text, i, opts, out, &mut pending_start, &mut runs, seen) {
                Some(Some(len)) => {
                    prev = text[..i + len].chars().next_back();
                    i += len;
                    continue;
                }
                Some(None) => return (false, None),
                None => {}
            }
        }
        if !is_nfc_trivial(c) && !is_invisible(c) {
            return (false, None);
        }
        if let (Some(r), Some(kind)) = (&mut runs, lang::kind(c)) {
            r.push(kind, i);
        }
        let before = prev.replace(c);
        let ch = Ch::original(c, i);
        i += c.len_utf8();
        let m = if c == ZWJ {
            zwj(before, text[i..].chars().next())
        } else {
            map_one(c, opts)
        };
        push_mapped(out, &mut pending_start, ch, m);
    }
    (true, runs)
}

/// Whether `text` starts in Latin letters, so that [`map_direct`] should
/// look for runs of ASCII to copy whole: a third of its first 32 bytes are
/// ASCII letters. Either answer gives the same result.
fn mostly_latin(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(32)];
    3 * head.iter().filter(|b| b.is_ascii_alphabetic()).count() >= head.len()
}

/// Copies the run of [`ASCII_SAME`] bytes at `i` of `bytes` into `out`
/// (recording it in `runs`) and returns where it ends.
#[inline(never)]
fn ascii_run(
    bytes: &[u8],
    i: usize,
    same: &[bool; 256],
    out: &mut Vec<Ch>,
    runs: &mut Option<Runs<'_>>,
) -> usize {
    let end = i + bytes[i..]
        .iter()
        .position(|&b| !same[usize::from(b)])
        .unwrap_or(bytes.len() - i);
    out.extend((i..end).map(|k| Ch::original(char::from(bytes[k]), k)));
    if let Some(r) = runs {
        for (k, &b) in bytes.iter().enumerate().take(end).skip(i) {
            r.push(lang::simple_kind(char::from(b)), k);
        }
    }
    end
}

/// The ASCII bytes that [`map_direct`] maps to themselves: every
/// [`SIMPLE`] one but the whitespace other than the space (which becomes a
/// space). Indexed by any byte; false past ASCII.
static ASCII_SAME: [bool; 256] = ascii_same(false);

/// [`ASCII_SAME`] without the digits, for [`Digits::Persian`].
static ASCII_SAME_BUT_DIGITS: [bool; 256] = ascii_same(true);

const fn ascii_same(but_digits: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0u8;
    while b < 0x80 {
        let c = b as char;
        // `<` and `&` may start markup (see SIMPLE); the backtick becomes
        // an apostrophe.
        table[b as usize] = c != '<'
            && c != '&'
            && c != '`'
            && (c == ' ' || !c.is_ascii_whitespace())
            && !(but_digits && c.is_ascii_digit());
        b += 1;
    }
    table
}

/// The markup at byte `i` of `text` for [`map_direct`], written to `out`:
/// `None` if there is none, `Some(None)` if it stands for a character that
/// needs the text decoded first, or `Some(Some(len))`. Out of line: markup
/// is rare, and the lanes of `map_direct` run faster without it inside.
#[cold]
#[inline(never)]
fn direct_markup(
    text: &str,
    i: usize,
    opts: &Options,
    out: &mut Vec<Ch>,
    pending_start: &mut Option<u32>,
    runs: &mut Option<Runs>,
    seen: &mut Seen,
) -> Option<Option<usize>> {
    if !opts.html {
        return None;
    }
    let (markup, len) = read_markup(text, i, seen)?;
    let source = &text[i..i + len];
    if let Some(r) = runs {
        for (j, c) in source.char_indices() {
            if let Some(kind) = lang::kind(c) {
                r.push(kind, i + j);
            }
        }
    }
    if let html::Markup::Char(c) = markup {
        if !is_nfc_trivial(c) && !is_invisible(c) {
            return Some(None);
        }
    }
    let ch = Ch::new(text[i..].chars().next()?, i as u32, (i + len) as u32);
    push_markup(out, pending_start, ch, markup, opts);
    Some(Some(len))
}

/// The markup at byte `at` of `text` (a `<` or an `&`), if any, noted in
/// `seen`.
fn read_markup(text: &str, at: usize, seen: &mut Seen) -> Option<(html::Markup, usize)> {
    let found = html::markup_at(text, at);
    seen.literal |= found.is_none_or(|(m, _)| matches!(m, html::Markup::Char('<' | '&')));
    seen.read |= found.is_some();
    found
}

/// Writes what a piece of HTML markup, `ch` (its first character over all
/// of its bytes), stands for. An inline tag is not a deleted character: it
/// leaves nothing, and no character's span grows over it, so that evidence
/// ends where the word does (`good` in `good</b>`).
fn push_markup(
    out: &mut Vec<Ch>,
    pending_start: &mut Option<u32>,
    ch: Ch,
    markup: html::Markup,
    opts: &Options,
) {
    let m = match markup {
        html::Markup::Drop => return,
        html::Markup::Break => Mapped::Keep(' '),
        html::Markup::Char(c) => map_one(c, opts),
    };
    push_mapped(out, pending_start, ch, m);
}

/// ZWJ is kept only inside an emoji sequence.
fn zwj(before: Option<char>, next: Option<char>) -> Mapped {
    if before.is_some_and(is_emoji_part) && next.is_some_and(is_emoji_part) {
        Mapped::Keep(ZWJ)
    } else {
        Mapped::Drop
    }
}

/// Maps characters one by one into `out`; deleted characters widen the
/// range of the character before them so that evidence spans cover them.
fn map(
    text: &str,
    input: impl Iterator<Item = Ch>,
    opts: &Options,
    expanded: &mut Vec<char>,
    out: &mut Vec<Ch>,
    seen: &mut Seen,
) {
    let mut input = input.peekable();
    // Start of a run of deleted characters at the very beginning of the text.
    let mut pending_start: Option<u32> = None;
    let mut prev: Option<char> = None;
    while let Some(ch) = input.next() {
        let before = prev.replace(ch.c);
        if let Some((markup, len)) = (opts.html && (ch.c == '<' || ch.c == '&'))
            .then(|| read_markup(text, ch.start as usize, seen))
            .flatten()
        {
            // The characters of the markup go with it (a mark composed onto
            // its last character too).
            let end = ch.start + len as u32;
            let mut span = ch;
            while let Some(next) = input.next_if(|n| n.start < end) {
                span.end = span.end.max(next.end);
                prev = Some(next.c);
            }
            span.end = span.end.max(end);
            let span = Ch::new(ch.c, span.start, span.end);
            push_markup(out, &mut pending_start, span, markup, opts);
            continue;
        }
        if is_presentation_form(ch.c) {
            expand_presentation_form(ch.c, expanded);
            for &c in expanded.iter() {
                push_mapped(out, &mut pending_start, ch, map_one(c, opts));
            }
            if expanded.is_empty() {
                push_mapped(out, &mut pending_start, ch, Mapped::Drop);
            }
            continue;
        }
        // Hamza above a Persian heh or yeh is the ezafe `ۀ` or the letter
        // `ئ`; NFC composes them only over the Arabic code points.
        if ch.c == '\u{0654}' {
            if let Some(last) = out.last_mut() {
                let composed = match last.c {
                    'ه' if !opts.letters.heh_yeh_to_heh => Some('ۀ'),
                    'ه' => Some('ه'),
                    'ی' => Some('ئ'),
                    _ => None,
                };
                if let Some(c) = composed {
                    *last = last.with(c);
                    last.widen(ch.end);
                    continue;
                }
            }
        }
        // A combining accent on a space, a digit, punctuation or a Persian
        // letter is debris of a broken keyboard or copy-paste.
        if is_latin_combining(ch.c)
            && !out
                .last()
                .is_some_and(|l| is_alphabetic(l.c) && !is_arabic_letter(l.c))
        {
            push_mapped(out, &mut pending_start, ch, Mapped::Drop);
            continue;
        }
        let m = if ch.c == ZWJ {
            zwj(before, input.peek().map(|n| n.c))
        } else {
            map_one(ch.c, opts)
        };
        push_mapped(out, &mut pending_start, ch, m);
    }
}

#[inline]
fn push_mapped(out: &mut Vec<Ch>, pending_start: &mut Option<u32>, ch: Ch, m: Mapped) {
    match m {
        Mapped::Keep(c) => match pending_start.take() {
            Some(start) => out.push(Ch::new(c, start.min(ch.start), ch.end)),
            None => out.push(ch.with(c)),
        },
        Mapped::Drop => match out.last_mut() {
            Some(last) => last.widen(ch.end),
            None => {
                pending_start.get_or_insert(ch.start);
            }
        },
    }
}

#[inline]
fn map_one(c: char, opts: &Options) -> Mapped {
    if c.is_ascii() && c != '"' && c != '\'' && c != '`' {
        return match (c, opts.digits) {
            ('0'..='9', Digits::Persian) => {
                Mapped::Keep(char::from_u32(0x06F0 + (c as u32 - '0' as u32)).unwrap_or(c))
            }
            _ if c.is_ascii_whitespace() => Mapped::Keep(' '),
            _ => Mapped::Keep(c),
        };
    }
    // Letters are most of a Persian text; none of the tests below but the
    // letter folds can apply to them.
    if is_arabic_letter(c) {
        return Mapped::Keep(map_arabic_letter(c, opts));
    }
    if let Some(d) = eastern_digit_value(c) {
        return match opts.digits {
            Digits::Ascii => Mapped::Keep(char::from_digit(d, 10).unwrap_or(c)),
            Digits::Persian => Mapped::Keep(char::from_u32(0x06F0 + d).unwrap_or(c)),
            Digits::Keep => Mapped::Keep(c),
        };
    }
    if is_arabic_diacritic(c) || c == KASHIDA || is_invisible(c) {
        return Mapped::Drop;
    }
    match c {
        ZWNJ => Mapped::Keep(ZWNJ),
        // A zero-width space between Persian letters is a mistyped ZWNJ;
        // anywhere else it is noise.
        ZWSP => Mapped::Keep(ZWNJ),
        _ if is_space(c) => Mapped::Keep(' '),
        _ => Mapped::Keep(unify_quote(unify_persian_letter(c))),
    }
}

/// The display form of an Arabic-script letter: the optional folds, then
/// the unification of Arabic and Persian letters.
#[inline]
fn map_arabic_letter(c: char, opts: &Options) -> char {
    match c {
        'ة' if opts.letters.teh_marbuta_to_heh => 'ه',
        'أ' | 'إ' if opts.letters.hamza_alef_to_alef => 'ا',
        'ؤ' if opts.letters.waw_hamza_to_waw => 'و',
        'ۀ' if opts.letters.heh_yeh_to_heh => 'ه',
        _ => unify_persian_letter(c),
    }
}

/// Folds one presentation-form character to base letters, recomposing
/// alef-madda and the hamza carriers that the compatibility decomposition
/// splits. The isolated harakat forms decompose to a space and a mark; both
/// go.
fn expand_presentation_form(c: char, out: &mut Vec<char>) {
    out.clear();
    decompose_compatible(c, |d| out.push(d));
    let mut i = 0;
    while i + 1 < out.len() {
        if let Some(composed) = compose(out[i], out[i + 1]) {
            out[i] = composed;
            out.remove(i + 1);
        } else {
            i += 1;
        }
    }
    if out.first() == Some(&' ') && out[1..].iter().all(|&d| is_arabic_diacritic(d)) {
        out.clear();
    }
}

/// Punctuation after which a space is inserted when a letter follows at once.
fn wants_space_after(p: char, next: char) -> bool {
    match p {
        '،' | '؛' | '؟' | '!' | '?' | ',' => is_alphabetic(next),
        '.' | ':' => is_arabic_letter(next),
        _ => false,
    }
}

/// Whether the space before punctuation `p` goes. A colon or semicolon glued
/// to what follows is an emoticon (`:)`, `;D`, and `;d`, as the key
/// lower-cases it) and keeps its space.
fn drops_space_before(p: char, next: Option<char>) -> bool {
    match p {
        ':' | ';' => next.is_none_or(|n| {
            !matches!(
                n,
                ')' | '(' | 'D' | 'd' | 'P' | 'p' | '/' | '|' | '*' | '3' | '-' | '\'' | ']' | '['
            )
        }),
        '.' => next.is_none_or(|n| !n.is_ascii_digit()),
        _ => is_closing_punct(p),
    }
}

/// The Persian form of Latin punctuation typed in a Persian sentence.
fn persian_punct(p: char) -> char {
    match p {
        ',' => '،',
        ';' => '؛',
        '?' => '؟',
        _ => p,
    }
}

fn last_non_space(out: &[Ch]) -> Option<char> {
    out.iter().rev().map(|c| c.c).find(|&c| c != ' ')
}

/// Collapses whitespace, spaces punctuation, keeps ZWNJ only between Persian
/// letters and squeezes elongated Persian letters.
// Kept out of line, like every pass (see `Placement::write`).
#[inline(never)]
fn tidy(input: &[Ch], opts: &Options, out: &mut Vec<Ch>) {
    out.reserve(input.len());
    let mut i = 0;
    while i < input.len() {
        let ch = input[i];
        let c = ch.c;
        // Letters, digits and the apostrophe first: they are most of every
        // text, and only the squeeze (of Persian letters) and the dangling
        // ZWNJ below apply to them. A run of them goes in a tight loop.
        if class(c) & KEY_WORD != 0 {
            if !is_arabic_letter(c) && out.last().is_some_and(|l| l.c == ZWNJ) {
                out.pop();
            }
            while let Some(&ch) = input.get(i) {
                let c = ch.c;
                let class = class(c);
                if class & KEY_WORD == 0 {
                    break;
                }
                if class & LETTER != 0
                    && opts.squeeze_elongation
                    && input.get(i + 1).is_some_and(|n| n.c == c)
                {
                    let run = input[i..].iter().take_while(|x| x.c == c).count();
                    if run >= 3 {
                        out.push(Ch::new(c, ch.start, input[i + run - 1].end));
                        i += run;
                        continue;
                    }
                }
                out.push(ch);
                i += 1;
            }
            continue;
        }
        // A ZWNJ left dangling before anything but a Persian letter goes.
        if c != ZWNJ && out.last().is_some_and(|l| l.c == ZWNJ) {
            out.pop();
        }
        match c {
            ' ' => {
                if out
                    .last()
                    .is_some_and(|l| l.c != ' ' && !is_opening_punct(l.c))
                {
                    out.push(ch);
                }
            }
            ZWNJ => {
                if out.last().is_some_and(|l| is_arabic_letter(l.c)) {
                    out.push(ch);
                } else if let Some(last) = out.last_mut() {
                    last.widen(ch.end);
                }
            }
            c if is_closing_punct(c) => {
                // A ZWNJ after punctuation is about to be dropped and a stray
                // accent will fold away in the key: look past both.
                let next = input[i + 1..]
                    .iter()
                    .map(|n| n.c)
                    .find(|&n| n != ZWNJ && !is_latin_combining(n));
                let p = if opts.persian_punctuation
                    && last_non_space(out).is_some_and(is_arabic_letter)
                {
                    persian_punct(c)
                } else {
                    c
                };
                if out.last().is_some_and(|l| l.c == ' ') && drops_space_before(p, next) {
                    out.pop();
                }
                out.push(ch.with(p));
                if next.is_some_and(|n| wants_space_after(p, n)) {
                    out.push(Ch::new(' ', ch.end, ch.end));
                }
            }
            // The Arabic decimal and thousands separators between digits
            // that became ASCII become ASCII too (`۳٫۵` → `3.5`,
            // `۱٬۲۰۰` → `1,200`), so that every spelling of a number meets.
            '\u{066B}' | '\u{066C}'
                if opts.digits == Digits::Ascii
                    && out.last().is_some_and(|l| l.c.is_ascii_digit())
                    // (Past a ZWNJ, which goes after a separator.)
                    && input[i + 1..]
                        .iter()
                        .find(|n| n.c != ZWNJ)
                        .is_some_and(|n| n.c.is_ascii_digit()) =>
            {
                out.push(ch.with(if c == '\u{066B}' { '.' } else { ',' }));
            }
            _ => out.push(ch),
        }
        i += 1;
    }
    while out.last().is_some_and(|l| l.c == ' ' || l.c == ZWNJ) {
        out.pop();
    }
}

/// Reads the markup that the map and tidy steps made out of text (`<br>`
/// once the joiner in `<\u{200D}br>` goes, or the inline tag in `<<b>br>`),
/// as the text's own markup is read, until none is left: the display form
/// holds no markup, so normalizing it again changes nothing. Each round
/// unwraps one level of such nesting; past [`SETTLE_ROUNDS`] (only a text
/// built to do this gets there) the `<` and `&` left are defused into their
/// fullwidth forms `＜` `＆`, which no markup starts with, so that the work
/// stays linear in the text. `spare` and `buf` are buffers. Returns whether
/// anything changed.
fn settle_markup(
    chars: &mut Vec<Ch>,
    opts: &Options,
    spare: &mut Vec<Ch>,
    buf: &mut (String, Vec<usize>),
) -> bool {
    let mut changed = false;
    for round in 0.. {
        if !chars.iter().any(|c| c.c == '<' || c.c == '&') {
            break;
        }
        let (text, at) = buf;
        text.clear();
        at.clear();
        for c in chars.iter() {
            at.push(text.len());
            text.push(c.c);
        }
        let markup_at = |k: usize| {
            let c = chars[k].c;
            (c == '<' || c == '&')
                .then(|| html::markup_at(text, at[k]))
                .flatten()
        };
        if round == SETTLE_ROUNDS {
            if (0..chars.len()).any(|k| markup_at(k).is_some()) {
                for ch in chars.iter_mut() {
                    match ch.c {
                        '<' => *ch = ch.with('＜'),
                        '&' => *ch = ch.with('＆'),
                        _ => {}
                    }
                }
                changed = true;
            }
            break;
        }
        spare.clear();
        let mut pending_start = None;
        let mut found = false;
        let mut k = 0;
        while k < chars.len() {
            let ch = chars[k];
            let Some((markup, len)) = markup_at(k) else {
                push_mapped(spare, &mut pending_start, ch, Mapped::Keep(ch.c));
                k += 1;
                continue;
            };
            let end = at[k] + len;
            let mut span = Ch::new(ch.c, ch.start, ch.end);
            while k < chars.len() && at[k] < end {
                span.end = span.end.max(chars[k].end);
                k += 1;
            }
            push_markup(spare, &mut pending_start, span, markup, opts);
            found = true;
        }
        if !found {
            break;
        }
        changed = true;
        chars.clear();
        tidy(spare, opts, chars);
    }
    changed
}

/// How many levels of markup made out of text [`settle_markup`] unwraps.
pub(crate) const SETTLE_ROUNDS: usize = 8;

/// Suffixes written apart from their word that take a ZWNJ instead.
const SUFFIXES: &[&[char]] = &[
    &['ه', 'ا'],
    &['ه', 'ا', 'ی'],
    &['ه', 'ا', 'ی', 'ی'],
    &['ت', 'ر'],
    &['ت', 'ر', 'ی', 'ن'],
    &['ا', 'م'],
    &['ا', 'ت'],
    &['ا', 'ش'],
];

/// The prefixes `می` and `نمی`.
const PREFIXES: &[&[char]] = &[&['م', 'ی'], &['ن', 'م', 'ی']];

/// A word ending in ه glued to the plural suffix: `هها`, `ههای`, `ههایی`.
const GLUED_PLURALS: &[&[char]] = &[
    &['ه', 'ه', 'ا'],
    &['ه', 'ه', 'ا', 'ی'],
    &['ه', 'ه', 'ا', 'ی', 'ی'],
];

fn word_is(chars: &[Ch], word: &[char]) -> bool {
    chars.len() == word.len() && chars.iter().zip(word).all(|(a, &b)| a.c == b)
}

/// How many Arabic letters run up to `end`, counting at most `max`.
fn letters_before(chars: &[Ch], end: usize, max: usize) -> usize {
    chars[..end]
        .iter()
        .rev()
        .take(max)
        .take_while(|c| is_arabic_letter(c.c))
        .count()
}

/// How many Arabic letters run from `start`, counting at most `max`.
fn letters_from(chars: &[Ch], start: usize, max: usize) -> usize {
    chars[start.min(chars.len())..]
        .iter()
        .take(max)
        .take_while(|c| is_arabic_letter(c.c))
        .count()
}

/// Replaces the space in `می خواهم` and `کتاب ها` with a ZWNJ and splits the
/// glued `شبکههای` (a word ending in ه followed by the plural suffix) with
/// one. Words that merely end in suffix letters (`بهترین`, `تنها`) are never
/// split: only a suffix written as a separate word is joined. `placement`
/// and `spare` are buffers.
///
/// Only spaces and ه can change, so each decision ([`may_join_at`],
/// [`splits_after`]) looks at a few letters around one of them, as tidy
/// left them: every decision is made before any is applied, as the key pass
/// makes them on the fly for the text that did not have to be decoded, and
/// they are applied as the key pass's are ([`Placement::each`]).
fn place_zwnj(chars: &mut Vec<Ch>, placement: &mut Placement, spare: &mut Vec<Ch>) {
    placement.clear();
    for i in 0..chars.len() {
        match chars[i].c {
            ' ' if may_join_at(chars, i, &placement.joins) => placement.joins.push(i),
            'ه' if splits_after(chars, i) => placement.splits.push(i),
            _ => {}
        }
    }
    if placement.joins.is_empty() && placement.splits.is_empty() {
        return;
    }
    spare.clear();
    placement.each(chars, 0..chars.len(), |ch| spare.push(ch));
    std::mem::swap(chars, spare);
}

/// [`joins_at`], with the test that rules out nearly every space inlined:
/// both prefixes end in `می`, and the suffixes start with `ها`, `تر`, `ام`,
/// `ات` or `اش`, in the letters of the key (see [`joins_at`]). (Tested without
/// branching on the letters, which vary.)
#[inline(always)]
pub(crate) fn may_join_at(chars: &[Ch], s: usize, joined: &[usize]) -> bool {
    let at = |i: usize| chars.get(i).map_or('\0', |c| fold_arabic_variant(c.c));
    let p1 = at(s.wrapping_sub(1));
    let n1 = at(s + 1);
    // The next letter on each side that differs, past ZWNJ and repeats,
    // which the key drops and squeezes (rare: a loop that nearly always
    // stops at once).
    let mut i = s.wrapping_sub(2);
    let mut p2 = at(i);
    while p2 == ZWNJ || (p2 == p1 && p2 != '\0') {
        i = i.wrapping_sub(1);
        p2 = at(i);
    }
    let mut j = s + 2;
    let mut n2 = at(j);
    while n2 == ZWNJ || (n2 == n1 && n2 != '\0') {
        j += 1;
        n2 = at(j);
    }
    let maybe_prefix = (p1 == 'ی') & (p2 == 'م');
    let maybe_suffix = ((n1 == 'ه') & (n2 == 'ا'))
        | ((n1 == 'ت') & (n2 == 'ر'))
        | ((n1 == 'ا') & ((n2 == 'م') | (n2 == 'ت') | (n2 == 'ش')));
    (maybe_prefix | maybe_suffix) && joins_at(chars, s, joined)
}

/// Whether the space `chars[s]` separates the prefix `می`/`نمی` from its
/// word, or a word of two letters or more from a suffix that ends there.
///
/// Words are read as the key has them (see [`KeyLetters`]): without the
/// ZWNJ between two letters (`کتاب‌ها‌ی ها` has the key `کتابهای ها`, whose
/// space joins), with elongations squeezed (`م‌ی‌ی‌ی خواهم` has the key
/// `می خواهم`), and without a space before `s` that joined already
/// (`joined`, in increasing order: in `می م ها` the key's word before `ها`
/// is `میم`), so that the key of a key joins exactly what the key joined.
pub(crate) fn joins_at(chars: &[Ch], s: usize, joined: &[usize]) -> bool {
    let letter_at = |i: usize| chars.get(i).is_some_and(|c| is_arabic_letter(c.c));
    if !letter_at(s.wrapping_sub(1)) || !letter_at(s + 1) {
        return false;
    }
    // No prefix or suffix is longer than four letters: more only says the
    // word is longer than any of them.
    let mut before = KeyLetters::<4>::default();
    for (i, ch) in chars[..s].iter().enumerate().rev() {
        let through = ch.c == ZWNJ || (ch.c == ' ' && joined.binary_search(&i).is_ok());
        if through {
            continue;
        }
        if !is_arabic_letter(ch.c) || !before.push(ch.c) {
            break;
        }
    }
    let nb = before.len();
    if nb < 4
        && PREFIXES
            .iter()
            .any(|p| p.len() == nb && p.iter().rev().eq(before.letters()))
    {
        return true;
    }
    let mut after = KeyLetters::<5>::default();
    let mut next = None;
    for ch in &chars[s + 1..] {
        if ch.c == ZWNJ {
            continue;
        }
        if !is_arabic_letter(ch.c) {
            next = Some(ch.c);
            break;
        }
        if !after.push(ch.c) {
            next = Some(ch.c);
            break;
        }
    }
    let na = after.len();
    let ends_word = na < 5 && next.is_none_or(|c| !is_word_char(c));
    nb >= 2
        && ends_word
        && SUFFIXES.iter().any(|x| x[..] == *after.letters())
        && !(after.letters() == ['ه', 'ا', 'ی'] && high_copy_after(&chars[s + 1..]))
}

/// Whether `rest`, which starts with `های`, goes on with ` کپی`: the
/// loanword `های کپی` ("high copy", a replica), no plural suffix, so that
/// `به نظرم های کپیه` keeps it for the lexicon instead of `نظرم‌های`.
fn high_copy_after(rest: &[Ch]) -> bool {
    let mut letters = rest.iter().map(|c| c.c).filter(|&c| c != ZWNJ).skip(3);
    letters.next() == Some(' ') && letters.take(3).eq(['ک', 'پ', 'ی'])
}

/// The first letters of a word as the key will have them, read one by one
/// in either direction: folded as the key folds them ([`fold_arabic_variant`];
/// or `مئ ا` would join as `می‌ا` only once its key is read again), and
/// with runs of three or more equal letters squeezed to one, as the key
/// squeezes an elongation. Holds at most `N`; past that it only knows that
/// the word is longer.
#[derive(Debug)]
struct KeyLetters<const N: usize> {
    out: [char; N],
    n: usize,
    /// The letter of the current run, and how long the run is.
    last: char,
    run: usize,
    /// Whether the run's first and second letters are in `out`.
    first_in: bool,
    second_in: bool,
    /// A letter did not fit.
    overflow: bool,
}

impl<const N: usize> Default for KeyLetters<N> {
    fn default() -> Self {
        KeyLetters {
            out: ['\0'; N],
            n: 0,
            last: '\0',
            run: 0,
            first_in: false,
            second_in: false,
            overflow: false,
        }
    }
}

impl<const N: usize> KeyLetters<N> {
    /// Takes the next letter; `false` once the word is known to be longer
    /// than `N` letters (a new letter after one that did not fit).
    fn push(&mut self, c: char) -> bool {
        let k = fold_arabic_variant(c);
        if self.run > 0 && k == self.last {
            self.run += 1;
            if self.run == 2 && self.first_in {
                self.second_in = self.put(k);
            } else if self.run == 3 {
                // An elongation: the run is one letter in the key.
                if self.second_in {
                    self.n -= 1;
                } else if self.first_in {
                    self.overflow = false;
                }
            }
            return true;
        }
        if self.overflow {
            return false;
        }
        self.last = k;
        self.run = 1;
        self.second_in = false;
        self.first_in = self.put(k);
        true
    }

    fn put(&mut self, k: char) -> bool {
        if self.n < N {
            self.out[self.n] = k;
            self.n += 1;
            true
        } else {
            self.overflow = true;
            false
        }
    }

    fn letters(&self) -> &[char] {
        &self.out[..self.n]
    }

    /// How many letters, or `N + 1` for a longer word.
    fn len(&self) -> usize {
        if self.overflow {
            N + 1
        } else {
            self.n
        }
    }
}

/// Whether `chars[j]`, a ه, is the first of a glued `هها`, `ههای` or
/// `ههایی` that ends a word longer than five letters (four for `هها`).
pub(crate) fn splits_after(chars: &[Ch], j: usize) -> bool {
    if chars.get(j + 1).is_none_or(|c| c.c != 'ه') {
        return false;
    }
    // The rest of the word is the whole plural, three to five letters.
    let rest = letters_from(chars, j, 6);
    if !(3..=5).contains(&rest) || !word_is(&chars[j..j + rest], GLUED_PLURALS[rest - 3]) {
        return false;
    }
    let ends_word = chars.get(j + rest).is_none_or(|c| !is_word_char(c.c));
    // The word is longer than four letters and than the plural.
    let needed = (5 - rest).max(1);
    ends_word && letters_before(chars, j, needed) == needed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copying_ascii_runs_changes_nothing() {
        let opts = Options::default();
        for text in [
            "Great product, arrived fast!!  5/5 :)",
            "veio quebrado e a loja nao responde",
            "خیلی خوب بود ok 100%",
            "a\tb\nc <br> d &amp; e",
            "x",
            "",
        ] {
            let map = |runs: bool| {
                let mut out = Vec::new();
                let mut seen = Seen::default();
                let direct = if runs {
                    map_direct::<true>(text, &opts, &mut out, None, &mut seen).0
                } else {
                    map_direct::<false>(text, &opts, &mut out, None, &mut seen).0
                };
                (direct, out)
            };
            assert_eq!(map(true), map(false), "{text:?}");
        }
    }

    #[test]
    fn ascii_same_is_the_fast_lane_without_its_changes() {
        let opts = Options::default();
        for b in 0..=255u8 {
            let c = char::from(b);
            let class = class(c);
            let same = b < 0x80
                && class & SIMPLE != 0
                && matches!(map_one(c, &opts), Mapped::Keep(k) if k == c);
            assert_eq!(ASCII_SAME[usize::from(b)], same, "{c:?}");
            assert_eq!(
                ASCII_SAME_BUT_DIGITS[usize::from(b)],
                same && !c.is_ascii_digit(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn placement_each_writes_the_placements_inside_the_range_only() {
        let text = "ab cd eه";
        let chars: Vec<Ch> = text
            .char_indices()
            .map(|(i, c)| Ch::original(c, i))
            .collect();
        let placement = Placement {
            joins: vec![2, 5],
            splits: vec![0, 7],
        };
        let written = |range: std::ops::Range<usize>| {
            let mut s = String::new();
            placement.each(&chars, range, |ch| s.push(ch.c));
            s
        };
        assert_eq!(
            written(0..chars.len()),
            "a\u{200c}b\u{200c}cd\u{200c}eه\u{200c}"
        );
        assert_eq!(written(3..7), "cd\u{200c}e");
        assert_eq!(written(6..8), "eه\u{200c}");
        assert_eq!(written(4..4), "");
    }
}
