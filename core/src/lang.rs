//! Languages and per-comment language detection.
//!
//! Comments are short and often mix scripts (a Persian comment naming a
//! `Galaxy A12`), so detection is deliberately simple and explainable:
//! Arabic-script words make a comment Persian unless Latin words outnumber
//! them more than three to one; among Latin-script comments, Portuguese and
//! English are told apart by counting function words and Portuguese
//! diacritics, and where these tie, by the words' endings and spelling
//! (`-ado`, `-ei` against `-ing`, `th`). A caller who knows the language
//! passes it instead.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::normalize::chars::{
    fold_latin_accent, is_alphabetic, is_arabic_letter, is_presentation_form, ZWNJ,
};

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

    /// A code or name, in any case; a language tag counts by its primary
    /// subtag (`fa-IR`, `en_US`, `pt-BR`; `pt-PT` is read as the Brazilian
    /// Portuguese nazar knows).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or_default();
        match (lower.as_str(), primary) {
            ("persian" | "farsi", _) | (_, "fa" | "fas" | "per") => Ok(Lang::Fa),
            ("english", _) | (_, "en" | "eng") => Ok(Lang::En),
            ("portuguese", _) | (_, "pt" | "por") => Ok(Lang::Pt),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// Frequent Portuguese words that are not English words (accents folded).
pub(crate) const PT_WORDS: &[&str] = &[
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
    // Chat forms and frequent words of short Brazilian comments (`mt caro`).
    "mt",
    "tb",
    "tbm",
    "blz",
    "msm",
    "qdo",
    "obg",
    "vlw",
    "caro",
    "barato",
    "amei",
    "adorei",
    "demorou",
    "valeu",
    "assim",
    "mesmo",
    "obrigada",
    "vai",
    "tem",
    "pode",
    "eu",
    "nas",
    "q",
    "linda",
    "lindas",
    "otima",
    "pessima",
];

/// Frequent English words that are not Portuguese words.
pub(crate) const EN_WORDS: &[&str] = &[
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

/// What a character starts or continues: no word, an Arabic-script word or
/// a Latin one.
const NOTHING: u8 = 0;
const ARABIC: u8 = 1;
const LATIN: u8 = 2;

/// The kind of an ASCII character or an Arabic-script letter, computed
/// without branching (see [`Runs`]).
#[inline(always)]
pub(crate) fn simple_kind(c: char) -> u8 {
    let latin = c.is_ascii_alphabetic() | (c == '\'');
    (u8::from(latin) << 1) | u8::from(!c.is_ascii())
}

/// The kind of any character, or `None` for the ZWNJ, which words run
/// through.
pub(crate) fn kind(c: char) -> Option<u8> {
    if c.is_ascii() || is_arabic_letter(c) {
        Some(simple_kind(c))
    } else if is_presentation_form(c) {
        // Persian typed (or copied from a PDF) in presentation forms.
        Some(ARABIC)
    } else if is_alphabetic(c) || c == '\u{2019}' {
        Some(LATIN)
    } else if c == ZWNJ {
        None
    } else {
        Some(NOTHING)
    }
}

/// Detects the language of one comment.
///
/// Returns `fallback` when the text gives no evidence (see [`detected`]).
pub fn detect(text: &str, fallback: Lang) -> Lang {
    detected(text).unwrap_or(fallback)
}

/// The language the words of one comment tell, or `None` when they give no
/// evidence (empty, only digits or emoji, or a Latin text whose words,
/// endings and spelling point to neither language, or to both equally).
pub fn detected(text: &str) -> Option<Lang> {
    thread_local! {
        /// Run offsets, kept between calls: one `u64` per byte of text
        /// allocated for every call cost more than the detection.
        static STARTS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let run = |starts: &mut Vec<u64>| {
        if starts.len() <= text.len() {
            starts.resize(text.len() + 1, 0);
        }
        let mut runs = Runs::new(&mut starts[..text.len() + 1]);
        for (at, c) in text.char_indices() {
            if let Some(kind) = kind(c) {
                runs.push(kind, at);
            }
        }
        let n = runs.len();
        let lang = detect_runs(text, &starts[..n]);
        // A rare huge text does not pin its buffer for the life of the thread.
        if starts.len() > 1 << 20 {
            *starts = Vec::new();
        }
        lang
    };
    STARTS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut starts) => run(&mut starts),
        Err(_) => run(&mut Vec::new()),
    })
}

