//! The debug detective end to end: a real failing program, its real trace, and the ranking
//! that points at the line holding the bug (with the finding that explains it and its fix).

use std::path::Path;
use std::process::Command;

use conclave::Engine;
use conclave::debug::diagnose;

/// Runs `program` with `interpreter` in `dir` and returns what it printed on stderr.
fn run_failing(interpreter: &str, dir: &Path, program: &str) -> String {
    let out = Command::new(interpreter)
        .arg(program)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap_or_else(|e| panic!("{interpreter} must be installed: {e}"));
    assert!(!out.status.success(), "the program is meant to fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_python_failure_points_at_the_line_a_bug_pattern_explains() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stats.py"),
        "def mean(values):\n    total = sum(values)\n    return total / 0\n\n\n\
         def report(values):\n    return \"mean: %s\" % mean(values)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("main.py"),
        "from stats import report\n\nprint(report([1, 2, 3]))\n",
    )
    .unwrap();
    let trace = run_failing("python3", dir.path(), "main.py");
    let engine = Engine::builder().threads(1).build().unwrap();
    let diagnosis = diagnose(&engine, &trace, dir.path()).unwrap();

    let top = &diagnosis.suspects[0];
    assert_eq!(
        (top.file.as_str(), top.line),
        ("stats.py", 3),
        "{:#?}",
        diagnosis.suspects
    );
    assert!(top.findings.contains(&"B010".to_owned()), "{top:?}");
    assert!(top.reason.contains("division-by-zero"), "{}", top.reason);
    // The other frames follow, outer ones lower.
    let lines: Vec<(&str, u32)> = diagnosis
        .suspects
        .iter()
        .map(|s| (s.file.as_str(), s.line))
        .collect();
    assert_eq!(&lines[1..], &[("stats.py", 7), ("main.py", 3)]);
    let hypothesis = diagnosis.hypothesis.as_ref().unwrap();
    assert!(
        hypothesis.summary.contains("ZeroDivisionError")
            && hypothesis.summary.contains("stats.py:3")
    );
    assert!(hypothesis.confidence > 0.5, "{hypothesis:?}");
}

#[test]
fn a_node_failure_without_a_matching_finding_ranks_the_innermost_frame_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lib.js"),
        "function first(items) {\n  return items[0].name;\n}\n\nmodule.exports = { first };\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.js"),
        "const { first } = require('./lib');\n\nconsole.log(first([]));\n",
    )
    .unwrap();
    let trace = run_failing("node", dir.path(), "app.js");
    let engine = Engine::builder().threads(1).build().unwrap();
    let diagnosis = diagnose(&engine, &trace, dir.path()).unwrap();
    let ranked: Vec<(&str, u32)> = diagnosis
        .suspects
        .iter()
        .map(|s| (s.file.as_str(), s.line))
        .collect();
    assert_eq!(
        &ranked[..2],
        &[("lib.js", 2), ("app.js", 3)],
        "{:#?}",
        diagnosis.suspects
    );
    assert!(diagnosis.suspects[0].score > diagnosis.suspects[1].score);
    assert!(diagnosis.fix.is_none());
}

#[test]
fn the_captured_go_panic_ranks_the_helper_line_first() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/traces/go"));
    let trace = std::fs::read_to_string(root.join("main.trace.txt")).unwrap();
    let engine = Engine::builder().threads(1).build().unwrap();
    let diagnosis = diagnose(&engine, &trace, root).unwrap();
    let parsed = &diagnosis.trace.failures[0].frames;
    let innermost_user = parsed.iter().find(|f| f.user_code).unwrap();
    assert_eq!(diagnosis.suspects[0].line, innermost_user.line);
    assert_eq!(diagnosis.suspects[0].file, "main.go");
    assert!(diagnose(&engine, "no trace here", root).is_err());
}
