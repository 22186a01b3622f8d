//! Bounding the cores a batch call uses: the `n_threads` argument, else the
//! `NAZAR_NUM_THREADS` variable, else every core; and no parallelism at all
//! in a forked child, where rayon's threads do not exist.

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::PyResult;

/// Set in a child process after `fork()`.
static FORKED: AtomicBool = AtomicBool::new(false);

/// Registered with `os.register_at_fork(after_in_child=...)` by the package.
#[pyo3::pyfunction]
pub fn _after_fork_in_child() {
    FORKED.store(true, Ordering::SeqCst);
}

/// The number of threads a batch call should use (`None`: every core). A
/// zero, or a `NAZAR_NUM_THREADS` that is no positive number, is an error
/// rather than quietly every core.
fn threads(n_threads: Option<usize>) -> PyResult<Option<usize>> {
    if FORKED.load(Ordering::SeqCst) {
        return Ok(Some(1));
    }
    match checked(n_threads)? {
        Some(n) => Ok(Some(n)),
        None => match std::env::var("NAZAR_NUM_THREADS") {
            // Set but empty (`NAZAR_NUM_THREADS= cmd`) is unset.
            Err(_) => Ok(None),
            Ok(v) if v.trim().is_empty() => Ok(None),
            Ok(v) => match v.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(PyValueError::new_err(format!(
                    "NAZAR_NUM_THREADS={v:?}: expected a positive number of threads (unset it \
                     for every core)"
                ))),
            },
        },
    }
}

/// `n_threads` as given, or a `ValueError` for zero threads.
pub fn checked(n_threads: Option<usize>) -> PyResult<Option<usize>> {
    match n_threads {
        Some(0) => Err(PyValueError::new_err(
            "n_threads: expected a positive number of threads, or None for every core",
        )),
        n => Ok(n),
    }
}

/// Runs `f` on a pool of the chosen size (the global pool when unbounded).
pub fn with_threads<T: Send>(
    n_threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    match threads(n_threads)? {
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
