//! The `nazar` binary, run as a user runs it.

mod support;

use support::{nazar, p, stdout, TempDir};

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
    let html = "Tasty &amp; cheap<br />Great\n";
    let o = nazar(&["normalize"], html.as_bytes());
    assert_eq!(stdout(&o), "Tasty & cheap Great\n");
    let o = nazar(&["normalize", "--keep-html"], html.as_bytes());
    assert_eq!(stdout(&o), html);
}

#[test]
fn invalid_utf8_names_the_line_and_exits_2() {
    let o = nazar(&["normalize"], b"ok\nfine\nbad \xff byte\nmore\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("--lossy"), "{err}");
    // A UTF-16 file is named for what it is, in every command.
    let mut utf16 = vec![0xFF, 0xFE];
    for b in "text\nhello\n".bytes() {
        utf16.extend([b, 0]);
    }
    for args in [&["normalize"][..], &["tag", "--lines"], &["tag"]] {
        let o = nazar(args, &utf16);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("UTF-16"), "{args:?}: {err}");
    }
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

/// A file written again keeps its mode: a private output stays private.
#[cfg(unix)]
#[test]
fn output_replacing_a_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("mode");
    let target = dir.write("private.jsonl", "old\n");
    for mode in [0o600, 0o640] {
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let o = nazar(&["tag", "--lines", "--output", p(&target)], b"good\n");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let meta = std::fs::metadata(&target).expect("output");
        assert_eq!(meta.permissions().mode() & 0o777, mode);
        assert!(std::fs::read_to_string(&target)
            .expect("output")
            .contains("positive"));
    }
}

/// `--output` through a symbolic link replaces the file it points to and
/// leaves the link a link.
#[cfg(unix)]
#[test]
fn output_through_a_symlink_keeps_the_link() {
    let dir = TempDir::new("cli-link");
    let real = dir.write("real.txt", "old\n");
    let link = dir.path("link.txt");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let o = nazar(&["normalize", "--output", p(&link)], "كتاب\n".as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read_to_string(&real).expect("real"), "کتاب\n");
    assert_eq!(dir.files(), ["link.txt", "real.txt"], "no temporary left");
}

/// `--output /dev/stdout` is standard output, wherever it goes: with stdout
/// appended to a file, what the file held stays (resolved to that file and
/// replaced, it was lost).
#[cfg(unix)]
#[test]
fn output_to_dev_stdout_appends_to_a_redirected_stdout() {
    use std::io::Write;
    let dir = TempDir::new("cli-devstdout");
    let log = dir.write("log.txt", "first\n");
    let appended = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open log");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nazar"))
        .args(["normalize", "--output", "/dev/stdout"])
        .stdin(std::process::Stdio::piped())
        .stdout(appended)
        .spawn()
        .expect("run nazar");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("كتاب\n".as_bytes())
        .expect("write");
    assert!(child.wait().expect("wait").success());
    assert_eq!(std::fs::read_to_string(&log).expect("log"), "first\nکتاب\n");
    assert_eq!(dir.files(), ["log.txt"]);
}

/// A symbolic link to a file not made yet stays a link: the file it names
/// is created.
#[cfg(unix)]
#[test]
fn output_through_a_dangling_symlink_creates_its_target() {
    let dir = TempDir::new("cli-dangling");
    let link = dir.path("link.txt");
    std::os::unix::fs::symlink("real.txt", &link).expect("symlink");
    let o = nazar(&["normalize", "--output", p(&link)], "كتاب\n".as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    let real = std::fs::read_to_string(dir.path("real.txt")).expect("target written");
    assert_eq!(real, "کتاب\n");
}

/// A named pipe (like `/dev/stdout` or `/dev/null`) is written in place:
/// renaming a file over it would replace the device or the pipe.
#[cfg(unix)]
#[test]
fn output_to_a_named_pipe_writes_into_it() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = TempDir::new("cli-fifo");
    let fifo = dir.path("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo failed");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&fifo)
                .expect("open pipe")
                .read_to_string(&mut text)
                .expect("read pipe");
            text
        })
    };
    let o = nazar(&["normalize", "--output", p(&fifo)], "كتاب\n".as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Checked before joining: a reader of a replaced pipe waits forever.
    let meta = std::fs::symlink_metadata(&fifo).expect("pipe");
    assert!(
        meta.file_type().is_fifo(),
        "the pipe was replaced by a file"
    );
    assert_eq!(reader.join().expect("reader"), "کتاب\n");
    assert_eq!(dir.files(), ["pipe"], "no temporary file beside the pipe");
}

