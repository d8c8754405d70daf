//! JavaScript's vocabulary (tree-sitter-javascript 0.25), JSX included.

use super::LangSpec;

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
    decision_tokens: &["if", "for", "while", "catch", "case", "?", "&&", "||", "??"],
    logical_operators: &["&&", "||", "??"],
    non_parameters: &["comment"],
};
