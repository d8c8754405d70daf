"""Analyse a corpus of source files with Dask, through the Python binding.

    python examples/python/dask_corpus.py PATH [--workers 2] [--check]

Files are cut into batches; each Dask task analyses one batch with its worker's single-threaded
`conclave.Engine` (`conclave.shared_engine`) and returns the `FileReport`s, which pickle (through their JSON form) back to
the client. `--check` analyses the same files in this process too and asserts that the
findings are identical. The same `analyze_corpus` runs unchanged on a multi-node cluster: pass
a `distributed.Client` connected to its scheduler instead of starting a `LocalCluster`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Iterable, Sequence

import conclave

EXTENSIONS = (".py", ".js", ".mjs", ".cjs", ".java", ".cs", ".go")


def corpus_files(*roots: str) -> list[str]:
    """Every analysable file under `roots`, sorted (so batches are deterministic)."""
    files = []
    for root in roots:
        if os.path.isfile(root):
            files.append(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
            files.extend(os.path.join(dirpath, f) for f in filenames if f.endswith(EXTENSIONS))
    return sorted(files)


def batches(files: Sequence[str], count: int) -> list[list[str]]:
    """`files` cut into about `count` batches of consecutive files."""
    size = max(1, -(-len(files) // max(1, count)))
    return [list(files[i : i + size]) for i in range(0, len(files), size)]


def analyze_batch(paths: Sequence[str]) -> list[conclave.FileReport]:
    """One task: the worker's single-threaded engine (Dask gives the parallelism) over a batch.

    `shared_engine` keeps one engine per worker process: a fresh engine per task would pay
    its warm-up (about half a second) every time.
    """
    engine = conclave.shared_engine(threads=1)
    return [file for path in paths for file in engine.analyze_path(path).files]


def finding_keys(files: Iterable[conclave.FileReport]) -> list[tuple[str, str, int, int, str]]:
    """What must match between runs: path, rule, position, fingerprint of every finding."""
    return sorted(
        (f.path, f.rule_id, f.line, f.column, f.fingerprint) for file in files for f in file.findings
    )


def analyze_locally(files: Sequence[str]) -> list[conclave.FileReport]:
    """The reference: the same per-file analysis, all in this process."""
    return analyze_batch(files)


def analyze_corpus(client, files: Sequence[str], tasks_per_worker: int = 16) -> list[conclave.FileReport]:
    """Analyses `files` on the cluster behind `client` (local or multi-node alike)."""
    if __name__ != "__main__":
        # Workers need not have this example on their path: ship the functions by value.
        import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    workers = max(1, len(client.scheduler_info()["workers"]))
    futures = client.map(analyze_batch, batches(files, workers * tasks_per_worker), pure=False)
    return [file for batch in client.gather(futures) for file in batch]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="compare with one process")
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster

    files = corpus_files(*args.paths)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
        client.run(lambda: None)  # workers up before the clock starts
        started = time.perf_counter()
        distributed = analyze_corpus(client, files)
        dask_s = time.perf_counter() - started
    findings = finding_keys(distributed)
    print(f"{len(files)} files, {len(findings)} findings; dask ({args.workers} workers): {dask_s:.2f} s")
    if args.check:
        started = time.perf_counter()
        local = analyze_locally(files)
        local_s = time.perf_counter() - started
        assert finding_keys(local) == findings, "dask and one process disagree"
        print(f"one process: {local_s:.2f} s; speed-up x{local_s / dask_s:.2f}; findings identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
