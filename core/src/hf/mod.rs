//! nazar in front of Hugging Face `tokenizers` (feature `hf`).
//!
//! Teams that train or run Persian and Portuguese language models want the
//! same cleaning in front of their model as in their keyword analysis, with
//! offsets that still point into the comment as the customer wrote it. Two
//! ways in:
//!
//! - [`Encoder`]: the common case in one call. Loads a local tokenizer.json,
//!   runs nazar in front of it and encodes comments in batch into plain
//!   vectors (ids, attention mask, offsets into the original text in bytes
//!   and in characters), ready for a model or for Python.
//! - [`NazarNormalizer`]: nazar as a `tokenizers::Normalizer`, for teams that
//!   assemble their own `tokenizers` pipeline (to train a tokenizer on
//!   normalized comments, say). [`NazarNormalizer::attach`] puts it in front
//!   of a loaded tokenizer's own normalizer.
//!
//! Both feed the tokenizer nazar's match key by default ([`Form::Key`]), so
//! `میخواهم`, `می خواهم` and `می‌خواهم` give the same ids; [`Form::Display`]
//! keeps case and accents for cased vocabularies.
//!
//! ```no_run
//! use nazar::hf::{Encoder, Form};
//! use nazar::hf::tokenizers::PaddingParams;
//!
//! let encoder = Encoder::builder()
//!     .form(Form::Key)
//!     .padding(Some(PaddingParams::default()))
//!     .load("models/parsbert/tokenizer.json")?;
//! let batch = encoder.encode_batch(&["مي خواهم", "میخواهم"])?;
//! assert_eq!(batch.ids[0], batch.ids[1]);
//! # Ok::<(), nazar::Error>(())
//! ```
//!
//! # Offsets
//! nazar maps every character it outputs to a byte range of its input, and
//! the [`Encoder`] maps each token's offsets through that map: a token spans
//! exactly the original text nazar's `Normalized::key_to_original` gives for
//! it, diacritics, kashida and squeezed repeats included.
//!
//! Inside a `tokenizers` pipeline the [`NazarNormalizer`] has to express the
//! same map in `NormalizedString`'s terms, where each normalized character
//! stands for exactly one original character. It picks, for each one, the
//! character it was written as: `ی` for `ي`, the letter under a removed
//! diacritic, the last repeat of a squeezed run at the end of a word (the
//! first at its start), `n` and `t` of `don't` for those of `not`. Two
//! consequences, both shared with `tokenizers`' own normalizers:
//! - a token that ends on a letter whose diacritics or kashida nazar removed
//!   leaves them out of its span (`صدای` for `صدایِ`);
//! - a character nazar inserted (a ZWNJ in `شبکه‌های`, a space after a
//!   comma) shares the span of the character before it, and `ByteLevel`'s
//!   `trim_offsets` (which assumes a one-byte space in the original) cannot
//!   trim an inserted space. Use the [`Encoder`] when offsets must be exact
//!   in nazar's sense.
//!
//! # Saving
//! `tokenizers`' `Tokenizer` only (de)serializes its built-in components,
//! and Python's `tokenizers` cannot load a custom normalizer from JSON. A
//! [`NazarTokenizer`] saves as `{"type": "Nazar", ...}` and loads back as a
//! [`NazarTokenizer`] only: keep the team's tokenizer.json untouched and put
//! nazar in front in code.

mod encoder;
mod normalizer;
mod padding;
mod transform;

/// The `tokenizers` crate nazar is built against, so that callers name the
/// same version's types (`PaddingParams`, `Tokenizer`, ...).
pub use tokenizers;

pub use encoder::{Batch, Encoded, Encoder, EncoderBuilder};
pub use normalizer::{Form, NazarNormalizer, NazarTokenizer};
pub use padding::Padding;
