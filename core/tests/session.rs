//! Collaboration sessions: ordering, disconnect and resume, slow subscribers, persistence,
//! several writers on one file, corrupt rows, the JSON shape.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use conclave::session::{Event, EventBody, Hub, Participant, SessionError, SessionLog};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(20);

fn message(i: usize) -> EventBody {
    EventBody::Message {
        text: format!("m{i}"),
    }
}

fn text(e: &Event) -> &str {
    match &e.body {
        EventBody::Message { text } => text,
        other => panic!("not a message: {other:?}"),
    }
}

/// Receives `n` events, failing the test rather than hanging.
fn take(sub: &mut conclave::session::Subscription, n: usize) -> Vec<Event> {
    (0..n)
        .map(|i| {
            sub.recv_timeout(WAIT)
                .unwrap()
                .unwrap_or_else(|| panic!("event {} of {n} never came", i + 1))
        })
        .collect()
}

fn seqs(events: &[Event]) -> Vec<u64> {
    events.iter().map(|e| e.seq).collect()
}

#[test]
fn concurrent_publishers_get_ordered_gap_free_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(Hub::open(dir.path().join("s.sqlite")).unwrap());
    let mut live = hub.subscribe("s", Some(0)).unwrap();
    let (threads, each) = (4, 50);
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let hub = hub.clone();
            thread::spawn(move || {
                let me = Participant::agent(format!("agent-{t}"));
                (0..each)
                    .map(|i| {
                        // Interleave another session to exercise the per-session numbering.
                        hub.publish("other", &me, EventBody::Joined).unwrap();
                        hub.publish("s", &me, message(i)).unwrap().seq
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        let mine = h.join().unwrap();
        assert!(mine.windows(2).all(|w| w[0] < w[1]), "{mine:?}");
    }
    let n = threads * each;
    let want: Vec<u64> = (1..=n as u64).collect();
    assert_eq!(seqs(&hub.log().read("s", 0, 10_000).unwrap()), want);
    assert_eq!(seqs(&hub.log().read("other", 0, 10_000).unwrap()), want);
    let got = take(&mut live, n);
    assert_eq!(seqs(&got), want, "live delivery is in sequence order");
    assert_eq!(live.try_recv().unwrap(), None);
}

#[test]
fn subscriber_disconnect_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(Hub::open(dir.path().join("s.sqlite")).unwrap());
    let total = 600;
    // Publishing runs throughout: 0..200 while the first subscription reads, 200..400 while
    // nobody is subscribed, 400..600 while the resumed subscriptions read.
    let disconnected = Arc::new(Barrier::new(2));
    let published_while_away = Arc::new(Barrier::new(2));
    let publisher = {
        let (hub, disconnected, away) = (
            hub.clone(),
            disconnected.clone(),
            published_while_away.clone(),
        );
        thread::spawn(move || {
            let bot = Participant::agent("bot");
            for i in 0..total {
                if i == 200 {
                    disconnected.wait();
                }
                if i == 400 {
                    away.wait();
                }
                hub.publish("s", &bot, message(i)).unwrap();
                if i % 50 == 0 {
                    thread::sleep(Duration::from_millis(1));
                }
            }
        })
    };

    let mut received = Vec::new();
    let mut sub = hub.subscribe("s", Some(0)).unwrap();
    received.extend(take(&mut sub, 100));
    let resume_at = sub.last_seq();
    assert_eq!(resume_at, 100);
    drop(sub); // disconnect while the publisher keeps going
    assert_eq!(hub.subscribers("s"), 0, "dropping unsubscribes");
    disconnected.wait();
    published_while_away.wait();
    assert!(hub.log().head("s").unwrap() >= 400);

    let mut sub = hub.subscribe("s", Some(resume_at)).unwrap();
    received.extend(take(&mut sub, 350));
    // A second disconnect, resuming while or after the publisher finishes.
    let resume_at = sub.last_seq();
    assert_eq!(resume_at, 450);
    drop(sub);
    let mut sub = hub.subscribe("s", Some(resume_at)).unwrap();
    received.extend(take(&mut sub, total - 450));
    publisher.join().unwrap();
    assert_eq!(sub.recv_timeout(Duration::from_millis(20)).unwrap(), None);

    assert_eq!(seqs(&received), (1..=total as u64).collect::<Vec<_>>());
    let texts: Vec<&str> = received.iter().map(text).collect();
    let want: Vec<String> = (0..total).map(|i| format!("m{i}")).collect();
    assert_eq!(texts, want, "nothing lost, nothing duplicated");
}

#[test]
fn subscribe_without_a_position_starts_at_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open(dir.path().join("s.sqlite")).unwrap();
    let bob = Participant::person("bob");
    for i in 0..3 {
        hub.publish("s", &bob, message(i)).unwrap();
    }
    let mut sub = hub.subscribe("s", None).unwrap();
    assert_eq!(sub.last_seq(), 3);
    assert_eq!(sub.try_recv().unwrap(), None);
    hub.publish("s", &bob, message(3)).unwrap();
    assert_eq!(sub.recv().unwrap().seq, 4);
    let mut replay = hub.subscribe("s", Some(0)).unwrap();
    assert_eq!(seqs(&take(&mut replay, 4)), [1, 2, 3, 4]);
}

