//! The cost ledger: every model call, what it cost and what the reference cloud model would
//! have cost, in one SQLite file (WAL, so readers never block the writer and a killed process
//! loses no committed record). Budgets and their reservations live in the same file so that
//! limits hold across threads and processes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::budget::{Budget, OnLimit, Period};
use super::prices::usd;

/// Errors of the ledger's store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// SQLite refused (locked past the busy timeout, disk full, corrupt file, …).
    #[error("ledger {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The parent directory could not be created.
    #[error("ledger {path}: {source}")]
    Io {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// One model call as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallRecord {
    /// Milliseconds since the Unix epoch.
    pub ts_ms: i64,
    /// Backend name (`local:smollm2`, `openai:gpt-4o-mini`).
    pub backend: String,
    /// Model name used for pricing.
    pub model: String,
    /// Whether the call ran on this machine.
    pub local: bool,
    /// Who asked (for per-user budgets and reports).
    pub user: Option<String>,
    /// Which workflow asked.
    pub workflow: Option<String>,
    /// Kind of task (`explain`, `fix`, …).
    pub task: Option<String>,
    /// Tokens in.
    pub input_tokens: u64,
    /// Tokens out.
    pub output_tokens: u64,
    /// Wall time of the call.
    pub latency_ms: u64,
    /// `ok`, or why it failed (`timeout`, `invalid_output`, `http_error`, …).
    pub outcome: String,
    /// Cost in nano-dollars.
    pub cost_nanos: i64,
    /// What the reference cloud model would have cost, in nano-dollars.
    pub reference_nanos: i64,
}

/// Which records a summary covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerFilter {
    /// From this time on (inclusive).
    pub since_ms: Option<i64>,
    /// Before this time.
    pub until_ms: Option<i64>,
    /// Only this model.
    pub model: Option<String>,
    /// Only this user.
    pub user: Option<String>,
    /// Only this workflow.
    pub workflow: Option<String>,
}

/// Totals over a set of records. `savings = cloud_equivalent - cost`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LedgerSummary {
    /// Successful calls.
    pub calls: u64,
    /// Successful calls served locally.
    pub local_calls: u64,
    /// `local_calls / calls` (0 when there are none).
    pub local_share: f64,
    /// Failed attempts (each one that made the router fall back or give up).
    pub failed_attempts: u64,
    /// Failed attempts by reason.
    pub failures_by_reason: BTreeMap<String, u64>,
    /// Tokens in, successful calls.
    pub input_tokens: u64,
    /// Tokens out, successful calls.
    pub output_tokens: u64,
    /// What was spent.
    pub cost_usd: f64,
    /// What the same successful calls would have cost on the reference cloud model.
    pub cloud_equivalent_usd: f64,
    /// `cloud_equivalent_usd - cost_usd`.
    pub savings_usd: f64,
}

/// The SQLite-backed ledger; share it (`Arc`) between routers and threads.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY,
    ts_ms INTEGER NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    local INTEGER NOT NULL,
    user TEXT,
    workflow TEXT,
    task TEXT,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    cost_nanos INTEGER NOT NULL,
    reference_nanos INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_ts ON calls (ts_ms);
