//! `Encoder` for Python, wrapping [`nazar::hf::Encoder`], and
//! `EncodedBatch`, its answer. The answer stays in Rust until asked for and
//! then leaves as an Arrow table or as numpy arrays built here, never as
//! Python lists of ints: a batch of 100k comments is tens of millions of
//! tokens.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::types::{UInt32Type, UInt8Type};
use arrow_array::{
    ArrayRef, ArrowPrimitiveType, FixedSizeListArray, Int64Array, ListArray, PrimitiveArray,
    RecordBatch, StringArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Schema};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyString};

use nazar::hf::tokenizers::{
    PaddingDirection, PaddingParams, PaddingStrategy, Tokenizer, TruncationDirection,
};
use nazar::hf::{Batch, Encoded, Encoder, Form, Padding};
use nazar::{Normalizer, Options};

use crate::error::{to_py, NazarError};
use crate::normalize::PyNormalizer;

/// Pad tokens looked up, in order, when padding is asked for and the
/// tokenizer.json does not say which token pads (BERT's, then RoBERTa's).
const PAD_TOKENS: [&str; 3] = ["[PAD]", "<pad>", "<|pad|>"];

/// The `padding=` argument.
enum PaddingArg {
    /// `None`: as the tokenizer.json says.
    File,
    /// `False`.
    Off,
    /// `True` or `"longest"`.
    Longest,
    /// An int.
    Fixed(usize),
}

/// The `truncation=` argument.
enum TruncationArg {
    File,
    Off,
    MaxLength(usize),
}

fn parse_padding(obj: Option<&Bound<'_, PyAny>>) -> PyResult<PaddingArg> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(PaddingArg::File);
    };
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(if b.is_true() {
            PaddingArg::Longest
        } else {
            PaddingArg::Off
        });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str()? {
            "longest" => Ok(PaddingArg::Longest),
            other => Err(PyValueError::new_err(format!(
                "padding: expected None, False, True, \"longest\" or a length, got {other:?}"
            ))),
        };
    }
    positive_int(
        obj,
        "padding",
        "a length",
        "None, a bool, \"longest\" or an int",
    )
    .map(PaddingArg::Fixed)
}

fn parse_truncation(obj: Option<&Bound<'_, PyAny>>) -> PyResult<TruncationArg> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(TruncationArg::File);
    };
    if let Ok(b) = obj.cast::<PyBool>() {
        return if b.is_true() {
            Err(PyValueError::new_err(
                "truncation=True needs a length: pass the maximum number of tokens, \
                 e.g. truncation=512",
            ))
        } else {
            Ok(TruncationArg::Off)
        };
    }
    positive_int(
        obj,
        "truncation",
        "a maximum length",
        "None, False or an int",
    )
    .map(TruncationArg::MaxLength)
}

/// `obj` as a positive integer: the argument `arg`, where it is `what`;
/// `expected` lists every kind of value `arg` accepts.
fn positive_int(obj: &Bound<'_, PyAny>, arg: &str, what: &str, expected: &str) -> PyResult<usize> {
    match obj.extract::<i64>() {
        Ok(n) if n > 0 => Ok(n as usize),
        Ok(n) => Err(PyValueError::new_err(format!(
            "{arg}: {what} must be positive, got {n}"
        ))),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{arg}: expected {expected}, got {}",
            type_name(obj)
        ))),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default()
}

fn side(arg: &str, value: &str) -> PyResult<bool> {
    match value {
        "right" => Ok(false),
        "left" => Ok(true),
        other => Err(PyValueError::new_err(format!(
            "{arg}: expected \"right\" or \"left\", got {other:?}"
        ))),
    }
}

/// Padding, applied as rows leave rather than by the inner encoder: rows
/// stay as encoded (no pad position is ever stored, null rows do not count
/// towards the longest) and are padded by nazar's [`Padding`], the rule the
/// Rust `Encoder` pads with, exactly as `tokenizers` would pad them.
#[derive(Debug, Clone)]
struct Pad {
    /// Whether padding was asked for; off, rows are left as encoded and
    /// `padding` only holds the values `to_numpy` fills them with.
    on: bool,
    padding: Padding,
}

