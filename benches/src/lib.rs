//! Shared helpers of the criterion benchmarks: the bundled corpora.

use std::path::PathBuf;

/// The benchmark corpus of `lang` (`fa`, `en` or `pt`): real comments from
/// `fixtures/corpus/<lang>.txt`, one per line.
pub fn corpus(lang: &str) -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/corpus")
        .join(format!("{lang}.txt"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("benchmark corpus {}: {e}", path.display()));
    text.lines().map(str::to_string).collect()
}

/// Total size in bytes of `texts`, for throughput reporting.
pub fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}
