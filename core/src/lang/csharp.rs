//! C#'s vocabulary (tree-sitter-c-sharp 0.23).

use super::{Ancestors, LangSpec, StartLine};

pub(super) static SPEC: LangSpec = LangSpec {
    functions: &[
        "method_declaration",
        "constructor_declaration",
        "destructor_declaration",
        "operator_declaration",
        "conversion_operator_declaration",
        "accessor_declaration",
    ],
    // As lizard: local functions count towards their enclosing method.
    lambdas: &[
        "lambda_expression",
        "anonymous_method_expression",
        "local_function_statement",
    ],
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
    // As lizard: `foreach` does not count; `??`, every `?` and preprocessor `#if` do.
    decision_tokens: &[
        "if", "for", "while", "catch", "case", "?", "&&", "||", "??", "??=", "#if", "#elif",
    ],
    logical_operators: &["&&", "||", "??"],
    decision_nodes: &[],
    opaque: &["interpolation"],
    decision_filter: Some(nullable_not_glued),
    discarded_stretch: None,
    inline_function: None,
    body_only: true,
    start_line: StartLine::Name,
    non_parameters: &["comment", "attribute_list", "preproc_if_in_attribute_list"],
};

/// lizard reads `List<int?>` as one token: a nullable `?` inside such type arguments is not a
/// decision.
fn nullable_not_glued(_token: tree_sitter::Node<'_>, up: Ancestors<'_, '_>, text: &str) -> bool {
    !super::question_mark_in_glued_generic(up, "nullable_type", "type_argument_list", text)
}
