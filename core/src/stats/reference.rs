//! Test helpers: the SciPy reference values in `fixtures/stats/reference.json`
//! and tolerant comparison against them.

use serde_json::Value;

/// The whole reference document.
pub fn reference() -> Value {
    serde_json::from_str(include_str!("../../../fixtures/stats/reference.json"))
        .expect("reference.json is valid JSON")
}

/// The rows of one section; a missing or empty section fails the test.
pub fn rows(doc: &Value, section: &str) -> Vec<Value> {
    let rows = doc[section].as_array().expect("section present").clone();
    assert!(!rows.is_empty(), "section {section} is empty");
    rows
}

pub fn num(row: &Value, key: &str) -> f64 {
    row[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {row}"))
}

pub fn int(row: &Value, key: &str) -> u64 {
    row[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} missing in {row}"))
}

/// Relative error with an absolute floor for values near zero.
pub fn assert_close(got: f64, want: f64, rtol: f64, atol: f64, ctx: &dyn std::fmt::Display) {
    let err = (got - want).abs();
    assert!(
        err <= rtol * want.abs() + atol,
        "{ctx}: got {got:e}, want {want:e}, rel err {:e}",
        err / want.abs()
    );
}
