//! Stage 1: normalization.
//!
//! A [`Normalizer`] is built once from [`Options`] and applied to many
//! texts; it is `Send + Sync`, so one instance serves every thread. For each
//! text it produces a [`Normalized`]:
//! - the **display form**, what a person should read;
//! - the **match key**, folded harder so every spelling of a term meets one
//!   key (see [`key`](self#match-keys));
//! - an **offset map** from both back to the original text, so that any span
//!   found in them can be shown as the customer wrote it.
//!
//! ```
//! use nazar::{Lang, Normalizer};
//!
//! let n = Normalizer::default();
//! let out = n.normalize("كتاب ها خيلييييي خوبن ، مرسي");
//! assert_eq!(out.lang(), Lang::Fa);
//! assert_eq!(out.display(), "کتاب‌ها خیلی خوبن، مرسی");
//! assert_eq!(out.key(), "کتابها خیلی خوبن، مرسی");
//!
//! let out = n.normalize("Vc vai gostar, é muuuito bom");
//! assert_eq!(out.key(), "voce vai gostar, e muito bom");
//! // "muito" in the key is "muuuito" in what the customer wrote.
//! let at = out.key().find("muito").unwrap();
//! let span = out.key_to_original(at..at + "muito".len());
//! assert_eq!(&out.original()[span], "muuuito");
//! ```
//!
//! # Match keys
//! Keys drop ZWNJ (`میخواهم`, `می خواهم`, `می‌خواهم` share one key), fold
//! case, Latin accents (`nao` meets `não`) and Arabic-script variants
//! (`ۀ`, `ة` → `ه`; `أ`, `إ` → `ا`; `ؤ` → `و`; `ئ` → `ی`; `آ` stays, since
//! `آشغال` and `اشغال` are different words), use ASCII
//! digits, squeeze elongations in every script (`sooo` → `so`, `goood` →
//! `good` thanks to a vocabulary of real double-letter words), expand
//! Brazilian chat abbreviations in Portuguese comments (`vc`, `pq`, `mto`,
//! `tb`, `q`, `td`, `msm`, `blz`, `n`, ...) and split English negative
//! contractions (`don't` → `do not`).
//!
//! # HTML
//! Comments scraped from the web carry markup: with [`Options::html`] (on by
//! default) `<br />` and `<p>` are line breaks, inline tags such as
//! `<a href="...">` go, and entities (`&amp;`, `&eacute;`, `&#8230;`) are
//! decoded, in both forms. See the `html` module for what is recognized.

pub(crate) mod align;
pub(crate) mod chars;
mod display;
pub(crate) mod html;
mod key;

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use align::Alignment;

use align::{Builder, Ch, Segment};

use crate::lang::{self, Lang};

/// Which digits the display form uses. Match keys always use ASCII digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// Persian and Arabic-Indic digits become ASCII `0-9` (the default).
    #[default]
    Ascii,
    /// ASCII and Arabic-Indic digits become Persian `۰-۹`.
    Persian,
    /// Digits stay as written.
    Keep,
}

impl std::str::FromStr for Digits {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ascii" => Ok(Digits::Ascii),
            "persian" => Ok(Digits::Persian),
            "keep" => Ok(Digits::Keep),
            _ => Err(format!(
                "unknown digits option {s:?}: expected ascii, persian or keep"
            )),
        }
    }
}

/// Arabic letters that Persian writes differently, each folded in the
/// display form only when its option is on. (`ي`, `ى` → `ی` and `ك` → `ک`
/// are always unified; match keys fold all of these regardless.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LetterOptions {
    /// `ة` → `ه` (default on: Persian spells these loanwords with `ه`).
    pub teh_marbuta_to_heh: bool,
    /// `أ`, `إ` → `ا` (default off: `مسأله` is a correct spelling).
    pub hamza_alef_to_alef: bool,
    /// `ؤ` → `و` (default off).
    pub waw_hamza_to_waw: bool,
    /// `ۀ` → `ه` (default off: `ۀ` marks the ezafe and is correct Persian).
    pub heh_yeh_to_heh: bool,
}

