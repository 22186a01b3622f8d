//! [`Encoder`]: a tokenizer.json with nazar in front, encoding in batch.

use std::path::Path;
use std::sync::OnceLock;

use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::utils::parallelism::{MaybeParallelIterator, MaybeParallelRefMutIterator};
use tokenizers::{Encoding, Offsets, PaddingParams, Tokenizer, TruncationParams};

use super::{Form, Padding};
use crate::error::{Error, Location, Result};
use crate::lang::Lang;
use crate::normalize::{Alignment, Normalizer};

/// Encodes comments for a model: nazar's normalizer, then a `tokenizers`
/// tokenizer loaded from a local tokenizer.json, with every token's offsets
/// mapped back to the comment as written.
///
/// nazar runs in front of the whole tokenizer, which is left as the file
/// describes it: its own normalizer (kept by default, see
/// [`EncoderBuilder::keep_file_normalizer`]), pre-tokenizer, model,
/// post-processor, padding and truncation (padding is applied to the rows
/// once encoded, with [`Padding`], to the same result). The tokenizer's
/// offsets into nazar's text are then mapped through nazar's own offset
/// map, so a token spans exactly what `Normalized::key_to_original` (or
/// `display_to_original`) gives for it: the word as written, with the
/// diacritics, kashida and repeats nazar removed from it.
///
/// ```no_run
/// use nazar::hf::Encoder;
///
/// let encoder = Encoder::from_file("tokenizer.json")?;
/// let batch = encoder.encode_batch(&["كتاب خيلي خوبي بود", "Vc vai gostar"])?;
/// let (start, end) = batch.offsets[0][1];
/// println!("token 1 of comment 0 was written {:?}", &"كتاب خيلي خوبي بود"[start..end]);
/// # Ok::<(), nazar::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Encoder {
    /// The tokenizer as configured, without its padding: rows are encoded
    /// unpadded and padded as a batch by `padding`.
    tokenizer: Tokenizer,
    padding: Option<Padding>,
    /// `tokenizer` with `padding` put back, built the first time
    /// [`Encoder::tokenizer`] is asked for it.
    configured: OnceLock<Tokenizer>,
    normalizer: Normalizer,
    form: Form,
    add_special_tokens: bool,
}

/// Options of an [`Encoder`]; every setter documents its default.
#[derive(Debug, Clone)]
pub struct EncoderBuilder {
    normalizer: Normalizer,
    form: Form,
    keep_file_normalizer: bool,
    padding: Option<Option<PaddingParams>>,
    truncation: Option<Option<TruncationParams>>,
    add_special_tokens: bool,
}

impl Default for EncoderBuilder {
    fn default() -> Self {
        EncoderBuilder {
            normalizer: Normalizer::default(),
            form: Form::Key,
            keep_file_normalizer: true,
            padding: None,
            truncation: None,
            add_special_tokens: true,
        }
    }
}

impl EncoderBuilder {
    /// The nazar normalizer in front (default `Normalizer::default()`, which
    /// detects each comment's language).
    pub fn normalizer(mut self, normalizer: Normalizer) -> Self {
        self.normalizer = normalizer;
        self
    }

    /// The form the tokenizer sees (default [`Form::Key`], which merges
    /// spelling variants).
    pub fn form(mut self, form: Form) -> Self {
        self.form = form;
        self
    }

    /// Whether the tokenizer.json's own normalizer still runs after nazar's
    /// (default `true`: its vocabulary was built with it, e.g. lowercased).
    /// `false` replaces it with nazar's.
    pub fn keep_file_normalizer(mut self, keep: bool) -> Self {
        self.keep_file_normalizer = keep;
        self
    }

    /// Padding of each batch, or `None` for none (default: as the
    /// tokenizer.json says).
    pub fn padding(mut self, padding: Option<PaddingParams>) -> Self {
        self.padding = Some(padding);
        self
    }

    /// Truncation of each comment, or `None` for none (default: as the
    /// tokenizer.json says). Windows beyond the first are not returned.
    pub fn truncation(mut self, truncation: Option<TruncationParams>) -> Self {
        self.truncation = Some(truncation);
        self
    }

    /// Whether the post-processor adds special tokens such as `[CLS]` and
    /// `[SEP]` (default `true`).
    pub fn add_special_tokens(mut self, on: bool) -> Self {
        self.add_special_tokens = on;
        self
    }

