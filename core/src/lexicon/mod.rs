//! Lexicons: keyword categories, compiled once for matching.
//!
//! A [`Lexicon`] is built from one or more TOML files (format in [`spec`]),
//! validated, and compiled into a single aho-corasick automaton over the
//! match keys of every term of every category and language, plus stem
//! tables and size-limited regexes. The default lexicons for Persian,
//! English, Portuguese and emoji are embedded in the binary.
//!
//! ```
//! use nazar::Lexicon;
//!
//! let lexicon = Lexicon::default();
//! assert!(lexicon.category("authenticity").is_some_and(|c| c.contradiction));
//! let custom = Lexicon::builder()
//!     .add_toml("mine.toml", "[[category]]\nname = \"smell\"\npolarity = \"negative\"\nterms.en = [\"smells\"]\n")?
//!     .build()?;
//! assert!(custom.category("smell").is_some());
//! assert!(custom.category("authenticity").is_some(), "defaults kept");
//! # Ok::<(), nazar::Error>(())
//! ```

pub mod spec;
mod stem_index;

use std::collections::HashMap;

use rustc_hash::FxHashSet;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::error::{Error, Location, Result};
use crate::lang::Lang;
use crate::normalize::Normalizer;
use crate::tag::Polarity;
use crate::token::{StemLang, Stemmer};

use stem_index::StemIndex;

use spec::Reference;
pub use spec::{CategorySpec, LexiconSpec, NegationSpec};

/// The default lexicons, embedded at compile time.
const DEFAULTS: [(&str, &str); 4] = [
    ("lexicons/fa.toml", include_str!("../../lexicons/fa.toml")),
    ("lexicons/en.toml", include_str!("../../lexicons/en.toml")),
    ("lexicons/pt.toml", include_str!("../../lexicons/pt.toml")),
    (
        "lexicons/emoji.toml",
        include_str!("../../lexicons/emoji.toml"),
    ),
];

/// A category as the tagger reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Unique snake_case name.
    pub name: Arc<str>,
    /// What it is about.
    pub aspect: Arc<str>,
    /// Polarity of an un-negated match.
    pub polarity: Polarity,
    /// Whether its matches count toward the contradiction rate.
    pub contradiction: bool,
    /// What it means.
    pub description: String,
    /// The index (in [`Lexicon::categories`]) of the category a negated
    /// match is reported as, or `None` to flip this one's polarity.
    pub when_negated: Option<usize>,
    /// The index of the category a match is reported as in a comment that
    /// says the rest of the order is still coming (`when_pending`), if any.
    pub when_pending: Option<usize>,
}

/// One compiled term: which category, which language, as written.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub category: usize,
    /// `None` for language-independent terms (`any`).
    pub lang: Option<Lang>,
    /// The term as written in the lexicon.
    pub text: Arc<str>,
    /// The term has a negator inside (`não chegou`, `no complaints`): it is
    /// never flipped again by negators around it.
    pub fixed: bool,
    /// A negated form generated from the term (`نمی‌خرم` from `می‌خرم`): it
    /// matches with the polarity flipped and `negated: true`.
    pub negated: bool,
}

/// A compiled regex pattern of a category.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub category: usize,
    pub lang: Option<Lang>,
    pub regex: Regex,
    /// Matched against the match key (`key_patterns`), not the display form.
    pub on_key: bool,
}

/// Negation words of one language, as match keys. Sets: the tagger asks
/// about every word near a match, and Persian has a hundred post-negators.
#[derive(Debug, Clone, Default)]
pub(crate) struct Negation {
    pub pre: FxHashSet<String>,
    pub post: FxHashSet<String>,
    pub clause_breaks: FxHashSet<String>,
    pub wishes: FxHashSet<String>,
    /// Bit `n` set when a wish word is `n` bytes long (63 for any longer):
    /// most words are no wish by their length alone, which is cheaper than
    /// hashing every token of every comment.
    wish_lengths: u64,
    /// [`NegationSpec::questions`], each as its words.
    pub questions: Vec<Vec<String>>,
    /// [`NegationSpec::elsewhere`], each as its words.
    pub elsewhere: Vec<Vec<String>>,
    /// [`NegationSpec::pending`], each as its words.
    pub pending: Vec<Vec<String>>,
    /// The first words of `questions`, `elsewhere` and `pending`, with their lengths
    /// as bits (as `wish_lengths`): a token that starts none of them is
    /// told at once.
    phrase_starts: FxHashSet<String>,
    phrase_start_lengths: u64,
}

