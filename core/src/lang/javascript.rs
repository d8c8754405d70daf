//! JavaScript's vocabulary (tree-sitter-javascript 0.25), JSX included.

use super::{LangSpec, StartLine};

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
    body_only: false,
    start_line: StartLine::Parameters,
    non_parameters: &["comment"],
};

/// lizard's tokenizer quirks: keywords used as property names (`.catch(`) count, and `x?` is
/// glued into one token (TypeScript's optional names), so a `?` right after a word character
/// does not.
fn lizard_counts(token: tree_sitter::Node<'_>, text: &str) -> bool {
    if token.kind() == "property_identifier" {
        return matches!(
            text.get(token.byte_range()),
            Some("if" | "for" | "while" | "catch" | "case")
        );
    }
    if token.kind() == "assignment_pattern" {
        return !default_of_arrow_bound_to_member(token);
    }
    if token.kind() != "?" {
        return true;
    }
    let before = text
        .as_bytes()
        .get(token.start_byte().wrapping_sub(1))
        .copied();
    !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

/// lizard reads `x = (…)` and `key: (…)` as the start of an arrow function `(params) => …`;
/// when no `=>` follows it discards the parenthesised tokens and the token after them, with
/// any conditions among them.
fn optimistic_arrow_parameters(node: tree_sitter::Node<'_>) -> Option<usize> {
    if node.kind() != "parenthesized_expression" {
        return None;
    }
    // `{...(cond ? a : b)}`: lizard's object reader skips a spread group the same way.
    if node.parent().is_some_and(|p| p.kind() == "spread_element") {
        return Some(node.end_byte());
    }
    // `((a && b))` is a grouped expression to lizard, not parameters; `(function …` an IIFE.
    let first = node.named_child(0);
    let leads_with = |kind: &str| {
        first.is_some_and(|c| c.kind() == kind || c.child(0).is_some_and(|g| g.kind() == kind))
    };
    if leads_with("parenthesized_expression") || leads_with("function_expression") {
        return None;
    }
    let start = node.start_byte();
    let mut child = node;
    for _ in 0..8 {
        let parent = child.parent()?;
        let holds_value = match parent.kind() {
            "variable_declarator" => parent
                .child_by_field_name("name")
                .is_some_and(|n| n.kind() == "identifier"),
            "assignment_expression" => parent
                .child_by_field_name("left")
                .is_some_and(|n| matches!(n.kind(), "identifier" | "member_expression")),
            "pair" => true,
            _ => false,
        };
        if holds_value {
            let value = parent
                .child_by_field_name("value")
                .or_else(|| parent.child_by_field_name("right"))?;
            return (value.start_byte() == start).then(|| node.end_byte());
        }
        if parent.start_byte() != start {
            return None;
        }
        child = parent;
    }
    None
}

/// `obj.f = (a = 1) => …`: lizard does not read the parameters of an arrow bound to a member,
/// so their default values do not count.
fn default_of_arrow_bound_to_member(pattern: tree_sitter::Node<'_>) -> bool {
    let arrow = pattern
        .parent()
        .filter(|p| p.kind() == "formal_parameters")
        .and_then(|p| p.parent())
        .filter(|a| a.kind() == "arrow_function");
    let Some(assignment) = arrow
        .and_then(|a| a.parent())
        .filter(|p| p.kind() == "assignment_expression")
    else {
        return false;
    };
    assignment
        .child_by_field_name("left")
        .is_some_and(|l| l.kind() == "member_expression")
}
