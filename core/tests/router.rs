//! The router end to end: the real SmolLM2 model as the local backend, loopback servers as the
//! cloud, a real SQLite ledger.
#![cfg(feature = "local-models")]

mod support;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use conclave::models::{Catalog, LoadOptions, Model};
use conclave::router::{
    BreakerConfig, Budget, ChatRequest, Ledger, LedgerFilter, LocalBackend, OnLimit,
    OpenAiProvider, Period, Policy, Prices, RetryPolicy, RouteRequest, Router, RouterError,
    RouterEvent, prices,
};
use support::fake_cloud::{FakeCloud, Flavour, Reply};

fn local() -> LocalBackend {
    static MODEL: OnceLock<Model> = OnceLock::new();
    let model = MODEL.get_or_init(|| {
        let path = Catalog::default().pull("smollm2").expect("pull smollm2");
        Model::load(path, &LoadOptions::default()).expect("load smollm2")
    });
    LocalBackend::new("smollm2", model.clone())
}

fn cloud(server: &FakeCloud) -> OpenAiProvider {
    OpenAiProvider::new(
        "gpt-4o-mini",
        Some(server.base_url.clone()),
        Some("sk-test".into()),
    )
    .streaming(false)
    .retry(RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    })
}

fn ask(text: &str) -> RouteRequest {
    let mut chat = ChatRequest::user(text);
    chat.max_tokens = 24;
    RouteRequest::new(chat)
}

fn ledger() -> (tempfile::TempDir, Arc<Ledger>) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Arc::new(Ledger::open(dir.path().join("ledger.sqlite")).unwrap());
    (dir, ledger)
}

#[test]
fn local_first_serves_locally_and_falls_back_when_the_output_fails_validation() {
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![Reply::Text("def f():\n    return 1\n", 30, 8)],
    );
    let (_dir, ledger) = ledger();
    let fallbacks = Arc::new(Mutex::new(Vec::new()));
    let seen = fallbacks.clone();
    let router = Router::builder()
        .backend(local())
        .backend(cloud(&server))
        .ledger(ledger.clone())
        .observer(move |e| {
            if let RouterEvent::Fallback { reason, .. } = e {
                seen.lock().unwrap().push(reason.clone());
            }
        })
        .build();

    let easy = router
        .generate(&ask("What is the capital of France?"))
        .unwrap();
    assert!(easy.local && easy.backend == "local:smollm2", "{easy:?}");
    assert_eq!(server.hits(), 0);

    // The caller's validator refuses whatever the small model writes; the cloud answer passes.
    let strict = ask("Write a Python function f returning 1.").validator(|text| {
        if text.starts_with("def f():") {
            Ok(())
        } else {
            Err("not a bare function definition".into())
        }
    });
    let out = router.generate(&strict).unwrap();
    assert_eq!(out.backend, "openai:gpt-4o-mini");
    assert_eq!(out.attempts[0].outcome, "invalid_output");
    assert_eq!(*fallbacks.lock().unwrap(), ["invalid_output"]);

    // Ledger: two answered calls (one local, one cloud) and one failed local attempt.
    let s = ledger.summary(&LedgerFilter::default()).unwrap();
    assert_eq!((s.calls, s.local_calls, s.failed_attempts), (2, 1, 1));
    assert_eq!(s.failures_by_reason["invalid_output"], 1);
    assert!((s.local_share - 0.5).abs() < 1e-9);
}

