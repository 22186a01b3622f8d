//! The key pass: the form the lexicon is matched against.
//!
//! Keys are folded harder than the display form so that every spelling of a
//! term meets one key: no ZWNJ (`میخواهم`, `می خواهم` and `می‌خواهم` meet),
//! lower case, Latin accents folded (`nao` meets `não`), Arabic-script
//! variants folded (`ۀ` → `ه`, `أ` → `ا`), ASCII digits, elongations squeezed
//! in every script (`sooo`, `muuuito`, `خیلیییی`) without breaking real double
//! letters, Brazilian chat abbreviations expanded (`vc` → `voce`) and English
//! negative contractions split (`don't` → `do not`).
//!
//! The pass reads the tidied display characters once, placing ZWNJ on the
//! way (see [`display::Placement`]), and folds them straight into a
//! [`Builder`]. Nearly every word is left as it is, which a few facts
//! gathered while reading it tell; the rare word that is rewritten is
//! folded again from the display characters and replaces what was written.

use std::collections::HashSet;

use super::align::{Builder, Ch, Mark};
use super::chars::*;
use super::display::{self, Placement};
use crate::lang::Lang;

/// Buffers of the key pass, reused from one text to the next.
#[derive(Debug, Default)]
pub(crate) struct Work {
    /// What one display character folds to, off the fast lane.
    folded: Vec<Ch>,
    /// The characters of the word being rewritten.
    span: Vec<Ch>,
    /// The word being rewritten, as text.
    word: String,
    /// What the word is rewritten to.
    rewritten: Vec<Ch>,
}

/// Just enough about the key characters of a word to tell whether it may
/// need rewriting (see [`may_rewrite`]).
#[derive(Clone, Copy)]
struct Shape {
    /// Whether the first character is ASCII.
    ascii: bool,
    len: usize,
    /// The last three characters, last first.
    last: char,
    before_last: char,
    third_last: char,
    /// The low bytes of the characters, packed as [`pack`] does: exact for
    /// a short ASCII word.
    packed: u64,
    /// Whether three equal characters follow each other in it.
    has_run: bool,
}

impl Shape {
    const EMPTY: Shape = Shape {
        ascii: false,
        len: 0,
        last: '\0',
        before_last: '\0',
        third_last: '\0',
        packed: 0,
        has_run: false,
    };

    #[inline(always)]
    fn push(&mut self, c: char) {
        self.has_run |= self.len >= 2 && c == self.last && c == self.before_last;
        self.packed = (self.packed << 8) | u64::from(c as u32 as u8);
        self.third_last = self.before_last;
        self.before_last = self.last;
        self.last = c;
        self.len += 1;
    }
}

/// The fast lane of the key: ASCII and Arabic-script letters fold to one
/// character, which is a word character unless it is ASCII punctuation or
/// space. `None` for every other character.
#[inline(always)]
fn fold_fast(c: char) -> Option<(char, bool)> {
    let class = class(c);
    if class & SIMPLE == 0 {
        return None;
    }
    let k = if class & FOLDED == 0 {
        // Lower-casing changes no Arabic letter.
        c.to_ascii_lowercase()
    } else {
        fold_arabic_variant(c)
    };
    Some((k, class & KEY_WORD != 0))
}

/// Verbatim key characters not handed to the builder yet: `count`
/// characters that are the original text at `start..end`.
#[derive(Clone, Copy, Default)]
struct Run {
    start: u32,
    end: u32,
    count: u32,
}

/// Where the word being read started.
#[derive(Clone, Copy)]
struct WordStart {
    /// Index of its first display character.
    from: usize,
    /// The pending run when it started, so a prefix of the pending run as
    /// long as nothing was handed to the builder since.
    before: Run,
    /// Whether something of the word was handed to the builder, which
    /// `Key::mark` then marks before the word.
    marked: bool,
}

