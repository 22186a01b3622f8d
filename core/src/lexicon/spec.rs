//! The lexicon file format (TOML) and its validation.
//!
//! ```toml
//! [negation.en]
//! pre = ["not", "never"]          # negators before a term
//! post = []                       # negators after a term (Persian)
//! clause_breaks = ["but"]         # words that end a negation's scope
//! wishes = ["if only"]            # words after which, to the clause's end, nothing is evidence
//! questions = ["or", "is it"]     # a contradiction in a `?` sentence holding one is asked about
//! elsewhere = ["another seller"]  # a contradiction in a clause holding one is another item's
//! pending = ["waiting for the rest"]  # a comment holding one is a split delivery
//!
//! [[category]]
//! name = "authenticity"           # unique in the file, snake_case
//! polarity = "negative"           # positive | negative
//! aspect = "authenticity"         # what it is about
//! contradiction = true            # counts toward the contradiction rate
//! description = "The item is fake or not original."
//! terms.en = ["fake", "counterfeit"]   # phrases, matched on whole words of the match key
//! stems.en = ["counterfeit"]           # words matched by stem
//! patterns.fa = ['\d+ روز تاخیر']      # regexes over the display form
//! key_patterns.fa = ['\d+ روز تاخیر']  # regexes over the match key
//!
//! [[category]]
//! name = "wrong_or_missing_item"
//! polarity = "negative"
//! contradiction = true
//! when_pending = "delivery_late"  # what a match is in a split delivery
//! terms.en = ["only received one"]
//!
//! [ignore]
//! en = ["best by", "junk food"]   # phrases that are never evidence
//! ```
//! Term and stem lists are keyed by language: `fa`, `en`, `pt`, or `any`
//! for language-independent terms such as emoji.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, Location, Result};
use crate::normalize::chars::is_arabic_letter;
use crate::tag::Polarity;

/// Language keys a lexicon may use.
pub const LANG_KEYS: [&str; 4] = ["fa", "en", "pt", "any"];

/// Negation words of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NegationSpec {
    /// Negators that precede the term they negate (`not good`, `não gostei`, `بدون مشکل`).
    pub pre: Vec<String>,
    /// Negators that follow the term (`خوب نبود`, `راضی نیستم`).
    pub post: Vec<String>,
    /// Words that end a negation's scope (`but`, `mas`, `ولی`); punctuation always does.
    pub clause_breaks: Vec<String>,
    /// Words that open a wish (`کاش`): what follows them up to the end of
    /// the clause is how the product could be, not what it is, and no
    /// evidence (`عالیه فقط کاش ارزون تر بود` is praise, not praise of the
    /// price).
    pub wishes: Vec<String>,
    /// Words or phrases that make a sentence ending in `?` a yes/no or
    /// either-or question (`or`, `is it`, `será que`, `آیا`, `یا`): a
    /// contradiction match in it asks, and is no evidence (`Is this the
    /// genuine brand or a knockoff?`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<String>,
    /// Phrases naming another seller or shop (`another seller`, `outra
    /// loja`, `فروشگاه دیگه`): a contradiction match in their clause is
    /// about that other item, and no evidence (`bought a fake from another
    /// seller, this one is genuine`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<String>,
    /// Phrases saying that the rest of an order is still on its way
    /// (`aguardando o restante`, `waiting for the rest`, `بقیه‌اش هنوز
    /// نرسیده`): in a comment that holds one, a match of a category with
    /// [`CategorySpec::when_pending`] is reported as that category (a split
    /// delivery is late, not a missing item).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
}

impl NegationSpec {
    fn extend(&mut self, other: &NegationSpec) {
        for (mine, theirs) in [
            (&mut self.pre, &other.pre),
            (&mut self.post, &other.post),
            (&mut self.clause_breaks, &other.clause_breaks),
            (&mut self.wishes, &other.wishes),
            (&mut self.questions, &other.questions),
            (&mut self.elsewhere, &other.elsewhere),
            (&mut self.pending, &other.pending),
        ] {
            for w in theirs {
                if !mine.contains(w) {
                    mine.push(w.clone());
                }
            }
        }
    }
}

