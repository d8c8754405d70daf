//! A workflow plan: a DAG of agent steps, and the checks that make it safe to run.
//!
//! Plans come from a person, the deterministic parser or a model; all go through [`Plan::validate`]
//! before anything runs, so an invalid or unsafe plan is rejected whole, never half-run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Steps a plan may hold: more is a runaway parse, not a request.
pub const MAX_STEPS: usize = 20;
/// Default per-step time limit.
pub const DEFAULT_TIMEOUT_MS: u64 = 600_000;

/// A validated-or-not plan; see [`Plan::validate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// The request it was made from.
    #[serde(default)]
    pub request: String,
    pub steps: Vec<Step>,
    /// What a failing step does to the rest.
    #[serde(default)]
    pub on_failure: OnFailure,
}

/// One unit of work for one agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    /// Unique within the plan: `[a-z0-9-]`, at most 40 characters.
    pub id: String,
    /// The agent doing it (`code-analysis`, `test-generation`, `debug-detective`, `test-runner`).
    pub agent: String,
    pub inputs: Inputs,
    /// Steps that must finish first.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Time limit for one attempt.
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
    /// Extra attempts after a failure (with backoff).
    #[serde(default)]
    pub retries: u32,
    /// Model calls the step may make (0: deterministic only).
    #[serde(default)]
    pub max_model_calls: u32,
}

fn default_timeout() -> u64 {
    DEFAULT_TIMEOUT_MS
}

/// What a step does, with its inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Inputs {
    /// Analyse paths; keep the findings of these categories (all when empty).
    Review {
        paths: Vec<String>,
        #[serde(default)]
        categories: Vec<String>,
    },
    /// Explain the `top` most important findings of step `from` (needs a model).
    Explain { from: String, top: u32 },
    /// Propose verified fixes for the `top` most important findings of step `from`.
    Fix { from: String, top: u32 },
    /// Write tests: for the functions holding the `top` worst findings of `from`, or for the
    /// named functions.
    TestGen {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        #[serde(default)]
        top: u32,
        #[serde(default)]
        functions: Vec<FunctionRef>,
    },
    /// Find the root cause of the failure written in `trace_file`.
    Debug { trace_file: String },
    /// Run the project's test command (configured by the caller, never taken from a request).
    RunTests {},
}

/// A function in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FunctionRef {
    pub path: String,
    pub function: String,
}

/// What a failing step does to the workflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OnFailure {
    /// Steps that do not depend on the failed one still run.
    #[default]
    Continue,
    /// Nothing new starts after a failure.
    Stop,
}

/// Why a plan was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    #[error("the plan has no steps")]
    Empty,
    #[error("the plan has {count} steps; at most {MAX_STEPS} are allowed")]
    TooManySteps { count: usize },
    #[error("step id `{id}` is invalid: use a-z, 0-9 and '-', at most 40 characters")]
    BadId { id: String },
    #[error("step id `{id}` is used twice")]
    DuplicateId { id: String },
    #[error("step `{step}` depends on `{missing}`, which is not in the plan")]
    UnknownDependency { step: String, missing: String },
    #[error("the steps {cycle:?} depend on each other in a cycle")]
    Cycle { cycle: Vec<String> },
    #[error("step `{step}`: agent `{agent}` cannot {action} (it can: {can})")]
    WrongAgent {
        step: String,
        agent: String,
        action: &'static str,
        can: String,
    },
    #[error("step `{step}` reads the output of `{from}` but does not depend on it")]
    UndeclaredInput { step: String, from: String },
    #[error("step `{step}` takes findings from `{from}`, which does not produce findings")]
    NoFindingsFrom { step: String, from: String },
    #[error("step `{step}`: path `{path}` is outside the project (unsafe plan)")]
    UnsafePath { step: String, path: String },
    #[error("step `{step}`: {reason}")]
    Invalid { step: String, reason: String },
    #[error("the request could not be turned into a plan: {reason}")]
    NotUnderstood { reason: String },
}

