//! Workflows: natural language to a validated plan of agent steps, executed with checkpoints.
//!
//! [`parse_request`] turns common phrasings into a [`Plan`]; [`Plan::validate`] rejects invalid
//! or unsafe plans whole; a [`Runner`] executes one with parallel steps, time limits, retries
//! and a SQLite checkpoint after every step ([`Checkpoints`]), so a killed run resumes.
//!
//! ```
//! use std::sync::Arc;
//! use conclave::workflow::{Planner, RunStatus, Runner, Toolbox};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("app.py"), "def check(a):\n    if a == None:\n        return 0\n    return a\n")?;
//! let planned = Planner::new().plan("review app.py, then fix the worst one", Some(dir.path()))?;
//! let tools = Toolbox {
//!     engine: Arc::new(conclave::Engine::new()?),
//!     root: dir.path().to_owned(),
//!     assistant: None, // no model: deterministic steps only
//!     tests: None,
//!     runtimes: Default::default(),
//!     learned: None,
//! };
//! let report = Runner::new(tools).run("example", &planned.plan)?;
//! assert_eq!(report.status, RunStatus::Succeeded);
//! let fixed = &report.step("fix").unwrap().output.as_ref().unwrap().findings;
//! assert_eq!(fixed[0].rule_id.as_str(), "R015"); // `== None` becomes `is None`
//! assert!(fixed[0].fix.as_ref().unwrap().verification.as_ref().unwrap().passed());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod checkpoint;
mod exec;
mod forecast;
mod live;
mod parse;
pub mod plan;
mod planner;
pub mod predict;
mod scheduler;
mod steps;

pub use checkpoint::{CheckpointError, Checkpoints, RunRecord, StepRecord};
pub use exec::{
    CancelToken, RunReport, RunStatus, Runner, StepOutput, StepStatus, WorkflowError, WorkflowEvent,
};
pub use forecast::{InputSize, step_key};
pub use live::publish_to_session;
pub use parse::parse_request;
pub use plan::{FunctionRef, Inputs, OnFailure, Plan, PlanError, Step};
pub use planner::{Planned, PlannedBy, Planner};
pub use steps::Toolbox;