impl Pad {
    fn new(params: Option<PaddingParams>, tokenizer: &Tokenizer) -> Pad {
        match params {
            Some(p) => Pad {
                on: true,
                padding: Padding::new(p),
            },
            None => {
                let token = PAD_TOKENS
                    .iter()
                    .find(|t| tokenizer.token_to_id(t).is_some())
                    .map_or(String::new(), |t| t.to_string());
                Pad {
                    on: false,
                    padding: Padding::new(PaddingParams {
                        pad_id: tokenizer.token_to_id(&token).unwrap_or(0),
                        pad_token: token,
                        ..PaddingParams::default()
                    }),
                }
            }
        }
    }

    /// The padding asked for, kept for pickling and `repr`.
    fn params(&self) -> Option<&PaddingParams> {
        self.on.then(|| self.padding.params())
    }

    /// The length rows shorter than it are padded to, given the longest row
    /// (0 without padding).
    fn target(&self, longest: usize) -> usize {
        if self.on {
            self.padding.target(longest)
        } else {
            0
        }
    }

    fn id(&self) -> u32 {
        self.padding.params().pad_id
    }

    fn type_id(&self) -> u32 {
        self.padding.params().pad_type_id
    }

    fn token(&self) -> &String {
        &self.padding.params().pad_token
    }

    fn left(&self) -> bool {
        self.padding.left()
    }
}

/// A panic inside `tokenizers` or nazar surfaces as a `NazarError`, never
/// as pyo3's `PanicException` (a `BaseException` that `except Exception`
/// does not catch).
fn guard<T>(what: &str, f: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        NazarError::new_err(format!(
            "internal error while {what}: {msg} (please report)"
        ))
    })
}

/// Encodes comments for a model: nazar's normalizer in front of a local
/// ``tokenizer.json``, with every token's offsets into the comment as written.
///
/// ``Encoder(path, form="key", padding=None, truncation=None, *,
/// padding_side=None, pad_token=None, pad_to_multiple_of=None,
/// truncation_side=None, keep_file_normalizer=True, add_special_tokens=True,
/// normalizer=None, n_threads=None)``
///
/// - ``form``: ``"key"`` (nazar's match key: spelling variants such as
///   ``میخواهم`` / ``می خواهم`` / ``می‌خواهم`` give the same ids; for uncased
///   vocabularies) or ``"display"`` (case, accents and ZWNJ kept).
/// - ``padding``: ``None`` as the tokenizer.json says, ``False`` none,
///   ``True`` or ``"longest"`` to the longest comment of each ``encode``
///   call, an int to that many tokens (longer comments are not cut: combine
///   with ``truncation``). ``padding_side`` is ``"right"`` or ``"left"``;
///   ``pad_token`` names the pad token, by default the file's, else the
///   first of ``[PAD]``, ``<pad>``, ``<|pad|>`` in the vocabulary;
///   ``pad_to_multiple_of`` rounds the length up. These three need padding
///   on.
/// - ``truncation``: ``None`` as the file says, ``False`` none, an int keeps
///   at most that many tokens per comment (special tokens included; windows
///   beyond the first are not returned); ``truncation_side`` is ``"right"``
///   (keep the start) or ``"left"``.
/// - ``keep_file_normalizer``: whether the file's own normalizer still runs
///   after nazar's (its vocabulary was built with it, e.g. lowercased).
/// - ``normalizer``: a :class:`Normalizer` to use (e.g. with a fixed
///   ``lang``); the default detects each comment's language.
/// - ``n_threads``: cores for ``encode`` (default: all, or
///   ``NAZAR_NUM_THREADS``).
///
/// Nothing is ever downloaded. A missing file raises ``FileNotFoundError``,
/// a file ``tokenizers`` cannot load ``nazar.InputError`` (a ``ValueError``),
/// both naming the file.
#[pyclass(name = "Encoder", module = "nazar", frozen)]
pub struct PyEncoder {
    inner: Encoder,
    path: PathBuf,
    add_special_tokens: bool,
    n_threads: Option<usize>,
    pad: Pad,
}

