//! Findings raised by metrics: functions that are too complex, too long, take too many
//! parameters or nest too deeply.

use serde::{Deserialize, Serialize};

use super::FunctionMetrics;
use crate::vocab::{
    Category, Confidence, Effort, Finding, Fingerprint, LineIndex, RuleDocs, RuleId, RuleMeta,
    Severity,
};

/// Limits above which a function is reported. Defaults follow lizard (CCN 15) and SonarQube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    pub cyclomatic: u32,
    pub cognitive: u32,
    /// Physical lines of one function.
    pub function_length: u32,
    pub parameters: u32,
    pub nesting: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            cyclomatic: 15,
            cognitive: 15,
            function_length: 100,
            parameters: 7,
            nesting: 4,
        }
    }
}

/// One metric rule: its id, the value it checks, and its remediation model.
struct MetricRule {
    id: &'static str,
    name: &'static str,
    what: &'static str,
    summary: &'static str,
    why: &'static str,
    reference: &'static str,
    /// Minutes to fix a function at the threshold, plus minutes per unit above it.
    effort_base: u32,
    effort_per_unit: u32,
    value: fn(&FunctionMetrics) -> u32,
    limit: fn(&Thresholds) -> u32,
}

const RULES: [MetricRule; 5] = [
    MetricRule {
        id: "CX001",
        name: "cyclomatic-complexity",
        what: "cyclomatic complexity",
        summary: "Function has a cyclomatic complexity above the threshold.",
        why: "Each independent path through a function needs its own test; past about 15 paths (lizard's default) functions are hard to test and to change safely.",
        reference: "https://en.wikipedia.org/wiki/Cyclomatic_complexity",
        effort_base: 10,
        effort_per_unit: 1,
        value: |f| f.cyclomatic,
        limit: |t| t.cyclomatic,
    },
    MetricRule {
        id: "CX002",
        name: "cognitive-complexity",
        what: "cognitive complexity",
        summary: "Function has a cognitive complexity above the threshold.",
        why: "Cognitive complexity measures how hard control flow is to follow: nested branches, breaks in linear flow and mixed boolean operators. Hard-to-read code hides bugs.",
        reference: "https://www.sonarsource.com/docs/CognitiveComplexity.pdf",
        effort_base: 5,
        effort_per_unit: 1,
        value: |f| f.cognitive,
        limit: |t| t.cognitive,
    },
    MetricRule {
        id: "CX003",
        name: "function-too-long",
        what: "length in lines",
        summary: "Function is longer than the threshold.",
        why: "Long functions do several things at once; they are harder to name, test and reuse than the smaller functions they could be split into.",
        reference: "https://refactoring.com/catalog/extractFunction.html",
        effort_base: 20,
        effort_per_unit: 0,
        value: |f| f.loc,
        limit: |t| t.function_length,
    },
    MetricRule {
        id: "CX004",
        name: "too-many-parameters",
        what: "parameter count",
        summary: "Function takes more parameters than the threshold.",
        why: "Many parameters make calls hard to read and easy to get wrong; related parameters usually belong in one object.",
        reference: "https://refactoring.com/catalog/introduceParameterObject.html",
        effort_base: 20,
        effort_per_unit: 0,
        value: |f| f.params,
        limit: |t| t.parameters,
    },
    MetricRule {
        id: "CX005",
        name: "deep-nesting",
        what: "nesting depth",
        summary: "Control structures are nested deeper than the threshold.",
        why: "Deeply nested if/loop/switch/try blocks are hard to follow; early returns, guard clauses or extracted functions flatten them.",
        reference: "https://refactoring.com/catalog/replaceNestedConditionalWithGuardClauses.html",
        effort_base: 10,
        effort_per_unit: 0,
        value: |f| f.max_nesting,
        limit: |t| t.nesting,
    },
];

/// Documentation and defaults of the metric rules.
pub fn metric_rules() -> Vec<RuleMeta> {
    RULES
        .iter()
        .map(|r| RuleMeta {
            id: RuleId::new_static(r.id),
            name: r.name.to_owned(),
            category: Category::Maintainability,
            severity: Severity::Medium,
            confidence: Confidence::High,
            cwe: Vec::new(),
            summary: r.summary.to_owned(),
            docs: RuleDocs {
                what_it_does: format!(
                    "Reports functions whose {} exceeds the configured threshold. Severity is `high` at twice the threshold or more.",
                    r.what
                ),
                why_bad: r.why.to_owned(),
                example: String::new(),
                fix_safety: "No automatic fix: splitting a function is a design decision.".to_owned(),
                references: vec![r.reference.to_owned()],
            },
        })
        .collect()
}

/// Findings for the functions of one file that exceed `thresholds`.
///
/// Fingerprints are left empty; the caller fills them for all findings of the file at once.
pub fn metric_findings(
    functions: &[FunctionMetrics],
    thresholds: &Thresholds,
    path: &str,
    text: &str,
    index: &LineIndex,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for function in functions {
        for rule in &RULES {
            let value = (rule.value)(function);
            let limit = (rule.limit)(thresholds);
            if value <= limit {
                continue;
            }
            let severity = if value >= limit.saturating_mul(2) {
                Severity::High
            } else {
                Severity::Medium
            };
            let (start, end) = function.name_bytes;
            out.push(Finding {
                rule_id: RuleId::new_static(rule.id),
                category: Category::Maintainability,
                severity,
                confidence: Confidence::High,
                path: path.to_owned(),
                span: index.span(text, start, end),
                message: format!(
                    "`{}` has a {} of {value} (threshold {limit})",
                    function.qualified_name, rule.what
                ),
                cwe: Vec::new(),
                symbol: Some(function.qualified_name.clone()),
                fix: None,
                effort: Effort(rule.effort_base + rule.effort_per_unit * (value - limit)),
                fingerprint: Fingerprint(String::new()),
                flow: Vec::new(),
                suppressed: None,
                provenance: None,
                explanation: None,
            });
        }
    }
    out
}
