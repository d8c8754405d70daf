//! Python's vocabulary (tree-sitter-python 0.25).

use super::{LangSpec, StartLine};

pub(super) static SPEC: LangSpec = LangSpec {
    functions: &["function_definition"],
    lambdas: &["lambda"],
    classes: &["class_definition"],
    ifs: &["if_statement"],
    else_ifs: &["elif_clause"],
    elses: &["else_clause"],
    loops: &["for_statement", "while_statement"],
    switches: &["match_statement"],
    tries: &["try_statement"],
    catches: &["except_clause"],
    ternaries: &["conditional_expression"],
    binaries: &["boolean_operator"],
    jumps: &[],
    calls: &["call"],
    comments: &["comment"],
    // As lizard: comprehension `for`/`if` and conditional expressions count too.
    decision_tokens: &[
        "if", "elif", "for", "while", "except", "finally", "and", "or", "case",
    ],
    logical_operators: &["and", "or"],
    decision_nodes: &[],
    opaque: &[],
    decision_filter: None,
    discarded_stretch: None,
    inline_function: None,
    body_only: false,
    start_line: StartLine::Name,
    non_parameters: &["keyword_separator", "positional_separator", "comment"],
};
