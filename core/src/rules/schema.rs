//! The YAML rule format, as read from `agents/rules/**.yml` and user directories.
//!
//! A file holds one rule: identity and documentation once, then a pattern per language.
//! `schemars` derives `agents/rules/rule.schema.json` from these types so editors validate
//! rule files as they are written.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vocab::{Applicability, Category, Confidence, Language, Severity};

/// One rule file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Stable id such as `B001`; never reused once published.
    pub id: String,
    /// Kebab-case name, e.g. `swallowed-exception`.
    pub name: String,
    pub category: Category,
    /// For bugs: the bug-pattern family (`null-dereference`, `resource-leak`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bug_category: Option<String>,
    pub severity: Severity,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cwe: Vec<u32>,
    /// One sentence: what the rule reports.
    pub summary: String,
    /// Message of each finding; `$name` is replaced by the text of capture `@name`.
    pub message: String,
    /// The pattern per language.
    pub languages: BTreeMap<Language, LanguagePattern>,
    pub docs: RuleFileDocs,
}

/// How the rule matches in one language.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguagePattern {
    /// A tree-sitter query. The capture `@finding` marks what is reported (else the whole
    /// match); `#eq?`, `#not-eq?`, `#match?` and `#not-match?` predicates are honoured.
    /// Give either `query` or `pattern`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub query: String,
    /// Code with metavariables, as ast-grep writes it (`$A == $A`, `open($PATH)`,
    /// `foo($$$ARGS)`), or a list of such patterns; compiled into a query whose captures are
    /// the metavariables' names. Give either `query` or `pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Patterns>,
    /// Further conditions on the match.
    #[serde(default, skip_serializing_if = "Vec::is_empty", rename = "where")]
    pub conditions: Vec<Condition>,
    /// Overrides the rule's message for this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixTemplate>,
}

/// One code pattern or several (any of them matches).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Patterns {
    /// One pattern.
    One(String),
    /// Alternatives.
    Many(Vec<String>),
}

impl Patterns {
    /// The patterns as a list.
    pub fn as_slice(&self) -> &[String] {
        match self {
            Self::One(p) => std::slice::from_ref(p),
            Self::Many(ps) => ps,
        }
    }
}

/// A condition a match must meet: one of `matches`, `not_matches` (with `capture`), `inside`,
/// `not_inside`, `has`, `not_has`. Node kinds are tree-sitter kinds of the language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The capture that `matches` / `not_matches` test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<String>,
    /// The capture's text matches this regex (linear-time engine: no catastrophic backtracking).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<String>,
    /// The capture's text does not match this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_matches: Option<String>,
    /// The parent of the reported node matches this regex (its whole text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_matches: Option<String>,
    /// The parent of the reported node does not match this regex. Cheaper than rooting a
    /// query at a wildcard parent: `(_ (call) @finding) @parent` starts a match at every node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_not_matches: Option<String>,
    /// The reported node has an ancestor of one of these kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inside: Option<Vec<String>>,
    /// The reported node has no ancestor of these kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_inside: Option<Vec<String>>,
    /// With `inside` / `not_inside`: only the *nearest* ancestor of those kinds counts, and only
    /// if its head (its text before its `body`: modifiers, name, parameters) matches this
    /// regex. `{inside: [method_declaration], head_matches: "\\basync\\b"}` = directly in an
    /// async method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_matches: Option<String>,
    /// The reported node has a descendant of one of these kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has: Option<Vec<String>>,
    /// The reported node has no descendant of these kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_has: Option<Vec<String>>,
}

/// A fix: the `@finding` node (or `target`) is replaced by `template` with captures filled in.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixTemplate {
    pub template: String,
    pub applicability: Applicability,
    /// The capture to replace; default `finding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// What the fix does, shown to people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The rule's documentation, in fixed sections.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFileDocs {
    pub what: String,
    pub why: String,
    /// Code that triggers the rule.
    pub bad: String,
    /// The same code written well.
    pub good: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_safety: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
}

/// The JSON Schema of rule files, pretty-printed.
pub fn rule_file_json_schema() -> String {
    let schema = schemars::schema_for!(RuleFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
