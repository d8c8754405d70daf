//! Live fan-out: a hub persists each event, then hands it to the session's subscribers.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use super::{Event, EventBody, Participant, SessionError, SessionLog};

/// Events a subscriber may have waiting before it is marked lagging (see [`Hub::with_buffer`]).
pub const DEFAULT_BUFFER: usize = 256;

/// Events read from the log at a time when a subscriber replays or catches up.
const PAGE: usize = 256;

/// Publishes events to sessions and delivers them live to subscribers; one SQLite file per hub.
///
/// Share it with `Arc<Hub>`. Publishing to different sessions runs in parallel except for the
/// SQLite write itself; publishing to one session is serialized, so its subscribers see events
/// in sequence order. Publishing never blocks on a subscriber: each has a bounded buffer, and one
/// whose buffer is full is marked lagging and re-reads what it missed from the log.
///
/// The hub keeps a small entry (its subscriber list) for each session it has seen, until
/// [`close`](Self::close). Dropping the hub ends every subscription (each delivers what the log
/// holds, then ends).
#[derive(Debug)]
pub struct Hub {
    shared: Arc<Shared>,
    buffer: usize,
}

#[derive(Debug)]
struct Shared {
    log: SessionLog,
    topics: RwLock<HashMap<String, Arc<Topic>>>,
    next_id: AtomicU64,
}

/// One session's live subscribers. Its lock is held while an event is appended and fanned
/// out, which keeps each session's deliveries in sequence order.
#[derive(Debug, Default)]
struct Topic {
    subs: Mutex<Vec<Sub>>,
}

#[derive(Debug)]
struct Sub {
    id: u64,
    tx: SyncSender<Event>,
    lagging: Arc<AtomicBool>,
}

impl Hub {
    /// Opens (creating if needed) the log at `path` and starts a hub over it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SessionError> {
        SessionLog::open(path).map(Self::new)
    }

    /// A hub over an open log.
    pub fn new(log: SessionLog) -> Self {
        Self {
            shared: Arc::new(Shared {
                log,
                topics: RwLock::new(HashMap::new()),
                next_id: AtomicU64::new(1),
            }),
            buffer: DEFAULT_BUFFER,
        }
    }

    /// Sets how many events each new subscription may have waiting (at least 1; default
    /// [`DEFAULT_BUFFER`]).
    #[must_use]
    pub fn with_buffer(mut self, capacity: usize) -> Self {
        self.buffer = capacity.max(1);
        self
    }

    /// The log behind the hub.
    pub fn log(&self) -> &SessionLog {
        &self.shared.log
    }

    /// Appends an event to `session`'s log, then offers it to the session's live subscribers
    /// without waiting for any of them. Returns the event as stored, with its sequence number.
    pub fn publish(
        &self,
        session: &str,
        from: &Participant,
        body: EventBody,
    ) -> Result<Event, SessionError> {
        let topic = self.topic(session);
        let mut subs = topic.subs.lock().unwrap_or_else(PoisonError::into_inner);
        let event = self.shared.log.append(session, from, body)?;
        subs.retain(|sub| match sub.tx.try_send(event.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                sub.lagging.store(true, Ordering::Release);
                true
            }
            Err(TrySendError::Disconnected(_)) => false,
        });
        Ok(event)
    }

    /// Subscribes to `session`. With `after: Some(n)` the subscription first replays the logged
    /// events numbered above `n` (`Some(0)`: the whole session; `Some(sub.last_seq())`: resume
    /// where an earlier subscription stopped), then continues live. With `None` it starts at the
    /// session's current head and receives only what is published from now on.
    pub fn subscribe(
        &self,
        session: &str,
        after: Option<u64>,
    ) -> Result<Subscription, SessionError> {
        let (tx, rx) = mpsc::sync_channel(self.buffer);
        let lagging = Arc::new(AtomicBool::new(false));
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let topic = self.topic(session);
        topic
            .subs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Sub {
                id,
                tx,
                lagging: lagging.clone(),
            });
        // Registered first, then positioned: whatever is committed from here on reaches the
        // subscription live, and anything also found in the log is skipped by number.
        let mut sub = Subscription {
            shared: self.shared.clone(),
            topic,
            session: session.to_owned(),
            id,
            rx,
            lagging,
            last: after.unwrap_or(0),
            backlog: VecDeque::new(),
            catching_up: after.is_some(),
            disconnected: false,
            catch_ups: 0,
        };
        if after.is_none() {
            sub.last = self.shared.log.head(session)?;
        }
        Ok(sub)
    }

    /// Live subscriptions of `session`.
    pub fn subscribers(&self, session: &str) -> usize {
        let topics = self
            .shared
            .topics
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        topics.get(session).map_or(0, |t| {
            t.subs.lock().unwrap_or_else(PoisonError::into_inner).len()
        })
    }

    /// Ends the live subscriptions of `session`: each delivers what the log holds, then ends
    /// ([`SessionError::Closed`] from `recv`, `None` from the iterator). Later subscriptions
    /// start afresh.
    pub fn close(&self, session: &str) {
        let topic = self
            .shared
            .topics
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(session);
        if let Some(topic) = topic {
            topic
                .subs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clear();
        }
    }

    fn topic(&self, session: &str) -> Arc<Topic> {
        let topics = &self.shared.topics;
        if let Some(t) = topics
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(session)
        {
            return t.clone();
        }
        topics
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(session.to_owned())
            .or_default()
            .clone()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let topics = std::mem::take(
            &mut *self
                .shared
                .topics
                .write()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for topic in topics.into_values() {
            topic
                .subs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clear();
        }
    }
}

