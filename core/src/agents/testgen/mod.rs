//! Test generation: inputs from a function's branches and boundaries, outcomes recorded by
//! running it, written as tests in the language's usual framework that pin today's behaviour
//! (pytest, Jest, JUnit 5, xUnit, `go test`).
//!
//! Inputs come from the conditions in the body, read the same way in every language: a
//! comparison of a parameter with a literal gives the literal and its neighbours (`x < 5`: 4,
//! 5, 6), a comparison with `None`/`null`/`nil` gives the null value, a length compared with a
//! number (`len(p) > n`, `p.length`, `p.size()`, `p.Count`) gives sequences of lengths around
//! `n`, a bare truth test gives falsy and truthy values, and a type test (`isinstance`,
//! `typeof`) a value of that type. One case keeps every parameter at its base value (its
//! default, else a candidate); each other case changes one parameter. Each language renders
//! the [`Value`]s in its own syntax for the parameter's declared type, and drops those the type
//! cannot hold (no `null` for a Java `int`).
//!
//! | language   | framework | outcomes recorded with                     |
//! |------------|-----------|--------------------------------------------|
//! | Python     | pytest    | `python3` imports the module               |
//! | JavaScript | Jest      | `node` imports it (CommonJS or ES module)  |
//! | Java       | JUnit 5   | `javac`/`java` on a small harness          |
//! | Go         | `testing` | `go run` of the package copied into a temp module |
//! | C#         | xUnit     | not recorded (see [`csharp`](self) below)  |
//!
//! C# outcomes are never invented: without a recorded outcome a case is pinned only where the
//! source decides it statically (a leading guard `if (cond) throw new E(...)` whose condition
//! the case satisfies gives `Assert.Throws<E>`); the other cases are emitted as a skipped
//! `[Theory]` whose skip reason says the expected values are still to be filled in.
//!
//! [`regression_test`] turns a failure read from a stack trace into a test: it searches the
//! cases for inputs that raise the same exception kind and asserts that they no longer do, so
//! the test fails on today's code and passes once the bug is fixed.

mod cases;
mod csharp;
mod go;
mod java;
mod javascript;
mod python;

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

pub(crate) use cases::{NO_TYPE_TEST, Syntax, candidates, decode_string, derive, number};

use crate::debug::Failure;
use crate::vocab::Language;

/// One set of arguments, as source text of the function's language, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestCase {
    pub args: Vec<String>,
    pub reason: String,
}

/// A generated test file.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedTests {
    pub language: Language,
    /// The test file's source.
    pub code: String,
    /// The file name the framework expects beside the module (`test_shop.py`,
    /// `shop.test.js`, `ShopTest.java`, `ShopTests.cs`, `shop_test.go`).
    pub file_name: String,
    pub cases: Vec<TestCase>,
    /// Whether outcomes were recorded by running the function (false for C#).
    pub recorded: bool,
}

/// A test that reproduces a failure and passes once it is fixed.
#[derive(Debug, Clone, Serialize)]
pub struct RegressionTest {
    pub language: Language,
    pub code: String,
    pub file_name: String,
    /// The test's name, after the failure.
    pub test_name: String,
    /// The exception kind searched for, as the trace printed it.
    pub exception: String,
    /// The inputs that raise it today.
    pub cases: Vec<TestCase>,
}

/// The programs that run functions to record their outcomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runtimes {
    pub python: String,
    pub node: String,
    pub javac: String,
    pub java: String,
    pub go: String,
}

