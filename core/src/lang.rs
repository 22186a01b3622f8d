//! Languages and per-comment language detection.
//!
//! Comments are short and often mix scripts (a Persian comment naming a
//! `Galaxy A12`), so detection is deliberately simple and explainable:
//! Arabic-script words make a comment Persian unless Latin words outnumber
//! them more than three to one; among Latin-script comments, Portuguese and
//! English are told apart by counting function words and Portuguese
//! diacritics. A caller who knows the language passes it instead.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::normalize::chars::{fold_latin_accent, is_alphabetic, is_arabic_letter};

/// A language nazar normalizes and tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Persian (Farsi), written in the Arabic script.
    Fa,
    /// English.
    En,
    /// Brazilian Portuguese.
    Pt,
}

impl Lang {
    /// All languages, in a fixed order.
    pub const ALL: [Lang; 3] = [Lang::Fa, Lang::En, Lang::Pt];

    /// The ISO 639-1 code: `fa`, `en` or `pt`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fa => "fa",
            Lang::En => "en",
            Lang::Pt => "pt",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of parsing a language code that nazar does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected fa, en or pt")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fa" | "fas" | "per" | "persian" | "farsi" => Ok(Lang::Fa),
            "en" | "eng" | "english" => Ok(Lang::En),
            "pt" | "por" | "pt-br" | "pt_br" | "portuguese" => Ok(Lang::Pt),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// Frequent Portuguese words that are not English words (accents folded).
const PT_WORDS: &[&str] = &[
    "nao",
    "que",
    "de",
    "do",
    "da",
    "dos",
    "das",
    "e",
    "o",
    "os",
    "as",
    "um",
    "uma",
    "para",
    "pra",
    "com",
    "muito",
    "mas",
    "foi",
    "bem",
    "produto",
    "entrega",
    "chegou",
    "recebi",
    "prazo",
    "antes",
    "ainda",
    "esta",
    "estou",
    "meu",
    "minha",
    "ate",
    "otimo",
    "bom",
    "boa",
    "excelente",
    "gostei",
    "recomendo",
    "veio",
    "comprei",
    "pedido",
    "loja",
    "qualidade",
    "certo",
    "tudo",
    "sim",
    "voce",
    "vc",
    "mto",
    "pq",
    "ja",
    "no",
    "na",
    "em",
    "se",
    "sem",
    "por",
    "mais",
    "isso",
    "ele",
    "ela",
    "rapido",
    "perfeito",
    "pelo",
    "pela",
    "aqui",
    "so",
    "nada",
    "agora",
    "dia",
    "dias",
    "nem",
    "ruim",
    "pessimo",
    "lindo",
    "entregue",
    "obrigado",
    "parabens",
    "tambem",
];

/// Frequent English words that are not Portuguese words.
const EN_WORDS: &[&str] = &[
    "the",
    "and",
    "is",
    "it",
    "this",
    "i",
    "to",
    "of",
    "for",
    "was",
    "not",
    "my",
    "but",
    "they",
    "you",
    "very",
    "good",
    "with",
    "have",
    "are",
    "that",
    "these",
    "product",
    "great",
    "love",
    "like",
    "just",
    "would",
    "will",
    "be",
    "on",
    "in",
    "at",
    "so",
    "if",
    "or",
    "all",
    "one",
    "can",
    "as",
    "we",
    "he",
    "she",
    "our",
    "your",
    "them",
    "from",
    "an",
    "its",
    "it's",
    "don't",
    "taste",
    "buy",
    "bought",
    "order",
    "ordered",
    "best",
    "well",
    "really",
    "too",
    "much",
    "than",
    "what",
    "when",
    "which",
    "item",
    "arrived",
    "quality",
    "price",
    "recommend",
    "had",
    "has",
    "did",
    "does",
    "no",
    "never",
    "bad",
    "only",
    "after",
    "before",
];

fn is_pt_word(w: &str) -> bool {
    PT_WORDS.contains(&w)
}

fn is_en_word(w: &str) -> bool {
    EN_WORDS.contains(&w)
}

/// Detects the language of one comment.
///
/// Returns `fallback` when the text gives no evidence (empty, only digits or
/// emoji, or a Latin text with no known function word).
pub fn detect(text: &str, fallback: Lang) -> Lang {
    let mut arabic_words = 0usize;
    let mut latin_words = 0usize;
    let mut pt = 0usize;
    let mut en = 0usize;
    let mut word = String::new();
    let mut in_arabic = false;
    let mut flush = |word: &mut String, in_arabic: bool, pt: &mut usize, en: &mut usize| {
        if word.is_empty() {
            return;
        }
        if in_arabic {
            arabic_words += 1;
        } else {
            latin_words += 1;
            let w = word.as_str();
            // Words that are common in both languages count for neither.
            match (is_pt_word(w), is_en_word(w)) {
                (true, false) => *pt += 1,
                (false, true) => *en += 1,
                _ => {}
            }
        }
        word.clear();
    };
    for c in text.chars() {
        if is_arabic_letter(c) {
            if !in_arabic {
                flush(&mut word, in_arabic, &mut pt, &mut en);
            }
            in_arabic = true;
            // Arabic-script words are only counted; one marker char suffices.
            if word.is_empty() {
                word.push('x');
            }
        } else if is_alphabetic(c) || c == '\'' || c == '\u{2019}' {
            if in_arabic {
                flush(&mut word, in_arabic, &mut pt, &mut en);
                in_arabic = false;
            }
            let c = if c == '\u{2019}' { '\'' } else { c };
            for l in c.to_lowercase() {
                let folded = fold_latin_accent(l);
                // English is written without accents: an accent is Portuguese evidence.
                if folded != l {
                    pt += 1;
                }
                word.push(folded);
            }
        } else if c != '\u{200C}' {
            flush(&mut word, in_arabic, &mut pt, &mut en);
        }
    }
    flush(&mut word, in_arabic, &mut pt, &mut en);

    if arabic_words > 0 && arabic_words * 3 >= latin_words {
        return Lang::Fa;
    }
    if latin_words == 0 {
        return if arabic_words > 0 { Lang::Fa } else { fallback };
    }
    match pt.cmp(&en) {
        std::cmp::Ordering::Greater => Lang::Pt,
        std::cmp::Ordering::Less => Lang::En,
        std::cmp::Ordering::Equal => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language() {
        let cases: &[(&str, Lang)] = &[
            ("این گوشی خیلی خوبه", Lang::Fa),
            ("گوشي خوبيه", Lang::Fa),
            ("گوشی Samsung Galaxy A12 عالیه", Lang::Fa),
            ("This product is great and the price was fair", Lang::En),
            ("It’s not what I ordered", Lang::En),
            ("Não chegou meu produto", Lang::Pt),
            ("nao recebi o produto ate agora", Lang::Pt),
            ("vc vai gostar, mto bom", Lang::Pt),
            ("Ótimo", Lang::Pt),
            ("Péssimo", Lang::Pt),
            ("", Lang::En),
            ("👍👍", Lang::En),
            ("12345", Lang::Pt),
        ];
        for (i, (text, want)) in cases.iter().enumerate() {
            // The fallback is the expected value for texts that carry no evidence.
            let fallback = if i >= 10 { *want } else { Lang::En };
            assert_eq!(detect(text, fallback), *want, "{text:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert_eq!("PT-BR".parse::<Lang>(), Ok(Lang::Pt));
        assert!("de".parse::<Lang>().is_err());
    }
}
