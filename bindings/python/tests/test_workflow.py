"""Workflows from natural language, with events as an iterator."""

import gc

import pytest

import conclave

pytestmark = pytest.mark.timeout(300)


def test_plan_from_words(project):
    planned = conclave.plan("review inventory.py for bugs", project)
    steps = planned["plan"]["steps"]
    assert steps and steps[0]["agent"]
    assert planned["by"]


def test_unplannable_request_is_plan_error(project):
    with pytest.raises(conclave.PlanError):
        conclave.plan("", project)


def test_run_streams_events_then_report(project, tmp_path):
    run = conclave.run("review inventory.py", project, run_id="r1",
                       checkpoints=tmp_path / "wf.sqlite")
    assert run.report is None
    events = list(run)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run-started"
    assert "step-started" in kinds and "step-finished" in kinds
    report = run.report
    assert report["run"] == "r1"
    assert report["status"] == "succeeded"
    assert kinds[-1] == "run-finished" and "findings" in kinds
    assert len(report["steps"]) == len(run.plan["plan"]["steps"])
    again = conclave.run("review inventory.py", project, run_id="r1",
                         checkpoints=tmp_path / "wf.sqlite")
    list(again)
    assert again.report["resumed"]


def test_dropping_a_run_does_not_hang(project):
    run = conclave.run("review inventory.py and fix what is safe", project)
    next(run)
    run.cancel()
    del run
    gc.collect()
    assert conclave.plan("review inventory.py", project)


def test_run_rejects_missing_root(tmp_path):
    with pytest.raises(conclave.InputError):
        conclave.run("review x.py", tmp_path / "nope")
