//! Negation scope: whether a match is negated by the words around it.
//!
//! English and Portuguese negators precede what they negate (`not good`,
//! `não recomendo`, `sem defeito`); Persian negation follows the adjective
//! (`خوب نبود`, `راضی نیستم`) or sits in the verb, which the lexicon handles
//! by generating negated verb forms. A negator reaches at most
//! [`WINDOW`] words and never crosses a clause boundary (punctuation or a
//! clause-break word: `but`, `mas`, `ولی`, `اما`; a line break, since a
//! comment's lines are often separate sentences without a full stop) nor
//! another matched term:
//! a negator belongs to the nearest term (in `خوبه باهاش مشکلی ندارم` the
//! `ندارم` negates `مشکل`, not `خوبه`).

use crate::lexicon::Negation;
use crate::normalize::html::SENTENCE_END_CHARS;
use crate::token::{Token, TokenKind};

/// How many words a negator reaches.
pub const WINDOW: usize = 3;

/// Punctuation that ends a clause (and a negation's scope).
fn is_clause_punct(t: &Token<'_>) -> bool {
    t.kind == TokenKind::Punct
        && t.text.chars().any(|c| {
            matches!(
                c,
                '.' | ',' | ';' | '!' | '?' | ':' | '،' | '؛' | '؟' | '…' | '(' | ')' | '-'
            )
        })
}

fn is_break(t: &Token<'_>, neg: &Negation) -> bool {
    is_clause_punct(t) || neg.clause_breaks.contains(t.text)
}

/// Marks a token that no match covers, in the `owner` table of
/// [`is_negated`].
pub const NO_MATCH: usize = usize::MAX;

/// Marks a token inside an ignored phrase, in the `owner` table: it ends a
/// negation's scope like another match, and negates nothing.
pub const IGNORED: usize = usize::MAX - 1;

/// The tokens inside a wish, when the text has one: a wish word (`کاش`,
/// [`Negation::wishes`]) and what follows it up to the end of its clause,
/// or up to its verb: Persian runs clauses on without a comma, and the verb
/// ends one (`خوبه کاش چرخشی بود ظریف و کوچولو`). A verb is a word that is
/// a post-negator, or whose form with `ن` is one (`بود`, `داشت`, `میشد`).
pub fn wished(
    tokens: &[Token<'_>],
    neg: &Negation,
    line_break_before: &dyn Fn(usize) -> bool,
) -> Option<Vec<bool>> {
    let first = tokens.iter().position(|t| neg.is_wish(t.text))?;
    let is_verb =
        |w: &str| neg.post.contains(w) || neg.post.contains(format!("\u{646}{w}").as_str());
    let mut wished = vec![false; tokens.len()];
    let mut inside = false;
    for (i, t) in tokens.iter().enumerate().skip(first) {
        if is_break(t, neg) || line_break_before(i) {
            inside = false;
        }
        if neg.is_wish(t.text) {
            inside = true;
            wished[i] = true;
            continue;
        }
        wished[i] = inside;
        if inside && t.kind == TokenKind::Word && is_verb(t.text) {
            inside = false;
        }
    }
    Some(wished)
}

/// Which contradiction matches are no evidence: one at token `at` sits in
/// a clause naming another seller or shop ([`Negation::elsewhere`]:
/// `bought a fake from another seller`), or in a sentence ending in `?`
/// that holds a question word or an alternative ([`Negation::questions`]:
/// `is it original or fake?`). A question that complains (`why did you
/// send the wrong one?`) holds neither and stays evidence.
///
/// Built once per comment, in one pass over its tokens: each token's
/// clause and sentence bounds, and the answer for each clause and sentence
/// once asked, so that a comment with thousands of matches (spam, a
/// pasted list) is read once, not once per match.
pub struct NotEvidence<'t, 'n> {
    tokens: &'t [Token<'t>],
    neg: &'n Negation,
    /// Per token, the stretch around it up to a clause break or a line
    /// break (breaks excluded).
    clause: Vec<(usize, usize)>,
    /// The same up to a sentence end.
    sentence: Vec<(usize, usize)>,
    /// Per token, whether a line break comes right before it.
    line_break: Vec<bool>,
    /// Answers already worked out, by stretch.
    elsewhere: std::collections::HashMap<(usize, usize), bool>,
    asked: std::collections::HashMap<(usize, usize), bool>,
}

