//! Bad input never aborts a run: each kind is skipped or analysed with a reason, and the good
//! files beside it are still analysed.

use std::fs;
use std::path::Path;

use conclave::source::SkipReason;
use conclave::{Config, Engine, Language, Report};

fn engine() -> Engine {
    Engine::builder().threads(2).build().unwrap()
}

fn skipped_reason<'a>(report: &'a Report, suffix: &str) -> &'a SkipReason {
    &report
        .skipped
        .iter()
        .find(|s| s.path.ends_with(suffix))
        .unwrap_or_else(|| panic!("{suffix} not skipped: {:?}", report.skipped))
        .reason
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn binary_file_is_skipped_and_others_analysed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "blob.py", b"def f():\n\0\0\x01\x02 pass\n");
    write(dir.path(), "good.py", b"def g():\n    return 1\n");
    let report = engine().analyze_path(dir.path());
    assert_eq!(skipped_reason(&report, "blob.py"), &SkipReason::Binary);
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.files[0].metrics.functions[0].name, "g");
}

#[test]
fn file_over_size_limit_is_skipped_with_sizes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.js", "var x = 1;\n".repeat(200).as_bytes());
    write(dir.path(), "small.js", b"var y = 2;\n");
    let config = Config {
        max_file_size: 1000,
        ..Config::default()
    };
    let report = Engine::builder()
        .config(config)
        .build()
        .unwrap()
        .analyze_path(dir.path());
    assert_eq!(
        skipped_reason(&report, "big.js"),
        &SkipReason::TooLarge {
            size: 2200,
            limit: 1000
        }
    );
    assert_eq!(report.files.len(), 1);
}

#[test]
fn invalid_utf8_is_analysed_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "latin1.py",
        b"# caf\xe9\ndef f(x):\n    if x:\n        return 1\n",
    );
    let report = engine().analyze_path(dir.path());
    let file = &report.files[0];
    assert!(
        file.warnings.iter().any(|w| w.contains("invalid UTF-8")),
        "{:?}",
        file.warnings
    );
    assert_eq!(file.metrics.functions[0].cyclomatic, 2);
}

#[test]
fn syntax_errors_give_partial_results_and_a_finding() {
    let src = "def ok(a):\n    if a:\n        return 1\n\ndef broken(:\n    pass\n\ndef after(b):\n    return b\n";
    let file = engine().analyze_source(Language::Python, src);
    let names: Vec<_> = file
        .metrics
        .functions
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert!(
        names.contains(&"ok") && names.contains(&"after"),
        "{names:?}"
    );
    let syntax: Vec<_> = file
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == "SX001")
        .collect();
    assert_eq!(syntax.len(), 1, "{:?}", file.findings);
    assert_eq!(syntax[0].span.start.line, 5);
}

/// 100 000 nested brackets must neither overflow the stack nor lose the file.
#[test]
fn pathologically_deep_nesting_does_not_overflow() {
    const DEPTH: usize = 100_000;
    let parens =
        |open: &str, close: &str| format!("{}1{}", open.repeat(DEPTH), close.repeat(DEPTH));
    let cases = [
        (
            Language::Python,
            format!("def f():\n    return {}\n", parens("(", ")")),
        ),
        (Language::Python, format!("x = {}\n", parens("[", "]"))),
        (
            Language::JavaScript,
            format!("function f() {{ return {}; }}\n", parens("(", ")")),
        ),
        (
            Language::JavaScript,
            format!("function g() {}\n", "{".repeat(DEPTH) + &"}".repeat(DEPTH)),
        ),
        (
            Language::Java,
            format!("class A {{ int f() {{ return {}; }} }}\n", parens("(", ")")),
        ),
        (
            Language::CSharp,
            format!("class A {{ int F() {{ return {}; }} }}\n", parens("(", ")")),
        ),
        (
            Language::Go,
            format!(
                "package a\nfunc f() int {{ return {} }}\n",
                parens("(", ")")
            ),
        ),
        // Deeply nested functions, arrows, assignments and ternaries exercise naming and the
        // lizard-compatible counting, which must not walk up the tree per node.
        (
            Language::JavaScript,
            format!(
                "{}1{}\n",
                "f(function () { return ".repeat(DEPTH / 10),
                "; })".repeat(DEPTH / 10)
            ),
        ),
        (
            Language::JavaScript,
            format!("g = {}1;\n", "x => ".repeat(DEPTH / 10)),
        ),
        (
            Language::JavaScript,
            format!(
                "{}1{}\n",
                "a = (".repeat(DEPTH / 10),
                ")".repeat(DEPTH / 10)
            ),
        ),
        (
            Language::Java,
            format!(
                "class A {{ int f() {{ return {}1{}; }} }}\n",
                "a ? ".repeat(DEPTH / 10),
                " : b".repeat(DEPTH / 10)
            ),
        ),
        (
            Language::Python,
            format!("f = {}1\n", "lambda: ".repeat(DEPTH / 10)),
        ),
    ];
    // Run on a thread with a deliberately small stack: recursion anywhere would crash it.
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let engine = Engine::builder().threads(1).build().unwrap();
            for (language, src) in cases {
                let file = engine.analyze_source(language, &src);
                assert_eq!(file.language, language);
                assert!(file.metrics.loc >= 1, "{language}");
                // Rules are skipped on such trees, and the report says so.
                if file.metrics.max_depth > 1_000 {
                    assert!(
                        file.warnings.iter().any(|w| w.contains("rules skipped")),
                        "{language}"
                    );
                }
            }
        })
        .unwrap()
        .join()
        .expect("deep nesting crashed the analysis");
}

#[cfg(unix)]
#[test]
fn broken_symlinks_and_loops_are_reported_and_skipped() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.go", b"package a\nfunc f() {}\n");
    symlink(
        dir.path().join("nowhere.go"),
        dir.path().join("dangling.go"),
    )
    .unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let report = engine().analyze_path(dir.path());
    assert_eq!(
        skipped_reason(&report, "dangling.go"),
        &SkipReason::BrokenSymlink
    );
    assert_eq!(
        skipped_reason(&report, "sub/loop"),
        &SkipReason::SymlinkLoop
    );
    assert_eq!(
        report.files.len(),
        1,
        "{:?}",
        report.files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn unreadable_files_are_reported_and_skipped() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.java", b"class A { void f() {} }\n");
    // Reading /proc/self/mem at offset 0 fails with EIO, whoever runs the test (root included).
    symlink("/proc/self/mem", dir.path().join("mem.java")).unwrap();
    write(dir.path(), "locked.java", b"class B {}\n");
    fs::set_permissions(
        dir.path().join("locked.java"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let locked_is_readable = fs::read(dir.path().join("locked.java")).is_ok(); // true for root

    let report = engine().analyze_path(dir.path());
    assert!(matches!(
        skipped_reason(&report, "mem.java"),
        SkipReason::Unreadable { .. }
    ));
    if !locked_is_readable {
        assert!(matches!(
            skipped_reason(&report, "locked.java"),
            SkipReason::Unreadable { .. }
        ));
    }
    assert!(report.files.iter().any(|f| f.path.ends_with("good.java")));
}

#[test]
fn missing_path_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.cs", b"class A { void F() {} }\n");
    let report = engine().analyze_paths(&[dir.path().join("nope"), dir.path().join("a.cs")], None);
    assert_eq!(skipped_reason(&report, "nope"), &SkipReason::NotFound);
    assert_eq!(report.files.len(), 1);
}
