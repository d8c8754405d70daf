//! A run's progress published into a collaboration session, so people and agents following
//! the session see steps, findings and costs as they happen (and can resume after a disconnect).

use std::sync::Arc;

use super::exec::WorkflowEvent;
use crate::session::{EventBody, Hub, Participant};

/// An observer for [`Runner::observer`](super::Runner::observer) that publishes into `session`
/// as `from`. Publishing problems are logged, never fail the run.
pub fn publish_to_session(
    hub: Arc<Hub>,
    session: impl Into<String>,
    from: Participant,
) -> impl Fn(&WorkflowEvent) + Send + Sync + 'static {
    let session = session.into();
    move |event| {
        for body in bodies(event) {
            if let Err(e) = hub.publish(&session, &from, body) {
                tracing::warn!(session = %session, error = %e, "cannot publish a workflow event");
            }
        }
    }
}

/// The session events a workflow event becomes.
fn bodies(event: &WorkflowEvent) -> Vec<EventBody> {
    match event {
        WorkflowEvent::RunStarted {
            run,
            steps,
            resumed,
        } => vec![EventBody::Message {
            text: format!("workflow {run} started: {steps} steps, {resumed} resumed"),
        }],
        WorkflowEvent::StepStarted {
            run, step, agent, ..
        } => vec![EventBody::StepStarted {
            workflow: run.clone(),
            step: step.clone(),
            agent: agent.clone(),
        }],
        WorkflowEvent::StepFinished {
            run,
            step,
            status,
            duration_ms,
            error,
            ..
        } => vec![EventBody::StepFinished {
            workflow: run.clone(),
            step: step.clone(),
            status: status.as_str().to_owned(),
            duration_ms: *duration_ms,
            error: error.clone(),
        }],
        WorkflowEvent::Findings { findings, .. } => findings
            .iter()
            .filter_map(|f| serde_json::to_value(f).ok())
            .map(|finding| EventBody::Finding { finding })
            .collect(),
        WorkflowEvent::Cost {
            usd,
            tokens,
            model_calls,
            local_calls,
            ..
        } => vec![EventBody::Cost {
            usd: *usd,
            tokens: *tokens,
            local: local_calls == model_calls,
        }],
        WorkflowEvent::Anomaly { step, anomaly, .. } => vec![EventBody::Message {
            text: format!("anomaly in {step}: {}", anomaly.reason),
        }],
        WorkflowEvent::RunFinished { run, status } => vec![EventBody::Message {
            text: format!("workflow {run} {}", status.as_str()),
        }],
    }
}
