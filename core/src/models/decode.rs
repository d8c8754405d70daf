//! The decode loop of one generation: prompt in chunks, then token after token through the
//! grammar mask, sampler, stop sequences and think splitter.

use std::time::Instant;

use super::ModelError;
use super::generate::{
    CancelToken, Chunk, FinishReason, GenerateRequest, Generation, Prompt, Session, Timings,
};
use super::json_grammar::{JsonGrammar, JsonState};
use super::sampling::Sampler;
use super::think::{Part, ThinkSplitter, partial_suffix};
use super::tokenizer::StreamDecoder;

/// Prompt tokens run through the model per forward pass.
const PREFILL_CHUNK: usize = 512;

/// An iterator over the chunks of one generation.
#[derive(Debug)]
pub struct Stream<'s> {
    run: Option<Run<'s>>,
    queue: Vec<Chunk>,
    result: Option<Generation>,
}

impl<'s> Stream<'s> {
    pub(super) fn new(run: Run<'s>) -> Self {
        Self {
            run: Some(run),
            queue: Vec::new(),
            result: None,
        }
    }

    /// The finished generation (None until the iterator has returned `None`).
    pub fn into_generation(self) -> Option<Generation> {
        self.result
    }
}

impl Iterator for Stream<'_> {
    type Item = Result<Chunk, ModelError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if !self.queue.is_empty() {
                return Some(Ok(self.queue.remove(0)));
            }
            let run = self.run.as_mut()?;
            match run.step() {
                Ok(Some(chunks)) => self.queue = chunks,
                Ok(None) => {
                    let run = self.run.take()?;
                    let mut tail = Vec::new();
                    self.result = Some(run.finish(&mut |c: &Chunk| tail.push(c.clone())));
                    self.queue = tail;
                    if self.queue.is_empty() {
                        return None;
                    }
                }
                Err(e) => {
                    self.run = None;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// One generation in progress.
#[derive(Debug)]
pub(super) struct Run<'s> {
    session: &'s mut Session,
    request: &'s GenerateRequest,
    sampler: Sampler,
    grammar: Option<JsonState>,
    logits: Vec<f32>,
    allowed: Vec<u32>,
    generated: Vec<u32>,
    decoder: StreamDecoder,
    /// Decoded text not yet released because it may start a stop sequence.
    held: String,
    splitter: ThinkSplitter,
    answer: String,
    reasoning: String,
    finish: Option<FinishReason>,
    prompt_tokens: usize,
    cached_prompt_tokens: usize,
    timings: Timings,
    decode_started: Instant,
}

impl<'s> Run<'s> {
    pub(super) fn start(
        session: &'s mut Session,
        request: &'s GenerateRequest,
    ) -> Result<Self, ModelError> {
        let grammar = match &request.json_schema {
            Some(schema) => Some(JsonState::new(&JsonGrammar::compile(schema)?)),
            None => None,
        };
        let prompt = session.prompt_tokens(&request.prompt)?;
        let context = session.model.config().context_length;
        if prompt.is_empty() {
            return Err(ModelError::EmptyPrompt);
        }
        if prompt.len() >= context {
            return Err(ModelError::ContextOverflow {
                tokens: prompt.len(),
                context,
            });
        }
        if let Some(&bad) = prompt
            .iter()
            .find(|&&t| t as usize >= session.model.inner.weights.vocab_rows())
        {
            return Err(ModelError::Tokenizer {
                reason: format!("token id {bad} is outside the vocabulary"),
            });
        }
        // Reuse the longest cached prefix; at least one token must run to give logits.
        let mut common = session
            .cached
            .iter()
            .zip(&prompt)
            .take_while(|(a, b)| a == b)
            .count();
        common = common.min(prompt.len() - 1);
        session.cache.truncate(common);
        session.cached.truncate(common);
        let started = Instant::now();
        // The prompt runs in chunks: memory for the attention mask stays bounded, and a deadline
        // or cancellation is noticed during a long prompt, not only after it.
        let mut logits = Vec::new();
        let mut interrupted = None;
        for chunk in prompt[common..].chunks(PREFILL_CHUNK) {
            if request
                .cancel
                .as_ref()
                .is_some_and(CancelToken::is_cancelled)
            {
                interrupted = Some(FinishReason::Cancelled);
                break;
            }
            if request.deadline.is_some_and(|d| Instant::now() >= d) {
                interrupted = Some(FinishReason::Timeout);
                break;
            }
            session.feed_into(chunk, &mut logits)?;
        }
        let timings = Timings {
            prompt_eval_tokens: session.cached.len() - common,
            prompt_s: started.elapsed().as_secs_f64(),
            ..Default::default()
        };
        let rendered_opens_think = matches!(&request.prompt, Prompt::Chat(_))
            && session
                .model
                .tokenizer()
                .decode(&prompt[prompt.len().saturating_sub(4)..])
                .trim_end()
                .ends_with("<think>");
        Ok(Self {
            sampler: Sampler::new(request.sampling.clone()),
            grammar,
            logits,
            allowed: Vec::new(),
            generated: Vec::new(),
            decoder: StreamDecoder::default(),
            held: String::new(),
            splitter: ThinkSplitter::new(rendered_opens_think),
            answer: String::new(),
            reasoning: String::new(),
            finish: interrupted,
            prompt_tokens: prompt.len(),
            cached_prompt_tokens: common,
            timings,
            decode_started: Instant::now(),
            session,
            request,
        })
    }

    /// Produces the next token; `None` when generation has ended.
    pub(super) fn step(&mut self) -> Result<Option<Vec<Chunk>>, ModelError> {
        if self.finish.is_some() {
            return Ok(None);
        }
        if self
            .request
            .cancel
            .as_ref()
            .is_some_and(CancelToken::is_cancelled)
        {
            return Ok(self.end(FinishReason::Cancelled));
        }
        if self.request.deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(self.end(FinishReason::Timeout));
        }
        if self.generated.len() >= self.request.max_tokens
            || self.session.cached.len() >= self.session.model.config().context_length
        {
            return Ok(self.end(FinishReason::Length));
        }
        let model = self.session.model.clone();
        let stop_tokens = &model.inner.stop_tokens;
        let allowed = match &self.grammar {
            Some(state) => {
                self.allowed.clear();
                model.trie().allowed(state, &mut self.allowed);
                if state.is_complete() {
                    if self.allowed.is_empty() {
                        return Ok(self.end(FinishReason::JsonComplete));
                    }
                    self.allowed.extend_from_slice(stop_tokens);
                }
                Some(self.allowed.as_slice())
            }
            None => None,
        };
        if self.request.ignore_eos {
            for &t in stop_tokens {
                if let Some(l) = self.logits.get_mut(t as usize) {
                    *l = f32::NEG_INFINITY;
                }
            }
        }
        let recent = &self.session.cached;
        let Some(token) = self.sampler.sample(&mut self.logits, allowed, recent) else {
            // Only reachable if the grammar had no continuation, which it guarantees against.
            return Ok(self.end(FinishReason::JsonComplete));
        };
        if stop_tokens.contains(&token) {
            return Ok(self.end(FinishReason::Stop));
        }
        self.generated.push(token);
        if let Some(state) = &mut self.grammar {
            let accepted = state.advance_all(&model.tokenizer().token_bytes(token, false));
            debug_assert!(accepted, "the mask only offers accepted tokens");
        }
        let text = self.decoder.push(model.tokenizer(), token);
        let mut chunks = self.release(&text);
        // The last token needs no forward pass: nothing will be sampled after it.
        if self.finish.is_none() && self.generated.len() < self.request.max_tokens {
            self.session.feed_into(&[token], &mut self.logits)?;
            self.timings.decode_eval_tokens += 1;
        }
        self.timings.decode_s = self.decode_started.elapsed().as_secs_f64();
        if self.finish.is_some() {
            chunks.extend(self.flush());
        }
        Ok(Some(chunks))
    }

    /// Passes new text through the stop-sequence check and the think splitter.
    fn release(&mut self, text: &str) -> Vec<Chunk> {
        self.held.push_str(text);
        let stops = &self.request.stop;
        let cut = stops
            .iter()
            .filter(|s| !s.is_empty())
            .filter_map(|s| self.held.find(s.as_str()))
            .min();
        let ready = match cut {
            Some(at) => {
                self.finish = Some(FinishReason::StopSequence);
                let ready = self.held[..at].to_owned();
                self.held.clear();
                ready
            }
            None => {
                let keep = stops
                    .iter()
                    .map(|s| partial_suffix(&self.held, s))
                    .max()
                    .unwrap_or(0);
                self.held.drain(..self.held.len() - keep).collect()
            }
        };
        let mut parts = Vec::new();
        self.splitter.push(&ready, &mut parts);
        self.record(parts)
    }

    fn record(&mut self, parts: Vec<(Part, String)>) -> Vec<Chunk> {
        parts
            .into_iter()
            .map(|(kind, text)| {
                match kind {
                    Part::Answer => self.answer.push_str(&text),
                    Part::Reasoning => self.reasoning.push_str(&text),
                }
                Chunk { kind, text }
            })
            .collect()
    }

    fn end(&mut self, reason: FinishReason) -> Option<Vec<Chunk>> {
        self.finish = Some(reason);
        Some(self.flush())
    }

    /// Releases everything held back once the end is known.
    fn flush(&mut self) -> Vec<Chunk> {
        let mut tail = self.decoder.finish();
        if self.finish != Some(FinishReason::StopSequence) {
            tail.insert_str(0, &std::mem::take(&mut self.held));
        }
        let mut parts = Vec::new();
        self.splitter.push(&tail, &mut parts);
        self.splitter.finish(&mut parts);
        self.record(parts)
    }

    pub(super) fn finish(mut self, on_chunk: &mut impl FnMut(&Chunk)) -> Generation {
        let mut forced = false;
        if let Some(state) = &self.grammar
            && !state.is_complete()
        {
            let completion = String::from_utf8_lossy(&state.completion()).into_owned();
            forced = true;
            let chunk = Chunk {
                kind: Part::Answer,
                text: completion,
            };
            self.answer.push_str(&chunk.text);
            on_chunk(&chunk);
        }
        let json = self
            .grammar
            .as_ref()
            .and_then(|_| serde_json::from_str(&self.answer).ok());
        Generation {
            text: self.answer,
            reasoning: (!self.reasoning.is_empty()).then_some(self.reasoning),
            json,
            json_forced_completion: forced,
            finish_reason: self.finish.unwrap_or(FinishReason::Length),
            prompt_tokens: self.prompt_tokens,
            cached_prompt_tokens: self.cached_prompt_tokens,
            completion_tokens: self.generated.len(),
            tokens: self.generated,
            timings: self.timings,
        }
    }
}
