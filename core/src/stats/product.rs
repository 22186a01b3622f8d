//! Per-product counts that flagging rests on, as a commutative monoid.
//!
//! [`ProductStats`] holds what one product's sales rows and tagged comments
//! add up to: sales, comments, contradiction comments, label and rating
//! counts, comments per lexicon category, and a bounded sample of evidence
//! comments. [`ProductStats::default`] is the identity and
//! [`ProductStats::merge`] is associative and commutative, so statistics
//! computed on any split of the data — rayon batches, yesterday's partial
//! results plus today's comments, Spark partitions — and merged in any order
//! equal the statistics of the whole. Every field is therefore either a sum
//! or a "keep the N smallest" set under a total order; nothing depends on
//! the order in which comments arrive.
//!
//! [`StatsTable`] maps a [`ProductKey`] (product and optional sales period)
//! to its stats and merges the same way. Both serialize with serde so that
//! partial results can be stored and merged later.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::tag::{CommentTags, Label, Match, Polarity};

/// Evidence comments kept per kind and product (contradiction comments,
/// labelled comments, comment ids). Enough to show a reviewer why a product
/// was flagged, small enough that memory grows with products, not comments.
pub const EVIDENCE_PER_KIND: usize = 20;

/// Characters of a comment's text kept as evidence. A longer comment is
/// kept as excerpts: its opening and the text around each match, in order,
/// joined by [`EXCERPT_GAP`] (its ellipsis also ends the last excerpt when
/// the comment goes on), as far as they fit (and marked truncated);
/// matches that do not fit are dropped. Comments are rarely this long, and
/// the cap bounds the memory of a product with many long evidence comments
/// to about `2 * EVIDENCE_PER_KIND * EVIDENCE_TEXT_CHARS` characters.
pub const EVIDENCE_TEXT_CHARS: usize = 2_000;

/// What stands for the text left out between two excerpts of a long
/// evidence comment.
pub const EXCERPT_GAP: &str = " … ";

/// Characters of context kept on each side of a match in an excerpt, and
/// twice this of a long comment's opening.
const EXCERPT_CONTEXT_CHARS: usize = 120;

/// Ratings at or below this count against a product (1–2 stars).
pub const LOW_RATING_MAX: u8 = 2;

/// Ratings at or above this count for a product (4–5 stars).
pub const HIGH_RATING_MIN: u8 = 4;

macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The identifier as written in the input.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

string_newtype!(
    /// A product identifier, as written in the comments and sales files.
    ProductId
);
string_newtype!(
    /// A product category from the sales file (`moveis_decoracao`,
    /// `mobile_phones`). Not to be confused with a lexicon category such as
    /// `authenticity`, which is a plain string in [`CommentTags`].
    Category
);
string_newtype!(
    /// A sales period label from the sales file (`2018-11`,
    /// `2018-11-23 black friday`). When a product has several periods, a
    /// comment goes to the latest one that starts at or before it, read as
    /// an ISO date from the label's start (see [`crate::anomaly::period`]).
    Period
);

/// A comment identifier: the `comment_id` column, or the 1-based data row
/// number when the file has none.
///
/// Ordered by length first, then bytes, so that row numbers sort
/// numerically (`9` before `10`) and ids of equal length (hashes) sort
/// lexicographically. Evidence keeps the smallest ids under this order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CommentId(pub Box<str>);

impl CommentId {
    /// The identifier as written in the input.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Ord for CommentId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for CommentId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for CommentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for CommentId {
    fn from(s: &str) -> Self {
        CommentId(s.into())
    }
}

// A boxed str rather than a String: ids are never grown, and every product
// keeps up to 3 * EVIDENCE_PER_KIND of them.
impl From<String> for CommentId {
    fn from(s: String) -> Self {
        CommentId(s.into_boxed_str())
    }
}

/// What statistics are kept for: one product, in one sales period when the
/// sales file has periods.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ProductKey {
    /// The product.
    pub product: ProductId,
    /// The sales period, `None` when the sales file has no `period` column
    /// (or the product has no sales row).
    pub period: Option<Period>,
}

impl ProductKey {
    /// A key without a period.
    pub fn product(product: impl Into<ProductId>) -> Self {
        ProductKey {
            product: product.into(),
            period: None,
        }
    }

    /// A key for `product` in `period`.
    pub fn with_period(product: impl Into<ProductId>, period: Option<Period>) -> Self {
        ProductKey {
            product: product.into(),
            period,
        }
    }
}

/// One comment as read from the comments file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRecord {
    /// Its identifier (the row number when the file has no ids).
    pub comment_id: CommentId,
    /// The product it is about.
    pub product_id: ProductId,
    /// The text as written.
    pub text: String,
    /// Star rating, 0–5, when given.
    pub rating: Option<u8>,
    /// Creation time as written (`2018-08-15 00:00:00`); used to place the
    /// comment in a sales period.
    pub created_at: Option<String>,
    /// Language given in the file, when any.
    pub lang: Option<crate::Lang>,
}

/// One row of the sales file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesRecord {
    /// The product.
    pub product_id: ProductId,
    /// Units sold (in the period, when given).
    pub sales: u64,
    /// The product's category, when given.
    pub category: Option<Category>,
    /// The sales period, when given.
    pub period: Option<Period>,
}

/// Whether evidence comments keep their text (for the HTML report) or only
/// their id, label and matched terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EvidenceText {
    /// Keep up to [`EVIDENCE_TEXT_CHARS`] characters of each evidence
    /// comment and the matches inside them.
    #[default]
    Keep,
    /// Keep no text, and of the matches only the contradiction ones (whose
    /// terms the CSV output lists): what a run without a report needs.
    Drop,
}

