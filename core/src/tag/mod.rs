//! Stage 2: tagging comments with keyword categories.
//!
//! A [`Tagger`] normalizes a comment, finds every lexicon term in its match
//! key (one aho-corasick pass, whole words only), adds stem and regex
//! matches, decides negation per match, and maps each match back to the
//! characters the customer wrote. The result is a [`CommentTags`].
//!
//! ```
//! use nazar::{Label, Tagger};
//!
//! let tagger = Tagger::default();
//! let tags = tagger.tag("Não recomendo, veio quebrado e é falsificado");
//! assert_eq!(tags.label, Label::Negative);
//! assert!(tags.has_contradiction());
//! let m = tags.matches.iter().find(|m| &*m.category == "authenticity").unwrap();
//! let text = "Não recomendo, veio quebrado e é falsificado";
//! assert_eq!(&text[m.byte_start..m.byte_end], "falsificado");
//! ```

pub mod input;
mod scope;
mod types;

use std::cell::RefCell;
use std::cmp::Reverse;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::lang::Lang;
use crate::lexicon::{stem_lang, Category, Lexicon};
use crate::normalize::chars::{is_alphanumeric, is_arabic_letter, is_invisible, ZWNJ};
use crate::normalize::{html, Normalized, Normalizer, Options};
use crate::token::{self, Stemmer, TokenKind};

pub use types::{CommentTags, Label, Match, Polarity};

/// Score above which a comment is `positive` (below its negative, `negative`;
/// in between with evidence on both sides, `mixed`).
pub const LABEL_THRESHOLD: f64 = 0.2;

/// Tags comments; build once, share across threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    lexicon: Arc<Lexicon>,
    normalizer: Normalizer,
    stemmer: Arc<Stemmer>,
}

impl Default for Tagger {
    /// A tagger with the embedded default lexicons and detected languages.
    fn default() -> Self {
        Tagger::new(Lexicon::default())
    }
}

/// A candidate match before it is turned into a [`Match`].
struct Found {
    key_start: usize,
    key_end: usize,
    /// Token indices covered.
    first: usize,
    last: usize,
    term: usize,
}

impl Tagger {
    /// A tagger over `lexicon`, detecting each comment's language.
    pub fn new(lexicon: Lexicon) -> Self {
        Tagger::with_options(lexicon, Options::default())
    }

    /// A tagger over `lexicon` whose normalizer uses `options` (the
    /// lexicon's words are added to its elongation vocabulary).
    pub fn with_options(lexicon: Lexicon, mut options: Options) -> Self {
        options
            .vocabulary
            .extend(lexicon.vocabulary().iter().cloned());
        Tagger {
            normalizer: Normalizer::from_options(options),
            lexicon: Arc::new(lexicon),
            stemmer: Arc::new(Stemmer::new()),
        }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The normalizer in use.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// Tags one comment, detecting its language unless the tagger's options
    /// fix one.
    pub fn tag(&self, text: &str) -> CommentTags {
        self.tag_as(text, None)
    }

    /// Tags one comment as language `lang` (or detected when `None`).
    pub fn tag_as(&self, text: &str, lang: Option<Lang>) -> CommentTags {
        // Without a language, the display pass detects it as it reads the
        // text, instead of a pass of its own first. The display form is
        // only read by the patterns.
        let norm = self
            .normalizer
            .normalize_for(text, lang, |l| self.lexicon.needs_display(l));
        self.tag_normalized(&norm)
    }

    /// Tags many comments on all cores; the answers keep the input order.
    pub fn tag_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<CommentTags> {
        texts.par_iter().map(|t| self.tag(t.as_ref())).collect()
    }

    /// Tags many comments with a language each (`None` detects).
    ///
    /// # Panics
    ///
    /// If `langs` and `texts` differ in length: a language list that does
    /// not line up with the comments is a bug in the caller, and guessing
    /// which comment each language belongs to would tag them wrong.
    pub fn tag_batch_as<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        langs: &[Option<Lang>],
    ) -> Vec<CommentTags> {
        assert_eq!(
            texts.len(),
            langs.len(),
            "tag_batch_as: one language (or None) per text"
        );
        texts
            .par_iter()
            .enumerate()
            .map(|(i, t)| self.tag_as(t.as_ref(), langs[i]))
            .collect()
    }

