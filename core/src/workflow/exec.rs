//! Runs a validated plan: independent steps in parallel, each attempt isolated on its own thread
//! with a time limit, retries with backoff, a checkpoint after every step, cancellation.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::checkpoint::{CheckpointError, Checkpoints, StepRecord, now_ms};
use super::forecast::{InputSize, input_sizes, planned_steps, step_run};
use super::plan::{OnFailure, Plan, PlanError, Step};
use super::predict::{self, Anomaly, Budget, Estimate, History, PredictError, Prediction};
use super::steps::{Toolbox, perform};
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
    tools: Arc<Toolbox>,
    checkpoints: Option<Arc<Checkpoints>>,
    parallel: usize,
    backoff: Duration,
    observer: Option<Observer>,
    cancel: CancelToken,
    history: Option<Arc<History>>,
}

/// Input sizes and predictions of a run's steps, for recording what happened.
type Forecasts = BTreeMap<String, (InputSize, Option<Prediction>)>;

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

    fn forecasts(&self, plan: &Plan) -> Option<Forecasts> {
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

    fn emit(&self, event: &WorkflowEvent) {
        if let Some(observer) = &self.observer {
            observer(event);
        }
    }

    /// Runs (or resumes) `plan` as run `run_id`.
    pub fn run(&self, run_id: &str, plan: &Plan) -> Result<RunReport, WorkflowError> {
        plan.validate()?;
        let done = match &self.checkpoints {
            Some(store) => store.begin(run_id, plan)?,
            None => BTreeMap::new(),
        };
        // Only successes are kept on resume: failed and skipped steps get another chance.
        let mut records: BTreeMap<String, StepRecord> = done
            .into_iter()
            .filter(|(_, r)| r.status == StepStatus::Succeeded)
            .collect();
        let resumed: Vec<String> = records.keys().cloned().collect();
        let forecasts = self.forecasts(plan);
        let mut order: Vec<String> = resumed.clone();
        self.emit(&WorkflowEvent::RunStarted {
            run: run_id.into(),
            steps: plan.steps.len(),
            resumed: resumed.len(),
        });
        let steps: BTreeMap<&str, &Step> = plan.steps.iter().map(|s| (s.id.as_str(), s)).collect();
        let (send, receive) = mpsc::channel::<StepRecord>();
        let mut running: BTreeSet<String> = BTreeSet::new();
        let mut stopping = false;
        loop {
            if !stopping && !self.cancel.is_cancelled() {
                for step in &plan.steps {
                    if running.len() >= self.parallel {
                        break;
                    }
                    if records.contains_key(&step.id) || running.contains(&step.id) {
                        continue;
                    }
                    let deps: Vec<&StepRecord> = step
                        .depends_on
                        .iter()
                        .filter_map(|d| records.get(d))
                        .collect();
                    if deps.len() < step.depends_on.len() {
                        continue; // still waiting
                    }
                    if let Some(bad) = deps.iter().find(|d| d.status != StepStatus::Succeeded) {
                        let record = skipped(step, &format!("`{}` did not succeed", bad.step));
                        self.finish_step(run_id, &record, &mut order)?;
                        records.insert(step.id.clone(), record);
                        continue;
                    }
                    let upstream = deps
                        .iter()
                        .filter_map(|d| Some((d.step.clone(), d.output.clone()?)))
                        .collect();
                    running.insert(step.id.clone());
                    self.spawn_step(run_id, (*step).clone(), upstream, send.clone());
                }
            }
            if running.is_empty() {
                break;
            }
            let Ok(record) = receive.recv() else { break };
            running.remove(&record.step);
            if let (Some(forecasts), Some(step)) = (&forecasts, steps.get(record.step.as_str())) {
                self.learn(run_id, step, &record, forecasts);
            }
            self.finish_step(run_id, &record, &mut order)?;
            if record.status == StepStatus::Failed && plan.on_failure == OnFailure::Stop {
                stopping = true;
            }
            records.insert(record.step.clone(), record);
        }
        // A stopped workflow records what it did not run.
        if stopping {
            for step in &plan.steps {
                if !records.contains_key(&step.id) {
                    let record = skipped(step, "the workflow stopped after a failure");
                    self.finish_step(run_id, &record, &mut order)?;
                    records.insert(step.id.clone(), record);
                }
            }
        }
        let status = if records.len() < steps.len() {
            RunStatus::Cancelled
        } else if records.values().all(|r| r.status == StepStatus::Succeeded) {
            RunStatus::Succeeded
        } else {
            RunStatus::Partial
        };
        if let Some(store) = &self.checkpoints {
            store.finish(run_id, status.as_str())?;
        }
        self.emit(&WorkflowEvent::RunFinished {
            run: run_id.into(),
            status,
        });
        let steps = order.iter().filter_map(|id| records.remove(id)).collect();
        Ok(RunReport {
            run: run_id.into(),
            status,
            steps,
            resumed,
        })
    }

    /// Adds a finished step to the history, stores its prediction error, reports an anomaly.
    /// History problems are logged: they never fail a run.
    fn learn(&self, run_id: &str, step: &Step, record: &StepRecord, forecasts: &Forecasts) {
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

    fn finish_step(
        &self,
        run_id: &str,
        record: &StepRecord,
        order: &mut Vec<String>,
    ) -> Result<(), WorkflowError> {
        if let Some(store) = &self.checkpoints {
            store.save(run_id, record)?;
        }
        order.push(record.step.clone());
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

    /// Runs a step's attempts on a thread of its own and sends its record when done.
    fn spawn_step(
        &self,
        run_id: &str,
        step: Step,
        upstream: BTreeMap<String, StepOutput>,
        done: mpsc::Sender<StepRecord>,
    ) {
        let runner = self.clone();
        let run_id = run_id.to_owned();
        let id = step.id.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("step-{id}"))
            .spawn(move || {
                let record = runner.attempts(&run_id, &step, &upstream);
                let _ = done.send(record);
            });
        if let Err(e) = spawned {
            tracing::error!(step = %id, error = %e, "cannot start a step thread");
        }
    }

    fn attempts(
        &self,
        run_id: &str,
        step: &Step,
        upstream: &BTreeMap<String, StepOutput>,
    ) -> StepRecord {
        let started_ms = now_ms();
        let mut error = String::new();
        let mut wait = self.backoff;
        for attempt in 1..=step.retries + 1 {
            if attempt > 1 {
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_secs(30));
                if self.cancel.is_cancelled() {
                    break;
                }
            }
            self.emit(&WorkflowEvent::StepStarted {
                run: run_id.into(),
                step: step.id.clone(),
                agent: step.agent.clone(),
                attempt,
            });
            match self.attempt(step, upstream) {
                Ok(output) => {
                    return StepRecord {
                        step: step.id.clone(),
                        status: StepStatus::Succeeded,
                        attempts: attempt,
                        output: Some(output),
                        error: None,
                        started_ms,
                        finished_ms: now_ms(),
                    };
                }
                Err(e) => {
                    tracing::warn!(step = %step.id, attempt, error = %e, "step attempt failed");
                    error = e;
                }
            }
        }
        StepRecord {
            step: step.id.clone(),
            status: StepStatus::Failed,
            attempts: step.retries + 1,
            output: None,
            error: Some(error),
            started_ms,
            finished_ms: now_ms(),
        }
    }

    /// One attempt, isolated: a panic or an overrun is this attempt's error.
    fn attempt(
        &self,
        step: &Step,
        upstream: &BTreeMap<String, StepOutput>,
    ) -> Result<StepOutput, String> {
        let (send, receive) = mpsc::channel();
        let tools = self.tools.clone();
        let (job, inputs) = (step.clone(), upstream.clone());
        std::thread::Builder::new()
            .name(format!("attempt-{}", step.id))
            .spawn(move || {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    perform(&tools, &job, &inputs)
                }));
                let _ = send.send(result);
            })
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        let limit = Duration::from_millis(step.timeout_ms);
        let started = Instant::now();
        match receive.recv_timeout(limit) {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => Err(format!(
                "panicked: {}",
                panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a non-string panic".into())
            )),
            Err(_) => Err(format!(
                "timed out after {:?} (limit {limit:?})",
                started.elapsed()
            )),
        }
    }
}

fn skipped(step: &Step, reason: &str) -> StepRecord {
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
