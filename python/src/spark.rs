//! The pieces of the flagging job that `nazar.spark` runs apart: sales read
//! on the driver, comments folded into partial stats on each partition,
//! partials merged and scored on the driver.
//!
//! A partial is JSON (the serialized [`StatsTable`] plus the counts the
//! summary needs): exact for every field (the table holds no floats),
//! deterministic (entries sorted by key), and readable when a job has to be
//! debugged. Merging is [`StatsTable::merge`], a commutative monoid, so the
//! result does not depend on how Spark partitioned the comments or in
//! which order the partials arrive.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use nazar::anomaly::{
    aggregate_comments, read_sales, score_table, CommentReader, PeriodIndex, SalesData, SalesReader,
};
use nazar::stats::product::StatsTable;

use crate::error::to_py;
use crate::flag::{aggregate_options, tagger_or_default, PyFlagReport};
use crate::parallel::with_threads;
use crate::tag::PyTagger;

/// What one partition (or a merge of several) contributes to the job.
#[derive(Default, Serialize, Deserialize)]
struct Partial {
    comments: u64,
    period_guessed: u64,
    table: StatsTable,
}

impl Partial {
    fn from_bytes(bytes: &[u8]) -> PyResult<Self> {
        serde_json::from_slice(bytes)
            .map_err(|e| PyValueError::new_err(format!("not a nazar partial stats table: {e}")))
    }

    fn to_bytes(&self) -> PyResult<Vec<u8>> {
        serde_json::to_vec(self).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn merge(&mut self, other: Partial) {
        self.comments += other.comments;
        self.period_guessed += other.period_guessed;
        self.table.merge(other.table);
    }
}

/// The periods each product was sold in, as the workers need them to place
/// comments; pickles as its JSON.
#[pyclass(name = "_Periods", module = "nazar._nazar", frozen)]
pub struct PyPeriods {
    inner: PeriodIndex,
}

#[pymethods]
impl PyPeriods {
    #[staticmethod]
    fn from_bytes(bytes: &[u8]) -> PyResult<Self> {
        let inner = serde_json::from_slice(bytes)
            .map_err(|e| PyValueError::new_err(format!("not a nazar period index: {e}")))?;
        Ok(PyPeriods { inner })
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes =
            serde_json::to_vec(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let from = py
            .import("nazar._nazar")?
            .getattr("_Periods")?
            .getattr("from_bytes")?;
        Ok((from, (slf.get().to_bytes(py)?,)))
    }
}

/// The sales table read on the driver: per product (and period), so it is
/// as large as the merged stats the driver holds anyway.
#[pyclass(name = "_Sales", module = "nazar._nazar", frozen)]
pub struct PySales {
    inner: SalesData,
}

#[pymethods]
impl PySales {
    /// Rows read.
    #[getter]
    fn rows(&self) -> u64 {
        self.inner.rows
    }

    /// The period index, or `None` when no product has a period (every
    /// comment then lands under "no period" and workers need nothing).
    fn periods(&self) -> Option<PyPeriods> {
        (!self.inner.periods.is_empty()).then(|| PyPeriods {
            inner: self.inner.periods.clone(),
        })
    }
}

/// Reads the whole sales table (CSV bytes), validated as `nazar flag` does.
#[pyfunction]
#[pyo3(signature = (sales_csv, name="sales"))]
pub fn _read_sales(py: Python<'_>, sales_csv: Vec<u8>, name: &str) -> PyResult<PySales> {
    let inner = py
        .detach(|| read_sales(SalesReader::new(sales_csv.as_slice(), name)?))
        .map_err(to_py)?;
    Ok(PySales { inner })
}

/// Tags one chunk of comments (CSV bytes) and folds it into partial stats.
/// `row_offset` is the number of comment rows before the chunk (rows and
/// default comment ids are then numbered as in the whole table; see
/// `CommentReader::with_row_offset`); `name` names the chunk in errors.
#[pyfunction]
#[pyo3(signature = (
    comments_csv, periods=None, tagger=None, lang=None, evidence_text=true,
    row_offset=0, name="comments", n_threads=None,
))]
#[allow(clippy::too_many_arguments)]
pub fn _partial_stats<'py>(
    py: Python<'py>,
    comments_csv: Vec<u8>,
    periods: Option<Bound<'py, PyPeriods>>,
    tagger: Option<Bound<'py, PyTagger>>,
    lang: Option<&str>,
    evidence_text: bool,
    row_offset: u64,
    name: &str,
    n_threads: Option<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let tagger = tagger_or_default(&tagger);
    let empty = PeriodIndex::new();
    let periods = periods.as_ref().map_or(&empty, |p| &p.get().inner);
    let options = aggregate_options(lang, evidence_text)?;
    let partial = py
        .detach(|| {
            with_threads(n_threads, || {
                let reader =
                    CommentReader::new(comments_csv.as_slice(), name)?.with_row_offset(row_offset);
                let mut partial = Partial::default();
                let counts =
                    aggregate_comments(reader, &*tagger, periods, &options, &mut partial.table)?;
                partial.comments = counts.comments;
                partial.period_guessed = counts.period_guessed;
                Ok::<_, nazar::Error>(partial)
            })
        })?
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &partial.to_bytes()?))
}

/// Merges partials (the output of `_partial_stats` or of earlier merges).
#[pyfunction]
pub fn _merge_stats<'py>(py: Python<'py>, parts: Vec<Vec<u8>>) -> PyResult<Bound<'py, PyBytes>> {
    let merged = py.detach(|| merge_all(&parts)?.to_bytes())?;
    Ok(PyBytes::new(py, &merged))
}

/// Parses the partials in parallel (parsing is most of the cost), then
/// folds them; the monoid makes the order irrelevant.
fn merge_all(parts: &[Vec<u8>]) -> PyResult<Partial> {
    let parsed: Vec<Partial> = parts
        .par_iter()
        .map(|p| Partial::from_bytes(p))
        .collect::<PyResult<_>>()?;
    let mut acc = Partial::default();
    for p in parsed {
        acc.merge(p);
    }
    Ok(acc)
}

/// Scores partials (merged here, without writing them out again) together
/// with the sales read by `_read_sales`: the same baseline and tests as
/// `nazar flag`.
#[pyfunction]
#[pyo3(signature = (parts, sales=None, fdr=0.05))]
pub fn _score_stats(
    py: Python<'_>,
    parts: Vec<Vec<u8>>,
    sales: Option<Bound<'_, PySales>>,
    fdr: f64,
) -> PyResult<PyFlagReport> {
    let config = crate::flag::flag_config(fdr)?;
    let mut table = sales
        .as_ref()
        .map_or_else(StatsTable::new, |s| s.get().inner.table.clone());
    let report = py.detach(|| {
        let partial = merge_all(&parts)?;
        table.merge(partial.table);
        let mut report = score_table(table, &config).map_err(to_py)?;
        report.summary.comments_period_guessed = partial.period_guessed;
        Ok::<_, PyErr>(report)
    })?;
    Ok(PyFlagReport::new(report))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPeriods>()?;
    m.add_class::<PySales>()?;
    m.add_function(wrap_pyfunction!(_read_sales, m)?)?;
    m.add_function(wrap_pyfunction!(_partial_stats, m)?)?;
    m.add_function(wrap_pyfunction!(_merge_stats, m)?)?;
    m.add_function(wrap_pyfunction!(_score_stats, m)?)?;
    Ok(())
}
