//! Learned reliability feeds the rest: a review's findings take their rule's learned confidence,
//! and agents' learned reliabilities weight their votes.

use std::sync::Arc;

use conclave::agents::builtin_definitions;
use conclave::agents::testgen::Runtimes;
use conclave::consensus::{Choice, Question, Rules, Strategy, Vote, Weights, decide};
use conclave::learn::{Feedback, FeedbackStore, Verdict};
use conclave::workflow::{Runner, Toolbox, parse_request};
use conclave::{Confidence, Engine};

#[test]
fn rejected_rules_lose_confidence_in_later_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("m.py"), "def same(a):\n    return a == a\n").unwrap();
    let store = FeedbackStore::open(&dir.path().join("learn.sqlite")).unwrap();
    let plan = parse_request("review m.py for bugs", Some(&root)).unwrap();
    let run = |learned| {
        let tools = Toolbox {
            engine: Arc::new(Engine::builder().threads(1).build().unwrap()),
            root: root.clone(),
            assistant: None,
            tests: None,
            runtimes: Runtimes::default(),
            learned,
        };
        let report = Runner::new(tools).run("r", &plan).unwrap();
        let output = report.steps[0].output.clone().unwrap();
        output
            .findings
            .into_iter()
            .find(|f| f.rule_id.as_str() == "B003")
            .expect("the self-comparison is found")
    };
    let before = run(None);
    assert_eq!(before.confidence, Confidence::High);
    for reviewer in ["ann", "bo", "cy", "di", "ed", "flo"] {
        let mut feedback = Feedback::on(&before, Verdict::Rejected, reviewer);
        feedback.subject = format!("{}-{reviewer}", feedback.subject);
        store.record(&feedback).unwrap();
    }
    let after = run(Some(Arc::new(store.reliabilities().unwrap())));
    assert_eq!(
        after.confidence,
        Confidence::Low,
        "six rejections out of six"
    );
}

#[test]
fn learned_agent_reliability_overturns_a_head_count() {
    let dir = tempfile::tempdir().unwrap();
    let store = FeedbackStore::open(&dir.path().join("learn.sqlite")).unwrap();
    let verdicts = [
        ("careful", Verdict::Accepted),
        ("noisy", Verdict::Rejected),
        ("hasty", Verdict::Rejected),
    ];
    for (agent, verdict) in verdicts {
        for i in 0..8 {
            let mut feedback = Feedback::finding(format!("{agent}-{i}"), "B003", verdict, "lead");
            feedback.agent = Some(agent.into());
            store.record(&feedback).unwrap();
        }
    }
    let mut definitions = Vec::new();
    let template = builtin_definitions().unwrap().remove(0);
    for (agent, _) in verdicts {
        let mut d = template.clone();
        d.name = agent.into();
        definitions.push(d);
    }
    let weights: Weights = store
        .reliabilities()
        .unwrap()
        .agent_weights(&definitions)
        .into_iter()
        .collect();
    assert!(weights.get("careful") > 2.0 * weights.get("noisy"));
    let question = Question::new("q", "is finding 3f2a real");
    let votes = [
        Vote::new("careful", Choice::Label("real".into()), 0.8),
        Vote::new("noisy", Choice::Label("false-positive".into()), 0.8),
        Vote::new("hasty", Choice::Label("false-positive".into()), 0.8),
    ];
    let head_count = decide(
        &question,
        &votes,
        &Strategy::MajorityVote,
        &Rules::default(),
        &weights,
        None,
    )
    .unwrap();
    assert_eq!(
        head_count.choice(),
        Some(&Choice::Label("false-positive".into()))
    );
    let weighted = decide(
        &question,
        &votes,
        &Strategy::WeightedVote,
        &Rules::default(),
        &weights,
        None,
    )
    .unwrap();
    assert_eq!(
        weighted.choice(),
        Some(&Choice::Label("real".into())),
        "{}",
        weighted.reason
    );
}
