//! Analyse a directory with the Rust API and print the worst functions.
//!
//! ```sh
//! cargo run -p conclave-example-rust -- examples/sample
//! ```

use conclave::{Config, Engine, Language, Severity};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/sample".into());

    // Thresholds and rating are plain config; this one is stricter than the defaults.
    let mut config = Config::default();
    config.thresholds.cyclomatic = 10;
    let engine = Engine::builder().config(config).threads(2).build()?;

    let report = engine.analyze_path(&path);
    let s = &report.summary;
    println!("{} files, {} lines, rating {}", s.files, s.loc, s.rating);

    let mut functions: Vec<_> = report
        .files
        .iter()
        .flat_map(|f| {
            f.metrics
                .functions
                .iter()
                .map(move |m| (f.path.as_str(), m))
        })
        .collect();
    functions.sort_by_key(|(_, m)| std::cmp::Reverse(m.cognitive));
    for (path, m) in functions.iter().take(3) {
        println!(
            "{path}:{} {} cyclomatic {} cognitive {}",
            m.start_line, m.qualified_name, m.cyclomatic, m.cognitive
        );
    }
    for finding in report.findings().filter(|f| f.severity >= Severity::Medium) {
        println!(
            "{}:{} {} {}",
            finding.path, finding.span.start.line, finding.rule_id, finding.message
        );
    }

    // Source held in memory works the same way.
    let file = engine.analyze_source(
        Language::Go,
        "package a\nfunc f(x int) bool { return x > 0 && x < 9 }\n",
    );
    println!(
        "in-memory Go: {}",
        serde_json::to_string(&file.metrics.functions[0])?
    );
    Ok(())
}