/// The state of the key pass. Its methods are all inlined into the loop of
/// [`key_chars`] and hand the builder whole runs of verbatim characters,
/// so that the state can stay in registers and the builder is called about
/// once a word.
struct Key<'o, 'b> {
    out: &'o mut Builder<'b>,
    run: Run,
    word: Option<WordStart>,
    shape: Shape,
    /// A space waits for what follows it: a key neither starts nor ends
    /// with one, nor has two in a row (folding away a stray accent can
    /// leave them).
    space: Option<Ch>,
    /// The last character of the key so far.
    last: Option<char>,
    /// The builder before the open word (see `WordStart::marked`).
    mark: Mark,
}

impl Key<'_, '_> {
    /// Appends a key character.
    #[inline(always)]
    fn emit(&mut self, ch: Ch) {
        let run = &mut self.run;
        if ch.verbatim & ((run.count == 0) | (ch.start == run.end)) {
            if run.count == 0 {
                run.start = ch.start;
            }
            run.end = ch.end;
            run.count += 1;
        } else {
            self.flush();
            self.out.push(ch);
        }
    }

    /// Appends the `count` characters of the original at `start..end`, as
    /// they are, with no word open.
    #[inline(always)]
    fn emit_run(&mut self, start: u32, end: u32, count: u32) {
        if self.run.count > 0 && self.run.end != start {
            self.flush();
        }
        if self.run.count == 0 {
            self.run.start = start;
        }
        self.run.end = end;
        self.run.count += count;
    }

    /// Hands the pending run to the builder, marking the builder where the
    /// open word starts if that was not done yet.
    #[inline(always)]
    fn flush(&mut self) {
        let run = std::mem::take(&mut self.run);
        if let Some(w) = &mut self.word {
            if !w.marked {
                let before = w.before;
                if before.count > 0 {
                    self.out.push_run(before.start, before.end, before.count);
                }
                w.marked = true;
                self.mark = self.out.mark();
                if run.count > before.count {
                    let start = if before.count > 0 {
                        before.end
                    } else {
                        run.start
                    };
                    self.out.push_run(start, run.end, run.count - before.count);
                }
                return;
            }
        }
        if run.count > 0 {
            self.out.push_run(run.start, run.end, run.count);
        }
    }

    #[inline(always)]
    fn flush_space(&mut self) {
        if let Some(s) = self.space.take() {
            self.emit(s);
        }
    }

    /// Starts a word at display index `from`, whose first key character is
    /// `first`.
    #[inline(always)]
    fn start_word(&mut self, from: usize, first: char) {
        self.flush_space();
        self.word = Some(WordStart {
            from,
            before: self.run,
            marked: false,
        });
        self.shape = Shape {
            ascii: first.is_ascii(),
            ..Shape::EMPTY
        };
    }

    /// Widens the last key character to `end`.
    #[inline(always)]
    fn widen(&mut self, end: u32) {
        match &mut self.space {
            Some(s) => s.widen(end),
            None => {
                self.flush();
                self.out.widen_last(end);
            }
        }
    }

    /// Ends the open word, if any, before display index `end`, rewriting it
    /// if it needs it.
    #[inline(always)]
    fn end_word(&mut self, end: usize, rules: &Rules, placement: &Placement, work: &mut Work) {
        let Some(w) = self.word.take() else {
            return;
        };
        if !may_rewrite(&self.shape, rules.lang, rules.expand)
            || !rewrite(w.from..end, rules, placement, work)
        {
            return;
        }
        // Drop what the word put in the key, then put the new word.
        if w.marked {
            self.out.truncate(self.mark);
            self.run = Run::default();
        } else {
            self.run = w.before;
        }
        for &ch in &work.rewritten {
            self.emit(ch);
            self.last = Some(ch.c);
        }
    }

    #[inline(always)]
    fn push_space(&mut self, space: Ch) {
        if self.space.is_none() && self.last.is_some_and(|l| l != ' ') {
            self.space = Some(space);
        }
    }
}

