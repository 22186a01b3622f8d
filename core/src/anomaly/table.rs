//! The flat, one-row-per-product form of a [`Verdict`] that `nazar flag`
//! writes as CSV or JSON Lines.
//!
//! The first fifteen columns are the command-line contract (README,
//! Command line); the rest are extras appended after them so that readers
//! of the contract columns by position keep working. A value that does not
//! apply (the comment rate of a product without sales) is empty in CSV and
//! `null` in JSON. Numbers use the
//! shortest representation that reads back to the same `f64`, switching to
//! exponent notation for very small p-values (`6.368983144531251e-5`).

use serde_json::{Map, Value};

use super::flag::Verdict;
use super::score::RateTest;

/// Every output column, in order.
pub const COLUMNS: &[&str] = &[
    // The contract.
    "product_id",
    "category",
    "sales",
    "comments",
    "comment_rate",
    "expected_rate",
    "comment_p",
    "comment_q",
    "contradiction_comments",
    "contradiction_rate",
    "contradiction_posterior",
    "contradiction_q",
    "flags",
    "direction",
    "evidence",
    // Extras.
    "period",
    "comment_p_binomial",
    "comment_q_binomial",
    "comment_rate_lo",
    "comment_rate_hi",
    "comment_posterior",
    "comment_posterior_lo",
    "comment_posterior_hi",
    "comment_prior",
    "contradiction_expected",
    "contradiction_p",
    "contradiction_p_binomial",
    "contradiction_q_binomial",
    "contradiction_rate_lo",
    "contradiction_rate_hi",
    "contradiction_posterior_lo",
    "contradiction_posterior_hi",
    "contradiction_prior",
    "contradiction_terms",
    "positive",
    "negative",
    "mixed",
    "neutral",
    "empty_comments",
    "ratings",
    "mean_rating",
    "has_sales_row",
];

/// What every non-null value of `column` is: `"string"`, `"int"` (an
/// unsigned count), `"float"` or `"bool"`; so that a typed table (Arrow,
/// polars) has the same schema with no row to infer it from.
pub fn column_kind(column: &str) -> &'static str {
    match column {
        "product_id"
        | "category"
        | "flags"
        | "direction"
        | "evidence"
        | "period"
        | "comment_prior"
        | "contradiction_prior"
        | "contradiction_terms" => "string",
        "sales"
        | "comments"
        | "contradiction_comments"
        | "positive"
        | "negative"
        | "mixed"
        | "neutral"
        | "empty_comments"
        | "ratings" => "int",
        "has_sales_row" => "bool",
        _ => "float",
    }
}

fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn opt<T>(t: Option<&RateTest>, f: impl Fn(&RateTest) -> T) -> Option<T> {
    t.map(f)
}

/// The values of `v`, in [`COLUMNS`] order.
pub fn row_values(v: &Verdict) -> Vec<Value> {
    let s = &v.stats;
    let c = v.comment_rate.as_ref();
    let k = v.contradiction_rate.as_ref();
    let f = |t: Option<&RateTest>, g: fn(&RateTest) -> f64| opt(t, g).map_or(Value::Null, num);
    let text = |x: Option<&str>| x.map_or(Value::Null, |x| Value::String(x.to_string()));
    let join = |items: Vec<&str>| Value::String(items.join(";"));
    let mut terms: Vec<&str> = s
        .contradiction_evidence
        .as_slice()
        .iter()
        .flat_map(|e| {
            e.matches
                .iter()
                .filter(|m| m.contradiction && !m.negated)
                .map(|m| &*m.term)
        })
        .collect();
    terms.sort_unstable();
    terms.dedup();
    vec![
        Value::String(v.key.product.to_string()),
        text(v.category().map(|c| c.as_str())),
        if s.sales_rows > 0 {
            Value::from(s.sales)
        } else {
            Value::Null
        },
        Value::from(s.comments),
        f(c, |t| t.observed),
        f(c, |t| t.expected),
        f(c, |t| t.p),
        f(c, |t| t.q),
        Value::from(s.contradiction_comments),
        f(k, |t| t.observed),
        f(k, |t| t.posterior_mean),
        f(k, |t| t.q),
        Value::String(v.flags.to_string()),
        text(v.direction.map(|d| d.as_str())),
        join(v.evidence_ids().iter().map(|c| c.as_str()).collect()),
        text(v.key.period.as_ref().map(|p| p.as_str())),
        f(c, |t| t.p_binomial),
        f(c, |t| t.q_binomial),
        f(c, |t| t.wilson.lo),
        f(c, |t| t.wilson.hi),
        f(c, |t| t.posterior_mean),
        f(c, |t| t.credible.lo),
        f(c, |t| t.credible.hi),
        text(c.map(|t| t.prior_source.as_str())),
        f(k, |t| t.expected),
        f(k, |t| t.p),
        f(k, |t| t.p_binomial),
        f(k, |t| t.q_binomial),
        f(k, |t| t.wilson.lo),
        f(k, |t| t.wilson.hi),
        f(k, |t| t.credible.lo),
        f(k, |t| t.credible.hi),
        text(k.map(|t| t.prior_source.as_str())),
        join(terms),
        Value::from(s.labels.positive),
        Value::from(s.labels.negative),
        Value::from(s.labels.mixed),
        Value::from(s.labels.neutral),
        Value::from(s.empty_comments),
        Value::from(s.ratings.count),
        s.ratings.mean().map_or(Value::Null, num),
        Value::Bool(s.sales_rows > 0),
    ]
}