#[test]
fn context_overflow_and_timeouts_fall_back_to_the_cloud() {
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Text("summary", 9000, 3)]);
    let router = Router::builder()
        .backend(local())
        .backend(cloud(&server))
        .build();
    let long = ask(&"def f(x):\n    return x\n".repeat(2000)); // > 8192 tokens
    for _ in 0..4 {
        let out = router.generate(&long).unwrap();
        assert_eq!(
            (out.attempts[0].outcome.as_str(), out.backend.as_str()),
            ("context_overflow", "openai:gpt-4o-mini")
        );
    }
    // Prompts too long for the model say nothing about its health: its breaker stays closed.
    assert!(router.generate(&ask("Hi")).unwrap().local);

    let hurried = ask("Tell me a long story.").timeout(Duration::from_millis(1));
    let out = router.generate(&hurried);
    // The cloud has no time left either; both attempts are recorded with their reasons.
    match out {
        Err(RouterError::AllFailed { attempts }) => assert_eq!(attempts[0].outcome, "timeout"),
        Ok(r) => assert_eq!(r.attempts[0].outcome, "timeout"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn json_requests_are_valid_from_the_local_model_and_checked_from_the_cloud() {
    let schema = serde_json::json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]});
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![
            Reply::Text("```json\n{\"town\": 1}\n```", 5, 5),
            Reply::Text("```json\n{\"city\": \"Paris\"}\n```", 5, 5),
        ],
    );
    let mut request = ask("Capital of France as JSON.");
    request.chat.json_schema = Some(schema);
    let local_router = Router::builder().backend(local()).build();
    let out = local_router.generate(&request).unwrap();
    assert!(
        out.json.as_ref().unwrap()["city"].is_string(),
        "{}",
        out.text
    );

    let cloud_router = Router::builder().backend(cloud(&server)).build();
    let err = cloud_router.generate(&request).unwrap_err();
    assert!(err.to_string().contains("invalid_output"), "{err}");
    let out = cloud_router.generate(&request).unwrap();
    assert_eq!(out.json.unwrap()["city"], "Paris");
}

#[test]
fn secrets_never_reach_a_cloud_backend_and_local_only_cannot_be_overridden() {
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Text("noted", 5, 1)]);
    let router = Router::builder()
        .backend(local())
        .backend(cloud(&server))
        .policy(Policy::CloudFirst)
        .build();
    let secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    let out = router
        .generate(&ask(&format!(
            "Why does `client = OpenAI(api_key=\"{secret}\")` fail?"
        )))
        .unwrap();
    assert_eq!(
        (out.backend.as_str(), out.redacted_secrets),
        ("openai:gpt-4o-mini", 1)
    );
    let sent = server.received.lock().unwrap()[0].body.to_string();
    assert!(
        !sent.contains(secret) && sent.contains("[REDACTED:openai-api-key]"),
        "{sent}"
    );

    let private = Router::builder()
        .backend(local())
        .backend(cloud(&server))
        .local_only(true)
        .build();
    let before = server.hits();
    let out = private
        .generate(&ask("Hello").policy(Policy::CloudFirst))
        .unwrap();
    assert!(out.local);
    let overflow = ask(&"word ".repeat(20_000)).policy(Policy::CloudFirst);
    assert!(matches!(
        private.generate(&overflow),
        Err(RouterError::AllFailed { .. })
    ));
    assert_eq!(
        server.hits(),
        before,
        "local-only sent nothing to the cloud"
    );
}

#[test]
fn cost_aware_sends_hard_requests_to_the_cloud_first() {
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Text("plan", 50, 20)]);
    let router = Router::builder()
        .backend(local())
        .backend(cloud(&server))
        .policy(Policy::CostAware)
        .build();
    let easy = router
        .generate(&ask("Explain: unused variable x.").task("explain"))
        .unwrap();
    assert!(easy.local);
    let mut hard =
        ask("Design step by step a fix for this race condition across files, with trade-offs.")
            .task("refactor");
    hard.chat.max_tokens = 2048;
    let out = router.generate(&hard).unwrap();
    assert!(!out.local, "{:?}", out.attempts);
}

#[test]
fn learned_task_reliability_steers_cost_aware_routing() {
    use conclave::learn::{Feedback, FeedbackStore, Verdict};
    // Reviewers rejected most of the local model's fixes: `fix` requests go to the cloud first,
    // easy as they look; `explain` has no verdicts and stays local.
    let dir = tempfile::tempdir().unwrap();
    let store = FeedbackStore::open(&dir.path().join("learn.sqlite")).unwrap();
    for i in 0..8 {
        let verdict = if i < 6 {
            Verdict::Rejected
        } else {
            Verdict::Accepted
        };
        let mut feedback = Feedback::finding(format!("fix-{i}"), "B003", verdict, "lead").for_fix();
        feedback.agent = Some("smollm2".into());
        store.record(&feedback).unwrap();
    }
    let fixes = store
        .reliabilities()
        .unwrap()
        .fixes_of_agent("smollm2")
        .mean();
    assert!(fixes < 0.5, "{fixes}");
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Text("ok", 10, 2)]);
    let router = Router::builder()
        .backend(local())
        .backend(cloud(&server))
        .policy(Policy::CostAware)
        .task_reliability("fix", fixes)
        .build();
    let fix = router.generate(&ask("Fix: x == x").task("fix")).unwrap();
    assert!(!fix.local, "{:?}", fix.attempts);
    let explain = router
        .generate(&ask("Explain: x == x").task("explain"))
        .unwrap();
    assert!(explain.local);
}

