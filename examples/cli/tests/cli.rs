//! The `conclave` binary end to end: formats, exit codes, output files, no colour when piped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn conclave(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conclave"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("conclave runs")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sample")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const COMPLEX_PY: &str = "def f(a, b, c, d, e, f, g, h, i):\n    return a\n";
const CLEAN_PY: &str = "def f(a):\n    return a\n";

#[test]
fn review_text_on_the_sample_tree() {
    let out = conclave(&["review", "."], &sample());
    assert_eq!(out.status.code(), Some(1), "the sample has findings");
    let text = stdout(&out);
    assert!(
        text.contains("python/orders.py:14:5: medium CX001"),
        "{text}"
    );
    assert!(
        text.contains(" 14 | def price("),
        "source line shown: {text}"
    );
    assert!(text.contains("Analysed 6 files"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when piped");
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tree(&[("a.py", COMPLEX_PY)]);
    let run = |args: &[&str]| conclave(args, dir.path()).status.code();
    // CX004 too-many-parameters is medium.
    assert_eq!(run(&["review", "."]), Some(1));
    assert_eq!(run(&["review", ".", "--fail-on", "medium"]), Some(1));
    assert_eq!(run(&["review", ".", "--fail-on", "high"]), Some(0));
    assert_eq!(run(&["review", ".", "--fail-on", "none"]), Some(0));
    assert_eq!(run(&["review", ".", "--fail-on", "bogus"]), Some(2));
    assert_eq!(run(&["review", "--format", "xml", "."]), Some(2));
    assert_eq!(run(&["review", "does-not-exist"]), Some(2));

    let clean = tree(&[("a.py", CLEAN_PY)]);
    assert_eq!(
        conclave(&["review", "."], clean.path()).status.code(),
        Some(0)
    );
}

#[test]
fn json_jsonl_and_sarif_are_well_formed() {
    let root = sample();
    let json: serde_json::Value = serde_json::from_str(&stdout(&conclave(
        &["review", "--format", "json", "."],
        &root,
    )))
    .unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["summary"]["files"], 6);
    assert!(
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| !f["findings"].as_array().unwrap().is_empty())
    );

    let jsonl = stdout(&conclave(&["review", "--format", "jsonl", "."], &root));
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.last().unwrap()["type"], "summary");
    assert!(lines.iter().filter(|l| l["type"] == "finding").count() >= 5);
    assert!(
        lines
            .iter()
            .all(|l| l["type"] != "finding" || l["fingerprint"].as_str().is_some())
    );

    let sarif: serde_json::Value = serde_json::from_str(&stdout(&conclave(
        &["review", "--format", "sarif", "."],
        &root,
    )))
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn metrics_json_has_the_documented_shape() {
    let out = conclave(
        &["metrics", "--format", "json", "--threads", "2", "."],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(json["schema_version"].is_number());
    let files = json["files"].as_array().unwrap();
    let orders = files
        .iter()
        .find(|f| f["path"] == "python/orders.py")
        .unwrap();
    for key in ["path", "language", "loc", "sloc", "rating", "functions"] {
        assert!(!orders[key].is_null(), "missing {key}");
    }
    assert_eq!(orders["language"], "python");
    let price = orders["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "price")
        .unwrap();
    for key in [
        "name",
        "start_line",
        "end_line",
        "cyclomatic",
        "cognitive",
        "params",
        "max_nesting",
        "loc",
    ] {
        assert!(
            price[key].is_number() || price[key].is_string(),
            "missing {key}"
        );
    }
    assert_eq!(price["start_line"], 14);
    assert_eq!(price["params"], 9);
    assert_eq!(price["cyclomatic"], 18);
}

#[test]
fn output_file_and_config_are_honoured() {
    let dir = tree(&[
        ("a.py", COMPLEX_PY),
        ("conclave.toml", "[thresholds]\nparameters = 20\n"),
    ]);
    let out = conclave(
        &["review", "--output", "report.json", "--format", "json", "."],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "threshold raised by conclave.toml"
    );
    assert!(out.stdout.is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json["summary"]["findings"], 0);

    std::fs::write(dir.path().join("bad.toml"), "[thresholds]\nparams = 3\n").unwrap();
    let out = conclave(&["review", "--config", "bad.toml", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:2:") && err.contains("params"),
        "{err}"
    );
}

#[test]
fn rules_are_listed_and_explained() {
    let list = stdout(&conclave(&["rules"], &sample()));
    assert!(list.contains("CX001") && list.contains("SX001"));
    let explain = conclave(&["rules", "explain", "CX002"], &sample());
    assert!(stdout(&explain).contains("## Why is this bad?"));
    assert_eq!(
        conclave(&["rules", "ZZ999"], &sample()).status.code(),
        Some(2)
    );
}

const FIX_RULES: &[(&str, &str)] = &[
    (
        "eq-true.yml",
        r#"id: T100
name: eq-true
category: refactoring
severity: low
confidence: high
summary: Comparison with True.
message: "compare `$x` directly"
languages:
  python:
    query: |
      ((comparison_operator (identifier) @x (true)) @finding)
    fix:
      template: "$x"
      applicability: safe
docs:
  what: x == True.
  why: Redundant.
  bad: "if x == True: pass"
  good: "if x: pass"
"#,
    ),
    (
        "breaks-code.yml",
        r#"id: T101
name: breaks-code
category: refactoring
severity: low
confidence: high
summary: A fix that would break the file.
message: "pass statement"
languages:
  python:
    query: |
      (pass_statement) @finding
    fix:
      template: "pass ((("
      applicability: safe
docs:
  what: Demonstrates refusal.
  why: Testing.
  bad: pass
  good: pass
"#,
    ),
];

fn fix_tree() -> tempfile::TempDir {
    let dir = tree(&[(
        "app.py",
        "def f(x):\n    if x == True:\n        pass\n    return x == True\n",
    )]);
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    for (name, text) in FIX_RULES {
        std::fs::write(dir.path().join("rules").join(name), text).unwrap();
    }
    dir
}

#[test]
fn fix_applies_safe_fixes_atomically_and_refuses_breaking_ones() {
    let dir = fix_tree();
    let diff = conclave(
        &["review", "--rules", "rules", "--diff", "app.py"],
        dir.path(),
    );
    assert_eq!(diff.status.code(), Some(1));
    let patch = stdout(&diff);
    assert!(
        patch.contains("-    if x == True:") && patch.contains("+    if x:"),
        "{patch}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        "def f(x):\n    if x == True:\n        pass\n    return x == True\n",
        "--diff writes nothing"
    );

    let fixed = conclave(
        &[
            "review", "--rules", "rules", "--fix", "--format", "json", "app.py",
        ],
        dir.path(),
    );
    let text = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
    assert_eq!(text, "def f(x):\n    if x:\n        pass\n    return x\n");
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert!(
        stderr.contains("would introduce a syntax error"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&fixed)).unwrap();
    let remaining: Vec<&str> = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .filter(|id| id.starts_with('T'))
        .collect();
    assert_eq!(
        remaining,
        ["T101"],
        "only the refused fix's finding remains"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("conclave-fix"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}

#[test]
fn baseline_hides_known_findings_but_not_new_ones() {
    let dir = tree(&[("a.py", COMPLEX_PY)]);
    let create = conclave(&["baseline", "--to", "base.json", "."], dir.path());
    assert_eq!(create.status.code(), Some(0));
    assert_eq!(
        conclave(&["review", "--baseline", "base.json", "."], dir.path())
            .status
            .code(),
        Some(0)
    );
    // Lines added above keep the old finding matched; a new problem is still reported.
    std::fs::write(
        dir.path().join("a.py"),
        format!("import os\nos.getcwd()\n\n{COMPLEX_PY}\ndef g(a):\n    return a == a\n"),
    )
    .unwrap();
    let out = conclave(
        &["review", "--baseline", "base.json", "--format", "json", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["B003"]);
}

#[test]
fn debug_prints_ranked_suspects_a_hypothesis_and_a_fix_as_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("calc.py"),
        "def share(total, parts):\n    return total / 0\n\n\nprint(share(10, 2))\n",
    )
    .unwrap();
    let run = Command::new("python3")
        .arg("calc.py")
        .current_dir(dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 is installed");
    std::fs::write(dir.path().join("failure.txt"), &run.stderr).unwrap();
    let out = conclave(
        &["debug", "--trace", "failure.txt", ".", "--format", "json"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let top = &json["suspects"][0];
    assert_eq!(
        (top["file"].as_str(), top["line"].as_u64()),
        (Some("calc.py"), Some(2))
    );
    assert!(
        top["score"].as_f64().unwrap() > 0.0 && top["reason"].as_str().unwrap().contains("B010")
    );
    assert!(
        json["hypothesis"]["summary"]
            .as_str()
            .unwrap()
            .contains("ZeroDivisionError")
    );
    // Without a trace in the file: a clear error, exit code 2.
    std::fs::write(dir.path().join("empty.txt"), "all good\n").unwrap();
    let out = conclave(&["debug", "--trace", "empty.txt", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt"));
}

#[test]
fn watch_prints_the_first_scan_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.py"), "def f(a):\n    return a == a\n").unwrap();
    let out = conclave(&["watch", "--polls", "1", "."], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "new" && e["finding"]["rule_id"] == "B003"),
        "{events:?}"
    );
    assert!(events.iter().any(|e| e["event"] == "analysed"));
}

#[test]
fn testgen_writes_tests_for_each_language_and_a_regression_test() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "calc.py",
            "def per_page(items, pages):\n    if pages < 0:\n        raise ValueError(pages)\n    return items // pages\n",
            "per_page",
            "def test_per_page_1",
        ),
        (
            "calc.cs",
            "public static class Calc {\n    public static int PerPage(int items, int pages) {\n        if (pages < 0) throw new System.ArgumentException();\n        return items / pages;\n    }\n}\n",
            "PerPage",
            "Assert.Throws<System.ArgumentException>",
        ),
    ];
    for (file, code, function, expected) in files {
        std::fs::write(dir.path().join(file), code).unwrap();
        let out = conclave(&["testgen", file, "--function", function], dir.path());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains(expected), "{stdout}");
    }
    std::fs::write(
        dir.path().join("trace.txt"),
        "Traceback (most recent call last):\n  File \"calc.py\", line 4, in per_page\n    return items // pages\nZeroDivisionError: integer division or modulo by zero\n",
    )
    .unwrap();
    let out = conclave(
        &[
            "testgen",
            "calc.py",
            "--function",
            "per_page",
            "--regression-for",
            "trace.txt",
            "-o",
            "test_calc.py",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let test = std::fs::read_to_string(dir.path().join("test_calc.py")).unwrap();
    assert!(
        test.contains("def test_per_page_does_not_raise_zero_division_error"),
        "{test}"
    );
    // Unknown extension: exit code 2 with the reason.
    std::fs::write(dir.path().join("calc.rb"), "def f; end\n").unwrap();
    let out = conclave(&["testgen", "calc.rb", "--function", "f"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no test generator"));
}
