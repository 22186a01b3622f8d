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
    let mut detector = Detector::default();
    for c in text.chars() {
        detector.push(c);
    }
    detector.finish(fallback)
}

/// Language detection fed one character at a time, so that the normalizer
/// can detect while it reads the text for the display form: [`detect`] is
/// exactly feeding every character of the text, then `finish`.
pub(crate) struct Detector {
    counts: Counts,
    latin: LatinWord,
    word: InWord,
}

impl Default for Detector {
    fn default() -> Self {
        Detector {
            counts: Counts::default(),
            latin: LatinWord::new(),
            word: InWord::Nothing,
        }
    }
}

impl Detector {
    /// The next character of the text.
    #[inline]
    pub fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii(c);
        } else if is_arabic_letter(c) {
            self.arabic_letter();
        } else {
            self.other(c);
        }
    }

    /// The next character of the text, which is ASCII: the common case of
    /// English and Portuguese text, without the Unicode case tables.
    #[inline]
    pub fn ascii(&mut self, c: char) {
        if c.is_ascii_alphabetic() || c == '\'' {
            self.latin_letter();
            self.latin.push(c.to_ascii_lowercase());
        } else {
            self.counts.finish(self.word, &self.latin);
            self.word = InWord::Nothing;
        }
    }

    /// The next character of the text, which is an Arabic-script letter.
    /// Arabic-script words are only counted.
    #[inline]
    pub fn arabic_letter(&mut self) {
        if self.word != InWord::Arabic {
            self.counts.finish(self.word, &self.latin);
            self.word = InWord::Arabic;
        }
    }

    #[inline]
    fn latin_letter(&mut self) {
        if self.word != InWord::Latin {
            self.counts.finish(self.word, &self.latin);
            self.latin.clear();
            self.word = InWord::Latin;
        }
    }

    /// The next character of the text, neither ASCII nor an Arabic letter.
    fn other(&mut self, c: char) {
        if is_alphabetic(c) || c == '\u{2019}' {
            self.latin_letter();
            let c = if c == '\u{2019}' { '\'' } else { c };
            for l in c.to_lowercase() {
                let folded = fold_latin_accent(l);
                // English is written without accents: an accent is Portuguese evidence.
                if folded != l {
                    self.counts.pt += 1;
                }
                self.latin.push(folded);
            }
        } else if c != ZWNJ {
            self.counts.finish(self.word, &self.latin);
            self.word = InWord::Nothing;
        }
    }

    /// The language of the text read.
    pub fn finish(mut self, fallback: Lang) -> Lang {
        self.counts.finish(self.word, &self.latin);
        let Counts {
            arabic_words,
            latin_words,
            pt,
            en,
        } = self.counts;
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
