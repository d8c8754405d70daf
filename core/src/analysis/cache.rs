//! The incremental cache: one JSON entry per analysed file, keyed by the file's path and
//! content and by everything that changes results (tool version, configuration, rule files).
//! A warm run reads files and hashes them but parses nothing. Unreadable or corrupt entries
//! are ignored and rewritten.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::FileReport;
use super::clones::Prints;

/// What is stored per file: its report and its clone fingerprints.
#[derive(serde::Deserialize)]
struct Entry {
    report: FileReport,
    #[serde(default)]
    prints: Prints,
}

#[derive(serde::Serialize)]
struct EntryRef<'a> {
    report: &'a FileReport,
    prints: &'a Prints,
}

#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    /// Digest of everything besides the file itself that affects a file's report.
    engine_key: String,
}

impl Cache {
    pub(crate) fn new(dir: PathBuf, engine_parts: &[&str]) -> Cache {
        Cache {
            dir,
            engine_key: digest(engine_parts.iter().map(|p| p.as_bytes())),
        }
    }

    fn entry(&self, path: &str, text: &str) -> PathBuf {
        let key = digest([self.engine_key.as_bytes(), path.as_bytes(), text.as_bytes()]);
        self.dir.join(&key[..2]).join(format!("{}.json", &key[2..]))
    }

    pub(crate) fn get(&self, path: &str, text: &str) -> Option<(FileReport, Prints)> {
        let bytes = std::fs::read(self.entry(path, text)).ok()?;
        match serde_json::from_slice::<Entry>(&bytes) {
            Ok(entry) if entry.report.path == path => Some((entry.report, entry.prints)),
            _ => {
                tracing::debug!(path, "ignoring a corrupt cache entry");
                None
            }
        }
    }

    pub(crate) fn put(&self, path: &str, text: &str, report: &FileReport, prints: &Prints) {
        let entry = self.entry(path, text);
        if let Err(e) = write_entry(&entry, &EntryRef { report, prints }) {
            tracing::debug!(path, error = %e, "cannot write cache entry");
        }
    }
}

fn write_entry(entry: &Path, value: &EntryRef<'_>) -> std::io::Result<()> {
    let parent = entry.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let tmp = entry.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(
        &tmp,
        serde_json::to_vec(value).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(&tmp, entry)
}

fn digest<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
