//! Generation: prompts to tokens, the decode loop, streaming, stop conditions, KV reuse.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::Serialize;

use super::decode::Run;
pub use super::decode::Stream;
use super::sampling::SamplingParams;
use super::think::Part;
use super::transformer::KvCache;
use super::{Model, ModelError};
use crate::vocab::Message;

/// Which part of the output a streamed chunk belongs to.
pub type ChunkKind = Part;

/// What to run the model on.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Prompt {
    /// Messages, rendered with the model's chat template (ending with the assistant's turn).
    Chat(Vec<Message>),
    /// Raw text; spellings of special tokens in it count as those tokens.
    Text(String),
    /// Token ids as they are.
    Tokens(Vec<u32>),
}

/// Lets another thread stop a generation between two tokens.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token that has not been cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the generation to stop after the token being computed.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A generation request.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    /// The input.
    pub prompt: Prompt,
    /// At most this many generated tokens.
    pub max_tokens: usize,
    /// Greedy or sampled.
    pub sampling: SamplingParams,
    /// Generation stops before any of these strings; they are not part of the text.
    pub stop: Vec<String>,
    /// When set, the reply is a JSON document valid against this schema.
    pub json_schema: Option<serde_json::Value>,
    /// Checked before each token.
    pub cancel: Option<CancelToken>,
    /// Never pick end-of-turn tokens, so exactly `max_tokens` are generated (for benchmarks).
    pub ignore_eos: bool,
    /// Generation stops with [`FinishReason::Timeout`] once this instant has passed.
    pub deadline: Option<Instant>,
}

impl GenerateRequest {
    /// A request over chat messages, greedy, 256 tokens at most.
    pub fn chat(messages: Vec<Message>) -> Self {
        Self::new(Prompt::Chat(messages))
    }

    /// A request over raw text.
    pub fn text(text: impl Into<String>) -> Self {
        Self::new(Prompt::Text(text.into()))
    }

    /// A request over any prompt.
    pub fn new(prompt: Prompt) -> Self {
        Self {
            prompt,
            max_tokens: 256,
            sampling: SamplingParams::default(),
            stop: Vec::new(),
            json_schema: None,
            cancel: None,
            ignore_eos: false,
            deadline: None,
        }
    }

    /// Sets the token budget.
    pub fn max_tokens(mut self, n: usize) -> Self {
        self.max_tokens = n;
        self
    }

    /// Sets the sampling parameters.
    pub fn sampling(mut self, sampling: SamplingParams) -> Self {
        self.sampling = sampling;
        self
    }

    /// Adds a stop sequence.
    pub fn stop(mut self, stop: impl Into<String>) -> Self {
        self.stop.push(stop.into());
        self
    }

    /// Constrains the reply to JSON valid against `schema`.
    pub fn json_schema(mut self, schema: serde_json::Value) -> Self {
        self.json_schema = Some(schema);
        self
    }

    /// Stops generation after `timeout` from now.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.deadline = Some(Instant::now() + timeout);
        self
    }

    /// Makes the request cancellable.
    pub fn cancel(mut self, token: CancelToken) -> Self {
        self.cancel = Some(token);
        self
    }
}

/// Why generation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FinishReason {
    /// The model ended its turn (EOS or end-of-turn token).
    Stop,
    /// A stop sequence was produced.
    StopSequence,
    /// The JSON document was complete.
    JsonComplete,
    /// `max_tokens` or the context window was reached.
    Length,
    /// The [`CancelToken`] fired.
    Cancelled,
    /// The request's deadline passed.
    Timeout,
}

/// A piece of streamed output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chunk {
    /// Reasoning or answer.
    pub kind: ChunkKind,
    /// The text.
    pub text: String,
}

/// Where time went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Prompt tokens run through the model (prompt minus what the cache already held).
    pub prompt_eval_tokens: usize,
    /// Seconds for them.
    pub prompt_s: f64,
    /// Generated tokens run through the model after the prompt.
    pub decode_eval_tokens: usize,
    /// Seconds from the end of the prompt to the last token (forward passes and sampling).
    pub decode_s: f64,
}

impl Timings {
    /// Prompt tokens per second.
    pub fn prompt_tok_s(&self) -> f64 {
        rate(self.prompt_eval_tokens, self.prompt_s)
    }

    /// Generated tokens per second.
    pub fn decode_tok_s(&self) -> f64 {
        rate(self.decode_eval_tokens, self.decode_s)
    }
}

fn rate(n: usize, s: f64) -> f64 {
    if s > 0.0 { n as f64 / s } else { 0.0 }
}

/// The result of a generation.
#[derive(Debug, Clone, Serialize)]
pub struct Generation {
    /// The answer (without any `<think>` section and without the stop sequence).
    pub text: String,
    /// The `<think>…</think>` section of reasoning models, if any.
    pub reasoning: Option<String>,
    /// The parsed document when the request had a JSON Schema.
    pub json: Option<serde_json::Value>,
    /// True when the token budget ran out inside a JSON document and the shortest valid
    /// completion was appended to `text` (not generated by the model).
    pub json_forced_completion: bool,
    /// Why it ended.
    pub finish_reason: FinishReason,
    /// Tokens in the prompt.
    pub prompt_tokens: usize,
    /// Prompt tokens whose keys and values were already in the session's cache.
    pub cached_prompt_tokens: usize,
    /// Tokens generated (the end-of-turn token not counted).
    pub completion_tokens: usize,
    /// The generated token ids.
    pub tokens: Vec<u32>,
    /// Where time went.
    pub timings: Timings,
}

