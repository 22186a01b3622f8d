//! The key pass: the form the lexicon is matched against.
//!
//! Keys are folded harder than the display form so that every spelling of a
//! term meets one key: no ZWNJ (`میخواهم`, `می خواهم` and `می‌خواهم` meet),
//! lower case, Latin accents folded (`nao` meets `não`), Arabic-script
//! variants folded (`ۀ` → `ه`, `أ` → `ا`), ASCII digits, elongations squeezed
//! in every script (`sooo`, `muuuito`, `خیلیییی`) without breaking real double
//! letters, Brazilian chat abbreviations expanded (`vc` → `voce`) and English
//! negative contractions split (`don't` → `do not`).

use std::collections::HashSet;

use super::align::Ch;
use super::chars::*;
use crate::lang::Lang;

/// Builds the key characters from the display characters in one pass:
/// characters are folded into the output as they come, and each word is
/// rewritten in place when it ends, if it needs it at all.
pub(crate) fn key_chars(
    display: &[Ch],
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(display.len() + 8);
    let mut word_start: Option<usize> = None;
    let mut scratch = Scratch::default();
    for &ch in display {
        let before = out.len();
        fold_char(ch, &mut out);
        let Some(&pushed) = out.get(before) else {
            continue;
        };
        if is_key_word_char(pushed.c) {
            word_start.get_or_insert(before);
            continue;
        }
        if let Some(ws) = word_start.take() {
            // The word ended just before what was pushed: rewrite it and put
            // the new characters back after it.
            let tail: Vec<Ch> = out.drain(before..).collect();
            finish_word(&mut out, ws, lang, vocabulary, expand, &mut scratch);
            out.extend(tail);
        }
        // Folding away a stray accent can leave a space at an edge or two
        // spaces in a row.
        if pushed.c == ' ' && out.len() == before + 1 {
            let prev = before.checked_sub(1).map(|p| out[p].c);
            if prev.is_none() || prev == Some(' ') {
                out.pop();
            }
        }
    }
    if let Some(ws) = word_start {
        finish_word(&mut out, ws, lang, vocabulary, expand, &mut scratch);
    }
    while out.last().is_some_and(|c| c.c == ' ') {
        out.pop();
    }
    out
}

/// Buffers reused across the words of one text.
#[derive(Default)]
struct Scratch {
    word: String,
    span: Vec<Ch>,
}

/// Rewrites the word `out[ws..]` if it needs it.
fn finish_word(
    out: &mut Vec<Ch>,
    ws: usize,
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
    scratch: &mut Scratch,
) {
    if !may_rewrite(&out[ws..], lang, expand) {
        return;
    }
    scratch.word.clear();
    scratch.word.extend(out[ws..].iter().map(|c| c.c));
    let Some(rewrite) = rewrite_word(&scratch.word, lang, vocabulary, expand) else {
        return;
    };
    scratch.span.clear();
    scratch.span.extend(out.drain(ws..));
    let span = &scratch.span;
    let len = span.len();
    match rewrite {
        Rewrite::Whole(new) => {
            let (start, end) = (span[0].start, span[len - 1].end);
            out.extend(new.chars().map(|c| Ch::new(c, start, end)));
        }
        Rewrite::Squeezed(keep) => {
            // Each kept character absorbs the repeats dropped after it.
            for (j, &k) in keep.iter().enumerate() {
                let last = keep.get(j + 1).map_or(len, |&n| n) - 1;
                out.push(Ch::new(span[k].c, span[k].start, span[last].end));
            }
        }
    }
}

fn fold_char(ch: Ch, out: &mut Vec<Ch>) {
    let c = ch.c;
    if c.is_ascii() {
        out.push(ch.with(c.to_ascii_lowercase()));
        return;
    }
    // Combining accents left over after NFC (`é` + U+0301) fold away like
    // the accents NFC composed.
    if c == ZWNJ || is_latin_combining(c) {
        if let Some(last) = out.last_mut() {
            last.end = last.end.max(ch.end);
        }
        return;
    }
    if let Some(d) = eastern_digit_value(c) {
        out.push(ch.with(char::from_digit(d, 10).unwrap_or(c)));
        return;
    }
    if is_arabic_letter(c) {
        out.push(ch.with(fold_arabic_variant(c)));
        return;
    }
    for l in c.to_lowercase() {
        out.push(ch.with(fold_latin_accent(l)));
    }
}

fn is_key_word_char(c: char) -> bool {
    is_alphanumeric(c) || c == '\''
}

