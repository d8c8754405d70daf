//! Go: a table-driven `_test.go` file, outcomes recorded with `go run`.
//!
//! The harness copies the package's non-test files into a temporary module, renames the
//! package to `main` (and any `func main` out of the way) and adds a `main` that calls the
//! function on every case, recovering panics, so unexported functions and `package main`
//! programs both work. Only top-level functions (no receivers, no variadic parameters) and
//! packages that import nothing outside the standard library are supported.

use std::path::Path;
use std::process::Command;

use super::{
    Analysis, Backend, Form, Outcome, Param, Runtimes, Syntax, TestCase, TestGenError, Ty, Value,
    candidates, float_text, one_line, parse, pascal, quoted, run_harness, temp_dir, text, write,
};
use crate::debug::Failure;
use crate::vocab::Language;

pub(crate) struct Go;

pub(crate) struct Target {
    function: String,
    package: String,
    /// Declared result types, in order.
    results: Vec<String>,
    params: Vec<Param>,
}

const SYNTAX: Syntax = Syntax {
    comparisons: &["binary_expression"],
    numbers: &["int_literal", "float_literal"],
    strings: &["interpreted_string_literal", "raw_string_literal"],
    nulls: &["nil"],
    bools: &["true", "false"],
    unary: &["unary_expression"],
    tests: &["if_statement", "for_statement"],
    negations: &["unary_expression"],
    parens: &["parenthesized_expression"],
    type_test: super::NO_TYPE_TEST,
};

fn ty(type_text: &str) -> (Ty, bool) {
    let t = type_text.trim();
    match t {
        "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16" | "uint32"
        | "uint64" | "byte" | "rune" | "uintptr" => (Ty::Int, false),
        "float32" | "float64" => (Ty::Float, false),
        "string" => (Ty::Str, false),
        "bool" => (Ty::Bool, false),
        _ if t.starts_with("[]") => (Ty::Seq, true),
        _ if t.starts_with(['*', '['])
            || t.starts_with("map[")
            || t.starts_with("func")
            || t.starts_with("chan")
            || t.starts_with("interface")
            || t == "any"
            || t == "error" =>
        {
            (Ty::Other, true)
        }
        _ => (Ty::Other, false),
    }
}

impl Backend for Go {
    const LANGUAGE: Language = Language::Go;
    type Target = Target;

