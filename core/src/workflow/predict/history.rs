//! The history store: every step run, and every prediction beside what really happened, in one
//! SQLite file shared by processes (`crate::store` opens it in WAL mode with a busy timeout).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::accuracy::{self, AgentAccuracy, Outcome};
use super::model::Prediction;
use super::{PredictError, StepRun, now_ms};
use crate::store::{self, StoreError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS step_runs (
    id INTEGER PRIMARY KEY,
    agent TEXT NOT NULL,
    language TEXT,
    input_bytes INTEGER NOT NULL,
    input_files INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    findings INTEGER NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS step_runs_agent ON step_runs (agent, language, id);
CREATE TABLE IF NOT EXISTS predictions (
    id INTEGER PRIMARY KEY,
    agent TEXT NOT NULL,
    language TEXT,
    input_bytes INTEGER NOT NULL,
    basis TEXT NOT NULL,
    samples INTEGER NOT NULL,
    predicted_duration_ms REAL NOT NULL,
    predicted_tokens INTEGER NOT NULL,
    predicted_cost_usd REAL NOT NULL,
    actual_duration_ms REAL NOT NULL,
    actual_tokens INTEGER NOT NULL,
    actual_cost_usd REAL NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS predictions_agent ON predictions (agent, id);
";

const RUN_COLUMNS: &str =
    "agent, language, input_bytes, input_files, duration_ms, tokens, cost_usd, findings, at_ms";

/// SQLite keeps signed 64-bit integers: larger counts are stored as the largest it can hold.
fn to_sql(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn from_sql(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn run_from_row(row: &Row<'_>) -> rusqlite::Result<StepRun> {
    Ok(StepRun {
        agent: row.get(0)?,
        language: row.get(1)?,
        input_bytes: from_sql(row.get(2)?),
        input_files: u32::try_from(row.get::<_, i64>(3)?).unwrap_or(u32::MAX),
        duration_ms: row.get(4)?,
        tokens: from_sql(row.get(5)?),
        cost_usd: row.get(6)?,
        findings: u32::try_from(row.get::<_, i64>(7)?).unwrap_or(u32::MAX),
        at_ms: row.get(8)?,
    })
}

/// Past step runs and past predictions with their outcomes. Share it (`Arc`) between threads.
#[derive(Debug)]
pub struct History {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl History {
    /// Opens (creating if needed) the history at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<History, PredictError> {
        let path = path.as_ref().to_owned();
        let conn = store::open(&path, SCHEMA)?;
        Ok(History {
            path,
            conn: Mutex::new(conn),
        })
    }

    /// Opens the history at [`History::default_path`].
    pub fn open_default() -> Result<History, PredictError> {
        History::open(History::default_path())
    }

    /// `$XDG_DATA_HOME/conclave/history.sqlite`, else under `~/.local/share`, else the
    /// temporary directory.
    pub fn default_path() -> PathBuf {
        store::default_path("history.sqlite")
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, PredictError> {
        // A panic elsewhere while holding the lock leaves the connection itself intact.
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn).map_err(|e| PredictError::Store(StoreError::sqlite(&self.path)(e)))
    }

    /// Appends one finished step.
    pub fn record(&self, run: &StepRun) -> Result<(), PredictError> {
        run.validate()?;
        self.with(|c| {
            c.execute(
                &format!("INSERT INTO step_runs ({RUN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                params![
                    run.agent,
                    run.language,
                    to_sql(run.input_bytes),
                    run.input_files,
                    run.duration_ms,
                    to_sql(run.tokens),
                    run.cost_usd,
                    run.findings,
                    run.at_ms,
                ],
            )
            .map(drop)
        })
    }

    /// Every recorded run, oldest first.
    pub fn runs(&self) -> Result<Vec<StepRun>, PredictError> {
        self.with(|c| {
            let mut stmt =
                c.prepare(&format!("SELECT {RUN_COLUMNS} FROM step_runs ORDER BY id"))?;
            stmt.query_map([], run_from_row)?.collect()
        })
    }

    /// The last `limit` runs of `agent` (on `language` when given, else on any), oldest first.
    pub fn recent(
        &self,
        agent: &str,
        language: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StepRun>, PredictError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut runs = self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {RUN_COLUMNS} FROM step_runs
                 WHERE agent = ?1 AND (?2 IS NULL OR language = ?2)
                 ORDER BY id DESC LIMIT ?3"
            ))?;
            stmt.query_map(params![agent, language, limit], run_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        runs.reverse();
        Ok(runs)
    }

    /// Stores a prediction beside the run it predicted, so that the error is tracked over time.
    pub fn record_outcome(
        &self,
        prediction: &Prediction,
        actual: &StepRun,
    ) -> Result<(), PredictError> {
        actual.validate()?;
        let at_ms = if actual.at_ms > 0 {
            actual.at_ms
        } else {
            now_ms()
        };
        self.with(|c| {
            c.execute(
                "INSERT INTO predictions (agent, language, input_bytes, basis, samples,
                     predicted_duration_ms, predicted_tokens, predicted_cost_usd,
                     actual_duration_ms, actual_tokens, actual_cost_usd, at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    prediction.agent,
                    prediction.language,
                    to_sql(prediction.input_bytes),
                    prediction.basis.as_str(),
                    to_sql(prediction.samples as u64),
                    prediction.duration_ms,
                    to_sql(prediction.tokens),
                    prediction.cost_usd,
                    actual.duration_ms,
                    to_sql(actual.tokens),
                    actual.cost_usd,
                    at_ms,
                ],
            )
            .map(drop)
        })
    }

    /// Every stored prediction with its outcome, oldest first.
    pub(crate) fn outcomes(&self) -> Result<Vec<Outcome>, PredictError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT agent, predicted_duration_ms, predicted_tokens, predicted_cost_usd,
                        actual_duration_ms, actual_tokens, actual_cost_usd
                 FROM predictions ORDER BY id",
            )?;
            stmt.query_map([], |row| {
                Ok(Outcome {
                    agent: row.get(0)?,
                    predicted: [row.get(1)?, row.get::<_, i64>(2)? as f64, row.get(3)?],
                    actual: [row.get(4)?, row.get::<_, i64>(5)? as f64, row.get(6)?],
                })
            })?
            .collect()
        })
    }

    /// Prediction error per agent (sorted by agent): overall, over the last `recent` predictions,
    /// and whether it is falling.
    pub fn error_report(&self, recent: usize) -> Result<Vec<AgentAccuracy>, PredictError> {
        Ok(accuracy::report(&self.outcomes()?, recent))
    }

    /// Number of stored runs (cheap: for status lines and tests).
    pub fn len(&self) -> Result<usize, PredictError> {
        let n: Option<i64> = self.with(|c| {
            c.query_row("SELECT count(*) FROM step_runs", [], |r| r.get(0))
                .optional()
        })?;
        Ok(n.and_then(|n| usize::try_from(n).ok()).unwrap_or(0))
    }

    /// Whether no run is stored yet.
    pub fn is_empty(&self) -> Result<bool, PredictError> {
        Ok(self.len()? == 0)
    }
}
