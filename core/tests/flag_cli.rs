//! `nazar flag` run as a user runs it, on small CSV files in a temporary
//! directory.
//!
//! The comments are short stock phrases, so these tests rest on comment
//! rates and ratings; tagging has its own tests.

mod support;

use std::path::PathBuf;

use support::{nazar, p, stderr, stdout, TempDir};

/// 40 ordinary products (100 sales, 4–6 comments) and `hot` (10 sales, 5
/// one-star comments). The comments file starts with a BOM and uses CRLF.
fn marketplace(dir: &TempDir) -> (PathBuf, PathBuf) {
    let mut sales = String::from("product_id,sales,category\n");
    let mut comments = String::from("\u{feff}comment_id,product_id,text,rating\r\n");
    let mut id = 0;
    for i in 0..40 {
        sales.push_str(&format!("p{i:02},100,toys\n"));
        for _ in 0..(4 + i % 3) {
            id += 1;
            comments.push_str(&format!("c{id},p{i:02},\"ok, arrived\",{}\r\n", 3 + i % 3));
        }
    }
    sales.push_str("hot,10,toys\nquiet,50,toys\n");
    for _ in 0..5 {
        id += 1;
        comments.push_str(&format!("c{id},hot,\"broke, <b>bad</b>\",1\r\n"));
    }
    comments.push_str("orphan-1,ghost,no sales row for me,2\r\n");
    (
        dir.write("sales.csv", &sales),
        dir.write("comments.csv", &comments),
    )
}

#[test]
fn flags_the_hot_product_with_its_direction() {
    let dir = TempDir::new("hot");
    let (sales, comments) = marketplace(&dir);
    let o = nazar(
        &["flag", "--comments", p(&comments), "--sales", p(&sales)],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header[..15].join(","),
        "product_id,category,sales,comments,comment_rate,expected_rate,comment_p,comment_q,\
         contradiction_comments,contradiction_rate,contradiction_posterior,contradiction_q,\
         flags,direction,evidence"
    );
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 1, "{out}");
    let get = |name: &str| {
        let i = header.iter().position(|h| h == name).expect("column");
        records[0][i].to_string()
    };
    assert_eq!(get("product_id"), "hot");
    assert_eq!(get("category"), "toys");
    assert_eq!((get("sales"), get("comments")), ("10".into(), "5".into()));
    assert_eq!(get("flags"), "high_comment_rate");
    assert_eq!(get("direction"), "very_bad");
    assert_eq!(get("evidence").split(';').count(), 5);
    let q: f64 = get("comment_q").parse().expect("q is a number");
    assert!(q < 0.05, "{q}");
    let err = stderr(&o);
    assert!(
        err.contains(
            "205 comments read, 43 products, 42 with sales, 1 comments without a sales row, \
             1 flagged (1 high_comment_rate, 0 contradiction)"
        ),
        "{err}"
    );
    assert!(
        err.contains("1 products with sales but no comment"),
        "{err}"
    );
}

