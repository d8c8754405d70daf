//! Test generation (Python first): inputs from a function's branches and boundaries, outcomes
//! recorded by running it, written as pytest tests that pin today's behaviour.
//!
//! Inputs come from the conditions in the body: a comparison of a parameter with a literal
//! gives the literal and its neighbours (`x < 5`: 4, 5, 6), a comparison with `None` gives
//! `None`, `len(p) > n` gives lists of lengths around `n`, a bare truth test gives the falsy
//! and truthy values, `isinstance(p, T)` a value of `T`. One case keeps every parameter at its
//! base value (its default, else a candidate); each other case changes one parameter.

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

/// One set of arguments, as Python source, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestCase {
    pub args: Vec<String>,
    pub reason: String,
}

/// A generated test file.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedTests {
    pub code: String,
    pub cases: Vec<TestCase>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestGenError {
    #[error("no top-level function `{name}` in the file")]
    NoFunction { name: String },
    #[error("cannot parse the file")]
    Parse,
    #[error("running the function failed: {message}")]
    Run { message: String },
}

const MAX_CASES: usize = 24;

/// The cases for `function` in Python `source`.
pub fn python_cases(source: &str, function: &str) -> Result<Vec<TestCase>, TestGenError> {
    let tree = crate::lang::Parsers::new()
        .parse(crate::vocab::Language::Python, source)
        .map_err(|_| TestGenError::Parse)?;
    let text = |n: Node<'_>| n.utf8_text(source.as_bytes()).unwrap_or_default();
    let root = tree.root_node();
    let mut cursor = root.walk();
    let def = root
        .named_children(&mut cursor)
        .map(|n| match n.kind() {
            "decorated_definition" => n.child_by_field_name("definition").unwrap_or(n),
            _ => n,
        })
        .find(|n| {
            n.kind() == "function_definition"
                && n.child_by_field_name("name").map(text) == Some(function)
        })
        .ok_or_else(|| TestGenError::NoFunction {
            name: function.to_owned(),
        })?;
    // Parameters: (name, default).
    let mut params: Vec<(String, Option<String>)> = Vec::new();
    if let Some(list) = def.child_by_field_name("parameters") {
        let mut c = list.walk();
        for p in list.named_children(&mut c) {
            match p.kind() {
                "identifier" => params.push((text(p).to_owned(), None)),
                "typed_parameter" => {
                    if let Some(id) = p.named_child(0).filter(|n| n.kind() == "identifier") {
                        params.push((text(id).to_owned(), None));
                    }
                }
                "default_parameter" | "typed_default_parameter" => {
                    if let (Some(n), Some(v)) = (
                        p.child_by_field_name("name"),
                        p.child_by_field_name("value"),
                    ) {
                        params.push((text(n).to_owned(), Some(text(v).to_owned())));
                    }
                }
                _ => {}
            }
        }
    }
    params.retain(|(n, _)| n != "self" && n != "cls");
    let mut candidates: Vec<Vec<(String, String)>> = vec![Vec::new(); params.len()];
    let index_of = |name: &str| params.iter().position(|(n, _)| n == name);
    let add = |i: usize, value: String, reason: String, cands: &mut Vec<Vec<(String, String)>>| {
        if !cands[i].iter().any(|(v, _)| *v == value) {
            cands[i].push((value, reason));
        }
    };
    if let Some(body) = def.child_by_field_name("body") {
        crate::rules::code::walk(body, |node| match node.kind() {
            "comparison_operator" => {
                let (Some(l), Some(r)) = (node.named_child(0), node.named_child(1)) else {
                    return;
                };
                for (var, lit) in [(l, r), (r, l)] {
                    let condition = text(node).to_owned();
                    if var.kind() == "identifier"
                        && let Some(i) = index_of(text(var))
                    {
                        for v in neighbours(lit, &text) {
                            add(i, v, format!("boundary of `{condition}`"), &mut candidates);
                        }
                    }
                    // len(p) compared with a number: lists of lengths around it.
                    if var.kind() == "call"
                        && var.child_by_field_name("function").map(text) == Some("len")
                        && lit.kind() == "integer"
                        && let Some(arg) = var
                            .child_by_field_name("arguments")
                            .and_then(|a| a.named_child(0))
                        && let Some(i) = index_of(text(arg))
                        && let Ok(n) = text(lit).parse::<i64>()
                    {
                        for k in [n - 1, n, n + 1]
                            .into_iter()
                            .filter(|k| *k >= 0 && *k <= 50)
                        {
                            add(
                                i,
                                format!("[0] * {k}"),
                                format!("length around `{condition}`"),
                                &mut candidates,
                            );
                        }
                    }
                }
            }
            "not_operator" | "if_statement" | "while_statement" | "elif_clause" => {
                let tested = node
                    .child_by_field_name("argument")
                    .or_else(|| node.child_by_field_name("condition"));
                if let Some(t) = tested.filter(|t| t.kind() == "identifier")
                    && let Some(i) = index_of(text(t))
                {
                    for v in ["True", "None", "0", "\"\""] {
                        add(
                            i,
                            v.to_owned(),
                            format!("truth of `{}`", text(t)),
                            &mut candidates,
                        );
                    }
                }
            }
            "call" if node.child_by_field_name("function").map(text) == Some("isinstance") => {
                let args = node.child_by_field_name("arguments");
                let (Some(var), Some(ty)) = (
                    args.and_then(|a| a.named_child(0)),
                    args.and_then(|a| a.named_child(1)),
                ) else {
                    return;
                };
                if let Some(i) = index_of(text(var)) {
                    let sample = match text(ty) {
                        "int" => "0",
                        "float" => "0.5",
                        "str" => "\"a\"",
                        "list" => "[1]",
                        "dict" => "{}",
                        "bool" => "True",
                        _ => return,
                    };
                    add(
                        i,
                        sample.to_owned(),
                        format!("`{}`", text(node)),
                        &mut candidates,
                    );
                }
            }
            _ => {}
        });
    }
    let base: Vec<String> = params
        .iter()
        .zip(&candidates)
        .map(|((_, default), cands)| {
            // The value just past the first boundary (`x <= 0`: 1) tends to take the
            // function's main path, so the other parameters' cases exercise it.
            default
                .clone()
                .or_else(|| cands.get(2).or(cands.first()).map(|(v, _)| v.clone()))
                .unwrap_or_else(|| "0".to_owned())
        })
        .collect();
    let mut cases = vec![TestCase {
        args: base.clone(),
        reason: "base values (defaults, else first candidates)".into(),
    }];
    for (i, cands) in candidates.iter().enumerate() {
        for (value, reason) in cands {
            let mut args = base.clone();
            args[i] = value.clone();
            if cases.len() < MAX_CASES && !cases.iter().any(|c| c.args == args) {
                cases.push(TestCase {
                    args,
                    reason: format!("{} = {value}: {reason}", params[i].0),
                });
            }
        }
    }
    Ok(cases)
}

