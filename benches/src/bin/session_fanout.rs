//! Collaboration sessions under load: 1 000 concurrent sessions, each with live subscribers on
//! their own threads, publishers appending to the SQLite log and fanning events out. Measures
//! the latency from the start of the `publish` call to receipt by a subscriber (the publish
//! instant travels in the message text), the time spent in `publish`, and throughput. Prints a
//! Markdown table.
//!
//! Two runs: `burst` (publishers flat out: throughput, latency under saturation) and `paced`
//! (a fixed aggregate rate well below saturation: latency under ordinary load). A third row,
//! `log only`, publishes to sessions nobody subscribes to: the cost of the SQLite write alone;
//! the last, `burst, small buffers`, gives each subscriber a buffer of 4 events and publishes
//! 10 events to a session back to back, so that subscribers fall behind and catch up from the
//! log.
//!
//! usage: cargo run --release -p conclave-benches --bin session_fanout [-- SESSIONS SUBS EVENTS]

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use conclave::session::{EventBody, Hub, Participant, Subscription};

const PUBLISHERS: usize = 4;
const PACED_RATE: f64 = 4_000.0; // events per second, all sessions together
/// Subscriber buffer of the last run, small enough to overflow: lagging subscribers re-read
/// from the log.
const SMALL_BUFFER: usize = 4;
/// Events published to one session back to back in that run (more than its buffer holds).
const STREAK: usize = 10;

struct Run {
    name: &'static str,
    sessions: usize,
    subs: usize,
    events: usize,
    wall: Duration,
    publish_ns: Vec<u64>,
    receipt_ns: Vec<u64>,
    catch_ups: u64,
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("SESSIONS SUBS EVENTS are numbers"))
        .collect();
    let sessions = args.first().copied().unwrap_or(1_000);
    let subs = args.get(1).copied().unwrap_or(2);
    let per_session = args.get(2).copied().unwrap_or(50);

    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(Hub::open(dir.path().join("sessions.sqlite")).unwrap());
    let small = Arc::new(
        Hub::open(dir.path().join("small-buffers.sqlite"))
            .unwrap()
            .with_buffer(SMALL_BUFFER),
    );
    let epoch = Instant::now();

    let runs = [
        run(&hub, epoch, "log only", sessions, 0, per_session, 1, None),
        run(&hub, epoch, "burst", sessions, subs, per_session, 1, None),
        run(
            &hub,
            epoch,
            "paced",
            sessions,
            subs,
            per_session / 2,
            1,
            Some(PACED_RATE),
        ),
        run(
            &small,
            epoch,
            "burst, small buffers",
            sessions,
            subs,
            per_session,
            STREAK,
            None,
        ),
    ];

    println!(
        "\n{sessions} sessions, {PUBLISHERS} publisher threads, one thread per subscriber, \
         subscriber buffer {} ({SMALL_BUFFER} for `small buffers`), SQLite in a tempdir; \
         paced = {PACED_RATE} events/s in all\n",
        conclave::session::DEFAULT_BUFFER
    );
    println!(
        "| run | subscribers/session | events | deliveries | events/s | deliveries/s | \
         publish p50 | publish p99 | receipt p50 | receipt p99 | receipt max | catch-ups |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for mut r in runs {
        let events = r.sessions * r.events;
        let secs = r.wall.as_secs_f64();
        r.publish_ns.sort_unstable();
        r.receipt_ns.sort_unstable();
        let receipt = |p: f64| {
            if r.receipt_ns.is_empty() {
                "–".to_owned()
            } else {
                ms(pct(&r.receipt_ns, p))
            }
        };
        println!(
            "| {} | {} | {} | {} | {:.0} | {:.0} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.subs,
            events,
            r.receipt_ns.len(),
            events as f64 / secs,
            r.receipt_ns.len() as f64 / secs,
            ms(pct(&r.publish_ns, 50.0)),
            ms(pct(&r.publish_ns, 99.0)),
            receipt(50.0),
            receipt(99.0),
            receipt(100.0),
            r.catch_ups,
        );
    }
}

/// Publishes `events` messages to each of `sessions` sessions from [`PUBLISHERS`] threads
/// (flat out, or at `rate` events/s in all), `streak` at a time to one session, while `subs`
/// subscribers per session receive them.
#[allow(clippy::too_many_arguments)]
fn run(
    hub: &Arc<Hub>,
    epoch: Instant,
    name: &'static str,
    sessions: usize,
    subs: usize,
    events: usize,
    streak: usize,
    rate: Option<f64>,
) -> Run {
    let events = events.div_ceil(streak) * streak;
    let names: Arc<Vec<String>> = Arc::new((0..sessions).map(|i| format!("{name}-{i}")).collect());
    // Subscribed before anything is published; each on its own thread.
    let receivers: Vec<_> = names
        .iter()
        .flat_map(|s| (0..subs).map(move |_| s))
        .map(|s| {
            let sub = hub.subscribe(s, None).unwrap();
            thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || receive(sub, events, epoch))
                .unwrap()
        })
        .collect();

    let started = Instant::now();
    let publishers: Vec<_> = (0..PUBLISHERS)
        .map(|p| {
            let (hub, names) = (hub.clone(), names.clone());
            thread::spawn(move || {
                let me = Participant::agent(format!("publisher-{p}"));
                let mine: Vec<&String> = names.iter().skip(p).step_by(PUBLISHERS).collect();
                // Each publisher's share of the aggregate rate.
                let gap = rate.map(|r| Duration::from_secs_f64(PUBLISHERS as f64 / r));
                let mut took = Vec::with_capacity(mine.len() * events);
                let mut k = 0u32;
                for _ in 0..events / streak {
                    for s in mine.iter().flat_map(|s| std::iter::repeat_n(s, streak)) {
                        if let Some(gap) = gap {
                            let due = started + gap * k;
                            k += 1;
                            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                                thread::sleep(wait);
                            }
                        }
                        let t0 = Instant::now();
                        let at = t0.duration_since(epoch).as_nanos();
                        hub.publish(
                            s,
                            &me,
                            EventBody::Message {
                                text: at.to_string(),
                            },
                        )
                        .unwrap();
                        took.push(t0.elapsed().as_nanos() as u64);
                    }
                }
                took
            })
        })
        .collect();
    let publish_ns: Vec<u64> = publishers
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let mut receipt_ns = Vec::with_capacity(sessions * subs * events);
    let mut catch_ups = 0;
    for h in receivers {
        let (lat, c) = h.join().unwrap();
        receipt_ns.extend(lat);
        catch_ups += c;
    }
    Run {
        name,
        sessions,
        subs,
        events,
        wall: started.elapsed(),
        publish_ns,
        receipt_ns,
        catch_ups,
    }
}

/// Receives `n` events, checking their order; the latency of each in nanoseconds.
fn receive(mut sub: Subscription, n: usize, epoch: Instant) -> (Vec<u64>, u64) {
    let mut lat = Vec::with_capacity(n);
    let first = sub.last_seq();
    for i in 0..n {
        let e = sub.recv().expect("event");
        let now = epoch.elapsed().as_nanos();
        assert_eq!(e.seq, first + i as u64 + 1, "in order, without gaps");
        let EventBody::Message { text } = &e.body else {
            panic!("unexpected {:?}", e.body)
        };
        let sent: u128 = text.parse().expect("publish instant");
        lat.push(now.saturating_sub(sent) as u64);
    }
    (lat, sub.catch_ups())
}

fn pct(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(ns: u64) -> String {
    format!("{:.3} ms", ns as f64 / 1e6)
}
