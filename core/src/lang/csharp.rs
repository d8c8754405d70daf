//! C#'s vocabulary (tree-sitter-c-sharp 0.23).

use super::LangSpec;

pub(super) static SPEC: LangSpec = LangSpec {
    functions: &[
        "method_declaration",
        "constructor_declaration",
        "destructor_declaration",
        "operator_declaration",
        "conversion_operator_declaration",
        "local_function_statement",
        "accessor_declaration",
    ],
    lambdas: &["lambda_expression", "anonymous_method_expression"],
    classes: &[
        "class_declaration",
        "struct_declaration",
        "interface_declaration",
        "record_declaration",
        "enum_declaration",
    ],
    ifs: &["if_statement"],
    else_ifs: &[],
    elses: &[],
    loops: &[
        "for_statement",
        "foreach_statement",
        "while_statement",
        "do_statement",
    ],
    switches: &["switch_statement", "switch_expression"],
    tries: &["try_statement"],
    catches: &["catch_clause"],
    ternaries: &["conditional_expression"],
    binaries: &["binary_expression"],
    jumps: &["break_statement", "continue_statement", "goto_statement"],
    calls: &["invocation_expression"],
    comments: &["comment"],
    // As lizard: `foreach` does not count, `??` does.
    decision_tokens: &["if", "for", "while", "catch", "case", "?", "&&", "||", "??"],
    logical_operators: &["&&", "||", "??"],
    non_parameters: &["comment"],
};
