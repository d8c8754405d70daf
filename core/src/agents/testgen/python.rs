//! Python: pytest tests, outcomes recorded by importing the module with `python3`.

use std::path::Path;
use std::process::Command;

use tree_sitter::Node;

use super::{
    Analysis, Backend, Form, Outcome, Param, Runtimes, Syntax, TestCase, TestGenError, Ty, Value,
    candidates, float_text, one_line, parse, quoted, run_harness, simple_kind, snake, text,
};
use crate::debug::Failure;
use crate::vocab::Language;

pub(crate) struct Python;

/// The module to import and the function's name.
pub(crate) struct Target {
    function: String,
}

const SYNTAX: Syntax = Syntax {
    comparisons: &["comparison_operator"],
    numbers: &["integer", "float"],
    strings: &["string"],
    nulls: &["none"],
    bools: &["true", "false"],
    unary: &["unary_operator"],
    tests: &["if_statement", "while_statement", "elif_clause"],
    negations: &["not_operator"],
    parens: &["parenthesized_expression"],
    type_test: isinstance,
};

/// `isinstance(p, T)` for a built-in `T`: a value of `T`.
fn isinstance(node: Node<'_>, source: &str, params: &[Param]) -> Option<(usize, Value)> {
    if node.kind() != "call"
        || node
            .child_by_field_name("function")
            .map(|f| text(f, source))
            != Some("isinstance")
    {
        return None;
    }
    let args = node.child_by_field_name("arguments")?;
    let (var, ty) = (args.named_child(0)?, args.named_child(1)?);
    let i = params.iter().position(|p| p.name == text(var, source))?;
    let sample = match text(ty, source) {
        "int" => "0",
        "float" => "0.5",
        "str" => "\"a\"",
        "list" => "[1]",
        "dict" => "{}",
        "bool" => "True",
        _ => return None,
    };
    Some((i, Value::Raw(sample.to_owned())))
}

impl Backend for Python {
    const LANGUAGE: Language = Language::Python;
    type Target = Target;

