//! Baselines: the fingerprints of accepted findings, so CI reports only new ones.
//! Fingerprints do not depend on line numbers, so unrelated edits keep findings matched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Report;

/// Errors reading or writing a baseline file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BaselineError {
    #[error("cannot access baseline {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a conclave baseline: {message}")]
    Format { path: PathBuf, message: String },
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule_id: String,
    pub path: String,
}

/// A set of accepted findings, stored as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub schema_version: u32,
    pub findings: BTreeSet<BaselineEntry>,
}

impl Baseline {
    /// Every unsuppressed finding of `report`.
    pub fn from_report(report: &Report) -> Baseline {
        Baseline {
            schema_version: 1,
            findings: report
                .findings()
                .filter(|f| f.suppressed.is_none())
                .map(|f| BaselineEntry {
                    fingerprint: f.fingerprint.as_str().to_owned(),
                    rule_id: f.rule_id.to_string(),
                    path: f.path.clone(),
                })
                .collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| BaselineError::Format {
            path: path.to_owned(),
            message: e.to_string(),
        })
    }

    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        std::fs::write(path, text).map_err(|source| BaselineError::Io {
            path: path.to_owned(),
            source,
        })
    }
}

impl Report {
    /// Drops findings recorded in `baseline`; returns how many were dropped. Totals, debt and
    /// ratings are left as computed (they describe the code, not what is new).
    pub fn retain_new(&mut self, baseline: &Baseline) -> usize {
        let known: BTreeSet<&str> = baseline
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut dropped = 0;
        for file in &mut self.files {
            let before = file.findings.len();
            file.findings
                .retain(|f| !known.contains(f.fingerprint.as_str()));
            dropped += before - file.findings.len();
        }
        self.summary.count_findings(&self.files);
        dropped
    }
}
