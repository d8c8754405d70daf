//! Proactive detection: watch a tree, re-analyse what changed, report new and resolved findings.
//!
//! Polling rather than OS notifications: it needs no platform code, sees every file system
//! (network mounts included) and costs one directory walk and one `stat` per file per poll.
//! A changed file is analysed once its size and modification time have held still for the
//! debounce interval, so a burst of writes (an editor saving, a formatter, a checkout) costs one
//! analysis. Findings are compared by fingerprint, which survives lines moving.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;

use crate::analysis::Engine;
use crate::source::{self, Filters};
use crate::vocab::Finding;

/// Something the watcher noticed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum WatchEvent {
    /// A finding that was not there before (or was there at the first scan).
    New { finding: Box<Finding> },
    /// A finding that is gone: fixed, or its file deleted.
    Resolved { finding: Box<Finding> },
    /// A file was analysed again (after the debounce).
    Analysed { path: String, findings: usize },
}

/// What the watcher remembers of a file.
#[derive(Debug)]
struct Seen {
    stamp: (SystemTime, u64),
    findings: BTreeMap<String, Finding>,
}

/// Watches the trees under `roots` with `engine`'s configuration.
#[derive(Debug)]
pub struct Watcher<'e> {
    engine: &'e Engine,
    roots: Vec<PathBuf>,
    filters: Filters,
    debounce: Duration,
    files: HashMap<PathBuf, Seen>,
    /// Changed files waiting for their debounce: the stamp seen and since when.
    pending: HashMap<PathBuf, ((SystemTime, u64), Instant)>,
    /// Whether the first scan (which analyses everything at once) is done.
    started: bool,
}

impl<'e> Watcher<'e> {
    pub fn new(
        engine: &'e Engine,
        roots: Vec<PathBuf>,
        debounce: Duration,
    ) -> Result<Watcher<'e>, crate::ConfigError> {
        Ok(Watcher {
            filters: Filters::new(engine.config())?,
            engine,
            roots,
            debounce,
            files: HashMap::new(),
            pending: HashMap::new(),
            started: false,
        })
    }

    /// Looks at the trees once: files whose stamp changed wait for the debounce; those that
    /// waited long enough are analysed and their differences returned; deleted files resolve
    /// their findings. The first call reports every finding as new.
    pub fn poll(&mut self) -> Vec<WatchEvent> {
        let (candidates, _) = source::walk(&self.roots, &self.filters);
        let now = Instant::now();
        let mut due = Vec::new();
        let mut present = std::collections::HashSet::new();
        for candidate in candidates {
            present.insert(candidate.path.clone());
            let Some(stamp) = stamp(&candidate.path) else {
                continue;
            };
            if self.files.get(&candidate.path).map(|s| s.stamp) == Some(stamp) {
                self.pending.remove(&candidate.path);
                continue;
            }
            let entry = self
                .pending
                .entry(candidate.path.clone())
                .or_insert((stamp, now));
            if entry.0 != stamp {
                *entry = (stamp, now); // still being written: wait again
            }
            if !self.started || now.duration_since(entry.1) >= self.debounce {
                due.push((candidate.path, candidate.display, stamp));
            }
        }
        self.started = true;
        let mut events = Vec::new();
        // Deleted files: everything they had is resolved.
        let gone: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|p| !present.contains(*p))
            .cloned()
            .collect();
        for path in gone {
            if let Some(seen) = self.files.remove(&path) {
                events.extend(seen.findings.into_values().map(|f| WatchEvent::Resolved {
                    finding: Box::new(f),
                }));
            }
        }
        if due.is_empty() {
            return events;
        }
        let paths: Vec<PathBuf> = due.iter().map(|(p, _, _)| p.clone()).collect();
        let report = self.engine.analyze_paths(&paths, None);
        let by_display: HashMap<&str, &crate::FileReport> =
            report.files.iter().map(|f| (f.path.as_str(), f)).collect();
        for (path, display, stamp) in due {
            self.pending.remove(&path);
            // A file the engine skips (grown binary, too large) has no findings.
            let found = by_display
                .get(display.as_str())
                .map_or(&[][..], |f| &f.findings[..]);
            let now: BTreeMap<String, Finding> = found
                .iter()
                .filter(|f| f.suppressed.is_none())
                .map(|f| (f.fingerprint.as_str().to_owned(), f.clone()))
                .collect();
            let before = self
                .files
                .remove(&path)
                .map(|s| s.findings)
                .unwrap_or_default();
            for (key, finding) in &now {
                if !before.contains_key(key) {
                    events.push(WatchEvent::New {
                        finding: Box::new(finding.clone()),
                    });
                }
            }
            for (key, finding) in before {
                if !now.contains_key(&key) {
                    events.push(WatchEvent::Resolved {
                        finding: Box::new(finding),
                    });
                }
            }
            events.push(WatchEvent::Analysed {
                path: display,
                findings: now.len(),
            });
            self.files.insert(
                path,
                Seen {
                    stamp,
                    findings: now,
                },
            );
        }
        events
    }
}

fn stamp(path: &std::path::Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
