//! Beta-function machinery and the beta-binomial model behind empirical-Bayes
//! shrinkage of per-product rates: log-gamma/log-beta, the regularized
//! incomplete beta function and its inverse, a [`BetaPrior`] with posterior
//! updates and credible intervals, the beta-binomial pmf and exact upper
//! tail, and [`fit_beta_binomial`], which estimates the prior from all
//! products' `(successes, trials)` counts.

use std::f64::consts::PI;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// `ln(sqrt(2 * pi))`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Lanczos approximation parameters (g = 7, 9 terms): ~1e-15 relative error
/// for Gamma over the positive reals.
const LANCZOS_G: f64 = 7.0;
const LANCZOS_COEF: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// Largest prior concentration `alpha + beta` the fit will report. Reached
/// when the data show no overdispersion beyond binomial noise: the prior is
/// then effectively a point mass at the pooled rate, and the beta-binomial
/// tail collapses to the binomial one.
pub const MAX_CONCENTRATION: f64 = 1e6;

/// Smallest prior concentration `alpha + beta` the fit will report; guards
/// the optimizer against the improper limit when every product is all-or-
/// nothing.
pub const MIN_CONCENTRATION: f64 = 1e-3;

/// Natural log of the Gamma function for `x > 0` (Lanczos, g = 7), accurate
/// to about 1e-15 relative, or 1e-15 absolute near the zeros at 1 and 2.
///
/// Returns NaN for `x <= 0` or NaN: the callers only need the positive axis
/// and a NaN surfaces misuse instead of a silently wrong branch of `ln|Γ|`.
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x < 0.5 {
        // Reflection keeps the Lanczos series in its accurate range.
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let z = x - 1.0;
    let series = LANCZOS_COEF[1..]
        .iter()
        .enumerate()
        .fold(LANCZOS_COEF[0], |acc, (i, c)| {
            acc + c / (z + (i + 1) as f64)
        });
    let t = z + LANCZOS_G + 0.5;
    LN_SQRT_2PI + (z + 0.5) * t.ln() - t + series.ln()
}

/// Stirling-series remainder `ln Γ(x) - [(x - ½) ln x - x + ln √(2π)]` for
/// `x >= 10`, where eight terms are accurate to well below 1e-17.
fn ln_gamma_correction(x: f64) -> f64 {
    const C: [f64; 8] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
    ];
    let inv2 = 1.0 / (x * x);
    C.iter().rev().fold(0.0, |acc, c| acc * inv2 + c) / x
}

/// Natural log of the Beta function `B(a, b)` for `a, b > 0` (NaN otherwise).
///
/// Naively `ln Γ(a) + ln Γ(b) - ln Γ(a + b)` cancels catastrophically when
/// one argument is large (e.g. a prior with `alpha + beta = 1e6`), so the
/// large-argument cases use Stirling's form with `log1p`, as R's `lbeta`
/// does.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    if !valid_shape(a, b) {
        return f64::NAN;
    }
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    let frac = p / (p + q);
    if p >= 10.0 {
        let corr = ln_gamma_correction(p) + ln_gamma_correction(q) - ln_gamma_correction(p + q);
        -0.5 * q.ln() + LN_SQRT_2PI + corr + (p - 0.5) * frac.ln() + q * (-frac).ln_1p()
    } else if q >= 10.0 {
        let corr = ln_gamma_correction(q) - ln_gamma_correction(p + q);
        ln_gamma(p) + corr + p - p * (p + q).ln() + (q - 0.5) * (-frac).ln_1p()
    } else {
        ln_gamma(p) + ln_gamma(q) - ln_gamma(p + q)
    }
}

/// `ln C(n, k)`, the log binomial coefficient (`-inf` when `k > n`).
pub fn ln_choose(n: u64, k: u64) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    if k == 0 || k == n {
        // Exact, so that certain outcomes get a log-probability of exactly 0.
        return 0.0;
    }
    let (n, k) = (n as f64, k as f64);
    -(n + 1.0).ln() - ln_beta(k + 1.0, n - k + 1.0)
}

fn valid_shape(a: f64, b: f64) -> bool {
    a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()
}

/// Regularized incomplete beta function `I_x(a, b) = P(Beta(a, b) <= x)`.
///
/// Uses the Lentz continued fraction on whichever side of the distribution's
/// bulk converges fast, so a small result keeps full *relative* accuracy
/// (this is what makes deep binomial tails exact). `x` is clamped to
/// `[0, 1]`; NaN is returned for NaN `x` or non-positive/non-finite shapes.
pub fn reg_inc_beta(x: f64, a: f64, b: f64) -> f64 {
    inc_beta_pair(x, a, b).0
}

/// Complement `1 - I_x(a, b) = P(Beta(a, b) > x)`, computed directly so that
/// it stays accurate when it is tiny (where `1 - reg_inc_beta` would return
/// 0). Same domain conventions as [`reg_inc_beta`].
pub fn reg_inc_beta_complement(x: f64, a: f64, b: f64) -> f64 {
    inc_beta_pair(x, a, b).1
}

/// `(I_x(a, b), 1 - I_x(a, b))`, each accurate where it is the smaller one.
fn inc_beta_pair(x: f64, a: f64, b: f64) -> (f64, f64) {
    if x.is_nan() || !valid_shape(a, b) {
        return (f64::NAN, f64::NAN);
    }
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    if x >= 1.0 {
        return (1.0, 0.0);
    }
    // x^a (1-x)^b / B(a,b) is symmetric in the two tails, so it is computed
    // once from the caller's exact x rather than from a rounded 1 - x.
    let ln_front = a * x.ln() + b * (-x).ln_1p() - ln_beta(a, b);
    if x < (a + 1.0) / (a + b + 2.0) {
        let v = (ln_front + beta_cf(x, a, b).ln()).exp() / a;
        (v, 1.0 - v)
    } else {
        let w = (ln_front + beta_cf(1.0 - x, b, a).ln()).exp() / b;
        (1.0 - w, w)
    }
}

/// `ln I_x(a, b)` without underflow on the directly-summed side; the
/// inverse works in log space so that it can reach tails like 1e-300.
fn ln_reg_inc_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if x < (a + 1.0) / (a + b + 2.0) {
        a * x.ln() + b * (-x).ln_1p() - ln_beta(a, b) + beta_cf(x, a, b).ln() - a.ln()
    } else {
        reg_inc_beta(x, a, b).ln()
    }
}

/// Continued fraction for the incomplete beta (modified Lentz), valid and
/// fast for `x < (a + 1) / (a + b + 2)`.
fn beta_cf(x: f64, a: f64, b: f64) -> f64 {
    // Iterations needed grow like sqrt(max(a, b)); this cap is far beyond
    // that for any count data while still bounding pathological inputs.
    const MAX_ITER: u32 = 100_000;
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_ITER {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// Inverse of [`reg_inc_beta`] in `x`: the `p`-quantile of `Beta(a, b)`.
///
/// The root is solved in whichever of `x` and `1 - x` is below one half, so
/// quantiles within 1e-300 of 0 keep their relative accuracy. The iteration
/// is Newton's method on the log of the smaller of `I` and `1 - I` against
/// `ln x` (nearly linear in the tails, so tiny `p` converges as fast as
/// central ones), inside a bracket that falls back to bisection whenever a
/// step would leave it. Returns 0 for `p <= 0` (and when the quantile is
/// below the smallest positive `f64`), 1 for `p >= 1`, NaN for NaN or
/// invalid shapes.
pub fn inv_reg_inc_beta(p: f64, a: f64, b: f64) -> f64 {
    if p.is_nan() || !valid_shape(a, b) {
        return f64::NAN;
    }
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    // Only the smaller of p and 1 - p is ever used, and that one is exact.
    let q = 1.0 - p;
    if p <= reg_inc_beta(0.5, a, b) {
        quantile_in_lower_half(QuantileTarget::new(p, q, a, b))
    } else {
        1.0 - quantile_in_lower_half(QuantileTarget::new(q, p, b, a))
    }
}

/// The equation `I_x(a, b) = p` in the form the solver iterates on: the log
/// of `I` against `ln p` when `p <= 1/2`, else the log of `1 - I` against
/// `ln(1 - p)`, so the target is never a rounded complement.
struct QuantileTarget {
    a: f64,
    b: f64,
    ln_beta: f64,
    ln_target: f64,
    complement: bool,
    /// Rough probability for the starting guess.
    p: f64,
}

impl QuantileTarget {
    fn new(p: f64, q: f64, a: f64, b: f64) -> Self {
        let complement = q < p;
        QuantileTarget {
            a,
            b,
            ln_beta: ln_beta(a, b),
            ln_target: if complement { q.ln() } else { p.ln() },
            complement,
            p,
        }
    }

    /// `(h, dh / d ln x)` where `h` is the log-residual at `x`.
    fn residual(&self, x: f64) -> (f64, f64) {
        let (a, b) = (self.a, self.b);
        let ln_g = if self.complement {
            reg_inc_beta_complement(x, a, b).ln()
        } else {
            ln_reg_inc_beta(x, a, b)
        };
        // d ln I / d ln x = x * pdf(x) / I(x), kept in logs to avoid
        // underflow; the complement falls as I rises.
        let ln_x_pdf = a * x.ln() + (b - 1.0) * (-x).ln_1p() - self.ln_beta;
        let slope = (ln_x_pdf - ln_g).exp();
        let slope = if self.complement { -slope } else { slope };
        (ln_g - self.ln_target, slope)
    }

    /// Whether a residual `h` means `x` lies below the root.
    fn below_root(&self, h: f64) -> bool {
        if self.complement {
            h > 0.0
        } else {
            h < 0.0
        }
    }
}

/// Solves a [`QuantileTarget`] whose root is known to lie in `(0, 0.5]`.
fn quantile_in_lower_half(target: QuantileTarget) -> f64 {
    const MAX_ITER: usize = 300;
    let (mut lo, mut hi) = (0.0_f64, 0.5_f64);
    let guess = initial_quantile_guess(target.p, target.a, target.b);
    let mut x = if guess > 0.0 && guess <= 0.5 {
        guess
    } else {
        0.25
    };
    for _ in 0..MAX_ITER {
        let (h, slope) = target.residual(x);
        if h == 0.0 {
            return x;
        }
        if target.below_root(h) {
            lo = x;
        } else {
            hi = x;
        }
        // A zero or subnormal slope would give an infinite step: bisect.
        let newton = if slope.is_normal() {
            x * (-h / slope).exp()
        } else {
            f64::NAN
        };
        if newton == 0.0 && lo == 0.0 {
            // The log residual is almost linear in ln x down here, so a step
            // that underflows means the quantile is below the smallest f64.
            return 0.0;
        }
        let next = if newton > lo && newton < hi {
            newton
        } else {
            bisect(lo, hi)
        };
        if (next - x).abs() <= 4.0 * f64::EPSILON * x || hi - lo <= f64::EPSILON * hi {
            return next;
        }
        x = next;
    }
    x
}

/// Midpoint of the bracket, geometric when the bracket spans orders of
/// magnitude so deep lower tails are reached in few steps.
fn bisect(lo: f64, hi: f64) -> f64 {
    if lo > 0.0 && hi > 4.0 * lo {
        (lo * hi).sqrt()
    } else {
        0.5 * (lo + hi)
    }
}

/// Starting point for the quantile iteration (Numerical Recipes 3rd ed.,
/// `invbetai`): a normal approximation for `a, b >= 1`, else a power-law
/// approximation of each tail.
fn initial_quantile_guess(p: f64, a: f64, b: f64) -> f64 {
    let guess = if a >= 1.0 && b >= 1.0 {
        let t = (-2.0 * p.min(1.0 - p).ln()).sqrt();
        let mut z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t;
        if p < 0.5 {
            z = -z;
        }
        let al = (z * z - 3.0) / 6.0;
        let h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
        let w = z * (al + h).sqrt() / h
            - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h));
        a / (a + b * (2.0 * w).exp())
    } else {
        let (lna, lnb) = ((a / (a + b)).ln(), (b / (a + b)).ln());
        let t = (a * lna).exp() / a;
        let u = (b * lnb).exp() / b;
        let w = t + u;
        if p < t / w {
            (a * w * p).powf(1.0 / a)
        } else {
            1.0 - (b * w * (1.0 - p)).powf(1.0 / b)
        }
    };
    // The approximations can round to the closed endpoints, where the
    // log-space Newton step is undefined.
    if guess > 0.0 && guess < 1.0 {
        guess
    } else {
        0.5
    }
}

