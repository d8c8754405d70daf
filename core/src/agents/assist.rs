//! The model-backed steps of an agent: plain-language explanations of findings and fixes where
//! no rule has one, asked through the [`Router`](crate::router::Router) within a budget.
//!
//! A model's fix is never trusted as such: [`enrich`] verifies every fix (re-parse, re-scan,
//! tests) and only a fix that passes may be applied (`unsafe`); one that fails stays
//! `display-only`, with the reason recorded in its [`Verification`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::verify::{FixTarget, TestCommand, verify_fix_against};
use crate::Engine;
use crate::router::{ChatRequest, RouteRequest, RouteResponse, Router, RouterError};
use crate::vocab::{Applicability, Edit, Finding, Fix, Message, ModelCall, Provenance, Span};

/// Limits on one agent call's model use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelBudget {
    /// Most model calls.
    pub max_calls: usize,
    /// Most dollars spent (local calls usually cost 0).
    pub max_cost_usd: f64,
    /// Most tokens per reply.
    pub max_tokens: usize,
    /// Time limit of each call.
    pub call_timeout: Duration,
}

impl Default for ModelBudget {
    fn default() -> Self {
        ModelBudget {
            max_calls: 8,
            max_cost_usd: 0.05,
            max_tokens: 128,
            call_timeout: Duration::from_secs(60),
        }
    }
}

/// What is left of a [`ModelBudget`] during one agent call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allowance {
    pub calls_left: usize,
    pub cost_left_usd: f64,
    pub deadline: Option<Instant>,
}

impl Allowance {
    /// No model calls at all.
    pub const NONE: Allowance = Allowance {
        calls_left: 0,
        cost_left_usd: 0.0,
        deadline: None,
    };

    fn check(&self) -> Result<(), AssistError> {
        if self.calls_left == 0 || self.cost_left_usd <= 0.0 {
            return Err(AssistError::BudgetSpent);
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(AssistError::BudgetSpent);
        }
        Ok(())
    }

    fn charge(&mut self, cost_usd: f64) {
        self.calls_left = self.calls_left.saturating_sub(1);
        self.cost_left_usd -= cost_usd;
    }
}

/// Errors of a model-backed step; the deterministic results stand regardless.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AssistError {
    #[error("the agent's model budget is spent")]
    BudgetSpent,
    #[error(transparent)]
    Router(#[from] RouterError),
    #[error("the model's reply is unusable: {reason}")]
    Unusable { reason: String },
    #[error("no model fix is attempted for findings over {lines} lines")]
    TooLarge { lines: u32 },
}

/// Asks the router on an agent's behalf.
#[derive(Clone)]
pub struct Assistant {
    router: Arc<Router>,
    budget: ModelBudget,
}

impl std::fmt::Debug for Assistant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assistant")
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

/// Lines of context shown around a finding.
const CONTEXT_LINES: u32 = 3;
/// Model fixes are attempted for findings spanning at most this many lines.
const MAX_FIX_LINES: u32 = 3;

impl Assistant {
    pub fn new(router: Arc<Router>, budget: ModelBudget) -> Assistant {
        Assistant { router, budget }
    }

    pub fn budget(&self) -> ModelBudget {
        self.budget
    }

    /// The router it asks.
    pub fn router(&self) -> Arc<Router> {
        self.router.clone()
    }

    /// A fresh allowance for one agent call.
    pub fn allowance(&self, deadline: Option<Instant>) -> Allowance {
        Allowance {
            calls_left: self.budget.max_calls,
            cost_left_usd: self.budget.max_cost_usd,
            deadline,
        }
    }

    fn ask(
        &self,
        task: &str,
        chat: ChatRequest,
        allowance: &mut Allowance,
        validator: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static,
    ) -> Result<RouteResponse, AssistError> {
        allowance.check()?;
        let mut timeout = self.budget.call_timeout;
        if let Some(deadline) = allowance.deadline {
            timeout = timeout.min(deadline.saturating_duration_since(Instant::now()));
        }
        let request = RouteRequest::new(chat)
            .task(task)
            .timeout(timeout)
            .validator(validator);
        let reply = self.router.generate(&request);
        // A failed call still used a slot: a broken backend must not be retried forever.
        allowance.charge(reply.as_ref().map_or(0.0, |r| r.cost_usd));
        Ok(reply?)
    }

