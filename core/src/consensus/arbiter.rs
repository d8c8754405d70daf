//! Arbiters: who settles a question when votes do not (a person, or a model judge).

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::choice::clip;
use super::{Candidate, ConsensusError, Question, Vote};
use crate::router::{ChatRequest, RouteRequest, Router};
use crate::vocab::{Message, ModelCall};

/// An arbiter's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ruling {
    /// The chosen option's key (one of the options offered).
    pub choice: String,
    /// Why, in the arbiter's words.
    pub reason: String,
    /// Who ruled: a person's name, or the router backend (`local:smollm2`).
    pub by: String,
    /// The model call, when a model ruled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_call: Option<ModelCall>,
}

/// Settles a question among options.
pub trait Arbiter: Send + Sync {
    /// Picks one of `options` (by key). `votes` are the votes as cast, for context.
    fn arbitrate(
        &self,
        question: &Question,
        options: &[Candidate],
        votes: &[Vote],
    ) -> Result<Ruling, ConsensusError>;
}

type Callback = dyn Fn(&Question, &[Candidate]) -> Option<(String, String)> + Send + Sync;

/// A person (or any code) answering through a callback: `Some((option key, reason))`, or
/// `None` to decline, which [`decide`](super::decide) reports as
/// [`ConsensusError::ArbiterDeclined`].
pub struct HumanArbiter {
    name: String,
    callback: Box<Callback>,
}

impl std::fmt::Debug for HumanArbiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HumanArbiter")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl HumanArbiter {
    /// `name` is recorded as who ruled.
    pub fn new(
        name: impl Into<String>,
        callback: impl Fn(&Question, &[Candidate]) -> Option<(String, String)> + Send + Sync + 'static,
    ) -> HumanArbiter {
        HumanArbiter {
            name: name.into(),
            callback: Box::new(callback),
        }
    }
}

impl Arbiter for HumanArbiter {
    fn arbitrate(
        &self,
        question: &Question,
        options: &[Candidate],
        _votes: &[Vote],
    ) -> Result<Ruling, ConsensusError> {
        let (choice, reason) =
            (self.callback)(question, options).ok_or_else(|| ConsensusError::ArbiterDeclined {
                by: self.name.clone(),
            })?;
        Ok(Ruling {
            choice,
            reason,
            by: self.name.clone(),
            model_call: None,
        })
    }
}

/// A model asked through the [`Router`] to pick an option.
///
/// Options are shown as a lettered list (`A`, `B`, …; more than 26 options are numbered
/// `O27`, …) with their voters and confidences; the reply is constrained by a JSON Schema to
/// `{"choice": <one of the letters>, "reason": <string>}`, and a validator makes the router try
/// the next backend on an unusable reply.
#[derive(Debug, Clone)]
pub struct ModelJudge {
    router: Arc<Router>,
    max_tokens: usize,
    timeout: Duration,
}

impl ModelJudge {
    /// A judge with 96 reply tokens and a 60 s limit per call.
    pub fn new(router: Arc<Router>) -> ModelJudge {
        ModelJudge {
            router,
            max_tokens: 96,
            timeout: Duration::from_secs(60),
        }
    }

    /// Most tokens per reply.
    pub fn max_tokens(mut self, max_tokens: usize) -> Self {
        self.max_tokens = max_tokens;
        self
    }

    /// Time limit of the call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The chat sent for `question` (exposed for inspection and tests).
    pub fn chat(&self, question: &Question, options: &[Candidate], votes: &[Vote]) -> ChatRequest {
        let tags: Vec<String> = (0..options.len()).map(tag).collect();
        let mut prompt = format!("Question: {}\n", clip(&question.topic, 200));
        if let Some(context) = &question.context {
            let _ = writeln!(prompt, "Context:\n```\n{}\n```", clip(context, 600));
        }
        prompt.push_str("Options:\n");
        for (tag, option) in tags.iter().zip(options) {
            let support = votes
                .iter()
                .filter(|v| option.voters.contains(&v.voter))
                .map(|v| format!("{} {:.1}", v.voter, v.confidence))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                prompt,
                "{tag}: {} (voted by {support})",
                clip(&option.choice.summary(), 160)
            );
        }
        let _ = write!(
            prompt,
            "Pick the best option. Reply with JSON: {{\"choice\": \"<{}>\", \"reason\": \"<one sentence>\"}}",
            tags.join(" or ")
        );
        // One worked example: small models copy its shape.
        let mut chat = ChatRequest::new(vec![
            Message::system(
                "You are a fair judge settling a disagreement between code reviewers. Reply with JSON only.",
            ),
            Message::user(
                "Question: is this finding real: eval(user_input) in app.py\n\
                 Options:\n\
                 A: real (voted by security 0.9)\n\
                 B: false-positive (voted by style 0.4)\n\
                 Pick the best option. Reply with JSON: {\"choice\": \"<A or B>\", \"reason\": \"<one sentence>\"}",
            ),
            Message::assistant(
                "{\"choice\": \"A\", \"reason\": \"eval on user input allows code injection.\"}",
            ),
            Message::user(prompt),
        ]);
        chat.max_tokens = self.max_tokens;
        chat.json_schema = Some(serde_json::json!({
            "type": "object",
            "properties": {
                "choice": { "type": "string", "enum": tags },
                "reason": { "type": "string", "minLength": 1, "maxLength": 300 },
            },
            "required": ["choice", "reason"],
            "additionalProperties": false,
        }));
        chat
    }
}

