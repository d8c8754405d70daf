//! Inline suppressions: `conclave: ignore[B001]` on a finding's line (or alone on the line
//! above it), `conclave: ignore-file[B001]` anywhere, and `conclave: ignore` for every rule.
//! Suppressed findings are kept and marked; a suppression that suppresses nothing is reported.

use crate::vocab::{
    Category, Confidence, Effort, Finding, Fingerprint, LineIndex, RuleDocs, RuleId, RuleMeta,
    Severity, Suppression,
};

pub(crate) const UNUSED_SUPPRESSION_RULE: &str = "SX002";

const MARKER: &str = "conclave: ignore";

/// One `conclave: ignore…` comment.
#[derive(Debug)]
struct Marker {
    /// Lines it covers (its own, and the next code line when the comment stands alone).
    covers: (u32, u32),
    whole_file: bool,
    /// Rule ids; empty = every rule.
    rules: Vec<String>,
    byte: usize,
    used: Vec<bool>,
    used_any: bool,
}

pub(crate) fn unused_suppression_rule() -> RuleMeta {
    RuleMeta {
        id: RuleId::new_static(UNUSED_SUPPRESSION_RULE),
        name: "unused-suppression".into(),
        category: Category::Maintainability,
        severity: Severity::Low,
        confidence: Confidence::High,
        cwe: Vec::new(),
        summary: "A `conclave: ignore` comment suppresses nothing.".into(),
        docs: RuleDocs {
            what_it_does: "Reports `conclave: ignore[…]` comments that match no finding.".into(),
            why_bad: "Stale suppressions hide future findings on that line and mislead readers about the code.".into(),
            example: "x = 1  # conclave: ignore[B003]".into(),
            fix_safety: "Delete the comment, or the rule id that no longer applies.".into(),
            references: Vec::new(),
        },
    }
}

/// Rules whose findings come from a pass over the whole project, after the file's own pass:
/// a suppression of theirs is never reported unused (the file's pass cannot know).
const PROJECT_RULES: &[&str] = &[super::clones::RULE_ID];

/// Marks suppressed findings and, if `report_unused`, appends an `SX002` finding per unused
/// suppression.
pub(crate) fn apply(
    findings: &mut Vec<Finding>,
    path: &str,
    text: &str,
    index: &LineIndex,
    report_unused: bool,
) {
    if !text.contains(MARKER) {
        return;
    }
    let mut markers = find_markers(text, index);
    for finding in findings.iter_mut() {
        let line = finding.span.start.line;
        for marker in &mut markers {
            let applies = marker.whole_file || (marker.covers.0..=marker.covers.1).contains(&line);
            if !applies {
                continue;
            }
            let hit = if marker.rules.is_empty() {
                true
            } else if let Some(i) = marker
                .rules
                .iter()
                .position(|r| r == finding.rule_id.as_str())
            {
                marker.used[i] = true;
                true
            } else {
                false
            };
            if hit {
                marker.used_any = true;
                finding.suppressed = Some(if marker.whole_file {
                    Suppression::File
                } else {
                    Suppression::Line
                });
                break;
            }
        }
    }
    if !report_unused {
        return;
    }
    for marker in &markers {
        let unused: Vec<&str> = if marker.rules.is_empty() {
            if marker.used_any {
                Vec::new()
            } else {
                vec!["every rule"]
            }
        } else {
            marker
                .rules
                .iter()
                .zip(&marker.used)
                .filter(|(r, u)| !**u && !PROJECT_RULES.contains(&r.as_str()))
                .map(|(r, _)| r.as_str())
                .collect()
        };
        if unused.is_empty() {
            continue;
        }
        let start = marker.byte;
        findings.push(Finding {
            rule_id: RuleId::new_static(UNUSED_SUPPRESSION_RULE),
            category: Category::Maintainability,
            severity: Severity::Low,
            confidence: Confidence::High,
            path: path.to_owned(),
            span: index.span(text, start, start + MARKER.len()),
            message: format!(
                "unused suppression: nothing reported here for {}",
                unused.join(", ")
            ),
            cwe: Vec::new(),
            symbol: None,
            fix: None,
            effort: Effort(1),
            fingerprint: Fingerprint(String::new()),
            flow: Vec::new(),
            suppressed: None,
            provenance: None,
            explanation: None,
        });
    }
}

fn find_markers(text: &str, index: &LineIndex) -> Vec<Marker> {
    let lines: Vec<&str> = text.lines().collect();
    let mut markers = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = line.find(MARKER) else {
            continue;
        };
        let number = i as u32 + 1;
        let rest = &line[at + MARKER.len()..];
        let (whole_file, rest) = match rest.strip_prefix("-file") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let rules: Vec<String> = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(ids, _)| {
                ids.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        // A comment alone on its line covers the next line that holds something.
        let alone = line[..at]
            .trim_start()
            .chars()
            .all(|c| matches!(c, '#' | '/' | '*' | ' ' | '\t'));
        let next_code_line = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| !l.trim().is_empty())
            .map(|(j, _)| j as u32 + 1);
        let last = if alone {
            next_code_line.unwrap_or(number)
        } else {
            number
        };
        let byte = index.line_start(number).unwrap_or(0) + at;
        markers.push(Marker {
            covers: (number, last),
            whole_file,
            used: vec![false; rules.len()],
            rules,
            byte,
            used_any: false,
        });
    }
    markers
}
