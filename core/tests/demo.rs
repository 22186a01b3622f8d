//! What `make demo` and the README promise on the bundled real data, with
//! the default lexicons: the Amazon sample flags exactly the "summer"
//! sampler that shipped winter flavours, the tomatoes sold as D.O.P. that
//! are not, and the lollipops not as pictured; the sparse Olist sample
//! flags nothing. A lexicon change that moves the baseline enough to lose (or
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
fn amazon_flags_the_mission_contradiction_cases_only() {
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
    assert_eq!(ids, ["B005HGAVGK", "B002C4HZ00", "B00283V4GQ"]);
    assert!(flagged.iter().all(|v| v.flags.contradiction));
    let v = flagged[0];
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
    // The tomatoes: 8 of 27 reviews say they are not what was pictured.
    let tomatoes = flagged[1];
    assert_eq!(tomatoes.stats.comments, 27);
    assert!(tomatoes.stats.contradiction_comments >= 6);
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
