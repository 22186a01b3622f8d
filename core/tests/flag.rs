//! Flagging on seeded synthetic data: several hundred ordinary products
//! around their category's comment rate, plus the mission's two anomalies —
//! a product with 5 comments on 10 sales, and one whose 4 comments all
//! contradict the listing. The anomalies must be flagged and the ordinary
//! products must not.
//!
//! Comments are tagged by a small keyword closure standing in for the
//! lexicon tagger, which exercises the injected-tagger path end to end,
//! through CSV files as well as in memory.

mod support;

use std::path::Path;

use std::sync::Arc;
use support::TempDir;

use nazar::anomaly::{
    aggregate_comments, flag_files, score_table, AggregateOptions, FlagConfig, FlagReport,
    GroupKey, PeriodIndex, PriorSource,
};
use nazar::report::{render_html, ReportOptions};
use nazar::stats::product::{EvidenceText, ProductKey};
use nazar::{
    Category, CommentRecord, CommentTags, Label, Lang, Match, Period, Polarity, SalesRecord,
    StatsTable,
};

/// splitmix64: a tiny, well-mixed deterministic generator.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// Binomial(n, p) by counting successes.
    fn binomial(&mut self, n: u64, p: f64) -> u64 {
        (0..n).filter(|_| self.unit() < p).count() as u64
    }
}

/// A keyword tagger standing in for the lexicon tagger: `fake` is a
/// contradiction (negative), `bad` negative, `great` positive.
fn keyword_tagger(text: &str, lang: Option<Lang>) -> CommentTags {
    let mut matches = Vec::new();
    for (term, polarity, contradiction) in [
        ("fake", Polarity::Negative, true),
        ("bad", Polarity::Negative, false),
        ("great", Polarity::Positive, false),
    ] {
        for (at, _) in text.match_indices(term) {
            let chars = text[..at].chars().count();
            matches.push(Match {
                category: Arc::from(if contradiction {
                    "authenticity"
                } else {
                    "quality"
                }),
                aspect: Arc::from("product"),
                polarity,
                contradiction,
                negated: false,
                term: Arc::from(term),
                start: chars,
                end: chars + term.chars().count(),
                byte_start: at,
                byte_end: at + term.len(),
            });
        }
    }
    matches.sort_by_key(|m| m.byte_start);
    let pos = matches
        .iter()
        .filter(|m| m.polarity == Polarity::Positive)
        .count();
    let neg = matches.len() - pos;
    let label = match (pos, neg) {
        (0, 0) => Label::Neutral,
        (_, 0) => Label::Positive,
        (0, _) => Label::Negative,
        _ => Label::Mixed,
    };
    let total = (pos + neg).max(1) as f64;
    CommentTags {
        lang: lang.unwrap_or(Lang::En),
        label,
        score: (pos as f64 - neg as f64) / total,
        matches,
    }
}

/// The synthetic marketplace.
struct Dataset {
    sales: Vec<SalesRecord>,
    comments: Vec<CommentRecord>,
}

/// Share of ordinary comments with a contradiction keyword: the mission's
/// 5 % baseline.
const CONTRADICTION_SHARE: f64 = 0.05;

