//! The interface every model backend offers the router, and the local one.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::vocab::Message;

/// A provider-neutral chat request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatRequest {
    /// The conversation so far.
    pub messages: Vec<Message>,
    /// Most tokens to generate.
    pub max_tokens: usize,
    /// 0 is greedy.
    pub temperature: f32,
    /// When set, the reply must be JSON valid against this schema.
    pub json_schema: Option<serde_json::Value>,
    /// Stop sequences.
    pub stop: Vec<String>,
}

impl ChatRequest {
    /// A request with one user message, greedy, 256 tokens at most.
    pub fn user(text: impl Into<String>) -> Self {
        Self::new(vec![Message::user(text)])
    }

    /// A request over `messages`, greedy, 256 tokens at most.
    pub fn new(messages: Vec<Message>) -> Self {
        Self {
            messages,
            max_tokens: 256,
            temperature: 0.0,
            json_schema: None,
            stop: Vec::new(),
        }
    }

    /// All message text, for size estimates and redaction.
    pub fn text_len(&self) -> usize {
        self.messages.iter().map(|m| m.content.len()).sum()
    }
}

/// What a backend returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackendOutput {
    /// The reply text.
    pub text: String,
    /// Tokens read (as the backend counts them).
    pub input_tokens: u64,
    /// Tokens written.
    pub output_tokens: u64,
    /// Throughput, where the backend measures it (local models do).
    pub speed: Option<Speed>,
}

/// Tokens per second of a local generation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Speed {
    /// Prompt processing.
    pub prompt_tok_s: f64,
    /// Generation.
    pub decode_tok_s: f64,
}

/// Why a backend call failed; the router's fallback reasons come from these.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BackendError {
    /// No answer before the deadline.
    #[error("timed out after {elapsed:?}")]
    Timeout {
        /// How long it ran.
        elapsed: Duration,
    },
    /// The prompt does not fit the model.
    #[error("prompt of {tokens} tokens overflows the context of {context}")]
    ContextOverflow {
        /// Tokens needed.
        tokens: usize,
        /// Context length.
        context: usize,
    },
    /// The server answered 429.
    #[error("rate limited (HTTP 429){}", retry_after.map(|d| format!(", retry after {d:?}")).unwrap_or_default())]
    RateLimited {
        /// What `Retry-After` asked for.
        retry_after: Option<Duration>,
    },
    /// The server answered with another non-success status.
    #[error("HTTP {status}: {body}")]
    Http {
        /// Status code.
        status: u16,
        /// Start of the body.
        body: String,
    },
    /// The answer could not be read as the wire format says.
    #[error("malformed response: {reason}")]
    Malformed {
        /// What was wrong.
        reason: String,
    },
    /// Connecting or reading failed (refused, reset, dropped).
    #[error("connection failed: {reason}")]
    Connection {
        /// The transport's message.
        reason: String,
    },
    /// A local model failed.
    #[error("local model: {reason}")]
    Model {
        /// The model's message.
        reason: String,
    },
    /// The backend is not set up (no API key, no model).
    #[error("not configured: {reason}")]
    NotConfigured {
        /// What is missing.
        reason: String,
    },
}

impl BackendError {
    /// Whether retrying the same backend may help (429, 5xx, dropped connections).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Connection { .. } => true,
            Self::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// Whether the failure says something about the backend's health (and so counts towards its
    /// circuit breaker): a prompt too long for the model, or a local model running out of the
    /// time one request allowed, does not.
    pub fn trips_breaker(&self, local: bool) -> bool {
        match self {
            Self::ContextOverflow { .. } | Self::NotConfigured { .. } => false,
            Self::Timeout { .. } => !local,
            _ => true,
        }
    }

    /// Short label for ledgers and metrics.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Timeout { .. } => "timeout",
            Self::ContextOverflow { .. } => "context_overflow",
            Self::RateLimited { .. } => "rate_limited",
            Self::Http { .. } => "http_error",
            Self::Malformed { .. } => "malformed",
            Self::Connection { .. } => "connection",
            Self::Model { .. } => "model_error",
            Self::NotConfigured { .. } => "not_configured",
        }
    }
}

/// A model the router can send requests to.
pub trait Backend: Send + Sync + std::fmt::Debug {
    /// Stable name, e.g. `local:smollm2` or `openai:gpt-4o-mini`.
    fn name(&self) -> &str;
    /// Model name used for pricing (`gpt-4o-mini`, `claude-3-5-haiku`, `smollm2`).
    fn model(&self) -> &str;
    /// Whether calls stay on this machine (and are free of cloud cost).
    fn is_local(&self) -> bool;
    /// Runs `request`, calling `on_text` with text as it streams in, giving up at `deadline`.
    fn generate(
        &self,
        request: &ChatRequest,
        deadline: Instant,
        on_text: &mut dyn FnMut(&str),
    ) -> Result<BackendOutput, BackendError>;
}

#[cfg(feature = "local-models")]
pub use local::LocalBackend;

#[cfg(feature = "local-models")]
mod local {
    use super::*;
    use crate::models::{FinishReason, GenerateRequest, Model, ModelError, SamplingParams};

    /// A GGUF model running in this process.
    #[derive(Debug, Clone)]
    pub struct LocalBackend {
        name: String,
        model_name: String,
        model: Model,
    }

    impl LocalBackend {
        /// Wraps a loaded model; `model_name` is what the ledger records (e.g. `smollm2`).
        pub fn new(model_name: impl Into<String>, model: Model) -> Self {
            let model_name = model_name.into();
            Self {
                name: format!("local:{model_name}"),
                model_name,
                model,
            }
        }
    }

    impl Backend for LocalBackend {
        fn name(&self) -> &str {
            &self.name
        }

        fn model(&self) -> &str {
            &self.model_name
        }

        fn is_local(&self) -> bool {
            true
        }

        fn generate(
            &self,
            request: &ChatRequest,
            deadline: Instant,
            on_text: &mut dyn FnMut(&str),
        ) -> Result<BackendOutput, BackendError> {
            let started = Instant::now();
            let sampling = SamplingParams {
                temperature: request.temperature,
                ..SamplingParams::default()
            };
            let mut req = GenerateRequest::chat(request.messages.clone())
                .max_tokens(request.max_tokens)
                .sampling(sampling);
            req.stop.clone_from(&request.stop);
            req.json_schema.clone_from(&request.json_schema);
            req.deadline = Some(deadline);
            let out = self
                .model
                .session()
                .generate(&req, |chunk| on_text(&chunk.text))
                .map_err(|e| match e {
                    ModelError::ContextOverflow { tokens, context } => {
                        BackendError::ContextOverflow { tokens, context }
                    }
                    other => BackendError::Model {
                        reason: other.to_string(),
                    },
                })?;
            if out.finish_reason == FinishReason::Timeout {
                return Err(BackendError::Timeout {
                    elapsed: started.elapsed(),
                });
            }
            Ok(BackendOutput {
                text: out.text,
                input_tokens: out.prompt_tokens as u64,
                output_tokens: out.completion_tokens as u64,
                speed: Some(Speed {
                    prompt_tok_s: out.timings.prompt_tok_s(),
                    decode_tok_s: out.timings.decode_tok_s(),
                }),
            })
        }
    }
}
