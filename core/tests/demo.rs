//! What `make demo` and the README promise on the bundled real data, with
//! the default lexicons: the Amazon sample flags exactly the "summer"
//! sampler that shipped winter flavours, and the sparse Olist sample flags
//! nothing. A lexicon change that moves the baseline enough to lose (or
//! add) a flag fails here, not only in the Python tests.

use std::path::PathBuf;

use nazar::anomaly::{flag_files, AggregateOptions, FlagConfig};
use nazar::Tagger;

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(path)
}

#[test]
fn amazon_flags_the_mission_contradiction_case_only() {
    let report = flag_files(
        &fixture("amazon/comments.csv"),
        None,
        &Tagger::default(),
        &AggregateOptions::default(),
        &FlagConfig::default(),
    )
    .expect("the Amazon fixture flags");
    let flagged: Vec<_> = report.flagged().collect();
    let ids: Vec<&str> = flagged.iter().map(|v| v.product_id().as_str()).collect();
    assert_eq!(ids, ["B005HGAVGK"]);
    let v = flagged[0];
    assert!(v.flags.contradiction, "{:?}", v.flags);
    assert_eq!(v.stats.comments, 15);
    // Most of its reviews say it is not what was ordered; a margin below
    // the 8 matched today keeps the test about the flag, not the count.
    assert!(
        v.stats.contradiction_comments >= 6,
        "{}",
        v.stats.contradiction_comments
    );
    let q = v.contradiction_rate.as_ref().expect("tested").q;
    assert!(q < 0.01, "q = {q}");
}

#[test]
fn olist_sparse_sample_flags_nothing() {
    let report = flag_files(
        &fixture("olist/comments.csv"),
        Some(&fixture("olist/sales.csv")),
        &Tagger::default(),
        &AggregateOptions::default(),
        &FlagConfig::default(),
    )
    .expect("the Olist fixture flags");
    let ids: Vec<&str> = report.flagged().map(|v| v.product_id().as_str()).collect();
    assert!(ids.is_empty(), "{ids:?}");
}
