//! The model router: one `generate` entry over local and cloud backends, with policies,
//! fallback, circuit breakers, secret redaction, a cost ledger and budgets.
//!
//! ```no_run
//! # #[cfg(feature = "local-models")] {
//! use std::sync::Arc;
//! use conclave::models::{LoadOptions, Model};
//! use conclave::router::{ChatRequest, Ledger, LocalBackend, OpenAiProvider, RouteRequest, Router};
//!
//! let model = Model::load("SmolLM2-135M-Instruct.Q4_1.gguf", &LoadOptions::default())?;
//! let router = Router::builder()
//!     .backend(LocalBackend::new("smollm2", model))
//!     .backend(OpenAiProvider::new("gpt-4o-mini", None, None)) // OPENAI_API_KEY
//!     .ledger(Arc::new(Ledger::open("ledger.sqlite")?))
//!     .build();
//! let reply = router.generate(&RouteRequest::new(ChatRequest::user("Explain E0382 briefly")))?;
//! println!("{} (from {}, ${:.6})", reply.text, reply.backend, reply.cost_usd);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod backend;
mod breaker;
mod budget;
pub mod cloud;
mod ledger;
mod policy;
pub mod prices;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use serde::Serialize;

#[cfg(feature = "local-models")]
pub use backend::LocalBackend;
pub use backend::{Backend, BackendError, BackendOutput, ChatRequest, Speed};
pub use breaker::BreakerConfig;
pub use budget::{Budget, BudgetEvent, OnLimit, Period};
pub use cloud::{AnthropicProvider, OpenAiProvider, RetryPolicy};
pub use ledger::{CallRecord, Ledger, LedgerError, LedgerFilter, LedgerSummary, now_ms};
pub use policy::{Policy, difficulty};
pub use prices::Prices;

use breaker::Breaker;
use budget::Reservation;

/// A check on a reply beyond its schema (e.g. "the proposed fix parses"); `Err` says why not.
pub type Validator = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// Errors of routing a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RouterError {
    /// No backend is allowed for the request (e.g. `local-only` with no local backend).
    #[error("no backend is available under policy {policy:?}")]
    NoBackend {
        /// The policy in force.
        policy: Policy,
    },
    /// Every backend tried failed; the attempts say why.
    #[error("every backend failed: {}", summary(attempts))]
    AllFailed {
        /// Each attempt and its outcome.
        attempts: Vec<Attempt>,
    },
    /// A budget configured to refuse would be exceeded.
    #[error(
        "budget `{scope}` would be exceeded: ${spent_usd:.6} committed of ${limit_usd:.6} this {period}"
    )]
    BudgetExceeded {
        /// The scope.
        scope: String,
        /// Spent and reserved so far this period.
        spent_usd: f64,
        /// The limit.
        limit_usd: f64,
        /// The period.
        period: &'static str,
    },
    /// The ledger could not be written or read.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// The request's JSON Schema is itself invalid.
    #[error("invalid response schema: {reason}")]
    InvalidSchema {
        /// The validator's message.
        reason: String,
    },
}

fn summary(attempts: &[Attempt]) -> String {
    attempts
        .iter()
        .map(|a| format!("{}: {}", a.backend, a.outcome))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One backend tried for a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// Backend name.
    pub backend: String,
    /// `ok`, or the fallback reason (`timeout`, `context_overflow`, `invalid_output`,
    /// `circuit_open`, `budget`, `http_error`, …).
    pub outcome: String,
    /// Detail for people.
    pub detail: Option<String>,
    /// Wall time.
    pub latency_ms: u64,
}