/// One evidence comment: why a product was flagged, as a reviewer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The comment.
    pub comment_id: CommentId,
    /// The tagger's label.
    pub label: Label,
    /// The comment's star rating, when given.
    pub rating: Option<u8>,
    /// Whether it has a (non-negated) contradiction match.
    pub contradiction: bool,
    /// The original text, or for one longer than [`EVIDENCE_TEXT_CHARS`]
    /// characters excerpts of it (see there); empty when aggregated with
    /// [`EvidenceText::Drop`].
    pub text: String,
    /// The comment's length in characters, when `text` is excerpts of it
    /// (0 otherwise: see [`Evidence::truncated`]).
    #[serde(default)]
    pub original_chars: usize,
    /// The matches, in order of position: those kept inside `text` (byte
    /// and character offsets into it); when the text was not kept, only the
    /// non-negated contradiction matches (their terms are reported).
    pub matches: Vec<Match>,
}

impl Evidence {
    /// Evidence for one tagged comment.
    pub fn new(comment: &CommentRecord, tags: &CommentTags, text: EvidenceText) -> Self {
        let (kept, original_chars, matches) = match text {
            // Only what the CSV output shows: the contradiction terms.
            EvidenceText::Drop => (
                String::new(),
                0,
                tags.matches
                    .iter()
                    .filter(|m| m.contradiction && !m.negated)
                    .cloned()
                    .collect(),
            ),
            EvidenceText::Keep => excerpts(&comment.text, &tags.matches),
        };
        Evidence {
            comment_id: comment.comment_id.clone(),
            label: tags.label,
            rating: comment.rating,
            contradiction: tags.has_contradiction(),
            text: kept,
            original_chars,
            matches,
        }
    }

    /// Whether `text` is excerpts of a longer comment.
    pub fn truncated(&self) -> bool {
        self.original_chars > 0
    }

    /// The matched lexicon terms, in order of position.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.matches.iter().map(|m| &*m.term)
    }
}

/// Byte index just after the first `chars` characters of `s` (its length
/// when shorter).
fn char_boundary_after(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// `text` as kept for evidence, its length in characters when that is
/// excerpts of it (0 when whole), and the matches inside what is kept, with
/// offsets into it (see [`EVIDENCE_TEXT_CHARS`]). Matches with offsets out
/// of range or off character boundaries (a tagger bug) are dropped, not
/// trusted.
fn excerpts(text: &str, matches: &[Match]) -> (String, usize, Vec<Match>) {
    let valid = |m: &&Match| m.lies_in(text);
    let total = if text.len() <= EVIDENCE_TEXT_CHARS {
        text.len()
    } else {
        text.chars().count()
    };
    if total <= EVIDENCE_TEXT_CHARS {
        return (
            text.to_string(),
            0,
            matches.iter().filter(valid).cloned().collect(),
        );
    }
    let back = |at: usize| {
        text[..at]
            .char_indices()
            .rev()
            .nth(EXCERPT_CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i)
    };
    let ahead = |at: usize| at + char_boundary_after(&text[at..], EXCERPT_CONTEXT_CHARS);
    // The opening, then a window around each match, merged where they meet.
    let mut windows = vec![(0, char_boundary_after(text, 2 * EXCERPT_CONTEXT_CHARS))];
    windows.extend(
        matches
            .iter()
            .filter(valid)
            .map(|m| (back(m.byte_start), ahead(m.byte_end))),
    );
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
    for w in windows {
        match merged.last_mut() {
            Some(last) if w.0 <= last.1 => last.1 = last.1.max(w.1),
            _ => merged.push(w),
        }
    }
    let gap_chars = EXCERPT_GAP.chars().count();
    // Room for the gap's ellipsis after the last excerpt.
    let tail = EXCERPT_GAP.trim_end();
    let budget = EVIDENCE_TEXT_CHARS - tail.chars().count();
    let mut kept = String::new();
    let mut kept_chars = 0;
    // (window start in `text`, its start in `kept`, its end in `text`)
    let mut placed: Vec<(usize, usize, usize)> = Vec::new();
    for (start, end) in merged {
        let gap = if start > 0 { gap_chars } else { 0 };
        let room = budget.saturating_sub(kept_chars + gap);
        if room == 0 {
            break;
        }
        let end = start + char_boundary_after(&text[start..end], room);
        if start > 0 {
            kept.push_str(EXCERPT_GAP);
        }
        placed.push((start, kept.len(), end));
        kept.push_str(&text[start..end]);
        kept_chars += gap + text[start..end].chars().count();
    }
    if placed.last().is_some_and(|&(_, _, end)| end < text.len()) {
        kept.push_str(tail);
    }
    let chars_before = |byte: usize| kept[..byte].chars().count();
    let matches = matches
        .iter()
        .filter(valid)
        .filter_map(|m| {
            let &(from, at, _) = placed
                .iter()
                .find(|&&(from, _, to)| from <= m.byte_start && m.byte_end <= to)?;
            let mut m = m.clone();
            m.byte_start = m.byte_start - from + at;
            m.byte_end = m.byte_end - from + at;
            m.start = chars_before(m.byte_start);
            m.end = chars_before(m.byte_end);
            Some(m)
        })
        .collect();
    (kept, total, matches)
}

fn label_rank(l: Label) -> u8 {
    match l {
        Label::Positive => 0,
        Label::Negative => 1,
        Label::Mixed => 2,
        Label::Neutral => 3,
    }
}

fn polarity_rank(p: Polarity) -> u8 {
    match p {
        Polarity::Positive => 0,
        Polarity::Negative => 1,
    }
}

fn match_order(a: &Match, b: &Match) -> Ordering {
    (a.byte_start, a.byte_end, a.start, a.end)
        .cmp(&(b.byte_start, b.byte_end, b.start, b.end))
        .then_with(|| a.category.cmp(&b.category))
        .then_with(|| a.aspect.cmp(&b.aspect))
        .then_with(|| a.term.cmp(&b.term))
        .then_with(|| polarity_rank(a.polarity).cmp(&polarity_rank(b.polarity)))
        .then_with(|| a.contradiction.cmp(&b.contradiction))
        .then_with(|| a.negated.cmp(&b.negated))
}

// A total order consistent with `PartialEq` (every field takes part), led by
// the comment id: "keep the N smallest" is then independent of merge order
// even if two different comments share an id.
impl Ord for Evidence {
    fn cmp(&self, other: &Self) -> Ordering {
        self.comment_id
            .cmp(&other.comment_id)
            .then_with(|| self.text.cmp(&other.text))
            .then_with(|| self.rating.cmp(&other.rating))
            .then_with(|| label_rank(self.label).cmp(&label_rank(other.label)))
            .then_with(|| self.contradiction.cmp(&other.contradiction))
            .then_with(|| self.original_chars.cmp(&other.original_chars))
            .then_with(|| {
                let pairs = self.matches.iter().zip(&other.matches);
                pairs
                    .map(|(a, b)| match_order(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.matches.len().cmp(&other.matches.len()))
            })
    }
}

impl PartialOrd for Evidence {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Eq for Evidence {}

/// The [`EVIDENCE_PER_KIND`] smallest items ever inserted, in ascending
/// order. Taking the smallest N of a multiset union is associative and
/// commutative, which keeps [`ProductStats::merge`] a monoid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<T>", into = "Vec<T>")]
#[serde(bound(
    serialize = "T: Serialize + Clone",
    deserialize = "T: Deserialize<'de> + Ord"
))]
pub struct Smallest<T: Ord> {
    items: Vec<T>,
}