/// One category as written in a lexicon, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategorySpec {
    /// Unique snake_case name.
    pub name: String,
    /// Polarity of an un-negated match.
    pub polarity: Polarity,
    /// What the category is about (`quality`, `delivery`, ...).
    pub aspect: String,
    /// Whether matches count toward the contradiction rate.
    pub contradiction: bool,
    /// What the category means.
    pub description: String,
    /// Phrases per language key.
    pub terms: BTreeMap<String, Vec<String>>,
    /// Stem-matched words per language key.
    pub stems: BTreeMap<String, Vec<String>>,
    /// Regexes over the display form per language key.
    pub patterns: BTreeMap<String, Vec<String>>,
    /// Regexes over the match key per language key: lower-case, accents,
    /// Arabic-letter variants and ZWNJ folded, digits ASCII, elongations
    /// squeezed (`ha [0-9]+ dias` meets `Há 3 DIAS`; `کیفیت` meets
    /// `كيفيت`), and no display form to build for them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub key_patterns: BTreeMap<String, Vec<String>>,
    /// The category a negated match of this one is reported as (`not as
    /// described` is a contradiction, not only a missing `as described`);
    /// it must have the opposite polarity. `None`: the match stays in this
    /// category with its polarity flipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_negated: Option<String>,
    /// The category an unnegated match of this one is reported as in a
    /// comment that says the rest of the order is still coming (one of the
    /// language's [`NegationSpec::pending`] phrases): `pedido chegou
    /// incompleto, aguardando o restante` is a late delivery, not a missing
    /// item. It must have the same polarity and no `when_pending` of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_pending: Option<String>,
}

/// A field of a category that names another category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reference {
    /// `when_negated`: the category a negated match is reported as.
    WhenNegated,
    /// `when_pending`: the category a match is reported as in a split
    /// delivery.
    WhenPending,
}

impl Reference {
    /// The field's name in a lexicon file.
    pub(crate) fn field(self) -> &'static str {
        match self {
            Reference::WhenNegated => "when_negated",
            Reference::WhenPending => "when_pending",
        }
    }
}

impl CategorySpec {
    /// The other categories this one names, and in which field.
    pub(crate) fn references(&self) -> impl Iterator<Item = (Reference, &str)> {
        [
            (Reference::WhenNegated, &self.when_negated),
            (Reference::WhenPending, &self.when_pending),
        ]
        .into_iter()
        .filter_map(|(field, target)| Some((field, target.as_deref()?)))
    }
}

/// A whole lexicon, validated: what [`super::Lexicon`] is compiled from and
/// what it serializes to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconSpec {
    /// Negation words per language key.
    pub negation: BTreeMap<String, NegationSpec>,
    /// The categories, in file order.
    pub categories: Vec<CategorySpec>,
    /// Phrases that are never evidence, per language key: where one is the
    /// longest phrase at its place (`best by` in `best by June`, `junk food`),
    /// no term inside it matches. One with the key of a term switches that
    /// term off.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ignore: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    negation: BTreeMap<Spanned<String>, NegationSpec>,
    #[serde(default)]
    category: Vec<Spanned<CategoryDoc>>,
    #[serde(default)]
    ignore: SpannedLists,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryDoc {
    name: Spanned<String>,
    polarity: Polarity,
    aspect: Option<String>,
    #[serde(default)]
    contradiction: bool,
    #[serde(default)]
    description: String,
    #[serde(default)]
    terms: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    stems: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    patterns: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    key_patterns: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    when_negated: Option<Spanned<String>>,
    when_pending: Option<Spanned<String>>,
}

/// Line and column (1-based) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, col)
}

struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        let (line, col) = line_col(self.text, span.start);
        let loc = Location::file(self.name)
            .with_line(line)
            .with_column(col.to_string());
        Error::lexicon(loc, message)
    }
}

