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

/// Builds the key characters from the display characters.
pub(crate) fn key_chars(
    display: &[Ch],
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
) -> Vec<Ch> {
    let mut folded: Vec<Ch> = Vec::with_capacity(display.len());
    for ch in display {
        fold_char(*ch, &mut folded);
    }
    // Folding away a stray accent can leave a space at an edge or two
    // spaces in a row.
    folded.dedup_by(|b, a| a.c == ' ' && b.c == ' ');
    while folded.last().is_some_and(|c| c.c == ' ') {
        folded.pop();
    }
    if folded.first().is_some_and(|c| c.c == ' ') {
        folded.remove(0);
    }
    rewrite_words(folded, lang, vocabulary, expand)
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

/// Applies the word-level rewrites. Words that need none are copied as they
/// are, which is nearly all of them.
fn rewrite_words(
    chars: Vec<Ch>,
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(chars.len());
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_key_word_char(chars[i].c) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let len = chars[i..]
            .iter()
            .take_while(|c| is_key_word_char(c.c))
            .count();
        let span = &chars[i..i + len];
        word.clear();
        word.extend(span.iter().map(|c| c.c));
        match rewrite_word(&word, lang, vocabulary, expand) {
            Some(Rewrite::Whole(new)) => {
                let (start, end) = (span[0].start, span[len - 1].end);
                out.extend(new.chars().map(|c| Ch::new(c, start, end)));
            }
            Some(Rewrite::Squeezed(keep)) => {
                // Each kept character absorbs the repeats dropped after it.
                for (j, &k) in keep.iter().enumerate() {
                    let last = keep.get(j + 1).map_or(len, |&n| n) - 1;
                    out.push(Ch::new(span[k].c, span[k].start, span[last].end));
                }
            }
            None => out.extend_from_slice(span),
        }
        i += len;
    }
    out
}

fn is_key_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
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
            return Some((stem.to_string(), "not"));
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
        if run >= 3 && chars[i].is_alphabetic() {
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
                if mask & (1 << r) != 0 {
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
        if vocabulary.contains(&candidate) {
            return Some(keep);
        }
    }
    Some(build(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squeezed(word: &str) -> String {
        let vocab = builtin_vocabulary();
        let chars: Vec<char> = word.chars().collect();
        match squeeze(word, &vocab) {
            Some(keep) => keep.iter().map(|&k| chars[k]).collect(),
            None => word.to_string(),
        }
    }

    #[test]
    fn squeezes_elongations_but_keeps_real_doubles() {
        let cases = [
            ("sooo", "so"),
            ("soooooo", "so"),
            ("goood", "good"),
            ("good", "good"),
            ("muuuito", "muito"),
            ("carro", "carro"),
            ("isso", "isso"),
            ("issssso", "isso"),
            ("booom", "bom"),
            ("yesss", "yes"),
            ("greeeeat", "great"),
            ("خیلیییی", "خیلی"),
            ("ممنون", "ممنون"),
            ("1000", "1000"),
        ];
        for (input, want) in cases {
            assert_eq!(squeezed(input), want, "{input}");
        }
    }

    #[test]
    fn contractions_split_into_negation() {
        let cases = [
            ("don't", Some("do not")),
            ("isn't", Some("is not")),
            ("won't", Some("will not")),
            ("can't", Some("can not")),
            ("didnt", Some("did not")),
            ("doesnt", Some("does not")),
            ("it's", None),
            ("n't", None),
        ];
        for (input, want) in cases {
            let got = split_contraction(input).map(|(stem, not)| format!("{stem} {not}"));
            assert_eq!(got.as_deref(), want, "{input}");
        }
    }

    #[test]
    fn brazilian_abbreviations_expand() {
        let cases = [
            ("vc", Some("voce")),
            ("pq", Some("porque")),
            ("mto", Some("muito")),
            ("mt", Some("muito")),
            ("tb", Some("tambem")),
            ("tbm", Some("tambem")),
            ("q", Some("que")),
            ("td", Some("tudo")),
            ("msm", Some("mesmo")),
            ("blz", Some("beleza")),
            ("produto", None),
        ];
        for (input, want) in cases {
            assert_eq!(expand_pt_abbreviation(input), want, "{input}");
        }
    }
}
