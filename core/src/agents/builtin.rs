//! The built-in agents' behaviour.

use std::sync::Arc;

use super::{Agent, AgentDefinition, AgentError, AgentOutput, Task};
use crate::Engine;

/// Runs the analysis engine (metrics, rules, taint) and keeps the findings of its rule packs.
#[derive(Debug)]
pub struct CodeAnalysisAgent {
    definition: AgentDefinition,
    engine: Arc<Engine>,
}

impl CodeAnalysisAgent {
    pub fn new(definition: AgentDefinition, engine: Arc<Engine>) -> CodeAnalysisAgent {
        CodeAnalysisAgent { definition, engine }
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
        let findings: Vec<_> = report
            .findings()
            .filter(|f| f.suppressed.is_none())
            .filter(|f| packs.is_empty() || packs.iter().any(|p| p == f.category.name()))
            .cloned()
            .collect();
        Ok(AgentOutput {
            notes: vec![format!(
                "analysed {} files ({} skipped): {} findings",
                report.files.len(),
                report.skipped.len(),
                findings.len()
            )],
            findings,
            diagnosis: None,
        })
    }
}

/// From a stack trace to ranked suspect lines, a hypothesis and a fix ([`crate::debug`]).
#[derive(Debug)]
pub struct DebugDetectiveAgent {
    definition: AgentDefinition,
    engine: Arc<Engine>,
}

impl DebugDetectiveAgent {
    pub fn new(definition: AgentDefinition, engine: Arc<Engine>) -> DebugDetectiveAgent {
        DebugDetectiveAgent { definition, engine }
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
        let diagnosis =
            crate::debug::diagnose(&self.engine, trace, root).map_err(|e| AgentError::Failed {
                agent: self.definition.name.clone(),
                message: e.to_string(),
            })?;
        Ok(AgentOutput {
            notes: vec![format!("{} suspects", diagnosis.suspects.len())],
            findings: Vec::new(),
            diagnosis: Some(diagnosis),
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
