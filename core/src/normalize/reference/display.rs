//! The display pass: what a person should read.
//!
//! Three steps over a vector of aligned characters:
//! 1. *decode*: Unicode NFC (only where the text is not already NFC, which
//!    is the common case and costs one quick check);
//! 2. *map*: HTML markup read, presentation forms folded, Arabic letters unified, digits
//!    converted, quotes unified, diacritics, kashida and invisible characters
//!    removed;
//! 3. *tidy*: whitespace collapsed, punctuation spaced the Persian way,
//!    zero-width non-joiners kept only between Persian letters, elongated
//!    Persian letters squeezed, and ZWNJ placed for the prefixes `می`/`نمی`
//!    and the suffixes `ها`, `تر`, `ترین`, `ام`, ... when they were written
//!    apart from their word.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_compatible};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::align::Ch;
use super::chars::*;
use crate::normalize::html::{markup_at, Markup};
use crate::normalize::{Digits, Options};

/// Runs the whole display pass over `text`.
pub(crate) fn display_chars(text: &str, opts: &Options) -> Vec<Ch> {
    display_chars_and_markup(text, opts).0
}

/// The display pass, and when it read HTML markup, the words of the text:
/// the tidied display form before ZWNJ placement.
pub(crate) fn display_chars_and_markup(text: &str, opts: &Options) -> (Vec<Ch>, Option<String>) {
    // Nearly all comments are trivially NFC: map straight from the text, and
    // fall back to decoding first only when a character needs composition.
    let direct = text
        .char_indices()
        .map(|(i, c)| Ch::new(c, i as u32, (i + c.len_utf8()) as u32));
    let (mapped, mut markup) = match map(text, direct, opts, true) {
        Some(mapped) => mapped,
        None => {
            let mut decoded = Vec::with_capacity(text.len());
            decode(text, &mut decoded);
            map(text, decoded.into_iter(), opts, false).unwrap_or_default()
        }
    };
    let mut tidy = tidy(&mapped, opts);
    if opts.html {
        let settled;
        (tidy, settled) = settle_markup(tidy, opts);
        markup |= settled;
    }
    let words = markup.then(|| tidy.iter().map(|c| c.c).collect());
    if opts.fix_zwnj {
        place_zwnj(&mut tidy);
    }
    (recompose(tidy), words)
}

/// Markup that mapping and tidying made out of text, read until none is
/// left, so that the display form holds no markup.
fn settle_markup(mut chars: Vec<Ch>, opts: &Options) -> (Vec<Ch>, bool) {
    let mut changed = false;
    for round in 0.. {
        let text: String = chars.iter().map(|c| c.c).collect();
        let at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        // Past the last round, markup still left is defused.
        if round == crate::normalize::display::SETTLE_ROUNDS {
            let any = at.iter().any(|&i| markup_at(&text, i).is_some());
            if any {
                for ch in chars.iter_mut() {
                    ch.c = match ch.c {
                        '<' => '＜',
                        '&' => '＆',
                        c => c,
                    };
                }
            }
            return (chars, changed || any);
        }
        let mut out: Vec<Ch> = Vec::new();
        let mut pending_start = None;
        let mut found = false;
        let mut k = 0;
        while k < chars.len() {
            let ch = chars[k];
            let markup = if ch.c == '<' || ch.c == '&' {
                markup_at(&text, at[k])
            } else {
                None
            };
            match markup {
                None => {
                    push_mapped(&mut out, &mut pending_start, ch, Mapped::Keep(ch.c));
                    k += 1;
                }
                Some((markup, len)) => {
                    let end = at[k] + len;
                    let mut last = ch.end;
                    while k < chars.len() && at[k] < end {
                        last = last.max(chars[k].end);
                        k += 1;
                    }
                    found = true;
                    let m = match markup {
                        Markup::Drop => continue,
                        Markup::Break => Mapped::Keep(' '),
                        Markup::Char(c) => map_one(c, opts),
                    };
                    push_mapped(
                        &mut out,
                        &mut pending_start,
                        Ch::new(ch.c, ch.start, last),
                        m,
                    );
                }
            }
        }
        if !found {
            return (chars, changed);
        }
        changed = true;
        chars = tidy(&out, opts);
    }
    (chars, changed)
}

