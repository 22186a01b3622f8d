//! The straightforward normalizer that the fast one replaced, kept as a test
//! oracle.
//!
//! These files are the pipeline as it stood before it was rewritten for
//! speed (one `Vec` of aligned characters per step, one offset entry per
//! character, a detector that builds a `String` per word), with their own
//! copy of the character classes. They are simple enough to be
//! checked by eye, so the tests below hold the fast pipeline to exactly
//! their output: the same language, display form, key and offset mapping
//! for every byte range, on the bundled corpora and on generated text.
//! When a rule changes on purpose, change it here too.

#![allow(dead_code)]

mod align;
mod chars;
mod display;
mod key;
mod lang;

use std::collections::HashSet;
use std::ops::Range;

use crate::lang::Lang;
use crate::normalize::{Normalized, Normalizer, Options};

/// What the reference pipeline makes of one text.
struct Output {
    lang: Lang,
    display: String,
    display_align: align::Alignment,
    key: String,
    key_align: align::Alignment,
}

/// The reference normalizer for one set of options.
struct Reference {
    opts: Options,
    vocabulary: HashSet<String>,
}

impl Reference {
    fn new(opts: Options) -> Self {
        let mut vocabulary = key::builtin_vocabulary();
        vocabulary.extend(opts.vocabulary.iter().map(|w| w.to_lowercase()));
        Reference { opts, vocabulary }
    }

    /// The words of a text with HTML markup are those of its display form.
    fn detect(&self, text: &str) -> Lang {
        self.opts.lang.unwrap_or_else(|| {
            match display::display_chars_and_markup(text, &self.opts).1 {
                Some(words) => lang::detect(&words, self.opts.fallback_lang),
                None => lang::detect(text, self.opts.fallback_lang),
            }
        })
    }

    fn normalize_as(&self, text: &str, lang: Lang) -> Output {
        let display_chars = display::display_chars(text, &self.opts);
        let key_chars = key::key_chars(
            &display_chars,
            lang,
            &self.vocabulary,
            self.opts.expand_keys,
        );
        let mut display = String::new();
        let display_align = align::Alignment::render(&display_chars, &mut display, text.len());
        let mut key = String::new();
        let key_align = align::Alignment::render(&key_chars, &mut key, text.len());
        Output {
            lang,
            display,
            display_align,
            key,
            key_align,
        }
    }
}

/// Byte ranges to compare the offset maps on: every range of up to 6 bytes
/// (so every offset inside a character too), every range to the end, and
/// ranges running past the end.
fn probe_ranges(len: usize) -> impl Iterator<Item = Range<usize>> {
    (0..=len).flat_map(move |s| {
        (s..=(s + 6).min(len))
            .map(move |e| s..e)
            .chain([s..len, s..len + 3])
    })
}

