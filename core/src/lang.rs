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

use crate::normalize::chars::{fold_latin_accent, is_alphabetic, is_arabic_letter, ZWNJ};

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

/// Flag of [`PT_WORDS`] in [`WORDS`].
const PT: u8 = 1;
/// Flag of [`EN_WORDS`] in [`WORDS`].
const EN: u8 = 2;

/// Longest word that [`pack`] takes: longer than any listed word.
const KEY_BYTES: usize = 16;

/// An ASCII word of up to [`KEY_BYTES`] bytes as one integer, last byte
/// lowest (appending a byte is a constant shift). No word contains a zero
/// byte, so words of different lengths differ.
const fn pack(word: &[u8]) -> u128 {
    let mut key = 0;
    let mut i = 0;
    while i < word.len() {
        key = (key << 8) | word[i] as u128;
        i += 1;
    }
    key
}

/// Slots of [`WORDS`], a power of two about three times the number of
/// words, so that probe sequences stay short.
const SLOTS: usize = 512;

const fn slot(key: u128) -> usize {
    let h = (key as u64) ^ ((key >> 64) as u64);
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// Both word lists as one open-addressing hash table, built at compile
/// time: a packed word and its flags, [`PT`], [`EN`] or both; key 0 marks
/// a free slot. One multiplication and a probe or two per word, where
/// scanning the lists cost up to 160 string comparisons.
static WORDS: [(u128, u8); SLOTS] = word_table();

const fn word_table() -> [(u128, u8); SLOTS] {
    let mut table = [(0, 0); SLOTS];
    let lists: [(&[&str], u8); 2] = [(PT_WORDS, PT), (EN_WORDS, EN)];
    let mut l = 0;
    while l < lists.len() {
        let (words, flag) = lists[l];
        let mut w = 0;
        while w < words.len() {
            let key = pack(words[w].as_bytes());
            let mut i = slot(key);
            while table[i].0 != 0 && table[i].0 != key {
                i = (i + 1) % SLOTS;
            }
            table[i] = (key, table[i].1 | flag);
            w += 1;
        }
        l += 1;
    }
    table
}

/// The flags of a packed word: [`PT`], [`EN`], both or none.
fn word_flags(key: u128) -> u8 {
    let mut i = slot(key);
    loop {
        let (k, flags) = WORDS[i];
        if k == key {
            return flags;
        }
        if k == 0 {
            return 0;
        }
        i = (i + 1) % SLOTS;
    }
}

/// The Latin word being read, lower-cased and accent-folded, packed as
/// [`pack`] does. Every listed word is ASCII, so a word with any other
/// letter is only counted, never looked up.
struct LatinWord {
    key: u128,
    len: usize,
    listable: bool,
}

impl LatinWord {
    fn new() -> Self {
        LatinWord {
            key: 0,
            len: 0,
            listable: true,
        }
    }

    fn clear(&mut self) {
        *self = LatinWord::new();
    }

    fn push(&mut self, c: char) {
        if c.is_ascii() && self.len < KEY_BYTES {
            self.key = (self.key << 8) | c as u128;
            self.len += 1;
        } else {
            self.listable = false;
        }
    }

    /// [`PT`], [`EN`], both or none.
    fn flags(&self) -> u8 {
        if self.listable {
            word_flags(self.key)
        } else {
            0
        }
    }
}

/// The kind of word being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum InWord {
    Nothing,
    Arabic,
    Latin,
}

/// Word and evidence counts of one comment.
#[derive(Default)]
struct Counts {
    arabic_words: usize,
    latin_words: usize,
    pt: usize,
    en: usize,
}

impl Counts {
    fn finish(&mut self, word: InWord, latin: &LatinWord) {
        match word {
            InWord::Nothing => {}
            InWord::Arabic => self.arabic_words += 1,
            InWord::Latin => {
                self.latin_words += 1;
                // Words that are common in both languages count for neither.
                match latin.flags() {
                    PT => self.pt += 1,
                    EN => self.en += 1,
                    _ => {}
                }
            }
        }
    }
}

/// Detects the language of one comment.
///
/// Returns `fallback` when the text gives no evidence (empty, only digits or
/// emoji, or a Latin text with no known function word).
pub fn detect(text: &str, fallback: Lang) -> Lang {
    let mut counts = Counts::default();
    let mut latin = LatinWord::new();
    let mut word = InWord::Nothing;
    let mut i = 0;
    while i < text.len() {
        let b = text.as_bytes()[i];
        if b < 0x80 {
            // The common case of English and Portuguese text, byte by byte
            // and without the Unicode case tables.
            i += 1;
            if b.is_ascii_alphabetic() || b == b'\'' {
                if word != InWord::Latin {
                    counts.finish(word, &latin);
                    latin.clear();
                    word = InWord::Latin;
                }
                latin.push(char::from(b.to_ascii_lowercase()));
            } else {
                counts.finish(word, &latin);
                word = InWord::Nothing;
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if is_arabic_letter(c) {
            // Arabic-script words are only counted.
            if word != InWord::Arabic {
                counts.finish(word, &latin);
                word = InWord::Arabic;
            }
        } else if is_alphabetic(c) || c == '\u{2019}' {
            if word != InWord::Latin {
                counts.finish(word, &latin);
                latin.clear();
                word = InWord::Latin;
            }
            let c = if c == '\u{2019}' { '\'' } else { c };
            for l in c.to_lowercase() {
                let folded = fold_latin_accent(l);
                // English is written without accents: an accent is Portuguese evidence.
                if folded != l {
                    counts.pt += 1;
                }
                latin.push(folded);
            }
        } else if c != ZWNJ {
            counts.finish(word, &latin);
            word = InWord::Nothing;
        }
    }
    counts.finish(word, &latin);

    let Counts {
        arabic_words,
        latin_words,
        pt,
        en,
    } = counts;
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
