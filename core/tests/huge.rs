//! Huge inputs: a 50 MB comment, a million-line input with one invalid
//! byte through `nazar tag`, a lexicon of 100,000 terms. Too slow for a
//! debug build, so ignored by default: `make test` runs them in release
//! (`cargo test --release -p nazar --test huge -- --ignored`), and
//! `make bench` prints the lexicon's build time and memory.

mod invariants;
mod support;

use std::time::Instant;

use support::{nazar, p, TempDir};

use nazar::{Lexicon, Normalizer, Tagger};

/// One comment of at least `mb` MB, in the three languages, with a
/// contradiction term every few kilobytes.
fn big_comment(mb: usize) -> String {
    let plain = [
        "o produto chegou no prazo e a embalagem estava ok, ",
        "the box arrived on time and was well packed, ",
        "بسته به موقع رسید و بسته‌بندی خوب بود، نمی خواهم چیزی بگویم. ",
    ];
    let mut text = String::with_capacity((mb << 20) + 4096);
    let mut i = 0;
    while text.len() < mb << 20 {
        text.push_str(plain[i % 3]);
        if i % 100 == 99 {
            text.push_str("but it is fake, ");
        }
        i += 1;
    }
    text
}

/// Checks match spans in one pass (the per-match check of `invariants`
/// counts characters from the start: quadratic on a huge text).
fn check_spans_linear(text: &str, tags: &nazar::CommentTags) {
    let (mut byte, mut chars) = (0, 0);
    for m in &tags.matches {
        assert!(m.byte_start >= byte && m.byte_start <= m.byte_end && m.byte_end <= text.len());
        assert!(text.is_char_boundary(m.byte_start) && text.is_char_boundary(m.byte_end));
        chars += text[byte..m.byte_start].chars().count();
        byte = m.byte_start;
        assert_eq!(m.start, chars, "char start of match at byte {byte}");
        assert_eq!(
            m.end,
            chars + text[m.byte_start..m.byte_end].chars().count()
        );
    }
}

#[test]
#[ignore = "megabytes of matches: run in release by make test"]
fn a_comment_that_is_all_contradictions_tags_in_one_pass() {
    // No punctuation at all: each match's clause and sentence are the whole
    // comment. Read once per match, 200,000 matches took hours; read once
    // per comment, a moment.
    for (word, category) in [
        ("fake ", "authenticity"),
        ("é falsificado ", "authenticity"),
        ("تقلبی ", "authenticity"),
    ] {
        let text = word.repeat((1 << 20) / word.len());
        let started = Instant::now();
        let tags = Tagger::default().tag(&text);
        let found = tags
            .matches
            .iter()
            .filter(|m| &*m.category == category)
            .count();
        assert_eq!(found, text.len() / word.len(), "{word}");
        check_spans_linear(&text, &tags);
        eprintln!("1 MB of {word:?}: tagged in {:?}", started.elapsed());
    }
}

#[test]
#[ignore = "50 MB: run in release by make test"]
fn a_50_mb_comment_through_the_library() {
    let text = big_comment(50);
    let started = Instant::now();
    let n = Normalizer::default();
    let out = n.normalize(&text);
    assert!(out.key().len() > 40 << 20);
    // The whole key maps to the whole text but its trailing space.
    assert_eq!(
        out.key_to_original(0..out.key().len()),
        0..text.trim_end().len()
    );
    let again = n.normalize_as(out.key(), out.lang());
    assert!(again.key() == out.key(), "key not idempotent");
    drop(again);
    drop(out);
    let tags = Tagger::default().tag(&text);
    let fakes = text.matches("fake").count();
    let found = tags
        .matches
        .iter()
        .filter(|m| &*m.category == "authenticity")
        .count();
    assert_eq!(found, fakes, "every `fake` found");
    check_spans_linear(&text, &tags);
    eprintln!(
        "50 MB comment: normalized twice and tagged in {:?}",
        started.elapsed()
    );
}