/// Maximum compiled size of one lexicon regex: generous for real patterns,
/// small enough that a pathological one is refused instead of eating memory.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Parses and validates one lexicon file. `name` is used in error messages.
pub fn parse(name: &str, text: &str) -> Result<LexiconSpec> {
    let src = Source { name, text };
    let doc: FileDoc = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        src.error(span, e.message().trim().to_string())
    })?;

    let mut spec = LexiconSpec::default();
    for (lang, negation) in doc.negation {
        check_lang(&src, &lang)?;
        spec.negation
            .entry(lang.into_inner())
            .or_default()
            .extend(&negation);
    }
    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for cat in doc.category {
        let cat_span = cat.span();
        let cat = cat.into_inner();
        let name = cat.name.get_ref().trim().to_string();
        if name.is_empty() || !is_snake_case(&name) {
            return Err(src.error(
                cat.name.span(),
                format!("category name {name:?} must be non-empty snake_case (a-z, 0-9, _)"),
            ));
        }
        if let Some(first) = seen.get(&name) {
            let (line, _) = line_col(text, first.start);
            return Err(src.error(
                cat.name.span(),
                format!("duplicate category {name:?} (first defined on line {line})"),
            ));
        }
        seen.insert(name.clone(), cat.name.span());
        let owner = format!(" of category {name:?}");
        let terms = check_terms(&src, &owner, cat.terms, "terms", |_| Ok(()))?;
        let stems = check_terms(&src, &owner, cat.stems, "stems", |_| Ok(()))?;
        let regex = |p: &str| {
            regex::RegexBuilder::new(p)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map(|_| ())
                .map_err(|e| format!("bad regex: {e}"))
        };
        let patterns = check_terms(&src, &owner, cat.patterns, "patterns", regex)?;
        let key_patterns = check_terms(&src, &owner, cat.key_patterns, "key_patterns", regex)?;
        if terms.is_empty() && stems.is_empty() && patterns.is_empty() && key_patterns.is_empty() {
            return Err(src.error(cat_span, format!("category {name:?} has no terms")));
        }
        // Whether the category it names exists, and fits (see
        // `Reference`), is known once every file is merged (the builder
        // checks).
        let other_category = |field: &str, target: Option<Spanned<String>>| match target {
            None => Ok(None),
            Some(target) => {
                let t = target.get_ref().trim().to_string();
                if !is_snake_case(&t) || t == name {
                    return Err(src.error(
                        target.span(),
                        format!(
                            "{field} of category {name:?} must name another category, not {t:?}"
                        ),
                    ));
                }
                Ok(Some(t))
            }
        };
        let when_negated = other_category("when_negated", cat.when_negated)?;
        let when_pending = other_category("when_pending", cat.when_pending)?;
        spec.categories.push(CategorySpec {
            aspect: cat.aspect.unwrap_or_else(|| name.clone()),
            name,
            polarity: cat.polarity,
            contradiction: cat.contradiction,
            description: cat.description,
            terms,
            stems,
            patterns,
            key_patterns,
            when_negated,
            when_pending,
        });
    }
    spec.ignore = check_terms(&src, "", doc.ignore, "ignore", |_| Ok(()))?;
    Ok(spec)
}

fn is_snake_case(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
}

fn check_lang(src: &Source<'_>, lang: &Spanned<String>) -> Result<()> {
    match lang_problem(lang.get_ref()) {
        None => Ok(()),
        Some(problem) => Err(src.error(lang.span(), problem)),
    }
}

/// What is wrong with a language key, if anything.
fn lang_problem(lang: &str) -> Option<String> {
    (!LANG_KEYS.contains(&lang))
        .then(|| format!("unknown language {lang:?}: expected one of fa, en, pt, any"))
}

