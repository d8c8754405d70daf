//! JavaScript: Jest tests, outcomes recorded by importing the module with `node`.
//!
//! The module may be CommonJS (`module.exports = …`, `exports.f = …`) or an ES module
//! (`export function f`, `export default`): the harness loads both with `import()`, and the
//! test file uses `require` or `import` to match. Jest runs ES-module tests with
//! `NODE_OPTIONS=--experimental-vm-modules` and no transform (the file's header says so).

use std::path::Path;
use std::process::Command;

use tree_sitter::Node;

use super::{
    Analysis, Backend, Form, Outcome, Param, Runtimes, Syntax, TestCase, TestGenError, Ty, Value,
    candidates, float_text, one_line, parse, quoted, run_harness, simple_kind, temp_dir, text,
    write,
};
use crate::debug::Failure;
use crate::vocab::Language;

pub(crate) struct JavaScript;

pub(crate) struct Target {
    function: String,
    esm: bool,
    /// Exported as the module itself (`module.exports = f`) or `export default`.
    default_export: bool,
}

const SYNTAX: Syntax = Syntax {
    comparisons: &["binary_expression"],
    numbers: &["number"],
    strings: &["string"],
    nulls: &["null", "undefined"],
    bools: &["true", "false"],
    unary: &["unary_expression"],
    tests: &[
        "if_statement",
        "while_statement",
        "ternary_expression",
        "do_statement",
    ],
    negations: &["unary_expression"],
    parens: &["parenthesized_expression"],
    type_test: typeof_test,
};

const FUNCTIONS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "generator_function_declaration",
];

/// `typeof p === "string"`: a value of that type.
fn typeof_test(node: Node<'_>, source: &str, params: &[Param]) -> Option<(usize, Value)> {
    if node.kind() != "binary_expression" {
        return None;
    }
    let (l, r) = (node.named_child(0)?, node.named_child(1)?);
    let (op, lit) = if text(l, source).starts_with("typeof") {
        (l, r)
    } else {
        (r, l)
    };
    let var = text(op, source).strip_prefix("typeof")?.trim();
    let i = params.iter().position(|p| p.name == var)?;
    let sample = match text(lit, source).trim_matches(['"', '\'']) {
        "string" => "\"a\"",
        "number" => "1",
        "boolean" => "true",
        "object" => "{}",
        "undefined" => "undefined",
        "function" => "() => {}",
        "bigint" => "1n",
        _ => return None,
    };
    Some((i, Value::Raw(sample.to_owned())))
}

/// The function named `name`: a declaration, a `const f = (…) => …`, an `exports.f = function`
/// or a method of an exported object literal.
fn find<'t>(root: Node<'t>, source: &str, name: &str) -> Option<Node<'t>> {
    let mut found = None;
    crate::rules::code::walk(root, |n| {
        if found.is_some() {
            return;
        }
        let named = |field: &str| n.child_by_field_name(field).map(|f| text(f, source));
        let value = match n.kind() {
            "function_declaration" | "method_definition" if named("name") == Some(name) => Some(n),
            "variable_declarator" if named("name") == Some(name) => n.child_by_field_name("value"),
            "pair" if named("key") == Some(name) => n.child_by_field_name("value"),
            "assignment_expression"
                if named("left").is_some_and(|l| l.rsplit('.').next() == Some(name)) =>
            {
                n.child_by_field_name("right")
            }
            _ => None,
        };
        found = value.filter(|v| v.kind() == "method_definition" || FUNCTIONS.contains(&v.kind()));
    });
    found
}

impl Backend for JavaScript {
    const LANGUAGE: Language = Language::JavaScript;
    type Target = Target;