    /// A short explanation of `finding` in `text` for people.
    pub fn explain(
        &self,
        finding: &Finding,
        text: &str,
        allowance: &mut Allowance,
    ) -> Result<(String, ModelCall), AssistError> {
        let prompt = format!(
            "Explain in two short sentences why this is a problem and how to fix it.\n\
             Problem ({rule}): {message}\n\
             Code:\n```\n{code}\n```",
            rule = finding.rule_id.as_str(),
            message = finding.message,
            code = excerpt(text, &finding.span, CONTEXT_LINES),
        );
        let mut chat = ChatRequest::new(vec![
            Message::system("You are a senior engineer reviewing code. Be brief and concrete."),
            Message::user(prompt),
        ]);
        chat.max_tokens = self.budget.max_tokens;
        let reply = self.ask("explain", chat, allowance, |reply| {
            if prose(reply).len() < 8 {
                Err("the explanation is empty".into())
            } else {
                Ok(())
            }
        })?;
        let call = model_call("explain", &reply);
        Ok((prose(&reply.text), call))
    }

    /// A fix proposed by the model: the lines of `problem` rewritten. Not verified yet.
    pub fn propose_fix(
        &self,
        problem: &Problem<'_>,
        text: &str,
        allowance: &mut Allowance,
    ) -> Result<(Fix, ModelCall), AssistError> {
        let lines = problem
            .span
            .end
            .line
            .saturating_sub(problem.span.start.line)
            + 1;
        if lines > MAX_FIX_LINES {
            return Err(AssistError::TooLarge {
                lines: MAX_FIX_LINES,
            });
        }
        let (start, end) = line_bounds(text, &problem.span);
        let original = text[start..end].to_owned();
        let indent: String = original
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let prompt = format!(
            "Problem ({rule}): {message}\n\
             Code:\n```\n{code}\n```\n\
             Rewrite this code so the problem is gone and the behaviour is otherwise the same:\n\
             ```\n{original}\n```\n\
             Reply with JSON: {{\"code\": \"<the corrected code>\"}}",
            rule = problem.rule,
            message = problem.message,
            code = excerpt(text, &problem.span, 1),
            original = original.trim(),
        );
        // One worked example: small models copy its shape (code, not prose, in `code`).
        let mut chat = ChatRequest::new(vec![
            Message::system("You fix bugs in code. Reply with JSON only."),
            Message::user(
                "Problem (R005): `done == True` compares a boolean with true\n\
                 Rewrite this code so the problem is gone and the behaviour is otherwise the same:\n\
                 ```\nif done == True:\n```\n\
                 Reply with JSON: {\"code\": \"<the corrected code>\"}",
            ),
            Message::assistant("{\"code\": \"if done:\"}"),
            Message::user(prompt),
        ]);
        chat.max_tokens = self.budget.max_tokens;
        chat.json_schema = Some(serde_json::json!({
            "type": "object",
            "properties": { "code": { "type": "string", "minLength": 1 } },
            "required": ["code"],
        }));
        let unchanged = original.trim().to_owned();
        let reply = self.ask("fix", chat, allowance, move |reply| {
            let code = code_of(reply)?;
            if code.trim() == unchanged {
                Err("the code is unchanged".into())
            } else {
                Ok(())
            }
        })?;
        let call = model_call("fix", &reply);
        let code = code_of(&reply.text).map_err(|reason| AssistError::Unusable { reason })?;
        // Keep the file's indentation when the model dropped it.
        let replacement: String = code
            .trim_end()
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let keep = i > 0 || line.starts_with([' ', '\t']);
                let line = if keep {
                    line.to_owned()
                } else {
                    format!("{indent}{line}")
                };
                if i == 0 { line } else { format!("\n{line}") }
            })
            .collect();
        let span = Span {
            start_byte: start,
            end_byte: end,
            ..problem.span
        };
        let fix = Fix::new(
            format!("model fix for {}", problem.rule),
            Applicability::DisplayOnly,
            vec![Edit { span, replacement }],
        )
        .ok_or_else(|| AssistError::Unusable {
            reason: "overlapping edits".into(),
        })?;
        Ok((fix, call))
    }
}

