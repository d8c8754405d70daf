//! Learning from feedback: per-rule and per-agent reliability learned from people's verdicts.
//!
//! People judge findings and fixes ([`Verdict`]: accepted, rejected, fixed). Each verdict is kept
//! in a SQLite [`FeedbackStore`], one per (subject, reviewer): a reviewer who changes their mind
//! replaces their earlier verdict. The verdicts become Beta posteriors ([`Reliability`]) per rule,
//! per rule and language, and per agent, starting from a [`Prior`] taken from what the rule
//! declares. Those numbers feed back as
//!
//! - a finding's learned confidence ([`Reliabilities::confidence_of`]),
//! - agents' voting weights for consensus ([`Reliabilities::agent_weights`]),
//! - per-rule reliabilities the router's cost-aware policy can read
//!   ([`Reliabilities::rule_reliabilities`]).
//!
//! [`replay`] measures all this on labelled findings: it feeds the labels one by one as if
//! people gave them and compares the ranking by learned reliability with the ranking by the
//! rules' declared confidence.
//!
//! ```
//! use conclave::learn::{Feedback, FeedbackStore, Verdict};
//! use conclave::Confidence;
//!
//! let dir = tempfile::tempdir()?;
//! let store = FeedbackStore::open(&dir.path().join("learn.sqlite"))?;
//! for (subject, verdict) in [("f1", Verdict::Rejected), ("f2", Verdict::Rejected), ("f3", Verdict::Fixed)] {
//!     store.record(&Feedback::finding(subject, "R017", verdict, "ana"))?;
//! }
//! let learned = store.reliability_of_rule("R017", Confidence::High)?;
//! assert!(learned.mean() < 0.9, "two false positives out of three lower a high-confidence rule");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod beta;
mod reliabilities;
mod replay;
mod store;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::store::StoreError;
use crate::vocab::Language;

pub use beta::{Prior, Reliability};
pub use reliabilities::{Reliabilities, RuleCounts, VerdictCounts, confidence_level};
pub use replay::{
    RecallPoint, ReplayOptions, ReplayRecord, ReplayReport, RuleSummary, precision_at_recall,
    read_records, replay,
};
pub use store::{FeedbackStore, Recorded};

/// What a person said about a finding or a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The finding is real, or the fix was taken.
    Accepted,
    /// A false positive, or a wrong fix.
    Rejected,
    /// The developer changed the code so the finding went away: the finding was real. For a fix
    /// it means the problem was fixed another way, so the proposed fix was not used.
    Fixed,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Accepted, Verdict::Rejected, Verdict::Fixed];

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Fixed => "fixed",
        }
    }

    /// Whether the verdict confirms the subject: a real finding, a fix that was used.
    pub fn confirms(self, kind: SubjectKind) -> bool {
        match (kind, self) {
            (_, Verdict::Accepted) => true,
            (_, Verdict::Rejected) => false,
            (SubjectKind::Finding, Verdict::Fixed) => true,
            (SubjectKind::Fix, Verdict::Fixed) => false,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Verdict {
    type Err = LearnError;

    /// `accepted`, `rejected` or `fixed`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Verdict::ALL
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| LearnError::UnknownVerdict { text: s.to_owned() })
    }
}

/// What a verdict is about. Kept apart because a wrong fix says nothing about whether the
/// finding was real.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    /// A finding, named by its fingerprint.
    #[default]
    Finding,
    /// A proposed fix, named by the caller's fix id.
    Fix,
}

impl SubjectKind {
    pub fn name(self) -> &'static str {
        match self {
            SubjectKind::Finding => "finding",
            SubjectKind::Fix => "fix",
        }
    }
}

impl FromStr for SubjectKind {
    type Err = LearnError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [SubjectKind::Finding, SubjectKind::Fix]
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| LearnError::UnknownSubjectKind { text: s.to_owned() })
    }
}

/// One verdict by one person on one finding or fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// The finding's fingerprint, or the fix's id.
    pub subject: String,
    #[serde(default)]
    pub kind: SubjectKind,
    /// The rule that reported the finding (or whose finding the fix addresses).
    pub rule: String,
    /// The agent that reported the finding or proposed the fix, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    pub verdict: Verdict,
    /// Who judged: one verdict per (subject, by) counts.
    pub by: String,
    /// When, in milliseconds since the Unix epoch; the latest verdict of a reviewer wins.
    pub at_ms: u64,
}