impl<T: Ord> Default for Smallest<T> {
    fn default() -> Self {
        Smallest { items: Vec::new() }
    }
}

impl<T: Ord> Smallest<T> {
    /// Adds `item`, dropping the largest when over capacity.
    pub fn insert(&mut self, item: T) {
        if self.items.len() == EVIDENCE_PER_KIND {
            if self.items.last().is_some_and(|last| item >= *last) {
                return;
            }
            // Make room first so the vector never outgrows the cap.
            self.items.pop();
        } else if self.items.len() == self.items.capacity() {
            // Doubling, but never past the cap: a million products each
            // holding a 32-slot vector for 20 items adds up.
            let len = self.items.len();
            self.items
                .reserve_exact(len.max(2).min(EVIDENCE_PER_KIND - len));
        }
        // Comments mostly arrive in id order: appending is the common case
        // and costs one comparison.
        if self.items.last().is_none_or(|last| *last <= item) {
            self.items.push(item);
        } else {
            let at = self.items.partition_point(|x| *x <= item);
            self.items.insert(at, item);
        }
    }

    /// False when a new item would certainly be dropped, judged by `cmp`,
    /// which compares a kept item with the new one on a leading part of the
    /// order (e.g. the comment id): lets a caller skip building the item.
    /// Ties are admitted, since the rest of the order may still favour the
    /// new item.
    pub fn admits<F: Fn(&T) -> Ordering>(&self, cmp: F) -> bool {
        self.items.len() < EVIDENCE_PER_KIND
            || self
                .items
                .last()
                .is_some_and(|last| cmp(last) != Ordering::Less)
    }

    /// Adds every item of `other`.
    pub fn merge(&mut self, other: Smallest<T>) {
        if other.items.is_empty() {
            return;
        }
        self.items.extend(other.items);
        self.items.sort();
        self.items.truncate(EVIDENCE_PER_KIND);
        self.items.shrink_to_fit();
    }

    /// The items kept, smallest first.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// Number of items kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T: Ord> From<Vec<T>> for Smallest<T> {
    fn from(mut items: Vec<T>) -> Self {
        // Restores the invariant on data that did not come from `insert`
        // (a stored partial result edited by hand, or another producer).
        items.sort();
        items.truncate(EVIDENCE_PER_KIND);
        Smallest { items }
    }
}

impl<T: Ord> From<Smallest<T>> for Vec<T> {
    fn from(s: Smallest<T>) -> Self {
        s.items
    }
}

/// Comments per lexicon category, sorted by name.
///
/// A sorted vector rather than a map because a product has a handful of
/// categories, and the names are `Arc<str>` shared with the tagger's
/// matches instead of copied into every product. Serializes as a JSON
/// object `{"authenticity": 3, ...}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryCounts(Vec<(Arc<str>, u64)>);

impl CategoryCounts {
    /// Comments with a match in `category` (0 if none).
    pub fn get(&self, category: &str) -> u64 {
        self.0
            .binary_search_by(|(k, _)| (**k).cmp(category))
            .map_or(0, |i| self.0[i].1)
    }

    /// `(category, comments)` in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.0.iter().map(|(k, v)| (&**k, *v))
    }

    /// Number of categories with at least one comment.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no comment matched any category.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `n` comments to `category`.
    pub fn add(&mut self, category: &Arc<str>, n: u64) {
        match self.0.binary_search_by(|(k, _)| k.cmp(category)) {
            Ok(i) => self.0[i].1 += n,
            Err(i) => self.0.insert(i, (Arc::clone(category), n)),
        }
    }

    fn merge(&mut self, other: CategoryCounts) {
        for (k, v) in other.0 {
            self.add(&k, v);
        }
    }
}

impl Serialize for CategoryCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for CategoryCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, u64>::deserialize(d)?;
        Ok(CategoryCounts(
            map.into_iter().map(|(k, v)| (Arc::from(k), v)).collect(),
        ))
    }
}

/// How many comments got each label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCounts {
    /// Labelled positive.
    pub positive: u64,
    /// Labelled negative.
    pub negative: u64,
    /// Labelled mixed.
    pub mixed: u64,
    /// Labelled neutral (no evidence either way).
    pub neutral: u64,
}

