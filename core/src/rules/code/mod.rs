//! Rules written in Rust, for logic no pattern can express (counting, name resolution). They
//! report through the same [`Finding`] type, are listed, documented, configured, suppressed and
//! cached like the YAML rules.

mod large_class;
mod too_many_returns;
mod unused_import;
mod unused_private;
mod unused_variable;

use tree_sitter::{Node, Tree};

use crate::metrics::{ClassMetrics, FunctionMetrics};
use crate::vocab::{
    Category, Confidence, Effort, Finding, Fingerprint, Fix, Language, LineIndex, RuleId, RuleMeta,
    Severity,
};

/// What a code rule sees of one file.
#[derive(Debug)]
pub struct CodeContext<'a> {
    /// The file's language.
    pub language: Language,
    /// Its syntax tree.
    pub tree: &'a Tree,
    /// Its text.
    pub text: &'a str,
    /// Line starts, for spans.
    pub index: &'a LineIndex,
    /// The path findings are reported under.
    pub path: &'a str,
    /// Functions the metrics walk found (with their byte ranges).
    pub functions: &'a [FunctionMetrics],
    /// Classes the metrics walk found.
    pub classes: &'a [ClassMetrics],
}

impl CodeContext<'_> {
    /// A finding of `rule` over `node`.
    pub fn finding(
        &self,
        rule: &RuleMeta,
        node: Node<'_>,
        message: String,
        fix: Option<Fix>,
        effort: u32,
    ) -> Finding {
        Finding {
            rule_id: rule.id.clone(),
            category: rule.category,
            severity: rule.severity,
            confidence: rule.confidence,
            path: self.path.to_owned(),
            span: self
                .index
                .span(self.text, node.start_byte(), node.end_byte()),
            message,
            cwe: rule.cwe.clone(),
            symbol: None,
            fix,
            effort: Effort(effort),
            fingerprint: Fingerprint(String::new()),
            flow: Vec::new(),
            suppressed: None,
            provenance: None,
            explanation: None,
        }
    }
}

/// A rule implemented in Rust.
pub trait CodeRule: Send + Sync + std::fmt::Debug {
    /// Id, name, severity and documentation.
    fn meta(&self) -> &RuleMeta;
    /// Languages it checks.
    fn languages(&self) -> &'static [Language];
    /// Appends its findings in one file to `out`.
    fn check(&self, cx: &CodeContext<'_>, out: &mut Vec<Finding>);
    /// Whether some of its findings carry fixes.
    fn has_fix(&self) -> bool {
        false
    }
}

/// The built-in code rules.
pub fn builtin() -> Vec<Box<dyn CodeRule>> {
    vec![
        Box::new(too_many_returns::TooManyReturns::new()),
        Box::new(unused_import::UnusedImport::new()),
        Box::new(large_class::LargeClass::new()),
        Box::new(unused_private::UnusedPrivate::new()),
        Box::new(unused_variable::UnusedVariable::new()),
    ]
}

/// Metadata shorthand for the built-in rules.
#[allow(clippy::too_many_arguments)]
pub(crate) fn meta(
    id: &'static str,
    name: &'static str,
    category: Category,
    severity: Severity,
    summary: &str,
    what: &str,
    why: &str,
    example: &str,
    fix_safety: &str,
    references: &[&str],
) -> RuleMeta {
    RuleMeta {
        id: RuleId::new_static(id),
        name: name.to_owned(),
        category,
        severity,
        confidence: Confidence::High,
        cwe: Vec::new(),
        summary: summary.to_owned(),
        docs: crate::vocab::RuleDocs {
            what_it_does: what.to_owned(),
            why_bad: why.to_owned(),
            example: example.to_owned(),
            fix_safety: fix_safety.to_owned(),
            references: references.iter().map(|r| (*r).to_owned()).collect(),
        },
    }
}

/// Visits every node of `root` (iteratively: trees can be very deep).
pub(crate) fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}
