//! Collaboration sessions: an ordered, persisted event log with live subscribers.
//!
//! Participants (people and agents) share a session. Everything that happens in it (steps
//! started and finished, findings, votes, decisions, messages, costs, budget alerts) is an
//! [`Event`] appended to the session's log in a SQLite file ([`SessionLog`]) and numbered 1, 2,
//! 3, … without gaps. A [`Hub`] publishes events and fans them out to [`Subscription`]s, which
//! receive them live and, after a disconnect or a restart, resume from a sequence number with
//! nothing lost or duplicated. A slow subscriber never stalls the others: its buffer is
//! bounded, and once it is full the subscriber re-reads what it missed from the log.
//!
//! ```
//! use conclave::session::{EventBody, Hub, Participant};
//!
//! let dir = tempfile::tempdir()?;
//! let hub = Hub::open(dir.path().join("sessions.sqlite"))?;
//! let alice = Participant::person("alice");
//! hub.publish("review-42", &alice, EventBody::Joined)?;
//!
//! let mut sub = hub.subscribe("review-42", Some(0))?; // replay from the start, then live
//! hub.publish("review-42", &alice, EventBody::Message { text: "looks good".into() })?;
//! assert_eq!(sub.recv()?.seq, 1);
//! let last = sub.recv()?;
//! assert_eq!((last.seq, last.body.kind()), (2, "message"));
//!
//! drop(sub); // disconnect; publishing goes on
//! hub.publish("review-42", &alice, EventBody::Left)?;
//! let mut again = hub.subscribe("review-42", Some(last.seq))?;
//! assert_eq!(again.recv()?.seq, 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod event;
mod hub;
mod log;

use std::path::PathBuf;

pub use event::{Event, EventBody, Participant, ParticipantKind};
pub use hub::{DEFAULT_BUFFER, Hub, Subscription};
pub use log::SessionLog;

use crate::store::StoreError;

/// Errors of session logs and subscriptions.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The SQLite file could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A logged event could not be read back.
    #[error("session log {path}: session `{session}` event {seq}: {reason}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// The session.
        session: String,
        /// The event's sequence number.
        seq: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// The event cannot be logged (a number that is NaN or infinite).
    #[error("invalid event: {reason}")]
    Invalid {
        /// Why.
        reason: String,
    },
    /// The hub closed the session (or was dropped) and everything logged has been delivered.
    #[error("session `{session}` is closed")]
    Closed {
        /// The session.
        session: String,
    },
}
