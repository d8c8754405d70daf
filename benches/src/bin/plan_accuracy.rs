//! Plan accuracy on the request sets in `core/tests/fixtures/workflow/`: the parser alone, and
//! the parser with the local model (SmolLM2-135M, JSON-Schema-constrained) behind it for what
//! the parser does not plan. Prints a Markdown table.
//!
//! usage: cargo run --release -p conclave-benches --bin plan_accuracy

use std::path::Path;
use std::sync::Arc;

use conclave::models::{Catalog, LoadOptions, Model};
use conclave::router::{LocalBackend, Policy, Router};
use conclave::workflow::{Inputs, Plan, PlannedBy, Planner};
use serde_json::{Value, json};

/// A plan in the fixtures' notation: `from` as an index, empty categories omitted.
fn notation(plan: &Plan) -> Vec<Value> {
    let index = |id: &str| plan.steps.iter().position(|s| s.id == id);
    plan.steps
        .iter()
        .map(|step| {
            let mut v = match &step.inputs {
                Inputs::Review { paths, categories } => {
                    json!({"action": "review", "paths": paths, "categories": categories})
                }
                Inputs::Explain { from, top } => {
                    json!({"action": "explain", "from": index(from), "top": top})
                }
                Inputs::Fix { from, top } => {
                    json!({"action": "fix", "from": index(from), "top": top})
                }
                Inputs::TestGen {
                    from: Some(from),
                    top,
                    ..
                } => {
                    json!({"action": "test-gen", "from": index(from), "top": top})
                }
                Inputs::TestGen { functions, .. } => {
                    json!({"action": "test-gen", "functions": functions})
                }
                Inputs::Debug { trace_file } => {
                    json!({"action": "debug", "trace_file": trace_file})
                }
                _ => json!({"action": step.inputs.action()}),
            };
            if v["categories"].as_array().is_some_and(Vec::is_empty) {
                v.as_object_mut().map(|o| o.remove("categories"));
            }
            v
        })
        .collect()
}

fn right(planner: &Planner, case: &Value) -> (bool, bool) {
    let request = case["request"].as_str().unwrap_or_default();
    let planned = planner.plan(request, None);
    let by_model = matches!(&planned, Ok(p) if matches!(p.by, PlannedBy::Model { .. }));
    let ok = match (planned, case.get("reject")) {
        (Err(_), Some(_)) => true,
        (Ok(p), None) => {
            let mut expected = case["expect"].as_array().cloned().unwrap_or_default();
            for e in &mut expected {
                if e["categories"].as_array().is_some_and(Vec::is_empty) {
                    e.as_object_mut().map(|o| o.remove("categories"));
                }
            }
            notation(&p.plan) == expected
        }
        _ => false,
    };
    (ok, by_model)
}

fn main() {
    let path = Catalog::default().pull("smollm2").expect("pull smollm2");
    let model = Model::load(&path, &LoadOptions::default()).expect("load smollm2");
    let router = Router::builder()
        .backend(LocalBackend::new("smollm2", model))
        .policy(Policy::LocalOnly)
        .build();
    let with_model = Planner::with_model(Arc::new(router));
    let parser = Planner::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/workflow");
    println!(
        "| set | requests | parser alone | parser + SmolLM2-135M | planned by the model (right / made) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (name, file) in [
        ("development", "requests.jsonl"),
        ("held-out", "held-out.jsonl"),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).expect("request set");
        let cases: Vec<Value> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let (mut alone, mut combined, mut made, mut made_right) = (0, 0, 0, 0);
        for case in &cases {
            alone += usize::from(right(&parser, case).0);
            let (ok, by_model) = right(&with_model, case);
            combined += usize::from(ok);
            made += usize::from(by_model);
            made_right += usize::from(ok && by_model);
        }
        println!(
            "| {name} | {} | {alone} | {combined} | {made_right} / {made} |",
            cases.len()
        );
    }
}