    /// Loads the tokenizer from a local tokenizer.json. Nothing is ever
    /// downloaded.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::Input`] naming
    /// the file when it is not a tokenizer `tokenizers` can load or the
    /// truncation does not fit it.
    pub fn load(self, path: impl AsRef<Path>) -> Result<Encoder> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(Location::file(path), e))?;
        let tokenizer = Tokenizer::from_bytes(&bytes).map_err(|e| {
            Error::input(
                Location::file(path),
                format!("not a tokenizer.json that tokenizers 0.23 can load: {e}"),
            )
        })?;
        self.build(tokenizer).map_err(|e| match e {
            Error::Input { message, .. } => Error::input(Location::file(path), message),
            e => e,
        })
    }

    /// Puts nazar in front of a tokenizer already in memory.
    ///
    /// # Errors
    /// [`Error::Input`] when the truncation does not fit the tokenizer (a
    /// stride too long for the maximum length).
    pub fn build(self, mut tokenizer: Tokenizer) -> Result<Encoder> {
        let input_err = |what: &str, e: tokenizers::Error| {
            Error::input(Location::default(), format!("{what}: {e}"))
        };
        if !self.keep_file_normalizer {
            tokenizer
                .with_normalizer(None::<NormalizerWrapper>)
                .map_err(|e| input_err("cannot remove the normalizer", e))?;
        }
        if let Some(padding) = self.padding {
            tokenizer.with_padding(padding);
        }
        if let Some(truncation) = self.truncation {
            tokenizer
                .with_truncation(truncation)
                .map_err(|e| input_err("invalid truncation", e))?;
        }
        let padding = tokenizer.get_padding().cloned().map(Padding::new);
        tokenizer.with_padding(None);
        Ok(Encoder {
            tokenizer,
            padding,
            configured: OnceLock::new(),
            normalizer: self.normalizer,
            form: self.form,
            add_special_tokens: self.add_special_tokens,
        })
    }
}

/// One encoded comment. Offsets are `(start, end)` into the comment as
/// written, `(0, 0)` for special and padding tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// Token ids.
    pub ids: Vec<u32>,
    /// Token type (segment) ids.
    pub type_ids: Vec<u32>,
    /// 1 for a real or special token, 0 for padding.
    pub attention_mask: Vec<u32>,
    /// 1 for a special or padding token, 0 for a token of the comment.
    pub special_tokens_mask: Vec<u32>,
    /// Byte offsets of each token in the comment.
    pub offsets: Vec<Offsets>,
    /// Character (Unicode scalar value) offsets of each token in the comment,
    /// what Python's `str` indexes.
    pub char_offsets: Vec<Offsets>,
    /// The tokens, as the vocabulary spells them.
    pub tokens: Vec<String>,
    /// The text the tokenizer saw: nazar's key or display form.
    pub normalized: String,
    /// The language nazar normalized the comment as.
    pub lang: Lang,
}

/// A batch of encoded comments, column by column, in input order. Every
/// inner vector of row `i` has the same length (the row's token count, equal
/// across rows when padding is on).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Batch {
    /// Token ids per comment.
    pub ids: Vec<Vec<u32>>,
    /// Token type (segment) ids per comment.
    pub type_ids: Vec<Vec<u32>>,
    /// Attention mask per comment: 1 for tokens, 0 for padding.
    pub attention_mask: Vec<Vec<u32>>,
    /// Special-tokens mask per comment: 1 for special and padding tokens.
    pub special_tokens_mask: Vec<Vec<u32>>,
    /// Byte offsets into each comment as written.
    pub offsets: Vec<Vec<Offsets>>,
    /// Character offsets into each comment as written.
    pub char_offsets: Vec<Vec<Offsets>>,
    /// Tokens per comment.
    pub tokens: Vec<Vec<String>>,
    /// The text the tokenizer saw, per comment.
    pub normalized: Vec<String>,
    /// The language of each comment.
    pub langs: Vec<Lang>,
}

impl Batch {
    /// Number of comments.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the batch holds no comment.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn with_capacity(n: usize) -> Self {
        Batch {
            ids: Vec::with_capacity(n),
            type_ids: Vec::with_capacity(n),
            attention_mask: Vec::with_capacity(n),
            special_tokens_mask: Vec::with_capacity(n),
            offsets: Vec::with_capacity(n),
            char_offsets: Vec::with_capacity(n),
            tokens: Vec::with_capacity(n),
            normalized: Vec::with_capacity(n),
            langs: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, row: Encoded) {
        self.ids.push(row.ids);
        self.type_ids.push(row.type_ids);
        self.attention_mask.push(row.attention_mask);
        self.special_tokens_mask.push(row.special_tokens_mask);
        self.offsets.push(row.offsets);
        self.char_offsets.push(row.char_offsets);
        self.tokens.push(row.tokens);
        self.normalized.push(row.normalized);
        self.langs.push(row.lang);
    }
}