#[test]
fn a_full_disk_is_an_io_error_not_bad_input() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let o = nazar(&["normalize", "--output", "/dev/full"], "good\n".as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/dev/full"));
}

#[test]
fn missing_file_is_bad_input_naming_it() {
    let o = nazar(&["normalize", "/nonexistent/comments.txt"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/comments.txt"));
}

#[test]
fn a_directory_for_a_file_is_bad_input_naming_it() {
    let dir = TempDir::new("is-a-dir");
    let d = dir.path("");
    let lines = dir.write("c.txt", "good\n");
    let file_as_dir = dir.path("c.txt/inside.txt");
    for args in [
        vec!["normalize", p(&d)],
        vec!["tag", "--lines", p(&d)],
        vec!["tag", "--lines", "--lexicon", p(&d), p(&lines)],
        vec!["normalize", "--output", p(&d), p(&lines)],
        vec!["flag", "--comments", p(&d)],
        vec!["normalize", p(&file_as_dir)],
    ] {
        let o = nazar(&args, b"");
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(
                dir.path("")
                    .to_str()
                    .expect("utf-8 path")
                    .trim_end_matches('/')
            ),
            "{err}"
        );
    }
}

#[test]
fn bad_option_is_a_usage_error() {
    let o = nazar(&["normalize", "--digits", "roman"], b"");
    assert_eq!(o.status.code(), Some(2));
}

fn tag_json(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn tag_csv_one_object_per_row_in_order() {
    let csv = "id,text\n\
               a,\"Não recomendo, é falsificado\"\n\
               b,\n\
               c,\"خوب نبود ولی قیمتش مناسبه\"\n\
               d,\"It's not as advertised, line\nbreak inside\"\n";
    let o = nazar(&["tag"], csv.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = tag_json(&stdout(&o));
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(rows[0]["lang"], "pt");
    assert_eq!(rows[0]["label"], "negative");
    let contradiction = rows[0]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .find(|m| m["contradiction"] == true)
        .expect("a contradiction match");
    // start/end count characters of the original text.
    let text: Vec<char> = "Não recomendo, é falsificado".chars().collect();
    let (s, e) = (
        contradiction["start"].as_u64().unwrap_or(0),
        contradiction["end"].as_u64().unwrap_or(0),
    );
    assert_eq!(
        text[s as usize..e as usize].iter().collect::<String>(),
        "falsificado"
    );
    assert_eq!(
        rows[1]["label"], "neutral",
        "an empty text is a row with no matches"
    );
    assert_eq!(rows[1]["matches"].as_array().map(Vec::len), Some(0));
    assert_eq!(rows[2]["lang"], "fa");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("4 rows read, 4 tagged"), "{err}");
}

#[test]
fn tag_lines_and_custom_columns() {
    let o = nazar(
        &["tag", "--lines", "--lang", "en"],
        b"sooo good\nnot good\n",
    );
    let rows = tag_json(&stdout(&o));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "1");
    assert_eq!(rows[0]["label"], "positive");
    assert_eq!(rows[1]["label"], "negative");
    assert_eq!(rows[1]["matches"][0]["negated"], true);

    // A byte-order mark opening the input is no part of the first line.
    let o = nazar(
        &["tag", "--lines", "--lang", "en"],
        "\u{FEFF}good\n".as_bytes(),
    );
    let rows = tag_json(&stdout(&o));
    assert_eq!(rows[0]["matches"][0]["start"], 0);
    assert_eq!(rows[0]["matches"][0]["end"], 4);

    let csv = "\u{FEFF}review,comment\r\n7,veio quebrado\r\n";
    let o = nazar(
        &["tag", "--text-col", "comment", "--id-col", "review"],
        csv.as_bytes(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = tag_json(&stdout(&o));
    assert_eq!(rows[0]["id"], "7");
    assert_eq!(rows[0]["label"], "negative");
}

#[test]
fn tag_rejects_bad_csv_naming_the_row() {
    let o = nazar(&["tag"], b"id,body\n1,good\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no \"text\" column") && err.contains("\"body\""),
        "{err}"
    );

    let o = nazar(&["tag"], b"id,text\n1,good\n2,bad,extra\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 3") && err.contains("3 fields"), "{err}");

    let o = nazar(&["tag"], b"id,text\n1,good\n2,bad \xff\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("row 2") && err.contains("column text"),
        "{err}"
    );

    // Lines are counted right whatever ends them (the csv crate numbers
    // CRLF records one short and counts no lone CR).
    let o = nazar(&["tag"], b"id,text\r\n1,a\r\n2,b\r\n3,c,extra\r\n");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 4, row 3"), "{err}");
    let o = nazar(&["tag"], b"id,text\r1,a\r2,b\r3,c,extra\r");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("row 3") && !err.contains("line"), "{err}");

    // An id column named on the command line must be there; an empty
    // input says so.
    let o = nazar(&["tag", "--id-col", "nope"], b"id,text\n17,good\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no \"nope\" column") && err.contains("--id-col"),
        "{err}"
    );
    let o = nazar(&["tag"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the input is empty"));

    // A stray quote would merge the rows after it into one comment.
    let o = nazar(
        &["tag"],
        b"id,text\n1,\"fake\n2,good\n3,\"bad\" thing\n4,ok\n",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 4") && err.contains("opened on line 2"),
        "{err}"
    );
    let o = nazar(&["tag"], b"id,text\n1,\"good\n2,bad\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 2") && err.contains("never closed"),
        "{err}"
    );

    let o = nazar(&["tag", "--lossy"], b"id,text\n1,good\n2,bad \xff\n");
    assert!(o.status.success());
    assert_eq!(tag_json(&stdout(&o)).len(), 2);
}