impl Negation {
    /// Whether `word` is a wish word.
    pub fn is_wish(&self, word: &str) -> bool {
        self.wish_lengths & length_bit(word) != 0 && self.wishes.contains(word)
    }

    /// Whether `word` may start a phrase of `questions`, `elsewhere` or
    /// `pending`.
    pub fn may_start_phrase(&self, word: &str) -> bool {
        self.phrase_start_lengths & length_bit(word) != 0 && self.phrase_starts.contains(word)
    }

    /// Fills the length bitmasks and the set of phrase starts.
    fn index_words(&mut self) {
        self.wish_lengths = self.wishes.iter().fold(0, |bits, w| bits | length_bit(w));
        self.phrase_starts = self
            .questions
            .iter()
            .chain(&self.elsewhere)
            .chain(&self.pending)
            .filter_map(|p| p.first().cloned())
            .collect();
        self.phrase_start_lengths = self
            .phrase_starts
            .iter()
            .fold(0, |bits, w| bits | length_bit(w));
    }
}

fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

/// Compiled keyword categories; build once, share across threads.
#[derive(Debug, Clone)]
pub struct Lexicon {
    spec: LexiconSpec,
    categories: Vec<Category>,
    /// One automaton over the unique term keys.
    automaton: AhoCorasick,
    /// For each automaton pattern, the terms that share its key.
    key_terms: Vec<Vec<usize>>,
    /// For each automaton pattern, the languages in which its key is an
    /// ignored phrase (`None`: every language); mostly empty.
    key_ignored: Vec<Vec<Option<Lang>>>,
    terms: Vec<Term>,
    /// Stem tables per language: stem → term ids.
    stems: StemIndex,
    patterns: Vec<Pattern>,
    negation: HashMap<Lang, Negation>,
    vocabulary: Vec<String>,
}

impl Default for Lexicon {
    /// The embedded default lexicons (Persian, English, Portuguese, emoji).
    fn default() -> Self {
        static DEFAULT: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                LexiconBuilder::default()
                    .build()
                    .unwrap_or_else(|e| panic!("the embedded default lexicons are invalid: {e}"))
            })
            .clone()
    }
}

/// Builds a [`Lexicon`] from the defaults and/or user files.
#[derive(Debug, Clone)]
pub struct LexiconBuilder {
    defaults: bool,
    sources: Vec<(String, LexiconSpec)>,
}

impl Default for LexiconBuilder {
    fn default() -> Self {
        LexiconBuilder {
            defaults: true,
            sources: Vec::new(),
        }
    }
}

impl LexiconBuilder {
    /// Whether the embedded defaults are included (default `true`); turn
    /// off to replace them with your own files.
    pub fn defaults(mut self, on: bool) -> Self {
        self.defaults = on;
        self
    }

    /// Adds a lexicon file.
    pub fn add_file(mut self, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(Location::file(path), e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let (line, column) = spec::line_col(valid, at);
            Error::lexicon(
                Location::file(path)
                    .with_line(line)
                    .with_column(column.to_string()),
                format!(
                    "byte 0x{:02X} is not UTF-8: a lexicon is UTF-8 text (save the file as \
                     UTF-8)",
                    bytes[at]
                ),
            )
        })?;
        let name = path.display().to_string();
        let spec = spec::parse(&name, &text)?;
        self.sources.push((name, spec));
        Ok(self)
    }

    /// Adds a lexicon given as TOML text; `name` appears in error messages.
    pub fn add_toml(mut self, name: &str, text: &str) -> Result<Self> {
        let spec = spec::parse(name, text)?;
        self.sources.push((name.to_string(), spec));
        Ok(self)
    }

    /// Adds a specification built in code; it is checked
    /// ([`LexiconSpec::check`]) when the lexicon is built.
    pub fn add_spec(mut self, name: &str, spec: LexiconSpec) -> Self {
        self.sources.push((name.to_string(), spec));
        self
    }

    /// Merges everything and compiles it.
    pub fn build(self) -> Result<Lexicon> {
        let mut merged = LexiconSpec::default();
        // Which file named which category in `when_negated` or
        // `when_pending`: whether it fits is known once every file is merged.
        struct Named {
            file: String,
            category: String,
            field: Reference,
            target: String,
        }
        let mut named: Vec<Named> = Vec::new();
        let mut merge = |spec: LexiconSpec, file: &str| {
            for c in &spec.categories {
                named.extend(c.references().map(|(field, target)| Named {
                    file: file.to_string(),
                    category: c.name.clone(),
                    field,
                    target: target.to_string(),
                }));
            }
            merged.merge(spec, file)
        };
        if self.defaults {
            for (name, text) in DEFAULTS {
                merge(spec::parse(name, text)?, name)?;
            }
        }
        for (name, spec) in self.sources {
            merge(spec, &name)?;
        }
        for n in &named {
            let Some(of) = merged.categories.iter().find(|c| c.name == n.category) else {
                continue;
            };
            if let Some(problem) = reference_problem(&merged.categories, of, n.field, &n.target) {
                return Err(Error::lexicon(Location::file(&n.file), problem));
            }
        }
        Lexicon::compile(merged)
    }
}