/// Builds the key from the display characters in one pass into `out`:
/// characters are folded into the key as they come, and each word is
/// rewritten in place when it ends, if it needs it at all.
// Kept out of line, like every pass: inlined into its caller, its loop
// competes for registers and its state spills to the stack.
#[inline(never)]
pub(crate) fn key_chars(
    rules: &Rules,
    placement: &mut Placement,
    work: &mut Work,
    out: &mut Builder,
) {
    let display = rules.display;
    let place = rules.place;
    let mut key = Key {
        out,
        run: Run::default(),
        word: None,
        shape: Shape::EMPTY,
        space: None,
        last: None,
        mark: Mark::default(),
    };
    let mut i = 0;
    while i < display.len() {
        let ch = display[i];
        // Fast lane for Persian and lower-case Latin text: whole words that
        // the key keeps as they are, handed on at once.
        if key.word.is_none() && class(ch.c) & KEY_SAME != 0 {
            if let Some(space) = plain_words(display, i, rules, &placement.joins) {
                key.flush_space();
                let (start, last) = (display[i], display[space - 1]);
                key.emit_run(start.start, last.end, (space - i) as u32);
                key.last = Some(last.c);
                key.space = Some(display[space]);
                i = space + 1;
                continue;
            }
        }
        match fold_fast(ch.c) {
            Some((k, true)) => {
                if key.word.is_none() {
                    key.start_word(i, k);
                }
                // The whole run of such characters in a tight loop.
                while let Some(&ch) = display.get(i) {
                    let Some((k, true)) = fold_fast(ch.c) else {
                        break;
                    };
                    key.shape.push(k);
                    key.emit(ch.with(k));
                    // ZWNJ placement: a glued plural gets a ZWNJ after its
                    // first ه, which folds away into it (nothing to do in
                    // the key). Tested without branching first: ه is common.
                    if place
                        && (ch.c == 'ه') & display.get(i + 1).is_some_and(|n| n.c == 'ه')
                        && display::splits_after(display, i)
                    {
                        placement.splits.push(i);
                    }
                    i += 1;
                }
                key.last = Some(key.shape.last);
            }
            Some((' ', false)) if place && display::may_join_at(display, i, &placement.joins) => {
                // ZWNJ placement: this space becomes a ZWNJ, which folds
                // away into the letter before it; the word goes on.
                placement.joins.push(i);
                key.widen(ch.end);
                i += 1;
            }
            Some((k, false)) => {
                key.end_word(i, rules, placement, work);
                i += 1;
                if k == ' ' {
                    key.push_space(ch);
                } else {
                    key.flush_space();
                    key.emit(ch.with(k));
                    key.last = Some(k);
                }
            }
            None => {
                work.folded.clear();
                if !fold_char(ch, &mut work.folded) {
                    // It folds away into the character before it.
                    key.widen(ch.end);
                    i += 1;
                    continue;
                }
                let first = work.folded[0];
                if is_key_word_char(first.c) {
                    if key.word.is_none() {
                        key.start_word(i, first.c);
                    }
                    for &k in &work.folded {
                        key.shape.push(k.c);
                        key.emit(k);
                    }
                    key.last = Some(key.shape.last);
                    i += 1;
                    continue;
                }
                key.end_word(i, rules, placement, work);
                i += 1;
                if first.c == ' ' && work.folded.len() == 1 {
                    key.push_space(first);
                    continue;
                }
                key.flush_space();
                for &k in &work.folded {
                    key.emit(k);
                    key.last = Some(k.c);
                }
            }
        }
    }
    key.end_word(display.len(), rules, placement, work);
    key.word = None;
    key.flush();
}

/// What the key is built from and how.
pub(crate) struct Rules<'a> {
    /// The tidied display characters.
    pub display: &'a [Ch],
    /// Whether to place ZWNJ as [`display::joins_at`] and
    /// [`display::splits_after`] say, recording it in the [`Placement`].
    pub place: bool,
    pub lang: Lang,
    pub vocabulary: &'a HashSet<String>,
    /// Whether to expand abbreviations and split contractions.
    pub expand: bool,
}

