//! False-discovery-rate control across many simultaneous per-product tests.
//! Scoring thousands of products produces thousands of p-values, so raw
//! p-value thresholds would flag many products by chance alone; this module
//! turns p-values into Benjamini–Hochberg q-values instead.

/// Benjamini–Hochberg (1995) step-up q-values, returned in input order.
///
/// `q[i]` is the smallest FDR level at which hypothesis `i` would be
/// rejected: `min over j with p_(j) >= p_i of p_(j) * m / rank(j)`, capped
/// at 1, which makes the q-values monotone in the p-values. This matches
/// `statsmodels.stats.multitest.multipletests(method="fdr_bh")`.
///
/// NaN p-values (e.g. products that could not be scored) stay NaN in the
/// output and are *not* counted in the number of tests `m`, so missing
/// scores do not dilute the correction for the others. P-values are
/// expected to lie in `[0, 1]`; other finite values pass through the
/// arithmetic unchanged rather than being rejected. An empty input gives an
/// empty output.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let order = sorted_valid_indices(p);
    let m = order.len() as f64;
    let mut q = vec![f64::NAN; p.len()];
    // Walking from the largest p-value down lets a running minimum enforce
    // the step-up monotonicity in one pass.
    let mut running = 1.0_f64;
    for (rank0, &i) in order.iter().enumerate().rev() {
        let rank = (rank0 + 1) as f64;
        // Dividing by rank / m (rather than multiplying by m / rank) matches
        // statsmodels bit for bit in the common case.
        running = running.min(p[i] / (rank / m));
        q[i] = running;
    }
    q
}

/// Indices of the non-NaN entries, ordered by ascending p-value (stable for
/// ties so equal p-values keep their input order).
fn sorted_valid_indices(p: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn reference() -> Value {
        serde_json::from_str(include_str!("../../../fixtures/stats/reference.json"))
            .expect("reference.json is valid JSON")
    }

    fn floats(v: &Value) -> Vec<f64> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|x| x.as_f64().expect("number"))
            .collect()
    }

    #[test]
    fn matches_statsmodels_fdr_bh() {
        let doc = reference();
        let cases = doc["benjamini_hochberg"].as_array().expect("section");
        assert!(!cases.is_empty());
        for case in cases {
            let p = floats(&case["p"]);
            let want = floats(&case["q"]);
            let got = benjamini_hochberg(&p);
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                // Same arithmetic as statsmodels; allow an ulp for summation
                // order in its cumulative minimum.
                assert!(
                    (g - w).abs() <= 1e-12 * w.abs(),
                    "p={p:?}: got {g}, want {w}"
                );
            }
        }
    }

    #[test]
    fn nan_is_preserved_and_not_counted() {
        let with_nan = benjamini_hochberg(&[0.01, f64::NAN, 0.04, 0.03]);
        let without = benjamini_hochberg(&[0.01, 0.04, 0.03]);
        assert!(with_nan[1].is_nan());
        assert_eq!([with_nan[0], with_nan[2], with_nan[3]], without[..]);
    }

    #[test]
    fn edge_cases() {
        let table: &[(&[f64], &[f64])] = &[
            (&[], &[]),
            (&[0.2], &[0.2]),
            (&[1.0, 1.0], &[1.0, 1.0]),
            (&[0.0, 0.5], &[0.0, 0.5]),
            // Step-up: the larger p-value pulls the smaller one's q down.
            (&[0.04, 0.05], &[0.05, 0.05]),
            // Every raw p * m / rank exceeds the largest p, so all collapse to it.
            (&[0.9, 0.8, 0.95], &[0.95, 0.95, 0.95]),
            // Out-of-range input still cannot push a q-value above 1.
            (&[1.5, 0.1], &[1.0, 0.2]),
        ];
        for (p, want) in table {
            assert_eq!(benjamini_hochberg(p), *want, "p={p:?}");
        }
        let all_nan = benjamini_hochberg(&[f64::NAN, f64::NAN]);
        assert!(all_nan.iter().all(|q| q.is_nan()));
    }

    #[test]
    fn q_values_are_monotone_in_p() {
        let p = [0.3, 0.001, 0.02, 0.02, 0.5, 0.049, 0.8];
        let q = benjamini_hochberg(&p);
        for i in 0..p.len() {
            for j in 0..p.len() {
                if p[i] <= p[j] {
                    assert!(
                        q[i] <= q[j],
                        "p[{i}]={} q={} vs p[{j}]={} q={}",
                        p[i],
                        q[i],
                        p[j],
                        q[j]
                    );
                }
                assert!(q[i] >= p[i]);
            }
        }
    }
}