/// A Beta(`alpha`, `beta`) distribution over a per-product rate, used as the
/// empirical-Bayes prior and, after [`BetaPrior::posterior`], as a
/// product's posterior. Both parameters must be positive and finite for the
/// methods to return meaningful (non-NaN) values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BetaPrior {
    /// Pseudo-count of successes.
    pub alpha: f64,
    /// Pseudo-count of failures.
    pub beta: f64,
}

impl BetaPrior {
    /// The prior with mean `mean` and concentration `alpha + beta` equal
    /// to `concentration`.
    pub fn from_mean(mean: f64, concentration: f64) -> BetaPrior {
        BetaPrior {
            alpha: mean * concentration,
            beta: (1.0 - mean) * concentration,
        }
    }

    /// Prior mean rate `alpha / (alpha + beta)`.
    pub fn mean(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }

    /// Conjugate update after observing `k` successes in `n` trials:
    /// Beta(`alpha + k`, `beta + n - k`). A `k` larger than `n` is treated
    /// as `k = n` so malformed counts cannot produce a negative parameter.
    pub fn posterior(&self, k: u64, n: u64) -> BetaPrior {
        let k = k.min(n);
        BetaPrior {
            alpha: self.alpha + k as f64,
            beta: self.beta + (n - k) as f64,
        }
    }

    /// Equal-tailed credible interval holding probability `level`, i.e. the
    /// `(1 - level) / 2` and `(1 + level) / 2` quantiles. Returns
    /// `(NaN, NaN)` when `level` is outside `[0, 1]` or the parameters are
    /// invalid.
    pub fn credible_interval(&self, level: f64) -> (f64, f64) {
        if !(0.0..=1.0).contains(&level) {
            return (f64::NAN, f64::NAN);
        }
        let tail = 0.5 * (1.0 - level);
        // 1 - tail is exact because tail <= 1/2, so neither end loses
        // precision before the solver (which handles both tails) sees it.
        let lo = inv_reg_inc_beta(tail, self.alpha, self.beta);
        let hi = inv_reg_inc_beta(1.0 - tail, self.alpha, self.beta);
        (lo, hi)
    }
}

/// A product's rate after its counts, when a share `contamination` of
/// products stand apart from the prior (their rate could be anything,
/// uniform on 0..1): the mixture of the prior's conjugate posterior and
/// the flat prior's, weighted by how well each explains the counts.
///
/// Under the prior alone an anomaly is shrunk toward the group: 8 of 15
/// comments saying fake, in a group whose products barely differ (a
/// concentration near [`MAX_CONCENTRATION`]), has a posterior rate equal to
/// the group's 4 %, beside a flag that says the product stands apart. Here
/// the prior's component carries almost no weight for such a product, and
/// its own counts speak (53 %); an ordinary product's counts are explained
/// by the prior far better than by an arbitrary rate, and it is shrunk as
/// before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RobustPosterior {
    /// Posterior probability that the product follows the prior.
    pub ordinary: f64,
    /// The prior's conjugate posterior.
    pub inlier: BetaPrior,
    /// The flat prior's posterior, Beta(1 + k, 1 + n - k).
    pub outlier: BetaPrior,
}

impl RobustPosterior {
    /// The posterior after `k` successes in `n` trials (`k` above `n` is
    /// taken as `n`), with `contamination` in `[0, 1]` (clamped; NaN is
    /// taken as 0).
    pub fn new(prior: BetaPrior, k: u64, n: u64, contamination: f64) -> Self {
        let k = k.min(n);
        let contamination = if contamination.is_nan() {
            0.0
        } else {
            contamination.clamp(0.0, 1.0)
        };
        let inlier_ln = (-contamination).ln_1p() + ln_pmf(k, n, prior.alpha, prior.beta);
        let outlier_ln = ln_outlier(contamination, n);
        let ordinary = if contamination <= 0.0 {
            1.0
        } else {
            1.0 / (1.0 + (outlier_ln - inlier_ln).exp())
        };
        RobustPosterior {
            ordinary,
            inlier: prior.posterior(k, n),
            outlier: BetaPrior {
                alpha: 1.0,
                beta: 1.0,
            }
            .posterior(k, n),
        }
    }

    /// Posterior mean rate.
    pub fn mean(&self) -> f64 {
        self.ordinary * self.inlier.mean() + (1.0 - self.ordinary) * self.outlier.mean()
    }

    /// Equal-tailed credible interval holding probability `level` (see
    /// [`BetaPrior::credible_interval`]). Unlike a single beta's, it can
    /// leave the mean out: when the chance that the product stands apart
    /// is below the tail (a 2 % chance of a far higher rate), the mean is
    /// pulled up by a component the interval rightly leaves out.
    pub fn credible_interval(&self, level: f64) -> (f64, f64) {
        if !(0.0..=1.0).contains(&level) {
            return (f64::NAN, f64::NAN);
        }
        let tail = 0.5 * (1.0 - level);
        (self.quantile(tail, false), self.quantile(tail, true))
    }

    /// The rate below which the mixture has probability `p` (above which,
    /// when `upper`), by Newton's method on the mixture's distribution
    /// function from the heavier component's own quantile (usually a step
    /// or two away), inside a bracket that falls back to bisection.
    fn quantile(&self, p: f64, upper: bool) -> f64 {
        const NEGLIGIBLE: f64 = 1e-12;
        // Relative, on the rate and on the probability beyond it.
        const TOLERANCE: f64 = 1e-10;
        const MAX_ITER: usize = 100;
        let w = self.ordinary;
        let components = [(w, self.inlier), (1.0 - w, self.outlier)];
        let heavier = if w >= 0.5 { self.inlier } else { self.outlier };
        let start = if upper {
            inv_reg_inc_beta(1.0 - p, heavier.alpha, heavier.beta)
        } else {
            inv_reg_inc_beta(p, heavier.alpha, heavier.beta)
        };
        let inside = |v: f64| v > 0.0 && v < 1.0;
        if !((NEGLIGIBLE..=1.0 - NEGLIGIBLE).contains(&w) && inside(start)) {
            return start;
        }
        let ln_norm = components.map(|(_, d)| ln_beta(d.alpha, d.beta));
        // Probability below x (above it, when `upper`) minus the target,
        // and the mixture's density at x.
        // At `start` the heavier component's probability is `p` itself.
        let residual = |x: f64| {
            let (mut mass, mut density) = (0.0, 0.0);
            for ((weight, d), ln_b) in components.iter().zip(ln_norm) {
                mass += weight
                    * if x == start && *d == heavier {
                        p
                    } else if upper {
                        reg_inc_beta_complement(x, d.alpha, d.beta)
                    } else {
                        reg_inc_beta(x, d.alpha, d.beta)
                    };
                density += weight
                    * ((d.alpha - 1.0) * x.ln() + (d.beta - 1.0) * (-x).ln_1p() - ln_b).exp();
            }
            (mass - p, density)
        };
        // The residual grows with x below, shrinks with x above.
        let grows = !upper;
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        let mut x = start;
        for _ in 0..MAX_ITER {
            let (r, density) = residual(x);
            if r.abs() <= TOLERANCE * p {
                return x;
            }
            if (r > 0.0) == grows {
                hi = x;
            } else {
                lo = x;
            }
            let step = if grows { r / density } else { -r / density };
            let mut next = x - step;
            if !(next > lo && next < hi) {
                // Geometric where the bracket spans orders of magnitude:
                // a quantile can sit near the smallest positive f64.
                next = bisect(lo.max(start.min(x) * 1e-3), hi);
                if !(next > lo && next < hi) {
                    next = 0.5 * (lo + hi);
                }
            }
            if (next - x).abs() <= TOLERANCE * x || hi - lo <= TOLERANCE * hi {
                return next;
            }
            x = next;
        }
        x
    }
}

/// Log probability of a count out of `n` under the outlier component of
/// the contaminated model (share `contamination`, uniform rate): every
/// count from 0 to `n` is equally likely. Shared by [`fit_contaminated`]
/// and [`RobustPosterior`], which must weigh outliers alike.
fn ln_outlier(contamination: f64, n: u64) -> f64 {
    contamination.ln() - ((n + 1) as f64).ln()
}

