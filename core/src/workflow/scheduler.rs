//! The run loop: launches ready steps (up to the parallelism), one thread per attempt, and
//! waits on one channel for results, attempt deadlines and retry times, so a step costs one
//! thread start and a message, not a supervising thread of its own.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::checkpoint::{StepRecord, now_ms};
use super::exec::{
    RunReport, RunStatus, Runner, StepOutput, StepStatus, WorkflowError, WorkflowEvent, skipped,
};
use super::plan::{OnFailure, Plan, Step};
use super::steps::perform;

/// The longest wait between retries.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

type Outcome = (String, u32, Result<StepOutput, String>);

/// An attempt in flight.
struct Attempt {
    number: u32,
    deadline: Instant,
    started_ms: i64,
}

/// A step waiting for its next attempt.
struct Retry {
    number: u32,
    at: Instant,
    started_ms: i64,
}

impl Runner {
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
        let (send, receive) = mpsc::channel::<Outcome>();
        let mut running: BTreeMap<String, Attempt> = BTreeMap::new();
        let mut retries: BTreeMap<String, Retry> = BTreeMap::new();
        let mut stopping = false;
        loop {
            let halted = stopping || self.cancel.is_cancelled();
            if halted {
                retries.clear();
            }
            // Retries that are due, then new steps whose dependencies are done.
            let now = Instant::now();
            let due: Vec<String> = retries
                .iter()
                .filter(|(_, r)| r.at <= now)
                .map(|(id, _)| id.clone())
                .collect();
            for id in due {
                let (Some(retry), Some(step)) = (retries.remove(&id), steps.get(id.as_str()))
                else {
                    continue;
                };
                let upstream = upstream_of(step, &records);
                running.insert(
                    id,
                    self.launch(
                        run_id,
                        step,
                        upstream,
                        retry.number,
                        retry.started_ms,
                        &send,
                    ),
                );
            }
            for step in &plan.steps {
                if halted || running.len() + retries.len() >= self.parallel {
                    break;
                }
                let id = &step.id;
                if records.contains_key(id) || running.contains_key(id) || retries.contains_key(id)
                {
                    continue;
                }
                let deps: Vec<&StepRecord> = step
                    .depends_on
                    .iter()
                    .filter_map(|d| records.get(d))
                    .collect();
                if deps.len() < step.depends_on.len() {
                    continue;
                }
                if let Some(bad) = deps.iter().find(|d| d.status != StepStatus::Succeeded) {
                    let record = skipped(step, &format!("`{}` did not succeed", bad.step));
                    self.finish_step(run_id, &record, &mut order)?;
                    records.insert(id.clone(), record);
                    continue;
                }
                let upstream = upstream_of(step, &records);
                let attempt = self.launch(run_id, step, upstream, 1, now_ms(), &send);
                running.insert(id.clone(), attempt);
            }
            if running.is_empty() && retries.is_empty() {
                break;
            }
            let wake = running
                .values()
                .map(|a| a.deadline)
                .chain(retries.values().map(|r| r.at))
                .min()
                .unwrap_or_else(Instant::now);
            let finished: Vec<Outcome> =
                match receive.recv_timeout(wake.saturating_duration_since(Instant::now())) {
                    Ok(outcome) => vec![outcome],
                    Err(RecvTimeoutError::Timeout) => {
                        let now = Instant::now();
                        running
                            .iter()
                            .filter(|(_, a)| a.deadline <= now)
                            .map(|(id, a)| {
                                let limit = steps.get(id.as_str()).map_or(0, |s| s.timeout_ms);
                                let error = format!("timed out (limit {limit} ms)");
                                (id.clone(), a.number, Err(error))
                            })
                            .collect()
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                };
            for (id, number, result) in finished {
                // A result from an attempt already given up on (timed out) is dropped.
                let Some(attempt) = running.remove(&id).filter(|a| a.number == number) else {
                    continue;
                };
                let Some(step) = steps.get(id.as_str()) else {
                    continue;
                };
                let error = match result {
                    Ok(output) => {
                        let record = StepRecord {
                            step: id.clone(),
                            status: StepStatus::Succeeded,
                            attempts: number,
                            output: Some(output),
                            error: None,
                            started_ms: attempt.started_ms,
                            finished_ms: now_ms(),
                        };
                        if let Some(forecasts) = &forecasts {
                            self.learn(run_id, step, &record, forecasts);
                        }
                        self.finish_step(run_id, &record, &mut order)?;
                        records.insert(id, record);
                        continue;
                    }
                    Err(error) => error,
                };
                tracing::warn!(step = %id, attempt = number, %error, "step attempt failed");
                if number <= step.retries && !self.cancel.is_cancelled() && !stopping {
                    let wait = self
                        .backoff
                        .saturating_mul(1 << (number - 1).min(16))
                        .min(MAX_BACKOFF);
                    let retry = Retry {
                        number: number + 1,
                        at: Instant::now() + wait,
                        started_ms: attempt.started_ms,
                    };
                    retries.insert(id, retry);
                    continue;
                }
                let record = StepRecord {
                    step: id.clone(),
                    status: StepStatus::Failed,
                    attempts: number,
                    output: None,
                    error: Some(error),
                    started_ms: attempt.started_ms,
                    finished_ms: now_ms(),
                };
                self.finish_step(run_id, &record, &mut order)?;
                records.insert(id, record);
                if plan.on_failure == OnFailure::Stop {
                    stopping = true;
                }
            }
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

    /// Starts one attempt of `step` on its own thread: a panic is caught there, an overrun is
    /// noticed by the loop at the deadline (threads cannot be killed; a late result is dropped).
    fn launch(
        &self,
        run_id: &str,
        step: &Step,
        upstream: BTreeMap<String, StepOutput>,
        number: u32,
        started_ms: i64,
        send: &mpsc::Sender<Outcome>,
    ) -> Attempt {
        self.emit(&WorkflowEvent::StepStarted {
            run: run_id.into(),
            step: step.id.clone(),
            agent: step.agent.clone(),
            attempt: number,
        });
        let (tools, job, to_loop) = (self.tools.clone(), step.clone(), send.clone());
        let id = step.id.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("step-{id}"))
            .spawn(move || {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    perform(&tools, &job, &upstream)
                }))
                .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&*panic))));
                let _ = to_loop.send((job.id, number, result));
            });
        if let Err(e) = spawned {
            let _ = send.send((id, number, Err(format!("cannot start a thread: {e}"))));
        }
        Attempt {
            number,
            deadline: Instant::now() + Duration::from_millis(step.timeout_ms),
            started_ms,
        }
    }
}

/// The outputs of the steps `step` depends on.
fn upstream_of(
    step: &Step,
    records: &BTreeMap<String, StepRecord>,
) -> BTreeMap<String, StepOutput> {
    step.depends_on
        .iter()
        .filter_map(|d| Some((d.clone(), records.get(d)?.output.clone()?)))
        .collect()
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-string panic".into())
}