/// Most term keys compiled into a DFA; more go into a contiguous NFA.
///
/// A few thousand terms (the defaults) make a DFA of a few megabytes, and
/// overlapping search over it is the tagger's inner loop. But a DFA grows
/// by some 8 KB per term: 100,000 terms took 4.9 s and 800 MB to build,
/// where a contiguous NFA takes 2.2 s and 100 MB and tags the corpora as
/// fast (normalizing, not matching, dominates tagging).
pub const DFA_MAX_KEYS: usize = 10_000;

/// The automaton kind for `keys` term keys (see [`DFA_MAX_KEYS`]).
fn automaton_kind(keys: usize) -> AhoCorasickKind {
    if keys <= DFA_MAX_KEYS {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    }
}

/// What is wrong with `field = "target"` on category `of`, if anything.
/// The target must exist; a `when_negated` one must have the opposite
/// polarity (a negated praise is a complaint); a `when_pending` one the same
/// polarity (a split delivery changes what the evidence is about, not which
/// side it is on) and no `when_pending` of its own (one step only).
fn reference_problem(
    categories: &[CategorySpec],
    of: &CategorySpec,
    field: Reference,
    target: &str,
) -> Option<String> {
    let name = field.field();
    let Some(t) = categories.iter().find(|c| c.name == target) else {
        return Some(format!(
            "{name} of category {:?} names {target:?}, which no lexicon defines",
            of.name
        ));
    };
    let polarity = of.polarity.as_str();
    match field {
        Reference::WhenNegated if t.polarity == of.polarity => Some(format!(
            "{name} of category {:?} names {target:?}, which is {polarity} as well: a negated \
             match needs the opposite polarity",
            of.name,
        )),
        Reference::WhenPending if t.polarity != of.polarity => Some(format!(
            "{name} of category {:?} names {target:?}, which is not {polarity}: a split \
             delivery keeps the match's polarity",
            of.name,
        )),
        Reference::WhenPending if t.when_pending.is_some() => Some(format!(
            "{name} of category {:?} names {target:?}, which has a when_pending of its own",
            of.name,
        )),
        _ => None,
    }
}

/// Persian verbs at the end of a term and their negated forms, so that a
/// term like `ارزش دارد` also matches `ارزش ندارد` as its negation. Verbs
/// with the `می` prefix are negated generically (`می‌خرم` → `نمی‌خرم`).
const FA_VERB_NEGATIONS: &[(&str, &str)] = &[
    ("است", "نیست"),
    ("هست", "نیست"),
    ("بود", "نبود"),
    ("شد", "نشد"),
    ("دارد", "ندارد"),
    ("داره", "نداره"),
    ("داشت", "نداشت"),
    ("رسید", "نرسید"),
    ("رسیده", "نرسیده"),
    ("کرد", "نکرد"),
    ("کرده", "نکرده"),
    ("اومد", "نیومد"),
    ("آمد", "نیامد"),
    ("ارزه", "نمیارزه"),
];

fn lang_of(key: &str) -> Option<Lang> {
    key.parse().ok()
}

impl Lexicon {
    /// A builder that starts from the embedded defaults.
    pub fn builder() -> LexiconBuilder {
        LexiconBuilder::default()
    }