#[test]
fn tag_with_user_lexicon_adds_or_replaces() {
    let dir = std::env::temp_dir().join(format!("nazar-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let lex = dir.join("smell.toml");
    std::fs::write(
        &lex,
        "[[category]]\nname = \"smell\"\npolarity = \"negative\"\nterms.en = [\"smells\"]\n",
    )
    .expect("write lexicon");
    let l = lex.to_str().expect("path");
    let o = nazar(
        &["tag", "--lines", "--lang", "en", "--lexicon", l],
        b"good but it smells\n",
    );
    let rows = tag_json(&stdout(&o));
    let cats: Vec<&str> = rows[0]["matches"]
        .as_array()
        .expect("m")
        .iter()
        .filter_map(|m| m["category"].as_str())
        .collect();
    assert!(
        cats.contains(&"smell") && cats.contains(&"quality_positive"),
        "{cats:?}"
    );

    let o = nazar(
        &[
            "tag",
            "--lines",
            "--lang",
            "en",
            "--lexicon",
            l,
            "--no-default-lexicon",
        ],
        b"good but it smells\n",
    );
    let rows = tag_json(&stdout(&o));
    assert_eq!(rows[0]["matches"].as_array().map(Vec::len), Some(1));

    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[[category]]\nname = \"x\"\npolarity = \"sideways\"\nterms.en = [\"a\"]\n",
    )
    .expect("write");
    let o = nazar(
        &["tag", "--lines", "--lexicon", bad.to_str().expect("path")],
        b"a\n",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml, line 3"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
