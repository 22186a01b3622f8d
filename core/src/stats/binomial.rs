//! Exact binomial probabilities for "k flagged comments out of n" under a
//! baseline rate `p`: tails that stay accurate far below 1e-16 (they become
//! p-values, so tiny ones must not round to 0), the log pmf, Wilson score
//! intervals for observed rates, and the normal quantiles those intervals
//! need.

use super::beta::{ln_choose, reg_inc_beta, reg_inc_beta_complement};

/// Upper tail `P(X >= k)` for `X ~ Binomial(n, p)`.
///
/// Computed as the regularized incomplete beta `I_p(k, n - k + 1)`, which
/// keeps full relative accuracy for tiny tails (e.g. `upper_tail(5, 10,
/// 0.05) = 6.36898314453125e-5`, `upper_tail(4, 4, 0.05) = 6.25e-6`).
/// Returns 1 for `k = 0`, 0 for `k > n`, NaN if `p` is NaN or outside
/// `[0, 1]`.
pub fn upper_tail(k: u64, n: u64, p: f64) -> f64 {
    if !valid_probability(p) {
        return f64::NAN;
    }
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    reg_inc_beta(p, k as f64, (n - k + 1) as f64)
}

/// Lower tail `P(X <= k)` for `X ~ Binomial(n, p)`, as the directly
/// computed complement `1 - I_p(k + 1, n - k)` so small lower tails are
/// accurate too. Returns 1 for `k >= n`, NaN for invalid `p`.
pub fn lower_tail(k: u64, n: u64, p: f64) -> f64 {
    if !valid_probability(p) {
        return f64::NAN;
    }
    if k >= n {
        return 1.0;
    }
    reg_inc_beta_complement(p, (k + 1) as f64, (n - k) as f64)
}

/// `ln P(X = k)` for `X ~ Binomial(n, p)`. Returns `-inf` for impossible
/// outcomes (`k > n`, or `k > 0` with `p = 0`, or `k < n` with `p = 1`) and
/// NaN for invalid `p`.
pub fn ln_pmf(k: u64, n: u64, p: f64) -> f64 {
    if !valid_probability(p) {
        return f64::NAN;
    }
    if k > n {
        return f64::NEG_INFINITY;
    }
    // Written out so that 0 * ln(0) is 0 at the endpoints p = 0 and p = 1.
    let successes = if k == 0 { 0.0 } else { k as f64 * p.ln() };
    let failures = if k == n {
        0.0
    } else {
        (n - k) as f64 * (-p).ln_1p()
    };
    ln_choose(n, k) + successes + failures
}

fn valid_probability(p: f64) -> bool {
    (0.0..=1.0).contains(&p)
}

/// Wilson score interval for the rate `k / n` with critical value `z`
/// (e.g. `z_for_confidence(0.95)`); agrees with statsmodels'
/// `proportion_confint(method="wilson")`.
///
/// The bounds are the roots of `(1 + z²/n) t² - (2r + z²/n) t + r² = 0`
/// with `r = k / n`. The upper root is summed without cancellation and the
/// lower one is taken from the product of roots, `r² / (1 + z²/n)`, instead
/// of the textbook `centre - half_width`, which cancels for small `k`.
/// `k = 0` gives exactly 0 and `k = n` exactly 1. The sign of `z` is
/// ignored. Returns `(0, 1)` when `n = 0` (no information) and `(NaN, NaN)`
/// when `k > n`.
pub fn wilson_interval(k: u64, n: u64, z: f64) -> (f64, f64) {
    if k > n {
        return (f64::NAN, f64::NAN);
    }
    if n == 0 {
        return (0.0, 1.0);
    }
    let nf = n as f64;
    let z2 = z * z;
    let r = k as f64 / nf;
    let denom = 1.0 + z2 / nf;
    let centre = r + z2 / (2.0 * nf);
    let half = (z2 * (r * (1.0 - r) / nf + z2 / (4.0 * nf * nf))).sqrt();
    let upper = (centre + half) / denom;
    let lower = r * r / (denom * upper);
    // Pin the endpoints: the formulas land on them only up to rounding.
    let lower = if k == 0 { 0.0 } else { lower };
    let upper = if k == n { 1.0 } else { upper };
    (lower, upper)
}

