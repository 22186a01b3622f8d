//! Core errors as Python exceptions. Every class subclasses `NazarError`;
//! data errors also subclass `ValueError` so that generic handlers catch them.

use pyo3::exceptions::{PyException, PyOSError, PyValueError};
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

/// Converts a core error into the matching Python exception. A file that
/// cannot be opened raises what `open()` would: the `OSError` subclass of
/// its errno with `filename` set (`FileNotFoundError: [Errno 2] No such
/// file or directory: 'lex.toml'`); another I/O error keeps the file in
/// its message.
pub fn to_py(e: nazar::Error) -> PyErr {
    match e {
        nazar::Error::Lexicon { .. } => LexiconError::new_err(e.to_string()),
        nazar::Error::Input { .. } => InputError::new_err(e.to_string()),
        nazar::Error::Io {
            ref location,
            ref source,
        } => match (&location.file, source.raw_os_error()) {
            (Some(file), Some(errno)) => {
                let text = source.to_string();
                let strerror = text
                    .strip_suffix(&format!(" (os error {errno})"))
                    .unwrap_or(&text)
                    .to_string();
                PyOSError::new_err((errno, strerror, file.display().to_string()))
            }
            _ => PyErr::from(std::io::Error::new(source.kind(), e.to_string())),
        },
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