impl PyEncoder {
    /// Encodes `values` without the GIL on a bounded pool; a null encodes as
    /// an empty comment (so that row numbers in errors stay those of the
    /// input), is marked in the returned mask and does not count towards
    /// the longest row.
    fn encode_values(
        &self,
        py: Python<'_>,
        values: &[Option<&str>],
        n_threads: Option<usize>,
    ) -> PyResult<PyEncodedBatch> {
        let texts: Vec<&str> = values.iter().map(|v| v.unwrap_or("")).collect();
        let n_threads = n_threads.or(self.n_threads);
        let batch = py.detach(|| {
            crate::parallel::with_threads(n_threads, || {
                guard("encoding", || self.inner.encode_batch(&texts))
            })
        })??;
        let batch = batch.map_err(to_py)?;
        let nulls: Vec<bool> = values.iter().map(Option::is_none).collect();
        let longest = (0..batch.len())
            .filter(|&i| !nulls[i])
            .map(|i| batch.ids[i].len())
            .max()
            .unwrap_or(0);
        Ok(PyEncodedBatch {
            target: self.pad.target(longest),
            batch,
            nulls,
            pad: self.pad.clone(),
        })
    }
}

#[pymethods]
impl PyEncoder {
    #[new]
    #[pyo3(signature = (
        path, form="key", padding=None, truncation=None, *, padding_side=None, pad_token=None,
        pad_to_multiple_of=None, truncation_side=None, keep_file_normalizer=true,
        add_special_tokens=true, normalizer=None, n_threads=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        path: PathBuf,
        form: &str,
        padding: Option<&Bound<'_, PyAny>>,
        truncation: Option<&Bound<'_, PyAny>>,
        padding_side: Option<&str>,
        pad_token: Option<&str>,
        pad_to_multiple_of: Option<usize>,
        truncation_side: Option<&str>,
        keep_file_normalizer: bool,
        add_special_tokens: bool,
        normalizer: Option<PyRef<'_, PyNormalizer>>,
        n_threads: Option<usize>,
    ) -> PyResult<Self> {
        let form: Form = form
            .parse()
            .map_err(|e: String| PyValueError::new_err(format!("form: {e}")))?;
        let padding = parse_padding(padding)?;
        let truncation = parse_truncation(truncation)?;
        let padding_side = padding_side.map(|s| side("padding_side", s)).transpose()?;
        let truncation_side = truncation_side
            .map(|s| side("truncation_side", s))
            .transpose()?;
        if pad_to_multiple_of == Some(0) {
            return Err(PyValueError::new_err(
                "pad_to_multiple_of: must be positive",
            ));
        }
        let n_threads = crate::parallel::checked(n_threads)?;
        let normalizer = normalizer.map_or_else(Normalizer::default, |n| n.inner.clone());
        let loaded = py.detach(|| {
            guard("loading the tokenizer", || {
                Encoder::builder()
                    .keep_file_normalizer(keep_file_normalizer)
                    .load(&path)
            })
        })?;
        let loaded = loaded.map_err(to_py)?;
        let tokenizer = loaded.tokenizer();
        let file = path.display();

        let padding = match padding {
            PaddingArg::Off => {
                if padding_side.is_some() || pad_token.is_some() || pad_to_multiple_of.is_some() {
                    return Err(PyValueError::new_err(
                        "padding_side, pad_token and pad_to_multiple_of need padding on \
                         (padding=True or a length), not padding=False",
                    ));
                }
                None
            }
            PaddingArg::File if tokenizer.get_padding().is_none() => {
                if padding_side.is_some() || pad_token.is_some() || pad_to_multiple_of.is_some() {
                    return Err(PyValueError::new_err(format!(
                        "padding_side, pad_token and pad_to_multiple_of need padding on: \
                         {file} has no padding, pass padding=True or a length"
                    )));
                }
                None
            }
            arg => {
                let mut p = tokenizer.get_padding().cloned().unwrap_or_else(|| {
                    let mut p = PaddingParams::default();
                    // An empty token marks "not found yet"; looked up below.
                    p.pad_token.clear();
                    p
                });
                match arg {
                    PaddingArg::Longest => p.strategy = PaddingStrategy::BatchLongest,
                    PaddingArg::Fixed(n) => p.strategy = PaddingStrategy::Fixed(n),
                    PaddingArg::File | PaddingArg::Off => {}
                }
                if let Some(left) = padding_side {
                    p.direction = if left {
                        PaddingDirection::Left
                    } else {
                        PaddingDirection::Right
                    };
                }
                if let Some(m) = pad_to_multiple_of {
                    p.pad_to_multiple_of = Some(m);
                }
                let token = match pad_token {
                    Some(t) => Some(t.to_string()),
                    None if !p.pad_token.is_empty() => Some(p.pad_token.clone()),
                    None => PAD_TOKENS
                        .iter()
                        .find(|t| tokenizer.token_to_id(t).is_some())
                        .map(|t| t.to_string()),
                };
                let Some(token) = token else {
                    return Err(PyValueError::new_err(format!(
                        "padding: the vocabulary of {file} has none of {PAD_TOKENS:?}; \
                         name its pad token with pad_token="
                    )));
                };
                p.pad_id = tokenizer.token_to_id(&token).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "pad_token: {token:?} is not in the vocabulary of {file}"
                    ))
                })?;
                p.pad_token = token;
                Some(p)
            }
        };

        let truncation = match truncation {
            TruncationArg::File => {
                let mut t = tokenizer.get_truncation().cloned();
                match (&mut t, truncation_side) {
                    (Some(t), Some(left)) => t.direction = truncation_direction(left),
                    (None, Some(_)) => {
                        return Err(PyValueError::new_err(format!(
                            "truncation_side needs truncation on: {file} has no truncation, \
                             pass truncation=<max tokens>"
                        )))
                    }
                    _ => {}
                }
                t
            }
            TruncationArg::Off => {
                if truncation_side.is_some() {
                    return Err(PyValueError::new_err(
                        "truncation_side needs truncation on, not truncation=False",
                    ));
                }
                None
            }
            TruncationArg::MaxLength(n) => {
                let mut t = tokenizer.get_truncation().cloned().unwrap_or_default();
                t.max_length = n;
                if let Some(left) = truncation_side {
                    t.direction = truncation_direction(left);
                }
                Some(t)
            }
        };

        let inner = Encoder::builder()
            .normalizer(normalizer)
            .form(form)
            .add_special_tokens(add_special_tokens)
            .padding(None)
            .truncation(truncation)
            .build(tokenizer.clone())
            .map_err(|e| match e {
                nazar::Error::Input { message, .. } => {
                    crate::error::InputError::new_err(format!("{file}: {message}"))
                }
                e => to_py(e),
            })?;
        let pad = Pad::new(padding, inner.tokenizer());
        Ok(PyEncoder {
            inner,
            path,
            add_special_tokens,
            n_threads,
            pad,
        })
    }

    /// Encodes many comments, in order, on all cores (at most ``n_threads``)
    /// without the GIL, padded together as the encoder's padding says.
    ///
    /// ``texts`` is a list of ``str``, a pyarrow Array or ChunkedArray of
    /// strings, a pandas Series or a polars Series. A null (``None``, a
    /// missing value) is never dropped: its row is null in ``to_arrow()``,
    /// all padding (attention mask 0) in ``to_numpy()`` and ``None`` in
    /// ``tokens``; an empty string encodes like any comment (special tokens
    /// only). Returns an :class:`EncodedBatch`.
    #[pyo3(signature = (texts, n_threads=None))]
    fn encode(
        &self,
        texts: &Bound<'_, PyAny>,
        n_threads: Option<usize>,
    ) -> PyResult<PyEncodedBatch> {
        let py = texts.py();
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "texts: expected a list of str or a column, got one str (use encode_one)",
            ));
        }
        let batch = crate::texts::BatchTexts::read(texts)?;
        self.encode_values(py, &batch.values(), n_threads)
    }

    /// Encodes one comment into a dict of lists: ``ids``, ``type_ids``,
    /// ``attention_mask``, ``special_tokens_mask``, ``offsets`` (``(start,
    /// end)`` character offsets into ``text``, ``(0, 0)`` for special and
    /// padding tokens), ``tokens``, ``normalized`` (the text the tokenizer
    /// saw) and ``lang``. Padded as one comment alone would be: to a fixed
    /// padding length, or up to ``pad_to_multiple_of``.
    fn encode_one<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
        let mut row = py
            .detach(|| guard("encoding", || self.inner.encode(text)))?
            .map_err(to_py)?;
        // What `tokenizers` does to a single encoding: a fixed length, or its
        // own rounded up to the multiple.
        let len = self.pad.target(row.ids.len());
        self.pad.padding.pad(&mut row, len);
        row_dict(py, &row)
    }

    /// The tokenizer.json this encoder was loaded from.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// ``"key"`` or ``"display"``: the form of the text the tokenizer sees.
    #[getter]
    fn form(&self) -> &'static str {
        form_name(self.inner.form())
    }

    /// The id of the pad token (0 when the vocabulary has none).
    #[getter]
    fn pad_id(&self) -> u32 {
        self.pad.id()
    }

    /// Number of tokens in the vocabulary, added tokens included.
    #[getter]
    fn vocab_size(&self) -> usize {
        self.inner.tokenizer().get_vocab_size(true)
    }

    /// The id of ``token`` in the vocabulary, or ``None``.
    fn token_to_id(&self, token: &str) -> Option<u32> {
        self.inner.tokenizer().token_to_id(token)
    }

    fn __repr__(&self) -> String {
        let t = self.inner.tokenizer();
        let padding = match self.pad.params().map(|p| &p.strategy) {
            None => "False".to_string(),
            Some(PaddingStrategy::BatchLongest) => "\"longest\"".to_string(),
            Some(PaddingStrategy::Fixed(n)) => n.to_string(),
        };
        let truncation = t
            .get_truncation()
            .map_or("False".to_string(), |t| t.max_length.to_string());
        format!(
            "Encoder({:?}, form={:?}, padding={padding}, truncation={truncation})",
            self.path.display().to_string(),
            self.form()
        )
    }

    /// Pickles as the configured tokenizer (JSON) and options, so that the
    /// encoder travels to worker processes without the file.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, EncoderState<'py>)> {
        let py = slf.py();
        let me = slf.get();
        let mut tokenizer = me.inner.tokenizer().clone();
        tokenizer.with_padding(me.pad.params().cloned());
        let tokenizer = tokenizer
            .to_string(false)
            .map_err(|e| PyValueError::new_err(format!("cannot pickle encoder: {e}")))?;
        let normalizer = serde_json::to_vec(me.inner.normalizer().options())
            .map_err(|e| PyValueError::new_err(format!("cannot pickle encoder: {e}")))?;
        let restore = py.import("nazar")?.getattr("_encoder_from_state")?;
        Ok((
            restore,
            (
                PyBytes::new(py, tokenizer.as_bytes()),
                PyBytes::new(py, &normalizer),
                me.path.clone(),
                form_name(me.inner.form()),
                me.add_special_tokens,
                me.n_threads,
            ),
        ))
    }
}

