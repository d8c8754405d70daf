//! `conclave plan` and `conclave run` as a user runs them, including `kill -9` in the middle of
//! a run and resuming it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sample-project");
    for name in ["inventory.py", "cart.js", "ledger.go"] {
        std::fs::copy(from.join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("slow.sh"), "sleep 20\n").unwrap();
    dir
}

#[test]
fn plan_prints_a_validated_plan_as_json_and_refuses_unsafe_requests() {
    let dir = project();
    let out = Command::new(env!("CARGO_BIN_EXE_conclave"))
        .args([
            "plan",
            "review the project for security issues, then write tests for the three worst",
        ])
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = plan["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    for key in ["id", "agent", "inputs", "depends_on"] {
        assert!(steps.iter().all(|s| s.get(key).is_some()), "{key}");
    }
    assert_eq!(steps[1]["depends_on"][0], steps[0]["id"]);

    let out = Command::new(env!("CARGO_BIN_EXE_conclave"))
        .args(["plan", "scan /etc/passwd for secrets"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the project"));
}

#[test]
fn a_run_killed_mid_workflow_resumes_without_redoing_finished_steps() {
    let dir = project();
    let db = dir.path().join("runs.sqlite");
    let request = "review the project for bugs, then run the tests";
    let run = |test_cmd: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_conclave"));
        command
            .args(["run", request])
            .arg(dir.path())
            .args(["--format", "json", "--run-id", "k9", "--test-cmd", test_cmd])
            .arg("--checkpoints")
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    };
    // First run: the tests hang; kill -9 once the review is checkpointed and the tests started.
    let mut child = run("sh slow.sh").spawn().unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap());
    let mut review_findings = None;
    for line in lines.lines() {
        let event: Value = serde_json::from_str(&line.unwrap()).unwrap();
        if event["event"] == "step-finished" && event["step"] == "review" {
            review_findings = event["findings"].as_u64();
        }
        if event["event"] == "step-started" && event["step"] == "run-tests" {
            break;
        }
    }
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-9", &pid])
            .status()
            .unwrap()
            .success()
    );
    let _ = child.wait();
    assert!(review_findings.unwrap() > 0);

    // Second run, same id: the review comes from the checkpoint, only the tests run.
    let out = run("true").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let started: Vec<&str> = events
        .iter()
        .filter(|e| e["event"] == "step-started")
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(started, ["run-tests"], "the review is not redone");
    let report = &events.last().unwrap()["report"];
    assert_eq!(report["status"], "succeeded");
    assert_eq!(report["resumed"][0], "review");
    let review = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "review")
        .unwrap();
    assert_eq!(
        review["output"]["findings"].as_array().unwrap().len() as u64,
        review_findings.unwrap()
    );
}