/// Log pmf of the beta-binomial distribution BetaBin(`n`, `a`, `b`) at `k`:
/// `ln C(n, k) + ln B(k + a, n - k + b) - ln B(a, b)`. Returns `-inf` for
/// `k > n` and NaN for invalid shapes.
pub fn ln_pmf(k: u64, n: u64, a: f64, b: f64) -> f64 {
    if !valid_shape(a, b) {
        return f64::NAN;
    }
    if k > n {
        return f64::NEG_INFINITY;
    }
    let (kf, nf) = (k as f64, n as f64);
    ln_choose(n, k) + ln_beta(kf + a, nf - kf + b) - ln_beta(a, b)
}

/// Exact upper tail `P(X >= k)` of BetaBin(`n`, `a`, `b`): the p-value of a
/// product with `k` flagged comments out of `n` under the prior.
///
/// The upper terms are summed directly (never as `1 - cdf`) so tails far
/// below 1e-16 keep their relative accuracy. Successive terms come from the
/// pmf ratio, with rescaling so that starting far below the mode cannot
/// overflow. Summation stops early once terms are below 1e-18 of the sum,
/// but only when `b >= 1`: then the terms can no longer grow once they start
/// falling, whereas for `b < 1` the pmf can rise again towards `k = n` and
/// all `n - k + 1` terms are summed (O(n - k) work; ~1 ms for n = 1e5).
/// When `k` is the smaller side, the tail is one minus the lower tail
/// instead, `k` terms at most, where that keeps its relative accuracy: the
/// lower sum drifts by about 5e-16 per term, so a tail above 1e-3 (1e-6
/// for `b < 1`, whose direct sum is the whole of `n - k`) loses at most
/// about 1e-7 (1e-5) of itself. Where the direct sum would be longer than
/// [`DIRECT_AT_MOST`] terms (a product sold 1e14 times with one comment),
/// the complement is taken however small: its error is then about 1e-15
/// absolute (the cancellation in `ln_pmf` for a tiny `a`), a few percent
/// of a tail of 1e-13 and the same verdict, where the direct sum took
/// minutes (2^53 sales: days); a tail below 1.1e-16 reads as 1.1e-16.
/// Returns 1 for `k = 0`, 0 for `k > n`, NaN for invalid shapes.
pub fn upper_tail(k: u64, n: u64, a: f64, b: f64) -> f64 {
    if !valid_shape(a, b) {
        return f64::NAN;
    }
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    // With b < 1 all n - k + 1 terms are summed (see above), and with
    // b >= 1 every term from k up to the mode is: a product with a billion
    // sales and a few comments would take seconds, 2^53 sales days.
    if n - k > COMPLEMENT_ABOVE && k - 1 < n - k {
        let lower = lower_tail(k - 1, n, a, b);
        if n - k > DIRECT_AT_MOST {
            // Too many terms to sum: the complement, whatever its
            // accuracy, and a tail it cannot tell from zero as the
            // smallest it could tell (an upper bound: never a false flag).
            return (1.0 - lower).max(f64::EPSILON / 2.0);
        }
        let smallest = if b < 1.0 { 1e-6 } else { 1e-3 };
        if 1.0 - lower > smallest {
            return 1.0 - lower;
        }
    }
    summed_upper_tail(k, n, a, b)
}

/// Terms of a direct sum above which [`upper_tail`] takes the complement
/// whatever the tail (~30 ms of summing).
const DIRECT_AT_MOST: u64 = 10_000_000;

/// `P(X >= k)` summed term by term from `k` (see [`upper_tail`]).
fn summed_upper_tail(k: u64, n: u64, a: f64, b: f64) -> f64 {
    let (ln_scale, sum) = scaled_upper_sum(k, n, a, b);
    (ln_pmf(k, n, a, b) + ln_scale + sum.ln()).exp().min(1.0)
}

/// Terms above which [`upper_tail`] tries the complement of the lower tail
/// first.
const COMPLEMENT_ABOVE: u64 = 10_000;

/// Exact lower tail `P(X <= k)` of BetaBin(`n`, `a`, `b`), through the
/// mirror image: `n - X` is BetaBin(`n`, `b`, `a`), so this is the upper
/// tail from `n - k` of that, `k + 1` terms at most. Returns 1 for
/// `k >= n`, NaN for invalid shapes.
pub fn lower_tail(k: u64, n: u64, a: f64, b: f64) -> f64 {
    if !valid_shape(a, b) {
        return f64::NAN;
    }
    if k >= n {
        return 1.0;
    }
    upper_tail(n - k, n, b, a)
}

/// `sum_{j >= k} pmf(j) / pmf(k)` as `(ln of a scale factor, scaled sum)`.
fn scaled_upper_sum(k: u64, n: u64, a: f64, b: f64) -> (f64, f64) {
    const RESCALE: f64 = 1e200;
    const NEGLIGIBLE: f64 = 1e-18;
    let can_stop_early = b >= 1.0;
    let nf = n as f64;
    let (mut term, mut sum, mut ln_scale) = (1.0_f64, 1.0_f64, 0.0_f64);
    for j in k..n {
        let jf = j as f64;
        let ratio = (nf - jf) * (jf + a) / ((jf + 1.0) * (nf - jf - 1.0 + b));
        term *= ratio;
        sum += term;
        if term > RESCALE {
            term /= RESCALE;
            sum /= RESCALE;
            ln_scale += RESCALE.ln();
        }
        if can_stop_early && ratio < 1.0 && term < sum * NEGLIGIBLE {
            break;
        }
    }
    (ln_scale, sum)
}

/// Which estimator produced a [`FitResult`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FitMethod {
    /// Closed-form method of moments; used alone when the likelihood cannot
    /// improve on it (degenerate data, see [`fit_beta_binomial`]).
    Moments,
    /// Beta-binomial maximum likelihood, started from the moments estimate.
    MaximumLikelihood,
}

/// Outcome of [`fit_beta_binomial`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitResult {
    /// Fitted prior pseudo-successes.
    pub alpha: f64,
    /// Fitted prior pseudo-failures.
    pub beta: f64,
    /// Estimator that produced `alpha` and `beta`.
    pub method: FitMethod,
    /// Number of products that entered the fit (those with `n > 0`).
    pub products_used: usize,
    /// Beta-binomial log-likelihood of the used products at the fitted
    /// prior, including the binomial coefficients.
    pub log_likelihood: f64,
    /// True when `alpha + beta` sits at [`MAX_CONCENTRATION`] or
    /// [`MIN_CONCENTRATION`]: the data did not pin the concentration down.
    pub concentration_capped: bool,
}

impl FitResult {
    /// The fitted prior.
    pub fn prior(&self) -> BetaPrior {
        BetaPrior {
            alpha: self.alpha,
            beta: self.beta,
        }
    }
}

/// Why [`fit_beta_binomial`] could not produce a prior.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FitError {
    /// A product reports more successes than trials.
    #[error("product {index} has more successes ({k}) than trials ({n})")]
    SuccessesExceedTrials {
        /// Position of the offending pair in the input slice.
        index: usize,
        /// Its successes.
        k: u64,
        /// Its trials.
        n: u64,
    },
    /// Fewer than two products have any trials, so between-product spread
    /// is unobservable.
    #[error("need at least 2 products with trials > 0 to fit a prior, got {usable}")]
    TooFewProducts {
        /// Products with `n > 0`.
        usable: usize,
    },
}

/// Identical `(k, n)` observations collapsed into one weighted row: count
/// data repeat heavily, and each likelihood evaluation costs a few
/// log-gammas per distinct row.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Group {
    k: u64,
    n: u64,
    count: f64,
}

/// Empirical-Bayes fit of a Beta prior to per-product `(successes k,
/// trials n)` pairs under the beta-binomial model.
///
/// 1. Products with `n = 0` carry no information and are ignored.
/// 2. Start from the weighted method of moments (Kleinman 1973): the pooled
///    rate `mu = sum k / sum n`, and an intra-class correlation
///    `rho = 1 / (alpha + beta + 1)` obtained by removing the expected
///    binomial variance from the `n`-weighted variance of `k / n`.
/// 3. Refine by maximising the beta-binomial likelihood with Nelder–Mead
///    over `(logit mu, ln(alpha + beta))`; keep whichever of the two
///    estimates has the higher likelihood.
///
/// The concentration `alpha + beta` is kept within
/// `[MIN_CONCENTRATION, MAX_CONCENTRATION]`; `concentration_capped` says
/// when a bound was hit. With no overdispersion (all rates equal, or less
/// spread than binomial noise) the likelihood optimum is at infinite
/// concentration, so the fit lands on `MAX_CONCENTRATION`: a near point
/// mass at the pooled rate, i.e. (nearly) plain binomial scoring.
///
/// Degenerate data skip the likelihood step and return the moments
/// estimate at `MAX_CONCENTRATION` (capped):
/// * every product has `n = 1` — overdispersion is unidentifiable;
/// * all rates are 0 (or all 1) — the pooled rate would be 0 (or 1) and
///   any later success infinitely surprising, so it is smoothed to
///   `(sum k + 0.5) / (sum n + 1)` (a Jeffreys-style half count).
///
/// Errors if some `k > n` or fewer than two products have `n > 0`.
pub fn fit_beta_binomial(data: &[(u64, u64)]) -> Result<FitResult, FitError> {
    let (groups, used, start) = prepare(data)?;
    let moments = finish_fit(&groups, start, FitMethod::Moments, used);
    if start.degenerate {
        return Ok(moments);
    }
    let mle = maximize_likelihood(&groups, start);
    let mle = finish_fit(&groups, mle, FitMethod::MaximumLikelihood, used);
    // Nelder-Mead cannot do worse than its start in theory, but the two
    // results are evaluated independently, so guard against rounding.
    if mle.log_likelihood >= moments.log_likelihood {
        Ok(mle)
    } else {
        Ok(moments)
    }
}

