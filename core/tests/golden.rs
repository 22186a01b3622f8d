//! Golden files: real comments from the bundled data, normalized, compared
//! with the expected display form and key stored beside them in
//! `fixtures/golden/<lang>.normalized.tsv` (`display<TAB>key` per line).
//!
//! After an intended change, regenerate with
//! `NAZAR_BLESS=1 cargo test --test golden` and review the diff.

use std::fs;
use std::path::PathBuf;

use nazar::{Lang, Normalizer};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/golden")
}

fn check(lang: Lang) {
    let dir = fixtures();
    let input = fs::read_to_string(dir.join(format!("{lang}.txt"))).expect("golden input");
    let n = Normalizer::default();
    let actual: String = input
        .lines()
        .map(|line| {
            let out = n.normalize_as(line, lang);
            format!("{}\t{}\n", out.display(), out.key())
        })
        .collect();
    let path = dir.join(format!("{lang}.normalized.tsv"));
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
fn persian_golden() {
    check(Lang::Fa);
}

#[test]
fn english_golden() {
    check(Lang::En);
}

#[test]
fn portuguese_golden() {
    check(Lang::Pt);
}
