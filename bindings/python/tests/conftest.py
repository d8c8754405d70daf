"""Shared fixtures: the repository's sample projects and the real local model."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import conclave

REPO = Path(__file__).resolve().parents[3]
SAMPLE_PROJECT = REPO / "examples" / "sample-project"
SAMPLES = REPO / "examples" / "sample"


@pytest.fixture(scope="session")
def engine() -> conclave.Engine:
    return conclave.Engine(threads=2)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of examples/sample-project (tests may modify it)."""
    dest = tmp_path / "project"
    shutil.copytree(SAMPLE_PROJECT, dest)
    return dest


@pytest.fixture(scope="session")
def model() -> conclave.Model:
    """SmolLM2-135M (cached in ~/.cache/conclave/models after the first pull)."""
    return conclave.Model.load(conclave.pull_model("smollm2"))


@pytest.fixture
def crash_trace(project: Path) -> str:
    """A real Python traceback: inventory.average_price([]) divides by zero."""
    code = "import inventory; inventory.average_price([])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert "ZeroDivisionError" in out.stderr
    return out.stderr
