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

use super::align::{Builder, Ch, Mark};
use super::chars::*;
use crate::lang::Lang;

/// Buffers of the key pass, reused from one text to the next.
#[derive(Debug, Default)]
pub(crate) struct Work {
    /// What one display character folds to, off the fast lane.
    folded: Vec<Ch>,
    /// The characters of the word being rewritten.
    span: Vec<Ch>,
    /// The word being rewritten, as text.
    word: String,
}

/// The word being read: where it started, and just enough about its key
/// characters to tell whether it may need rewriting (see [`may_rewrite`]).
struct Word {
    /// The key before the word, to rewrite it from.
    mark: Mark,
    /// Index of its first display character.
    from: usize,
    len: usize,
    first: char,
    last: char,
    before_last: char,
    /// Whether three equal characters follow each other in it.
    has_run: bool,
}

impl Word {
    fn new(mark: Mark, from: usize) -> Self {
        Word {
            mark,
            from,
            len: 0,
            first: '\0',
            last: '\0',
            before_last: '\0',
            has_run: false,
        }
    }

    #[inline]
    fn push(&mut self, c: char) {
        if self.len == 0 {
            self.first = c;
        }
        self.has_run |= self.len >= 2 && c == self.last && c == self.before_last;
        self.before_last = self.last;
        self.last = c;
        self.len += 1;
    }
}

/// Builds the key from the display characters in one pass into `out`:
/// characters are folded into the key as they come, and each word is
/// rewritten in place when it ends, if it needs it at all.
pub(crate) fn key_chars(
    display: &[Ch],
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
    work: &mut Work,
    out: &mut Builder,
) {
    let mut word: Option<Word> = None;
    // A space waits for what follows it: a key neither starts nor ends with
    // one, nor has two in a row (folding away a stray accent can leave them).
    let mut space: Option<Ch> = None;
    for (i, &ch) in display.iter().enumerate() {
        // Fast lane: ASCII and Arabic-script letters fold to one character,
        // which is a word character unless it is ASCII punctuation or space.
        let c = ch.c;
        let lane = if c.is_ascii() {
            Some((
                c.to_ascii_lowercase(),
                c.is_ascii_alphanumeric() || c == '\'',
            ))
        } else {
            let class = arabic_class(c);
            if class & LETTER == 0 {
                None
            } else if class & FOLDED == 0 {
                Some((c, true))
            } else {
                Some((fold_arabic_variant(c), true))
            }
        };
        if let Some((k, in_word)) = lane {
            if in_word {
                let w = word.get_or_insert_with(|| {
                    push_space(&mut space, out);
                    Word::new(out.mark(), i)
                });
                w.push(k);
            } else {
                if let Some(w) = word.take() {
                    finish_word(&display[w.from..i], w, lang, vocabulary, expand, work, out);
                }
                if k == ' ' {
                    if space.is_none() && out.last().is_some_and(|l| l.c != ' ') {
                        space = Some(ch);
                    }
                    continue;
                }
                push_space(&mut space, out);
            }
            out.push(ch.with(k));
            continue;
        }
        work.folded.clear();
        if !fold_char(ch, &mut work.folded) {
            match &mut space {
                Some(s) => s.widen(ch.end),
                None => out.widen_last(ch.end),
            }
            continue;
        }
        let first = work.folded[0];
        if is_key_word_char(first.c) {
            let w = word.get_or_insert_with(|| {
                push_space(&mut space, out);
                Word::new(out.mark(), i)
            });
            for &k in &work.folded {
                w.push(k.c);
                out.push(k);
            }
            continue;
        }
        if let Some(w) = word.take() {
            finish_word(&display[w.from..i], w, lang, vocabulary, expand, work, out);
        }
        if first.c == ' ' && work.folded.len() == 1 {
            if space.is_none() && out.last().is_some_and(|l| l.c != ' ') {
                space = Some(first);
            }
            continue;
        }
        push_space(&mut space, out);
        for &k in &work.folded {
            out.push(k);
        }
    }
    if let Some(w) = word {
        finish_word(&display[w.from..], w, lang, vocabulary, expand, work, out);
    }
}