/// A subscriber's view of one session: events in sequence order, each exactly once, first
/// replayed from the log, then live. Dropping it unsubscribes; [`last_seq`](Self::last_seq) is
/// where a later subscription resumes.
///
/// Blocking reads wait for events this process publishes; events another process appends to
/// the same file arrive through the log when this hub's next event shows the gap.
#[derive(Debug)]
pub struct Subscription {
    shared: Arc<Shared>,
    topic: Arc<Topic>,
    session: String,
    id: u64,
    rx: Receiver<Event>,
    lagging: Arc<AtomicBool>,
    /// The last sequence number delivered (or skipped as corrupt).
    last: u64,
    /// Rows read from the log, not yet delivered.
    backlog: VecDeque<Result<Event, SessionError>>,
    /// Reading the log until it has nothing after `last`.
    catching_up: bool,
    /// The hub dropped this subscription; one last catch-up, then `Closed`.
    disconnected: bool,
    catch_ups: u64,
}

#[derive(Clone, Copy)]
enum Wait {
    No,
    Until(Instant),
    Forever,
}

impl Subscription {
    /// The next event, waiting as long as it takes. [`SessionError::Closed`] once the hub has
    /// closed the session (or was dropped) and everything logged has been delivered.
    ///
    /// A row of the log that cannot be read back is reported as [`SessionError::Corrupt`] and
    /// skipped: the next call goes on with the following event.
    pub fn recv(&mut self) -> Result<Event, SessionError> {
        self.next_event(Wait::Forever)?
            .ok_or_else(|| SessionError::Closed {
                session: self.session.clone(),
            })
    }

    /// The next event, or `None` if none came within `timeout`.
    pub fn recv_timeout(&mut self, timeout: Duration) -> Result<Option<Event>, SessionError> {
        let deadline = Instant::now().checked_add(timeout);
        self.next_event(deadline.map_or(Wait::Forever, Wait::Until))
    }

    /// The next event if one is ready, else `None`.
    pub fn try_recv(&mut self) -> Result<Option<Event>, SessionError> {
        self.next_event(Wait::No)
    }

    /// The sequence number of the last event delivered (0 before the first): pass it to
    /// [`Hub::subscribe`] to resume after a disconnect.
    pub fn last_seq(&self) -> u64 {
        self.last
    }

    /// The session subscribed to.
    pub fn session(&self) -> &str {
        &self.session
    }

    /// How many times this subscriber fell behind (its buffer filled up) and re-read from the
    /// log.
    pub fn catch_ups(&self) -> u64 {
        self.catch_ups
    }

    fn next_event(&mut self, wait: Wait) -> Result<Option<Event>, SessionError> {
        loop {
            if let Some(item) = self.backlog.pop_front() {
                match item {
                    Ok(e) if e.seq <= self.last => continue,
                    Ok(e) => {
                        self.last = e.seq;
                        return Ok(Some(e));
                    }
                    Err(err) => {
                        if let SessionError::Corrupt { seq, .. } = &err {
                            self.last = self.last.max(*seq);
                        }
                        return Err(err);
                    }
                }
            }
            // Set by a publisher that found the buffer full after committing: everything
            // missed is in the log.
            if self.lagging.swap(false, Ordering::AcqRel) {
                self.catching_up = true;
                self.catch_ups += 1;
            }
            if self.catching_up {
                let page = self.shared.log.read_rows(&self.session, self.last, PAGE)?;
                if page.is_empty() {
                    self.catching_up = false;
                } else {
                    self.backlog.extend(page);
                }
                continue;
            }
            let got = match wait {
                Wait::No => match self.rx.try_recv() {
                    Ok(e) => Some(e),
                    Err(TryRecvError::Empty) => return Ok(None),
                    Err(TryRecvError::Disconnected) => None,
                },
                Wait::Until(deadline) => {
                    match self
                        .rx
                        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                    {
                        Ok(e) => Some(e),
                        Err(RecvTimeoutError::Timeout) => return Ok(None),
                        Err(RecvTimeoutError::Disconnected) => None,
                    }
                }
                Wait::Forever => self.rx.recv().ok(),
            };
            match got {
                Some(e) if e.seq <= self.last => {}
                Some(e) if e.seq == self.last + 1 => {
                    self.last = e.seq;
                    return Ok(Some(e));
                }
                // A gap (another process appended, or this one was dropped): it is all in the
                // log, this event included.
                Some(_) => self.catching_up = true,
                None if !self.disconnected => {
                    self.disconnected = true;
                    self.catching_up = true;
                }
                None => {
                    return Err(SessionError::Closed {
                        session: self.session.clone(),
                    });
                }
            }
        }
    }
}

impl Iterator for Subscription {
    type Item = Result<Event, SessionError>;

    /// Blocks for the next event; `None` once the session is closed and drained.
    fn next(&mut self) -> Option<Self::Item> {
        match self.recv() {
            Err(SessionError::Closed { .. }) => None,
            other => Some(other),
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.topic
            .subs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|s| s.id != self.id);
    }
}