#[test]
fn a_slow_subscriber_does_not_stall_a_fast_one_and_catches_up_later() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(
        Hub::open(dir.path().join("s.sqlite"))
            .unwrap()
            .with_buffer(4),
    );
    let total = 1_000;
    let mut slow = hub.subscribe("s", None).unwrap(); // never reads until the end
    let mut fast = hub.subscribe("s", None).unwrap();
    let fast_reader = thread::spawn(move || {
        let got = take(&mut fast, total);
        (got, fast.catch_ups())
    });
    let started = Instant::now();
    let publisher = {
        let hub = hub.clone();
        thread::spawn(move || {
            let bot = Participant::agent("bot");
            for i in 0..total {
                hub.publish("s", &bot, message(i)).unwrap();
            }
        })
    };
    publisher.join().unwrap();
    assert!(
        started.elapsed() < WAIT,
        "publishing waited on a subscriber"
    );
    let (fast_got, _) = fast_reader.join().unwrap();
    let want: Vec<u64> = (1..=total as u64).collect();
    assert_eq!(seqs(&fast_got), want);

    let slow_got = take(&mut slow, total);
    assert_eq!(
        seqs(&slow_got),
        want,
        "the slow one gets everything, in order"
    );
    assert!(slow.catch_ups() >= 1, "its buffer of 4 overflowed");
    assert_eq!(slow.try_recv().unwrap(), None);
    // And it continues live afterwards.
    hub.publish("s", &Participant::agent("bot"), EventBody::Left)
        .unwrap();
    assert_eq!(slow.recv().unwrap().seq, total as u64 + 1);
}

#[test]
fn a_lagging_subscriber_reading_while_publishing_goes_on_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(
        Hub::open(dir.path().join("s.sqlite"))
            .unwrap()
            .with_buffer(2),
    );
    let total = 800;
    let mut sub = hub.subscribe("s", Some(0)).unwrap();
    let publisher = {
        let hub = hub.clone();
        thread::spawn(move || {
            let bot = Participant::agent("bot");
            for i in 0..total {
                hub.publish("s", &bot, message(i)).unwrap();
            }
        })
    };
    let mut got = Vec::new();
    while got.len() < total {
        got.extend(take(&mut sub, 1));
        if got.len() % 100 == 0 {
            thread::sleep(Duration::from_millis(5)); // fall behind now and then
        }
    }
    publisher.join().unwrap();
    assert_eq!(seqs(&got), (1..=total as u64).collect::<Vec<_>>());
    assert_eq!(
        hub.subscribers("s"),
        1,
        "a lagging subscriber stays subscribed"
    );
}

