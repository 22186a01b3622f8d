//! One product's test of one rate against its prior: the observed and
//! expected rate, two upper-tail p-values, a confidence interval and the
//! shrunken (posterior) rate, shrunk only as far as the product looks like
//! the others.
//!
//! Two p-values are reported because they answer different questions. The
//! exact binomial p asks "how surprising is this count if the product's
//! true rate were exactly the group mean?" and ignores that products differ;
//! with thousands of products it flags ordinary variety. The beta-binomial p
//! asks "how surprising is this count for a product drawn from the fitted
//! spread of the group?", which accounts for the overdispersion between
//! products, so it is the one flag decisions use. When the group shows no
//! overdispersion the two coincide.

use serde::{Deserialize, Serialize};

use super::baseline::{GroupPrior, PriorSource, CONTAMINATION};
use crate::stats::beta::{self, BetaPrior, RobustPosterior};
use crate::stats::binomial::{self, wilson_interval, z_for_confidence};

/// A closed interval of rates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

/// One product's test of one rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateTest {
    /// Successes as counted (comments, or contradiction comments).
    pub successes: u64,
    /// Trials (sales, or comments).
    pub trials: u64,
    /// `successes / trials`, unclamped (a comment rate can exceed 1 when
    /// the sales file undercounts).
    pub observed: f64,
    /// True when `successes > trials`: the tests then use
    /// `successes = trials`, the most extreme count the model allows, so
    /// such a product gets the smallest p-value its sales permit rather
    /// than an impossible one.
    pub clamped: bool,
    /// The prior mean: the rate expected of a product of this group.
    pub expected: f64,
    /// The prior tested against.
    pub prior: BetaPrior,
    /// Where the prior came from.
    pub prior_source: PriorSource,
    /// Exact binomial `P(X >= successes)` at rate `expected`.
    pub p_binomial: f64,
    /// Beta-binomial `P(X >= successes)` under `prior`: the p-value flags
    /// are decided on.
    pub p: f64,
    /// Benjamini–Hochberg q-value of `p` across all products tested for
    /// this rate (NaN until [`super::score_table`] sets it).
    pub q: f64,
    /// Benjamini–Hochberg q-value of `p_binomial`, for comparison.
    pub q_binomial: f64,
    /// Wilson score interval of the observed rate.
    pub wilson: Interval,
    /// Posterior mean: the observed rate shrunk toward `expected`, the more
    /// the fewer the trials, under the prior with a share
    /// [`CONTAMINATION`] of products standing apart from it
    /// ([`RobustPosterior`]): a product whose counts the prior cannot
    /// explain (8 of 15 comments fake among products that barely differ
    /// at 4 %) keeps its own rate (53 %, not 4 %).
    pub posterior_mean: f64,
    /// Equal-tailed credible interval of that posterior.
    pub credible: Interval,
}

impl RateTest {
    /// Tests `successes` out of `trials` (`trials > 0`) against `prior`,
    /// with intervals at `level` (e.g. 0.95).
    pub fn new(successes: u64, trials: u64, prior: &GroupPrior, level: f64) -> Self {
        let k = successes.min(trials);
        let p0 = prior.prior;
        let expected = p0.mean();
        let (lo, hi) = wilson_interval(k, trials, z_for_confidence(level));
        let post = RobustPosterior::new(p0, k, trials, CONTAMINATION);
        let (clo, chi) = post.credible_interval(level);
        RateTest {
            successes,
            trials,
            observed: successes as f64 / trials as f64,
            clamped: successes > trials,
            expected,
            prior: p0,
            prior_source: prior.source,
            p_binomial: binomial::upper_tail(k, trials, expected),
            p: beta::upper_tail(k, trials, p0.alpha, p0.beta),
            q: f64::NAN,
            q_binomial: f64::NAN,
            wilson: Interval { lo, hi },
            posterior_mean: post.mean(),
            credible: Interval { lo: clo, hi: chi },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::beta::MAX_CONCENTRATION;

    fn point_prior(mean: f64) -> GroupPrior {
        GroupPrior {
            prior: BetaPrior::from_mean(mean, MAX_CONCENTRATION),
            source: PriorSource::Pooled,
            products: 0,
            trimmed: 0,
            fit: None,
        }
    }

    fn close(got: f64, want: f64, rtol: f64) -> bool {
        (got - want).abs() <= rtol * want.abs()
    }

    #[test]
    fn mission_worked_checks() {
        // (successes, trials, baseline, exact binomial p)
        let table = [
            // 5 comments on 10 sales against 5 per 100 sales.
            (5, 10, 0.05, 6.37e-5),
            // 4 of 4 comments with a contradiction against 5 %.
            (4, 4, 0.05, 6.25e-6),
        ];
        for (k, n, rate, p) in table {
            let t = RateTest::new(k, n, &point_prior(rate), 0.95);
            assert!(close(t.expected, rate, 1e-12), "{t:?}");
            assert!(close(t.p_binomial, p, 1e-3), "{k}/{n}: {}", t.p_binomial);
            // Without spread the beta-binomial tail is the binomial one.
            assert!(close(t.p, t.p_binomial, 1e-3), "{k}/{n}: {}", t.p);
            assert!(close(t.observed, k as f64 / n as f64, 1e-15));
            assert!(t.wilson.lo < t.observed && t.observed <= t.wilson.hi);
            // Counts a point-mass prior can hardly explain mostly speak
            // for themselves: near the flat prior's posterior mean,
            // (k + 1) / (n + 2) (5 of 10 keeps a 6 % chance of being an
            // ordinary product, which its interval shows).
            let own = (k + 1) as f64 / (n + 2) as f64;
            assert!(close(t.posterior_mean, own, 0.06), "{t:?}");
            assert!(t.credible.lo < own && own < t.credible.hi, "{t:?}");
        }
        // An ordinary count does not move a point-mass prior.
        let t = RateTest::new(1, 10, &point_prior(0.05), 0.95);
        assert!(close(t.posterior_mean, 0.05, 1e-2), "{t:?}");
        assert!(t.credible.lo < 0.05 && 0.05 < t.credible.hi);
        assert!(close(
            binomial::upper_tail(5, 10, 0.05),
            6.368_983_144_531_25e-5,
            1e-12
        ));
        assert!(close(binomial::upper_tail(4, 4, 0.05), 6.25e-6, 1e-12));
    }

    #[test]
    fn overdispersion_weakens_the_evidence() {
        let wide = GroupPrior {
            prior: BetaPrior {
                alpha: 0.5,
                beta: 9.5,
            },
            source: PriorSource::Group,
            products: 100,
            trimmed: 0,
            fit: None,
        };
        let t = RateTest::new(5, 10, &wide, 0.95);
        assert!(close(t.expected, 0.05, 1e-12));
        assert!(t.p > 50.0 * t.p_binomial, "{t:?}");
        // A wide prior lets the data speak: the posterior moves a lot.
        assert!(t.posterior_mean > 0.2);
    }

    #[test]
    fn more_successes_than_trials_are_clamped() {
        let t = RateTest::new(7, 5, &point_prior(0.05), 0.95);
        assert!(t.clamped);
        assert_eq!(t.observed, 1.4);
        assert!(close(t.p_binomial, 0.05f64.powi(5), 1e-9));
        assert_eq!(t.wilson.hi, 1.0);
        let t = RateTest::new(0, 5, &point_prior(0.05), 0.95);
        assert!(!t.clamped);
        assert_eq!((t.p, t.p_binomial, t.wilson.lo), (1.0, 1.0, 0.0));
    }
}
