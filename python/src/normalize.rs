//! `Normalizer` for Python, wrapping [`nazar::Normalizer`].

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use nazar::{Digits, Lang, Normalizer, Options};

use crate::pickle::{from_json, json_state, JsonState};

pub fn parse_lang(lang: Option<&str>) -> PyResult<Option<Lang>> {
    match lang {
        None | Some("auto") => Ok(None),
        Some(code) => code
            .parse()
            .map(Some)
            .map_err(|e| PyValueError::new_err(format!("lang: {e}"))),
    }
}

/// Normalizes Persian, English and Portuguese comments.
///
/// Build once and reuse: ``Normalizer(lang=None, digits="ascii")``.
/// ``normalize(text)`` returns the display form, ``key(text)`` the match
/// key, and ``normalize_full(text)`` a dict with both and the language;
/// ``normalize_batch``, ``key_batch`` and ``detect_lang_batch`` do the same
/// for many texts on all cores.
#[pyclass(name = "Normalizer", module = "nazar", frozen)]
pub struct PyNormalizer {
    pub inner: Normalizer,
}

#[pymethods]
impl PyNormalizer {
    #[new]
    #[pyo3(signature = (lang=None, digits="ascii", fix_zwnj=true, persian_punctuation=true, expand_keys=true, html=true))]
    fn new(
        lang: Option<&str>,
        digits: &str,
        fix_zwnj: bool,
        persian_punctuation: bool,
        expand_keys: bool,
        html: bool,
    ) -> PyResult<Self> {
        let digits: Digits = digits
            .parse()
            .map_err(|e: String| PyValueError::new_err(format!("digits: {e}")))?;
        let opts = Options {
            lang: parse_lang(lang)?,
            digits,
            fix_zwnj,
            persian_punctuation,
            expand_keys,
            html,
            ..Options::default()
        };
        Ok(PyNormalizer {
            inner: Normalizer::from_options(opts),
        })
    }

    /// The display form of ``text``.
    fn normalize(&self, text: &str) -> String {
        self.inner.display(text)
    }

    /// The match key of ``text``.
    fn key(&self, text: &str) -> String {
        self.inner.key(text)
    }

    /// The detected (or fixed) language code of ``text``.
    fn detect_lang(&self, text: &str) -> &'static str {
        self.inner.detect_lang(text).code()
    }

    /// Display form, key and language of ``text`` as a dict.
    fn normalize_full<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
        let n = self.inner.normalize(text);
        let d = PyDict::new(py);
        d.set_item("lang", n.lang().code())?;
        d.set_item("display", n.display())?;
        d.set_item("key", n.key())?;
        Ok(d)
    }

    /// Display forms of many texts, in order, on all cores (at most
    /// ``n_threads``). Answers in kind: a list for a list (``None`` kept), a
    /// pyarrow array for Arrow input, a pandas or polars Series for theirs.
    #[pyo3(signature = (texts, n_threads=None))]
    fn normalize_batch<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.map_batch(texts, n_threads, "display", |n, t| n.display(t))
    }

    /// Match keys of many texts, as ``normalize_batch`` answers.
    #[pyo3(signature = (texts, n_threads=None))]
    fn key_batch<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.map_batch(texts, n_threads, "key", |n, t| n.key(t))
    }

    /// Language codes of many texts, as ``normalize_batch`` answers.
    #[pyo3(signature = (texts, n_threads=None))]
    fn detect_lang_batch<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.map_batch(texts, n_threads, "lang", |n, t| {
            n.detect_lang(t).code().to_string()
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<JsonState<'py>> {
        let options = slf.get().inner.options();
        json_state(slf.py(), options, "_normalizer_from_state", "normalizer")
    }

    fn __repr__(&self) -> String {
        let o = self.inner.options();
        let lang = o.lang.map_or("auto", Lang::code);
        format!(
            "Normalizer(lang={lang:?}, digits={:?})",
            format!("{:?}", o.digits).to_lowercase()
        )
    }
}

impl PyNormalizer {
    /// `f` over every text of a batch on all cores, answered in kind (see
    /// `normalize_batch`); a column named `column` for Arrow and frames.
    fn map_batch<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
        column: &str,
        f: impl Fn(&Normalizer, &str) -> String + Sync,
    ) -> PyResult<Bound<'py, PyAny>> {
        use rayon::prelude::*;
        let py = texts.py();
        let batch = crate::texts::BatchTexts::read(texts)?;
        let values = batch.values();
        let out: Vec<Option<String>> = py.detach(|| {
            crate::parallel::with_threads(n_threads, || {
                values
                    .par_iter()
                    .map(|t| t.map(|t| f(&self.inner, t)))
                    .collect()
            })
        })?;
        if batch.list().is_some() {
            return Ok(out.into_pyobject(py)?.into_any());
        }
        let table = crate::arrow::to_pyarrow(py, crate::arrow::string_batch(column, &out)?)?;
        batch.answer("column_like", table)
    }
}

/// Rebuilds a pickled normalizer from its serialized options.
#[pyfunction]
pub fn _normalizer_from_state(state: &[u8]) -> PyResult<PyNormalizer> {
    let opts: Options = from_json(state, "normalizer")?;
    Ok(PyNormalizer {
        inner: Normalizer::from_options(opts),
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNormalizer>()?;
    m.add_function(wrap_pyfunction!(_normalizer_from_state, m)?)?;
    Ok(())
}
