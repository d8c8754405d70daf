//! The deterministic floor under natural-language planning: common phrasings of review, fix,
//! explain, test-generation, debug and test-run requests, chained with "then", "and", ";".
//!
//! It understands a clause or refuses the whole request: a plan that skipped half of what was
//! asked would run and look like an answer.

use std::path::Path;

mod lexicon;

use super::plan::{FunctionRef, Inputs, Plan, PlanError, Step};
use lexicon::{
    Intent, UNSUPPORTED, categories, clauses, count, function_names, intents, is_trace_file,
    looks_like_path, words,
};

/// Defaults when a request names no count.
const DEFAULT_EXPLAIN: u32 = 5;
const DEFAULT_FIX: u32 = 10;
const DEFAULT_TESTS: u32 = 3;

/// Parses `request` into a plan; `root` (the project) lets bare names like `src` count as paths.
pub fn parse_request(request: &str, root: Option<&Path>) -> Result<Plan, PlanError> {
    let not = |reason: &str| PlanError::NotUnderstood {
        reason: reason.to_owned(),
    };
    let clauses = clauses(request);
    if clauses.is_empty() {
        return Err(not("the request is empty"));
    }
    let mut builder = Builder::default();
    let mut scope: Option<Scope> = None;
    let mut last_count = None;
    for clause in &clauses {
        let words = words(clause);
        if let Some(verb) = words.iter().find(|w| UNSUPPORTED.contains(&w.as_str())) {
            return Err(not(&format!("no agent can {verb} (\"{}\")", clause.trim())));
        }
        let mut intents = intents(&words);
        let scope_here = Scope::read(clause, &words, root);
        // "look at crash.log": a review of a log is a debugging request.
        if intents == [Intent::Review]
            && !scope_here.paths.is_empty()
            && scope_here.paths.iter().all(|p| is_trace_file(p))
        {
            intents = vec![Intent::Debug];
        }
        if intents.is_empty() {
            // A bare scope ("and lib/ for bugs") continues the previous review.
            if has_scope(clause, &words, root) && builder.last_review().is_some() {
                intents.push(Intent::Review);
            } else {
                return Err(not(&format!("no action I can do in \"{}\"", clause.trim())));
            }
        }
        let mut clause_scope = scope_here;
        // "fix everything you find": everything is a count there, not the project.
        if !intents.contains(&Intent::Review)
            && clause_scope.paths == ["."]
            && !words.iter().any(|w| {
                ["project", "repo", "repository", "codebase", "whole"].contains(&w.as_str())
            })
        {
            clause_scope.paths.clear();
        }
        if clause_scope.escapes {
            return Err(PlanError::UnsafePath {
                step: "request".into(),
                path: clause_scope.escaping.clone(),
            });
        }
        // "find the 10 worst bugs and explain them": "them" carries the count over.
        let refers_back = words
            .iter()
            .any(|w| ["them", "those", "these"].contains(&w.as_str()));
        let singular = words.iter().any(|w| w == "it");
        let count = count(&words)
            .or(if refers_back { last_count } else { None })
            .or(singular.then_some(1));
        last_count = count;
        let mut reviewed_here = None;
        for intent in intents {
            match intent {
                Intent::Review => {
                    let s = clause_scope.or(scope.as_ref());
                    reviewed_here = Some(builder.review(&s));
                    scope = Some(s);
                }
                Intent::Fix | Intent::Explain => {
                    let from = match &reviewed_here {
                        Some(id) => id.clone(),
                        None => builder.source_for(&clause_scope, scope.as_ref()),
                    };
                    reviewed_here = Some(from.clone());
                    let top = count.unwrap_or(if intent == Intent::Fix {
                        DEFAULT_FIX
                    } else {
                        DEFAULT_EXPLAIN
                    });
                    let inputs = if intent == Intent::Fix {
                        Inputs::Fix {
                            from: from.clone(),
                            top,
                        }
                    } else {
                        Inputs::Explain {
                            from: from.clone(),
                            top,
                        }
                    };
                    builder.push(inputs, vec![from], top);
                }
                Intent::TestGen => {
                    let names = function_names(clause, &words);
                    let mut test_scope = clause_scope.clone();
                    test_scope.paths.retain(|p| p != "tests" && p != "test");
                    if !names.is_empty() {
                        let Some(path) = test_scope.paths.first().cloned() else {
                            return Err(not(&format!(
                                "tests for `{}`: in which file? (\"{}\")",
                                names.join("`, `"),
                                clause.trim()
                            )));
                        };
                        let functions = names
                            .into_iter()
                            .map(|function| FunctionRef {
                                path: path.clone(),
                                function,
                            })
                            .collect();
                        builder.push(
                            Inputs::TestGen {
                                from: None,
                                top: 0,
                                functions,
                            },
                            vec![],
                            0,
                        );
                        continue;
                    }
                    // "tests for the functions you fixed": the fix step's findings.
                    let fixed = builder
                        .steps
                        .iter()
                        .rev()
                        .find(|s| matches!(s.inputs, Inputs::Fix { .. }))
                        .filter(|_| words.iter().any(|w| w == "fixed"))
                        .map(|s| match s.inputs {
                            Inputs::Fix { top, .. } => (s.id.clone(), top),
                            _ => (s.id.clone(), DEFAULT_TESTS),
                        });
                    let (from, top) = match fixed {
                        Some((id, fix_top)) => (id, count.unwrap_or(fix_top)),
                        None => (
                            builder.source_for(&test_scope, scope.as_ref()),
                            count.unwrap_or(DEFAULT_TESTS),
                        ),
                    };
                    let inputs = Inputs::TestGen {
                        from: Some(from.clone()),
                        top,
                        functions: vec![],
                    };
                    builder.push(inputs, vec![from], 0);
                }
                Intent::Debug => {
                    // A file name beats a directory ("the app crashed, see crash.log").
                    let trace_file = clause_scope
                        .paths
                        .iter()
                        .find(|p| is_trace_file(p))
                        .or_else(|| clause_scope.paths.iter().find(|p| p.contains('.')))
                        .or(clause_scope.paths.first())
                        .cloned();
                    let previous = builder.steps.last().map(|s| &s.inputs);
                    match trace_file {
                        Some(trace_file) => {
                            builder.push(Inputs::Debug { trace_file }, vec![], 0);
                        }
                        // "look at crash.log, find what's causing the panic": one debug step.
                        None if matches!(previous, Some(Inputs::Debug { .. })) => {}
                        None => {
                            return Err(not(
                                "which file holds the failure (stack trace or error output)?",
                            ));
                        }
                    }
                }
                Intent::RunTests => {
                    let after = builder.steps.iter().map(|s| s.id.clone()).collect();
                    builder.push(Inputs::RunTests {}, after, 0);
                }
            }
        }
    }
    Ok(Plan {
        request: request.to_owned(),
        steps: builder.steps,
        on_failure: Default::default(),
    })
}

