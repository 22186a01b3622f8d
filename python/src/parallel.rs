//! Bounding the cores a batch call uses: the `n_threads` argument, else the
//! `NAZAR_NUM_THREADS` variable, else every core; and no parallelism at all
//! in a forked child, where rayon's threads do not exist.

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::exceptions::PyRuntimeError;
use pyo3::PyResult;

/// Set in a child process after `fork()`.
static FORKED: AtomicBool = AtomicBool::new(false);

/// Registered with `os.register_at_fork(after_in_child=...)` by the package.
#[pyo3::pyfunction]
pub fn _after_fork_in_child() {
    FORKED.store(true, Ordering::SeqCst);
}

/// The number of threads a batch call should use.
fn threads(n_threads: Option<usize>) -> Option<usize> {
    if FORKED.load(Ordering::SeqCst) {
        return Some(1);
    }
    n_threads
        .or_else(|| std::env::var("NAZAR_NUM_THREADS").ok()?.trim().parse().ok())
        .filter(|&n| n > 0)
}

/// Runs `f` on a pool of the chosen size (the global pool when unbounded).
pub fn with_threads<T: Send>(
    n_threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    match threads(n_threads) {
        None => Ok(f()),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?;
            Ok(pool.install(f))
        }
    }
}
