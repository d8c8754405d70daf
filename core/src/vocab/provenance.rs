//! Where a finding, an explanation or a fix came from, and how a fix was checked.
//!
//! Deterministic findings carry only the agent's name; a model's part (which model, local or
//! cloud, what it cost) is added per call, so a SARIF consumer can tell a rule's verdict from a
//! model's text.

use serde::{Deserialize, Serialize};

/// Who produced or enriched a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The agent that reported it (`code-analysis`, `debug-detective`, …).
    pub agent: String,
    /// Model calls made for it, in order (explanations, fix proposals).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub model_calls: Vec<ModelCall>,
}

impl Provenance {
    /// A finding reported by `agent` with no model involved.
    pub fn agent(agent: impl Into<String>) -> Provenance {
        Provenance {
            agent: agent.into(),
            model_calls: Vec::new(),
        }
    }

    /// Total cost of the model calls.
    pub fn cost_usd(&self) -> f64 {
        self.model_calls.iter().map(|c| c.cost_usd).sum()
    }
}

/// One model call made on a finding's behalf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCall {
    /// What it was for: `explain` or `fix`.
    pub purpose: String,
    /// The model that answered.
    pub model: String,
    /// The router backend that served it.
    pub backend: String,
    /// Whether it ran on this machine.
    pub local: bool,
    /// What it cost (0 for local models unless a local $/hour is configured).
    pub cost_usd: f64,
    /// Prompt and completion tokens.
    #[serde(default)]
    pub tokens: u64,
}

/// The outcome of checking a fix before it may be labelled verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The patched file parses with no more syntax errors than before.
    pub parses: bool,
    /// A re-scan no longer reports the finding (true for fixes of a failure rather than of a
    /// finding: there the tests decide).
    pub finding_gone: bool,
    /// Rule ids of findings the fix introduced (a re-scan shows them, the original did not).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_findings: Vec<String>,
    /// Whether the project's tests passed on the patched tree; `None` when none were run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tests_passed: Option<bool>,
    /// Why the fix failed verification, for people; empty when it passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Verification {
    /// Every check that ran passed.
    pub fn passed(&self) -> bool {
        self.parses
            && self.finding_gone
            && self.new_findings.is_empty()
            && self.tests_passed != Some(false)
    }
}
