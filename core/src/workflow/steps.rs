//! What each action does, given the outputs of the steps it reads from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use super::exec::StepOutput;
use super::plan::{Inputs, Step};
use crate::Engine;
use crate::agents::assist::{Allowance, Assistant, EnrichOptions, ModelBudget, enrich};
use crate::agents::testgen::{self, Runtimes};
use crate::agents::{Agent, DebugDetectiveAgent, FixTarget, Task, TestCommand};
use crate::learn::{Reliabilities, confidence_level};
use crate::vocab::{Finding, Language, Provenance};

/// What every step may use.
#[derive(Clone)]
pub struct Toolbox {
    pub engine: Arc<Engine>,
    /// The project root; plan paths are relative to it.
    pub root: PathBuf,
    /// The model, for explanations and model fixes; `None`: deterministic only.
    pub assistant: Option<Assistant>,
    /// The project's tests: `run-tests` steps and fix verification.
    pub tests: Option<TestCommand>,
    pub runtimes: Runtimes,
    /// Reliabilities learned from reviewers' feedback: findings of a review take the learned
    /// confidence of their rule instead of the declared one.
    pub learned: Option<Arc<Reliabilities>>,
}

impl std::fmt::Debug for Toolbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Toolbox")
            .field("root", &self.root)
            .field("model", &self.assistant.is_some())
            .field("tests", &self.tests.is_some())
            .finish_non_exhaustive()
    }
}

/// Does `step`; `upstream` holds the outputs of the steps it depends on.
pub(crate) fn perform(
    tools: &Toolbox,
    step: &Step,
    upstream: &BTreeMap<String, StepOutput>,
) -> Result<StepOutput, String> {
    let source = |from: &str| {
        upstream
            .get(from)
            .map(|o| o.findings.clone())
            .ok_or_else(|| format!("the output of `{from}` is missing"))
    };
    match &step.inputs {
        Inputs::Review { paths, categories } => Ok(review(tools, paths, categories)),
        Inputs::Explain { from, top } => {
            let assistant = tools
                .assistant
                .as_ref()
                .ok_or("explaining needs a model (none configured)")?;
            let options = EnrichOptions {
                explain_top: usize::MAX,
                ..EnrichOptions::default()
            };
            Ok(enrich_top(
                tools,
                Some(assistant),
                step,
                &source(from)?,
                *top,
                &options,
            ))
        }
        Inputs::Fix { from, top } => {
            let options = EnrichOptions {
                model_fixes: tools.assistant.is_some() && step.max_model_calls > 0,
                verify_rule_fixes: true,
                tests: tools.tests.clone(),
                ..EnrichOptions::default()
            };
            let assistant = tools.assistant.as_ref();
            let mut out = enrich_top(tools, assistant, step, &source(from)?, *top, &options);
            // A fix step reports the findings it has a fix for.
            out.findings.retain(|f| f.fix.is_some());
            Ok(out)
        }
        Inputs::TestGen {
            from,
            top,
            functions,
        } => {
            let mut targets: Vec<(PathBuf, String)> = functions
                .iter()
                .map(|f| (tools.root.join(&f.path), f.function.clone()))
                .collect();
            if let Some(from) = from {
                let findings = source(from)?;
                for i in importance(&findings) {
                    let f = &findings[i];
                    let Some(symbol) = &f.symbol else { continue };
                    // `Class.method` symbols: test generation takes the function's own name.
                    let name = symbol
                        .rsplit(['.', ':'])
                        .next()
                        .unwrap_or(symbol)
                        .to_owned();
                    let target = (PathBuf::from(&f.path), name);
                    if !targets.contains(&target) {
                        targets.push(target);
                    }
                    if targets.len() >= *top as usize {
                        break;
                    }
                }
            }
            Ok(generate_tests(tools, &targets))
        }
        Inputs::Debug { trace_file } => debug(tools, trace_file),
        Inputs::RunTests {} => {
            let tests = tools
                .tests
                .as_ref()
                .ok_or("no test command configured (pass one with the run)")?;
            match tests.run() {
                Ok(true) => Ok(StepOutput::note("the tests pass")),
                Ok(false) => Err("the tests fail".into()),
                Err(e) => Err(format!("the tests could not run: {e}")),
            }
        }
    }
}