/// A request to the router.
#[derive(Clone)]
pub struct RouteRequest {
    /// What to ask.
    pub chat: ChatRequest,
    /// Kind of task (`explain`, `fix`, `summarize`, `classify`, `plan`, …), for cost-aware
    /// routing and the ledger.
    pub task: Option<String>,
    /// Who asks (budgets and reports).
    pub user: Option<String>,
    /// Which workflow asks (budgets and reports).
    pub workflow: Option<String>,
    /// Overrides the router's policy (except when the router is local-only).
    pub policy: Option<Policy>,
    /// Extra check on the reply; a failing reply falls back to the next backend.
    pub validator: Option<Validator>,
    /// Overrides the router's timeout.
    pub timeout: Option<Duration>,
}

impl std::fmt::Debug for RouteRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteRequest")
            .field("chat", &self.chat)
            .field("task", &self.task)
            .field("user", &self.user)
            .field("workflow", &self.workflow)
            .field("policy", &self.policy)
            .field("validator", &self.validator.as_ref().map(|_| "…"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl RouteRequest {
    /// A request with no task, user, workflow or validator.
    pub fn new(chat: ChatRequest) -> Self {
        Self {
            chat,
            task: None,
            user: None,
            workflow: None,
            policy: None,
            validator: None,
            timeout: None,
        }
    }

    /// Sets the task kind.
    pub fn task(mut self, task: impl Into<String>) -> Self {
        self.task = Some(task.into());
        self
    }

    /// Sets the user.
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// Sets the workflow.
    pub fn workflow(mut self, workflow: impl Into<String>) -> Self {
        self.workflow = Some(workflow.into());
        self
    }

    /// Sets the policy.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// Sets a validator.
    pub fn validator(
        mut self,
        validator: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.validator = Some(Arc::new(validator));
        self
    }

    /// Sets the timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// The router's answer.
#[derive(Debug, Clone, Serialize)]
pub struct RouteResponse {
    /// The reply.
    pub text: String,
    /// The parsed reply when the request had a JSON Schema.
    pub json: Option<serde_json::Value>,
    /// Backend that answered.
    pub backend: String,
    /// Its model.
    pub model: String,
    /// Whether it ran locally.
    pub local: bool,
    /// Tokens in.
    pub input_tokens: u64,
    /// Tokens out.
    pub output_tokens: u64,
    /// What this request cost (all attempts).
    pub cost_usd: f64,
    /// What the answer would have cost on the reference cloud model.
    pub cloud_equivalent_usd: f64,
    /// Every backend tried, in order.
    pub attempts: Vec<Attempt>,
    /// Secrets removed from the prompt before it went to a cloud backend.
    pub redacted_secrets: usize,
    /// Budget thresholds this call crossed.
    pub budget_events: Vec<BudgetEvent>,
    /// Wall time of the whole request.
    pub latency_ms: u64,
    /// Tokens per second, when a local model answered.
    pub speed: Option<Speed>,
}

/// Something observers are told as it happens.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RouterEvent {
    /// A backend failed and the next is being tried.
    Fallback {
        /// The backend that failed.
        from: String,
        /// Why.
        reason: String,
    },
    /// A budget threshold was crossed.
    Budget(BudgetEvent),
    /// Text streamed from the backend now answering (`attempt` counts from 0; text of an
    /// attempt that later fails is superseded by the next attempt's).
    Text {
        /// Attempt index.
        attempt: usize,
        /// The text.
        text: String,
    },
}

#[derive(Debug)]
struct Entry {
    backend: Arc<dyn Backend>,
    breaker: Breaker,
}

type Observer = Arc<dyn Fn(&RouterEvent) + Send + Sync>;

/// Builds a [`Router`].
#[derive(Default)]
pub struct RouterBuilder {
    backends: Vec<Arc<dyn Backend>>,
    policy: Policy,
    local_only: bool,
    prices: Option<Prices>,
    ledger: Option<Arc<Ledger>>,
    timeout: Option<Duration>,
    breaker: BreakerConfig,
    observers: Vec<Observer>,
    hard_threshold: Option<f64>,
    local_timeout: Option<Duration>,
    task_reliability: std::collections::BTreeMap<String, f64>,
}

impl std::fmt::Debug for RouterBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterBuilder")
            .field("backends", &self.backends)
            .field("policy", &self.policy)
            .finish()
    }
}