#[test]
fn all_jsonl_report_and_output_file() {
    let dir = TempDir::new("all");
    let (sales, comments) = marketplace(&dir);
    let (out, report) = (dir.path("flags.jsonl"), dir.path("report.html"));
    let o = nazar(
        &[
            "flag",
            "--comments",
            p(&comments),
            "--sales",
            p(&sales),
            "--all",
            "--format",
            "jsonl",
            "--output",
            p(&out),
            "--report",
            p(&report),
            "--fdr",
            "0.01",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(&out).expect("output written");
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(rows.len(), 43);
    assert_eq!(rows[0]["product_id"], "hot", "most significant first");
    let ghost = rows
        .iter()
        .find(|r| r["product_id"] == "ghost")
        .expect("ghost");
    assert_eq!(ghost["sales"], serde_json::Value::Null);
    assert_eq!(ghost["comment_q"], serde_json::Value::Null);
    assert_eq!(ghost["has_sales_row"], false);
    let quiet = rows
        .iter()
        .find(|r| r["product_id"] == "quiet")
        .expect("quiet");
    assert_eq!(
        (quiet["comments"].as_u64(), quiet["comment_p"].as_f64()),
        (Some(0), Some(1.0))
    );
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.contains("<svg") && html.contains("<code>hot</code>"));
    assert!(html.contains("&lt;b&gt;bad&lt;/b&gt;") || !html.contains("<b>bad"));
    assert!(!html.contains("<b>bad</b>"));
}

/// A comments CSV: `products` ordinary products with four comments each,
/// `fake_every` of them calling the item fake in turn (0: none), then
/// `extra` rows as written.
fn comments_csv(products: usize, fake_every: usize, extra: &[&str]) -> String {
    let mut csv = String::from("comment_id,product_id,text\n");
    for p in 0..products {
        for c in 0..4 {
            let fake = fake_every > 0 && (p * 4 + c) % fake_every == 0;
            let text = if fake { "fake" } else { "fine" };
            csv.push_str(&format!("{p}-{c},p{p},{text}\n"));
        }
    }
    for row in extra {
        csv.push_str(row);
        csv.push('\n');
    }
    csv
}

#[test]
fn a_baseline_on_a_handful_of_products_is_a_warning() {
    // Ten products, four comments each, one of them all "fake": the
    // baseline is mostly that product, and the reader is told so, on the
    // terminal and in the report.
    let dir = TempDir::new("handful");
    let fake = ["x-0,px,fake", "x-1,px,fake", "x-2,px,fake", "x-3,px,fake"];
    let comments = dir.write("comments.csv", comments_csv(9, 0, &fake));
    let report = dir.path("report.html");
    let args = ["flag", "--comments", p(&comments), "--lang", "en"];
    let o = nazar(&[&args[..], &["--report", p(&report)]].concat(), b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "nazar: warning: the contradiction-rate baseline rests on 10 products with \
             comments (fewer than 30)"
        ),
        "{err}"
    );
    assert!(!err.contains("comment-rate baseline"), "{err}");
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(html.contains("<tr class=\"warning\"><td>warning</td><td>the contradiction-rate"));
    // With thirty products, no warning.
    let comments = dir.write("thirty.csv", comments_csv(30, 0, &[]));
    let o = nazar(&["flag", "--comments", p(&comments), "--lang", "en"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn a_baseline_that_expects_rates_near_one_is_a_warning() {
    // 59 products at 0 of 4 "fake", one at 4 of 4: the mission's case. A
    // prior that piles up at 0 and at 1 would explain the 4 of 4 as spread;
    // the fit that decides what to trim lets it stand apart instead (no
    // normal product is wholly fake), so it is flagged.
    let dir = TempDir::new("ushape");
    let fake = ["x-0,px,fake", "x-1,px,fake", "x-2,px,fake", "x-3,px,fake"];
    let comments = dir.write("comments.csv", comments_csv(59, 0, &fake));
    let o = nazar(&["flag", "--comments", p(&comments), "--lang", "en"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    assert!(stdout(&o).contains("\npx,"), "{}", stdout(&o));
    // Three such products among the 59: as likely a baseline where some
    // products are wholly fake as three anomalies. Not flagged, and the
    // reader is told why.
    let three: Vec<String> = (0..3)
        .flat_map(|k| (0..4).map(move |j| format!("x{k}-{j},px{k},fake")))
        .collect();
    let three: Vec<&str> = three.iter().map(String::as_str).collect();
    let comments = dir.write("three.csv", comments_csv(59, 0, &three));
    let o = nazar(&["flag", "--comments", p(&comments), "--lang", "en"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "nazar: warning: the contradiction-rate baseline of all products expects some \
             ordinary products to have a rate near 1 (beta 0.001 < 1, fitted on 62 products)"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(!stdout(&o).contains("\npx"), "{}", stdout(&o));
    // One fake comment in twenty across 300 other products: an ordinary
    // prior, no warning, and the 4 of 4 is flagged.
    let comments = dir.write("spread.csv", comments_csv(300, 20, &fake));
    let o = nazar(&["flag", "--comments", p(&comments), "--lang", "en"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    assert!(stdout(&o).contains("\npx,"), "{}", stdout(&o));
}

#[test]
fn several_sales_rows_for_a_product_are_added_with_a_warning() {
    let dir = TempDir::new("sales-rows");
    let (sales, comments) = marketplace(&dir);
    let twice = std::fs::read_to_string(&sales).expect("sales") + "p03,100,toys\n";
    let sales = dir.write("twice.csv", &twice);
    let o = nazar(
        &[
            "flag",
            "--comments",
            p(&comments),
            "--sales",
            p(&sales),
            "--all",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "warning: 1 product has more than one sales row, and their sales are added up \
             (product p03: 2 rows, 200 sales)"
        ),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("\np03,toys,200,"), "{}", stdout(&o));
}

#[test]
fn a_comment_id_seen_twice_is_a_warning() {
    // One "fake" comment exported four times makes a 4-of-4 contradiction
    // product among 300 where one comment in twenty says fake; the
    // warning names it so the reader can check the file.
    let dir = TempDir::new("repeated");
    let row = "x-1,px,\"fake, do not buy\"";
    let comments = dir.write("comments.csv", comments_csv(300, 20, &[row; 4]));
    let o = nazar(&["flag", "--comments", p(&comments), "--lang", "en"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "nazar: warning: 3 comments repeat an id already seen on their product (1 product; \
             product px has comment x-1 4 times)"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(stdout(&o).contains("\npx,"), "{}", stdout(&o));
    // The same comments with ids of their own: flagged, no warning.
    let rows: Vec<String> = (1..=4)
        .map(|i| row.replace("x-1", &format!("x-{i}")))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let comments = dir.write("distinct.csv", comments_csv(300, 20, &rows));
    let o = nazar(&["flag", "--comments", p(&comments), "--lang", "en"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    assert!(stdout(&o).contains("\npx,"), "{}", stdout(&o));
}

#[test]
fn without_sales_only_contradictions_are_tested() {
    let dir = TempDir::new("nosales");
    let (_, comments) = marketplace(&dir);
    let o = nazar(&["flag", "--comments", p(&comments), "--lang", "en"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "header only");
    assert!(stderr(&o).contains("no sales file (comment rate not tested)"));
}

#[test]
fn bad_input_exits_2_naming_file_row_and_column() {
    let dir = TempDir::new("bad");
    let good_comments = dir.write("c.csv", "product_id,text\np1,ok\n");
    let good_sales = dir.write("s.csv", "product_id,sales\np1,3\n");
    // (name, sales content or None, comments content or None, pieces)
    type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);
    let table: &[Case] = &[
        (
            "missing column",
            Some("product_id,units\np1,3\n"),
            None,
            &[
                "line 1",
                "column sales",
                "missing required column `sales`",
                "product_id, units",
            ],
        ),
        (
            "negative sales",
            Some("product_id,sales\np1,3\np2,-4\n"),
            None,
            &["row 2", "column sales", "negative"],
        ),
        (
            "negative sales, CRLF",
            Some("product_id,sales\r\np1,3\r\np2,1\r\np3,-4\r\n"),
            None,
            &["line 4", "row 3", "column sales", "negative"],
        ),
        (
            "non-numeric sales",
            Some("product_id,sales\np1,three\n"),
            None,
            &["row 1", "column sales", "not a number"],
        ),
        (
            "empty product id",
            None,
            Some("product_id,text\np1,ok\n,orphan\n"),
            &["row 2", "column product_id", "empty product id"],
        ),
        (
            "malformed row",
            None,
            Some("product_id,text\np1,ok,extra\n"),
            &["row 1", "column 3", "header has 2"],
        ),
        (
            "unclosed quote",
            None,
            Some("product_id,text\np1,\"fake\np2,good\np3,\"bad\" thing\n"),
            &["line 4", "opened on line 2", "unclosed quote"],
        ),
        (
            "non-numeric rating",
            None,
            Some("product_id,text,rating\np1,ok,great\n"),
            &["row 1", "column rating"],
        ),
    ];
    for (i, (name, sales, comments, pieces)) in table.iter().enumerate() {
        let sales = sales.map_or(good_sales.clone(), |s| dir.write(&format!("s{i}.csv"), s));
        let comments = comments.map_or(good_comments.clone(), |c| {
            dir.write(&format!("c{i}.csv"), c)
        });
        let o = nazar(
            &["flag", "--comments", p(&comments), "--sales", p(&sales)],
            b"",
        );
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        let file = if pieces
            .iter()
            .any(|x| x.contains("sales") || x.contains("units"))
        {
            &sales
        } else {
            &comments
        };
        assert!(err.contains(p(file)), "{name}: {err}");
        for piece in *pieces {
            assert!(err.contains(piece), "{name}: {err:?} lacks {piece:?}");
        }
        assert!(o.stdout.is_empty(), "{name}: no partial output");
    }
}

#[test]
fn invalid_utf8_is_an_error_or_with_lossy_replaced_and_counted() {
    let dir = TempDir::new("lossy");
    // A Latin-1 export: `não é original` with ã and é as single bytes.
    let mut text = b"product_id,text,rating\nA,n\xe3o \xe9 original,1\n".to_vec();
    text.extend_from_slice(b"A,ok,5\nB,fine,4\n");
    let comments = dir.write("latin1.csv", &text);
    let o = nazar(&["flag", "--comments", p(&comments), "--all"], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("line 2, row 1, column text: invalid UTF-8 at byte 2"),
        "{err}"
    );
    assert!(err.contains("--lossy"), "{err}");

    let report = dir.path("lossy.html");
    let o = nazar(
        &[
            "flag",
            "--comments",
            p(&comments),
            "--all",
            "--lossy",
            "--report",
            p(&report),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("3 comments read"), "{err}");
    assert!(err.contains("1 comment rows had invalid UTF-8"), "{err}");
    // The report says so too, and that without sales the comment rate was
    // not tested.
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(
        html.contains("<td>comment rows with invalid UTF-8</td><td>1 (replaced with U+FFFD)"),
        "{html}"
    );
    assert!(html.contains("not tested (no sales file)"));
    assert!(!html.contains("products with sales"));
    let out = stdout(&o);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let products: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[0].to_string())
        .collect();
    assert_eq!(products.len(), 2, "{out}");

    // A bad byte in a column name nazar does not read is no error.
    let header = dir.write(
        "header.csv",
        b"product_id,text,coment\xe1rio\nA,ok,x\n".as_slice(),
    );
    let o = nazar(&["flag", "--comments", p(&header)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    // In the sales file the error offers no --lossy, which is for comments.
    let sales = dir.write("sales.csv", b"product_id,sales\nA\xe1,3\n".as_slice());
    let o = nazar(
        &["flag", "--comments", p(&header), "--sales", p(&sales)],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("sales.csv, line 2, row 1, column product_id"),
        "{err}"
    );
    assert!(!err.contains("--lossy"), "{err}");

    // --lossy mends text, never ids: `A\xe1` and `A\xe9` would both read
    // `A\u{FFFD}`, one product made of two.
    for (column, csv) in [
        (
            "product_id",
            b"product_id,text\nA\xe1,fake\nA\xe9,ok\n".as_slice(),
        ),
        (
            "comment_id",
            b"comment_id,product_id,text\nc\xe1,A,ok\n".as_slice(),
        ),
    ] {
        let ids = dir.write("ids.csv", csv);
        let o = nazar(&["flag", "--comments", p(&ids), "--lossy"], b"");
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        let want = format!("line 2, row 1, column {column}: invalid UTF-8 in an id");
        assert!(err.contains(&want), "{err}");
    }
}

#[test]
fn usage_errors_and_missing_files() {
    let dir = TempDir::new("usage");
    let comments = dir.write("c.csv", "product_id,text\np1,ok\n");
    for fdr in ["0", "1", "abc", "-0.1"] {
        let o = nazar(&["flag", "--comments", p(&comments), "--fdr", fdr], b"");
        assert_eq!(o.status.code(), Some(2), "fdr {fdr}");
    }
    let o = nazar(&["flag", "--comments", "/nonexistent/comments.csv"], b"");
    assert_eq!(
        o.status.code(),
        Some(2),
        "a file that is not there is bad input"
    );
    assert!(stderr(&o).contains("/nonexistent/comments.csv"));
    let o = nazar(&["flag"], b"");
    assert_eq!(o.status.code(), Some(2), "--comments is required");
    // An output that cannot be written fails before anything is written,
    // naming the file asked for (not nazar's temporary file).
    let report = dir.path("no-such-dir").join("r.html");
    let o = nazar(
        &["flag", "--comments", p(&comments), "--report", p(&report)],
        b"",
    );
    assert_eq!(o.status.code(), Some(2), "the directory is not there");
    assert!(stderr(&o).contains(p(&report)), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "no rows before the error");
    assert!(!dir.path("").read_dir().expect("dir").any(|e| e
        .expect("entry")
        .file_name()
        .to_string_lossy()
        .ends_with(".tmp")));
    // The report and the rows in one place: the second would replace (or
    // interleave with) the first. Refused before any work, however the
    // path is spelled; two writes to a device are fine.
    let same = dir.path("same.csv");
    let dotted = dir.path("").join(".").join("same.csv");
    for (report, output) in [
        (p(&same), Some(p(&same))),
        (p(&dotted), Some(p(&same))),
        ("/dev/stdout", None),
        ("-", Some("/dev/stdout")),
    ] {
        let mut argv = vec!["flag", "--comments", p(&comments), "--report", report];
        argv.extend(output.iter().flat_map(|o| ["--output", o]));
        let o = nazar(&argv, b"");
        assert_eq!(o.status.code(), Some(2), "{report} {output:?}");
        assert!(stderr(&o).contains("same place"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    assert!(!same.exists());
    let o = nazar(
        &[
            "flag",
            "--comments",
            p(&comments),
            "--report",
            "/dev/null",
            "-o",
            "/dev/null",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // No lexicon at all would tag nothing and test no contradiction.
    for cmd in ["flag", "tag"] {
        let input = if cmd == "flag" {
            "--comments"
        } else {
            "--lines"
        };
        let o = nazar(&[cmd, "--no-default-lexicon", input, p(&comments)], b"");
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        assert!(stderr(&o).contains("--lexicon"), "{}", stderr(&o));
        // Nor would lexicons without a category (only negation words).
        let empty = dir.write("negation.toml", "[negation.en]\npre = [\"not\"]\n");
        let args = [cmd, "--no-default-lexicon", "--lexicon", p(&empty), input];
        let o = nazar(&[&args[..], &[p(&comments)]].concat(), b"");
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        assert!(
            err.contains("negation.toml: no category: with --no-default-lexicon"),
            "{err}"
        );
    }
}

#[test]
fn comments_from_stdin_and_sales_with_periods() {
    let dir = TempDir::new("stdin");
    // 40 products sold in two months; `hot` only in December.
    let mut sales = String::from("product_id,sales,category,period\n");
    let mut comments = String::from("product_id,text,rating,created_at\n");
    for i in 0..40 {
        for (month, n) in [("2023-11", 100), ("2023-12", 100)] {
            sales.push_str(&format!("p{i:02},{n},toys,{month}\n"));
            for d in 0..(4 + i % 3) {
                comments.push_str(&format!("p{i:02},ok,4,{month}-{:02} 10:00:00\n", d + 1));
            }
        }
    }
    sales.push_str("hot,10,toys,2023-12\n");
    for d in 0..5 {
        comments.push_str(&format!("hot,awful,1,2024-01-{:02}\n", d + 1));
    }
    let sales = dir.write("sales.csv", &sales);
    let report = dir.path("report.html");
    let o = nazar(
        &[
            "flag",
            "--comments",
            "-",
            "--sales",
            p(&sales),
            "--all",
            "--report",
            p(&report),
        ],
        comments.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let header = rows.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 81, "one row per product and period");
    let first = &records[0];
    assert_eq!(&first[col("product_id")], "hot");
    assert_eq!(&first[col("period")], "2023-12");
    assert_eq!(&first[col("flags")], "high_comment_rate");
    assert_eq!(&first[col("direction")], "very_bad");
    // The November comments stayed in November.
    let p00_nov = records
        .iter()
        .find(|r| &r[col("product_id")] == "p00" && &r[col("period")] == "2023-11")
        .expect("p00 in November");
    assert_eq!(&p00_nov[col("comments")], "4");
    // Products are counted once whatever their periods.
    assert!(
        stderr(&o).contains("403 comments read, 41 products (81 product-periods), 81 with sales"),
        "{}",
        stderr(&o)
    );
    // The report names the period in the table and over the evidence.
    let html = std::fs::read_to_string(&report).expect("report");
    let period = "<span class=\"meta\">2023-12</span>";
    assert!(
        html.contains(&format!("<code>hot</code></a> {period}</td>")),
        "table row"
    );
    assert!(
        html.contains(&format!(
            "<code>hot</code> {period} — high_comment_rate, very_bad</h3>"
        )),
        "evidence"
    );
    // Its counts say product-periods where they count them.
    assert!(html.contains("<tr><td>products</td><td>41 (81 product-periods)</td></tr>"));
    assert!(html.contains("<tr><td>product-periods with sales</td><td>81</td></tr>"));
}

#[test]
fn the_report_says_what_evidence_it_leaves_out() {
    // One product whose 31 comments are all "fake" among 300 where one
    // comment in twenty is, and one of the 31 is 20,000 characters long
    // with its only match at the end.
    let dir = TempDir::new("left-out");
    let mut fakes: Vec<String> = (0..30).map(|j| format!("x{j:02},X,this is fake")).collect();
    fakes.push(format!("a,X,{} counterfeit end", "x".repeat(20_000)));
    let fakes: Vec<&str> = fakes.iter().map(String::as_str).collect();
    let comments = dir.write("c.csv", comments_csv(300, 20, &fakes));
    let report = dir.path("r.html");
    let o = nazar(
        &["flag", "--comments", p(&comments), "--report", p(&report)],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).lines().any(|l| l.starts_with("X,")),
        "{}",
        stdout(&o)
    );
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(
        html.contains("Showing 20 of its 31 contradiction comments"),
        "{html}"
    );
    assert!(html.contains("excerpts of a 20016-character comment"));
    assert!(html.contains(" … "));
    assert!(
        html.contains(">counterfeit</mark> end</div>"),
        "the far match is shown"
    );
}

#[test]
fn comments_without_a_usable_date_are_placed_by_guess_and_counted() {
    // `p` sold in two periods; one comment dated on Black Friday itself,
    // one with a date nazar cannot read.
    let dir = TempDir::new("guessed");
    let mut sales = String::from("product_id,sales,period\n");
    let mut comments = String::from("product_id,text,created_at\n");
    for i in 0..40 {
        sales.push_str(&format!("q{i},100,2018-11\n"));
        comments.push_str(&format!("q{i},fine,2018-11-10\n"));
    }
    sales.push_str("p,100,2018-11\np,100,2018-11-23 black friday\n");
    comments.push_str("p,fine,2018-11-23 09:00:00\np,fine,23/11/2018\n");
    let (sales, comments) = (dir.write("s.csv", &sales), dir.write("c.csv", &comments));
    let report = dir.path("r.html");
    let o = nazar(
        &[
            "flag",
            "--comments",
            p(&comments),
            "--sales",
            p(&sales),
            "--all",
            "--format",
            "jsonl",
            "--report",
            p(&report),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 comments placed in their product's earliest period"),
        "{}",
        stderr(&o)
    );
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(
        html.contains("<td>comments placed in a guessed period</td><td>1 "),
        "{html}"
    );
    let periods: Vec<(String, u64)> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .filter(|v| v["product_id"] == "p")
        .map(|v| {
            (
                v["period"].as_str().expect("period").to_string(),
                v["comments"].as_u64().expect("comments"),
            )
        })
        .collect();
    assert!(
        periods.contains(&("2018-11-23 black friday".to_string(), 1))
            && periods.contains(&("2018-11".to_string(), 1)),
        "{periods:?}"
    );
}

#[test]
fn a_lang_most_comments_are_not_in_is_warned_about() {
    let dir = TempDir::new("wrong-lang");
    let mut csv = String::from("product_id,text\n");
    for i in 0..20 {
        csv.push_str(&format!("p{i},Não chegou o produto\np{i},ok\n"));
    }
    let comments = dir.write("c.csv", &csv);
    for (cmd, input) in [("flag", "--comments"), ("tag", "--lines")] {
        let o = nazar(&[cmd, "--lang", "en", input, p(&comments)], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("warning: --lang en, but "), "{cmd}: {err}");
        assert!(err.contains("as pt)"), "{cmd}: {err}");
        let o = nazar(&[cmd, "--lang", "pt", input, p(&comments)], b"");
        assert!(
            !stderr(&o).contains("warning: --lang"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}
