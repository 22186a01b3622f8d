//! Invariants of the tagger on generated text: it never panics, every span
//! lies inside the original text on character boundaries, character and
//! byte spans agree, and matches come in order.

use nazar::{Lang, Tagger};
use proptest::prelude::*;

fn soup() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "خوب",
        "نبود",
        "نیست",
        "عالیه",
        "تقلبی",
        "غیر",
        "اصل",
        "پیشنهاد",
        "نمی",
        "می",
        "کنم",
        "کتاب",
        "ها",
        "good",
        "not",
        "fake",
        "don't",
        "sooo",
        "goood",
        "bom",
        "não",
        "nao",
        "n",
        "chegou",
        "veio",
        "quebrado",
        "vc",
        "mto",
        "recomendo",
        "👍",
        "😡",
        "❤️",
        "!",
        ".",
        "،",
        "۱۰",
        "روز",
        "تاخیر",
        "\u{200C}",
        "ـ",
        "\u{064E}",
        "ي",
        "ك",
        "but",
        "mas",
        "ولی",
    ]);
    let seps = prop::sample::select(vec![" ", "", "\u{200C}", ", ", "  "]);
    prop::collection::vec((words, seps), 0..16)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

fn check(text: &str, lang: Option<Lang>) -> Result<(), TestCaseError> {
    let tagger = Tagger::default();
    let tags = tagger.tag_as(text, lang);
    let mut last = 0;
    for m in &tags.matches {
        prop_assert!(m.byte_start <= m.byte_end && m.byte_end <= text.len());
        prop_assert!(text.is_char_boundary(m.byte_start) && text.is_char_boundary(m.byte_end));
        prop_assert_eq!(m.start, text[..m.byte_start].chars().count());
        prop_assert_eq!(m.end, text[..m.byte_end].chars().count());
        prop_assert!(
            m.byte_start >= last || m.byte_start == 0,
            "matches out of order"
        );
        last = m.byte_start;
    }
    prop_assert!((-1.0..=1.0).contains(&tags.score));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_stay_inside_on_word_soup(text in soup(), lang in prop::option::of(prop::sample::select(Lang::ALL.to_vec()))) {
        check(&text, lang)?;
    }

    #[test]
    fn no_panic_on_any_string(text in ".*") {
        check(&text, None)?;
    }
}
