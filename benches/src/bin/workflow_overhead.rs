//! Orchestration overhead per workflow step, excluding the agents' work: a plan of independent
//! near-empty steps (a review of an empty directory) run through the `Runner`, minus the same
//! work called directly. Also the cost of planning a request with the parser. Prints a Markdown
//! table.
//!
//! usage: cargo run --release -p conclave-benches --bin workflow_overhead

use std::sync::Arc;
use std::time::Instant;

use conclave::Engine;
use conclave::agents::testgen::Runtimes;
use conclave::workflow::{
    Checkpoints, Inputs, OnFailure, Plan, Runner, Step, Toolbox, parse_request,
};

const STEPS: usize = 16;
const ROUNDS: usize = 60;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir_all(root.join("empty")).unwrap();
    let engine = Arc::new(Engine::builder().threads(1).build().unwrap());
    let tools = Toolbox {
        engine: engine.clone(),
        root: root.clone(),
        assistant: None,
        tests: None,
        runtimes: Runtimes::default(),
        learned: None,
    };
    let plan = Plan {
        request: String::new(),
        steps: (0..STEPS)
            .map(|i| {
                Step::new(
                    format!("s{i}"),
                    Inputs::Review {
                        paths: vec!["empty".into()],
                        categories: vec![],
                    },
                    vec![],
                )
            })
            .collect(),
        on_failure: OnFailure::Continue,
    };
    // The agents' work alone: the same reviews called directly.
    let direct = median(
        (0..ROUNDS)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..STEPS {
                    std::hint::black_box(engine.analyze_paths(&[root.join("empty")], None));
                }
                t.elapsed().as_secs_f64() * 1e6 / STEPS as f64
            })
            .collect(),
    );
    let store = Arc::new(Checkpoints::open(dir.path().join("runs.sqlite")).unwrap());
    let mut rows = Vec::new();
    for (name, runner, parallel) in [
        (
            "one step at a time, no checkpoints",
            Runner::new(tools.clone()),
            1,
        ),
        (
            "two at a time, no checkpoints",
            Runner::new(tools.clone()),
            2,
        ),
        (
            "one step at a time, SQLite checkpoint per step",
            Runner::new(tools).checkpoints(store),
            1,
        ),
    ] {
        let runner = runner.parallel(parallel);
        let per_step = median(
            (0..ROUNDS)
                .map(|i| {
                    let t = Instant::now();
                    runner.run(&format!("{name}-{i}"), &plan).unwrap();
                    t.elapsed().as_secs_f64() * 1e6 / STEPS as f64
                })
                .collect(),
        );
        rows.push((name, per_step, per_step - direct));
    }
    let request = "review src/ for security issues, then write tests for the three worst";
    let parse_us = median(
        (0..ROUNDS * 10)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(parse_request(request, None).unwrap().validate().is_ok());
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect(),
    );
    println!(
        "| run ({STEPS} independent steps, median of {ROUNDS}) | per step | overhead per step (minus {direct:.1} µs of agent work) |"
    );
    println!("|---|---:|---:|");
    for (name, total, overhead) in rows {
        println!("| {name} | {total:.1} µs | {overhead:.1} µs |");
    }
    println!(
        "| planning a two-step request with the parser (and validating it) | {parse_us:.1} µs | |"
    );
}
