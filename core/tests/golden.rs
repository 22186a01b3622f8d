//! Golden files: real comments from the bundled data, normalized and
//! tagged, compared with the expected results stored beside them:
//! `fixtures/golden/<lang>.normalized.tsv` (`display<TAB>key` per line) and
//! `fixtures/golden/<lang>.tags.tsv` (`label<TAB>matches`, each match as
//! `category[!negated]=evidence as written`, separated by ` | `).
//!
//! After an intended change, regenerate with
//! `NAZAR_BLESS=1 cargo test --test golden` and review the diff.

use std::fs;
use std::path::PathBuf;

use nazar::{Lang, Normalizer, Tagger};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/golden")
}

fn normalized(lang: Lang, input: &str) -> String {
    let n = Normalizer::default();
    input
        .lines()
        .map(|line| {
            let out = n.normalize_as(line, lang);
            format!("{}\t{}\n", out.display(), out.key())
        })
        .collect()
}

fn tagged(lang: Lang, input: &str) -> String {
    let t = Tagger::default();
    input
        .lines()
        .map(|line| {
            let tags = t.tag_as(line, Some(lang));
            let matches: Vec<String> = tags
                .matches
                .iter()
                .map(|m| {
                    let neg = if m.negated { "!negated" } else { "" };
                    format!("{}{neg}={}", m.category, &line[m.byte_start..m.byte_end])
                })
                .collect();
            format!("{}\t{}\n", tags.label.as_str(), matches.join(" | "))
        })
        .collect()
}

fn check(lang: Lang, suffix: &str, run: fn(Lang, &str) -> String) {
    let dir = fixtures();
    let input = fs::read_to_string(dir.join(format!("{lang}.txt"))).expect("golden input");
    let actual = run(lang, &input);
    let path = dir.join(format!("{lang}.{suffix}"));
    if std::env::var_os("NAZAR_BLESS").is_some() {
        fs::write(&path, &actual).expect("write golden");
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with NAZAR_BLESS=1", path.display()));
    for (i, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "{} line {}", path.display(), i + 1);
    }
    assert_eq!(
        actual.lines().count(),
        expected.lines().count(),
        "{}",
        path.display()
    );
}

#[test]
fn persian_normalized() {
    check(Lang::Fa, "normalized.tsv", normalized);
}

#[test]
fn english_normalized() {
    check(Lang::En, "normalized.tsv", normalized);
}

#[test]
fn portuguese_normalized() {
    check(Lang::Pt, "normalized.tsv", normalized);
}

#[test]
fn persian_tags() {
    check(Lang::Fa, "tags.tsv", tagged);
}

#[test]
fn english_tags() {
    check(Lang::En, "tags.tsv", tagged);
}

#[test]
fn portuguese_tags() {
    check(Lang::Pt, "tags.tsv", tagged);
}
