//! Java's vocabulary (tree-sitter-java 0.23).

use super::{Ancestors, LangSpec, StartLine};

pub(super) static SPEC: LangSpec = LangSpec {
    functions: &[
        "method_declaration",
        "constructor_declaration",
        "compact_constructor_declaration",
    ],
    lambdas: &["lambda_expression"],
    classes: &[
        "class_declaration",
        "interface_declaration",
        "enum_declaration",
        "record_declaration",
    ],
    ifs: &["if_statement"],
    else_ifs: &[],
    elses: &[],
    loops: &[
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
    ],
    switches: &["switch_expression"],
    tries: &["try_statement", "try_with_resources_statement"],
    catches: &["catch_clause"],
    ternaries: &["ternary_expression"],
    binaries: &["binary_expression"],
    jumps: &["break_statement", "continue_statement"],
    calls: &["method_invocation"],
    comments: &["line_comment", "block_comment"],
    // lizard is token based: the `?` of a wildcard type (`List<?>`) counts as well.
    decision_tokens: &["if", "for", "while", "catch", "case", "?", "&&", "||"],
    logical_operators: &["&&", "||"],
    decision_nodes: &[],
    opaque: &[],
    decision_filter: Some(wildcard_not_glued),
    discarded_stretch: None,
    inline_function: None,
    body_only: true,
    start_line: StartLine::Name,
    non_parameters: &["line_comment", "block_comment", "receiver_parameter"],
};

/// lizard reads `<? extends T>` as one token: a wildcard `?` counts only when its type
/// arguments hold nested type arguments.
fn wildcard_not_glued(_token: tree_sitter::Node<'_>, up: Ancestors<'_, '_>, text: &str) -> bool {
    !super::question_mark_in_glued_generic(up, "wildcard", "type_arguments", text)
}
