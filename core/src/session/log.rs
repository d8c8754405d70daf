//! The persisted, ordered event log: one SQLite file, any number of sessions in it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, TransactionBehavior, params};

use super::{Event, EventBody, Participant, ParticipantKind, SessionError};
use crate::store::{self, StoreError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    session TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    at_ms INTEGER NOT NULL,
    from_id TEXT NOT NULL,
    from_kind TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session, seq)
) STRICT, WITHOUT ROWID;
";

/// Idle read connections kept for catch-up reads.
const READERS: usize = 4;

/// A session event log in one SQLite file (WAL: readers never block the writer).
///
/// [`append`](Self::append) numbers each session's events 1, 2, 3, … inside a
/// `BEGIN IMMEDIATE` transaction, so several threads, several logs and several processes on the
/// same file still get unique, gap-free numbers.
#[derive(Debug)]
pub struct SessionLog {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl SessionLog {
    /// Opens (creating if needed) the log at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SessionError> {
        let path = path.as_ref().to_owned();
        let writer = store::open(&path, SCHEMA)?;
        Ok(Self {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends an event to `session` with the next sequence number and the current time.
    pub fn append(
        &self,
        session: &str,
        from: &Participant,
        body: EventBody,
    ) -> Result<Event, SessionError> {
        body.validate()?;
        let json = serde_json::to_string(&body).map_err(|e| SessionError::Invalid {
            reason: format!("cannot serialize the {} event: {e}", body.kind()),
        })?;
        let at_ms = now_ms();
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = append_row(&mut conn, session, at_ms, from, &json)
            .map_err(StoreError::sqlite(&self.path))?;
        Ok(Event {
            session: session.to_owned(),
            seq,
            at_ms,
            from: from.clone(),
            body,
        })
    }

    /// Up to `limit` events of `session` with a sequence number above `after`, in order.
    /// A row that cannot be read back (corrupt JSON, unknown participant kind) fails the whole
    /// read with [`SessionError::Corrupt`].
    pub fn read(
        &self,
        session: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Event>, SessionError> {
        self.read_rows(session, after, limit)?.into_iter().collect()
    }

    /// Like [`read`](Self::read), one result per row, so that a reader can report a corrupt row
    /// and go on past it.
    pub(crate) fn read_rows(
        &self,
        session: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Result<Event, SessionError>>, SessionError> {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with_reader(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, at_ms, from_id, from_kind, body FROM events \
                 WHERE session = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            let mut rows = stmt.query(params![session, after, limit])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push(self.decode(session, row));
            }
            Ok(out)
        })
    }

    /// The highest sequence number of `session`, 0 when it has no events.
    pub fn head(&self, session: &str) -> Result<u64, SessionError> {
        self.with_reader(|c| {
            c.prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM events WHERE session = ?1")?
                .query_row([session], |r| r.get::<_, i64>(0))
        })
        .map(|n| n.max(0) as u64)
    }

    /// Every session in the log with its highest sequence number, by name.
    pub fn sessions(&self) -> Result<Vec<(String, u64)>, SessionError> {
        self.with_reader(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT session, MAX(seq) FROM events GROUP BY session ORDER BY session",
            )?;
            let rows =
                stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?;
            rows.collect()
        })
    }

    fn decode(&self, session: &str, row: &rusqlite::Row<'_>) -> Result<Event, SessionError> {
        let sql = StoreError::sqlite(&self.path);
        let seq: i64 = row.get(0).map_err(&sql)?;
        let corrupt = |reason: String| SessionError::Corrupt {
            path: self.path.clone(),
            session: session.to_owned(),
            seq: seq.max(0) as u64,
            reason,
        };
        let at_ms: i64 = row.get(1).map_err(|e| corrupt(format!("at_ms: {e}")))?;
        let id: String = row.get(2).map_err(|e| corrupt(format!("from_id: {e}")))?;
        let kind: String = row.get(3).map_err(|e| corrupt(format!("from_kind: {e}")))?;
        let kind = ParticipantKind::parse(&kind)
            .ok_or_else(|| corrupt(format!("unknown participant kind `{kind}`")))?;
        let body: String = row.get(4).map_err(|e| corrupt(format!("body: {e}")))?;
        let body: EventBody =
            serde_json::from_str(&body).map_err(|e| corrupt(format!("body: {e}")))?;
        Ok(Event {
            session: session.to_owned(),
            seq: seq as u64,
            at_ms,
            from: Participant { id, kind },
            body,
        })
    }

    fn with_reader<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, SessionError> {
        let idle = self
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match idle {
            Some(c) => c,
            None => store::open(&self.path, SCHEMA)?,
        };
        let out = f(&conn).map_err(StoreError::sqlite(&self.path))?;
        let mut idle = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < READERS {
            idle.push(conn);
        }
        Ok(out)
    }
}

fn append_row(
    conn: &mut Connection,
    session: &str,
    at_ms: i64,
    from: &Participant,
    body: &str,
) -> rusqlite::Result<u64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE session = ?1")?
        .query_row([session], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO events (session, seq, at_ms, from_id, from_kind, body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        session,
        seq,
        at_ms,
        from.id,
        from.kind.as_str(),
        body
    ])?;
    tx.commit()?;
    Ok(seq as u64)
}

/// Milliseconds since the Unix epoch, now.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_each_session_from_one() {
        let dir = tempfile::tempdir().unwrap();
        let log = SessionLog::open(dir.path().join("s.sqlite")).unwrap();
        let alice = Participant::person("alice");
        for (session, want) in [("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2)] {
            let e = log.append(session, &alice, EventBody::Joined).unwrap();
            assert_eq!((e.session.as_str(), e.seq), (session, want));
        }
        assert_eq!(log.head("a").unwrap(), 3);
        assert_eq!(log.head("none").unwrap(), 0);
        let seqs: Vec<u64> = log
            .read("a", 1, 10)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(seqs, [2, 3]);
        assert_eq!(log.read("a", 0, 2).unwrap().len(), 2);
        assert_eq!(
            log.sessions().unwrap(),
            [("a".to_owned(), 3), ("b".to_owned(), 2)]
        );
    }

    #[test]
    fn refuses_numbers_json_cannot_carry() {
        let dir = tempfile::tempdir().unwrap();
        let log = SessionLog::open(dir.path().join("s.sqlite")).unwrap();
        let body = EventBody::Cost {
            usd: f64::NAN,
            tokens: 1,
            local: true,
        };
        let err = log.append("a", &Participant::agent("x"), body).unwrap_err();
        assert!(matches!(err, SessionError::Invalid { .. }), "{err}");
        assert_eq!(log.head("a").unwrap(), 0);
    }
}