impl Default for Runtimes {
    fn default() -> Self {
        Runtimes {
            python: "python3".into(),
            node: "node".into(),
            javac: "javac".into(),
            java: "java".into(),
            go: "go".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestGenError {
    /// The file holds no function (or method, for Java and C#) of that name.
    #[error("no function `{name}` in the file")]
    NoFunction { name: String },
    #[error("cannot parse the file")]
    Parse,
    /// Reading the file, or running the function to record outcomes, failed.
    #[error("running the function failed: {message}")]
    Run { message: String },
    /// The file's extension names no language Conclave generates tests for.
    #[error("no test generator for `{path}` (expected .py, .js, .mjs, .cjs, .java, .cs or .go)")]
    UnsupportedLanguage { path: String },
    /// The function is of a shape the generator cannot call (an instance method without a
    /// no-arg constructor, a Go method with a receiver…).
    #[error("cannot call `{name}`: {reason}")]
    Unsupported { name: String, reason: String },
    /// No generated case raises the failure's exception kind.
    #[error("no generated input for `{function}` raises `{kind}`")]
    NotReproduced { function: String, kind: String },
}

/// A value to pass, before a language renders it for a parameter's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    /// A sequence (or, for a string parameter, a string) of this length.
    Len(usize),
    /// The type's zero or default value.
    Zero,
    /// Source text already in the target language (a default, a type-test sample).
    Raw(String),
}

/// What a parameter's declared type allows, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// Undeclared (Python, JavaScript): anything goes.
    Any,
    Int,
    Float,
    Str,
    Bool,
    /// Array, list, slice.
    Seq,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub name: String,
    pub ty: Ty,
    /// The declared type as written (`long`, `[]int`, `List<Integer>`), empty if none.
    pub type_text: String,
    /// Whether the type admits null / None / nil.
    pub nullable: bool,
    /// The default value's source, where the language has defaults.
    pub default: Option<String>,
}

/// A candidate value for one parameter and why.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub param: usize,
    pub value: Value,
    pub reason: String,
}

/// What a language's reader found: the function's parameters, candidates and whatever the
/// language needs to call it.
pub(crate) struct Analysis<T> {
    pub target: T,
    pub params: Vec<Param>,
    pub candidates: Vec<Candidate>,
}

/// What running one case gave, as printed by a language's harness (one JSON array per run).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Outcome {
    pub ok: bool,
    /// The returned values (several for Go), shown for the test file.
    #[serde(default)]
    pub values: Vec<Shown>,
    /// The exception's type as the runtime names it (`panic` for a Go panic).
    #[serde(default)]
    pub exc: String,
    /// Whether the test file can name the exception type without an import.
    #[serde(default)]
    pub builtin: bool,
    #[serde(default)]
    pub message: String,
}

/// A returned value and how the test compares with it.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Shown {
    pub text: String,
    pub form: Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Form {
    /// `text` is an expression equal to the value (`==`, `toBe`, `assertEquals`).
    Literal,
    /// `text` is an expression deeply equal to it (`toEqual`, `reflect.DeepEqual`).
    Deep,
    /// `text` is the value's printed representation; the test compares representations.
    Repr,
    /// Java arrays: `text` is `Arrays.toString` of the value.
    Array,
    /// Nothing stable to compare; `text` describes it.
    Opaque,
    /// Go errors: `text` is empty for nil, else the message.
    Error,
}

/// One language: how to read a function, render values, record outcomes and write tests.
pub(crate) trait Backend {
    const LANGUAGE: Language;
    type Target;
    fn analyse(source: &str, function: &str) -> Result<Analysis<Self::Target>, TestGenError>;
    /// `value` in source for `param`'s type; `None` when the type cannot hold it.
    fn render(value: &Value, param: &Param) -> Option<String>;
    /// Runs every case; `None` where outcomes cannot be recorded.
    fn record(
        path: &Path,
        target: &Self::Target,
        cases: &[TestCase],
        runtimes: &Runtimes,
    ) -> Result<Option<Vec<Outcome>>, TestGenError>;
    fn file_name(path: &Path, target: &Self::Target) -> String;
    fn emit(
        path: &Path,
        target: &Self::Target,
        cases: &[TestCase],
        outcomes: Option<&[Outcome]>,
    ) -> String;
    /// A test asserting that `cases` (which raise `failure` today) no longer raise it.
    fn emit_regression(
        path: &Path,
        target: &Self::Target,
        cases: &[&TestCase],
        failure: &Failure,
    ) -> (String, String);
}

const MAX_CASES: usize = 24;

/// The cases for `function` in `source`.
pub fn cases(
    language: Language,
    source: &str,
    function: &str,
) -> Result<Vec<TestCase>, TestGenError> {
    fn of<B: Backend>(source: &str, function: &str) -> Result<Vec<TestCase>, TestGenError> {
        let a = B::analyse(source, function)?;
        Ok(derive::<B>(&a.params, &a.candidates))
    }
    match language {
        Language::Python => of::<python::Python>(source, function),
        Language::JavaScript => of::<javascript::JavaScript>(source, function),
        Language::Java => of::<java::Java>(source, function),
        Language::CSharp => of::<csharp::CSharp>(source, function),
        Language::Go => of::<go::Go>(source, function),
    }
}

