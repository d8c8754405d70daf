//! The syntax-error finding: partial trees are analysed, and the broken places reported.

use crate::metrics::SyntaxIssue;
use crate::vocab::{
    Category, Confidence, Effort, Finding, Fingerprint, LineIndex, RuleDocs, RuleId, RuleMeta,
    Severity,
};

pub(crate) const SYNTAX_RULE: &str = "SX001";

pub(crate) fn syntax_rule() -> RuleMeta {
    RuleMeta {
        id: RuleId::new_static(SYNTAX_RULE),
        name: "syntax-error".into(),
        category: Category::Syntax,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        cwe: Vec::new(),
        summary: "The file does not parse; results for it are partial.".into(),
        docs: RuleDocs {
            what_it_does: "Reports places where the parser found unexpected or missing tokens. The rest of the file is still analysed.".into(),
            why_bad: "Code that does not parse does not run; if it does run, the grammar is older than the language version in use, and metrics near the error are approximate.".into(),
            example: "def f(x:\n    return x".into(),
            fix_safety: "No automatic fix.".into(),
            references: vec!["https://tree-sitter.github.io/tree-sitter/".into()],
        },
    }
}

pub(crate) fn syntax_findings(
    issues: &[SyntaxIssue],
    path: &str,
    text: &str,
    index: &LineIndex,
) -> Vec<Finding> {
    issues
        .iter()
        .map(|issue| {
            let message = match &issue.missing {
                Some(token) => format!("syntax error: missing `{token}`"),
                None => {
                    let span = index.span(text, issue.start_byte, issue.end_byte);
                    if span.end.line > span.start.line {
                        format!(
                            "syntax error: lines {}-{} do not parse",
                            span.start.line, span.end.line
                        )
                    } else {
                        let snippet = text
                            .get(issue.start_byte..issue.end_byte)
                            .unwrap_or_default()
                            .trim();
                        let snippet: String = snippet.chars().take(30).collect();
                        if snippet.is_empty() {
                            "syntax error".to_owned()
                        } else {
                            format!("syntax error: unexpected `{snippet}`")
                        }
                    }
                }
            };
            Finding {
                rule_id: RuleId::new_static(SYNTAX_RULE),
                category: Category::Syntax,
                severity: Severity::Medium,
                confidence: Confidence::Medium,
                path: path.to_owned(),
                span: index.span(text, issue.start_byte, issue.end_byte),
                message,
                cwe: Vec::new(),
                symbol: None,
                fix: None,
                effort: Effort(10),
                fingerprint: Fingerprint(String::new()),
                flow: Vec::new(),
                suppressed: None,
                provenance: None,
                explanation: None,
            }
        })
        .collect()
}
