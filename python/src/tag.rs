//! `Tagger` for Python, wrapping [`nazar::Tagger`], and `Tags`, one
//! comment's result, which renders as HTML in Jupyter.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use rayon::prelude::*;

use nazar::{CommentTags, Lang, Options, Tagger};

use crate::arrow;
use crate::lexicon::PyLexicon;
use crate::parallel::with_threads;
use crate::pickle::{from_json, json_bytes, restorer};
use crate::texts::BatchTexts;

/// What the tagger found in one comment.
///
/// ``lang``, ``label`` (positive, negative, mixed, neutral), ``score`` in
/// [-1, 1], ``matches`` (list of dicts with category, aspect, polarity,
/// contradiction, negated, term, start, end — character offsets into
/// ``text``, so ``text[start:end]`` is the evidence as written).
#[pyclass(name = "Tags", module = "nazar", frozen)]
pub struct PyTags {
    #[pyo3(get)]
    text: String,
    inner: CommentTags,
}

#[pymethods]
impl PyTags {
    /// The language the comment was tagged in: ``"fa"``, ``"en"`` or ``"pt"``.
    #[getter]
    fn lang(&self) -> &'static str {
        self.inner.lang.code()
    }

    /// ``"positive"``, ``"negative"``, ``"mixed"`` or ``"neutral"`` (no match).
    #[getter]
    fn label(&self) -> &'static str {
        self.inner.label.as_str()
    }

    /// From -1 (every match negative) to 1 (every match positive): the
    /// weighted positive matches less the negative ones, over all of them
    /// (a match in the first sentence weighs a quarter more); 0 without
    /// matches.
    #[getter]
    fn score(&self) -> f64 {
        self.inner.score
    }

    /// True when an un-negated contradiction keyword matched.
    #[getter]
    fn contradiction(&self) -> bool {
        self.inner.has_contradiction()
    }

    /// The matches in text order, each a dict: ``category``, ``aspect``,
    /// ``polarity``, ``contradiction``, ``negated``, ``term`` (the lexicon
    /// term or pattern) and ``start``/``end``, character offsets into the
    /// comment as given (``text[start:end]`` is the evidence).
    #[getter]
    fn matches<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for m in &self.inner.matches {
            let d = PyDict::new(py);
            d.set_item("category", &*m.category)?;
            d.set_item("aspect", &*m.aspect)?;
            d.set_item("polarity", m.polarity.as_str())?;
            d.set_item("contradiction", m.contradiction)?;
            d.set_item("negated", m.negated)?;
            d.set_item("term", &*m.term)?;
            d.set_item("start", m.start)?;
            d.set_item("end", m.end)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The result as a plain dict (the same shape as `nazar tag` prints).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("lang", self.lang())?;
        d.set_item("label", self.label())?;
        d.set_item("score", self.score())?;
        d.set_item("matches", self.matches(py)?)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let cats: Vec<&str> = self.inner.matches.iter().map(|m| &*m.category).collect();
        format!(
            "Tags(lang={:?}, label={:?}, score={:.2}, matches={:?})",
            self.lang(),
            self.label(),
            self.score(),
            cats
        )
    }

    /// The comment with its evidence highlighted by polarity (text escaped).
    fn _repr_html_(&self) -> String {
        crate::html::tags_html(&self.text, &self.inner)
    }

    /// Pickles as the text and the result's JSON form.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<ReducedTags<'py>> {
        let (py, me) = (slf.py(), slf.get());
        let state = json_bytes(py, &me.inner, "tags")?;
        Ok((restorer(py, "_tags_from_state")?, (me.text.clone(), state)))
    }
}

