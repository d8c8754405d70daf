//! The OpenAI and Anthropic clients against real HTTP servers on loopback speaking their wire
//! formats, plain and streamed, with injected faults.

mod support;

use std::time::{Duration, Instant};

use conclave::router::{
    AnthropicProvider, Backend, BackendError, ChatRequest, OpenAiProvider, RetryPolicy,
};
use conclave::vocab::Message;
use support::fake_cloud::{FakeCloud, Flavour, Reply};

fn openai(server: &FakeCloud, stream: bool) -> OpenAiProvider {
    OpenAiProvider::new(
        "gpt-4o-mini",
        Some(server.base_url.clone()),
        Some("sk-test-key".into()),
    )
    .streaming(stream)
    .retry(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
    })
}

fn anthropic(server: &FakeCloud, stream: bool) -> AnthropicProvider {
    AnthropicProvider::new(
        "claude-3-5-haiku",
        Some(server.base_url.clone()),
        Some("ant-test-key".into()),
    )
    .streaming(stream)
    .retry(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
    })
}

fn soon() -> Instant {
    Instant::now() + Duration::from_secs(10)
}

fn request() -> ChatRequest {
    let mut r = ChatRequest::new(vec![
        Message::system("Be brief."),
        Message::user("Capital of France?"),
    ]);
    r.max_tokens = 20;
    r
}

#[test]
fn both_providers_plain_and_streamed_return_text_and_usage() {
    for flavour in [Flavour::OpenAi, Flavour::Anthropic] {
        for stream in [false, true] {
            let reply = if stream {
                Reply::Stream("Paris is the capital.", 12, 6)
            } else {
                Reply::Text("Paris is the capital.", 12, 6)
            };
            let server = FakeCloud::start(flavour, vec![reply]);
            let backend: Box<dyn Backend> = if flavour == Flavour::OpenAi {
                Box::new(openai(&server, stream))
            } else {
                Box::new(anthropic(&server, stream))
            };
            let mut streamed = Vec::new();
            let out = backend
                .generate(&request(), soon(), &mut |t| streamed.push(t.to_owned()))
                .unwrap();
            assert_eq!(
                out.text, "Paris is the capital.",
                "{flavour:?} stream={stream}"
            );
            assert_eq!((out.input_tokens, out.output_tokens), (12, 6));
            assert_eq!(streamed.concat(), out.text);
            if stream {
                assert!(streamed.len() > 2, "streamed in pieces: {streamed:?}");
            }
            let got = server.received.lock().unwrap()[0].clone();
            let header = |k: &str| {
                got.headers
                    .iter()
                    .find(|(h, _)| h == k)
                    .map(|(_, v)| v.clone())
            };
            match flavour {
                Flavour::OpenAi => {
                    assert_eq!(got.path, "/v1/chat/completions");
                    assert_eq!(
                        header("authorization").as_deref(),
                        Some("Bearer sk-test-key")
                    );
                    assert_eq!(got.body["messages"][0]["role"], "system");
                    assert_eq!(got.body["stream"], stream);
                }
                Flavour::Anthropic => {
                    assert_eq!(got.path, "/v1/messages");
                    assert_eq!(header("x-api-key").as_deref(), Some("ant-test-key"));
                    assert_eq!(header("anthropic-version").as_deref(), Some("2023-06-01"));
                    assert_eq!(got.body["system"], "Be brief.");
                    assert_eq!(got.body["messages"].as_array().unwrap().len(), 1);
                }
            }
            assert_eq!(got.body["max_tokens"], 20);
        }
    }
}

