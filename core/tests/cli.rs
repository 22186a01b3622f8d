//! The `nazar` binary, run as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn nazar(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nazar"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nazar");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait for nazar")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn normalize_keeps_one_line_per_line_in_order() {
    let input = "مي خواهم\n\nIt’s  sooo good\r\nvc é mto bom\nlast line without newline";
    let o = nazar(&["normalize"], input.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        stdout(&o),
        "می‌خواهم\n\nIt's sooo good\nvc é mto bom\nlast line without newline\n"
    );
}

#[test]
fn normalize_options_and_formats() {
    let o = nazar(&["normalize", "--digits", "persian"], "قیمت 120".as_bytes());
    assert_eq!(stdout(&o), "قیمت ۱۲۰\n");
    let o = nazar(
        &["normalize", "--format", "key", "--lang", "pt"],
        "Vc NÃO vai gostar".as_bytes(),
    );
    assert_eq!(stdout(&o), "voce nao vai gostar\n");
    let o = nazar(&["normalize", "--format", "tsv"], "كتاب ها\n".as_bytes());
    assert_eq!(stdout(&o), "fa\tکتاب‌ها\tکتابها\n");
    let o = nazar(&["normalize", "--format", "jsonl"], "don't\n".as_bytes());
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["key"], "do not");
    assert_eq!(v["lang"], "en");
}

#[test]
fn invalid_utf8_names_the_line_and_exits_2() {
    let o = nazar(&["normalize"], b"ok\nfine\nbad \xff byte\nmore\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("--lossy"), "{err}");
}

#[test]
fn lossy_replaces_and_counts() {
    let o = nazar(&["normalize", "--lossy"], b"ok\nbad \xff byte\n\xfe\n");
    assert!(o.status.success());
    assert_eq!(stdout(&o), "ok\nbad \u{FFFD} byte\n\u{FFFD}\n");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2 of 3 lines"), "{err}");
}

#[test]
fn output_file_appears_only_when_complete() {
    let dir = std::env::temp_dir().join(format!("nazar-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let target = dir.join("out.txt");
    let t = target.to_str().expect("path");
    let o = nazar(&["normalize", "--output", t], "كتاب\n".as_bytes());
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&target).expect("output"), "کتاب\n");

    let failed = dir.join("failed.txt");
    let f = failed.to_str().expect("path");
    let o = nazar(&["normalize", "--output", f], b"ok\n\xff\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !failed.exists(),
        "a failed run must not leave an output file"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let o = nazar(&["normalize", "/nonexistent/comments.txt"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/comments.txt"));
}

#[test]
fn bad_option_is_a_usage_error() {
    let o = nazar(&["normalize", "--digits", "roman"], b"");
    assert_eq!(o.status.code(), Some(2));
}
