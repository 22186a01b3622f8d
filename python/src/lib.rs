//! Python bindings for nazar, mirroring the core crate module for module:
//! `PyNormalizer` wraps [`nazar::Normalizer`]; core errors become Python
//! exceptions in [`error`].

mod arrow;
mod encode;
mod error;
mod flag;
mod html;
mod lexicon;
mod normalize;
mod parallel;
mod pickle;
mod spark;
mod tag;
mod texts;

use pyo3::prelude::*;

/// The compiled part of the `nazar` Python package.
#[pymodule]
fn _nazar(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    normalize::register(m)?;
    lexicon::register(m)?;
    tag::register(m)?;
    flag::register(m)?;
    encode::register(m)?;
    spark::register(m)?;
    m.add_function(wrap_pyfunction!(parallel::_after_fork_in_child, m)?)?;
    Ok(())
}
