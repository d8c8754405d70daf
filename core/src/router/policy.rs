//! Routing policies and the difficulty estimate behind `cost-aware`.

use serde::Serialize;

use super::backend::ChatRequest;

/// Which backends a request tries, in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Local backends only; nothing leaves the machine.
    LocalOnly,
    /// Local backends, then cloud ones when local ones fail (the default).
    #[default]
    LocalFirst,
    /// Local first for easy requests, cloud first (cheapest first) for hard ones.
    CostAware,
    /// Cloud backends first, local ones as the fallback.
    CloudFirst,
}

impl Policy {
    /// Parses `local-only`, `local-first`, `cost-aware`, `cloud-first`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.replace('_', "-").as_str() {
            "local-only" => Some(Self::LocalOnly),
            "local-first" => Some(Self::LocalFirst),
            "cost-aware" => Some(Self::CostAware),
            "cloud-first" => Some(Self::CloudFirst),
            _ => None,
        }
    }
}

/// Tasks a small local model handles badly.
const HARD_TASKS: &[&str] = &[
    "plan",
    "refactor",
    "architecture",
    "security-review",
    "root-cause",
    "arbitrate",
];
/// Words in a prompt that signal multi-step reasoning.
const HARD_WORDS: &[&str] = &[
    "step by step",
    "prove",
    "design",
    "architecture",
    "concurrency",
    "race condition",
    "across files",
    "trade-off",
    "tradeoff",
    "optimi",
];

/// A 0–1 guess of how hard a request is for a small local model: long prompts, long answers,
/// hard task kinds, reasoning words and deep schemas each add to it.
pub fn difficulty(request: &ChatRequest, task: Option<&str>) -> f64 {
    let mut score = 0.0;
    let prompt_tokens = request.text_len() / 4;
    score += match prompt_tokens {
        0..=500 => 0.0,
        501..=2000 => 0.2,
        _ => 0.4,
    };
    if request.max_tokens > 1024 {
        score += 0.2;
    }
    if task.is_some_and(|t| HARD_TASKS.contains(&t)) {
        score += 0.4;
    }
    let text: String = request
        .messages
        .iter()
        .map(|m| m.content.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let words = HARD_WORDS.iter().filter(|w| text.contains(*w)).count();
    score += 0.15 * words.min(3) as f64;
    if request.json_schema.as_ref().is_some_and(|s| depth(s) > 4) {
        score += 0.1;
    }
    f64::min(score, 1.0)
}

fn depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easy_requests_score_low_and_hard_ones_high() {
        let easy = ChatRequest::user("Explain this finding: unused variable `x`.");
        assert!(difficulty(&easy, Some("explain")) < 0.3);
        let mut hard = ChatRequest::user(format!(
            "Design step by step a fix for this race condition across files:\n{}",
            "fn f() {}\n".repeat(400)
        ));
        hard.max_tokens = 2048;
        assert!(difficulty(&hard, Some("refactor")) >= 0.8);
        assert_eq!(Policy::parse("cost_aware"), Some(Policy::CostAware));
    }
}
