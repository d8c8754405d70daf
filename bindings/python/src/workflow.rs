//! Workflows from natural language: plans, and runs whose events arrive as an iterator.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};

use conclave::agents::testgen::Runtimes;
use conclave::agents::{Assistant, ModelBudget};
use conclave::workflow::{CancelToken, Checkpoints, Planner, RunReport, Runner, Toolbox};
use pyo3::exceptions::PyStopIteration;
use pyo3::prelude::*;

use crate::analysis::path_arg;
use crate::convert::{ser_to_py, to_py};
use crate::errors::{BindingError, OrRaise, detached, input_error};
use crate::models::{Router, lock_for_reading, recv_interruptible};

fn planner(router: Option<&Router>) -> Planner {
    match router {
        Some(r) => Planner::with_model(Arc::clone(&r.inner)),
        None => Planner::new(),
    }
}

/// Turns a request in plain words ("review src/ and fix what is safe") into a validated plan:
/// a dict with `plan` (steps, agents, inputs, dependencies) and `by` (parser or model).
/// A `router` lets a model plan what the request parser cannot.
#[pyfunction]
#[pyo3(signature = (request, root, router = None))]
pub fn plan<'py>(
    py: Python<'py>,
    request: &str,
    root: &Bound<'py, PyAny>,
    router: Option<&Router>,
) -> PyResult<Bound<'py, PyAny>> {
    let root = path_arg(root)?;
    let planner = planner(router);
    let request = request.to_owned();
    let planned = detached(py, move || planner.plan(&request, Some(&root)))?.or_raise()?;
    ser_to_py(py, &planned)
}

enum RunItem {
    Event(serde_json::Value),
    Done(Result<Result<RunReport, BindingError>, String>),
}

/// Plans `request` and runs it on a Rust thread; iterate for the events as dicts
/// (`{"event": "step-started", ...}`); `.report` holds the final report afterwards.
/// With `checkpoints` (a SQLite path) finished steps are kept and a run with the same
/// `run_id` resumes. Closing or dropping the iterator cancels steps not yet started.
#[pyfunction]
#[pyo3(signature = (request, root, run_id = None, checkpoints = None, router = None, parallel = 2))]
pub fn run(
    py: Python<'_>,
    request: &str,
    root: &Bound<'_, PyAny>,
    run_id: Option<String>,
    checkpoints: Option<&Bound<'_, PyAny>>,
    router: Option<&Router>,
    parallel: usize,
) -> PyResult<WorkflowRun> {
    let root: PathBuf = path_arg(root)?;
    if !root.is_dir() {
        return Err(input_error(format!(
            "{} is not a directory",
            root.display()
        )));
    }
    let checkpoints = checkpoints.map(path_arg).transpose()?;
    let planner = planner(router);
    let request_text = request.to_owned();
    let plan_root = root.clone();
    let planned =
        detached(py, move || planner.plan(&request_text, Some(&plan_root)))?.or_raise()?;
    let engine = Arc::new(detached(py, conclave::Engine::new)?.or_raise()?);
    let tools = Toolbox {
        engine,
        root,
        assistant: router.map(|r| Assistant::new(Arc::clone(&r.inner), ModelBudget::default())),
        tests: None,
        runtimes: Runtimes::default(),
        learned: None,
    };
    let (tx, rx) = mpsc::channel();
    let events = tx.clone();
    let mut runner = Runner::new(tools)
        .parallel(parallel.max(1))
        .observer(move |event| {
            if let Ok(value) = serde_json::to_value(event) {
                let _ = events.send(RunItem::Event(value));
            }
        });
    if let Some(path) = checkpoints {
        let store = detached(py, move || Checkpoints::open(path))?.or_raise()?;
        runner = runner.checkpoints(Arc::new(store));
    }
    let cancel = runner.cancel_token();
    let run_id = run_id.unwrap_or_else(|| {
        format!(
            "run-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis())
        )
    });
    let plan = planned.plan.clone();
    let id = run_id.clone();
    std::thread::Builder::new()
        .name("conclave-workflow".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                runner.run(&id, &plan).map_err(BindingError::from)
            }));
            let _ = tx.send(RunItem::Done(
                result.map_err(|p| crate::errors::panic_message(p.as_ref())),
            ));
        })
        .map_err(|e| {
            crate::errors::ConclaveError::new_err(format!("cannot start a thread: {e}"))
        })?;
    Ok(WorkflowRun {
        run_id,
        plan: serde_json::to_value(&planned).or_raise()?,
        rx: Mutex::new(Some(rx)),
        report: Mutex::new(None),
        cancel,
    })
}

/// A running workflow: an iterator of event dicts.
#[pyclass(module = "conclave._native", frozen)]
pub struct WorkflowRun {
    run_id: String,
    plan: serde_json::Value,
    rx: Mutex<Option<Receiver<RunItem>>>,
    report: Mutex<Option<serde_json::Value>>,
    cancel: CancelToken,
}

impl std::fmt::Debug for WorkflowRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkflowRun")
            .field("run_id", &self.run_id)
            .finish_non_exhaustive()
    }
}

impl Drop for WorkflowRun {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

#[pymethods]
impl WorkflowRun {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut guard = lock_for_reading(&self.rx)?;
        match recv_interruptible(py, &mut guard)? {
            Some(RunItem::Event(value)) => to_py(py, &value),
            Some(RunItem::Done(Ok(Ok(report)))) => {
                *guard = None;
                *self.report.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(serde_json::to_value(&report).or_raise()?);
                Err(PyStopIteration::new_err(()))
            }
            Some(RunItem::Done(Ok(Err(e)))) => {
                *guard = None;
                Err(e.into())
            }
            Some(RunItem::Done(Err(panic))) => {
                *guard = None;
                Err(BindingError::Panic(panic).into())
            }
            None => {
                *guard = None;
                Err(PyStopIteration::new_err(()))
            }
        }
    }
    /// Cancels the run: steps not yet started are not started.
    fn cancel(&self) {
        self.cancel.cancel();
    }
    #[getter]
    fn run_id(&self) -> &str {
        &self.run_id
    }
    /// The plan being run (dict with `plan` and `by`).
    #[getter]
    fn plan<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan)
    }
    /// The final report (run, status, steps, resumed) once iteration ends, else None.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &*self.report.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(v) => to_py(py, v),
            None => Ok(py.None().into_bound(py)),
        }
    }
}
