//! `Lexicon` for Python, wrapping [`nazar::Lexicon`].

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};

use nazar::lexicon::LexiconSpec;
use nazar::Lexicon;

use crate::error::to_py;
use crate::pickle::{from_json, json_state, JsonState};

/// Keyword categories compiled for matching.
///
/// ``Lexicon.default()`` holds the embedded Persian, English, Portuguese and
/// emoji lexicons; ``from_file``, ``from_toml`` and ``from_dict`` build one
/// from your own categories, added to the defaults with ``defaults=True``.
#[pyclass(name = "Lexicon", module = "nazar", frozen)]
#[derive(Clone)]
pub struct PyLexicon {
    pub inner: Lexicon,
}

impl PyLexicon {
    /// `Lexicon(N categories, N terms)`.
    pub fn describe(&self) -> String {
        format!(
            "Lexicon({} categories, {} terms)",
            self.inner.categories().len(),
            self.inner.term_count()
        )
    }
}

fn build(spec: LexiconSpec, name: &str, defaults: bool) -> PyResult<PyLexicon> {
    let inner = Lexicon::builder()
        .defaults(defaults)
        .add_spec(name, spec)
        .build()
        .map_err(to_py)?;
    Ok(PyLexicon { inner })
}

#[pymethods]
impl PyLexicon {
    /// The embedded default lexicons.
    #[classmethod]
    fn default(_cls: &Bound<'_, PyType>) -> Self {
        PyLexicon {
            inner: Lexicon::default(),
        }
    }

    /// A lexicon from a TOML file (format: see the README).
    #[classmethod]
    #[pyo3(signature = (path, defaults=false))]
    fn from_file(
        _cls: &Bound<'_, PyType>,
        path: std::path::PathBuf,
        defaults: bool,
    ) -> PyResult<Self> {
        let inner = Lexicon::builder()
            .defaults(defaults)
            .add_file(&path)
            .and_then(|b| b.build())
            .map_err(to_py)?;
        Ok(PyLexicon { inner })
    }

    /// A lexicon from TOML text; ``name`` appears in error messages.
    #[classmethod]
    #[pyo3(signature = (text, name="<toml>", defaults=false))]
    fn from_toml(
        _cls: &Bound<'_, PyType>,
        text: &str,
        name: &str,
        defaults: bool,
    ) -> PyResult<Self> {
        let spec = nazar::lexicon::spec::parse(name, text).map_err(to_py)?;
        build(spec, name, defaults)
    }

    /// A lexicon from a dict shaped like the TOML file
    /// (``{"category": [{"name": ..., "polarity": ..., "terms": {"en": [...]}}]}``).
    #[classmethod]
    #[pyo3(signature = (data, defaults=false))]
    fn from_dict(
        cls: &Bound<'_, PyType>,
        data: &Bound<'_, PyDict>,
        defaults: bool,
    ) -> PyResult<Self> {
        let json = cls.py().import("json")?.call_method1("dumps", (data,))?;
        let value: serde_json::Value = serde_json::from_str(&json.extract::<String>()?)
            .map_err(|e| PyValueError::new_err(format!("data: {e}")))?;
        let toml = toml_text(&value).map_err(|e| {
            let message = if e.starts_with("data") {
                e
            } else {
                format!("data: {e}")
            };
            to_py(nazar::Error::lexicon(
                nazar::Location::file("<dict>"),
                message,
            ))
        })?;
        let spec = nazar::lexicon::spec::parse("<dict>", &toml)
            .map_err(|e| to_py(in_dict_terms(e, &toml)))?;
        build(spec, "<dict>", defaults)
    }

    /// Names of the categories, in definition order.
    #[getter]
    fn category_names(&self) -> Vec<String> {
        self.inner
            .categories()
            .iter()
            .map(|c| c.name.to_string())
            .collect()
    }

