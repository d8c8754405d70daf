//! What agents vote for, and the canonical key that says when two votes agree.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::vocab::{Finding, Fix, Severity};

/// One agent's answer to a [`Question`](super::Question).
///
/// Two choices are the same option when their [`key`](Choice::key)s are equal: a label by its
/// trimmed text, a severity by name, a fix by its edits (byte ranges and replacements; message
/// and applicability do not count), a set of findings by its set of fingerprints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Choice {
    /// A verdict or label: `real`, `false-positive`, `approve`, …
    Label(String),
    /// How bad something is.
    Severity(Severity),
    /// A proposed change to one file.
    Fix(Fix),
    /// A set of findings (identity: fingerprint; order and duplicates do not matter).
    Findings(Vec<Finding>),
}

impl Choice {
    /// A label choice.
    pub fn label(text: impl Into<String>) -> Choice {
        Choice::Label(text.into())
    }

    /// `label`, `severity`, `fix` or `findings`.
    pub fn kind(&self) -> &'static str {
        match self {
            Choice::Label(_) => "label",
            Choice::Severity(_) => "severity",
            Choice::Fix(_) => "fix",
            Choice::Findings(_) => "findings",
        }
    }

    /// The canonical key: equal keys are the same option.
    pub fn key(&self) -> String {
        match self {
            Choice::Label(text) => format!("label:{}", text.trim()),
            Choice::Severity(sev) => format!("severity:{}", sev.name()),
            Choice::Fix(fix) => {
                let mut edits: Vec<_> = fix
                    .edits
                    .iter()
                    .map(|e| (e.span.start_byte, e.span.end_byte, e.replacement.as_str()))
                    .collect();
                edits.sort_unstable();
                edits.dedup();
                let mut hasher = Sha256::new();
                for (start, end, text) in edits {
                    hasher.update((start as u64).to_le_bytes());
                    hasher.update((end as u64).to_le_bytes());
                    hasher.update(text.as_bytes());
                    hasher.update([0]);
                }
                format!("fix:{}", short_hex(&hasher.finalize()))
            }
            Choice::Findings(findings) => {
                let mut prints: Vec<&str> =
                    findings.iter().map(|f| f.fingerprint.as_str()).collect();
                prints.sort_unstable();
                prints.dedup();
                let mut hasher = Sha256::new();
                for p in prints {
                    hasher.update(p.as_bytes());
                    hasher.update([0]);
                }
                format!("findings:{}", short_hex(&hasher.finalize()))
            }
        }
    }

    /// One line for people and model judges.
    pub fn summary(&self) -> String {
        match self {
            Choice::Label(text) => text.trim().to_owned(),
            Choice::Severity(sev) => sev.name().to_owned(),
            Choice::Fix(fix) => {
                let mut out = format!("fix \"{}\":", clip(&fix.message, 60));
                for edit in fix.edits.iter().take(3) {
                    let line = edit.span.start.line;
                    if edit.replacement.is_empty() {
                        let _ = write!(out, " line {line}: delete;");
                    } else {
                        let _ = write!(
                            out,
                            " line {line}: `{}`;",
                            clip(&edit.replacement.replace('\n', "\\n"), 60)
                        );
                    }
                }
                if fix.edits.len() > 3 {
                    let _ = write!(out, " (+{} more edits)", fix.edits.len() - 3);
                }
                out.trim_end_matches(';').to_owned()
            }
            Choice::Findings(findings) => {
                let mut out = format!("{} findings", findings.len());
                for (i, f) in findings.iter().take(4).enumerate() {
                    out.push_str(if i == 0 { ": " } else { ", " });
                    let _ = write!(
                        out,
                        "{} {}:{} ({})",
                        f.rule_id, f.path, f.span.start.line, f.severity
                    );
                }
                if findings.len() > 4 {
                    out.push_str(", …");
                }
                out
            }
        }
    }
}

impl From<Severity> for Choice {
    fn from(sev: Severity) -> Choice {
        Choice::Severity(sev)
    }
}

impl From<Fix> for Choice {
    fn from(fix: Fix) -> Choice {
        Choice::Fix(fix)
    }
}

impl From<Vec<Finding>> for Choice {
    fn from(findings: Vec<Finding>) -> Choice {
        Choice::Findings(findings)
    }
}

fn short_hex(digest: &[u8]) -> String {
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// At most `max` characters of `text`, with `…` when cut.
pub(super) fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Applicability, Edit, LineIndex};

    fn fix(message: &str, edits: &[(usize, usize, &str)]) -> Fix {
        let text = "x = compute(a, b)\ny = x + 1\n";
        let idx = LineIndex::new(text);
        Fix::new(
            message,
            Applicability::Safe,
            edits
                .iter()
                .map(|&(s, e, r)| Edit {
                    span: idx.span(text, s, e),
                    replacement: r.into(),
                })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn keys_ignore_what_does_not_change_the_answer() {
        assert_eq!(Choice::label(" real ").key(), Choice::label("real").key());
        assert_ne!(Choice::label("Real").key(), Choice::label("real").key());
        assert_eq!(Choice::from(Severity::High).key(), "severity:high");
        let a = fix("one", &[(0, 1, "z"), (19, 20, "w")]);
        let mut b = fix("two", &[(19, 20, "w"), (0, 1, "z")]);
        b.applicability = Applicability::Unsafe;
        assert_eq!(Choice::from(a.clone()).key(), Choice::from(b).key());
        assert_ne!(
            Choice::from(a).key(),
            Choice::from(fix("one", &[(0, 1, "q")])).key()
        );
    }

    #[test]
    fn summaries_are_one_short_line() {
        let s = Choice::from(fix("rename", &[(0, 1, "total"), (19, 20, "")])).summary();
        assert_eq!(s, "fix \"rename\": line 1: `total`; line 2: delete");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
