//! The words the parser knows: clause boundaries, verbs, categories, counts, paths and
//! function names.

use std::path::Path;

/// What "all" means for a count.
const ALL: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Intent {
    Review,
    Fix,
    Explain,
    TestGen,
    Debug,
    RunTests,
}

/// Splits on sentence ends, `;`, "then", "after that", and on "and" when a verb follows.
pub(super) fn clauses(request: &str) -> Vec<String> {
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
pub(super) fn is_verb(word: &str) -> bool {
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
pub(super) const UNSUPPORTED: [&str; 14] = [
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
pub(super) fn words(clause: &str) -> Vec<String> {
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
pub(super) fn intents(words: &[String]) -> Vec<Intent> {
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
pub(super) fn categories(words: &[String]) -> Vec<String> {
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

const SOURCE_EXTENSIONS: [&str; 14] = [
    "py", "js", "mjs", "cjs", "jsx", "ts", "java", "cs", "go", "txt", "log", "out", "trace", "err",
];

/// Files that hold failure output rather than code.
pub(super) fn is_trace_file(path: &str) -> bool {
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

pub(super) fn looks_like_path(token: &str, root: Option<&Path>) -> bool {
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
pub(super) fn function_names(clause: &str, words: &[String]) -> Vec<String> {
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
pub(super) fn count(words: &[String]) -> Option<u32> {
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