/// What `Encoder.__reduce__` passes to `_encoder_from_state`.
type EncoderState<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    PathBuf,
    &'static str,
    bool,
    Option<usize>,
);

/// Rebuilds a pickled encoder.
#[pyfunction]
pub fn _encoder_from_state(
    tokenizer: &[u8],
    normalizer: &[u8],
    path: PathBuf,
    form: &str,
    add_special_tokens: bool,
    n_threads: Option<usize>,
) -> PyResult<PyEncoder> {
    let bad = |e: String| PyValueError::new_err(format!("bad encoder state: {e}"));
    let tokenizer: Tokenizer = std::str::from_utf8(tokenizer)
        .map_err(|e| bad(e.to_string()))?
        .parse()
        .map_err(|e: nazar::hf::tokenizers::Error| bad(e.to_string()))?;
    let options: Options = serde_json::from_slice(normalizer).map_err(|e| bad(e.to_string()))?;
    let pad = Pad::new(tokenizer.get_padding().cloned(), &tokenizer);
    let inner = Encoder::builder()
        .normalizer(Normalizer::from_options(options))
        .form(form.parse().map_err(bad)?)
        .add_special_tokens(add_special_tokens)
        .padding(None)
        .build(tokenizer)
        .map_err(to_py)?;
    Ok(PyEncoder {
        inner,
        path,
        add_special_tokens,
        n_threads,
        pad,
    })
}

