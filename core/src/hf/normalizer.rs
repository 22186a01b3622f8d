//! [`NazarNormalizer`]: nazar as a `tokenizers::Normalizer`.

use serde::{Deserialize, Serialize};
use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::tokenizer::{NormalizedString, Normalizer as HfNormalizer};
use tokenizers::{
    DecoderWrapper, ModelWrapper, PostProcessorWrapper, PreTokenizerWrapper, Tokenizer,
    TokenizerBuilder, TokenizerImpl,
};

use super::transform;
use crate::error::{Error, Location, Result};
use crate::normalize::{Normalized, Normalizer, Options};

/// Which of nazar's two forms a tokenizer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// The match key (the default): ZWNJ dropped, case and accents folded,
    /// Arabic variants unified, elongations squeezed, Portuguese chat
    /// abbreviations expanded and English negative contractions split. Every
    /// spelling of a word meets one form (`میخواهم`, `می خواهم`, `می‌خواهم`),
    /// the text nazar's tagger matches on. Suits uncased vocabularies.
    #[default]
    Key,
    /// The display form: what a person should read, ZWNJ placed and case and
    /// accents kept. Suits cased vocabularies.
    Display,
}

impl std::str::FromStr for Form {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "key" => Ok(Form::Key),
            "display" => Ok(Form::Display),
            _ => Err(format!("unknown form {s:?}: expected key or display")),
        }
    }
}

impl Form {
    /// This form of a normalized text, with its offset map.
    pub(crate) fn of<'n>(
        self,
        normalized: &'n Normalized<'_>,
    ) -> (&'n str, &'n crate::normalize::Alignment) {
        match self {
            Form::Key => (normalized.key(), normalized.key_alignment()),
            Form::Display => (normalized.display(), normalized.display_alignment()),
        }
    }
}

/// A `tokenizers` tokenizer with nazar's normalizer in its normalizer slot.
pub type NazarTokenizer = TokenizerImpl<
    ModelWrapper,
    NazarNormalizer,
    PreTokenizerWrapper,
    PostProcessorWrapper,
    DecoderWrapper,
>;

/// nazar's [`Normalizer`] as a `tokenizers::Normalizer`.
///
/// Rewrites a `NormalizedString` into nazar's match key or display form
/// ([`Form`]) and then, optionally, runs a follow-up `tokenizers` normalizer
/// (the one a tokenizer.json came with). Alignments stay exact in the sense
/// of `NormalizedString`: every normalized character is aligned to one
/// character of the text as written, chosen as the [module
/// docs](super#offsets) describe, so token offsets point into the original
/// comment.
///
/// `tokenizers`' own `Tokenizer` type only holds its built-in normalizers,
/// so nazar's goes into a [`NazarTokenizer`]: build one with
/// [`TokenizerBuilder`] or turn a loaded tokenizer into one with
/// [`attach`](Self::attach).
///
/// It serializes as `{"type": "Nazar", "form", "options", "then"}`; a
/// tokenizer.json saved with it loads back as a [`NazarTokenizer`] but not
/// as a plain `Tokenizer` (nor in Python's `tokenizers`), which do not know
/// the type. Keep the original tokenizer.json and attach nazar in code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "Repr", from = "Repr")]
pub struct NazarNormalizer {
    normalizer: Normalizer,
    form: Form,
    then: Option<NormalizerWrapper>,
}

impl Default for NazarNormalizer {
    fn default() -> Self {
        NazarNormalizer::new(Normalizer::default())
    }
}

impl NazarNormalizer {
    /// Wraps `normalizer`, producing match keys.
    pub fn new(normalizer: Normalizer) -> Self {
        NazarNormalizer {
            normalizer,
            form: Form::Key,
            then: None,
        }
    }

    /// Chooses the form the tokenizer sees (default [`Form::Key`]).
    pub fn form(mut self, form: Form) -> Self {
        self.form = form;
        self
    }

    /// A `tokenizers` normalizer run after nazar's (default none).
    pub fn then(mut self, then: Option<NormalizerWrapper>) -> Self {
        self.then = then;
        self
    }

    /// The wrapped nazar normalizer.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The form the tokenizer sees.
    pub fn get_form(&self) -> Form {
        self.form
    }

    /// The follow-up `tokenizers` normalizer, if any.
    pub fn get_then(&self) -> Option<&NormalizerWrapper> {
        self.then.as_ref()
    }

