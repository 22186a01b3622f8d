//! The texts of a batch call as Python handed them: a list of `str` (and
//! `None`), or a pyarrow, pandas or polars column read through Arrow. Every
//! batch method reads its argument here and hands its Arrow answer back
//! through [`BatchTexts::answer`], so all of them accept and return the same
//! kinds.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyModule;

use crate::arrow::TextColumn;

/// Where the values live.
enum Source {
    List(Vec<Option<String>>),
    Column(TextColumn),
}

/// A batch argument, read once.
pub struct BatchTexts<'py> {
    texts: Bound<'py, PyAny>,
    frames: Bound<'py, PyModule>,
    /// `list`, `arrow`, `pandas` or `polars` (see `nazar/_frames.py`).
    kind: String,
    source: Source,
}

/// The `TypeError` for a `texts` list that is not all `str` or `None`,
/// naming the first item that is not.
fn not_a_list_of_str(texts: &Bound<'_, PyAny>) -> PyErr {
    let bad = texts.try_iter().ok().and_then(|items| {
        items.enumerate().find_map(|(i, item)| {
            let item = item.ok()?;
            if let Ok(text) = item.cast::<pyo3::types::PyString>() {
                // A str that UTF-8 cannot hold: a lone surrogate, as
                // `open(..., errors="surrogateescape")` leaves for bad bytes.
                return text.to_str().is_err().then(|| {
                    format!(
                        "texts[{i}] is a str with a lone surrogate, which is not valid \
                         Unicode (read with errors=\"surrogateescape\"?)"
                    )
                });
            }
            (!item.is_none()).then(|| {
                let type_name = item
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_else(|_| "?".into());
                format!("texts[{i}] is {type_name}")
            })
        })
    });
    match bad {
        Some(which) => {
            PyTypeError::new_err(format!("texts: expected a list of str (or None); {which}"))
        }
        None => PyTypeError::new_err("texts: expected a list of str (or None)"),
    }
}

impl<'py> BatchTexts<'py> {
    /// Reads the `texts` argument, or raises a `TypeError` naming it.
    pub fn read(texts: &Bound<'py, PyAny>) -> PyResult<Self> {
        let frames = texts.py().import("nazar._frames")?;
        let kind: String = frames.call_method1("kind_of", (texts,))?.extract()?;
        let source = if kind == "list" {
            let values = match texts.extract() {
                Ok(values) => values,
                // `series.tolist()` holds NaN (or pd.NA, NaT) for a missing
                // value: null, as in the Series itself.
                Err(_) => frames
                    .call_method1("missing_as_none", (texts,))?
                    .extract::<Option<Vec<Option<String>>>>()
                    .ok()
                    .flatten()
                    .ok_or_else(|| not_a_list_of_str(texts))?,
            };
            Source::List(values)
        } else {
            let arrow = frames.call_method1("as_arrow", (texts, &kind))?;
            Source::Column(TextColumn::extract(&arrow, "texts")?)
        };
        Ok(BatchTexts {
            texts: texts.clone(),
            frames,
            kind,
            source,
        })
    }

    /// The list's strings when the caller passed a list (answers to a list
    /// are Python objects, not a table).
    pub fn list(&self) -> Option<&[Option<String>]> {
        match &self.source {
            Source::List(values) => Some(values),
            Source::Column(_) => None,
        }
    }

    /// Moves the list's strings out when the caller passed a list (its
    /// answer keeps them), leaving it empty; `None` for a column.
    pub fn take_list(&mut self) -> Option<Vec<Option<String>>> {
        match &mut self.source {
            Source::List(values) => Some(std::mem::take(values)),
            Source::Column(_) => None,
        }
    }

    /// The values in order, nulls as `None`.
    pub fn values(&self) -> Vec<Option<&str>> {
        match &self.source {
            Source::List(values) => values.iter().map(Option::as_deref).collect(),
            Source::Column(column) => column.values(),
        }
    }

    /// The Arrow `table` in the caller's kind, converted by `_frames.<how>`
    /// (`like`, `flat_like`, `column_like`); a list's answer stays Arrow.
    pub fn answer(&self, how: &str, table: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let kind = if self.list().is_some() {
            "arrow"
        } else {
            &self.kind
        };
        self.frames.call_method1(how, (kind, table, &self.texts))
    }
}