fn dataset(seed: u64) -> Dataset {
    let mut rng = SplitMix(seed);
    let mut sales = Vec::new();
    let mut comments = Vec::new();
    // (category, products, comments per sale): categories differ in habit;
    // `tiny` is too small for its own prior.
    let categories = [
        ("phones", 120, 0.08),
        ("books", 150, 0.05),
        ("socks", 120, 0.03),
        ("tiny", 8, 0.05),
    ];
    let mut next_id = 0u64;
    let mut add_comment = |rng: &mut SplitMix, product: &str, text: String, rating: u8| {
        next_id += 1;
        comments.push(CommentRecord {
            comment_id: format!("c{next_id}").into(),
            product_id: product.into(),
            text,
            rating: Some(rating),
            created_at: Some(format!("2023-10-{:02}", rng.range(1, 28))),
            lang: None,
        });
    };
    for (cat, count, rate) in categories {
        for i in 0..count {
            let product = format!("{cat}-{i:03}");
            let n = rng.range(40, 400);
            // A little genuine spread between products (±10 %).
            let p = rate * (0.9 + 0.2 * rng.unit());
            let k = rng.binomial(n, p);
            sales.push(SalesRecord {
                product_id: product.as_str().into(),
                sales: n,
                category: Some(Category::from(cat)),
                period: None,
            });
            for _ in 0..k {
                let u = rng.unit();
                let (text, rating) = if u < CONTRADICTION_SHARE {
                    ("looks fake to me".to_string(), 2)
                } else if u < 0.35 {
                    ("great value".to_string(), 5)
                } else if u < 0.5 {
                    ("bad stitching".to_string(), 2)
                } else {
                    ("arrived on time".to_string(), 3 + (rng.next() % 2) as u8)
                };
                add_comment(&mut rng, &product, text, rating);
            }
        }
    }
    // Mission anomaly 1: 5 comments on 10 sales, all bad.
    sales.push(SalesRecord {
        product_id: "hot".into(),
        sales: 10,
        category: Some(Category::from("books")),
        period: None,
    });
    for i in 0..5 {
        add_comment(&mut rng, "hot", format!("bad, broke after {i} days"), 1);
    }
    // Mission anomaly 2: all 4 commenters say it is fake; an ordinary
    // comment rate (4 per 100 sales).
    sales.push(SalesRecord {
        product_id: "counterfeit".into(),
        sales: 100,
        category: Some(Category::from("books")),
        period: None,
    });
    for text in [
        "fake!",
        "this is a fake copy",
        "<script>alert(1)</script> fake",
        "\"><img src=x onerror=alert(1)> fake",
    ] {
        add_comment(&mut rng, "counterfeit", text.to_string(), 1);
    }
    // Normal for phones, loud for socks: only the category prior catches it.
    sales.push(SalesRecord {
        product_id: "loud-sock".into(),
        sales: 400,
        category: Some(Category::from("socks")),
        period: None,
    });
    for _ in 0..32 {
        add_comment(&mut rng, "loud-sock", "arrived on time".to_string(), 4);
    }
    Dataset { sales, comments }
}

fn aggregate(data: &Dataset) -> StatsTable {
    let mut table = StatsTable::new();
    for s in &data.sales {
        table.add_sales(s);
    }
    aggregate_comments(
        data.comments.iter().cloned().map(Ok),
        &keyword_tagger,
        &PeriodIndex::new(),
        &AggregateOptions::default(),
        &mut table,
    )
    .expect("in-memory comments cannot fail");
    table
}

fn flagged(report: &FlagReport) -> Vec<(String, String, Option<&'static str>)> {
    report
        .flagged()
        .map(|v| {
            (
                v.product_id().to_string(),
                v.flags.to_string(),
                v.direction.map(|d| d.as_str()),
            )
        })
        .collect()
}

