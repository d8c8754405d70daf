//! Workflows: natural language to a validated plan of agent steps, executed with checkpoints.
//!
//! [`parse_request`] turns common phrasings into a [`Plan`]; [`Plan::validate`] rejects invalid
//! or unsafe plans whole; a [`Runner`] executes one with parallel steps, time limits, retries
//! and a SQLite checkpoint after every step ([`Checkpoints`]), so a killed run resumes.

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