/// Composes again where removing a character brought a base letter and a
/// combining mark together (`U`, ZWNJ, U+0301 → `Ú`), so that the display
/// form is NFC and normalizing it again changes nothing.
fn recompose(chars: Vec<Ch>) -> Vec<Ch> {
    if chars.iter().all(|c| is_nfc_trivial(c.c))
        || is_nfc_quick(chars.iter().map(|c| c.c)) == IsNormalized::Yes
    {
        return chars;
    }
    let mut out = Vec::with_capacity(chars.len());
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
    out
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

/// Maps characters one by one; deleted characters widen the range of the
/// character before them so that evidence spans cover them. With
/// `bail_on_non_nfc`, returns `None` at the first character that may need
/// NFC composition, so the caller can decode first.
fn map(
    text: &str,
    input: impl Iterator<Item = Ch>,
    opts: &Options,
    bail_on_non_nfc: bool,
) -> Option<(Vec<Ch>, bool)> {
    let mut input = input.peekable();
    let mut out: Vec<Ch> = Vec::with_capacity(input.size_hint().0);
    let mut read_markup = false;
    // Start of a run of deleted characters at the very beginning of the text.
    let mut pending_start: Option<u32> = None;
    let mut expanded: Vec<char> = Vec::new();
    let mut prev: Option<char> = None;
    while let Some(ch) = input.next() {
        if bail_on_non_nfc && !is_nfc_trivial(ch.c) && !is_invisible(ch.c) {
            return None;
        }
        let before = prev.replace(ch.c);
        // HTML markup: what it stands for, over all of its characters.
        let markup = if opts.html && (ch.c == '<' || ch.c == '&') {
            markup_at(text, ch.start as usize)
        } else {
            None
        };
        if let Some((markup, len)) = markup {
            read_markup = true;
            let end = ch.start + len as u32;
            let mut last = ch.end.max(end);
            while let Some(next) = input.next_if(|n| n.start < end) {
                last = last.max(next.end);
                prev = Some(next.c);
            }
            // An inline tag leaves nothing, and widens nothing.
            let m = match markup {
                Markup::Drop => continue,
                Markup::Break => Mapped::Keep(' '),
                Markup::Char(c) => {
                    if bail_on_non_nfc && !is_nfc_trivial(c) && !is_invisible(c) {
                        return None;
                    }
                    map_one(c, opts)
                }
            };
            push_mapped(
                &mut out,
                &mut pending_start,
                Ch::new(ch.c, ch.start, last),
                m,
            );
            continue;
        }
        if is_presentation_form(ch.c) {
            expand_presentation_form(ch.c, &mut expanded);
            for &c in &expanded {
                push_mapped(&mut out, &mut pending_start, ch, map_one(c, opts));
            }
            if expanded.is_empty() {
                push_mapped(&mut out, &mut pending_start, ch, Mapped::Drop);
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
                    last.c = c;
                    last.end = last.end.max(ch.end);
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
            push_mapped(&mut out, &mut pending_start, ch, Mapped::Drop);
            continue;
        }
        let m = if ch.c == ZWJ {
            // Kept only inside an emoji sequence.
            let next = input.peek().map(|n| n.c);
            if before.is_some_and(is_emoji_part) && next.is_some_and(is_emoji_part) {
                Mapped::Keep(ZWJ)
            } else {
                Mapped::Drop
            }
        } else {
            map_one(ch.c, opts)
        };
        push_mapped(&mut out, &mut pending_start, ch, m);
    }
    Some((out, read_markup))
}

fn push_mapped(out: &mut Vec<Ch>, pending_start: &mut Option<u32>, ch: Ch, m: Mapped) {
    match m {
        Mapped::Keep(c) => {
            let start = pending_start.take().unwrap_or(ch.start);
            out.push(Ch::new(c, start.min(ch.start), ch.end));
        }
        Mapped::Drop => match out.last_mut() {
            Some(last) => last.end = last.end.max(ch.end),
            None => {
                pending_start.get_or_insert(ch.start);
            }
        },
    }
}

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
        'ة' if opts.letters.teh_marbuta_to_heh => Mapped::Keep('ه'),
        'أ' | 'إ' if opts.letters.hamza_alef_to_alef => Mapped::Keep('ا'),
        'ؤ' if opts.letters.waw_hamza_to_waw => Mapped::Keep('و'),
        'ۀ' if opts.letters.heh_yeh_to_heh => Mapped::Keep('ه'),
        _ => Mapped::Keep(unify_quote(unify_persian_letter(c))),
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
fn tidy(input: &[Ch], opts: &Options) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let ch = input[i];
        // A ZWNJ after punctuation is about to be dropped and a stray accent
        // will fold away in the key: look past both.
        let next = input[i + 1..]
            .iter()
            .map(|n| n.c)
            .find(|&n| n != ZWNJ && !is_latin_combining(n));
        // A ZWNJ left dangling before anything but a Persian letter goes.
        if out.last().is_some_and(|l| l.c == ZWNJ) && !is_arabic_letter(ch.c) && ch.c != ZWNJ {
            out.pop();
        }
        match ch.c {
            ' ' => {
                let after_opening = out.last().is_some_and(|l| is_opening_punct(l.c));
                if !out.is_empty() && out.last().is_some_and(|l| l.c != ' ') && !after_opening {
                    out.push(ch);
                }
            }
            ZWNJ => {
                if out.last().is_some_and(|l| is_arabic_letter(l.c)) {
                    out.push(ch);
                } else if let Some(last) = out.last_mut() {
                    last.end = last.end.max(ch.end);
                }
            }
            c if is_closing_punct(c) || matches!(c, '?' | ',' | ';') => {
                let p = if opts.persian_punctuation
                    && last_non_space(&out).is_some_and(is_arabic_letter)
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
                out.push(ch.with(if ch.c == '\u{066B}' { '.' } else { ',' }));
            }
            c if opts.squeeze_elongation && is_arabic_letter(c) => {
                let run = input[i..].iter().take_while(|x| x.c == c).count();
                if run >= 3 {
                    out.push(Ch::new(c, ch.start, input[i + run - 1].end));
                    i += run;
                    continue;
                }
                out.push(ch);
            }
            _ => out.push(ch),
        }
        i += 1;
    }
    while out.last().is_some_and(|l| l.c == ' ' || l.c == ZWNJ) {
        out.pop();
    }
    out
}