CREATE TABLE IF NOT EXISTS budgets (
    scope TEXT PRIMARY KEY,
    period TEXT NOT NULL,
    limit_nanos INTEGER NOT NULL,
    on_limit TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reservations (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    nanos INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_user_ts ON calls (user, ts_ms);
CREATE INDEX IF NOT EXISTS calls_workflow_ts ON calls (workflow, ts_ms);
-- Running totals per budgeted scope and period, so that checking a budget does not sum the
-- period's calls every time.
CREATE TABLE IF NOT EXISTS spend (
    scope TEXT NOT NULL,
    period_start_ms INTEGER NOT NULL,
    nanos INTEGER NOT NULL,
    PRIMARY KEY (scope, period_start_ms)
);
CREATE TABLE IF NOT EXISTS budget_events (
    scope TEXT NOT NULL,
    period_start_ms INTEGER NOT NULL,
    percent INTEGER NOT NULL,
    PRIMARY KEY (scope, period_start_ms, percent)
);
PRAGMA user_version = 1;
";

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as i64
}

impl Ledger {
    /// Opens (creating if needed) the ledger at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, LedgerError> {
        let path = path.as_ref().to_owned();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| LedgerError::Io {
                path: path.clone(),
                source,
            })?;
        }
        let sql = |source| LedgerError::Sqlite {
            path: path.clone(),
            source,
        };
        let conn = Connection::open(&path).map_err(sql)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(sql)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        Ok(Self {
            path,
            conn: Mutex::new(conn),
        })
    }

    /// `$CONCLAVE_LEDGER`, else `$XDG_DATA_HOME/conclave/ledger.sqlite`, else
    /// `~/.local/share/conclave/ledger.sqlite`.
    pub fn default_path() -> PathBuf {
        if let Some(p) = std::env::var_os("CONCLAVE_LEDGER") {
            return PathBuf::from(p);
        }
        let base = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(std::env::temp_dir);
        base.join("conclave").join("ledger.sqlite")
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, LedgerError> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn).map_err(|source| LedgerError::Sqlite {
            path: self.path.clone(),
            source,
        })
    }

    /// Appends one record (its own transaction), counting it against any budget of its scopes.
    pub fn record(&self, r: &CallRecord) -> Result<(), LedgerError> {
        let scopes = super::budget::scopes(r.user.as_deref(), r.workflow.as_deref());
        super::budget::settle(self, &[], std::slice::from_ref(r), &scopes).map(drop)
    }

    /// Totals over the records `filter` selects.
    pub fn summary(&self, filter: &LedgerFilter) -> Result<LedgerSummary, LedgerError> {
        let (clause, args) = where_clause(filter);
        self.with(|c| {
            let mut s = LedgerSummary::default();
            let sql = format!(
                "SELECT outcome, local, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost_nanos), \
                 SUM(reference_nanos) FROM calls {clause} GROUP BY outcome, local"
            );
            let mut stmt = c.prepare(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
            let (mut cost, mut reference) = (0i64, 0i64);
            while let Some(row) = rows.next()? {
                let outcome: String = row.get(0)?;
                let (local, n): (bool, u64) = (row.get(1)?, row.get::<_, i64>(2)? as u64);
                cost += row.get::<_, i64>(5)?;
                if outcome != "ok" {
                    s.failed_attempts += n;
                    *s.failures_by_reason.entry(outcome).or_default() += n;
                    continue;
                }
                s.calls += n;
                s.local_calls += if local { n } else { 0 };
                s.input_tokens += row.get::<_, i64>(3)? as u64;
                s.output_tokens += row.get::<_, i64>(4)? as u64;
                reference += row.get::<_, i64>(6)?;
            }
            s.local_share = if s.calls > 0 { s.local_calls as f64 / s.calls as f64 } else { 0.0 };
            s.cost_usd = usd(cost);
            s.cloud_equivalent_usd = usd(reference);
            s.savings_usd = usd(reference - cost);
            Ok(s)
        })
    }

    /// The records `filter` selects, oldest first.
    pub fn records(&self, filter: &LedgerFilter) -> Result<Vec<CallRecord>, LedgerError> {
        let (clause, args) = where_clause(filter);
        self.with(|c| {
            let sql = format!(
                "SELECT ts_ms, backend, model, local, user, workflow, task, input_tokens, output_tokens, \
                 latency_ms, outcome, cost_nanos, reference_nanos FROM calls {clause} ORDER BY id"
            );
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |row| {
                Ok(CallRecord {
                    ts_ms: row.get(0)?,
                    backend: row.get(1)?,
                    model: row.get(2)?,
                    local: row.get(3)?,
                    user: row.get(4)?,
                    workflow: row.get(5)?,
                    task: row.get(6)?,
                    input_tokens: row.get::<_, i64>(7)? as u64,
                    output_tokens: row.get::<_, i64>(8)? as u64,
                    latency_ms: row.get::<_, i64>(9)? as u64,
                    outcome: row.get(10)?,
                    cost_nanos: row.get(11)?,
                    reference_nanos: row.get(12)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Sets (replaces) the budget of a scope.
    pub fn set_budget(&self, budget: &Budget) -> Result<(), LedgerError> {
        self.with(|c| {
            c.prepare_cached("INSERT INTO budgets (scope, period, limit_nanos, on_limit) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT(scope) DO UPDATE SET period = ?2, limit_nanos = ?3, on_limit = ?4")?.execute(
                params![budget.scope, budget.period.as_str(), budget.limit_nanos, budget.on_limit.as_str()],
            )?;
            // Totals are rebuilt from the calls on next use (the period may have changed).
            c.prepare_cached("DELETE FROM spend WHERE scope = ?1")?.execute( [&budget.scope]).map(drop)
        })
    }

    /// Every budget.
    pub fn budgets(&self) -> Result<Vec<Budget>, LedgerError> {
        self.with(|c| budgets(c))
    }

    /// Spent plus reserved in `scope` since `start_ms`, in nano-dollars.
    pub fn committed(&self, scope: &str, start_ms: i64) -> Result<i64, LedgerError> {
        self.with(|c| committed(c, scope, start_ms))
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction (one writer at a time across
    /// processes), committing if it returns `Ok`.
    pub(crate) fn transaction<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, LedgerError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
    }
}

/// Every budget, read through `c` (inside a caller's transaction where it matters).
pub(crate) fn budgets(c: &Connection) -> rusqlite::Result<Vec<Budget>> {
    let mut stmt = c.prepare_cached(
        "SELECT scope, period, limit_nanos, on_limit FROM budgets ORDER BY scope",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(Budget {
            scope: row.get(0)?,
            period: Period::parse(&row.get::<_, String>(1)?).unwrap_or(Period::Month),
            limit_nanos: row.get(2)?,
            on_limit: OnLimit::parse(&row.get::<_, String>(3)?).unwrap_or(OnLimit::Refuse),
        })
    })?;
    rows.collect()
}

pub(crate) fn insert(c: &Connection, r: &CallRecord) -> rusqlite::Result<()> {
    c.prepare_cached("INSERT INTO calls (ts_ms, backend, model, local, user, workflow, task, input_tokens, output_tokens, \
         latency_ms, outcome, cost_nanos, reference_nanos) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")?.execute(
        params![
            r.ts_ms,
            r.backend,
            r.model,
            r.local,
            r.user,
            r.workflow,
            r.task,
            r.input_tokens as i64,
            r.output_tokens as i64,
            r.latency_ms as i64,
            r.outcome,
            r.cost_nanos,
            r.reference_nanos
        ],
    )
    .map(drop)
}

/// Spent (calls of the scope since `start_ms`) plus open reservations of the scope.
pub(crate) fn committed(c: &Connection, scope: &str, start_ms: i64) -> rusqlite::Result<i64> {
    let reserved: i64 = c
        .query_row(
            "SELECT COALESCE(SUM(nanos), 0) FROM reservations WHERE scope = ?1",
            [scope],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or(0);
    Ok(spent(c, scope, start_ms)? + reserved)
}

/// The running total of a scope's period, created from the calls the first time it is asked for.
pub(crate) fn spent(c: &Connection, scope: &str, start_ms: i64) -> rusqlite::Result<i64> {
    let cached: Option<i64> = c
        .query_row(
            "SELECT nanos FROM spend WHERE scope = ?1 AND period_start_ms = ?2",
            params![scope, start_ms],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(n) = cached {
        return Ok(n);
    }
    let (column, value) = match scope.split_once(':') {
        Some(("user", v)) => ("user", Some(v)),
        Some(("workflow", v)) => ("workflow", Some(v)),
        _ => ("", None),
    };
    let total: i64 = match value {
        Some(v) => c.query_row(
            &format!(
                "SELECT COALESCE(SUM(cost_nanos), 0) FROM calls WHERE ts_ms >= ?1 AND {column} = ?2"
            ),
            params![start_ms, v],
            |row| row.get(0),
        )?,
        None => c
            .prepare_cached("SELECT COALESCE(SUM(cost_nanos), 0) FROM calls WHERE ts_ms >= ?1")?
            .query_row([start_ms], |row| row.get(0))?,
    };
    // Only budgeted scopes keep a running total (only they are updated as calls arrive).
    let budgeted = c
        .query_row(
            "SELECT 1 FROM budgets WHERE scope = ?1",
            [scope],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if budgeted {
        c.prepare_cached("INSERT INTO spend (scope, period_start_ms, nanos) VALUES (?1, ?2, ?3)")?
            .execute(params![scope, start_ms, total])?;
    }
    Ok(total)
}

/// Adds `nanos` to a running total (which [`spent`] must have created).
pub(crate) fn add_spent(
    c: &Connection,
    scope: &str,
    start_ms: i64,
    nanos: i64,
) -> rusqlite::Result<()> {
    c.prepare_cached(
        "UPDATE spend SET nanos = nanos + ?3 WHERE scope = ?1 AND period_start_ms = ?2",
    )?
    .execute(params![scope, start_ms, nanos])
    .map(drop)
}

fn where_clause(f: &LedgerFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut parts = Vec::new();
    let mut args = Vec::new();
    let mut add = |sql: &str, v: Value| {
        args.push(v);
        parts.push(format!("{sql} ?{}", args.len()));
    };
    if let Some(t) = f.since_ms {
        add("ts_ms >=", Value::Integer(t));
    }
    if let Some(t) = f.until_ms {
        add("ts_ms <", Value::Integer(t));
    }
    if let Some(m) = &f.model {
        add("model =", Value::Text(m.clone()));
    }
    if let Some(u) = &f.user {
        add("user =", Value::Text(u.clone()));
    }
    if let Some(w) = &f.workflow {
        add("workflow =", Value::Text(w.clone()));
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", parts.join(" AND "))
    };
    (clause, args)
}
