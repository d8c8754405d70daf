//! Stack traces captured from real failing programs (`tests/traces/<lang>/`, see its README)
//! are read into the exact failure chain and frames, and located back onto the programs'
//! files from any checkout; Python and Node.js are also run live; bad input never panics.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use conclave::Language;
use conclave::debug::{Frame, Link, Located, Resolution, Trace, TraceError, locate, parse};

fn dir(lang: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/traces")
        .join(lang)
}

fn captured(lang: &str, file: &str) -> String {
    std::fs::read_to_string(dir(lang).join(file)).unwrap()
}

/// A frame as `(path below tests/traces/, line, function)`: captured paths are absolute paths
/// of the capturing machine, so only their part inside the repository is compared.
fn at(frame: &Frame) -> (String, u32, Option<&str>) {
    let file = frame.file.replace('\\', "/");
    let below = file
        .split_once("tests/traces/")
        .map_or(file.as_str(), |(_, b)| b)
        .to_string();
    (below, frame.line, frame.function.as_deref())
}

fn kinds(trace: &Trace) -> Vec<(&str, &str, Option<Link>)> {
    trace
        .failures
        .iter()
        .map(|f| (f.kind.as_str(), f.message.as_str(), f.link))
        .collect()
}

/// Every located frame resolved to one file, with its function (where named) and printed
/// source line (where printed) found there; returns the resolved paths.
fn all_found(located: &[Located]) -> Vec<String> {
    located
        .iter()
        .map(|l| {
            let Resolution::Found { path } = &l.resolution else {
                panic!("unresolved: {l:?}")
            };
            assert_ne!(l.function_defined, Some(false), "{l:?}");
            assert_ne!(l.source_matches, Some(false), "{l:?}");
            path.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

/// The capture as if taken on another machine: its absolute prefix replaced by `prefix`.
fn moved(text: &str, prefix: &str) -> String {
    let start = text.find("/core/tests/traces/").unwrap();
    let old_start = text[..start].rfind(['"', '(', ' ', '\t', '\n']).unwrap() + 1;
    let old = &text[old_start..start];
    assert!(old.starts_with('/'), "{old}");
    text.replace(old, prefix)
}

#[test]
fn python_chained_exception() {
    let trace = parse(&captured("python", "app.trace.txt")).unwrap();
    assert_eq!(trace.language, Language::Python);
    assert_eq!(
        kinds(&trace),
        [
            ("helpers.ConfigError", "config is not valid JSON", None),
            (
                "json.decoder.JSONDecodeError",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
                Some(Link::Cause)
            ),
        ]
    );
    let outer: Vec<_> = trace.failures[0].frames.iter().map(at).collect();
    assert_eq!(
        outer,
        [
            ("python/helpers.py".into(), 17, Some("load_config")),
            ("python/app.py".into(), 6, Some("start")),
            ("python/app.py".into(), 11, Some("main")),
            ("python/app.py".into(), 15, Some("<module>")),
        ]
    );
    let cause = &trace.failures[1];
    let user: Vec<bool> = cause.frames.iter().map(|f| f.user_code).collect();
    assert_eq!(user, [false, false, false, true, true]);
    let innermost = trace.innermost_user_frame().unwrap();
    assert_eq!(
        at(innermost),
        ("python/helpers.py".into(), 10, Some("parse_config"))
    );
    assert_eq!(innermost.source.as_deref(), Some("return json.loads(text)"));

    let located = locate(&trace, &dir("python"));
    assert_eq!(located.len(), 6);
    assert_eq!((located[0].failure, located[0].frame), (0, 0));
    assert_eq!(
        all_found(&located),
        [
            "helpers.py",
            "app.py",
            "app.py",
            "app.py",
            "helpers.py",
            "helpers.py"
        ]
    );
    assert!(located.iter().all(|l| l.source_matches == Some(true)));
}

#[test]
fn python_from_a_windows_machine_with_crlf() {
    let text = moved(&captured("python", "app.trace.txt"), "C:\\build")
        .replace('/', "\\")
        .replace('\n', "\r\n");
    let trace = parse(&text).unwrap();
    let innermost = trace.innermost_user_frame().unwrap();
    assert_eq!(
        innermost.file,
        "C:\\build\\core\\tests\\traces\\python\\helpers.py"
    );
    // Backslashed stdlib paths are still not user code.
    assert_eq!(
        trace.failures[1]
            .frames
            .iter()
            .filter(|f| f.user_code)
            .count(),
        2
    );
    let traces = dir("python").parent().unwrap().to_path_buf();
    let paths = all_found(&locate(&trace, &traces));
    assert_eq!(paths[0], "python/helpers.py");
}

#[test]
fn node_error_with_cause() {
    let trace = parse(&captured("javascript", "app.trace.txt")).unwrap();
    assert_eq!(trace.language, Language::JavaScript);
    assert_eq!(
        kinds(&trace),
        [
            ("Error", "cannot start server", None),
            (
                "TypeError",
                "Cannot read properties of undefined (reading 'port')",
                Some(Link::Cause)
            ),
        ]
    );
    let outer = &trace.failures[0];
    assert_eq!(
        at(&outer.frames[0]),
        ("javascript/app.js".into(), 9, Some("start"))
    );
    assert_eq!(outer.frames[0].column, Some(11));
    assert_eq!(
        outer.frames[0].source.as_deref(),
        Some("throw new Error('cannot start server', { cause: err });")
    );
    // `... 5 lines matching cause stack trace ...` put back from the cause.
    assert_eq!(outer.frames.len(), 9);
    assert_eq!(
        at(&outer.frames[2]),
        ("javascript/app.js".into(), 17, Some("Object.<anonymous>"))
    );
    assert_eq!(outer.frames[3].file, "node:internal/modules/cjs/loader");
    assert!(!outer.frames[3].user_code);
    assert_eq!(outer.frames[8].function, None);

    let cause = &trace.failures[1];
    let cause_frames: Vec<_> = cause.frames.iter().take(5).map(at).collect();
    assert_eq!(
        cause_frames,
        [
            ("javascript/lib.js".into(), 6, Some("pick")),
            ("javascript/lib.js".into(), 8, Some("readPort")),
            ("javascript/app.js".into(), 7, Some("start")),
            ("javascript/app.js".into(), 14, Some("main")),
            ("javascript/app.js".into(), 17, Some("Object.<anonymous>")),
        ]
    );
    assert_eq!(cause.frames.len(), 10);
    let innermost = trace.innermost_user_frame().unwrap();
    assert_eq!((innermost.line, innermost.column), (6, Some(27)));
    assert!(innermost.file.ends_with("lib.js"));

    let located = locate(&trace, &dir("javascript"));
    assert_eq!(located.len(), 3 + 5);
    let paths = all_found(&located);
    assert_eq!(paths[..3], ["app.js", "app.js", "app.js"]);
    assert_eq!(paths[3..5], ["lib.js", "lib.js"]);
    assert_eq!(located[0].source_matches, Some(true));
    assert_eq!(located[3].function_defined, Some(true));
}

#[test]
fn java_caused_by_chain() {
    let trace = parse(&captured("java", "App.trace.txt")).unwrap();
    assert_eq!(trace.language, Language::Java);
    assert_eq!(
        kinds(&trace),
        [
            (
                "com.example.app.App$ConfigException",
                "bad port in config",
                None
            ),
            (
                "java.lang.NumberFormatException",
                "For input string: \"80a\"",
                Some(Link::Cause)
            ),
        ]
    );
    let cause = &trace.failures[1];
    // `... 1 more` filled in from the exception it caused.
    assert_eq!(cause.frames.len(), 6);
    assert_eq!(
        cause.frames[1].function.as_deref(),
        Some("java.lang.Integer.parseInt")
    );
    assert!(!cause.frames[1].user_code);
    let innermost = trace.innermost_user_frame().unwrap();
    assert_eq!(
        at(innermost),
        ("Parser.java".into(), 8, Some("com.example.app.Parser.port"))
    );
    assert_eq!(
        at(&cause.frames[5]),
        ("App.java".into(), 20, Some("com.example.app.App.main"))
    );

    let located = locate(&trace, &dir("java"));
    assert_eq!(
        all_found(&located),
        [
            "com/example/app/App.java",
            "com/example/app/App.java",
            "com/example/app/Parser.java",
            "com/example/app/App.java",
            "com/example/app/App.java",
        ]
    );
    assert!(located.iter().all(|l| l.function_defined == Some(true)));
}

#[test]
fn csharp_inner_exception() {
    // Hand-written in .NET 8's format: there was no .NET SDK to capture one (see the README).
    let trace = parse(&captured("csharp", "app.trace.txt")).unwrap();
    assert_eq!(trace.language, Language::CSharp);
    assert_eq!(
        kinds(&trace),
        [
            (
                "System.InvalidOperationException",
                "Could not load config from settings.ini",
                None
            ),
            (
                "System.FormatException",
                "The input string 'eighty' was not in a correct format.",
                Some(Link::Cause)
            ),
        ]
    );
    let outer: Vec<_> = trace.failures[0].frames.iter().map(at).collect();
    assert_eq!(
        outer,
        [
            (
                "/home/runner/work/conclave/App/Config.cs".into(),
                15,
                Some("App.Config.Load")
            ),
            (
                "/home/runner/work/conclave/App/Program.cs".into(),
                9,
                Some("App.Program.Main")
            ),
        ]
    );
    let inner = &trace.failures[1];
    assert_eq!(inner.frames.len(), 4);
    assert_eq!(
        inner.frames[0].function.as_deref(),
        Some("System.Number.ThrowFormatException[TChar]")
    );
    assert_eq!(
        (inner.frames[0].file.as_str(), inner.frames[0].line),
        ("", 0)
    );
    assert_eq!(
        at(trace.innermost_user_frame().unwrap()),
        (
            "/home/runner/work/conclave/App/Config.cs".into(),
            22,
            Some("App.Config.ParsePort")
        )
    );

    let located = locate(&trace, &dir("csharp"));
    assert_eq!(
        all_found(&located),
        [
            "App/Config.cs",
            "App/Program.cs",
            "App/Config.cs",
            "App/Config.cs"
        ]
    );
    assert!(located.iter().all(|l| l.function_defined == Some(true)));
}

#[test]
fn go_index_out_of_range() {
    let trace = parse(&captured("go", "main.trace.txt")).unwrap();
    assert_eq!(trace.language, Language::Go);
    assert_eq!(
        kinds(&trace),
        [(
            "panic",
            "runtime error: index out of range [3] with length 3",
            None
        )]
    );
    let frames: Vec<_> = trace.failures[0].frames.iter().map(at).collect();
    assert_eq!(
        frames,
        [
            ("go/main.go".into(), 7, Some("main.nth")),
            ("go/main.go".into(), 13, Some("main.sum")),
            ("go/main.go".into(), 19, Some("main.main")),
        ]
    );
    assert!(trace.threads.is_empty());
    assert_eq!((trace.start_line, trace.end_line), (1, 9));

    let located = locate(&trace, &dir("go"));
    assert_eq!(all_found(&located), ["main.go", "main.go", "main.go"]);
    assert!(located.iter().all(|l| l.function_defined == Some(true)));
}

#[test]
fn frames_from_another_machine_and_missing_files() {
    let text = moved(&captured("go", "main.trace.txt"), "/tmp/whatever");
    let trace = parse(&text).unwrap();
    assert_eq!(
        trace.failures[0].frames[0].file,
        "/tmp/whatever/core/tests/traces/go/main.go"
    );
    assert_eq!(all_found(&locate(&trace, &dir("go")))[0], "main.go");

    // A tree without the file: reported, not dropped.
    let empty = tempfile::tempdir().unwrap();
    let located = locate(&trace, empty.path());
    assert_eq!(located.len(), 3);
    assert!(located.iter().all(|l| l.resolution == Resolution::NotFound));

    // Two files with the same name: the longer matching suffix wins, equal ones are ambiguous.
    let tree = tempfile::tempdir().unwrap();
    for sub in ["a/go", "b/go", "c/traces/go"] {
        std::fs::create_dir_all(tree.path().join(sub)).unwrap();
        std::fs::write(tree.path().join(sub).join("main.go"), "package main\n").unwrap();
    }
    let located = locate(&trace, tree.path());
    assert_eq!(
        located[0].resolution.path(),
        Some(Path::new("c/traces/go/main.go"))
    );
    assert_eq!(located[0].function_defined, Some(false));
    std::fs::remove_dir_all(tree.path().join("c")).unwrap();
    let Resolution::Ambiguous { paths } = &locate(&trace, tree.path())[0].resolution else {
        panic!()
    };
    assert_eq!(paths.len(), 2);
}

/// Runs a fixture program and parses what it printed.
fn live(program: &str, lang: &str, script: &str) -> Trace {
    let output = Command::new(program)
        .arg(script)
        .current_dir(dir(lang))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (needed by this test): {e}"));
    assert!(!output.status.success());
    parse(&String::from_utf8_lossy(&output.stderr)).unwrap()
}

fn innermost(trace: &Trace, root: &Path) -> (PathBuf, u32, Option<String>) {
    let frame = trace.innermost_user_frame().unwrap();
    let (failure, index) = trace
        .failures
        .iter()
        .enumerate()
        .find_map(|(i, f)| f.frames.iter().position(|x| x == frame).map(|k| (i, k)))
        .unwrap();
    let located = locate(trace, root);
    let here = located
        .iter()
        .find(|l| (l.failure, l.frame) == (failure, index))
        .unwrap();
    let path = here.resolution.path().unwrap().to_path_buf();
    (path, frame.line, frame.function.clone())
}

#[test]
fn live_python_gives_the_captured_frame() {
    let fresh = live("python3", "python", "app.py");
    let old = parse(&captured("python", "app.trace.txt")).unwrap();
    let root = dir("python");
    assert_eq!(innermost(&fresh, &root), innermost(&old, &root));
    assert_eq!(kinds(&fresh)[0], kinds(&old)[0]);
}

#[test]
fn live_node_gives_the_captured_frame() {
    let fresh = live("node", "javascript", "app.js");
    let old = parse(&captured("javascript", "app.trace.txt")).unwrap();
    let root = dir("javascript");
    assert_eq!(innermost(&fresh, &root), innermost(&old, &root));
    assert_eq!(kinds(&fresh), kinds(&old));
}

#[test]
fn empty_input() {
    assert_eq!(parse(""), Err(TraceError::NotRecognised { lines: 0 }));
    assert!(parse("\r\n\r\n   \n").is_err());
}

/// Deterministic pseudo-random bytes (xorshift), so a failure can be replayed.
fn junk(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn random_bytes() {
    for seed in 1..=8 {
        let bytes = junk(256 * 1024, seed);
        let text = String::from_utf8_lossy(&bytes);
        assert!(parse(&text).is_err());
        // Junk around a trace does not hide it.
        let mixed = format!("{text}\n{}\n{text}", captured("java", "App.trace.txt"));
        assert_eq!(parse(&mixed).unwrap().language, Language::Java);
    }
}

#[test]
fn trace_at_the_end_of_ten_megabytes_of_logs() {
    let noise = [
        "2026-05-01T12:00:00.000Z INFO  [worker-3] request 7f3a served in 12ms path=/api/items",
        "2026-05-01T12:00:00.001Z WARN  [worker-1] retrying: at least 3 attempts left",
        "Error: connection reset by peer (will retry)",
        "  File \"config.yaml\" not found, using defaults",
        "panic: not really, just a word in a log line",
        "    at the gate (queue.js)",
        "Caused by: a slow disk",
        "",
    ];
    let mut text = String::with_capacity(11 << 20);
    let mut lines = 0;
    while text.len() < 10 << 20 {
        text.push_str(noise[lines % noise.len()]);
        text.push('\n');
        lines += 1;
    }
    let trace_text = captured("python", "app.trace.txt");
    text.push_str(&trace_text);
    text.push_str("2026-05-01T12:00:01.000Z INFO  [main] shutting down\n");

    let started = Instant::now();
    let trace = parse(&text).unwrap();
    let took = started.elapsed();
    assert_eq!(trace.language, Language::Python);
    assert_eq!(trace.start_line, lines + 1);
    assert_eq!(trace.end_line, lines + trace_text.lines().count());
    assert_eq!(trace.failures.len(), 2);
    // Linear: well under a second in release builds; generous for unoptimised test builds.
    assert!(took.as_secs() < 30, "{took:?}");
}

#[test]
fn crlf_and_one_huge_line() {
    let text = captured("java", "App.trace.txt").replace('\n', "\r\n");
    let trace = parse(&text).unwrap();
    assert_eq!(trace.failures[1].message, "For input string: \"80a\"");
    assert!(
        trace
            .failures
            .iter()
            .all(|f| f.frames.iter().all(|fr| !fr.file.ends_with('\r')))
    );

    let huge = "at ".repeat(2 << 20);
    assert!(parse(&huge).is_err());
    let deep = "  File \"x.py\", line 1, in f\n".repeat(100_000);
    assert!(parse(&deep).is_err());
    let serialized = serde_json::to_string(&trace).unwrap();
    let back: Trace = serde_json::from_str(&serialized).unwrap();
    assert_eq!(back, trace);
}