    /// The categories as a list of dicts (name, polarity, aspect,
    /// contradiction, description, terms, stems, patterns and key_patterns
    /// per language,
    /// when_negated: the category a negated match is reported as, or None,
    /// and when_pending: the category a match is reported as in a comment
    /// saying the rest of the order is still coming, or None).
    fn categories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for c in &self.inner.spec().categories {
            let d = PyDict::new(py);
            d.set_item("name", &c.name)?;
            d.set_item("polarity", c.polarity.as_str())?;
            d.set_item("aspect", &c.aspect)?;
            d.set_item("contradiction", c.contradiction)?;
            d.set_item("description", &c.description)?;
            d.set_item("terms", c.terms.clone())?;
            d.set_item("stems", c.stems.clone())?;
            d.set_item("patterns", c.patterns.clone())?;
            d.set_item("key_patterns", c.key_patterns.clone())?;
            d.set_item("when_negated", c.when_negated.clone())?;
            d.set_item("when_pending", c.when_pending.clone())?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The whole lexicon (``negation``, ``category`` and ``ignore``) as a
    /// dict of the shape ``from_dict`` reads and a lexicon file holds: edit
    /// it and build it again with ``Lexicon.from_dict``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut value = serde_json::to_value(self.inner.spec())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        if let Some(doc) = value.as_object_mut() {
            if let Some(categories) = doc.remove("categories") {
                doc.insert("category".to_string(), categories);
            }
        }
        let value =
            without_nulls(&value, &mut String::from("lexicon")).map_err(PyValueError::new_err)?;
        let text =
            serde_json::to_string(&value).map_err(|e| PyValueError::new_err(e.to_string()))?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// Number of compiled terms.
    fn __len__(&self) -> usize {
        self.inner.term_count()
    }

    fn __repr__(&self) -> String {
        self.describe()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<JsonState<'py>> {
        json_state(
            slf.py(),
            slf.get().inner.spec(),
            "_lexicon_from_state",
            "lexicon",
        )
    }
}

/// Rebuilds a pickled lexicon from its serialized specification.
#[pyfunction]
pub fn _lexicon_from_state(state: &[u8]) -> PyResult<PyLexicon> {
    let spec: LexiconSpec = from_json(state, "lexicon")?;
    let inner = Lexicon::compile(spec).map_err(to_py)?;
    Ok(PyLexicon { inner })
}

/// A parse error of the TOML a dict was written as: its line and column
/// are of text the caller never saw, so the line itself is quoted instead
/// (the message already names the category and field).
/// `text`, cut to its first 80 characters with `…` when longer (a list of
/// 5,000 terms is one line).
fn shortened(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn in_dict_terms(e: nazar::Error, toml: &str) -> nazar::Error {
    match e {
        nazar::Error::Lexicon { location, message } => {
            let line = location
                .line
                .and_then(|l| toml.lines().nth(l.saturating_sub(1) as usize));
            let message = match line {
                Some(text) => format!("{message} (at `{}` in the dict)", shortened(text.trim())),
                None => message,
            };
            nazar::Error::lexicon(nazar::Location::file("<dict>"), message)
        }
        other => other,
    }
}

/// Turns a JSON value shaped like a lexicon file into TOML text, so that a
/// dict goes through exactly the same validation as a file.
///
/// A key whose value is `None` is left out, as TOML has no null: what
/// `Lexicon.categories()` gives (`when_negated: None`) goes back in.
fn toml_text(value: &serde_json::Value) -> Result<String, String> {
    let value = without_nulls(value, &mut String::from("data"))?;
    let toml_value: toml::Value = serde_json::from_value(value).map_err(|e| e.to_string())?;
    toml::to_string(&toml_value).map_err(|e| e.to_string())
}

/// `value` without the keys whose value is null; a null in a list is an
/// error naming where it is (`data.category[3].terms.en[1]`).
fn without_nulls(
    value: &serde_json::Value,
    path: &mut String,
) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    let len = path.len();
    let out = match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, v) in map.iter().filter(|(_, v)| !v.is_null()) {
                path.push('.');
                path.push_str(key);
                out.insert(key.clone(), without_nulls(v, path)?);
                path.truncate(len);
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                if v.is_null() {
                    return Err(format!("{path}: None in a list (expected a value)"));
                }
                out.push(without_nulls(v, path)?);
                path.truncate(len);
            }
            Value::Array(out)
        }
        other => other.clone(),
    };
    Ok(out)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLexicon>()?;
    m.add_function(wrap_pyfunction!(_lexicon_from_state, m)?)?;
    Ok(())
}
