//! Reports: typed access to findings, JSON and SARIF out.

use std::ffi::{CString, c_char};
use std::sync::{Arc, OnceLock};

use conclave::{Engine, FileReport, Finding, Report, Severity};

use crate::args::{clear_out, write_value};
use crate::registry::{self, Kind, string_free, string_out};
use crate::status::{Failure, c_string, conclave_status, guard};

/// What was analysed: a run over paths, or one source text.
#[derive(Debug)]
pub(crate) enum Analysed {
    Run(Report),
    File(FileReport),
}

impl Analysed {
    fn findings(&self) -> Box<dyn Iterator<Item = &Finding> + '_> {
        match self {
            Analysed::Run(report) => Box::new(report.findings()),
            Analysed::File(file) => Box::new(file.findings.iter()),
        }
    }

    fn findings_len(&self) -> usize {
        match self {
            Analysed::Run(report) => report.files.iter().map(|f| f.findings.len()).sum(),
            Analysed::File(file) => file.findings.len(),
        }
    }
}

/// The C view of one finding, made on first typed access and kept with the report.
#[derive(Debug)]
struct FindingText {
    severity: Severity,
    category: &'static str,
    span: conclave::Span,
    suppressed: bool,
    rule_id: CString,
    path: CString,
    message: CString,
    fingerprint: CString,
    symbol: Option<CString>,
}

/// The result of an analysis. Opaque; read-only once made.
#[allow(non_camel_case_types)]
#[derive(Debug)]
pub struct conclave_report {
    analysed: Analysed,
    /// The engine that made it: its rule list documents SARIF output.
    engine: Arc<Engine>,
    texts: OnceLock<Vec<FindingText>>,
}

impl conclave_report {
    pub(crate) fn register(analysed: Analysed, engine: Arc<Engine>) -> *mut conclave_report {
        registry::insert(
            Kind::Report,
            conclave_report {
                analysed,
                engine,
                texts: OnceLock::new(),
            },
        )
    }

    fn texts(&self) -> &[FindingText] {
        self.texts.get_or_init(|| {
            self.analysed
                .findings()
                .map(|f| FindingText {
                    severity: f.severity,
                    category: f.category.name(),
                    span: f.span,
                    suppressed: f.suppressed.is_some(),
                    rule_id: c_string(f.rule_id.as_str()),
                    path: c_string(&f.path),
                    message: c_string(&f.message),
                    fingerprint: c_string(f.fingerprint.as_str()),
                    symbol: f.symbol.as_deref().map(c_string),
                })
                .collect()
        })
    }
}

/// How bad a finding is; ordered, so thresholds compare with `>=`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum conclave_severity {
    CONCLAVE_SEVERITY_INFO = 0,
    CONCLAVE_SEVERITY_LOW = 1,
    CONCLAVE_SEVERITY_MEDIUM = 2,
    CONCLAVE_SEVERITY_HIGH = 3,
    CONCLAVE_SEVERITY_CRITICAL = 4,
}

impl From<Severity> for conclave_severity {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Info => conclave_severity::CONCLAVE_SEVERITY_INFO,
            Severity::Low => conclave_severity::CONCLAVE_SEVERITY_LOW,
            Severity::Medium => conclave_severity::CONCLAVE_SEVERITY_MEDIUM,
            Severity::High => conclave_severity::CONCLAVE_SEVERITY_HIGH,
            Severity::Critical => conclave_severity::CONCLAVE_SEVERITY_CRITICAL,
        }
    }
}

/// One finding, as plain data. Every string is NUL-terminated UTF-8 owned by the report:
/// valid until the report is freed, never to be freed by the caller. Lines and columns are
/// 1-based (columns count Unicode scalar values); bytes are a half-open range.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct conclave_finding {
    /// Stable rule id, e.g. `"CX001"`.
    pub rule_id: *const c_char,
    pub severity: conclave_severity,
    /// `"info"`, `"low"`, `"medium"`, `"high"` or `"critical"` (static).
    pub severity_name: *const c_char,
    /// `"security"`, `"bug"`, `"performance"`, `"refactoring"`, `"maintainability"` or
    /// `"syntax"` (static).
    pub category: *const c_char,
    /// The file, with `/` separators.
    pub path: *const c_char,
    pub message: *const c_char,
    /// An identity that survives unrelated edits (for baselines).
    pub fingerprint: *const c_char,
    /// The enclosing function or class, or NULL.
    pub symbol: *const c_char,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub start_byte: usize,
    pub end_byte: usize,
    /// Whether an inline ignore comment covers it (suppressed findings do not count).
    pub suppressed: bool,
}

fn static_name(name: &str) -> *const c_char {
    let c = match name {
        "info" => c"info",
        "low" => c"low",
        "medium" => c"medium",
        "high" => c"high",
        "critical" => c"critical",
        "security" => c"security",
        "bug" => c"bug",
        "performance" => c"performance",
        "refactoring" => c"refactoring",
        "maintainability" => c"maintainability",
        "syntax" => c"syntax",
        _ => c"unknown",
    };
    c.as_ptr()
}

