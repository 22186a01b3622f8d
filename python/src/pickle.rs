//! Pickling by JSON: a class whose state serde can write pickles as a
//! function of the package that restores it and that state as bytes.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What `__reduce__` gives pickle: the restoring function and the state.
pub type JsonState<'py> = (Bound<'py, PyAny>, (Bound<'py, PyBytes>,));

/// `value` as JSON bytes; `what` names it in the error.
pub fn json_bytes<'py>(
    py: Python<'py>,
    value: &impl Serialize,
    what: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let json = serde_json::to_vec(value)
        .map_err(|e| PyValueError::new_err(format!("cannot pickle {what}: {e}")))?;
    Ok(PyBytes::new(py, &json))
}

/// The package's function `name` (`_normalizer_from_state`, ...).
pub fn restorer<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("nazar")?.getattr(name)
}

/// `__reduce__`'s answer for `value` restored by the package's `restore`.
pub fn json_state<'py>(
    py: Python<'py>,
    value: &impl Serialize,
    restore: &str,
    what: &str,
) -> PyResult<JsonState<'py>> {
    Ok((restorer(py, restore)?, (json_bytes(py, value, what)?,)))
}

/// The value a state of [`json_bytes`] holds.
pub fn from_json<T: DeserializeOwned>(state: &[u8], what: &str) -> PyResult<T> {
    serde_json::from_slice(state)
        .map_err(|e| PyValueError::new_err(format!("bad {what} state: {e}")))
}
