//! `Engine`: analysis of paths and of source text (results in [`crate::results`]).

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::convert::ser_to_py;
use crate::errors::{OrRaise, detached, input_error};
use crate::results::{FileReport, Report};

/// Source text from `str` or `bytes` (which must be UTF-8).
pub fn source_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec()).map_err(|e| {
            input_error(format!(
                "source bytes are not valid UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            ))
        });
    }
    Err(PyTypeError::new_err(format!(
        "source must be str or bytes, not {}",
        obj.get_type().name()?
    )))
}

/// A filesystem path from `str` or `os.PathLike`, refusing NUL bytes.
pub fn path_arg(obj: &Bound<'_, PyAny>) -> PyResult<PathBuf> {
    let path: PathBuf = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a path (str or os.PathLike), not {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    if path.as_os_str().as_encoded_bytes().contains(&0) {
        return Err(input_error("paths cannot contain NUL bytes"));
    }
    Ok(path)
}

pub fn language_arg(name: &str) -> PyResult<conclave::Language> {
    name.parse().map_err(|_| {
        input_error(format!(
            "unknown language `{name}` (python, javascript, java, csharp, go)"
        ))
    })
}

/// Analyses source files and trees. Thread-safe: share one engine between threads; every
/// analysis releases the GIL.
///
/// >>> engine = Engine(threads=2)
/// >>> file = engine.analyze_source("def f(x):\n    return eval(x)\n", "python")
/// >>> [f.rule_id for f in file.findings][:1]
/// ['S003']
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Engine {
    pub inner: Arc<conclave::Engine>,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (threads = None, config = None))]
    fn new(
        py: Python<'_>,
        threads: Option<usize>,
        config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let config_path = config.map(path_arg).transpose()?;
        let engine = detached(
            py,
            move || -> Result<conclave::Engine, crate::errors::BindingError> {
                let mut builder = conclave::Engine::builder();
                if let Some(n) = threads {
                    builder = builder.threads(n);
                }
                if let Some(path) = config_path {
                    builder = builder.config(conclave::Config::load(&path)?);
                }
                Ok(builder.build()?)
            },
        )?
        .or_raise()?;
        Ok(Engine {
            inner: Arc::new(engine),
        })
    }

    /// Worker threads in the engine's pool.
    #[getter]
    fn threads(&self) -> usize {
        self.inner.threads()
    }

    /// Every rule the engine can report, as dicts (id, name, category, severity, ...).
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.rules())
    }

    /// Analyses a file or directory tree.
    fn analyze_path(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Report> {
        let path = path_arg(path)?;
        let engine = Arc::clone(&self.inner);
        let report = detached(py, move || engine.analyze_path(&path))?;
        Ok(Report::with_rules(report, self.inner.rules()))
    }

    /// Analyses several files and trees into one report.
    fn analyze_paths(&self, py: Python<'_>, paths: &Bound<'_, PyAny>) -> PyResult<Report> {
        if paths.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "paths must be a list of paths, not one str",
            ));
        }
        let paths = paths
            .try_iter()?
            .map(|p| path_arg(&p?))
            .collect::<PyResult<Vec<_>>>()?;
        let engine = Arc::clone(&self.inner);
        let report = detached(py, move || engine.analyze_paths(&paths, None))?;
        Ok(Report::with_rules(report, self.inner.rules()))
    }

    /// Analyses source text (`str`, or UTF-8 `bytes`) in `language`, reported under `path`.
    #[pyo3(signature = (text, language, path = "<source>"))]
    fn analyze_source(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        language: &str,
        path: &str,
    ) -> PyResult<FileReport> {
        let text = source_text(text)?;
        let language = language_arg(language)?;
        let engine = Arc::clone(&self.inner);
        let path = path.to_owned();
        let file = detached(py, move || {
            engine.analyze_named_source(&path, language, &text)
        })?;
        Ok(FileReport {
            inner: Arc::new(file),
        })
    }

    fn __repr__(&self) -> String {
        format!("Engine(threads={})", self.inner.threads())
    }
}

/// `analyze_source` `n` times in Rust, for the overhead bench: seconds per call.
#[pyfunction]
pub fn _bench_analyze_source(
    py: Python<'_>,
    engine: &Engine,
    text: &str,
    language: &str,
    n: usize,
) -> PyResult<f64> {
    let language = language_arg(language)?;
    let engine = Arc::clone(&engine.inner);
    let text = text.to_owned();
    detached(py, move || {
        let started = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(engine.analyze_source(language, &text));
        }
        started.elapsed().as_secs_f64() / n.max(1) as f64
    })
}
