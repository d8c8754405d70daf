//! Java: a JUnit 5 test class, outcomes recorded by compiling and running a harness with
//! `javac`/`java`.
//!
//! The method must be static, or an instance method of a class that a no-arg constructor
//! builds. The harness sits in the class's package beside a copy of the file, with the file's
//! source root on `-sourcepath` so the classes it uses compile too.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{
    Analysis, Backend, Form, Outcome, Param, Runtimes, Syntax, TestCase, TestGenError, Ty, Value,
    candidates, float_text, one_line, parse, quoted, run_harness, temp_dir, text, write,
};
use crate::debug::Failure;
use crate::vocab::Language;

pub(crate) struct Java;

pub(crate) struct Target {
    method: String,
    class: String,
    package: Option<String>,
    is_static: bool,
    returns_void: bool,
    /// The method declares checked exceptions: test methods declare `throws Exception`.
    throws: bool,
}

impl Target {
    /// `Shop.shipping` or `new Shop().shipping`.
    fn callee(&self) -> String {
        if self.is_static {
            format!("{}.{}", self.class, self.method)
        } else {
            format!("new {}().{}", self.class, self.method)
        }
    }
}

const SYNTAX: Syntax = Syntax {
    comparisons: &["binary_expression"],
    numbers: &[
        "decimal_integer_literal",
        "hex_integer_literal",
        "decimal_floating_point_literal",
    ],
    strings: &["string_literal"],
    nulls: &["null_literal"],
    bools: &["true", "false"],
    unary: &["unary_expression"],
    tests: &["if_statement", "while_statement", "ternary_expression"],
    negations: &["unary_expression"],
    parens: &["parenthesized_expression"],
    type_test: super::NO_TYPE_TEST,
};

fn ty(t: &str) -> (Ty, bool) {
    let base = t.split('<').next().unwrap_or(t).trim();
    match base {
        "int" | "long" | "short" | "byte" => (Ty::Int, false),
        "Integer" | "Long" | "Short" | "Byte" => (Ty::Int, true),
        "double" | "float" => (Ty::Float, false),
        "Double" | "Float" => (Ty::Float, true),
        "boolean" => (Ty::Bool, false),
        "Boolean" => (Ty::Bool, true),
        "String" | "CharSequence" => (Ty::Str, true),
        "char" => (Ty::Other, false),
        _ if t.ends_with("[]") => (Ty::Seq, true),
        "List" | "Collection" | "Iterable" | "ArrayList" => (Ty::Seq, true),
        _ => (Ty::Other, true),
    }
}

/// An element of a `List<E>`: its zero.
fn element_zero(list_type: &str) -> &'static str {
    match list_type
        .split_once('<')
        .map(|(_, e)| e.trim_end_matches('>').trim())
    {
        Some("Integer" | "Short" | "Byte") => "0",
        Some("Long") => "0L",
        Some("Double") => "0.0",
        Some("Float") => "0.0f",
        Some("String") => "\"\"",
        Some("Boolean") => "false",
        _ => "null",
    }
}

impl Backend for Java {
    const LANGUAGE: Language = Language::Java;
    type Target = Target;

