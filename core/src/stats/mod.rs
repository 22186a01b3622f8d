//! Pure statistical building blocks for anomaly scoring: exact binomial and
//! beta-binomial tails, the special functions they rest on, empirical-Bayes
//! fitting of a Beta prior over per-product rates, and false-discovery-rate
//! control. Everything here is deterministic, allocation-light and free of
//! I/O so it can be unit-tested against the scipy/statsmodels oracle in
//! `fixtures/stats/reference.json` (regenerate with
//! `fixtures/stats/make_reference.py`).
//!
//! [`product`] holds the per-product counts those tests are run on, as a
//! mergeable monoid.

pub mod beta;
pub mod binomial;
pub mod fdr;
pub mod product;
#[cfg(test)]
mod reference;
