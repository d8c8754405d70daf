use serde::{Deserialize, Serialize};

use super::{Category, Confidence, RuleId, Severity};

/// What users and SARIF consumers read about a rule: identity, defaults and documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleMeta {
    pub id: RuleId,
    /// Kebab-case name, e.g. `cyclomatic-complexity`.
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cwe: Vec<u32>,
    /// One sentence: what the rule reports.
    pub summary: String,
    pub docs: RuleDocs,
}

/// A rule's documentation, in fixed sections (as ruff documents its rules).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDocs {
    pub what_it_does: String,
    pub why_bad: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub example: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fix_safety: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
}

impl RuleMeta {
    /// The documentation as Markdown: the help text of `rules explain` and SARIF.
    pub fn help_markdown(&self) -> String {
        let d = &self.docs;
        let mut out = format!(
            "## What it does\n{}\n\n## Why is this bad?\n{}\n",
            d.what_it_does, d.why_bad
        );
        if !d.example.is_empty() {
            out.push_str(&format!(
                "\n## Example\n```\n{}\n```\n",
                d.example.trim_end()
            ));
        }
        if !d.fix_safety.is_empty() {
            out.push_str(&format!("\n## Fix safety\n{}\n", d.fix_safety));
        }
        if !d.references.is_empty() {
            out.push_str("\n## References\n");
            for r in &d.references {
                out.push_str(&format!("- {r}\n"));
            }
        }
        out
    }

    /// The documentation as plain text, for consumers that do not render Markdown.
    pub fn help_text(&self) -> String {
        format!("{} {}", self.docs.what_it_does, self.docs.why_bad)
    }
}
