//! Verdicts on disk: one SQLite row per (kind, subject, reviewer), so a reviewer who changes
//! their mind replaces their verdict instead of counting twice, and several processes (the CLI,
//! an editor plugin) may write the same file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;

use super::{
    Feedback, LearnError, Reliabilities, Reliability, SubjectKind, Verdict, VerdictCounts,
};
use crate::store::StoreError;
use crate::vocab::{Confidence, Language};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS feedback (
    kind     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    by       TEXT NOT NULL,
    rule     TEXT NOT NULL,
    agent    TEXT,
    language TEXT,
    verdict  TEXT NOT NULL,
    at_ms    INTEGER NOT NULL,
    PRIMARY KEY (kind, subject, by)
);
CREATE INDEX IF NOT EXISTS feedback_rule ON feedback (rule);
CREATE INDEX IF NOT EXISTS feedback_agent ON feedback (agent);
";

/// What [`FeedbackStore::record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Recorded {
    /// The reviewer's first verdict on this subject.
    New,
    /// It replaced the reviewer's earlier verdict.
    Replaced { previous: Verdict },
    /// Not stored: the reviewer's verdict on file is more recent.
    Kept { current: Verdict },
}

/// Feedback persisted in SQLite (default `$XDG_DATA_HOME/conclave/learn.sqlite`).
#[derive(Debug)]
pub struct FeedbackStore {
    conn: Connection,
    path: PathBuf,
}

impl FeedbackStore {
    /// The file name under Conclave's data directory.
    pub const DEFAULT_FILE: &'static str = "learn.sqlite";

    pub fn open(path: &Path) -> Result<FeedbackStore, LearnError> {
        let conn = crate::store::open(path, SCHEMA)?;
        Ok(FeedbackStore {
            conn,
            path: path.to_owned(),
        })
    }

    /// Opens [`crate::store::default_path`]`("learn.sqlite")`.
    pub fn open_default() -> Result<FeedbackStore, LearnError> {
        FeedbackStore::open(&Self::default_path())
    }

    /// Where [`FeedbackStore::open_default`] keeps the file.
    pub fn default_path() -> std::path::PathBuf {
        crate::store::default_path(Self::DEFAULT_FILE)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> LearnError + '_ {
        move |e| LearnError::Store(StoreError::sqlite(&self.path)(e))
    }

