//! Metrics on small, hand-checked programs: cognitive complexity follows the examples of
//! SonarSource's white paper; sizes, parameters and nesting are counted by hand.

use conclave::metrics::FunctionMetrics;
use conclave::{Engine, Language};

fn functions(language: Language, src: &str) -> Vec<FunctionMetrics> {
    let engine = Engine::builder().threads(1).build().unwrap();
    let file = engine.analyze_source(language, src);
    assert!(
        file.findings.iter().all(|f| f.rule_id.as_str() != "SX001"),
        "{language} fixture must parse: {:?}",
        file.findings
    );
    file.metrics.functions
}

fn named<'a>(fs: &'a [FunctionMetrics], name: &str) -> &'a FunctionMetrics {
    fs.iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no function {name}"))
}

/// The white paper's `sumOfPrimes` (7) and `getWords` (1), in Java.
#[test]
fn cognitive_white_paper_examples_java() {
    let fs = functions(
        Language::Java,
        r#"class Primes {
    int sumOfPrimes(int max) {
        int total = 0;
        OUT: for (int i = 1; i <= max; ++i) {
            for (int j = 2; j < i; ++j) {
                if (i % j == 0) {
                    continue OUT;
                }
            }
            total += i;
        }
        return total;
    }

    String getWords(int number) {
        switch (number) {
            case 1: return "one";
            case 2: return "a couple";
            case 3: return "a few";
            default: return "lots";
        }
    }
}
"#,
    );
    let primes = named(&fs, "sumOfPrimes");
    assert_eq!(primes.cognitive, 7);
    assert_eq!(primes.cyclomatic, 4);
    assert_eq!(primes.max_nesting, 3);
    assert_eq!(primes.qualified_name, "Primes.sumOfPrimes");
    let words = named(&fs, "getWords");
    assert_eq!(words.cognitive, 1);
    assert_eq!(words.cyclomatic, 4);
}

/// Boolean operator sequences, else-if chains, else, nesting and recursion, in every language.
#[test]
fn cognitive_counts_sequences_chains_and_recursion_in_each_language() {
    // if (+1), && || sequence (+2), else if (+1), else (+1), nested if (+2), recursion (+1) = 8
    let cases = [
        (
            Language::Python,
            "def f(a, b, c):\n    if a and b or c:\n        return 1\n    elif b:\n        return 2\n    else:\n        if c:\n            return f(a, b, c)\n    return 0\n",
        ),
        (
            Language::JavaScript,
            "function f(a, b, c) {\n  if (a && b || c) { return 1; }\n  else if (b) { return 2; }\n  else {\n    if (c) { return f(a, b, c); }\n  }\n  return 0;\n}\n",
        ),
        (
            Language::Java,
            "class A {\n  int f(int a, int b, int c) {\n    if (a > 0 && b > 0 || c > 0) { return 1; }\n    else if (b > 0) { return 2; }\n    else {\n      if (c > 0) { return f(a, b, c); }\n    }\n    return 0;\n  }\n}\n",
        ),
        (
            Language::CSharp,
            "class A {\n  int f(int a, int b, int c) {\n    if (a > 0 && b > 0 || c > 0) { return 1; }\n    else if (b > 0) { return 2; }\n    else {\n      if (c > 0) { return f(a, b, c); }\n    }\n    return 0;\n  }\n}\n",
        ),
        (
            Language::Go,
            "package a\nfunc f(a, b, c int) int {\n\tif a > 0 && b > 0 || c > 0 {\n\t\treturn 1\n\t} else if b > 0 {\n\t\treturn 2\n\t} else {\n\t\tif c > 0 {\n\t\t\treturn f(a, b, c)\n\t\t}\n\t}\n\treturn 0\n}\n",
        ),
    ];
    for (language, src) in cases {
        let fs = functions(language, src);
        let f = named(&fs, "f");
        assert_eq!(f.cognitive, 8, "{language}");
        assert_eq!(f.params, 3, "{language}");
        // if, &&, ||, else-if: 1 + 4 decisions + nested if
        assert_eq!(f.cyclomatic, 6, "{language}");
        assert_eq!(f.max_nesting, 2, "{language}");
    }
}

