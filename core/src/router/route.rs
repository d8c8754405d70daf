//! One request through the router: order backends, try them, validate, account.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::backend::{BackendOutput, ChatRequest};
use super::budget::{self, OnLimit};
use super::ledger::{CallRecord, now_ms};
use super::policy::difficulty;
use super::{
    Attempt, Entry, Policy, Reservation, RouteRequest, RouteResponse, Router, RouterBuilder,
    RouterError, RouterEvent,
};
use crate::vocab::Message;

/// What one successful attempt produced, before accounting.
struct Served {
    output: BackendOutput,
    json: Option<serde_json::Value>,
}

impl Router {
    /// Starts building a router.
    pub fn builder() -> RouterBuilder {
        RouterBuilder::default()
    }

    /// The policy a request gets (the router's `local_only` wins over everything).
    pub fn effective_policy(&self, request: &RouteRequest) -> Policy {
        if self.local_only {
            Policy::LocalOnly
        } else {
            request.policy.unwrap_or(self.policy)
        }
    }

    /// Share of successful calls this router served locally since it was built.
    pub fn local_share(&self) -> f64 {
        let served = self.served.load(Ordering::Relaxed);
        if served == 0 {
            0.0
        } else {
            self.served_locally.load(Ordering::Relaxed) as f64 / served as f64
        }
    }

    /// Answers `request`.
    pub fn generate(&self, request: &RouteRequest) -> Result<super::RouteResponse, RouterError> {
        self.generate_streaming(request, |_| {})
    }

