//! Walking honours ignore files and config globs, and output order never depends on threads.

use std::fs;
use std::path::Path;

use conclave::{Config, Engine, output};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn analysed(engine: &Engine, root: &Path) -> Vec<String> {
    let report = engine.analyze_path(root);
    report
        .files
        .iter()
        .map(|f| {
            f.path
                .strip_prefix(&format!("{}/", root.display()))
                .unwrap_or(&f.path)
                .to_owned()
        })
        .collect()
}

#[test]
fn honours_gitignore_ignore_and_globs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "build/\n*.gen.js\n");
    write(root, ".ignore", "secret.py\n");
    write(root, "src/app.py", "def f():\n    pass\n");
    write(root, "src/secret.py", "x = 1\n");
    write(root, "src/ui.gen.js", "var a;\n");
    write(root, "src/ui.js", "var a;\n");
    write(root, "build/out.js", "var b;\n");
    write(root, "vendor/lib/x.go", "package x\n");
    write(root, "tests/test_app.py", "def test(): pass\n");
    write(root, "tool", "#!/usr/bin/env python3\nprint(1)\n");
    write(root, "README", "not code\n");

    let plain = Engine::builder().threads(2).build().unwrap();
    assert_eq!(
        analysed(&plain, root),
        [
            "src/app.py",
            "src/ui.js",
            "tests/test_app.py",
            "tool",
            "vendor/lib/x.go"
        ]
    );

    let config = Config {
        include: vec!["src/**".into(), "vendor/**".into()],
        exclude: vec!["vendor".into()],
        ..Config::default()
    };
    let filtered = Engine::builder().config(config).build().unwrap();
    assert_eq!(analysed(&filtered, root), ["src/app.py", "src/ui.js"]);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..60 {
        let body = "    if x:\n        x -= 1\n".repeat(i % 7 + 1);
        write(
            dir.path(),
            &format!("pkg{}/m{i}.py", i % 5),
            &format!("def f{i}(x):\n{body}    return x\n"),
        );
        write(
            dir.path(),
            &format!("js/m{i}.js"),
            &format!("function g{i}(a) {{ return a && a.b || {i}; }}\n"),
        );
    }
    let render = |threads| {
        let engine = Engine::builder().threads(threads).build().unwrap();
        let mut report = engine.analyze_path(dir.path());
        report.summary.duration_ms = 0;
        output::render_json(&report)
    };
    let one = render(1);
    assert_eq!(one, render(2));
    assert_eq!(one, render(4));
}

#[test]
fn warm_cache_gives_the_same_report_and_recovers_from_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    for i in 0..20 {
        write(
            dir.path(),
            &format!("m{i}.py"),
            &format!("def f{i}(a):\n    return a == a or {i}\n"),
        );
    }
    let engine = || {
        Engine::builder()
            .threads(2)
            .cache_dir(cache.path())
            .build()
            .unwrap()
    };
    let render = |report: conclave::Report| {
        let mut report = report;
        report.summary.duration_ms = 0;
        output::render_json(&report)
    };
    let cold = render(engine().analyze_path(dir.path()));
    let entries = || walkdir_count(cache.path());
    assert_eq!(entries(), 20, "one entry per file");
    assert_eq!(
        render(engine().analyze_path(dir.path())),
        cold,
        "warm run, same report"
    );

    // Corrupt every entry: the next run ignores them, reports the same, and rewrites them.
    corrupt_all(cache.path());
    assert_eq!(render(engine().analyze_path(dir.path())), cold);
    assert_eq!(render(engine().analyze_path(dir.path())), cold);

    // A change of configuration or content is a miss, not a stale hit.
    let strict = Config {
        thresholds: conclave::metrics::Thresholds {
            cyclomatic: 1,
            ..Default::default()
        },
        ..Config::default()
    };
    let strict_engine = Engine::builder()
        .config(strict)
        .cache_dir(cache.path())
        .build()
        .unwrap();
    let report = strict_engine.analyze_path(dir.path());
    assert!(report.findings().any(|f| f.rule_id.as_str() == "CX001"));
    write(dir.path(), "m0.py", "def changed(a):\n    return a\n");
    let report = engine().analyze_path(dir.path());
    assert!(
        report
            .files
            .iter()
            .any(|f| f.metrics.functions.iter().any(|g| g.name == "changed"))
    );
}

fn walkdir_count(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() {
                walkdir_count(&path)
            } else {
                1
            }
        })
        .sum()
}

fn corrupt_all(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            corrupt_all(&path);
        } else {
            fs::write(&path, b"{ not json").unwrap();
        }
    }
}
