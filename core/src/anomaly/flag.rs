//! From a [`StatsTable`] to verdicts: fit the baseline, test every product
//! on both rates, control the false-discovery rate, flag, give a high
//! comment rate its direction, and count what could not be tested.
//!
//! Which products are tested:
//! * the **comment rate** (comments / sales) for products with sales > 0 —
//!   a product without a sales row or with zero sales has no denominator;
//! * the **contradiction rate** (contradiction comments / comments) for
//!   products with at least one comment.
//!
//! Each rate is one family of tests: Benjamini–Hochberg q-values are
//! computed across all products tested for that rate, and a product is
//! flagged for it when the q-value of its beta-binomial p-value is below
//! [`FlagConfig::fdr`] (see [`super::score`] for why beta-binomial).

use std::fmt;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::baseline::{index_groups, Baseline, MIN_GROUP_PRODUCTS};
use super::score::RateTest;
use crate::error::{Error, Location, Result};
use crate::stats::fdr::benjamini_hochberg;
use crate::stats::product::{
    Category, CommentId, Evidence, ProductId, ProductKey, ProductStats, StatsTable,
};

/// Settings of the scoring stage. `FlagConfig::default()` gives the
/// documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagConfig {
    /// False-discovery rate: a product is flagged when its q-value is below
    /// this. Default 0.05.
    pub fdr: f64,
    /// Fewest products with trials for a (category, period) group to get
    /// its own prior. Default [`MIN_GROUP_PRODUCTS`] (30).
    pub min_group_products: usize,
    /// Level of the Wilson and credible intervals. Default 0.95.
    pub interval_level: f64,
    /// Share of the leaning comments that must lean one way for a high
    /// comment rate to be `very_good` or `very_bad` rather than `mixed`.
    /// Default 2/3: two comments one way for each the other way.
    pub direction_share: f64,
}

impl Default for FlagConfig {
    fn default() -> Self {
        FlagConfig {
            fdr: 0.05,
            min_group_products: MIN_GROUP_PRODUCTS,
            interval_level: 0.95,
            direction_share: 2.0 / 3.0,
        }
    }
}

impl FlagConfig {
    /// Checks that every setting is in range.
    pub fn validate(&self) -> Result<()> {
        let open_unit = |v: f64| v > 0.0 && v < 1.0;
        let bad = |what: &str, v: f64, range: &str| {
            Err(Error::input(
                Location::file("<flag settings>"),
                format!("{what} must be {range}, got {v}"),
            ))
        };
        if !open_unit(self.fdr) {
            return bad("fdr", self.fdr, "strictly between 0 and 1");
        }
        if !open_unit(self.interval_level) {
            return bad(
                "interval_level",
                self.interval_level,
                "strictly between 0 and 1",
            );
        }
        if !(self.direction_share > 0.5 && self.direction_share <= 1.0) {
            return bad("direction_share", self.direction_share, "in (0.5, 1]");
        }
        Ok(())
    }
}

/// Which way a high comment rate points, from the comments' labels and
/// ratings (see [`crate::stats::product::Leaning`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// At least `direction_share` of the leaning comments lean positive.
    VeryGood,
    /// At least `direction_share` of the leaning comments lean negative.
    VeryBad,
    /// Comments lean both ways in comparable measure.
    Mixed,
    /// No comment leans either way (no labels, no telling ratings).
    Unknown,
}

impl Direction {
    /// `very_good`, `very_bad`, `mixed` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::VeryGood => "very_good",
            Direction::VeryBad => "very_bad",
            Direction::Mixed => "mixed",
            Direction::Unknown => "unknown",
        }
    }

    /// The direction of a product's comments.
    pub fn of(stats: &ProductStats, share: f64) -> Self {
        let (pos, neg) = (stats.leaning_positive, stats.leaning_negative);
        let total = (pos + neg) as f64;
        if total == 0.0 {
            Direction::Unknown
        } else if neg as f64 >= share * total {
            Direction::VeryBad
        } else if pos as f64 >= share * total {
            Direction::VeryGood
        } else {
            Direction::Mixed
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The flags raised on a product.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    /// More comments per sale than its group explains.
    pub high_comment_rate: bool,
    /// More contradiction comments than its group explains.
    pub contradiction: bool,
}

impl Flags {
    /// True when any flag is raised.
    pub fn any(self) -> bool {
        self.high_comment_rate || self.contradiction
    }
}

/// `high_comment_rate;contradiction`, the raised flags joined by `;`.
impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (self.high_comment_rate, "high_comment_rate"),
            (self.contradiction, "contradiction"),
        ];
        let raised: Vec<&str> = names.iter().filter(|n| n.0).map(|n| n.1).collect();
        f.write_str(&raised.join(";"))
    }
}

