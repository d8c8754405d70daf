//! # Conclave
//!
//! An embeddable engine for code intelligence over Python, JavaScript, Java, C# and Go:
//! per-function metrics (cyclomatic complexity as lizard counts it, SonarSource's cognitive
//! complexity, size, parameters, nesting), an A–E maintainability rating from a
//! technical-debt model, and findings in text, JSON, JSON Lines and SARIF 2.1.0.
//!
//! ```
//! use conclave::{Engine, Language};
//!
//! let engine = Engine::builder().threads(2).build()?;
//! let file = engine.analyze_source(Language::Python, "def add(a, b):\n    return a + b\n");
//! assert_eq!(file.metrics.functions[0].name, "add");
//! assert_eq!(file.metrics.functions[0].cyclomatic, 1);
//! # Ok::<(), conclave::EngineError>(())
//! ```
//!
//! | module | what it holds |
//! |---|---|
//! | [`vocab`] | shared types: [`Language`], [`Span`], [`Finding`], [`Fix`], [`Severity`], … |
//! | [`lang`] | tree-sitter grammars and each language's vocabulary |
//! | [`source`] | walking trees, reading files, skipping what cannot be analysed |
//! | [`metrics`] | complexity, size, nesting, rating |
//! | [`rules`] | YAML rules: tree-sitter queries, conditions, messages, fixes |
//! | [`output`] | text, JSON, JSON Lines, SARIF renderers |
//! | [`debug`] | stack traces from five runtimes, read into one shape and mapped onto a source tree |
//! | [`secrets`] | detectors for API keys, tokens, private keys and passwords; redaction |
//! | `models` | local GGUF models on candle: tokenizer, chat template, generation, JSON-constrained output (feature `local-models`, on by default) |
//! | [`router`] | local-first routing to local models and cloud APIs, cost ledger, budgets |
//! | [`agents`] | the agent trait and registry, code analysis, debug detective, test generation, watching |
//! | [`workflow`] | plain-language requests to validated plans, run with checkpoints; predictions |
//! | [`consensus`] | seven strategies for settling agents' disagreements, with explained decisions |
//! | [`learn`] | reviewers' verdicts to rule and agent reliabilities |
//! | [`session`] | collaboration sessions: an ordered, persisted event log with live subscribers |
//! | [`store`] | how SQLite files are opened (WAL, busy timeout, schema) |
//!
//! The library logs with `tracing` and never installs a subscriber.

pub mod agents;
pub mod analysis;
pub mod config;
pub mod consensus;
pub mod debug;
pub mod lang;
pub mod learn;
pub mod metrics;
#[cfg(feature = "local-models")]
pub mod models;
pub mod output;
pub mod router;
pub mod rules;
pub mod secrets;
pub mod session;
pub mod source;
pub mod store;
pub mod taint;
pub mod vocab;
pub mod workflow;

pub use analysis::{Engine, EngineBuilder, EngineError, FileReport, Progress, Report};
pub use config::{Config, ConfigError};
pub use vocab::{
    Applicability, Category, Confidence, Edit, Finding, Fix, Language, RuleId, RuleMeta, Severity,
    Span,
};
