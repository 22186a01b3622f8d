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

/// Whether a contradiction match at token `at` is no evidence: it sits in a
/// clause naming another seller or shop ([`Negation::elsewhere`]: `bought
/// a fake from another seller`), or in a sentence ending in `?` that holds
/// a question word or an alternative ([`Negation::questions`]: `is it
/// original or fake?`). A question that complains (`why did you send the
/// wrong one?`) holds neither and stays evidence. Only the clause and the
/// sentence around `at` are read: few matches ever ask.
pub fn not_evidence(
    tokens: &[Token<'_>],
    at: usize,
    neg: &Negation,
    line_break_before: &dyn Fn(usize) -> bool,
) -> bool {
    let holds_in = |range: std::ops::Range<usize>, phrases: &[Vec<String>]| {
        holds(&tokens[range], neg, phrases)
    };
    // The stretch around `at` up to a token where `stop` holds (excluded),
    // or a line break.
    let around = |stop: &dyn Fn(&Token<'_>) -> bool| {
        let mut start = at;
        while start > 0 && !stop(&tokens[start - 1]) && !line_break_before(start) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < tokens.len() && !stop(&tokens[end]) && !line_break_before(end) {
            end += 1;
        }
        start..end
    };
    if !neg.elsewhere.is_empty() && holds_in(around(&|t| is_break(t, neg)), &neg.elsewhere) {
        return true;
    }
    if neg.questions.is_empty() {
        return false;
    }
    let ends_sentence = |t: &Token<'_>| {
        t.kind == TokenKind::Punct
            && t.text
                .chars()
                .any(|c| matches!(c, '.' | '!' | '?' | '؟' | '…'))
    };
    let sentence = around(&ends_sentence);
    let asks = tokens
        .get(sentence.end)
        .is_some_and(|t| t.text.chars().any(|c| matches!(c, '?' | '؟')))
        && !line_break_before(sentence.end);
    asks && holds_in(sentence, &neg.questions)
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