fn truncation_direction(left: bool) -> TruncationDirection {
    if left {
        TruncationDirection::Left
    } else {
        TruncationDirection::Right
    }
}

fn form_name(form: Form) -> &'static str {
    match form {
        Form::Key => "key",
        Form::Display => "display",
    }
}

fn row_dict<'py>(py: Python<'py>, row: &Encoded) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ids", &row.ids)?;
    d.set_item("type_ids", &row.type_ids)?;
    d.set_item("attention_mask", &row.attention_mask)?;
    d.set_item("special_tokens_mask", &row.special_tokens_mask)?;
    d.set_item("offsets", &row.char_offsets)?;
    d.set_item("tokens", &row.tokens)?;
    d.set_item("normalized", &row.normalized)?;
    d.set_item("lang", row.lang.code())?;
    Ok(d)
}

/// Comments encoded by :meth:`Encoder.encode`, in input order.
///
/// - ``to_arrow()``: a ``pyarrow.Table``, one row per comment: ``ids``
///   and ``type_ids`` (``list<uint32>``), ``attention_mask`` and
///   ``special_tokens_mask`` (``list<uint8>``), ``offsets``
///   (``list<fixed_size_list<int64, 2>>``: ``[start, end]`` character
///   offsets into the comment as written, ``[0, 0]`` for special and padding
///   tokens), ``tokens`` (``list<string>``), ``normalized`` (the text the
///   tokenizer saw) and ``lang``; every column is null on a null comment's
///   row. Padding tokens appear when the encoder pads.
/// - ``to_numpy()``: a dict of ``int64`` arrays ``ids``, ``type_ids``,
///   ``attention_mask``, ``special_tokens_mask`` of shape ``(n, length)``
///   and ``offsets`` of shape ``(n, length, 2)``; see its docstring for how
///   rows of different lengths are padded.
/// - ``tokens``, ``normalized``, ``langs``: lists (``None`` on null rows);
///   ``nulls``: which rows were null; ``batch[i]``: row ``i`` as a dict like
///   :meth:`Encoder.encode_one` (``None`` for a null).
#[pyclass(name = "EncodedBatch", module = "nazar", frozen)]
pub struct PyEncodedBatch {
    /// The rows as encoded, unpadded.
    batch: Batch,
    nulls: Vec<bool>,
    pad: Pad,
    /// The length the encoder's padding pads shorter rows to (0: none).
    target: usize,
}