/// The prior of the products that are not anomalies: `(alpha, beta)` of
/// the beta-binomial component of the mixture `(1 - contamination) *
/// BetaBin(n, alpha, beta) + contamination * Uniform{0..=n}`, fitted by
/// maximum likelihood to per-product `(successes, trials)` pairs.
///
/// Under the plain beta-binomial of [`fit_beta_binomial`], one blatant
/// anomaly among a few dozen alike products (6 of 9 comments fake among
/// products at 4 %) is best explained as spread between products: the fit
/// widens until the anomaly looks ordinary. The uniform component explains
/// such a product at a fixed cost (`ln(contamination / (n + 1))`) instead,
/// so the spread stays what the other products show. A product the
/// beta-binomial explains better than that costs the mixture almost
/// nothing, so a group whose products genuinely spread out keeps its
/// spread. The likelihood then has two peaks (spread, or alike products and
/// an outlier): a grid over the concentration at the pooled rate finds the
/// higher one, which Nelder–Mead refines. The beta-binomial component is
/// kept from piling up at a rate of 1 (`beta >= 1`): with one product whose
/// every comment is a contradiction among products with none, a prior
/// where some products are wholly fake explains it about as well as an
/// outlier does, and no marketplace's normal product is wholly fake.
///
/// Degenerate data (see [`fit_beta_binomial`]) return the moments
/// estimate. Errors as [`fit_beta_binomial`] does.
pub fn fit_contaminated(data: &[(u64, u64)], contamination: f64) -> Result<(f64, f64), FitError> {
    let (groups, _, start) = prepare(data)?;
    let shape = |mu: f64, conc: f64| (mu * conc, (1.0 - mu) * conc);
    if start.degenerate {
        return Ok(shape(start.mu, start.concentration));
    }
    // Per distinct count: its binomial coefficient and the uniform
    // component's log density, which do not depend on the prior.
    let fixed: Vec<(f64, f64)> = groups
        .iter()
        .map(|g| {
            let outlier = ln_outlier(contamination, g.n);
            (ln_choose(g.n, g.k), outlier)
        })
        .collect();
    let products: f64 = groups.iter().map(|g| g.count).sum();
    let ln_keep = (-contamination).ln_1p();
    // Normal products never pile up at a rate of 1: beta >= 1.
    let shape = |mu: f64, conc: f64| shape(mu, conc.max(1.0 / (1.0 - mu)));
    let objective = |theta: [f64; 2]| {
        let (mu, conc) = from_theta(theta);
        let (a, b) = shape(mu, conc);
        if !valid_shape(a, b) {
            return f64::INFINITY;
        }
        let ln_b0 = ln_beta(a, b);
        let ll: f64 = groups
            .iter()
            .zip(&fixed)
            .map(|(g, &(choose, outlier))| {
                let (k, n) = (g.k as f64, g.n as f64);
                let inlier = ln_keep + choose + ln_beta(k + a, n - k + b) - ln_b0;
                let (hi, lo) = if inlier > outlier {
                    (inlier, outlier)
                } else {
                    (outlier, inlier)
                };
                g.count * (hi + (lo - hi).exp().ln_1p())
            })
            .sum();
        -ll / products
    };
    let (lo, hi) = (MIN_CONCENTRATION.ln(), MAX_CONCENTRATION.ln());
    const GRID: usize = 24;
    let best = (0..=GRID)
        .map(|i| [logit(start.mu), lo + (hi - lo) * i as f64 / GRID as f64])
        .map(|theta| (objective(theta), theta))
        .filter(|(value, _)| *value < f64::INFINITY)
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map_or([logit(start.mu), start.concentration.ln()], |(_, theta)| {
            theta
        });
    let (mu, conc) = from_theta(nelder_mead(objective, best, [0.5, 1.0]));
    Ok(shape(mu, conc))
}

/// What every fit starts from: the distinct counts of `data`, how many
/// products have trials, and the moments estimate. Errors as
/// [`fit_beta_binomial`] does.
fn prepare(data: &[(u64, u64)]) -> Result<(Vec<Group>, usize, Estimate), FitError> {
    let groups = group_observations(data)?;
    let used = data.iter().filter(|&&(_, n)| n > 0).count();
    if used < 2 {
        return Err(FitError::TooFewProducts { usable: used });
    }
    let start = moments_estimate(&groups);
    Ok((groups, used, start))
}

/// Validates the input and collapses repeated `(k, n)` pairs, skipping
/// `n = 0`.
fn group_observations(data: &[(u64, u64)]) -> Result<Vec<Group>, FitError> {
    if let Some((index, &(k, n))) = data.iter().enumerate().find(|(_, &(k, n))| k > n) {
        return Err(FitError::SuccessesExceedTrials { index, k, n });
    }
    let mut pairs: Vec<(u64, u64)> = data.iter().copied().filter(|&(_, n)| n > 0).collect();
    pairs.sort_unstable();
    let mut groups: Vec<Group> = Vec::new();
    for (k, n) in pairs {
        match groups.last_mut() {
            Some(g) if (g.k, g.n) == (k, n) => g.count += 1.0,
            _ => groups.push(Group { k, n, count: 1.0 }),
        }
    }
    Ok(groups)
}

/// The concentration `alpha + beta` shared by several groups of products,
/// each at its own mean: the maximum of the summed beta-binomial
/// likelihood of `groups` (`(mean, (successes, trials) per product)`), by
/// golden-section search over `ln(alpha + beta)` within
/// [`MIN_CONCENTRATION`]..[`MAX_CONCENTRATION`]. The one common spread of a
/// hierarchical model whose groups differ in mean, which groups too small
/// to pin their own spread down can borrow. `None` with fewer than two
/// groups or invalid data.
pub fn fit_shared_concentration(groups: &[(f64, &[(u64, u64)])]) -> Option<f64> {
    if groups.len() < 2 {
        return None;
    }
    let c = shared_ln_concentration(&concentration_kernels(groups)?).exp();
    c.is_finite().then_some(c)
}

/// Each group's concentration, its own pulled towards the one all groups
/// share by how little its own data say (a normal-normal hierarchical
/// model on `ln(alpha + beta)`): groups that genuinely differ in spread
/// keep theirs, the noise in a small group's estimate is shrunk away.
///
/// Each group's own maximum-likelihood `ln c` at its mean comes with the
/// variance its likelihood's curvature gives; the spread of those
/// estimates beyond that variance (DerSimonian and Laird's moment
/// estimator) is the between-group variance `tau^2`; each group gets the
/// posterior mean, precision-weighted between its own and the shared
/// `ln c` of the groups whose own fits say something (the maximum of their
/// summed likelihood, as [`fit_shared_concentration`]). A group whose
/// likelihood is flat or peaks at a bound says nothing of its own and gets
/// the value all groups share; an informative group with no other to pool
/// with keeps its own (widened by a standard deviation, it hid a blatant
/// anomaly: a small category's likelihood is flat enough for that to
/// reach a concentration near 1; calibration showed no false flags saved). The
/// uninformative groups do not move the others' centre:
/// many small categories whose products vary no more than binomial noise
/// (their fits run to [`MAX_CONCENTRATION`]) would otherwise pull it up and
/// give categories of genuinely wide spread a narrow prior, which flags
/// their ordinary products. `None` where [`fit_shared_concentration`] is.
pub fn fit_partially_shared_concentrations(groups: &[(f64, &[(u64, u64)])]) -> Option<Vec<f64>> {
    if groups.len() < 2 {
        return None;
    }
    let grouped = concentration_kernels(groups)?;
    let shared = shared_ln_concentration(&grouped);
    if !shared.is_finite() {
        return None;
    }
    // (own ln c, its variance) per group; infinite variance when the own
    // fit says nothing.
    let (lo, hi) = (MIN_CONCENTRATION.ln(), MAX_CONCENTRATION.ln());
    // Step of the curvature; a fit this close to a bound has none.
    let h = 0.05;
    let own: Vec<(f64, f64)> = grouped
        .iter()
        .map(|g| {
            let y = maximize_ln_concentration(|ln_c| g.at(ln_c));
            if !(y - lo > 2.0 * h && hi - y > 2.0 * h) {
                return (y, f64::INFINITY);
            }
            let curvature = (g.at(y + h) - 2.0 * g.at(y) + g.at(y - h)) / (h * h);
            let variance = if curvature < 0.0 {
                -1.0 / curvature
            } else {
                f64::INFINITY
            };
            (y, variance)
        })
        .collect();
    let says_something = |&(y, v): &(f64, f64)| y.is_finite() && v.is_finite() && v > 0.0;
    let informative: Vec<(f64, f64)> = own.iter().copied().filter(says_something).collect();
    // The centre the informative groups are pulled towards: theirs alone.
    let centre = if informative.len() >= 2 {
        let c = shared_ln_concentration(
            grouped
                .iter()
                .zip(&own)
                .filter(|(_, o)| says_something(o))
                .map(|(k, _)| k),
        );
        if c.is_finite() {
            c
        } else {
            shared
        }
    } else {
        shared
    };
    let tau2 = if informative.len() >= 2 {
        let w: Vec<f64> = informative.iter().map(|&(_, v)| 1.0 / v).collect();
        let sw: f64 = w.iter().sum();
        let mean = informative
            .iter()
            .zip(&w)
            .map(|(&(y, _), w)| w * y)
            .sum::<f64>()
            / sw;
        let q: f64 = informative
            .iter()
            .zip(&w)
            .map(|(&(y, _), w)| w * (y - mean).powi(2))
            .sum();
        let sw2: f64 = w.iter().map(|w| w * w).sum();
        let denominator = sw - sw2 / sw;
        if denominator > 0.0 {
            ((q - (informative.len() as f64 - 1.0)) / denominator).max(0.0)
        } else {
            0.0
        }
    } else {
        0.0
    };
    Some(
        own.iter()
            .map(|&(y, v)| {
                // A fit at the lower bound is no wide spread to keep: with
                // one or two trials a product (Olist's usual) the
                // likelihood hardly depends on the spread, and its maximum
                // lands on a bound by chance.
                let ln_c = if !says_something(&(y, v)) {
                    shared
                } else if informative.len() == 1 {
                    // Nothing to pool with: its own.
                    y
                } else if tau2 > 0.0 {
                    let precision = 1.0 / v + 1.0 / tau2;
                    (y / v + centre / tau2) / precision - precision.sqrt().recip()
                } else {
                    centre
                };
                ln_c.clamp(lo, hi).exp()
            })
            .collect(),
    )
}

