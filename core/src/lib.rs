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
//! 2. **tokenizes and stems** them ([`token`]).
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
//! ```

pub mod error;
#[cfg(feature = "hf")]
pub mod hf;
pub mod lang;
pub mod lexicon;
pub mod normalize;
pub mod stats;
pub mod tag;
pub mod token;

pub use error::{Error, Location, Result};
pub use lang::Lang;
pub use lexicon::{Lexicon, LexiconBuilder};
pub use normalize::{Digits, LetterOptions, Normalized, Normalizer, NormalizerBuilder, Options};
pub use tag::Tagger;
pub use tag::{CommentTags, Label, Match, Polarity};