/// Suffixes written apart from their word that take a ZWNJ instead.
const SUFFIXES: &[&str] = &["ها", "های", "هایی", "تر", "ترین", "ام", "ات", "اش"];

/// The length of the word at `start`: Arabic letters, with the ZWNJ that
/// the tidy step leaves only between two of them.
fn word_at(chars: &[Ch], start: usize) -> usize {
    if !chars.get(start).is_some_and(|c| is_arabic_letter(c.c)) {
        return 0;
    }
    chars[start..]
        .iter()
        .take_while(|c| is_arabic_letter(c.c) || c.c == ZWNJ)
        .count()
}

fn word_is(chars: &[Ch], word: &str) -> bool {
    chars.len() == word.chars().count() && chars.iter().zip(word.chars()).all(|(a, b)| a.c == b)
}

/// `word_is` on the letters as the key folds them: prefixes and suffixes
/// are told on the key's letters, so the key of a key joins alike.
fn key_word_is(chars: &[Ch], word: &str) -> bool {
    chars.len() == word.chars().count()
        && chars
            .iter()
            .zip(word.chars())
            .all(|(a, b)| fold_arabic_variant(a.c) == b)
}

/// Replaces the space in `می خواهم` and `کتاب ها` with a ZWNJ and splits the
/// glued `شبکههای` (a word ending in ه followed by the plural suffix) with
/// one. Words that merely end in suffix letters (`بهترین`, `تنها`) are never
/// split: only a suffix written as a separate word is joined.
fn place_zwnj(chars: &mut Vec<Ch>) {
    let mut i = 0;
    let mut prev_word: Option<(usize, usize)> = None;
    let mut inserts: Vec<usize> = Vec::new();
    while i < chars.len() {
        // A word is its letters and the ZWNJ between them, told by its
        // letters alone, as the key (which drops the ZWNJ) has them.
        let len = word_at(chars, i);
        if len == 0 {
            if chars[i].c != ' ' {
                prev_word = None;
            }
            i += 1;
            continue;
        }
        let ends_word = chars.get(i + len).is_none_or(|c| !is_word_char(c.c));
        let mut joined = false;
        // The letters as the key has them: no ZWNJ, and a run of three or
        // more equal letters (an elongation) squeezed to one.
        let letters = |start: usize, len: usize| -> Vec<Ch> {
            let plain: Vec<Ch> = chars[start..start + len]
                .iter()
                .copied()
                .filter(|c| c.c != ZWNJ)
                .collect();
            let mut out = Vec::new();
            let mut i = 0;
            while i < plain.len() {
                let k = fold_arabic_variant(plain[i].c);
                let run = plain[i..]
                    .iter()
                    .take_while(|c| fold_arabic_variant(c.c) == k)
                    .count();
                let keep = if run >= 3 { 1 } else { run };
                out.extend_from_slice(&plain[i..i + keep]);
                i += run;
            }
            out
        };
        if let Some((ps, pl)) = prev_word {
            let space = ps + pl;
            let joined_by_space = space + 1 == i && chars[space].c == ' ';
            let prev = letters(ps, pl);
            let is_prefix = key_word_is(&prev, "می") || key_word_is(&prev, "نمی");
            let word = letters(i, len);
            // `های کپی` is the loanword "high copy" (a replica).
            let high_copy = key_word_is(&word, "های") && {
                let rest: String = chars[i + len..].iter().map(|c| c.c).take(4).collect();
                rest == " کپی"
            };
            let is_suffix =
                ends_word && !high_copy && SUFFIXES.iter().any(|s| key_word_is(&word, s));
            if joined_by_space && (is_prefix || (is_suffix && prev.len() >= 2)) {
                chars[space].c = ZWNJ;
                joined = true;
            }
        }
        // A glued plural ends the last part of the word, after its last ZWNJ.
        let last = chars[i..i + len]
            .iter()
            .rposition(|c| c.c == ZWNJ)
            .map_or(i, |z| i + z + 1);
        let part = &chars[last..i + len];
        let n_part = part.len();
        if ends_word && n_part > 4 {
            for plural in ["هها", "ههای", "ههایی"] {
                let n = plural.chars().count();
                if n_part > n && word_is(&part[n_part - n..], plural) {
                    inserts.push(last + n_part - n + 1);
                }
            }
        }
        // A word joined to the one before is one word with it, as in the key.
        prev_word = match prev_word {
            Some((ps, _)) if joined => Some((ps, i + len - ps)),
            _ => Some((i, len)),
        };
        i += len;
    }
    for &at in inserts.iter().rev() {
        let end = chars[at - 1].end;
        chars.insert(at, Ch::new(ZWNJ, end, end));
    }
}
