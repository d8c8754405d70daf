//! R021: local variables that are assigned and never read (Python, JavaScript, Java, C#).

use std::collections::HashMap;

use tree_sitter::Node;

use super::{CodeContext, CodeRule, meta, walk};
use crate::vocab::{Category, Confidence, Finding, Language, RuleMeta, Severity};

const KEYWORDS: &[&str] = &[
    "string", "object", "int", "long", "bool", "char", "byte", "double", "float", "decimal",
    "void", "var", "this", "base", "new", "null", "true", "false",
];

#[derive(Debug)]
pub(super) struct UnusedVariable {
    meta: RuleMeta,
}

impl UnusedVariable {
    pub(super) fn new() -> Self {
        let mut meta = meta(
            "R021",
            "unused-variable",
            Category::Refactoring,
            Severity::Low,
            "A local variable is assigned but never read.",
            "Reports a local variable of a function that no expression of that function (nested \
             functions and lambdas included) ever reads: a Python name bound by a plain \
             assignment, a JavaScript `const`/`let`/`var`, a Java or C# local declaration. Names \
             starting with `_`, Python functions that call `locals()` or declare the name \
             `global`/`nonlocal`, destructuring and tuple unpacking, and C# `using` declarations \
             (disposed at the end of the scope) are left alone. Like pyflakes' F841, a name \
             counts as used when any of its bindings is read.",
            "A value computed and dropped is either dead code (and may hide a costly call) or a \
             bug: the result was meant to be used, returned or checked.",
            "def load(path):\n    data = read(path)\n    result = parse(path)   # `data` was meant here; `result` is never used\n    return data",
            "No automatic fix: removing the assignment would also remove the call's side effects.",
            &[
                "https://docs.astral.sh/ruff/rules/unused-variable/",
                "https://eslint.org/docs/latest/rules/no-unused-vars",
            ],
        );
        meta.confidence = Confidence::Medium;
        Self { meta }
    }
}

