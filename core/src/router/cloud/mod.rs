//! Cloud providers over HTTP: OpenAI Chat Completions and Anthropic Messages, plain and
//! streamed (server-sent events), with timeouts and retries that honour `Retry-After`.

mod anthropic;
mod openai;
mod sse;

use std::io::Read;
use std::time::{Duration, Instant};

pub use anthropic::AnthropicProvider;
pub use openai::OpenAiProvider;

use super::backend::BackendError;

/// How failed calls are retried: exponential backoff with full jitter, at most `max_attempts`
/// tries, never past the request's deadline; `Retry-After` wins over the computed delay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all (1 = no retry).
    pub max_attempts: u32,
    /// Delay before the first retry (doubled each time, then jittered).
    pub base_delay: Duration,
    /// Longest delay between tries.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// Delay before retry number `retry` (1-based), with full jitter from `seed`.
    fn delay(&self, retry: u32, seed: u64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1 << retry.saturating_sub(1).min(16))
            .min(self.max_delay);
        // Full jitter: uniform in [exp/2, exp], so retries from many clients spread out.
        let frac = 0.5 + (splitmix(seed) >> 11) as f64 / (1u64 << 53) as f64 / 2.0;
        exp.mul_f64(frac)
    }

    /// Calls `attempt` until it succeeds, fails for good, or time runs out.
    pub(crate) fn run<T>(
        &self,
        deadline: Instant,
        mut attempt: impl FnMut() -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(7, |d| d.as_nanos() as u64);
        let mut tries = 0;
        loop {
            tries += 1;
            let err = match attempt() {
                Ok(v) => return Ok(v),
                Err(e) if !e.is_transient() || tries >= self.max_attempts => return Err(e),
                Err(e) => e,
            };
            let wait = match &err {
                BackendError::RateLimited {
                    retry_after: Some(d),
                } => *d,
                _ => self.delay(tries, seed.wrapping_add(u64::from(tries))),
            };
            let left = deadline.saturating_duration_since(Instant::now());
            if wait >= left {
                return Err(err);
            }
            tracing::debug!(%err, ?wait, tries, "retrying");
            std::thread::sleep(wait);
        }
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What both providers hold: where to call, with which key, streamed or not, how to retry.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub(crate) name: String,
    pub(crate) model: String,
    pub(crate) base_url: String,
    pub(crate) api_key: Option<String>,
    /// The variable the key is read from, for the error when it is missing.
    key_var: String,
    pub(crate) stream: bool,
    pub(crate) retry: RetryPolicy,
    pub(crate) http: Http,
}

impl Endpoint {
    /// `provider:model` at `base_url`, else `$<PREFIX>_BASE_URL`, else `default_base`; the key
    /// from `api_key`, else `$<PREFIX>_API_KEY`.
    pub(crate) fn new(
        provider: &str,
        env_prefix: &str,
        default_base: &str,
        model: String,
        base_url: Option<String>,
        api_key: Option<String>,
    ) -> Self {
        let base_url = base_url
            .or_else(|| std::env::var(format!("{env_prefix}_BASE_URL")).ok())
            .unwrap_or_else(|| default_base.to_owned());
        Self {
            name: format!("{provider}:{model}"),
            model,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: key_from_env(api_key, &format!("{env_prefix}_API_KEY")),
            key_var: format!("{env_prefix}_API_KEY"),
            stream: true,
            retry: RetryPolicy::default(),
            http: Http::new(),
        }
    }
}

impl Endpoint {
    /// The API key, or why there is none.
    pub(crate) fn key(&self) -> Result<&str, BackendError> {
        self.api_key
            .as_deref()
            .ok_or_else(|| BackendError::NotConfigured {
                reason: format!("no API key for {} (set {})", self.name, self.key_var),
            })
    }
}