    /// Tags an already normalized comment.
    pub fn tag_normalized(&self, norm: &Normalized<'_>) -> CommentTags {
        let lang = norm.lang();
        let key = norm.key();
        let tokens = token::tokenize(key);
        let (mut found, ignored) = self.phrase_matches(key, lang, &tokens);
        self.stem_matches(lang, &tokens, &ignored, &mut found);
        found.sort_by_key(|f| (f.key_start, f.key_end));

        let negation = self.lexicon.negation(lang);
        // The whitespace between two tokens, as written: from the end of
        // one token's original span to the start of the next's (a folded
        // run of whitespace maps back to its first character only).
        let html = self.normalizer.options().html;
        let any_break = html::may_break_lines(norm.original(), html);
        let line_break_before = |i: usize| {
            any_break && i > 0 && {
                let (a, b) = (&tokens[i - 1], &tokens[i]);
                let end = norm.key_to_original(a.start..a.end).end;
                let start = norm.key_to_original(b.start..b.end).start;
                norm.original()
                    .get(end..start)
                    .is_some_and(|gap| html::breaks_line(gap, html))
            }
        };
        // A wish (`کاش`) and the rest of its clause are no evidence, and no
        // negator reaches across them.
        let wished = negation
            .filter(|n| !n.wishes.is_empty())
            .and_then(|n| scope::wished(&tokens, n, &line_break_before));
        if let Some(wished) = &wished {
            found.retain(|f| !wished[f.first]);
        }
        // For each token, the match covering it (if any) or IGNORED inside
        // an ignored phrase: negation scope stops at both, and looking that
        // up must not cost a scan.
        let mut owner = vec![scope::NO_MATCH; tokens.len()];
        let ignored_tokens = ignored.iter().map(|&(s, e)| token_range(&tokens, s, e));
        let covered = found.iter().map(|f| (f.first, f.last)).enumerate();
        for (k, (first, last)) in covered.chain(ignored_tokens.map(|r| (scope::IGNORED, r))) {
            for o in owner.iter_mut().take(last + 1).skip(first) {
                if *o == scope::NO_MATCH {
                    *o = k;
                }
            }
        }
        if let Some(wished) = &wished {
            for (o, _) in owner.iter_mut().zip(wished).filter(|(_, &w)| w) {
                *o = scope::IGNORED;
            }
        }
        let categories = self.lexicon.categories();
        // In a split delivery (`Só chegou o lençol, o restante ainda não
        // chegou`), a missing item is a late one: the category an unnegated
        // match is reported as.
        let pending = std::cell::OnceCell::new();
        let pending_as = |cat: &Category| {
            cat.when_pending.filter(|_| {
                *pending.get_or_init(|| negation.is_some_and(|n| scope::says_pending(&tokens, n)))
            })
        };
        // Whether a match of `cat` may count as a contradiction, as it will
        // be reported (not in a split delivery).
        let may_contradict = |cat: &Category| {
            self.lexicon.may_contradict(cat)
                && pending_as(cat).is_none_or(|o| self.lexicon.may_contradict(&categories[o]))
        };
        // Worked out for the whole comment once a contradiction is met.
        let not_evidence_at = RefCell::new(None::<scope::NotEvidence<'_, '_>>);
        let not_evidence = |at: usize| {
            negation.is_some_and(|n| {
                not_evidence_at
                    .borrow_mut()
                    .get_or_insert_with(|| scope::NotEvidence::new(&tokens, n, &line_break_before))
                    .at(at)
            })
        };
        let mut matches = Vec::with_capacity(found.len());
        for f in &found {
            let term = self.lexicon.term(f.term);
            let cat = &categories[term.category];
            // Asked about, or about another seller's item: neither the
            // contradiction nor its opposite (`genuine or a knockoff?`).
            if may_contradict(cat) && not_evidence(f.first) {
                continue;
            }
            let negated = term.negated
                || (!term.fixed
                    && negation.is_some_and(|n| {
                        scope::is_negated(&tokens, f.first, f.last, &owner, n, &line_break_before)
                    }));
            // A negated `as described` is plain evidence of `not as
            // described`, in that category's polarity: not negated, so that
            // it counts wherever an unnegated match does (contradictions,
            // category counts).
            let (cat, polarity, negated) = match (negated, cat.when_negated) {
                (true, Some(other)) => {
                    let other = &categories[other];
                    (other, other.polarity, false)
                }
                (true, None) => (cat, cat.polarity.flipped(), true),
                (false, _) => {
                    let cat = pending_as(cat).map_or(cat, |other| &categories[other]);
                    (cat, cat.polarity, false)
                }
            };
            let span = with_modifiers(
                norm.original(),
                visible(
                    norm.original(),
                    norm.key_to_original(f.key_start..f.key_end),
                ),
            );
            matches.push(Match {
                category: cat.name.clone(),
                aspect: cat.aspect.clone(),
                polarity,
                contradiction: cat.contradiction,
                negated,
                term: term.text.clone(),
                start: 0,
                end: 0,
                byte_start: span.start,
                byte_end: span.end,
            });
        }
        // Pattern matches stay out of ignored phrases as terms do.
        let ignored: Vec<(usize, usize)> = ignored
            .iter()
            .map(|&(s, e)| {
                let span = norm.key_to_original(s..e);
                (span.start, span.end)
            })
            .collect();
        let token_at = |original: usize| {
            tokens.partition_point(|t| norm.key_to_original(t.start..t.end).end <= original)
        };
        self.pattern_matches(
            norm,
            &ignored,
            &mut matches,
            may_contradict,
            |span| !tokens.is_empty() && not_evidence(token_at(span.start).min(tokens.len() - 1)),
            pending_as,
        );
        fill_char_offsets(norm.original(), &mut matches);
        let last_start = matches.iter().map(|m| m.byte_start).max().unwrap_or(0);
        let first_end = first_sentence_end(norm.original(), html, last_start);
        let (label, score) = label(&matches, first_end);
        CommentTags {
            lang,
            label,
            score,
            matches,
        }
    }