impl LabelCounts {
    fn add(&mut self, label: Label) {
        match label {
            Label::Positive => self.positive += 1,
            Label::Negative => self.negative += 1,
            Label::Mixed => self.mixed += 1,
            Label::Neutral => self.neutral += 1,
        }
    }

    fn merge(&mut self, o: &LabelCounts) {
        self.positive += o.positive;
        self.negative += o.negative;
        self.mixed += o.mixed;
        self.neutral += o.neutral;
    }
}

/// Star ratings of a product's comments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingCounts {
    /// Comments with a rating.
    pub count: u64,
    /// Sum of the ratings.
    pub sum: u64,
    /// Ratings of at most [`LOW_RATING_MAX`] stars.
    pub low: u64,
    /// Ratings of at least [`HIGH_RATING_MIN`] stars.
    pub high: u64,
}

impl RatingCounts {
    fn add(&mut self, rating: u8) {
        self.count += 1;
        self.sum += u64::from(rating);
        self.low += u64::from(rating <= LOW_RATING_MAX);
        self.high += u64::from(rating >= HIGH_RATING_MIN);
    }

    fn merge(&mut self, o: &RatingCounts) {
        self.count += o.count;
        self.sum += o.sum;
        self.low += o.low;
        self.high += o.high;
    }

    /// Mean rating, `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }
}

/// How one comment leans once its label and its rating are combined: each
/// counts +1 (positive label; rating ≥ [`HIGH_RATING_MIN`]), −1 (negative
/// label; rating ≤ [`LOW_RATING_MAX`]) or 0 (mixed or neutral label; middle
/// or missing rating), and the sign of the sum decides. A 1-star comment
/// the tagger read as positive ("great, it never arrived") leans neither
/// way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaning {
    /// Net positive.
    Positive,
    /// Net negative.
    Negative,
    /// Neither.
    Neither,
}

impl Leaning {
    /// The leaning of a comment with `label` and `rating`.
    pub fn of(label: Label, rating: Option<u8>) -> Self {
        let from_label = match label {
            Label::Positive => 1,
            Label::Negative => -1,
            Label::Mixed | Label::Neutral => 0,
        };
        let from_rating = match rating {
            Some(r) if r <= LOW_RATING_MAX => -1,
            Some(r) if r >= HIGH_RATING_MIN => 1,
            _ => 0,
        };
        match from_label + from_rating {
            s if s > 0 => Leaning::Positive,
            s if s < 0 => Leaning::Negative,
            _ => Leaning::Neither,
        }
    }
}

/// Everything known about one product (in one period): counts from its
/// sales rows and tagged comments, and bounded evidence.
///
/// A commutative monoid under [`ProductStats::merge`] with
/// [`ProductStats::default`] as identity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductStats {
    /// The product's category from the sales file. When merged stats
    /// disagree, the smaller name is kept so the merge stays commutative
    /// (the CLI rejects such input before it gets here).
    pub category: Option<Category>,
    /// Sales rows seen; 0 means the product has comments but no sales row.
    pub sales_rows: u64,
    /// Units sold.
    pub sales: u64,
    /// Comments.
    pub comments: u64,
    /// Comments with no text (a rating alone): counted among `comments`
    /// for the comment rate, but not among the comments whose words the
    /// contradiction rate is about.
    #[serde(default)]
    pub empty_comments: u64,
    /// Comments with at least one non-negated contradiction match.
    pub contradiction_comments: u64,
    /// Comments per label.
    pub labels: LabelCounts,
    /// Comments leaning positive (see [`Leaning`]).
    pub leaning_positive: u64,
    /// Comments leaning negative (see [`Leaning`]).
    pub leaning_negative: u64,
    /// Star ratings.
    pub ratings: RatingCounts,
    /// Comments per lexicon category (`authenticity`, ...), counting a
    /// comment once per category it has a non-negated match in: `not fake`
    /// is not an authenticity complaint.
    pub comments_by_category: CategoryCounts,
    /// Contradiction comments with the smallest ids.
    pub contradiction_evidence: Smallest<Evidence>,
    /// Positive, negative or mixed comments with the smallest ids.
    pub labelled_evidence: Smallest<Evidence>,
    /// Ids of the comments with the smallest ids, whatever their label:
    /// evidence of a high comment rate even when no comment is labelled.
    pub comment_ids: Smallest<CommentId>,
}

impl ProductStats {
    /// Stats of one sales row.
    pub fn from_sales(sales: u64, category: Option<Category>) -> Self {
        ProductStats {
            category,
            sales_rows: 1,
            sales,
            ..ProductStats::default()
        }
    }

    /// Adds one sales row (the same as merging [`ProductStats::from_sales`]).
    pub fn add_sales(&mut self, sales: u64, category: Option<Category>) {
        self.sales_rows += 1;
        // Saturating: the readers cap a row at 2^53, and a sum past u64 is
        // as absurd as it is rare.
        self.sales = self.sales.saturating_add(sales);
        if let Some(c) = category {
            if self.category.as_ref().is_none_or(|old| c < *old) {
                self.category = Some(c);
            }
        }
    }

    /// Comments with text: those the contradiction rate is a share of.
    pub fn comments_with_text(&self) -> u64 {
        self.comments.saturating_sub(self.empty_comments)
    }

