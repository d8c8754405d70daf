//! The built-in agents' behaviour.

use std::sync::Arc;

use super::assist::{Allowance, Assistant, EnrichOptions, EnrichStats, enrich};
use super::verify::{FixTarget, TestCommand};
use super::{Agent, AgentDefinition, AgentError, AgentOutput, Task};
use crate::Engine;

/// Runs the analysis engine (metrics, rules, taint) and keeps the findings of its rule packs;
/// with a model, explains the most important ones and proposes verified fixes.
#[derive(Debug)]
pub struct CodeAnalysisAgent {
    definition: AgentDefinition,
    engine: Arc<Engine>,
    assistant: Option<(Assistant, EnrichOptions)>,
}

impl CodeAnalysisAgent {
    pub fn new(definition: AgentDefinition, engine: Arc<Engine>) -> CodeAnalysisAgent {
        CodeAnalysisAgent {
            definition,
            engine,
            assistant: None,
        }
    }

    /// Adds the model-backed steps.
    pub fn with_assistant(mut self, assistant: Assistant, options: EnrichOptions) -> Self {
        self.assistant = Some((assistant, options));
        self
    }
}

impl Agent for CodeAnalysisAgent {
    fn definition(&self) -> &AgentDefinition {
        &self.definition
    }

    fn run(&self, task: &Task) -> Result<AgentOutput, AgentError> {
        let Task::Review { paths } = task else {
            return Err(unsupported(&self.definition, task));
        };
        let report = self.engine.analyze_paths(paths, None);
        let packs = &self.definition.rule_packs;
        let name = self.definition.name.as_str();
        let mut findings = Vec::new();
        let mut stats = EnrichStats::default();
        let (assistant, options) = match &self.assistant {
            Some((a, o)) => (Some(a), o.clone()),
            None => (None, EnrichOptions::default()),
        };
        let mut allowance = assistant.map_or(Allowance::NONE, |a| a.allowance(None));
        for file in &report.files {
            let mut kept: Vec<_> = file
                .findings
                .iter()
                .filter(|f| f.suppressed.is_none())
                .filter(|f| packs.is_empty() || packs.iter().any(|p| p == f.category.name()))
                .cloned()
                .collect();
            // Files that changed or vanished since the scan keep their findings unverified.
            let path = std::path::Path::new(&file.path);
            if let Ok(text) = std::fs::read_to_string(path) {
                let target = FixTarget {
                    path: &file.path,
                    file: path,
                    language: file.language,
                    text: &text,
                };
                stats.merge(enrich(
                    &self.engine,
                    assistant,
                    name,
                    target,
                    &mut kept,
                    &options,
                    &mut allowance,
                ));
            }
            findings.extend(kept);
        }
        Ok(AgentOutput {
            notes: vec![format!(
                "analysed {} files ({} skipped): {} findings",
                report.files.len(),
                report.skipped.len(),
                findings.len()
            )],
            findings,
            diagnosis: None,
            model_use: self.assistant.is_some().then_some(stats),
            repair: None,
        })
    }
}

/// From a stack trace to ranked suspect lines, a hypothesis ([`crate::debug`]), a regression
/// test and a verified fix ([`super::repair`]).
#[derive(Debug)]
pub struct DebugDetectiveAgent {
    definition: AgentDefinition,
    engine: Arc<Engine>,
    assistant: Option<Assistant>,
    tests: Option<TestCommand>,
}

impl DebugDetectiveAgent {
    pub fn new(definition: AgentDefinition, engine: Arc<Engine>) -> DebugDetectiveAgent {
        DebugDetectiveAgent {
            definition,
            engine,
            assistant: None,
            tests: None,
        }
    }

    /// Lets a model propose the fix when no rule has one.
    pub fn with_assistant(mut self, assistant: Assistant) -> Self {
        self.assistant = Some(assistant);
        self
    }

    /// The project's tests, run (with the regression test) to verify fixes. The command runs
    /// in a copy of the task's root.
    pub fn with_tests(mut self, tests: TestCommand) -> Self {
        self.tests = Some(tests);
        self
    }
}

impl Agent for DebugDetectiveAgent {
    fn definition(&self) -> &AgentDefinition {
        &self.definition
    }

    fn run(&self, task: &Task) -> Result<AgentOutput, AgentError> {
        let Task::Debug { trace, root } = task else {
            return Err(unsupported(&self.definition, task));
        };
        let mut diagnosis =
            crate::debug::diagnose(&self.engine, trace, root).map_err(|e| AgentError::Failed {
                agent: self.definition.name.clone(),
                message: e.to_string(),
            })?;
        let tests = self.tests.clone().map(|mut t| {
            t.root.clone_from(root);
            t
        });
        let assistant = self.assistant.as_ref();
        let mut allowance = assistant.map_or(Allowance::NONE, |a| a.allowance(None));
        let repair = super::repair::repair(
            &self.engine,
            assistant,
            &mut diagnosis,
            root,
            tests.as_ref(),
            &mut allowance,
        );
        let mut notes = vec![format!("{} suspects", diagnosis.suspects.len())];
        notes.extend(repair.notes.iter().cloned());
        Ok(AgentOutput {
            notes,
            findings: Vec::new(),
            diagnosis: Some(diagnosis),
            model_use: None,
            repair: Some(repair),
        })
    }
}

fn unsupported(definition: &AgentDefinition, task: &Task) -> AgentError {
    AgentError::Unsupported {
        agent: definition.name.clone(),
        task: match task {
            Task::Review { .. } => "a review",
            Task::Debug { .. } => "a debug task",
        },
        capabilities: definition.capabilities.clone(),
    }
}
