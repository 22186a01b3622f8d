//! `flag_products` for Python: the flagging job over data frames.
//!
//! The frames arrive as CSV bytes (written by `nazar/_flag.py` from pandas,
//! polars or pyarrow) and go through the very readers `nazar flag` uses, so
//! validation, error messages (row and column) and results are identical to
//! the command line's.

use std::borrow::Cow;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use nazar::anomaly::{
    flag_readers, table, AggregateOptions, CommentReader, FlagConfig, FlagReport, SalesReader,
};
use nazar::report::{render_html, ReportOptions};
use nazar::stats::product::EvidenceText;

use crate::error::to_py;
use crate::pickle::{from_json, json_state, JsonState};
use crate::tag::PyTagger;

/// The outcome of the flagging job: every product's verdict, the summary
/// counts and the HTML report.
#[pyclass(name = "_FlagReport", module = "nazar", frozen)]
pub struct PyFlagReport {
    inner: FlagReport,
}

impl PyFlagReport {
    pub fn new(inner: FlagReport) -> Self {
        PyFlagReport { inner }
    }
}

#[pymethods]
impl PyFlagReport {
    /// Output rows (the `nazar flag` columns) as dicts: flagged products,
    /// or every product with ``all=True``, most significant first.
    #[pyo3(signature = (all=false))]
    fn records<'py>(&self, py: Python<'py>, all: bool) -> PyResult<Bound<'py, PyList>> {
        let json = py.import("json")?;
        let list = PyList::empty(py);
        for v in self.inner.verdicts.iter().filter(|v| all || v.flags.any()) {
            // Keys in column order: serde_json keeps an object's order
            // (`preserve_order`), and json.loads makes the dict in it.
            let text = serde_json::Value::Object(table::json_object(v)).to_string();
            list.append(json.call_method1("loads", (text,))?)?;
        }
        Ok(list)
    }

    /// The column names, in output order.
    #[staticmethod]
    fn columns() -> Vec<&'static str> {
        table::COLUMNS.to_vec()
    }

    /// The kind of each column's values, in output order: `"string"`,
    /// `"int"`, `"float"` or `"bool"` (a typed table needs them when there
    /// is no row to infer them from).
    #[staticmethod]
    fn column_kinds() -> Vec<&'static str> {
        table::COLUMNS
            .iter()
            .map(|c| table::column_kind(c))
            .collect()
    }

    /// What was read, tested and flagged, as a dict.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.inner.summary)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// What the reader must know about how far to trust the verdicts (a
    /// baseline fitted on too few products, a comment id seen twice on a
    /// product), one sentence each.
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings()
    }

    /// Pickles as its JSON form, so a `FlagResult` travels to worker
    /// processes, caches and `to_pickle`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<JsonState<'py>> {
        json_state(
            slf.py(),
            &slf.get().inner,
            "_flag_report_from_state",
            "flag report",
        )
    }

    /// The self-contained HTML report (funnel plot, flagged products,
    /// evidence with highlighted spans; all comment text escaped).
    #[pyo3(signature = (title=None))]
    fn html(&self, title: Option<String>) -> String {
        let mut options = ReportOptions::default();
        if let Some(t) = title {
            options.title = t;
        }
        render_html(&self.inner, &options)
    }
}

/// The job's settings with `fdr`; a value out of range is a `ValueError`
/// naming the argument, not an input error in some column.
pub fn flag_config(fdr: f64) -> PyResult<FlagConfig> {
    let config = FlagConfig {
        fdr,
        ..FlagConfig::default()
    };
    match config.validate() {
        Ok(()) => Ok(config),
        Err(nazar::Error::Input { message, .. }) => Err(PyValueError::new_err(message)),
        Err(e) => Err(to_py(e)),
    }
}

/// The caller's tagger, or the default one.
pub fn tagger_or_default<'a>(tagger: &'a Option<Bound<'_, PyTagger>>) -> Cow<'a, nazar::Tagger> {
    match tagger {
        Some(t) => Cow::Borrowed(t.get().inner()),
        None => Cow::Owned(nazar::Tagger::default()),
    }
}

/// How comments are aggregated: the language of every comment (`None`
/// detects) and whether evidence keeps its text.
pub fn aggregate_options(lang: Option<&str>, evidence_text: bool) -> PyResult<AggregateOptions> {
    Ok(AggregateOptions {
        lang: crate::normalize::parse_lang(lang)?,
        evidence_text: if evidence_text {
            EvidenceText::Keep
        } else {
            EvidenceText::Drop
        },
        ..AggregateOptions::default()
    })
}

/// Runs the job on CSV bytes; see `nazar.flag_products` for the arguments.
#[pyfunction]
#[pyo3(signature = (comments_csv, sales_csv=None, fdr=0.05, tagger=None, lang=None, evidence_text=true))]
pub fn _flag_csv(
    py: Python<'_>,
    comments_csv: Vec<u8>,
    sales_csv: Option<Vec<u8>>,
    fdr: f64,
    tagger: Option<Bound<'_, PyTagger>>,
    lang: Option<&str>,
    evidence_text: bool,
) -> PyResult<PyFlagReport> {
    let tagger = tagger_or_default(&tagger);
    let config = flag_config(fdr)?;
    let options = aggregate_options(lang, evidence_text)?;
    let report = py
        .detach(|| {
            // The CSV is the table written out here: its lines mean nothing
            // to the caller, its rows do (counted from 1).
            let comments =
                CommentReader::new(comments_csv.as_slice(), "comments")?.with_row_offset(0);
            let sales = sales_csv
                .as_deref()
                .map(|bytes| SalesReader::new(bytes, "sales").map(|r| r.with_row_offset(0)))
                .transpose()?;
            flag_readers(comments, sales, &*tagger, &options, &config)
        })
        .map_err(to_py)?;
    Ok(PyFlagReport { inner: report })
}

/// Unpickles a `_FlagReport` (see its `__reduce__`).
#[pyfunction]
fn _flag_report_from_state(state: &[u8]) -> PyResult<PyFlagReport> {
    Ok(PyFlagReport {
        inner: from_json(state, "flag report")?,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFlagReport>()?;
    m.add_function(wrap_pyfunction!(_flag_report_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_flag_csv, m)?)?;
    Ok(())
}