#[test]
#[ignore = "50 MB: run in release by make test"]
fn a_50_mb_comment_through_nazar_tag_lines() {
    let dir = TempDir::new("50mb");
    let text = big_comment(50);
    let input = dir.path("one.txt");
    std::fs::write(&input, format!("{text}\n")).expect("write");
    let out = dir.path("out.jsonl");
    let o = nazar(&["tag", "--lines", p(&input), "-o", p(&out)], b"");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("1 rows read, 1 tagged"), "{err}");
    let json = std::fs::read_to_string(&out).expect("output");
    assert_eq!(json.lines().count(), 1);
    let record: serde_json::Value = serde_json::from_str(json.trim_end()).expect("JSON");
    let matches = record["matches"].as_array().expect("matches");
    let fakes = text.matches("fake").count();
    let found = matches
        .iter()
        .filter(|m| m["category"] == "authenticity")
        .count();
    assert_eq!(found, fakes);
    assert_eq!(record["id"], "1");
}

#[test]
#[ignore = "a million rows: run in release by make test"]
fn a_million_lines_through_nazar_tag_with_one_bad_byte() {
    let dir = TempDir::new("million");
    let mut data = Vec::with_capacity(24 << 20);
    for i in 1..=1_000_000u32 {
        if i == 500_001 {
            data.extend_from_slice(b"veio \xff quebrado\n");
        } else {
            data.extend_from_slice(format!("comment {i}: good\n").as_bytes());
        }
    }
    let input = dir.path("in.txt");
    std::fs::write(&input, &data).expect("write");
    let out = dir.path("out.jsonl");

    let o = nazar(&["tag", "--lines", p(&input), "-o", p(&out)], b"");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("in.txt, line 500001") && err.contains("invalid UTF-8"),
        "{err}"
    );
    assert_eq!(dir.files(), ["in.txt"], "no output, complete or partial");

    let o = nazar(
        &["tag", "--lines", "--lossy", p(&input), "-o", p(&out)],
        b"",
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("1000000 rows read, 1000000 tagged")
            && err.contains("1 rows had invalid UTF-8 replaced"),
        "{err}"
    );
    let json = std::fs::read_to_string(&out).expect("output");
    assert_eq!(json.lines().count(), 1_000_000);
    let bad: serde_json::Value =
        serde_json::from_str(json.lines().nth(500_000).expect("line")).expect("JSON");
    assert_eq!(bad["id"], "500001");
    assert_eq!(bad["matches"][0]["term"], "quebrado");
    assert_eq!(dir.files(), ["in.txt", "out.jsonl"]);
}

/// The resident and peak resident memory of this process, in KB.
fn rss_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (get("VmRSS:"), get("VmHWM:"))
}

#[test]
#[ignore = "100,000 terms: run in release by make test; make bench prints the figures"]
fn a_lexicon_of_100_000_terms_builds_and_tags() {
    const TERMS: usize = 100_000;
    let word = |i: usize| {
        // Distinct pseudo-words from a small alphabet, like a vocabulary.
        let mut w = String::new();
        let mut x = i * 7919 + 13;
        for _ in 0..7 {
            w.push(char::from(b'a' + (x % 26) as u8));
            x /= 26;
        }
        format!("{w} item{i}")
    };
    let mut toml =
        String::from("[[category]]\nname = \"huge\"\npolarity = \"negative\"\nterms.en = [\n");
    for i in 0..TERMS {
        toml.push_str(&format!("  \"{}\",\n", word(i)));
    }
    toml.push_str("]\n");
    let (rss_before, _) = rss_kb();
    let started = Instant::now();
    let lexicon = Lexicon::builder()
        .add_toml("huge.toml", &toml)
        .expect("valid")
        .build()
        .expect("compiles");
    let build = started.elapsed();
    let (rss_after, peak) = rss_kb();
    println!(
        "lexicon of {TERMS} terms (+ defaults): built in {:.2} s, resident memory +{} MB \
         (peak {} MB)",
        build.as_secs_f64(),
        rss_after.saturating_sub(rss_before) / 1024,
        peak / 1024
    );
    let tagger = Tagger::new(lexicon);
    for i in [0, 49_999, TERMS - 1] {
        let text = format!("so, {} was bad", word(i));
        let tags = tagger.tag(&text);
        let m = tags
            .matches
            .iter()
            .find(|m| &*m.category == "huge")
            .unwrap_or_else(|| panic!("term {i} not found in {text:?}"));
        assert_eq!(&text[m.byte_start..m.byte_end], word(i));
        invariants::check_tags(&text, &tags);
    }
    // The defaults still work next to it.
    assert!(tagger.tag("it is fake").has_contradiction());
}
