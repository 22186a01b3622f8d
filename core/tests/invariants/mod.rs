//! Invariant checks shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`
//! include this file) and by `core/tests/regressions.rs`, which runs every
//! input kept in `fixtures/regressions/<target>/` through them. Each check
//! panics, naming the invariant, when the input breaks it.
#![allow(dead_code)]

use std::sync::OnceLock;

use nazar::anomaly::{flag_readers, AggregateOptions, CommentReader, FlagConfig, SalesReader};
use nazar::normalize::Options;
use nazar::tag::input::TagCsvReader;
use nazar::{CommentTags, Label, Lang, Lexicon, Normalizer, Tagger};

/// The fuzz targets, each the name of a folder of `fixtures/regressions`.
pub const TARGETS: [&str; 5] = ["normalize", "lexicon", "tag", "tag_csv", "flag_csv"];

/// Runs the check of `target` on `data`.
pub fn check(target: &str, data: &[u8]) {
    match target {
        "normalize" => check_normalize(data),
        "lexicon" => check_lexicon(data),
        "tag" => check_tag(data),
        "tag_csv" => check_tag_csv(data),
        "flag_csv" => check_flag_csv(data),
        _ => panic!("unknown fuzz target {target:?}; expected one of {TARGETS:?}"),
    }
}

