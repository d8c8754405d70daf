//! Plans: validation of hand-written plans, and the natural-language parser's accuracy on a set
//! of 60 requests written independently of it (`fixtures/workflow/requests.jsonl`).

use conclave::workflow::{Inputs, Plan, PlanError, Step, parse_request};
use serde_json::{Value, json};

fn review(id: &str, paths: &[&str]) -> Step {
    Step::new(
        id,
        Inputs::Review {
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
            categories: vec![],
        },
        vec![],
    )
}

fn plan(steps: Vec<Step>) -> Plan {
    Plan {
        request: String::new(),
        steps,
        on_failure: Default::default(),
    }
}

#[test]
fn invalid_and_unsafe_plans_are_rejected_with_a_reason() {
    let fix = |from: &str, deps: &[&str]| {
        Step::new(
            "fix",
            Inputs::Fix {
                from: from.into(),
                top: 3,
            },
            deps.iter().map(|d| (*d).to_owned()).collect(),
        )
    };
    assert!(matches!(plan(vec![]).validate(), Err(PlanError::Empty)));
    let ok = plan(vec![review("review", &["src"]), fix("review", &["review"])]);
    let order: Vec<&str> = ok
        .validate()
        .unwrap()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(order, ["review", "fix"]);

    let cases: Vec<(Plan, &str)> = vec![
        (
            plan(vec![review("a", &["src"]), review("a", &["lib"])]),
            "used twice",
        ),
        (plan(vec![review("Bad Id", &["src"])]), "invalid"),
        (plan(vec![fix("review", &["review"])]), "not in the plan"),
        (
            plan(vec![review("review", &["src"]), fix("review", &[])]),
            "does not depend",
        ),
        (
            plan(vec![review("review", &["../etc"])]),
            "outside the project",
        ),
        (
            plan(vec![review("review", &["/etc/passwd"])]),
            "outside the project",
        ),
        (
            plan(vec![review("review", &["a/../../b"])]),
            "outside the project",
        ),
        (plan(vec![review("review", &[])]), "at least one path"),
    ];
    for (plan, reason) in cases {
        let error = plan.validate().unwrap_err().to_string();
        assert!(error.contains(reason), "{error} should say {reason}");
    }
    // A cycle, and an agent that cannot do the action.
    let mut a = review("a", &["src"]);
    a.depends_on = vec!["b".into()];
    let mut b = review("b", &["src"]);
    b.depends_on = vec!["a".into()];
    assert!(matches!(
        plan(vec![a, b]).validate(),
        Err(PlanError::Cycle { .. })
    ));
    let mut wrong = review("a", &["src"]);
    wrong.agent = "debug-detective".into();
    let error = plan(vec![wrong]).validate().unwrap_err().to_string();
    assert!(error.contains("cannot review (it can: debug)"), "{error}");
}

#[test]
fn plans_round_trip_through_json_and_the_schema_describes_them() {
    let plan = parse_request(
        "Review src/ for security issues, then write tests for the three worst",
        None,
    )
    .unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["steps"][0]["inputs"]["action"], "review");
    assert_eq!(json["steps"][1]["depends_on"], json!(["review"]));
    let back: Plan = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, plan);
    let schema = Plan::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json));
    let mut broken = json;
    broken["steps"][0]["inputs"]["action"] = json!("deploy");
    assert!(!validator.is_valid(&broken));
}

/// The parser's plan in the fixture's notation: `from` as a step index, empty keys omitted.
fn notation(plan: &Plan) -> Vec<Value> {
    let index = |id: &str| plan.steps.iter().position(|s| s.id == id);
    plan.steps
        .iter()
        .map(|step| match &step.inputs {
            Inputs::Review { paths, categories } if categories.is_empty() => {
                json!({"action": "review", "paths": paths})
            }
            Inputs::Review { paths, categories } => {
                json!({"action": "review", "paths": paths, "categories": categories})
            }
            Inputs::Explain { from, top } => {
                json!({"action": "explain", "from": index(from), "top": top})
            }
            Inputs::Fix { from, top } => json!({"action": "fix", "from": index(from), "top": top}),
            Inputs::TestGen {
                from: Some(from),
                top,
                ..
            } => json!({"action": "test-gen", "from": index(from), "top": top}),
            Inputs::TestGen { functions, .. } => {
                json!({"action": "test-gen", "functions": functions})
            }
            Inputs::Debug { trace_file } => json!({"action": "debug", "trace_file": trace_file}),
            Inputs::RunTests {} => json!({"action": "run-tests"}),
            _ => json!({"action": "unknown"}),
        })
        .collect()
}

fn normalise(mut steps: Vec<Value>) -> Vec<Value> {
    for step in &mut steps {
        if let Some(o) = step.as_object_mut()
            && o.get("categories")
                .is_some_and(|c| c.as_array().is_some_and(Vec::is_empty))
        {
            o.remove("categories");
        }
    }
    steps
}

/// Plans right out of requests, with the misses described.
fn accuracy(text: &str) -> (usize, usize, Vec<String>) {
    let (mut right, mut total) = (0, 0);
    let mut misses = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let request = case["request"].as_str().unwrap();
        total += 1;
        let parsed = parse_request(request, None).and_then(|p| p.validate().map(|_| p.clone()));
        let ok = match (&parsed, case.get("reject")) {
            (Err(_), Some(_)) => true,
            (Ok(plan), None) => {
                let expected = normalise(case["expect"].as_array().unwrap().clone());
                notation(plan) == expected
            }
            _ => false,
        };
        if ok {
            right += 1;
        } else {
            let got = parsed.map_or_else(|e| json!(e.to_string()), |p| json!(notation(&p)));
            misses.push(format!(
                "{request}\n    got      {got}\n    expected {}",
                case.get("expect").unwrap_or(&json!("reject"))
            ));
        }
    }
    (right, total, misses)
}

/// The development set: the parser was improved on its misses (35/60 at the first run).
#[test]
fn parser_accuracy_on_the_development_set() {
    let (right, total, misses) = accuracy(include_str!("fixtures/workflow/requests.jsonl"));
    println!("development set: {right}/{total}");
    for miss in &misses {
        println!("MISS {miss}");
    }
    assert!(total >= 50);
    assert!(right * 100 >= total * 95, "{right}/{total}");
}

/// The held-out set, written later by someone who saw neither the parser nor the first set;
/// never tuned on. The floor is what it scored when first run.
#[test]
fn parser_accuracy_on_the_held_out_set() {
    let (right, total, misses) = accuracy(include_str!("fixtures/workflow/held-out.jsonl"));
    println!("held-out set: {right}/{total}");
    for miss in &misses {
        println!("MISS {miss}");
    }
    assert!(total >= 40);
    assert!(right * 100 >= total * 65, "{right}/{total}");
}