#[test]
fn an_open_circuit_skips_a_failing_backend_until_its_cooldown() {
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Status(500, None)]);
    let router = Router::builder()
        .backend(cloud(&server))
        .backend(local())
        .policy(Policy::CloudFirst)
        .breaker(BreakerConfig {
            threshold: 2,
            // Long enough that two local fallbacks (which load the model) on a loaded machine
            // do not outlast it.
            cooldown: Duration::from_secs(10),
        })
        .build();
    let hi = || {
        let mut r = ask("Hi");
        r.chat.max_tokens = 2; // keep the local fallback short: the cooldown must not pass
        r
    };
    for _ in 0..2 {
        let out = router.generate(&hi()).unwrap();
        assert_eq!(
            (out.attempts[0].outcome.as_str(), out.local),
            ("http_error", true)
        );
    }
    let out = router.generate(&hi()).unwrap();
    assert_eq!(out.attempts[0].outcome, "circuit_open");
    assert_eq!(server.hits(), 2);
    std::thread::sleep(Duration::from_secs(10));
    let out = router.generate(&hi()).unwrap();
    assert_eq!(
        out.attempts[0].outcome, "http_error",
        "one trial after the cooldown"
    );
    assert_eq!(server.hits(), 3);
}

#[test]
fn ledger_arithmetic_matches_the_price_table() {
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Text("ok", 1000, 500)]);
    let (_dir, ledger) = ledger();
    // $0.00001 per local second: low enough that the savings stay positive however long the
    // local call takes on a loaded machine.
    let p = Prices::default().with_local_rate(0.036);
    let router = Router::builder()
        .backend(cloud(&server))
        .backend(local())
        .prices(p.clone())
        .ledger(ledger.clone())
        .build();
    let cloud_out = router
        .generate(
            &ask("Hi")
                .policy(Policy::CloudFirst)
                .user("ann")
                .workflow("review"),
        )
        .unwrap();
    let local_out = router.generate(&ask("Hi").user("bob")).unwrap();
    assert!(
        (cloud_out.cost_usd - prices::usd(p.cloud_cost("gpt-4o-mini", 1000, 500))).abs() < 1e-12
    );
    assert!(
        (cloud_out.cloud_equivalent_usd - prices::usd(p.reference_cost(1000, 500))).abs() < 1e-12
    );

    let records = ledger.records(&LedgerFilter::default()).unwrap();
    assert_eq!(records.len(), 2);
    let local_record = &records[1];
    // Recorded from the exact duration; the record keeps whole milliseconds (1 ms = 10 nano-dollars here).
    let from_ms = p.local_cost(Duration::from_millis(local_record.latency_ms));
    assert!(
        (local_record.cost_nanos - from_ms).abs() <= 10,
        "{} vs {from_ms}",
        local_record.cost_nanos
    );
    let sum = ledger.summary(&LedgerFilter::default()).unwrap();
    let cost: i64 = records.iter().map(|r| r.cost_nanos).sum();
    let reference: i64 = records.iter().map(|r| r.reference_nanos).sum();
    assert!((sum.cost_usd - prices::usd(cost)).abs() < 1e-12);
    assert!((sum.savings_usd - prices::usd(reference - cost)).abs() < 1e-12);
    assert!(sum.savings_usd > 0.0);
    assert_eq!((sum.calls, sum.local_calls), (2, 1));
    assert_eq!(local_out.input_tokens, local_record.input_tokens);

    let ann = ledger
        .summary(&LedgerFilter {
            user: Some("ann".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((ann.calls, ann.local_calls), (1, 0));
    let by_model = ledger
        .summary(&LedgerFilter {
            model: Some("smollm2".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_model.calls, 1);
    let future = ledger
        .summary(&LedgerFilter {
            since_ms: Some(i64::MAX / 2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(future.calls, 0);
}

#[test]
fn budgets_refuse_or_downgrade_at_the_limit_and_emit_threshold_events() {
    let server = FakeCloud::start(Flavour::OpenAi, vec![Reply::Text("ok", 100, 24)]);
    let (_dir, ledger) = ledger();
    let p = Prices::default();
    let per_call = p.cloud_cost("gpt-4o-mini", 200, 24); // a bound on one call's reservation
    ledger
        .set_budget(&Budget {
            scope: "user:ann".into(),
            period: Period::Day,
            limit_nanos: 3 * per_call,
            on_limit: OnLimit::Refuse,
        })
        .unwrap();
    ledger
        .set_budget(&Budget {
            scope: "workflow:ci".into(),
            period: Period::Month,
            limit_nanos: 1,
            on_limit: OnLimit::Downgrade,
        })
        .unwrap();
    let router = Router::builder()
        .backend(cloud(&server))
        .backend(local())
        .policy(Policy::CloudFirst)
        .ledger(ledger.clone())
        .build();

    let mut events = Vec::new();
    let mut refused = false;
    for _ in 0..10 {
        match router.generate(&ask("Hi").user("ann")) {
            Ok(out) => events.extend(out.budget_events.iter().map(|e| e.percent)),
            Err(RouterError::BudgetExceeded { scope, .. }) => {
                assert_eq!(scope, "user:ann");
                refused = true;
                break;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert!(refused, "the budget refused a call");
    assert!(events.contains(&50), "threshold events: {events:?}");
    let spent = ledger
        .summary(&LedgerFilter {
            user: Some("ann".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        spent.cost_usd <= prices::usd(3 * per_call),
        "spent {} of {}",
        spent.cost_usd,
        prices::usd(3 * per_call)
    );

    let out = router.generate(&ask("Hi").workflow("ci")).unwrap();
    assert!(out.local, "downgraded to local");
    assert_eq!(out.attempts[0].outcome, "budget");
}

#[test]
fn concurrent_calls_never_overrun_a_budget() {
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![Reply::Slow(Duration::from_millis(50), "ok")],
    );
    let (_dir, ledger) = ledger();
    // Each call reserves at least the price of its 1000 possible output tokens.
    let limit = Prices::default().cloud_cost("gpt-4o-mini", 0, 1000) * 5;
    ledger
        .set_budget(&Budget {
            scope: "global".into(),
            period: Period::Total,
            limit_nanos: limit,
            on_limit: OnLimit::Refuse,
        })
        .unwrap();
    let router = Arc::new(
        Router::builder()
            .backend(cloud(&server))
            .ledger(ledger.clone())
            .build(),
    );
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let router = router.clone();
            let mut request = ask("Hi");
            request.chat.max_tokens = 1000;
            std::thread::spawn(move || router.generate(&request).is_ok())
        })
        .collect();
    let ok = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|&ok| ok)
        .count();
    let spent = ledger.summary(&LedgerFilter::default()).unwrap();
    assert!((1..16).contains(&ok), "{ok} of 16 calls went through");
    assert!(
        spent.cost_usd <= prices::usd(limit),
        "spent {} over the limit {}",
        spent.cost_usd,
        prices::usd(limit)
    );
    assert_eq!(
        server.hits(),
        ok,
        "refused calls never reached the provider"
    );
}

#[test]
fn router_metrics_go_through_the_metrics_facade() {
    use metrics_util::debugging::{DebugValue, DebuggingRecorder};
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![Reply::Status(500, None), Reply::Text("ok", 10, 2)],
    );
    let router = Router::builder()
        .backend(cloud(&server))
        .backend(local())
        .policy(Policy::CloudFirst)
        .build();
    metrics::with_local_recorder(&recorder, || {
        router.generate(&ask("Hi")).unwrap();
    });
    let snapshot = snapshotter.snapshot().into_vec();
    let counter = |name: &str, label: (&str, &str)| -> u64 {
        snapshot
            .iter()
            .filter(|(k, ..)| {
                k.key().name() == name
                    && k.key()
                        .labels()
                        .any(|l| l.key() == label.0 && l.value() == label.1)
            })
            .map(|(.., v)| {
                if let DebugValue::Counter(c) = v {
                    *c
                } else {
                    0
                }
            })
            .sum()
    };
    assert_eq!(
        counter("conclave_router_fallbacks_total", ("reason", "http_error")),
        1
    );
    assert_eq!(counter("conclave_router_calls_total", ("outcome", "ok")), 1);
    assert_eq!(
        counter("conclave_router_calls_total", ("outcome", "http_error")),
        1
    );
    assert!(
        snapshot
            .iter()
            .any(|(k, ..)| k.key().name() == "conclave_router_latency_seconds")
    );
}
