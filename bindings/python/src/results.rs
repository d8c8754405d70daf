//! `Report`, `FileReport` and `Finding`: immutable, picklable (through their JSON form),
//! convertible to dicts, JSON and SARIF.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::ser_to_py;
use crate::errors::{OrRaise, detached, input_error};

/// `(cls._from_json, (json,))`: pickling through the JSON form.
fn reduce<'py>(slf: &Bound<'py, PyAny>, json: String) -> PyResult<Bound<'py, PyTuple>> {
    let py = slf.py();
    let from_json = slf.get_type().getattr("_from_json")?;
    PyTuple::new(py, [from_json, PyTuple::new(py, [json])?.into_any()])
}

fn json_of<T: serde::Serialize>(value: &T, indent: bool) -> PyResult<String> {
    if indent {
        serde_json::to_string_pretty(value).or_raise()
    } else {
        serde_json::to_string(value).or_raise()
    }
}

/// One problem at one place. Immutable; picklable; `to_dict()` gives plain data.
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Finding {
    pub inner: Arc<conclave::Finding>,
}

#[pymethods]
impl Finding {
    #[getter]
    fn rule_id(&self) -> &str {
        self.inner.rule_id.as_str()
    }
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.name()
    }
    #[getter]
    fn confidence(&self) -> PyResult<String> {
        plain_name(&self.inner.confidence)
    }
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.name()
    }
    #[getter]
    fn path(&self) -> &str {
        &self.inner.path
    }
    #[getter]
    fn line(&self) -> u32 {
        self.inner.span.start.line
    }
    #[getter]
    fn column(&self) -> u32 {
        self.inner.span.start.column
    }
    #[getter]
    fn end_line(&self) -> u32 {
        self.inner.span.end.line
    }
    #[getter]
    fn end_column(&self) -> u32 {
        self.inner.span.end.column
    }
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    #[getter]
    fn cwe(&self) -> Vec<u32> {
        self.inner.cwe.clone()
    }
    #[getter]
    fn symbol(&self) -> Option<&str> {
        self.inner.symbol.as_deref()
    }
    /// The fix as a dict (message, applicability, edits), or None.
    #[getter]
    fn fix<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.fix)
    }
    #[getter]
    fn fingerprint(&self) -> &str {
        self.inner.fingerprint.as_str()
    }
    #[getter]
    fn effort_minutes(&self) -> u32 {
        self.inner.effort.minutes()
    }
    #[getter]
    fn suppressed(&self) -> bool {
        self.inner.suppressed.is_some()
    }
    #[getter]
    fn explanation(&self) -> Option<&str> {
        self.inner.explanation.as_deref()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &*self.inner)
    }
    #[pyo3(signature = (indent = false))]
    fn to_json(&self, indent: bool) -> PyResult<String> {
        json_of(&*self.inner, indent)
    }
    #[staticmethod]
    fn _from_json(json: &str) -> PyResult<Finding> {
        let inner: conclave::Finding = serde_json::from_str(json).or_raise()?;
        Ok(Finding {
            inner: Arc::new(inner),
        })
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(slf.as_any(), json_of(&*slf.get().inner, false)?)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Finding>()
            .is_ok_and(|o| *o.get().inner == *self.inner)
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.fingerprint.as_str().hash(&mut h);
        self.inner.span.start.line.hash(&mut h);
        h.finish()
    }
    fn __repr__(&self) -> String {
        format!(
            "Finding({} {} {}:{}: {})",
            self.inner.rule_id.as_str(),
            self.inner.severity.name(),
            self.inner.path,
            self.inner.span.start.line,
            self.inner.message
        )
    }
}

/// Equal as plain data: what survives pickling (the JSON form) is what counts, so a
/// report equals its unpickled copy.
fn same_data<T: serde::Serialize>(a: &T, b: &T) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The serde name of a unit enum (`"medium"`), for enums without a `name()`.
fn plain_name<T: serde::Serialize>(value: &T) -> PyResult<String> {
    match serde_json::to_value(value).or_raise()? {
        serde_json::Value::String(s) => Ok(s),
        other => Ok(other.to_string()),
    }
}

fn findings_of(findings: &[conclave::Finding]) -> Vec<Finding> {
    findings
        .iter()
        .map(|f| Finding {
            inner: Arc::new(f.clone()),
        })
        .collect()
}

/// One file's analysis: metrics, rating, findings.
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct FileReport {
    pub inner: Arc<conclave::FileReport>,
}