    /// The phrase matches in `key`, and the spans of the ignored phrases that
    /// took their place (where no stem may match either).
    fn phrase_matches(
        &self,
        key: &str,
        lang: Lang,
        tokens: &[token::Token<'_>],
    ) -> (Vec<Found>, Vec<(usize, usize)>) {
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.lexicon.automaton().find_overlapping_iter(key) {
            let (s, e) = (m.start(), m.end());
            if !on_word_boundaries(key, s, e) {
                continue;
            }
            candidates.push((s, e, m.pattern().as_usize()));
        }
        // Longest first at each position, then keep the non-overlapping ones.
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut found: Vec<Found> = Vec::new();
        let mut ignored: Vec<(usize, usize)> = Vec::new();
        let mut taken_until = 0;
        for (s, e, pattern) in candidates {
            if s < taken_until {
                continue;
            }
            // An ignored phrase takes its place before any term of its key.
            if self
                .lexicon
                .ignored_in(pattern)
                .iter()
                .any(|&l| lang_applies(l, lang, &key[s..e]))
            {
                ignored.push((s, e));
                taken_until = e;
                continue;
            }
            let mut any = false;
            for &term in self.lexicon.terms_of_key(pattern) {
                if !lang_applies(self.lexicon.term(term).lang, lang, &key[s..e]) {
                    continue;
                }
                // One match per category at a position. Candidates come in
                // order of position, so those at `s` are at the end.
                let category = self.lexicon.term(term).category;
                if found
                    .iter()
                    .rev()
                    .take_while(|f| f.key_start == s)
                    .any(|f| self.lexicon.term(f.term).category == category)
                {
                    continue;
                }
                let (first, last) = token_range(tokens, s, e);
                found.push(Found {
                    key_start: s,
                    key_end: e,
                    first,
                    last,
                    term,
                });
                any = true;
            }
            if any {
                taken_until = e;
            }
        }
        (found, ignored)
    }

    fn stem_matches(
        &self,
        lang: Lang,
        tokens: &[token::Token<'_>],
        ignored: &[(usize, usize)],
        found: &mut Vec<Found>,
    ) {
        if !self.lexicon.has_stems(lang) {
            return;
        }
        // Phrase matches and ignored phrases are in order and do not
        // overlap: one cursor walks them beside the tokens.
        let mut covered: Vec<(usize, usize)> =
            found.iter().map(|f| (f.key_start, f.key_end)).collect();
        if !ignored.is_empty() {
            covered.extend_from_slice(ignored);
            covered.sort_unstable();
        }
        let mut c = 0;
        for (i, t) in tokens.iter().enumerate() {
            while c < covered.len() && covered[c].1 <= t.start {
                c += 1;
            }
            let is_covered = c < covered.len() && covered[c].0 < t.end;
            if t.kind != TokenKind::Word || is_covered || !self.lexicon.may_stem_match(lang, t.text)
            {
                continue;
            }
            let mark = found.len();
            let terms = with_stem(&self.stemmer, lang, t.text, |stem| {
                self.lexicon.stem_terms(lang, stem)
            });
            for &term in terms {
                // Several terms of one category may share a stem: the word
                // is still one piece of evidence for that category.
                let category = self.lexicon.term(term).category;
                let seen = found[mark..]
                    .iter()
                    .any(|f| self.lexicon.term(f.term).category == category);
                if !seen {
                    found.push(Found {
                        key_start: t.start,
                        key_end: t.end,
                        first: i,
                        last: i,
                        term,
                    });
                }
            }
        }
    }

    /// The matches of the regex patterns, outside `ignored` (spans of the
    /// original text) and outside the matches found before. A match of a
    /// category that `may_contradict` the listing is dropped where
    /// `not_evidence` says its span is asked about or about another seller;
    /// one of a category with `when_pending` is reported as `pending_as`
    /// says.
    fn pattern_matches(
        &self,
        norm: &Normalized<'_>,
        ignored: &[(usize, usize)],
        matches: &mut Vec<Match>,
        may_contradict: impl Fn(&Category) -> bool,
        not_evidence: impl Fn(&Range<usize>) -> bool,
        pending_as: impl Fn(&Category) -> Option<usize>,
    ) {
        let lang = norm.lang();
        // Every pattern's matches first, then the earliest (and at one
        // place the longest) wins an overlap, as among terms: the order of
        // the lexicon files decides nothing.
        let mut found: Vec<(Range<usize>, usize)> = Vec::new();
        for (i, p) in self.lexicon.patterns().iter().enumerate() {
            if p.lang.is_some_and(|l| l != lang) {
                continue;
            }
            let text = if p.on_key { norm.key() } else { norm.display() };
            for m in p.regex.find_iter(text) {
                if m.is_empty() {
                    continue;
                }
                let range = m.start()..m.end();
                let span = if p.on_key {
                    norm.key_to_original(range)
                } else {
                    norm.display_to_original(range)
                };
                found.push((visible(norm.original(), span), i));
            }
        }
        found.sort_by_key(|(span, i)| (span.start, Reverse(span.end), *i));
        for (span, i) in found {
            let p = &self.lexicon.patterns()[i];
            let cat = &self.lexicon.categories()[p.category];
            let overlaps = |(start, end): (usize, usize)| start < span.end && span.start < end;
            if matches.iter().any(|x| overlaps((x.byte_start, x.byte_end)))
                || ignored.iter().any(|&i| overlaps(i))
                || (may_contradict(cat) && not_evidence(&span))
            {
                continue;
            }
            let cat = pending_as(cat).map_or(cat, |other| &self.lexicon.categories()[other]);
            matches.push(Match {
                category: cat.name.clone(),
                aspect: cat.aspect.clone(),
                polarity: cat.polarity,
                contradiction: cat.contradiction,
                negated: false,
                term: Arc::from(p.regex.as_str()),
                start: 0,
                end: 0,
                byte_start: span.start,
                byte_end: span.end,
            });
        }
        matches.sort_by_key(|m| (m.byte_start, m.byte_end));
    }
}

/// `span` of `text` without the invisible characters at its edges. A mark
/// the normalizer drops (a byte-order mark, a direction mark, a dangling
/// ZWNJ) goes with the character next to it in the offset maps, but is no
/// part of the evidence as the customer wrote it.
fn visible(text: &str, span: Range<usize>) -> Range<usize> {
    let hidden = |c: char| is_invisible(c) || c == ZWNJ;
    let s = &text[span.clone()];
    let start = span.start + (s.len() - s.trim_start_matches(hidden).len());
    let end = span.end - (s.len() - s.trim_end_matches(hidden).len());
    if start < end {
        start..end
    } else {
        span
    }
}

/// `span` of `text` with the emoji modifiers right after it: a skin tone
/// (`👍🏽`), a variation selector or a keycap mark belongs to the emoji
/// before it, which is the evidence as the customer wrote it.
fn with_modifiers(text: &str, span: Range<usize>) -> Range<usize> {
    let modifier = |c: char| {
        matches!(
            c,
            '\u{1F3FB}'..='\u{1F3FF}' | '\u{FE0E}' | '\u{FE0F}' | '\u{20E3}'
        )
    };
    let after = &text[span.end..];
    let end = span.end + (after.len() - after.trim_start_matches(modifier).len());
    span.start..end
}

/// How many stemmed words each thread remembers before it starts afresh.
const STEM_CACHE_WORDS: usize = 16_384;

thread_local! {
    /// Word → stem per language: Snowball takes a few thousand instructions
    /// a word, and review text repeats its words.
    static STEMS: RefCell<[FxHashMap<Box<str>, Box<str>>; 3]> = RefCell::default();
}

/// Calls `f` with the stem of `word`, from this thread's cache when it can.
fn with_stem<R>(stemmer: &Stemmer, lang: Lang, word: &str, f: impl FnOnce(&str) -> R) -> R {
    let slot = match lang {
        Lang::Fa => 0,
        Lang::En => 1,
        Lang::Pt => 2,
    };
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let map = &mut cache[slot];
        if let Some(stem) = map.get(word) {
            return f(stem);
        }
        if map.len() >= STEM_CACHE_WORDS {
            map.clear();
        }
        let stem: Box<str> = stemmer.stem(stem_lang(lang), word).into();
        let out = f(&stem);
        map.insert(word.into(), stem);
        out
    })
}