/// One group's likelihood kernel as a function of `ln(alpha + beta)` at its
/// mean.
struct ConcentrationKernel {
    mean: f64,
    rows: Vec<Group>,
}

impl ConcentrationKernel {
    fn at(&self, ln_c: f64) -> f64 {
        let c = ln_c.exp();
        kernel_log_likelihood(&self.rows, self.mean * c, (1.0 - self.mean) * c)
    }
}

/// The `ln(alpha + beta)` that maximizes the summed likelihood of `kernels`.
fn shared_ln_concentration<'a>(
    kernels: impl IntoIterator<Item = &'a ConcentrationKernel> + Clone,
) -> f64 {
    maximize_ln_concentration(|ln_c| kernels.clone().into_iter().map(|k| k.at(ln_c)).sum())
}

/// The kernels of `groups` (`(mean, (successes, trials) per product)`);
/// `None` for invalid data. The binomial coefficients do not depend on the
/// concentration: the kernel the two-parameter fit maximizes is enough.
fn concentration_kernels(groups: &[(f64, &[(u64, u64)])]) -> Option<Vec<ConcentrationKernel>> {
    groups
        .iter()
        .map(|(mean, data)| {
            Some(ConcentrationKernel {
                mean: mean.clamp(1e-12, 1.0 - 1e-12),
                rows: group_observations(data).ok()?,
            })
        })
        .collect()
}

/// The `ln(alpha + beta)` that maximizes `log_likelihood`, by golden-section
/// search within [`MIN_CONCENTRATION`]..[`MAX_CONCENTRATION`].
fn maximize_ln_concentration(log_likelihood: impl Fn(f64) -> f64) -> f64 {
    let ratio = 0.5 * (5f64.sqrt() - 1.0);
    let (mut lo, mut hi) = (MIN_CONCENTRATION.ln(), MAX_CONCENTRATION.ln());
    let (mut x1, mut x2) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo));
    let (mut f1, mut f2) = (log_likelihood(x1), log_likelihood(x2));
    // 60 steps shrink the bracket by 0.618^60: far below a relative 1e-9.
    for _ in 0..60 {
        if f1 < f2 {
            (lo, x1, f1) = (x1, x2, f2);
            x2 = lo + ratio * (hi - lo);
            f2 = log_likelihood(x2);
        } else {
            (hi, x2, f2) = (x2, x1, f1);
            x1 = hi - ratio * (hi - lo);
            f1 = log_likelihood(x1);
        }
    }
    0.5 * (lo + hi)
}

/// Prior in the optimizer's coordinates plus whether the data are too
/// degenerate for the likelihood to add anything.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Estimate {
    mu: f64,
    concentration: f64,
    degenerate: bool,
}

/// Kleinman's (1973) `n`-weighted moments estimator. With weights `n_i`,
/// `E[sum n_i (r_i - mu)^2] = mu (1 - mu) [(N - 1) + rho * sum (1 - n_i / W)(n_i - 1)]`
/// where `W = sum n_i`, which is solved for `rho`.
fn moments_estimate(groups: &[Group]) -> Estimate {
    let products: f64 = groups.iter().map(|g| g.count).sum();
    let trials: f64 = groups.iter().map(|g| g.count * g.n as f64).sum();
    let successes: f64 = groups.iter().map(|g| g.count * g.k as f64).sum();
    if successes == 0.0 || successes == trials {
        return Estimate {
            mu: (successes + 0.5) / (trials + 1.0),
            concentration: MAX_CONCENTRATION,
            degenerate: true,
        };
    }
    let mu = successes / trials;
    let spread: f64 = groups
        .iter()
        .map(|g| {
            let (k, n) = (g.k as f64, g.n as f64);
            g.count * n * (k / n - mu).powi(2)
        })
        .sum();
    let design: f64 = groups
        .iter()
        .map(|g| {
            let n = g.n as f64;
            g.count * (1.0 - n / trials) * (n - 1.0)
        })
        .sum();
    if design <= 0.0 {
        // Every product has n = 1: Bernoulli data carry no information on
        // between-product spread.
        return Estimate {
            mu,
            concentration: MAX_CONCENTRATION,
            degenerate: true,
        };
    }
    let rho = (spread / (mu * (1.0 - mu)) - (products - 1.0)) / design;
    Estimate {
        mu,
        concentration: concentration_from_rho(rho),
        degenerate: false,
    }
}

/// `alpha + beta = 1 / rho - 1`, clamped; `rho <= 0` means no detectable
/// overdispersion, i.e. infinite concentration.
fn concentration_from_rho(rho: f64) -> f64 {
    if rho.is_nan() || rho <= 0.0 {
        MAX_CONCENTRATION
    } else {
        (1.0 / rho - 1.0).clamp(MIN_CONCENTRATION, MAX_CONCENTRATION)
    }
}

/// Turns an estimate into a reported fit, scoring it by the full
/// log-likelihood.
fn finish_fit(groups: &[Group], est: Estimate, method: FitMethod, used: usize) -> FitResult {
    let alpha = est.mu * est.concentration;
    let beta = (1.0 - est.mu) * est.concentration;
    let log_likelihood = groups
        .iter()
        .map(|g| g.count * ln_pmf(g.k, g.n, alpha, beta))
        .sum();
    let rel = |bound: f64| (est.concentration - bound).abs() <= 1e-9 * bound;
    FitResult {
        alpha,
        beta,
        method,
        products_used: used,
        log_likelihood,
        concentration_capped: rel(MAX_CONCENTRATION) || rel(MIN_CONCENTRATION),
    }
}

