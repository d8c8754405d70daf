"""Consensus, live sessions (sync and async iteration) and reviewers' feedback."""

import asyncio
import pickle
import threading

import pytest

import conclave

pytestmark = pytest.mark.timeout(120)


def winner(decision):
    assert decision["outcome"]["outcome"] == "decided", decision
    return decision["outcome"]["choice"]["value"]


def test_majority_decides():
    d = conclave.decide("is it real", [("a", "real", 0.9), ("b", "real", 0.6), ("c", "fp", 0.8)])
    assert pickle.loads(pickle.dumps(d)) == d
    assert winner(d) == "real"
    assert d["strategy"] == "majority-vote"
    assert d["reason"]


def test_strategies_differ():
    votes = [("lead", "fp", 0.5), ("a", "real", 0.9), ("b", "real", 0.7)]
    by_priority = conclave.decide("q", votes, strategy="priority:lead,a,b")
    assert winner(by_priority) == "fp"
    weighted = conclave.decide("q", votes, strategy="weighted", weights={"lead": 5.0})
    assert winner(weighted) == "fp"
    assert winner(conclave.decide("q", votes)) == "real"
    tie = conclave.decide("q", [("a", "x", 0.9), ("b", "y", 0.5)], tie_break="confidence")
    assert winner(tie) == "x"
    no_tie_break = conclave.decide("q", [("a", "x", 0.9), ("b", "y", 0.5)])
    assert no_tie_break["outcome"]["outcome"] != "decided"


def test_severity_choices():
    votes = [("a", {"kind": "severity", "value": "high"}, 0.8),
             ("b", {"kind": "severity", "value": "high"}, 0.6)]
    assert winner(conclave.decide("severity", votes, strategy="unanimity")) == "high"


def test_consensus_errors():
    with pytest.raises(conclave.ConsensusError):
        conclave.decide("q", [])
    with pytest.raises(conclave.ConsensusError):
        conclave.decide("q", [("a", "x", 0.5), ("a", "y", 0.5)])
    with pytest.raises(conclave.ConsensusError):
        conclave.decide("q", [("a", "x", 0.5)], strategy="coin-toss")
    with pytest.raises(conclave.ConsensusError):
        conclave.decide("q", [("a", "x", 0.5)], eligible=["b"])
    with pytest.raises(conclave.InputError):
        conclave.decide("q", [("a", {"kind": "colour"}, 0.5)])
    with pytest.raises(TypeError):
        conclave.decide("q", [("a", 3, 0.5)])


def test_publish_and_replay(tmp_path):
    hub = conclave.Hub(tmp_path / "s.sqlite")
    first = hub.publish("review", "alice", "message", text="looks good")
    assert first["seq"] == 1 and first["body"] == {"type": "message", "text": "looks good"}
    hub.publish("review", "agent:bot", "vote", question="real?", choice="yes", confidence=0.7)
    sub = hub.subscribe("review", after=0)
    e1, e2 = next(sub), next(sub)
    assert e1["from"] == {"id": "alice", "kind": "person"}
    assert e2["from"]["kind"] == "agent" and e2["body"]["confidence"] == 0.7
    assert sub.last_seq == 2
    assert sub.next(timeout=0.2) is None
    hub.close("review")
    assert list(sub) == []


def test_live_subscriber_in_another_thread(tmp_path):
    hub = conclave.Hub(tmp_path / "s.sqlite")
    sub = hub.subscribe("live", after=None)
    got = []
    reader = threading.Thread(target=lambda: got.extend(sub))
    reader.start()
    for i in range(5):
        hub.publish("live", "alice", "message", text=f"m{i}")
    hub.close("live")
    reader.join(timeout=30)
    assert [e["body"]["text"] for e in got] == [f"m{i}" for i in range(5)]


def test_async_iteration(tmp_path):
    hub = conclave.Hub(tmp_path / "s.sqlite")
    for i in range(3):
        hub.publish("a", "alice", "message", text=str(i))

    async def main():
        sub = hub.subscribe("a", after=0)
        seen = []
        async for event in sub:
            seen.append(event["body"]["text"])
            if len(seen) == 3:
                hub.publish("a", "bob", "message", text="late")
            if len(seen) == 4:
                hub.close("a")
        return seen

    assert asyncio.run(main()) == ["0", "1", "2", "late"]


def test_invalid_events(tmp_path):
    hub = conclave.Hub(tmp_path / "s.sqlite")
    with pytest.raises(conclave.InputError):
        hub.publish("s", "alice", "no-such-kind")
    with pytest.raises(conclave.InputError):
        hub.publish("s", "alice", "message")
    with pytest.raises(TypeError):
        hub.publish("s", "alice", "message", text=object())


def test_feedback_moves_reliability(tmp_path):
    store = conclave.FeedbackStore(tmp_path / "learn.sqlite")
    prior = store.reliability("B003")
    assert prior["observations"] == 0
    for i in range(6):
        assert store.record(f"fp{i}", "rejected", "B003", f"rev{i}")["outcome"] == "new"
    assert store.record("fp0", "accepted", "B003", "rev0")["outcome"] == "replaced"
    assert len(store) == 6
    after = store.reliability("B003")
    assert after["observations"] == 6
    assert after["mean"] < prior["mean"]
    with pytest.raises(conclave.FeedbackError):
        store.record("fp", "maybe", "B003", "rev")
    with pytest.raises(conclave.InputError):
        store.reliability("B003", declared="certain")


def test_ctrl_c_interrupts_a_blocked_iterator(tmp_path):
    import _thread

    hub = conclave.Hub(tmp_path / "s.sqlite")
    sub = hub.subscribe("quiet", after=None)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        next(sub)
    timer.join()
    hub.publish("quiet", "alice", "message", text="still alive")
    assert next(sub)["body"]["text"] == "still alive"


def test_one_iterator_two_threads(tmp_path):
    """A second reader gets a clear error instead of blocking with the GIL held."""
    hub = conclave.Hub(tmp_path / "s.sqlite")
    sub = hub.subscribe("busy", after=None)
    got = []

    def read():
        while not got:
            try:
                got.append(sub.next(timeout=30))
            except conclave.ConclaveError:
                continue  # the main thread held it for a moment: try again

    reader = threading.Thread(target=read)
    reader.start()
    error = None
    while error is None and reader.is_alive():
        try:
            sub.next(timeout=0)
        except conclave.ConclaveError as e:
            error = str(e)
    hub.publish("busy", "alice", "message", text="release")
    reader.join()
    assert error == "this iterator is being read by another thread"
    assert got[0]["body"]["text"] == "release"