#[test]
fn server_errors_are_retried_with_backoff_and_retry_after_is_honoured() {
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![
            Reply::Status(500, None),
            Reply::Status(503, None),
            Reply::Text("ok", 1, 1),
        ],
    );
    assert_eq!(
        openai(&server, false)
            .generate(&request(), soon(), &mut |_| {})
            .unwrap()
            .text,
        "ok"
    );
    assert_eq!(server.hits(), 3);

    let server = FakeCloud::start(
        Flavour::Anthropic,
        vec![Reply::Status(429, Some(1)), Reply::Stream("ok", 1, 1)],
    );
    let t0 = Instant::now();
    assert_eq!(
        anthropic(&server, true)
            .generate(&request(), soon(), &mut |_| {})
            .unwrap()
            .text,
        "ok"
    );
    assert!(
        t0.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        t0.elapsed()
    );

    // A Retry-After past the deadline gives up at once instead of sleeping through it.
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Status(429, Some(30))]);
    let err = openai(&server, false)
        .generate(&request(), soon(), &mut |_| {})
        .unwrap_err();
    assert!(
        matches!(err, BackendError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(30)),
        "{err}"
    );
    assert_eq!(server.hits(), 1);

    // Client errors are not retried.
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Status(401, None)]);
    let err = openai(&server, false)
        .generate(&request(), soon(), &mut |_| {})
        .unwrap_err();
    assert!(
        matches!(err, BackendError::Http { status: 401, .. }),
        "{err}"
    );
    assert_eq!(server.hits(), 1);
}

#[test]
fn slow_malformed_and_dropped_responses_are_clear_errors() {
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![Reply::Slow(Duration::from_secs(3), "late")],
    );
    let t0 = Instant::now();
    let err = openai(&server, false)
        .generate(
            &request(),
            Instant::now() + Duration::from_millis(400),
            &mut |_| {},
        )
        .unwrap_err();
    assert!(matches!(err, BackendError::Timeout { .. }), "{err}");
    assert!(t0.elapsed() < Duration::from_secs(2));

    let server = FakeCloud::start(Flavour::Anthropic, vec![Reply::Malformed]);
    let err = anthropic(&server, false)
        .generate(&request(), soon(), &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, BackendError::Malformed { .. }), "{err}");

    for flavour in [Flavour::OpenAi, Flavour::Anthropic] {
        let server = FakeCloud::start(flavour, vec![Reply::DropMidStream]);
        let backend: Box<dyn Backend> = if flavour == Flavour::OpenAi {
            Box::new(openai(&server, true))
        } else {
            Box::new(anthropic(&server, true))
        };
        let err = backend
            .generate(&request(), soon(), &mut |_| {})
            .unwrap_err();
        assert!(
            matches!(err, BackendError::Connection { .. }),
            "{flavour:?}: {err}"
        );
        assert_eq!(server.hits(), 3, "dropped streams are retried");

        let server = FakeCloud::start(
            flavour,
            vec![Reply::Hangup, Reply::Text("second try", 1, 1)],
        );
        let backend: Box<dyn Backend> = if flavour == Flavour::OpenAi {
            Box::new(openai(&server, false))
        } else {
            Box::new(anthropic(&server, false))
        };
        assert_eq!(
            backend
                .generate(&request(), soon(), &mut |_| {})
                .unwrap()
                .text,
            "second try"
        );
    }

    let none = OpenAiProvider::new(
        "gpt-4o-mini",
        Some("http://127.0.0.1:9".into()),
        Some(String::new()),
    );
    if std::env::var_os("OPENAI_API_KEY").is_none() {
        assert!(matches!(
            none.generate(&request(), soon(), &mut |_| {}),
            Err(BackendError::NotConfigured { .. })
        ));
    }
}

#[test]
fn a_json_schema_is_sent_in_each_providers_own_way() {
    let mut r = request();
    r.json_schema =
        Some(serde_json::json!({"type": "object", "properties": {"city": {"type": "string"}}}));
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![Reply::Text("{\"city\":\"Paris\"}", 1, 1)],
    );
    openai(&server, false)
        .generate(&r, soon(), &mut |_| {})
        .unwrap();
    let body = server.received.lock().unwrap()[0].body.clone();
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["properties"]["city"]["type"],
        "string"
    );

    let server = FakeCloud::start(
        Flavour::Anthropic,
        vec![Reply::Text("{\"city\":\"Paris\"}", 1, 1)],
    );
    anthropic(&server, false)
        .generate(&r, soon(), &mut |_| {})
        .unwrap();
    let body = server.received.lock().unwrap()[0].body.clone();
    assert!(
        body["system"].as_str().unwrap().contains("JSON Schema"),
        "{body}"
    );
}