/// A literal and its neighbours (numbers), the literal and the empty string (strings).
fn neighbours<'a>(lit: Node<'_>, text: &impl Fn(Node<'_>) -> &'a str) -> Vec<String> {
    let t = text(lit);
    match lit.kind() {
        "integer" => match t.parse::<i64>() {
            Ok(n) => vec![(n - 1).to_string(), n.to_string(), (n + 1).to_string()],
            Err(_) => vec![t.to_owned()],
        },
        "float" => vec![t.to_owned()],
        "string" if !t.starts_with(['f', 'F']) => vec![t.to_owned(), "\"\"".to_owned()],
        "none" => vec!["None".to_owned()],
        "true" | "false" => vec!["True".to_owned(), "False".to_owned()],
        "unary_operator" if t.starts_with('-') => vec![t.to_owned()],
        _ => Vec::new(),
    }
}

/// What running one case gave.
#[derive(Debug, Deserialize)]
struct Outcome {
    ok: bool,
    #[serde(default)]
    repr: String,
    #[serde(default)]
    literal: bool,
    #[serde(default)]
    exc: String,
    #[serde(default)]
    builtin: bool,
}

/// Generates pytest tests for `function` of the module file `path`, recording what each case
/// returns or raises by running it with `python` (the module is imported: its top-level code
/// runs).
pub fn python_tests(
    path: &Path,
    function: &str,
    python: &str,
) -> Result<GeneratedTests, TestGenError> {
    let source = std::fs::read_to_string(path).map_err(|e| TestGenError::Run {
        message: format!("{}: {e}", path.display()),
    })?;
    let cases = python_cases(&source, function)?;
    let module = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or(TestGenError::Parse)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let tuples: Vec<String> = cases
        .iter()
        .map(|c| {
            format!(
                "({}{})",
                c.args.join(", "),
                if c.args.len() == 1 { "," } else { "" }
            )
        })
        .collect();
    let driver = format!(
        "import importlib, json, sys\nsys.path.insert(0, {dir:?})\nf = getattr(importlib.import_module({module:?}), {function:?})\nout = []\n\
         for args in [{cases}]:\n    try:\n        v = f(*eval(args))\n        r = repr(v)\n        try:\n            lit = eval(r) == v\n        except Exception:\n            lit = False\n        out.append({{'ok': True, 'repr': r, 'literal': lit}})\n\
         \x20   except Exception as e:\n        out.append({{'ok': False, 'exc': type(e).__name__, 'builtin': type(e).__module__ == 'builtins'}})\nprint(json.dumps(out))\n",
        dir = dir.to_string_lossy(),
        cases = tuples
            .iter()
            .map(|t| format!("{t:?}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let output = Command::new(python)
        .arg("-c")
        .arg(&driver)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .map_err(|e| TestGenError::Run {
            message: format!("{python}: {e}"),
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let outcomes: Vec<Outcome> = stdout
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| TestGenError::Run {
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })?;
    let mut code = format!(
        "# Generated by conclave testgen: pins the current behaviour of `{function}`.\n\
         import pytest\n\nfrom {module} import {function}\n"
    );
    for (n, (case, outcome)) in cases.iter().zip(&outcomes).enumerate() {
        let call = format!("{function}({})", case.args.join(", "));
        code.push_str(&format!(
            "\n\ndef test_{function}_{}():\n    \"\"\"{}\"\"\"\n",
            n + 1,
            case.reason.replace('"', "'")
        ));
        if !outcome.ok {
            let exc = if outcome.builtin {
                outcome.exc.as_str()
            } else {
                "Exception"
            };
            code.push_str(&format!("    with pytest.raises({exc}):\n        {call}\n"));
        } else if outcome.literal {
            code.push_str(&format!("    assert {call} == {}\n", outcome.repr));
        } else {
            code.push_str(&format!("    assert repr({call}) == {:?}\n", outcome.repr));
        }
    }
    Ok(GeneratedTests { code, cases })
}