/// Maximum-likelihood refinement of a non-degenerate moments estimate.
fn maximize_likelihood(groups: &[Group], start: Estimate) -> Estimate {
    let products: f64 = groups.iter().map(|g| g.count).sum();
    // Mean per-product negative log-likelihood keeps the optimizer's
    // tolerances independent of the number of products.
    let objective = |theta: [f64; 2]| {
        let (mu, conc) = from_theta(theta);
        -kernel_log_likelihood(groups, mu * conc, (1.0 - mu) * conc) / products
    };
    let theta0 = [logit(start.mu), start.concentration.ln()];
    let theta = nelder_mead(objective, theta0, [0.5, 1.0]);
    let (mu, concentration) = from_theta(theta);
    Estimate {
        mu,
        concentration,
        degenerate: false,
    }
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Optimizer coordinates to `(mu, alpha + beta)`; clamping the
/// concentration makes the objective flat beyond the bounds so the search
/// settles on the bound instead of drifting to infinity.
fn from_theta(theta: [f64; 2]) -> (f64, f64) {
    let mu = 1.0 / (1.0 + (-theta[0]).exp());
    let conc = theta[1]
        .clamp(MIN_CONCENTRATION.ln(), MAX_CONCENTRATION.ln())
        .exp();
    (mu, conc)
}

/// Beta-binomial log-likelihood without the binomial coefficients, which do
/// not depend on the prior.
fn kernel_log_likelihood(groups: &[Group], alpha: f64, beta: f64) -> f64 {
    if !valid_shape(alpha, beta) {
        return f64::NEG_INFINITY;
    }
    let ln_b0 = ln_beta(alpha, beta);
    groups
        .iter()
        .map(|g| {
            let (k, n) = (g.k as f64, g.n as f64);
            g.count * (ln_beta(k + alpha, n - k + beta) - ln_b0)
        })
        .sum()
}

/// Nelder–Mead minimisation in two dimensions, restarted from its own
/// optimum until a restart no longer improves it (a collapsed simplex can
/// otherwise stall on the long, flat ridges of overdispersion likelihoods).
fn nelder_mead<F: Fn([f64; 2]) -> f64>(f: F, start: [f64; 2], step: [f64; 2]) -> [f64; 2] {
    const MAX_RESTARTS: usize = 5;
    let mut best = start;
    let mut best_value = f(start);
    for _ in 0..MAX_RESTARTS {
        let (x, value) = nelder_mead_run(&f, best, step);
        let improved = value < best_value - 1e-15 * best_value.abs().max(1.0);
        if value <= best_value {
            best = x;
            best_value = value;
        }
        if !improved {
            break;
        }
    }
    best
}

/// One Nelder–Mead run with the standard coefficients (reflect 1, expand 2,
/// contract 1/2, shrink 1/2). NaN objective values count as +inf so
/// the simplex retreats from invalid regions.
fn nelder_mead_run<F: Fn([f64; 2]) -> f64>(
    f: &F,
    start: [f64; 2],
    step: [f64; 2],
) -> ([f64; 2], f64) {
    const MAX_ITER: usize = 5000;
    let eval = |x: [f64; 2]| {
        let v = f(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let mut simplex = [
        start,
        [start[0] + step[0], start[1]],
        [start[0], start[1] + step[1]],
    ];
    let mut values = simplex.map(eval);
    for _ in 0..MAX_ITER {
        sort_simplex(&mut simplex, &mut values);
        if simplex_converged(&simplex, &values) {
            break;
        }
        nelder_mead_step(&eval, &mut simplex, &mut values);
    }
    sort_simplex(&mut simplex, &mut values);
    (simplex[0], values[0])
}

fn sort_simplex(simplex: &mut [[f64; 2]; 3], values: &mut [f64; 3]) {
    let mut idx = [0, 1, 2];
    idx.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    *simplex = idx.map(|i| simplex[i]);
    *values = idx.map(|i| values[i]);
}

fn simplex_converged(simplex: &[[f64; 2]; 3], values: &[f64; 3]) -> bool {
    const X_TOL: f64 = 1e-10;
    // Relative; must sit above the rounding noise of the objective (a mean
    // of many log-beta differences, ~1e-14 relative): at 1e-15 a collapsed
    // simplex whose vertices differ only by that noise never converged and
    // ran to MAX_ITER, ~20,000 evaluations instead of ~200.
    const F_TOL: f64 = 1e-12;
    // Vertices within a few ulps of each other cannot move any more, whatever
    // their values: near MAX_CONCENTRATION the log-beta terms cancel from
    // ~1e7 down to ~1 and the noise between such vertices reaches 1e-10.
    const X_COLLAPSED: f64 = 1e-13;
    let f_spread = values[2] - values[0];
    let x_spread = simplex[1..]
        .iter()
        .flat_map(|v| (0..2).map(move |d| (v[d] - simplex[0][d]).abs()))
        .fold(0.0, f64::max);
    x_spread <= X_COLLAPSED || (f_spread <= F_TOL * values[0].abs().max(1.0) && x_spread <= X_TOL)
}

/// Replaces the worst vertex (index 2 of a sorted simplex), or shrinks.
fn nelder_mead_step<E: Fn([f64; 2]) -> f64>(
    eval: &E,
    simplex: &mut [[f64; 2]; 3],
    values: &mut [f64; 3],
) {
    let along = |from: [f64; 2], to: [f64; 2], t: f64| {
        [
            from[0] + t * (to[0] - from[0]),
            from[1] + t * (to[1] - from[1]),
        ]
    };
    let centroid = along(simplex[0], simplex[1], 0.5);
    let worst = simplex[2];
    let reflected = along(centroid, worst, -1.0);
    let fr = eval(reflected);
    let candidate = if fr < values[0] {
        let expanded = along(centroid, worst, -2.0);
        let fe = eval(expanded);
        Some(if fe < fr {
            (expanded, fe)
        } else {
            (reflected, fr)
        })
    } else if fr < values[1] {
        Some((reflected, fr))
    } else {
        let (contracted, threshold) = if fr < values[2] {
            (along(centroid, reflected, 0.5), fr)
        } else {
            (along(centroid, worst, 0.5), values[2])
        };
        let fc = eval(contracted);
        (fc < threshold).then_some((contracted, fc))
    };
    match candidate {
        Some((x, v)) => {
            simplex[2] = x;
            values[2] = v;
        }
        None => {
            for i in 1..3 {
                simplex[i] = along(simplex[0], simplex[i], 0.5);
                values[i] = eval(simplex[i]);
            }
        }
    }
}

/// A simulated category (its comments "fake" at 4 %) of 50 products and
/// one at 6 of 9, as `((successes, trials), products)`: small enough that
/// the anomaly widens a plain fit until it looks ordinary. Shared by the
/// tests of the fits and of the baselines built on them.
#[cfg(test)]
pub(crate) const SMALL_CATEGORY_WITH_AN_OUTLIER: &[((u64, u64), usize)] = &[
    ((0, 3), 1),
    ((0, 5), 3),
    ((0, 6), 1),
    ((0, 7), 2),
    ((0, 8), 7),
    ((0, 9), 9),
    ((0, 10), 3),
    ((0, 11), 2),
    ((0, 12), 2),
    ((0, 13), 3),
    ((0, 14), 2),
    ((0, 21), 1),
    ((1, 3), 1),
    ((1, 4), 1),
    ((1, 5), 2),
    ((1, 7), 1),
    ((1, 8), 1),
    ((1, 9), 2),
    ((1, 10), 1),
    ((1, 12), 1),
    ((1, 16), 1),
    ((1, 17), 1),
    ((2, 5), 1),
    ((2, 18), 1),
    ((6, 9), 1),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::reference::{assert_close, int, num, reference, rows};
    use serde_json::Value;

    #[test]
    fn ln_gamma_matches_scipy() {
        for row in rows(&reference(), "ln_gamma") {
            let x = num(&row, "x");
            // Absolute floor: ln Γ crosses zero at 1 and 2.
            assert_close(ln_gamma(x), num(&row, "v"), 1e-14, 2e-15, &row);
        }
    }

    #[test]
    fn ln_gamma_exact_values() {
        let table = [
            (1.0, 0.0),
            (2.0, 0.0),
            (0.5, 0.5 * PI.ln()),
            (11.0, 3_628_800f64.ln()),
        ];
        for (x, want) in table {
            assert_close(ln_gamma(x), want, 1e-14, 2e-15, &x);
        }
        assert!(ln_gamma(0.0).is_nan() && ln_gamma(-1.5).is_nan() && ln_gamma(f64::NAN).is_nan());
    }

    #[test]
    fn ln_beta_matches_scipy() {
        for row in rows(&reference(), "ln_beta") {
            let (a, b) = (num(&row, "a"), num(&row, "b"));
            assert_close(ln_beta(a, b), num(&row, "v"), 1e-12, 1e-14, &row);
            assert_eq!(ln_beta(a, b), ln_beta(b, a));
        }
    }

    #[test]
    fn reg_inc_beta_matches_scipy() {
        for row in rows(&reference(), "reg_inc_beta") {
            let (x, a, b) = (num(&row, "x"), num(&row, "a"), num(&row, "b"));
            let (v, c) = (num(&row, "v"), num(&row, "c"));
            // Below the normal range both sides are rounding noise.
            let atol = 1e-290;
            assert_close(reg_inc_beta(x, a, b), v, 1e-9, atol, &row);
            assert_close(reg_inc_beta_complement(x, a, b), c, 1e-9, atol, &row);
        }
    }

    #[test]
    fn reg_inc_beta_domain() {
        assert_eq!(inc_beta_pair(0.0, 2.0, 3.0), (0.0, 1.0));
        assert_eq!(inc_beta_pair(-1.0, 2.0, 3.0), (0.0, 1.0));
        assert_eq!(inc_beta_pair(1.0, 2.0, 3.0), (1.0, 0.0));
        for (x, a, b) in [(f64::NAN, 1.0, 1.0), (0.5, 0.0, 1.0), (0.5, 1.0, -2.0)] {
            assert!(reg_inc_beta(x, a, b).is_nan());
        }
        // I_x(1, 1) is the uniform cdf.
        assert_close(reg_inc_beta(0.3, 1.0, 1.0), 0.3, 1e-15, 0.0, &"uniform");
    }

    #[test]
    fn inv_reg_inc_beta_matches_scipy() {
        for row in rows(&reference(), "inv_reg_inc_beta") {
            let (p, a, b) = (num(&row, "p"), num(&row, "a"), num(&row, "b"));
            let x = inv_reg_inc_beta(p, a, b);
            // scipy floors quantiles that underflow at f64::MIN_POSITIVE
            // where we return 0, hence the absolute floor.
            assert_close(x, num(&row, "x"), 1e-9, 1e-300, &row);
        }
    }

    #[test]
    fn inv_reg_inc_beta_round_trips() {
        // Beta(0.003, 3) has its median near 1e-101, far below the 1e-16
        // resolution a solve in 1 - x would have.
        for (a, b) in [
            (0.2, 0.3),
            (2.0, 30.0),
            (7.5, 7.5),
            (1e3, 2.0),
            (0.003, 3.0),
        ] {
            for p in [1e-30, 1e-3, 0.2, 0.5, 0.5001, 0.8, 0.9, 0.999] {
                let x = inv_reg_inc_beta(p, a, b);
                let ctx = format!("a={a} b={b} p={p} x={x}");
                if x == 0.0 {
                    // Underflow is only allowed when the true quantile is
                    // below the smallest positive double.
                    assert!(reg_inc_beta(f64::MIN_POSITIVE, a, b) > p, "{ctx}");
                    continue;
                }
                let back = if p <= 0.5 {
                    reg_inc_beta(x, a, b)
                } else {
                    1.0 - reg_inc_beta_complement(x, a, b)
                };
                assert_close(back, p, 1e-9, 0.0, &ctx);
            }
        }
        // Quantile ~ p^5 here, below the smallest double.
        assert_eq!(inv_reg_inc_beta(1e-200, 0.2, 0.3), 0.0);
        assert_eq!(inv_reg_inc_beta(0.0, 2.0, 3.0), 0.0);
        assert_eq!(inv_reg_inc_beta(1.0, 2.0, 3.0), 1.0);
        assert!(inv_reg_inc_beta(f64::NAN, 2.0, 3.0).is_nan());
        assert!(inv_reg_inc_beta(0.5, 0.0, 3.0).is_nan());
    }

    #[test]
    fn credible_interval_matches_scipy() {
        for row in rows(&reference(), "credible_interval") {
            let prior = BetaPrior {
                alpha: num(&row, "a"),
                beta: num(&row, "b"),
            };
            let (lo, hi) = prior.credible_interval(num(&row, "level"));
            assert_close(lo, num(&row, "lo"), 1e-9, 0.0, &row);
            assert_close(hi, num(&row, "hi"), 1e-9, 0.0, &row);
        }
    }

    #[test]
    fn prior_methods() {
        let prior = BetaPrior {
            alpha: 2.0,
            beta: 30.0,
        };
        assert_eq!(prior.mean(), 2.0 / 32.0);
        let post = prior.posterior(5, 10);
        assert_eq!((post.alpha, post.beta), (7.0, 35.0));
        // k > n is clamped rather than producing beta < prior beta.
        assert_eq!(
            prior.posterior(12, 10),
            BetaPrior {
                alpha: 12.0,
                beta: 30.0
            }
        );
        let (lo, hi) = prior.credible_interval(1.0);
        assert_eq!((lo, hi), (0.0, 1.0));
        let (lo, hi) = prior.credible_interval(1.5);
        assert!(lo.is_nan() && hi.is_nan());
        let json = serde_json::to_string(&prior).expect("serialize");
        let back: BetaPrior = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, prior);
    }

    #[test]
    fn beta_binomial_matches_scipy() {
        for row in rows(&reference(), "beta_binomial") {
            let (k, n) = (int(&row, "k"), int(&row, "n"));
            let (a, b) = (num(&row, "a"), num(&row, "b"));
            let ctx = format!("{row}");
            // Log pmf: relative on the value, with an absolute floor because
            // the three log-beta terms cancel by up to ~1e6 in magnitude.
            assert_close(ln_pmf(k, n, a, b), num(&row, "lpmf"), 1e-10, 1e-9, &ctx);
            assert_close(upper_tail(k, n, a, b), num(&row, "sf"), 1e-6, 1e-290, &ctx);
        }
    }

    #[test]
    fn beta_binomial_edge_cases() {
        assert_eq!(upper_tail(0, 10, 2.0, 3.0), 1.0);
        assert_eq!(upper_tail(11, 10, 2.0, 3.0), 0.0);
        assert!(upper_tail(3, 10, 0.0, 3.0).is_nan());
        assert_eq!(ln_pmf(11, 10, 2.0, 3.0), f64::NEG_INFINITY);
        assert!(ln_pmf(1, 10, 2.0, f64::INFINITY).is_nan());
        // BetaBin(n, 1, 1) is uniform on 0..=n.
        assert_close(upper_tail(7, 9, 1.0, 1.0), 0.3, 1e-13, 0.0, &"uniform");
        // With b < 1 the pmf rises again near n, so no early cut-off.
        let total: f64 = (3..=40).map(|k| ln_pmf(k, 40, 0.4, 0.3).exp()).sum();
        assert_close(upper_tail(3, 40, 0.4, 0.3), total, 1e-12, 0.0, &"U-shape");
    }

    #[test]
    fn a_huge_n_with_b_below_one_takes_the_short_side() {
        // A U-shaped prior (b < 1) and a billion trials: summing the
        // upper terms would take seconds; the complement takes one term.
        let (a, b) = (0.05, 0.5);
        let n = 1_000_000_000;
        let upper = upper_tail(1, n, a, b);
        let zero = ln_pmf(0, n, a, b).exp();
        assert!((upper - (1.0 - zero)).abs() < 1e-12, "{upper} {zero}");
        assert!(upper > 1e-6 && upper < 1.0);
        // Against the full sum where that is still quick.
        for (k, n) in [(1, 20_000), (3, 50_000), (100, 30_000)] {
            let direct = summed_upper_tail(k, n, a, b);
            let got = upper_tail(k, n, a, b);
            assert!(
                (got / direct - 1.0).abs() < 1e-9,
                "{k} {n}: {got} vs {direct}"
            );
        }
    }

    #[test]
    fn a_huge_n_far_below_the_mode_takes_the_short_side() {
        // b >= 1 and k far below the mode: summing up to the mode took
        // seconds for a billion trials, days for 2^53 (a barcode read as a
        // sales count); one minus the k lower terms is also the more
        // accurate (the long sum had drifted to 1 - 3e-9).
        let (a, b) = (8.35, 12.52);
        assert_eq!(upper_tail(6, 1_000_000_006, a, b), 1.0);
        assert_eq!(
            upper_tail(3, 1 << 53, 0.2, 40.0),
            1.0 - lower_tail(2, 1 << 53, 0.2, 40.0)
        );
        assert!(upper_tail(3, 1 << 53, 0.2, 40.0) < 1.0);
        for (k, n, a, b) in [
            (5, 20_000, 1.5, 30.0),
            (40, 50_000, 2.0, 60.0),
            (700, 30_000, 3.0, 90.0),
            // A tail below 1e-3 keeps the direct sum (b >= 1), for its
            // relative accuracy: one minus the lower sum was off by 8e-6
            // of 8e-6 in the first of these.
            (128_603, 1_000_000, 0.05, 50.0),
            (26_640, 100_000, 2.0, 50.0),
        ] {
            let direct = summed_upper_tail(k, n, a, b);
            let got = upper_tail(k, n, a, b);
            assert!(
                (got / direct - 1.0).abs() < 1e-9,
                "{k} {n}: {got} vs {direct}"
            );
        }
        // Beyond any direct sum: one comment on 2^53 sales under a prior
        // expecting almost none (the direct sum would take days); the tail
        // is about a * ln((n + b) / b).
        let (a, b, n) = (2.776_946e-14, 1e6, 1u64 << 53);
        let want = a * ((n as f64 + b) / b).ln();
        let got = upper_tail(1, n, a, b);
        assert!((got / want - 1.0).abs() < 0.01, "{got} vs {want}");
        assert_eq!(upper_tail(1, n, 1e-30, 1e6), f64::EPSILON / 2.0);
        // A tail below 1e-6 keeps the direct sum, for its relative accuracy.
        let (k, n) = (9_000, 20_000);
        assert!(upper_tail(k, n, 1.5, 30.0) < 1e-6);
        assert_eq!(
            upper_tail(k, n, 1.5, 30.0),
            summed_upper_tail(k, n, 1.5, 30.0)
        );
    }

    #[test]
    fn lower_tail_sums_the_pmf_from_zero() {
        for (k, n, a, b) in [
            (0, 10, 2.0, 3.0),
            (3, 10, 2.0, 3.0),
            (9, 10, 0.5, 9.5),
            (2, 40, 0.4, 0.3),
            (0, 1000, 0.05, 0.95),
            (12, 300, 1.5, 28.5),
        ] {
            let total: f64 = (0..=k).map(|j| ln_pmf(j, n, a, b).exp()).sum();
            let ctx = format!("P(X <= {k}) of BetaBin({n}, {a}, {b})");
            assert_close(lower_tail(k, n, a, b), total, 1e-12, 1e-300, &ctx);
        }
        assert_eq!(lower_tail(10, 10, 2.0, 3.0), 1.0);
        assert_eq!(lower_tail(11, 10, 2.0, 3.0), 1.0);
        assert!(lower_tail(3, 10, 2.0, -1.0).is_nan());
        // The two tails overlap in exactly the pmf at k.
        let (k, n, a, b) = (4, 25, 1.2, 18.0);
        let both = lower_tail(k, n, a, b) + upper_tail(k, n, a, b) - ln_pmf(k, n, a, b).exp();
        assert_close(both, 1.0, 1e-12, 0.0, &"tails");
    }

    #[test]
    fn shared_concentration_is_each_groups_own_when_they_agree() {
        // Overdispersed counts (2-22 of 100): the profile likelihood at the
        // group's own fitted mean peaks at its own fitted concentration, so
        // two copies of the group share it.
        let data: Vec<(u64, u64)> = (0..60).map(|i| (2 + (i * 7) % 21, 100)).collect();
        let fit = fit_beta_binomial(&data).expect("fits");
        let mean = fit.alpha / (fit.alpha + fit.beta);
        let own = fit.alpha + fit.beta;
        let shared = fit_shared_concentration(&[(mean, &data), (mean, &data)]).expect("fits");
        assert!((shared / own - 1.0).abs() < 1e-4, "{shared} vs {own}");
        assert!(fit_shared_concentration(&[(mean, &data)]).is_none());
        assert!(fit_shared_concentration(&[(mean, &data), (0.5, &[(3, 2)])]).is_none());
    }

    #[test]
    fn partially_shared_concentrations_follow_real_differences_only() {
        // Alike groups get the shared concentration; a group with a much
        // wider spread keeps most of its own.
        let narrow: Vec<(u64, u64)> = (0..40).map(|i| (4 + 3 * (i % 5), 100)).collect();
        let wide: Vec<(u64, u64)> = (0..40).map(|i| (1 + 8 * (i % 5), 100)).collect();
        let alike = [
            (0.1, narrow.as_slice()),
            (0.1, narrow.as_slice()),
            (0.1, narrow.as_slice()),
        ];
        let shared = fit_shared_concentration(&alike).expect("fits");
        for c in fit_partially_shared_concentrations(&alike).expect("fits") {
            assert!((c / shared - 1.0).abs() < 1e-6, "{c} vs {shared}");
        }
        let mut mixed = vec![(0.1, narrow.as_slice()); 4];
        mixed.extend([(0.17, wide.as_slice()); 4]);
        let c = fit_partially_shared_concentrations(&mixed).expect("fits");
        let shared = fit_shared_concentration(&mixed).expect("fits");
        assert!(
            c[7] < shared / 2.0 && c[0] > 2.0 * c[7],
            "{c:?} vs {shared}"
        );
        assert!(fit_partially_shared_concentrations(&mixed[..1]).is_none());
    }

    /// Products drawn from BetaBin(`n`, `alpha`, `beta`) by a fixed
    /// generator: each product's rate from the beta's quantile function at
    /// an evenly spread probability, then `n` Bernoulli trials at it.
    fn beta_binomial_sample(products: usize, n: u64, alpha: f64, beta: f64) -> Vec<(u64, u64)> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut uniform = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..products)
            .map(|i| {
                let rate = inv_reg_inc_beta((i as f64 + 0.5) / products as f64, alpha, beta);
                ((0..n).filter(|_| uniform() < rate).count() as u64, n)
            })
            .collect()
    }

    #[test]
    fn a_contaminated_fit_lets_an_outlier_stand_apart() {
        // 50 products at about 4 % and one at 6 of 9: the plain fit widens
        // until 6 of 9 is ordinary.
        let data: Vec<(u64, u64)> = SMALL_CATEGORY_WITH_AN_OUTLIER
            .iter()
            .flat_map(|&(pair, count)| std::iter::repeat_n(pair, count))
            .collect();
        let plain = fit_beta_binomial(&data).expect("fits");
        assert!(
            upper_tail(6, 9, plain.alpha, plain.beta) > 1e-3,
            "{plain:?}"
        );
        let (a, b) = fit_contaminated(&data, 0.01).expect("fits");
        assert!(a + b > 100.0, "{a} {b}");
        assert!(upper_tail(6, 9, a, b) < 1e-5, "{a} {b}");
        // The mission's case: one product at 4 of 4 among 59 at 0 of 4. A
        // prior piling up at 0 and 1 explains it as well as an outlier
        // does; no normal product is wholly fake (beta >= 1).
        let mut data = vec![(0, 4); 59];
        data.push((4, 4));
        let plain = fit_beta_binomial(&data).expect("fits");
        assert!(plain.beta < 1.0, "{plain:?}");
        let (a, b) = fit_contaminated(&data, 0.01).expect("fits");
        assert!(b >= 1.0 && upper_tail(4, 4, a, b) < 1e-3, "{a} {b}");
    }

    #[test]
    fn a_robust_posterior_lets_an_anomaly_speak_and_shrinks_the_ordinary() {
        // A group whose products barely differ, at 3.7 % (the Amazon
        // demo's contradiction prior).
        let prior = BetaPrior::from_mean(0.037, MAX_CONCENTRATION);
        let fake = RobustPosterior::new(prior, 8, 15, 0.01);
        assert!(fake.ordinary < 1e-4, "{fake:?}");
        assert!((fake.mean() - 9.0 / 17.0).abs() < 1e-4, "{}", fake.mean());
        let (lo, hi) = fake.credible_interval(0.95);
        assert!(
            lo > 0.25 && hi < 0.8 && lo < fake.mean() && fake.mean() < hi,
            "{lo} {hi}"
        );
        assert!(prior.posterior(8, 15).mean() < 0.04, "the plain posterior");
        let ordinary = RobustPosterior::new(prior, 0, 4, 0.01);
        assert!(ordinary.ordinary > 0.99, "{ordinary:?}");
        let plain = prior.posterior(0, 4).mean();
        assert!(
            (ordinary.mean() / plain - 1.0).abs() < 0.05,
            "{} vs {plain}",
            ordinary.mean()
        );
        // Without contamination it is the conjugate posterior.
        let none = RobustPosterior::new(prior, 8, 15, 0.0);
        assert_eq!(none.mean(), prior.posterior(8, 15).mean());
        assert_eq!(
            none.credible_interval(0.9),
            prior.posterior(8, 15).credible_interval(0.9)
        );
    }

    #[test]
    fn a_robust_posterior_interval_holds_its_probability() {
        // A lower end near the smallest positive f64 (a review's case:
        // halving the bracket stopped at 2^-100, where 74 % lies below).
        let tiny = RobustPosterior::new(BetaPrior::from_mean(0.00776, 0.66), 0, 372_089, 0.01);
        let (lo, hi) = tiny.credible_interval(0.95);
        assert!(lo < 1e-300 && lo <= hi, "{lo} {hi}");
        // Ambiguous cases, where both components weigh.
        for (k, n, mean, conc) in [
            (3, 10, 0.05, 20.0),
            (5, 10, 0.05, 20.0),
            (2, 4, 0.1, 1e6),
            (40, 400, 0.05, 50.0),
        ] {
            let post = RobustPosterior::new(BetaPrior::from_mean(mean, conc), k, n, 0.01);
            assert!(
                post.ordinary > 0.0 && post.ordinary < 1.0,
                "{k}/{n}: {post:?}"
            );
            let cdf = |x: f64| {
                post.ordinary * reg_inc_beta(x, post.inlier.alpha, post.inlier.beta)
                    + (1.0 - post.ordinary) * reg_inc_beta(x, post.outlier.alpha, post.outlier.beta)
            };
            let (lo, hi) = post.credible_interval(0.95);
            assert!((cdf(lo) - 0.025).abs() < 1e-9, "{k}/{n}: {}", cdf(lo));
            assert!((cdf(hi) - 0.975).abs() < 1e-9, "{k}/{n}: {}", cdf(hi));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_robust_posterior_is_a_rate_between_its_components(
            n in 1u64..5_000,
            k_share in 0.0f64..=1.0,
            mean in 1e-4f64..0.999,
            ln_conc in -3.0f64..14.0,
        ) {
            let k = (k_share * n as f64) as u64;
            let post = RobustPosterior::new(BetaPrior::from_mean(mean, ln_conc.exp()), k, n, 0.01);
            let m = post.mean();
            let (lo, hi) = post.credible_interval(0.95);
            proptest::prop_assert!((0.0..=1.0).contains(&post.ordinary));
            proptest::prop_assert!((0.0..=1.0).contains(&m), "{m} {post:?}");
            proptest::prop_assert!(0.0 <= lo && lo <= hi && hi <= 1.0, "{lo} {hi} {post:?}");
            // The mean lies between the components' means.
            let (a, b) = (post.inlier.mean(), post.outlier.mean());
            proptest::prop_assert!(a.min(b) - 1e-12 <= m && m <= a.max(b) + 1e-12);
        }
    }

    #[test]
    fn a_contaminated_fit_keeps_a_genuine_spread() {
        // Heavy-tailed rates (concentration 5, mean 5 %) and a moderate
        // spread (concentration 50): the uniform component has nothing to
        // take, and the spread stays within a factor of two of the plain
        // fit's.
        for (conc, n) in [(5.0, 20), (50.0, 40), (5.0, 200)] {
            let data = beta_binomial_sample(300, n, 0.05 * conc, 0.95 * conc);
            let plain = fit_beta_binomial(&data).expect("fits");
            let (a, b) = fit_contaminated(&data, 0.01).expect("fits");
            let ratio = (a + b) / (plain.alpha + plain.beta);
            assert!(
                (0.5..2.0).contains(&ratio),
                "{conc} {n}: {ratio} ({a}, {b}) {plain:?}"
            );
        }
        // Degenerate and bad data answer as the plain fit does.
        let (a, b) = fit_contaminated(&[(0, 5), (0, 7)], 0.01).expect("fits");
        assert!(a + b >= MAX_CONCENTRATION * 0.99, "{a} {b}");
        assert!(fit_contaminated(&[(1, 5)], 0.01).is_err());
        assert!(fit_contaminated(&[(6, 5), (1, 5)], 0.01).is_err());
    }

    #[test]
    fn huge_concentration_approaches_binomial() {
        // Beta(mu*s, (1-mu)*s) tends to a point mass at mu; at the cap the
        // beta-binomial tail is within O(k^2 / s) of the binomial one.
        let s = MAX_CONCENTRATION;
        let got = upper_tail(5, 10, 0.05 * s, 0.95 * s);
        // mpmath, 40 digits: the shapes are large enough to stress the
        // cancellation in ln_pmf.
        assert_close(got, 6.370064799550313e-5, 1e-9, 0.0, &"mpmath");
        assert_close(got, 652_183_874.0 / 1.024e13, 1e-3, 0.0, &"binomial limit");
    }

    #[test]
    fn moments_match_python_formula() {
        for row in rows(&reference(), "beta_binomial_mle") {
            let data = dataset(&row);
            let groups = group_observations(&data).expect("valid data");
            let est = moments_estimate(&groups);
            let alpha = est.mu * est.concentration;
            let beta = (1.0 - est.mu) * est.concentration;
            assert_close(
                alpha,
                num(&row, "moments_alpha"),
                1e-10,
                0.0,
                &"moments alpha",
            );
            assert_close(beta, num(&row, "moments_beta"), 1e-10, 0.0, &"moments beta");
        }
    }

    fn dataset(row: &Value) -> Vec<(u64, u64)> {
        let ints = |key: &str| -> Vec<u64> {
            row[key]
                .as_array()
                .expect("array")
                .iter()
                .map(|v| v.as_u64().expect("integer"))
                .collect()
        };
        ints("k").into_iter().zip(ints("n")).collect()
    }

    #[test]
    fn mle_matches_scipy_fit() {
        for row in rows(&reference(), "beta_binomial_mle") {
            let data = dataset(&row);
            let fit = fit_beta_binomial(&data).expect("fit succeeds");
            let name = row["name"].as_str().unwrap_or("?");
            assert_eq!(fit.method, FitMethod::MaximumLikelihood, "{name}");
            assert_eq!(fit.products_used, data.len());
            assert!(!fit.concentration_capped);
            // Near the optimum the log-likelihood is quadratic and flat: a
            // 1e-6 relative move in (alpha, beta) changes it by ~1e-11, the
            // level of rounding noise in evaluating it (scipy's own betaln
            // differs from ours by ~1e-10 here). Both optimizers therefore
            // agree to ~1e-6 (observed 6e-7); 1e-5 leaves margin. The
            // maximised log-likelihood itself must agree to 1e-8.
            assert_close(fit.alpha, num(&row, "alpha"), 1e-5, 0.0, &name);
            assert_close(fit.beta, num(&row, "beta"), 1e-5, 0.0, &name);
            assert_close(fit.log_likelihood, num(&row, "loglik"), 1e-10, 1e-8, &name);
        }
    }

    #[test]
    fn fit_rejects_bad_input() {
        let table: &[(&[(u64, u64)], FitError)] = &[
            (&[], FitError::TooFewProducts { usable: 0 }),
            (&[(1, 5)], FitError::TooFewProducts { usable: 1 }),
            (
                &[(1, 5), (0, 0), (0, 0)],
                FitError::TooFewProducts { usable: 1 },
            ),
            (
                &[(1, 5), (6, 5)],
                FitError::SuccessesExceedTrials {
                    index: 1,
                    k: 6,
                    n: 5,
                },
            ),
        ];
        for (data, want) in table {
            assert_eq!(fit_beta_binomial(data).as_ref(), Err(want), "{data:?}");
        }
    }

    #[test]
    fn fit_degenerate_cases_cap_concentration() {
        // (data, expected prior mean, expected method)
        type Case<'a> = (&'a [(u64, u64)], f64, FitMethod);
        let table: &[Case] = &[
            // All zeros: Jeffreys-smoothed pooled rate 0.5 / (30 + 1).
            (&[(0, 10), (0, 20), (0, 0)], 0.5 / 31.0, FitMethod::Moments),
            // All ones.
            (&[(10, 10), (20, 20)], 30.5 / 31.0, FitMethod::Moments),
            // Bernoulli only: spread unidentifiable.
            (&[(1, 1), (0, 1), (0, 1), (1, 1)], 0.5, FitMethod::Moments),
        ];
        for (data, mean, method) in table {
            let fit = fit_beta_binomial(data).expect("degenerate data still fit");
            assert!(fit.concentration_capped, "{data:?}");
            assert_close(fit.alpha + fit.beta, MAX_CONCENTRATION, 1e-12, 0.0, &"conc");
            assert_close(fit.prior().mean(), *mean, 1e-12, 0.0, &"mean");
            assert_eq!(fit.method, *method, "{data:?}");
            assert!(fit.log_likelihood.is_finite());
        }
    }

    #[test]
    fn fit_equal_rates_has_no_overdispersion() {
        let data = [(2, 10), (4, 20), (20, 100), (1, 5), (40, 200)];
        let fit = fit_beta_binomial(&data).expect("fit");
        assert!(fit.concentration_capped);
        assert_close(fit.alpha + fit.beta, MAX_CONCENTRATION, 1e-9, 0.0, &"conc");
        assert_close(fit.prior().mean(), 0.2, 1e-6, 0.0, &"mean");
    }

    #[test]
    fn fit_all_or_nothing_hits_lower_cap() {
        // Each product is all successes or all failures: maximal spread.
        let data = [(10, 10), (0, 10), (20, 20), (0, 30), (5, 5), (0, 5)];
        let fit = fit_beta_binomial(&data).expect("fit");
        assert!(fit.concentration_capped);
        assert!(fit.alpha + fit.beta < 0.01, "{fit:?}");
    }

    #[test]
    fn fit_result_serializes() {
        let fit = fit_beta_binomial(&[(1, 10), (5, 10), (0, 10)]).expect("fit");
        let json = serde_json::to_string(&fit).expect("serialize");
        let back: FitResult = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, fit);
    }
}