impl PyEncodedBatch {
    fn rows(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.nulls
            .iter()
            .enumerate()
            .map(|(i, &null)| (!null).then_some(i))
    }

    /// One value per row, `None` on null rows.
    fn per_row<T>(&self, f: impl Fn(usize) -> T) -> Vec<Option<T>> {
        self.rows().map(|r| r.map(&f)).collect()
    }

    /// The row length every numpy array is padded to.
    fn width(&self) -> usize {
        self.rows()
            .flatten()
            .map(|i| self.batch.ids[i].len())
            .max()
            .unwrap_or(0)
            .max(self.target)
    }

    /// Row `i` as the encoder's padding leaves it.
    fn row(&self, i: usize) -> Encoded {
        let b = &self.batch;
        let mut row = Encoded {
            ids: b.ids[i].clone(),
            type_ids: b.type_ids[i].clone(),
            attention_mask: b.attention_mask[i].clone(),
            special_tokens_mask: b.special_tokens_mask[i].clone(),
            offsets: b.offsets[i].clone(),
            char_offsets: b.char_offsets[i].clone(),
            tokens: b.tokens[i].clone(),
            normalized: b.normalized[i].clone(),
            lang: b.langs[i],
        };
        self.pad.padding.pad(&mut row, self.target);
        row
    }

