//! Data flow into the failing expression: the lines of the failing function that give the
//! failing line's variables their values or bound them (assignments, loop headers,
//! conditions). A root cause often sits there rather than on the line that raised: an
//! `IndexError` on `items[i]` comes from the loop that lets `i` reach `len(items)`.

use std::sync::LazyLock;

use regex::Regex;
use tree_sitter::Node;

use crate::vocab::Language;

/// A line that feeds the failing line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Feeder {
    /// 1-based.
    pub line: u32,
    /// The variable it writes or bounds.
    pub variable: String,
    /// `writes` or `bounds`.
    pub how: &'static str,
    /// An inclusive comparison with a length (`i <= len(xs)`): one step too far for an index.
    pub inclusive_length_bound: bool,
}

/// Node kinds that delimit a function in the five grammars.
const FUNCTION_KINDS: &[&str] = &[
    "function_definition",
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "method_declaration",
    "constructor_declaration",
    "local_function_statement",
    "func_literal",
    "lambda",
    "lambda_expression",
];

const IDENTIFIER_KINDS: &[&str] = &["identifier", "field_identifier", "property_identifier"];

/// Feeding lines of 1-based `line` in `text`, nearest first, at most a handful.
pub(crate) fn feeders(language: Language, text: &str, line: u32) -> Vec<Feeder> {
    const MAX: usize = 4;
    let Ok(tree) = crate::lang::Parsers::new().parse(language, text) else {
        return Vec::new();
    };
    let row = line.saturating_sub(1) as usize;
    let Some(function) = enclosing_function(tree.root_node(), row) else {
        return Vec::new();
    };
    let variables = variables_on(function, row, text);
    if variables.is_empty() {
        return Vec::new();
    }
    let first = function.start_position().row;
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    // Nearest first: the closest definition is the one that reaches the failing line.
    for r in (first..row).rev() {
        let Some(source) = lines.get(r) else { continue };
        for variable in &variables {
            if let Some(how) = relation(source, variable) {
                out.push(Feeder {
                    line: r as u32 + 1,
                    variable: variable.clone(),
                    how,
                    inclusive_length_bound: inclusive_length(source, variable),
                });
                break;
            }
        }
        if out.len() == MAX {
            break;
        }
    }
    out
}

fn enclosing_function(root: Node<'_>, row: usize) -> Option<Node<'_>> {
    let point = tree_sitter::Point { row, column: 0 };
    let end = tree_sitter::Point {
        row,
        column: usize::MAX,
    };
    let mut node = root.descendant_for_point_range(point, end)?;
    loop {
        if FUNCTION_KINDS.contains(&node.kind()) {
            return Some(node);
        }
        node = node.parent()?;
    }
}

/// Variables read on `row` (names that are not called).
fn variables_on(function: Node<'_>, row: usize, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    crate::rules::code::walk(function, |node| {
        if node.start_position().row != row || !IDENTIFIER_KINDS.contains(&node.kind()) {
            return;
        }
        let called = node.parent().is_some_and(|p| {
            p.child_by_field_name("function")
                .is_some_and(|f| f.id() == node.id())
        });
        let Ok(name) = node.utf8_text(text.as_bytes()) else {
            return;
        };
        if !called && !out.iter().any(|v| v == name) {
            out.push(name.to_owned());
        }
    });
    out
}

static CONTROL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\}\s*)?(?:while|if|for|elif|else if)\b").unwrap());

/// How `source` relates to `variable`: it writes it, or a loop/condition bounds it.
fn relation(source: &str, variable: &str) -> Option<&'static str> {
    let name = regex::escape(variable);
    let mentions = Regex::new(&format!(r"\b{name}\b")).ok()?;
    if !mentions.is_match(source) {
        return None;
    }
    let writes = Regex::new(&format!(
        r"\b{name}\s*(?:[-+*/%|&^]?=[^=]|:=|\+\+|--)|\bfor\s*\(?\s*(?:\w+\s+)?{name}\b|\b(?:let|var|const)\s+{name}\b"
    ))
    .ok()?;
    if writes.is_match(source) {
        return Some("writes");
    }
    if CONTROL.is_match(source) && ["<", ">", "==", "!="].iter().any(|op| source.contains(op)) {
        return Some("bounds");
    }
    None
}

/// `variable <= len(x)` (or `.length`, `.size()`, `.Count`, `.Length`), or the mirror `>=`.
fn inclusive_length(source: &str, variable: &str) -> bool {
    let name = regex::escape(variable);
    let length = r"(?:len\([^)]*\)|[\w.]+\.(?:length|size\(\)|Count|Length))";
    Regex::new(&format!(
        r"\b{name}\s*<=\s*{length}|{length}\s*>=\s*{name}\b"
    ))
    .is_ok_and(|r| r.is_match(source))
}