/// The cases for `function` in Python `source`.
pub fn python_cases(source: &str, function: &str) -> Result<Vec<TestCase>, TestGenError> {
    cases(Language::Python, source, function)
}

/// Generates pytest tests for `function` of the module file `path`, recording what each case
/// returns or raises by running it with `python` (the module is imported: its top-level code
/// runs).
pub fn python_tests(
    path: &Path,
    function: &str,
    python: &str,
) -> Result<GeneratedTests, TestGenError> {
    let runtimes = Runtimes {
        python: python.to_owned(),
        ..Runtimes::default()
    };
    generate_for::<python::Python>(path, function, &runtimes)
}

/// Generates tests for `function` of the file `path`, in the framework of the language its
/// extension names, recording outcomes by running the function where a runtime is at hand.
/// The module's top-level code runs when it is loaded.
pub fn generate(
    path: &Path,
    function: &str,
    runtimes: &Runtimes,
) -> Result<GeneratedTests, TestGenError> {
    match language_of(path)? {
        Language::Python => generate_for::<python::Python>(path, function, runtimes),
        Language::JavaScript => generate_for::<javascript::JavaScript>(path, function, runtimes),
        Language::Java => generate_for::<java::Java>(path, function, runtimes),
        Language::CSharp => generate_for::<csharp::CSharp>(path, function, runtimes),
        Language::Go => generate_for::<go::Go>(path, function, runtimes),
    }
}

/// A regression test for `failure` (read from a stack trace, see [`crate::debug::parse`]):
/// the generated inputs for `function` that raise the failure's exception kind today, in a test
/// asserting they no longer raise it. Needs a runtime to find those inputs, so C# is refused;
/// [`TestGenError::NotReproduced`] when no input raises it.
pub fn regression_test(
    path: &Path,
    function: &str,
    failure: &Failure,
    runtimes: &Runtimes,
) -> Result<RegressionTest, TestGenError> {
    match language_of(path)? {
        Language::Python => regression_for::<python::Python>(path, function, failure, runtimes),
        Language::JavaScript => {
            regression_for::<javascript::JavaScript>(path, function, failure, runtimes)
        }
        Language::Java => regression_for::<java::Java>(path, function, failure, runtimes),
        Language::CSharp => regression_for::<csharp::CSharp>(path, function, failure, runtimes),
        Language::Go => regression_for::<go::Go>(path, function, failure, runtimes),
    }
}

fn language_of(path: &Path) -> Result<Language, TestGenError> {
    Language::from_path(path).ok_or_else(|| TestGenError::UnsupportedLanguage {
        path: path.display().to_string(),
    })
}

fn read(path: &Path) -> Result<String, TestGenError> {
    std::fs::read_to_string(path).map_err(|e| TestGenError::Run {
        message: format!("{}: {e}", path.display()),
    })
}

fn generate_for<B: Backend>(
    path: &Path,
    function: &str,
    runtimes: &Runtimes,
) -> Result<GeneratedTests, TestGenError> {
    let a = B::analyse(&read(path)?, function)?;
    let cases = derive::<B>(&a.params, &a.candidates);
    let outcomes = B::record(path, &a.target, &cases, runtimes)?;
    check_count(outcomes.as_deref(), &cases)?;
    Ok(GeneratedTests {
        language: B::LANGUAGE,
        code: B::emit(path, &a.target, &cases, outcomes.as_deref()),
        file_name: B::file_name(path, &a.target),
        recorded: outcomes.is_some(),
        cases,
    })
}

fn regression_for<B: Backend>(
    path: &Path,
    function: &str,
    failure: &Failure,
    runtimes: &Runtimes,
) -> Result<RegressionTest, TestGenError> {
    let a = B::analyse(&read(path)?, function)?;
    let cases = derive::<B>(&a.params, &a.candidates);
    let Some(outcomes) = B::record(path, &a.target, &cases, runtimes)? else {
        return Err(TestGenError::Unsupported {
            name: function.to_owned(),
            reason: format!(
                "no {} runtime records outcomes, so no input can be shown to fail",
                B::LANGUAGE
            ),
        });
    };
    check_count(Some(&outcomes), &cases)?;
    let hits = reproducing(&outcomes, failure);
    if hits.is_empty() {
        return Err(TestGenError::NotReproduced {
            function: function.to_owned(),
            kind: failure.kind.clone(),
        });
    }
    let chosen: Vec<&TestCase> = hits.iter().map(|&i| &cases[i]).collect();
    let (test_name, code) = B::emit_regression(path, &a.target, &chosen, failure);
    Ok(RegressionTest {
        language: B::LANGUAGE,
        code,
        file_name: regression_file_name(B::file_name(path, &a.target)),
        test_name,
        exception: failure.kind.clone(),
        cases: chosen.into_iter().cloned().collect(),
    })
}