    /// Moves `tokenizer` (loaded from a tokenizer.json, say) into a
    /// [`NazarTokenizer`] with this normalizer in front of the tokenizer's
    /// own, which becomes the follow-up (unless one was set with
    /// [`then`](Self::then)). To replace the file's normalizer rather than
    /// compose with it, call `tokenizer.with_normalizer(None::<NormalizerWrapper>)`
    /// first. Model, pre-tokenizer, post-processor, decoder, padding,
    /// truncation and added tokens carry over with their ids.
    ///
    /// # Errors
    /// [`Error::Input`] when the tokenizer's parts do not fit together again
    /// (an added token that cannot get back its id).
    pub fn attach(mut self, tokenizer: Tokenizer) -> Result<NazarTokenizer> {
        let input_err = |what: &str, e: tokenizers::Error| {
            Error::input(
                Location::default(),
                format!("cannot attach nazar: {what}: {e}"),
            )
        };
        if self.then.is_none() {
            self.then = tokenizer.get_normalizer().cloned();
        }
        let mut out: NazarTokenizer = TokenizerBuilder::new()
            .with_model(tokenizer.get_model().clone())
            .with_normalizer(Some(self))
            .with_pre_tokenizer(tokenizer.get_pre_tokenizer().cloned())
            .with_post_processor(tokenizer.get_post_processor().cloned())
            .with_decoder(tokenizer.get_decoder().cloned())
            .with_truncation(tokenizer.get_truncation().cloned())
            .with_padding(tokenizer.get_padding().cloned())
            .build()
            .map_err(|e| input_err("rebuilding the tokenizer", e))?;
        // Added tokens are added again, in id order, so that tokens normalized
        // before matching are normalized by nazar this time.
        let mut added: Vec<_> = tokenizer.get_added_tokens_decoder().into_iter().collect();
        added.sort_by_key(|(id, _)| *id);
        for (id, token) in added {
            let content = token.content.clone();
            let res = if token.special {
                out.add_special_tokens([token])
            } else {
                out.add_tokens([token])
            };
            res.map_err(|e| input_err(&format!("added token {content:?}"), e))?;
            if out.token_to_id(&content) != Some(id) {
                return Err(Error::input(
                    Location::default(),
                    format!("cannot attach nazar: added token {content:?} would lose its id {id}"),
                ));
            }
        }
        out.set_encode_special_tokens(tokenizer.get_encode_special_tokens());
        Ok(out)
    }
}

impl HfNormalizer for NazarNormalizer {
    fn normalize(&self, normalized: &mut NormalizedString) -> tokenizers::Result<()> {
        if !normalized.is_empty() {
            let plan = {
                let input = normalized.get();
                let out = self.normalizer.normalize(input);
                let (text, align) = self.form.of(&out);
                (text != input).then(|| transform::plan(input, text, align))
            };
            if let Some(plan) = plan {
                normalized.transform(plan.steps, plan.initial_offset);
            }
        }
        if let Some(then) = &self.then {
            then.normalize(normalized)?;
        }
        Ok(())
    }
}

/// The serialized form, tagged like `tokenizers`' own normalizers.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Repr {
    #[serde(rename = "type")]
    kind: Tag,
    #[serde(default)]
    form: Form,
    #[serde(default)]
    options: Options,
    #[serde(default)]
    then: Option<NormalizerWrapper>,
}

/// The only accepted `type`.
#[derive(Serialize, Deserialize)]
enum Tag {
    Nazar,
}

impl From<NazarNormalizer> for Repr {
    fn from(n: NazarNormalizer) -> Self {
        Repr {
            kind: Tag::Nazar,
            form: n.form,
            options: n.normalizer.options().clone(),
            then: n.then,
        }
    }
}

