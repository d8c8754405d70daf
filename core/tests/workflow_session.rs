//! A workflow's progress in a collaboration session: followers see steps and findings live,
//! and one that disconnects resumes from its last sequence number with nothing lost or repeated.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use conclave::Engine;
use conclave::agents::testgen::Runtimes;
use conclave::session::{EventBody, Hub, Participant, ParticipantKind};
use conclave::workflow::{Runner, Toolbox, parse_request, publish_to_session};

#[test]
fn followers_see_a_run_live_and_resume_after_a_disconnect() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir_all(&root).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sample-project");
    for file in ["inventory.py", "cart.js", "ledger.go"] {
        std::fs::copy(sample.join(file), root.join(file)).unwrap();
    }
    let hub = Arc::new(Hub::open(dir.path().join("sessions.sqlite")).unwrap());
    let alice = Participant {
        id: "alice".into(),
        kind: ParticipantKind::Person,
    };
    hub.publish("review-42", &alice, EventBody::Joined).unwrap();
    let steady = hub.subscribe("review-42", Some(0)).unwrap();
    let flaky = hub.subscribe("review-42", Some(0)).unwrap();

    let tools = Toolbox {
        engine: Arc::new(Engine::builder().threads(1).build().unwrap()),
        root: root.clone(),
        assistant: None,
        tests: None,
        runtimes: Runtimes::default(),
        learned: None,
    };
    let agent = Participant {
        id: "workflow".into(),
        kind: ParticipantKind::Agent,
    };
    let runner = Runner::new(tools).observer(publish_to_session(hub.clone(), "review-42", agent));
    let first = parse_request(
        "review the project for bugs, then fix the top 2",
        Some(&root),
    )
    .unwrap();
    let second = parse_request("check cart.js for security issues", Some(&root)).unwrap();

    // The flaky follower reads a few events of the first run, then drops off.
    let run = runner.run("first", &first).unwrap();
    assert_eq!(run.steps.len(), 2);
    let mut flaky = flaky;
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(flaky.recv_timeout(Duration::from_secs(5)).unwrap().unwrap());
    }
    let resume_from = flaky.last_seq();
    drop(flaky);
    runner.run("second", &second).unwrap();

    let mut resumed = hub.subscribe("review-42", Some(resume_from)).unwrap();
    while let Ok(Some(event)) = resumed.recv_timeout(Duration::from_millis(300)) {
        seen.push(event);
    }
    let mut all = Vec::new();
    let mut steady = steady;
    while let Ok(Some(event)) = steady.recv_timeout(Duration::from_millis(300)) {
        all.push(event);
    }
    let seqs =
        |events: &[conclave::session::Event]| events.iter().map(|e| e.seq).collect::<Vec<_>>();
    assert_eq!(
        seqs(&seen),
        seqs(&all),
        "nothing lost or repeated across the disconnect"
    );
    assert_eq!(seqs(&all), (1..=all.len() as u64).collect::<Vec<_>>());
    let kinds: Vec<&str> = all.iter().map(|e| e.body.kind()).collect();
    assert_eq!(kinds[0], "joined");
    assert!(kinds.contains(&"step-started") && kinds.contains(&"step-finished"));
    let findings = all
        .iter()
        .filter(|e| matches!(e.body, EventBody::Finding { .. }))
        .count();
    let reported: usize = run
        .steps
        .iter()
        .map(|s| s.output.as_ref().map_or(0, |o| o.findings.len()))
        .sum();
    assert!(
        findings >= reported && reported > 0,
        "{findings} vs {reported}"
    );
    assert!(all.iter().any(|e| e.from.id == "workflow"));
}