    /// Adds one tagged comment.
    pub fn add_comment(&mut self, comment: &CommentRecord, tags: &CommentTags, text: EvidenceText) {
        self.comments += 1;
        self.empty_comments += u64::from(comment.text.trim().is_empty());
        let contradiction = tags.has_contradiction();
        self.contradiction_comments += u64::from(contradiction);
        self.labels.add(tags.label);
        match Leaning::of(tags.label, comment.rating) {
            Leaning::Positive => self.leaning_positive += 1,
            Leaning::Negative => self.leaning_negative += 1,
            Leaning::Neither => {}
        }
        if let Some(r) = comment.rating {
            self.ratings.add(r);
        }
        let mut seen: Vec<&str> = Vec::new();
        for m in tags.matches.iter().filter(|m| !m.negated) {
            if !seen.contains(&&*m.category) {
                seen.push(&m.category);
                self.comments_by_category.add(&m.category, 1);
            }
        }
        let id = &comment.comment_id;
        if self.comment_ids.admits(|last| last.cmp(id)) {
            self.comment_ids.insert(id.clone());
        }
        // Evidence is only built when it can be kept: on a product with many
        // comments most would be dropped straight away.
        let by_id = |e: &Evidence| e.comment_id.cmp(id);
        let labelled = tags.label != Label::Neutral && self.labelled_evidence.admits(by_id);
        let contradiction = contradiction && self.contradiction_evidence.admits(by_id);
        if contradiction || labelled {
            let evidence = Evidence::new(comment, tags, text);
            match (contradiction, labelled) {
                (true, true) => {
                    self.contradiction_evidence.insert(evidence.clone());
                    self.labelled_evidence.insert(evidence);
                }
                (true, false) => self.contradiction_evidence.insert(evidence),
                _ => self.labelled_evidence.insert(evidence),
            }
        }
    }

    /// Adds everything in `other`. Associative and commutative, with
    /// [`ProductStats::default`] as identity.
    pub fn merge(&mut self, other: ProductStats) {
        self.category = match (self.category.take(), other.category) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.sales_rows += other.sales_rows;
        self.sales = self.sales.saturating_add(other.sales);
        self.comments += other.comments;
        self.empty_comments += other.empty_comments;
        self.contradiction_comments += other.contradiction_comments;
        self.labels.merge(&other.labels);
        self.leaning_positive += other.leaning_positive;
        self.leaning_negative += other.leaning_negative;
        self.ratings.merge(&other.ratings);
        self.comments_by_category.merge(other.comments_by_category);
        self.contradiction_evidence
            .merge(other.contradiction_evidence);
        self.labelled_evidence.merge(other.labelled_evidence);
        self.comment_ids.merge(other.comment_ids);
    }
}

/// Stats of many products: a map from [`ProductKey`] to [`ProductStats`],
/// itself a commutative monoid under [`StatsTable::merge`].
///
/// Serializes as a list of `{product, period, stats}` sorted by key, so a
/// stored table is deterministic and readable in any JSON tool.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsTable {
    // Boxed: the map keeps up to twice as many buckets as entries, and
    // scoring moves every entry into a verdict; both are cheaper with a
    // pointer than with the ~230-byte stats inline.
    products: HashMap<ProductKey, Box<ProductStats>>,
}

impl StatsTable {
    /// An empty table.
    pub fn new() -> Self {
        StatsTable::default()
    }

    /// Number of keys (products, or product-periods).
    pub fn len(&self) -> usize {
        self.products.len()
    }

    /// True when no product was seen.
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// The stats of `key`.
    pub fn get(&self, key: &ProductKey) -> Option<&ProductStats> {
        self.products.get(key).map(|s| &**s)
    }

    /// The stats of `key`, created empty when absent.
    pub fn entry(&mut self, key: ProductKey) -> &mut ProductStats {
        self.products.entry(key).or_default()
    }

    /// The entries with their stats still boxed, for consumers that keep
    /// them (scoring moves each into a verdict without copying it).
    pub fn into_boxed_iter(self) -> impl Iterator<Item = (ProductKey, Box<ProductStats>)> {
        self.products.into_iter()
    }

    /// Iterates in arbitrary order.
    pub fn iter(&self) -> impl Iterator<Item = (&ProductKey, &ProductStats)> {
        self.products.iter().map(|(k, v)| (k, &**v))
    }

    /// Adds one sales row.
    pub fn add_sales(&mut self, row: &SalesRecord) {
        let key = ProductKey::with_period(row.product_id.clone(), row.period.clone());
        self.entry(key).add_sales(row.sales, row.category.clone());
    }

    /// Adds one tagged comment under `key`.
    pub fn add_comment(
        &mut self,
        key: ProductKey,
        comment: &CommentRecord,
        tags: &CommentTags,
        text: EvidenceText,
    ) {
        self.entry(key).add_comment(comment, tags, text);
    }

    /// Adds every product of `other`.
    pub fn merge(&mut self, other: StatsTable) {
        // Folding the smaller table into the larger saves rehashing.
        let (mut big, small) = if self.products.len() >= other.products.len() {
            (std::mem::take(&mut self.products), other.products)
        } else {
            (other.products, std::mem::take(&mut self.products))
        };
        for (k, v) in small {
            big.entry(k).or_default().merge(*v);
        }
        self.products = big;
    }

    /// Entries sorted by key.
    pub fn sorted(&self) -> Vec<(&ProductKey, &ProductStats)> {
        let mut v: Vec<_> = self.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }
}

impl IntoIterator for StatsTable {
    type Item = (ProductKey, ProductStats);
    type IntoIter = std::iter::Map<
        std::collections::hash_map::IntoIter<ProductKey, Box<ProductStats>>,
        fn((ProductKey, Box<ProductStats>)) -> (ProductKey, ProductStats),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.products.into_iter().map(|(k, v)| (k, *v))
    }
}

impl FromIterator<(ProductKey, ProductStats)> for StatsTable {
    fn from_iter<I: IntoIterator<Item = (ProductKey, ProductStats)>>(iter: I) -> Self {
        let mut t = StatsTable::new();
        for (k, v) in iter {
            t.entry(k).merge(v);
        }
        t
    }
}

#[derive(Serialize)]
struct EntryRef<'a> {
    product: &'a ProductId,
    period: &'a Option<Period>,
    stats: &'a ProductStats,
}

