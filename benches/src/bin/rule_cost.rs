//! What each rule costs: analyses a tree once with every rule disabled (metrics only), then once
//! per rule with only that rule on, one thread (use a tree in one language), and prints the rules by extra time, most costly
//! first. Shows which query or Rust rule to make cheaper.
//!
//! usage: [REPEAT=3] cargo run --release -p conclave-benches --bin rule_cost -- DIR

use std::path::Path;
use std::time::{Duration, Instant};

use conclave::{Config, Engine};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: rule_cost DIR");
        std::process::exit(2);
    };
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let all = Engine::new().expect("engine");
    let every: Vec<String> = all
        .rules()
        .iter()
        .map(|r| r.id.as_str().to_owned())
        .collect();
    let time_with = |keep: Option<&str>| {
        let mut config = Config::default();
        config.rules.disable = every
            .iter()
            .filter(|id| Some(id.as_str()) != keep)
            .cloned()
            .collect();
        let engine = Engine::builder()
            .config(config)
            .threads(1)
            .build()
            .expect("engine");
        best_of(repeat, || {
            engine.analyze_path(Path::new(&dir));
        })
    };
    let base = time_with(None);
    let mut costs: Vec<(String, Duration)> = every
        .iter()
        .map(|id| (id.clone(), time_with(Some(id)).saturating_sub(base)))
        .collect();
    costs.sort_by_key(|c| std::cmp::Reverse(c.1));
    println!("metrics only: {:.0} ms", base.as_secs_f64() * 1e3);
    println!("| rule | extra ms |\n|---|---:|");
    let mut total = Duration::ZERO;
    for (id, cost) in &costs {
        total += *cost;
        println!("| {id} | {:.1} |", cost.as_secs_f64() * 1e3);
    }
    println!("| sum | {:.0} |", total.as_secs_f64() * 1e3);
}

fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