impl Inputs {
    /// The action's name, as written in plans.
    pub fn action(&self) -> &'static str {
        match self {
            Inputs::Review { .. } => "review",
            Inputs::Explain { .. } => "explain",
            Inputs::Fix { .. } => "fix",
            Inputs::TestGen { .. } => "test-gen",
            Inputs::Debug { .. } => "debug",
            Inputs::RunTests {} => "run-tests",
        }
    }

    /// The agent that performs this action.
    pub fn agent(&self) -> &'static str {
        match self {
            Inputs::Review { .. } | Inputs::Explain { .. } | Inputs::Fix { .. } => "code-analysis",
            Inputs::TestGen { .. } => "test-generation",
            Inputs::Debug { .. } => "debug-detective",
            Inputs::RunTests {} => "test-runner",
        }
    }

    /// The step whose output this one reads.
    pub fn source(&self) -> Option<&str> {
        match self {
            Inputs::Explain { from, .. } | Inputs::Fix { from, .. } => Some(from),
            Inputs::TestGen { from, .. } => from.as_deref(),
            _ => None,
        }
    }

    fn produces_findings(&self) -> bool {
        matches!(
            self,
            Inputs::Review { .. } | Inputs::Explain { .. } | Inputs::Fix { .. }
        )
    }

    /// Paths the step reads, relative to the project root.
    fn paths(&self) -> Vec<&str> {
        match self {
            Inputs::Review { paths, .. } => paths.iter().map(String::as_str).collect(),
            Inputs::TestGen { functions, .. } => {
                functions.iter().map(|f| f.path.as_str()).collect()
            }
            Inputs::Debug { trace_file } => vec![trace_file],
            _ => Vec::new(),
        }
    }
}

impl Step {
    /// A step with default limits.
    pub fn new(id: impl Into<String>, inputs: Inputs, depends_on: Vec<String>) -> Step {
        Step {
            id: id.into(),
            agent: inputs.agent().to_owned(),
            inputs,
            depends_on,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retries: 0,
            max_model_calls: 0,
        }
    }
}

impl Plan {
    /// The JSON Schema of a plan (for constrained decoding and for users writing plans).
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Plan)).unwrap_or_default()
    }

    /// Checks the plan is a well-formed, acyclic, safe DAG; returns the steps in an order where
    /// every step comes after its dependencies.
    pub fn validate(&self) -> Result<Vec<&Step>, PlanError> {
        if self.steps.is_empty() {
            return Err(PlanError::Empty);
        }
        if self.steps.len() > MAX_STEPS {
            return Err(PlanError::TooManySteps {
                count: self.steps.len(),
            });
        }
        let mut by_id = BTreeMap::new();
        for step in &self.steps {
            let id_ok = !step.id.is_empty()
                && step.id.len() <= 40
                && step
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !id_ok {
                return Err(PlanError::BadId {
                    id: step.id.clone(),
                });
            }
            if by_id.insert(step.id.as_str(), step).is_some() {
                return Err(PlanError::DuplicateId {
                    id: step.id.clone(),
                });
            }
        }
        for step in &self.steps {
            check_step(step, &by_id)?;
        }
        topological(&self.steps)
    }
}

