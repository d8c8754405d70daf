use serde::Serialize;
use serde_json::json;

use crate::analysis::{Report, SCHEMA_VERSION, ToolInfo};
use crate::metrics::{ClassMetrics, FunctionMetrics, Rating};
use crate::vocab::Language;

/// The whole report as pretty-printed JSON (`schema_version`, `tool`, `files`, `skipped`, `summary`).
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// One JSON object per line: each finding, each skipped path, then the summary.
/// Every line has a `type` of `finding`, `skipped` or `summary`.
pub fn render_jsonl(report: &Report) -> String {
    let mut out = String::new();
    let mut line = |value: serde_json::Value| {
        out.push_str(&value.to_string());
        out.push('\n');
    };
    for finding in report.findings() {
        let mut value = serde_json::to_value(finding).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.insert("type".into(), json!("finding"));
        }
        line(value);
    }
    for skipped in &report.skipped {
        let mut value = serde_json::to_value(skipped).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.insert("type".into(), json!("skipped"));
        }
        line(value);
    }
    line(json!({
        "type": "summary",
        "schema_version": SCHEMA_VERSION,
        "summary": report.summary,
    }));
    out
}

#[derive(Serialize)]
struct MetricsDoc<'a> {
    schema_version: u32,
    tool: ToolInfo,
    files: Vec<MetricsFile<'a>>,
}

#[derive(Serialize)]
struct MetricsFile<'a> {
    path: &'a str,
    language: Language,
    loc: u32,
    sloc: u32,
    comment_lines: u32,
    blank_lines: u32,
    rating: Rating,
    debt_minutes: u64,
    functions: &'a [FunctionMetrics],
    classes: &'a [ClassMetrics],
}

/// Metrics only: `{"schema_version", "files": [{"path", "language", "loc", "sloc", "rating",
/// "functions": [{"name", "start_line", "end_line", "cyclomatic", "cognitive", "params",
/// "max_nesting", "loc", …}], …}]}`.
pub fn render_metrics_json(report: &Report) -> String {
    let doc = MetricsDoc {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo::default(),
        files: report
            .files
            .iter()
            .map(|f| MetricsFile {
                path: &f.path,
                language: f.language,
                loc: f.metrics.loc,
                sloc: f.metrics.sloc,
                comment_lines: f.metrics.comment_lines,
                blank_lines: f.metrics.blank_lines,
                rating: f.rating,
                debt_minutes: f.debt_minutes,
                functions: &f.metrics.functions,
                classes: &f.metrics.classes,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