    /// Arrow list offsets and the values of `rows` as they leave: null rows
    /// empty, the others padded with `pad` as the encoder's padding says.
    fn padded<'a, T>(
        &self,
        rows: &'a [Vec<T>],
        pad: &'a T,
    ) -> PyResult<(OffsetBuffer<i32>, Vec<&'a T>)> {
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        offsets.push(0i32);
        let mut values = Vec::new();
        for (row, &null) in rows.iter().zip(&self.nulls) {
            if !null {
                let n = self.target.saturating_sub(row.len());
                if self.pad.left() {
                    values.extend(std::iter::repeat_n(pad, n));
                }
                values.extend(row);
                if !self.pad.left() {
                    values.extend(std::iter::repeat_n(pad, n));
                }
            }
            offsets.push(i32::try_from(values.len()).map_err(|_| {
                PyValueError::new_err(
                    "the batch has more than 2^31 tokens, too many for one Arrow list \
                     column: encode it in parts",
                )
            })?);
        }
        Ok((OffsetBuffer::new(offsets.into()), values))
    }

    /// A `list<T>` column of `rows`, null on null comments.
    fn list_of<T: ArrowPrimitiveType>(
        &self,
        rows: &[Vec<u32>],
        pad: u32,
        valid: &NullBuffer,
        cast: impl Fn(u32) -> T::Native,
    ) -> PyResult<ListArray> {
        let (offsets, values) = self.padded(rows, &pad)?;
        ListArray::try_new(
            Arc::new(Field::new("item", T::DATA_TYPE, false)),
            offsets,
            Arc::new(PrimitiveArray::<T>::from_iter_values(
                values.into_iter().map(|&v| cast(v)),
            )),
            Some(valid.clone()),
        )
        .map_err(arrow_err)
    }

    fn to_record_batch(&self) -> PyResult<RecordBatch> {
        let b = &self.batch;
        let pad = &self.pad;
        let valid = NullBuffer::from(self.nulls.iter().map(|&n| !n).collect::<Vec<bool>>());
        let ids = self.list_of::<UInt32Type>(&b.ids, pad.id(), &valid, |v| v)?;
        let type_ids = self.list_of::<UInt32Type>(&b.type_ids, pad.type_id(), &valid, |v| v)?;
        let attention = self.list_of::<UInt8Type>(&b.attention_mask, 0, &valid, |v| v as u8)?;
        let special = self.list_of::<UInt8Type>(&b.special_tokens_mask, 1, &valid, |v| v as u8)?;

        let (offsets, pairs) = self.padded(&b.char_offsets, &(0, 0))?;
        let pairs: Vec<i64> = pairs
            .into_iter()
            .flat_map(|&(s, e)| [s as i64, e as i64])
            .collect();
        let pair_field = Arc::new(Field::new("item", DataType::Int64, false));
        let pair = FixedSizeListArray::try_new(
            pair_field.clone(),
            2,
            Arc::new(Int64Array::from(pairs)),
            None,
        )
        .map_err(arrow_err)?;
        let offsets_item = Arc::new(Field::new(
            "item",
            DataType::FixedSizeList(pair_field, 2),
            false,
        ));
        let offsets =
            ListArray::try_new(offsets_item, offsets, Arc::new(pair), Some(valid.clone()))
                .map_err(arrow_err)?;

        let (token_offsets, strings) = self.padded(&b.tokens, pad.token())?;
        let tokens = ListArray::try_new(
            Arc::new(Field::new("item", DataType::Utf8, false)),
            token_offsets,
            Arc::new(StringArray::from_iter_values(strings)),
            Some(valid.clone()),
        )
        .map_err(arrow_err)?;
        let normalized: StringArray = self
            .per_row(|i| b.normalized[i].as_str())
            .into_iter()
            .collect();
        let lang: StringArray = self.per_row(|i| b.langs[i].code()).into_iter().collect();

        let columns: Vec<(&str, ArrayRef)> = vec![
            ("ids", Arc::new(ids)),
            ("type_ids", Arc::new(type_ids)),
            ("attention_mask", Arc::new(attention)),
            ("special_tokens_mask", Arc::new(special)),
            ("offsets", Arc::new(offsets)),
            ("tokens", Arc::new(tokens)),
            ("normalized", Arc::new(normalized)),
            ("lang", Arc::new(lang)),
        ];
        let schema = Schema::new(
            columns
                .iter()
                .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
                .collect::<Vec<_>>(),
        );
        RecordBatch::try_new(
            Arc::new(schema),
            columns.into_iter().map(|(_, a)| a).collect(),
        )
        .map_err(arrow_err)
    }
}