impl Default for LetterOptions {
    fn default() -> Self {
        LetterOptions {
            teh_marbuta_to_heh: true,
            hamza_alef_to_alef: false,
            waw_hamza_to_waw: false,
            heh_yeh_to_heh: false,
        }
    }
}

/// Options of a [`Normalizer`], every one with a documented default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// The language of every text, or `None` to detect it per text (default).
    pub lang: Option<Lang>,
    /// The language assumed when detection finds no evidence (default `en`).
    pub fallback_lang: Lang,
    /// Digits in the display form (default [`Digits::Ascii`]).
    pub digits: Digits,
    /// Optional Arabic-letter folds in the display form.
    pub letters: LetterOptions,
    /// Place ZWNJ for `می`/`نمی` and the plural, comparative and pronominal
    /// suffixes written apart (default on).
    pub fix_zwnj: bool,
    /// Convert `?`, `,`, `;` typed after a Persian word to `؟`, `،`, `؛`
    /// (default on).
    pub persian_punctuation: bool,
    /// Squeeze Persian letters repeated three or more times in the display
    /// form (default on; keys are always squeezed).
    pub squeeze_elongation: bool,
    /// Read HTML left in the text (default on): tags that break the line
    /// (`<br />`, `<p>`) are line breaks, inline tags (`<a href=...>`,
    /// `</b>`) go, entities (`&amp;`, `&eacute;`, `&#8230;`) are decoded.
    /// Unknown tags and a bare `<` or `&` stay as written.
    pub html: bool,
    /// Expand chat abbreviations and split negative contractions in the match
    /// keys (default on).
    pub expand_keys: bool,
    /// Extra words with real double letters for the key's elongation
    /// squeeze (the built-in list covers common English and Portuguese
    /// words; a lexicon adds its own terms).
    pub vocabulary: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: None,
            fallback_lang: Lang::En,
            digits: Digits::Ascii,
            letters: LetterOptions::default(),
            fix_zwnj: true,
            persian_punctuation: true,
            squeeze_elongation: true,
            html: true,
            expand_keys: true,
            vocabulary: Vec::new(),
        }
    }
}

/// Builds a [`Normalizer`]; every setter documents its default.
#[derive(Debug, Clone, Default)]
pub struct NormalizerBuilder {
    opts: Options,
}

impl NormalizerBuilder {
    /// Fixes the language of every text instead of detecting it (default
    /// `None`: each text's language is detected).
    pub fn lang(mut self, lang: Option<Lang>) -> Self {
        self.opts.lang = lang;
        self
    }

    /// Language assumed when detection finds no evidence (default `en`).
    pub fn fallback_lang(mut self, lang: Lang) -> Self {
        self.opts.fallback_lang = lang;
        self
    }

    /// Digits of the display form (default ASCII).
    pub fn digits(mut self, digits: Digits) -> Self {
        self.opts.digits = digits;
        self
    }

    /// Optional Arabic-letter folds of the display form.
    pub fn letters(mut self, letters: LetterOptions) -> Self {
        self.opts.letters = letters;
        self
    }

    /// Whether to place ZWNJ for separated prefixes and suffixes (default on).
    pub fn fix_zwnj(mut self, on: bool) -> Self {
        self.opts.fix_zwnj = on;
        self
    }

    /// Whether to use Persian punctuation after Persian words (default on).
    pub fn persian_punctuation(mut self, on: bool) -> Self {
        self.opts.persian_punctuation = on;
        self
    }

    /// Whether to squeeze elongated Persian letters in the display form
    /// (default on; the match key squeezes elongations in every script
    /// either way).
    pub fn squeeze_elongation(mut self, on: bool) -> Self {
        self.opts.squeeze_elongation = on;
        self
    }

    /// Whether to read HTML tags and entities left in the text (default on).
    pub fn html(mut self, on: bool) -> Self {
        self.opts.html = on;
        self
    }

    /// Whether keys expand abbreviations and split contractions (default on).
    pub fn expand_keys(mut self, on: bool) -> Self {
        self.opts.expand_keys = on;
        self
    }

    /// Adds words with real double letters to the elongation vocabulary.
    pub fn vocabulary<I, S>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.opts
            .vocabulary
            .extend(words.into_iter().map(Into::into));
        self
    }

    /// Builds the normalizer.
    pub fn build(self) -> Normalizer {
        Normalizer::from_options(self.opts)
    }
}