fn check_step(step: &Step, by_id: &BTreeMap<&str, &Step>) -> Result<(), PlanError> {
    let invalid = |reason: &str| PlanError::Invalid {
        step: step.id.clone(),
        reason: reason.to_owned(),
    };
    if step.agent != step.inputs.agent() {
        return Err(PlanError::WrongAgent {
            step: step.id.clone(),
            agent: step.agent.clone(),
            action: step.inputs.action(),
            can: agent_actions(&step.agent),
        });
    }
    for dependency in &step.depends_on {
        if !by_id.contains_key(dependency.as_str()) {
            return Err(PlanError::UnknownDependency {
                step: step.id.clone(),
                missing: dependency.clone(),
            });
        }
    }
    if let Some(from) = step.inputs.source() {
        if !step.depends_on.iter().any(|d| d == from) {
            return Err(PlanError::UndeclaredInput {
                step: step.id.clone(),
                from: from.to_owned(),
            });
        }
        if !by_id
            .get(from)
            .is_some_and(|s| s.inputs.produces_findings())
        {
            return Err(PlanError::NoFindingsFrom {
                step: step.id.clone(),
                from: from.to_owned(),
            });
        }
    }
    match &step.inputs {
        Inputs::Review { paths, categories } => {
            if paths.is_empty() {
                return Err(invalid("a review needs at least one path"));
            }
            if let Some(bad) = categories
                .iter()
                .find(|c| !CATEGORIES.contains(&c.as_str()))
            {
                return Err(invalid(&format!(
                    "unknown category `{bad}` (known: {})",
                    CATEGORIES.join(", ")
                )));
            }
        }
        Inputs::Explain { top, .. } | Inputs::Fix { top, .. } if *top == 0 => {
            return Err(invalid("`top` must be at least 1"));
        }
        Inputs::TestGen {
            from,
            top,
            functions,
        } => {
            if from.is_none() && functions.is_empty() {
                return Err(invalid("test generation needs `from` or `functions`"));
            }
            if from.is_some() && *top == 0 {
                return Err(invalid("`top` must be at least 1"));
            }
        }
        _ => {}
    }
    if let Inputs::Explain { .. } = step.inputs
        && step.max_model_calls == 0
    {
        return Err(invalid("explaining needs a model: set max_model_calls"));
    }
    if step.timeout_ms == 0 {
        return Err(invalid("timeout_ms must be positive"));
    }
    for path in step.inputs.paths() {
        if !inside_project(path) {
            return Err(PlanError::UnsafePath {
                step: step.id.clone(),
                path: path.to_owned(),
            });
        }
    }
    Ok(())
}

/// Finding categories a review may keep.
pub const CATEGORIES: [&str; 5] = [
    "security",
    "bug",
    "performance",
    "refactoring",
    "maintainability",
];

fn agent_actions(agent: &str) -> String {
    let all = [
        Inputs::Review {
            paths: vec![],
            categories: vec![],
        },
        Inputs::Explain {
            from: String::new(),
            top: 0,
        },
        Inputs::Fix {
            from: String::new(),
            top: 0,
        },
        Inputs::TestGen {
            from: None,
            top: 0,
            functions: vec![],
        },
        Inputs::Debug {
            trace_file: String::new(),
        },
        Inputs::RunTests {},
    ];
    let can: Vec<&str> = all
        .iter()
        .filter(|i| i.agent() == agent)
        .map(Inputs::action)
        .collect();
    if can.is_empty() {
        "nothing: no such agent".into()
    } else {
        can.join(", ")
    }
}

/// A relative path that stays inside the project root (no `..` escaping it, not absolute).
fn inside_project(path: &str) -> bool {
    let mut depth = 0i32;
    for component in Path::new(path).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    !path.is_empty()
}

/// Kahn's algorithm, in plan order among ready steps; a leftover means a cycle.
fn topological(steps: &[Step]) -> Result<Vec<&Step>, PlanError> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut order = Vec::with_capacity(steps.len());
    while order.len() < steps.len() {
        let ready: Vec<&Step> = steps
            .iter()
            .filter(|s| !done.contains(s.id.as_str()))
            .filter(|s| s.depends_on.iter().all(|d| done.contains(d.as_str())))
            .collect();
        if ready.is_empty() {
            let cycle = steps
                .iter()
                .filter(|s| !done.contains(s.id.as_str()))
                .map(|s| s.id.clone())
                .collect();
            return Err(PlanError::Cycle { cycle });
        }
        for step in ready {
            done.insert(step.id.as_str());
            order.push(step);
        }
    }
    Ok(order)
}
