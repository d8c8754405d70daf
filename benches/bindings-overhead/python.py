"""Overhead of the Python binding on `analyze_source`, against the same call looped in Rust.

    python benches/bindings-overhead/python.py [--repeat 5]

The Rust side is `conclave._native._bench_analyze_source`, which calls
`Engine::analyze_source` n times inside Rust (no Python between calls); the Python side calls
`Engine.analyze_source` n times from a Python loop (argument conversion, GIL release and
re-acquisition, result object). Inputs: a ~20-line and a ~1000-line Python file. The best
of `--repeat` rounds is kept for each; prints a Markdown table.
"""

import argparse
import time
from pathlib import Path

import conclave
from conclave import _native

REPO = Path(__file__).resolve().parents[2]


def small_input() -> str:
    """The first three functions of the sample project's inventory.py (about 20 lines)."""
    text = (REPO / "examples" / "sample-project" / "inventory.py").read_text()
    return text.split("\n\n\ndef find_item")[0] + "\n"


def large_input(lines: int = 1000) -> str:
    """Real code repeated (functions renamed) up to about `lines` lines."""
    base = (REPO / "examples" / "sample-project" / "inventory.py").read_text()
    out, i = [], 0
    while sum(part.count("\n") for part in out) < lines:
        out.append(base.replace("def ", f"def v{i}_"))
        i += 1
    text = "".join(out)
    return "\n".join(text.splitlines()[:lines]) + "\n"


def per_call_python(engine, text, n):
    started = time.perf_counter()
    for _ in range(n):
        engine.analyze_source(text, "python")
    return (time.perf_counter() - started) / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    engine = conclave.Engine(threads=1)
    rows = []
    for name, text, n in [("small", small_input(), 2000), ("1 kLOC", large_input(), 100)]:
        engine.analyze_source(text, "python")  # warm the parser and caches
        rust_rounds, py_rounds = [], []
        for _ in range(args.repeat):  # interleaved, so drifting machine load hits both sides
            rust_rounds.append(_native._bench_analyze_source(engine, text, "python", n))
            py_rounds.append(per_call_python(engine, text, n))
        rust, py = min(rust_rounds), min(py_rounds)
        findings = len(engine.analyze_source(text, "python").findings)
        rows.append((name, text.count("\n"), findings, rust, py))
    print("| input | lines | findings | Rust µs/call | Python µs/call | overhead |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, lines, findings, rust, py in rows:
        print(f"| {name} | {lines} | {findings} | {rust * 1e6:.1f} | {py * 1e6:.1f} | {(py / rust - 1) * 100:+.1f}% |")


if __name__ == "__main__":
    main()