    fn analyse(source: &str, function: &str) -> Result<Analysis<Target>, TestGenError> {
        let tree = parse(Language::Go, source)?;
        let root = tree.root_node();
        let mut cursor = root.walk();
        let top: Vec<_> = root.named_children(&mut cursor).collect();
        let named = |n: &tree_sitter::Node<'_>| {
            n.child_by_field_name("name").map(|n| text(n, source)) == Some(function)
        };
        if top
            .iter()
            .any(|n| n.kind() == "method_declaration" && named(n))
            && !top
                .iter()
                .any(|n| n.kind() == "function_declaration" && named(n))
        {
            return Err(TestGenError::Unsupported {
                name: function.to_owned(),
                reason: "methods with receivers are not supported".into(),
            });
        }
        let def = top
            .iter()
            .find(|n| n.kind() == "function_declaration" && named(n))
            .ok_or_else(|| TestGenError::NoFunction {
                name: function.to_owned(),
            })?;
        let package = top
            .iter()
            .find(|n| n.kind() == "package_clause")
            .and_then(|p| p.named_child(0))
            .map(|p| text(p, source).to_owned())
            .ok_or(TestGenError::Parse)?;
        let mut params = Vec::new();
        if let Some(list) = def.child_by_field_name("parameters") {
            let mut c = list.walk();
            for p in list.named_children(&mut c) {
                let type_text = p
                    .child_by_field_name("type")
                    .map(|t| text(t, source).to_owned())
                    .unwrap_or_default();
                if p.kind() == "variadic_parameter_declaration" {
                    return Err(TestGenError::Unsupported {
                        name: function.to_owned(),
                        reason: "variadic parameters are not supported".into(),
                    });
                }
                let (ty, nullable) = ty(&type_text);
                let mut c2 = p.walk();
                for name in p.children_by_field_name("name", &mut c2) {
                    params.push(Param {
                        name: text(name, source).to_owned(),
                        ty,
                        type_text: type_text.clone(),
                        nullable,
                        default: None,
                    });
                }
            }
        }
        let results = match def.child_by_field_name("result") {
            None => Vec::new(),
            Some(r) if r.kind() == "parameter_list" => {
                let mut out = Vec::new();
                let mut c = r.walk();
                for p in r.named_children(&mut c) {
                    let t = p
                        .child_by_field_name("type")
                        .map(|t| text(t, source).to_owned())
                        .unwrap_or_default();
                    let mut c2 = p.walk();
                    let names = p.children_by_field_name("name", &mut c2).count().max(1);
                    out.extend(std::iter::repeat_n(t, names));
                }
                out
            }
            Some(r) => vec![text(r, source).to_owned()],
        };
        let candidates = def
            .child_by_field_name("body")
            .map(|body| candidates(body, source, &SYNTAX, &params))
            .unwrap_or_default();
        Ok(Analysis {
            target: Target {
                function: function.to_owned(),
                package,
                results,
                params: params.clone(),
            },
            params,
            candidates,
        })
    }

    fn render(value: &Value, param: &Param) -> Option<String> {
        let unsigned = param.type_text.starts_with('u') || param.type_text == "byte";
        match (value, param.ty) {
            (Value::Int(n), Ty::Int) if !(unsigned && *n < 0) => Some(n.to_string()),
            (Value::Int(n), Ty::Float) => Some(n.to_string()),
            (Value::Float(f), Ty::Float) => Some(float_text(*f)),
            (Value::Str(s), Ty::Str) => Some(quoted(s)),
            (Value::Bool(b), Ty::Bool) => Some(b.to_string()),
            (Value::Null, _) if param.nullable => Some("nil".into()),
            (Value::Len(k), Ty::Seq) => Some(format!("make({}, {k})", param.type_text)),
            (Value::Len(k), Ty::Str) => Some(quoted(&"a".repeat(*k))),
            (Value::Zero, Ty::Int | Ty::Float) => Some("0".into()),
            (Value::Zero, Ty::Str) => Some("\"\"".into()),
            (Value::Zero, Ty::Bool) => Some("false".into()),
            (Value::Zero, _) if param.nullable => Some("nil".into()),
            (Value::Zero, _) => Some(format!("*new({})", param.type_text)),
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
        let source_dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let entries = std::fs::read_dir(source_dir).map_err(|e| TestGenError::Run {
            message: format!("{}: {e}", source_dir.display()),
        })?;
        let clause = format!("package {}", target.package);
        for entry in entries.flatten() {
            let p = entry.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".go") || name.ends_with("_test.go") {
                continue;
            }
            let Ok(code) = std::fs::read_to_string(&p) else {
                continue;
            };
            let Some(line) = code
                .lines()
                .find(|l| l.trim_start().starts_with("package "))
            else {
                continue;
            };
            if line.split("//").next().unwrap_or("").trim() != clause {
                continue;
            }
            let code = code
                .replacen(line, "package main", 1)
                .replace("func main()", "func conclaveOriginalMain()");
            write(&dir.path().join(name), &code)?;
        }
        write(
            &dir.path().join("go.mod"),
            "module conclaveharness\n\ngo 1.18\n",
        )?;
        let errors: Vec<String> = target
            .results
            .iter()
            .map(|r| (r == "error").to_string())
            .collect();
        let got: Vec<String> = (0..target.results.len()).map(|i| format!("r{i}")).collect();
        let calls: Vec<String> = cases
            .iter()
            .map(|c| {
                let call = format!("{}({})", target.function, c.args.join(", "));
                if got.is_empty() {
                    format!("func() []interface{{}} {{ {call}; return nil }}")
                } else {
                    format!(
                        "func() []interface{{}} {{ {g} := {call}; return []interface{{}}{{{g}}} }}",
                        g = got.join(", ")
                    )
                }
            })
            .collect();
        let harness = format!(
            "package main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"math\"\n\t\"reflect\"\n)\n\n\
             type conclaveShown struct {{\n\tText string `json:\"text\"`\n\tForm string `json:\"form\"`\n}}\n\n\
             type conclaveOutcome struct {{\n\tOk bool `json:\"ok\"`\n\tValues []conclaveShown `json:\"values\"`\n\
             \tExc string `json:\"exc\"`\n\tMessage string `json:\"message\"`\n}}\n\n\
             var conclaveErrors = []bool{{{errors}}}\n\n\
             func conclaveShow(v interface{{}}, isErr bool) conclaveShown {{\n\
             \tif isErr {{\n\t\tif v == nil {{\n\t\t\treturn conclaveShown{{\"\", \"error\"}}\n\t\t}}\n\
             \t\treturn conclaveShown{{v.(error).Error(), \"error\"}}\n\t}}\n\
             \tif v == nil {{\n\t\treturn conclaveShown{{\"nil\", \"literal\"}}\n\t}}\n\
             \trv := reflect.ValueOf(v)\n\
             \tswitch rv.Kind() {{\n\
             \tcase reflect.Float32, reflect.Float64:\n\
             \t\tif math.IsNaN(rv.Float()) || math.IsInf(rv.Float(), 0) {{\n\t\t\treturn conclaveShown{{fmt.Sprintf(\"%v\", v), \"repr\"}}\n\t\t}}\n\
             \t\treturn conclaveShown{{fmt.Sprintf(\"%#v\", v), \"literal\"}}\n\
             \tcase reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,\n\
             \t\treflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.String:\n\
             \t\treturn conclaveShown{{fmt.Sprintf(\"%#v\", v), \"literal\"}}\n\
             \tcase reflect.Slice, reflect.Map, reflect.Ptr, reflect.Interface, reflect.Func, reflect.Chan:\n\
             \t\tif rv.IsNil() {{\n\t\t\treturn conclaveShown{{\"nil\", \"literal\"}}\n\t\t}}\n\
             \t}}\n\
             \tbasic := func(t reflect.Type) bool {{\n\t\treturn t.PkgPath() == \"\" && (t.Kind() >= reflect.Bool && t.Kind() <= reflect.Float64 || t.Kind() == reflect.String)\n\t}}\n\
             \tif rv.Type().PkgPath() == \"\" && (rv.Kind() == reflect.Slice && basic(rv.Type().Elem()) || rv.Kind() == reflect.Map && basic(rv.Type().Key()) && basic(rv.Type().Elem())) {{\n\
             \t\treturn conclaveShown{{fmt.Sprintf(\"%#v\", v), \"deep\"}}\n\t}}\n\
             \treturn conclaveShown{{fmt.Sprintf(\"%v\", v), \"repr\"}}\n}}\n\n\
             func conclaveRun(c func() []interface{{}}) (o conclaveOutcome) {{\n\
             \tdefer func() {{\n\t\tif r := recover(); r != nil {{\n\
             \t\t\to = conclaveOutcome{{Exc: \"panic\", Message: fmt.Sprint(r), Values: []conclaveShown{{}}}}\n\t\t}}\n\t}}()\n\
             \tvalues := c()\n\to = conclaveOutcome{{Ok: true, Values: []conclaveShown{{}}}}\n\
             \tfor i, v := range values {{\n\t\to.Values = append(o.Values, conclaveShow(v, conclaveErrors[i]))\n\t}}\n\
             \treturn o\n}}\n\n\
             func main() {{\n\tout := []conclaveOutcome{{}}\n\
             \tfor _, c := range []func() []interface{{}}{{\n\t\t{calls},\n\t}} {{\n\
             \t\tout = append(out, conclaveRun(c))\n\t}}\n\
             \tb, _ := json.Marshal(out)\n\tfmt.Println(string(b))\n}}\n",
            errors = errors.join(", "),
            calls = calls.join(",\n\t\t"),
        );
        write(&dir.path().join("zz_conclave_harness.go"), &harness)?;
        let mut command = Command::new(&runtimes.go);
        command
            .args(["run", "."])
            .current_dir(dir.path())
            .env("GO111MODULE", "on")
            .env("GOFLAGS", "-mod=mod")
            .env("GOWORK", "off")
            .env("GOTOOLCHAIN", "local");
        run_harness(&mut command, &runtimes.go).map(Some)
    }

    fn file_name(path: &Path, _: &Target) -> String {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("module");
        format!("{stem}_test.go")
    }

    fn emit(_: &Path, target: &Target, cases: &[TestCase], outcomes: Option<&[Outcome]>) -> String {
        let outcomes = outcomes.unwrap_or_default();
        let fields = fields(&target.params);
        let n = target.results.len();
        let col = |i: usize, base: &str| {
            if n == 1 {
                base.to_owned()
            } else {
                format!("{base}{i}")
            }
        };
        // Per result: how it is compared (error, exact/deep value, or printed form).
        let kinds: Vec<Form> = (0..n)
            .map(|i| {
                let shown = outcomes
                    .iter()
                    .filter(|o| o.ok)
                    .filter_map(|o| o.values.get(i));
                if target.results[i] == "error" {
                    Form::Error
                } else if shown
                    .clone()
                    .all(|s| matches!(s.form, Form::Literal | Form::Deep))
                {
                    Form::Deep
                } else {
                    Form::Repr
                }
            })
            .collect();
        let mut columns: Vec<(String, String)> = vec![("name".into(), "string".into())];
        for (p, f) in target.params.iter().zip(&fields) {
            columns.push((f.clone(), p.type_text.clone()));
        }
        for (i, k) in kinds.iter().enumerate() {
            columns.push(match k {
                Form::Error => (col(i, "wantErr"), "bool".into()),
                Form::Deep => (col(i, "want"), target.results[i].clone()),
                _ => (col(i, "wantText"), "string".into()),
            });
        }
        columns.push(("wantPanic".into(), "bool".into()));
        let width = columns.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
        let mut code = format!(
            "// Code generated by conclave testgen: pins the current behaviour of {f}.\n\n\
             package {package}\n\nimport (\n",
            f = target.function,
            package = target.package,
        );
        if kinds.contains(&Form::Repr) {
            code.push_str("\t\"fmt\"\n");
        }
        if kinds.contains(&Form::Deep) {
            code.push_str("\t\"reflect\"\n");
        }
        code.push_str(&format!(
            "\t\"testing\"\n)\n\nfunc Test{}(t *testing.T) {{\n\ttests := []struct {{\n",
            pascal(&target.function)
        ));
        for (c, t) in &columns {
            code.push_str(&format!("\t\t{c:width$} {t}\n"));
        }
        code.push_str("\t}{\n");
        for (case, outcome) in cases.iter().zip(outcomes) {
            let mut row = vec![format!("name: {}", quoted(&one_line(&case.reason)))];
            for (f, a) in fields.iter().zip(&case.args) {
                row.push(format!("{f}: {a}"));
            }
            if outcome.ok {
                for (i, (k, s)) in kinds.iter().zip(&outcome.values).enumerate() {
                    row.push(match k {
                        Form::Error => format!("{}: {}", col(i, "wantErr"), !s.text.is_empty()),
                        Form::Deep => format!("{}: {}", col(i, "want"), s.text),
                        _ => format!("{}: {}", col(i, "wantText"), quoted(&s.text)),
                    });
                }
            } else {
                row.push("wantPanic: true".into());
            }
            code.push_str(&format!("\t\t{{{}}},\n", row.join(", ")));
        }
        let args: Vec<String> = fields.iter().map(|f| format!("tt.{f}")).collect();
        let got: Vec<String> = (0..n).map(|i| format!("got{i}")).collect();
        let call = format!("{}({})", target.function, args.join(", "));
        code.push_str(&format!(
            "\t}}\n\tfor _, tt := range tests {{\n\t\tt.Run(tt.name, func(t *testing.T) {{\n\
             \t\t\tdefer func() {{\n\t\t\t\tif r := recover(); (r != nil) != tt.wantPanic {{\n\
             \t\t\t\t\tt.Fatalf(\"panic = %v, want a panic: %v\", r, tt.wantPanic)\n\t\t\t\t}}\n\t\t\t}}()\n\
             \t\t\t{}{call}\n\t\t\tif tt.wantPanic {{\n\t\t\t\treturn\n\t\t\t}}\n",
            if got.is_empty() {
                String::new()
            } else {
                format!("{} := ", got.join(", "))
            }
        ));
        for (i, k) in kinds.iter().enumerate() {
            let check = match k {
                Form::Error => format!(
                    "if (got{i} != nil) != tt.{c} {{\n\t\t\t\tt.Errorf(\"error = %v, want an error: %v\", got{i}, tt.{c})\n\t\t\t}}",
                    c = col(i, "wantErr")
                ),
                Form::Deep => format!(
                    "if !reflect.DeepEqual(got{i}, tt.{c}) {{\n\t\t\t\tt.Errorf(\"got %#v, want %#v\", got{i}, tt.{c})\n\t\t\t}}",
                    c = col(i, "want")
                ),
                _ => format!(
                    "if s := fmt.Sprintf(\"%v\", got{i}); s != tt.{c} {{\n\t\t\t\tt.Errorf(\"got %s, want %s\", s, tt.{c})\n\t\t\t}}",
                    c = col(i, "wantText")
                ),
            };
            code.push_str(&format!("\t\t\t{check}\n"));
        }
        code.push_str("\t\t})\n\t}\n}\n");
        code
    }

    fn emit_regression(
        _: &Path,
        target: &Target,
        cases: &[&TestCase],
        failure: &Failure,
    ) -> (String, String) {
        let function = &target.function;
        let name = format!("Test{}DoesNotPanic", pascal(function));
        let fields = fields(&target.params);
        let decl: Vec<String> = fields
            .iter()
            .zip(&target.params)
            .map(|(f, p)| format!("{f} {}", p.type_text))
            .collect();
        let rows: Vec<String> = cases
            .iter()
            .map(|c| format!("\t\t{{{}}},\n", c.args.join(", ")))
            .collect();
        let args: Vec<String> = fields.iter().map(|f| format!("in.{f}")).collect();
        let code = format!(
            "// Code generated by conclave testgen: regression test for a panic in {function}.\n\n\
             package {package}\n\nimport \"testing\"\n\n\
             // {function} panicked ({message}) on these inputs; it must not.\n\
             func {name}(t *testing.T) {{\n\tfor _, in := range []struct{{ {decl} }}{{\n{rows}\t}} {{\n\
             \t\tfunc() {{\n\t\t\tdefer func() {{\n\t\t\t\tif r := recover(); r != nil {{\n\
             \t\t\t\t\tt.Errorf(\"{function}(%+v) panicked: %v\", in, r)\n\t\t\t\t}}\n\t\t\t}}()\n\
             \t\t\t{function}({args})\n\t\t}}()\n\t}}\n}}\n",
            package = target.package,
            message = one_line(&failure.message),
            decl = decl.join("; "),
            rows = rows.concat(),
            args = args.join(", "),
        );
        (name, code)
    }
}

/// Table fields for the parameters, renamed where they would clash with the table's own.
fn fields(params: &[Param]) -> Vec<String> {
    params
        .iter()
        .map(|p| {
            if p.name == "name" || p.name.starts_with("want") || p.name == "_" {
                format!("{}Arg", p.name.trim_matches('_'))
            } else {
                p.name.clone()
            }
        })
        .collect()
}
