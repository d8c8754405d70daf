//! Concurrent workflows sharing one budget never overrun it: two runs explain findings through
//! one router whose ledger holds a global limit; the provider is a real HTTP server on loopback.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use conclave::Engine;
use conclave::agents::Assistant;
use conclave::agents::assist::ModelBudget;
use conclave::agents::testgen::Runtimes;
use conclave::router::{
    Budget, Ledger, LedgerFilter, OnLimit, OpenAiProvider, Period, Prices, Router, prices,
};
use conclave::workflow::{Inputs, OnFailure, Plan, RunStatus, Runner, Step, Toolbox};
use support::fake_cloud::{FakeCloud, Flavour, Reply};

#[test]
fn concurrent_workflows_sharing_a_budget_never_overrun_it() {
    let server = FakeCloud::start(
        Flavour::OpenAi,
        vec![Reply::Slow(
            Duration::from_millis(200),
            "Comparing a value with itself is always true, so the check does nothing.",
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let ledger = Arc::new(Ledger::open(dir.path().join("ledger.sqlite")).unwrap());
    // A call reserves its worst case (prompt bytes bound its input tokens, plus 256 output
    // tokens) before it starts: this limit holds one reservation at a time, so the two runs'
    // overlapping calls cannot all go through.
    let limit = Prices::default().cloud_cost("gpt-4o-mini", 600, 256);
    ledger
        .set_budget(&Budget {
            scope: "global".into(),
            period: Period::Total,
            limit_nanos: limit,
            on_limit: OnLimit::Refuse,
        })
        .unwrap();
    let provider = OpenAiProvider::new(
        "gpt-4o-mini",
        Some(server.base_url.clone()),
        Some("sk-test".into()),
    )
    .streaming(false);
    let router = Arc::new(
        Router::builder()
            .backend(provider)
            .ledger(ledger.clone())
            .build(),
    );

    let root = dir.path().join("project");
    std::fs::create_dir_all(&root).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sample-project");
    std::fs::copy(sample.join("inventory.py"), root.join("inventory.py")).unwrap();
    let mut explain = Step::new(
        "explain",
        Inputs::Explain {
            from: "review".into(),
            top: 6,
        },
        vec!["review".into()],
    );
    explain.max_model_calls = 6;
    let plan = Plan {
        request: "review inventory.py and explain the top 6".into(),
        steps: vec![
            Step::new(
                "review",
                Inputs::Review {
                    paths: vec!["inventory.py".into()],
                    categories: vec![],
                },
                vec![],
            ),
            explain,
        ],
        on_failure: OnFailure::Continue,
    };
    let engine = Arc::new(Engine::builder().threads(1).build().unwrap());
    let runs: Vec<_> = (0..2)
        .map(|i| {
            let tools = Toolbox {
                engine: engine.clone(),
                root: root.clone(),
                assistant: Some(Assistant::new(
                    router.clone(),
                    ModelBudget {
                        max_tokens: 256,
                        ..ModelBudget::default()
                    },
                )),
                tests: None,
                runtimes: Runtimes::default(),
                learned: None,
            };
            let plan = plan.clone();
            std::thread::spawn(move || Runner::new(tools).run(&format!("w{i}"), &plan).unwrap())
        })
        .collect();
    let reports: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    let mut calls = 0;
    let mut refused = 0;
    for report in &reports {
        assert_eq!(report.status, RunStatus::Succeeded, "{report:#?}");
        let output = report.step("explain").unwrap().output.as_ref().unwrap();
        calls += output.model_calls;
        refused += output.notes.iter().filter(|n| n.contains("budget")).count();
    }
    let spent = ledger.summary(&LedgerFilter::default()).unwrap();
    assert!(
        spent.cost_usd <= prices::usd(limit),
        "spent {} of {}",
        spent.cost_usd,
        prices::usd(limit)
    );
    assert!(server.hits() >= 1, "some explanations were paid for");
    assert!(refused >= 1, "the budget stopped some calls: {reports:#?}");
    assert!(calls >= server.hits() as u32);
    println!(
        "{} calls paid, {refused} refused, spent {} of {}",
        server.hits(),
        spent.cost_usd,
        prices::usd(limit)
    );
}
