//! SARIF output validates against the official OASIS SARIF 2.1.0 schema.

use std::path::Path;

use conclave::{Engine, output};

const SCHEMA: &str = "tests/schemas/sarif-schema-2.1.0.json";

#[test]
fn vendored_schema_is_the_shared_one() {
    // The workspace's shared/ folder holds the reference copy; where it exists, ours must match.
    let shared =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas/sarif-schema-2.1.0.json");
    if let Ok(reference) = std::fs::read(&shared) {
        assert_eq!(
            std::fs::read(SCHEMA).unwrap(),
            reference,
            "tests/schemas is stale"
        );
    }
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = String::from("def tangled(a, b, c, d, e, f, g, h):\n");
    for level in 0..6 {
        deep.push_str(&format!(
            "{}if a > {level} and b or c:\n",
            "    ".repeat(level + 1)
        ));
    }
    deep.push_str(&format!("{}return 1\n", "    ".repeat(7)));
    std::fs::write(dir.path().join("tangled.py"), deep).unwrap();
    std::fs::write(dir.path().join("broken file.js"), "function f( {\n").unwrap();
    std::fs::write(dir.path().join("blob.go"), b"\0\0").unwrap();
    // A fix (B003 has none; the metric rules neither): a suppressed and a plain finding.
    std::fs::write(
        dir.path().join("same.py"),
        "def f(a):\n    x = a == a  # conclave: ignore[B003]\n    return a == a\n",
    )
    .unwrap();

    // A taint flow: request data through a helper into a SQL query (a codeFlow).
    std::fs::write(
        dir.path().join("view.py"),
        "from flask import request\n\ndef find(cur, name):\n    cur.execute(\"SELECT * FROM t WHERE n = '\" + name + \"'\")\n\n\
         def view(cur):\n    find(cur, request.args[\"n\"])\n",
    )
    .unwrap();

    let engine = Engine::builder().threads(1).build().unwrap();
    let report = engine.analyze_path(dir.path());
    assert!(
        report.findings().count() >= 3,
        "expected findings to exercise the format"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&output::render_sarif(&report, engine.rules())).unwrap();

    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );

    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    let taint = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "S001")
        .expect("the SQL injection flow is reported");
    let steps = taint["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    let lines: Vec<u64> = steps
        .iter()
        .map(|s| {
            s["location"]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(
        lines.first(),
        Some(&7),
        "the flow starts at the source: {lines:?}"
    );
    assert_eq!(lines.last(), Some(&4), "and ends at the sink: {lines:?}");
    assert_eq!(
        taint["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(
            rules[index]["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## Why is this bad?")
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(
            region["startLine"].as_u64().unwrap() >= 1
                && region["startColumn"].as_u64().unwrap() >= 1
        );
        assert_eq!(
            result["partialFingerprints"]["conclave/v1"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
    }
    let uris: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.iter().any(|u| u.ends_with("broken%20file.js")),
        "{uris:?}"
    );
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"][0]["kind"] == "inSource")
    );
    // The skipped binary file is a notification, not a lost file.
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["message"]["text"].as_str().unwrap().contains("blob.go"))
    );
}