/// Everything decided about one product (in one period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The product and period.
    pub key: ProductKey,
    /// Its aggregated statistics, evidence included (boxed, as in the
    /// table it was moved from).
    pub stats: Box<ProductStats>,
    /// The comment-rate test; `None` without sales.
    pub comment_rate: Option<RateTest>,
    /// The contradiction-rate test; `None` without comments.
    pub contradiction_rate: Option<RateTest>,
    /// The flags raised.
    pub flags: Flags,
    /// The direction of a high comment rate; `None` unless that flag is
    /// raised.
    pub direction: Option<Direction>,
}

impl Verdict {
    /// The product.
    pub fn product_id(&self) -> &ProductId {
        &self.key.product
    }

    /// Its category, when known.
    pub fn category(&self) -> Option<&Category> {
        self.stats.category.as_ref()
    }

    /// The smaller of the two q-values (`+inf` when untested): the sort key
    /// of the output.
    pub fn min_q(&self) -> f64 {
        [&self.comment_rate, &self.contradiction_rate]
            .into_iter()
            .flatten()
            .map(|t| t.q)
            .filter(|q| !q.is_nan())
            .fold(f64::INFINITY, f64::min)
    }

    /// The smaller of the two p-values (`+inf` when untested): breaks ties
    /// of [`Verdict::min_q`], so that among unflagged products the most
    /// unusual come first.
    pub fn min_p(&self) -> f64 {
        [&self.comment_rate, &self.contradiction_rate]
            .into_iter()
            .flatten()
            .map(|t| t.p)
            .filter(|p| !p.is_nan())
            .fold(f64::INFINITY, f64::min)
    }

