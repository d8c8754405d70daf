//! R017: Python imports whose name is never used in the module.

use std::collections::HashSet;

use tree_sitter::Node;

use super::{CodeContext, CodeRule, meta, walk};
use crate::vocab::{Applicability, Category, Edit, Finding, Fix, Language, RuleMeta, Severity};

#[derive(Debug)]
pub(super) struct UnusedImport {
    meta: RuleMeta,
}

impl UnusedImport {
    pub(super) fn new() -> Self {
        Self {
            meta: meta(
                "R017",
                "unused-import",
                Category::Refactoring,
                Severity::Low,
                "A Python module imports a name it never uses.",
                "Reports each name bound by `import` or `from … import` that no other identifier, attribute chain, string (string annotations, `__all__`) or decorator in the module refers to. Package `__init__.py` files (which import to re-export), `from __future__` imports, `*` imports, imports marked `# noqa` and imports of a name that is imported again later (fallback imports) are left alone.",
                "Unused imports slow start-up, can create import cycles and hide which dependencies a module really has; linters and readers both have to skip them.",
                "import os\nimport sys  # never used\n\nprint(os.getcwd())",
                "Unsafe: when every name of a statement is unused the fix deletes the statement, but an import can have side effects (registering plugins, patching) that the module relies on.",
                &[
                    "https://docs.astral.sh/ruff/rules/unused-import/",
                    "https://pylint.readthedocs.io/en/stable/user_guide/messages/warning/unused-import.html",
                ],
            ),
        }
    }
}

/// One name an import statement binds.
struct Bound<'t> {
    name: String,
    node: Node<'t>,
    statement: Node<'t>,
}

impl CodeRule for UnusedImport {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn languages(&self) -> &'static [Language] {
        &[Language::Python]
    }

    fn has_fix(&self) -> bool {
        true
    }

    fn check(&self, cx: &CodeContext<'_>, out: &mut Vec<Finding>) {
        if cx.path.ends_with("__init__.py") {
            return;
        }
        let source = cx.text.as_bytes();
        let text = |n: Node<'_>| n.utf8_text(source).unwrap_or_default();
        let mut bound: Vec<Bound<'_>> = Vec::new();
        let mut identifiers: Vec<Node<'_>> = Vec::new();
        let mut import_ranges: Vec<std::ops::Range<usize>> = Vec::new();
        let mut used: HashSet<&str> = HashSet::new();
        walk(cx.tree.root_node(), |node| match node.kind() {
            "import_statement" => {
                import_ranges.push(node.byte_range());
                let mut c = node.walk();
                for name in node.children_by_field_name("name", &mut c) {
                    bound.extend(binding(name, node, &text, true));
                }
            }
            "import_from_statement" => {
                import_ranges.push(node.byte_range());
                let module = node
                    .child_by_field_name("module_name")
                    .map(text)
                    .unwrap_or_default();
                if module == "__future__" {
                    return;
                }
                let mut c = node.walk();
                for name in node.children_by_field_name("name", &mut c) {
                    bound.extend(binding(name, node, &text, false));
                }
            }
            "identifier" => identifiers.push(node),
            "string_content" => {
                // String annotations ("Foo", "np.ndarray") and `__all__` entries.
                for word in text(node).split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                    used.insert(word);
                }
            }
            _ => {}
        });
        if bound.is_empty() {
            return;
        }
        // Identifiers outside import statements are uses. Both lists are in document order, so
        // one pass decides (no parent lookups, which cost the node's depth each).
        let mut ranges = import_ranges.iter().peekable();
        for id in identifiers {
            let at = id.start_byte();
            while ranges.peek().is_some_and(|r| r.end <= at) {
                ranges.next();
            }
            if !ranges.peek().is_some_and(|r| r.contains(&at)) {
                used.insert(text(id));
            }
        }
        // A name imported again later (a `try: … except ImportError:` fallback) is judged by its
        // last import; `# noqa` on an import marks a deliberate re-export, as for flake8 and ruff.
        let unused: Vec<&Bound<'_>> = bound
            .iter()
            .enumerate()
            .filter(|(i, b)| !bound[i + 1..].iter().any(|later| later.name == b.name))
            .map(|(_, b)| b)
            .filter(|b| !used.contains(b.name.as_str()) && !has_noqa(cx.text, b.statement))
            .collect();
        for b in &unused {
            // Whole statement unused: offer to delete it (with its line).
            let all_unused = bound
                .iter()
                .filter(|o| o.statement.id() == b.statement.id())
                .all(|o| unused.iter().any(|u| u.node.id() == o.node.id()));
            let fix = all_unused
                .then(|| delete_statement(cx, b.statement))
                .flatten();
            let message = format!("`{}` is imported but never used", b.name);
            out.push(cx.finding(&self.meta, b.node, message, fix, 1));
        }
    }
}

/// The name `import a.b` (binds `a`), `import a.b as c` / `from m import x as c` (binds `c`),
/// or `from m import x` (binds `x`) introduces.
fn binding<'t>(
    name: Node<'t>,
    statement: Node<'t>,
    text: &impl Fn(Node<'t>) -> &'t str,
    plain: bool,
) -> Option<Bound<'t>> {
    let (bound_name, node) = match name.kind() {
        "aliased_import" => {
            let alias = name.child_by_field_name("alias")?;
            (text(alias).to_owned(), alias)
        }
        "dotted_name" => {
            let full = text(name);
            // `import a.b.c` binds `a`; `from m import x` binds `x`.
            let first = if plain {
                full.split('.').next().unwrap_or(full)
            } else {
                full
            };
            (first.to_owned(), name)
        }
        _ => return None,
    };
    Some(Bound {
        name: bound_name,
        node,
        statement,
    })
}

/// Whether a `# noqa` comment (any codes) sits on one of the statement's lines.
fn has_noqa(text: &str, statement: Node<'_>) -> bool {
    let start = text[..statement.start_byte()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[statement.end_byte()..]
        .find('\n')
        .map_or(text.len(), |i| statement.end_byte() + i);
    text[start..end].lines().any(|line| {
        line.split_once('#')
            .is_some_and(|(_, c)| c.trim_start().to_ascii_lowercase().starts_with("noqa"))
    })
}

/// Deletes a statement that sits alone on its lines (otherwise offers nothing).
fn delete_statement(cx: &CodeContext<'_>, statement: Node<'_>) -> Option<Fix> {
    let text = cx.text;
    let start = text[..statement.start_byte()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = &text[start..statement.start_byte()];
    let line_end = text[statement.end_byte()..]
        .find('\n')
        .map_or(text.len(), |i| statement.end_byte() + i + 1);
    let after = &text[statement.end_byte()..line_end];
    if !before.trim().is_empty() || !after.trim().is_empty() {
        return None;
    }
    // An import that is a block's only statement must leave something behind.
    let parent_block = statement.parent().filter(|p| p.kind() == "block");
    if parent_block.is_some_and(|b| b.named_child_count() == 1) {
        return None;
    }
    let edit = Edit {
        span: cx.index.span(text, start, line_end),
        replacement: String::new(),
    };
    Fix::new(
        "remove the unused import",
        Applicability::Unsafe,
        vec![edit],
    )
}
