//! Runs a validated plan: independent steps in parallel, each attempt isolated on its own thread
//! with a time limit, retries with backoff, a checkpoint after every step, cancellation.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::checkpoint::{CheckpointError, Checkpoints, StepRecord, now_ms};
use super::forecast::{InputSize, input_sizes, planned_steps, step_run};
use super::plan::{Plan, PlanError, Step};
use super::predict::{self, Anomaly, Budget, Estimate, History, PredictError, Prediction};
use super::steps::Toolbox;
use crate::vocab::Finding;

/// What a step produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepOutput {
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Action-specific results (generated tests, a diagnosis).
    #[serde(default)]
    pub details: serde_json::Value,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub model_calls: u32,
    #[serde(default)]
    pub cost_usd: f64,
    /// Model tokens used (input and output).
    #[serde(default)]
    pub tokens: u64,
    /// Model calls served on this machine.
    #[serde(default)]
    pub local_calls: u32,
}

impl StepOutput {
    pub(crate) fn note(text: &str) -> StepOutput {
        StepOutput {
            notes: vec![text.to_owned()],
            ..StepOutput::default()
        }
    }
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    Succeeded,
    /// Every attempt failed; the error is recorded.
    Failed,
    /// Not run: a step it depends on failed, or the workflow stopped.
    Skipped,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Succeeded => "succeeded",
            StepStatus::Failed => "failed",
            StepStatus::Skipped => "skipped",
        }
    }

    pub fn parse(text: &str) -> Option<StepStatus> {
        [
            StepStatus::Succeeded,
            StepStatus::Failed,
            StepStatus::Skipped,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// What a run reports as it goes (for progress displays and session logs).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WorkflowEvent {
    RunStarted {
        run: String,
        steps: usize,
        resumed: usize,
    },
    StepStarted {
        run: String,
        step: String,
        agent: String,
        attempt: u32,
    },
    StepFinished {
        run: String,
        step: String,
        status: StepStatus,
        duration_ms: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
        findings: usize,
    },
    /// The findings a step reported (only emitted when someone observes the run).
    Findings {
        run: String,
        step: String,
        findings: Vec<Finding>,
    },
    /// Model use of a step.
    Cost {
        run: String,
        step: String,
        usd: f64,
        tokens: u64,
        model_calls: u32,
        local_calls: u32,
    },
    /// A finished step far from what its history predicts (findings, cost, tokens, time).
    Anomaly {
        run: String,
        step: String,
        anomaly: Box<Anomaly>,
    },
    RunFinished {
        run: String,
        status: RunStatus,
    },
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunStatus {
    /// Every step succeeded.
    Succeeded,
    /// Some steps failed or were skipped; the others' results stand.
    Partial,
    /// Cancelled before every step ran; resuming continues it.
    Cancelled,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Succeeded => "succeeded",
            RunStatus::Partial => "partial",
            RunStatus::Cancelled => "cancelled",
        }
    }
}

/// A finished (or cancelled) run.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub run: String,
    pub status: RunStatus,
    /// Steps in the order they finished; resumed steps first.
    pub steps: Vec<StepRecord>,
    /// Steps taken from the checkpoint instead of being run again.
    pub resumed: Vec<String>,
}

impl RunReport {
    /// A step's record.
    pub fn step(&self, id: &str) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.step == id)
    }
}

/// Errors that stop a run from starting or from being recorded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkflowError {
    #[error("invalid plan: {0}")]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
}

/// Cancels a run from another thread: no new step starts; running ones finish.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

type Observer = Arc<dyn Fn(&WorkflowEvent) + Send + Sync>;

/// Runs plans with one set of tools.
#[derive(Clone)]
pub struct Runner {
    pub(super) tools: Arc<Toolbox>,
    pub(super) checkpoints: Option<Arc<Checkpoints>>,
    pub(super) parallel: usize,
    pub(super) backoff: Duration,
    observer: Option<Observer>,
    pub(super) cancel: CancelToken,
    history: Option<Arc<History>>,
}

/// Input sizes and predictions of a run's steps, for recording what happened.
pub(super) type Forecasts = BTreeMap<String, (InputSize, Option<Prediction>)>;

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("tools", &self.tools)
            .field("parallel", &self.parallel)
            .finish_non_exhaustive()
    }
}

impl Runner {
    pub fn new(tools: Toolbox) -> Runner {
        Runner {
            tools: Arc::new(tools),
            checkpoints: None,
            parallel: std::thread::available_parallelism().map_or(2, |n| n.get()),
            backoff: Duration::from_millis(200),
            observer: None,
            cancel: CancelToken::default(),
            history: None,
        }
    }

    /// Records every finished step into `history` (with its prediction error) and reports
    /// anomalous steps.
    pub fn history(mut self, history: Arc<History>) -> Self {
        self.history = Some(history);
        self
    }

