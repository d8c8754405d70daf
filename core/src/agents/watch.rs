//! Proactive detection: watch a tree, re-analyse what changed, report new and resolved findings.
//!
//! Files changed after the first scan stay parsed ([`LiveFile`]), so their next change re-parses
//! incrementally.
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

use crate::analysis::{Engine, LiveFile, Reparse};
use crate::source::{self, Filters, Loaded};
use crate::vocab::{Finding, Language};

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
    /// Recently changed files kept parsed for incremental re-parsing, with their last use.
    live: HashMap<PathBuf, (LiveFile, Instant)>,
    parses: ParseCounts,
}

/// How the watcher's re-analyses parsed, counted since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ParseCounts {
    /// Files analysed in the first scan or without a kept tree.
    pub fresh: u64,
    /// Re-parses that reused the previous tree.
    pub incremental: u64,
    /// Re-analyses of a file whose text had not changed (only its time stamp).
    pub unchanged: u64,
}

/// Files kept parsed at most: a tree costs several times its file's size in memory.
const MAX_LIVE_FILES: usize = 64;

/// A changed file whose debounce is over.
struct Due {
    path: PathBuf,
    display: String,
    language: Language,
    stamp: (SystemTime, u64),
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
            live: HashMap::new(),
            parses: ParseCounts::default(),
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
                due.push(Due {
                    path: candidate.path,
                    display: candidate.display,
                    language: candidate.language,
                    stamp,
                });
            }
        }
        let first_scan = !self.started;
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
            self.live.remove(&path);
            if let Some(seen) = self.files.remove(&path) {
                events.extend(seen.findings.into_values().map(|f| WatchEvent::Resolved {
                    finding: Box::new(f),
                }));
            }
        }
        if due.is_empty() {
            return events;
        }
        // The first scan analyses everything in parallel and keeps no trees; later changes are
        // few, and a file edited once is likely edited again: keep it parsed.
        let analysed = if first_scan {
            self.analyse_batch(&due)
        } else {
            due.iter().map(|d| self.analyse_live(d)).collect()
        };
        for (due, found) in due.into_iter().zip(analysed) {
            let Due {
                path,
                display,
                stamp,
                ..
            } = due;
            self.pending.remove(&path);
            let now: BTreeMap<String, Finding> = found
                .into_iter()
                .filter(|f| f.suppressed.is_none())
                .map(|f| (f.fingerprint.as_str().to_owned(), f))
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

impl Watcher<'_> {
    /// Analyses the first scan's files in parallel, in one engine run.
    fn analyse_batch(&mut self, due: &[Due]) -> Vec<Vec<Finding>> {
        let paths: Vec<PathBuf> = due.iter().map(|d| d.path.clone()).collect();
        let mut report = self.engine.analyze_paths(&paths, None);
        self.parses.fresh += due.len() as u64;
        let mut by_display: HashMap<String, Vec<Finding>> = report
            .files
            .drain(..)
            .map(|f| (f.path, f.findings))
            .collect();
        // A file the engine skips (binary, too large) has no findings.
        due.iter()
            .map(|d| by_display.remove(&d.display).unwrap_or_default())
            .collect()
    }

    /// Re-analyses one changed file, re-parsing incrementally when its tree is kept.
    fn analyse_live(&mut self, due: &Due) -> Vec<Finding> {
        let text = match source::load(&due.path, self.engine.config().max_file_size) {
            Loaded::Text { text, .. } => text,
            Loaded::Skipped(_) => {
                self.live.remove(&due.path);
                return Vec::new();
            }
        };
        if !self.live.contains_key(&due.path) && self.live.len() >= MAX_LIVE_FILES {
            let oldest = self
                .live
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(p, _)| p.clone());
            if let Some(oldest) = oldest {
                self.live.remove(&oldest);
            }
        }
        let (live, used) = self.live.entry(due.path.clone()).or_insert_with(|| {
            (
                LiveFile::new(due.display.clone(), due.language),
                Instant::now(),
            )
        });
        *used = Instant::now();
        let (report, reparse) = self.engine.update_live(live, text);
        match reparse {
            Reparse::Incremental { .. } => self.parses.incremental += 1,
            Reparse::Unchanged => self.parses.unchanged += 1,
            _ => self.parses.fresh += 1,
        }
        report.findings
    }

    /// How the re-analyses so far parsed.
    pub fn parse_counts(&self) -> ParseCounts {
        self.parses
    }
}

fn stamp(path: &std::path::Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
