//! # nazar
//!
//! nazar (Persian for "comment, opinion") mines product comments for the
//! people who run a marketplace's catalogue and customer experience. It reads
//! comments in Persian, English and Brazilian Portuguese and
//!
//! 1. **normalizes** them ([`Normalizer`]): Persian letters unified, ZWNJ
//!    placed right, digits, diacritics, kashida and presentation forms
//!    handled, Portuguese accents and chat abbreviations folded, elongations
//!    squeezed, always with an offset map back to the text as written;
//! 2. **tags** them ([`Tagger`] over a [`Lexicon`]): positive and negative
//!    keyword categories (quality, delivery, price, ...), negation-aware,
//!    with the evidence's span in the text as written; some categories are
//!    contradictions (fake, not as described, wrong item). Tokens and stems
//!    come from [`token`];
//! 3. **flags** the products whose comment rate (comments per sale) or
//!    contradiction rate (comments saying the item is not what the listing
//!    shows) is unusual for their category and period ([`anomaly`]):
//!    per-product [`ProductStats`] that merge across any split of the data,
//!    an empirical-Bayes [`Baseline`](anomaly::Baseline), and a [`Verdict`]
//!    per product with p- and q-values, [`Flags`], a [`Direction`] and
//!    evidence, written as CSV, JSON Lines or a self-contained HTML
//!    [`report`].
//!
//! With the Cargo feature `hf`, module `hf` puts the normalizer in front of
//! Hugging Face `tokenizers` pipelines: `hf::Encoder` encodes comments for a
//! model from a local tokenizer.json with offsets into the text as written,
//! and `hf::NazarNormalizer` is a `tokenizers::Normalizer`.
//!
//! ```
//! let n = nazar::Normalizer::default();
//! assert_eq!(n.display("مي خواهم"), "می‌خواهم");
//! assert_eq!(n.key("می‌خواهم"), n.key("میخواهم"));
//! assert_eq!(n.key("nao gostei"), n.key("Não gostei"));
//!
//! // Tagging: build the tagger once (it compiles the lexicons), share it.
//! let tagger = nazar::Tagger::default();
//! let text = "Não recomendo, veio falsificado";
//! let tags = tagger.tag(text);
//! assert_eq!(tags.label, nazar::Label::Negative);
//! let fake = tags.matches.iter().find(|m| m.contradiction).unwrap();
//! assert_eq!(&text[fake.byte_start..fake.byte_end], "falsificado");
//! // Many comments on every core, in input order.
//! let all = tagger.tag_batch(&["ótimo", "not as described", "خیلی خوبه"]);
//! assert_eq!(all.len(), 3);
//! ```
//!
//! Flagging reads CSV files ([`anomaly::flag_files`]) or any source of
//! [`CommentRecord`]s and [`SalesRecord`]s; see the [`anomaly`] module.

pub mod anomaly;
mod csv_quotes;
pub mod error;
#[cfg(feature = "hf")]
pub mod hf;
pub mod lang;
pub mod lexicon;
pub mod normalize;
pub mod report;
pub mod stats;
pub mod tag;
pub mod token;

pub use anomaly::{CommentTagger, Direction, FlagConfig, FlagReport, Flags, Verdict};
pub use error::{Error, Location, Result};
pub use lang::Lang;
pub use lexicon::{Lexicon, LexiconBuilder};
pub use normalize::{Digits, LetterOptions, Normalized, Normalizer, NormalizerBuilder, Options};
pub use stats::product::{
    Category, CommentId, CommentRecord, Period, ProductId, ProductKey, ProductStats, SalesRecord,
    StatsTable,
};
pub use tag::Tagger;
pub use tag::{CommentTags, Label, Match, Polarity};
