//! The debug detective's second half: from a diagnosis to a checked fix and a regression test.
//!
//! The regression test comes first ([`testgen::regression_test`]: inputs that raise the
//! failure's exception today, asserted not to raise it); it is then part of the test run that
//! verifies the fix, so "verified" means the failing path no longer fails. The fix is the rule's
//! when a finding on the best suspect has one, otherwise the model's for the suspect line.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::assist::{Allowance, Assistant, Problem};
use super::testgen::{self, RegressionTest, Runtimes};
use super::verify::{FixTarget, TestCommand, verify_fix};
use crate::Engine;
use crate::debug::{Diagnosis, DiagnosisFix, Failure, Suspect};
use crate::vocab::{Applicability, Language, LineIndex, ModelCall, Position, Span};

/// What [`repair`] added to a diagnosis.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Repair {
    /// A test that exercises the failing path, and where it belongs under the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regression_test: Option<PlacedTest>,
    /// The model call behind a model-made fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_call: Option<ModelCall>,
    /// What could not be done, and why.
    pub notes: Vec<String>,
}

/// A generated test file and its path relative to the root.
#[derive(Debug, Clone, Serialize)]
pub struct PlacedTest {
    pub path: PathBuf,
    #[serde(flatten)]
    pub test: RegressionTest,
}

/// Adds a regression test and a verified fix to `diagnosis` where it can. Tests (with the
/// regression test added to the copy) run when `tests` is given.
pub fn repair(
    engine: &Engine,
    assistant: Option<&Assistant>,
    diagnosis: &mut Diagnosis,
    root: &Path,
    tests: Option<&TestCommand>,
    allowance: &mut Allowance,
) -> Repair {
    let mut out = Repair::default();
    let Some(best) = diagnosis.suspects.first().cloned() else {
        out.notes.push("no suspect line to repair".into());
        return out;
    };
    let file = root.join(&best.file);
    let Some(language) = Language::from_path(&file) else {
        out.notes.push(format!("{}: unknown language", best.file));
        return out;
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        out.notes.push(format!("{}: cannot read it", best.file));
        return out;
    };
    // The best suspect may be a line feeding the failing one; the test calls the function of
    // the best suspect that is a frame.
    let failure = diagnosis
        .suspects
        .iter()
        .find_map(|s| failure_at(&diagnosis.trace.failures, s).map(|f| (s.file.clone(), f)));

    let mut tests = tests.cloned();
    if let Some((frame_file, (failure, function))) = &failure {
        match testgen::regression_test(
            &root.join(frame_file),
            function,
            failure,
            &Runtimes::default(),
        ) {
            Ok(test) => {
                let path = Path::new(frame_file)
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(&test.file_name);
                if let Some(tests) = &mut tests {
                    tests.extra_files.push((path.clone(), test.code.clone()));
                }
                out.regression_test = Some(PlacedTest { path, test });
            }
            Err(e) => out.notes.push(format!("no regression test: {e}")),
        }
    }

    let target = FixTarget {
        path: &best.file,
        file: &file,
        language,
        text: &text,
    };
    if let Some(rule_fix) = &mut diagnosis.fix {
        let checked = verify_fix(engine, target, None, &rule_fix.fix, tests.as_ref());
        rule_fix.fix.verification = Some(checked);
        return out;
    }
    let Some(assistant) = assistant else {
        return out;
    };
    let Some(span) = line_span(&text, best.line) else {
        return out;
    };
    let (kind, message) = failure
        .as_ref()
        .map(|(_, (f, _))| (f.kind.as_str(), f.message.as_str()))
        .unwrap_or(("failure", ""));
    let message = format!(
        "the program failed with `{kind}: {message}`; this line is the likeliest cause: {}",
        best.reason
    );
    let problem = Problem {
        rule: kind,
        message: &message,
        span,
    };
    match assistant.propose_fix(&problem, &text, allowance) {
        Ok((mut fix, call)) => {
            let checked = verify_fix(engine, target, None, &fix, tests.as_ref());
            if checked.passed() {
                fix.applicability = Applicability::Unsafe;
            }
            fix.verification = Some(checked);
            diagnosis.fix = Some(DiagnosisFix {
                file: best.file.clone(),
                rule_id: "model".into(),
                fix,
            });
            out.model_call = Some(call);
        }
        Err(e) => out.notes.push(format!("no model fix: {e}")),
    }
    out
}

/// The failure whose stack passes through the suspect line, and the function there (the
/// runtime's name without its qualification).
fn failure_at(failures: &[Failure], suspect: &Suspect) -> Option<(Failure, String)> {
    let name = Path::new(&suspect.file).file_name()?.to_str()?;
    failures.iter().find_map(|failure| {
        let frame = failure.frames.iter().find(|f| {
            f.line == suspect.line
                && Path::new(&f.file.replace('\\', "/"))
                    .file_name()
                    .is_some_and(|n| n == name)
        })?;
        let function = frame.function.as_deref()?;
        let short = function.rsplit(['.', ':']).next().unwrap_or(function);
        Some((failure.clone(), short.to_owned()))
    })
}

/// The span of 1-based `line`, without its terminator.
fn line_span(text: &str, line: u32) -> Option<Span> {
    let index = LineIndex::new(text);
    let start = index.line_start(line)?;
    let content = index.line_text(text, line)?;
    Some(Span {
        start_byte: start,
        end_byte: start + content.len(),
        start: Position { line, column: 1 },
        end: Position {
            line,
            column: content.chars().count() as u32 + 1,
        },
    })
}
