//! The statistics stage of flagging at scale: aggregate already-tagged
//! comments into per-product stats, then fit the baselines and score every
//! product. Default size: 10 million comments over 1 million products
//! (seeded synthetic data, about 5 comments per 100 sales in 20 categories);
//! scale it with `NAZAR_BENCH_COMMENTS` and `NAZAR_BENCH_PRODUCTS`.
//!
//! `NAZAR_BENCH_ONCE=1` skips criterion and runs the job once, printing the
//! time of each stage — the form to run under `/usr/bin/time -v` for peak
//! memory, since criterion keeps inputs around between samples.
//!
//! One product in 100,000 has six times its category's comment rate and
//! another has 80 % contradiction comments, so the flagged counts printed
//! by `NAZAR_BENCH_ONCE=1` are a sanity check (about 10 of each at full
//! size).
//!
//! Comments are generated as the CLI reads them (one record and its tags at
//! a time, never all in memory), so generation is part of "aggregate";
//! tagging is not (the tags are generated directly).

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, BatchSize, BenchmarkId, Criterion, Throughput};
use nazar::anomaly::{score_table, FlagConfig};
use nazar::stats::product::{EvidenceText, ProductKey};
use nazar::{
    Category, CommentRecord, CommentTags, Label, Lang, Match, Polarity, SalesRecord, StatsTable,
};
use nazar_benches::{env_count, SplitMix};

const CATEGORIES: usize = 20;
const CONTRADICTION_SHARE: f64 = 0.04;
const ANOMALY_EVERY: u64 = 100_000;
const TEXTS: [&str; 4] = [
    "looks fake, not as described",
    "great product, arrived early",
    "bad quality",
    "arrived",
];

fn matched(term: &'static str, polarity: Polarity, contradiction: bool) -> Match {
    Match {
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
        start: 0,
        end: term.len(),
        byte_start: 0,
        byte_end: term.len(),
    }
}

/// Builds the table: sales rows, then each product's comments, streamed.
fn aggregate(comments: u64, products: u64, text: EvidenceText) -> StatsTable {
    let mut rng = SplitMix(0x5EED);
    let fake = matched("fake", Polarity::Negative, true);
    let great = matched("great", Polarity::Positive, false);
    let bad = matched("bad", Polarity::Negative, false);
    // Mean sales per product so that ~5 % of sales comment.
    let mean_sales = comments as f64 / products as f64 / 0.05;
    let mut table = StatsTable::new();
    let mut id = 0u64;
    for p in 0..products {
        let cat = (p as usize) % CATEGORIES;
        let product = format!("p{p:07}");
        // Sales spread over [0.1, 1.9] x the mean; category rates 3–7 %
        // with ±20 % spread between products.
        let sales = (mean_sales * (0.1 + 1.8 * rng.unit())).round().max(1.0) as u64;
        let mut rate = (0.03 + 0.04 * cat as f64 / CATEGORIES as f64) * (0.8 + 0.4 * rng.unit());
        // One product in 100,000 comments six times as often, and one
        // mostly says it is fake: a check that the job still finds them.
        if p % ANOMALY_EVERY == ANOMALY_EVERY / 2 {
            rate *= 6.0;
        }
        let contradiction_share = if p % ANOMALY_EVERY == ANOMALY_EVERY / 3 {
            0.8
        } else {
            CONTRADICTION_SHARE
        };
        let mean = sales as f64 * rate;
        let k = (mean + (mean * (1.0 - rate)).sqrt() * rng.normal())
            .round()
            .clamp(0.0, sales as f64) as u64;
        table.add_sales(&SalesRecord {
            product_id: product.as_str().into(),
            sales,
            category: Some(Category(format!("cat{cat:02}"))),
            period: None,
        });
        for _ in 0..k {
            id += 1;
            let u = rng.unit();
            let (which, label, matches) = if u < contradiction_share {
                (0, Label::Negative, vec![fake.clone()])
            } else if u < 0.35 {
                (1, Label::Positive, vec![great.clone()])
            } else if u < 0.5 {
                (2, Label::Negative, vec![bad.clone()])
            } else {
                (3, Label::Neutral, vec![])
            };
            let record = CommentRecord {
                comment_id: id.to_string().into(),
                product_id: product.as_str().into(),
                text: TEXTS[which].to_string(),
                rating: Some(1 + (rng.next_u64() % 5) as u8),
                created_at: None,
                lang: None,
            };
            let tags = CommentTags {
                lang: Lang::En,
                label,
                score: 0.0,
                matches,
            };
            table.add_comment(ProductKey::product(product.as_str()), &record, &tags, text);
        }
    }
    table
}