#[test]
fn a_new_hub_on_the_same_file_resumes_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/s.sqlite");
    let carol = Participant::person("carol");
    let resume_at = {
        let hub = Hub::open(&path).unwrap();
        for i in 0..10 {
            hub.publish("s", &carol, message(i)).unwrap();
        }
        let mut sub = hub.subscribe("s", Some(0)).unwrap();
        take(&mut sub, 4);
        sub.last_seq()
    }; // the "process" ends: hub and subscription dropped

    let hub = Hub::open(&path).unwrap();
    let mut sub = hub.subscribe("s", Some(resume_at)).unwrap();
    let replay = take(&mut sub, 6);
    assert_eq!(seqs(&replay), [5, 6, 7, 8, 9, 10]);
    assert_eq!(text(&replay[0]), "m4");
    assert_eq!(hub.publish("s", &carol, message(10)).unwrap().seq, 11);
    assert_eq!(sub.recv().unwrap().seq, 11);
    assert_eq!(hub.log().sessions().unwrap(), [("s".to_owned(), 11)]);
}

#[test]
fn two_hubs_on_one_file_get_unique_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let hubs = [
        Arc::new(Hub::open(&path).unwrap()),
        Arc::new(Hub::open(&path).unwrap()),
    ];
    let mut on_first = hubs[0].subscribe("s", Some(0)).unwrap();
    let each = 100;
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let hub = hubs[t % 2].clone();
            thread::spawn(move || {
                let me = Participant::agent(format!("w{t}"));
                for i in 0..each {
                    hub.publish("s", &me, message(i)).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let n = 4 * each as u64;
    let want: Vec<u64> = (1..=n).collect();
    assert_eq!(seqs(&hubs[1].log().read("s", 0, 10_000).unwrap()), want);
    // The other hub's events reach this hub's subscriber through the log, in order.
    hubs[0]
        .publish("s", &Participant::person("dave"), EventBody::Left)
        .unwrap();
    let got = take(&mut on_first, n as usize + 1);
    assert_eq!(seqs(&got), (1..=n + 1).collect::<Vec<_>>());
}

#[test]
fn corrupt_rows_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let hub = Hub::open(&path).unwrap();
    let eve = Participant::person("eve");
    hub.publish("s", &eve, message(0)).unwrap();
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute(
            "INSERT INTO events VALUES ('s', 2, 0, 'eve', 'person', '{not json')",
            [],
        )
        .unwrap();
        raw.execute(
            "INSERT INTO events VALUES ('s', 3, 0, 'eve', 'robot', '{\"type\":\"joined\"}')",
            [],
        )
        .unwrap();
        raw.execute(
            "INSERT INTO events VALUES ('s', 4, 0, 'eve', 'person', '{\"type\":\"teleported\"}')",
            [],
        )
        .unwrap();
    }
    hub.publish("s", &eve, message(4)).unwrap();

    let err = hub.log().read("s", 0, 10).unwrap_err();
    assert!(
        matches!(&err, SessionError::Corrupt { seq: 2, session, .. } if session == "s"),
        "{err}"
    );
    assert!(err.to_string().contains("event 2"), "{err}");

    let mut sub = hub.subscribe("s", Some(0)).unwrap();
    let mut outcomes = Vec::new();
    for item in sub.by_ref() {
        let done = matches!(&item, Ok(e) if e.seq == 5);
        outcomes.push(item.map(|e| e.seq).map_err(|e| match e {
            SessionError::Corrupt { seq, .. } => seq,
            other => panic!("{other}"),
        }));
        if done {
            break;
        }
    }
    assert_eq!(outcomes, [Ok(1), Err(2), Err(3), Err(4), Ok(5)]);
    assert_eq!(sub.last_seq(), 5);
}