#[derive(Deserialize)]
struct Entry {
    product: ProductId,
    #[serde(default)]
    period: Option<Period>,
    stats: ProductStats,
}

impl Serialize for StatsTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.sorted().into_iter().map(|(k, v)| EntryRef {
            product: &k.product,
            period: &k.period,
            stats: v,
        }))
    }
}

impl<'de> Deserialize<'de> for StatsTable {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries = Vec::<Entry>::deserialize(d)?;
        // Repeated keys are merged rather than rejected: concatenating two
        // stored tables is a valid way to merge them.
        Ok(entries
            .into_iter()
            .map(|e| (ProductKey::with_period(e.product, e.period), e.stats))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use proptest::prelude::*;
    use std::sync::Arc;

    fn m(category: &str, polarity: Polarity, contradiction: bool, negated: bool) -> Match {
        Match {
            category: Arc::from(category),
            aspect: Arc::from(category),
            polarity,
            contradiction,
            negated,
            term: Arc::from(category),
            start: 0,
            end: 4,
            byte_start: 0,
            byte_end: 4,
        }
    }

    fn tags(label: Label, matches: Vec<Match>) -> CommentTags {
        CommentTags {
            lang: Lang::En,
            label,
            score: 0.0,
            matches,
        }
    }

    fn comment(id: &str, product: &str, text: &str, rating: Option<u8>) -> CommentRecord {
        CommentRecord {
            comment_id: CommentId::from(id),
            product_id: ProductId::from(product),
            text: text.to_string(),
            rating,
            created_at: None,
            lang: None,
        }
    }

    #[test]
    fn comment_ids_sort_numerically_then_lexically() {
        let mut ids: Vec<CommentId> = ["10", "9", "b", "a1", "100", "a"]
            .into_iter()
            .map(CommentId::from)
            .collect();
        ids.sort();
        let got: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        assert_eq!(got, ["9", "a", "b", "10", "a1", "100"]);
    }

    #[test]
    fn leaning_combines_label_and_rating() {
        let table = [
            (Label::Positive, None, Leaning::Positive),
            (Label::Negative, None, Leaning::Negative),
            (Label::Neutral, Some(1), Leaning::Negative),
            (Label::Neutral, Some(5), Leaning::Positive),
            (Label::Neutral, Some(3), Leaning::Neither),
            (Label::Positive, Some(1), Leaning::Neither),
            (Label::Negative, Some(2), Leaning::Negative),
            (Label::Mixed, Some(4), Leaning::Positive),
            (Label::Mixed, None, Leaning::Neither),
        ];
        for (label, rating, want) in table {
            assert_eq!(Leaning::of(label, rating), want, "{label:?} {rating:?}");
        }
    }

    #[test]
    fn add_comment_counts_everything() {
        let mut s = ProductStats::from_sales(10, Some(Category::from("toys")));
        let fake = m("authenticity", Polarity::Negative, true, false);
        let not_fake = m("authenticity", Polarity::Positive, true, true);
        let good = m("quality", Polarity::Positive, false, false);
        s.add_comment(
            &comment("1", "p", "fake fake", Some(1)),
            &tags(Label::Negative, vec![fake.clone(), fake.clone()]),
            EvidenceText::Keep,
        );
        s.add_comment(
            &comment("2", "p", "not fake, good", Some(5)),
            &tags(Label::Positive, vec![not_fake, good]),
            EvidenceText::Keep,
        );
        s.add_comment(
            &comment("3", "p", "ok", None),
            &tags(Label::Neutral, vec![]),
            EvidenceText::Keep,
        );
        let mut blank = ProductStats::default();
        blank.add_comment(
            &comment("4", "p", "  ", Some(4)),
            &tags(Label::Neutral, vec![]),
            EvidenceText::Keep,
        );
        assert_eq!((blank.comments, blank.empty_comments), (1, 1));
        assert_eq!(blank.comments_with_text(), 0);
        let mut merged = s.clone();
        merged.merge(blank);
        assert_eq!((merged.comments, merged.empty_comments), (4, 1));
        assert_eq!(merged.comments_with_text(), 3);
        assert_eq!((s.sales, s.sales_rows, s.comments), (10, 1, 3));
        assert_eq!((s.empty_comments, s.comments_with_text()), (0, 3));
        assert_eq!(s.contradiction_comments, 1);
        assert_eq!(
            s.labels,
            LabelCounts {
                positive: 1,
                negative: 1,
                mixed: 0,
                neutral: 1
            }
        );
        assert_eq!((s.leaning_positive, s.leaning_negative), (1, 1));
        assert_eq!((s.ratings.count, s.ratings.sum), (2, 6));
        assert_eq!((s.ratings.low, s.ratings.high), (1, 1));
        let cats: Vec<(&str, u64)> = s.comments_by_category.iter().collect();
        assert_eq!(cats, [("authenticity", 1), ("quality", 1)]);
        assert_eq!(s.comments_by_category.get("quality"), 1);
        assert_eq!(s.comments_by_category.get("delivery"), 0);
        let json = serde_json::to_string(&s.comments_by_category).expect("serialize");
        assert_eq!(json, r#"{"authenticity":1,"quality":1}"#);
        let back: CategoryCounts = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, s.comments_by_category);
        assert_eq!(s.contradiction_evidence.len(), 1);
        assert_eq!(s.labelled_evidence.len(), 2);
        assert_eq!(s.comment_ids.len(), 3);
        let terms: Vec<&str> = s.contradiction_evidence.as_slice()[0].terms().collect();
        assert_eq!(terms, ["authenticity", "authenticity"]);
    }

    #[test]
    fn a_long_comment_is_kept_as_excerpts_around_its_matches() {
        // 60 matches of `fake` spread over 60,000 characters: the excerpts
        // stay within the cap, in order, each kept match on its term.
        let mut text = String::new();
        let mut ms = Vec::new();
        for i in 0..60 {
            text.push_str(&"x".repeat(997));
            let mut f = m("authenticity", Polarity::Negative, true, false);
            f.byte_start = text.len();
            f.byte_end = text.len() + 4;
            text.push_str("fake");
            f.start = i;
            ms.push(f);
        }
        text.push_str("ока");
        let t = tags(Label::Negative, ms);
        let e = Evidence::new(&comment("1", "p", &text, None), &t, EvidenceText::Keep);
        assert!(e.truncated());
        assert_eq!(e.original_chars, text.chars().count());
        assert!(
            e.text.chars().count() <= EVIDENCE_TEXT_CHARS,
            "{}",
            e.text.len()
        );
        assert!(e.text.starts_with(&"x".repeat(240)));
        assert!((6..60).contains(&e.matches.len()), "{}", e.matches.len());
        for pair in e.matches.windows(2) {
            assert!(pair[0].byte_end <= pair[1].byte_start);
        }
        for m in &e.matches {
            assert_eq!(&e.text[m.byte_start..m.byte_end], "fake");
            assert_eq!(m.end - m.start, 4);
            assert_eq!(e.text[..m.byte_start].chars().count(), m.start);
        }
        // The first kept match is the first of the comment (the matches'
        // own character offsets are rewritten: `start` was the index).
        assert_eq!(e.matches[0].byte_start, e.text.find("fake").expect("kept"));
        // A comment at the cap is kept whole.
        let whole = "y".repeat(EVIDENCE_TEXT_CHARS);
        let e = Evidence::new(&comment("2", "p", &whole, None), &t, EvidenceText::Keep);
        assert!(!e.truncated() && e.original_chars == 0 && e.text == whole);
    }

    #[test]
    fn evidence_text_is_capped_and_spans_kept_inside() {
        let long: String = "é".repeat(EVIDENCE_TEXT_CHARS + 10);
        let mut inside = m("q", Polarity::Negative, false, false);
        inside.byte_start = 2;
        inside.byte_end = 6;
        let mut beyond = inside.clone();
        beyond.byte_start = 2 * EVIDENCE_TEXT_CHARS;
        beyond.byte_end = 2 * EVIDENCE_TEXT_CHARS + 2;
        // Not on a char boundary: a tagger bug must not panic the report.
        let mut broken = inside.clone();
        broken.byte_start = 1;
        let t = tags(Label::Negative, vec![inside.clone(), beyond, broken]);
        let e = Evidence::new(&comment("1", "p", &long, None), &t, EvidenceText::Keep);
        // The opening (with the first match), a gap, and the text around
        // the match far beyond the first 2,000 characters.
        assert!(e.truncated());
        assert_eq!(e.original_chars, EVIDENCE_TEXT_CHARS + 10);
        assert_eq!(e.text.matches(EXCERPT_GAP).count(), 1);
        assert!(e.text.chars().count() < EVIDENCE_TEXT_CHARS);
        assert_eq!(e.matches.len(), 2);
        // Character offsets are those of the kept text (`m` made them up).
        let first = &e.matches[0];
        assert_eq!((first.byte_start, first.byte_end), (2, 6));
        assert_eq!((first.start, first.end), (1, 3));
        let far = &e.matches[1];
        assert_eq!(&e.text[far.byte_start..far.byte_end], "é");
        let chars: Vec<char> = e.text.chars().collect();
        assert_eq!(chars[far.start..far.end], ['é']);
        let e = Evidence::new(&comment("1", "p", &long, None), &t, EvidenceText::Drop);
        assert!(e.text.is_empty() && !e.truncated() && e.matches.is_empty());
        let mut fake = m("authenticity", Polarity::Negative, true, false);
        fake.byte_start = 9_999;
        let not_fake = m("authenticity", Polarity::Positive, true, true);
        let t = tags(Label::Negative, vec![not_fake, fake.clone(), inside]);
        let e = Evidence::new(&comment("1", "p", "x", None), &t, EvidenceText::Drop);
        assert_eq!(
            e.matches,
            [fake],
            "contradiction terms survive without the text"
        );
    }

    #[test]
    fn smallest_keeps_the_n_smallest_ids() {
        let mut s = Smallest::<CommentId>::default();
        for i in (0..100).rev() {
            s.insert(CommentId::from(i.to_string()));
        }
        let got: Vec<&str> = s.as_slice().iter().map(|c| c.as_str()).collect();
        let want: Vec<String> = (0..EVIDENCE_PER_KIND).map(|i| i.to_string()).collect();
        assert_eq!(got, want);
        assert!(
            s.items.capacity() <= EVIDENCE_PER_KIND,
            "never over the cap"
        );
        let json = serde_json::to_string(&s).expect("serialize");
        let back: Smallest<CommentId> = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, s);
        // Unsorted, oversized input is normalized on the way in.
        let back: Smallest<CommentId> =
            serde_json::from_str(&format!("[\"50\",{}", &json[1..])).expect("deserialize");
        assert_eq!(back, s);
    }