/// What `__reduce__` gives pickle: the function that restores a `Tags`
/// and its arguments.
type ReducedTags<'py> = (Bound<'py, PyAny>, (String, Bound<'py, PyBytes>));

/// Unpickles a `Tags` (see its `__reduce__`), checking that every match
/// lies in the text.
#[pyfunction]
fn _tags_from_state(text: String, state: &[u8]) -> PyResult<PyTags> {
    let inner: CommentTags = from_json(state, "tags")?;
    if inner.matches.iter().any(|m| !m.lies_in(&text)) {
        return Err(PyValueError::new_err(
            "bad tags state: a match lies outside the text",
        ));
    }
    Ok(PyTags { text, inner })
}

/// Tags comments with keyword categories; build once, reuse, pickle.
///
/// ``Tagger(lexicon=None, lang=None)`` uses the default lexicons unless a
/// :class:`Lexicon` is given, and detects each comment's language unless
/// ``lang`` fixes it.
#[pyclass(name = "Tagger", module = "nazar", frozen)]
pub struct PyTagger {
    inner: Tagger,
    lexicon: PyLexicon,
    lang: Option<Lang>,
}

impl PyTagger {
    /// The wrapped tagger.
    pub fn inner(&self) -> &Tagger {
        &self.inner
    }

    /// Tags `texts` without the GIL on a bounded pool; `None` stays `None`.
    fn tag_all(
        &self,
        py: Python<'_>,
        texts: Vec<Option<&str>>,
        n_threads: Option<usize>,
    ) -> PyResult<Vec<Option<CommentTags>>> {
        py.detach(|| {
            with_threads(n_threads, || {
                texts
                    .par_iter()
                    .map(|t| t.map(|t| self.inner.tag(t)))
                    .collect()
            })
        })
    }
}

#[pymethods]
impl PyTagger {
    #[new]
    #[pyo3(signature = (lexicon=None, lang=None))]
    fn new(lexicon: Option<Bound<'_, PyLexicon>>, lang: Option<&str>) -> PyResult<Self> {
        let lexicon = lexicon
            .map(|l| l.get().clone())
            .unwrap_or_else(|| PyLexicon {
                inner: nazar::Lexicon::default(),
            });
        let lang = crate::normalize::parse_lang(lang)?;
        let opts = Options {
            lang,
            ..Options::default()
        };
        Ok(PyTagger {
            inner: Tagger::with_options(lexicon.inner.clone(), opts),
            lexicon,
            lang,
        })
    }

    /// Tags one comment.
    fn tag(&self, text: &str) -> PyTags {
        PyTags {
            text: text.to_string(),
            inner: self.inner.tag(text),
        }
    }

    /// Tags many comments on all cores (at most ``n_threads``), in order.
    ///
    /// A ``list`` of ``str`` (``None`` allowed) gives a list of :class:`Tags`
    /// (``None`` for ``None``). A pyarrow Array/ChunkedArray gives a pyarrow
    /// Table, a pandas Series a pandas DataFrame (same index), a polars Series
    /// a polars DataFrame: one row per comment with ``lang``, ``label``,
    /// ``score``, ``contradiction`` and the nested ``matches``; nulls give
    /// rows of nulls.
    #[pyo3(signature = (texts, n_threads=None))]
    fn tag_batch<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = texts.py();
        let mut batch = BatchTexts::read(texts)?;
        let tags = self.tag_all(py, batch.values(), n_threads)?;
        if let Some(list) = batch.take_list() {
            let out: Vec<Option<PyTags>> = list
                .into_iter()
                .zip(tags)
                .map(|(text, inner)| {
                    Some(PyTags {
                        text: text?,
                        inner: inner?,
                    })
                })
                .collect();
            return Ok(out.into_pyobject(py)?.into_any());
        }
        let table = arrow::to_pyarrow(py, arrow::tags_batch(&tags)?)?;
        batch.answer("like", table)
    }

    /// One row per match (``row`` = position of the comment in ``texts``,
    /// the match columns and ``evidence``, the text as written), in the
    /// caller's kind of table (a pyarrow Table for a list).
    #[pyo3(signature = (texts, n_threads=None))]
    fn tag_matches<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = texts.py();
        let batch = BatchTexts::read(texts)?;
        let refs = batch.values();
        let tags = self.tag_all(py, refs.clone(), n_threads)?;
        let table = arrow::to_pyarrow(py, arrow::matches_batch(&refs, &tags)?)?;
        batch.answer("flat_like", table)
    }

    /// The lexicon in use.
    #[getter]
    fn lexicon(&self) -> PyLexicon {
        self.lexicon.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Tagger({}, lang={:?})",
            self.lexicon.describe(),
            self.lang.map_or("auto", Lang::code)
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let py = slf.py();
        let cls = py.import("nazar")?.getattr("Tagger")?;
        let me = slf.get();
        Ok((cls, (me.lexicon.clone(), me.lang.map(Lang::code))))
    }
}

/// What `Tagger.__reduce__` returns: the class and its constructor arguments.
type Reduced<'py> = (Bound<'py, PyAny>, (PyLexicon, Option<&'static str>));

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTags>()?;
    m.add_class::<PyTagger>()?;
    m.add_function(wrap_pyfunction!(_tags_from_state, m)?)?;
    Ok(())
}
