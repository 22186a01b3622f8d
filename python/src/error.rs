//! Core errors as Python exceptions. Every class subclasses `NazarError`;
//! data errors also subclass `ValueError` so that generic handlers catch them.

use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    nazar,
    NazarError,
    PyException,
    "Base class of nazar's errors."
);
pyo3::create_exception!(
    nazar,
    InputError,
    PyValueError,
    "Input data with a bad shape or content."
);
pyo3::create_exception!(
    nazar,
    LexiconError,
    PyValueError,
    "A lexicon that cannot be used."
);

/// Converts a core error into the matching Python exception.
pub fn to_py(e: nazar::Error) -> PyErr {
    match e {
        nazar::Error::Lexicon { .. } => LexiconError::new_err(e.to_string()),
        nazar::Error::Input { .. } => InputError::new_err(e.to_string()),
        nazar::Error::Io { source, .. } => PyErr::from(source),
        other => NazarError::new_err(other.to_string()),
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("NazarError", py.get_type::<NazarError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("LexiconError", py.get_type::<LexiconError>())?;
    Ok(())
}