impl Feedback {
    /// A verdict on a finding, stamped now, with no agent or language.
    pub fn finding(
        subject: impl Into<String>,
        rule: impl Into<String>,
        verdict: Verdict,
        by: impl Into<String>,
    ) -> Feedback {
        Feedback {
            subject: subject.into(),
            kind: SubjectKind::Finding,
            rule: rule.into(),
            agent: None,
            language: None,
            verdict,
            by: by.into(),
            at_ms: now_ms(),
        }
    }

    /// A verdict on a finding, with everything known filled from it: fingerprint, rule,
    /// reporting agent, language (from the path).
    pub fn on(finding: &crate::vocab::Finding, verdict: Verdict, by: impl Into<String>) -> Self {
        Feedback {
            subject: finding.fingerprint.as_str().to_owned(),
            kind: SubjectKind::Finding,
            rule: finding.rule_id.as_str().to_owned(),
            agent: finding.provenance.as_ref().map(|p| p.agent.clone()),
            language: Language::from_path(std::path::Path::new(&finding.path)),
            verdict,
            by: by.into(),
            at_ms: now_ms(),
        }
    }

    /// The same verdict, about a fix rather than a finding.
    pub fn for_fix(mut self) -> Feedback {
        self.kind = SubjectKind::Fix;
        self
    }

    fn check(&self) -> Result<(), LearnError> {
        for (field, value) in [
            ("subject", &self.subject),
            ("rule", &self.rule),
            ("by", &self.by),
        ] {
            if value.trim().is_empty() {
                return Err(LearnError::EmptyField { field });
            }
        }
        Ok(())
    }
}

/// Milliseconds since the Unix epoch (0 when the clock is before it).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Errors of recording feedback, reading it back, or replaying labelled findings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LearnError {
    /// The SQLite file could not be opened or queried.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A verdict name that is not `accepted`, `rejected` or `fixed`.
    #[error("unknown verdict `{text}` (expected one of: accepted, rejected, fixed)")]
    UnknownVerdict { text: String },
    /// A subject kind that is not `finding` or `fix`.
    #[error("unknown subject kind `{text}` (expected finding or fix)")]
    UnknownSubjectKind { text: String },
    /// Feedback with an empty subject, rule or reviewer.
    #[error("feedback has an empty `{field}`")]
    EmptyField { field: &'static str },
    /// A stored row that this version cannot read (written by something else).
    #[error("stored feedback on `{subject}` has an unreadable {column}: `{value}`")]
    Corrupt {
        subject: String,
        column: &'static str,
        value: String,
    },
    /// A line of a replay file that is not a record.
    #[error("replay record on line {line}: {message}")]
    BadRecord { line: usize, message: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_parse_in_any_case_and_name_the_choices_when_wrong() {
        assert_eq!("Accepted".parse::<Verdict>().unwrap(), Verdict::Accepted);
        assert_eq!(" rejected ".parse::<Verdict>().unwrap(), Verdict::Rejected);
        assert_eq!("FIXED".parse::<Verdict>().unwrap(), Verdict::Fixed);
        for v in Verdict::ALL {
            assert_eq!(v.name().parse::<Verdict>().unwrap(), v);
        }
        let err = "wontfix".parse::<Verdict>().unwrap_err();
        assert!(matches!(&err, LearnError::UnknownVerdict { text } if text == "wontfix"));
        assert!(err.to_string().contains("accepted, rejected, fixed"));
        assert!("".parse::<Verdict>().is_err());
        assert_eq!("fix".parse::<SubjectKind>().unwrap(), SubjectKind::Fix);
        assert!(matches!(
            "patch".parse::<SubjectKind>(),
            Err(LearnError::UnknownSubjectKind { .. })
        ));
    }

    #[test]
    fn feedback_round_trips_through_json_in_kebab_case() {
        let mut f = Feedback::finding("abc", "B002", Verdict::Fixed, "ana");
        f.language = Some(Language::Python);
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["verdict"], "fixed");
        assert_eq!(json["kind"], "finding");
        assert_eq!(json["language"], "python");
        let back: Feedback = serde_json::from_value(json).unwrap();
        assert_eq!(back, f);
        assert!(matches!(
            Feedback::finding("abc", " ", Verdict::Fixed, "ana").check(),
            Err(LearnError::EmptyField { field: "rule" })
        ));
    }
}