#[test]
fn close_and_drop_end_subscriptions_after_the_log_is_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open(dir.path().join("s.sqlite"))
        .unwrap()
        .with_buffer(1);
    let fay = Participant::person("fay");
    let mut a = hub.subscribe("a", Some(0)).unwrap();
    let b = hub.subscribe("b", Some(0)).unwrap();
    for i in 0..5 {
        hub.publish("a", &fay, message(i)).unwrap();
        hub.publish("b", &fay, message(i)).unwrap();
    }
    assert_eq!(hub.subscribers("a"), 1);
    hub.close("a");
    assert_eq!(hub.subscribers("a"), 0);
    let got: Vec<u64> = a.by_ref().map(|e| e.unwrap().seq).collect();
    assert_eq!(got, [1, 2, 3, 4, 5]);
    assert!(matches!(a.recv(), Err(SessionError::Closed { .. })));
    assert!(matches!(a.try_recv(), Err(SessionError::Closed { .. })));

    drop(hub);
    let got: Vec<u64> = b.map(|e| e.unwrap().seq).collect();
    assert_eq!(got, [1, 2, 3, 4, 5]);
}

#[test]
fn invalid_numbers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open(dir.path().join("s.sqlite")).unwrap();
    let body = EventBody::Vote {
        question: "merge?".into(),
        choice: "yes".into(),
        confidence: f64::INFINITY,
    };
    let err = hub
        .publish("s", &Participant::agent("a"), body)
        .unwrap_err();
    assert!(matches!(err, SessionError::Invalid { .. }), "{err}");
    assert_eq!(hub.log().head("s").unwrap(), 0);
}

#[test]
fn events_serialize_with_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let log = SessionLog::open(dir.path().join("s.sqlite")).unwrap();
    let reviewer = Participant::agent("reviewer");
    let bodies = vec![
        EventBody::Joined,
        EventBody::Left,
        EventBody::StepStarted {
            workflow: "review".into(),
            step: "lint".into(),
            agent: "reviewer".into(),
        },
        EventBody::StepFinished {
            workflow: "review".into(),
            step: "lint".into(),
            status: "failed".into(),
            duration_ms: 12,
            error: Some("timeout".into()),
        },
        EventBody::Finding {
            finding: json!({"rule": "B001", "message": "mutable default"}),
        },
        EventBody::Vote {
            question: "merge?".into(),
            choice: "yes".into(),
            confidence: 0.75,
        },
        EventBody::Decision {
            question: "merge?".into(),
            decision: json!({"strategy": "majority", "winner": "yes"}),
        },
        EventBody::Message { text: "hi".into() },
        EventBody::Cost {
            usd: 0.0025,
            tokens: 1200,
            local: false,
        },
        EventBody::BudgetAlert {
            scope: "user:alice".into(),
            spent_usd: 8.0,
            limit_usd: 10.0,
        },
    ];
    let events: Vec<Event> = bodies
        .into_iter()
        .map(|b| log.append("s", &reviewer, b).unwrap())
        .collect();
    let json: Vec<serde_json::Value> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    assert_eq!(
        json[3],
        json!({
            "session": "s",
            "seq": 4,
            "at_ms": events[3].at_ms,
            "from": {"id": "reviewer", "kind": "agent"},
            "body": {"type": "step-finished", "workflow": "review", "step": "lint",
                     "status": "failed", "duration_ms": 12, "error": "timeout"}
        })
    );
    let types: Vec<&str> = json
        .iter()
        .map(|j| j["body"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "joined",
            "left",
            "step-started",
            "step-finished",
            "finding",
            "vote",
            "decision",
            "message",
            "cost",
            "budget-alert"
        ]
    );
    for (e, j) in events.iter().zip(&json) {
        assert_eq!(e.body.kind(), j["body"]["type"]);
        let back: Event = serde_json::from_value(j.clone()).unwrap();
        assert_eq!(&back, e);
    }
    assert_eq!(
        json[9]["body"],
        json!({"type": "budget-alert", "scope": "user:alice", "spent_usd": 8.0, "limit_usd": 10.0})
    );
    assert_eq!(json[0]["from"], json!({"id": "reviewer", "kind": "agent"}));
    assert_eq!(
        log.read("s", 0, 100).unwrap(),
        events,
        "what is read back is what was written"
    );
    assert_eq!(
        serde_json::to_value(Participant::person("alice")).unwrap(),
        json!({"id": "alice", "kind": "person"})
    );
}
