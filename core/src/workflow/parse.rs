//! The deterministic floor under natural-language planning: common phrasings of review, fix,
//! explain, test-generation, debug and test-run requests, chained with "then", "and", ";".
//!
//! It understands a clause or refuses the whole request: a plan that skipped half of what was
//! asked would run and look like an answer.

use std::path::Path;

use super::plan::{FunctionRef, Inputs, Plan, PlanError, Step};

/// Defaults when a request names no count.
const DEFAULT_EXPLAIN: u32 = 5;
const DEFAULT_FIX: u32 = 10;
const DEFAULT_TESTS: u32 = 3;
/// What "all" means for a count.
const ALL: u32 = 50;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    Review,
    Fix,
    Explain,
    TestGen,
    Debug,
    RunTests,
}

/// Splits on sentence ends, `;`, "then", "after that", and on "and" when a verb follows.
fn clauses(request: &str) -> Vec<String> {
    let mut text = format!(" {} ", request.replace(['\n', '\t'], " "));
    for separator in [
        ". ",
        "; ",
        ", then ",
        " and then ",
        " then ",
        ", after that",
        " after that",
        " afterwards ",
        " finally ",
        " next ",
        " also ",
    ] {
        text = replace_ci(&text, separator, " | ");
    }
    let mut out = Vec::new();
    for part in text.split('|') {
        // "find bugs and fix them", "audit src, explain the top 3": split before a verb;
        // "check api/ for X and lib/ for Y": split before a second scope.
        let mut current = String::new();
        let tokens: Vec<&str> = part.split_whitespace().collect();
        for (i, token) in tokens.iter().enumerate() {
            let bare = |t: &str| {
                t.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            };
            let joins = token.eq_ignore_ascii_case("and") || token.eq_ignore_ascii_case("&");
            let next = tokens.get(i + 1).map(|t| bare(t));
            let next_is_verb = next.as_deref().is_some_and(is_verb);
            let second_scope = joins
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| looks_like_path(t.trim_end_matches(','), None))
                && tokens
                    .get(i + 2)
                    .is_some_and(|t| t.eq_ignore_ascii_case("for"))
                && current.to_lowercase().contains(" for ");
            if (joins && next_is_verb || second_scope) && !current.trim().is_empty() {
                out.push(std::mem::take(&mut current));
                continue;
            }
            current.push_str(token);
            if token.ends_with(',') && next_is_verb {
                out.push(std::mem::take(&mut current));
                continue;
            }
            current.push(' ');
        }
        let trimmed = current.trim().trim_end_matches([',', '.', '!', '?']).trim();
        if !trimmed.is_empty() && trimmed.chars().any(char::is_alphanumeric) {
            out.push(trimmed.to_owned());
        }
    }
    out.iter()
        .map(|c| {
            c.trim()
                .trim_end_matches([',', '.', '!', '?'])
                .trim()
                .to_owned()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// Words that start a new action.
fn is_verb(word: &str) -> bool {
    const VERBS: [&str; 34] = [
        "review",
        "scan",
        "check",
        "analyse",
        "analyze",
        "audit",
        "inspect",
        "lint",
        "look",
        "find",
        "search",
        "detect",
        "examine",
        "list",
        "flag",
        "identify",
        "fix",
        "repair",
        "patch",
        "remediate",
        "correct",
        "resolve",
        "explain",
        "describe",
        "summarize",
        "summarise",
        "write",
        "generate",
        "create",
        "add",
        "run",
        "execute",
        "debug",
        "diagnose",
    ];
    VERBS.contains(&word) || UNSUPPORTED.contains(&word)
}

/// Verbs for things no agent does: a request asking for one is refused whole.
const UNSUPPORTED: [&str; 14] = [
    "deploy", "email", "mail", "send", "delete", "remove", "push", "commit", "merge", "publish",
    "notify", "release", "upload", "ship",
];

fn replace_ci(text: &str, pattern: &str, with: &str) -> String {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return text.replace(pattern, with);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in lower.match_indices(pattern) {
        if i < last {
            continue;
        }
        out.push_str(&text[last..i]);
        out.push_str(with);
        last = i + pattern.len();
    }
    out.push_str(&text[last..]);
    out
}

/// Lower-case words without surrounding punctuation.
fn words(clause: &str) -> Vec<String> {
    clause
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn any(words: &[String], stems: &[&str]) -> bool {
    words.iter().any(|w| stems.iter().any(|s| w.starts_with(s)))
}

/// What a clause asks for, in the order it will run.
fn intents(words: &[String]) -> Vec<Intent> {
    let testy = any(words, &["test", "unittest"]);
    if testy && any(words, &["run", "execute", "rerun", "re-run"]) {
        return vec![Intent::RunTests];
    }
    if testy
        && any(
            words,
            &[
                "write", "generat", "creat", "add", "make", "produc", "draft", "cover",
            ],
        )
    {
        return vec![Intent::TestGen];
    }
    let failure = any(
        words,
        &["crash", "fail", "error", "panic", "exception", "stacktrace"],
    );
    if any(words, &["debug", "diagnos", "traceback"])
        || (any(words, &["root"]) && any(words, &["cause"]))
        || (failure && any(words, &["why", "causing", "cause", "caus", "behind"]))
    {
        return vec![Intent::Debug];
    }
    let review = any(
        words,
        &[
            "review", "scan", "check", "analy", "audit", "inspect", "lint", "look", "find",
            "search", "detect", "report", "examine", "list", "show", "flag", "hunt", "spot", "any",
            "identify",
        ],
    );
    let fix = any(
        words,
        &["fix", "repair", "patch", "remediat", "correct", "resolv"],
    );
    let explain = any(words, &["explain", "describe", "summar", "walk"]);
    let mut out = Vec::new();
    if explain {
        out.push(Intent::Explain);
    }
    if fix {
        out.push(Intent::Fix);
    }
    if out.is_empty() && (review || !categories(words).is_empty()) {
        out.push(Intent::Review);
    }
    out
}

/// Categories named in a clause, sorted.
fn categories(words: &[String]) -> Vec<String> {
    let table: [(&str, &[&str]); 5] = [
        (
            "security",
            &[
                "secur",
                "vulnerab",
                "inject",
                "xss",
                "sql",
                "secret",
                "cwe",
                "insecur",
                "unsafe",
                "exploit",
                "owasp",
                "credential",
            ],
        ),
        (
            "bug",
            &[
                "bug",
                "defect",
                "mistake",
                "correctness",
                "error-prone",
                "null",
                "race",
                "deadlock",
                "leak",
                "overflow",
                "off-by-one",
            ],
        ),
        (
            "performance",
            &["perform", "slow", "speed", "perf", "efficien", "bottleneck"],
        ),
        (
            "refactoring",
            &[
                "refactor",
                "duplicat",
                "dead",
                "clone",
                "copy-past",
                "smell",
                "unused",
            ],
        ),
        (
            "maintainability",
            &[
                "maintainab",
                "complex",
                "readab",
                "quality",
                "style",
                "messy",
            ],
        ),
    ];
    let named = |(_, stems): &&(&str, &[&str])| any(words, stems);
    let mut found: Vec<String> = table
        .iter()
        .filter(named)
        .map(|(name, _)| (*name).to_owned())
        .collect();
    // "everything except performance": the complement.
    if words
        .iter()
        .any(|w| ["except", "excluding", "besides"].contains(&w.as_str()))
        && !found.is_empty()
    {
        found = table
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .filter(|name| !found.contains(name))
            .collect();
    }
    found.sort();
    found
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

const SOURCE_EXTENSIONS: [&str; 14] = [
    "py", "js", "mjs", "cjs", "jsx", "ts", "java", "cs", "go", "txt", "log", "out", "trace", "err",
];

/// Files that hold failure output rather than code.
fn is_trace_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(ext, "log" | "out" | "err" | "trace")
        || ext == "txt"
            && [
                "trace", "crash", "error", "fail", "output", "panic", "stack",
            ]
            .iter()
            .any(|k| name.contains(k))
}

/// Directory names that are paths even without a slash or a project to look in.
const COMMON_DIRS: [&str; 24] = [
    "src",
    "lib",
    "libs",
    "api",
    "app",
    "apps",
    "server",
    "client",
    "cmd",
    "pkg",
    "internal",
    "tests",
    "test",
    "web",
    "services",
    "utils",
    "core",
    "backend",
    "frontend",
    "scripts",
    "handlers",
    "models",
    "controllers",
    "routes",
];

fn looks_like_path(token: &str, root: Option<&Path>) -> bool {
    if token.is_empty() || token.starts_with("http") {
        return false;
    }
    if token.contains('/') && token.chars().any(char::is_alphanumeric) || token == "." {
        return true;
    }
    if token.contains('/') {
        return token.len() > 1;
    }
    if let Some((stem, ext)) = token.rsplit_once('.')
        && !stem.is_empty()
        && SOURCE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    {
        return true;
    }
    if COMMON_DIRS.contains(&token) {
        return true;
    }
    root.is_some_and(|r| {
        token
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            && token.len() > 2
            && r.join(token).exists()
    })
}

/// Function names in a clause: `parse_date()`, "function parse", "the parse method", and
/// identifiers shaped like code (`parse_date`, `handleLogin`).
fn function_names(clause: &str, words: &[String]) -> Vec<String> {
    let raw: Vec<&str> = clause
        .split_whitespace()
        .map(|t| {
            t.trim_matches(|c: char| matches!(c, ',' | '.' | '"' | '\'' | '`' | '?' | ';' | ':'))
        })
        .collect();
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    };
    for (i, token) in raw.iter().enumerate() {
        if let Some(name) = token.strip_suffix("()")
            && is_identifier(name)
        {
            add(name);
            continue;
        }
        let code_shaped = is_identifier(token)
            && (token.contains('_')
                || token.chars().skip(1).any(char::is_uppercase)
                    && token.chars().next().is_some_and(char::is_lowercase));
        if code_shaped {
            add(token);
            continue;
        }
        let keyword = ["function", "method", "func", "def"];
        if words.get(i).is_some_and(|w| keyword.contains(&w.as_str())) {
            let after = raw
                .get(i + 1)
                .filter(|n| is_identifier(n) && !STOP.contains(n));
            let before = i
                .checked_sub(1)
                .and_then(|j| raw.get(j))
                .filter(|n| is_identifier(n) && !STOP.contains(n));
            if let Some(name) = after.or(before) {
                add(name);
            }
        }
    }
    names
}

const STOP: [&str; 16] = [
    "the", "a", "an", "this", "that", "each", "every", "in", "of", "for", "called", "named",
    "worst", "riskiest", "one", "and",
];

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// "top 5", "3 worst", "the three worst", "the worst one", "all".
fn count(words: &[String]) -> Option<u32> {
    const NUMBERS: [&str; 12] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven",
    ];
    let number = |w: &str| {
        w.parse::<u32>()
            .ok()
            .or_else(|| NUMBERS.iter().position(|n| *n == w).map(|n| n as u32))
    };
    for (i, w) in words.iter().enumerate() {
        if let Some(n) = number(w).filter(|n| *n > 0) {
            // A number next to a count word, not "CWE 89" or "python 3".
            let near = [i.checked_sub(1), Some(i + 1), Some(i + 2)]
                .into_iter()
                .flatten()
                .filter_map(|j| words.get(j))
                .any(|n| {
                    [
                        "top",
                        "worst",
                        "most",
                        "first",
                        "biggest",
                        "highest",
                        "severe",
                        "critical",
                        "findings",
                        "issues",
                        "problems",
                        "bugs",
                        "of",
                        "serious",
                        "important",
                        "vulnerabilities",
                        "functions",
                        "riskiest",
                    ]
                    .iter()
                    .any(|k| n.starts_with(k))
                });
            if near {
                return Some(n);
            }
        }
    }
    if words
        .iter()
        .any(|w| w == "all" || w == "every" || w == "everything")
    {
        return Some(ALL);
    }
    let single = words.windows(2).any(|p| {
        (p[0] == "worst" || p[0] == "riskiest")
            && (p[1] == "one" || p[1] == "finding" || p[1] == "issue")
    }) || words
        .windows(2)
        .any(|p| p[0] == "the" && (p[1] == "worst" || p[1] == "riskiest"));
    single.then_some(1)
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