/// What a model is asked to fix: a finding, or a suspect line of a failure.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    /// A rule id, or what failed (`ZeroDivisionError`).
    pub rule: &'a str,
    pub message: &'a str,
    pub span: Span,
}

impl<'a> From<&'a Finding> for Problem<'a> {
    fn from(finding: &'a Finding) -> Self {
        Problem {
            rule: finding.rule_id.as_str(),
            message: &finding.message,
            span: finding.span,
        }
    }
}

fn code_of(reply: &str) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(reply.trim()).map_err(|e| format!("not JSON: {e}"))?;
    value["code"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no `code` string".into())
}

fn model_call(purpose: &str, reply: &RouteResponse) -> ModelCall {
    ModelCall {
        purpose: purpose.to_owned(),
        model: reply.model.clone(),
        backend: reply.backend.clone(),
        local: reply.local,
        cost_usd: reply.cost_usd,
        tokens: reply.input_tokens + reply.output_tokens,
    }
}

/// Byte range of the whole lines `span` touches, without the final newline.
fn line_bounds(text: &str, span: &Span) -> (usize, usize) {
    let start = text[..span.start_byte.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let from = span.end_byte.clamp(start, text.len());
    let end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    (start, end)
}

/// The finding's lines with `around` lines on each side. Not numbered: small models copy
/// line numbers into their answers.
fn excerpt(text: &str, span: &Span, around: u32) -> String {
    let first = span.start.line.saturating_sub(around).max(1) as usize;
    let last = (span.end.line + around) as usize;
    text.lines()
        .skip(first - 1)
        .take(last + 1 - first)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The prose of a reply, without code blocks and trimmed to a few sentences: what people read
/// next to a finding.
fn prose(reply: &str) -> String {
    const MAX_CHARS: usize = 600;
    let before_code = reply.split("```").next().unwrap_or_default().trim();
    let mut out = String::new();
    for sentence in before_code.split_inclusive(['.', '!', '?']) {
        if out.len() + sentence.len() > MAX_CHARS {
            break;
        }
        out.push_str(sentence);
    }
    if out.trim().is_empty() {
        before_code.chars().take(MAX_CHARS).collect()
    } else {
        out.trim().to_owned()
    }
}

/// What [`enrich`] should do.
#[derive(Debug, Clone, Default)]
pub struct EnrichOptions {
    /// Explain this many of the most important findings (0: none).
    pub explain_top: usize,
    /// Ask for model fixes where no rule has one.
    pub model_fixes: bool,
    /// Verify the fixes rules made as well (costs a re-scan per fix).
    pub verify_rule_fixes: bool,
    /// Tests that must pass on the patched tree for a fix to count as verified.
    pub tests: Option<TestCommand>,
}

/// What [`enrich`] did, for notes and measurements.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EnrichStats {
    pub explained: usize,
    pub rule_fixes_verified: usize,
    pub rule_fixes_rejected: usize,
    pub model_fixes_proposed: usize,
    pub model_fixes_verified: usize,
    pub model_calls: usize,
    pub local_calls: usize,
    pub cost_usd: f64,
    /// Model tokens used (prompt and completion).
    #[serde(default)]
    pub tokens: u64,
    /// Model steps that failed or were skipped (budget, router errors), with the reason.
    pub skipped: Vec<String>,
}

impl EnrichStats {
    pub fn merge(&mut self, other: EnrichStats) {
        self.explained += other.explained;
        self.rule_fixes_verified += other.rule_fixes_verified;
        self.rule_fixes_rejected += other.rule_fixes_rejected;
        self.model_fixes_proposed += other.model_fixes_proposed;
        self.model_fixes_verified += other.model_fixes_verified;
        self.model_calls += other.model_calls;
        self.local_calls += other.local_calls;
        self.cost_usd += other.cost_usd;
        self.tokens += other.tokens;
        self.skipped.extend(other.skipped);
    }

    fn record(&mut self, call: &ModelCall) {
        self.model_calls += 1;
        self.local_calls += usize::from(call.local);
        self.cost_usd += call.cost_usd;
        self.tokens += call.tokens;
    }
}

/// The findings of one file, in the order they deserve a model's attention.
pub fn by_importance(findings: &[Finding]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].suppressed.is_none())
        .collect();
    order.sort_by_key(|&i| {
        let f = &findings[i];
        (
            std::cmp::Reverse(f.severity),
            std::cmp::Reverse(f.confidence),
            f.span.start_byte,
        )
    });
    order
}

