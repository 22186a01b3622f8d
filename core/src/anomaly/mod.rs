//! Stage 3: flagging anomalous products.
//!
//! Two signals are tested per product against what its category (and sales
//! period) makes normal:
//!
//! * the **comment rate**, comments per sale: a product with 10 sales and 5
//!   comments, where 5 per 100 is usual, is either very good or very bad
//!   ([`Direction`]);
//! * the **contradiction rate**, the share of comments with a contradiction
//!   keyword (fake, not as described): when all 4 commenters say so, the
//!   listing very probably contradicts the item.
//!
//! The pieces, in the order the job runs them:
//!
//! 1. [`input`] streams the comments and sales CSV files;
//! 2. a [`CommentTagger`] tags each comment (injected: any closure, or the
//!    lexicon tagger);
//! 3. [`pipeline`] folds tagged comments and sales rows into a
//!    [`StatsTable`](crate::stats::product::StatsTable) of mergeable
//!    [`ProductStats`](crate::stats::product::ProductStats), placing comments
//!    in sales periods ([`period`]);
//! 4. [`baseline`] fits an empirical-Bayes prior per (category, period);
//! 5. [`score`] and [`flag`] test every product, control the
//!    false-discovery rate and raise [`Flags`], with evidence;
//! 6. [`table`] lays each [`Verdict`] out as one output row.
//!
//! ```
//! use nazar::anomaly::{score_table, FlagConfig};
//! use nazar::stats::product::{
//!     CommentRecord, EvidenceText, ProductKey, SalesRecord, StatsTable,
//! };
//! use nazar::{CommentTags, Label, Lang};
//!
//! let mut table = StatsTable::new();
//! // 40 ordinary products with 5 comments per 100 sales...
//! for p in 0..40 {
//!     table.add_sales(&SalesRecord {
//!         product_id: format!("p{p}").into(),
//!         sales: 100,
//!         category: None,
//!         period: None,
//!     });
//! }
//! // ...and one with 5 comments on 10 sales, all negative.
//! table.add_sales(&SalesRecord {
//!     product_id: "hot".into(),
//!     sales: 10,
//!     category: None,
//!     period: None,
//! });
//! let mut comment = |product: &str, id: usize, label| {
//!     let c = CommentRecord {
//!         comment_id: id.to_string().into(),
//!         product_id: product.into(),
//!         text: "...".into(),
//!         rating: None,
//!         created_at: None,
//!         lang: None,
//!     };
//!     let tags = CommentTags { lang: Lang::En, label, score: 0.0, matches: vec![] };
//!     table.add_comment(ProductKey::product(product), &c, &tags, EvidenceText::Keep);
//! };
//! for p in 0..40 {
//!     for i in 0..5 {
//!         comment(&format!("p{p}"), p * 10 + i, Label::Neutral);
//!     }
//! }
//! for i in 0..5 {
//!     comment("hot", 1000 + i, Label::Negative);
//! }
//! let report = score_table(table, &FlagConfig::default())?;
//! let flagged: Vec<_> = report.flagged().collect();
//! assert_eq!(flagged.len(), 1);
//! assert_eq!(flagged[0].product_id().as_str(), "hot");
//! assert_eq!(flagged[0].flags.to_string(), "high_comment_rate");
//! assert_eq!(flagged[0].direction.map(|d| d.as_str()), Some("very_bad"));
//! # Ok::<(), nazar::Error>(())
//! ```

pub mod baseline;
pub mod flag;
pub mod input;
pub mod period;
pub mod pipeline;
pub mod score;
pub mod table;
mod tagger;

pub use baseline::{
    Baseline, GroupKey, GroupPrior, PriorSource, RateBaseline, Trimming, MIN_GROUP_PRODUCTS,
};
pub use flag::{score_table, Direction, FlagConfig, FlagReport, FlagSummary, Flags, Verdict};
pub use input::{CommentReader, SalesReader};
pub use period::{PeriodAssignment, PeriodIndex};
pub use pipeline::{
    aggregate_comments, flag_files, flag_readers, read_sales, AggregateCounts, AggregateOptions,
    SalesData,
};
pub use score::{Interval, RateTest};
pub use tagger::CommentTagger;
#[doc(hidden)]
#[cfg(test)]
pub(crate) use tagger::NoTagger;