/// Where a run of words that the key keeps as they are ends, from display
/// index `i`: the index of the space after the last of them, if any. Such a
/// word is Arabic letters or ASCII lower-case letters that are the same in
/// the key and as written (so the key can copy them from the original), with
/// no three equal letters in a row (nothing to squeeze) and no ه before ه
/// (where a ZWNJ may go), and that [`may_rewrite`] lets through (a Latin
/// word may be an abbreviation or a contraction); each is followed by a
/// space that ZWNJ placement leaves alone (`joined`: the spaces before `i`
/// that it joined). The key of such a run is the run itself.
#[inline]
fn plain_words(display: &[Ch], i: usize, rules: &Rules, joined: &[usize]) -> Option<usize> {
    let mut j = i;
    let mut end = display[i].start;
    let mut space = None;
    loop {
        let from = j;
        // A word's script is the script of its neighbours, nearly always:
        // this branch goes the same way word after word.
        let shape = if display.get(from).is_some_and(|ch| ch.c.is_ascii()) {
            plain_word::<true>(display, &mut j, &mut end)
        } else {
            plain_word::<false>(display, &mut j, &mut end)
        };
        match display.get(j) {
            Some(&s)
                if j > from
                    && s.c == ' '
                    && s.verbatim
                    && s.start == end
                    && !(rules.place && display::may_join_at(display, j, joined))
                    && !(shape.ascii && may_rewrite(&shape, rules.lang, rules.expand)) =>
            {
                space = Some(j);
                end = s.end;
                j += 1;
            }
            _ => return space,
        }
    }
}

/// Reads the plain word at `display[*j..]`, whose first character starts
/// at `*end` in the original, moving both past it. Returns what
/// [`may_rewrite`] needs of it, kept as it is read (walking the word again
/// at its end was a loop whose exit mispredicted at nearly every word);
/// only an ASCII word (`LATIN`) needs its packed bytes. Three equal letters
/// in a row end the word, so it never has a run.
#[inline(always)]
fn plain_word<const LATIN: bool>(display: &[Ch], j: &mut usize, end: &mut u32) -> Shape {
    let from = *j;
    let (mut p1, mut p2, mut p3, mut packed) = ('\0', '\0', '\0', 0u64);
    while let Some(&ch) = display.get(*j) {
        let c = ch.c;
        let plain = class(c) & KEY_SAME != 0
            && ch.verbatim
            && ch.start == *end
            && !(c == p1 && c == p2)
            && !(c == 'ه' && display.get(*j + 1).is_some_and(|n| n.c == 'ه'));
        if !plain {
            break;
        }
        (p3, p2, p1, *end) = (p2, p1, c, ch.end);
        if LATIN {
            packed = (packed << 8) | u64::from(c as u32 as u8);
        }
        *j += 1;
    }
    Shape {
        ascii: LATIN,
        len: *j - from,
        last: p1,
        before_last: p2,
        third_last: p3,
        packed,
        has_run: false,
    }
}

