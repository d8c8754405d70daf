//! OpenAI Chat Completions (`POST {base}/chat/completions`), plain and streamed.

use std::io::BufReader;
use std::time::Instant;

use serde_json::{Value, json};

use super::{Endpoint, estimate_tokens, provider_common, read_json, sse};
use crate::router::backend::{BackendError, BackendOutput, ChatRequest};

/// An OpenAI-compatible endpoint (OpenAI itself, or any server speaking the same format).
#[derive(Debug, Clone)]
pub struct OpenAiProvider {
    ep: Endpoint,
}

impl OpenAiProvider {
    /// `model` at `base_url` (default `$OPENAI_BASE_URL`, else OpenAI's), key from `api_key` or
    /// `$OPENAI_API_KEY`.
    pub fn new(
        model: impl Into<String>,
        base_url: Option<String>,
        api_key: Option<String>,
    ) -> Self {
        Self {
            ep: Endpoint::new(
                "openai",
                "OPENAI",
                "https://api.openai.com/v1",
                model.into(),
                base_url,
                api_key,
            ),
        }
    }

    fn body(&self, request: &ChatRequest) -> Value {
        let mut body = json!({
            "model": self.ep.model,
            "messages": request.messages,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "stream": self.ep.stream,
        });
        if self.ep.stream {
            body["stream_options"] = json!({"include_usage": true});
        }
        if !request.stop.is_empty() {
            body["stop"] = json!(request.stop);
        }
        if let Some(schema) = &request.json_schema {
            body["response_format"] =
                json!({"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}});
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
        let auth = format!("Bearer {key}");
        let url = format!("{}/chat/completions", self.ep.base_url);
        let body = self.ep.http.post_json(
            &url,
            &[("authorization", &auth)],
            &self.body(request),
            deadline,
        )?;
        if !self.ep.stream {
            let v = read_json(body)?;
            let text = v
                .pointer("/choices/0/message/content")
                .and_then(Value::as_str)
                .ok_or_else(|| BackendError::Malformed {
                    reason: "no choices[0].message.content".into(),
                })?
                .to_owned();
            on_text(&text);
            let usage = |k: &str| v.pointer(&format!("/usage/{k}")).and_then(Value::as_u64);
            return Ok(BackendOutput {
                input_tokens: usage("prompt_tokens")
                    .unwrap_or_else(|| estimate_tokens(&prompt_text(request))),
                output_tokens: usage("completion_tokens").unwrap_or_else(|| estimate_tokens(&text)),
                text,
                speed: None,
            });
        }
        let mut text = String::new();
        let mut usage = (None, None);
        let mut done = false;
        sse::read_events(BufReader::new(body.into_reader()), |event| {
            if event.data.trim() == "[DONE]" {
                done = true;
                return Ok(false);
            }
            let v: Value =
                serde_json::from_str(&event.data).map_err(|e| BackendError::Malformed {
                    reason: format!("stream chunk: {e}"),
                })?;
            if let Some(err) = v.get("error") {
                return Err(BackendError::Malformed {
                    reason: format!("error in stream: {err}"),
                });
            }
            if let Some(piece) = v
                .pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
            {
                text.push_str(piece);
                on_text(piece);
            }
            if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
                usage = (u["prompt_tokens"].as_u64(), u["completion_tokens"].as_u64());
            }
            Ok(true)
        })?;
        if !done {
            return Err(BackendError::Connection {
                reason: "stream ended before [DONE]".into(),
            });
        }
        Ok(BackendOutput {
            input_tokens: usage
                .0
                .unwrap_or_else(|| estimate_tokens(&prompt_text(request))),
            output_tokens: usage.1.unwrap_or_else(|| estimate_tokens(&text)),
            text,
            speed: None,
        })
    }
}

pub(crate) fn prompt_text(request: &ChatRequest) -> String {
    request
        .messages
        .iter()
        .map(|m| m.content.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

provider_common!(OpenAiProvider);