impl CodeRule for UnusedVariable {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn languages(&self) -> &'static [Language] {
        // Go is left out: its compiler already rejects unused locals.
        &[
            Language::Python,
            Language::JavaScript,
            Language::Java,
            Language::CSharp,
        ]
    }

    fn check(&self, cx: &CodeContext<'_>, out: &mut Vec<Finding>) {
        if cx.functions.is_empty() {
            return;
        }
        let source = cx.text.as_bytes();
        let text = |n: Node<'_>| n.utf8_text(source).unwrap_or_default();
        // Every mention of every name, in byte order; and the declaring mentions.
        let mut mentions: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut declared: Vec<Node<'_>> = Vec::new();
        // Byte offsets of `locals()` calls and of names declared global/nonlocal (Python).
        let mut opaque: Vec<usize> = Vec::new();
        let mut escaped: Vec<(&str, usize)> = Vec::new();
        walk(cx.tree.root_node(), |node| {
            let kind = node.kind();
            if kind == "identifier" || kind == "shorthand_property_identifier" {
                mentions
                    .entry(text(node))
                    .or_default()
                    .push(node.start_byte());
                return;
            }
            match (cx.language, kind) {
                (Language::Python, "assignment") => {
                    if let Some(left) = node.child_by_field_name("left")
                        && left.kind() == "identifier"
                    {
                        declared.push(left);
                    }
                }
                (Language::Python, "call")
                    if node
                        .child_by_field_name("function")
                        .is_some_and(|f| text(f) == "locals") =>
                {
                    opaque.push(node.start_byte());
                }
                (Language::Python, "global_statement" | "nonlocal_statement") => {
                    let mut c = node.walk();
                    for name in node.named_children(&mut c) {
                        escaped.push((text(name), node.start_byte()));
                    }
                }
                (Language::JavaScript | Language::Java, "variable_declarator") => {
                    if let Some(name) = node.child_by_field_name("name")
                        && name.kind() == "identifier"
                        && node.parent().is_some_and(|p| {
                            matches!(
                                p.kind(),
                                "lexical_declaration"
                                    | "variable_declaration"
                                    | "local_variable_declaration"
                            )
                        })
                    {
                        declared.push(name);
                    }
                }
                (Language::CSharp, "local_declaration_statement") => {
                    let mut c = node.walk();
                    let children: Vec<Node<'_>> = node.children(&mut c).collect();
                    if children.iter().any(|k| text(*k) == "using") {
                        return;
                    }
                    for declaration in children
                        .iter()
                        .filter(|k| k.kind() == "variable_declaration")
                    {
                        let mut c = declaration.walk();
                        for declarator in declaration
                            .named_children(&mut c)
                            .filter(|d| d.kind() == "variable_declarator")
                        {
                            let name = declarator
                                .child_by_field_name("name")
                                .or_else(|| declarator.named_child(0));
                            if let Some(name) = name.filter(|n| n.kind() == "identifier") {
                                declared.push(name);
                            }
                        }
                    }
                }
                _ => {}
            }
        });
        // Declarations per (function, name): only the first is reported.
        let mut seen: HashMap<(usize, &str), ()> = HashMap::new();
        for name_node in declared {
            let name = text(name_node);
            // A keyword is never a variable: tree-sitter-c-sharp reads some `#if` branches as
            // declarations (`string.Empty, …` after a preprocessor line).
            if name.is_empty() || name.starts_with('_') || KEYWORDS.contains(&name) {
                continue;
            }
            let at = name_node.start_byte();
            let Some(function) = cx
                .functions
                .iter()
                .filter(|f| f.bytes.0 <= at && at < f.bytes.1)
                .min_by_key(|f| f.bytes.1 - f.bytes.0)
            else {
                continue; // module, class or global scope
            };
            let (start, end) = function.bytes;
            if !directly_in_function(name_node, start) {
                continue;
            }
            if seen.insert((start, name), ()).is_some() {
                continue;
            }
            let inside = |b: &usize| (start..end).contains(b);
            if opaque.iter().any(inside) || escaped.iter().any(|(n, b)| *n == name && inside(b)) {
                continue;
            }
            let all = mentions.get(name).map_or(0, |v| count_in(v, start, end));
            let declaring = declared_count(cx, name, start, end);
            if all > declaring {
                continue;
            }
            let message = format!("local variable `{name}` is assigned but never used");
            out.push(cx.finding(&self.meta, name_node, message, None, 5));
        }
    }
}

/// Whether no class body (a class nested in the function: its names are attributes) and no
/// unparsed region lies between `node` and the function starting at byte `start`.
fn directly_in_function(node: Node<'_>, start: usize) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.start_byte() <= start {
            return true;
        }
        if n.is_error()
            || matches!(
                n.kind(),
                "class_definition" | "class_body" | "declaration_list"
            )
        {
            return false;
        }
        current = n.parent();
    }
    true
}

/// How many of the sorted `positions` lie in `start..end`.
fn count_in(positions: &[usize], start: usize, end: usize) -> usize {
    positions.partition_point(|&p| p < end) - positions.partition_point(|&p| p < start)
}

/// How many declaring mentions of `name` lie in `start..end` (re-walks only that function,
/// and only for names that look unused, which is rare).
fn declared_count(cx: &CodeContext<'_>, name: &str, start: usize, end: usize) -> usize {
    let source = cx.text.as_bytes();
    let Some(node) = cx
        .tree
        .root_node()
        .descendant_for_byte_range(start, end.saturating_sub(1))
    else {
        return 0;
    };
    let mut count = 0;
    walk(node, |n| {
        let is_name = n.kind() == "identifier" && n.utf8_text(source).ok() == Some(name);
        if !is_name || !(start..end).contains(&n.start_byte()) {
            return;
        }
        let Some(parent) = n.parent() else { return };
        let declaring = match parent.kind() {
            "assignment" => parent.child_by_field_name("left") == Some(n),
            "variable_declarator" => {
                parent.child_by_field_name("name") == Some(n) || parent.named_child(0) == Some(n)
            }
            _ => false,
        };
        count += usize::from(declaring);
    });
    count
}