    fn analyse(source: &str, function: &str) -> Result<Analysis<Target>, TestGenError> {
        let tree = parse(Language::JavaScript, source)?;
        let root = tree.root_node();
        let def = find(root, source, function).ok_or_else(|| TestGenError::NoFunction {
            name: function.to_owned(),
        })?;
        let mut params = Vec::new();
        let mut add = |name: Node<'_>, default: Option<Node<'_>>| {
            params.push(Param {
                name: text(name, source).to_owned(),
                ty: Ty::Any,
                type_text: String::new(),
                nullable: true,
                default: default.map(|d| text(d, source).to_owned()),
            })
        };
        if let Some(list) = def.child_by_field_name("parameters") {
            let mut c = list.walk();
            for p in list.named_children(&mut c) {
                match p.kind() {
                    "identifier" => add(p, None),
                    "assignment_pattern" => {
                        if let Some(left) = p.child_by_field_name("left") {
                            add(left, p.child_by_field_name("right"));
                        }
                    }
                    _ => {}
                }
            }
        } else if let Some(p) = def.child_by_field_name("parameter") {
            add(p, None);
        }
        let mut cursor = root.walk();
        let esm = root
            .named_children(&mut cursor)
            .any(|n| matches!(n.kind(), "export_statement" | "import_statement"));
        let default_export = if esm {
            let mut cursor = root.walk();
            root.named_children(&mut cursor).any(|n| {
                let t = text(n, source)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                n.kind() == "export_statement"
                    && (t.starts_with(&format!("export default function {function}("))
                        || t.starts_with(&format!("export default function {function} ("))
                        || t.trim_end_matches(';') == format!("export default {function}"))
            })
        } else {
            let compact: String = source.split_whitespace().collect();
            compact.contains(&format!("module.exports={function};"))
                || compact.ends_with(&format!("module.exports={function}"))
                || compact.contains(&format!("module.exports=function{function}("))
        };
        let candidates = def
            .child_by_field_name("body")
            .map(|body| candidates(body, source, &SYNTAX, &params))
            .unwrap_or_default();
        Ok(Analysis {
            target: Target {
                function: function.to_owned(),
                esm,
                default_export,
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
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
            Value::Len(k) => format!("[{}]", vec!["0"; *k].join(", ")),
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
        let absolute = std::fs::canonicalize(path).map_err(|e| TestGenError::Run {
            message: format!("{}: {e}", path.display()),
        })?;
        let calls: Vec<String> = cases
            .iter()
            .map(|c| format!("() => [{}]", c.args.join(", ")))
            .collect();
        let harness = format!(
            "import {{ pathToFileURL }} from 'node:url';\n\
             import {{ isDeepStrictEqual }} from 'node:util';\n\
             const m = await import(pathToFileURL({file}).href);\n\
             const name = {name};\n\
             let f = m[name];\n\
             if (typeof f !== 'function' && m.default != null)\n\
             \x20 f = typeof m.default[name] === 'function' ? m.default[name] : m.default;\n\
             if (typeof f !== 'function') {{ console.error(`${{name}} is not exported`); process.exit(2); }}\n\
             const BUILTIN = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError'];\n\
             const show = (v) => {{\n\
             \x20 if (v === undefined || v === null) return {{ text: String(v), form: 'literal' }};\n\
             \x20 switch (typeof v) {{\n\
             \x20   case 'number': return {{ text: Object.is(v, -0) ? '-0' : String(v), form: 'literal' }};\n\
             \x20   case 'string': return {{ text: JSON.stringify(v), form: 'literal' }};\n\
             \x20   case 'boolean': return {{ text: String(v), form: 'literal' }};\n\
             \x20   case 'bigint': return {{ text: `${{v}}n`, form: 'literal' }};\n\
             \x20   case 'object': try {{\n\
             \x20     const j = JSON.stringify(v);\n\
             \x20     if (j !== undefined && isDeepStrictEqual(JSON.parse(j), v)) return {{ text: j, form: 'deep' }};\n\
             \x20   }} catch {{}}\n\
             \x20 }}\n\
             \x20 return {{ text: typeof v, form: 'opaque' }};\n\
             }};\n\
             const out = [];\n\
             for (const args of [{calls}]) {{\n\
             \x20 try {{ out.push({{ ok: true, values: [show(f(...args()))] }}); }}\n\
             \x20 catch (e) {{\n\
             \x20   const exc = e?.constructor?.name ?? typeof e;\n\
             \x20   out.push({{ ok: false, exc, builtin: BUILTIN.includes(exc) && globalThis[exc] === e.constructor, message: String(e?.message ?? e) }});\n\
             \x20 }}\n\
             }}\n\
             console.log(JSON.stringify(out));\n",
            file = quoted(&absolute.to_string_lossy()),
            name = quoted(&target.function),
            calls = calls.join(", "),
        );
        let dir = temp_dir()?;
        let script = dir.path().join("harness.mjs");
        write(&script, &harness)?;
        let mut command = Command::new(&runtimes.node);
        command.arg(&script);
        run_harness(&mut command, &runtimes.node).map(Some)
    }

    fn file_name(path: &Path, _: &Target) -> String {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("module");
        let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("js");
        format!("{stem}.test.{ext}")
    }

    fn emit(
        path: &Path,
        target: &Target,
        cases: &[TestCase],
        outcomes: Option<&[Outcome]>,
    ) -> String {
        let function = &target.function;
        let mut code = header(
            path,
            target,
            &format!("pins the current behaviour of `{function}`"),
        );
        code.push_str(&format!("\ndescribe({}, () => {{\n", quoted(function)));
        for (n, case) in cases.iter().enumerate() {
            let call = format!("{function}({})", case.args.join(", "));
            let title = quoted(&format!("{}: {}", n + 1, one_line(&case.reason)));
            let body = match outcomes.and_then(|o| o.get(n)) {
                None => format!("{call};"),
                Some(o) if !o.ok => {
                    let class = if o.builtin { o.exc.as_str() } else { "" };
                    format!("expect(() => {call}).toThrow({class});")
                }
                Some(o) => match o.values.first() {
                    Some(s) if s.form == Form::Literal => {
                        format!("expect({call}).toBe({});", s.text)
                    }
                    Some(s) if s.form == Form::Deep => {
                        format!("expect({call}).toEqual({});", s.text)
                    }
                    s => format!(
                        "expect(typeof {call}).toBe({});",
                        quoted(s.map_or("undefined", |s| s.text.as_str()))
                    ),
                },
            };
            code.push_str(&format!("  test({title}, () => {{\n    {body}\n  }});\n"));
        }
        code.push_str("});\n");
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
        let name = format!("{function} does not throw {kind}");
        let inputs: Vec<String> = cases
            .iter()
            .map(|c| format!("[{}]", c.args.join(", ")))
            .collect();
        let mut code = header(
            path,
            target,
            &format!("regression test for {kind} in `{function}`"),
        );
        code.push_str(&format!(
            "\n// {function} threw {kind} ({message}); another, deliberate error is not this bug.\n\
             test({title}, () => {{\n\
             \x20 for (const args of [{inputs}]) {{\n\
             \x20   let thrown;\n\
             \x20   try {{\n      {function}(...args);\n    }} catch (e) {{\n      thrown = e;\n    }}\n\
             \x20   expect(thrown?.constructor?.name).not.toBe({kind_text});\n\
             \x20 }}\n\
             }});\n",
            message = one_line(&failure.message),
            title = quoted(&name),
            inputs = inputs.join(", "),
            kind_text = quoted(kind),
        ));
        (name, code)
    }
}

/// The comment and the import of the function under test.
fn header(path: &Path, target: &Target, what: &str) -> String {
    let function = &target.function;
    let file = path
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("module.js");
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("module");
    let mut code = format!("// Generated by conclave testgen: {what}.\n");
    if target.esm {
        code.push_str(
            "// An ES module: run with NODE_OPTIONS=--experimental-vm-modules and no transform.\n",
        );
        let import = if target.default_export {
            function.clone()
        } else {
            format!("{{ {function} }}")
        };
        code.push_str(&format!(
            "import {import} from {};\n",
            quoted(&format!("./{file}"))
        ));
    } else {
        let binding = if target.default_export {
            function.clone()
        } else {
            format!("{{ {function} }}")
        };
        code.push_str(&format!(
            "const {binding} = require({});\n",
            quoted(&format!("./{stem}"))
        ));
    }
    code
}