/// Rewrites the key word that the display characters `rules.display[word]`,
/// as placed, fold to into `work.rewritten`, if it needs it; returns
/// whether it does.
// The rare path, kept out of the loop of `key_chars`.
#[inline(never)]
fn rewrite(
    word: std::ops::Range<usize>,
    rules: &Rules,
    placement: &Placement,
    work: &mut Work,
) -> bool {
    let Rules {
        display,
        lang,
        vocabulary,
        expand,
        ..
    } = *rules;
    // The word's key characters, folded again from the display as placed:
    // cheaper than keeping every word's characters for the few that change.
    let span = &mut work.span;
    span.clear();
    placement.each(display, word, |ch| {
        if !fold_char(ch, span) {
            if let Some(last) = span.last_mut() {
                last.widen(ch.end);
            }
        }
    });
    let word = &mut work.word;
    word.clear();
    word.extend(span.iter().map(|c| c.c));
    let Some(rewrite) = rewrite_word(word, lang, vocabulary, expand) else {
        return false;
    };
    let new = &mut work.rewritten;
    new.clear();
    let len = span.len();
    match rewrite {
        Rewrite::Whole(text) => {
            let (start, end) = (span[0].start, span[len - 1].end);
            new.extend(text.chars().map(|c| Ch::new(c, start, end)));
        }
        Rewrite::Squeezed(keep) => {
            // Each kept character absorbs the repeats dropped after it.
            for (j, &k) in keep.iter().enumerate() {
                let end = keep.get(j + 1).map_or(len, |&n| n) - 1;
                new.push(Ch::new(span[k].c, span[k].start, span[end].end));
            }
        }
    }
    true
}

/// Folds one display character into `out`. Returns `false`, pushing
/// nothing, for a character that folds away into the one before it.
fn fold_char(ch: Ch, out: &mut Vec<Ch>) -> bool {
    let c = ch.c;
    if c.is_ascii() {
        out.push(ch.with(c.to_ascii_lowercase()));
        return true;
    }
    // Combining accents left over after NFC (`é` + U+0301) fold away like
    // the accents NFC composed.
    if c == ZWNJ || is_latin_combining(c) {
        return false;
    }
    if let Some(d) = eastern_digit_value(c) {
        out.push(ch.with(char::from_digit(d, 10).unwrap_or(c)));
        return true;
    }
    if is_arabic_letter(c) {
        out.push(ch.with(fold_arabic_variant(c)));
        return true;
    }
    for l in c.to_lowercase() {
        out.push(ch.with(fold_latin_accent(l)));
    }
    true
}

fn is_key_word_char(c: char) -> bool {
    is_alphanumeric(c) || c == '\''
}

/// A cheap test that rules out nearly every word before any allocation: a
/// word can only change if it has a run of three equal letters, or is a
/// short Latin word (abbreviation), or ends like a negative contraction.
fn may_rewrite(w: &Shape, lang: Lang, expand: bool) -> bool {
    if expand && w.ascii {
        // Every negative contraction ends in `nt` (`dont`, `cant`), `n't`
        // or `not` (`cannot`), and has four characters at least: `not`
        // itself, the commonest of these endings, is no contraction.
        let contraction = w.len >= 4
            && w.last == 't'
            && (w.before_last == 'n'
                || (w.third_last == 'n' && (w.before_last == '\'' || w.before_last == 'o')));
        // Only an abbreviation changes a short Portuguese word. (A word with
        // other characters may pass for one: the rewrite finds it is not.)
        let short_pt = lang == Lang::Pt
            && w.len <= PT_ABBREVIATION_MAX
            && PT_ABBREVIATION_KEYS.binary_search(&w.packed).is_ok();
        if short_pt || contraction {
            return true;
        }
    }
    w.has_run
}

enum Rewrite {
    /// The word is replaced by other text (an expansion).
    Whole(String),
    /// The word keeps the characters at these indices (a squeeze).
    Squeezed(Vec<usize>),
}

/// Whether three equal characters follow each other.
fn has_run(chars: impl Iterator<Item = char>) -> bool {
    let (mut a, mut b) = ('\0', '\0');
    for (i, c) in chars.enumerate() {
        if i >= 2 && a == b && b == c {
            return true;
        }
        (a, b) = (b, c);
    }
    false
}