/// Standard normal quantile `Φ⁻¹(p)` by Wichura's AS 241 (PPND16), accurate
/// to about 1e-16 relative across `(0, 1)` — well beyond the 1e-9 an
/// Acklam-style approximation needs refinement to reach. Returns `-inf` /
/// `+inf` at 0 / 1 and NaN outside `[0, 1]`.
pub fn normal_quantile(p: f64) -> f64 {
    if !valid_probability(p) {
        return f64::NAN;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        return q * central_ratio(0.180625 - q * q);
    }
    // The tail branch works with the smaller tail probability; 1 - p is
    // exact for p > 0.5.
    let tail = if q < 0.0 { p } else { 1.0 - p };
    if tail == 0.0 {
        return if q < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let r = (-tail.ln()).sqrt();
    let magnitude = if r <= 5.0 {
        intermediate_ratio(r - 1.6)
    } else {
        far_tail_ratio(r - 5.0)
    };
    if q < 0.0 {
        -magnitude
    } else {
        magnitude
    }
}

/// Evaluates the polynomial with coefficients `c` (lowest degree first).
fn poly(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

/// AS 241 rational approximation for `|p - 0.5| <= 0.425`.
// Coefficients are copied digit for digit from Wichura (1988) so they can be
// checked against the paper; the surplus digits round to the same f64.
#[allow(clippy::excessive_precision)]
fn central_ratio(r: f64) -> f64 {
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        133.141_667_891_784_377_45,
        1_971.590_950_306_551_442_7,
        13_731.693_765_509_461_125,
        45_921.953_931_549_871_457,
        67_265.770_927_008_700_853,
        33_430.575_583_588_128_105,
        2_509.080_928_730_122_672_7,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313_330_701_600_911_252,
        687.187_007_492_057_908_3,
        5_394.196_021_424_751_107_7,
        21_213.794_301_586_595_867,
        39_307.895_800_092_710_61,
        28_729.085_735_721_942_674,
        5_226.495_278_852_854_561,
    ];
    poly(&A, r) / poly(&B, r)
}

/// AS 241 rational approximation for tails down to `exp(-25)`.
// Coefficients are copied digit for digit from Wichura (1988) so they can be
// checked against the paper; the surplus digits round to the same f64.
#[allow(clippy::excessive_precision)]
fn intermediate_ratio(r: f64) -> f64 {
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        0.241_780_725_177_450_611_77,
        0.022_723_844_989_269_184_583_3,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        0.689_767_334_985_100_004_55,
        0.148_103_976_427_480_074_59,
        0.015_198_666_563_616_457_196_6,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    poly(&C, r) / poly(&D, r)
}

/// AS 241 rational approximation for tails below `exp(-25)`.
// Coefficients are copied digit for digit from Wichura (1988) so they can be
// checked against the paper; the surplus digits round to the same f64.
#[allow(clippy::excessive_precision)]
fn far_tail_ratio(r: f64) -> f64 {
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        0.296_560_571_828_504_891_23,
        0.026_532_189_526_576_123_093,
        0.001_242_660_947_388_078_438_6,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599_832_206_555_887_937_69,
        0.136_929_880_922_735_805_31,
        0.014_875_361_290_850_614_852_5,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    poly(&E, r) / poly(&F, r)
}

/// Two-sided critical value `z` with `P(|Z| <= z) = conf`, e.g. 1.959964 for
/// 0.95. Computed from the upper tail `(1 - conf) / 2` so high confidences
/// keep their precision. Returns NaN for `conf` outside `[0, 1]` and `+inf`
/// for `conf = 1`.
pub fn z_for_confidence(conf: f64) -> f64 {
    if !valid_probability(conf) {
        return f64::NAN;
    }
    -normal_quantile(0.5 * (1.0 - conf))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::reference::{assert_close, int, num, reference, rows};

    #[test]
    fn mission_cases_are_exact() {
        // 5+ of 10 at p = 1/20: sum_{j>=5} C(10,j) 19^(10-j) / 20^10.
        let five_of_ten = 652_183_874.0 / 1.024e13;
        assert_close(upper_tail(5, 10, 0.05), five_of_ten, 1e-13, 0.0, &"5 of 10");
        assert_close(upper_tail(4, 4, 0.05), 6.25e-6, 1e-13, 0.0, &"4 of 4");
    }

    #[test]
    fn tails_and_pmf_match_scipy() {
        for row in rows(&reference(), "binomial") {
            let (k, n, p) = (int(&row, "k"), int(&row, "n"), num(&row, "p"));
            // Below 1e-290 the reference itself is subnormal rounding noise.
            let atol = 1e-290;
            assert_close(upper_tail(k, n, p), num(&row, "sf"), 1e-9, atol, &row);
            assert_close(lower_tail(k, n, p), num(&row, "cdf"), 1e-9, atol, &row);
            // ln C(n, k) and k ln p are each up to ~1e6 for n = 1e5 and
            // cancel, hence the absolute floor.
            assert_close(ln_pmf(k, n, p), num(&row, "lpmf"), 1e-12, 1e-9, &row);
        }
    }

    #[test]
    fn tail_edge_cases() {
        let table = [
            // (k, n, p, upper, lower)
            (0, 10, 0.3, 1.0, 0.7_f64.powi(10)),
            (11, 10, 0.3, 0.0, 1.0),
            (3, 10, 0.0, 0.0, 1.0),
            (3, 10, 1.0, 1.0, 0.0),
            (10, 10, 1.0, 1.0, 1.0),
            (0, 0, 0.5, 1.0, 1.0),
        ];
        for (k, n, p, upper, lower) in table {
            assert_close(
                upper_tail(k, n, p),
                upper,
                1e-14,
                0.0,
                &format!("upper {k} {n} {p}"),
            );
            assert_close(
                lower_tail(k, n, p),
                lower,
                1e-14,
                0.0,
                &format!("lower {k} {n} {p}"),
            );
        }
        for p in [f64::NAN, -0.1, 1.5] {
            assert!(upper_tail(1, 2, p).is_nan() && lower_tail(1, 2, p).is_nan());
            assert!(ln_pmf(1, 2, p).is_nan());
        }
    }

    #[test]
    fn ln_pmf_endpoints() {
        assert_eq!(ln_pmf(0, 5, 0.0), 0.0);
        assert_eq!(ln_pmf(5, 5, 1.0), 0.0);
        assert_eq!(ln_pmf(1, 5, 0.0), f64::NEG_INFINITY);
        assert_eq!(ln_pmf(4, 5, 1.0), f64::NEG_INFINITY);
        assert_eq!(ln_pmf(6, 5, 0.5), f64::NEG_INFINITY);
    }

    #[test]
    fn tails_are_complementary() {
        for (n, p) in [(10, 0.05), (37, 0.5), (1000, 0.3)] {
            for k in [1, n / 3, n / 2, n - 1] {
                let sum = upper_tail(k, n, p) + lower_tail(k - 1, n, p);
                assert_close(sum, 1.0, 1e-14, 0.0, &format!("{k} {n} {p}"));
            }
        }
    }

    #[test]
    fn wilson_matches_statsmodels() {
        for row in rows(&reference(), "wilson") {
            let (k, n, z) = (int(&row, "k"), int(&row, "n"), num(&row, "z"));
            let (lo, hi) = wilson_interval(k, n, z);
            // statsmodels uses centre -/+ half width, which leaves ~1e-17
            // residue where the exact bound is 0 or 1.
            assert_close(lo, num(&row, "lo"), 1e-12, 1e-15, &row);
            assert_close(hi, num(&row, "hi"), 1e-12, 1e-15, &row);
            let (lo2, hi2) = wilson_interval(k, n, z_for_confidence(num(&row, "conf")));
            assert_close(lo2, lo, 1e-12, 1e-15, &row);
            assert_close(hi2, hi, 1e-12, 1e-15, &row);
        }
    }

    #[test]
    fn wilson_edge_cases() {
        assert_eq!(wilson_interval(0, 0, 1.96), (0.0, 1.0));
        let (lo, hi) = wilson_interval(3, 2, 1.96);
        assert!(lo.is_nan() && hi.is_nan());
        assert_eq!(wilson_interval(0, 10, 1.96).0, 0.0);
        assert_eq!(wilson_interval(10, 10, 1.96).1, 1.0);
        // z = 0 collapses the interval onto the point estimate.
        let (lo, hi) = wilson_interval(3, 10, 0.0);
        assert_close(lo, 0.3, 1e-15, 0.0, &"z=0 lower");
        assert_close(hi, 0.3, 1e-15, 0.0, &"z=0 upper");
        assert_eq!(wilson_interval(3, 10, -1.96), wilson_interval(3, 10, 1.96));
    }

    #[test]
    fn normal_quantile_matches_scipy() {
        let doc = reference();
        for row in rows(&doc, "normal_quantile") {
            assert_close(
                normal_quantile(num(&row, "p")),
                num(&row, "z"),
                1e-12,
                1e-15,
                &row,
            );
        }
        for row in rows(&doc, "z_for_confidence") {
            assert_close(
                z_for_confidence(num(&row, "conf")),
                num(&row, "z"),
                1e-12,
                0.0,
                &row,
            );
        }
    }

    #[test]
    fn normal_quantile_edges() {
        assert_eq!(normal_quantile(0.5), 0.0);
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(1.1).is_nan() && normal_quantile(f64::NAN).is_nan());
        assert_eq!(z_for_confidence(0.0), 0.0);
        assert_eq!(z_for_confidence(1.0), f64::INFINITY);
        assert!(z_for_confidence(-0.5).is_nan());
        // Dyadic or >= 0.25 so that 1 - p is exact.
        for p in [2f64.powi(-40), 0.0625, 0.25, 0.375, 0.4375] {
            assert_eq!(
                normal_quantile(p),
                -normal_quantile(1.0 - p),
                "symmetry at {p}"
            );
        }
    }
}
