//! Agents: named units of work with a declared role and capabilities, run in isolation.
//!
//! A definition (name, role, capabilities, rule packs, default weight) is data in
//! `agents/definitions/*.yml`; the behaviour is an [`Agent`] implementation. The [`Registry`]
//! holds both and runs an agent on a [`Task`] so that a panic or an overrun becomes an
//! [`AgentError`] for that call: one failing agent never takes the process down.

pub mod assist;
mod builtin;
pub mod repair;
pub mod testgen;
pub mod verify;
pub mod watch;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::debug::Diagnosis;
use crate::vocab::Finding;

pub use assist::{Allowance, Assistant, EnrichOptions, EnrichStats, ModelBudget};
pub use builtin::{CodeAnalysisAgent, DebugDetectiveAgent};
pub use verify::{FixTarget, TestCommand, apply_verified_fixes, verify_fix, verify_fix_against};
pub use watch::{ParseCounts, WatchEvent, Watcher};

/// What an agent can be asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Capability {
    /// Find problems in code (rules, metrics, taint).
    Analyze,
    /// From a failure to its root cause.
    Debug,
    /// Explain findings in plain language.
    Explain,
    /// Propose fixes.
    Fix,
    /// Write tests.
    TestGen,
}

/// An agent's declared identity, as written in `agents/definitions/<name>.yml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentDefinition {
    pub name: String,
    /// One sentence: what the agent is for.
    pub role: String,
    pub capabilities: Vec<Capability>,
    /// Rule categories it runs (`bug`, `security`, …); empty: all.
    #[serde(default)]
    pub rule_packs: Vec<String>,
    /// Weight of its votes before reliability is learned.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Prompt templates by purpose (`explain`, `fix`), for the model-backed steps.
    #[serde(default)]
    pub prompts: BTreeMap<String, String>,
}

fn default_weight() -> f64 {
    1.0
}

/// Work given to an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Task {
    /// Analyse files or directories.
    Review { paths: Vec<std::path::PathBuf> },
    /// Find the cause of a failure in a source tree.
    Debug {
        trace: String,
        root: std::path::PathBuf,
    },
}

/// What an agent returns.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AgentOutput {
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
    /// Human-readable notes on what it did.
    pub notes: Vec<String>,
    /// Model use (explanations, model fixes, verification), when the agent had a model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_use: Option<EnrichStats>,
    /// The debug detective's regression test and fix notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repair: Option<repair::Repair>,
}

/// Errors of one agent call; the registry and the other agents go on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AgentError {
    #[error("no agent named `{name}`")]
    Unknown { name: String },
    #[error("agent `{agent}` cannot do {task}: it declares {capabilities:?}")]
    Unsupported {
        agent: String,
        task: &'static str,
        capabilities: Vec<Capability>,
    },
    #[error("agent `{agent}` failed: {message}")]
    Failed { agent: String, message: String },
    #[error("agent `{agent}` panicked: {message}")]
    Panicked { agent: String, message: String },
    #[error("agent `{agent}` did not finish within {limit:?}")]
    TimedOut { agent: String, limit: Duration },
    #[error("agent definition {origin}: {message}")]
    Definition { origin: String, message: String },
}

/// Behaviour behind a definition.
pub trait Agent: Send + Sync {
    fn definition(&self) -> &AgentDefinition;
    /// Does the task; called on a worker thread by [`Registry::run`].
    fn run(&self, task: &Task) -> Result<AgentOutput, AgentError>;
}

/// Reads a definition file.
pub fn parse_definition(origin: &str, text: &str) -> Result<AgentDefinition, AgentError> {
    serde_yaml::from_str(text).map_err(|e| AgentError::Definition {
        origin: origin.to_owned(),
        message: e.to_string(),
    })
}

/// The definitions shipped in `agents/definitions/`.
pub fn builtin_definitions() -> Result<Vec<AgentDefinition>, AgentError> {
    const FILES: &[(&str, &str)] = &[
        (
            "agents/definitions/code-analysis.yml",
            include_str!("../../../agents/definitions/code-analysis.yml"),
        ),
        (
            "agents/definitions/debug-detective.yml",
            include_str!("../../../agents/definitions/debug-detective.yml"),
        ),
    ];
    FILES
        .iter()
        .map(|(origin, text)| parse_definition(origin, text))
        .collect()
}

/// The agents available to a process, by name.
#[derive(Clone, Default)]
pub struct Registry {
    agents: BTreeMap<String, Arc<dyn Agent>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("agents", &self.agents.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Registry {
    /// The built-in agents over `engine`.
    pub fn builtin(engine: &Arc<crate::Engine>) -> Result<Registry, AgentError> {
        let mut registry = Registry::default();
        for definition in builtin_definitions()? {
            let agent: Arc<dyn Agent> = match definition.name.as_str() {
                "code-analysis" => Arc::new(CodeAnalysisAgent::new(definition, engine.clone())),
                "debug-detective" => Arc::new(DebugDetectiveAgent::new(definition, engine.clone())),
                other => {
                    return Err(AgentError::Definition {
                        origin: format!("agents/definitions/{other}.yml"),
                        message: "no built-in behaviour has this name".into(),
                    });
                }
            };
            registry.register(agent);
        }
        Ok(registry)
    }

    /// Adds (or replaces) an agent under its definition's name.
    pub fn register(&mut self, agent: Arc<dyn Agent>) {
        self.agents.insert(agent.definition().name.clone(), agent);
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn Agent>> {
        self.agents.get(name)
    }

    pub fn definitions(&self) -> impl Iterator<Item = &AgentDefinition> {
        self.agents.values().map(|a| a.definition())
    }

    /// Runs `name` on `task` on its own thread: a panic or a run past `limit` is reported as
    /// an error for this call. An overrunning agent's thread is left to finish on its own
    /// (threads cannot be killed); its result is dropped.
    pub fn run(&self, name: &str, task: Task, limit: Duration) -> Result<AgentOutput, AgentError> {
        let agent = self
            .agents
            .get(name)
            .cloned()
            .ok_or_else(|| AgentError::Unknown { name: name.into() })?;
        let (send, receive) = mpsc::channel();
        let started = Instant::now();
        std::thread::Builder::new()
            .name(format!("agent-{name}"))
            .spawn(move || {
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| agent.run(&task)));
                let _ = send.send(result);
            })
            .map_err(|e| AgentError::Failed {
                agent: name.into(),
                message: format!("cannot start a thread: {e}"),
            })?;
        match receive.recv_timeout(limit) {
            Ok(Ok(result)) => {
                tracing::debug!(agent = name, elapsed = ?started.elapsed(), "agent finished");
                result
            }
            Ok(Err(panic)) => Err(AgentError::Panicked {
                agent: name.into(),
                message: panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a non-string panic".into()),
            }),
            Err(_) => Err(AgentError::TimedOut {
                agent: name.into(),
                limit,
            }),
        }
    }
}
