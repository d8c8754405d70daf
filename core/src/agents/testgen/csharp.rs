//! C#: an xUnit test class whose expected values are never invented.
//!
//! No .NET runtime runs the method here, so no outcome is recorded (even where `dotnet` is on
//! PATH: building a project per run is left for later). A case is pinned only where the source
//! decides it: the method's leading guards, `if (cond) throw new E(…);` (or
//! `ArgumentNullException.ThrowIfNull(p)`), are evaluated on the case's literal arguments in
//! order, and a case that satisfies one gets `Assert.Throws<E>`. The other cases, whose outcome
//! is unknown, are a `[Theory(Skip = …)]` with one `[InlineData]` per case where the arguments
//! are attribute constants (else a skipped `[Fact]` each): the inputs are ready, the expected
//! values are left to whoever runs them.

use std::path::Path;

use tree_sitter::Node;

use super::{
    Analysis, Backend, Outcome, Param, Runtimes, Syntax, TestCase, TestGenError, Ty, Value,
    candidates, decode_string, float_text, number, one_line, parse, pascal, quoted, text,
};
use crate::debug::Failure;
use crate::vocab::Language;

pub(crate) struct CSharp;

pub(crate) struct Target {
    method: String,
    class: String,
    namespace: Option<String>,
    is_static: bool,
    returns_void: bool,
    params: Vec<Param>,
    guards: Vec<Guard>,
}

/// `if (condition) throw new Exception(…);` at the top of the body.
struct Guard {
    condition: Cond,
    exception: String,
}

/// A guard condition the generator can evaluate on literal arguments.
enum Cond {
    Compare {
        param: usize,
        op: String,
        value: Value,
    },
    NullOrEmpty(usize),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
}

const SYNTAX: Syntax = Syntax {
    comparisons: &["binary_expression"],
    numbers: &["integer_literal", "real_literal"],
    strings: &["string_literal", "verbatim_string_literal"],
    nulls: &["null_literal"],
    bools: &["boolean_literal"],
    unary: &["prefix_unary_expression"],
    tests: &["if_statement", "while_statement", "conditional_expression"],
    negations: &["prefix_unary_expression"],
    parens: &["parenthesized_expression"],
    type_test: super::NO_TYPE_TEST,
};

fn ty(t: &str) -> (Ty, bool) {
    let nullable = t.ends_with('?');
    let base = t.trim_end_matches('?');
    let generic = base.split('<').next().unwrap_or(base);
    match generic {
        "int" | "long" | "short" | "byte" | "uint" | "ulong" | "ushort" | "sbyte" => {
            (Ty::Int, nullable)
        }
        "double" | "float" | "decimal" => (Ty::Float, nullable),
        "bool" => (Ty::Bool, nullable),
        "string" | "String" => (Ty::Str, true),
        _ if base.ends_with("[]") => (Ty::Seq, true),
        "List"
        | "IList"
        | "IEnumerable"
        | "ICollection"
        | "IReadOnlyList"
        | "IReadOnlyCollection" => (Ty::Seq, true),
        _ => (Ty::Other, true),
    }
}

impl Backend for CSharp {
    const LANGUAGE: Language = Language::CSharp;
    type Target = Target;

