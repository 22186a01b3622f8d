//! Placing comments in sales periods.
//!
//! When the sales file has a `period` column, statistics are kept per
//! (product, period) so that a sale event that lifts every rate at once
//! (Black Friday, Yalda night) is judged against the other products of the
//! same period. A comment has no period of its own, only a `created_at`, so
//! it is placed by this rule:
//!
//! 1. a product with no sales row, or with sales rows but no periods, keeps
//!    its comments under "no period";
//! 2. a product sold in exactly one period gets all its comments there,
//!    whatever their date (reviews are written after the sale, often after
//!    the period ends);
//! 3. a product sold in several periods gets each comment in the latest
//!    period that starts at or before its `created_at`, comparing strings:
//!    periods written as ISO dates or prefixes (`2018`, `2018-11`,
//!    `2018-11-23`) therefore compare chronologically with timestamps such
//!    as `2018-11-25 10:00:00`. A comment without `created_at`, or dated
//!    before every period, goes to the earliest period and is counted as
//!    *guessed* in the summary.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::stats::product::{Period, ProductId};

type Periods = HashMap<ProductId, Vec<Option<Period>>>;

/// The periods each product was sold in.
///
/// Serializable so that a distributed job (Spark) can read the sales once
/// and ship the index to the workers that place comments; serializes as a
/// map from product to its periods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Periods", into = "Periods")]
pub struct PeriodIndex {
    // Sorted and deduplicated; `None` (a row without a period) sorts first.
    periods: Periods,
}

impl From<Periods> for PeriodIndex {
    fn from(mut periods: Periods) -> Self {
        // Restores the invariant on data that did not come from `add`.
        for list in periods.values_mut() {
            list.sort();
            list.dedup();
        }
        PeriodIndex { periods }
    }
}

impl From<PeriodIndex> for Periods {
    fn from(index: PeriodIndex) -> Self {
        index.periods
    }
}

/// Where a comment was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodAssignment {
    /// The period, `None` for "no period".
    pub period: Option<Period>,
    /// True when the product has several periods and the comment's date did
    /// not decide (missing, or earlier than every period).
    pub guessed: bool,
}

impl PeriodIndex {
    /// An empty index: every comment lands under "no period".
    pub fn new() -> Self {
        PeriodIndex::default()
    }

    /// Records that `product` has a sales row in `period`. Only needed when
    /// the sales file has periods at all: an empty index places every
    /// comment under "no period".
    pub fn add(&mut self, product: &ProductId, period: Option<&Period>) {
        let list = self.periods.entry(product.clone()).or_default();
        let period = period.cloned();
        if let Err(at) = list.binary_search(&period) {
            list.insert(at, period);
        }
    }

    /// True when no product has a period.
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty()
    }

    /// The period a comment on `product` created at `created_at` belongs to.
    pub fn assign(&self, product: &str, created_at: Option<&str>) -> PeriodAssignment {
        let none = PeriodAssignment {
            period: None,
            guessed: false,
        };
        let Some(list) = self.periods.get(product) else {
            return none;
        };
        match list.as_slice() {
            [] => none,
            [only] => PeriodAssignment {
                period: only.clone(),
                guessed: false,
            },
            [first, ..] => {
                let latest = created_at.and_then(|at| {
                    list.iter()
                        .rev()
                        .find(|p| p.as_ref().is_none_or(|p| p.as_str() <= at))
                });
                match latest {
                    Some(p) => PeriodAssignment {
                        period: p.clone(),
                        guessed: false,
                    },
                    None => PeriodAssignment {
                        period: first.clone(),
                        guessed: true,
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_placed_by_the_documented_rule() {
        let mut idx = PeriodIndex::new();
        let p = |s: &str| Some(Period::from(s));
        idx.add(&ProductId::from("plain"), None);
        idx.add(&ProductId::from("one"), p("2018-11").as_ref());
        for per in ["2018-12", "2018-11", "2018-11-23", "2018-11"] {
            idx.add(&ProductId::from("many"), p(per).as_ref());
        }
        // (product, created_at, period, guessed)
        let table = [
            ("unknown", Some("2018-11-02"), None, false),
            ("plain", Some("2018-11-02"), None, false),
            ("one", Some("2019-05-01"), p("2018-11"), false),
            ("one", None, p("2018-11"), false),
            ("many", Some("2018-11-05 00:00:00"), p("2018-11"), false),
            ("many", Some("2018-11-23 09:00:00"), p("2018-11-23"), false),
            ("many", Some("2018-11-30"), p("2018-11-23"), false),
            ("many", Some("2019-01-02"), p("2018-12"), false),
            ("many", Some("2017-01-01"), p("2018-11"), true),
            ("many", None, p("2018-11"), true),
        ];
        for (product, at, period, guessed) in table {
            assert_eq!(
                idx.assign(product, at),
                PeriodAssignment { period, guessed },
                "{product} {at:?}"
            );
        }
        let back: PeriodIndex =
            serde_json::from_str(&serde_json::to_string(&idx).expect("serialize"))
                .expect("deserialize");
        assert_eq!(back, idx);
        let unsorted: PeriodIndex =
            serde_json::from_str(r#"{"p": ["2018-12", null, "2018-11", "2018-12"]}"#)
                .expect("deserialize");
        let mut sorted = PeriodIndex::new();
        for per in [Some("2018-11"), None, Some("2018-12")] {
            sorted.add(&ProductId::from("p"), per.map(Period::from).as_ref());
        }
        assert_eq!(unsorted, sorted, "sorted and deduplicated on the way in");
    }
}
