//! The language detector as it was before the fast one.

use super::chars::{fold_latin_accent, is_alphabetic, is_arabic_letter, is_presentation_form};
// The word lists are data, shared with the fast detector; what this
// oracle checks is the reading of the words and the counting.
use crate::lang::{Lang, EN_ENDINGS, EN_PAIRS, EN_WORDS, PT_ENDINGS, PT_WORDS};

fn is_pt_word(w: &str) -> bool {
    PT_WORDS.contains(&w)
}

fn is_en_word(w: &str) -> bool {
    EN_WORDS.contains(&w)
}

/// Detects the language of one comment.
///
/// Returns `fallback` when the text gives no evidence (empty, only digits or
/// emoji, or a Latin text whose words, endings and spelling decide nothing).
pub fn detect(text: &str, fallback: Lang) -> Lang {
    let mut arabic_words = 0usize;
    let mut latin_words = 0usize;
    let mut pt = 0usize;
    let mut en = 0usize;
    let mut word = String::new();
    let mut latin = Vec::new();
    let mut in_arabic = false;
    let mut flush = |word: &mut String, in_arabic: bool, pt: &mut usize, en: &mut usize| {
        if word.is_empty() {
            return;
        }
        if in_arabic {
            arabic_words += 1;
        } else {
            latin_words += 1;
            latin.push(word.clone());
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
    if pt == en {
        pt = latin.iter().filter(|w| shape(w) == Some(Lang::Pt)).count();
        en = latin.iter().filter(|w| shape(w) == Some(Lang::En)).count();
    }
    match pt.cmp(&en) {
        std::cmp::Ordering::Greater => Lang::Pt,
        std::cmp::Ordering::Less => Lang::En,
        std::cmp::Ordering::Equal => fallback,
    }
}

/// The language a folded word's spelling alone points to, if one.
fn shape(w: &str) -> Option<Lang> {
    let letters = w.chars().count();
    if !(4..=24).contains(&letters) || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let pt = PT_ENDINGS.iter().any(|e| w.ends_with(e));
    let en = EN_ENDINGS.iter().any(|e| w.ends_with(e))
        || w.contains(['w', 'y', 'k'])
        || EN_PAIRS.iter().any(|p| w.contains(p));
    match (pt, en) {
        (true, false) => Some(Lang::Pt),
        (false, true) => Some(Lang::En),
        _ => None,
    }
}