fn rewrite_word(
    word: &str,
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
) -> Option<Rewrite> {
    // Only a run of three equal letters squeezes; most words reach here
    // because they are short or end in `t`, and need no squeeze at all.
    let keep = if has_run(word.chars()) {
        squeeze(word, vocabulary)
    } else {
        None
    };
    if expand {
        let squeezed: Option<String> = keep.as_ref().map(|k| {
            let chars: Vec<char> = word.chars().collect();
            k.iter().map(|&i| chars[i]).collect()
        });
        let word = squeezed.as_deref().unwrap_or(word);
        if let Some((stem, not)) = split_contraction(word) {
            // The stem may itself be an abbreviation (`qdon't`); expanding it
            // now keeps keys idempotent.
            let stem = match lang {
                Lang::Pt => expand_pt_abbreviation(&stem).map_or(stem, str::to_string),
                _ => stem,
            };
            return Some(Rewrite::Whole(format!("{stem} {not}")));
        }
        if lang == Lang::Pt {
            if let Some(a) = expand_pt_abbreviation(word) {
                return Some(Rewrite::Whole(a.to_string()));
            }
        }
    }
    keep.map(Rewrite::Squeezed)
}

/// English negative contractions, with and without the apostrophe, split
/// into the verb and `not`.
fn split_contraction(word: &str) -> Option<(String, &'static str)> {
    let irregular = match word {
        "can't" | "cant" | "cannot" => Some("can"),
        "won't" | "wont" => Some("will"),
        "shan't" => Some("shall"),
        "ain't" | "aint" => Some("is"),
        _ => None,
    };
    if let Some(s) = irregular {
        return Some((s.to_string(), "not"));
    }
    if let Some(stem) = word.strip_suffix("n't") {
        if !stem.is_empty() {
            // The stem may end like a contraction too (`hadntn't`): split
            // it now, or the key of the key would.
            let stem = match split_contraction(stem) {
                Some((inner, not)) => format!("{inner} {not}"),
                None => stem.to_string(),
            };
            return Some((stem, "not"));
        }
    }
    const BARE: &[&str] = &[
        "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "couldnt", "shouldnt",
        "wouldnt", "havent", "hasnt", "hadnt", "mustnt", "neednt",
    ];
    if BARE.contains(&word) {
        return Some((word[..word.len() - 2].to_string(), "not"));
    }
    None
}

/// Brazilian chat abbreviations, matched on the whole (accent-folded) word.
pub(crate) fn expand_pt_abbreviation(word: &str) -> Option<&'static str> {
    PT_ABBREVIATIONS
        .iter()
        .find(|&&(short, _)| short == word)
        .map(|&(_, long)| long)
}

/// Brazilian chat abbreviations (accent-folded) and what they stand for.
const PT_ABBREVIATIONS: &[(&str, &str)] = &[
    ("vc", "voce"),
    ("vcs", "voces"),
    ("pq", "porque"),
    ("pqe", "porque"),
    ("mto", "muito"),
    ("mt", "muito"),
    ("mtoo", "muito"),
    ("mta", "muita"),
    ("mtos", "muitos"),
    ("mtas", "muitas"),
    ("tb", "tambem"),
    ("tbm", "tambem"),
    ("tmb", "tambem"),
    ("q", "que"),
    ("qe", "que"),
    ("td", "tudo"),
    ("tds", "todos"),
    ("msm", "mesmo"),
    ("blz", "beleza"),
    ("n", "nao"),
    ("nd", "nada"),
    ("hj", "hoje"),
    ("cmg", "comigo"),
    ("qdo", "quando"),
    ("qnd", "quando"),
    ("qndo", "quando"),
    ("obg", "obrigado"),
    ("obgd", "obrigado"),
    ("obgda", "obrigado"),
    ("obgdo", "obrigado"),
    ("vlw", "valeu"),
    ("eh", "e"),
    ("ngm", "ninguem"),
    ("dps", "depois"),
    ("fds", "fim de semana"),
    ("sdd", "saudade"),
    ("sdds", "saudade"),
    ("agr", "agora"),
];

/// The longest abbreviation, in bytes.
const PT_ABBREVIATION_MAX: usize = 5;

/// An ASCII word of up to eight bytes as one integer, last byte lowest.
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0;
    let mut i = 0;
    while i < word.len() {
        key = (key << 8) | word[i] as u64;
        i += 1;
    }
    key
}