    /// The evidence comments behind the raised flags, contradiction
    /// comments first, without repeats: for `contradiction`, the
    /// contradiction comments; for `high_comment_rate`, the labelled
    /// comments.
    pub fn evidence(&self) -> Vec<&Evidence> {
        let mut out: Vec<&Evidence> = Vec::new();
        if self.flags.contradiction {
            out.extend(self.stats.contradiction_evidence.as_slice());
        }
        if self.flags.high_comment_rate {
            for e in self.stats.labelled_evidence.as_slice() {
                if !out.iter().any(|o| o.comment_id == e.comment_id) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// The ids of the comments behind the raised flags: those of
    /// [`Verdict::evidence`], or, for a high comment rate without any
    /// labelled comment, the product's first comment ids.
    pub fn evidence_ids(&self) -> Vec<&CommentId> {
        let mut ids: Vec<&CommentId> = self.evidence().iter().map(|e| &e.comment_id).collect();
        if self.flags.high_comment_rate && self.stats.labelled_evidence.is_empty() {
            for id in self.stats.comment_ids.as_slice() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }
}

/// Counts of what was read, tested and flagged, including every kind of
/// data that could not be tested — nothing is dropped silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagSummary {
    /// Comments aggregated.
    pub comments: u64,
    /// Distinct products.
    pub products: usize,
    /// Distinct (product, period) keys; equals `products` without periods.
    pub keys: usize,
    /// Sales rows read.
    pub sales_rows: u64,
    /// Keys with sales > 0 (tested for the comment rate).
    pub with_sales: usize,
    /// Comments on products that have no sales row (their comment rate is
    /// not tested; their contradiction rate is).
    pub comments_without_sales_row: u64,
    /// Keys with comments but no sales row.
    pub keys_without_sales_row: usize,
    /// Keys with a sales row but no comment (tested for the comment rate,
    /// with 0 comments; part of the baseline).
    pub keys_without_comments: usize,
    /// Keys whose sales rows add up to 0 (comment rate not tested).
    pub keys_with_zero_sales: usize,
    /// Comments on keys with zero sales.
    pub comments_on_zero_sales: u64,
    /// Keys with more comments than sales (tested as if every sale had
    /// been commented; see [`RateTest::clamped`]).
    pub keys_comments_exceed_sales: usize,
    /// Comments placed in a period by guess (see [`super::period`]).
    pub comments_period_guessed: u64,
    /// Keys tested for the comment rate.
    pub comment_rate_tests: usize,
    /// Keys tested for the contradiction rate.
    pub contradiction_tests: usize,
    /// Keys with at least one flag.
    pub flagged: usize,
    /// Keys flagged `high_comment_rate`.
    pub flagged_high_comment_rate: usize,
    /// Keys flagged `contradiction`.
    pub flagged_contradiction: usize,
    /// Comments whose id is one already seen on the same key: each copy
    /// was counted as a comment of its own. Found among the
    /// [`EVIDENCE_PER_KIND`](crate::stats::product::EVIDENCE_PER_KIND)
    /// smallest ids of each key, so exact for keys
    /// with that many comments or fewer, and a lower bound otherwise.
    #[serde(default)]
    pub repeated_comment_ids: u64,
    /// Keys with a repeated comment id.
    #[serde(default)]
    pub keys_with_repeated_ids: usize,
    /// Comment rows read with invalid UTF-8 replaced by U+FFFD (`--lossy`).
    #[serde(default)]
    pub rows_utf8_replaced: u64,
}

impl FlagSummary {
    /// What the per-key counts count, for `n` of them: products, or
    /// product-periods when sales periods split a product into several keys.
    pub fn keys_noun(&self, n: usize) -> &'static str {
        match (n == 1, self.keys == self.products) {
            (true, true) => "product",
            (false, true) => "products",
            (true, false) => "product-period",
            (false, false) => "product-periods",
        }
    }
}

/// The result of scoring: the baseline, every product's verdict (flagged
/// first, by the smaller q-value) and the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagReport {
    /// The settings used.
    pub config: FlagConfig,
    /// The fitted priors.
    pub baseline: Baseline,
    /// Every product, sorted by [`Verdict::min_q`], then product id and
    /// period.
    pub verdicts: Vec<Verdict>,
    /// What was counted.
    pub summary: FlagSummary,
}

impl FlagReport {
    /// The flagged products, most significant first.
    pub fn flagged(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.iter().filter(|v| v.flags.any())
    }

    /// What the reader of the verdicts must know about how far to trust
    /// them, one sentence each: a baseline fitted on fewer products than a
    /// group needs for its own (`min_group_products`; with ten products, a
    /// product commented on 4 times in 4 as fake is a tenth of the data its
    /// own baseline is fitted on, and is not flagged), comment ids seen
    /// more than once on a product (each copy is counted), and a fitted
    /// baseline that piles up at a rate of 1 (see `u_shaped_warning`).
    pub fn warnings(&self) -> Vec<String> {
        let min = self.baseline.min_group_products;
        let rates = [
            ("comment-rate", &self.baseline.comment_rate, "sales"),
            (
                "contradiction-rate",
                &self.baseline.contradiction_rate,
                "comments",
            ),
        ];
        rates
            .into_iter()
            .filter(|(_, rate, _)| (1..min).contains(&rate.global.products))
            .map(|(name, rate, trials)| {
                let n = rate.global.products;
                let products = if n == 1 { "product" } else { "products" };
                format!(
                    "the {name} baseline rests on {n} {products} with {trials} (fewer than \
                     {min}): a product unlike the others is a large part of the baseline it is \
                     judged against, and may not be flagged"
                )
            })
            .chain(self.repeated_ids_warning())
            .chain(self.several_sales_rows_warning())
            .chain(self.comments_exceed_sales_warning())
            .chain(
                rates
                    .into_iter()
                    .filter_map(|(name, rate, _)| u_shaped_warning(name, rate)),
            )
            .collect()
    }