    /// A lexicon from one file, without the defaults.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        LexiconBuilder::default()
            .defaults(false)
            .add_file(path)?
            .build()
    }

    /// A lexicon from TOML text, without the defaults.
    pub fn from_toml(name: &str, text: &str) -> Result<Self> {
        LexiconBuilder::default()
            .defaults(false)
            .add_toml(name, text)?
            .build()
    }

    /// The validated specification this lexicon was compiled from; it
    /// serializes with serde, so a lexicon can travel to other processes.
    pub fn spec(&self) -> &LexiconSpec {
        &self.spec
    }

    /// The categories, in definition order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Whether a match of `category` may count as a contradiction: it is
    /// one, or a negated match of it is reported as one (`when_negated`).
    pub(crate) fn may_contradict(&self, category: &Category) -> bool {
        category.contradiction
            || category
                .when_negated
                .is_some_and(|other| self.categories[other].contradiction)
    }

    /// The category called `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| &*c.name == name)
    }

    /// Number of compiled terms (including generated negated forms).
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Compiles a specification, checked first ([`LexiconSpec::check`]).
    pub fn compile(spec: LexiconSpec) -> Result<Self> {
        spec.check()?;
        // Keys of terms are computed without expansions of the comment's
        // language: terms are written in full, and a term like `q` must not
        // become `que`. Elongation vocabulary does not matter for terms.
        let normalizer = Normalizer::builder().expand_keys(false).build();
        let stemmer = Stemmer::new();
        let mut categories: Vec<Category> = spec
            .categories
            .iter()
            .map(|c| Category {
                name: Arc::from(c.name.as_str()),
                aspect: Arc::from(c.aspect.as_str()),
                polarity: c.polarity,
                contradiction: c.contradiction,
                description: c.description.clone(),
                when_negated: None,
                when_pending: None,
            })
            .collect();
        for (i, c) in spec.categories.iter().enumerate() {
            for (field, target) in c.references() {
                if let Some(problem) = reference_problem(&spec.categories, c, field, target) {
                    return Err(Error::lexicon(Location::default(), problem));
                }
                let at = categories.iter().position(|o| &*o.name == target);
                match field {
                    Reference::WhenNegated => categories[i].when_negated = at,
                    Reference::WhenPending => categories[i].when_pending = at,
                }
            }
        }

        let mut negation: HashMap<Lang, Negation> = HashMap::new();
        let mut negators: Vec<String> = Vec::new();
        for (lang_key, neg) in &spec.negation {
            let key = |w: &String| normalizer.key(w);
            let phrases = |list: &[String]| -> Vec<Vec<String>> {
                list.iter()
                    .map(|p| key(p).split(' ').map(str::to_string).collect())
                    .collect()
            };
            let mut post: FxHashSet<String> = neg.post.iter().map(key).collect();
            if lang_of(lang_key) == Some(Lang::Fa) {
                // Spoken Persian writes a pronoun or an emphatic alef onto
                // the negated verb: `خوب نبودش`, `راضی نیستا` negate as
                // `نبود` and `نیست` do.
                let spoken: Vec<String> = post
                    .iter()
                    .flat_map(|w| [format!("{w}ش"), format!("{w}ا")])
                    .collect();
                post.extend(spoken);
            }
            let compiled = Negation {
                pre: neg.pre.iter().map(key).collect(),
                post,
                clause_breaks: neg.clause_breaks.iter().map(key).collect(),
                wishes: neg.wishes.iter().map(key).collect(),
                questions: phrases(&neg.questions),
                elsewhere: phrases(&neg.elsewhere),
                pending: phrases(&neg.pending),
                ..Negation::default()
            };
            negators.extend(compiled.pre.iter().chain(&compiled.post).cloned());
            let langs: Vec<Lang> = match lang_of(lang_key) {
                Some(l) => vec![l],
                None => Lang::ALL.to_vec(),
            };
            for l in langs {
                let entry = negation.entry(l).or_default();
                entry.pre.extend(compiled.pre.iter().cloned());
                entry.post.extend(compiled.post.iter().cloned());
                entry
                    .clause_breaks
                    .extend(compiled.clause_breaks.iter().cloned());
                entry.wishes.extend(compiled.wishes.iter().cloned());
                for (mine, theirs) in [
                    (&mut entry.questions, &compiled.questions),
                    (&mut entry.elsewhere, &compiled.elsewhere),
                    (&mut entry.pending, &compiled.pending),
                ] {
                    for p in theirs {
                        if !mine.contains(p) {
                            mine.push(p.clone());
                        }
                    }
                }
            }
        }
        negation.values_mut().for_each(Negation::index_words);

        let mut terms: Vec<Term> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut key_index: HashMap<String, usize> = HashMap::new();
        let mut key_terms: Vec<Vec<usize>> = Vec::new();
        let mut vocabulary: Vec<String> = Vec::new();
        let mut add = |key: String, term: Term, terms: &mut Vec<Term>| {
            if key.is_empty() {
                return;
            }
            let id = terms.len();
            terms.push(term);
            let k = *key_index.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                key_terms.push(Vec::new());
                keys.len() - 1
            });
            key_terms[k].push(id);
        };
        let mut stems = StemIndex::default();
        let mut patterns = Vec::new();
        // A phrase's key, in its language (or any: emoji, ...).
        let term_key = |text: &str, lang: Option<Lang>| match lang {
            Some(l) => normalizer.normalize_as(text, l).key().to_string(),
            None => normalizer.key(text),
        };

        // The keys of the ignored phrases, each with the languages it is
        // ignored in. One with the key of a term switches the term off, with
        // the forms made from it (stems, Persian negations), where it is
        // ignored in all of the term's languages.
        let mut ignored: Vec<(String, Vec<Option<Lang>>)> = Vec::new();
        let mut ignored_index: HashMap<String, usize> = HashMap::new();
        for (lang_key, list) in &spec.ignore {
            let lang = lang_of(lang_key);
            for text in list {
                let key = term_key(text, lang);
                if key.is_empty() {
                    continue;
                }
                let i = *ignored_index.entry(key.clone()).or_insert_with(|| {
                    ignored.push((key, Vec::new()));
                    ignored.len() - 1
                });
                ignored[i].1.push(lang);
            }
        }
        let switched_off = |key: &str, lang: Option<Lang>| {
            ignored_index.get(key).is_some_and(|&i| {
                ignored[i]
                    .1
                    .iter()
                    .any(|&l| l.is_none() || (lang.is_some() && l == lang))
            })
        };

        // The words of the Persian terms, which tell a verb negated by its
        // own prefix (`نخرید`: `خرید` is a word of some term).
        let persian_words: FxHashSet<String> = spec
            .categories
            .iter()
            .flat_map(|c| &c.terms)
            .filter(|(lang_key, _)| lang_of(lang_key) == Some(Lang::Fa))
            .flat_map(|(_, list)| list)
            .flat_map(|text| {
                let key = term_key(text, Some(Lang::Fa));
                key.split(' ').map(str::to_string).collect::<Vec<_>>()
            })
            .collect();

        for (ci, cat) in spec.categories.iter().enumerate() {
            for (lang_key, list) in &cat.terms {
                let lang = lang_of(lang_key);
                for text in list {
                    let key = term_key(text, lang);
                    if switched_off(&key, lang) {
                        continue;
                    }
                    vocabulary.extend(key.split(' ').map(str::to_string));
                    let words: Vec<&str> = key.split(' ').collect();
                    let fixed = words.iter().any(|w| negators.iter().any(|n| n == w));
                    // What no negator flips: a term with a negator in it, a
                    // Persian term with a verb negated in itself (Persian
                    // negators agree with such a verb: `هیچ وقت نخرید` is
                    // "never buy"), and an emoji, which says what the
                    // customer felt whatever words stand before it.
                    let unflippable = fixed
                        || (lang == Some(Lang::Fa)
                            && words.iter().any(|w| is_negated_verb(w, &persian_words)))
                        || !key.chars().any(char::is_alphanumeric);
                    let text: Arc<str> = Arc::from(text.as_str());
                    // Persian inflects by suffixes written onto the word
                    // (`مشکلی`, `کیفیتش`, `خوبه`): a one-word Persian term
                    // also matches any word with the same light stem.
                    if lang == Some(Lang::Fa) && words.len() == 1 && !fixed {
                        let stem = stemmer.stem(StemLang::Fa, &key).into_owned();
                        if stem.chars().count() >= 2 {
                            let id = terms.len();
                            terms.push(Term {
                                category: ci,
                                lang,
                                text: text.clone(),
                                fixed: unflippable,
                                negated: false,
                            });
                            stems.add(Lang::Fa, stem, id);
                        }
                    }
                    if lang == Some(Lang::Fa) && !fixed {
                        if let Some(neg) = negate_persian(&words) {
                            let t = Term {
                                category: ci,
                                lang,
                                text: text.clone(),
                                fixed: true,
                                negated: true,
                            };
                            add(neg, t, &mut terms);
                        }
                    }
                    add(
                        key,
                        Term {
                            category: ci,
                            lang,
                            text,
                            fixed: unflippable,
                            negated: false,
                        },
                        &mut terms,
                    );
                }
            }
            for (lang_key, list) in &cat.stems {
                let Some(lang) = lang_of(lang_key) else {
                    continue;
                };
                for text in list {
                    let key = normalizer.normalize_as(text, lang).key().to_string();
                    if switched_off(&key, Some(lang)) {
                        continue;
                    }
                    let stem = stemmer.stem(stem_lang(lang), &key).into_owned();
                    let id = terms.len();
                    terms.push(Term {
                        category: ci,
                        lang: Some(lang),
                        text: Arc::from(text.as_str()),
                        fixed: false,
                        negated: false,
                    });
                    stems.add(lang, stem, id);
                }
            }
            let lists = [(&cat.patterns, false), (&cat.key_patterns, true)];
            for (lang_key, list, on_key) in lists
                .iter()
                .flat_map(|(map, on_key)| map.iter().map(move |(l, list)| (l, list, *on_key)))
            {
                for p in list {
                    let regex = RegexBuilder::new(p)
                        .size_limit(spec::REGEX_SIZE_LIMIT)
                        .build()
                        .map_err(|e| {
                            Error::lexicon(
                                Location::default(),
                                format!("category {:?}: bad regex {p:?}: {e}", cat.name),
                            )
                        })?;
                    patterns.push(Pattern {
                        category: ci,
                        lang: lang_of(lang_key),
                        regex,
                        on_key,
                    });
                }
            }
        }

        // Ignored phrases are keys of the automaton like terms, with no term.
        let mut key_ignored: Vec<Vec<Option<Lang>>> = Vec::new();
        for (key, langs) in ignored {
            vocabulary.extend(key.split(' ').map(str::to_string));
            let k = *key_index.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                key_terms.push(Vec::new());
                keys.len() - 1
            });
            key_ignored.resize(keys.len(), Vec::new());
            key_ignored[k] = langs;
        }
        key_ignored.resize(keys.len(), Vec::new());

        let automaton = AhoCorasick::builder()
            // Standard semantics allow overlapping search: the tagger picks the
            // longest match that sits on word boundaries itself.
            .match_kind(MatchKind::Standard)
            .kind(Some(automaton_kind(keys.len())))
            .build(&keys)
            .map_err(|e| {
                Error::lexicon(Location::default(), format!("cannot compile terms: {e}"))
            })?;
        // nazar's Persian stemmer only removes suffixes; Snowball's rewrite
        // endings (`happy` → `happi`).
        stems.finish(|l| l == Lang::Fa);
        vocabulary.sort();
        vocabulary.dedup();
        Ok(Lexicon {
            spec,
            categories,
            automaton,
            key_terms,
            key_ignored,
            terms,
            stems,
            patterns,
            negation,
            vocabulary,
        })
    }

    pub(crate) fn automaton(&self) -> &AhoCorasick {
        &self.automaton
    }

    pub(crate) fn terms_of_key(&self, pattern: usize) -> &[usize] {
        &self.key_terms[pattern]
    }

    /// The languages in which automaton pattern `pattern` is an ignored
    /// phrase (`None`: every language).
    pub(crate) fn ignored_in(&self, pattern: usize) -> &[Option<Lang>] {
        &self.key_ignored[pattern]
    }

    pub(crate) fn term(&self, id: usize) -> &Term {
        &self.terms[id]
    }

    pub(crate) fn stem_terms(&self, lang: Lang, stem: &str) -> &[usize] {
        self.stems.terms(lang, stem)
    }

    pub(crate) fn has_stems(&self, lang: Lang) -> bool {
        self.stems.has(lang)
    }

    /// Whether `word` may stem to one of the lexicon's stems of `lang`.
    pub(crate) fn may_stem_match(&self, lang: Lang, word: &str) -> bool {
        self.stems.may_match(lang, word)
    }

    pub(crate) fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether some pattern over the display form applies to comments in
    /// `lang`: only those need the display form built.
    pub(crate) fn needs_display(&self, lang: Lang) -> bool {
        self.patterns
            .iter()
            .any(|p| !p.on_key && p.lang.is_none_or(|l| l == lang))
    }

    pub(crate) fn negation(&self, lang: Lang) -> Option<&Negation> {
        self.negation.get(&lang)
    }

    /// Words of every term, so that the tagger's normalizer squeezes
    /// elongations to them (`goood` → `good`).
    pub(crate) fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }
}

