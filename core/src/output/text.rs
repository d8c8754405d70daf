//! Human-readable output: `path:line:col`, the source line with a caret, and a summary.

use std::fmt::Write as _;

use crate::analysis::Report;
use crate::vocab::{Finding, Severity};

/// Options of the text renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// ANSI colours (only when writing to a terminal).
    pub color: bool,
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
    fn severity(&self, s: Severity) -> String {
        self.in_severity_colour(s, s.name())
    }

    fn in_severity_colour(&self, s: Severity, text: &str) -> String {
        let code = match s {
            Severity::Info | Severity::Low => "36",
            Severity::Medium => "33",
            Severity::High | Severity::Critical => "1;31",
        };
        self.wrap(code, text)
    }
}

/// Findings with source excerpts, skipped files, then a summary.
///
/// `source` returns the text of a file by its report path; excerpts are left out where it
/// returns `None`.
pub fn render_text(
    report: &Report,
    options: TextOptions,
    source: &dyn Fn(&str) -> Option<String>,
) -> String {
    let paint = Paint { on: options.color };
    let mut out = String::new();
    for file in &report.files {
        if file.findings.iter().all(|f| f.suppressed.is_some()) && file.warnings.is_empty() {
            continue;
        }
        let text = source(&file.path);
        for warning in &file.warnings {
            let _ = writeln!(
                out,
                "{}: {} {warning}",
                paint.bold(&file.path),
                paint.dim("warning:")
            );
        }
        for finding in file.findings.iter().filter(|f| f.suppressed.is_none()) {
            render_finding(&mut out, finding, text.as_deref(), &paint);
        }
    }
    for skipped in &report.skipped {
        let _ = writeln!(
            out,
            "{}: {} {}",
            paint.bold(&skipped.path),
            paint.dim("skipped:"),
            skipped.reason
        );
    }
    render_summary(&mut out, report, &paint);
    out
}

fn render_finding(out: &mut String, f: &Finding, text: Option<&str>, paint: &Paint) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {} {} {}",
        paint.bold(&f.path),
        f.span.start.line,
        f.span.start.column,
        paint.severity(f.severity),
        paint.bold(f.rule_id.as_str()),
        f.message
    );
    let Some(line) = text.and_then(|t| t.lines().nth(f.span.start.line as usize - 1)) else {
        return;
    };
    let number = f.span.start.line.to_string();
    let gutter = " ".repeat(number.len());
    let line: String = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let start = f.span.start.column as usize - 1;
    let width = if f.span.end.line == f.span.start.line {
        (f.span.end.column as usize)
            .saturating_sub(f.span.start.column as usize)
            .max(1)
    } else {
        line.chars().count().saturating_sub(start).max(1)
    };
    let _ = writeln!(out, " {} {} {}", paint.dim(&number), paint.dim("|"), line);
    let _ = writeln!(
        out,
        " {gutter} {} {}{}",
        paint.dim("|"),
        " ".repeat(start),
        paint.in_severity_colour(f.severity, &"^".repeat(width))
    );
}

fn render_summary(out: &mut String, report: &Report, paint: &Paint) {
    let s = &report.summary;
    let languages: Vec<String> = s
        .languages
        .iter()
        .map(|(lang, l)| format!("{lang} {}", l.files))
        .collect();
    let _ = writeln!(
        out,
        "\n{} {} files ({}), {} lines ({} code), {} functions in {:.2} s",
        paint.bold("Analysed"),
        s.files,
        if languages.is_empty() {
            "none".to_owned()
        } else {
            languages.join(", ")
        },
        s.loc,
        s.sloc,
        s.functions,
        s.duration_ms as f64 / 1000.0
    );
    let by_severity: Vec<String> = s
        .findings_by_severity
        .iter()
        .rev()
        .map(|(sev, n)| format!("{n} {}", paint.severity(*sev)))
        .collect();
    let _ = writeln!(
        out,
        "{} {}{}",
        paint.bold("Findings:"),
        s.findings,
        if by_severity.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_severity.join(", "))
        }
    );
    let _ = writeln!(
        out,
        "{} {} (technical debt {}, {:.1}% of development cost)",
        paint.bold("Rating:"),
        s.rating,
        format_minutes(s.debt_minutes),
        s.debt_ratio * 100.0
    );
    if s.skipped > 0 {
        let _ = writeln!(out, "{} {} paths", paint.bold("Skipped:"), s.skipped);
    }
}

/// Minutes as `2h 5min` or `45min`.
fn format_minutes(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}min"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}min"),
    }
}

/// Per-function metrics as aligned columns, one block per file.
pub fn render_metrics_text(report: &Report, options: TextOptions) -> String {
    let paint = Paint { on: options.color };
    let mut out = String::new();
    for file in &report.files {
        let m = &file.metrics;
        let _ = writeln!(
            out,
            "{} ({}) rating {} loc {} sloc {} comments {} functions {}",
            paint.bold(&file.path),
            file.language,
            file.rating,
            m.loc,
            m.sloc,
            m.comment_lines,
            m.functions.len()
        );
        if m.functions.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  {:>11}  {:>4}  {:>4}  {:>6}  {:>7}  {:>5}  function",
            "lines", "ccn", "cog", "params", "nesting", "loc"
        );
        for f in &m.functions {
            let _ = writeln!(
                out,
                "  {:>11}  {:>4}  {:>4}  {:>6}  {:>7}  {:>5}  {}",
                format!("{}-{}", f.start_line, f.end_line),
                f.cyclomatic,
                f.cognitive,
                f.params,
                f.max_nesting,
                f.loc,
                f.qualified_name
            );
        }
    }
    render_summary(&mut out, report, &paint);
    out
}