fn arrow_err(e: arrow_schema::ArrowError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

#[pymethods]
impl PyEncodedBatch {
    fn __len__(&self) -> usize {
        self.nulls.len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: isize,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let n = self.nulls.len() as isize;
        let i = if index < 0 { index + n } else { index };
        if !(0..n).contains(&i) {
            return Err(PyIndexError::new_err(format!(
                "row {index} out of range for a batch of {n}"
            )));
        }
        let i = i as usize;
        if self.nulls[i] {
            return Ok(None);
        }
        let row = self.row(i);
        row_dict(py, &row).map(Some)
    }

    /// The batch as a ``pyarrow.Table`` (see the class docstring for the
    /// columns). Built in Rust; needs ``pyarrow``.
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let batch = py.detach(|| self.to_record_batch())?;
        crate::arrow::to_pyarrow(py, batch)
    }

    /// The batch as a dict of writable ``int64`` numpy arrays: ``ids``,
    /// ``type_ids``, ``attention_mask``, ``special_tokens_mask`` of shape
    /// ``(n, length)`` and ``offsets`` of shape ``(n, length, 2)``
    /// (character offsets into each comment as written).
    ///
    /// ``length`` is the longest row (at least the fixed padding length).
    /// Rows the encoder already padded come as they are; shorter rows (no
    /// padding asked for) and null rows are filled on the padding side
    /// (right unless the encoder pads left) as padding would: the pad id
    /// (:attr:`Encoder.pad_id`), attention mask 0, special-tokens mask 1,
    /// offsets ``(0, 0)``.
    fn to_numpy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let n = self.nulls.len();
        let width = self.width();
        let pad = &self.pad;
        let fill = |rows: &[Vec<u32>], value: u32| -> Vec<i64> {
            let mut out = vec![i64::from(value); n * width];
            for i in self.rows().flatten() {
                let row = &rows[i];
                let start = i * width + if pad.left() { width - row.len() } else { 0 };
                for (o, &v) in out[start..start + row.len()].iter_mut().zip(row) {
                    *o = i64::from(v);
                }
            }
            out
        };
        let (ids, type_ids, attention, special, offsets) = py.detach(|| {
            let b = &self.batch;
            let mut offsets = vec![0i64; n * width * 2];
            for i in self.rows().flatten() {
                let row = &b.char_offsets[i];
                let start = i * width + if pad.left() { width - row.len() } else { 0 };
                for (k, &(s, e)) in row.iter().enumerate() {
                    offsets[2 * (start + k)] = s as i64;
                    offsets[2 * (start + k) + 1] = e as i64;
                }
            }
            (
                fill(&b.ids, pad.id()),
                fill(&b.type_ids, pad.type_id()),
                fill(&b.attention_mask, 0),
                fill(&b.special_tokens_mask, 1),
                offsets,
            )
        });
        let d = PyDict::new(py);
        for (name, values) in [
            ("ids", ids),
            ("type_ids", type_ids),
            ("attention_mask", attention),
            ("special_tokens_mask", special),
        ] {
            d.set_item(name, PyArray1::from_vec(py, values).reshape([n, width])?)?;
        }
        d.set_item(
            "offsets",
            PyArray1::from_vec(py, offsets).reshape([n, width, 2])?,
        )?;
        Ok(d)
    }

    /// The tokens of each comment (``None`` on null rows).
    #[getter]
    fn tokens(&self) -> Vec<Option<Vec<String>>> {
        self.per_row(|i| {
            let row = &self.batch.tokens[i];
            let pads = std::iter::repeat_n(self.pad.token(), self.target.saturating_sub(row.len()));
            if self.pad.left() {
                pads.chain(row).cloned().collect()
            } else {
                row.iter().chain(pads).cloned().collect()
            }
        })
    }

    /// The text the tokenizer saw for each comment: nazar's key or display
    /// form (``None`` on null rows).
    #[getter]
    fn normalized(&self) -> Vec<Option<String>> {
        self.per_row(|i| self.batch.normalized[i].clone())
    }

    /// The language nazar normalized each comment as (``None`` on null rows).
    #[getter]
    fn langs(&self) -> Vec<Option<&'static str>> {
        self.per_row(|i| self.batch.langs[i].code())
    }

    /// Whether each row's comment was null.
    #[getter]
    fn nulls(&self) -> Vec<bool> {
        self.nulls.clone()
    }

    fn __repr__(&self) -> String {
        let nulls = self.nulls.iter().filter(|&&n| n).count();
        format!(
            "EncodedBatch({} comments, {} nulls, longest {} tokens)",
            self.nulls.len(),
            nulls,
            self.width()
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEncoder>()?;
    m.add_class::<PyEncodedBatch>()?;
    m.add_function(wrap_pyfunction!(_encoder_from_state, m)?)?;
    Ok(())
}
