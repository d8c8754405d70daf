use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Span;

/// A stable rule identifier such as `CX001`. Ids are never reused; renamed rules keep an alias.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleId(Cow<'static, str>);

impl RuleId {
    pub const fn new_static(id: &'static str) -> Self {
        RuleId(Cow::Borrowed(id))
    }

    pub fn new(id: impl Into<String>) -> Self {
        RuleId(Cow::Owned(id.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of problem a finding reports.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Bug,
    Performance,
    Refactoring,
    Maintainability,
    /// The file could not be parsed cleanly.
    Syntax,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Bug => "bug",
            Category::Performance => "performance",
            Category::Refactoring => "refactoring",
            Category::Maintainability => "maintainability",
            Category::Syntax => "syntax",
        }
    }
}

/// How bad a finding is, from `info` to `critical`; ordered so thresholds compare naturally.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A severity name that is not one of `info`, `low`, `medium`, `high`, `critical`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity `{0}` (expected one of: info, low, medium, high, critical)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownSeverity(s.to_owned()))
    }
}

/// How sure the rule is that the finding is a true positive.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// How safe it is to apply a fix without looking, most trusted first (as in ruff).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Preserves behaviour; may be applied automatically.
    Safe,
    /// Probably right but may change behaviour; apply on request.
    Unsafe,
    /// Shown to people only, never applied by tools.
    DisplayOnly,
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A proposed change: sorted, non-overlapping edits plus how safe they are to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    /// How the fix was checked, when it was (model-made fixes always are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<super::Verification>,
}

impl Fix {
    /// Builds a fix, sorting the edits; returns `None` when two edits overlap.
    pub fn new(
        message: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Option<Fix> {
        edits.sort_by_key(|e| (e.span.start_byte, e.span.end_byte));
        let overlapping = edits
            .windows(2)
            .any(|w| w[0].span.end_byte > w[1].span.start_byte);
        (!overlapping).then(|| Fix {
            message: message.into(),
            applicability,
            edits,
            verification: None,
        })
    }

    /// Applies the edits to `text`, or `None` if an edit lies outside it or splits a character.
    pub fn apply(&self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for edit in &self.edits {
            out.push_str(text.get(at..edit.span.start_byte)?);
            out.push_str(&edit.replacement);
            at = edit.span.end_byte;
        }
        out.push_str(text.get(at..)?);
        Some(out)
    }
}

/// Remediation effort in minutes, the unit of the technical-debt model.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Effort(pub u32);

impl Effort {
    pub fn minutes(self) -> u32 {
        self.0
    }
}

/// An identity of a finding that survives unrelated edits (lines moving above it).
///
/// Built from the rule, the file, the enclosing symbol and the whitespace-normalised text of the
/// flagged line, never from line numbers; an occurrence counter separates identical lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    pub fn compute(
        rule: &RuleId,
        path: &str,
        symbol: Option<&str>,
        anchor_text: &str,
        occurrence: u32,
    ) -> Fingerprint {
        let mut hasher = Sha256::new();
        for part in [rule.as_str(), path, symbol.unwrap_or("")] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        for word in anchor_text.split_whitespace() {
            hasher.update(word.as_bytes());
            hasher.update([b' ']);
        }
        hasher.update([0]);
        hasher.update(occurrence.to_le_bytes());
        let digest = hasher.finalize();
        let mut hex = String::with_capacity(32);
        for byte in &digest[..16] {
            hex.push_str(&format!("{byte:02x}"));
        }
        Fingerprint(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: RuleId,
    pub category: Category,
    pub severity: Severity,
    pub confidence: Confidence,
    /// The file, with `/` separators, as walked from the path the user gave.
    pub path: String,
    pub span: Span,
    pub message: String,
    /// CWE ids (numbers only: 89 for CWE-89).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cwe: Vec<u32>,
    /// The enclosing function or class, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Estimated minutes to remediate, feeding the debt ratio and the rating.
    #[serde(rename = "effort_minutes")]
    pub effort: Effort,
    pub fingerprint: Fingerprint,
    /// For data-flow findings: the path from the source to the sink, in order (SARIF
    /// `codeFlows`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flow: Vec<FlowStep>,
    /// Set when an inline `conclave: ignore[…]` comment covers the finding. Suppressed findings
    /// are kept (SARIF lists them as suppressed) but do not count or fail a run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
    /// Which agent reported it and which models worked on it, when an agent did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<super::Provenance>,
    /// A plain-language explanation written by a model for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// One place on a data flow and what happens to the value there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowStep {
    pub span: Span,
    pub message: String,
}

/// How a finding was suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Suppression {
    /// A comment on the finding's line or the line above.
    Line,
    /// A `conclave: ignore-file[…]` comment.
    File,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::LineIndex;

    #[test]
    fn severity_orders_and_parses() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!("HIGH".parse::<Severity>().unwrap(), Severity::High);
        assert!("fatal".parse::<Severity>().is_err());
    }

    #[test]
    fn fix_rejects_overlaps_and_applies_sorted() {
        let text = "let a = 1;";
        let idx = LineIndex::new(text);
        let edit = |s, e, r: &str| Edit {
            span: idx.span(text, s, e),
            replacement: r.into(),
        };
        let fix = Fix::new(
            "rename",
            Applicability::Safe,
            vec![edit(8, 9, "2"), edit(0, 3, "const")],
        )
        .unwrap();
        assert_eq!(fix.apply(text).unwrap(), "const a = 2;");
        assert!(
            Fix::new(
                "x",
                Applicability::Safe,
                vec![edit(0, 5, ""), edit(4, 6, "")]
            )
            .is_none()
        );
    }

    #[test]
    fn fingerprint_ignores_whitespace_but_not_content() {
        let id = RuleId::new_static("CX001");
        let a = Fingerprint::compute(&id, "a.py", Some("f"), "  if x:  ", 0);
        let b = Fingerprint::compute(&id, "a.py", Some("f"), "if   x:", 0);
        let c = Fingerprint::compute(&id, "a.py", Some("f"), "if y:", 0);
        let d = Fingerprint::compute(&id, "a.py", Some("f"), "if x:", 1);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert_eq!(a.as_str().len(), 32);
    }
}
