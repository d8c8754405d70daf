//! Predictive analytics for workflow steps: how long a step will take, how many model tokens it
//! will use and what it will cost, predicted from the history of earlier runs of the same agent
//! (and language) on inputs of known size; the prediction error tracked over time; plans checked
//! against a budget before they run; runs that break sharply from their history flagged.
//!
//! Everything is simple on purpose, so that a number can be explained to the person who pays:
//!
//! - **Prediction** ([`predict`]): each quantity is `fixed + per_byte · input_bytes`, fitted on the
//!   last [`PredictOptions::window`] runs of the same agent and language with the Theil–Sen
//!   estimator (median of pairwise slopes: timing spikes do not drag it). With few runs, or runs of
//!   nearly the same size, it is the median per-byte rate instead. Too little history for the
//!   (agent, language) pair falls back to the agent over all languages, then to a documented
//!   [`Prior`]. The interval is the p10–p90 of how far past runs fell from the fitted line.
//! - **Budget** ([`estimate`]): the plan's predicted totals against [`Budget`]; over budget, steps
//!   that name a cheaper model-free variant are swapped for it, greediest saving first, until the
//!   plan fits ([`BudgetCheck::Downgrade`]), else the plan is refused ([`BudgetCheck::Refuse`]).
//! - **Anomalies** ([`anomaly`]): each metric of a finished run (findings, cost, tokens, duration)
//!   is compared with what the agent's history predicts for an input of that size, as a log ratio,
//!   and scored with the Iglewicz–Hoaglin modified z-score against the log ratios of past runs of
//!   similar size (all past runs when too few are similar); `|z| > 3.5` is flagged.
//! - **Accuracy** ([`History::record_outcome`], [`History::error_report`], [`learning_curve`]): each
//!   prediction is stored beside what really happened; the mean absolute percentage error per agent,
//!   recent against earlier, says whether the predictions are getting better.

mod accuracy;
mod anomaly;
mod budget;
mod history;
mod model;
mod stats;

use serde::{Deserialize, Serialize};

pub use accuracy::{AgentAccuracy, LearningPoint, PercentError, Trend, learning_curve};
pub use anomaly::{
    ANOMALY_THRESHOLD, Anomaly, AnomalyOptions, Metric, anomalies, anomalies_from, anomaly,
};
pub use budget::{
    Budget, BudgetCheck, BudgetMetric, Estimate, PlannedStep, StepEstimate, Totals, estimate,
    estimate_with,
};
pub use history::History;
pub use model::{
    Basis, Interval, Intervals, Linear, Method, PredictOptions, Prediction, Prior, predict,
    predict_from, predict_with,
};

use crate::store::StoreError;

/// What the executor records after each step: the input's size, what the step cost and found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRun {
    /// The agent that ran the step (e.g. `code-analysis`).
    pub agent: String,
    /// The language of the input, when the step had one.
    pub language: Option<String>,
    /// Bytes of input the step read.
    pub input_bytes: u64,
    /// Files of input the step read.
    pub input_files: u32,
    /// Wall-clock time of the step.
    pub duration_ms: f64,
    /// Model tokens, in and out together.
    pub tokens: u64,
    /// Money spent on model calls.
    pub cost_usd: f64,
    /// Findings the step reported.
    pub findings: u32,
    /// When the step finished, in milliseconds since the Unix epoch.
    pub at_ms: i64,
}

/// Errors from the prediction history and the checks built on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PredictError {
    /// The history database could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A run carries a value that cannot be a measurement (negative, NaN or infinite).
    #[error("step run of agent {agent}: {field} is {value}, not a finite non-negative number")]
    InvalidRun {
        agent: String,
        field: &'static str,
        value: f64,
    },
    /// A budget limit is negative, NaN or infinite.
    #[error("budget limit on {metric} is {limit}, not a finite non-negative number")]
    InvalidBudget { metric: BudgetMetric, limit: f64 },
}

impl StepRun {
    /// Rejects values no measurement can have, before they reach the store or a fit.
    fn validate(&self) -> Result<(), PredictError> {
        for (field, value) in [
            ("duration_ms", self.duration_ms),
            ("cost_usd", self.cost_usd),
        ] {
            if !value.is_finite() || value < 0.0 {
                return Err(PredictError::InvalidRun {
                    agent: self.agent.clone(),
                    field,
                    value,
                });
            }
        }
        Ok(())
    }
}

/// Milliseconds since the Unix epoch, now (0 if the clock is before 1970).
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
