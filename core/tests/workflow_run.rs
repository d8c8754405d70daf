//! Running plans: results on a real sample project, parallel independent steps, failure
//! policies, retries, time limits, checkpoints and resuming, cancellation.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use conclave::Engine;
use conclave::agents::TestCommand;
use conclave::agents::testgen::Runtimes;
use conclave::workflow::{
    Checkpoints, Inputs, OnFailure, Plan, RunStatus, Runner, Step, StepStatus, Toolbox,
    WorkflowEvent, parse_request,
};

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sample-project");
    let root = dir.path().join("project");
    copy(&from, &root);
    (dir, root)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn toolbox(root: &Path, tests: Option<&str>) -> Toolbox {
    Toolbox {
        engine: Arc::new(Engine::builder().threads(1).build().unwrap()),
        root: root.to_owned(),
        assistant: None,
        tests: tests.map(|t| TestCommand::parse(root, t, Duration::from_secs(30)).unwrap()),
        runtimes: Runtimes::default(),
        learned: None,
    }
}

fn step(id: &str, inputs: Inputs, deps: &[&str]) -> Step {
    Step::new(id, inputs, deps.iter().map(|d| (*d).to_owned()).collect())
}

fn review(paths: &[&str]) -> Inputs {
    Inputs::Review {
        paths: paths.iter().map(|p| (*p).to_owned()).collect(),
        categories: vec![],
    }
}

fn plan(steps: Vec<Step>, on_failure: OnFailure) -> Plan {
    Plan {
        request: "test".into(),
        steps,
        on_failure,
    }
}

#[test]
fn a_request_runs_to_findings_fixes_and_generated_tests() {
    let (_dir, root) = sample_copy();
    let plan = parse_request(
        "review the project for bugs, fix the top 3, then write tests for the worst 2",
        Some(&root),
    )
    .unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let runner =
        Runner::new(toolbox(&root, None)).observer(move |e| seen.lock().unwrap().push(e.clone()));
    let report = runner.run("r1", &plan).unwrap();
    assert_eq!(report.status, RunStatus::Succeeded, "{report:#?}");
    let found = report.step("review").unwrap().output.as_ref().unwrap();
    assert!(found.findings.len() >= 3, "{:?}", found.notes);
    assert!(found.findings.iter().all(|f| f.category.name() == "bug"));
    let fixes = report.step("fix").unwrap().output.as_ref().unwrap();
    assert!(
        !fixes.findings.is_empty(),
        "the sample has rule-fixable bugs"
    );
    assert!(fixes.findings.iter().all(|f| f.fix.is_some()));
    let tests = report.step("test-gen").unwrap().output.as_ref().unwrap();
    let generated = tests.details["tests"].as_array().unwrap();
    assert!(!generated.is_empty(), "{:?}", tests.notes);
    assert!(generated.len() <= 2);
    assert!(
        generated
            .iter()
            .all(|t| !t["code"].as_str().unwrap().is_empty())
    );
    // Events: the run, each step started and finished, in a coherent order.
    let events = events.lock().unwrap();
    assert!(matches!(
        events.first(),
        Some(WorkflowEvent::RunStarted { steps: 3, .. })
    ));
    assert!(matches!(
        events.last(),
        Some(WorkflowEvent::RunFinished { .. })
    ));
    let finished = events
        .iter()
        .filter(|e| matches!(e, WorkflowEvent::StepFinished { .. }))
        .count();
    assert_eq!(finished, 3);
}

#[test]
fn a_failing_step_skips_its_dependents_and_the_policy_decides_the_rest() {
    let (_dir, root) = sample_copy();
    let steps = || {
        vec![
            step(
                "debug",
                Inputs::Debug {
                    trace_file: "missing.txt".into(),
                },
                &[],
            ),
            step("after-debug", Inputs::RunTests {}, &["debug"]),
            step("review", review(&["inventory.py"]), &[]),
            step("review-js", review(&["cart.js"]), &["review"]),
        ]
    };
    let mut runner = Runner::new(toolbox(&root, Some("true"))).parallel(1);
    let report = runner
        .run("continue", &plan(steps(), OnFailure::Continue))
        .unwrap();
    assert_eq!(report.status, RunStatus::Partial);
    let status = |id: &str| report.step(id).unwrap().status;
    assert_eq!(status("debug"), StepStatus::Failed);
    assert!(
        report
            .step("debug")
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("missing.txt")
    );
    assert_eq!(status("after-debug"), StepStatus::Skipped);
    assert_eq!(status("review"), StepStatus::Succeeded);
    assert_eq!(status("review-js"), StepStatus::Succeeded);

    // Stop: nothing new starts after the failure (one step at a time, debug first).
    runner = runner.parallel(1);
    let report = runner.run("stop", &plan(steps(), OnFailure::Stop)).unwrap();
    assert_eq!(report.step("debug").unwrap().status, StepStatus::Failed);
    assert_eq!(report.step("review").unwrap().status, StepStatus::Skipped);
    assert_eq!(
        report.step("review-js").unwrap().status,
        StepStatus::Skipped
    );
}