#[test]
fn the_mission_anomalies_are_flagged_and_ordinary_products_are_not() {
    let data = dataset(42);
    let report = score_table(aggregate(&data), &FlagConfig::default()).expect("score");
    let mut got = flagged(&report);
    got.sort();
    let want = [
        ("counterfeit", "contradiction", None),
        ("hot", "high_comment_rate", Some("very_bad")),
        ("loud-sock", "high_comment_rate", Some("very_good")),
    ];
    let want: Vec<(String, String, Option<&str>)> = want
        .iter()
        .map(|(p, f, d)| (p.to_string(), f.to_string(), *d))
        .collect();
    assert_eq!(got, want);

    let find = |id: &str| {
        report
            .verdicts
            .iter()
            .find(|v| v.product_id().as_str() == id)
            .expect("product present")
    };
    let hot = find("hot");
    let rate = hot.comment_rate.as_ref().expect("tested");
    assert_eq!((rate.successes, rate.trials), (5, 10));
    assert_eq!(rate.prior_source, PriorSource::Group);
    assert!((rate.expected - 0.05).abs() < 0.005, "{rate:?}");
    assert!(rate.p_binomial < 2e-4 && rate.q < 0.05, "{rate:?}");
    assert_eq!(hot.evidence_ids().len(), 5);

    let fake = find("counterfeit");
    let k = fake.contradiction_rate.as_ref().expect("tested");
    assert_eq!((k.successes, k.trials), (4, 4));
    assert!((k.expected - CONTRADICTION_SHARE).abs() < 0.015, "{k:?}");
    assert!(k.p < 1e-4 && k.q < 0.01, "{k:?}");
    let ids: Vec<&str> = fake.evidence_ids().iter().map(|c| c.as_str()).collect();
    assert_eq!(ids.len(), 4);
    assert!(fake.evidence().iter().all(|e| !e.matches.is_empty()));

    // The sock is loud only for socks: against everyone it would not be.
    let sock = find("loud-sock").comment_rate.as_ref().expect("tested");
    let global = report.baseline.comment_rate.global.prior.mean();
    assert!(sock.expected < 0.035 && global > 0.045, "{sock:?} {global}");
    // `tiny` has too few products for its own prior.
    let tiny = find("tiny-000").comment_rate.as_ref().expect("tested");
    assert_eq!(tiny.prior_source, PriorSource::Global);
    assert_eq!(report.baseline.comment_rate.groups.len(), 3);

    let s = &report.summary;
    assert_eq!(s.products, 401);
    assert_eq!(s.comments, data.comments.len() as u64);
    assert_eq!(
        (s.flagged_high_comment_rate, s.flagged_contradiction),
        (2, 1)
    );
    assert_eq!(s.comments_without_sales_row, 0);
}

#[test]
fn results_do_not_depend_on_the_seed_of_the_ordinary_products() {
    // Other draws of the ordinary products: the anomalies stay flagged and
    // nothing else is (BH at 5 % allows an occasional false discovery; these
    // seeds are fixed so the test is deterministic).
    for seed in [1, 7] {
        let report = score_table(aggregate(&dataset(seed)), &FlagConfig::default()).expect("score");
        let got: Vec<String> = flagged(&report).into_iter().map(|f| f.0).collect();
        for id in ["hot", "counterfeit", "loud-sock"] {
            assert!(got.iter().any(|g| g == id), "seed {seed}: {got:?}");
        }
        assert_eq!(got.len(), 3, "seed {seed}: {got:?}");
    }
}

#[test]
fn a_best_seller_nobody_comments_on_changes_no_verdict() {
    // A gift card: ten million sales, no comments. It is as far below its
    // category as the anomalies are above it; left in the fit, the spread
    // it adds would hide `hot` (5 comments on 10 sales).
    let mut data = dataset(42);
    let before = score_table(aggregate(&data), &FlagConfig::default()).expect("score");
    data.sales.push(SalesRecord {
        product_id: "gift-card".into(),
        sales: 10_000_000,
        category: Some(Category::from("books")),
        period: None,
    });
    let after = score_table(aggregate(&data), &FlagConfig::default()).expect("score");
    assert_eq!(flagged(&after), flagged(&before));
    let books = |r: &FlagReport| {
        let g = r.baseline.comment_rate.prior_for(&GroupKey {
            category: Some(Category::from("books")),
            period: None,
        });
        (g.prior, g.trimmed)
    };
    let ((prior_before, trimmed_before), (prior_after, trimmed_after)) =
        (books(&before), books(&after));
    assert_eq!(prior_after, prior_before);
    assert_eq!(trimmed_after, trimmed_before + 1);
}

