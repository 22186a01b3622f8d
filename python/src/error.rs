//! Core errors as Python exceptions. The classes are defined in Python
//! (`nazar/_errors.py`) so that `InputError` and `LexiconError` subclass
//! both `NazarError` and `ValueError`: generic handlers catch them, and so
//! does `except nazar.NazarError`.

use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;

pyo3::import_exception!(nazar._errors, NazarError);
pyo3::import_exception!(nazar._errors, InputError);
pyo3::import_exception!(nazar._errors, LexiconError);

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
