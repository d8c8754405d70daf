//! Agents: the debug detective, test generation, verified rule fixes.

use std::path::Path;
use std::sync::Arc;

use conclave::agents::testgen::{self as core_testgen, Runtimes};
use conclave::agents::{Allowance, EnrichOptions, EnrichStats, FixTarget};
use pyo3::prelude::*;

use crate::analysis::{Engine, path_arg};
use crate::convert::ser_to_py;
use crate::errors::{BindingError, OrRaise, detached};

fn engine_or_default(engine: Option<&Engine>) -> Result<Arc<conclave::Engine>, BindingError> {
    match engine {
        Some(e) => Ok(Arc::clone(&e.inner)),
        None => Ok(Arc::new(conclave::Engine::new()?)),
    }
}

/// Reads a failure's output (a stack trace from Python, Node, Java, .NET or Go, possibly inside
/// logs), finds its frames in the source tree at `root` and ranks the suspect lines.
/// Returns the diagnosis as a dict (trace, suspects, hypothesis, fix).
///
/// >>> d = debug(open("crash.log").read(), "examples/sample-project")
/// >>> d["suspects"][0]["file"]
#[pyfunction]
#[pyo3(signature = (trace, root, engine = None))]
pub fn debug<'py>(
    py: Python<'py>,
    trace: &Bound<'py, PyAny>,
    root: &Bound<'py, PyAny>,
    engine: Option<&Engine>,
) -> PyResult<Bound<'py, PyAny>> {
    let trace = crate::analysis::source_text(trace)?;
    let root = path_arg(root)?;
    let engine = engine_or_default(engine).or_raise()?;
    let diagnosis = detached(py, move || {
        conclave::debug::diagnose(&engine, &trace, &root)
    })?
    .or_raise()?;
    ser_to_py(py, &diagnosis)
}

/// Generates tests for `function` in the file at `path` (pytest, Jest, JUnit 5, xUnit or
/// go test by the file's language), running the function to record outcomes where it can.
/// Returns a dict: code, file_name, cases, language, recorded.
#[pyfunction]
#[pyo3(signature = (path, function, python = "python3"))]
pub fn testgen<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    function: &str,
    python: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let path = path_arg(path)?;
    let function = function.to_owned();
    let runtimes = Runtimes {
        python: python.to_owned(),
        ..Runtimes::default()
    };
    let generated = detached(py, move || {
        core_testgen::generate(&path, &function, &runtimes)
    })?
    .or_raise()?;
    ser_to_py(py, &generated)
}

/// Rule fixes for the files under `path`, each verified (re-parsed, re-scanned: the finding
/// gone, nothing new). With `apply=True` the verified safe fixes (and unsafe ones with
/// `unsafe_fixes=True`) are written. Returns a dict: findings (with fixes and their
/// verification), stats, applied.
#[pyfunction]
#[pyo3(signature = (path, apply = false, unsafe_fixes = false, engine = None))]
pub fn fix<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    apply: bool,
    unsafe_fixes: bool,
    engine: Option<&Engine>,
) -> PyResult<Bound<'py, PyAny>> {
    let path = path_arg(path)?;
    let engine = engine_or_default(engine).or_raise()?;
    let result = detached(py, move || {
        verified_fixes(&engine, &path, apply, unsafe_fixes)
    })?
    .or_raise()?;
    ser_to_py(py, &result)
}

fn verified_fixes(
    engine: &conclave::Engine,
    path: &Path,
    apply: bool,
    unsafe_fixes: bool,
) -> Result<serde_json::Value, BindingError> {
    let mut report = engine.analyze_path(path);
    let options = EnrichOptions {
        explain_top: 0,
        model_fixes: false,
        verify_rule_fixes: true,
        tests: None,
    };
    let mut allowance = Allowance::NONE;
    let mut stats = EnrichStats::default();
    let mut applied = 0;
    for file in &mut report.files {
        let file_path = Path::new(&file.path);
        let Ok(text) = std::fs::read_to_string(file_path) else {
            continue;
        };
        file.findings.retain(|f| f.suppressed.is_none());
        let target = FixTarget {
            path: &file.path,
            file: file_path,
            language: file.language,
            text: &text,
        };
        stats.merge(conclave::agents::assist::enrich(
            engine,
            None,
            "code-analysis",
            target,
            &mut file.findings,
            &options,
            &mut allowance,
        ));
        if apply {
            applied += apply_verified(file_path, &text, &file.findings, unsafe_fixes)?;
        }
    }
    let findings: Vec<&conclave::Finding> = report.findings().filter(|f| f.fix.is_some()).collect();
    Ok(serde_json::json!({ "findings": findings, "stats": stats, "applied": applied }))
}

/// Applies a file's verified fixes that do not overlap, in one atomic write.
fn apply_verified(
    path: &Path,
    text: &str,
    findings: &[conclave::Finding],
    unsafe_ok: bool,
) -> Result<usize, BindingError> {
    let Some((patched, count)) = conclave::agents::apply_verified_fixes(text, findings, unsafe_ok)
    else {
        return Ok(0);
    };
    let tmp = path.with_file_name(format!(
        ".{}.conclave-fix.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file")
    ));
    std::fs::write(&tmp, patched)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path)?;
    Ok(count)
}
