//! JavaScript's vocabulary (tree-sitter-javascript 0.25), JSX included.

use super::{Ancestors, LangSpec, StartLine};

pub(super) static SPEC: LangSpec = LangSpec {
    functions: &[
        "function_declaration",
        "function_expression",
        "generator_function_declaration",
        "generator_function",
        "method_definition",
        "arrow_function",
    ],
    lambdas: &[],
    classes: &["class_declaration", "class"],
    ifs: &["if_statement"],
    else_ifs: &[],
    elses: &["else_clause"],
    loops: &[
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
    ],
    switches: &["switch_statement"],
    tries: &["try_statement"],
    catches: &["catch_clause"],
    ternaries: &["ternary_expression"],
    binaries: &["binary_expression"],
    jumps: &["break_statement", "continue_statement"],
    calls: &["call_expression"],
    comments: &["comment", "html_comment"],
    decision_tokens: &[
        "if", "for", "while", "catch", "case", "?", "&&", "||", "??", "&&=", "||=", "??=",
    ],
    logical_operators: &["&&", "||", "??"],
    // As lizard: each default value in a parameter list or destructuring pattern counts.
    // lizard also counts keywords used as property names: `promise.catch(…)`.
    decision_nodes: &[
        "assignment_pattern",
        "object_assignment_pattern",
        "property_identifier",
    ],
    opaque: &["template_substitution"],
    decision_filter: Some(lizard_counts),
    discarded_stretch: Some(optimistic_arrow_parameters),
    inline_function: Some(curried_arrow),
    body_only: false,
    start_line: StartLine::Parameters,
    non_parameters: &["comment"],
};

/// lizard's tokenizer quirks: keywords used as property names (`.catch(`) count, and `x?` is
/// glued into one token (TypeScript's optional names), so a `?` right after a word character
/// does not.
fn lizard_counts(token: tree_sitter::Node<'_>, up: Ancestors<'_, '_>, text: &str) -> bool {
    match token.kind() {
        "property_identifier" => matches!(
            text.get(token.byte_range()),
            Some("if" | "for" | "while" | "catch" | "case")
        ),
        "assignment_pattern" | "object_assignment_pattern" => !default_of_arrow_bound_to_member(up),
        "?" => {
            let before = text
                .as_bytes()
                .get(token.start_byte().wrapping_sub(1))
                .copied();
            !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
        }
        _ => true,
    }
}

/// `obj.f = (a = 1) => …`: lizard does not read the parameters of an arrow bound to a member,
/// so their default values do not count. `up` are the ancestors of the default's pattern.
fn default_of_arrow_bound_to_member(up: Ancestors<'_, '_>) -> bool {
    // Up through destructuring patterns (`({ a = 1 }) => …`) to the parameter list.
    let mut level = 0;
    while up.nth(level).is_some_and(|n| {
        matches!(
            n.kind(),
            "object_pattern" | "array_pattern" | "pair_pattern"
        )
    }) {
        level += 1;
    }
    let kind_is = |k: usize, kind: &str| up.nth(k).is_some_and(|n| n.kind() == kind);
    kind_is(level, "formal_parameters")
        && kind_is(level + 1, "arrow_function")
        && up
            .nth(level + 2)
            .filter(|a| a.kind() == "assignment_expression")
            .and_then(|a| a.child_by_field_name("left"))
            .is_some_and(|l| l.kind() == "member_expression")
}

/// lizard reads `x = (…)` and `key: (…)` as the start of an arrow function `(params) => …`;
/// when no `=>` follows it discards the parenthesised tokens and the token after them, with
/// any conditions among them. Called on the node holding the value; returns the stretch.
fn optimistic_arrow_parameters(holder: tree_sitter::Node<'_>) -> Option<(usize, usize)> {
    let value = match holder.kind() {
        "variable_declarator" => holder
            .child_by_field_name("name")
            .filter(|n| n.kind() == "identifier")
            .and_then(|_| holder.child_by_field_name("value")),
        "assignment_expression" => holder
            .child_by_field_name("left")
            .filter(|n| matches!(n.kind(), "identifier" | "member_expression"))
            .and_then(|_| holder.child_by_field_name("right")),
        "pair" => holder.child_by_field_name("value"),
        // `{...(cond ? a : b)}`: lizard's object reader skips a spread group the same way.
        "spread_element" => holder
            .named_child(0)
            .filter(|c| c.kind() == "parenthesized_expression"),
        _ => None,
    }?;
    // The `(` must be the value's first token: descend along first children.
    let mut node = value;
    for _ in 0..32 {
        if node.kind() == "parenthesized_expression" {
            break;
        }
        node = node
            .child(0)
            .filter(|c| c.start_byte() == value.start_byte())?;
    }
    if node.kind() != "parenthesized_expression" {
        return None;
    }
    // `((a && b))` is a grouped expression to lizard, not parameters; `(function …` an IIFE.
    let first = node.named_child(0);
    let leads_with = |kind: &str| {
        first.is_some_and(|c| c.kind() == kind || c.child(0).is_some_and(|g| g.kind() == kind))
    };
    if leads_with("parenthesized_expression") || leads_with("function_expression") {
        return None;
    }
    Some((node.start_byte(), node.end_byte()))
}

/// lizard reads a curried arrow (`a => b => {…}`) as one function.
fn curried_arrow(node: tree_sitter::Node<'_>, up: Ancestors<'_, '_>) -> bool {
    node.kind() == "arrow_function" && up.nth(0).is_some_and(|p| p.kind() == "arrow_function")
}
