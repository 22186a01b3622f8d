//! The language detector as it was before the fast one.

use super::chars::{fold_latin_accent, is_alphabetic, is_arabic_letter, is_presentation_form};
use crate::lang::Lang;

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
        if is_arabic_letter(c) || is_presentation_form(c) {
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
