//! What a session's log holds: events, who sent them, and what they say.

use serde::{Deserialize, Serialize};

use super::SessionError;

/// One entry of a session's log.
///
/// Serialized as
/// `{"session":"s","seq":3,"at_ms":1700000000000,"from":{"id":"alice","kind":"person"},"body":{"type":"message","text":"hi"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The session it belongs to.
    pub session: String,
    /// Position in the session: 1, 2, 3, … without gaps.
    pub seq: u64,
    /// When it was appended, milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Who sent it.
    pub from: Participant,
    /// What it says.
    pub body: EventBody,
}

/// A person or an agent taking part in a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Participant {
    /// Stable identifier (`alice`, `reviewer-agent`).
    pub id: String,
    /// Person or agent.
    pub kind: ParticipantKind,
}

impl Participant {
    /// A person.
    pub fn person(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind: ParticipantKind::Person,
        }
    }

    /// An agent.
    pub fn agent(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind: ParticipantKind::Agent,
        }
    }
}

/// Whether a participant is a person or an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParticipantKind {
    /// A person.
    Person,
    /// An agent.
    Agent,
}

impl ParticipantKind {
    /// `person` or `agent`, as stored and serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Agent => "agent",
        }
    }

    /// The inverse of [`as_str`](Self::as_str).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(Self::Person),
            "agent" => Some(Self::Agent),
            _ => None,
        }
    }
}

/// What an event says. Serialized with a `type` tag in kebab-case:
/// `{"type":"step-finished","workflow":"review","step":"lint","status":"ok","duration_ms":12,"error":null}`.
///
/// Payloads owned by higher layers (a finding, a decision) are kept as JSON so that this module
/// depends on nothing above it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EventBody {
    /// The sender joined the session.
    Joined,
    /// The sender left the session.
    Left,
    /// A workflow step began.
    StepStarted {
        /// Workflow name or id.
        workflow: String,
        /// Step name or id.
        step: String,
        /// The agent running it.
        agent: String,
    },
    /// A workflow step ended.
    StepFinished {
        /// Workflow name or id.
        workflow: String,
        /// Step name or id.
        step: String,
        /// `ok`, `failed`, `skipped`, `cancelled`, …
        status: String,
        /// Wall time of the step.
        duration_ms: u64,
        /// Why it failed, if it did.
        error: Option<String>,
    },
    /// A finding, as a serialized [`crate::vocab::Finding`].
    Finding {
        /// The finding's JSON.
        finding: serde_json::Value,
    },
    /// A participant's vote on a question.
    Vote {
        /// What is being decided.
        question: String,
        /// The option voted for.
        choice: String,
        /// How sure the voter is, 0 to 1.
        confidence: f64,
    },
    /// The outcome of a question.
    Decision {
        /// What was decided.
        question: String,
        /// The decision's JSON (strategy, winner, dissent, …).
        decision: serde_json::Value,
    },
    /// Free text.
    Message {
        /// The text.
        text: String,
    },
    /// What a model call cost.
    Cost {
        /// Dollars.
        usd: f64,
        /// Tokens in and out.
        tokens: u64,
        /// Whether it ran on this machine.
        local: bool,
    },
    /// A budget crossed a threshold.
    BudgetAlert {
        /// The budget's scope (`user:alice`, `workflow:review`, `global`).
        scope: String,
        /// Spent so far, dollars.
        spent_usd: f64,
        /// The limit, dollars.
        limit_usd: f64,
    },
}

impl EventBody {
    /// The `type` tag (`step-finished`, `budget-alert`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Joined => "joined",
            Self::Left => "left",
            Self::StepStarted { .. } => "step-started",
            Self::StepFinished { .. } => "step-finished",
            Self::Finding { .. } => "finding",
            Self::Vote { .. } => "vote",
            Self::Decision { .. } => "decision",
            Self::Message { .. } => "message",
            Self::Cost { .. } => "cost",
            Self::BudgetAlert { .. } => "budget-alert",
        }
    }

    /// Rejects what JSON cannot carry back: a NaN or infinite number would be written as `null`
    /// and could not be read again.
    pub(crate) fn validate(&self) -> Result<(), SessionError> {
        let numbers: &[(&str, f64)] = match self {
            Self::Vote { confidence, .. } => &[("confidence", *confidence)],
            Self::Cost { usd, .. } => &[("usd", *usd)],
            Self::BudgetAlert {
                spent_usd,
                limit_usd,
                ..
            } => &[("spent_usd", *spent_usd), ("limit_usd", *limit_usd)],
            _ => &[],
        };
        match numbers.iter().find(|(_, v)| !v.is_finite()) {
            Some((field, value)) => Err(SessionError::Invalid {
                reason: format!("{} `{field}` is {value}, not a finite number", self.kind()),
            }),
            None => Ok(()),
        }
    }
}
