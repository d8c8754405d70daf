//! Planning a request: the deterministic parser first, then a model under JSON-Schema-constrained
//! decoding for what the parser does not understand. Whatever produced it, a plan is validated
//! before it is returned; an invalid one is rejected with the reason.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::parse::parse_request;
use super::plan::{CATEGORIES, FunctionRef, Inputs, Plan, PlanError, Step};
use crate::router::{ChatRequest, RouteRequest, Router};
use crate::vocab::{Message, ModelCall};

/// Who made a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum PlannedBy {
    /// The deterministic parser.
    Parser,
    /// A model, after the parser gave up (its reason kept).
    Model {
        call: ModelCall,
        parser_said: String,
    },
}

/// A validated plan and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Planned {
    pub plan: Plan,
    pub by: PlannedBy,
}

/// Turns requests into plans.
#[derive(Clone, Default)]
pub struct Planner {
    router: Option<Arc<Router>>,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for Planner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planner")
            .field("model", &self.router.is_some())
            .finish()
    }
}

/// The flat step shape asked of a model: easier for a small model than the tagged plan.
#[derive(Debug, Deserialize)]
struct FlatStep {
    action: String,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    from: Option<usize>,
    #[serde(default)]
    top: Option<u32>,
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    file: Option<String>,
}

impl Planner {
    /// The parser only.
    pub fn new() -> Planner {
        Planner::default()
    }

    /// Asks `router` when the parser cannot plan a request.
    pub fn with_model(router: Arc<Router>) -> Planner {
        Planner {
            router: Some(router),
            timeout: Some(Duration::from_secs(60)),
        }
    }

    /// Plans `request` against the project at `root`.
    pub fn plan(&self, request: &str, root: Option<&Path>) -> Result<Planned, PlanError> {
        let parser_error = match parse_request(request, root) {
            Ok(plan) => match plan.validate() {
                Ok(_) => {
                    return Ok(Planned {
                        plan,
                        by: PlannedBy::Parser,
                    });
                }
                Err(e) => e,
            },
            Err(e) => e,
        };
        // An unsafe request is refused, not handed to a model to rephrase.
        if matches!(parser_error, PlanError::UnsafePath { .. }) {
            return Err(parser_error);
        }
        let Some(router) = &self.router else {
            return Err(parser_error);
        };
        let owned = request.to_owned();
        let mut route = RouteRequest::new(chat(request))
            .task("plan")
            .validator(move |reply| to_plan(&owned, reply).map(drop));
        if let Some(timeout) = self.timeout {
            route = route.timeout(timeout);
        }
        let reply = router
            .generate(&route)
            .map_err(|e| PlanError::NotUnderstood {
                reason: format!("{parser_error}; the model gave no valid plan either ({e})"),
            })?;
        let plan = to_plan(request, &reply.text).map_err(|reason| PlanError::NotUnderstood {
            reason: format!("{parser_error}; the model's plan is invalid: {reason}"),
        })?;
        Ok(Planned {
            plan,
            by: PlannedBy::Model {
                call: ModelCall {
                    purpose: "plan".into(),
                    model: reply.model,
                    backend: reply.backend,
                    local: reply.local,
                    cost_usd: reply.cost_usd,
                    tokens: reply.input_tokens + reply.output_tokens,
                },
                parser_said: parser_error.to_string(),
            },
        })
    }
}

fn chat(request: &str) -> ChatRequest {
    let mut chat = ChatRequest::new(vec![
        Message::system(
            "You turn a developer's request into a JSON plan of steps. Actions: review (paths, \
             categories), explain (from, top), fix (from, top), test-gen (from, top, or function \
             and file), debug (file: the error output), run-tests. `from` is the index of an \
             earlier review step. Reply with JSON only.",
        ),
        Message::user("check lib/ for security issues and explain the top 2"),
        Message::assistant(
            r#"{"steps": [{"action": "review", "paths": ["lib"], "categories": ["security"]}, {"action": "explain", "from": 0, "top": 2}]}"#,
        ),
        Message::user(request),
    ]);
    chat.max_tokens = 200;
    chat.json_schema = Some(json!({
        "type": "object",
        "properties": {
            "steps": {
                "type": "array",
                "minItems": 1,
                "maxItems": 6,
                "items": {
                    "type": "object",
                    "properties": {
                        "action": {"enum": ["review", "explain", "fix", "test-gen", "debug", "run-tests"]},
                        "paths": {"type": "array", "items": {"type": "string"}},
                        "categories": {"type": "array", "items": {"enum": CATEGORIES}},
                        "from": {"type": "integer", "minimum": 0},
                        "top": {"type": "integer", "minimum": 1, "maximum": 50},
                        "function": {"type": "string"},
                        "file": {"type": "string"}
                    },
                    "required": ["action"]
                }
            }
        },
        "required": ["steps"]
    }));
    chat
}

