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
    let lines: Vec<(&str, u32)> = diagnosis
        .suspects
        .iter()
        .map(|s| (s.file.as_str(), s.line))
        .collect();
    // The other frames follow, outer ones lower; the line feeding `total` comes in between.
    let at = |l: (&str, u32)| lines.iter().position(|x| *x == l).unwrap();
    assert!(at(("stats.py", 2)) < at(("stats.py", 7)), "{lines:?}");
    assert!(at(("stats.py", 7)) < at(("main.py", 3)), "{lines:?}");
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

/// The sample project's `total_units` fails with an IndexError on `items[i]`; the bug is the
/// loop bound above it (`i <= len(items)`), which only the data flow into the failing line
/// reveals. The detective ranks that line first and writes a regression test that fails on the
/// buggy code (the same failure) and passes once the bound is fixed.
#[test]
fn data_flow_puts_the_loop_bound_above_the_failing_index_and_a_regression_test_follows() {
    use conclave::agents::{Agent, DebugDetectiveAgent, Task, TestCommand, builtin_definitions};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sample-project");
    let module = std::fs::read_to_string(sample.join("inventory.py")).unwrap();
    std::fs::write(dir.path().join("inventory.py"), &module).unwrap();
    std::fs::write(
        dir.path().join("count.py"),
        "import inventory\n\nprint(inventory.total_units([{\"units\": 2}]))\n",
    )
    .unwrap();
    let trace = run_failing("python3", dir.path(), "count.py");
    assert!(trace.contains("IndexError"), "{trace}");

    let engine = Arc::new(Engine::builder().threads(1).build().unwrap());
    let definition = builtin_definitions()
        .unwrap()
        .into_iter()
        .find(|d| d.name == "debug-detective")
        .unwrap();
    let pytest = Command::new("python3")
        .args(["-m", "pytest", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut agent = DebugDetectiveAgent::new(definition, engine);
    if pytest {
        agent = agent.with_tests(
            TestCommand::parse(
                dir.path(),
                "python3 -m pytest -q",
                std::time::Duration::from_secs(60),
            )
            .unwrap(),
        );
    }
    let out = agent
        .run(&Task::Debug {
            trace,
            root: dir.path().to_owned(),
        })
        .unwrap();
    let diagnosis = out.diagnosis.unwrap();
    let bound = module
        .lines()
        .position(|l| l.contains("while i <= len(items)"))
        .unwrap() as u32
        + 1;
    let top = &diagnosis.suspects[0];
    assert_eq!(
        (top.file.as_str(), top.line),
        ("inventory.py", bound),
        "{:#?}",
        diagnosis.suspects
    );
    assert!(top.reason.contains("inclusive bound"), "{}", top.reason);
    // The failing line itself comes right after.
    assert_eq!(diagnosis.suspects[1].line, bound + 1);

    if !pytest {
        eprintln!("skipped the regression test run: python3 -m pytest is not available");
        return;
    }
    let placed = out
        .repair
        .unwrap()
        .regression_test
        .expect("a regression test");
    assert_eq!(placed.test.exception, "IndexError");
    let run = |dir: &Path| {
        std::fs::write(dir.join(&placed.path), &placed.test.code).unwrap();
        Command::new("python3")
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(&placed.path)
            .current_dir(dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(!run(dir.path()), "the regression test must fail on the bug");
    std::fs::write(
        dir.path().join("inventory.py"),
        module.replace("while i <= len(items)", "while i < len(items)"),
    )
    .unwrap();
    assert!(run(dir.path()), "and pass once the bound is fixed");
}