/// What is wrong with entry `t` (trimmed) of `field.lang`, if anything;
/// `owner` ends the message (` of category "x"`). The rules a file and a
/// specification built in code share; regexes are checked apart.
fn entry_problem(field: &str, lang: &str, owner: &str, t: &str) -> Option<String> {
    if t.is_empty() {
        return Some(format!("empty entry in {field}.{lang}{owner}"));
    }
    if field == "stems" && t.contains(char::is_whitespace) {
        return Some(format!(
            "{field}.{lang}{owner}: a stem entry must be one word"
        ));
    }
    // An English or Portuguese comment is one nazar did not read as
    // Persian: a phrase in Arabic letters listed for it matches only a
    // Persian word quoted inside such a comment, which is not what the list
    // is for.
    let reader = match lang {
        "en" => "English",
        "pt" => "Portuguese",
        _ => return None,
    };
    (!field.ends_with("patterns") && t.chars().any(is_arabic_letter)).then(|| {
        format!(
            "{field}.{lang}{owner}: {t:?} is written in Arabic letters, but {field}.{lang} is \
             matched only in comments read as {reader}; list it under {field}.fa (or \
             {field}.any, for comments in every language)"
        )
    })
}

type SpannedLists = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

/// Validates the lists of one field (`terms`, `stems`, ...) keyed by
/// language; `owner` ends the error messages (` of category "x"`).
fn check_terms(
    src: &Source<'_>,
    owner: &str,
    lists: SpannedLists,
    field: &str,
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    for (lang, terms) in lists {
        check_lang(src, &lang)?;
        let mut list: Vec<String> = Vec::with_capacity(terms.len());
        // Duplicates are dropped in one pass: a lexicon may have 100,000
        // terms, and a scan of the list per term made that quadratic.
        let mut seen: HashSet<String> = HashSet::with_capacity(terms.len());
        for term in terms {
            let t = term.get_ref().trim();
            if let Some(problem) = entry_problem(field, lang.get_ref(), owner, t) {
                return Err(src.error(term.span(), problem));
            }
            check(t).map_err(|m| {
                src.error(
                    term.span(),
                    format!("{field}.{}{owner}: {m}", lang.get_ref()),
                )
            })?;
            if seen.insert(t.to_string()) {
                list.push(t.to_string());
            }
        }
        out.insert(lang.into_inner(), list);
    }
    Ok(out)
}

impl LexiconSpec {
    /// Checks what [`parse`] checks in a file, for a specification built
    /// in code or deserialized (its fields are public): known language
    /// keys, snake_case category names used once, no empty entry, a stem
    /// of one word, no Arabic letters in an `en`/`pt` term, and something
    /// to match in each category. Errors name the category and field (a
    /// specification has no lines). Regexes and the categories named by
    /// `when_negated`/`when_pending` are checked when it is compiled.
    pub fn check(&self) -> Result<()> {
        let fail = |message: String| Err(Error::lexicon(Location::default(), message));
        let lang_ok = |lang: &str, what: &str| match lang_problem(lang) {
            None => Ok(()),
            Some(problem) => fail(format!("{problem} (in {what})")),
        };
        for lang in self.negation.keys() {
            lang_ok(lang, "negation")?;
        }
        let entries = |lists: &BTreeMap<String, Vec<String>>, field: &str, owner: &str| {
            for (lang, list) in lists {
                lang_ok(lang, &format!("{field}{owner}"))?;
                for entry in list {
                    if let Some(problem) = entry_problem(field, lang, owner, entry.trim()) {
                        return fail(problem);
                    }
                }
            }
            Ok(())
        };
        let mut seen = std::collections::HashSet::new();
        for c in &self.categories {
            let name = &c.name;
            if !is_snake_case(name) {
                return fail(format!(
                    "category name {name:?} must be non-empty snake_case (a-z, 0-9, _)"
                ));
            }
            if !seen.insert(name.as_str()) {
                return fail(format!("duplicate category {name:?}"));
            }
            let owner = format!(" of category {name:?}");
            entries(&c.terms, "terms", &owner)?;
            entries(&c.stems, "stems", &owner)?;
            entries(&c.patterns, "patterns", &owner)?;
            entries(&c.key_patterns, "key_patterns", &owner)?;
            let lists = [&c.terms, &c.stems, &c.patterns, &c.key_patterns];
            // As `parse` decides it: a language listed with no entries
            // still counts (a file may leave a list empty for later).
            if lists.iter().all(|l| l.is_empty()) {
                return fail(format!("category {name:?} has no terms"));
            }
        }
        entries(&self.ignore, "ignore", "")
    }

