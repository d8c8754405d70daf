//! Benchmarks live in `benches/` (criterion) and `compare-lizard/` (a script against lizard).