/// Normalizes comments; build once, use from any number of threads.
#[derive(Debug, Clone)]
pub struct Normalizer {
    opts: Options,
    vocabulary: Arc<HashSet<String>>,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::from_options(Options::default())
    }
}

impl PartialEq for Normalizer {
    fn eq(&self, other: &Self) -> bool {
        self.opts == other.opts
    }
}

impl Normalizer {
    /// A normalizer with the default options.
    pub fn new() -> Self {
        Normalizer::default()
    }

    /// A builder starting from the default options.
    pub fn builder() -> NormalizerBuilder {
        NormalizerBuilder::default()
    }

    /// A normalizer from explicit options.
    pub fn from_options(opts: Options) -> Self {
        let mut vocabulary = key::builtin_vocabulary();
        vocabulary.extend(opts.vocabulary.iter().map(|w| w.to_lowercase()));
        Normalizer {
            opts,
            vocabulary: Arc::new(vocabulary),
        }
    }

    /// The options this normalizer was built with.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The language of `text`: the fixed one, or the detected one (on the
    /// display form when the text has HTML markup, as [`normalize`](Self::normalize)
    /// detects it).
    pub fn detect_lang(&self, text: &str) -> Lang {
        match self.opts.lang {
            Some(lang) => lang,
            None if self.opts.html && memchr::memchr2(b'<', b'&', text.as_bytes()).is_some() => {
                self.normalize_for(text, None, |_| false).lang()
            }
            None => lang::detect(text, self.opts.fallback_lang),
        }
    }

    /// Normalizes `text`, detecting its language unless one is fixed.
    pub fn normalize<'a>(&self, text: &'a str) -> Normalized<'a> {
        self.run(text, self.opts.lang, |_| true)
    }

    /// Normalizes `text` as language `lang`, whatever the options say.
    pub fn normalize_as<'a>(&self, text: &'a str, lang: Lang) -> Normalized<'a> {
        self.run(text, Some(lang), |_| true)
    }

    /// Normalizes `text` as `lang` (detected when `None`, as
    /// [`normalize`](Self::normalize) does), but leaves the display form and
    /// its offset map empty unless `wants_display` says the language needs
    /// them: the tagger reads the display form only for its regex patterns,
    /// and writing it out is a pass and two allocations per text.
    pub(crate) fn normalize_for<'a>(
        &self,
        text: &'a str,
        lang: Option<Lang>,
        wants_display: impl FnOnce(Lang) -> bool,
    ) -> Normalized<'a> {
        self.run(text, lang.or(self.opts.lang), wants_display)
    }

    /// Normalizes `text` as `lang`, or as the language detected while the
    /// display pass reads it (the same as [`lang::detect`] on the text).
    fn run<'a>(
        &self,
        original: &'a str,
        lang: Option<Lang>,
        wants_display: impl FnOnce(Lang) -> bool,
    ) -> Normalized<'a> {
        let text = clamp_len(original);
        with_work(|work| {
            let Work {
                display_chars,
                display_work,
                key_work,
                display_buffers,
                key_buffers,
                placement,
                run_starts,
            } = work;
            // Detection reads the whole text, even a text cut at 4 GiB; the
            // display pass records where its words are as it reads it.
            let detect = lang.is_none() && text.len() == original.len();
            if detect && run_starts.len() <= text.len() {
                run_starts.resize(text.len() + 1, 0);
            }
            let mut runs = detect.then(|| lang::Runs::new(&mut run_starts[..text.len() + 1]));
            let pass =
                display::display_chars(text, &self.opts, display_work, display_chars, &mut runs);
            let place = pass.place;
            let runs = runs.map(|r| r.len());
            let fallback = self.opts.fallback_lang;
            // The words of a text with HTML are the words of its display form.
            let lang = lang.unwrap_or_else(|| match (&pass.words, runs) {
                (Some(words), _) if detect => lang::detect(words, fallback),
                (_, Some(n)) => lang::detect_runs(text, &run_starts[..n]).unwrap_or(fallback),
                (_, None) => lang::detect(original, fallback),
            });
            placement.clear();
            let mut key = Builder::new(text, &mut key_buffers.0, &mut key_buffers.1);
            let rules = key::Rules {
                display: display_chars,
                place,
                lang,
                vocabulary: &self.vocabulary,
                expand: self.opts.expand_keys,
            };
            key::key_chars(&rules, placement, key_work, &mut key);
            let (display, display_align) = if wants_display(lang) {
                let mut display =
                    Builder::new(text, &mut display_buffers.0, &mut display_buffers.1);
                placement.write(display_chars, &mut display);
                display.finish()
            } else {
                (String::new(), Alignment::default())
            };
            let (key, key_align) = key.finish();
            Normalized {
                original: text,
                lang,
                display,
                display_align,
                key,
                key_align,
            }
        })
    }

    /// The display form of `text` alone.
    pub fn display(&self, text: &str) -> String {
        self.normalize(text).display
    }

    /// The match key of `text` alone.
    pub fn key(&self, text: &str) -> String {
        self.normalize(text).key
    }
}