#[pymethods]
impl FileReport {
    #[getter]
    fn path(&self) -> &str {
        &self.inner.path
    }
    #[getter]
    fn language(&self) -> &'static str {
        self.inner.language.name()
    }
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        findings_of(&self.inner.findings)
    }
    /// Per-file and per-function metrics as a dict.
    #[getter]
    fn metrics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.metrics)
    }
    #[getter]
    fn rating(&self) -> PyResult<String> {
        plain_name(&self.inner.rating)
    }
    #[getter]
    fn debt_minutes(&self) -> u64 {
        self.inner.debt_minutes
    }
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &*self.inner)
    }
    #[pyo3(signature = (indent = false))]
    fn to_json(&self, indent: bool) -> PyResult<String> {
        json_of(&*self.inner, indent)
    }
    #[staticmethod]
    fn _from_json(json: &str) -> PyResult<FileReport> {
        let inner: conclave::FileReport = serde_json::from_str(json).or_raise()?;
        Ok(FileReport {
            inner: Arc::new(inner),
        })
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(slf.as_any(), json_of(&*slf.get().inner, false)?)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<FileReport>()
            .is_ok_and(|o| same_data(&*o.get().inner, &*self.inner))
    }
    fn __repr__(&self) -> String {
        format!(
            "FileReport({} {}, {} findings)",
            self.inner.path,
            self.inner.language.name(),
            self.inner.findings.len()
        )
    }
}

/// A whole run: files, skipped files, summary. `to_sarif()` and `to_json()` render it.
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Report {
    pub inner: Arc<conclave::Report>,
    /// The rules for SARIF's `tool.driver.rules`; empty after unpickling.
    rules: Arc<Vec<conclave::RuleMeta>>,
}

impl Report {
    pub fn with_rules(report: conclave::Report, rules: &[conclave::RuleMeta]) -> Report {
        Report {
            inner: Arc::new(report),
            rules: Arc::new(rules.to_vec()),
        }
    }
}

impl From<conclave::Report> for Report {
    fn from(report: conclave::Report) -> Report {
        // Rules for SARIF come from a default engine's list, resolved lazily in to_sarif.
        Report {
            inner: Arc::new(report),
            rules: Arc::new(Vec::new()),
        }
    }
}

#[pymethods]
impl Report {
    #[getter]
    fn files(&self) -> Vec<FileReport> {
        self.inner
            .files
            .iter()
            .map(|f| FileReport {
                inner: Arc::new(f.clone()),
            })
            .collect()
    }
    /// Every finding of every file, in report order.
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.inner
            .findings()
            .map(|f| Finding {
                inner: Arc::new(f.clone()),
            })
            .collect()
    }
    /// Files not analysed, with the reason, as dicts.
    #[getter]
    fn skipped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.skipped)
    }
    /// Totals: files, loc, findings by severity, languages, rating, debt.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.inner.summary)
    }
    /// Whether any finding is at or above `severity` (`info`, `low`, `medium`, `high`, `critical`).
    fn has_findings_at_or_above(&self, severity: &str) -> PyResult<bool> {
        let threshold: conclave::Severity = severity
            .parse()
            .map_err(|_| input_error(format!("unknown severity `{severity}`")))?;
        Ok(self.inner.has_findings_at_or_above(threshold))
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &*self.inner)
    }
    /// The report in Conclave's JSON format.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let inner = Arc::clone(&self.inner);
        detached(py, move || conclave::output::render_json(&inner))
    }
    /// Function metrics only, as JSON.
    fn to_metrics_json(&self) -> String {
        conclave::output::render_metrics_json(&self.inner)
    }
    /// SARIF 2.1.0.
    fn to_sarif(&self, py: Python<'_>) -> PyResult<String> {
        let inner = Arc::clone(&self.inner);
        let rules = Arc::clone(&self.rules);
        detached(py, move || {
            if rules.is_empty() {
                match conclave::Engine::new() {
                    Ok(engine) => conclave::output::render_sarif(&inner, engine.rules()),
                    Err(_) => conclave::output::render_sarif(&inner, &[]),
                }
            } else {
                conclave::output::render_sarif(&inner, &rules)
            }
        })
    }
    #[staticmethod]
    fn _from_json(json: &str) -> PyResult<Report> {
        let inner: conclave::Report = serde_json::from_str(json).or_raise()?;
        Ok(Report::from(inner))
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(slf.as_any(), json_of(&*slf.get().inner, false)?)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Report>()
            .is_ok_and(|o| same_data(&*o.get().inner, &*self.inner))
    }
    fn __len__(&self) -> usize {
        self.inner.files.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "Report({} files, {} findings)",
            self.inner.files.len(),
            self.inner.summary.findings
        )
    }
}
