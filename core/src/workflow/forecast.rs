//! Predictions wired into runs: a plan's steps described for [`predict::estimate`] before a run,
//! each finished step recorded into the history, its prediction error stored, and anomalous steps
//! reported.

use std::collections::BTreeMap;
use std::path::Path;

use super::exec::StepOutput;
use super::plan::{Inputs, Plan, Step};
use super::predict::{PlannedStep, StepRun};
use super::steps::Toolbox;
use crate::source::{self, Filters};

/// The history key of a step: agent and action, and whether it may call a model (the two
/// differ by orders of magnitude in time and cost).
pub fn step_key(step: &Step) -> String {
    let model = if step.max_model_calls > 0 {
        "+model"
    } else {
        ""
    };
    format!("{}/{}{model}", step.agent, step.inputs.action())
}

/// Size of a step's input: bytes, files and the language with the most bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputSize {
    pub bytes: u64,
    pub files: u32,
    pub language: Option<String>,
}

/// Measures every step's input before the run: a review reads its paths; a step reading another
/// one's findings is sized by the review at the root of its chain; tests for named functions by
/// their files; a debug step by its trace; a test run by the whole project.
pub fn input_sizes(tools: &Toolbox, plan: &Plan) -> BTreeMap<String, InputSize> {
    let by_id: BTreeMap<&str, &Step> = plan.steps.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut sizes = BTreeMap::new();
    for step in &plan.steps {
        // Follow `from` to the review that feeds the chain (a validated plan has no cycles).
        let mut source = step;
        for _ in 0..plan.steps.len() {
            match source.inputs.source().and_then(|f| by_id.get(f)) {
                Some(next) => source = next,
                None => break,
            }
        }
        let paths: Vec<String> = match &source.inputs {
            Inputs::Review { paths, .. } => paths.clone(),
            Inputs::TestGen { functions, .. } => functions.iter().map(|f| f.path.clone()).collect(),
            Inputs::Debug { trace_file } => vec![trace_file.clone()],
            _ => vec![".".to_owned()],
        };
        sizes.insert(step.id.clone(), measure(&tools.root, &paths));
    }
    sizes
}

fn measure(root: &Path, paths: &[String]) -> InputSize {
    let roots: Vec<_> = paths.iter().map(|p| root.join(p)).collect();
    let Ok(filters) = Filters::new(&Default::default()) else {
        return InputSize::default();
    };
    let (files, _) = source::walk(&roots, &filters);
    let mut size = InputSize::default();
    let mut by_language: BTreeMap<&str, u64> = BTreeMap::new();
    for file in &files {
        let bytes = std::fs::metadata(&file.path).map_or(0, |m| m.len());
        size.bytes += bytes;
        size.files += 1;
        *by_language.entry(file.language.name()).or_default() += bytes;
    }
    // Non-source inputs (a trace file) still have a size.
    if files.is_empty() {
        size.bytes = roots
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
    }
    size.language = by_language
        .into_iter()
        .max_by_key(|(_, b)| *b)
        .map(|(l, _)| l.to_owned());
    size
}

/// The plan as the estimator sees it; model-backed steps offer their model-free variant.
pub fn planned_steps(plan: &Plan, sizes: &BTreeMap<String, InputSize>) -> Vec<PlannedStep> {
    plan.steps
        .iter()
        .map(|step| {
            let size = sizes.get(&step.id).cloned().unwrap_or_default();
            let model_free = (step.max_model_calls > 0
                && !matches!(step.inputs, Inputs::Explain { .. }))
            .then(|| format!("{}/{}", step.agent, step.inputs.action()));
            PlannedStep {
                id: step.id.clone(),
                agent: step_key(step),
                language: size.language,
                input_bytes: size.bytes,
                model_free,
                calls_models: step.max_model_calls > 0,
            }
        })
        .collect()
}

/// What a finished step adds to the history.
pub fn step_run(step: &Step, size: &InputSize, output: &StepOutput, duration_ms: f64) -> StepRun {
    StepRun {
        agent: step_key(step),
        language: size.language.clone(),
        input_bytes: size.bytes,
        input_files: size.files,
        duration_ms,
        tokens: output.tokens,
        cost_usd: output.cost_usd,
        findings: output.findings.len() as u32,
        at_ms: super::checkpoint::now_ms(),
    }
}