    /// Predicts each step's duration, tokens and cost from the history and checks the plan
    /// against `budget`: within, downgrade (named steps without a model) or refuse.
    pub fn estimate(&self, plan: &Plan, budget: &Budget) -> Result<Estimate, PredictError> {
        let sizes = input_sizes(&self.tools, plan);
        let empty;
        let history = match &self.history {
            Some(h) => h.as_ref(),
            None => {
                empty = History::open(":memory:")?;
                &empty
            }
        };
        predict::estimate(history, &planned_steps(plan, &sizes), budget)
    }

    pub(super) fn forecasts(&self, plan: &Plan) -> Option<Forecasts> {
        let history = self.history.as_ref()?;
        let sizes = input_sizes(&self.tools, plan);
        let planned = planned_steps(plan, &sizes);
        Some(
            planned
                .into_iter()
                .map(|p| {
                    let prediction =
                        predict::predict(history, &p.agent, p.language.as_deref(), p.input_bytes)
                            .ok();
                    let size = sizes.get(&p.id).cloned().unwrap_or_default();
                    (p.id, (size, prediction))
                })
                .collect(),
        )
    }

    /// Checkpoints every step to this store; runs with a known id resume from it.
    pub fn checkpoints(mut self, store: Arc<Checkpoints>) -> Self {
        self.checkpoints = Some(store);
        self
    }

    /// Steps running at once (at least 1).
    pub fn parallel(mut self, steps: usize) -> Self {
        self.parallel = steps.max(1);
        self
    }

    /// The first retry waits this long; each further one twice as long (at most 30 s).
    pub fn backoff(mut self, first: Duration) -> Self {
        self.backoff = first;
        self
    }

    pub fn observer(mut self, f: impl Fn(&WorkflowEvent) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(f));
        self
    }

    /// The token that cancels this runner's runs.
    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
    }

    pub(super) fn emit(&self, event: &WorkflowEvent) {
        if let Some(observer) = &self.observer {
            observer(event);
        }
    }

    /// Adds a finished step to the history, stores its prediction error, reports an anomaly.
    /// History problems are logged: they never fail a run.
    pub(super) fn learn(
        &self,
        run_id: &str,
        step: &Step,
        record: &StepRecord,
        forecasts: &Forecasts,
    ) {
        let (Some(history), Some(output), Some((size, prediction))) = (
            &self.history,
            record.output.as_ref(),
            forecasts.get(&step.id),
        ) else {
            return;
        };
        let duration = (record.finished_ms - record.started_ms).max(0) as f64;
        let run = step_run(step, size, output, duration);
        match predict::anomaly(history, &run) {
            Ok(Some(anomaly)) => self.emit(&WorkflowEvent::Anomaly {
                run: run_id.into(),
                step: step.id.clone(),
                anomaly: Box::new(anomaly),
            }),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "anomaly check failed"),
        }
        let recorded = history.record(&run).and_then(|()| match prediction {
            Some(p) => history.record_outcome(p, &run),
            None => Ok(()),
        });
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "cannot record the step in the history");
        }
    }

    pub(super) fn finish_step(
        &self,
        run_id: &str,
        record: &StepRecord,
        order: &mut Vec<String>,
    ) -> Result<(), WorkflowError> {
        if let Some(store) = &self.checkpoints {
            store.save(run_id, record)?;
        }
        order.push(record.step.clone());
        if let (Some(output), Some(_)) = (&record.output, &self.observer) {
            if !output.findings.is_empty() {
                self.emit(&WorkflowEvent::Findings {
                    run: run_id.into(),
                    step: record.step.clone(),
                    findings: output.findings.clone(),
                });
            }
            if output.model_calls > 0 {
                self.emit(&WorkflowEvent::Cost {
                    run: run_id.into(),
                    step: record.step.clone(),
                    usd: output.cost_usd,
                    tokens: output.tokens,
                    model_calls: output.model_calls,
                    local_calls: output.local_calls,
                });
            }
        }
        self.emit(&WorkflowEvent::StepFinished {
            run: run_id.into(),
            step: record.step.clone(),
            status: record.status,
            duration_ms: (record.finished_ms - record.started_ms).max(0) as u64,
            error: record.error.clone(),
            findings: record.output.as_ref().map_or(0, |o| o.findings.len()),
        });
        Ok(())
    }
}

pub(super) fn skipped(step: &Step, reason: &str) -> StepRecord {
    let now = now_ms();
    StepRecord {
        step: step.id.clone(),
        status: StepStatus::Skipped,
        attempts: 0,
        output: None,
        error: Some(reason.to_owned()),
        started_ms: now,
        finished_ms: now,
    }
}