/// `A`…`Z`, then `O27`, `O28`, …
fn tag(i: usize) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        format!("O{}", i + 1)
    }
}

/// The reply's choice tag and reason, if it is usable.
fn read_reply(text: &str, tags: &[String]) -> Result<(String, String), String> {
    let body = text.trim();
    let body = body
        .strip_prefix("```json")
        .or_else(|| body.strip_prefix("```"))
        .map_or(body, |b| b.trim_end_matches("```"))
        .trim();
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    let choice = value["choice"]
        .as_str()
        .ok_or("no `choice` string")?
        .trim()
        .to_owned();
    if !tags.contains(&choice) {
        return Err(format!("`{choice}` is not one of {}", tags.join(", ")));
    }
    let reason = value["reason"]
        .as_str()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if !reason.chars().any(char::is_alphanumeric) {
        return Err("the reason is empty".into());
    }
    Ok((choice, reason))
}

impl Arbiter for ModelJudge {
    fn arbitrate(
        &self,
        question: &Question,
        options: &[Candidate],
        votes: &[Vote],
    ) -> Result<Ruling, ConsensusError> {
        let tags: Vec<String> = (0..options.len()).map(tag).collect();
        let chat = self.chat(question, options, votes);
        let check_tags = tags.clone();
        let request = RouteRequest::new(chat)
            .task("arbitrate")
            .timeout(self.timeout)
            .validator(move |reply| read_reply(reply, &check_tags).map(|_| ()));
        let reply = self
            .router
            .generate(&request)
            .map_err(|e| ConsensusError::ArbiterFailed {
                by: "model judge".into(),
                reason: e.to_string(),
            })?;
        let (tag, reason) =
            read_reply(&reply.text, &tags).map_err(|reason| ConsensusError::ArbiterFailed {
                by: reply.backend.clone(),
                reason,
            })?;
        let index = tags.iter().position(|t| *t == tag).unwrap_or_default();
        Ok(Ruling {
            choice: options[index].key.clone(),
            reason,
            by: reply.backend.clone(),
            model_call: Some(ModelCall {
                purpose: "arbitrate".into(),
                model: reply.model.clone(),
                backend: reply.backend.clone(),
                local: reply.local,
                cost_usd: reply.cost_usd,
                tokens: reply.input_tokens + reply.output_tokens,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consensus::{Choice, Rules, Strategy, Weights, decide};
    use crate::vocab::Severity;

    #[test]
    fn the_judge_sees_lettered_options_and_an_enum_schema() {
        let judge = ModelJudge::new(Arc::new(Router::builder().build()));
        let question = Question::new("q", "severity of finding 3f2a").context("eval(x)");
        let votes = [
            Vote::new("security", Severity::High, 0.9),
            Vote::new("style", Severity::Low, 0.4),
            Vote::new("perf", Severity::High, 0.6),
        ];
        let d = decide(
            &question,
            &votes,
            &Strategy::MajorityVote,
            &Rules::default(),
            &Weights::default(),
            None,
        )
        .unwrap();
        let chat = judge.chat(&question, &d.tally, &votes);
        let prompt = &chat.messages.last().unwrap().content;
        assert!(
            prompt.contains("A: high (voted by security 0.9, perf 0.6)"),
            "{prompt}"
        );
        assert!(prompt.contains("B: low (voted by style 0.4)"), "{prompt}");
        assert!(prompt.contains("eval(x)"), "{prompt}");
        let schema = chat.json_schema.unwrap();
        assert_eq!(
            schema["properties"]["choice"]["enum"],
            serde_json::json!(["A", "B"])
        );
        assert_eq!(d.choice(), Some(&Choice::Severity(Severity::High)));

        // With no backend the router fails, and so does the judge.
        let r = judge.arbitrate(&question, &d.tally, &votes);
        assert!(
            matches!(r, Err(ConsensusError::ArbiterFailed { .. })),
            "{r:?}"
        );
    }

    #[test]
    fn tags_and_replies() {
        assert_eq!(tag(0), "A");
        assert_eq!(tag(25), "Z");
        assert_eq!(tag(26), "O27");
        let tags = vec!["A".to_owned(), "B".to_owned()];
        assert_eq!(
            read_reply(r#"{"choice": "B", "reason": "safer"}"#, &tags).unwrap(),
            ("B".into(), "safer".into())
        );
        assert_eq!(
            read_reply(
                "```json\n{\"choice\": \"A\", \"reason\": \"ok\"}\n```",
                &tags
            )
            .unwrap()
            .0,
            "A"
        );
        assert!(read_reply(r#"{"choice": "C", "reason": "x"}"#, &tags).is_err());
        assert!(read_reply(r#"{"choice": "A", "reason": " . "}"#, &tags).is_err());
        assert!(read_reply("A", &tags).is_err());
    }
}