fn boundaries(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

/// The normalizer, in every language: see [`check_normalize_as`].
pub fn check_normalize(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    static N: OnceLock<Normalizer> = OnceLock::new();
    let n = N.get_or_init(Normalizer::default);
    let _ = n.normalize(text);
    for lang in Lang::ALL {
        check_normalize_as(n, text, lang);
    }
}

/// The normalizer in one language: display and key forms are
/// idempotent, and every span between character boundaries of either form
/// maps inside the original on character boundaries, in order.
pub fn check_normalize_as(n: &Normalizer, text: &str, lang: Lang) {
    let out = n.normalize_as(text, lang);
    let again = n.normalize_as(out.display(), lang);
    assert_eq!(
        again.display(),
        out.display(),
        "display not idempotent ({lang:?}) on {text:?}"
    );
    // A key is plain text: HTML markup in it (`&eacute;` from `&Eacute;`,
    // which no browser reads as an entity) was text in the comment too.
    let plain_opts = Options {
        html: false,
        ..n.options().clone()
    };
    static PLAIN: OnceLock<Normalizer> = OnceLock::new();
    let plain = PLAIN.get_or_init(|| Normalizer::from_options(plain_opts.clone()));
    let built;
    let plain = if plain.options() == &plain_opts {
        plain
    } else {
        built = Normalizer::from_options(plain_opts);
        &built
    };
    let key_again = plain.normalize_as(out.key(), lang);
    assert_eq!(
        key_again.key(),
        out.key(),
        "key not idempotent ({lang:?}) on {text:?}"
    );
    for (form, is_key) in [(out.display(), false), (out.key(), true)] {
        let b = boundaries(form);
        for (i, &s) in b.iter().enumerate() {
            for &e in b.iter().skip(i).take(4) {
                let r = if is_key {
                    out.key_to_original(s..e)
                } else {
                    out.display_to_original(s..e)
                };
                assert!(
                    r.start <= r.end && r.end <= text.len(),
                    "{} span {s}..{e} maps to {r:?}, outside {text:?}",
                    if is_key { "key" } else { "display" }
                );
                assert!(
                    text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                    "{} span {s}..{e} maps to {r:?}, off the character boundaries of {text:?}",
                    if is_key { "key" } else { "display" }
                );
            }
        }
    }
}

/// The tagger's output on `text`: spans inside the text, on character
/// boundaries, character offsets counting the same characters as the byte
/// offsets, matches in order, a score in [-1, 1].
pub fn check_tags(text: &str, tags: &CommentTags) {
    let mut last = 0;
    for m in &tags.matches {
        assert!(
            m.byte_start <= m.byte_end && m.byte_end <= text.len(),
            "match {}..{} outside {text:?}",
            m.byte_start,
            m.byte_end
        );
        assert!(
            text.is_char_boundary(m.byte_start) && text.is_char_boundary(m.byte_end),
            "match {}..{} off the character boundaries of {text:?}",
            m.byte_start,
            m.byte_end
        );
        assert_eq!(m.start, text[..m.byte_start].chars().count(), "char start");
        assert_eq!(m.end, text[..m.byte_end].chars().count(), "char end");
        assert!(m.byte_start >= last, "matches out of order in {text:?}");
        last = m.byte_start;
    }
    assert!(
        (-1.0..=1.0).contains(&tags.score),
        "score {} outside [-1, 1]",
        tags.score
    );
    if tags.matches.is_empty() {
        assert_eq!(tags.label, Label::Neutral, "a label without evidence");
    }
}

/// The default tagger on `data`, detected and in every language.
pub fn check_tag(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    static T: OnceLock<Tagger> = OnceLock::new();
    let tagger = T.get_or_init(Tagger::default);
    for lang in [None, Some(Lang::Fa), Some(Lang::En), Some(Lang::Pt)] {
        check_tags(text, &tagger.tag_as(text, lang));
    }
}

/// A lexicon given as arbitrary TOML text: a clean error naming the file,
/// or a lexicon whose tagger keeps its invariants on the text itself.
pub fn check_lexicon(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let built = Lexicon::builder()
        .defaults(false)
        .add_toml("fuzz.toml", text)
        .and_then(|b| b.build());
    match built {
        Ok(lexicon) => {
            let tagger = Tagger::new(lexicon);
            check_tags(text, &tagger.tag(text));
        }
        Err(e) => {
            assert!(e.is_bad_input(), "not a lexicon error: {e}");
            let msg = e.to_string();
            assert!(
                msg.contains("fuzz.toml"),
                "error does not name the file: {msg}"
            );
        }
    }
}

/// The CSV reader of `nazar tag`, strict and lossy: rows or a clean input
/// error naming the file; lossy mode never fails on UTF-8.
pub fn check_tag_csv(data: &[u8]) {
    for lossy in [false, true] {
        let mut read = 0u64;
        let result = TagCsvReader::new(data, "fuzz.csv", "text", "id", lossy).and_then(|mut r| {
            while let Some(row) = r.next_row()? {
                read += 1;
                assert_eq!(r.rows(), read, "row count");
                assert!(!row.id.is_empty() || r.rows() > 0);
            }
            Ok(())
        });
        if let Err(e) = result {
            let msg = e.to_string();
            assert!(e.is_bad_input(), "not an input error: {msg}");
            assert!(
                msg.contains("fuzz.csv"),
                "error does not name the file: {msg}"
            );
            assert!(
                !(lossy && msg.contains("invalid UTF-8")),
                "lossy mode failed on UTF-8: {msg}"
            );
        }
    }
}

/// The readers of `nazar flag` and the whole job after them: `data` is a
/// comments file, then optionally a NUL byte and a sales file. Either a
/// report or a clean input error naming one of the files.
pub fn check_flag_csv(data: &[u8]) {
    let (comments, sales) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    // A tagger that costs nothing but still varies: negative when the
    // text has a '!', with a contradiction when it has a '?'.
    let tagger = |text: &str, lang: Option<Lang>| CommentTags {
        lang: lang.unwrap_or(Lang::En),
        label: if text.contains('!') {
            Label::Negative
        } else {
            Label::Neutral
        },
        score: 0.0,
        matches: Vec::new(),
    };
    let result = CommentReader::new(comments, "comments.csv").and_then(|c| {
        let s = sales
            .map(|s| SalesReader::new(s, "sales.csv"))
            .transpose()?;
        let options = AggregateOptions {
            batch: 7,
            ..AggregateOptions::default()
        };
        flag_readers(c, s, &tagger, &options, &FlagConfig::default())
    });
    match result {
        Ok(report) => {
            for v in &report.verdicts {
                let tests = [&v.comment_rate, &v.contradiction_rate];
                for t in tests.into_iter().flatten() {
                    // NaN marks a test that could not be run.
                    let ok = |x: f64| x.is_nan() || (0.0..=1.0).contains(&x);
                    assert!(
                        ok(t.p) && ok(t.q),
                        "p {} or q {} outside [0, 1] for {}",
                        t.p,
                        t.q,
                        v.product_id()
                    );
                }
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(e.is_bad_input(), "not an input error: {msg}");
            assert!(
                msg.contains("comments.csv") || msg.contains("sales.csv"),
                "error does not name the file: {msg}"
            );
        }
    }
}