/// The stemmer language of a lexicon language.
pub(crate) fn stem_lang(lang: Lang) -> StemLang {
    match lang {
        Lang::Fa => StemLang::Fa,
        Lang::En => StemLang::En,
        Lang::Pt => StemLang::Pt,
    }
}

/// The negated key of a Persian term whose last word is a verb.
/// Whether a Persian word (a match key) is a verb negated by its own
/// prefix: `نمی` before a present stem (`نمیخرم`), or `ن` before a form
/// that `words` holds as it is, with `می` or with `ب` (`نخرید`, `نرسید`,
/// `نگیرید`). A noun that starts with `ن` (`نقص`, `نرم`) is none: what
/// follows its `ن` is no word of the lexicon.
fn is_negated_verb(word: &str, words: &FxHashSet<String>) -> bool {
    if let Some(rest) = word.strip_prefix("نمی") {
        return rest.chars().count() >= 2;
    }
    let Some(rest) = word.strip_prefix('ن') else {
        return false;
    };
    rest.chars().count() >= 2
        && (words.contains(rest)
            || words.contains(&format!("می{rest}"))
            || words.contains(&format!("ب{rest}")))
}

fn negate_persian(words: &[&str]) -> Option<String> {
    let (last, rest) = words.split_last()?;
    let negated = if let Some(stem) = last.strip_prefix("می") {
        format!("نمی{stem}")
    } else {
        let (_, neg) = FA_VERB_NEGATIONS.iter().find(|(v, _)| v == last)?;
        (*neg).to_string()
    };
    let mut out: Vec<&str> = rest.to_vec();
    out.push(&negated);
    Some(out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_negated_must_name_a_category_of_the_other_polarity() {
        let lexicon = |target: &str| {
            Lexicon::builder()
                .defaults(false)
                .add_toml(
                    "w.toml",
                    &format!(
                        "[[category]]\nname = \"as_described\"\npolarity = \"positive\"\n\
                         when_negated = \"{target}\"\nterms.en = [\"as described\"]\n\
                         [[category]]\nname = \"praise\"\npolarity = \"positive\"\n\
                         terms.en = [\"nice\"]\n\
                         [[category]]\nname = \"not_as_described\"\npolarity = \"negative\"\n\
                         contradiction = true\nterms.en = [\"different\"]\n"
                    ),
                )?
                .build()
        };
        let ok = lexicon("not_as_described").expect("valid");
        let at = ok
            .categories()
            .iter()
            .position(|c| &*c.name == "not_as_described");
        assert_eq!(ok.category("as_described").and_then(|c| c.when_negated), at);
        for (target, want) in [
            ("missing", "which no lexicon defines"),
            ("praise", "which is positive as well"),
        ] {
            let err = lexicon(target).expect_err(target).to_string();
            assert!(
                err.contains("w.toml") && err.contains("as_described") && err.contains(want),
                "{err}"
            );
        }
    }

    #[test]
    fn a_file_that_is_not_utf8_names_the_line_and_column() {
        let path = std::env::temp_dir().join(format!("nazar-latin1-{}.toml", std::process::id()));
        // "não" written in Latin-1: ã is the one byte 0xE3.
        let text =
            b"[[category]]\nname = \"a\"\npolarity = \"negative\"\nterms.pt = [\"n\xe3o\"]\n";
        std::fs::write(&path, text).expect("write");
        let err = Lexicon::builder().add_file(&path).expect_err("latin-1");
        std::fs::remove_file(&path).ok();
        assert!(matches!(err, Error::Lexicon { .. }), "{err:?}");
        let err = err.to_string();
        assert!(err.contains("line 4, column 15"), "{err}");
        assert!(err.contains("byte 0xE3 is not UTF-8"), "{err}");
    }

    #[test]
    fn when_pending_must_name_a_category() {
        let lexicon = |target: &str| {
            Lexicon::builder()
                .defaults(false)
                .add_toml(
                    "p.toml",
                    &format!(
                        "[[category]]\nname = \"missing_item\"\npolarity = \"negative\"\n\
                         contradiction = true\nwhen_pending = \"{target}\"\n\
                         terms.en = [\"only got one\"]\n\
                         [[category]]\nname = \"late\"\npolarity = \"negative\"\n\
                         terms.en = [\"late\"]\n\
                         [[category]]\nname = \"praise\"\npolarity = \"positive\"\n\
                         terms.en = [\"nice\"]\n\
                         [[category]]\nname = \"stale\"\npolarity = \"negative\"\n\
                         when_pending = \"late\"\nterms.en = [\"stale\"]\n"
                    ),
                )?
                .build()
        };
        let ok = lexicon("late").expect("valid");
        let at = ok.categories().iter().position(|c| &*c.name == "late");
        assert_eq!(ok.category("missing_item").and_then(|c| c.when_pending), at);
        for (target, want) in [
            ("early", "which no lexicon defines"),
            ("praise", "which is not negative"),
            ("stale", "which has a when_pending of its own"),
        ] {
            let err = lexicon(target).expect_err(target).to_string();
            assert!(
                err.contains("p.toml") && err.contains("missing_item") && err.contains(want),
                "{err}"
            );
        }
        // A spec compiled directly (unpickled in Python) is checked too.
        let mut spec = ok.spec().clone();
        spec.categories[0].when_pending = Some("early".into());
        let err = Lexicon::compile(spec).expect_err("unknown").to_string();
        assert!(err.contains("which no lexicon defines"), "{err}");
        // So are what a file's parser checks: an empty entry, a bad name,
        // an unknown language, Arabic letters in an English term.
        type Break = fn(&mut LexiconSpec);
        let cases: [(Break, &str); 5] = [
            (
                |s| {
                    s.categories[0].terms.insert("en".into(), vec![" ".into()]);
                },
                "empty entry in terms.en",
            ),
            (|s| s.categories[0].name = "Bad Name".into(), "snake_case"),
            (
                |s| {
                    s.categories[0]
                        .terms
                        .insert("de".into(), vec!["gut".into()]);
                },
                "unknown language \"de\"",
            ),
            (
                |s| {
                    s.categories[0]
                        .terms
                        .insert("en".into(), vec!["خوب".into()]);
                },
                "Arabic letters",
            ),
            (
                |s| s.categories[1].name = s.categories[0].name.clone(),
                "duplicate category",
            ),
        ];
        for (break_it, want) in cases {
            let mut spec = ok.spec().clone();
            break_it(&mut spec);
            let err = Lexicon::compile(spec).expect_err(want).to_string();
            assert!(err.contains(want), "{err}");
        }
        // A bad regex in such a spec names its category (there is no file).
        let mut spec = ok.spec().clone();
        spec.categories[1]
            .patterns
            .insert("en".into(), vec!["(unclosed".into()]);
        let err = Lexicon::compile(spec).expect_err("bad regex").to_string();
        assert!(
            err.contains("category \"late\": bad regex") && !err.contains("column"),
            "{err}"
        );
    }

    #[test]
    fn wish_words_are_found_by_length_then_by_the_set() {
        let long = "ای کاش ".repeat(12);
        let mut neg = Negation {
            wishes: ["کاش".to_string(), long.clone()].into_iter().collect(),
            ..Negation::default()
        };
        neg.index_words();
        assert!(neg.is_wish("کاش") && neg.is_wish(&long));
        // Same length as a wish word, or as long as the long one: not a wish.
        assert!(!neg.is_wish("خوب") && !neg.is_wish(&"x".repeat(long.len())));
        assert!(!Negation::default().is_wish("کاش"));
    }

    #[test]
    fn negated_verbs_are_told_from_nouns_that_start_with_nun() {
        let words: FxHashSet<String> = ["خرید", "میرسه", "بگیرید", "قد"]
            .into_iter()
            .map(String::from)
            .collect();
        for verb in ["نخرید", "نرسه", "نگیرید", "نمیخرم", "نمیشه"] {
            assert!(is_negated_verb(verb, &words), "{verb}");
        }
        // `نقد` is `ن` + `قد`, a word of two letters at least? No: one
        // letter after `ن` is too little to be a verb form.
        for word in ["نقص", "نرم", "نو", "نمی", "خرید", "ناراضی"] {
            assert!(!is_negated_verb(word, &words), "{word}");
        }
    }

    #[test]
    fn big_lexicons_compile_to_a_contiguous_nfa() {
        assert_eq!(automaton_kind(0), AhoCorasickKind::DFA);
        assert_eq!(automaton_kind(DFA_MAX_KEYS), AhoCorasickKind::DFA);
        assert_eq!(
            automaton_kind(DFA_MAX_KEYS + 1),
            AhoCorasickKind::ContiguousNFA
        );
        assert_eq!(
            Lexicon::default().automaton().kind(),
            AhoCorasickKind::DFA,
            "the defaults stay a DFA"
        );
    }
}
