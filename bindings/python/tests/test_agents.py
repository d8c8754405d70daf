"""The debug detective, test generation and verified fixes on the sample project."""

import ast
import pickle

import pytest

import conclave
from conftest import SAMPLE_PROJECT

pytestmark = pytest.mark.timeout(300)


def test_debug_points_at_the_division(crash_trace, project):
    diagnosis = conclave.debug(crash_trace, project)
    assert diagnosis["trace"]["failures"]
    best = diagnosis["suspects"][0]
    text = (project / "inventory.py").read_text().splitlines()
    assert "inventory.py" in str(best)
    line = best.get("line") or best["location"]["line"]
    assert "/" in text[line - 1]
    assert pickle.loads(pickle.dumps(diagnosis)) == diagnosis


def test_debug_accepts_bytes(crash_trace, project, engine):
    d = conclave.debug(crash_trace.encode(), project, engine=engine)
    assert d["suspects"]


def test_testgen_writes_pytest_cases():
    generated = conclave.testgen(SAMPLE_PROJECT / "inventory.py", "price_label")
    assert generated["file_name"] == "test_inventory.py"
    assert generated["cases"]
    ast.parse(generated["code"])
    assert "def test_" in generated["code"]


def test_fix_verifies_and_applies(project):
    before = (project / "inventory.py").read_text()
    dry = conclave.fix(project)
    assert dry["applied"] == 0
    verified = [
        f for f in dry["findings"]
        if f["fix"].get("verification") and f["fix"]["verification"]["parses"]
    ]
    assert verified, dry["stats"]
    assert (project / "inventory.py").read_text() == before
    safe_only = conclave.fix(project, apply=True)
    unsafe = [f for f in dry["findings"] if f["fix"]["applicability"] == "unsafe"]
    if len(unsafe) == len(dry["findings"]):
        assert safe_only["applied"] == 0
        assert (project / "inventory.py").read_text() == before
    done = conclave.fix(project, apply=True, unsafe_fixes=True)
    assert done["applied"] >= 1
    after = {p.name: p.read_text() for p in project.rglob("*") if p.is_file()}
    assert any(after[n] != (SAMPLE_PROJECT / n).read_text() for n in ("inventory.py", "cart.js", "ledger.go"))
    ast.parse(after["inventory.py"])