    /// Adds `other` to this lexicon: categories with the same name merge
    /// their terms (they must agree on polarity and contradiction), new ones
    /// are appended, negation words are united.
    pub fn merge(&mut self, other: LexiconSpec, other_name: &str) -> Result<()> {
        for (lang, neg) in other.negation {
            self.negation.entry(lang).or_default().extend(&neg);
        }
        extend_lists(&mut self.ignore, other.ignore);
        for cat in other.categories {
            match self.categories.iter_mut().find(|c| c.name == cat.name) {
                None => self.categories.push(cat),
                Some(mine) => {
                    for (when, theirs, ours) in [
                        ("negated", &cat.when_negated, &mine.when_negated),
                        ("pending", &cat.when_pending, &mine.when_pending),
                    ] {
                        if let (Some(theirs), Some(ours)) = (theirs, ours) {
                            if theirs != ours {
                                return Err(Error::lexicon(
                                    Location::file(other_name),
                                    format!(
                                        "category {:?} is reported as {theirs:?} when {when} \
                                         here but as {ours:?} in a lexicon loaded before",
                                        cat.name,
                                    ),
                                ));
                            }
                        }
                    }
                    if mine.polarity != cat.polarity || mine.contradiction != cat.contradiction {
                        return Err(Error::lexicon(
                            Location::file(other_name),
                            format!(
                                "category {:?} is {} (contradiction={}) here but {} \
                                 (contradiction={}) in a lexicon loaded before",
                                cat.name,
                                cat.polarity.as_str(),
                                cat.contradiction,
                                mine.polarity.as_str(),
                                mine.contradiction
                            ),
                        ));
                    }
                    extend_lists(&mut mine.terms, cat.terms);
                    extend_lists(&mut mine.stems, cat.stems);
                    extend_lists(&mut mine.patterns, cat.patterns);
                    extend_lists(&mut mine.key_patterns, cat.key_patterns);
                    if mine.description.is_empty() {
                        mine.description = cat.description;
                    }
                    if mine.when_negated.is_none() {
                        mine.when_negated = cat.when_negated;
                    }
                    if mine.when_pending.is_none() {
                        mine.when_pending = cat.when_pending;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Adds the entries of `theirs` that `mine` lacks, language by language.
fn extend_lists(mine: &mut BTreeMap<String, Vec<String>>, theirs: BTreeMap<String, Vec<String>>) {
    for (lang, list) in theirs {
        let entry = mine.entry(lang).or_default();
        let mut seen: HashSet<String> = entry.iter().cloned().collect();
        for t in list {
            if seen.insert(t.clone()) {
                entry.push(t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_terms_are_dropped_keeping_the_first_order() {
        let text = "[[category]]\nname = \"x\"\npolarity = \"negative\"\n\
                    terms.en = [\"b\", \"a\", \" b \", \"c\", \"a\"]\n";
        let mut spec = parse("x.toml", text).expect("valid");
        assert_eq!(spec.categories[0].terms["en"], ["b", "a", "c"]);
        let more = "[[category]]\nname = \"x\"\npolarity = \"negative\"\n\
                    terms.en = [\"c\", \"d\", \"b\"]\n";
        spec.merge(parse("y.toml", more).expect("valid"), "y.toml")
            .expect("same polarity");
        assert_eq!(spec.categories[0].terms["en"], ["b", "a", "c", "d"]);
    }

    const GOOD: &str = r#"
[negation.en]
pre = ["not"]

[[category]]
name = "authenticity"
polarity = "negative"
contradiction = true
description = "fake"
terms.en = ["fake", "counterfeit", "fake"]
patterns.fa = ['\d+ روز']
"#;

    #[test]
    fn parses_a_valid_file() {
        let spec = parse("a.toml", GOOD).expect("valid");
        assert_eq!(spec.categories.len(), 1);
        let c = &spec.categories[0];
        assert_eq!(c.aspect, "authenticity");
        assert!(c.contradiction);
        assert_eq!(
            c.terms["en"],
            vec!["fake", "counterfeit"],
            "duplicates dropped"
        );
        assert_eq!(spec.negation["en"].pre, vec!["not"]);
    }

    /// Each bad file gives an error naming the file, the line and the column
    /// of the fault, and saying what was expected.
    #[test]
    fn errors_name_file_line_and_column() {
        let cases: &[(&str, &str, &str)] = &[
            ("unknown field", "[[category]]\nname = \"a\"\npolarity = \"negative\"\ncolour = 1\nterms.en = [\"x\"]\n", "line 4"),
            ("bad polarity", "[[category]]\nname = \"a\"\npolarity = \"bad\"\nterms.en = [\"x\"]\n", "line 3"),
            ("empty term", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nterms.en = [\"x\", \"  \"]\n", "line 4"),
            ("duplicate name", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nterms.en = [\"x\"]\n[[category]]\nname = \"a\"\npolarity = \"positive\"\nterms.en = [\"y\"]\n", "line 6"),
            ("bad regex", "[[category]]\nname = \"a\"\npolarity = \"negative\"\npatterns.en = [\"(unclosed\"]\n", "line 4"),
            ("bad key regex", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nkey_patterns.pt = [\"(unclosed\"]\n", "line 4"),
            ("unknown language", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nterms.de = [\"x\"]\n", "line 4"),
            ("not snake case", "[[category]]\nname = \"Bad Name\"\npolarity = \"negative\"\nterms.en = [\"x\"]\n", "line 2"),
            ("no terms", "[[category]]\nname = \"a\"\npolarity = \"negative\"\n", "line 1"),
            ("syntax", "[[category]\nname = \"a\"\n", "line 1"),
            ("multi-word stem", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nstems.en = [\"two words\"]\n", "line 4"),
            ("huge regex", "[[category]]\nname = \"a\"\npolarity = \"negative\"\npatterns.en = [\"\\\\w{1000}\\\\w{1000}\\\\w{1000}\"]\n", "line 4"),
            ("empty ignored phrase", "[ignore]\nen = [\"best by date\",\n  \"\"]\n", "line 3"),
            ("ignore in unknown language", "[ignore]\nde = [\"x\"]\n", "line 2"),
            ("negated as itself", "[[category]]\nname = \"a\"\npolarity = \"positive\"\nwhen_negated = \"a\"\nterms.en = [\"x\"]\n", "line 4"),
            ("negated as a bad name", "[[category]]\nname = \"a\"\npolarity = \"positive\"\nterms.en = [\"x\"]\nwhen_negated = \"Not A\"\n", "line 5"),
            ("pending as itself", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nterms.en = [\"x\"]\nwhen_pending = \"a\"\n", "line 5"),
            ("Persian term for English", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nterms.en = [\"fake\",\n  \"تقلبی\"]\n", "line 5, column 3: terms.en of category \"a\": \"تقلبی\" is written in Arabic letters"),
            ("Persian stem for Portuguese", "[[category]]\nname = \"a\"\npolarity = \"negative\"\nstems.pt = [\"خراب\"]\n", "list it under stems.fa"),
            ("Persian ignored phrase for English", "[ignore]\nen = [\"تقلبی\"]\n", "line 2"),
        ];
        for (name, text, want) in cases {
            let err = parse("lex.toml", text).expect_err(name).to_string();
            assert!(err.starts_with("lex.toml, line"), "{name}: {err}");
            assert!(err.contains(want), "{name}: {err}");
            assert!(err.contains("column"), "{name}: {err}");
        }
    }

    #[test]
    fn ignored_phrases_parse_merge_and_serialize() {
        let mut a =
            parse("a.toml", "[ignore]\nen = [\"junk food\", \" junk food\"]\n").expect("valid");
        assert_eq!(a.ignore["en"], ["junk food"]);
        let b = parse(
            "b.toml",
            "[ignore]\nen = [\"good reviews\", \"junk food\"]\nfa = [\"x\"]\n",
        )
        .expect("valid");
        a.merge(b, "b.toml").expect("merge");
        assert_eq!(a.ignore["en"], ["junk food", "good reviews"]);
        assert_eq!(a.ignore["fa"], ["x"]);
        let err = parse("c.toml", "[ignore]\nen = [\"\"]\n").expect_err("empty");
        assert!(
            err.to_string().contains("empty entry in ignore.en"),
            "{err}"
        );
        // A spec without ignored phrases serializes as before.
        let json = serde_json::to_string(&parse("g.toml", GOOD).expect("valid")).expect("json");
        assert!(!json.contains("ignore"), "{json}");
        let back: LexiconSpec =
            serde_json::from_str(&serde_json::to_string(&a).expect("json")).expect("round trip");
        assert_eq!(back, a);
    }

    #[test]
    fn merge_adds_terms_and_rejects_conflicts() {
        let mut a = parse("a.toml", GOOD).expect("valid");
        let b = parse(
            "b.toml",
            "[[category]]\nname = \"authenticity\"\npolarity = \"negative\"\ncontradiction = true\nterms.pt = [\"falso\"]\n",
        )
        .expect("valid");
        a.merge(b, "b.toml").expect("merge");
        assert_eq!(a.categories[0].terms["pt"], vec!["falso"]);
        let c = parse(
            "c.toml",
            "[[category]]\nname = \"authenticity\"\npolarity = \"positive\"\nterms.en = [\"x\"]\n",
        )
        .expect("valid");
        let err = a.merge(c, "c.toml").expect_err("conflict").to_string();
        assert!(
            err.contains("c.toml") && err.contains("authenticity"),
            "{err}"
        );
    }

    #[test]
    fn when_negated_and_when_pending_merge_and_must_agree() {
        for field in ["when_negated", "when_pending"] {
            let cat = |file: &str, target: &str| {
                let line = if target.is_empty() {
                    String::new()
                } else {
                    format!("{field} = \"{target}\"\n")
                };
                let text = format!(
                    "[[category]]\nname = \"as_described\"\npolarity = \"positive\"\n{line}terms.en = [\"{file}\"]\n"
                );
                parse(file, &text).expect("valid")
            };
            let got = |spec: &LexiconSpec| {
                let c = &spec.categories[0];
                match field {
                    "when_negated" => c.when_negated.clone(),
                    _ => c.when_pending.clone(),
                }
            };
            let mut a = cat("a.toml", "");
            a.merge(cat("b.toml", "other"), "b.toml").expect("merge");
            assert_eq!(
                got(&a).as_deref(),
                Some("other"),
                "{field} taken from the file that names it"
            );
            a.merge(cat("c.toml", ""), "c.toml")
                .expect("silent is no conflict");
            let err = a
                .merge(cat("d.toml", "fake"), "d.toml")
                .expect_err("conflict")
                .to_string();
            assert!(
                err.contains("d.toml") && err.contains("\"fake\""),
                "{field}: {err}"
            );
            // Serialized only when set, so older specs read back unchanged.
            let json = serde_json::to_string(&cat("e.toml", "")).expect("json");
            assert!(!json.contains(field), "{json}");
            let set = cat("f.toml", "other");
            let back: LexiconSpec =
                serde_json::from_str(&serde_json::to_string(&set).expect("json")).expect("back");
            assert_eq!(back, set, "{field} round trip");
        }
        // `pending` phrases likewise: merged without duplicates, serialized
        // only when there are some.
        let neg = |file: &str, pending: &str| {
            parse(file, &format!("[negation.en]\npending = [{pending}]\n")).expect("valid")
        };
        let mut a = neg("a.toml", "\"waiting for the rest\"");
        a.merge(
            neg("b.toml", "\"waiting for the rest\", \"shipped separately\""),
            "b.toml",
        )
        .expect("merge");
        assert_eq!(
            a.negation["en"].pending,
            ["waiting for the rest", "shipped separately"]
        );
        let json = serde_json::to_string(&neg("c.toml", "")).expect("json");
        assert!(!json.contains("pending"), "{json}");
    }
}