/// The working buffers of one normalization. Each thread keeps one, so that
/// normalizing a text allocates its results and nothing else.
#[derive(Debug, Default)]
struct Work {
    display_chars: Vec<Ch>,
    display_work: display::Work,
    key_work: key::Work,
    /// Where the display form and the key are built before being copied
    /// out at their exact size.
    display_buffers: (String, Vec<Segment>),
    key_buffers: (String, Vec<Segment>),
    placement: display::Placement,
    /// Where the word runs of the text start, for language detection.
    run_starts: Vec<u64>,
}

impl Work {
    /// Capacity kept for the next text, in characters: a rare huge text
    /// should not pin its buffers for the life of the thread.
    const KEEP: usize = 1 << 16;

    fn trim(&mut self) {
        let big = |b: &(String, Vec<Segment>)| b.0.capacity() > 4 * Self::KEEP;
        if self.display_chars.capacity() > Self::KEEP
            || self.run_starts.capacity() > 4 * Self::KEEP
            || big(&self.display_buffers)
            || big(&self.key_buffers)
        {
            *self = Work::default();
        }
        self.display_work.trim();
    }
}

thread_local! {
    static WORK: RefCell<Work> = RefCell::default();
}

/// Runs `f` with this thread's working buffers.
fn with_work<R>(f: impl FnOnce(&mut Work) -> R) -> R {
    WORK.with(|work| match work.try_borrow_mut() {
        Ok(mut work) => {
            let result = f(&mut work);
            work.trim();
            result
        }
        // Only reachable if `f` normalized again; never with this crate's
        // code, but a fresh set of buffers is the right answer anyway.
        Err(_) => f(&mut Work::default()),
    })
}

/// Offsets are stored as `u32`: a longer text is cut at the last character
/// boundary below 4 GiB rather than overflowing the map. (Nobody writes a
/// 4 GiB comment; a corrupt file might contain one.)
fn clamp_len(text: &str) -> &str {
    const MAX: usize = u32::MAX as usize - 4;
    if text.len() <= MAX {
        return text;
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// One normalized text: display form, match key and their offset maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized<'a> {
    original: &'a str,
    lang: Lang,
    display: String,
    display_align: Alignment,
    key: String,
    key_align: Alignment,
}

impl<'a> Normalized<'a> {
    /// The text as the customer wrote it.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The language the text was normalized as.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The display form.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// The match key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The original byte range behind a byte range of the display form.
    pub fn display_to_original(&self, range: Range<usize>) -> Range<usize> {
        self.display_align.to_original(range)
    }

    /// The original byte range behind a byte range of the match key.
    pub fn key_to_original(&self, range: Range<usize>) -> Range<usize> {
        self.key_align.to_original(range)
    }

    /// The display form's offset map.
    pub fn display_alignment(&self) -> &Alignment {
        &self.display_align
    }

    /// The match key's offset map.
    pub fn key_alignment(&self) -> &Alignment {
        &self.key_align
    }

    /// Gives up the display form and the key without copying them.
    pub fn into_parts(self) -> (String, String) {
        (self.display, self.key)
    }
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