    fn analyse(source: &str, function: &str) -> Result<Analysis<Target>, TestGenError> {
        let tree = parse(Language::Java, source)?;
        let root = tree.root_node();
        let mut def = None;
        crate::rules::code::walk(root, |n| {
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
            .find(|n| n.kind() == "class_declaration")
            .ok_or_else(|| TestGenError::Unsupported {
                name: function.to_owned(),
                reason: "the method is not in a class".into(),
            })?;
        let class_name = class
            .child_by_field_name("name")
            .map(|n| text(n, source).to_owned())
            .unwrap_or_default();
        let modifiers = |n: tree_sitter::Node<'_>| {
            let mut c = n.walk();
            n.children(&mut c)
                .find(|m| m.kind() == "modifiers")
                .map(|m| text(m, source).to_owned())
                .unwrap_or_default()
        };
        let is_static = modifiers(def).split_whitespace().any(|m| m == "static");
        if !is_static {
            let mut constructors = Vec::new();
            if let Some(body) = class.child_by_field_name("body") {
                let mut c = body.walk();
                constructors.extend(
                    body.named_children(&mut c)
                        .filter(|n| n.kind() == "constructor_declaration"),
                );
            }
            let no_arg = constructors.is_empty()
                || constructors.iter().any(|c| {
                    c.child_by_field_name("parameters")
                        .is_some_and(|p| p.named_child_count() == 0)
                        && !modifiers(*c).contains("private")
                });
            if !no_arg {
                return Err(TestGenError::Unsupported {
                    name: function.to_owned(),
                    reason: format!(
                        "an instance method and `{class_name}` has no no-arg constructor"
                    ),
                });
            }
        }
        let package = {
            let mut c = root.walk();
            root.named_children(&mut c)
                .find(|n| n.kind() == "package_declaration")
                .and_then(|p| p.named_child(0))
                .map(|n| text(n, source).to_owned())
        };
        let mut params = Vec::new();
        if let Some(list) = def.child_by_field_name("parameters") {
            let mut c = list.walk();
            for p in list.named_children(&mut c) {
                if p.kind() == "spread_parameter" {
                    return Err(TestGenError::Unsupported {
                        name: function.to_owned(),
                        reason: "varargs are not supported".into(),
                    });
                }
                let (Some(name), Some(t)) =
                    (p.child_by_field_name("name"), p.child_by_field_name("type"))
                else {
                    continue;
                };
                let type_text = text(t, source).to_owned();
                let (ty, nullable) = ty(&type_text);
                params.push(Param {
                    name: text(name, source).to_owned(),
                    ty,
                    type_text,
                    nullable,
                    default: None,
                });
            }
        }
        let mut c = def.walk();
        let throws = def.children(&mut c).any(|n| n.kind() == "throws");
        let candidates = def
            .child_by_field_name("body")
            .map(|body| candidates(body, source, &SYNTAX, &params))
            .unwrap_or_default();
        Ok(Analysis {
            target: Target {
                method: function.to_owned(),
                class: class_name,
                package,
                is_static,
                returns_void: def
                    .child_by_field_name("type")
                    .is_some_and(|t| t.kind() == "void_type"),
                throws,
            },
            params,
            candidates,
        })
    }

    fn render(value: &Value, param: &Param) -> Option<String> {
        let t = param.type_text.as_str();
        match (value, param.ty) {
            (Value::Int(n), Ty::Int) => Some(match t {
                "long" | "Long" => format!("{n}L"),
                "short" | "Short" => format!("(short) {n}"),
                "byte" | "Byte" => format!("(byte) {n}"),
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
                None => format!(
                    "new java.util.ArrayList<>(java.util.Collections.nCopies({k}, {}))",
                    element_zero(t)
                ),
            }),
            (Value::Zero, Ty::Int | Ty::Float | Ty::Bool | Ty::Str | Ty::Seq) => {
                let zero = match param.ty {
                    Ty::Int => Value::Int(0),
                    Ty::Float => Value::Float(0.0),
                    Ty::Bool => Value::Bool(false),
                    Ty::Str => Value::Str(String::new()),
                    _ => Value::Len(0),
                };
                Self::render(&zero, param)
            }
            (Value::Zero, _) if t == "char" => Some("'a'".into()),
            (Value::Zero, _) => Some("null".into()),
            (Value::Raw(s), _) => Some(s.clone()),
            _ => None,
        }
    }

    fn record(
        path: &Path,
        target: &Target,
        cases: &[TestCase],
        runtimes: &Runtimes,
    ) -> Result<Option<Vec<Outcome>>, TestGenError> {
        let dir = temp_dir()?;
        let package_dir: PathBuf = target
            .package
            .as_deref()
            .map(|p| p.split('.').collect())
            .unwrap_or_default();
        let src = dir.path().join("src").join(&package_dir);
        let file = path.file_name().ok_or(TestGenError::Parse)?;
        std::fs::copy(path, src.join(file))
            .or_else(|_| {
                std::fs::create_dir_all(&src)?;
                std::fs::copy(path, src.join(file))
            })
            .map_err(|e| TestGenError::Run {
                message: format!("{}: {e}", path.display()),
            })?;
        // The source root: the file's directory less the package's folders.
        let mut root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for _ in package_dir.components() {
            root.pop();
        }
        if root.as_os_str().is_empty() {
            root = PathBuf::from(".");
        }
        let calls: Vec<String> = cases
            .iter()
            .map(|c| {
                let call = format!("{}({})", target.callee(), c.args.join(", "));
                if target.returns_void {
                    format!("() -> {{ {call}; return VOID; }}")
                } else {
                    format!("() -> {call}")
                }
            })
            .collect();
        let harness = format!(
            "{package}public class ConclaveHarness {{\n\
             \x20   interface Call {{ Object run() throws Throwable; }}\n\
             \x20   static final Object VOID = new Object();\n\
             \x20   static String quote(String s) {{\n\
             \x20       StringBuilder b = new StringBuilder(\"\\\"\");\n\
             \x20       for (char c : s.toCharArray()) {{\n\
             \x20           if (c == '\"' || c == '\\\\') b.append('\\\\').append(c);\n\
             \x20           else if (c == '\\n') b.append(\"\\\\n\");\n\
             \x20           else if (c < 0x20 || c > 0x7e) b.append(String.format(\"\\\\u%04x\", (int) c));\n\
             \x20           else b.append(c);\n\
             \x20       }}\n\
             \x20       return b.append('\"').toString();\n\
             \x20   }}\n\
             \x20   static String floating(double d, String suffix, String box) {{\n\
             \x20       if (Double.isNaN(d)) return box + \".NaN\";\n\
             \x20       if (Double.isInfinite(d)) return box + (d > 0 ? \".POSITIVE_INFINITY\" : \".NEGATIVE_INFINITY\");\n\
             \x20       return d + suffix;\n\
             \x20   }}\n\
             \x20   static String shown(Object v) {{\n\
             \x20       String text; String form = \"literal\";\n\
             \x20       if (v == VOID) {{ text = \"void\"; form = \"opaque\"; }}\n\
             \x20       else if (v == null) text = \"null\";\n\
             \x20       else if (v instanceof String) text = quote((String) v);\n\
             \x20       else if (v instanceof Integer || v instanceof Boolean) text = v.toString();\n\
             \x20       else if (v instanceof Long) text = v + \"L\";\n\
             \x20       else if (v instanceof Short) text = \"(short) \" + v;\n\
             \x20       else if (v instanceof Byte) text = \"(byte) \" + v;\n\
             \x20       else if (v instanceof Character) {{ char c = (Character) v; text = c == '\\'' || c == '\\\\' ? \"'\\\\\" + c + \"'\" : c < 0x20 || c > 0x7e ? String.format(\"'\\\\u%04x'\", (int) c) : \"'\" + c + \"'\"; }}\n\
             \x20       else if (v instanceof Double) text = floating((Double) v, \"\", \"Double\");\n\
             \x20       else if (v instanceof Float) text = floating(((Float) v).doubleValue(), \"f\", \"Float\");\n\
             \x20       else if (v.getClass().isArray()) {{ text = java.util.Arrays.deepToString(new Object[] {{ v }}); form = \"array\"; }}\n\
             \x20       else if (v.getClass().getName().startsWith(\"java.\")) {{ text = String.valueOf(v); form = \"repr\"; }}\n\
             \x20       else {{ text = v.getClass().getName(); form = \"opaque\"; }}\n\
             \x20       return \"{{\\\"text\\\":\" + quote(text) + \",\\\"form\\\":\\\"\" + form + \"\\\"}}\";\n\
             \x20   }}\n\
             \x20   public static void main(String[] args) {{\n\
             \x20       Call[] calls = {{\n            {calls}\n        }};\n\
             \x20       StringBuilder out = new StringBuilder(\"[\");\n\
             \x20       for (int i = 0; i < calls.length; i++) {{\n\
             \x20           if (i > 0) out.append(',');\n\
             \x20           try {{\n\
             \x20               String shown = shown(calls[i].run());\n\
             \x20               out.append(\"{{\\\"ok\\\":true,\\\"values\\\":[\").append(shown).append(\"]}}\");\n\
             \x20           }} catch (Throwable t) {{\n\
             \x20               String name = t.getClass().getName();\n\
             \x20               out.append(\"{{\\\"ok\\\":false,\\\"exc\\\":\").append(quote(name))\n\
             \x20                   .append(\",\\\"builtin\\\":\").append(name.startsWith(\"java.lang.\") && name.lastIndexOf('.') == 9)\n\
             \x20                   .append(\",\\\"message\\\":\").append(quote(String.valueOf(t.getMessage()))).append('}}');\n\
             \x20           }}\n\
             \x20       }}\n\
             \x20       System.out.println(out.append(']'));\n\
             \x20   }}\n\
             }}\n",
            package = target
                .package
                .as_deref()
                .map(|p| format!("package {p};\n\n"))
                .unwrap_or_default(),
            calls = calls.join(",\n            "),
        );
        write(&src.join("ConclaveHarness.java"), &harness)?;
        let out = dir.path().join("out");
        let compiled = Command::new(&runtimes.javac)
            .arg("-nowarn")
            .arg("-d")
            .arg(&out)
            .arg("-sourcepath")
            .arg(&root)
            .arg(src.join(file))
            .arg(src.join("ConclaveHarness.java"))
            .output()
            .map_err(|e| TestGenError::Run {
                message: format!("{}: {e}", runtimes.javac),
            })?;
        if !compiled.status.success() {
            return Err(TestGenError::Run {
                message: format!(
                    "{}: {}",
                    runtimes.javac,
                    String::from_utf8_lossy(&compiled.stderr).trim()
                ),
            });
        }
        let main = match &target.package {
            Some(p) => format!("{p}.ConclaveHarness"),
            None => "ConclaveHarness".into(),
        };
        let mut command = Command::new(&runtimes.java);
        command.arg("-cp").arg(&out).arg(main);
        run_harness(&mut command, &runtimes.java).map(Some)
    }

    fn file_name(_: &Path, target: &Target) -> String {
        format!("{}Test.java", target.class)
    }

    fn emit(_: &Path, target: &Target, cases: &[TestCase], outcomes: Option<&[Outcome]>) -> String {
        let mut code = header(
            target,
            &format!("pins the current behaviour of `{}`", target.method),
        );
        for (n, case) in cases.iter().enumerate() {
            let call = format!("{}({})", target.callee(), case.args.join(", "));
            let body = match outcomes.and_then(|o| o.get(n)) {
                None => format!("{call};"),
                Some(o) if !o.ok => format!(
                    "assertThrows({}.class, () -> {call});",
                    exception_name(&o.exc)
                ),
                Some(o) => match o.values.first() {
                    Some(s) if s.text == "null" && s.form == Form::Literal => {
                        format!("assertNull({call});")
                    }
                    Some(s) if s.form == Form::Literal => {
                        format!("assertEquals({}, {call});", s.text)
                    }
                    Some(s) if s.form == Form::Array => format!(
                        "assertEquals({}, java.util.Arrays.deepToString(new Object[] {{ {call} }}));",
                        quoted(&s.text)
                    ),
                    Some(s) if s.form == Form::Repr => {
                        format!("assertEquals({}, String.valueOf({call}));", quoted(&s.text))
                    }
                    _ => format!("assertDoesNotThrow(() -> {call});"),
                },
            };
            code.push_str(&format!(
                "\n    @Test\n    void {}{}(){} {{\n        // {}\n        {body}\n    }}\n",
                target.method,
                n + 1,
                throws(target),
                one_line(&case.reason),
            ));
        }
        code.push_str("}\n");
        code
    }

    fn emit_regression(
        _: &Path,
        target: &Target,
        cases: &[&TestCase],
        failure: &Failure,
    ) -> (String, String) {
        let kind = super::simple_kind(&failure.kind);
        let name = format!("{}DoesNotThrow{kind}", target.method);
        let mut code = header(
            target,
            &format!("regression test for {kind} in `{}`", target.method),
        );
        code.push_str(&format!(
            "\n    /** {} threw {} ({}); it must not. */\n    @Test\n    void {name}(){} {{\n",
            target.method,
            failure.kind,
            one_line(&failure.message),
            throws(target),
        ));
        for case in cases {
            let call = format!("{}({})", target.callee(), case.args.join(", "));
            code.push_str(&format!(
                "        try {{\n            {call};\n        }} catch (Throwable e) {{\n\
                 \x20           // Another, deliberate error is not this bug.\n\
                 \x20           if (e.getClass().getName().equals({kind_full}) || e.getClass().getSimpleName().equals({kind_simple})) {{\n\
                 \x20               fail({label} + e);\n            }}\n        }}\n",
                kind_full = quoted(failure.kind.trim()),
                kind_simple = quoted(kind),
                label = quoted(&format!("{call} threw ")),
            ));
        }
        code.push_str("    }\n}\n");
        (name, code)
    }
}

fn render_float(f: f64, type_text: &str) -> String {
    match type_text {
        "float" | "Float" => format!("{}f", float_text(f)),
        _ => float_text(f),
    }
}

/// A class name usable in source: `java.lang.X` as `X`, nested classes with `.`.
fn exception_name(exc: &str) -> String {
    let name = exc.replace('$', ".");
    match name.strip_prefix("java.lang.") {
        Some(simple) if !simple.contains('.') => simple.to_owned(),
        _ => name,
    }
}

fn throws(target: &Target) -> &'static str {
    if target.throws {
        " throws Exception"
    } else {
        ""
    }
}

fn header(target: &Target, what: &str) -> String {
    format!(
        "// Generated by conclave testgen: {what}.\n{package}\
         import static org.junit.jupiter.api.Assertions.*;\n\n\
         import org.junit.jupiter.api.Test;\n\nclass {class}Test {{\n",
        package = target
            .package
            .as_deref()
            .map(|p| format!("package {p};\n\n"))
            .unwrap_or_default(),
        class = target.class,
    )
}
