//! The rule engine: built-in rules pass their annotated fixtures, rule files are validated with
//! errors that point at the problem, and user rules extend or replace built-in ones.

use std::path::Path;

use conclave::rules::{RuleError, RuleSet, RuleSource, check_fixtures, rule_file_json_schema};
use conclave::{Config, Engine, Language};

fn rules_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../agents/rules"))
}

#[test]
fn builtin_rules_pass_their_fixtures_in_every_language() {
    let engine = Engine::builder().threads(1).build().unwrap();
    let report = check_fixtures(&engine, rules_dir()).unwrap();
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );

    // Every rule has a positive fixture in every language it declares.
    let mut covered = std::collections::BTreeSet::new();
    collect_positive(rules_dir(), &mut covered);
    for file in engine.rule_set().files() {
        for language in file.languages.keys() {
            assert!(
                covered.contains(&(file.id.clone(), *language)),
                "{} has no `ruleid:` fixture for {language}",
                file.id
            );
        }
    }
}

fn collect_positive(dir: &Path, out: &mut std::collections::BTreeSet<(String, Language)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_positive(&path, out);
        } else if let Some(language) = Language::from_path(&path) {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some((_, ids)) = line.split_once("ruleid:") {
                    for id in ids.split([',', ' ']).filter(|s| !s.is_empty()) {
                        out.insert((id.trim().to_owned(), language));
                    }
                }
            }
        }
    }
}

#[test]
fn committed_schema_is_current() {
    let committed = std::fs::read_to_string(rules_dir().join("rule.schema.json")).unwrap();
    assert_eq!(
        committed,
        rule_file_json_schema(),
        "agents/rules/rule.schema.json is stale: run `conclave rules schema > agents/rules/rule.schema.json`"
    );
}

const VALID: &str = r#"id: T001
name: test-rule
category: bug
severity: low
confidence: high
summary: A test rule.
message: "found $name"
languages:
  python:
    query: |
      (call function: (identifier) @name) @finding
    where:
      - capture: name
        matches: "^eval$"
docs:
  what: Finds eval.
  why: Because.
  bad: eval(x)
  good: ast.literal_eval(x)
"#;

fn source(text: &str) -> RuleSource {
    RuleSource {
        origin: "user/rule.yml".into(),
        text: text.into(),
    }
}

fn invalid(text: &str) -> (usize, String, String) {
    match RuleSet::from_sources(&[source(text)]) {
        Err(RuleError::Invalid {
            line,
            field,
            message,
            origin,
        }) => {
            assert_eq!(origin, "user/rule.yml");
            (line, field, message)
        }
        other => panic!("expected an invalid-rule error, got {other:?}"),
    }
}

#[test]
fn a_valid_rule_runs_with_its_conditions_and_template() {
    let set = RuleSet::from_sources(&[source(VALID)]).unwrap();
    let engine = Engine::builder().rule_set(set).build().unwrap();
    let file = engine.analyze_source(Language::Python, "def f(x):\n    eval(x)\n    print(x)\n");
    let hits: Vec<_> = file
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == "T001")
        .collect();
    assert_eq!(hits.len(), 1, "{:?}", file.findings);
    assert_eq!(hits[0].message, "found eval");
    assert_eq!(hits[0].span.start.line, 2);
    assert_eq!(hits[0].symbol.as_deref(), Some("f"));
}

#[test]
fn malformed_rules_name_file_line_and_field() {
    let (line, field, message) = invalid(&VALID.replace("    query: |", "    qurey: |"));
    assert_eq!(line, 10, "{field}: {message}");
    assert!(field.contains("languages.python"), "{field}");
    assert!(message.contains("qurey"), "{message}");

    let (_, _, message) = invalid(&VALID.replace("severity: low\n", ""));
    assert!(message.contains("severity"), "{message}");

    let (line, field, message) = invalid(&VALID.replace("(call function:", "(call functoin:"));
    assert_eq!(field, "languages.python.query");
    assert_eq!(line, 11, "the query's own line: {message}");

    let (_, field, message) = invalid(&VALID.replace("capture: name", "capture: nmae"));
    assert!(field.starts_with("languages.python.where"), "{field}");
    assert!(message.contains("@nmae"), "{message}");

    let (_, _, message) = invalid(&VALID.replace("^eval$", "(unclosed"));
    assert!(message.contains("invalid regex"), "{message}");

    let (line, field, _) = invalid(&VALID.replace("id: T001", "id: t-1"));
    assert_eq!((line, field.as_str()), (1, "id"));

    let (_, field, _) = invalid(&VALID.replace("  why: Because.", "  why: \"\""));
    assert_eq!(field, "docs.why");

    assert!(matches!(
        RuleSet::from_sources(&[source(VALID), source(VALID)]),
        Err(RuleError::DuplicateId { .. })
    ));
    let not_yaml = RuleSet::from_sources(&[source("id: [unclosed\n")]).unwrap_err();
    assert!(
        not_yaml.to_string().starts_with("user/rule.yml:"),
        "{not_yaml}"
    );
}

/// Regexes run on a linear-time engine: a classic catastrophic pattern on a long input is fast.
#[test]
fn hostile_regexes_cannot_backtrack_catastrophically() {
    let hostile = VALID.replace("^eval$", "^(a+)+$");
    let set = RuleSet::from_sources(&[source(&hostile)]).unwrap();
    let engine = Engine::builder().rule_set(set).build().unwrap();
    let name = "a".repeat(50_000) + "b";
    let file = engine.analyze_source(Language::Python, &format!("{name}(x)\n"));
    assert!(file.findings.iter().all(|f| f.rule_id.as_str() != "T001"));
}

