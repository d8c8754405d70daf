//! Parse only vs full analysis, per language, in bytes per second.
//!
//! Inputs: `$CONCLAVE_BENCH_CACHE/corpora/<language>/` when the compare-lizard script has fetched its
//! real-code corpora there (the first 2 MB of each), otherwise the fixtures in this repository.

use std::path::{Path, PathBuf};

use conclave::lang::Parsers;
use conclave::{Engine, Language};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MAX_BYTES: usize = 2 * 1024 * 1024;

fn corpus(language: Language) -> Vec<String> {
    let cache = std::env::var_os("CONCLAVE_BENCH_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/conclave-bench")));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut roots = vec![
        repo.join("core/tests/fixtures/lizard"),
        repo.join("examples/sample"),
    ];
    if let Some(dir) = cache
        .map(|c| c.join("corpora").join(language.name()))
        .filter(|d| d.is_dir())
    {
        roots.insert(0, dir);
    }
    let mut texts = Vec::new();
    let mut total = 0;
    for root in roots {
        let (files, _) = conclave::source::walk(
            &[root],
            &conclave::source::Filters::new(&Default::default()).unwrap(),
        );
        for file in files.into_iter().filter(|f| f.language == language) {
            if let Ok(text) = std::fs::read_to_string(&file.path) {
                total += text.len();
                texts.push(text);
            }
            if total >= MAX_BYTES {
                return texts;
            }
        }
    }
    texts
}

fn bench(c: &mut Criterion) {
    let engine = Engine::builder().threads(1).build().unwrap();
    for language in Language::ALL {
        let texts = corpus(language);
        let bytes: usize = texts.iter().map(String::len).sum();
        let mut group = c.benchmark_group(language.name());
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        let mut parsers = Parsers::new();
        group.bench_function("parse", |b| {
            b.iter(|| {
                for text in &texts {
                    std::hint::black_box(parsers.parse(language, text).unwrap());
                }
            })
        });
        group.bench_function("analyze", |b| {
            b.iter(|| {
                for text in &texts {
                    std::hint::black_box(engine.analyze_source(language, text));
                }
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
