"""The real local model (SmolLM2-135M) behind the router; the ledger and budgets."""

import gc
import os
import pickle
import signal
import threading
import time

import pytest

import conclave

pytestmark = pytest.mark.timeout(300)


def test_pull_is_cached_and_loads(model):
    path = conclave.pull_model("smollm2")
    assert path.endswith(".gguf")
    assert path.startswith(conclave.models_dir())
    assert model.name == "smollm2"
    assert model.load_seconds >= 0


def test_generate_records_cost_in_ledger(model, tmp_path):
    ledger = conclave.Ledger(tmp_path / "ledger.sqlite")
    router = conclave.Router(local=[model], policy="local-only", ledger=ledger)
    response = router.generate("What is the capital of France?", max_tokens=12, user="alice")
    assert response.text.strip()
    assert response.local and response.model == "smollm2"
    assert response.cost_usd == 0.0
    assert response.output_tokens > 0 and response.tokens == response.input_tokens + response.output_tokens
    summary = ledger.summary()
    assert summary["calls"] == 1 and summary["local_calls"] == 1
    assert summary["output_tokens"] == response.output_tokens
    assert ledger.summary(user="bob")["calls"] == 0
    assert router.local_share() == 1.0
    copy = pickle.loads(pickle.dumps(response))
    assert copy.to_dict() == response.to_dict() and copy.text == response.text


def test_chat_messages_and_json_schema(model):
    router = conclave.Router(local=[model])
    schema = {
        "type": "object",
        "properties": {"answer": {"type": "string"}},
        "required": ["answer"],
    }
    response = router.generate(
        [{"role": "system", "content": "Reply in JSON."}, {"role": "user", "content": "Say yes."}],
        max_tokens=24,
        json_schema=schema,
    )
    assert isinstance(response.json, dict) and isinstance(response.json["answer"], str)


def test_stream_yields_the_same_text_as_generate(model):
    router = conclave.Router(local=[model])
    whole = router.generate("Name three colours.", max_tokens=16).text
    stream = router.stream("Name three colours.", max_tokens=16)
    pieces = list(stream)
    assert len(pieces) > 1
    assert "".join(pieces) == whole
    assert stream.response is not None and stream.response.text == whole
    assert list(stream) == []


def test_interrupted_stream_does_not_hang(model):
    router = conclave.Router(local=[model])
    stream = router.stream("Count from one to fifty in words.", max_tokens=64)
    first = next(stream)
    assert isinstance(first, str)
    stream.close()
    assert list(stream) == []
    assert stream.response is None
    again = router.stream("Say hi.", max_tokens=4)
    next(again)
    del again
    gc.collect()
    assert router.generate("Say hi.", max_tokens=4).text


def test_model_shared_by_threads(model):
    router = conclave.Router(local=[model])
    answers = []

    def ask():
        answers.append(router.generate("One word: sky colour?", max_tokens=6).text)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 3 and len(set(answers)) == 1


def test_budgets_are_stored(tmp_path):
    ledger = conclave.Ledger(tmp_path / "ledger.sqlite")
    ledger.set_budget("user:alice", "day", 0.5)
    ledger.set_budget("global", "month", 10.0, on_limit="downgrade")
    budgets = {b["scope"]: b for b in ledger.budgets()}
    assert budgets["user:alice"]["limit_usd"] == pytest.approx(0.5)
    assert budgets["user:alice"]["on_limit"] == "refuse"
    assert budgets["global"]["period"] == "month"
    assert budgets["global"]["on_limit"] == "downgrade"
    reopened = conclave.Ledger(ledger.path)
    assert len(reopened.budgets()) == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_generates_with_a_model_loaded_before_the_fork(model):
    # The kernels keep worker threads, which a forked child does not inherit: it must start its
    # own instead of waiting for the parent's.
    router = conclave.Router(local=[model], policy="local-only")
    want = router.generate("Name a colour.", max_tokens=8).text
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = 0 if router.generate("Name a colour.", max_tokens=8).text == want else 3
        finally:
            os._exit(code)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    pytest.fail("the forked child hung")
