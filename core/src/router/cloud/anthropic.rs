//! Anthropic Messages (`POST {base}/v1/messages`), plain and streamed.

use std::io::BufReader;
use std::time::Instant;

use serde_json::{Value, json};

use super::openai::prompt_text;
use super::{Endpoint, estimate_tokens, provider_common, read_json, sse};
use crate::router::backend::{BackendError, BackendOutput, ChatRequest};
use crate::vocab::Role;

const API_VERSION: &str = "2023-06-01";

/// Anthropic's Messages API (or a server speaking it).
#[derive(Debug, Clone)]
pub struct AnthropicProvider {
    ep: Endpoint,
}

impl AnthropicProvider {
    /// `model` at `base_url` (default `$ANTHROPIC_BASE_URL`, else Anthropic's), key from
    /// `api_key` or `$ANTHROPIC_API_KEY`.
    pub fn new(
        model: impl Into<String>,
        base_url: Option<String>,
        api_key: Option<String>,
    ) -> Self {
        Self {
            ep: Endpoint::new(
                "anthropic",
                "ANTHROPIC",
                "https://api.anthropic.com",
                model.into(),
                base_url,
                api_key,
            ),
        }
    }

    fn body(&self, request: &ChatRequest) -> Value {
        let mut system: Vec<String> = request
            .messages
            .iter()
            .filter(|m| m.role == Role::System)
            .map(|m| m.content.clone())
            .collect();
        if let Some(schema) = &request.json_schema {
            // The Messages API has no schema-constrained mode: ask, and the router validates.
            system.push(format!("Reply with only a JSON document, no prose, valid against this JSON Schema: {schema}"));
        }
        let messages: Vec<&crate::vocab::Message> = request
            .messages
            .iter()
            .filter(|m| m.role != Role::System)
            .collect();
        let mut body = json!({
            "model": self.ep.model,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "messages": messages,
            "stream": self.ep.stream,
        });
        if !system.is_empty() {
            body["system"] = json!(system.join("\n\n"));
        }
        if !request.stop.is_empty() {
            body["stop_sequences"] = json!(request.stop);
        }
        body
    }

    fn call(
        &self,
        request: &ChatRequest,
        deadline: Instant,
        on_text: &mut dyn FnMut(&str),
    ) -> Result<BackendOutput, BackendError> {
        let key = self.ep.key()?;
        let url = format!("{}/v1/messages", self.ep.base_url);
        let headers = [("x-api-key", key), ("anthropic-version", API_VERSION)];
        let body = self
            .ep
            .http
            .post_json(&url, &headers, &self.body(request), deadline)?;
        if !self.ep.stream {
            let v = read_json(body)?;
            let blocks = v.get("content").and_then(Value::as_array).ok_or_else(|| {
                BackendError::Malformed {
                    reason: "no content array".into(),
                }
            })?;
            let text: String = blocks
                .iter()
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .collect();
            on_text(&text);
            let usage = |k: &str| v.pointer(&format!("/usage/{k}")).and_then(Value::as_u64);
            return Ok(BackendOutput {
                input_tokens: usage("input_tokens")
                    .unwrap_or_else(|| estimate_tokens(&prompt_text(request))),
                output_tokens: usage("output_tokens").unwrap_or_else(|| estimate_tokens(&text)),
                text,
                speed: None,
            });
        }
        let mut text = String::new();
        let (mut input, mut output) = (None, None);
        let mut stopped = false;
        sse::read_events(BufReader::new(body.into_reader()), |event| {
            let v: Value =
                serde_json::from_str(&event.data).map_err(|e| BackendError::Malformed {
                    reason: format!("stream event: {e}"),
                })?;
            let kind = v.get("type").and_then(Value::as_str).unwrap_or(&event.name);
            match kind {
                "message_start" => {
                    input = v
                        .pointer("/message/usage/input_tokens")
                        .and_then(Value::as_u64)
                }
                "content_block_delta" => {
                    if let Some(piece) = v.pointer("/delta/text").and_then(Value::as_str) {
                        text.push_str(piece);
                        on_text(piece);
                    }
                }
                "message_delta" => {
                    output = v
                        .pointer("/usage/output_tokens")
                        .and_then(Value::as_u64)
                        .or(output)
                }
                "message_stop" => {
                    stopped = true;
                    return Ok(false);
                }
                "error" => {
                    let kind = v
                        .pointer("/error/type")
                        .and_then(Value::as_str)
                        .unwrap_or("error");
                    return Err(
                        if kind == "overloaded_error" || kind == "rate_limit_error" {
                            BackendError::RateLimited { retry_after: None }
                        } else {
                            BackendError::Malformed {
                                reason: format!("error event: {v}"),
                            }
                        },
                    );
                }
                _ => {}
            }
            Ok(true)
        })?;
        if !stopped {
            return Err(BackendError::Connection {
                reason: "stream ended before message_stop".into(),
            });
        }
        Ok(BackendOutput {
            input_tokens: input.unwrap_or_else(|| estimate_tokens(&prompt_text(request))),
            output_tokens: output.unwrap_or_else(|| estimate_tokens(&text)),
            text,
            speed: None,
        })
    }
}

provider_common!(AnthropicProvider);