/// Loops, catch and ternaries get nesting increments; lambdas nest without an increment.
#[test]
fn cognitive_nesting_increments() {
    let fs = functions(
        Language::JavaScript,
        "function g(items) {\n  for (const x of items) {            // +1\n    try {\n      while (x.next()) {                // +2\n        x.v = x.ok ? 1 : 2;             // +3\n      }\n    } catch (e) {                       // +2\n      return e ? null : undefined;      // +3\n    }\n  }\n}\n",
    );
    assert_eq!(named(&fs, "g").cognitive, 11);
    assert_eq!(named(&fs, "g").max_nesting, 3);

    let fs = functions(
        Language::Python,
        "def h(xs):\n    return sorted(xs, key=lambda x: 1 if x else 0)  # lambda nests: +2\n",
    );
    assert_eq!(named(&fs, "h").cognitive, 2);
}

#[test]
fn sizes_count_code_comment_and_blank_lines() {
    let src = "# header comment\n\ndef f(x):\n    \"\"\"Doc\n    string.\"\"\"\n    # inside\n    y = x  # trailing\n\n    return y\n";
    let engine = Engine::builder().threads(1).build().unwrap();
    let file = engine.analyze_source(Language::Python, src);
    let m = &file.metrics;
    assert_eq!(m.loc, 9);
    assert_eq!(m.blank_lines, 2);
    assert_eq!(m.comment_lines, 3, "header, inside, trailing");
    assert_eq!(m.sloc, 5, "def, two docstring lines, assignment, return");
    let f = &m.functions[0];
    assert_eq!((f.start_line, f.end_line, f.loc, f.sloc), (3, 9, 7, 5));
}

#[test]
fn parameters_are_counted_per_language() {
    let cases = [
        (
            Language::Python,
            "def f(self, a, b=1, *args, c, **kw):\n    pass\n",
            6,
        ),
        (Language::Python, "def f(a, /, b, *, c):\n    pass\n", 3),
        (
            Language::JavaScript,
            "function f(a, {b, c}, [d], ...rest) {}\n",
            4,
        ),
        (Language::JavaScript, "const f = x => x;\n", 1),
        (
            Language::Java,
            "class A { void f(int a, String... b) {} }\n",
            2,
        ),
        (
            Language::CSharp,
            "class A { void F(int a, ref int b, params int[] c) {} }\n",
            3,
        ),
        (
            Language::Go,
            "package a\nfunc f(a, b int, c string, d ...int) {}\n",
            4,
        ),
        (Language::Go, "package a\nfunc f(int, string) {}\n", 2),
    ];
    for (language, src, expected) in cases {
        let fs = functions(language, src);
        assert_eq!(fs[0].params, expected, "{language}: {src}");
    }
}

#[test]
fn classes_collect_their_methods() {
    let engine = Engine::builder().threads(1).build().unwrap();
    let file = engine.analyze_source(
        Language::CSharp,
        "class Outer {\n  void A(bool x) { if (x) {} }\n  class Inner {\n    void B() {}\n  }\n}\n",
    );
    let classes = &file.metrics.classes;
    let outer = classes.iter().find(|c| c.name == "Outer").unwrap();
    let inner = classes.iter().find(|c| c.name == "Inner").unwrap();
    assert_eq!((outer.methods, outer.cyclomatic), (1, 2));
    assert_eq!(inner.qualified_name, "Outer.Inner");
    assert_eq!(inner.methods, 1);
    let b = file
        .metrics
        .functions
        .iter()
        .find(|f| f.name == "B")
        .unwrap();
    assert_eq!(b.qualified_name, "Outer.Inner.B");
}

#[test]
fn metric_findings_carry_effort_and_stable_fingerprints() {
    let engine = Engine::builder().threads(1).build().unwrap();
    let body: String = (0..16)
        .map(|i| format!("    if x == {i}:\n        return {i}\n"))
        .collect();
    let src = format!("def busy(x):\n{body}    return -1\n");
    let file = engine.analyze_source(Language::Python, &src);
    let ccn = file
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == "CX001")
        .expect("CX001");
    assert_eq!(ccn.symbol.as_deref(), Some("busy"));
    assert_eq!(ccn.effort.minutes(), 10 + (17 - 15));
    assert_eq!((ccn.span.start.line, ccn.span.start.column), (1, 5));

    // Lines added above move the finding but keep its fingerprint.
    let moved = engine.analyze_source(Language::Python, &format!("import os\nimport sys\n\n{src}"));
    let moved_ccn = moved
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == "CX001")
        .unwrap();
    assert_eq!(moved_ccn.span.start.line, 4);
    assert_eq!(moved_ccn.fingerprint, ccn.fingerprint);
}