fn review(tools: &Toolbox, paths: &[String], categories: &[String]) -> StepOutput {
    let paths: Vec<PathBuf> = paths.iter().map(|p| tools.root.join(p)).collect();
    let report = tools.engine.analyze_paths(&paths, None);
    let mut findings: Vec<Finding> = report
        .files
        .into_iter()
        .flat_map(|f| f.findings)
        .filter(|f| f.suppressed.is_none())
        .filter(|f| categories.is_empty() || categories.iter().any(|c| c == f.category.name()))
        .collect();
    for finding in &mut findings {
        finding.provenance = Some(Provenance::agent("code-analysis"));
        if let Some(learned) = &tools.learned {
            finding.confidence = confidence_level(learned.confidence_of(finding));
        }
    }
    let mut out = StepOutput::note(&format!(
        "{} findings in {} files ({} skipped)",
        findings.len(),
        report.summary.files,
        report.skipped.len()
    ));
    out.findings = findings;
    out
}

/// Indices of `findings`, most important first (severity, then confidence).
fn importance(findings: &[Finding]) -> Vec<usize> {
    crate::agents::assist::by_importance(findings)
}

/// Explains or fixes the `top` most important findings, file by file.
fn enrich_top(
    tools: &Toolbox,
    assistant: Option<&Assistant>,
    step: &Step,
    findings: &[Finding],
    top: u32,
    options: &EnrichOptions,
) -> StepOutput {
    let chosen: Vec<Finding> = importance(findings)
        .into_iter()
        .take(top as usize)
        .map(|i| findings[i].clone())
        .collect();
    let mut by_file: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    for finding in chosen {
        by_file
            .entry(finding.path.clone())
            .or_default()
            .push(finding);
    }
    // One allowance for the whole step: its model calls are the step's budget.
    let step_assistant = assistant.map(|a| {
        Assistant::new(
            a.router(),
            ModelBudget {
                max_calls: step.max_model_calls as usize,
                ..a.budget()
            },
        )
    });
    let mut allowance = step_assistant
        .as_ref()
        .map_or(Allowance::NONE, |a| a.allowance(None));
    let mut out = StepOutput::default();
    for (path, mut file_findings) in by_file {
        let file = Path::new(&path);
        let (Ok(text), Some(language)) = (std::fs::read_to_string(file), Language::from_path(file))
        else {
            out.notes
                .push(format!("{path}: unreadable now, left as found"));
            out.findings.extend(file_findings);
            continue;
        };
        let target = FixTarget {
            path: &path,
            file,
            language,
            text: &text,
        };
        let stats = enrich(
            &tools.engine,
            step_assistant.as_ref(),
            "code-analysis",
            target,
            &mut file_findings,
            options,
            &mut allowance,
        );
        out.model_calls += stats.model_calls as u32;
        out.cost_usd += stats.cost_usd;
        out.tokens += stats.tokens;
        out.local_calls += stats.local_calls as u32;
        out.notes.extend(stats.skipped);
        out.findings.extend(file_findings);
    }
    out.notes.insert(
        0,
        format!(
            "{} findings, {} explained, {} with a fix",
            out.findings.len(),
            out.findings
                .iter()
                .filter(|f| f.explanation.is_some())
                .count(),
            out.findings.iter().filter(|f| f.fix.is_some()).count()
        ),
    );
    out
}

fn generate_tests(tools: &Toolbox, targets: &[(PathBuf, String)]) -> StepOutput {
    let mut generated = Vec::new();
    let mut out = StepOutput::default();
    for (path, function) in targets {
        match testgen::generate(path, function, &tools.runtimes) {
            Ok(tests) => generated.push(json!({
                "path": path.display().to_string(),
                "function": function,
                "file_name": tests.file_name,
                "cases": tests.cases.len(),
                "code": tests.code,
            })),
            Err(e) => out
                .notes
                .push(format!("{}::{function}: {e}", path.display())),
        }
    }
    out.notes.insert(
        0,
        format!(
            "tests for {} of {} functions",
            generated.len(),
            targets.len()
        ),
    );
    out.details = json!({ "tests": generated });
    out
}

fn debug(tools: &Toolbox, trace_file: &str) -> Result<StepOutput, String> {
    let trace = std::fs::read_to_string(tools.root.join(trace_file))
        .map_err(|e| format!("cannot read {trace_file}: {e}"))?;
    let definition = crate::agents::builtin_definitions()
        .ok()
        .and_then(|d| d.into_iter().find(|d| d.name == "debug-detective"))
        .ok_or("the debug-detective definition is missing")?;
    let mut agent = DebugDetectiveAgent::new(definition, tools.engine.clone());
    if let Some(tests) = &tools.tests {
        agent = agent.with_tests(tests.clone());
    }
    if let Some(assistant) = &tools.assistant {
        agent = agent.with_assistant(assistant.clone());
    }
    let task = Task::Debug {
        trace,
        root: tools.root.clone(),
    };
    let output = agent.run(&task).map_err(|e| e.to_string())?;
    Ok(StepOutput {
        notes: output.notes,
        details: json!({ "diagnosis": output.diagnosis, "repair": output.repair }),
        ..StepOutput::default()
    })
}
