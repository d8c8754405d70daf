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
    if token.kind() != "?" {
        return true;
    }
    let before = text
        .as_bytes()
        .get(token.start_byte().wrapping_sub(1))
        .copied();
    !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}
