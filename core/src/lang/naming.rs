//! Names and parameter counts of functions and classes, read off the syntax tree.

use tree_sitter::Node;

use super::{Ancestors, Grammar, StartLine};

const ANONYMOUS: &str = "(anonymous)";
/// Fields of an enclosing node that name what is assigned to it (`x = function…`, `{x: () => …}`).
const BINDING_FIELDS: [&str; 4] = ["name", "left", "key", "property"];

/// The name a person would use for a function: its own name, or the variable, property or key
/// it is bound to, or `(anonymous)`. C# accessors are named after their property (`Name.get`).
pub fn function_name(
    grammar: &Grammar,
    node: Node<'_>,
    up: Ancestors<'_, '_>,
    src: &str,
) -> String {
    if let Some(name) = grammar
        .name_field
        .and_then(|f| node.child_by_field_id(f))
        .map(|n| text(n, src))
    {
        if node.kind() == "accessor_declaration" {
            let property = up
                .nth(1)
                .and_then(|p| p.child_by_field_name("name"))
                .map(|n| text(n, src));
            if let Some(property) = property {
                return format!("{property}.{name}");
            }
        }
        return name;
    }
    // Anonymous: look for what it is bound to, up to two levels above (past an expression list).
    let mut child = node;
    for level in 0..2 {
        let Some(parent) = up.nth(level) else { break };
        for field in BINDING_FIELDS {
            if let Some(bound) = parent.child_by_field_name(field)
                && bound.id() != child.id()
            {
                // A quoted key (`"a/b": () => …`) is data, not a name (lizard agrees).
                if bound.kind() == "string" {
                    return ANONYMOUS.to_owned();
                }
                return text(bound, src);
            }
        }
        child = parent;
    }
    ANONYMOUS.to_owned()
}

/// The name of a class-like node, or `(anonymous)` for class expressions.
pub fn class_name(grammar: &Grammar, node: Node<'_>, src: &str) -> String {
    grammar
        .name_field
        .and_then(|f| node.child_by_field_id(f))
        .map_or_else(|| ANONYMOUS.to_owned(), |n| text(n, src))
}

/// Number of declared parameters. Go's `a, b int` declares two.
pub fn parameter_count(grammar: &Grammar, node: Node<'_>) -> u32 {
    if let Some(single) = node.child_by_field_name("parameter") {
        // An arrow function with one bare parameter: `x => x + 1`.
        return u32::from(single.is_named());
    }
    let Some(list) = node.child_by_field_name("parameters") else {
        return 0;
    };
    let mut cursor = list.walk();
    let mut count = 0;
    if !cursor.goto_first_child() {
        return 0;
    }
    loop {
        let param = cursor.node();
        // C#'s `params int[] xs` puts its type and name straight into the list: the name counts.
        let is_type = cursor.field_name() == Some("type");
        if param.is_named() && !is_type && !grammar.kinds.is_non_parameter(param.kind_id()) {
            count += match param.kind() {
                "parameter_declaration" | "variadic_parameter_declaration" => {
                    let mut names = param.walk();
                    param
                        .children_by_field_name("name", &mut names)
                        .count()
                        .max(1) as u32
                }
                _ => 1,
            };
        }
        if !cursor.goto_next_sibling() {
            break;
        }
    }
    count
}

/// A node's text on one line, shortened to a readable length.
fn text(node: Node<'_>, src: &str) -> String {
    const MAX: usize = 120;
    let raw = src.get(node.byte_range()).unwrap_or_default();
    let mut out: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.len() > MAX {
        let mut cut = MAX;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

/// The 0-based row a function is reported at, following lizard's conventions per language.
pub fn reported_start_row(grammar: &Grammar, node: Node<'_>, anonymous: bool) -> usize {
    let row = |n: Node<'_>| n.start_position().row;
    match grammar.spec.start_line {
        StartLine::Node => row(node),
        StartLine::Name => {
            if let Some(row) = swallowed_annotation_row(node) {
                return row;
            }
            grammar
                .name_field
                .and_then(|f| node.child_by_field_id(f))
                .map_or_else(|| row(node), row)
        }
        StartLine::Parameters => {
            let parenthesised = node.child_by_field_name("parameters");
            if node.kind() == "arrow_function" && (anonymous || parenthesised.is_none()) {
                // lizard starts anonymous and paren-less arrows at the token after `=>`.
                if let Some(body) = node.child_by_field_name("body") {
                    return row(body);
                }
            }
            parenthesised.map_or_else(|| row(node), row)
        }
    }
}

/// Java: in `@Override @SuppressWarnings("x") void m()`, lizard swallows the second `@` and
/// reports the method at that annotation's line.
fn swallowed_annotation_row(node: Node<'_>) -> Option<usize> {
    let modifiers = node.named_child(0).filter(|m| m.kind() == "modifiers")?;
    let mut cursor = modifiers.walk();
    let annotations: Vec<Node<'_>> = modifiers
        .named_children(&mut cursor)
        .filter(|c| c.kind().ends_with("annotation"))
        .collect();
    annotations
        .windows(2)
        .find(|w| w[0].kind() == "marker_annotation" && w[1].kind() == "annotation")
        .map(|w| w[1].start_position().row)
}