    /// The warning for products with more than one sales row, whose sales
    /// are added up (a file with a row per channel or warehouse), with the
    /// first example among the most significant products: a file exported
    /// twice would halve every comment rate.
    fn several_sales_rows_warning(&self) -> Option<String> {
        let several = || self.verdicts.iter().filter(|v| v.stats.sales_rows > 1);
        let n = several().count();
        let v = several().next()?;
        Some(format!(
            "{n} {} more than one sales row, and their sales are added up ({}: {} rows, {} \
             sales); if the sales file repeats rows, their comment rates are too low",
            if n == 1 {
                "product has"
            } else {
                "products have"
            },
            example(v),
            v.stats.sales_rows,
            v.stats.sales,
        ))
    }

    /// The warning for products with more comments than sales, with the
    /// first example among the most significant products: a comment rate
    /// above one per sale is no rate the test can weigh (it is tested as
    /// if every sale was commented, which a handful of sales cannot make
    /// significant), and usually means sales and comments cover different
    /// spans of time, or comments that are not from buyers.
    fn comments_exceed_sales_warning(&self) -> Option<String> {
        let over = || {
            self.verdicts
                .iter()
                .filter(|v| v.stats.sales > 0 && v.stats.comments > v.stats.sales)
        };
        let n = over().count();
        let v = over().next()?;
        Some(format!(
            "{n} {} {} more comments than sales ({}: {} comments, {} sales): the \
             comment rate is tested as if every sale had one comment, the most the test can \
             weigh, so a product with few sales is not flagged for it; check that sales and \
             comments cover the same time, and read these products' comments",
            // Counted per product and period, as the summary counts them.
            self.summary.keys_noun(n),
            if n == 1 { "has" } else { "have" },
            example(v),
            v.stats.comments,
            v.stats.sales,
        ))
    }

    /// The warning for comment ids seen more than once on a product, with
    /// the first example among the most significant products.
    fn repeated_ids_warning(&self) -> Option<String> {
        let s = &self.summary;
        if s.keys_with_repeated_ids == 0 {
            return None;
        }
        let (v, id, copies) = self.verdicts.iter().find_map(|v| {
            repeats(v.stats.comment_ids.as_slice())
                .next()
                .map(|(id, copies)| (v, id, copies))
        })?;
        let (n, keys) = (s.repeated_comment_ids, s.keys_with_repeated_ids);
        Some(format!(
            "{n} {} an id already seen on their product ({keys} {}; {} has comment {} {copies} \
             times): each copy counts as a comment, so a row exported twice can make a flag; \
             look for repeated rows in the comments file",
            if n == 1 {
                "comment repeats"
            } else {
                "comments repeat"
            },
            if keys == 1 { "product" } else { "products" },
            example(v),
            id.as_str(),
        ))
    }
}

/// The warning for a rate whose fitted prior piles up at rate 1 (beta < 1,
/// a U or J shape): it takes some ordinary products to have nearly every
/// sale commented, or every comment a contradiction, so a product at 4 of 4
/// reads as ordinary spread. An honest maximum-likelihood fit when almost
/// no other product has any: with 59 products at 0 of 4 contradictions and
/// one at 4 of 4, the fit is alpha + beta = 0.001 and the 4 of 4 has
/// p = 1/60 (Fisher's exact test would give 1e-8). The prior in use by the
/// most products is named.
fn u_shaped_warning(name: &str, rate: &super::baseline::RateBaseline) -> Option<String> {
    let global_used = rate.groups.is_empty() || rate.small_groups > 0;
    let mut priors: Vec<(String, &super::baseline::GroupPrior)> = rate
        .groups
        .iter()
        .map(|(key, prior)| (describe_group(key), prior))
        .collect();
    if global_used {
        priors.push(("all products".to_string(), &rate.global));
    }
    priors.retain(|(_, p)| p.fit.is_some() && p.prior.beta < 1.0);
    let (group, prior) = priors.iter().max_by_key(|(_, p)| p.products)?;
    let more = match priors.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more group)".to_string(),
        n => format!(" (and {n} more groups)"),
    };
    Some(format!(
        "the {name} baseline of {group}{more} expects some ordinary products to have a rate \
         near 1 (beta {:.3} < 1, fitted on {} products): a product whose every comment counts \
         reads as ordinary spread and is not flagged; this happens when almost no other product \
         has any, and the product's own rate is the thing to read",
        prior.prior.beta, prior.products
    ))
}