#[test]
fn any_split_of_the_comments_gives_the_same_verdicts() {
    let data = dataset(42);
    let whole = score_table(aggregate(&data), &FlagConfig::default()).expect("score");
    // Three partitions, as Spark would make them, merged in reverse.
    let mut parts: Vec<StatsTable> = (0..3)
        .map(|part| {
            let mut t = StatsTable::new();
            let opts = AggregateOptions::default();
            let rows = data.comments.iter().skip(part).step_by(3).cloned().map(Ok);
            aggregate_comments(rows, &keyword_tagger, &PeriodIndex::new(), &opts, &mut t)
                .expect("aggregate");
            t
        })
        .collect();
    let mut merged = StatsTable::new();
    for s in &data.sales {
        merged.add_sales(s);
    }
    while let Some(p) = parts.pop() {
        // Through JSON, as stored partial results would travel.
        let json = serde_json::to_string(&p).expect("serialize");
        merged.merge(serde_json::from_str(&json).expect("deserialize"));
    }
    let split = score_table(merged, &FlagConfig::default()).expect("score");
    assert_eq!(split, whole);
}

fn write_csv(path: &Path, header: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let mut w = csv::Writer::from_path(path).expect("create csv");
    w.write_record(header).expect("header");
    for r in rows {
        w.write_record(r).expect("row");
    }
    w.flush().expect("flush");
}

#[test]
fn files_give_the_same_verdicts_as_memory() {
    let data = dataset(42);
    let dir = TempDir::new("files");
    let (sales, comments) = (dir.path("sales.csv"), dir.path("comments.csv"));
    write_csv(
        &sales,
        &["product_id", "sales", "category"],
        data.sales.iter().map(|s| {
            vec![
                s.product_id.to_string(),
                s.sales.to_string(),
                s.category.as_ref().map_or(String::new(), |c| c.to_string()),
            ]
        }),
    );
    write_csv(
        &comments,
        &["comment_id", "product_id", "text", "rating", "created_at"],
        data.comments.iter().map(|c| {
            vec![
                c.comment_id.to_string(),
                c.product_id.to_string(),
                c.text.clone(),
                c.rating.map_or(String::new(), |r| r.to_string()),
                c.created_at.clone().unwrap_or_default(),
            ]
        }),
    );
    let from_files = flag_files(
        &comments,
        Some(&sales),
        &keyword_tagger,
        &AggregateOptions::default(),
        &FlagConfig::default(),
    )
    .expect("flag files");
    let in_memory = score_table(aggregate(&data), &FlagConfig::default()).expect("score");
    assert_eq!(from_files, in_memory);
}