/// Whether the match `key[s..e]` starts and ends on word boundaries. Sides
/// that are not word characters themselves (an emoji, punctuation) need no
/// boundary, and an Arabic-script letter beside a digit is one: Persian
/// words hold no digits, so `عالی2` is `عالی` glued to a list number
/// (while `mp3` stays one word).
fn on_word_boundaries(key: &str, s: usize, e: usize) -> bool {
    let first = key[s..].chars().next();
    let last = key[..e].chars().next_back();
    let before = key[..s].chars().next_back();
    let after = key[e..].chars().next();
    let left = !matches!((before, first), (Some(a), Some(b)) if joined(a, b));
    let right = !matches!((last, after), (Some(a), Some(b)) if joined(a, b));
    left && right
}

/// Whether `a` followed by `b` is inside one word.
fn joined(a: char, b: char) -> bool {
    let word = |c: char| is_alphanumeric(c) || c == '\'';
    let glued_number = |x: char, y: char| is_arabic_letter(x) && y.is_ascii_digit();
    word(a) && word(b) && !glued_number(a, b) && !glued_number(b, a)
}

/// Whether a term of language `term_lang` applies in a comment read as
/// `lang`. Terms of the comment's language and language-independent ones
/// always do; English and Portuguese terms share a script and so apply only
/// in their own language (`no` is a negator in one and "in the" in the
/// other), while a term in another script than the comment's (a Latin brand
/// phrase in a Persian comment) applies too.
fn lang_applies(term_lang: Option<Lang>, lang: Lang, text: &str) -> bool {
    match term_lang {
        None => true,
        Some(t) if t == lang => true,
        Some(Lang::Fa) => false,
        Some(_) => lang == Lang::Fa && text.is_ascii(),
    }
}