    fn analyse(source: &str, function: &str) -> Result<Analysis<Target>, TestGenError> {
        let tree = parse(Language::CSharp, source)?;
        let root = tree.root_node();
        let mut def = None;
        let mut namespace = None;
        crate::rules::code::walk(root, |n| {
            if matches!(
                n.kind(),
                "namespace_declaration" | "file_scoped_namespace_declaration"
            ) && namespace.is_none()
            {
                namespace = n
                    .child_by_field_name("name")
                    .map(|n| text(n, source).to_owned());
            }
            if def.is_none()
                && n.kind() == "method_declaration"
                && n.child_by_field_name("name").map(|n| text(n, source)) == Some(function)
            {
                def = Some(n);
            }
        });
        let def = def.ok_or_else(|| TestGenError::NoFunction {
            name: function.to_owned(),
        })?;
        let class = std::iter::successors(def.parent(), |n| n.parent())
            .find(|n| matches!(n.kind(), "class_declaration" | "struct_declaration"))
            .and_then(|c| c.child_by_field_name("name"))
            .map(|n| text(n, source).to_owned())
            .ok_or_else(|| TestGenError::Unsupported {
                name: function.to_owned(),
                reason: "the method is not in a class".into(),
            })?;
        let mut c = def.walk();
        let is_static = def
            .children(&mut c)
            .any(|m| m.kind() == "modifier" && text(m, source) == "static");
        let mut params = Vec::new();
        if let Some(list) = def.child_by_field_name("parameters") {
            let mut c = list.walk();
            for p in list
                .named_children(&mut c)
                .filter(|p| p.kind() == "parameter")
            {
                let (Some(name), Some(t)) =
                    (p.child_by_field_name("name"), p.child_by_field_name("type"))
                else {
                    continue;
                };
                let type_text = text(t, source).to_owned();
                let (ty, nullable) = ty(&type_text);
                // A default value is the parameter's last named child after the name.
                let default = p
                    .named_child(p.named_child_count().saturating_sub(1) as u32)
                    .filter(|d| d.start_byte() > name.end_byte())
                    .map(|d| text(d, source).to_owned());
                params.push(Param {
                    name: text(name, source).to_owned(),
                    ty,
                    type_text,
                    nullable,
                    default,
                });
            }
        }
        let body = def.child_by_field_name("body");
        let guards = body.map(|b| guards(b, source, &params)).unwrap_or_default();
        let candidates = body
            .map(|b| candidates(b, source, &SYNTAX, &params))
            .unwrap_or_default();
        Ok(Analysis {
            target: Target {
                method: function.to_owned(),
                class,
                namespace,
                is_static,
                returns_void: def
                    .child_by_field_name("returns")
                    .is_some_and(|t| text(t, source) == "void"),
                params: params.clone(),
                guards,
            },
            params,
            candidates,
        })
    }

    fn render(value: &Value, param: &Param) -> Option<String> {
        let t = param.type_text.trim_end_matches('?');
        let unsigned = matches!(t, "uint" | "ulong" | "ushort" | "byte");
        match (value, param.ty) {
            (Value::Int(n), Ty::Int) if !(unsigned && *n < 0) => Some(match t {
                "long" => format!("{n}L"),
                "ulong" => format!("{n}UL"),
                "uint" => format!("{n}U"),
                "short" | "ushort" | "byte" | "sbyte" => format!("({t}){n}"),
                _ => i32::try_from(*n).ok()?.to_string(),
            }),
            (Value::Int(n), Ty::Float) => Some(render_float(*n as f64, t)),
            (Value::Float(f), Ty::Float) => Some(render_float(*f, t)),
            (Value::Str(s), Ty::Str) => Some(quoted(s)),
            (Value::Bool(b), Ty::Bool) => Some(b.to_string()),
            (Value::Null, _) if param.nullable => Some("null".into()),
            (Value::Len(k), Ty::Str) => Some(quoted(&"a".repeat(*k))),
            (Value::Len(k), Ty::Seq) => Some(match t.strip_suffix("[]") {
                Some(element) => format!("new {element}[{k}]"),
                None => {
                    let element = t
                        .split_once('<')
                        .map_or("object", |(_, e)| e.trim_end_matches('>'));
                    format!("new System.Collections.Generic.List<{element}>(new {element}[{k}])")
                }
            }),
            (Value::Zero, Ty::Str) => Some("\"\"".into()),
            (Value::Zero, _) => Some(format!("default({})", param.type_text)),
            (Value::Raw(s), _) => Some(s.clone()),
            _ => None,
        }
    }

    /// Never recorded: see the module's documentation.
    fn record(
        _: &Path,
        _: &Target,
        _: &[TestCase],
        _: &Runtimes,
    ) -> Result<Option<Vec<Outcome>>, TestGenError> {
        Ok(None)
    }

    fn file_name(_: &Path, target: &Target) -> String {
        format!("{}Tests.cs", target.class)
    }