#[test]
fn user_rules_extend_and_replace_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    // Replaces built-in B001 with a rule that never matches anything real.
    let b001 = VALID
        .replace("id: T001", "id: B001")
        .replace("^eval$", "^never_called$");
    std::fs::write(dir.path().join("b001.yml"), b001).unwrap();
    std::fs::write(dir.path().join("t001.yml"), VALID).unwrap();
    let mut config = Config::default();
    config.rules.directories.push(dir.path().to_owned());
    let engine = Engine::builder().config(config).build().unwrap();
    let file = engine.analyze_source(
        Language::Python,
        "try:\n    eval(x)\nexcept Exception:\n    pass\n",
    );
    let ids: Vec<&str> = file.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert!(ids.contains(&"T001"), "{ids:?}");
    assert!(!ids.contains(&"B001"), "built-in B001 replaced: {ids:?}");
}

#[test]
fn config_disables_rules_and_overrides_severity() {
    let mut config = Config::default();
    config.rules.disable.push("B003".into());
    config
        .rules
        .severity
        .insert("B002".into(), conclave::Severity::High);
    let engine = Engine::builder().config(config).build().unwrap();
    let file = engine.analyze_source(Language::Python, "def f(a, xs=[]):\n    return a == a\n");
    let b002 = file
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == "B002")
        .unwrap();
    assert_eq!(b002.severity, conclave::Severity::High);
    assert!(file.findings.iter().all(|f| f.rule_id.as_str() != "B003"));
}

#[test]
fn inline_suppressions_mark_findings_and_unused_ones_are_reported() {
    let engine = Engine::builder().threads(1).build().unwrap();
    let src = "\
def f(a, b):
    x = a == a  # conclave: ignore[B003]
    # conclave: ignore[B003]
    y = b == b
    z = a == a
    w = 1  # conclave: ignore[B001]
    return x, y, z, w
";
    let file = engine.analyze_source(Language::Python, src);
    let b003: Vec<_> = file
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == "B003")
        .collect();
    assert_eq!(b003.len(), 3);
    let suppressed: Vec<u32> = b003
        .iter()
        .filter(|f| f.suppressed.is_some())
        .map(|f| f.span.start.line)
        .collect();
    assert_eq!(suppressed, [2, 4]);
    let unused: Vec<_> = file
        .findings
        .iter()
        .filter(|f| f.rule_id.as_str() == "SX002")
        .collect();
    assert_eq!(unused.len(), 1, "{:?}", file.findings);
    assert_eq!(unused[0].span.start.line, 6);

    let whole = engine.analyze_source(
        Language::Python,
        &format!("# conclave: ignore-file[B003]\n{src}"),
    );
    assert!(
        whole
            .findings
            .iter()
            .filter(|f| f.rule_id.as_str() == "B003")
            .all(|f| f.suppressed.is_some())
    );
}

#[test]
fn per_path_overrides_apply_only_to_matching_files() {
    let config = Config::from_toml(
        "[[rules.overrides]]\npaths = [\"tests/**\"]\ndisable = [\"B003\"]\n\n[[rules.overrides]]\npaths = [\"*_legacy.py\"]\nseverity = { B003 = \"info\" }\n",
        Path::new("conclave.toml"),
    )
    .unwrap();
    let engine = Engine::builder().config(config).build().unwrap();
    let src = "def f(a):\n    return a == a\n";
    let b003 = |path: &str| {
        engine
            .analyze_named_source(path, Language::Python, src)
            .findings
            .into_iter()
            .find(|f| f.rule_id.as_str() == "B003")
            .map(|f| f.severity)
    };
    assert_eq!(b003("src/app.py"), Some(conclave::Severity::Medium));
    assert_eq!(b003("tests/test_app.py"), None);
    assert_eq!(b003("src/old_legacy.py"), Some(conclave::Severity::Info));
}

const PATTERN_RULE: &str = r#"id: T002
name: equals-on-itself
category: bug
severity: medium
confidence: high
summary: s.
message: "`$S` is compared with itself"
languages:
  java:
    pattern: "$S.equals($S)"
  go:
    pattern:
      - "$A == $A"
      - "reflect.DeepEqual($A, $A)"
docs:
  what: W.
  why: Because.
  bad: b
  good: g
"#;

#[test]
fn code_patterns_with_metavariables_match_like_queries() {
    let set = RuleSet::from_sources(&[source(PATTERN_RULE)]).unwrap();
    let engine = Engine::builder().rule_set(set).build().unwrap();
    let hits = |language, code: &str| -> Vec<String> {
        engine
            .analyze_source(language, code)
            .findings
            .into_iter()
            .filter(|f| f.rule_id.as_str() == "T002")
            .map(|f| f.message)
            .collect()
    };
    let java = "class A { boolean f(String s, String t) { return s.equals(s) || s.equals(t); } }";
    assert_eq!(hits(Language::Java, java), ["`s` is compared with itself"]);
    let go =
        "package p\nfunc f(a, b int) bool { return a == a || a == b || reflect.DeepEqual(b, b) }\n";
    assert_eq!(hits(Language::Go, go).len(), 2);

    let (_, field, message) = invalid(&PATTERN_RULE.replace("$S.equals($S)", "$S.equals(("));
    assert_eq!(field, "languages.java.pattern");
    assert!(message.contains("does not parse"), "{message}");
    let both = PATTERN_RULE.replace(
        "    pattern: \"$S.equals($S)\"",
        "    pattern: \"$S.equals($S)\"\n    query: \"(identifier) @x\"",
    );
    let (_, _, message) = invalid(&both);
    assert!(message.contains("not both"), "{message}");
    let neither = PATTERN_RULE.replace("    pattern: \"$S.equals($S)\"", "    message: x");
    let (_, _, message) = invalid(&neither);
    assert!(message.contains("`query` or a `pattern`"), "{message}");
}
