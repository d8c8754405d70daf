//! Java's vocabulary (tree-sitter-java 0.23).

use super::LangSpec;

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
    non_parameters: &["line_comment", "block_comment", "receiver_parameter"],
};