    /// Answers `request`, passing streamed text and fallbacks to `on_event` as they happen.
    pub fn generate_streaming(
        &self,
        request: &RouteRequest,
        mut on_event: impl FnMut(&RouterEvent),
    ) -> Result<RouteResponse, RouterError> {
        let started = Instant::now();
        let deadline = started + request.timeout.unwrap_or(self.timeout);
        let policy = self.effective_policy(request);
        let validator =
            match &request.chat.json_schema {
                Some(schema) => Some(jsonschema::validator_for(schema).map_err(|e| {
                    RouterError::InvalidSchema {
                        reason: e.to_string(),
                    }
                })?),
                None => None,
            };
        let order = self.order(request, policy);
        if order.is_empty() {
            return Err(RouterError::NoBackend { policy });
        }
        let scopes = budget::scopes(request.user.as_deref(), request.workflow.as_deref());
        let mut attempts = Vec::new();
        let mut records = Vec::new();
        let mut redacted_secrets = 0;
        let mut cloud_blocked = false;
        let mut served = None;
        for (i, entry) in order.iter().enumerate() {
            let entry = *entry;
            let backend = &entry.backend;
            let local = backend.is_local();
            // A local attempt leaves time for a cloud fallback after it.
            let cloud_later = order[i + 1..].iter().any(|e| !e.backend.is_local());
            let attempt_deadline = if local && cloud_later {
                let left = deadline.saturating_duration_since(Instant::now());
                deadline.min(Instant::now() + self.local_timeout.unwrap_or(left / 2))
            } else {
                deadline
            };
            if !local && cloud_blocked {
                attempts.push(skipped(backend.name(), "budget"));
                continue;
            }
            if !entry.breaker.allow() {
                attempts.push(skipped(backend.name(), "circuit_open"));
                continue;
            }
            // Secrets never leave the machine.
            let chat = if local {
                request.chat.clone()
            } else {
                let (chat, n) = redact(&request.chat);
                redacted_secrets = redacted_secrets.max(n);
                chat
            };
            let reserved = match self.reserve(&scopes, &chat, backend.model(), local)? {
                Reservation::Held(ids) => ids,
                Reservation::Over {
                    budget,
                    committed_nanos,
                } => {
                    if budget.on_limit == OnLimit::Refuse {
                        self.release_and_record(&[], &records, &scopes)?;
                        return Err(RouterError::BudgetExceeded {
                            scope: budget.scope,
                            spent_usd: super::prices::usd(committed_nanos),
                            limit_usd: super::prices::usd(budget.limit_nanos),
                            period: budget.period.as_str(),
                        });
                    }
                    cloud_blocked = true;
                    attempts.push(skipped(backend.name(), "budget"));
                    continue;
                }
            };
            let attempt_index = attempts.len();
            let t0 = Instant::now();
            let result = backend.generate(&chat, attempt_deadline, &mut |text| {
                on_event(&RouterEvent::Text {
                    attempt: attempt_index,
                    text: text.to_owned(),
                });
            });
            let latency = t0.elapsed();
            let (label, detail) = match result {
                Err(e) => {
                    if e.trips_breaker(local) {
                        entry.breaker.failure();
                    }
                    let nothing = BackendOutput {
                        text: String::new(),
                        input_tokens: 0,
                        output_tokens: 0,
                        speed: None,
                    };
                    records.push(self.record(request, entry, &nothing, latency, e.label()));
                    (e.label().to_owned(), e.to_string())
                }
                Ok(output) => match check(&output.text, validator.as_ref(), request) {
                    Ok(json) => {
                        entry.breaker.success();
                        records.push(self.record(request, entry, &output, latency, "ok"));
                        attempts.push(Attempt {
                            backend: backend.name().to_owned(),
                            outcome: "ok".into(),
                            detail: None,
                            latency_ms: ms(latency),
                        });
                        served = Some((entry, Served { output, json }, reserved));
                        break;
                    }
                    Err(reason) => {
                        // The backend worked (no breaker trip) and its tokens were spent.
                        records.push(self.record(
                            request,
                            entry,
                            &output,
                            latency,
                            "invalid_output",
                        ));
                        ("invalid_output".to_owned(), reason)
                    }
                },
            };
            ::metrics::counter!("conclave_router_fallbacks_total", "reason" => label.clone())
                .increment(1);
            let event = RouterEvent::Fallback {
                from: backend.name().to_owned(),
                reason: label.clone(),
            };
            self.notify(&event);
            on_event(&event);
            attempts.push(Attempt {
                backend: backend.name().to_owned(),
                outcome: label,
                detail: Some(detail),
                latency_ms: ms(latency),
            });
            self.release_and_record(&reserved, &[], &scopes)?;
        }
        records.iter().for_each(observe_metrics);
        let Some((entry, s, reserved)) = served else {
            self.release_and_record(&[], &records, &scopes)?;
            return Err(RouterError::AllFailed { attempts });
        };
        let cost_nanos: i64 = records.iter().map(|r| r.cost_nanos).sum();
        let reference = records.last().map_or(0, |r| r.reference_nanos);
        let budget_events = self.release_and_record(&reserved, &records, &scopes)?;
        for e in &budget_events {
            let event = RouterEvent::Budget(e.clone());
            self.notify(&event);
            on_event(&event);
        }
        let local = entry.backend.is_local();
        self.served.fetch_add(1, Ordering::Relaxed);
        if local {
            self.served_locally.fetch_add(1, Ordering::Relaxed);
        }
        ::metrics::gauge!("conclave_router_local_share_ratio").set(self.local_share());
        Ok(RouteResponse {
            text: s.output.text,
            json: s.json,
            backend: entry.backend.name().to_owned(),
            model: entry.backend.model().to_owned(),
            local,
            input_tokens: s.output.input_tokens,
            output_tokens: s.output.output_tokens,
            cost_usd: super::prices::usd(cost_nanos),
            cloud_equivalent_usd: super::prices::usd(reference),
            attempts,
            redacted_secrets,
            budget_events,
            latency_ms: ms(started.elapsed()),
            speed: s.output.speed,
        })
    }

    /// Backends in trial order for `policy`.
    fn order(&self, request: &RouteRequest, policy: Policy) -> Vec<&Entry> {
        let (mut local, mut cloud): (Vec<&Entry>, Vec<&Entry>) =
            self.entries.iter().partition(|e| e.backend.is_local());
        // Cheapest cloud model first.
        cloud.sort_by_key(|e| self.prices.cloud_cost(e.backend.model(), 1000, 1000));
        let cloud_first = match policy {
            Policy::LocalOnly => return local,
            Policy::LocalFirst => false,
            Policy::CloudFirst => true,
            Policy::CostAware => {
                let learned = request
                    .task
                    .as_deref()
                    .and_then(|t| self.task_reliability.get(t));
                match learned {
                    Some(r) if *r < 0.5 => true,
                    Some(r) if *r >= 0.9 => false,
                    _ => difficulty(&request.chat, request.task.as_deref()) >= self.hard_threshold,
                }
            }
        };
        if cloud_first {
            cloud.append(&mut local);
            cloud
        } else {
            local.append(&mut cloud);
            local
        }
    }

