//! Hostile input, through the library and the `nazar` binary: CSV files
//! with every quirk of real exports, text made only of invisible marks,
//! floods of combining marks, right-to-left overrides, a lexicon regex that
//! would be catastrophic for a backtracking engine, and a million-line
//! input with one invalid UTF-8 byte. (Inputs of 50 MB and lexicons of
//! 100,000 terms are in `huge.rs`, run in release by `make test`.)

mod invariants;
mod support;

use std::time::{Duration, Instant};

use support::{json_lines, nazar, p, stderr, TempDir};

use nazar::{Label, Lexicon, Normalizer, Tagger};

#[test]
fn tag_csv_with_quotes_newlines_bom_and_crlf() {
    let csv = "\u{feff}id,text,lang\r\n\
               a,\"veio \"\"quebrado\"\",\r\nnão recomendo\",pt\r\n\
               b,\"line one\nline two, fake\",\r\n\
               c,,\r\n";
    let o = nazar(&["tag"], csv.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = json_lines(&o);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let terms: Vec<&str> = rows[0]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["term"].as_str().expect("term"))
        .collect();
    assert!(terms.contains(&"quebrado"), "{terms:?}");
    assert_eq!(rows[1]["matches"][0]["category"], "authenticity");
    // Offsets count the characters of the field as written, newline included.
    assert_eq!(rows[1]["matches"][0]["start"], 19);
    assert_eq!(rows[2]["label"], "neutral");
    assert!(stderr(&o).contains("3 rows read, 3 tagged (1 with empty text)"));
}

#[test]
fn tag_csv_missing_extra_and_duplicated_columns_name_the_place() {
    let cases: &[(&str, &[u8], &[&str])] = &[
        (
            "missing field",
            b"id,text\n1,good\n2\n",
            &["row 2", "line 3", "1 fields where the header has 2"],
        ),
        (
            "extra field after a quoted newline",
            b"id,text\n1,\"good\nstill row 1\"\n2,bad,extra\n",
            &["row 2", "line 4", "3 fields"],
        ),
        (
            "separated by semicolons",
            b"id;text\n1;bom\n",
            &["line 1", "column text", "separated by ';'"],
        ),
        (
            "duplicated text column",
            b"text,id,text\ngood,1,bad\n",
            &["line 1", "column text", "appears twice", "columns 1 and 3"],
        ),
        (
            "duplicated id column",
            b"id,text,id\n1,good,2\n",
            &["column id", "appears twice"],
        ),
        (
            "unterminated quote at the end",
            b"id,text\n1,\"good\n",
            &["line 2", "never closed"],
        ),
    ];
    for (name, csv, pieces) in cases {
        let o = nazar(&["tag"], csv);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("<stdin>"), "{name}: {err}");
        for piece in *pieces {
            assert!(err.contains(piece), "{name}: {err:?} lacks {piece:?}");
        }
    }
}

#[test]
fn flag_csv_quirks_are_read_or_named() {
    let dir = TempDir::new("flagcsv");
    let sales = dir.write(
        "s.csv",
        b"\xef\xbb\xbfproduct_id,sales\r\np1,10\r\np2,5\r\n",
    );
    let comments = dir.write(
        "c.csv",
        "\u{feff}comment_id,product_id,text\r\n\
         1,p1,\"multi\r\nline, \"\"quoted\"\" fake\"\r\n\
         2,p2,\"<script>alert(1)</script>\"\r\n"
            .as_bytes(),
    );
    let o = nazar(
        &[
            "flag",
            "--all",
            "--format",
            "jsonl",
            "--comments",
            p(&comments),
            "--sales",
            p(&sales),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json_lines(&o).len(), 2, "one row per product");
    assert!(stderr(&o).contains("2 comments read"), "{}", stderr(&o));

    let cases: &[(&str, &[u8], &[&str])] = &[
        (
            "missing field",
            b"product_id,text\np1,ok\np2\n",
            &["row 2", "header has 2"],
        ),
        (
            "extra field",
            b"product_id,text\np1,\"a\nb\",x\n",
            &["row 1", "header has 2"],
        ),
        (
            "duplicated header",
            b"product_id,text,TEXT\np1,a,b\n",
            &["line 1", "column text", "appears twice"],
        ),
    ];
    for (i, (name, csv, pieces)) in cases.iter().enumerate() {
        let bad = dir.write(&format!("bad{i}.csv"), csv);
        let o = nazar(&["flag", "--comments", p(&bad), "--sales", p(&sales)], b"");
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(p(&bad)), "{name}: {err}");
        for piece in *pieces {
            assert!(err.contains(piece), "{name}: {err:?} lacks {piece:?}");
        }
        assert!(o.stdout.is_empty(), "{name}: no partial output");
    }
}

#[test]
fn persian_made_only_of_zwnj_kashida_and_diacritics_is_empty_text() {
    let texts = [
        "\u{200C}\u{0640}\u{064E}\u{0651}\u{200C}\u{0640}\u{0640}\u{064B}",
        &"\u{0640}".repeat(10_000),
        &"\u{200C}".repeat(10_000),
        &"\u{064E}\u{0651}\u{0652}".repeat(3_000),
        &"\u{200C} \u{0640}\u{0670} ".repeat(2_000),
    ];
    let n = Normalizer::default();
    let tagger = Tagger::default();
    for text in texts {
        let out = n.normalize(text);
        assert_eq!((out.display(), out.key()), ("", ""), "{:?}", &text[..12]);
        let tags = tagger.tag(text);
        assert!(tags.matches.is_empty());
        assert_eq!(tags.label, Label::Neutral);
        invariants::check_normalize(text.as_bytes());
        invariants::check_tag(text.as_bytes());
    }
    // A kashida inside a word does not hide it.
    let tags = tagger.tag("خــــوب نبــــود");
    assert_eq!(tags.label, Label::Negative, "{tags:?}");
}