#[test]
fn without_sales_only_the_contradiction_rate_is_tested() {
    let data = dataset(42);
    let mut table = StatsTable::new();
    aggregate_comments(
        data.comments.iter().cloned().map(Ok),
        &keyword_tagger,
        &PeriodIndex::new(),
        &AggregateOptions::default(),
        &mut table,
    )
    .expect("aggregate");
    let report = score_table(table, &FlagConfig::default()).expect("score");
    let got: Vec<String> = flagged(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(got, ["counterfeit"]);
    assert_eq!(report.summary.comment_rate_tests, 0);
    assert_eq!(
        report.summary.comments_without_sales_row,
        data.comments.len() as u64
    );
}

#[test]
fn comments_without_text_count_for_the_comment_rate_not_the_contradiction_rate() {
    // As in the raw Olist reviews, about half the comments are a rating
    // with no text: here each product gets one textless comment per comment.
    let mut data = dataset(42);
    let textless: Vec<CommentRecord> = data
        .comments
        .iter()
        .map(|c| CommentRecord {
            comment_id: format!("{}-blank", c.comment_id.as_str()).into(),
            text: if c.comment_id.as_str().ends_with('7') {
                " \t"
            } else {
                ""
            }
            .to_string(),
            ..c.clone()
        })
        .collect();
    data.comments.extend(textless);
    // And a product whose every comment is textless.
    data.comments.push(CommentRecord {
        comment_id: "s1".into(),
        product_id: "silent".into(),
        text: String::new(),
        rating: Some(5),
        created_at: None,
        lang: None,
    });
    let report = score_table(aggregate(&data), &FlagConfig::default()).expect("score");
    let verdict = |id: &str| {
        report
            .verdicts
            .iter()
            .find(|v| v.product_id().as_str() == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let fake = verdict("counterfeit");
    assert_eq!((fake.stats.comments, fake.stats.empty_comments), (8, 4));
    assert_eq!(fake.stats.comments_with_text(), 4);
    // 4 of the 4 who wrote something, not 4 of 8.
    let test = fake.contradiction_rate.as_ref().expect("tested");
    assert_eq!(test.observed, 1.0);
    assert!(fake.flags.contradiction);
    // The comment rate counts every comment: `hot` is still 10 on 10 sales.
    let hot = verdict("hot");
    assert_eq!(hot.comment_rate.as_ref().expect("tested").observed, 1.0);
    // Textless comments only: no contradiction test.
    let silent = verdict("silent");
    assert!(silent.contradiction_rate.is_none());
}

/// `per_category` products in each of `categories` (name, comments per
/// sale), each sold in every one of `months` at its category's rate, and
/// in a November sale event at `event_lift` times that.
fn sale_event(
    categories: &[(&str, f64)],
    per_category: usize,
    months: &[&str],
    event_lift: f64,
) -> StatsTable {
    let mut rng = SplitMix(99);
    let mut table = StatsTable::new();
    let mut periods = PeriodIndex::new();
    let mut comments = Vec::new();
    let products = categories
        .iter()
        .flat_map(|&(c, rate)| (0..per_category).map(move |i| (c, rate, format!("{c}-{i:02}"))));
    let periods_lifts = months
        .iter()
        .map(|&m| (m, 1.0))
        .chain([("2023-11", event_lift)]);
    for (period, lift) in periods_lifts {
        for (i, (cat, rate, product)) in products.clone().enumerate() {
            let rate = rate * lift;
            let n = rng.range(100, 300);
            let s = SalesRecord {
                product_id: product.as_str().into(),
                sales: n,
                category: Some(Category::from(cat)),
                period: Some(Period::from(period)),
            };
            periods.add(&s.product_id, s.period.as_ref());
            table.add_sales(&s);
            for j in 0..rng.binomial(n, rate) {
                comments.push(CommentRecord {
                    comment_id: format!("{period}-{i}-{j}").into(),
                    product_id: product.as_str().into(),
                    text: "ok".into(),
                    rating: None,
                    // Reviews written in the month after the sale.
                    created_at: Some(format!("{period}-{:02} 12:00:00", rng.range(1, 28))),
                    lang: None,
                });
            }
        }
    }
    let counts = aggregate_comments(
        comments.into_iter().map(Ok),
        &keyword_tagger,
        &periods,
        &AggregateOptions::default(),
        &mut table,
    )
    .expect("aggregate");
    assert_eq!(counts.period_guessed, 0);
    assert_eq!(
        table.len(),
        (months.len() + 1) * categories.len() * per_category
    );
    table
}

#[test]
fn a_sale_event_is_judged_against_its_own_period() {
    // Black Friday doubles every product's comment rate; with periods, no
    // product is flagged for it and each period has its own prior.
    let table = sale_event(&[("books", 0.05)], 60, &["2023-10"], 2.0);
    let report = score_table(table, &FlagConfig::default()).expect("score");
    assert_eq!(report.summary.flagged, 0, "{:?}", flagged(&report));
    assert_eq!(report.summary.products, 60);
    let priors = &report.baseline.comment_rate.groups;
    assert_eq!(priors.len(), 2);
    let oct = priors[0].1.prior.mean();
    let nov = priors[1].1.prior.mean();
    assert!(oct < 0.06 && nov > 0.09, "{oct} {nov}");
    let key = ProductKey::with_period("books-00", Some(Period::from("2023-11")));
    assert!(report.verdicts.iter().any(|v| v.key == key));
}

#[test]
fn a_small_sale_event_is_judged_by_category_and_period() {
    // Four categories of 15 products, sold over eleven ordinary months and
    // a sale event that triples every rate; phones are commented on five
    // times as much as the rest. No (category, period) group is big enough
    // for its own prior. Against the global prior all 15 event phones were
    // flagged; against their category's prior lifted by November's ratio,
    // nothing is.
    let cats = [
        ("books", 0.04),
        ("phones", 0.2),
        ("socks", 0.04),
        ("toys", 0.04),
    ];
    let months: Vec<String> = std::iter::once("2022-12".to_string())
        .chain((1..=10).map(|m| format!("2023-{m:02}")))
        .collect();
    let months: Vec<&str> = months.iter().map(String::as_str).collect();
    let table = sale_event(&cats, 15, &months, 3.0);
    let report = score_table(table, &FlagConfig::default()).expect("score");
    assert_eq!(report.summary.flagged, 0, "{:?}", flagged(&report));
    let b = &report.baseline.comment_rate;
    assert!(b.groups.is_empty());
    assert_eq!((b.small_groups, b.borrowed.len()), (48, 48));
    let sold = |product: &str, period: &str| {
        let key = ProductKey::with_period(product, Some(Period::from(period)));
        let v = report
            .verdicts
            .iter()
            .find(|v| v.key == key)
            .expect("verdict");
        let test = v.comment_rate.as_ref().expect("tested");
        (test.prior_source, test.expected)
    };
    for (product, lo, hi) in [("phones-03", 0.45, 0.75), ("toys-03", 0.09, 0.15)] {
        let (source, expected) = sold(product, "2023-11");
        assert_eq!(source, PriorSource::Scaled);
        assert!((lo..hi).contains(&expected), "{product}: {expected}");
    }
    let (source, expected) = sold("phones-03", "2023-10");
    assert_eq!(source, PriorSource::Scaled);
    assert!((0.15..0.25).contains(&expected), "{expected}");
}

#[test]
fn the_report_plots_flags_and_escapes_evidence() {
    let data = dataset(42);
    let report = score_table(aggregate(&data), &FlagConfig::default()).expect("score");
    let html = render_html(&report, &ReportOptions::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg") && html.contains("</svg>"));
    assert!(html.contains("<polyline"), "control limits drawn");
    // Flagged products are labelled in the plot and listed with evidence.
    assert!(html.contains(">counterfeit</text>"), "label in the plot");
    assert!(html.contains("<code>hot</code>"));
    assert!(html.contains("<mark class=\"neg contra\""));
    // The hostile comments render as text.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // An inline tag of the comment's own is read and dropped, as a browser
    // would, never written out.
    assert!(html.contains("&quot;&gt;"));
    assert!(!html.contains("onerror"));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert_eq!(html.matches("<script>").count(), 1, "only the report's own");
    // Self-contained: nothing to fetch.
    for needle in ["http://", "https://", "src=\"", "href=\"http", "@import"] {
        let hits: Vec<&str> = html
            .match_indices(needle)
            .map(|(i, _)| &html[i..])
            .collect();
        let allowed = |h: &&str| h.starts_with("http://www.w3.org/2000/svg");
        assert!(hits.iter().all(allowed), "{needle}: {:?}", hits.first());
    }
    // Evidence is kept only when asked for.
    let mut table = StatsTable::new();
    for s in &data.sales {
        table.add_sales(s);
    }
    let opts = AggregateOptions {
        evidence_text: EvidenceText::Drop,
        ..AggregateOptions::default()
    };
    aggregate_comments(
        data.comments.iter().cloned().map(Ok),
        &keyword_tagger,
        &PeriodIndex::new(),
        &opts,
        &mut table,
    )
    .expect("aggregate");
    let lean = score_table(table, &FlagConfig::default()).expect("score");
    assert_eq!(flagged(&lean), flagged(&report));
    let html = render_html(&lean, &ReportOptions::default());
    assert!(html.contains("(text not kept)") && !html.contains("alert(1)"));
}