/// `category "x", period "y"` for a group key.
fn describe_group(key: &super::baseline::GroupKey) -> String {
    match (&key.category, &key.period) {
        (Some(c), Some(p)) => format!("category {:?}, period {:?}", c.as_str(), p.as_str()),
        (Some(c), None) => format!("category {:?}", c.as_str()),
        (None, Some(p)) => format!("period {:?}", p.as_str()),
        (None, None) => "all products".to_string(),
    }
}

/// Fits the baseline on `table`, tests and flags every product.
///
/// Consumes the table: each verdict owns its product's stats (and so its
/// evidence) without a copy. Clone the table first to keep it.
pub fn score_table(table: StatsTable, config: &FlagConfig) -> Result<FlagReport> {
    config.validate()?;
    let level = config.interval_level;
    let mut verdicts: Vec<Verdict> = table
        .into_boxed_iter()
        .map(|(key, stats)| Verdict {
            key,
            stats,
            comment_rate: None,
            contradiction_rate: None,
            flags: Flags::default(),
            direction: None,
        })
        .collect();
    let view: Vec<(&ProductKey, &ProductStats)> =
        verdicts.iter().map(|v| (&v.key, &*v.stats)).collect();
    let (groups, group_of) = index_groups(view.iter().copied());
    let baseline = Baseline::fit_indexed(&groups, &group_of, &view, config.min_group_products);
    drop(view);
    // The prior of each group, by group index.
    let comment_prior: Vec<usize> = groups
        .iter()
        .map(|g| baseline.comment_rate.prior_index(g))
        .collect();
    let contradiction_prior: Vec<usize> = groups
        .iter()
        .map(|g| baseline.contradiction_rate.prior_index(g))
        .collect();
    let comment_keys: Vec<Option<TestKey>> = verdicts
        .iter()
        .zip(&group_of)
        .map(|(v, &g)| {
            (v.stats.sales > 0).then(|| TestKey {
                prior: comment_prior[g as usize],
                successes: v.stats.comments,
                trials: v.stats.sales,
            })
        })
        .collect();
    let comment_tests = TestMemo::new(&comment_keys, &baseline.comment_rate, level);
    let contradiction_keys: Vec<Option<TestKey>> = verdicts
        .iter()
        .zip(&group_of)
        .map(|(v, &g)| {
            // A comment without text says nothing either way.
            let trials = v.stats.comments_with_text();
            (trials > 0).then(|| TestKey {
                prior: contradiction_prior[g as usize],
                successes: v.stats.contradiction_comments,
                trials,
            })
        })
        .collect();
    let contradiction_tests =
        TestMemo::new(&contradiction_keys, &baseline.contradiction_rate, level);
    for (i, v) in verdicts.iter_mut().enumerate() {
        v.comment_rate = comment_keys[i].map(|k| comment_tests.get(k));
        v.contradiction_rate = contradiction_keys[i].map(|k| contradiction_tests.get(k));
    }
    // The table's order is arbitrary, which BH does not mind: tied p-values
    // get equal q-values whatever their order.
    set_q_values(&mut verdicts, |v| v.comment_rate.as_mut());
    set_q_values(&mut verdicts, |v| v.contradiction_rate.as_mut());
    for v in &mut verdicts {
        let flagged = |t: &Option<RateTest>| t.as_ref().is_some_and(|t| t.q < config.fdr);
        v.flags = Flags {
            high_comment_rate: flagged(&v.comment_rate),
            contradiction: flagged(&v.contradiction_rate),
        };
        if v.flags.high_comment_rate {
            v.direction = Some(Direction::of(&v.stats, config.direction_share));
        }
    }
    let verdicts = sorted(verdicts);
    let summary = summarize(&verdicts);
    Ok(FlagReport {
        config: config.clone(),
        baseline,
        verdicts,
        summary,
    })
}

