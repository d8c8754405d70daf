//! Collaboration sessions: an ordered, persisted event log with live subscribers.