    fn analyse(source: &str, function: &str) -> Result<Analysis<Target>, TestGenError> {
        let tree = parse(Language::Python, source)?;
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
                    && n.child_by_field_name("name").map(|n| text(n, source)) == Some(function)
            })
            .ok_or_else(|| TestGenError::NoFunction {
                name: function.to_owned(),
            })?;
        let mut params = Vec::new();
        if let Some(list) = def.child_by_field_name("parameters") {
            let mut c = list.walk();
            for p in list.named_children(&mut c) {
                let (name, default) = match p.kind() {
                    "identifier" => (Some(p), None),
                    "typed_parameter" => {
                        (p.named_child(0).filter(|n| n.kind() == "identifier"), None)
                    }
                    "default_parameter" | "typed_default_parameter" => (
                        p.child_by_field_name("name"),
                        p.child_by_field_name("value"),
                    ),
                    _ => (None, None),
                };
                if let Some(name) = name {
                    params.push(Param {
                        name: text(name, source).to_owned(),
                        ty: Ty::Any,
                        type_text: String::new(),
                        nullable: true,
                        default: default.map(|d| text(d, source).to_owned()),
                    });
                }
            }
        }
        params.retain(|p| p.name != "self" && p.name != "cls");
        let candidates = def
            .child_by_field_name("body")
            .map(|body| candidates(body, source, &SYNTAX, &params))
            .unwrap_or_default();
        Ok(Analysis {
            target: Target {
                function: function.to_owned(),
            },
            params,
            candidates,
        })
    }

    fn render(value: &Value, _: &Param) -> Option<String> {
        Some(match value {
            Value::Int(n) => n.to_string(),
            Value::Float(f) => float_text(*f),
            Value::Str(s) => quoted(s),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Null => "None".into(),
            Value::Len(k) => format!("[0] * {k}"),
            Value::Zero => "0".into(),
            Value::Raw(s) => s.clone(),
        })
    }

    fn record(
        path: &Path,
        target: &Target,
        cases: &[TestCase],
        runtimes: &Runtimes,
    ) -> Result<Option<Vec<Outcome>>, TestGenError> {
        let tuples: Vec<String> = cases
            .iter()
            .map(|c| {
                let comma = if c.args.len() == 1 { "," } else { "" };
                format!("{:?}", format!("({}{comma})", c.args.join(", ")))
            })
            .collect();
        let dir = path.parent().unwrap_or(Path::new("."));
        let driver = format!(
            "import importlib, json, sys\nsys.path.insert(0, {dir:?})\n\
             f = getattr(importlib.import_module({module:?}), {function:?})\nout = []\n\
             for args in [{cases}]:\n    try:\n        v = f(*eval(args))\n        r = repr(v)\n\
             \x20       try:\n            lit = eval(r) == v\n        except Exception:\n\
             \x20           lit = False\n\
             \x20       out.append({{'ok': True, 'values': [{{'text': r, 'form': 'literal' if lit else 'repr'}}]}})\n\
             \x20   except Exception as e:\n        out.append({{'ok': False, 'exc': type(e).__name__, \
             'builtin': type(e).__module__ == 'builtins', 'message': str(e)}})\n\
             print(json.dumps(out))\n",
            dir = dir.to_string_lossy(),
            module = module(path),
            function = target.function,
            cases = tuples.join(", "),
        );
        let mut command = Command::new(&runtimes.python);
        command
            .arg("-c")
            .arg(&driver)
            .env("PYTHONDONTWRITEBYTECODE", "1");
        run_harness(&mut command, &runtimes.python).map(Some)
    }

    fn file_name(path: &Path, _: &Target) -> String {
        format!("test_{}.py", module(path))
    }

    fn emit(
        path: &Path,
        target: &Target,
        cases: &[TestCase],
        outcomes: Option<&[Outcome]>,
    ) -> String {
        let function = &target.function;
        let mut code = format!(
            "# Generated by conclave testgen: pins the current behaviour of `{function}`.\n\
             import pytest\n\nfrom {} import {function}\n",
            module(path)
        );
        for (n, case) in cases.iter().enumerate() {
            let call = format!("{function}({})", case.args.join(", "));
            code.push_str(&format!(
                "\n\ndef test_{function}_{}():\n    \"\"\"{}\"\"\"\n",
                n + 1,
                one_line(&case.reason)
            ));
            let Some(outcome) = outcomes.and_then(|o| o.get(n)) else {
                code.push_str(&format!("    {call}\n"));
                continue;
            };
            let shown = outcome.values.first();
            if !outcome.ok {
                let exc = if outcome.builtin {
                    outcome.exc.as_str()
                } else {
                    "Exception"
                };
                code.push_str(&format!("    with pytest.raises({exc}):\n        {call}\n"));
            } else if let Some(s) = shown.filter(|s| s.form == Form::Literal) {
                code.push_str(&format!("    assert {call} == {}\n", s.text));
            } else {
                let repr = shown.map(|s| s.text.as_str()).unwrap_or_default();
                code.push_str(&format!("    assert repr({call}) == {}\n", quoted(repr)));
            }
        }
        code
    }

    fn emit_regression(
        path: &Path,
        target: &Target,
        cases: &[&TestCase],
        failure: &Failure,
    ) -> (String, String) {
        let function = &target.function;
        let kind = simple_kind(&failure.kind);
        let name = format!("test_{function}_does_not_raise_{}", snake(kind));
        let inputs: Vec<String> = cases
            .iter()
            .map(|c| {
                let comma = if c.args.len() == 1 { "," } else { "" };
                format!("({}{comma})", c.args.join(", "))
            })
            .collect();
        let code = format!(
            "# Generated by conclave testgen: regression test for {kind} in `{function}`.\n\
             import pytest\n\nfrom {module} import {function}\n\n\n\
             @pytest.mark.parametrize(\"args\", [{inputs}])\n\
             def {name}(args):\n    \"\"\"{function} raised {kind} ({message}); it must not.\"\"\"\n\
             \x20   try:\n        {function}(*args)\n    except Exception as e:\n\
             \x20       # Another, deliberate error is not this bug.\n\
             \x20       if type(e).__name__ == {kind:?}:\n\
             \x20           pytest.fail(f\"{function}{{args}} raised {kind}: {{e}}\")\n",
            module = module(path),
            inputs = inputs.join(", "),
            message = one_line(&failure.message),
        );
        (name, code)
    }
}

fn module(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("module")
        .to_owned()
}