impl RouterBuilder {
    /// Adds a backend; within local and within cloud ones, order of addition is order of trial.
    pub fn backend(mut self, backend: impl Backend + 'static) -> Self {
        self.backends.push(Arc::new(backend));
        self
    }

    /// Adds a shared backend.
    pub fn shared_backend(mut self, backend: Arc<dyn Backend>) -> Self {
        self.backends.push(backend);
        self
    }

    /// The default policy (`local-first` unless set).
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// When true, nothing ever goes to a cloud backend, whatever a request asks.
    pub fn local_only(mut self, local_only: bool) -> Self {
        self.local_only = local_only;
        self
    }

    /// The price table (the shipped one unless set).
    pub fn prices(mut self, prices: Prices) -> Self {
        self.prices = Some(prices);
        self
    }

    /// Where calls are recorded and budgets kept.
    pub fn ledger(mut self, ledger: Arc<Ledger>) -> Self {
        self.ledger = Some(ledger);
        self
    }

    /// Default time limit per request (60 s unless set).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Circuit-breaker settings for every backend.
    pub fn breaker(mut self, config: BreakerConfig) -> Self {
        self.breaker = config;
        self
    }

    /// Called with every [`RouterEvent`].
    pub fn observer(mut self, f: impl Fn(&RouterEvent) + Send + Sync + 'static) -> Self {
        self.observers.push(Arc::new(f));
        self
    }

    /// Difficulty (0–1) at and above which `cost-aware` goes to the cloud first (0.6 unless set).
    /// How often local answers for `task` were accepted, as learned from reviewers' verdicts
    /// (see `learn::Reliabilities`). Under `cost-aware`, a task below 0.5 goes to the cloud first
    /// whatever its difficulty; one at 0.9 or above stays local first.
    pub fn task_reliability(mut self, task: impl Into<String>, reliability: f64) -> Self {
        if reliability.is_finite() {
            self.task_reliability
                .insert(task.into(), reliability.clamp(0.0, 1.0));
        }
        self
    }

    pub fn hard_threshold(mut self, threshold: f64) -> Self {
        self.hard_threshold = Some(threshold);
        self
    }

    /// Longest a local attempt may take when a cloud backend could still answer after it
    /// (half of the time left unless set).
    pub fn local_timeout(mut self, timeout: Duration) -> Self {
        self.local_timeout = Some(timeout);
        self
    }

    /// The router.
    pub fn build(self) -> Router {
        let breaker = self.breaker;
        Router {
            entries: self
                .backends
                .into_iter()
                .map(|backend| Entry {
                    backend,
                    breaker: Breaker::new(breaker),
                })
                .collect(),
            policy: self.policy,
            local_only: self.local_only,
            prices: self.prices.unwrap_or_default(),
            ledger: self.ledger,
            timeout: self.timeout.unwrap_or(Duration::from_secs(60)),
            observers: self.observers,
            hard_threshold: self.hard_threshold.unwrap_or(0.6),
            task_reliability: self.task_reliability,
            local_timeout: self.local_timeout,
            served: AtomicU64::new(0),
            served_locally: AtomicU64::new(0),
        }
    }
}

/// Routes model calls; share it between threads (`&Router` is enough).
pub struct Router {
    entries: Vec<Entry>,
    policy: Policy,
    local_only: bool,
    prices: Prices,
    ledger: Option<Arc<Ledger>>,
    timeout: Duration,
    observers: Vec<Observer>,
    hard_threshold: f64,
    task_reliability: std::collections::BTreeMap<String, f64>,
    local_timeout: Option<Duration>,
    served: AtomicU64,
    served_locally: AtomicU64,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("entries", &self.entries)
            .field("policy", &self.policy)
            .field("local_only", &self.local_only)
            .finish_non_exhaustive()
    }
}

mod route;