/// `v` as one CSV record, in [`COLUMNS`] order.
pub fn csv_record(v: &Verdict) -> Vec<String> {
    row_values(v)
        .into_iter()
        .map(|x| match x {
            Value::Null => String::new(),
            Value::String(s) => s,
            other => other.to_string(),
        })
        .collect()
}

/// `v` as one JSON object keyed by [`COLUMNS`].
pub fn json_object(v: &Verdict) -> Map<String, Value> {
    COLUMNS
        .iter()
        .map(|c| c.to_string())
        .zip(row_values(v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anomaly::flag::{Direction, Flags};
    use crate::anomaly::{GroupPrior, PriorSource};
    use crate::stats::beta::BetaPrior;
    use crate::stats::product::{ProductKey, ProductStats};

    #[test]
    fn contract_columns_come_first() {
        let contract = "product_id, category, sales, comments, comment_rate, expected_rate, \
                        comment_p, comment_q, contradiction_comments, contradiction_rate, \
                        contradiction_posterior, contradiction_q, flags, direction, evidence";
        let want: Vec<&str> = contract.split(", ").collect();
        assert_eq!(&COLUMNS[..want.len()], &want[..]);
        let mut sorted = COLUMNS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), COLUMNS.len(), "no duplicate column");
    }

    #[test]
    fn rows_have_one_value_per_column_and_empty_for_untested() {
        let prior = GroupPrior {
            prior: BetaPrior {
                alpha: 5.0,
                beta: 95.0,
            },
            source: PriorSource::Group,
            products: 40,
            trimmed: 0,
            fit: None,
        };
        let mut t = RateTest::new(5, 10, &prior, 0.95);
        t.q = 1e-7;
        let v = Verdict {
            key: ProductKey::product("p,1"),
            stats: Box::new(ProductStats {
                sales_rows: 1,
                sales: 10,
                comments: 5,
                ..ProductStats::default()
            }),
            comment_rate: Some(t),
            contradiction_rate: None,
            flags: Flags {
                high_comment_rate: true,
                contradiction: false,
            },
            direction: Some(Direction::Unknown),
        };
        let rec = csv_record(&v);
        assert_eq!(rec.len(), COLUMNS.len());
        let get = |name: &str| {
            let i = COLUMNS.iter().position(|c| *c == name).expect("column");
            rec[i].as_str()
        };
        assert_eq!(get("product_id"), "p,1");
        assert_eq!(get("sales"), "10");
        assert_eq!(get("comment_rate"), "0.5");
        assert_eq!(get("comment_q"), "1e-7");
        assert_eq!(get("contradiction_q"), "");
        assert_eq!(get("flags"), "high_comment_rate");
        assert_eq!(get("direction"), "unknown");
        assert_eq!(get("comment_prior"), "group");
        let obj = json_object(&v);
        assert_eq!(obj.len(), COLUMNS.len());
        assert_eq!(obj["contradiction_q"], Value::Null);
        assert_eq!(obj["sales"], Value::from(10));
        assert_eq!(obj["has_sales_row"], Value::Bool(true));

        // Every value is of its column's kind, with both rates tested.
        let both = Verdict {
            contradiction_rate: v.comment_rate.clone(),
            ..v
        };
        for (column, value) in COLUMNS.iter().zip(row_values(&both)) {
            let fits = match column_kind(column) {
                "string" => value.is_string(),
                "int" => value.is_u64(),
                "float" => value.is_f64(),
                "bool" => value.is_boolean(),
                other => panic!("{column}: kind {other}"),
            };
            assert!(fits || value.is_null(), "{column}: {value}");
        }
    }
}
