//! Replays a mixed workload of agent-style model calls through the router (policy
//! `local-first`): explain a finding, propose a fix as JSON (which must parse), summarise a file,
//! classify a request. The local backend is the real SmolLM2 model; the cloud is a loopback
//! server speaking OpenAI's format (answers are scripted, so only local share, fallback reasons
//! and token-based costs are meaningful). Prints a Markdown table.
//!
//! usage: cargo run --release -p conclave-benches --bin router_replay

#[path = "../../../core/tests/support/fake_cloud.rs"]
#[allow(dead_code)]
mod fake_cloud;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use conclave::models::{Catalog, LoadOptions, Model};
use conclave::router::{
    ChatRequest, Ledger, LedgerFilter, LocalBackend, OpenAiProvider, RouteRequest, Router,
};
use conclave::{Engine, Language};
use fake_cloud::{FakeCloud, Flavour, Reply};
use serde_json::json;

const FINDINGS: &[(&str, &str, &str)] = &[
    (
        "B001",
        "mutable default argument `items=[]`",
        "def add(item, items=[]):\n    items.append(item)\n    return items\n",
    ),
    (
        "B003",
        "exception swallowed by `except: pass`",
        "try:\n    save(data)\nexcept:\n    pass\n",
    ),
    (
        "B005",
        "identity comparison with a literal: `x is 1`",
        "if x is 1:\n    run()\n",
    ),
    (
        "B007",
        "comparison of `n` with itself",
        "if n == n:\n    return True\n",
    ),
    (
        "B010",
        "unreachable code after `return`",
        "def f():\n    return 1\n    print('done')\n",
    ),
    (
        "P001",
        "string concatenation in a loop",
        "s = ''\nfor w in words:\n    s += w\n",
    ),
    (
        "P003",
        "membership test on a list inside a loop",
        "for u in users:\n    if u in banned_list:\n        block(u)\n",
    ),
    (
        "R003",
        "nesting deeper than 4 levels",
        "for a in x:\n    if a:\n        for b in a:\n            if b:\n                while b:\n                    b -= 1\n",
    ),
    (
        "B012",
        "floating-point equality",
        "if total == 0.3:\n    ok()\n",
    ),
    (
        "B014",
        "assignment to loop variable inside the loop",
        "for i in range(10):\n    i = i + 1\n",
    ),
];