/// Stamps `agent` on one file's findings, verifies the fixes rules made, and, with an
/// assistant, explains the most important findings and asks for fixes where none exists.
pub fn enrich(
    engine: &Engine,
    assistant: Option<&Assistant>,
    agent: &str,
    target: FixTarget<'_>,
    findings: &mut [Finding],
    options: &EnrichOptions,
    allowance: &mut Allowance,
) -> EnrichStats {
    let mut stats = EnrichStats::default();
    for finding in findings.iter_mut() {
        finding
            .provenance
            .get_or_insert_with(|| Provenance::agent(agent));
    }
    let order = by_importance(findings);
    let before = std::cell::OnceCell::new();
    let before = || {
        before.get_or_init(|| {
            engine
                .analyze_named_source(target.path, target.language, target.text)
                .findings
        })
    };
    let tests = options.tests.as_ref();
    for (rank, &i) in order.iter().enumerate() {
        let finding = &mut findings[i];
        if let Some(fix) = finding.fix.as_ref().filter(|_| options.verify_rule_fixes) {
            let checked = verify_fix_against(engine, target, before(), Some(finding), fix, tests);
            if checked.passed() {
                stats.rule_fixes_verified += 1;
            } else {
                stats.rule_fixes_rejected += 1;
            }
            if let Some(fix) = &mut finding.fix {
                fix.verification = Some(checked);
            }
        }
        let Some(assistant) = assistant else { continue };
        if rank < options.explain_top && finding.explanation.is_none() {
            match assistant.explain(finding, target.text, allowance) {
                Ok((text, call)) => {
                    stats.record(&call);
                    stats.explained += 1;
                    finding.explanation = Some(text);
                    push_call(finding, agent, call);
                }
                Err(e) => stats
                    .skipped
                    .push(format!("explain {}: {e}", where_(finding))),
            }
        }
        if options.model_fixes && finding.fix.is_none() {
            match assistant.propose_fix(&Problem::from(&*finding), target.text, allowance) {
                Ok((mut fix, call)) => {
                    stats.record(&call);
                    stats.model_fixes_proposed += 1;
                    let checked =
                        verify_fix_against(engine, target, before(), Some(finding), &fix, tests);
                    if checked.passed() {
                        stats.model_fixes_verified += 1;
                        fix.applicability = Applicability::Unsafe;
                    }
                    fix.verification = Some(checked);
                    finding.fix = Some(fix);
                    push_call(finding, agent, call);
                }
                Err(e) => stats.skipped.push(format!("fix {}: {e}", where_(finding))),
            }
        }
    }
    stats
}

fn push_call(finding: &mut Finding, agent: &str, call: ModelCall) {
    finding
        .provenance
        .get_or_insert_with(|| Provenance::agent(agent))
        .model_calls
        .push(call);
}

fn where_(finding: &Finding) -> String {
    format!(
        "{}:{} {}",
        finding.path,
        finding.span.start.line,
        finding.rule_id.as_str()
    )
}