    /// Takes the write lock up front: a read-then-write transaction that another writer
    /// overtakes fails at once with `SQLITE_BUSY` instead of waiting out the busy timeout.
    fn write_transaction(&self) -> Result<Transaction<'_>, LearnError> {
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).map_err(self.sql())
    }

    /// Stores a verdict, replacing the same reviewer's earlier one on the same subject unless
    /// that one is more recent (`at_ms`).
    pub fn record(&self, feedback: &Feedback) -> Result<Recorded, LearnError> {
        feedback.check()?;
        let tx = self.write_transaction()?;
        let outcome = upsert(&tx, feedback).map_err(self.sql())??;
        tx.commit().map_err(self.sql())?;
        tracing::debug!(subject = %feedback.subject, rule = %feedback.rule, verdict = %feedback.verdict, ?outcome, "feedback recorded");
        Ok(outcome)
    }

    /// Stores many verdicts in one transaction (imports); all or none.
    pub fn record_all(&self, feedback: &[Feedback]) -> Result<Vec<Recorded>, LearnError> {
        for f in feedback {
            f.check()?;
        }
        let tx = self.write_transaction()?;
        let mut outcomes = Vec::with_capacity(feedback.len());
        for f in feedback {
            outcomes.push(upsert(&tx, f).map_err(self.sql())??);
        }
        tx.commit().map_err(self.sql())?;
        Ok(outcomes)
    }

    /// Removes a reviewer's verdict; `false` when there was none.
    pub fn forget(&self, kind: SubjectKind, subject: &str, by: &str) -> Result<bool, LearnError> {
        let n = self
            .conn
            .execute(
                "DELETE FROM feedback WHERE kind = ?1 AND subject = ?2 AND by = ?3",
                params![kind.name(), subject, by],
            )
            .map_err(self.sql())?;
        Ok(n > 0)
    }

    /// Every verdict on `subject` (findings and fixes), oldest first.
    pub fn feedback_on(&self, subject: &str) -> Result<Vec<Feedback>, LearnError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT kind, subject, by, rule, agent, language, verdict, at_ms FROM feedback
                 WHERE subject = ?1 ORDER BY at_ms, by",
            )
            .map_err(self.sql())?;
        let rows = stmt
            .query_map(params![subject], |r| {
                Ok(StoredRow {
                    kind: r.get(0)?,
                    subject: r.get(1)?,
                    by: r.get(2)?,
                    rule: r.get(3)?,
                    agent: r.get(4)?,
                    language: r.get(5)?,
                    verdict: r.get(6)?,
                    at_ms: r.get(7)?,
                })
            })
            .map_err(self.sql())?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.map_err(self.sql())?.into_feedback()?);
        }
        Ok(out)
    }

    /// How many verdicts are stored.
    pub fn len(&self) -> Result<u64, LearnError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM feedback", [], |r| r.get(0))
            .map_err(self.sql())?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    pub fn is_empty(&self) -> Result<bool, LearnError> {
        Ok(self.len()? == 0)
    }

    /// All verdicts, counted: what scoring, weighting and routing read.
    pub fn reliabilities(&self) -> Result<Reliabilities, LearnError> {
        self.load("", &[])
    }

    /// One rule's reliability on findings, with its declared confidence as the prior.
    pub fn reliability_of_rule(
        &self,
        rule: &str,
        declared: Confidence,
    ) -> Result<Reliability, LearnError> {
        Ok(self.load("WHERE rule = ?1", &[&rule])?.rule(rule, declared))
    }

    /// How often the agent's findings are real.
    pub fn reliability_of_agent(&self, agent: &str) -> Result<Reliability, LearnError> {
        Ok(self.load("WHERE agent = ?1", &[&agent])?.agent(agent))
    }

    /// Verdict counts on findings per rule, in rule order.
    pub fn all_rules(&self) -> Result<BTreeMap<String, VerdictCounts>, LearnError> {
        Ok(self
            .reliabilities()?
            .rules()
            .map(|(rule, counts)| (rule.to_owned(), counts.all))
            .collect())
    }

    fn load(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Reliabilities, LearnError> {
        let sql = format!(
            "SELECT kind, rule, language, agent, verdict, count(*) FROM feedback {filter}
             GROUP BY kind, rule, language, agent, verdict"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.sql())?;
        let rows = stmt
            .query_map(args, |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .map_err(self.sql())?;
        let mut table = Reliabilities::new();
        for row in rows {
            let (kind, rule, language, agent, verdict, n) = row.map_err(self.sql())?;
            // A row this version cannot read (written by a newer one) must not stop scoring.
            let (Ok(kind), Ok(verdict)) = (kind.parse::<SubjectKind>(), verdict.parse::<Verdict>())
            else {
                tracing::warn!(%rule, %kind, %verdict, "feedback rows skipped: unknown kind or verdict");
                continue;
            };
            let language = language.and_then(|l| l.parse::<Language>().ok());
            let n = u64::try_from(n).unwrap_or(0);
            table.add(kind, &rule, language, agent.as_deref(), verdict, n);
        }
        Ok(table)
    }
}

/// Inserts or replaces one verdict inside the caller's transaction. The outer error is SQLite's,
/// the inner one a stored row that cannot be read.
fn upsert(
    conn: &Connection,
    feedback: &Feedback,
) -> Result<Result<Recorded, LearnError>, rusqlite::Error> {
    let kind = feedback.kind.name();
    let at_ms = i64::try_from(feedback.at_ms).unwrap_or(i64::MAX);
    let previous: Option<(String, i64)> = conn
        .query_row(
            "SELECT verdict, at_ms FROM feedback WHERE kind = ?1 AND subject = ?2 AND by = ?3",
            params![kind, feedback.subject, feedback.by],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let outcome = match previous {
        None => Recorded::New,
        Some((verdict, stored_at)) => {
            let Ok(verdict) = verdict.parse::<Verdict>() else {
                return Ok(Err(LearnError::Corrupt {
                    subject: feedback.subject.clone(),
                    column: "verdict",
                    value: verdict,
                }));
            };
            if stored_at > at_ms {
                return Ok(Ok(Recorded::Kept { current: verdict }));
            }
            Recorded::Replaced { previous: verdict }
        }
    };
    conn.execute(
        "INSERT OR REPLACE INTO feedback (kind, subject, by, rule, agent, language, verdict, at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            kind,
            feedback.subject,
            feedback.by,
            feedback.rule,
            feedback.agent,
            feedback.language.map(Language::name),
            feedback.verdict.name(),
            at_ms
        ],
    )?;
    Ok(Ok(outcome))
}

/// A row as stored, before its names are checked.
struct StoredRow {
    kind: String,
    subject: String,
    by: String,
    rule: String,
    agent: Option<String>,
    language: Option<String>,
    verdict: String,
    at_ms: i64,
}

impl StoredRow {
    fn into_feedback(self) -> Result<Feedback, LearnError> {
        let corrupt = |column, value: String| LearnError::Corrupt {
            subject: self.subject.clone(),
            column,
            value,
        };
        let kind = self
            .kind
            .parse()
            .map_err(|_| corrupt("kind", self.kind.clone()))?;
        let verdict = self
            .verdict
            .parse()
            .map_err(|_| corrupt("verdict", self.verdict.clone()))?;
        let language = match &self.language {
            Some(l) => Some(l.parse().map_err(|_| corrupt("language", l.clone()))?),
            None => None,
        };
        Ok(Feedback {
            subject: self.subject,
            kind,
            rule: self.rule,
            agent: self.agent,
            language,
            verdict,
            by: self.by,
            at_ms: u64::try_from(self.at_ms).unwrap_or(0),
        })
    }
}
