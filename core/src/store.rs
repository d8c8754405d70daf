//! SQLite files opened one way: parent directory created, WAL journal (readers never block the
//! writer), a busy timeout (several processes may share a file), the caller's schema applied.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

/// Errors opening or using a store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("cannot create the directory of {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Wraps a SQLite error with the file it came from.
    pub fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        }
    }
}

/// Opens (creating if needed) the database at `path` and applies `schema` (idempotent SQL:
/// `CREATE TABLE IF NOT EXISTS ...`).
pub fn open(path: &Path, schema: &str) -> Result<Connection, StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: path.to_owned(),
            source,
        })?;
    }
    let sql = StoreError::sqlite(path);
    let conn = Connection::open(path).map_err(&sql)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(&sql)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(&sql)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(&sql)?;
    conn.execute_batch(schema).map_err(&sql)?;
    Ok(conn)
}

/// `$XDG_DATA_HOME/conclave/<file>`, else `~/.local/share/conclave/<file>`, else the temporary
/// directory.
pub fn default_path(file: &str) -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("conclave").join(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_twice_with_the_schema_applied_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/s.sqlite");
        let schema = "CREATE TABLE IF NOT EXISTS t (x INTEGER);";
        let one = open(&path, schema).unwrap();
        one.execute("INSERT INTO t VALUES (1)", []).unwrap();
        let two = open(&path, schema).unwrap();
        let n: i64 = two
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        assert!(
            open(dir.path(), schema).is_err(),
            "a directory is no database"
        );
    }
}