/// A conversation with its own KV cache. Each request's prompt is compared with the tokens
/// already in the cache and only the part after the common prefix runs, so a follow-up turn
/// costs its new tokens only.
#[derive(Debug)]
pub struct Session {
    pub(super) model: Model,
    pub(super) cache: KvCache,
    /// Tokens whose keys and values are in the cache, in order.
    pub(super) cached: Vec<u32>,
    history: Vec<Message>,
}

impl Session {
    pub(crate) fn new(model: Model) -> Self {
        let layers = model.config().block_count;
        Self {
            model,
            cache: KvCache::new(layers),
            cached: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The model this session runs.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Messages exchanged through [`Session::reply`].
    pub fn history(&self) -> &[Message] {
        &self.history
    }

    /// Adds a message to the conversation without generating (a system prompt, or turns
    /// restored from elsewhere).
    pub fn push_message(&mut self, message: Message) {
        self.history.push(message);
    }

    /// Tokens currently held in the KV cache.
    pub fn cached_tokens(&self) -> usize {
        self.cached.len()
    }

    /// Adds `message` to the conversation, generates the assistant's answer with `request`'s
    /// settings (its prompt is replaced by the whole history) and records the answer.
    pub fn reply(
        &mut self,
        message: Message,
        request: &GenerateRequest,
        on_chunk: impl FnMut(&Chunk),
    ) -> Result<Generation, ModelError> {
        let mut messages = self.history.clone();
        messages.push(message);
        let request = GenerateRequest {
            prompt: Prompt::Chat(messages.clone()),
            ..request.clone()
        };
        let generation = self.generate(&request, on_chunk)?;
        messages.push(Message::assistant(generation.text.clone()));
        self.history = messages;
        Ok(generation)
    }

    /// Runs `request`, calling `on_chunk` with text as it is produced.
    pub fn generate(
        &mut self,
        request: &GenerateRequest,
        mut on_chunk: impl FnMut(&Chunk),
    ) -> Result<Generation, ModelError> {
        let mut run = Run::start(self, request)?;
        while let Some(chunks) = run.step()? {
            chunks.iter().for_each(&mut on_chunk);
        }
        Ok(run.finish(&mut on_chunk))
    }

    /// Runs `request` as an iterator of chunks; the [`Generation`] is available from
    /// [`Stream::into_generation`] once the iterator is exhausted.
    pub fn stream<'s>(
        &'s mut self,
        request: &'s GenerateRequest,
    ) -> Result<Stream<'s>, ModelError> {
        Ok(Stream::new(Run::start(self, request)?))
    }

    pub(super) fn prompt_tokens(&self, prompt: &Prompt) -> Result<Vec<u32>, ModelError> {
        let tok = self.model.tokenizer();
        let mut tokens = match prompt {
            Prompt::Tokens(t) => return Ok(t.clone()),
            Prompt::Text(text) => tok.encode(text, true),
            Prompt::Chat(messages) => {
                tok.encode(&self.model.chat_template().render(messages, true)?, true)
            }
        };
        if tok.adds_bos()
            && let Some(bos) = tok.bos()
            && tokens.first() != Some(&bos)
        {
            tokens.insert(0, bos);
        }
        Ok(tokens)
    }

    /// Runs `tokens` after what the session holds and returns the logits of the last one
    /// (for scoring or classification without generating).
    pub fn eval(&mut self, tokens: &[u32]) -> Result<Vec<f32>, ModelError> {
        if tokens.is_empty() {
            return Err(ModelError::EmptyPrompt);
        }
        let vocab = self.model.inner.weights.vocab_rows();
        if let Some(&bad) = tokens.iter().find(|&&t| t as usize >= vocab) {
            return Err(ModelError::Tokenizer {
                reason: format!("token id {bad} is outside the vocabulary"),
            });
        }
        self.feed(tokens)
    }

    /// Forgets everything after the first `len` tokens of the cache.
    pub fn truncate(&mut self, len: usize) {
        self.cache.truncate(len);
        self.cached.truncate(len);
    }

    /// Runs `tokens` after the cache, keeping `cached` in step.
    pub(super) fn feed(&mut self, tokens: &[u32]) -> Result<Vec<f32>, ModelError> {
        let mut logits = Vec::new();
        self.feed_into(tokens, &mut logits)?;
        Ok(logits)
    }

    /// As [`Session::feed`], into a reused buffer (no allocation per decoded token).
    pub(super) fn feed_into(
        &mut self,
        tokens: &[u32],
        logits: &mut Vec<f32>,
    ) -> Result<(), ModelError> {
        self.model
            .inner
            .weights
            .forward(tokens, &mut self.cache, logits)?;
        self.cached.extend_from_slice(tokens);
        Ok(())
    }
}
