//! The shared vocabulary of Conclave: the types every other module speaks.
//!
//! Nothing here depends on tree-sitter, the file system or models, so parsers, rules,
//! agents, the router and renderers can all depend on it without depending on each other.

mod chat;
mod finding;
mod language;
mod provenance;
mod rule;
mod span;

pub use chat::{Message, Role};
pub use finding::{
    Applicability, Category, Confidence, Edit, Effort, Finding, Fingerprint, Fix, FlowStep, RuleId,
    Severity, Suppression, UnknownSeverity,
};
pub use language::{Language, UnknownLanguage};
pub use provenance::{ModelCall, Provenance, Verification};
pub use rule::{RuleDocs, RuleMeta};
pub use span::{LineIndex, Position, Span};