impl From<Repr> for NazarNormalizer {
    fn from(r: Repr) -> Self {
        NazarNormalizer {
            normalizer: Normalizer::from_options(r.options),
            form: r.form,
            then: r.then,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use tokenizers::normalizers::{Lowercase, NFD};

    /// Each normalized character with the original text it is aligned to.
    fn aligned(n: &NormalizedString) -> Vec<(char, String)> {
        n.get()
            .char_indices()
            .map(|(at, c)| {
                let range = tokenizers::normalizer::Range::Normalized(at..at + c.len_utf8());
                let orig = n.get_range_original(range).unwrap_or("?").to_string();
                (c, orig)
            })
            .collect()
    }

    fn run(n: &NazarNormalizer, text: &str) -> NormalizedString {
        let mut s = NormalizedString::from(text);
        HfNormalizer::normalize(n, &mut s).unwrap();
        s
    }

    #[test]
    fn rewrites_into_the_chosen_form() {
        let key = NazarNormalizer::default();
        let display = NazarNormalizer::default().form(Form::Display);
        for text in [
            "كتاب ها خيلييييي خوبن ، مرسي",
            "Vc vai gostar, é muuuito bom",
            "",
        ] {
            let out = Normalizer::default().normalize(text);
            assert_eq!(run(&key, text).get(), out.key());
            assert_eq!(run(&display, text).get(), out.display());
            assert_eq!(run(&key, text).get_original(), text);
        }
    }

    #[test]
    fn every_character_points_into_the_text_as_written() {
        let s = run(&NazarNormalizer::default(), "كتاب خوبي بود😍");
        let got: Vec<(char, String)> = aligned(&s);
        let want: Vec<(char, String)> = "کتاب خوبی بود😍"
            .chars()
            .zip("كتاب خوبي بود😍".chars())
            .map(|(a, b)| (a, b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn composes_with_a_follow_up_normalizer() {
        let n = NazarNormalizer::new(Normalizer::builder().lang(Some(Lang::Pt)).build())
            .form(Form::Display)
            .then(Some(Lowercase.into()));
        let s = run(&n, "Vc é ÓTIMO");
        assert_eq!(s.get(), "vc é ótimo");
        assert_eq!(
            s.get_range_original(tokenizers::normalizer::Range::Normalized(6..12)),
            Some("ÓTIMO")
        );
    }

    #[test]
    fn works_after_another_normalizer_and_on_slices() {
        // NFD first: nazar sees decomposed text and composes it again.
        let mut s = NormalizedString::from("x é ótimo");
        NFD.normalize(&mut s).unwrap();
        let n = NazarNormalizer::new(Normalizer::builder().lang(Some(Lang::Pt)).build())
            .form(Form::Display);
        HfNormalizer::normalize(&n, &mut s).unwrap();
        assert_eq!(s.get(), "x é ótimo");
        let at = s.get().find("ótimo").unwrap();
        let range = tokenizers::normalizer::Range::Normalized(at..s.len());
        assert_eq!(s.get_range_original(range), Some("ótimo"));

        // A slice keeps offsets into the whole text, as the added-token
        // split gives it to the normalizer.
        let whole = NormalizedString::from("[X] كتاب");
        let mut slice = whole
            .slice(tokenizers::normalizer::Range::Original(3..whole.len()))
            .unwrap();
        HfNormalizer::normalize(&NazarNormalizer::default(), &mut slice).unwrap();
        assert_eq!(slice.get(), "کتاب");
        assert_eq!(slice.offsets_original(), (3, whole.len()));
        let range = tokenizers::normalizer::Range::Normalized(0..slice.len());
        assert_eq!(slice.convert_offsets(range), Some(1..whole.len() - 3));
    }

    #[test]
    fn serializes_with_its_options() {
        let n = NazarNormalizer::new(Normalizer::builder().lang(Some(Lang::Fa)).build())
            .form(Form::Display)
            .then(Some(Lowercase.into()));
        let json = serde_json::to_string(&n).unwrap();
        assert!(
            json.starts_with(r#"{"type":"Nazar","form":"display","#),
            "{json}"
        );
        let back: NazarNormalizer = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.normalizer(), n.normalizer());
        let minimal: NazarNormalizer = serde_json::from_str(r#"{"type":"Nazar"}"#).unwrap();
        assert_eq!(minimal.normalizer(), &Normalizer::default());
        assert_eq!(minimal.get_form(), Form::Key);
        assert!(minimal.get_then().is_none());
        assert!(serde_json::from_str::<NazarNormalizer>(r#"{"type":"NFC"}"#).is_err());
    }

    #[test]
    fn form_parses() {
        assert_eq!("key".parse::<Form>(), Ok(Form::Key));
        assert_eq!("display".parse::<Form>(), Ok(Form::Display));
        assert!("Key"
            .parse::<Form>()
            .unwrap_err()
            .contains("expected key or display"));
    }
}