/// Pushes the space waiting in `space`, if any.
#[inline]
fn push_space(space: &mut Option<Ch>, out: &mut Builder) {
    if let Some(s) = space.take() {
        out.push(s);
    }
}

/// Rewrites the word just pushed to `out`, which the display characters
/// `display` folded to, if it needs it.
fn finish_word(
    display: &[Ch],
    w: Word,
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
    work: &mut Work,
    out: &mut Builder,
) {
    if !may_rewrite(&w, lang, expand) {
        return;
    }
    // The word's key characters, folded again from the display: cheaper than
    // keeping every word's characters for the few that change.
    work.span.clear();
    for &ch in display {
        if !fold_char(ch, &mut work.span) {
            if let Some(last) = work.span.last_mut() {
                last.widen(ch.end);
            }
        }
    }
    work.word.clear();
    work.word.extend(work.span.iter().map(|c| c.c));
    let Some(rewrite) = rewrite_word(&work.word, lang, vocabulary, expand) else {
        return;
    };
    out.truncate(w.mark);
    let span = &work.span;
    let len = span.len();
    match rewrite {
        Rewrite::Whole(new) => {
            let (start, end) = (span[0].start, span[len - 1].end);
            for c in new.chars() {
                out.push(Ch::new(c, start, end));
            }
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

/// Folds one display character into `out`. Returns `false`, pushing
/// nothing, for a character that folds away into the one before it.
fn fold_char(ch: Ch, out: &mut Vec<Ch>) -> bool {
    let c = ch.c;
    if c.is_ascii() {
        out.push(ch.with(c.to_ascii_lowercase()));
        return true;
    }
    // Combining accents left over after NFC (`é` + U+0301) fold away like
    // the accents NFC composed.
    if c == ZWNJ || is_latin_combining(c) {
        return false;
    }
    if let Some(d) = eastern_digit_value(c) {
        out.push(ch.with(char::from_digit(d, 10).unwrap_or(c)));
        return true;
    }
    if is_arabic_letter(c) {
        out.push(ch.with(fold_arabic_variant(c)));
        return true;
    }
    for l in c.to_lowercase() {
        out.push(ch.with(fold_latin_accent(l)));
    }
    true
}

fn is_key_word_char(c: char) -> bool {
    is_alphanumeric(c) || c == '\''
}

/// A cheap test that rules out nearly every word before any allocation: a
/// word can only change if it has a run of three equal letters, or is a
/// short Latin word (abbreviation), or ends like a negative contraction.
fn may_rewrite(w: &Word, lang: Lang, expand: bool) -> bool {
    if expand && w.first.is_ascii() {
        // Every negative contraction (`don't`, `dont`, `cannot`) ends in `t`.
        let contraction = w.last == 't';
        let short_pt = lang == Lang::Pt && w.len <= 5;
        if short_pt || contraction {
            return true;
        }
    }
    w.has_run
}

enum Rewrite {
    /// The word is replaced by other text (an expansion).
    Whole(String),
    /// The word keeps the characters at these indices (a squeeze).
    Squeezed(Vec<usize>),
}

/// Whether three equal characters follow each other.
fn has_run(chars: impl Iterator<Item = char>) -> bool {
    let (mut a, mut b) = ('\0', '\0');
    for (i, c) in chars.enumerate() {
        if i >= 2 && a == b && b == c {
            return true;
        }
        (a, b) = (b, c);
    }
    false
}

fn rewrite_word(
    word: &str,
    lang: Lang,
    vocabulary: &HashSet<String>,
    expand: bool,
) -> Option<Rewrite> {
    // Only a run of three equal letters squeezes; most words reach here
    // because they are short or end in `t`, and need no squeeze at all.
    let keep = if has_run(word.chars()) {
        squeeze(word, vocabulary)
    } else {
        None
    };
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
