//! Router overhead per call, excluding generation: a backend that answers at once, routed
//! without a ledger, with the SQLite ledger, and with the ledger plus a budget (reservation and
//! settlement transactions). Goal: under 50 µs per call.

use std::time::Instant;

use conclave::router::{
    Backend, BackendError, BackendOutput, Budget, ChatRequest, Ledger, OnLimit, Period,
    RouteRequest, Router,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// A cloud-priced backend that answers instantly.
#[derive(Debug)]
struct Instant0;

impl Backend for Instant0 {
    fn name(&self) -> &str {
        "openai:gpt-4o-mini"
    }
    fn model(&self) -> &str {
        "gpt-4o-mini"
    }
    fn is_local(&self) -> bool {
        false
    }
    fn generate(
        &self,
        _: &ChatRequest,
        _: Instant,
        on_text: &mut dyn FnMut(&str),
    ) -> Result<BackendOutput, BackendError> {
        on_text("ok");
        Ok(BackendOutput {
            text: "ok".into(),
            input_tokens: 40,
            output_tokens: 2,
            speed: None,
        })
    }
}

fn overhead(c: &mut Criterion) {
    let request = RouteRequest::new(ChatRequest::user(
        "Explain this finding: unused variable `x` in f().",
    ))
    .user("ann");
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("router_overhead");
    let bare = Router::builder().backend(Instant0).build();
    group.bench_function("no_ledger", |b| b.iter(|| bare.generate(&request).unwrap()));
    let ledger = std::sync::Arc::new(Ledger::open(dir.path().join("a.sqlite")).unwrap());
    let logged = Router::builder().backend(Instant0).ledger(ledger).build();
    group.bench_function("sqlite_ledger", |b| {
        b.iter(|| logged.generate(&request).unwrap())
    });
    let ledger = std::sync::Arc::new(Ledger::open(dir.path().join("b.sqlite")).unwrap());
    ledger
        .set_budget(&Budget {
            scope: "user:ann".into(),
            period: Period::Day,
            limit_nanos: i64::MAX / 4,
            on_limit: OnLimit::Refuse,
        })
        .unwrap();
    let budgeted = Router::builder().backend(Instant0).ledger(ledger).build();
    group.bench_function("sqlite_ledger_and_budget", |b| {
        b.iter(|| budgeted.generate(&request).unwrap())
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
