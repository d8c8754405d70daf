//! R019: private methods that nothing in their file calls (Java, C#).

use std::collections::HashMap;

use tree_sitter::Node;

use super::{CodeContext, CodeRule, meta, walk};
use crate::vocab::{Category, Confidence, Finding, Language, RuleMeta, Severity};

/// Private methods the Java runtime calls by reflection (serialization).
const JAVA_REFLECTIVE: &[&str] = &[
    "readObject",
    "writeObject",
    "readObjectNoData",
    "readResolve",
    "writeReplace",
];

#[derive(Debug)]
pub(super) struct UnusedPrivate {
    meta: RuleMeta,
}

impl UnusedPrivate {
    pub(super) fn new() -> Self {
        let mut meta = meta(
            "R019",
            "unused-private-function",
            Category::Refactoring,
            Severity::Low,
            "A private method is never referred to in its file.",
            "Reports Java and C# methods declared `private` whose name no other identifier or string in the file mentions. Annotated ones (frameworks find them by reflection), methods of C# `partial` classes (the other part is another file) and Java's serialization hooks are left alone; reflection by name can still reach a method, hence medium confidence.",
            "Private code that nothing calls is dead: it is read, compiled, maintained and tested for nothing, and it suggests behaviour the program does not have.",
            "class Parser {\n    String[] parse(String t) { return t.split(\" \"); }\n    private String[] legacyParse(String t) { return null; }  // never called\n}",
            "No automatic fix: the function may be called through reflection or by code outside the analysed files.",
            &["https://rules.sonarsource.com/java/RSPEC-1144/"],
        );
        meta.confidence = Confidence::Medium;
        Self { meta }
    }
}

impl CodeRule for UnusedPrivate {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn languages(&self) -> &'static [Language] {
        // Python is left out: its leading underscore is a convention and packages import
        // "private" functions across modules (Django does), which one file cannot see.
        &[Language::Java, Language::CSharp]
    }

    fn check(&self, cx: &CodeContext<'_>, out: &mut Vec<Finding>) {
        let source = cx.text.as_bytes();
        let text = |n: Node<'_>| n.utf8_text(source).unwrap_or_default();
        let mut private: Vec<Node<'_>> = Vec::new();
        let mut mentions: HashMap<&str, usize> = HashMap::new();
        walk(cx.tree.root_node(), |node| match node.kind() {
            "identifier" => *mentions.entry(text(node)).or_default() += 1,
            "string_content" | "string_fragment" | "string_literal_content" => {
                for word in text(node).split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                    *mentions.entry(word).or_default() += 1;
                }
            }
            "method_declaration"
                if cx.language == Language::Java || cx.language == Language::CSharp =>
            {
                if let Some(name) = node.child_by_field_name("name")
                    && is_private_method(node, cx.language, &text)
                    && !JAVA_REFLECTIVE.contains(&text(name))
                {
                    private.push(name);
                }
            }
            _ => {}
        });
        // Each declaration mentions its own name once; overloads share a name.
        let mut declared: HashMap<&str, usize> = HashMap::new();
        for name in &private {
            *declared.entry(text(*name)).or_default() += 1;
        }
        for name in private {
            let n = text(name);
            if mentions.get(n).copied().unwrap_or(0) > declared[n] {
                continue;
            }
            let message = format!("`{n}` is private and never used in this file");
            out.push(cx.finding(&self.meta, name, message, None, 5));
        }
    }
}

/// Declared `private`, with no annotation or attribute (frameworks find those by reflection).
fn is_private_method<'t>(
    node: Node<'t>,
    language: Language,
    text: &impl Fn(Node<'t>) -> &'t str,
) -> bool {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
    match language {
        Language::Java => children
            .iter()
            .filter(|c| c.kind() == "modifiers")
            .any(|m| {
                let mut c = m.walk();
                let kids: Vec<Node<'t>> = m.children(&mut c).collect();
                kids.iter().any(|k| text(*k) == "private")
                    && !kids
                        .iter()
                        .any(|k| matches!(k.kind(), "annotation" | "marker_annotation"))
            }),
        _ => {
            let partial_class = node
                .parent()
                .and_then(|body| body.parent())
                .is_some_and(|class| {
                    let mut c = class.walk();
                    class
                        .children(&mut c)
                        .any(|k| k.kind() == "modifier" && text(k) == "partial")
                });
            children
                .iter()
                .any(|c| c.kind() == "modifier" && text(*c) == "private")
                && !children.iter().any(|c| c.kind() == "attribute_list")
                && !partial_class
        }
    }
}