/// The first and last token overlapping `s..e`.
fn token_range(tokens: &[token::Token<'_>], s: usize, e: usize) -> (usize, usize) {
    let first = tokens.partition_point(|t| t.end <= s);
    let last = tokens
        .partition_point(|t| t.start < e)
        .saturating_sub(1)
        .max(first);
    (first, last)
}

/// Converts the byte spans of `matches` to character spans in one pass.
fn fill_char_offsets(original: &str, matches: &mut [Match]) {
    let mut points: Vec<usize> = matches
        .iter()
        .flat_map(|m| [m.byte_start, m.byte_end])
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut chars_at: Vec<(usize, usize)> = Vec::with_capacity(points.len());
    let mut count = 0;
    let mut prev = 0;
    for p in points {
        count += original[prev..p].chars().count();
        chars_at.push((p, count));
        prev = p;
    }
    let lookup = |b: usize| {
        chars_at
            .binary_search_by_key(&b, |&(p, _)| p)
            .map_or(0, |i| chars_at[i].1)
    };
    for m in matches {
        m.start = lookup(m.byte_start);
        m.end = lookup(m.byte_end);
    }
}

/// How much more a match in the comment's first sentence weighs: a title or
/// an opening verdict (`Great idea, such a pain to open. …`) says what the
/// customer concluded, so it breaks a tie between the two sides. Only a
/// quarter more, so that one more match elsewhere still outweighs it.
const FIRST_SENTENCE_WEIGHT: f64 = 1.25;

/// Where the first sentence of `text` ends: at its first full stop,
/// question or exclamation mark, ellipsis or line break (a `<br>` or `<p>`
/// tag too, when the normalizer reads HTML; the whole text if
/// there is none). Only whether a match starts before it matters, so the
/// search stops a little after `last_start`, the last match's start (far
/// enough to read a character entity there whole): a break after that is as
/// good as none.
fn first_sentence_end(text: &str, html: bool, last_start: usize) -> usize {
    const ENTITY_MAX: usize = 16;
    let mut cut = (last_start + ENTITY_MAX).min(text.len());
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    html::first_break(&text[..cut], html, &html::SENTENCE_ENDS).unwrap_or(text.len())
}

/// The comment's label and score from its matches; those starting before
/// `first_end` are in the first sentence.
fn label(matches: &[Match], first_end: usize) -> (Label, f64) {
    let (mut pos, mut neg) = (0.0, 0.0);
    for m in matches {
        let weight = if m.byte_start < first_end {
            FIRST_SENTENCE_WEIGHT
        } else {
            1.0
        };
        match m.polarity {
            Polarity::Positive => pos += weight,
            Polarity::Negative => neg += weight,
        }
    }
    if pos + neg == 0.0 {
        return (Label::Neutral, 0.0);
    }
    let score = (pos - neg) / (pos + neg);
    let label = if score > LABEL_THRESHOLD {
        Label::Positive
    } else if score < -LABEL_THRESHOLD {
        Label::Negative
    } else {
        Label::Mixed
    };
    (label, score)
}

#[cfg(test)]
mod tests;
