//! `conclave models`, `generate` and `chat` with the real SmolLM2 file (pulled into the model
//! cache by `models pull`, which `.ci/run` runs first; pulling again is a no-op).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn conclave(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conclave"))
        .args(args)
        .output()
        .expect("conclave runs")
}

fn ok_stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn pull_list_and_generate_json() {
    let path = ok_stdout(&conclave(&["models", "pull", "smollm2"]));
    assert!(
        path.trim().ends_with("SmolLM2-135M-Instruct.Q4_1.gguf"),
        "{path}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok_stdout(&conclave(&["models", "list", "--json"]))).unwrap();
    let entry = &list.as_array().unwrap()[0];
    assert_eq!(
        (entry["name"].as_str(), entry["cached"].as_bool()),
        (Some("smollm2"), Some(true))
    );

    let out = conclave(&[
        "generate",
        "--json",
        "--max-tokens",
        "12",
        "--threads",
        "2",
        "--raw",
        "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
    ]);
    let v: serde_json::Value = serde_json::from_str(&ok_stdout(&out)).unwrap();
    for key in [
        "text",
        "prompt_tokens",
        "completion_tokens",
        "load_s",
        "prompt_tok_s",
        "decode_tok_s",
        "backend",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert!(v["text"].as_str().unwrap().contains("Paris"), "{v}");
    assert_eq!(v["backend"], "cpu");
    assert!(v["completion_tokens"].as_u64().unwrap() <= 12);
    assert!(v["decode_tok_s"].as_f64().unwrap() > 0.0);
}

#[test]
fn generate_with_a_schema_prints_valid_json() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, r#"{"type":"object","properties":{"answer":{"type":"string","maxLength":30},"sure":{"type":"boolean"}},"required":["answer","sure"]}"#).unwrap();
    let out = conclave(&[
        "generate",
        "--schema",
        schema.to_str().unwrap(),
        "--max-tokens",
        "40",
        "Capital of Italy?",
    ]);
    let v: serde_json::Value = serde_json::from_str(ok_stdout(&out).trim()).unwrap();
    assert!(v["answer"].is_string() && v["sure"].is_boolean(), "{v}");
}

fn chat(input: &[u8]) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conclave"))
        .args(["chat", "--max-tokens", "20"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    ok_stdout(&out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn chat_reads_turns_from_standard_input_and_reset_starts_over() {
    let replies = chat(b"What is the capital of France?\n/reset\nSay hello.\n");
    assert_eq!(replies.len(), 2, "two replies: {replies:?}");
    // After /reset the conversation is fresh: the same reply as a new chat's first turn.
    assert_eq!(replies[1], chat(b"Say hello.\n")[0]);
    let continued = chat(b"What is the capital of France?\nSay hello.\n");
    assert_eq!(continued.len(), 2);
}

#[test]
fn bad_models_and_backends_are_clear_errors() {
    let out = conclave(&["generate", "--model", "no-such-model", "hi"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown model `no-such-model`"));

    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.gguf");
    std::fs::write(&junk, b"GGUF but not really").unwrap();
    let out = conclave(&["generate", "--model", junk.to_str().unwrap(), "hi"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a valid GGUF file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    if !cfg!(feature = "cuda") {
        let out = conclave(&["generate", "--backend", "cuda", "hi"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("backend cuda:0 is not available"));
    }
}

#[test]
fn generate_records_every_call_and_costs_and_budgets_read_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let ledger = ledger.to_str().unwrap();
    for policy in ["local-only", "local-first", "cost-aware", "cloud-first"] {
        let out = Command::new(env!("CARGO_BIN_EXE_conclave"))
            .args([
                "generate",
                "--json",
                "--max-tokens",
                "8",
                "--policy",
                policy,
                "--ledger",
                ledger,
                "Say hi.",
            ])
            .env_remove("OPENAI_API_KEY")
            .env_remove("ANTHROPIC_API_KEY")
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&ok_stdout(&out)).unwrap();
        assert_eq!(
            (v["route"].as_str(), v["local"].as_bool()),
            (Some("local:smollm2"), Some(true)),
            "{policy}: {v}"
        );
    }
    let out = conclave(&[
        "costs", "--format", "json", "--since", "1h", "--ledger", ledger,
    ]);
    let s: serde_json::Value = serde_json::from_str(&ok_stdout(&out)).unwrap();
    for key in [
        "calls",
        "local_calls",
        "local_share",
        "cost_usd",
        "cloud_equivalent_usd",
        "savings_usd",
    ] {
        assert!(s.get(key).is_some(), "missing {key} in {s}");
    }
    assert_eq!(
        (s["calls"].as_u64(), s["local_share"].as_f64()),
        (Some(4), Some(1.0))
    );
    assert!(s["savings_usd"].as_f64().unwrap() > 0.0);

    ok_stdout(&conclave(&[
        "budget",
        "set",
        "--scope",
        "user:ann",
        "--period",
        "day",
        "--limit",
        "0.25",
        "--on-limit",
        "refuse",
        "--ledger",
        ledger,
    ]));
    let out = conclave(&["budget", "show", "--format", "json", "--ledger", ledger]);
    let b: serde_json::Value = serde_json::from_str(&ok_stdout(&out)).unwrap();
    assert_eq!(b[0]["scope"], "user:ann");
    assert_eq!(b[0]["limit_usd"], 0.25);
    assert_eq!(b[0]["on_limit"], "refuse");
    let bad = conclave(&[
        "budget", "set", "--scope", "team", "--limit", "1", "--ledger", ledger,
    ]);
    assert_eq!(bad.status.code(), Some(2));
}