/// A cheap test that rules out nearly every word before any allocation: a
/// word can only change if it has a run of three equal letters, or is a
/// short Latin word (abbreviation), or ends like a negative contraction.
fn may_rewrite(span: &[Ch], lang: Lang, expand: bool) -> bool {
    let has_run = span
        .windows(3)
        .any(|w| w[0].c == w[1].c && w[1].c == w[2].c);
    if has_run {
        return true;
    }
    if !expand || !span[0].c.is_ascii() {
        return false;
    }
    // Every negative contraction (`don't`, `dont`, `cannot`) ends in `t`.
    let contraction = span[span.len() - 1].c == 't';
    let short_pt = lang == Lang::Pt && span.len() <= 5;
    short_pt || contraction
}

enum Rewrite {
    /// The word is replaced by other text (an expansion).
    Whole(String),
    /// The word keeps the characters at these indices (a squeeze).
    Squeezed(Vec<usize>),
}

fn rewrite_word(
    word: &str,
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
) -> Option<Rewrite> {
    let keep = squeeze(word, vocabulary);
    if expand {
        let squeezed: Option<String> = keep.as_ref().map(|k| {
            let chars: Vec<char> = word.chars().collect();
            k.iter().map(|&i| chars[i]).collect()
        });
        let word = squeezed.as_deref().unwrap_or(word);
        if let Some((stem, not)) = split_contraction(word) {
            // The stem may itself be an abbreviation (`qdon't`); expanding it
            // now keeps keys idempotent.
            let stem = match lang {
                Lang::Pt => expand_pt_abbreviation(&stem).map_or(stem, str::to_string),
                _ => stem,
            };
            return Some(Rewrite::Whole(format!("{stem} {not}")));
        }
        if lang == Lang::Pt {
            if let Some(a) = expand_pt_abbreviation(word) {
                return Some(Rewrite::Whole(a.to_string()));
            }
        }
    }
    keep.map(Rewrite::Squeezed)
}

/// English negative contractions, with and without the apostrophe, split
/// into the verb and `not`.
fn split_contraction(word: &str) -> Option<(String, &'static str)> {
    let irregular = match word {
        "can't" | "cant" | "cannot" => Some("can"),
        "won't" | "wont" => Some("will"),
        "shan't" => Some("shall"),
        "ain't" | "aint" => Some("is"),
        _ => None,
    };
    if let Some(s) = irregular {
        return Some((s.to_string(), "not"));
    }
    if let Some(stem) = word.strip_suffix("n't") {
        if !stem.is_empty() {
            // The stem may end like a contraction too (`hadntn't`): split
            // it now, or the key of the key would.
            let stem = match split_contraction(stem) {
                Some((inner, not)) => format!("{inner} {not}"),
                None => stem.to_string(),
            };
            return Some((stem, "not"));
        }
    }
    const BARE: &[&str] = &[
        "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "couldnt", "shouldnt",
        "wouldnt", "havent", "hasnt", "hadnt", "mustnt", "neednt",
    ];
    if BARE.contains(&word) {
        return Some((word[..word.len() - 2].to_string(), "not"));
    }
    None
}

/// Brazilian chat abbreviations, matched on the whole (accent-folded) word.
pub(crate) fn expand_pt_abbreviation(word: &str) -> Option<&'static str> {
    Some(match word {
        "vc" => "voce",
        "vcs" => "voces",
        "pq" | "pqe" => "porque",
        "mto" | "mt" | "mtoo" => "muito",
        "mta" => "muita",
        "mtos" => "muitos",
        "mtas" => "muitas",
        "tb" | "tbm" | "tmb" => "tambem",
        "q" | "qe" => "que",
        "td" => "tudo",
        "tds" => "todos",
        "msm" => "mesmo",
        "blz" => "beleza",
        "n" => "nao",
        "nd" => "nada",
        "hj" => "hoje",
        "cmg" => "comigo",
        "qdo" | "qnd" | "qndo" => "quando",
        "obg" | "obgd" | "obgda" | "obgdo" => "obrigado",
        "vlw" => "valeu",
        "eh" => "e",
        "ngm" => "ninguem",
        "dps" => "depois",
        "fds" => "fim de semana",
        "sdd" | "sdds" => "saudade",
        "agr" => "agora",
        _ => return None,
    })
}

