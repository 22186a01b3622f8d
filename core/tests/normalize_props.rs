//! Invariants of the normalizer on generated text: it never panics,
//! normalizing twice changes nothing, and every offset it reports lies
//! inside the original text on a character boundary.

mod invariants;

use std::sync::OnceLock;

use nazar::{Lang, Normalizer};
use proptest::prelude::*;

/// Characters that exercise every rule: Persian and Arabic letters, ZWNJ and
/// the other invisibles, diacritics, kashida, digits of three scripts,
/// punctuation of both scripts, Latin letters with and without accents,
/// combining marks, presentation forms and emoji parts.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(
            "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةأإؤئۀآ"
                .chars()
                .collect::<Vec<_>>()
        ),
        prop::sample::select(vec![
            '\u{200C}', '\u{200D}', '\u{200B}', '\u{00AD}', '\u{200F}', '\u{202E}', '\u{FEFF}',
            '\u{064E}', '\u{0651}', '\u{064B}', '\u{0654}', '\u{0670}', '\u{0640}', '\u{0301}',
            '\u{0303}', '\u{FEFB}', '\u{FE81}', '\u{FE76}', '\u{FDF2}', '\u{FDFA}', '\u{FBFC}',
            '\u{06BE}', '\u{00B4}', '`',
        ]),
        prop::sample::select("۰۱۲۳٤٥0123456789٫٬".chars().collect::<Vec<_>>()),
        prop::sample::select(
            " \t\n\u{00A0}.,!?;:،؛؟()«»'\"’“”…"
                .chars()
                .collect::<Vec<_>>()
        ),
        prop::sample::select("abcnoqstvgdmãçéóAÉNVÇ<>&;#".chars().collect::<Vec<_>>()),
        prop::sample::select(vec!['👍', '🏽', '❤', '\u{FE0F}', '👨', '😍', '🇮', '🇷']),
        any::<char>(),
    ]
}

fn tricky_text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..60).prop_map(|v| v.into_iter().collect())
}

fn words_text() -> impl Strategy<Value = String> {
    const MARKUP_WORDS: &[&str] = include!("support/markup_words.rs");
    let mut words = vec![
        "می",
        "نمی",
        "خواهم",
        "ها",
        "های",
        "تر",
        "ترین",
        "کتاب",
        "شبکههای",
        "بهترین",
        "تنها",
        "خیلیییی",
        "don't",
        "sooo",
        "goood",
        "vc",
        "mto",
        "nao",
        "não",
        "q",
        "isso",
        "!",
        ".",
        "،",
        "؟",
        "😍",
        ":)",
        "(",
        ")",
        "۱۲",
        "٫",
        "٬",
        "It’s",
        "don´t",
    ];
    words.extend_from_slice(MARKUP_WORDS);
    let words = prop::sample::select(words);
    let seps = prop::sample::select(vec![" ", "  ", "\u{200C}", "", " \u{200C}", "\u{200C} "]);
    prop::collection::vec((words, seps), 0..12)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

/// The shared invariants (idempotence, offsets inside the original on
/// character boundaries), as the fuzz target checks them.
fn check(text: &str, lang: Lang) -> Result<(), TestCaseError> {
    static N: OnceLock<Normalizer> = OnceLock::new();
    invariants::check_normalize_as(N.get_or_init(Normalizer::default), text, lang);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn invariants_on_tricky_characters(text in tricky_text(), lang in prop::sample::select(Lang::ALL.to_vec())) {
        check(&text, lang)?;
    }

    #[test]
    fn invariants_on_word_soup(text in words_text(), lang in prop::sample::select(Lang::ALL.to_vec())) {
        check(&text, lang)?;
    }

    /// The display pass detects the language as it reads the text; the
    /// tagger relies on that being what detecting it first would say.
    #[test]
    fn detecting_while_normalizing_is_detecting_first(text in prop_oneof![tricky_text(), words_text(), ".*"]) {
        let n = Normalizer::default();
        prop_assert_eq!(n.normalize(&text), n.normalize_as(&text, n.detect_lang(&text)));
    }

    #[test]
    fn no_panic_on_any_string(text in ".*") {
        let n = Normalizer::default();
        let out = n.normalize(&text);
        let _ = out.key_to_original(0..out.key().len());
    }
}
