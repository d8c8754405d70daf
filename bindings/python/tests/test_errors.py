"""Bad input gives a clear Python error, never a crash."""

import pytest

import conclave
from conftest import SAMPLE_PROJECT

SUBCLASSES = [
    conclave.InputError, conclave.ConfigError, conclave.AnalysisError, conclave.ParseError,
    conclave.ModelError, conclave.RouterError, conclave.BudgetExceeded, conclave.LedgerError,
    conclave.AgentError, conclave.PlanError, conclave.WorkflowError, conclave.ConsensusError,
    conclave.SessionError, conclave.FeedbackError,
]


def test_hierarchy():
    for cls in SUBCLASSES:
        assert issubclass(cls, conclave.ConclaveError)
        assert cls.__module__ == "conclave"
    assert issubclass(conclave.BudgetExceeded, conclave.RouterError)
    assert issubclass(conclave.ConclaveError, Exception)


@pytest.mark.parametrize("bad", [42, None, ["def f(): pass"], object()])
def test_wrong_source_type_is_type_error(engine, bad):
    with pytest.raises(TypeError):
        engine.analyze_source(bad, "python")


def test_wrong_argument_types(engine):
    with pytest.raises(TypeError):
        engine.analyze_source("x = 1", 3)
    with pytest.raises(TypeError):
        engine.analyze_path(12)
    with pytest.raises(TypeError):
        engine.analyze_paths("one/path/as/str")
    with pytest.raises(TypeError):
        conclave.Engine(threads="two")
    with pytest.raises((TypeError, OverflowError)):
        conclave.Engine(threads=-1)


def test_unknown_language(engine):
    with pytest.raises(conclave.InputError, match="unknown language `cobol`"):
        engine.analyze_source("x = 1", "cobol")


def test_bytes_source_must_be_utf8(engine):
    ok = engine.analyze_source(b"def f(x):\n    return x\n", "python")
    assert ok.metrics["functions"][0]["name"] == "f"
    with pytest.raises(conclave.InputError, match="not valid UTF-8"):
        engine.analyze_source(b"def f():\n    return '\xff\xfe'\n", "python")


def test_lone_surrogate_is_a_unicode_error(engine):
    with pytest.raises(UnicodeEncodeError):
        engine.analyze_source("x = '\udc80'\n", "python")


def test_nul_bytes(engine):
    file = engine.analyze_source("def f():\n    return 1\x00\n", "python")
    assert file.path == "<source>"
    with pytest.raises(conclave.InputError, match="NUL"):
        engine.analyze_path("examples\x00/x.py")


def test_missing_path_is_reported_not_raised(engine, tmp_path):
    report = engine.analyze_path(tmp_path / "does-not-exist")
    assert report.files == []
    assert report.skipped


def test_config_errors(tmp_path):
    bad = tmp_path / "conclave.toml"
    bad.write_text("[rules\n")
    with pytest.raises(conclave.ConfigError):
        conclave.Engine(config=bad)
    with pytest.raises(conclave.ConfigError):
        conclave.Engine(config=tmp_path / "missing.toml")


def test_model_errors(tmp_path):
    with pytest.raises(conclave.ModelError):
        conclave.Model.load(tmp_path / "nothing.gguf")
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"not a gguf file at all")
    with pytest.raises(conclave.ModelError):
        conclave.Model.load(fake)
    with pytest.raises(conclave.ModelError):
        conclave.pull_model("no-such-model-in-the-catalog")


def test_router_and_ledger_input_errors(tmp_path):
    with pytest.raises(conclave.InputError, match="policy"):
        conclave.Router(local=[], policy="fastest")
    with pytest.raises(conclave.RouterError):
        conclave.Router(local=[], policy="local-only").generate("hi")
    ledger = conclave.Ledger(tmp_path / "ledger.sqlite")
    with pytest.raises(conclave.InputError):
        ledger.set_budget("global", "fortnight", 1.0)
    with pytest.raises(conclave.InputError):
        ledger.set_budget("global", "day", float("nan"))
    with pytest.raises(TypeError):
        conclave.Router(local=["smollm2"])


def test_store_on_a_directory_fails_cleanly(tmp_path):
    with pytest.raises(conclave.FeedbackError):
        conclave.FeedbackStore(tmp_path)
    with pytest.raises(conclave.SessionError):
        conclave.Hub(tmp_path)
    with pytest.raises(conclave.LedgerError):
        conclave.Ledger(tmp_path)


def test_trace_without_failure_is_parse_error():
    with pytest.raises(conclave.ParseError):
        conclave.debug("all good, nothing failed here\n", SAMPLE_PROJECT)


def test_testgen_errors(tmp_path):
    with pytest.raises(conclave.AgentError):
        conclave.testgen(SAMPLE_PROJECT / "inventory.py", "no_such_function")
    with pytest.raises(conclave.AgentError):
        conclave.testgen(tmp_path / "notes.txt", "f")