/// Common words whose double letters are real, so that an elongated spelling
/// (`goood`, `isssso`) squeezes to them rather than to a single letter.
const DOUBLE_LETTER_WORDS: &[&str] = &[
    "good",
    "too",
    "really",
    "cool",
    "all",
    "well",
    "will",
    "feel",
    "need",
    "see",
    "free",
    "sweet",
    "coffee",
    "food",
    "little",
    "pretty",
    "happy",
    "better",
    "smell",
    "fresh",
    "bitter",
    "look",
    "book",
    "soon",
    "full",
    "still",
    "small",
    "tall",
    "sell",
    "tell",
    "yummy",
    "poor",
    "three",
    "keep",
    "beef",
    "tree",
    "been",
    "seen",
    "week",
    "wood",
    "door",
    "floor",
    "wall",
    "call",
    "awesome",
    "shipping",
    "terrible",
    "horrible",
    "disappointed",
    "recommend",
    "apple",
    "bottle",
    "off",
    "stuff",
    "add",
    "odd",
    "sorry",
    "worry",
    "isso",
    "disso",
    "nisso",
    "esse",
    "essa",
    "desse",
    "dessa",
    "nesse",
    "nessa",
    "carro",
    "assim",
    "passar",
    "passou",
    "interessante",
    "sucesso",
    "acesso",
    "excesso",
    "processo",
    "terra",
    "ferro",
    "erro",
    "errado",
    "errada",
    "correto",
    "correta",
    "correio",
    "correios",
    "arroz",
    "barro",
    "aquele",
    "aquela",
    "aquilo",
    "pessimo",
    "pessima",
    "nosso",
    "nossa",
    "posso",
    "passo",
    "osso",
    "grosso",
    "massa",
    "classe",
    "missao",
    "voo",
    "leem",
    "creem",
    "veem",
];

/// The built-in elongation vocabulary (see [`DOUBLE_LETTER_WORDS`]).
pub(crate) fn builtin_vocabulary() -> HashSet<String> {
    DOUBLE_LETTER_WORDS.iter().map(|w| w.to_string()).collect()
}

/// Squeezes runs of three or more identical letters. A run squeezes to one
/// letter unless the word with a double letter there is in `vocabulary`
/// (`goood` → `good`, `sooo` → `so`). Returns the indices of the characters
/// kept, or `None` when the word has no such run.
fn squeeze(word: &str, vocabulary: &HashSet<String>) -> Option<Vec<usize>> {
    let chars: Vec<char> = word.chars().collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|&&c| c == chars[i]).count();
        if run >= 3 && is_alphabetic(chars[i]) {
            runs.push((i, run));
        }
        i += run;
    }
    if runs.is_empty() {
        return None;
    }
    // Try every choice of one or two letters per run (few words have more
    // than a couple of runs; beyond four, squeeze all to one).
    let choices: u32 = if runs.len() <= 4 { 1 << runs.len() } else { 1 };
    let build = |mask: u32| -> Vec<usize> {
        let mut keep = Vec::with_capacity(chars.len());
        let mut r = 0;
        let mut i = 0;
        while i < chars.len() {
            if r < runs.len() && runs[r].0 == i {
                keep.push(i);
                // Only the first four runs have a bit; a word may have dozens.
                if 1u32
                    .checked_shl(r as u32)
                    .is_some_and(|bit| mask & bit != 0)
                {
                    keep.push(i + 1);
                }
                i += runs[r].1;
                r += 1;
            } else {
                keep.push(i);
                i += 1;
            }
        }
        keep
    };
    let mut candidate = String::with_capacity(word.len());
    for mask in 0..choices {
        let keep = build(mask);
        candidate.clear();
        candidate.extend(keep.iter().map(|&k| chars[k]));
        if known(&candidate, vocabulary) {
            return Some(keep);
        }
    }
    Some(build(0))
}

/// Endings that inflect a vocabulary word without touching its letters:
/// `weeeeks` keeps the double of `week`, `feeeeling` that of `feel`.
const INFLECTIONS: &[&str] = &["s", "es", "ed", "ing", "ly"];

/// Whether `word` is in `vocabulary`, or is a vocabulary word with a
/// double letter of its own and one of the [`INFLECTIONS`] (a double that
/// the ending makes, `yes` + `s`, is no reason to keep one).
fn known(word: &str, vocabulary: &HashSet<String>) -> bool {
    let has_double = |root: &str| root.chars().zip(root.chars().skip(1)).any(|(a, b)| a == b);
    vocabulary.contains(word)
        || INFLECTIONS.iter().any(|ending| {
            word.strip_suffix(ending)
                .is_some_and(|root| has_double(root) && vocabulary.contains(root))
        })
}
