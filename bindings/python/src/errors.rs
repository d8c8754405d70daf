//! The one place where core errors become Python exceptions.
//!
//! Every exception class is created once, here, under `conclave`; every entry point turns a
//! core error into a [`BindingError`] (through [`OrRaise`]) and pyo3 turns that into the
//! matching class through the single `From<BindingError> for PyErr` below.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    conclave,
    ConclaveError,
    PyException,
    "Base class of every error Conclave raises."
);
pyo3::create_exception!(
    conclave,
    InputError,
    ConclaveError,
    "An argument has the right type but an unusable value (unknown language, invalid UTF-8, NUL byte in a path)."
);
pyo3::create_exception!(
    conclave,
    ConfigError,
    ConclaveError,
    "The configuration file is invalid or unreadable."
);
pyo3::create_exception!(
    conclave,
    AnalysisError,
    ConclaveError,
    "The engine could not be built (rules, taint specifications, thread pool)."
);
pyo3::create_exception!(
    conclave,
    ParseError,
    ConclaveError,
    "A stack trace or source could not be read."
);
pyo3::create_exception!(
    conclave,
    ModelError,
    ConclaveError,
    "A local model could not be found, loaded or run."
);
pyo3::create_exception!(
    conclave,
    RouterError,
    ConclaveError,
    "No backend could answer a routed request."
);
pyo3::create_exception!(
    conclave,
    BudgetExceeded,
    RouterError,
    "A budget configured to refuse would be exceeded (attributes: scope, spent_usd, limit_usd, period)."
);
pyo3::create_exception!(
    conclave,
    LedgerError,
    RouterError,
    "The cost ledger could not be read or written."
);
pyo3::create_exception!(
    conclave,
    AgentError,
    ConclaveError,
    "An agent (test generation, fixing) could not do its work."
);
pyo3::create_exception!(
    conclave,
    PlanError,
    ConclaveError,
    "A request could not be turned into a valid plan."
);
pyo3::create_exception!(
    conclave,
    WorkflowError,
    ConclaveError,
    "A workflow could not start or be recorded."
);
pyo3::create_exception!(
    conclave,
    ConsensusError,
    ConclaveError,
    "Votes or rules given to `decide` are invalid."
);
pyo3::create_exception!(
    conclave,
    SessionError,
    ConclaveError,
    "A session log or subscription failed."
);
pyo3::create_exception!(
    conclave,
    FeedbackError,
    ConclaveError,
    "The feedback store could not be read or written, or a verdict is invalid."
);

/// Every failure an entry point can meet, before it becomes a Python exception.
#[derive(Debug)]
pub enum BindingError {
    Input(String),
    Config(conclave::ConfigError),
    Engine(conclave::EngineError),
    Trace(conclave::debug::TraceError),
    Model(conclave::models::ModelError),
    Router(conclave::router::RouterError),
    Ledger(conclave::router::LedgerError),
    TestGen(conclave::agents::testgen::TestGenError),
    Plan(conclave::workflow::PlanError),
    Workflow(conclave::workflow::WorkflowError),
    Checkpoint(conclave::workflow::CheckpointError),
    Consensus(conclave::consensus::ConsensusError),
    Session(conclave::session::SessionError),
    Learn(conclave::learn::LearnError),
    Io(std::io::Error),
    Json(serde_json::Error),
    /// A panic caught at the boundary: a bug, reported instead of crossing into Python.
    Panic(String),
}

macro_rules! from_core {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        $(impl From<$ty> for BindingError {
            fn from(e: $ty) -> Self {
                BindingError::$variant(e)
            }
        })*
    };
}

from_core!(
    Config(conclave::ConfigError),
    Engine(conclave::EngineError),
    Trace(conclave::debug::TraceError),
    Model(conclave::models::ModelError),
    Router(conclave::router::RouterError),
    Ledger(conclave::router::LedgerError),
    TestGen(conclave::agents::testgen::TestGenError),
    Plan(conclave::workflow::PlanError),
    Workflow(conclave::workflow::WorkflowError),
    Checkpoint(conclave::workflow::CheckpointError),
    Consensus(conclave::consensus::ConsensusError),
    Session(conclave::session::SessionError),
    Learn(conclave::learn::LearnError),
    Io(std::io::Error),
    Json(serde_json::Error),
);