    #[test]
    fn category_merge_is_order_free() {
        let a = ProductStats::from_sales(1, Some(Category::from("b")));
        let b = ProductStats::from_sales(2, Some(Category::from("a")));
        let c = ProductStats::from_sales(3, None);
        let mut x = a.clone();
        x.merge(b.clone());
        x.merge(c.clone());
        let mut y = c;
        y.merge(b);
        y.merge(a);
        assert_eq!(x, y);
        assert_eq!(x.category, Some(Category::from("a")));
        assert_eq!((x.sales, x.sales_rows), (6, 3));
    }

    #[test]
    fn table_serializes_sorted_and_merges_repeated_keys() {
        let mut t = StatsTable::new();
        for (p, n) in [("b", 3), ("a", 1), ("b", 2)] {
            t.add_sales(&SalesRecord {
                product_id: ProductId::from(p),
                sales: n,
                category: None,
                period: None,
            });
        }
        let json = serde_json::to_string(&t).expect("serialize");
        assert!(json.find("\"a\"") < json.find("\"b\""), "{json}");
        let back: StatsTable = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, t);
        let doubled: StatsTable =
            serde_json::from_str(&format!("{},{}", &json[..json.len() - 1], &json[1..]))
                .expect("concatenated");
        assert_eq!(
            doubled.get(&ProductKey::product("b")).map(|s| s.sales),
            Some(10)
        );
    }

    // ---- property: any split, merged in any order, equals the whole ----

    /// One generated event: a sales row or a tagged comment.
    #[derive(Debug, Clone)]
    enum Event {
        Sales(SalesRecord),
        Comment(ProductKey, CommentRecord, CommentTags),
    }

    fn arb_match() -> impl Strategy<Value = Match> {
        (
            prop::sample::select(vec!["authenticity", "quality", "delivery"]),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            0usize..4,
        )
            .prop_map(|(cat, pos, contradiction, negated, start)| Match {
                category: Arc::from(cat),
                aspect: Arc::from(cat),
                polarity: if pos {
                    Polarity::Positive
                } else {
                    Polarity::Negative
                },
                contradiction,
                negated,
                term: Arc::from(cat),
                start,
                end: start + 2,
                byte_start: start,
                byte_end: start + 2,
            })
    }

    fn arb_event() -> impl Strategy<Value = Event> {
        let product = prop::sample::select(vec!["p1", "p2", "p3", "p4"]);
        let period = prop::option::of(prop::sample::select(vec!["2023-01", "2023-02"]));
        let sales = (
            product.clone(),
            period.clone(),
            0u64..50,
            prop::option::of(prop::sample::select(vec!["toys", "books"])),
        )
            .prop_map(|(p, per, n, cat)| {
                Event::Sales(SalesRecord {
                    product_id: ProductId::from(p),
                    sales: n,
                    category: cat.map(Category::from),
                    period: per.map(Period::from),
                })
            });
        let label = prop::sample::select(vec![
            Label::Positive,
            Label::Negative,
            Label::Mixed,
            Label::Neutral,
        ]);
        let comment = (
            product,
            period,
            0u32..60,
            "[a-z ]{0,8}",
            prop::option::of(0u8..=5),
            label,
            prop::collection::vec(arb_match(), 0..3),
        )
            .prop_map(|(p, per, id, text, rating, label, matches)| {
                Event::Comment(
                    ProductKey::with_period(p, per.map(Period::from)),
                    CommentRecord {
                        comment_id: CommentId::from(id.to_string()),
                        product_id: ProductId::from(p),
                        text,
                        rating,
                        created_at: None,
                        lang: None,
                    },
                    tags(label, matches),
                )
            });
        prop_oneof![sales, comment]
    }

    fn aggregate(events: &[Event]) -> StatsTable {
        let mut t = StatsTable::new();
        for e in events {
            match e {
                Event::Sales(s) => t.add_sales(s),
                Event::Comment(k, c, tg) => t.add_comment(k.clone(), c, tg, EvidenceText::Keep),
            }
        }
        t
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_split_merged_in_any_order_equals_the_whole(
            events in prop::collection::vec(arb_event(), 0..120),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
            order in any::<u64>(),
        ) {
            let whole = aggregate(&events);
            let mut bounds: Vec<usize> = cuts.iter().map(|i| i.index(events.len() + 1)).collect();
            bounds.push(0);
            bounds.push(events.len());
            bounds.sort_unstable();
            let mut parts: Vec<StatsTable> =
                bounds.windows(2).map(|w| aggregate(&events[w[0]..w[1]])).collect();
            // A deterministic shuffle of the parts from `order`.
            let mut state = order;
            for i in (1..parts.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                parts.swap(i, (state >> 33) as usize % (i + 1));
            }
            // Merge as a random tree: pairs of neighbours, or folded.
            let merged = if order % 2 == 0 {
                parts.into_iter().fold(StatsTable::new(), |mut acc, p| { acc.merge(p); acc })
            } else {
                while parts.len() > 1 {
                    let b = parts.pop().unwrap_or_default();
                    let mut a = parts.pop().unwrap_or_default();
                    a.merge(b);
                    parts.insert(0, a);
                }
                parts.pop().unwrap_or_default()
            };
            prop_assert_eq!(&merged, &whole);
            // And through serde: stored partial results merge the same.
            let json = serde_json::to_string(&whole).expect("serialize");
            let back: StatsTable = serde_json::from_str(&json).expect("deserialize");
            prop_assert_eq!(back, whole);
        }

        #[test]
        fn product_stats_merge_is_commutative_with_identity(
            events in prop::collection::vec(arb_event(), 0..40),
            split in any::<prop::sample::Index>(),
        ) {
            let at = split.index(events.len() + 1);
            let one = |evs: &[Event]| {
                let mut s = ProductStats::default();
                for e in evs {
                    match e {
                        Event::Sales(r) => s.add_sales(r.sales, r.category.clone()),
                        Event::Comment(_, c, t) => s.add_comment(c, t, EvidenceText::Keep),
                    }
                }
                s
            };
            let (a, b) = (one(&events[..at]), one(&events[at..]));
            let mut ab = a.clone();
            ab.merge(b.clone());
            let mut ba = b;
            ba.merge(a);
            prop_assert_eq!(&ab, &ba);
            prop_assert_eq!(&ab, &one(&events));
            let mut with_id = ab.clone();
            with_id.merge(ProductStats::default());
            prop_assert_eq!(with_id, ab);
        }
    }
}
