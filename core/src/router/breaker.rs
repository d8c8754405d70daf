//! A circuit breaker per backend: after `threshold` failures in a row the backend is skipped for
//! `cooldown`; then one trial call decides whether it closes again.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Breaker settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker.
    pub threshold: u32,
    /// How long an open breaker skips its backend.
    pub cooldown: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            threshold: 3,
            cooldown: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One trial call is in flight.
    HalfOpen,
}

/// Thread-safe breaker state.
#[derive(Debug)]
pub(crate) struct Breaker {
    config: BreakerConfig,
    state: Mutex<State>,
}

impl Breaker {
    pub(crate) fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    /// Whether a call may go through now (claims the trial slot when half-open).
    pub(crate) fn allow(&self) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match *s {
            State::Closed { .. } => true,
            State::Open { until } if Instant::now() >= until => {
                *s = State::HalfOpen;
                true
            }
            State::Open { .. } | State::HalfOpen => false,
        }
    }

    pub(crate) fn success(&self) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = State::Closed { failures: 0 };
    }

    pub(crate) fn failure(&self) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let failures = match *s {
            State::Closed { failures } => failures + 1,
            State::HalfOpen | State::Open { .. } => self.config.threshold,
        };
        *s = if failures >= self.config.threshold {
            State::Open {
                until: Instant::now() + self.config.cooldown,
            }
        } else {
            State::Closed { failures }
        };
    }

    /// True while calls are being skipped.
    #[cfg(test)]
    pub(crate) fn is_open(&self) -> bool {
        matches!(*self.state.lock().unwrap_or_else(|p| p.into_inner()), State::Open { until } if Instant::now() < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_and_half_opens_after_cooldown() {
        let b = Breaker::new(BreakerConfig {
            threshold: 2,
            cooldown: Duration::from_millis(30),
        });
        b.failure();
        assert!(b.allow());
        b.failure();
        assert!(!b.allow() && b.is_open());
        std::thread::sleep(Duration::from_millis(40));
        assert!(b.allow(), "trial after cooldown");
        assert!(!b.allow(), "only one trial at a time");
        b.failure();
        assert!(b.is_open(), "a failed trial reopens");
        std::thread::sleep(Duration::from_millis(40));
        assert!(b.allow());
        b.success();
        assert!(b.allow() && b.allow());
    }
}