#[test]
fn independent_steps_run_at_the_same_time() {
    let (dir, root) = sample_copy();
    // Two test runs that each wait for the other's mark: only parallel execution finishes.
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let script = |mine: &Path, other: &Path| {
        format!(
            "touch {m}; for i in $(seq 1 100); do [ -e {o} ] && exit 0; sleep 0.05; done; exit 1\n",
            m = mine.display(),
            o = other.display()
        )
    };
    std::fs::write(root.join("a.sh"), script(&a, &b)).unwrap();
    std::fs::write(root.join("b.sh"), script(&b, &a)).unwrap();
    let runs = |name: &str| {
        let mut tools = toolbox(&root, Some(&format!("sh {name}")));
        tools.engine = Arc::new(Engine::new().unwrap());
        Runner::new(tools)
    };
    // The two scripts need two test commands: run them as two plans on two runners at once.
    let (ra, rb) = (runs("a.sh"), runs("b.sh"));
    let one = plan(
        vec![step("tests", Inputs::RunTests {}, &[])],
        OnFailure::Continue,
    );
    let handle = {
        let one = one.clone();
        std::thread::spawn(move || ra.run("a", &one).unwrap())
    };
    let second = rb.run("b", &one).unwrap();
    let first = handle.join().unwrap();
    assert_eq!(first.status, RunStatus::Succeeded);
    assert_eq!(second.status, RunStatus::Succeeded);

    // Inside one plan: two reviews with no dependency both start before either finishes.
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let runner = Runner::new(toolbox(&root, None))
        .parallel(2)
        .observer(move |e| seen.lock().unwrap().push(e.clone()));
    let both = plan(
        vec![
            step("py", review(&["inventory.py"]), &[]),
            step("go", review(&["ledger.go"]), &[]),
        ],
        OnFailure::Continue,
    );
    assert_eq!(
        runner.run("both", &both).unwrap().status,
        RunStatus::Succeeded
    );
    let events = events.lock().unwrap();
    let first_finish = events
        .iter()
        .position(|e| matches!(e, WorkflowEvent::StepFinished { .. }))
        .unwrap();
    let starts_before = events[..first_finish]
        .iter()
        .filter(|e| matches!(e, WorkflowEvent::StepStarted { .. }))
        .count();
    assert_eq!(starts_before, 2, "{events:#?}");
}

#[test]
fn a_flaky_step_succeeds_on_retry_and_an_overrun_times_out() {
    let (dir, root) = sample_copy();
    let counter = dir.path().join("attempts");
    std::fs::write(
        root.join("flaky.sh"),
        format!(
            "echo x >> {c}; [ $(wc -l < {c}) -ge 2 ]\n",
            c = counter.display()
        ),
    )
    .unwrap();
    let runner =
        Runner::new(toolbox(&root, Some("sh flaky.sh"))).backoff(Duration::from_millis(10));
    let mut tests = step("tests", Inputs::RunTests {}, &[]);
    tests.retries = 2;
    let report = runner
        .run("flaky", &plan(vec![tests.clone()], OnFailure::Stop))
        .unwrap();
    let record = report.step("tests").unwrap();
    assert_eq!(record.status, StepStatus::Succeeded);
    assert_eq!(record.attempts, 2);

    std::fs::write(root.join("slow.sh"), "sleep 5\n").unwrap();
    let runner = Runner::new(toolbox(&root, Some("sh slow.sh")));
    tests.retries = 0;
    tests.timeout_ms = 300;
    let report = runner
        .run("slow", &plan(vec![tests], OnFailure::Stop))
        .unwrap();
    let record = report.step("tests").unwrap();
    assert_eq!(record.status, StepStatus::Failed);
    assert!(
        record.error.as_ref().unwrap().contains("timed out"),
        "{record:?}"
    );
}