/// A regression test's file beside the generated tests' one without clashing with it (nor with
/// a hand-written `test_x.py` elsewhere: pytest refuses two test modules of one name). Java and
/// C# keep theirs: the class name inside must match.
fn regression_file_name(name: String) -> String {
    for (suffix, regression) in [
        ("_test.go", "_regression_test.go"),
        (".test.js", ".regression.test.js"),
        (".test.mjs", ".regression.test.mjs"),
        (".py", "_regression.py"),
    ] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return format!("{stem}{regression}");
        }
    }
    name
}

fn check_count(outcomes: Option<&[Outcome]>, cases: &[TestCase]) -> Result<(), TestGenError> {
    match outcomes {
        Some(o) if o.len() != cases.len() => Err(TestGenError::Run {
            message: format!("{} outcomes for {} cases", o.len(), cases.len()),
        }),
        _ => Ok(()),
    }
}

/// The last segment of an exception type (`java.lang.ArithmeticException`: `ArithmeticException`).
pub(crate) fn simple_kind(kind: &str) -> &str {
    let kind = kind.trim();
    kind.rsplit(['.', ':', ' ']).next().unwrap_or(kind)
}

/// The indices of outcomes that raised `failure`'s kind. A Go trace's kind is `panic`: any
/// panic matches, those with the same message first.
fn reproducing(outcomes: &[Outcome], failure: &Failure) -> Vec<usize> {
    let want = simple_kind(&failure.kind);
    let hits: Vec<usize> = (0..outcomes.len())
        .filter(|&i| !outcomes[i].ok && simple_kind(&outcomes[i].exc) == want)
        .collect();
    let first_line = failure.message.lines().next().unwrap_or("").trim();
    let same_message: Vec<usize> = hits
        .iter()
        .copied()
        .filter(|&i| !first_line.is_empty() && outcomes[i].message.trim() == first_line)
        .collect();
    if same_message.is_empty() {
        hits
    } else {
        same_message
    }
}

pub(crate) fn parse(language: Language, source: &str) -> Result<tree_sitter::Tree, TestGenError> {
    crate::lang::Parsers::new()
        .parse(language, source)
        .map_err(|_| TestGenError::Parse)
}

pub(crate) fn text<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    node.utf8_text(source.as_bytes()).unwrap_or_default()
}

/// A string literal with `"` quotes and C-style escapes, valid in all five languages.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A float as source: always with a `.` or exponent, so no language reads it as an integer.
pub(crate) fn float_text(f: f64) -> String {
    format!("{f:?}")
}

/// Runs a harness and reads the JSON array of outcomes on its last line of output.
pub(crate) fn run_harness(command: &mut Command, what: &str) -> Result<Vec<Outcome>, TestGenError> {
    let output = command.output().map_err(|e| TestGenError::Run {
        message: format!("{what}: {e}"),
    })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('['))
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| TestGenError::Run {
            message: format!(
                "{what}: {} {}",
                String::from_utf8_lossy(&output.stderr).trim(),
                stdout.chars().take(2000).collect::<String>()
            ),
        })
}

pub(crate) fn temp_dir() -> Result<tempfile::TempDir, TestGenError> {
    tempfile::tempdir().map_err(|e| TestGenError::Run {
        message: format!("temporary directory: {e}"),
    })
}

pub(crate) fn write(path: &Path, contents: &str) -> Result<(), TestGenError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| TestGenError::Run {
            message: format!("{}: {e}", dir.display()),
        })?;
    }
    std::fs::write(path, contents).map_err(|e| TestGenError::Run {
        message: format!("{}: {e}", path.display()),
    })
}

/// `text` as one line, safe inside a comment or docstring.
pub(crate) fn one_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .replace(['"', '`', '\''], "'")
        .replace("*/", "* /")
}

/// `average` and `ZeroDivisionError` to words for test names: `zero_division_error`.
pub(crate) fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 && !out.ends_with('_') {
            out.push('_');
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// `zero_division_error` to `ZeroDivisionError`.
pub(crate) fn pascal(name: &str) -> String {
    snake(name)
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