/// The abbreviations packed and sorted, to tell in a few comparisons
/// whether a short word may be one.
static PT_ABBREVIATION_KEYS: [u64; PT_ABBREVIATIONS.len()] = {
    let mut keys = [0; PT_ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        assert!(PT_ABBREVIATIONS[i].0.len() <= PT_ABBREVIATION_MAX);
        keys[i] = pack(PT_ABBREVIATIONS[i].0.as_bytes());
        // Insertion sort, in a constant.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Common words whose double letters are real, so that an elongated spelling
/// (`goood`, `isssso`) squeezes to them rather than to a single letter.
const DOUBLE_LETTER_WORDS: &[&str] = &[
    "good",
    "too",
    "really",
    "cool",
    "all",
    "well",
    "will",
    "feel",
    "need",
    "see",
    "free",
    "sweet",
    "coffee",
    "food",
    "little",
    "pretty",
    "happy",
    "better",
    "smell",
    "fresh",
    "bitter",
    "look",
    "book",
    "soon",
    "full",
    "still",
    "small",
    "tall",
    "sell",
    "tell",
    "yummy",
    "poor",
    "three",
    "keep",
    "beef",
    "tree",
    "been",
    "seen",
    "week",
    "wood",
    "door",
    "floor",
    "wall",
    "call",
    "awesome",
    "shipping",
    "terrible",
    "horrible",
    "disappointed",
    "recommend",
    "apple",
    "bottle",
    "off",
    "stuff",
    "add",
    "odd",
    "sorry",
    "worry",
    "isso",
    "disso",
    "nisso",
    "esse",
    "essa",
    "desse",
    "dessa",
    "nesse",
    "nessa",
    "carro",
    "assim",
    "passar",
    "passou",
    "interessante",
    "sucesso",
    "acesso",
    "excesso",
    "processo",
    "terra",
    "ferro",
    "erro",
    "errado",
    "errada",
    "correto",
    "correta",
    "correio",
    "correios",
    "arroz",
    "barro",
    "aquele",
    "aquela",
    "aquilo",
    "pessimo",
    "pessima",
    "nosso",
    "nossa",
    "posso",
    "passo",
    "osso",
    "grosso",
    "massa",
    "classe",
    "missao",
    "voo",
    "leem",
    "creem",
    "veem",
];

/// The built-in elongation vocabulary (see [`DOUBLE_LETTER_WORDS`]).
pub(crate) fn builtin_vocabulary() -> HashSet<String> {
    DOUBLE_LETTER_WORDS.iter().map(|w| w.to_string()).collect()
}

/// Squeezes runs of three or more identical letters. A run squeezes to one
/// letter unless the word with a double letter there is in `vocabulary`
/// (`goood` → `good`, `sooo` → `so`). Returns the indices of the characters
/// kept, or `None` when the word has no such run.
fn squeeze(word: &str, vocabulary: &HashSet<String>) -> Option<Vec<usize>> {
    let chars: Vec<char> = word.chars().collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|&&c| c == chars[i]).count();
        if run >= 3 && is_alphabetic(chars[i]) {
            runs.push((i, run));
        }
        i += run;
    }
    if runs.is_empty() {
        return None;
    }
    // Try every choice of one or two letters per run (few words have more
    // than a couple of runs; beyond four, squeeze all to one).
    let choices: u32 = if runs.len() <= 4 { 1 << runs.len() } else { 1 };
    let build = |mask: u32| -> Vec<usize> {
        let mut keep = Vec::with_capacity(chars.len());
        let mut r = 0;
        let mut i = 0;
        while i < chars.len() {
            if r < runs.len() && runs[r].0 == i {
                keep.push(i);
                // Only the first four runs have a bit; a word may have dozens.
                if 1u32
                    .checked_shl(r as u32)
                    .is_some_and(|bit| mask & bit != 0)
                {
                    keep.push(i + 1);
                }
                i += runs[r].1;
                r += 1;
            } else {
                keep.push(i);
                i += 1;
            }
        }
        keep
    };
    let mut candidate = String::with_capacity(word.len());
    for mask in 0..choices {
        let keep = build(mask);
        candidate.clear();
        candidate.extend(keep.iter().map(|&k| chars[k]));
        if known(&candidate, vocabulary) {
            return Some(keep);
        }
    }
    Some(build(0))
}

