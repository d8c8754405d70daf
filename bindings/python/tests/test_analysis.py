"""Engine, Report, FileReport and Finding on the repository's real sample code."""

import json
import pickle
import threading
from pathlib import Path

import pytest

import conclave
from conftest import SAMPLE_PROJECT, SAMPLES, REPO

INVENTORY = (SAMPLE_PROJECT / "inventory.py").read_text()


def test_analyze_source_metrics_and_findings(engine):
    file = engine.analyze_source(INVENTORY, "python", path="inventory.py")
    assert file.path == "inventory.py"
    assert file.language == "python"
    names = [f["name"] for f in file.metrics["functions"]]
    assert "average_price" in names and "total_units" in names
    rules = {f.rule_id for f in file.findings}
    assert len(file.findings) >= 3, rules
    for f in file.findings:
        assert f.path == "inventory.py"
        assert 1 <= f.line <= f.end_line
        assert f.severity in {"info", "low", "medium", "high", "critical"}
        assert f.confidence in {"low", "medium", "high"}
        assert len(f.fingerprint) > 8
        assert f.message


def test_mutable_default_argument_found_with_its_line(engine):
    file = engine.analyze_source(INVENTORY, "python")
    restock_line = INVENTORY.splitlines().index("def restock(item, quantity, history=[]):") + 1
    assert any(f.line == restock_line for f in file.findings), [
        (f.rule_id, f.line) for f in file.findings
    ]


def test_analyze_source_matches_analyze_path(engine):
    by_path = engine.analyze_path(SAMPLE_PROJECT / "inventory.py")
    by_text = engine.analyze_source(INVENTORY, "python", path=by_path.files[0].path)
    key = lambda fs: sorted((f.rule_id, f.line, f.fingerprint) for f in fs)
    assert key(by_path.files[0].findings) == key(by_text.findings)


def test_every_language(engine):
    report = engine.analyze_path(SAMPLES)
    languages = {f.language for f in report.files}
    assert languages == {"python", "javascript", "java", "csharp", "go"}
    assert report.summary["files"] == len(report.files) == len(report)
    assert len(report.findings) == sum(len(f.findings) for f in report.files)


def test_analyze_paths_combines(engine):
    report = engine.analyze_paths([SAMPLE_PROJECT / "inventory.py", str(SAMPLE_PROJECT / "cart.js")])
    assert sorted(Path(f.path).name for f in report.files) == ["cart.js", "inventory.py"]


def test_report_renderings(engine):
    report = engine.analyze_path(SAMPLE_PROJECT)
    as_json = json.loads(report.to_json())
    assert len(as_json["files"]) == len(report.files)
    assert report.to_dict()["summary"] == report.summary
    sarif = json.loads(report.to_sarif())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} <= {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    # The OASIS schema, committed beside the Rust tests that validate against it too.
    schema = REPO / "core" / "tests" / "schemas" / "sarif-schema-2.1.0.json"
    import jsonschema

    jsonschema.validate(sarif, json.loads(schema.read_text()))


def test_finding_dict_and_json_agree(engine):
    finding = engine.analyze_source(INVENTORY, "python").findings[0]
    d = finding.to_dict()
    assert d == json.loads(finding.to_json())
    assert d["rule_id"] == finding.rule_id
    assert d["fingerprint"] == finding.fingerprint


def test_fix_is_a_dict_or_none(engine):
    fixes = [f.fix for f in engine.analyze_source(INVENTORY, "python").findings]
    assert any(isinstance(x, dict) and x["edits"] for x in fixes)
    assert all(x is None or isinstance(x, dict) for x in fixes)


def test_results_pickle_round_trip(engine):
    report = engine.analyze_path(SAMPLE_PROJECT)
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    assert [f.fingerprint for f in again.findings] == [f.fingerprint for f in report.findings]
    file = report.files[0]
    assert pickle.loads(pickle.dumps(file)) == file
    finding = report.findings[0]
    copy = pickle.loads(pickle.dumps(finding))
    assert copy == finding and hash(copy) == hash(finding)
    assert json.loads(again.to_sarif())["runs"][0]["results"]


def test_threads_share_one_engine(engine):
    texts = [INVENTORY.replace("average_price", f"average_price_{i}") for i in range(8)]
    expected = [len(engine.analyze_source(t, "python").findings) for t in texts]
    results = [None] * len(texts)

    def work(i):
        for _ in range(5):
            results[i] = len(engine.analyze_source(texts[i], "python").findings)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_config_file_turns_rules_off(tmp_path, engine):
    default_rules = {f.rule_id for f in engine.analyze_source(INVENTORY, "python").findings}
    victim = sorted(default_rules)[0]
    config = tmp_path / "conclave.toml"
    config.write_text(f'[rules]\ndisable = ["{victim}"]\n')
    configured = conclave.Engine(config=config)
    rules = {f.rule_id for f in configured.analyze_source(INVENTORY, "python").findings}
    assert victim not in rules


def test_rules_listed(engine):
    rules = engine.rules()
    assert len(rules) > 20
    assert all({"id", "severity"} <= set(r) for r in rules)


def test_shared_engine_is_one_per_settings():
    a = conclave.shared_engine(threads=1)
    assert a is conclave.shared_engine(threads=1)
    assert a is not conclave.shared_engine(threads=2)
    assert a.threads == 1
    assert a.analyze_source(INVENTORY, "python") == conclave.Engine(threads=1).analyze_source(INVENTORY, "python")