#[test]
fn combining_mark_floods_are_linear_and_fold_away() {
    let n = Normalizer::default();
    let tagger = Tagger::default();
    let floods = [
        format!("fake{}", "\u{0301}".repeat(100_000)),
        format!("{}fake", "\u{0301}\u{0302}\u{0323}".repeat(30_000)),
        format!("خوب{}", "\u{064E}\u{0651}".repeat(50_000)),
        format!("a{}b", "\u{20D7}".repeat(50_000)),
    ];
    for text in &floods {
        let started = Instant::now();
        let out = n.normalize(text);
        let tags = tagger.tag(text);
        // Linear work takes milliseconds even in debug; a quadratic pass
        // over 100,000 marks would take many minutes.
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{:?}",
            started.elapsed()
        );
        // Latin accents and Arabic diacritics fold away in the key; other
        // marks (U+20D7) are kept, but never split from their letter.
        if !text.contains('\u{20D7}') {
            assert!(
                out.key().chars().count() < 10,
                "key of {} chars",
                out.key().chars().count()
            );
        }
        invariants::check_tags(text, &tags);
        let again = n.normalize(out.key());
        assert_eq!(again.key(), out.key());
    }
    assert_eq!(n.key(&floods[0]), "fake");
    assert_eq!(n.key(&floods[2]), "خوب");
    assert!(tagger.tag(&floods[0]).has_contradiction());
    // Smaller floods go through every invariant check.
    for text in [
        "e\u{0301}\u{0301}\u{0301}\u{0302}",
        "\u{0301}\u{0301}fake",
        "ا\u{0653}\u{0653}\u{0654}",
    ] {
        invariants::check_normalize(text.as_bytes());
        invariants::check_tag(text.as_bytes());
    }
}

#[test]
fn right_to_left_overrides_are_dropped_and_spans_stay_exact() {
    let text = "\u{202E}fake\u{202C} \u{2067}good\u{2069} \u{200F}bom\u{200E} \u{202B}خوب\u{202C}";
    let n = Normalizer::default();
    let out = n.normalize(text);
    let bidi = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    assert!(!out.display().contains(bidi), "{:?}", out.display());
    assert_eq!(out.display(), "fake good bom خوب");
    let tags = Tagger::default().tag(text);
    invariants::check_tags(text, &tags);
    let fake = tags
        .matches
        .iter()
        .find(|m| &*m.category == "authenticity")
        .expect("fake found behind the override");
    assert!(text[fake.byte_start..fake.byte_end].contains("fake"));
    invariants::check_normalize(text.as_bytes());

    // Through the binary: the JSON is valid and the override is data.
    let o = nazar(
        &["tag", "--lines"],
        format!("{text}\n\u{202E}\n").as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = json_lines(&o);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["matches"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_catastrophic_regex_runs_in_linear_time_or_is_rejected() {
    let toml = r#"
[[category]]
name = "nested"
polarity = "negative"
patterns.en = ['(a+)+$', '(a|aa)*c', '(\w+\s?)+!$']
"#;
    let lexicon = Lexicon::builder()
        .defaults(false)
        .add_toml("evil.toml", toml)
        .expect("valid")
        .build()
        .expect("compiles");
    let tagger = Tagger::new(lexicon);
    // 30,000 a's and no ending: 2^30000 paths for a backtracking engine.
    let text = format!("{}b", "a".repeat(30_000));
    let started = Instant::now();
    let tags = tagger.tag(&text);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    assert!(tags.matches.is_empty(), "{:?}", tags.matches.len());

    // A regex too big to compile is a lexicon error naming file and line.
    let huge = "[[category]]\nname = \"huge\"\npolarity = \"negative\"\npatterns.en = ['\\w{1000}{1000}']\n";
    let err = Lexicon::builder()
        .add_toml("huge.toml", huge)
        .expect_err("too big")
        .to_string();
    assert!(err.contains("huge.toml") && err.contains("line 4"), "{err}");
    assert!(err.contains("bad regex"), "{err}");
}

/// A million lines with one invalid byte in line 500,001.
fn million_lines() -> Vec<u8> {
    let mut data = Vec::with_capacity(20 << 20);
    for i in 1..=1_000_000u32 {
        if i == 500_001 {
            data.extend_from_slice(b"bad \xff byte\n");
        } else {
            data.extend_from_slice(format!("line {i} ok\n").as_bytes());
        }
    }
    data
}

#[test]
fn a_million_lines_with_one_bad_byte_fail_naming_the_line_or_are_counted() {
    let dir = TempDir::new("million");
    let input = dir.write("in.txt", million_lines());
    let out = dir.path("out.txt");
    let o = nazar(&["normalize", p(&input), "-o", p(&out)], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("in.txt, line 500001") && err.contains("invalid UTF-8"),
        "{err}"
    );
    assert_eq!(dir.files(), ["in.txt"], "no output, complete or partial");

    let o = nazar(&["normalize", "--lossy", p(&input), "-o", p(&out)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 of 1000000 lines had invalid UTF-8, replaced"),
        "{}",
        stderr(&o)
    );
    let written = std::fs::read_to_string(&out).expect("output");
    assert_eq!(written.lines().count(), 1_000_000);
    assert_eq!(written.lines().nth(500_000), Some("bad \u{FFFD} byte"));
    assert_eq!(dir.files(), ["in.txt", "out.txt"]);
}