#[test]
fn a_run_resumes_from_its_checkpoint_without_redoing_finished_steps() {
    let (dir, root) = sample_copy();
    let store = Arc::new(Checkpoints::open(dir.path().join("runs.sqlite")).unwrap());
    let marker = dir.path().join("ready");
    std::fs::write(
        root.join("gate.sh"),
        format!("[ -e {} ]\n", marker.display()),
    )
    .unwrap();
    let the_plan = plan(
        vec![
            step("review", review(&["."]), &[]),
            step("tests", Inputs::RunTests {}, &["review"]),
            step(
                "fix",
                Inputs::Fix {
                    from: "review".into(),
                    top: 2,
                },
                &["review", "tests"],
            ),
        ],
        OnFailure::Continue,
    );
    let runner = Runner::new(toolbox(&root, Some("sh gate.sh"))).checkpoints(store.clone());
    let first = runner.run("resume-me", &the_plan).unwrap();
    assert_eq!(first.status, RunStatus::Partial);
    assert_eq!(first.step("tests").unwrap().status, StepStatus::Failed);
    assert_eq!(first.step("fix").unwrap().status, StepStatus::Skipped);
    let review_started = first.step("review").unwrap().started_ms;

    std::fs::write(&marker, "").unwrap();
    // A new runner (a new process, as far as the store can tell) picks the run up.
    let runner = Runner::new(toolbox(&root, Some("sh gate.sh"))).checkpoints(store.clone());
    let second = runner.run("resume-me", &the_plan).unwrap();
    assert_eq!(second.status, RunStatus::Succeeded, "{second:#?}");
    assert_eq!(second.resumed, ["review"]);
    assert_eq!(second.step("review").unwrap().started_ms, review_started);
    assert!(
        !second
            .step("fix")
            .unwrap()
            .output
            .as_ref()
            .unwrap()
            .findings
            .is_empty()
    );

    // The same id with another plan is refused rather than mixed.
    let mut other = the_plan;
    other.steps.pop();
    let error = runner.run("resume-me", &other).unwrap_err().to_string();
    assert!(error.contains("different plan"), "{error}");
    let stored = store.run("resume-me").unwrap().unwrap();
    assert_eq!(stored.status, "succeeded");
}

#[test]
fn a_cancelled_run_starts_nothing_new_and_resumes_later() {
    let (dir, root) = sample_copy();
    let store = Arc::new(Checkpoints::open(dir.path().join("runs.sqlite")).unwrap());
    let the_plan = plan(
        vec![step("review", review(&["."]), &[])],
        OnFailure::Continue,
    );
    let runner = Runner::new(toolbox(&root, None)).checkpoints(store.clone());
    runner.cancel_token().cancel();
    let report = runner.run("c", &the_plan).unwrap();
    assert_eq!(report.status, RunStatus::Cancelled);
    assert!(report.steps.is_empty());
    let runner = Runner::new(toolbox(&root, None)).checkpoints(store);
    assert_eq!(
        runner.run("c", &the_plan).unwrap().status,
        RunStatus::Succeeded
    );
}

#[test]
fn runs_feed_the_history_predictions_check_budgets_and_anomalies_are_reported() {
    use conclave::workflow::predict::{Basis, Budget, BudgetCheck, History, Metric};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir_all(&root).unwrap();
    let module = |bug: bool| -> String {
        (0..40)
            .map(|i| {
                if bug {
                    format!("def f{i}(a, b=[]):\n    return a == a\n\n")
                } else {
                    format!("def f{i}(a, b=None):\n    return a == b\n\n")
                }
            })
            .collect()
    };
    std::fs::write(root.join("m.py"), module(false)).unwrap();
    let history = Arc::new(History::open(dir.path().join("history.sqlite")).unwrap());
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let runner = Runner::new(toolbox(&root, None))
        .history(history.clone())
        .observer(move |e| seen.lock().unwrap().push(e.clone()));
    let the_plan = plan(
        vec![step("review", review(&["m.py"]), &[])],
        OnFailure::Continue,
    );

    let cold = runner.estimate(&the_plan, &Budget::default()).unwrap();
    assert_eq!(cold.steps[0].prediction.basis, Basis::Default);
    for i in 0..10 {
        runner.run(&format!("h{i}"), &the_plan).unwrap();
    }
    assert_eq!(history.len().unwrap(), 10);
    let warm = runner.estimate(&the_plan, &Budget::default()).unwrap();
    let prediction = &warm.steps[0].prediction;
    assert_eq!(prediction.basis, Basis::AgentLanguage, "{prediction:?}");
    assert_eq!(prediction.agent, "code-analysis/review");
    assert!(prediction.samples >= 9);
    assert_eq!(warm.verdict, BudgetCheck::Within);
    let tight = Budget {
        max_duration_ms: Some(prediction.duration_ms / 100.0),
        ..Budget::default()
    };
    assert!(matches!(
        runner.estimate(&the_plan, &tight).unwrap().verdict,
        BudgetCheck::Refuse { .. }
    ));
    let accuracy = history.error_report(5).unwrap();
    assert!(
        accuracy
            .iter()
            .any(|a| a.agent == "code-analysis/review" && a.count >= 9)
    );
    assert!(
        !events
            .lock()
            .unwrap()
            .iter()
            .any(|e| matches!(e, WorkflowEvent::Anomaly { .. })),
        "ten like runs are not anomalous"
    );

    // Same size, forty times the findings: flagged.
    std::fs::write(root.join("m.py"), module(true)).unwrap();
    runner.run("jump", &the_plan).unwrap();
    let events = events.lock().unwrap();
    let anomaly = events
        .iter()
        .find_map(|e| match e {
            WorkflowEvent::Anomaly { step, anomaly, .. } => Some((step, anomaly)),
            _ => None,
        })
        .expect("the jump in findings is reported");
    assert_eq!(anomaly.0, "review");
    assert_eq!(anomaly.1.metric, Metric::Findings);
}