/// Describes the first difference between the fast and the reference
/// normalization of `text`, if any.
fn difference(fast: &Normalizer, reference: &Reference, text: &str) -> Option<String> {
    let lang = reference.detect(text);
    let got_lang = fast.detect_lang(text);
    if got_lang != lang {
        return Some(format!("lang {got_lang}, reference {lang}"));
    }
    // Detected while normalizing (from the word runs the display pass
    // records), not only by `detect_lang`.
    let while_normalizing = fast.normalize(text).lang();
    if while_normalizing != lang {
        return Some(format!(
            "normalize lang {while_normalizing}, reference {lang}"
        ));
    }
    let want = reference.normalize_as(text, lang);
    let got: Normalized = fast.normalize_as(text, lang);
    if got.lang() != want.lang {
        return Some(format!("lang {}, reference {}", got.lang(), want.lang));
    }
    if got.display() != want.display {
        return Some(format!(
            "display {:?}, reference {:?}",
            got.display(),
            want.display
        ));
    }
    if got.key() != want.key {
        return Some(format!("key {:?}, reference {:?}", got.key(), want.key));
    }
    let forms = [
        (
            "display",
            got.display().len(),
            got.display_alignment(),
            &want.display_align,
        ),
        ("key", got.key().len(), got.key_alignment(), &want.key_align),
    ];
    for (name, len, got, want) in forms {
        if got.char_len() != want.char_len() {
            return Some(format!(
                "{name} char_len {}, reference {}",
                got.char_len(),
                want.char_len()
            ));
        }
        for r in probe_ranges(len) {
            let (g, w) = (got.to_original(r.clone()), want.to_original(r.clone()));
            if g != w {
                return Some(format!(
                    "{name}_to_original({r:?}) = {g:?}, reference {w:?}"
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Digits, LetterOptions};
    use proptest::prelude::*;
    use std::path::PathBuf;

    fn fixture_lines(dir: &str, lang: Lang) -> Vec<String> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures")
            .join(dir)
            .join(format!("{lang}.txt"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.lines().map(str::to_string).collect()
    }

    /// Option sets that switch every rule on and off at least once.
    fn option_sets() -> Vec<Options> {
        let all_letters = LetterOptions {
            teh_marbuta_to_heh: true,
            hamza_alef_to_alef: true,
            waw_hamza_to_waw: true,
            heh_yeh_to_heh: true,
        };
        let no_letters = LetterOptions {
            teh_marbuta_to_heh: false,
            hamza_alef_to_alef: false,
            waw_hamza_to_waw: false,
            heh_yeh_to_heh: false,
        };
        vec![
            Options::default(),
            Options {
                digits: Digits::Persian,
                letters: all_letters,
                vocabulary: vec!["jazz".into(), "Boss".into()],
                ..Options::default()
            },
            Options {
                digits: Digits::Keep,
                letters: no_letters,
                fix_zwnj: false,
                persian_punctuation: false,
                squeeze_elongation: false,
                expand_keys: false,
                html: false,
                fallback_lang: Lang::Pt,
                ..Options::default()
            },
            Options {
                lang: Some(Lang::Pt),
                ..Options::default()
            },
        ]
    }

    fn assert_same(opts: &Options, texts: impl IntoIterator<Item = String>) {
        let fast = Normalizer::from_options(opts.clone());
        let reference = Reference::new(opts.clone());
        for text in texts {
            if let Some(diff) = difference(&fast, &reference, &text) {
                panic!("{text:?} with {opts:?}: {diff}");
            }
        }
    }

    #[test]
    fn character_classes_match_the_reference() {
        use crate::normalize::chars as fast;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let got = (
                fast::is_arabic_letter(c),
                fast::is_arabic_diacritic(c),
                fast::is_alphanumeric(c),
                fast::is_alphabetic(c),
                fast::is_word_char(c),
                fast::is_nfc_trivial(c),
            );
            let want = (
                chars::is_arabic_letter(c),
                chars::is_arabic_diacritic(c),
                chars::is_alphanumeric(c),
                chars::is_alphabetic(c),
                chars::is_word_char(c),
                chars::is_nfc_trivial(c),
            );
            assert_eq!(got, want, "{c:?}");
        }
    }

    #[test]
    fn same_as_reference_on_the_corpora() {
        for (i, opts) in option_sets().iter().enumerate() {
            for lang in Lang::ALL {
                assert_same(opts, fixture_lines("golden", lang));
                let corpus = fixture_lines("corpus", lang);
                // The whole corpora with the default options, a sample with
                // the others, to keep the debug test run short.
                let take = if i == 0 { corpus.len() } else { 200 };
                assert_same(opts, corpus.into_iter().take(take));
            }
        }
    }

    /// Characters that exercise every rule, as in `tests/normalize_props.rs`.
    fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            prop::sample::select(
                "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةأإؤئۀآٱہەۍېڪ"
                    .chars()
                    .collect::<Vec<_>>()
            ),
            prop::sample::select(vec![
                '\u{200C}', '\u{200D}', '\u{200B}', '\u{00AD}', '\u{200F}', '\u{202E}', '\u{FEFF}',
                '\u{064E}', '\u{0651}', '\u{064B}', '\u{0654}', '\u{0670}', '\u{0640}', '\u{0301}',
                '\u{0303}', '\u{0327}', '\u{FEFB}', '\u{FE81}', '\u{FE76}', '\u{FDF2}', '\u{FDFA}',
                '\u{FBFC}', '\u{FE8B}', '\u{FB8A}', '\u{2060}', '\u{3000}', '\u{2003}', '\u{00A0}',
            ]),
            prop::sample::select("۰۱۲۳٤٥0123456789".chars().collect::<Vec<_>>()),
            prop::sample::select(
                " \t\n\r.,!?;:،؛؟()[]{}«»'\"’‘“”…-/|*"
                    .chars()
                    .collect::<Vec<_>>()
            ),
            prop::sample::select(
                "abcnoqstvgdmhjkzãçéóõúAÉNVÇDPİẞß<>&;#"
                    .chars()
                    .collect::<Vec<_>>()
            ),
            prop::sample::select(vec!['👍', '🏽', '❤', '\u{FE0F}', '👨', '😍', '🇮', '🇷', '☺']),
            any::<char>(),
        ]
    }

    fn tricky_text() -> impl Strategy<Value = String> {
        prop::collection::vec(tricky_char(), 0..40).prop_map(|v| v.into_iter().collect())
    }

    /// Whole words, including the ones that the rules rewrite, with
    /// separators that place, move or drop ZWNJ and spaces.
    fn words_text() -> impl Strategy<Value = String> {
        const MARKUP_WORDS: &[&str] = include!("../../../tests/support/markup_words.rs");
        let mut words = vec![
            "می",
            "نمی",
            "خواهم",
            "ها",
            "های",
            "هایی",
            "تر",
            "ترین",
            "ام",
            "ات",
            "اش",
            "کتاب",
            "شبکههای",
            "شبکهها",
            "خانههایی",
            "بهترین",
            "تنها",
            "خیلیییی",
            "ككك",
            "يييي",
            "don't",
            "DON'T",
            "cant",
            "cannot",
            "wont",
            "qdon't",
            "sooo",
            "goood",
            "jazzz",
            "bosss",
            "vc",
            "VC",
            "mto",
            "mtooo",
            "nao",
            "não",
            "q",
            "n",
            "fds",
            "isso",
            "isssso",
            "the",
            "and",
            "que",
            "é",
            "!",
            ".",
            ",",
            "?",
            ";",
            ":",
            ":)",
            ";D",
            "،",
            "؟",
            "😍",
            "👍",
            "(",
            ")",
            "«",
            "»",
            "۱۲",
            "3.5",
            "It’s",
            "مي",
            "ک",
            "x",
        ];
        words.extend_from_slice(MARKUP_WORDS);
        let words = prop::sample::select(words);
        let seps = prop::sample::select(vec![
            " ",
            "  ",
            "\u{200C}",
            "",
            " \u{200C}",
            "\u{200C} ",
            "\u{200B}",
            "\t",
            "\u{0301}",
        ]);
        prop::collection::vec((words, seps), 0..12)
            .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
    }

    fn check(opts_index: usize, text: &str) -> Result<(), TestCaseError> {
        let opts = &option_sets()[opts_index];
        let fast = Normalizer::from_options(opts.clone());
        let reference = Reference::new(opts.clone());
        if let Some(diff) = difference(&fast, &reference, text) {
            return Err(TestCaseError::fail(format!(
                "{text:?} with {opts:?}: {diff}"
            )));
        }
        Ok(())
    }

    /// Texts that must be decoded (a fatha) place ZWNJ apart from the key
    /// pass: every decision is made before any is applied there too.
    #[test]
    fn same_as_reference_on_decoded_text_with_neighbouring_joins() {
        for text in [
            "می می خوبَ",
            "می ب هاَ",
            "می خواهم کتاب ها های شبکههای خوبَ",
            "می م ها",
            "می م هاَ",
            "کتاب ها ها تر",
            "م\u{200c}ی\u{200c}ی\u{200c}ی خواهمَ",
            "کتاب ه\u{200c}ا\u{200c}ا\u{200c}ا",
            "مییی خواهم ههها",
        ] {
            for o in 0..option_sets().len() {
                check(o, text).unwrap();
            }
        }
    }

    #[test]
    fn same_as_reference_on_markup_nested_past_the_settle_rounds() {
        for depth in [1, 7, 8, 9, 12] {
            for text in [
                format!("{}<b>{}x &amp", "<".repeat(depth), "b>".repeat(depth)),
                format!("a{}<i>{} ي", "&".repeat(depth), "amp;".repeat(depth)),
            ] {
                for o in 0..option_sets().len() {
                    check(o, &text).unwrap();
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn same_as_reference_on_tricky_characters(text in tricky_text(), o in 0..4usize) {
            check(o, &text)?;
        }

        #[test]
        fn same_as_reference_on_word_soup(text in words_text(), o in 0..4usize) {
            check(o, &text)?;
        }

        #[test]
        fn same_as_reference_on_any_string(text in ".{0,40}", o in 0..4usize) {
            check(o, &text)?;
        }
    }
}