fn report_of(report: *const conclave_report) -> Result<Arc<conclave_report>, Failure> {
    registry::get(Kind::Report, report, "report")
}

/// Frees a report. NULL is accepted (no-op); a freed or foreign handle is refused with
/// `CONCLAVE_ERR_BAD_HANDLE`. Strings borrowed from the report become invalid.
///
/// Thread safety: safe from any thread, but no other thread may still be reading strings
/// borrowed from this report.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_report_free(report: *mut conclave_report) -> conclave_status {
    guard("conclave_report_free", || {
        registry::remove(Kind::Report, report)
    })
}

/// Writes the number of findings (suppressed ones included) to `*out`.
///
/// Thread safety: a report may be read from many threads at once.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_report_findings_len(
    report: *const conclave_report,
    out: *mut usize,
) -> conclave_status {
    guard("conclave_report_findings_len", || {
        let report = report_of(report)?;
        write_value(out, report.analysed.findings_len(), "out")
    })
}

/// Fills `*out` with finding `index` (0-based, in file then position order). An index past the
/// end: `CONCLAVE_ERR_INVALID_ARGUMENT`. The strings stay owned by the report.
///
/// Thread safety: a report may be read from many threads at once.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_report_finding(
    report: *const conclave_report,
    index: usize,
    out: *mut conclave_finding,
) -> conclave_status {
    guard("conclave_report_finding", || {
        if out.is_null() {
            return Err(Failure::null("out"));
        }
        let report = report_of(report)?;
        let Some(text) = report.texts().get(index) else {
            return Err(Failure::invalid(format!(
                "finding index {index} is out of range (the report has {})",
                report.analysed.findings_len()
            )));
        };
        let span = &text.span;
        let value = conclave_finding {
            rule_id: text.rule_id.as_ptr(),
            severity: text.severity.into(),
            severity_name: static_name(text.severity.name()),
            category: static_name(text.category),
            path: text.path.as_ptr(),
            message: text.message.as_ptr(),
            fingerprint: text.fingerprint.as_ptr(),
            symbol: text
                .symbol
                .as_ref()
                .map_or(std::ptr::null(), |s| s.as_ptr()),
            line: span.start.line,
            column: span.start.column,
            end_line: span.end.line,
            end_column: span.end.column,
            start_byte: span.start_byte,
            end_byte: span.end_byte,
            suppressed: text.suppressed,
        };
        // The pointers inside point into `texts`, owned by the report object, which the
        // registry keeps alive until it is freed.
        write_value(out, value, "out")
    })
}

/// Writes the report as JSON to `*out` (NUL-terminated UTF-8; free with
/// `conclave_string_free`). A run over paths gives the full report (`schema_version`, `tool`,
/// `files`, `skipped`, `summary`), the same document as `conclave review --format json`; a
/// source analysis gives its one file report (`path`, `language`, metrics, `findings`).
///
/// Thread safety: a report may be read from many threads at once.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_report_to_json(
    report: *const conclave_report,
    out: *mut *mut c_char,
) -> conclave_status {
    guard("conclave_report_to_json", || {
        clear_out(out, "out")?;
        let report = report_of(report)?;
        let json = match &report.analysed {
            Analysed::Run(run) => conclave::output::render_json(run),
            Analysed::File(file) => serde_json::to_string_pretty(file)
                .map_err(|e| Failure::invalid(format!("cannot render JSON: {e}")))?,
        };
        string_out(&json, out)
    })
}

/// Writes the report as SARIF 2.1.0 to `*out` (NUL-terminated UTF-8; free with
/// `conclave_string_free`), documenting every rule of the engine that made it.
///
/// Thread safety: a report may be read from many threads at once.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_report_to_sarif(
    report: *const conclave_report,
    out: *mut *mut c_char,
) -> conclave_status {
    guard("conclave_report_to_sarif", || {
        clear_out(out, "out")?;
        let report = report_of(report)?;
        let rules = report.engine.rules();
        let sarif = match &report.analysed {
            Analysed::Run(run) => conclave::output::render_sarif(run, rules),
            Analysed::File(file) => {
                let run = report.engine.report_of(vec![file.clone()]);
                conclave::output::render_sarif(&run, rules)
            }
        };
        string_out(&sarif, out)
    })
}

/// Frees a string returned by this library. NULL is accepted (no-op); a string already freed
/// or not returned by this library is refused with `CONCLAVE_ERR_BAD_HANDLE` (detected unless
/// its address has since been handed out again).
///
/// Thread safety: safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_string_free(text: *mut c_char) -> conclave_status {
    guard("conclave_string_free", || string_free(text))
}
