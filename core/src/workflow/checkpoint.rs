//! Checkpoints: every finished step is written to SQLite before the next decision, so a killed
//! process resumes a run without redoing what was done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::exec::{StepOutput, StepStatus};
use super::plan::Plan;
use crate::store::{self, StoreError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS workflow_runs (
    id TEXT PRIMARY KEY,
    request TEXT NOT NULL,
    plan TEXT NOT NULL,
    status TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS workflow_steps (
    run_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    output TEXT,
    error TEXT,
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER NOT NULL,
    PRIMARY KEY (run_id, step_id)
);
";

/// A step as the checkpoint store remembers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step: String,
    pub status: StepStatus,
    pub attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<StepOutput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub started_ms: i64,
    pub finished_ms: i64,
}

/// A run as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: String,
    pub request: String,
    pub status: String,
    pub plan: Plan,
    pub steps: Vec<StepRecord>,
}

/// Errors of the checkpoint store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckpointError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("run `{run}` exists with a different plan; use a new run id")]
    PlanChanged { run: String },
    #[error("run `{run}` has an unreadable {what}: {message}")]
    Corrupt {
        run: String,
        what: &'static str,
        message: String,
    },
}

/// The SQLite file holding runs and their finished steps.
#[derive(Debug)]
pub struct Checkpoints {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl Checkpoints {
    pub fn open(path: impl AsRef<Path>) -> Result<Checkpoints, CheckpointError> {
        let path = path.as_ref().to_owned();
        let conn = store::open(&path, SCHEMA)?;
        Ok(Checkpoints {
            path,
            conn: Mutex::new(conn),
        })
    }

    /// `$XDG_DATA_HOME/conclave/workflows.sqlite` (see [`store::default_path`]).
    pub fn default_path() -> PathBuf {
        store::default_path("workflows.sqlite")
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, CheckpointError> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn).map_err(|e| StoreError::sqlite(&self.path)(e).into())
    }

    /// Registers a run, or checks that a resumed run has the same plan; returns the steps it
    /// already finished.
    pub fn begin(
        &self,
        run: &str,
        plan: &Plan,
    ) -> Result<BTreeMap<String, StepRecord>, CheckpointError> {
        let json = serde_json::to_string(plan).map_err(|e| CheckpointError::Corrupt {
            run: run.into(),
            what: "plan",
            message: e.to_string(),
        })?;
        let now = now_ms();
        let stored: Option<String> = self.with(|c| {
            let tx = c.transaction()?;
            let stored = tx
                .query_row("SELECT plan FROM workflow_runs WHERE id = ?1", [run], |r| {
                    r.get(0)
                })
                .optional()?;
            if stored.is_none() {
                tx.execute(
                    "INSERT INTO workflow_runs VALUES (?1, ?2, ?3, 'running', ?4, ?4)",
                    params![run, plan.request, json, now],
                )?;
            }
            tx.commit()?;
            Ok(stored)
        })?;
        if let Some(stored) = stored {
            let same = serde_json::from_str::<Plan>(&stored).is_ok_and(|p| p == *plan);
            if !same {
                return Err(CheckpointError::PlanChanged { run: run.into() });
            }
        }
        Ok(self
            .steps(run)?
            .into_iter()
            .map(|s| (s.step.clone(), s))
            .collect())
    }

    /// Writes one finished (or failed, or skipped) step.
    pub fn save(&self, run: &str, record: &StepRecord) -> Result<(), CheckpointError> {
        let output = record
            .output
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| CheckpointError::Corrupt {
                run: run.into(),
                what: "step output",
                message: e.to_string(),
            })?;
        // One transaction, cached statements: this runs after every step.
        self.with(|c| {
            let tx = c.transaction()?;
            tx.prepare_cached(
                "INSERT OR REPLACE INTO workflow_steps VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                run,
                record.step,
                record.status.as_str(),
                record.attempts,
                output,
                record.error,
                record.started_ms,
                record.finished_ms
            ])?;
            tx.prepare_cached("UPDATE workflow_runs SET updated_ms = ?2 WHERE id = ?1")?
                .execute(params![run, now_ms()])?;
            tx.commit()
        })?;
        Ok(())
    }

    /// Marks the run's overall status (`succeeded`, `failed`, `cancelled`, …).
    pub fn finish(&self, run: &str, status: &str) -> Result<(), CheckpointError> {
        self.with(|c| {
            c.execute(
                "UPDATE workflow_runs SET status = ?2, updated_ms = ?3 WHERE id = ?1",
                params![run, status, now_ms()],
            )
        })?;
        Ok(())
    }

    /// The steps stored for a run, in the order they finished.
    pub fn steps(&self, run: &str) -> Result<Vec<StepRecord>, CheckpointError> {
        type Row = (
            String,
            String,
            u32,
            Option<String>,
            Option<String>,
            i64,
            i64,
        );
        let rows: Vec<Row> = self.with(|c| {
            let mut q = c.prepare(
                "SELECT step_id, status, attempts, output, error, started_ms, finished_ms
                 FROM workflow_steps WHERE run_id = ?1 ORDER BY finished_ms, rowid",
            )?;
            q.query_map([run], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect()
        })?;
        let corrupt = |what, message: String| CheckpointError::Corrupt {
            run: run.into(),
            what,
            message,
        };
        rows.into_iter()
            .map(
                |(step, status, attempts, output, error, started_ms, finished_ms)| {
                    let status = StepStatus::parse(&status)
                        .ok_or_else(|| corrupt("step status", status.clone()))?;
                    let output = output
                        .map(|o| serde_json::from_str(&o))
                        .transpose()
                        .map_err(|e| corrupt("step output", e.to_string()))?;
                    Ok(StepRecord {
                        step,
                        status,
                        attempts,
                        output,
                        error,
                        started_ms,
                        finished_ms,
                    })
                },
            )
            .collect()
    }

    /// A stored run with its plan and steps.
    pub fn run(&self, run: &str) -> Result<Option<RunRecord>, CheckpointError> {
        let row: Option<(String, String, String)> = self.with(|c| {
            c.query_row(
                "SELECT request, status, plan FROM workflow_runs WHERE id = ?1",
                [run],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
        })?;
        let Some((request, status, plan)) = row else {
            return Ok(None);
        };
        let plan = serde_json::from_str(&plan).map_err(|e| CheckpointError::Corrupt {
            run: run.into(),
            what: "plan",
            message: e.to_string(),
        })?;
        Ok(Some(RunRecord {
            id: run.to_owned(),
            request,
            status,
            plan,
            steps: self.steps(run)?,
        }))
    }
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