impl Encoder {
    /// An encoder with the default options over a local tokenizer.json.
    ///
    /// # Errors
    /// As [`EncoderBuilder::load`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<Encoder> {
        EncoderBuilder::default().load(path)
    }

    /// A builder with the default options.
    pub fn builder() -> EncoderBuilder {
        EncoderBuilder::default()
    }

    /// The tokenizer behind nazar, as loaded and configured.
    pub fn tokenizer(&self) -> &Tokenizer {
        match &self.padding {
            None => &self.tokenizer,
            Some(padding) => self.configured.get_or_init(|| {
                let mut tokenizer = self.tokenizer.clone();
                tokenizer.with_padding(Some(padding.params().clone()));
                tokenizer
            }),
        }
    }

    /// The padding of each batch, `None` for none.
    pub fn padding(&self) -> Option<&Padding> {
        self.padding.as_ref()
    }

    /// The nazar normalizer in front.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The form the tokenizer sees.
    pub fn form(&self) -> Form {
        self.form
    }

    /// Encodes one comment, padded as `tokenizers` pads one encoding: to a
    /// fixed padding length, or its own up to `pad_to_multiple_of`.
    ///
    /// # Errors
    /// [`Error::Input`] when the tokenizer fails on it.
    pub fn encode(&self, text: &str) -> Result<Encoded> {
        let mut row = self.encode_one(0, text)?;
        if let Some(padding) = &self.padding {
            let len = padding.target(row.ids.len());
            padding.pad(&mut row, len);
        }
        Ok(row)
    }

    /// Encodes comments in parallel (unless `TOKENIZERS_PARALLELISM=false`)
    /// and pads them together as the padding options say.
    ///
    /// # Errors
    /// [`Error::Input`] naming the 1-based row of the first comment the
    /// tokenizer fails on.
    pub fn encode_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Batch> {
        let rows: Vec<Result<Encoded>> = (0..texts.len())
            .into_maybe_par_iter()
            .map(|i| self.encode_one(i, texts[i].as_ref()))
            .collect();
        let mut rows = rows.into_iter().collect::<Result<Vec<Encoded>>>()?;
        if let Some(padding) = &self.padding {
            let longest = rows.iter().map(|r| r.ids.len()).max().unwrap_or(0);
            let len = padding.target(longest);
            rows.maybe_par_iter_mut()
                .for_each(|row| padding.pad(row, len));
        }
        let mut batch = Batch::with_capacity(rows.len());
        for row in rows {
            batch.push(row);
        }
        Ok(batch)
    }

    /// Normalizes and encodes one comment, unpadded, offsets mapped to the
    /// comment.
    fn encode_one(&self, i: usize, text: &str) -> Result<Encoded> {
        let normalized = self.normalizer.normalize(text);
        let (form, align) = self.form.of(&normalized);
        let mut encoding = self
            .tokenizer
            .encode(form, self.add_special_tokens)
            .map_err(|e| {
                Error::input(
                    Location::default().with_row(i as u64 + 1),
                    format!("cannot encode comment: {e}"),
                )
            })?;
        encoding.take_overflowing();
        to_original(&mut encoding, align);
        let lang = normalized.lang();
        let (display, key) = normalized.into_parts();
        let offsets = encoding.get_offsets().to_vec();
        Ok(Encoded {
            ids: encoding.get_ids().to_vec(),
            type_ids: encoding.get_type_ids().to_vec(),
            attention_mask: encoding.get_attention_mask().to_vec(),
            special_tokens_mask: encoding.get_special_tokens_mask().to_vec(),
            char_offsets: char_offsets(text, &offsets),
            offsets,
            tokens: encoding.get_tokens().to_vec(),
            normalized: match self.form {
                Form::Key => key,
                Form::Display => display,
            },
            lang,
        })
    }
}

/// Maps the encoding's offsets, byte offsets into nazar's text, to byte
/// offsets into the comment; special tokens keep `(0, 0)`.
fn to_original(encoding: &mut Encoding, align: &Alignment) {
    let special: Vec<bool> = encoding
        .get_special_tokens_mask()
        .iter()
        .map(|&s| s == 1)
        .collect();
    for (off, special) in encoding.get_offsets_mut().iter_mut().zip(special) {
        *off = if special {
            (0, 0)
        } else {
            let r = align.to_original(off.0..off.1);
            (r.start, r.end)
        };
    }
}

/// Byte offsets into `text` as character offsets.
fn char_offsets(text: &str, offsets: &[Offsets]) -> Vec<Offsets> {
    if text.is_ascii() {
        return offsets.to_vec();
    }
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let to_char = |b: usize| starts.partition_point(|&s| s < b);
    offsets
        .iter()
        .map(|&(s, e)| (to_char(s), to_char(e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoders_and_normalizers_cross_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Encoder>();
        send_sync::<Batch>();
        send_sync::<super::super::NazarNormalizer>();
    }

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "كتاب 😍 ok";
        let offsets = [(0, 8), (9, 13), (14, 16), (0, 0)];
        assert_eq!(
            char_offsets(text, &offsets),
            vec![(0, 4), (5, 6), (7, 9), (0, 0)]
        );
        assert_eq!(char_offsets("ok go", &[(3, 5)]), vec![(3, 5)]);
    }
}
