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

/// splitmix64: a tiny, well-mixed, seeded generator for synthetic
/// benchmark data (no `rand` dependency, identical on every platform).
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(f64::MIN_POSITIVE);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// A count from an environment variable (underscores allowed), or
/// `default`: lets a quick run scale a benchmark down.
pub fn env_count(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}