impl From<BindingError> for PyErr {
    fn from(e: BindingError) -> PyErr {
        use conclave::router::RouterError as R;
        match e {
            BindingError::Input(m) => InputError::new_err(m),
            BindingError::Config(e) => ConfigError::new_err(e.to_string()),
            BindingError::Engine(conclave::EngineError::Config(e)) => {
                ConfigError::new_err(e.to_string())
            }
            BindingError::Engine(e) => AnalysisError::new_err(e.to_string()),
            BindingError::Trace(e) => ParseError::new_err(e.to_string()),
            BindingError::Model(e) => ModelError::new_err(e.to_string()),
            BindingError::Router(R::BudgetExceeded {
                scope,
                spent_usd,
                limit_usd,
                period,
            }) => {
                let message = format!(
                    "budget `{scope}` would be exceeded: ${spent_usd:.6} committed of ${limit_usd:.6} this {period}"
                );
                Python::attach(|py| {
                    let err = BudgetExceeded::new_err(message);
                    let value = err.value(py);
                    // Attributes are a convenience: the message already says everything.
                    let _ = value.setattr("scope", scope);
                    let _ = value.setattr("spent_usd", spent_usd);
                    let _ = value.setattr("limit_usd", limit_usd);
                    let _ = value.setattr("period", period);
                    err
                })
            }
            BindingError::Router(R::Ledger(e)) | BindingError::Ledger(e) => {
                LedgerError::new_err(e.to_string())
            }
            BindingError::Router(e) => RouterError::new_err(e.to_string()),
            BindingError::TestGen(e) => AgentError::new_err(e.to_string()),
            BindingError::Plan(e) => PlanError::new_err(e.to_string()),
            BindingError::Workflow(conclave::workflow::WorkflowError::Plan(e)) => {
                PlanError::new_err(e.to_string())
            }
            BindingError::Workflow(e) => WorkflowError::new_err(e.to_string()),
            BindingError::Checkpoint(e) => WorkflowError::new_err(e.to_string()),
            BindingError::Consensus(e) => ConsensusError::new_err(e.to_string()),
            BindingError::Session(e) => SessionError::new_err(e.to_string()),
            BindingError::Learn(e) => FeedbackError::new_err(e.to_string()),
            BindingError::Io(e) => ConclaveError::new_err(e.to_string()),
            BindingError::Json(e) => InputError::new_err(format!("invalid JSON value: {e}")),
            BindingError::Panic(m) => ConclaveError::new_err(format!("internal error: {m}")),
        }
    }
}

/// `result.or_raise()?`: a core result inside a function that returns `PyResult`.
pub trait OrRaise<T> {
    fn or_raise(self) -> PyResult<T>;
}

impl<T, E: Into<BindingError>> OrRaise<T> for Result<T, E> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(|e| PyErr::from(e.into()))
    }
}

/// An input error, as a `PyErr`.
pub fn input_error(message: impl Into<String>) -> PyErr {
    BindingError::Input(message.into()).into()
}

/// Runs `f` without the GIL (other Python threads go on) and turns a panic into
/// `ConclaveError` instead of letting it cross into Python.
pub fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .map_err(|payload| BindingError::Panic(panic_message(payload.as_ref())).into())
}

pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ConclaveError", py.get_type::<ConclaveError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("AnalysisError", py.get_type::<AnalysisError>())?;
    m.add("ParseError", py.get_type::<ParseError>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add("RouterError", py.get_type::<RouterError>())?;
    m.add("BudgetExceeded", py.get_type::<BudgetExceeded>())?;
    m.add("LedgerError", py.get_type::<LedgerError>())?;
    m.add("AgentError", py.get_type::<AgentError>())?;
    m.add("PlanError", py.get_type::<PlanError>())?;
    m.add("WorkflowError", py.get_type::<WorkflowError>())?;
    m.add("ConsensusError", py.get_type::<ConsensusError>())?;
    m.add("SessionError", py.get_type::<SessionError>())?;
    m.add("FeedbackError", py.get_type::<FeedbackError>())?;
    Ok(())
}
