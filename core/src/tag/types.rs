//! The results of tagging: [`Match`], [`CommentTags`] and their enums.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Whether a category (or a match) speaks for or against the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// Praise.
    Positive,
    /// Complaint.
    Negative,
}

impl Polarity {
    /// The opposite polarity, as a negation makes it.
    pub fn flipped(self) -> Self {
        match self {
            Polarity::Positive => Polarity::Negative,
            Polarity::Negative => Polarity::Positive,
        }
    }

    /// `positive` or `negative`.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Positive => "positive",
            Polarity::Negative => "negative",
        }
    }
}

/// The overall reading of one comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Only (or clearly more) positive evidence.
    Positive,
    /// Only (or clearly more) negative evidence.
    Negative,
    /// Both, in comparable measure.
    Mixed,
    /// No evidence either way.
    Neutral,
}

impl Label {
    /// `positive`, `negative`, `mixed` or `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Positive => "positive",
            Label::Negative => "negative",
            Label::Mixed => "mixed",
            Label::Neutral => "neutral",
        }
    }
}

/// One piece of evidence: a lexicon term found in a comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The category the term belongs to (`authenticity`, `delivery_late`, ...).
    pub category: Arc<str>,
    /// What the category is about (`quality`, `delivery`, ...).
    pub aspect: Arc<str>,
    /// The polarity of this match, after negation.
    pub polarity: Polarity,
    /// Whether the category counts toward the contradiction rate.
    pub contradiction: bool,
    /// Whether a negation flipped the category's polarity.
    pub negated: bool,
    /// The lexicon term (or pattern) that matched, as written in the lexicon.
    pub term: Arc<str>,
    /// Start, in Unicode characters of the original text.
    pub start: usize,
    /// End (exclusive), in Unicode characters of the original text.
    pub end: usize,
    /// Start, in bytes of the original text.
    pub byte_start: usize,
    /// End (exclusive), in bytes of the original text.
    pub byte_end: usize,
}

impl Match {
    /// Whether the match's byte span is a non-empty slice of `text`, on
    /// character boundaries: what a reader of stored or hand-made matches
    /// checks before trusting the offsets.
    pub fn lies_in(&self, text: &str) -> bool {
        self.byte_start < self.byte_end && text.get(self.byte_start..self.byte_end).is_some()
    }
}

/// Everything the tagger found in one comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentTags {
    /// The language the comment was read as.
    pub lang: Lang,
    /// The overall label.
    pub label: Label,
    /// Net polarity in [-1, 1]: (positive − negative) / (positive + negative)
    /// over the matches, those of the first sentence weighing 1.25 (they
    /// break ties), 0 without matches.
    pub score: f64,
    /// The matches, in order of position.
    pub matches: Vec<Match>,
}

impl CommentTags {
    /// True when any match is a contradiction keyword that was not negated
    /// (`not fake` does not count).
    pub fn has_contradiction(&self) -> bool {
        self.matches.iter().any(|m| m.contradiction && !m.negated)
    }

    /// The distinct categories matched, in order of first appearance.
    pub fn categories(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for m in &self.matches {
            if !seen.contains(&&*m.category) {
                seen.push(&m.category);
            }
        }
        seen
    }
}