/// Where the words of a text start and end, recorded while the text is
/// read for other purposes: the offset of every character whose kind
/// differs from the kind before (no word before the first), shifted left
/// by two, with the kind in the low bits. Letters and spaces alternate too
/// irregularly for branches on them to be predicted, so recording takes
/// none: every offset is written, and the count moves on only when the
/// kind changes.
pub(crate) struct Runs<'b> {
    starts: &'b mut [u64],
    len: usize,
    kind: u8,
}

impl<'b> Runs<'b> {
    /// Runs recorded in `starts`, which must hold one more offset than the
    /// text has bytes.
    pub fn new(starts: &'b mut [u64]) -> Self {
        Runs {
            starts,
            len: 0,
            kind: NOTHING,
        }
    }

    /// The next character, of kind `kind`, at byte `at`.
    #[inline(always)]
    pub fn push(&mut self, kind: u8, at: usize) {
        self.starts[self.len] = ((at as u64) << 2) | u64::from(kind);
        self.len += usize::from(kind != self.kind);
        self.kind = kind;
    }

    /// How many runs start in `starts`.
    pub fn len(&self) -> usize {
        self.len
    }
}

/// The language of `text`, whose runs of characters of one kind start at
/// `starts` (see [`Runs`]); `None` without evidence (see [`detected`]).
pub(crate) fn detect_runs(text: &str, starts: &[u64]) -> Option<Lang> {
    // The text of the run starting at `starts[k]`.
    let run = |k: usize| {
        let end = starts.get(k + 1).map_or(text.len(), |&e| (e >> 2) as usize);
        &text[(starts[k] >> 2) as usize..end]
    };
    let (mut arabic_words, mut latin_words, mut pt, mut en) = (0usize, 0usize, 0usize, 0usize);
    for (k, &start) in starts.iter().enumerate() {
        match (start & 3) as u8 {
            ARABIC => arabic_words += 1,
            LATIN => {
                latin_words += 1;
                let (flags, accents) = latin_word(run(k));
                pt += accents;
                // Words that are common in both languages count for neither.
                match flags {
                    PT => pt += 1,
                    EN => en += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if arabic_words > 0 && arabic_words * 3 >= latin_words {
        return Some(Lang::Fa);
    }
    if latin_words == 0 {
        return (arabic_words > 0).then_some(Lang::Fa);
    }
    if pt == en {
        // No function word or accent decides (`decepcionado`, `Compra
        // perfeita`): the words' endings and spelling do.
        (pt, en) = (0, 0);
        for (k, &start) in starts.iter().enumerate() {
            if (start & 3) as u8 == LATIN {
                let (p, e) = latin_shape(run(k));
                pt += p;
                en += e;
            }
        }
    }
    match pt.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Lang::Pt),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

/// Endings of Portuguese words that English words rarely have (accents
/// folded): participles and gerunds (`atendidas`, `aguardando`), past and
/// future tenses (`cancelei`, `faltou`, `procurava`, `deveriam`, `comprarei`), and
/// frequent suffixes (`maravilhoso`, `pontualidade`, `perfeita`).
pub(crate) const PT_ENDINGS: &[&str] = &[
    "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "ando", "endo", "indo", "ava",
    "avam", "iam", "ei", "amos", "emos", "imos", "cao", "coes", "oes", "oso", "osa", "osos",
    "osas", "idade", "idades", "eito", "eita", "eitos", "eitas", "inho", "inha", "inhos", "inhas",
    "eiro", "eira", "eiros", "eiras", "agem", "avel", "ivel", "imo", "ima", "imos", "imas",
    "mente", "ente", "ou", "aria", "ariam",
];

/// Endings of English words that Portuguese words do not have.
pub(crate) const EN_ENDINGS: &[&str] = &["ing", "ly", "ed", "tion", "ness", "ful", "ght"];

/// Letter pairs of English spelling that Portuguese does not write.
pub(crate) const EN_PAIRS: &[&str] = &["th", "wh", "ck", "sh", "ee", "oo", "ea", "gh"];

/// Evidence from a Latin word's spelling alone, for texts whose words are
/// in neither list: one for Portuguese if it ends as Portuguese words do,
/// one for English if it ends or is spelt as English words are (a `w`, `y`
/// or `k` included). Words of fewer than four letters, or more than 24,
/// or with other characters than letters say nothing.
fn latin_shape(word: &str) -> (usize, usize) {
    let mut folded = [0u8; 24];
    let mut len = 0;
    for c in word
        .chars()
        .filter(|&c| c != ZWNJ)
        .flat_map(char::to_lowercase)
    {
        let c = fold_latin_accent(c);
        if !c.is_ascii_alphabetic() || len == folded.len() {
            return (0, 0);
        }
        folded[len] = c as u8;
        len += 1;
    }
    let word = &folded[..len];
    if len < 4 {
        return (0, 0);
    }
    let ends = |list: &[&str]| list.iter().any(|e| word.ends_with(e.as_bytes()));
    let pt = ends(PT_ENDINGS);
    let en = ends(EN_ENDINGS)
        || word.iter().any(|b| matches!(b, b'w' | b'y' | b'k'))
        || EN_PAIRS
            .iter()
            .any(|p| word.windows(2).any(|w| w == p.as_bytes()));
    (usize::from(pt && !en), usize::from(en && !pt))
}

/// The list flags ([`PT`], [`EN`], both or none) of a Latin word as
/// written, lower-cased and accent-folded, and how many accents folding
/// took away: English is written without accents, so each is Portuguese
/// evidence.
fn latin_word(word: &str) -> (u8, usize) {
    // Only ASCII words short enough can be listed.
    let mut key = 0u128;
    let mut len = 0;
    let mut listable = true;
    let mut accents = 0;
    for c in word.chars() {
        if c.is_ascii() {
            listable &= len < KEY_BYTES;
            key = (key << 8) | u128::from(c.to_ascii_lowercase() as u8);
            len += 1;
            continue;
        }
        if c == ZWNJ {
            continue;
        }
        let c = if c == '\u{2019}' { '\'' } else { c };
        for l in c.to_lowercase() {
            let folded = fold_latin_accent(l);
            accents += usize::from(folded != l);
            listable &= folded.is_ascii() && len < KEY_BYTES;
            key = (key << 8) | u128::from(folded as u32 & 0xFF);
            len += 1;
        }
    }
    let flags = if listable { word_flags(key) } else { 0 };
    (flags, accents)
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
    fn spelling_decides_where_no_listed_word_does() {
        // Real Olist comments without a function word or an accent, which
        // fell back to English before; and English ones that must not move.
        for text in [
            "decepcionado",
            "Compra perfeita.",
            "maravilhoso",
            "Todas as expectativas foram atendidas.",
            "Nunca tive problemas super recomendado",
            "Continuo aguardando",
            "Esperava no minimo pontualidade",
            "Cancelei",
            "faltou porta documento",
            "eu simplismeente ameiii",
            "Exelente",
        ] {
            assert_eq!(detect(text, Lang::En), Lang::Pt, "{text:?}");
        }
        for text in [
            "Highly recommended",
            "Delicious and healthy",
            "Yummy snack",
            "Awesome flavor, shipped quickly",
            "Thanks",
        ] {
            assert_eq!(detect(text, Lang::Pt), Lang::En, "{text:?}");
        }
        // A word of each kind, or none of either, leaves the fallback.
        assert_eq!(detect("Compraria novamentw", Lang::Pt), Lang::Pt);
        assert_eq!(detect("Compraria novamentw", Lang::En), Lang::En);
        assert_eq!(detect("show top legal", Lang::En), Lang::En);
        // Listed words still outweigh spelling.
        assert_eq!(detect("the avocado", Lang::Pt), Lang::En);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert_eq!("PT-BR".parse::<Lang>(), Ok(Lang::Pt));
        for (tag, lang) in [
            ("fa-IR", Lang::Fa),
            ("fa_IR", Lang::Fa),
            ("en-US", Lang::En),
            ("en_GB", Lang::En),
            ("pt-PT", Lang::Pt),
            (" Persian ", Lang::Fa),
        ] {
            assert_eq!(tag.parse::<Lang>(), Ok(lang), "{tag}");
        }
        for bad in ["de", "de-DE", "", "-", "english-ish", "pt br"] {
            assert!(bad.parse::<Lang>().is_err(), "{bad}");
        }
    }
}