fn total_comments(table: &StatsTable) -> u64 {
    table.iter().map(|(_, s)| s.comments).sum()
}

fn sizes() -> (u64, u64) {
    (
        env_count("NAZAR_BENCH_COMMENTS", 10_000_000),
        env_count("NAZAR_BENCH_PRODUCTS", 1_000_000),
    )
}

fn label(comments: u64, products: u64) -> String {
    fn human(n: u64) -> String {
        match n {
            n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
            n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
            n => n.to_string(),
        }
    }
    format!("{}-comments-{}-products", human(comments), human(products))
}

fn flag(c: &mut Criterion) {
    let (comments, products) = sizes();
    let mut group = c.benchmark_group("flag");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    // Ten samples of one iteration each take about a minute at full size.
    let seconds = (60.0 * comments as f64 / 1e7).clamp(5.0, 120.0);
    group.measurement_time(Duration::from_secs_f64(seconds));
    group.throughput(Throughput::Elements(comments));
    let name = label(comments, products);
    group.bench_function(BenchmarkId::new("aggregate", &name), |b| {
        // The table is dropped outside the measurement: freeing a million
        // products' stats is not part of aggregating them.
        b.iter_with_large_drop(|| aggregate(comments, products, EvidenceText::Drop))
    });
    let table = aggregate(comments, products, EvidenceText::Drop);
    group.bench_function(BenchmarkId::new("score", &name), |b| {
        b.iter_batched(
            || table.clone(),
            // Returned, so criterion drops the report after timing.
            |t| score_table(t, &FlagConfig::default()).expect("score"),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// CPU seconds used by this process so far (user + system), from
/// `/proc/self/stat` on Linux; `None` elsewhere. Reported beside wall time
/// because a shared machine inflates the latter.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields overall, in clock ticks (100 per second on Linux).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// One run, stage by stage, for `/usr/bin/time -v`.
fn once() {
    let (comments, products) = sizes();
    let cpu = || cpu_seconds().unwrap_or(f64::NAN);
    for text in [EvidenceText::Drop, EvidenceText::Keep] {
        let (t0, c0) = (Instant::now(), cpu());
        let table = aggregate(comments, products, text);
        let (aggregate_time, aggregate_cpu) = (t0.elapsed(), cpu() - c0);
        let n = total_comments(&table);
        let (t1, c1) = (Instant::now(), cpu());
        let report = score_table(table, &FlagConfig::default()).expect("score");
        let (score_time, score_cpu) = (t1.elapsed(), cpu() - c1);
        println!(
            "flag/{}: evidence text {text:?}: {n} comments, {} products; aggregate {:.2} s \
             wall, {aggregate_cpu:.2} s CPU ({:.1} M comments/s of CPU); score {:.2} s wall, \
             {score_cpu:.2} s CPU; {} flagged ({} high comment rate, {} contradiction); \
             {} threads",
            label(comments, products),
            report.summary.products,
            aggregate_time.as_secs_f64(),
            n as f64 / aggregate_cpu / 1e6,
            score_time.as_secs_f64(),
            report.summary.flagged,
            report.summary.flagged_high_comment_rate,
            report.summary.flagged_contradiction,
            rayon::current_num_threads(),
        );
        for v in report.flagged().take(30) {
            let (c, k) = (&v.comment_rate, &v.contradiction_rate);
            println!(
                "  {} {}: {} comments on {} sales, {} contradictions; q {:.2e} / {:.2e}",
                v.product_id(),
                v.flags,
                v.stats.comments,
                v.stats.sales,
                v.stats.contradiction_comments,
                c.as_ref().map_or(f64::NAN, |t| t.q),
                k.as_ref().map_or(f64::NAN, |t| t.q),
            );
        }
        if std::env::var("NAZAR_BENCH_KEEP_TOO").is_err() {
            break;
        }
    }
}

criterion_group!(benches, flag);

fn main() {
    if std::env::var("NAZAR_BENCH_ONCE").is_ok_and(|v| v == "1") {
        once();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