/// What a clause applies to.
#[derive(Debug, Clone, Default)]
struct Scope {
    paths: Vec<String>,
    categories: Vec<String>,
    escapes: bool,
    escaping: String,
}

impl Scope {
    fn read(clause: &str, words: &[String], root: Option<&Path>) -> Scope {
        let mut scope = Scope {
            categories: categories(words),
            ..Scope::default()
        };
        for token in clause.split_whitespace() {
            let token = token
                .trim_matches(|c: char| {
                    matches!(
                        c,
                        ',' | ';' | ':' | '"' | '\'' | '`' | '(' | ')' | '?' | '!'
                    )
                })
                .trim_end_matches('.');
            if !looks_like_path(token, root) {
                continue;
            }
            if token.starts_with('/')
                || token.split('/').any(|p| p == "..")
                || token.starts_with('~')
            {
                scope.escapes = true;
                scope.escaping = token.to_owned();
            }
            let normal = token.trim_end_matches('/').trim_start_matches("./");
            let normal = if normal.is_empty() { "." } else { normal };
            if !scope.paths.iter().any(|p| p == normal) {
                scope.paths.push(normal.to_owned());
            }
        }
        let whole = [
            "project",
            "repo",
            "repository",
            "codebase",
            "everything",
            "whole",
        ];
        if scope.paths.is_empty() && words.iter().any(|w| whole.contains(&w.as_str())) {
            scope.paths.push(".".into());
        }
        scope
    }

    /// This clause's scope, filled in from the previous one where it names nothing.
    fn or(&self, previous: Option<&Scope>) -> Scope {
        let mut scope = self.clone();
        if scope.paths.is_empty() {
            scope.paths = previous.map_or_else(|| vec![".".into()], |p| p.paths.clone());
        }
        scope
    }
}

fn has_scope(clause: &str, words: &[String], root: Option<&Path>) -> bool {
    let scope = Scope::read(clause, words, root);
    !scope.paths.is_empty() || !scope.categories.is_empty()
}

/// Steps so far, with ids derived from the action.
#[derive(Debug, Default)]
struct Builder {
    steps: Vec<Step>,
}

impl Builder {
    fn id(&self, action: &str) -> String {
        let taken = |id: &str| self.steps.iter().any(|s| s.id == id);
        if !taken(action) {
            return action.to_owned();
        }
        (2..)
            .map(|n| format!("{action}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or_default()
    }

    fn push(&mut self, inputs: Inputs, depends_on: Vec<String>, model_calls: u32) -> String {
        let id = self.id(inputs.action());
        let mut step = Step::new(id.clone(), inputs, depends_on);
        step.max_model_calls = model_calls;
        self.steps.push(step);
        id
    }

    fn review(&mut self, scope: &Scope) -> String {
        let inputs = Inputs::Review {
            paths: scope.paths.clone(),
            categories: scope.categories.clone(),
        };
        self.push(inputs, vec![], 0)
    }

    fn last_review(&self) -> Option<&Step> {
        self.steps
            .iter()
            .rev()
            .find(|s| matches!(s.inputs, Inputs::Review { .. }))
    }

    /// The review a fix, explanation or test step reads from: the last one when this clause
    /// names no scope of its own, else a new review of the clause's scope.
    fn source_for(&mut self, scope: &Scope, previous: Option<&Scope>) -> String {
        let names_scope = !scope.paths.is_empty() || !scope.categories.is_empty();
        match self.last_review() {
            Some(step) if !names_scope => step.id.clone(),
            _ => self.review(&scope.or(previous)),
        }
    }
}