const REQUESTS: &[&str] = &[
    "Fix the null pointer in parser.go when the input is empty",
    "Add a --json flag to the report command",
    "Why does the build fail on Windows?",
    "Split the 900-line engine.rs into modules",
    "The login form accepts SQL in the username field",
    "Make the cache faster on large repositories",
    "What does the rating E mean?",
    "Rename Finding::msg to message everywhere",
    "Crash: index out of range in tokenizer.py line 88",
    "Support C# 12 primary constructors",
];

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let model_path = Catalog::default().pull("smollm2").expect("pull smollm2");
    let model = Model::load(model_path, &LoadOptions::default()).expect("load smollm2");
    let dir = tempfile::tempdir().unwrap();
    let ledger = Arc::new(Ledger::open(dir.path().join("ledger.sqlite")).unwrap());
    let engine = Arc::new(Engine::builder().build().unwrap());

    let router = |reply: Reply| {
        let server = FakeCloud::start(Flavour::OpenAi, vec![reply]);
        let cloud = OpenAiProvider::new(
            "gpt-4o-mini",
            Some(server.base_url.clone()),
            Some("sk-replay".into()),
        )
        .streaming(false);
        (
            Router::builder()
                .backend(LocalBackend::new("smollm2", model.clone()))
                .backend(cloud)
                .ledger(ledger.clone())
                .build(),
            server,
        )
    };
    let (explain, _s1) = router(Reply::Text(
        "The default list is shared between calls.",
        120,
        40,
    ));
    let (fix, _s2) = router(Reply::Text(
        "{\"explanation\":\"use None\",\"fixed_code\":\"def add(item, items=None):\\n    items = items or []\\n    return items + [item]\\n\"}",
        150,
        60,
    ));
    let (summarise, _s3) = router(Reply::Text(
        "- parses input\n- checks rules\n- prints a report",
        2500,
        40,
    ));
    let (classify, _s4) = router(Reply::Text("\"bug-fix\"", 60, 2));

    let mut rows: BTreeMap<&str, (u32, u32, BTreeMap<String, u32>)> = BTreeMap::new();
    let mut tally = |task: &'static str, out: &conclave::router::RouteResponse| {
        let row = rows.entry(task).or_default();
        row.0 += 1;
        row.1 += u32::from(out.local);
        for a in out.attempts.iter().filter(|a| a.outcome != "ok") {
            *row.2.entry(a.outcome.clone()).or_default() += 1;
        }
    };

    for (rule, message, code) in FINDINGS {
        let mut chat = ChatRequest::user(format!(
            "Explain this finding in two sentences.\n{rule}: {message}\n```python\n{code}```"
        ));
        chat.max_tokens = 64;
        let out = explain
            .generate(&RouteRequest::new(chat).task("explain"))
            .expect("explain");
        tally("explain a finding", &out);

        let mut chat = ChatRequest::user(format!(
            "Propose a fix as JSON.\n{rule}: {message}\n```python\n{code}```"
        ));
        chat.max_tokens = 160;
        chat.json_schema = Some(json!({"type": "object", "properties": {
            "explanation": {"type": "string", "maxLength": 160},
            "fixed_code": {"type": "string", "maxLength": 400}}, "required": ["explanation", "fixed_code"]}));
        let engine = Arc::clone(&engine);
        // A fix is only useful if it parses.
        let parses = move |text: &str| -> Result<(), String> {
            let v: serde_json::Value = serde_json::from_str(
                text.trim()
                    .trim_start_matches("```json")
                    .trim_end_matches("```"),
            )
            .map_err(|e| e.to_string())?;
            let code = v["fixed_code"].as_str().unwrap_or_default();
            if code.trim().is_empty() {
                return Err("empty fix".into());
            }
            let report = engine.analyze_source(Language::Python, code);
            match report
                .findings
                .iter()
                .find(|f| f.rule_id.as_str() == "SX001")
            {
                Some(f) => Err(format!("fix does not parse: {}", f.message)),
                None => Ok(()),
            }
        };
        let out = fix
            .generate(&RouteRequest::new(chat).task("fix").validator(parses))
            .expect("fix");
        tally("propose a fix (JSON, must parse)", &out);
    }

    let mut files: Vec<String> = std::fs::read_dir(repo.join("examples/sample"))
        .unwrap()
        .filter_map(Result::ok)
        .flat_map(|dir| {
            std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
        })
        .filter(|e| e.path().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    files.sort();
    files.truncate(6);
    for f in [
        "core/src/analysis/mod.rs",
        "core/src/models/generate.rs",
        "core/src/router/route.rs",
    ] {
        files.push(std::fs::read_to_string(repo.join(f)).unwrap());
    }
    // One file too large for the local context window.
    files.push(
        std::fs::read_to_string(repo.join("core/src/models/json_grammar/compile.rs"))
            .unwrap()
            .repeat(4),
    );
    for text in files.iter().take(10) {
        let mut chat = ChatRequest::user(format!(
            "Summarise what this file does in three bullet points.\n```\n{text}\n```"
        ));
        chat.max_tokens = 80;
        let out = summarise
            .generate(&RouteRequest::new(chat).task("summarize"))
            .expect("summarise");
        tally("summarise a file", &out);
    }

    for request in REQUESTS {
        let mut chat = ChatRequest::user(format!("Classify this request: {request}"));
        chat.max_tokens = 8;
        chat.json_schema =
            Some(json!({"enum": ["bug-fix", "feature", "refactor", "question", "security"]}));
        let out = classify
            .generate(&RouteRequest::new(chat).task("classify"))
            .expect("classify");
        tally("classify a request", &out);
    }

    let s = ledger.summary(&LedgerFilter::default()).unwrap();
    println!("| task | calls | served locally | fallbacks (reason: count) |");
    println!("|---|---:|---:|---|");
    for (task, (calls, local, reasons)) in &rows {
        let reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        println!(
            "| {task} | {calls} | {local} ({:.0} %) | {} |",
            100.0 * f64::from(*local) / f64::from(*calls),
            if reasons.is_empty() {
                "–".into()
            } else {
                reasons.join(", ")
            }
        );
    }
    println!(
        "| **all** | {} | {} ({:.1} %) | {} failed attempts |",
        s.calls,
        s.local_calls,
        100.0 * s.local_share,
        s.failed_attempts
    );
    println!(
        "\ncost ${:.4}; the same calls on {} would have cost ${:.4}; savings ${:.4}",
        s.cost_usd,
        conclave::router::Prices::default().reference_model,
        s.cloud_equivalent_usd,
        s.savings_usd
    );
}
