//! Collaboration: consensus decisions, live sessions, reviewers' feedback.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use conclave::consensus::{
    self as core_consensus, Choice, Question, Quorum, Rules, Strategy, TieBreak, Vote, Weights,
};
use conclave::learn::{Feedback, FeedbackStore as CoreStore, Verdict};
use conclave::session::{EventBody, Hub as CoreHub, Participant, SessionError as CoreSessionError};
use pyo3::exceptions::{PyStopAsyncIteration, PyStopIteration, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::analysis::path_arg;
use crate::convert::{from_py, ser_to_py};
use crate::errors::{BindingError, OrRaise, detached, input_error};
use crate::models::lock_for_reading;

fn choice_arg(obj: &Bound<'_, PyAny>) -> PyResult<Choice> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Choice::label(s.to_cow()?));
    }
    if obj.is_instance_of::<PyDict>() {
        return serde_json::from_value(from_py(obj)?).map_err(|e| {
            input_error(format!(
                "a choice dict needs `kind` (label, severity, fix, findings) and `value`: {e}"
            ))
        });
    }
    Err(PyTypeError::new_err(
        "a choice is a str (a label) or a dict {'kind': ..., 'value': ...}",
    ))
}

/// Decides among agents' votes. `votes`: `(voter, choice, confidence)` tuples, a choice being a
/// label (str) or `{"kind": "severity", "value": "high"}`; `strategy`: `majority`, `weighted`,
/// `confidence`, `unanimity`, `priority:a,b`, `union`; `tie_break`: `confidence`,
/// `priority:a,b`, `none`. Returns the decision as a dict (outcome, reason, ...).
///
/// >>> decide("is it real", [("a", "real", 0.9), ("b", "real", 0.6), ("c", "fp", 0.8)])["outcome"]
#[pyfunction]
#[pyo3(signature = (question, votes, strategy = "majority", weights = None, tie_break = None, min_votes = 1, eligible = None))]
#[allow(clippy::too_many_arguments)]
pub fn decide<'py>(
    py: Python<'py>,
    question: &str,
    votes: Vec<(String, Bound<'py, PyAny>, f64)>,
    strategy: &str,
    weights: Option<std::collections::BTreeMap<String, f64>>,
    tie_break: Option<&str>,
    min_votes: usize,
    eligible: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    let votes = votes
        .into_iter()
        .map(|(voter, choice, confidence)| {
            Ok(Vote {
                voter,
                choice: choice_arg(&choice)?,
                confidence,
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let strategy: Strategy = strategy.parse().or_raise()?;
    let rules = Rules {
        quorum: Quorum {
            min_votes,
            ..Quorum::default()
        },
        tie_break: tie_break
            .map(str::parse::<TieBreak>)
            .transpose()
            .or_raise()?
            .unwrap_or_default(),
        eligible,
    };
    let weights: Weights = weights.unwrap_or_default().into_iter().collect();
    let question = Question::new(question, question);
    let decision = detached(py, move || {
        core_consensus::decide(&question, &votes, &strategy, &rules, &weights, None)
    })?
    .or_raise()?;
    ser_to_py(py, &decision)
}

/// `alice` is a person; `agent:reviewer` is an agent.
fn participant(id: &str) -> Participant {
    match id.strip_prefix("agent:") {
        Some(agent) => Participant::agent(agent),
        None => Participant::person(id),
    }
}

/// Live sessions: an append-only log in SQLite with subscribers that replay and follow it.
///
/// >>> hub = Hub("sessions.sqlite")
/// >>> hub.publish("review-42", "alice", "message", text="looks good")["seq"]
/// 1
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Hub {
    inner: Arc<CoreHub>,
}

#[pymethods]
impl Hub {
    #[new]
    fn new(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Hub> {
        let path = path_arg(path)?;
        let hub = detached(py, move || CoreHub::open(path))?.or_raise()?;
        Ok(Hub {
            inner: Arc::new(hub),
        })
    }

    /// Appends an event of `kind` (`message`, `vote`, `finding`, `step-started`, `cost`, ...)
    /// with `fields` (e.g. `text="hi"`) from `participant` (`alice`, or `agent:NAME`).
    /// Returns the stored event as a dict.
    #[pyo3(signature = (session, participant, kind, **fields))]
    fn publish<'py>(
        &self,
        py: Python<'py>,
        session: &str,
        participant: &str,
        kind: &str,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut body = match fields {
            Some(f) => from_py(f.as_any())?,
            None => serde_json::Value::Object(serde_json::Map::new()),
        };
        if let serde_json::Value::Object(map) = &mut body {
            map.insert("type".into(), serde_json::Value::String(kind.to_owned()));
        }
        let body: EventBody = serde_json::from_value(body)
            .map_err(|e| input_error(format!("not a valid `{kind}` event: {e}")))?;
        let from = self::participant(participant);
        let hub = Arc::clone(&self.inner);
        let session = session.to_owned();
        let event = detached(py, move || hub.publish(&session, &from, body))?.or_raise()?;
        ser_to_py(py, &event)
    }

    /// Follows `session`: replays the events after `after` (0: all; None: only new ones),
    /// then waits for new ones. Iterate with `for` or `async for`.
    #[pyo3(signature = (session, after = Some(0)), text_signature = "(self, session, after=0)")]
    fn subscribe(
        &self,
        py: Python<'_>,
        session: &str,
        after: Option<u64>,
    ) -> PyResult<Subscription> {
        let hub = Arc::clone(&self.inner);
        let session = session.to_owned();
        let sub = detached(py, move || hub.subscribe(&session, after))?.or_raise()?;
        Ok(Subscription {
            inner: Mutex::new(Some(sub)),
        })
    }

    /// Closes `session`: subscribers finish once they have read everything logged.
    fn close(&self, session: &str) {
        self.inner.close(session);
    }
}

/// The events of one session, as dicts; an iterator and an async iterator.
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Subscription {
    inner: Mutex<Option<conclave::session::Subscription>>,
}

enum Next {
    Event(conclave::session::Event),
    Closed,
}

impl Subscription {
    fn next_event(&self, py: Python<'_>, timeout: Option<f64>) -> PyResult<Option<Next>> {
        let mut guard = lock_for_reading(&self.inner)?;
        let Some(sub) = guard.as_mut() else {
            return Ok(Some(Next::Closed));
        };
        let deadline =
            timeout.map(|t| std::time::Instant::now() + Duration::from_secs_f64(t.max(0.0)));
        loop {
            let wait = Duration::from_millis(100);
            let got = detached(py, || sub.recv_timeout(wait))?;
            match got {
                Ok(Some(event)) => return Ok(Some(Next::Event(event))),
                Ok(None) => {
                    py.check_signals()?;
                    if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                        return Ok(None);
                    }
                }
                Err(CoreSessionError::Closed { .. }) => {
                    *guard = None;
                    return Ok(Some(Next::Closed));
                }
                Err(e) => return Err(BindingError::from(e).into()),
            }
        }
    }
}

#[pymethods]
impl Subscription {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.next_event(py, None)? {
            Some(Next::Event(e)) => ser_to_py(py, &e),
            _ => Err(PyStopIteration::new_err(())),
        }
    }
    /// The next event, or None if none came within `timeout` seconds (or the session closed).
    #[pyo3(signature = (timeout = None))]
    fn next<'py>(&self, py: Python<'py>, timeout: Option<f64>) -> PyResult<Bound<'py, PyAny>> {
        match self.next_event(py, timeout)? {
            Some(Next::Event(e)) => ser_to_py(py, &e),
            _ => Ok(py.None().into_bound(py)),
        }
    }
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    /// Awaits the next event on a worker thread (`asyncio.to_thread`), so the loop runs on.
    fn __anext__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let asyncio = slf.py().import("asyncio")?;
        asyncio.call_method1("to_thread", (slf.getattr("_next_async")?,))
    }
    fn _next_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.next_event(py, None)? {
            Some(Next::Event(e)) => ser_to_py(py, &e),
            _ => Err(PyStopAsyncIteration::new_err(())),
        }
    }
    /// Stops following the session.
    fn close(&self) {
        if let Ok(mut guard) = self.inner.try_lock() {
            *guard = None;
        }
    }
    /// The sequence number of the last event delivered (pass as `after` to resume).
    #[getter]
    fn last_seq(&self) -> u64 {
        self.inner
            .try_lock()
            .ok()
            .and_then(|g| g.as_ref().map(|s| s.last_seq()))
            .unwrap_or(0)
    }
}

