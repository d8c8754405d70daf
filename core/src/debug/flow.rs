//! Data flow into the failing expression: the lines of the failing function that give the
//! failing line's variables their values or bound them (assignments, loop headers,
//! conditions). A root cause often sits there rather than on the line that raised: an
//! `IndexError` on `items[i]` comes from the loop that lets `i` reach `len(items)`.

use std::sync::LazyLock;

use regex::Regex;
use tree_sitter::{Node, Tree};

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
pub(crate) fn feeders(tree: &Tree, text: &str, line: u32) -> Vec<Feeder> {
    const MAX: usize = 4;
    let row = line.saturating_sub(1) as usize;
    let Some(function) = enclosing_function(tree.root_node(), text, row) else {
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
        // One feeder a line: an inclusive length bound first, else the first relation.
        let related = variables.iter().filter_map(|v| {
            relation(source, v).map(|how| Feeder {
                line: r as u32 + 1,
                variable: v.clone(),
                how,
                inclusive_length_bound: inclusive_length(source, v),
            })
        });
        let mut best: Option<Feeder> = None;
        for feeder in related {
            if best.is_none()
                || (feeder.inclusive_length_bound
                    && !best.as_ref().is_some_and(|b| b.inclusive_length_bound))
            {
                best = Some(feeder);
            }
        }
        out.extend(best);
        if out.len() == MAX {
            break;
        }
    }
    out
}

/// The smallest node covering the code of `row` (indentation and line end excluded: a range
/// past the last character would only fit nodes that go on below).
fn node_on_row<'t>(root: Node<'t>, text: &str, row: usize) -> Option<Node<'t>> {
    let line = text.lines().nth(row)?;
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len().max(start);
    root.descendant_for_point_range(
        tree_sitter::Point { row, column: start },
        tree_sitter::Point { row, column: end },
    )
}

fn enclosing_function<'t>(root: Node<'t>, text: &str, row: usize) -> Option<Node<'t>> {
    let mut node = node_on_row(root, text, row)?;
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

/// Lines around the failing one that a fix often touches: the rest of a statement that spans
/// several lines (the runtime names only one of them), and the lines right above and below
/// (a missing guard, a too-narrow `except`). Same function only.
pub(crate) fn neighbours(tree: &Tree, text: &str, line: u32) -> Vec<(u32, &'static str)> {
    const MAX_STATEMENT_LINES: usize = 6;
    let row = line.saturating_sub(1) as usize;
    let Some(function) = enclosing_function(tree.root_node(), text, row) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The highest ancestor below the function that is still a short, block-free statement.
    if let Some(mut node) = node_on_row(tree.root_node(), text, row) {
        let mut statement = None;
        while node.id() != function.id() {
            let rows = node.end_position().row - node.start_position().row + 1;
            if rows > MAX_STATEMENT_LINES || node.kind().contains("block") {
                break;
            }
            statement = Some(node);
            match node.parent() {
                Some(p) => node = p,
                None => break,
            }
        }
        if let Some(s) = statement {
            for r in s.start_position().row..=s.end_position().row {
                if r != row {
                    out.push((r as u32 + 1, "part of the failing statement"));
                }
            }
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    let (first, last) = (function.start_position().row, function.end_position().row);
    for r in [row.checked_sub(1), Some(row + 1)].into_iter().flatten() {
        let blank = lines.get(r).is_none_or(|l| l.trim().is_empty());
        if (first..=last).contains(&r) && !blank && !out.iter().any(|(l, _)| *l == r as u32 + 1) {
            let below = lines[r].trim_start().trim_start_matches('}').trim_start();
            let handler = r > row && (below.starts_with("except") || below.starts_with("catch"));
            out.push((
                r as u32 + 1,
                if handler {
                    "the handler below does not catch what the failing line raises"
                } else {
                    "next to the failing line"
                },
            ));
        }
    }
    out
}
