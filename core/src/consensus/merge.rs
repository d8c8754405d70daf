//! Union-merge: combining compatible outputs into one and reporting what clashes.
//!
//! - Findings: the union, one per fingerprint (the first reported copy is kept). When copies
//!   disagree on severity the conflict is reported and resolved by taking the highest.
//! - Fixes: all edits of all proposals in one fix; identical edits (same byte range and
//!   replacement) count once. Different edits whose ranges overlap, or two different insertions
//!   at the same offset, are unresolved conflicts. The merged fix takes the least trusted
//!   applicability of its sources.
//! - Labels and severities: compatible only when equal; anything else is a conflict.

use serde::{Deserialize, Serialize};

use super::Candidate;
use super::choice::{Choice, clip};
use crate::vocab::{Edit, Finding, Fix};

/// The result of a union-merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Merge {
    /// The merged output; `None` when an unresolved conflict prevents it.
    pub result: Option<Choice>,
    /// Every clash found, resolved or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<MergeConflict>,
}

/// Two or more proposals that cannot both hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeConflict {
    /// What clashes.
    pub detail: String,
    /// The voters whose proposals clash.
    pub voters: Vec<String>,
    /// How it was settled; `None` when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

impl MergeConflict {
    pub fn is_resolved(&self) -> bool {
        self.resolution.is_some()
    }
}

/// Merges the options (all of one kind, as `decide` checked).
pub(super) fn merge(options: &[Candidate]) -> Merge {
    match &options[0].choice {
        Choice::Fix(_) => merge_fixes(options),
        Choice::Findings(_) => merge_findings(options),
        Choice::Label(_) | Choice::Severity(_) => {
            if options.len() == 1 {
                return Merge {
                    result: Some(options[0].choice.clone()),
                    conflicts: Vec::new(),
                };
            }
            let detail = options
                .iter()
                .map(|o| format!("`{}` ({})", o.choice.summary(), o.voters.join(", ")))
                .collect::<Vec<_>>()
                .join(" vs ");
            Merge {
                result: None,
                conflicts: vec![MergeConflict {
                    detail: format!(
                        "different {}s cannot be merged: {detail}",
                        options[0].choice.kind()
                    ),
                    voters: options.iter().flat_map(|o| o.voters.clone()).collect(),
                    resolution: None,
                }],
            }
        }
    }
}

fn merge_fixes(options: &[Candidate]) -> Merge {
    // Distinct edits, each with the voters who proposed it.
    let mut edits: Vec<(Edit, Vec<String>)> = Vec::new();
    let mut messages: Vec<&str> = Vec::new();
    let mut applicability = None;
    for option in options {
        let Choice::Fix(fix) = &option.choice else {
            continue;
        };
        if !messages.contains(&fix.message.as_str()) {
            messages.push(&fix.message);
        }
        applicability = applicability.max(Some(fix.applicability));
        for edit in &fix.edits {
            match edits.iter_mut().find(|(e, _)| same_edit(e, edit)) {
                Some((_, voters)) => add_all(voters, &option.voters),
                None => edits.push((edit.clone(), option.voters.clone())),
            }
        }
    }
    edits.sort_by(|(a, _), (b, _)| {
        (a.span.start_byte, a.span.end_byte, &a.replacement).cmp(&(
            b.span.start_byte,
            b.span.end_byte,
            &b.replacement,
        ))
    });
    let mut conflicts = Vec::new();
    for (i, (a, va)) in edits.iter().enumerate() {
        for (b, vb) in &edits[i + 1..] {
            if b.span.start_byte > a.span.end_byte {
                break;
            }
            if clash(a, b) {
                let mut voters = va.clone();
                add_all(&mut voters, vb);
                conflicts.push(MergeConflict {
                    detail: format!(
                        "edits overlap: {} ({}) and {} ({})",
                        describe(a),
                        va.join(", "),
                        describe(b),
                        vb.join(", ")
                    ),
                    voters,
                    resolution: None,
                });
            }
        }
    }
    if !conflicts.is_empty() {
        return Merge {
            result: None,
            conflicts,
        };
    }
    let applicability = applicability.unwrap_or(crate::vocab::Applicability::DisplayOnly);
    let message = messages.join("; ");
    match Fix::new(
        message,
        applicability,
        edits.into_iter().map(|(e, _)| e).collect(),
    ) {
        Some(fix) => Merge {
            result: Some(Choice::Fix(fix)),
            conflicts,
        },
        // Unreachable after the clash check, but never panic on input.
        None => Merge {
            result: None,
            conflicts: vec![MergeConflict {
                detail: "the edits overlap".into(),
                voters: options.iter().flat_map(|o| o.voters.clone()).collect(),
                resolution: None,
            }],
        },
    }
}

fn same_edit(a: &Edit, b: &Edit) -> bool {
    a.span.start_byte == b.span.start_byte
        && a.span.end_byte == b.span.end_byte
        && a.replacement == b.replacement
}

/// Different edits that cannot both apply: overlapping ranges, or two insertions at one offset
/// (their order would be arbitrary).
fn clash(a: &Edit, b: &Edit) -> bool {
    if same_edit(a, b) {
        return false;
    }
    let (a0, a1, b0, b1) = (
        a.span.start_byte,
        a.span.end_byte,
        b.span.start_byte,
        b.span.end_byte,
    );
    (a0 < b1 && b0 < a1) || (a0 == a1 && b0 == b1 && a0 == b0)
}

fn describe(edit: &Edit) -> String {
    format!(
        "bytes {}..{} (line {}) -> `{}`",
        edit.span.start_byte,
        edit.span.end_byte,
        edit.span.start.line,
        clip(&edit.replacement.replace('\n', "\\n"), 40)
    )
}

fn merge_findings(options: &[Candidate]) -> Merge {
    // One finding per fingerprint, with who reported it at which severity.
    let mut merged: Vec<(Finding, Vec<(String, crate::vocab::Severity)>)> = Vec::new();
    for option in options {
        let Choice::Findings(findings) = &option.choice else {
            continue;
        };
        for finding in findings {
            let reports = option.voters.iter().map(|v| (v.clone(), finding.severity));
            match merged
                .iter_mut()
                .find(|(f, _)| f.fingerprint == finding.fingerprint)
            {
                Some((kept, seen)) => {
                    kept.severity = kept.severity.max(finding.severity);
                    for r in reports {
                        if !seen.contains(&r) {
                            seen.push(r);
                        }
                    }
                }
                None => merged.push((finding.clone(), reports.collect())),
            }
        }
    }
    let mut conflicts = Vec::new();
    for (finding, seen) in &merged {
        if seen.iter().all(|(_, s)| *s == finding.severity) {
            continue;
        }
        let said = seen
            .iter()
            .map(|(v, s)| format!("{v}: {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut voters: Vec<String> = Vec::new();
        add_all(
            &mut voters,
            &seen.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>(),
        );
        conflicts.push(MergeConflict {
            detail: format!(
                "severities differ for {} at {}:{} (fingerprint {}): {said}",
                finding.rule_id,
                finding.path,
                finding.span.start.line,
                finding.fingerprint.as_str()
            ),
            voters,
            resolution: Some(format!("took the highest, {}", finding.severity)),
        });
    }
    Merge {
        result: Some(Choice::Findings(
            merged.into_iter().map(|(f, _)| f).collect(),
        )),
        conflicts,
    }
}

fn add_all(into: &mut Vec<String>, voters: &[String]) {
    for v in voters {
        if !into.contains(v) {
            into.push(v.clone());
        }
    }
}
