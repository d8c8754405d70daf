//! The ledger on its own: it survives `kill -9` in the middle of writes (every record the writer
//! saw committed is there, intact), and budget totals stay exact however records arrive.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use conclave::router::{CallRecord, Ledger, LedgerFilter};

const CHILD_ENV: &str = "CONCLAVE_LEDGER_CRASH_CHILD";

fn record(i: u64) -> CallRecord {
    CallRecord {
        ts_ms: 1_700_000_000_000 + i as i64,
        backend: "openai:gpt-4o-mini".into(),
        model: "gpt-4o-mini".into(),
        local: i.is_multiple_of(2),
        user: Some(format!("user{}", i % 7)),
        workflow: None,
        task: Some("explain".into()),
        input_tokens: i,
        output_tokens: 2 * i,
        latency_ms: 3 * i,
        outcome: "ok".into(),
        cost_nanos: 5 * i as i64,
        reference_nanos: 7 * i as i64,
    }
}

/// Runs only as the child: writes records forever, printing each committed index.
#[test]
fn writer_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let ledger = Ledger::open(path).unwrap();
    for i in 0.. {
        ledger.record(&record(i)).unwrap();
        println!("committed {i}");
    }
}

#[test]
fn committed_records_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "writer_child",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut last = None;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    for line in stdout.lines() {
        if let Some(n) = line.unwrap().strip_prefix("committed ") {
            last = Some(n.parse::<u64>().unwrap());
            if last >= Some(300) || std::time::Instant::now() > deadline {
                break;
            }
        }
    }
    // SIGKILL: no destructors, no flush, possibly in the middle of a transaction.
    child.kill().unwrap();
    child.wait().unwrap();
    let last = last.expect("the child committed records");

    let ledger = Ledger::open(&path).unwrap();
    let records = ledger.records(&LedgerFilter::default()).unwrap();
    assert!(
        records.len() as u64 > last,
        "{} records after seeing {last} committed",
        records.len()
    );
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r, &record(i as u64), "record {i} intact");
    }
    // And the file still takes writes.
    ledger.record(&record(records.len() as u64)).unwrap();
}

#[test]
fn budgets_count_calls_from_before_they_were_set_and_calls_recorded_directly() {
    use conclave::router::{Budget, OnLimit, Period, now_ms};
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(dir.path().join("l.sqlite")).unwrap();
    let mut r = record(10);
    r.ts_ms = now_ms();
    r.user = Some("ann".into());
    ledger.record(&r).unwrap(); // 50 nano-dollars before any budget exists
    let budget = Budget {
        scope: "user:ann".into(),
        period: Period::Day,
        limit_nanos: 1000,
        on_limit: OnLimit::Refuse,
    };
    ledger.set_budget(&budget).unwrap();
    let start = Period::Day.start(now_ms());
    assert_eq!(ledger.committed("user:ann", start).unwrap(), 50);
    ledger.record(&r).unwrap(); // counted incrementally from now on
    assert_eq!(ledger.committed("user:ann", start).unwrap(), 100);
    assert_eq!(ledger.committed("global", start).unwrap(), 100);
    // Re-setting a budget rebuilds its total from the calls: still exact.
    ledger.set_budget(&budget).unwrap();
    assert_eq!(ledger.committed("user:ann", start).unwrap(), 100);
    let mut other = r;
    other.user = Some("bob".into());
    ledger.record(&other).unwrap();
    assert_eq!(ledger.committed("user:ann", start).unwrap(), 100);
}

#[test]
fn totals_of_unbudgeted_scopes_are_never_stale() {
    use conclave::router::{Period, now_ms};
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(dir.path().join("l.sqlite")).unwrap();
    let mut r = record(10);
    r.ts_ms = now_ms();
    let start = Period::Day.start(now_ms());
    ledger.record(&r).unwrap();
    assert_eq!(ledger.committed("global", start).unwrap(), 50);
    ledger.record(&r).unwrap();
    assert_eq!(ledger.committed("global", start).unwrap(), 100);
}
