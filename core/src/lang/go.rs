//! Go's vocabulary (tree-sitter-go 0.25).

use super::{LangSpec, StartLine};

pub(super) static SPEC: LangSpec = LangSpec {
    functions: &["function_declaration", "method_declaration", "func_literal"],
    lambdas: &[],
    classes: &[],
    ifs: &["if_statement"],
    else_ifs: &[],
    elses: &[],
    loops: &["for_statement"],
    switches: &[
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
    ],
    tries: &[],
    catches: &[],
    ternaries: &[],
    binaries: &["binary_expression"],
    jumps: &["break_statement", "continue_statement", "goto_statement"],
    calls: &["call_expression"],
    comments: &["comment"],
    decision_tokens: &["if", "for", "case", "&&", "||"],
    logical_operators: &["&&", "||"],
    decision_nodes: &[],
    opaque: &[],
    decision_filter: None,
    discarded_stretch: None,
    inline_function: None,
    body_only: false,
    start_line: StartLine::Node,
    non_parameters: &["comment"],
};
