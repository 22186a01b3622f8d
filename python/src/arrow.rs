//! Arrow in and out: text columns arrive through the Arrow PyCapsule
//! interface (pyarrow, polars, pandas via pyarrow, any other exporter), are
//! read in place (`Utf8`, `LargeUtf8` and `Utf8View`), and answers leave as
//! Arrow record batches. The conversion back to the caller's kind of object
//! happens in `nazar/_frames.py`.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{
    Array, ArrayRef, LargeStringArray, ListArray, RecordBatch, StringArray, StringViewArray,
    StructArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::PyTable;

use nazar::CommentTags;

/// The chunks of a text column, kept alive while their strings are borrowed.
pub struct TextColumn {
    chunks: Vec<ArrayRef>,
}

impl TextColumn {
    /// Reads an Arrow array or stream given as argument `arg`.
    pub fn extract(obj: &Bound<'_, PyAny>, arg: &str) -> PyResult<Self> {
        let any: AnyArray = obj.extract().map_err(|e| {
            PyTypeError::new_err(format!(
                "{arg}: expected a list of str or an Arrow array of strings \
                 (pyarrow, polars, pandas), got {}: {e}",
                obj.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        let chunked = any
            .into_chunked_array()
            .map_err(|e| PyValueError::new_err(format!("{arg}: {e}")))?;
        let (chunks, field) = chunked.into_inner();
        match field.data_type() {
            // An empty or all-missing pandas column arrives as `Null`.
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => {
                Ok(TextColumn { chunks })
            }
            other => Err(PyTypeError::new_err(format!(
                "{arg}: expected strings (Utf8, LargeUtf8 or Utf8View), got Arrow type {other}"
            ))),
        }
    }

    /// The values, nulls as `None`, in order.
    pub fn values(&self) -> Vec<Option<&str>> {
        let mut out = Vec::with_capacity(self.chunks.iter().map(|c| c.len()).sum());
        for chunk in &self.chunks {
            let any = chunk.as_any();
            if let Some(a) = any.downcast_ref::<StringArray>() {
                out.extend(a.iter());
            } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
                out.extend(a.iter());
            } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
                out.extend(a.iter());
            } else {
                out.extend(std::iter::repeat_n(None, chunk.len()));
            }
        }
        out
    }
}

/// Exports a record batch as a pyarrow Table.
pub fn to_pyarrow(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    let schema = batch.schema();
    let table = PyTable::try_new(vec![batch], schema)?;
    table.into_pyarrow(py)
}

fn match_fields() -> Fields {
    Fields::from(vec![
        Field::new("category", DataType::Utf8, false),
        Field::new("aspect", DataType::Utf8, false),
        Field::new("polarity", DataType::Utf8, false),
        Field::new("contradiction", DataType::Boolean, false),
        Field::new("negated", DataType::Boolean, false),
        Field::new("term", DataType::Utf8, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
    ])
}

/// Columns of the matches, one row per match, in comment order.
struct MatchColumns {
    category: StringBuilder,
    aspect: StringBuilder,
    polarity: StringBuilder,
    contradiction: BooleanBuilder,
    negated: BooleanBuilder,
    term: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
}

impl MatchColumns {
    fn new() -> Self {
        MatchColumns {
            category: StringBuilder::new(),
            aspect: StringBuilder::new(),
            polarity: StringBuilder::new(),
            contradiction: BooleanBuilder::new(),
            negated: BooleanBuilder::new(),
            term: StringBuilder::new(),
            start: Int64Builder::new(),
            end: Int64Builder::new(),
        }
    }

    fn push(&mut self, tags: &CommentTags) {
        for m in &tags.matches {
            self.category.append_value(&*m.category);
            self.aspect.append_value(&*m.aspect);
            self.polarity.append_value(m.polarity.as_str());
            self.contradiction.append_value(m.contradiction);
            self.negated.append_value(m.negated);
            self.term.append_value(&*m.term);
            self.start.append_value(m.start as i64);
            self.end.append_value(m.end as i64);
        }
    }

    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.category.finish()),
            Arc::new(self.aspect.finish()),
            Arc::new(self.polarity.finish()),
            Arc::new(self.contradiction.finish()),
            Arc::new(self.negated.finish()),
            Arc::new(self.term.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
        ]
    }
}

fn arrow_err(e: arrow_schema::ArrowError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// One row per comment: lang, label, score, contradiction, categories and
/// the nested matches; a null comment gives a row of nulls.
pub fn tags_batch(tags: &[Option<CommentTags>]) -> PyResult<RecordBatch> {
    let mut lang = StringBuilder::new();
    let mut label = StringBuilder::new();
    let mut score = Float64Builder::new();
    let mut contradiction = BooleanBuilder::new();
    let mut matches = MatchColumns::new();
    let mut offsets: Vec<i32> = Vec::with_capacity(tags.len() + 1);
    offsets.push(0);
    let mut valid = Vec::with_capacity(tags.len());
    let mut total = 0i32;
    for t in tags {
        match t {
            Some(t) => {
                lang.append_value(t.lang.code());
                label.append_value(t.label.as_str());
                score.append_value(t.score);
                contradiction.append_value(t.has_contradiction());
                matches.push(t);
                total += t.matches.len() as i32;
                valid.push(true);
            }
            None => {
                lang.append_null();
                label.append_null();
                score.append_null();
                contradiction.append_null();
                valid.push(false);
            }
        }
        offsets.push(total);
    }
    let fields = match_fields();
    let structs =
        StructArray::try_new(fields.clone(), matches.finish(), None).map_err(arrow_err)?;
    let item = Arc::new(Field::new("item", DataType::Struct(fields), false));
    let list = ListArray::try_new(
        item.clone(),
        OffsetBuffer::new(offsets.into()),
        Arc::new(structs),
        Some(NullBuffer::from(valid)),
    )
    .map_err(arrow_err)?;
    let schema = Schema::new(vec![
        Field::new("lang", DataType::Utf8, true),
        Field::new("label", DataType::Utf8, true),
        Field::new("score", DataType::Float64, true),
        Field::new("contradiction", DataType::Boolean, true),
        Field::new("matches", DataType::List(item), true),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(lang.finish()),
            Arc::new(label.finish()),
            Arc::new(score.finish()),
            Arc::new(contradiction.finish()),
            Arc::new(list),
        ],
    )
    .map_err(arrow_err)
}

/// One row per match, with `row` (the input position) to join on and the
/// evidence as written.
pub fn matches_batch(
    texts: &[Option<&str>],
    tags: &[Option<CommentTags>],
) -> PyResult<RecordBatch> {
    let mut row = Int64Builder::new();
    let mut evidence = StringBuilder::new();
    let mut matches = MatchColumns::new();
    for (i, (text, t)) in texts.iter().zip(tags).enumerate() {
        let (Some(text), Some(t)) = (text, t) else {
            continue;
        };
        matches.push(t);
        for m in &t.matches {
            row.append_value(i as i64);
            evidence.append_value(text.get(m.byte_start..m.byte_end).unwrap_or_default());
        }
    }
    let mut fields: Vec<Field> = vec![Field::new("row", DataType::Int64, false)];
    fields.extend(match_fields().iter().map(|f| f.as_ref().clone()));
    fields.push(Field::new("evidence", DataType::Utf8, false));
    let mut columns: Vec<ArrayRef> = vec![Arc::new(row.finish())];
    columns.extend(matches.finish());
    columns.push(Arc::new(evidence.finish()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(arrow_err)
}

/// A single string column, nulls kept.
pub fn string_batch(name: &str, values: &[Option<String>]) -> PyResult<RecordBatch> {
    let array: StringArray = values.iter().map(|v| v.as_deref()).collect();
    let schema = Schema::new(vec![Field::new(name, DataType::Utf8, true)]);
    RecordBatch::try_new(Arc::new(schema), vec![Arc::new(array)]).map_err(arrow_err)
}
