//! What incremental re-parsing saves: a one-line edit in a large real file, parsed fresh vs
//! re-parsed from the previous tree, and analysed fresh vs through a `LiveFile`.
//!
//! Input: CPython's `typing.py` from the `python3` on PATH (about 3 800 lines), or, without
//! Python, the repository's Python fixtures joined into one file.

use std::path::Path;

use conclave::analysis::LiveFile;
use conclave::lang::{Parsers, edit_between};
use conclave::{Engine, Language};
use criterion::{Criterion, criterion_group, criterion_main};

fn large_python_file() -> (String, String) {
    let found = std::process::Command::new("python3")
        .args(["-c", "import typing; print(typing.__file__)"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|p| std::fs::read_to_string(p.trim()).ok().map(|t| (p, t)));
    if let Some((path, text)) = found {
        return (path.trim().to_owned(), text);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/lizard");
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "py") {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    (dir.display().to_string(), text)
}

fn bench(c: &mut Criterion) {
    let (name, text) = large_python_file();
    // Two versions differing in one line in the middle: each iteration is a real change.
    let middle = text[..text.len() / 2].rfind('\n').unwrap_or(0) + 1;
    let versions = [
        text.clone(),
        format!("{}x_edited = 1\n{}", &text[..middle], &text[middle..]),
    ];
    eprintln!(
        "input: {name}, {} lines, {} bytes",
        text.lines().count(),
        text.len()
    );
    let mut group = c.benchmark_group("live-edit");
    group.sample_size(20);
    let mut parsers = Parsers::new();
    group.bench_function("parse-fresh", |b| {
        let mut i = 0;
        b.iter(|| {
            i ^= 1;
            parsers.parse(Language::Python, &versions[i]).unwrap()
        })
    });
    let trees = [0, 1].map(|i| parsers.parse(Language::Python, &versions[i]).unwrap());
    let edits = [0, 1].map(|i| edit_between(&versions[i ^ 1], &versions[i]).unwrap());
    group.bench_function("parse-incremental", |b| {
        let mut i = 0;
        b.iter(|| {
            i ^= 1;
            let mut old = trees[i ^ 1].clone();
            old.edit(&edits[i]);
            parsers
                .reparse(Language::Python, &versions[i], Some(&old))
                .unwrap()
        })
    });
    let engine = Engine::builder().threads(1).build().unwrap();
    group.bench_function("analyze-fresh", |b| {
        let mut i = 0;
        b.iter(|| {
            i ^= 1;
            engine.analyze_named_source("typing.py", Language::Python, &versions[i])
        })
    });
    let mut live = LiveFile::new("typing.py", Language::Python);
    engine.update_live(&mut live, versions[0].clone());
    group.bench_function("analyze-live", |b| {
        let mut i = 0;
        b.iter(|| {
            i ^= 1;
            engine.update_live(&mut live, versions[i].clone())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