/// Converts a model's flat plan to a validated [`Plan`]; `Err` says what is wrong.
fn to_plan(request: &str, reply: &str) -> Result<Plan, String> {
    #[derive(Deserialize)]
    struct Flat {
        steps: Vec<FlatStep>,
    }
    let flat: Flat = serde_json::from_str(reply.trim()).map_err(|e| format!("not a plan: {e}"))?;
    let mut steps: Vec<Step> = Vec::new();
    for (i, s) in flat.steps.into_iter().enumerate() {
        let source = |from: Option<usize>| -> Result<String, String> {
            let from = from.ok_or(format!("step {i} ({}) needs `from`", s.action))?;
            steps
                .get(from)
                .filter(|_| from < i)
                .map(|st| st.id.clone())
                .ok_or(format!(
                    "step {i} reads from step {from}, which is not earlier"
                ))
        };
        let top = s.top.unwrap_or(5);
        let inputs = match s.action.as_str() {
            "review" => Inputs::Review {
                paths: if s.paths.is_empty() {
                    vec![".".into()]
                } else {
                    s.paths.clone()
                },
                categories: s.categories.clone(),
            },
            "explain" => Inputs::Explain {
                from: source(s.from)?,
                top,
            },
            "fix" => Inputs::Fix {
                from: source(s.from)?,
                top,
            },
            "test-gen" => match (&s.function, &s.file) {
                (Some(function), Some(path)) => Inputs::TestGen {
                    from: None,
                    top: 0,
                    functions: vec![FunctionRef {
                        path: path.clone(),
                        function: function.clone(),
                    }],
                },
                _ => Inputs::TestGen {
                    from: Some(source(s.from)?),
                    top,
                    functions: vec![],
                },
            },
            "debug" => Inputs::Debug {
                trace_file: s
                    .file
                    .clone()
                    .or_else(|| s.paths.first().cloned())
                    .ok_or("a debug step needs the file holding the failure")?,
            },
            "run-tests" => Inputs::RunTests {},
            other => return Err(format!("unknown action `{other}`")),
        };
        let depends_on = inputs
            .source()
            .map(|f| vec![f.to_owned()])
            .unwrap_or_default();
        let calls = if matches!(inputs, Inputs::Explain { .. } | Inputs::Fix { .. }) {
            top
        } else {
            0
        };
        let mut step = Step::new(format!("{}-{}", inputs.action(), i + 1), inputs, depends_on);
        step.max_model_calls = calls;
        steps.push(step);
    }
    let plan = Plan {
        request: request.to_owned(),
        steps,
        on_failure: Default::default(),
    };
    plan.validate().map_err(|e| e.to_string())?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_model_plans_convert_and_bad_ones_say_why() {
        let plan = to_plan(
            "r",
            r#"{"steps": [{"action": "review", "paths": ["src"], "categories": ["bug"]}, {"action": "fix", "from": 0, "top": 2}]}"#,
        )
        .unwrap();
        assert_eq!(plan.steps[1].depends_on, ["review-1"]);
        let bad = [
            (
                r#"{"steps": [{"action": "fix", "from": 0}]}"#,
                "not earlier",
            ),
            (r#"{"steps": [{"action": "deploy"}]}"#, "unknown action"),
            (
                r#"{"steps": [{"action": "review", "paths": ["/etc"]}]}"#,
                "outside the project",
            ),
            (r#"{"steps": [{"action": "debug"}]}"#, "needs the file"),
            ("I think you should review", "not a plan"),
        ];
        for (reply, reason) in bad {
            let error = to_plan("r", reply).unwrap_err();
            assert!(error.contains(reason), "{error}");
        }
    }

    #[test]
    fn the_parser_plans_first_and_unsafe_requests_never_reach_a_model() {
        let planned = Planner::new().plan("review src/ for bugs", None).unwrap();
        assert_eq!(planned.by, PlannedBy::Parser);
        let refused = Planner::new()
            .plan("scan ../../etc for secrets", None)
            .unwrap_err();
        assert!(matches!(refused, PlanError::UnsafePath { .. }));
    }
}