/// What a [`RateTest`] depends on: the prior (by index) and the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TestKey {
    prior: usize,
    successes: u64,
    trials: u64,
}

/// Tests computed once per distinct [`TestKey`]. Count data repeat heavily
/// (a million products share a few hundred thousand (prior, successes,
/// trials) triples, most of them with small counts), and the tails and
/// credible-interval quantiles are the costly part of scoring.
struct TestMemo {
    keys: Vec<TestKey>,
    tests: Vec<RateTest>,
}

impl TestMemo {
    fn new(wanted: &[Option<TestKey>], baseline: &super::RateBaseline, level: f64) -> Self {
        let mut keys: Vec<TestKey> = wanted.iter().flatten().copied().collect();
        keys.par_sort_unstable();
        keys.dedup();
        // Independent, so in parallel; the same results on any thread count.
        let tests = keys
            .par_iter()
            .map(|k| RateTest::new(k.successes, k.trials, baseline.prior_at(k.prior), level))
            .collect();
        TestMemo { keys, tests }
    }

    fn get(&self, key: TestKey) -> RateTest {
        let i = self
            .keys
            .binary_search(&key)
            .expect("every key asked for was computed by TestMemo::new");
        self.tests[i].clone()
    }
}

/// Sets `q` and `q_binomial` of the tests `get` selects.
fn set_q_values(verdicts: &mut [Verdict], get: impl Fn(&mut Verdict) -> Option<&mut RateTest>) {
    let mut p = Vec::new();
    let mut p_binomial = Vec::new();
    for v in verdicts.iter_mut() {
        if let Some(t) = get(v) {
            p.push(t.p);
            p_binomial.push(t.p_binomial);
        }
    }
    let q = benjamini_hochberg(&p);
    let q_binomial = benjamini_hochberg(&p_binomial);
    let mut i = 0;
    for v in verdicts.iter_mut() {
        if let Some(t) = get(v) {
            t.q = q[i];
            t.q_binomial = q_binomial[i];
            i += 1;
        }
    }
}

