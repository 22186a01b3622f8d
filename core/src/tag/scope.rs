//! Negation scope: whether a match is negated by the words around it.
//!
//! English and Portuguese negators precede what they negate (`not good`,
//! `não recomendo`, `sem defeito`); Persian negation follows the adjective
//! (`خوب نبود`, `راضی نیستم`) or sits in the verb, which the lexicon handles
//! by generating negated verb forms. A negator reaches at most
//! [`WINDOW`] words and never crosses a clause boundary: punctuation or a
//! clause-break word (`but`, `mas`, `ولی`, `اما`).

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
    is_clause_punct(t) || neg.clause_breaks.iter().any(|b| b == t.text)
}

/// Whether the match covering tokens `first..=last` is negated.
pub fn is_negated(tokens: &[Token<'_>], first: usize, last: usize, neg: &Negation) -> bool {
    negator_before(tokens, first, neg) || negator_after(tokens, last, neg)
}

fn negator_before(tokens: &[Token<'_>], first: usize, neg: &Negation) -> bool {
    if neg.pre.is_empty() {
        return false;
    }
    let mut words = 0;
    for t in tokens[..first].iter().rev() {
        if is_break(t, neg) {
            return false;
        }
        if t.kind == TokenKind::Word || t.kind == TokenKind::Number {
            if neg.pre.iter().any(|n| n == t.text) {
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

fn negator_after(tokens: &[Token<'_>], last: usize, neg: &Negation) -> bool {
    if neg.post.is_empty() {
        return false;
    }
    let mut words = 0;
    for t in tokens.iter().skip(last + 1) {
        if is_break(t, neg) {
            return false;
        }
        if t.kind == TokenKind::Word || t.kind == TokenKind::Number {
            if neg.post.iter().any(|n| n == t.text) {
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