/// The builder methods and the [`Backend`] impl both providers share.
macro_rules! provider_common {
    ($ty:ty) => {
        impl $ty {
            /// Streams (server-sent events, the default) or waits for the whole answer.
            pub fn streaming(mut self, stream: bool) -> Self {
                self.ep.stream = stream;
                self
            }

            /// Sets the retry policy.
            pub fn retry(mut self, retry: $crate::router::cloud::RetryPolicy) -> Self {
                self.ep.retry = retry;
                self
            }
        }

        impl $crate::router::backend::Backend for $ty {
            fn name(&self) -> &str {
                &self.ep.name
            }

            fn model(&self) -> &str {
                &self.ep.model
            }

            fn is_local(&self) -> bool {
                false
            }

            fn generate(
                &self,
                request: &$crate::router::backend::ChatRequest,
                deadline: std::time::Instant,
                on_text: &mut dyn FnMut(&str),
            ) -> Result<$crate::router::backend::BackendOutput, $crate::router::backend::BackendError> {
                self.ep.retry.run(deadline, || self.call(request, deadline, on_text))
            }
        }
    };
}
pub(crate) use provider_common;

/// A blocking HTTP client bound to one request's deadline.
#[derive(Debug, Clone)]
pub(crate) struct Http {
    agent: ureq::Agent,
}

impl Http {
    pub(crate) fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .build();
        Self {
            agent: config.into(),
        }
    }

    /// POSTs `body` as JSON; non-2xx statuses become [`BackendError`]s; the body is returned for
    /// reading (streamed or whole) within `deadline`.
    pub(crate) fn post_json(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &serde_json::Value,
        deadline: Instant,
    ) -> Result<ureq::Body, BackendError> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(BackendError::Timeout {
                elapsed: Duration::ZERO,
            });
        }
        let mut req = self
            .agent
            .post(url)
            .config()
            .timeout_global(Some(left))
            .build();
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let bytes = serde_json::to_vec(body).map_err(|e| BackendError::Malformed {
            reason: e.to_string(),
        })?;
        let response = req
            .content_type("application/json")
            .send(&bytes[..])
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(response.into_body());
        }
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_secs_f64(s.min(3600.0)));
        let mut text = String::new();
        let _ = response
            .into_body()
            .into_reader()
            .take(2048)
            .read_to_string(&mut text);
        if status == 429 {
            return Err(BackendError::RateLimited { retry_after });
        }
        Err(BackendError::Http { status, body: text })
    }
}

pub(crate) fn transport_error(e: ureq::Error) -> BackendError {
    match e {
        ureq::Error::Timeout(_) => BackendError::Timeout {
            elapsed: Duration::ZERO,
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => BackendError::Timeout {
            elapsed: Duration::ZERO,
        },
        other => BackendError::Connection {
            reason: other.to_string(),
        },
    }
}

/// Reads a whole body as JSON.
pub(crate) fn read_json(body: ureq::Body) -> Result<serde_json::Value, BackendError> {
    let mut text = String::new();
    body.into_reader()
        .take(64 << 20)
        .read_to_string(&mut text)
        .map_err(|e| io_error(&e))?;
    serde_json::from_str(&text).map_err(|e| BackendError::Malformed {
        reason: format!("{e} in {}", clip(&text)),
    })
}

pub(crate) fn io_error(e: &std::io::Error) -> BackendError {
    if e.kind() == std::io::ErrorKind::TimedOut || e.to_string().contains("timeout") {
        BackendError::Timeout {
            elapsed: Duration::ZERO,
        }
    } else {
        BackendError::Connection {
            reason: e.to_string(),
        }
    }
}

fn clip(text: &str) -> String {
    text.chars().take(200).collect()
}

/// `chars / 4`, for providers that report no usage.
pub(crate) fn estimate_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}

/// A key from the configuration, else from the conventional variable.
pub(crate) fn key_from_env(explicit: Option<String>, var: &str) -> Option<String> {
    explicit
        .or_else(|| std::env::var(var).ok())
        .filter(|k| !k.trim().is_empty())
}