/// `verdicts` by [`Verdict::min_q`], then [`Verdict::min_p`], then key. Sorts indices and moves
/// each verdict once: verdicts are large, and moving them around in a sort
/// of a million costs more than the comparisons.
fn sorted(verdicts: Vec<Verdict>) -> Vec<Verdict> {
    // Most products tie (q = 1) and are ordered by id; comparing the first
    // eight bytes as an integer settles nearly all of those ties without
    // touching the strings.
    let sort_keys: Vec<(f64, f64, u64)> = verdicts
        .iter()
        .map(|v| (v.min_q(), v.min_p(), byte_prefix(v.key.product.as_str())))
        .collect();
    let mut order: Vec<usize> = (0..verdicts.len()).collect();
    order.par_sort_unstable_by(|&a, &b| {
        let (qa, pa, ka) = sort_keys[a];
        let (qb, pb, kb) = sort_keys[b];
        qa.total_cmp(&qb)
            .then(pa.total_cmp(&pb))
            .then(ka.cmp(&kb))
            .then_with(|| verdicts[a].key.cmp(&verdicts[b].key))
    });
    let mut slots: Vec<Option<Verdict>> = verdicts.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// The first eight bytes of `s` as a big-endian integer, zero-padded:
/// ordering by it, then by `s`, is ordering by `s`.
fn byte_prefix(s: &str) -> u64 {
    let mut buf = [0u8; 8];
    let n = s.len().min(8);
    buf[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(buf)
}

fn summarize(verdicts: &[Verdict]) -> FlagSummary {
    let mut s = FlagSummary {
        keys: verdicts.len(),
        ..FlagSummary::default()
    };
    let mut products: Vec<&ProductId> = verdicts.iter().map(|v| &v.key.product).collect();
    products.sort_unstable();
    products.dedup();
    s.products = products.len();
    for v in verdicts {
        let st = &v.stats;
        s.comments += st.comments;
        s.sales_rows += st.sales_rows;
        s.with_sales += usize::from(st.sales > 0);
        if st.sales_rows == 0 {
            s.comments_without_sales_row += st.comments;
            s.keys_without_sales_row += usize::from(st.comments > 0);
        } else {
            s.keys_without_comments += usize::from(st.comments == 0);
            if st.sales == 0 {
                s.keys_with_zero_sales += 1;
                s.comments_on_zero_sales += st.comments;
            }
        }
        s.keys_comments_exceed_sales += usize::from(st.sales > 0 && st.comments > st.sales);
        s.comment_rate_tests += usize::from(v.comment_rate.is_some());
        s.contradiction_tests += usize::from(v.contradiction_rate.is_some());
        s.flagged += usize::from(v.flags.any());
        s.flagged_high_comment_rate += usize::from(v.flags.high_comment_rate);
        s.flagged_contradiction += usize::from(v.flags.contradiction);
        let extra: u64 = repeats(st.comment_ids.as_slice())
            .map(|(_, copies)| copies - 1)
            .sum();
        s.repeated_comment_ids += extra;
        s.keys_with_repeated_ids += usize::from(extra > 0);
    }
    s
}

/// A verdict named in a warning's example: `product p7`, or `product p7 in
/// period 2018-11` when it has one.
fn example(v: &Verdict) -> String {
    match &v.key.period {
        Some(p) => format!(
            "product {} in period {}",
            v.key.product.as_str(),
            p.as_str()
        ),
        None => format!("product {}", v.key.product.as_str()),
    }
}

/// The ids that occur more than once in `ids` (sorted), with their number
/// of occurrences.
fn repeats(ids: &[CommentId]) -> impl Iterator<Item = (&CommentId, u64)> {
    ids.chunk_by(|a, b| a == b)
        .filter(|run| run.len() > 1)
        .map(|run| (&run[0], run.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::product::{CommentRecord, EvidenceText};
    use crate::tag::{CommentTags, Label};
    use crate::Lang;

    fn stats(sales_rows: u64, sales: u64, pos: u64, neg: u64, neutral: u64) -> ProductStats {
        let mut s = ProductStats {
            sales_rows,
            sales,
            ..ProductStats::default()
        };
        let labels = [
            (Label::Positive, pos),
            (Label::Negative, neg),
            (Label::Neutral, neutral),
        ];
        let mut id = 0;
        for (label, n) in labels {
            for _ in 0..n {
                id += 1;
                let c = CommentRecord {
                    comment_id: CommentId::from(id.to_string()),
                    product_id: ProductId::from("p"),
                    text: "t".into(),
                    rating: None,
                    created_at: None,
                    lang: None,
                };
                let t = CommentTags {
                    lang: Lang::En,
                    label,
                    score: 0.0,
                    matches: vec![],
                };
                s.add_comment(&c, &t, EvidenceText::Keep);
            }
        }
        s
    }

    #[test]
    fn byte_prefix_orders_like_the_string() {
        let words = [
            "",
            "a",
            "ab",
            "ab\u{1}",
            "abc",
            "abcdefgh",
            "abcdefghi",
            "abcdefgi",
            "b",
            "é",
        ];
        for a in words {
            for b in words {
                let by_prefix = byte_prefix(a).cmp(&byte_prefix(b)).then(a.cmp(b));
                assert_eq!(by_prefix, a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn direction_rule() {
        // (positive, negative, neutral, direction)
        let table = [
            (0, 0, 5, Direction::Unknown),
            (1, 4, 0, Direction::VeryBad),
            (2, 4, 3, Direction::VeryBad),
            (4, 1, 0, Direction::VeryGood),
            (3, 2, 0, Direction::Mixed),
            (1, 1, 0, Direction::Mixed),
        ];
        for (pos, neg, neutral, want) in table {
            let s = stats(1, 10, pos, neg, neutral);
            assert_eq!(Direction::of(&s, 2.0 / 3.0), want, "{pos} {neg} {neutral}");
        }
    }

    #[test]
    fn flags_display_joined() {
        let table = [
            (false, false, ""),
            (true, false, "high_comment_rate"),
            (false, true, "contradiction"),
            (true, true, "high_comment_rate;contradiction"),
        ];
        for (h, c, want) in table {
            let f = Flags {
                high_comment_rate: h,
                contradiction: c,
            };
            assert_eq!(f.to_string(), want);
            assert_eq!(f.any(), h || c);
        }
    }

    #[test]
    fn config_is_validated() {
        assert!(FlagConfig::default().validate().is_ok());
        for fdr in [0.0, 1.0, -0.1, f64::NAN] {
            let c = FlagConfig {
                fdr,
                ..FlagConfig::default()
            };
            assert!(c.validate().is_err(), "{fdr}");
            assert!(score_table(StatsTable::new(), &c).is_err());
        }
    }

    #[test]
    fn summary_counts_every_edge_case() {
        let mut t = StatsTable::new();
        // 40 ordinary products: 100 sales, 5 comments.
        for i in 0..40 {
            *t.entry(ProductKey::product(format!("n{i}"))) = stats(1, 100, 0, 0, 5 + i % 2);
        }
        *t.entry(ProductKey::product("hot")) = stats(1, 10, 0, 5, 0);
        *t.entry(ProductKey::product("no_sales_row")) = stats(0, 0, 0, 0, 3);
        *t.entry(ProductKey::product("zero_sales")) = stats(1, 0, 0, 0, 2);
        *t.entry(ProductKey::product("silent")) = stats(1, 50, 0, 0, 0);
        *t.entry(ProductKey::product("over")) = stats(1, 2, 0, 0, 3);
        let r = score_table(t, &FlagConfig::default()).expect("score");
        let s = &r.summary;
        assert_eq!((s.products, s.keys), (45, 45));
        assert_eq!(s.comments, 40 * 5 + 20 + 5 + 3 + 2 + 3);
        assert_eq!(s.sales_rows, 44);
        assert_eq!(s.with_sales, 43);
        assert_eq!(
            (s.comments_without_sales_row, s.keys_without_sales_row),
            (3, 1)
        );
        assert_eq!(s.keys_without_comments, 1);
        assert_eq!((s.keys_with_zero_sales, s.comments_on_zero_sales), (1, 2));
        assert_eq!(s.keys_comments_exceed_sales, 1);
        // ... which the reader is told about, by name.
        let warnings = r.warnings();
        assert!(
            warnings.iter().any(|w| w.starts_with(
                "1 product has more comments than sales (product over: 3 comments, 2 sales)"
            )),
            "{warnings:?}"
        );
        assert_eq!((s.comment_rate_tests, s.contradiction_tests), (43, 44));
        // 2 comments on 2 sales (clamped from 3) is not enough evidence
        // among 43 tests; 5 on 10 is.
        let flagged: Vec<&str> = r.flagged().map(|v| v.product_id().as_str()).collect();
        assert_eq!(flagged, ["hot"]);
        let hot = &r.verdicts[0];
        assert_eq!(hot.direction, Some(Direction::VeryBad));
        assert_eq!(hot.flags.to_string(), "high_comment_rate");
        assert_eq!(hot.evidence_ids().len(), 5);
        let over = r
            .verdicts
            .iter()
            .find(|v| v.product_id().as_str() == "over");
        let over = over.and_then(|v| v.comment_rate.as_ref()).expect("tested");
        assert!(over.clamped && over.observed == 1.5);
        // Sorted by the smaller q, untested products last.
        let qs: Vec<f64> = r.verdicts.iter().map(Verdict::min_q).collect();
        assert!(qs.windows(2).all(|w| w[0] <= w[1]), "{qs:?}");
    }

    #[test]
    fn high_rate_without_labels_uses_comment_ids_as_evidence() {
        let mut t = StatsTable::new();
        for i in 0..40 {
            *t.entry(ProductKey::product(format!("n{i}"))) = stats(1, 100, 0, 0, 5);
        }
        *t.entry(ProductKey::product("hot")) = stats(1, 10, 0, 0, 5);
        let r = score_table(t, &FlagConfig::default()).expect("score");
        let hot = r.flagged().next().expect("hot is flagged");
        assert_eq!(hot.direction, Some(Direction::Unknown));
        assert!(hot.evidence().is_empty());
        let ids: Vec<&str> = hot.evidence_ids().iter().map(|c| c.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    }
}
