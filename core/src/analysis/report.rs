//! What an analysis returns: plain serde types, stable in JSON (see `SCHEMA_VERSION`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::metrics::{FileMetrics, Rating};
use crate::source::Skipped;
use crate::vocab::{Finding, Language, Severity};

/// Version of the JSON report layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Name and version of the tool, as written into reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

impl Default for ToolInfo {
    fn default() -> Self {
        ToolInfo {
            name: "conclave".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// The result of analysing one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub language: Language,
    #[serde(flatten)]
    pub metrics: FileMetrics,
    pub rating: Rating,
    /// Sum of the remediation efforts of the file's findings.
    pub debt_minutes: u64,
    pub debt_ratio: f64,
    pub findings: Vec<Finding>,
    /// Problems that did not stop the analysis (e.g. invalid UTF-8 decoded lossily).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Totals for one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageSummary {
    pub files: usize,
    pub loc: u64,
    pub sloc: u64,
    pub functions: usize,
}

/// Totals over a whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub files: usize,
    pub skipped: usize,
    pub loc: u64,
    pub sloc: u64,
    pub functions: usize,
    /// Findings not suppressed by an inline comment.
    pub findings: usize,
    pub suppressed: usize,
    pub findings_by_severity: BTreeMap<Severity, usize>,
    pub languages: BTreeMap<Language, LanguageSummary>,
    pub rating: Rating,
    pub debt_minutes: u64,
    pub debt_ratio: f64,
    pub duration_ms: u64,
}

impl Summary {
    /// Recounts findings (unsuppressed, by severity) and suppressed ones from `files`.
    pub(crate) fn count_findings(&mut self, files: &[FileReport]) {
        self.findings = 0;
        self.suppressed = 0;
        self.findings_by_severity.clear();
        for f in files.iter().flat_map(|file| &file.findings) {
            if f.suppressed.is_some() {
                self.suppressed += 1;
            } else {
                self.findings += 1;
                *self.findings_by_severity.entry(f.severity).or_default() += 1;
            }
        }
    }
}

/// The result of analysing a set of paths. Files are sorted by path whatever the thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skipped>,
    pub summary: Summary,
}

impl Report {
    /// Every finding of every file, in file order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    /// Whether any unsuppressed finding is at or above `threshold`.
    pub fn has_findings_at_or_above(&self, threshold: Severity) -> bool {
        self.findings()
            .any(|f| f.suppressed.is_none() && f.severity >= threshold)
    }
}

/// Findings in reading order: by position, then rule.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start_byte, &a.rule_id, a.span.end_byte).cmp(&(
            b.span.start_byte,
            &b.rule_id,
            b.span.end_byte,
        ))
    });
}

/// Remediation minutes of the findings that count (suppressed ones do not).
pub(crate) fn debt_of(findings: &[Finding]) -> u64 {
    findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .map(|f| u64::from(f.effort.minutes()))
        .sum()
}