impl<'t, 'n> NotEvidence<'t, 'n> {
    pub fn new(
        tokens: &'t [Token<'t>],
        neg: &'n Negation,
        line_break_before: &dyn Fn(usize) -> bool,
    ) -> Self {
        let line_break: Vec<bool> = (0..tokens.len()).map(line_break_before).collect();
        let ends_sentence = |t: &Token<'_>| {
            t.kind == TokenKind::Punct && t.text.chars().any(|c| SENTENCE_END_CHARS.contains(&c))
        };
        let clause = stretches(tokens, &line_break, |t| is_break(t, neg));
        let sentence = stretches(tokens, &line_break, ends_sentence);
        NotEvidence {
            tokens,
            neg,
            clause,
            sentence,
            line_break,
            elsewhere: Default::default(),
            asked: Default::default(),
        }
    }

    /// Whether a contradiction match at token `at` is no evidence.
    pub fn at(&mut self, at: usize) -> bool {
        let (tokens, neg) = (self.tokens, self.neg);
        if !neg.elsewhere.is_empty() {
            let clause = self.clause[at];
            let elsewhere = *self
                .elsewhere
                .entry(clause)
                .or_insert_with(|| holds(&tokens[clause.0..clause.1], neg, &neg.elsewhere));
            if elsewhere {
                return true;
            }
        }
        if neg.questions.is_empty() {
            return false;
        }
        let sentence = self.sentence[at];
        let line_break = &self.line_break;
        *self.asked.entry(sentence).or_insert_with(|| {
            let (start, end) = sentence;
            let asks = tokens
                .get(end)
                .is_some_and(|t| t.text.chars().any(|c| matches!(c, '?' | '؟')))
                && !line_break.get(end).copied().unwrap_or(false);
            asks && holds(&tokens[start..end], neg, &neg.questions)
        })
    }
}

/// For each token, the stretch around it up to a token where `stop` holds
/// (excluded) or a line break: `start..end` as a pair. Two linear passes.
fn stretches(
    tokens: &[Token<'_>],
    line_break: &[bool],
    stop: impl Fn(&Token<'_>) -> bool,
) -> Vec<(usize, usize)> {
    let n = tokens.len();
    let mut out = vec![(0, 0); n];
    for i in 0..n {
        out[i].0 = if i > 0 && !stop(&tokens[i - 1]) && !line_break[i] {
            out[i - 1].0
        } else {
            i
        };
    }
    for i in (0..n).rev() {
        out[i].1 = if i + 1 < n && !stop(&tokens[i + 1]) && !line_break[i + 1] {
            out[i + 1].1
        } else {
            i + 1
        };
    }
    out
}

/// Whether the comment says the rest of the order is still coming (one of
/// [`Negation::pending`]: `aguardando o restante`).
pub fn says_pending(tokens: &[Token<'_>], neg: &Negation) -> bool {
    !neg.pending.is_empty() && holds(tokens, neg, &neg.pending)
}

/// Whether `tokens` hold one of `phrases` (each as its words).
fn holds(tokens: &[Token<'_>], neg: &Negation, phrases: &[Vec<String>]) -> bool {
    (0..tokens.len()).any(|i| {
        neg.may_start_phrase(tokens[i].text)
            && phrases.iter().any(|p| {
                i + p.len() <= tokens.len()
                    && tokens[i..i + p.len()]
                        .iter()
                        .zip(p)
                        .all(|(t, w)| t.text == w)
            })
    })
}

/// Whether the match covering tokens `first..=last` is negated; `owner`
/// gives, per token, the index of a match covering it or [`NO_MATCH`], and
/// `line_break_before(i)` whether the customer broke the line between
/// token `i - 1` and token `i` (the match key folds line breaks into
/// spaces, so only the original text knows).
pub fn is_negated(
    tokens: &[Token<'_>],
    first: usize,
    last: usize,
    owner: &[usize],
    neg: &Negation,
    line_break_before: &dyn Fn(usize) -> bool,
) -> bool {
    let in_other_match =
        |i: usize| owner.get(i).is_some_and(|&o| o != NO_MATCH) && !(first..=last).contains(&i);
    negator_before(tokens, first, neg, &in_other_match, line_break_before)
        || negator_after(tokens, last, neg, &in_other_match, line_break_before)
}

fn negator_before(
    tokens: &[Token<'_>],
    first: usize,
    neg: &Negation,
    in_other_match: &dyn Fn(usize) -> bool,
    line_break_before: &dyn Fn(usize) -> bool,
) -> bool {
    if neg.pre.is_empty() {
        return false;
    }
    let mut words = 0;
    for (i, t) in tokens[..first].iter().enumerate().rev() {
        if is_break(t, neg) || in_other_match(i) || line_break_before(i + 1) {
            return false;
        }
        if t.kind == TokenKind::Word || t.kind == TokenKind::Number {
            if neg.pre.contains(t.text) {
                return true;
            }
            words += 1;
            if words >= WINDOW {
                return false;
            }
        }
    }
    false
}

fn negator_after(
    tokens: &[Token<'_>],
    last: usize,
    neg: &Negation,
    in_other_match: &dyn Fn(usize) -> bool,
    line_break_before: &dyn Fn(usize) -> bool,
) -> bool {
    if neg.post.is_empty() {
        return false;
    }
    let mut words = 0;
    for (i, t) in tokens.iter().enumerate().skip(last + 1) {
        if is_break(t, neg) || in_other_match(i) || line_break_before(i) {
            return false;
        }
        if t.kind == TokenKind::Word || t.kind == TokenKind::Number {
            if neg.post.contains(t.text) {
                return true;
            }
            words += 1;
            if words >= WINDOW {
                return false;
            }
        }
    }
    false
}