    /// Reserves a call's worst-case cost: prompt bytes bound its tokens (every token is at
    /// least one byte) and `max_tokens` bounds the reply.
    fn reserve(
        &self,
        scopes: &[String],
        chat: &ChatRequest,
        model: &str,
        local: bool,
    ) -> Result<Reservation, RouterError> {
        let Some(ledger) = &self.ledger else {
            return Ok(Reservation::Held(Vec::new()));
        };
        let estimate = if local {
            // A generous 20 ms per token of local compute.
            self.prices.local_cost(Duration::from_millis(
                20 * (chat.max_tokens as u64 + chat.text_len() as u64 / 4),
            ))
        } else {
            let input = chat.text_len() as u64 + 8 * chat.messages.len() as u64 + 16;
            self.prices.cloud_cost(model, input, chat.max_tokens as u64)
        };
        Ok(budget::reserve(ledger, scopes, estimate)?)
    }

    fn release_and_record(
        &self,
        reserved: &[i64],
        records: &[CallRecord],
        scopes: &[String],
    ) -> Result<Vec<super::BudgetEvent>, RouterError> {
        match &self.ledger {
            Some(ledger) if !reserved.is_empty() || !records.is_empty() => {
                Ok(budget::settle(ledger, reserved, records, scopes)?)
            }
            _ => Ok(Vec::new()),
        }
    }

    fn record(
        &self,
        request: &RouteRequest,
        entry: &Entry,
        out: &BackendOutput,
        latency: Duration,
        outcome: &str,
    ) -> CallRecord {
        let b = &entry.backend;
        let cost_nanos = if b.is_local() {
            self.prices.local_cost(latency)
        } else {
            self.prices
                .cloud_cost(b.model(), out.input_tokens, out.output_tokens)
        };
        CallRecord {
            ts_ms: now_ms(),
            backend: b.name().to_owned(),
            model: b.model().to_owned(),
            local: b.is_local(),
            user: request.user.clone(),
            workflow: request.workflow.clone(),
            task: request.task.clone(),
            input_tokens: out.input_tokens,
            output_tokens: out.output_tokens,
            latency_ms: ms(latency),
            outcome: outcome.to_owned(),
            cost_nanos,
            reference_nanos: if outcome == "ok" {
                self.prices
                    .reference_cost(out.input_tokens, out.output_tokens)
            } else {
                0
            },
        }
    }

    fn notify(&self, event: &RouterEvent) {
        for o in &self.observers {
            o(event);
        }
    }
}

fn skipped(backend: &str, reason: &str) -> Attempt {
    Attempt {
        backend: backend.to_owned(),
        outcome: reason.to_owned(),
        detail: None,
        latency_ms: 0,
    }
}

fn ms(d: Duration) -> u64 {
    d.as_millis() as u64
}

/// Validates a reply: JSON against the schema (after removing a Markdown fence cloud models
/// like to add), then the caller's validator.
fn check(
    text: &str,
    schema: Option<&jsonschema::Validator>,
    request: &RouteRequest,
) -> Result<Option<serde_json::Value>, String> {
    let json = match schema {
        Some(validator) => {
            let body = strip_fence(text);
            let value: serde_json::Value =
                serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
            if let Some(err) = validator.iter_errors(&value).next() {
                return Err(format!("schema: {err}"));
            }
            Some(value)
        }
        None => None,
    };
    if let Some(v) = &request.validator {
        v(text)?;
    }
    Ok(json)
}

fn strip_fence(text: &str) -> &str {
    let t = text.trim();
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    rest.strip_suffix("```").unwrap_or(rest).trim()
}

fn redact(chat: &ChatRequest) -> (ChatRequest, usize) {
    let mut count = 0;
    let messages = chat
        .messages
        .iter()
        .map(|m| {
            let (content, found) = crate::secrets::redact(&m.content);
            count += found.len();
            Message {
                role: m.role,
                content,
            }
        })
        .collect();
    (
        ChatRequest {
            messages,
            ..chat.clone()
        },
        count,
    )
}

fn observe_metrics(r: &CallRecord) {
    let backend = r.backend.clone();
    ::metrics::counter!("conclave_router_calls_total", "backend" => backend.clone(), "outcome" => r.outcome.clone()).increment(1);
    ::metrics::histogram!("conclave_router_latency_seconds", "backend" => backend.clone())
        .record(r.latency_ms as f64 / 1000.0);
    ::metrics::counter!("conclave_router_tokens_total", "backend" => backend.clone(), "direction" => "input").increment(r.input_tokens);
    ::metrics::counter!("conclave_router_tokens_total", "backend" => backend, "direction" => "output").increment(r.output_tokens);
    ::metrics::counter!("conclave_router_cost_nanodollars_total")
        .increment(r.cost_nanos.max(0) as u64);
    ::metrics::counter!("conclave_router_savings_nanodollars_total")
        .increment((r.reference_nanos - r.cost_nanos).max(0) as u64);
}