/// Reviewers' verdicts on findings and fixes, and what they teach about each rule.
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct FeedbackStore {
    inner: Arc<Mutex<CoreStore>>,
}

#[pymethods]
impl FeedbackStore {
    #[new]
    fn new(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<FeedbackStore> {
        let path = path_arg(path)?;
        let store = detached(py, move || CoreStore::open(&path))?.or_raise()?;
        Ok(FeedbackStore {
            inner: Arc::new(Mutex::new(store)),
        })
    }

    /// Records `by`'s verdict (`accepted`, `rejected`, `fixed`) on the finding with this
    /// fingerprint (or on a fix, with `fix=True`). Returns `{"outcome": "new" | "replaced" | "kept", ...}`.
    #[pyo3(signature = (fingerprint, verdict, rule, by, fix = false, agent = None))]
    #[allow(clippy::too_many_arguments)]
    fn record<'py>(
        &self,
        py: Python<'py>,
        fingerprint: &str,
        verdict: &str,
        rule: &str,
        by: &str,
        fix: bool,
        agent: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let verdict: Verdict = verdict.parse().or_raise()?;
        let mut feedback = Feedback::finding(fingerprint, rule, verdict, by);
        feedback.agent = agent;
        if fix {
            feedback = feedback.for_fix();
        }
        let store = Arc::clone(&self.inner);
        let outcome = detached(py, move || {
            store
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .record(&feedback)
        })?
        .or_raise()?;
        ser_to_py(py, &outcome)
    }

    /// A rule's learned reliability: `mean` (share of its findings judged real), `lower_bound`,
    /// `observations`, with the declared confidence (`low`, `medium`, `high`) as the prior.
    #[pyo3(signature = (rule, declared = "medium"))]
    fn reliability<'py>(
        &self,
        py: Python<'py>,
        rule: &str,
        declared: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let declared: conclave::Confidence = serde_json::from_value(serde_json::Value::String(
            declared.to_owned(),
        ))
        .map_err(|_| {
            input_error(format!(
                "unknown confidence `{declared}` (low, medium, high)"
            ))
        })?;
        let store = Arc::clone(&self.inner);
        let rule = rule.to_owned();
        let r = detached(py, move || {
            store
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .reliability_of_rule(&rule, declared)
        })?
        .or_raise()?;
        let value = serde_json::json!({
            "mean": r.mean(), "lower_bound": r.lower_bound(), "observations": r.observations(),
            "alpha": r.alpha(), "beta": r.beta(),
        });
        crate::convert::to_py(py, &value)
    }

    /// Verdicts stored.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let store = Arc::clone(&self.inner);
        let n = detached(py, move || {
            store.lock().unwrap_or_else(PoisonError::into_inner).len()
        })?
        .or_raise()?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
}
