//! The learning replay as a Markdown table: `conclave::learn::replay` over labelled findings
//! (`$CONCLAVE_LEARN_RECORDS`, default the committed fixture), declared confidence against
//! learned reliability. `benches/learn-replay/run` calls it with fresh records.
//!
//! usage: cargo run --release -p conclave-benches --bin learn_replay

use std::path::Path;

use conclave::learn::{ReplayOptions, read_records, replay};

fn main() {
    let records = match std::env::var_os("CONCLAVE_LEARN_RECORDS") {
        Some(path) => std::fs::read_to_string(path).unwrap(),
        None => std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/learn/replay.jsonl"),
        )
        .unwrap(),
    };
    let records = read_records(&records).unwrap();
    let mut out = String::new();
    let by_rule = ReplayOptions {
        per_language: false,
        ..ReplayOptions::default()
    };
    let runs = [
        (
            "rule × language",
            replay(&records, &ReplayOptions::default()),
        ),
        ("rule only", replay(&records, &by_rule)),
    ];
    let first = &runs[0].1;
    out.push_str(&format!(
        "{} records ({} true), {} rules; {} shuffles, each scoring its last {} records after \
         learning online from the ones before.\n\n",
        first.records, first.true_positives, first.rules, first.rounds, first.scored_per_round
    ));
    out.push_str("| ranking | precision @ recall 0.8 | precision @ recall 0.9 | shuffles won / tied / lost @ 0.9 |\n");
    out.push_str("|---|---:|---:|---:|\n");
    let point = |report: &conclave::learn::ReplayReport, recall: f64| {
        report
            .points
            .iter()
            .find(|p| (p.recall - recall).abs() < 1e-9)
            .cloned()
            .unwrap()
    };
    out.push_str(&format!(
        "| declared confidence (baseline) | {:.3} | {:.3} | |\n",
        point(first, 0.8).baseline,
        point(first, 0.9).baseline
    ));
    for (name, report) in &runs {
        let p9 = point(report, 0.9);
        out.push_str(&format!(
            "| learned reliability, {name} | {:.3} | {:.3} | {} / {} / {} |\n",
            point(report, 0.8).learned,
            p9.learned,
            p9.learned_wins,
            p9.ties,
            p9.baseline_wins
        ));
    }
    out.push_str("\n| rule | declared | records | true | learned mean | 5 % bound |\n|---|---|---:|---:|---:|---:|\n");
    for r in &first.by_rule {
        out.push_str(&format!(
            "| {} | {:?} | {} | {} | {:.2} | {:.2} |\n",
            r.rule,
            r.confidence,
            r.records,
            r.true_positives,
            r.learned_mean,
            r.learned_lower_bound
        ));
    }
    match std::env::var_os("CONCLAVE_LEARN_TABLE") {
        Some(path) => std::fs::write(path, out).unwrap(),
        None => print!("{out}"),
    }
}