/// Endings that inflect a vocabulary word without touching its letters:
/// `weeeeks` keeps the double of `week`, `feeeeling` that of `feel`.
const INFLECTIONS: &[&str] = &["s", "es", "ed", "ing", "ly"];

/// Whether `word` is in `vocabulary`, or is a vocabulary word with a
/// double letter of its own and one of the [`INFLECTIONS`] (a double that
/// the ending makes, `yes` + `s`, is no reason to keep one).
fn known(word: &str, vocabulary: &HashSet<String>) -> bool {
    let has_double = |root: &str| root.chars().zip(root.chars().skip(1)).any(|(a, b)| a == b);
    vocabulary.contains(word)
        || INFLECTIONS.iter().any(|ending| {
            word.strip_suffix(ending)
                .is_some_and(|root| has_double(root) && vocabulary.contains(root))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squeezed(word: &str) -> String {
        let vocab = builtin_vocabulary();
        let chars: Vec<char> = word.chars().collect();
        match squeeze(word, &vocab) {
            Some(keep) => keep.iter().map(|&k| chars[k]).collect(),
            None => word.to_string(),
        }
    }

    #[test]
    fn squeezes_elongations_but_keeps_real_doubles() {
        let cases = [
            ("sooo", "so"),
            ("soooooo", "so"),
            ("goood", "good"),
            ("good", "good"),
            ("muuuito", "muito"),
            ("carro", "carro"),
            ("isso", "isso"),
            ("issssso", "isso"),
            ("booom", "bom"),
            ("yesss", "yes"),
            ("greeeeat", "great"),
            // An inflected word keeps its root's double letter.
            ("weeeeks", "weeks"),
            ("feeeeling", "feeling"),
            ("loooooks", "looks"),
            ("goooods", "goods"),
            // A double that only the ending makes is squeezed.
            ("yesss", "yes"),
            ("yessss", "yes"),
            ("خیلیییی", "خیلی"),
            ("ممنون", "ممنون"),
            ("1000", "1000"),
        ];
        for (input, want) in cases {
            assert_eq!(squeezed(input), want, "{input}");
        }
    }

    #[test]
    fn contractions_split_into_negation() {
        let cases = [
            ("don't", Some("do not")),
            ("isn't", Some("is not")),
            ("won't", Some("will not")),
            ("can't", Some("can not")),
            ("didnt", Some("did not")),
            ("doesnt", Some("does not")),
            ("it's", None),
            ("n't", None),
            // A fuzz find: the stem is a contraction too.
            ("hadntn't", Some("had not not")),
            ("don'tn't", Some("do not not")),
        ];
        for (input, want) in cases {
            let got = split_contraction(input).map(|(stem, not)| format!("{stem} {not}"));
            assert_eq!(got.as_deref(), want, "{input}");
        }
    }

    #[test]
    fn brazilian_abbreviations_expand() {
        let cases = [
            ("vc", Some("voce")),
            ("pq", Some("porque")),
            ("mto", Some("muito")),
            ("mt", Some("muito")),
            ("tb", Some("tambem")),
            ("tbm", Some("tambem")),
            ("q", Some("que")),
            ("td", Some("tudo")),
            ("msm", Some("mesmo")),
            ("blz", Some("beleza")),
            ("produto", None),
        ];
        for (input, want) in cases {
            assert_eq!(expand_pt_abbreviation(input), want, "{input}");
        }
    }
}
