//! SARIF 2.1.0, as GitHub code scanning, Azure DevOps and IDE viewers read it.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::analysis::Report;
use crate::vocab::{Finding, RuleMeta, Severity, Span};

const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF level for a severity: `info`/`low` are notes, `medium` warnings, `high`+ errors.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Info | Severity::Low => "note",
        Severity::Medium => "warning",
        Severity::High | Severity::Critical => "error",
    }
}

/// Renders a report as one SARIF run. `rules` documents every rule id that may appear.
pub fn render_sarif(report: &Report, rules: &[RuleMeta]) -> String {
    let rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let results: Vec<Value> = report
        .findings()
        .map(|f| result(f, rule_index.get(f.rule_id.as_str()).copied()))
        .collect();
    let notifications: Vec<Value> = report
        .skipped
        .iter()
        .map(|s| {
            json!({
                "level": "warning",
                "message": { "text": format!("skipped {}: {}", s.path, s.reason) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&s.path) } } }],
            })
        })
        .collect();
    let doc = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "rules": rules.iter().map(rule).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn rule(meta: &RuleMeta) -> Value {
    let mut tags = vec![meta.category.name().to_owned()];
    tags.extend(meta.cwe.iter().map(|c| format!("external/cwe/cwe-{c}")));
    json!({
        "id": meta.id.as_str(),
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": meta.docs.what_it_does },
        "help": { "text": meta.help_text(), "markdown": meta.help_markdown() },
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "tags": tags,
            "category": meta.category.name(),
            "precision": match meta.confidence {
                crate::vocab::Confidence::High => "high",
                crate::vocab::Confidence::Medium => "medium",
                crate::vocab::Confidence::Low => "low",
            },
        }
    })
}

fn result(finding: &Finding, rule_index: Option<usize>) -> Value {
    let mut value = json!({
        "ruleId": finding.rule_id.as_str(),
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&finding.path) },
                "region": region(&finding.span),
            }
        }],
        "partialFingerprints": { "conclave/v1": finding.fingerprint.as_str() },
        "properties": {
            "severity": finding.severity.name(),
            "confidence": finding.confidence,
            "category": finding.category.name(),
            "effortMinutes": finding.effort.minutes(),
            "cwe": finding.cwe.iter().map(|c| format!("CWE-{c}")).collect::<Vec<_>>(),
        }
    });
    if let Some(index) = rule_index {
        value["ruleIndex"] = json!(index);
    }
    if finding.suppressed.is_some() {
        value["suppressions"] = json!([{ "kind": "inSource" }]);
    }
    if let Some(symbol) = &finding.symbol {
        value["locations"][0]["logicalLocations"] = json!([{ "fullyQualifiedName": symbol }]);
    }
    if !finding.flow.is_empty() {
        // One thread flow, source first: how code-scanning UIs show a taint path.
        value["codeFlows"] = json!([{
            "threadFlows": [{
                "locations": finding.flow.iter().map(|step| json!({
                    "location": {
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&finding.path) },
                            "region": region(&step.span),
                        },
                        "message": { "text": step.message },
                    }
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    if let Some(fix) = &finding.fix {
        value["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(&finding.path) },
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(&e.span),
                    "insertedContent": { "text": e.replacement },
                })).collect::<Vec<_>>(),
            }],
        }]);
        value["properties"]["fixApplicability"] = json!(fix.applicability);
        if let Some(verification) = &fix.verification {
            value["properties"]["fixVerification"] = json!(verification);
        }
    }
    if let Some(provenance) = &finding.provenance {
        value["properties"]["provenance"] = json!(provenance);
    }
    if let Some(explanation) = &finding.explanation {
        value["properties"]["explanation"] = json!(explanation);
    }
    value
}

/// A 1-based SARIF region, with the byte range as well.
fn region(span: &Span) -> Value {
    json!({
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
        "byteOffset": span.start_byte,
        "byteLength": span.end_byte - span.start_byte,
    })
}

/// A relative URI reference for a displayed path (percent-encoding what URIs forbid).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