    fn emit(_: &Path, target: &Target, cases: &[TestCase], _: Option<&[Outcome]>) -> String {
        let callee = if target.is_static {
            format!("{}.{}", target.class, target.method)
        } else {
            format!("new {}().{}", target.class, target.method)
        };
        let mut code = format!(
            "// Generated by conclave testgen for `{}.{}`. No .NET runtime ran it, so only\n\
             // outcomes the source decides are asserted; the rest are skipped until filled in.\n\
             using System;\nusing Xunit;\n\n",
            target.class, target.method
        );
        let indent = if let Some(ns) = &target.namespace {
            code.push_str(&format!("namespace {ns}.Tests\n{{\n"));
            "    "
        } else {
            ""
        };
        code.push_str(&format!(
            "{indent}public class {}Tests\n{indent}{{\n",
            target.class
        ));
        let mut unknown = Vec::new();
        for (n, case) in cases.iter().enumerate() {
            let call = format!("{callee}({})", case.args.join(", "));
            match guard_exception(target, case) {
                Some(exception) => code.push_str(&format!(
                    "{indent}    [Fact]\n{indent}    public void {}_{}_Throws{}()\n{indent}    {{\n\
                     {indent}        // {}\n{indent}        Assert.Throws<{exception}>(() => {call});\n{indent}    }}\n\n",
                    pascal(&target.method),
                    n + 1,
                    pascal(exception.rsplit('.').next().unwrap_or(&exception)),
                    one_line(&case.reason),
                )),
                None => unknown.push((n, case)),
            }
        }
        let skip = "outcome not recorded: no .NET runtime ran this method when the tests were generated; fill in the expected values";
        // Attribute arguments must be constants of attribute types (no decimal, no arrays
        // built with `new T[n]`), and a lone `null` would be read as the whole array.
        let constant = |a: &String| {
            !(a.contains("new ")
                || a.contains("default(")
                || a.starts_with('(')
                || a.ends_with('m') && a.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
                && !(target.params.len() == 1 && a == "null")
        };
        if !unknown.is_empty()
            && !target.params.is_empty()
            && unknown.iter().all(|(_, c)| c.args.iter().all(constant))
        {
            code.push_str(&format!("{indent}    [Theory(Skip = {})]\n", quoted(skip)));
            for (_, case) in &unknown {
                code.push_str(&format!(
                    "{indent}    [InlineData({})]\n",
                    case.args.join(", ")
                ));
            }
            let params: Vec<String> = target
                .params
                .iter()
                .map(|p| format!("{} {}", p.type_text, p.name))
                .collect();
            let args: Vec<&str> = target.params.iter().map(|p| p.name.as_str()).collect();
            let call = format!("{callee}({})", args.join(", "));
            let body = if target.returns_void {
                format!("{call};")
            } else {
                format!("var actual = {call};\n{indent}        // Assert.Equal(expected, actual);")
            };
            code.push_str(&format!(
                "{indent}    public void {}_Unrecorded({})\n{indent}    {{\n{indent}        {body}\n{indent}    }}\n",
                pascal(&target.method),
                params.join(", "),
            ));
        } else {
            for (n, case) in &unknown {
                let call = format!("{callee}({})", case.args.join(", "));
                let body = if target.returns_void {
                    format!("{call};")
                } else {
                    format!(
                        "var actual = {call};\n{indent}        // Assert.Equal(expected, actual);"
                    )
                };
                code.push_str(&format!(
                    "{indent}    [Fact(Skip = {})]\n{indent}    public void {}_{}()\n{indent}    {{\n\
                     {indent}        // {}\n{indent}        {body}\n{indent}    }}\n\n",
                    quoted(skip),
                    pascal(&target.method),
                    n + 1,
                    one_line(&case.reason),
                ));
            }
        }
        let trimmed = code.trim_end().len();
        code.truncate(trimmed);
        code.push_str(&format!("\n{indent}}}\n"));
        if target.namespace.is_some() {
            code.push_str("}\n");
        }
        code
    }

    /// Unreachable: C# records no outcomes, so [`super::regression_test`] refuses it first.
    fn emit_regression(_: &Path, _: &Target, _: &[&TestCase], _: &Failure) -> (String, String) {
        (String::new(), String::new())
    }
}

fn render_float(f: f64, t: &str) -> String {
    match t {
        "float" => format!("{}f", float_text(f)),
        "decimal" => format!("{}m", float_text(f)),
        _ => float_text(f),
    }
}

/// The leading guards of a method body.
fn guards(body: Node<'_>, source: &str, params: &[Param]) -> Vec<Guard> {
    let mut out = Vec::new();
    let mut c = body.walk();
    for statement in body.named_children(&mut c) {
        let guard = match statement.kind() {
            "if_statement" if statement.child_by_field_name("alternative").is_none() => statement
                .child_by_field_name("consequence")
                .and_then(|c| thrown(c, source))
                .and_then(|exception| {
                    let condition =
                        cond(statement.child_by_field_name("condition")?, source, params)?;
                    Some(Guard {
                        condition,
                        exception,
                    })
                }),
            "expression_statement" => {
                let t = text(statement, source);
                t.strip_prefix("ArgumentNullException.ThrowIfNull(")
                    .and_then(|r| r.strip_suffix(");"))
                    .and_then(|p| params.iter().position(|q| q.name == p.trim()))
                    .map(|param| Guard {
                        condition: Cond::Compare {
                            param,
                            op: "==".into(),
                            value: Value::Null,
                        },
                        exception: "System.ArgumentNullException".into(),
                    })
            }
            _ => None,
        };
        match guard {
            Some(g) => out.push(g),
            None => break,
        }
    }
    out
}

/// The exception type of `throw new E(…);`, alone or alone in a block.
fn thrown(statement: Node<'_>, source: &str) -> Option<String> {
    let statement = if statement.kind() == "block" && statement.named_child_count() == 1 {
        statement.named_child(0)?
    } else {
        statement
    };
    let created = statement
        .named_child(0)
        .filter(|_| statement.kind() == "throw_statement")?;
    (created.kind() == "object_creation_expression")
        .then(|| created.child_by_field_name("type"))
        .flatten()
        .map(|t| text(t, source).to_owned())
}

fn cond(node: Node<'_>, source: &str, params: &[Param]) -> Option<Cond> {
    let param = |n: Node<'_>| params.iter().position(|p| p.name == text(n, source));
    match node.kind() {
        "parenthesized_expression" => cond(node.named_child(0)?, source, params),
        "prefix_unary_expression" if text(node, source).starts_with('!') => Some(Cond::Not(
            Box::new(cond(node.named_child(0)?, source, params)?),
        )),
        "invocation_expression" => {
            let f = text(node.child_by_field_name("function")?, source);
            let arg = node.child_by_field_name("arguments")?.named_child(0)?;
            matches!(f, "string.IsNullOrEmpty" | "String.IsNullOrEmpty")
                .then(|| param(arg.named_child(0).unwrap_or(arg)))
                .flatten()
                .map(Cond::NullOrEmpty)
        }
        "binary_expression" => {
            let op = text(node.child_by_field_name("operator")?, source);
            let (l, r) = (
                node.child_by_field_name("left")?,
                node.child_by_field_name("right")?,
            );
            match op {
                "&&" => Some(Cond::And(
                    Box::new(cond(l, source, params)?),
                    Box::new(cond(r, source, params)?),
                )),
                "||" => Some(Cond::Or(
                    Box::new(cond(l, source, params)?),
                    Box::new(cond(r, source, params)?),
                )),
                "==" | "!=" | "<" | "<=" | ">" | ">=" => Some(Cond::Compare {
                    param: param(l)?,
                    op: op.to_owned(),
                    value: arg_value(text(r, source))?,
                }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A rendered argument read back as a value, where it is a plain literal.
fn arg_value(arg: &str) -> Option<Value> {
    let arg = arg.trim();
    match arg {
        "null" => Some(Value::Null),
        "true" | "false" => Some(Value::Bool(arg == "true")),
        _ if arg.starts_with('"') => decode_string(arg).map(Value::Str),
        _ if arg.starts_with('-') => match number(&arg[1..])? {
            Value::Int(n) => Some(Value::Int(-n)),
            Value::Float(f) => Some(Value::Float(-f)),
            _ => None,
        },
        _ => number(arg),
    }
}

/// Evaluates `cond` on a case; `None` when an argument is not a plain literal.
fn eval(cond: &Cond, args: &[String]) -> Option<bool> {
    match cond {
        Cond::And(a, b) => Some(eval(a, args)? && eval(b, args)?),
        Cond::Or(a, b) => Some(eval(a, args)? || eval(b, args)?),
        Cond::Not(a) => eval(a, args).map(|v| !v),
        Cond::NullOrEmpty(p) => match arg_value(args.get(*p)?)? {
            Value::Null => Some(true),
            Value::Str(s) => Some(s.is_empty()),
            _ => None,
        },
        Cond::Compare { param, op, value } => {
            let arg = arg_value(args.get(*param)?)?;
            let ordering = match (&arg, value) {
                (Value::Int(a), Value::Int(b)) => a.partial_cmp(b),
                (Value::Int(a), Value::Float(b)) => (*a as f64).partial_cmp(b),
                (Value::Float(a), Value::Int(b)) => a.partial_cmp(&(*b as f64)),
                (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
                (a, b) if matches!(op.as_str(), "==" | "!=") => {
                    return Some((a == b) == (op == "=="));
                }
                _ => None,
            }?;
            Some(match op.as_str() {
                "==" => ordering.is_eq(),
                "!=" => ordering.is_ne(),
                "<" => ordering.is_lt(),
                "<=" => ordering.is_le(),
                ">" => ordering.is_gt(),
                _ => ordering.is_ge(),
            })
        }
    }
}

/// The exception the first satisfied guard throws for `case`; `None` when a guard cannot be
/// evaluated before one is satisfied, or none is.
fn guard_exception(target: &Target, case: &TestCase) -> Option<String> {
    for guard in &target.guards {
        if eval(&guard.condition, &case.args)? {
            return Some(guard.exception.clone());
        }
    }
    None
}
