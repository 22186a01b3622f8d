//! Stem tables: which terms a stemmed word matches, and a cheap test that
//! rules most words out before they are stemmed at all.

use rustc_hash::FxHashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use crate::lang::Lang;

/// The stems of one language's terms.
#[derive(Debug, Clone, Default)]
struct LangStems {
    /// Stem → term ids.
    terms: FxHashMap<String, Vec<usize>>,
    /// Built from the stems by [`StemIndex::finish`].
    prefilter: Prefilter,
}

/// What a word must begin with to stem to one of a language's stems.
#[derive(Debug, Clone, Default)]
enum Prefilter {
    /// Not built yet: every word may match.
    #[default]
    None,
    /// The first two characters of some stem (sorted): stemmers only
    /// rewrite a word's ending.
    FirstTwo(Vec<[char; 2]>),
    /// A whole stem, for a stemmer that only removes suffixes (Persian):
    /// every stem as an anchored automaton.
    Stem(Box<DFA>),
}

/// Stem → term tables per language.
#[derive(Debug, Clone, Default)]
pub(crate) struct StemIndex {
    /// At most one entry per language: asked for every word, a linear look
    /// at three entries beats hashing.
    langs: Vec<(Lang, LangStems)>,
}

impl StemIndex {
    fn get(&self, lang: Lang) -> Option<&LangStems> {
        self.langs.iter().find(|(l, _)| *l == lang).map(|(_, t)| t)
    }

    pub fn add(&mut self, lang: Lang, stem: String, term: usize) {
        let i = match self.langs.iter().position(|(l, _)| *l == lang) {
            Some(i) => i,
            None => {
                self.langs.push((lang, LangStems::default()));
                self.langs.len() - 1
            }
        };
        self.langs[i].1.terms.entry(stem).or_default().push(term);
    }

    /// Builds the prefilters; call once all stems are added. `suffix_only`
    /// says which languages' stemmers return a prefix of their input.
    pub fn finish(&mut self, suffix_only: impl Fn(Lang) -> bool) {
        for (lang, table) in &mut self.langs {
            // A few thousand short stems: a DFA of a few hundred kilobytes
            // at most, walked over a word's first bytes only.
            let dfa = suffix_only(*lang).then(|| {
                DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .start_kind(StartKind::Anchored)
                    .build(table.terms.keys())
                    .ok()
            });
            table.prefilter = match dfa.flatten() {
                Some(dfa) => Prefilter::Stem(Box::new(dfa)),
                None => {
                    let mut first: Vec<[char; 2]> =
                        table.terms.keys().filter_map(|s| prefix2(s)).collect();
                    first.sort_unstable();
                    first.dedup();
                    Prefilter::FirstTwo(first)
                }
            };
        }
    }

    pub fn has(&self, lang: Lang) -> bool {
        self.get(lang).is_some()
    }

    /// The terms whose stem is `stem`.
    pub fn terms(&self, lang: Lang, stem: &str) -> &[usize] {
        self.get(lang)
            .and_then(|t| t.terms.get(stem))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether `word` may stem to one of the stems of `lang`: false only
    /// where it certainly cannot.
    pub fn may_match(&self, lang: Lang, word: &str) -> bool {
        let Some(table) = self.get(lang) else {
            return false;
        };
        match &table.prefilter {
            Prefilter::None => true,
            Prefilter::FirstTwo(first) => {
                prefix2(word).is_some_and(|p| first.binary_search(&p).is_ok())
            }
            Prefilter::Stem(dfa) => begins_with_any(dfa, word),
        }
    }
}

/// Whether one of `dfa`'s patterns is a prefix of `word`: a walk over the
/// word's first bytes, stopped as soon as no pattern can match.
fn begins_with_any(dfa: &DFA, word: &str) -> bool {
    let Ok(mut sid) = dfa.start_state(Anchored::Yes) else {
        return false;
    };
    for &b in word.as_bytes() {
        sid = dfa.next_state(Anchored::Yes, sid, b);
        if dfa.is_dead(sid) {
            return false;
        }
        if dfa.is_match(sid) {
            return true;
        }
    }
    false
}

/// The first two characters of `s`, if it has two.
fn prefix2(s: &str) -> Option<[char; 2]> {
    let mut chars = s.chars();
    Some([chars.next()?, chars.next()?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_automaton_rules_out_words_no_stem_begins() {
        let mut index = StemIndex::default();
        index.add(Lang::Fa, "کیفیت".into(), 0);
        index.add(Lang::Fa, "خوب".into(), 1);
        index.add(Lang::En, "broke".into(), 2);
        index.finish(|l| l == Lang::Fa);
        assert!(index.may_match(Lang::Fa, "کیفیتش"));
        assert!(index.may_match(Lang::Fa, "خوبه"));
        assert!(index.may_match(Lang::Fa, "خوب"));
        // Same first two letters, but no stem is a prefix.
        assert!(!index.may_match(Lang::Fa, "کیک"));
        assert!(!index.may_match(Lang::Fa, "خواهم"));
        // Not suffix-only: the two-letter test alone.
        assert!(index.may_match(Lang::En, "broken"));
        assert!(index.may_match(Lang::En, "brx"));
        assert!(!index.may_match(Lang::En, "good"));
        assert!(!index.may_match(Lang::Pt, "bom"));
        assert_eq!(index.terms(Lang::Fa, "خوب"), &[1]);
        assert!(index.terms(Lang::Fa, "خو").is_empty());
        assert!(index.has(Lang::En) && !index.has(Lang::Pt));
    }
}
