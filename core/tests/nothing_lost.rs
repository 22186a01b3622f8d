//! Nothing lost on the real bundled data: every comment row of
//! fixtures/olist and fixtures/amazon is in the output of `nazar tag` and
//! counted in the output of `nazar flag`, and the summary printed at the
//! end ("N rows read, N tagged, N skipped") adds up.

mod support;

use std::path::{Path, PathBuf};

use support::{nazar, stderr, stdout};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(path)
}

/// The comment ids of a CSV file, read with the csv crate on its own.
fn comment_ids(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).expect("fixture");
    let col = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "comment_id")
        .expect("comment_id column");
    reader
        .records()
        .map(|r| r.expect("valid fixture")[col].to_string())
        .collect()
}

/// Runs `nazar` on files; stdout and stderr of a successful run.
fn run(args: &[&str]) -> (String, String) {
    let o = nazar(args, b"");
    let err = stderr(&o);
    assert!(o.status.success(), "{args:?}: {err}");
    (stdout(&o), err)
}

fn json(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn nazar_tag_outputs_every_row_of_the_real_data() {
    for file in ["olist/comments.csv", "amazon/comments.csv"] {
        let path = fixture(file);
        let ids = comment_ids(&path);
        let (out, err) = run(&[
            "tag",
            "--id-col",
            "comment_id",
            path.to_str().expect("path"),
        ]);
        let rows = json(&out);
        let got: Vec<&str> = rows.iter().map(|r| r["id"].as_str().expect("id")).collect();
        assert_eq!(got, ids, "{file}: every row, in order");
        let n = ids.len();
        assert!(
            err.contains(&format!("{n} rows read, {n} tagged")) && err.contains(", 0 skipped"),
            "{file}: {err}"
        );
    }
}

#[test]
fn nazar_flag_counts_every_comment_of_the_real_data() {
    for (comments, sales) in [
        ("olist/comments.csv", Some("olist/sales.csv")),
        ("amazon/comments.csv", None),
    ] {
        let path = fixture(comments);
        let n = comment_ids(&path).len();
        let mut args = vec![
            "flag".to_string(),
            "--all".into(),
            "--format".into(),
            "jsonl".into(),
            "--comments".into(),
            path.display().to_string(),
        ];
        if let Some(s) = sales {
            args.extend(["--sales".into(), fixture(s).display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (out, err) = run(&args);
        assert!(
            err.contains(&format!("{n} comments read")),
            "{comments}: {err}"
        );
        let rows = json(&out);
        let counted: u64 = rows
            .iter()
            .map(|r| r["comments"].as_u64().expect("comments"))
            .sum();
        assert_eq!(counted, n as u64, "{comments}: comments over all products");
        for r in &rows {
            let labels: u64 = ["positive", "negative", "neutral", "mixed"]
                .iter()
                .map(|l| r[l].as_u64().expect("label count"))
                .sum();
            assert_eq!(labels, r["comments"].as_u64().expect("comments"), "{r}");
        }
        let products = rows.len();
        assert!(
            err.contains(&format!("{products} products")),
            "{comments}: {err}"
        );
    }
}
