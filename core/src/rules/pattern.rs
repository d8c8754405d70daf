//! Code patterns with metavariables, as ast-grep writes them (`$A == $A`, `open($PATH)`,
//! `foo($$$ARGS)`), compiled into tree-sitter queries so that they run with the rest of a
//! language's rules and take the same conditions, messages and fixes.
//!
//! `$NAME` matches any one node and captures it as `@NAME`; a name used twice must match the
//! same text twice; `$_` matches any node without capturing; `$$$NAME` matches any number of
//! nodes (zero included). Everything else must match exactly: node kinds, fields, operators and
//! the text of identifiers and literals. Punctuation and comments are ignored; named children
//! are anchored, so `f($A)` does not match a call with two arguments.

use std::collections::HashMap;
use std::fmt::Write;

use tree_sitter::{Node, Parser};

use crate::lang::Grammar;
use crate::vocab::Language;

/// Contexts tried, in order, when a pattern does not parse on its own (Java and C# statements
/// live in methods, Go statements in functions).
fn wrappers(language: Language) -> &'static [(&'static str, &'static str)] {
    match language {
        Language::Java => &[
            ("", ""),
            ("class µC { void µm() { ", "; } }"),
            ("class µC { ", " }"),
        ],
        Language::CSharp => &[
            ("", ""),
            ("class µC { void µm() { ", "; } }"),
            ("class µC { ", " }"),
        ],
        Language::Go => &[
            ("", ""),
            ("package µp\nfunc µf() {\n", "\n}"),
            ("package µp\n", ""),
        ],
        _ => &[("", "")],
    }
}

/// `$` where the language allows it in identifiers; `µ` (a letter everywhere) where it does not.
fn sigil(language: Language) -> &'static str {
    match language {
        Language::JavaScript | Language::Java => "$",
        _ => "µ",
    }
}

/// The tree-sitter query for `pattern` in `language`, or why there is none.
pub fn to_query(language: Language, pattern: &str) -> Result<String, String> {
    let sigil = sigil(language);
    let source = pattern.trim().replace('$', sigil);
    if source.is_empty() {
        return Err("the pattern is empty".into());
    }
    let mut parser = Parser::new();
    parser
        .set_language(&Grammar::get(language).ts_language)
        .map_err(|e| e.to_string())?;
    for (before, after) in wrappers(language) {
        let after = if source.ends_with([';', '}']) {
            after.trim_start_matches(';')
        } else {
            after
        };
        let text = format!("{before}{source}{after}");
        let Some(tree) = parser.parse(&text, None) else {
            continue;
        };
        if tree.root_node().has_error() {
            continue;
        }
        let range = before.len()..before.len() + source.len();
        let Some(node) = exact_node(tree.root_node(), &range) else {
            continue;
        };
        let mut emitter = Emitter {
            text: &text,
            sigil,
            seen: HashMap::new(),
            literals: 0,
            predicates: Vec::new(),
        };
        let mut query = String::from("(");
        emitter.node(node, &mut query);
        // The whole pattern is what a finding reports.
        query.push_str(" @finding");
        for p in &emitter.predicates {
            query.push(' ');
            query.push_str(p);
        }
        query.push(')');
        return Ok(query);
    }
    Err(format!(
        "the pattern does not parse as {} code",
        language.name()
    ))
}

/// The deepest node spanning exactly `range` (so `a == b` gives the comparison, not the
/// statement around it).
fn exact_node<'t>(root: Node<'t>, range: &std::ops::Range<usize>) -> Option<Node<'t>> {
    let mut node = root.descendant_for_byte_range(range.start, range.end)?;
    if node.byte_range() != *range {
        // Widen to the smallest node that covers the range exactly, if any.
        while node.byte_range() != *range {
            node = node.parent()?;
            if node.start_byte() < range.start || node.end_byte() > range.end {
                return None;
            }
        }
    }
    // Descend through single-child wrappers with the same span.
    loop {
        let same: Vec<Node<'t>> = (0..node.named_child_count())
            .filter_map(|i| node.named_child(i as u32))
            .filter(|c| c.byte_range() == *range)
            .collect();
        match same.as_slice() {
            [only] => node = *only,
            _ => return Some(node),
        }
    }
}

struct Emitter<'a> {
    text: &'a str,
    sigil: &'static str,
    /// How often each metavariable has been seen.
    seen: HashMap<String, usize>,
    literals: usize,
    predicates: Vec<String>,
}

enum Child {
    Named(String),
    Literal(String),
    Many(String),
}

impl Emitter<'_> {
    fn metavariable<'n>(&self, node: Node<'n>) -> Option<(bool, &str)> {
        if node.named_child_count() > 0 {
            return None;
        }
        let text = node.utf8_text(self.text.as_bytes()).ok()?;
        let many = format!("{0}{0}{0}", self.sigil);
        let (is_many, name) = match text.strip_prefix(&many) {
            Some(name) => (true, name),
            None => (false, text.strip_prefix(self.sigil)?),
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        valid.then_some((is_many, name))
    }

    /// Writes the pattern for `node` (without outer parentheses handled by the caller for the root).
    fn node(&mut self, node: Node<'_>, out: &mut String) {
        match self.child(node) {
            Child::Named(s) | Child::Literal(s) | Child::Many(s) => out.push_str(&s),
        }
    }

    fn capture(&mut self, name: &str) -> String {
        if name == "_" {
            return String::new();
        }
        let n = self.seen.entry(name.to_owned()).or_insert(0);
        *n += 1;
        if *n == 1 {
            format!(" @{name}")
        } else {
            let alias = format!("{name}__{n}");
            self.predicates.push(format!("(#eq? @{name} @{alias})"));
            format!(" @{alias}")
        }
    }

    fn child(&mut self, node: Node<'_>) -> Child {
        if let Some((many, name)) = self.metavariable(node) {
            let name = name.to_owned();
            if many {
                let capture = if name == "_" {
                    String::new()
                } else {
                    format!(" @{name}")
                };
                return Child::Many(format!("(_)*{capture}"));
            }
            let capture = self.capture(&name);
            return Child::Named(format!("(_){capture}"));
        }
        if !node.is_named() {
            let text = node.utf8_text(self.text.as_bytes()).unwrap_or_default();
            return Child::Literal(format!("\"{}\"", escape(text)));
        }
        if node.named_child_count() == 0 {
            // A leaf: kind and exact text.
            self.literals += 1;
            let text = node.utf8_text(self.text.as_bytes()).unwrap_or_default();
            let cap = format!("_t{}", self.literals);
            self.predicates
                .push(format!("(#eq? @{cap} \"{}\")", escape(text)));
            return Child::Named(format!("({}) @{cap}", node.kind()));
        }
        let mut parts: Vec<(Option<&str>, Child)> = Vec::new();
        let mut cursor = node.walk();
        for (i, c) in node.children(&mut cursor).enumerate() {
            if c.is_extra() || (!c.is_named() && is_punctuation(c.kind())) {
                continue;
            }
            let field = node.field_name_for_child(i as u32);
            parts.push((field, self.child(c)));
        }
        let mut s = format!("({}", node.kind());
        let anchor = |c: &Child| matches!(c, Child::Named(_));
        for (i, (field, part)) in parts.iter().enumerate() {
            let prev_named = i == 0 || anchor(&parts[i - 1].1);
            if anchor(part) && prev_named {
                s.push_str(" .");
            }
            s.push(' ');
            if let Some(f) = field {
                let _ = write!(s, "{f}: ");
            }
            match part {
                Child::Named(p) | Child::Literal(p) | Child::Many(p) => s.push_str(p),
            }
        }
        if parts.last().is_some_and(|(_, p)| anchor(p)) {
            s.push_str(" .");
        }
        s.push(')');
        Child::Named(s)
    }
}

fn is_punctuation(kind: &str) -> bool {
    matches!(
        kind,
        "(" | ")" | "[" | "]" | "{" | "}" | "," | ";" | ":" | "." | "\n"
    )
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use streaming_iterator::StreamingIterator;
    use tree_sitter::{Query, QueryCursor};

    use super::*;

    /// Texts of the nodes the pattern matches in `code`.
    fn matches(language: Language, pattern: &str, code: &str) -> Vec<String> {
        let query_text = to_query(language, pattern).unwrap();
        let ts = &Grammar::get(language).ts_language;
        let query = Query::new(ts, &query_text).unwrap_or_else(|e| panic!("{query_text}: {e}"));
        let mut parser = Parser::new();
        parser.set_language(ts).unwrap();
        let tree = parser.parse(code, None).unwrap();
        let mut cursor = QueryCursor::new();
        let mut it = cursor.matches(&query, tree.root_node(), code.as_bytes());
        let finding = query.capture_index_for_name("finding").unwrap();
        let mut out = Vec::new();
        while let Some(m) = it.next() {
            for c in m.captures().iter().filter(|c| c.index == finding) {
                out.push(c.node.utf8_text(code.as_bytes()).unwrap().to_owned());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn repeated_metavariables_must_match_the_same_text() {
        let code = "if a == a:\n    pass\nif a == b:\n    pass\nif x.y == x.y:\n    pass\n";
        assert_eq!(
            matches(Language::Python, "$X == $X", code),
            ["a == a", "x.y == x.y"]
        );
        let js = "if (a === a) {}\nif (a === b) {}\n";
        assert_eq!(matches(Language::JavaScript, "$X === $X", js), ["a === a"]);
    }

    #[test]
    fn literals_operators_and_argument_counts_are_exact() {
        let code = "open(p)\nopen(p, 'w')\nclose(p)\nopen(q)\n";
        assert_eq!(
            matches(Language::Python, "open($F)", code),
            ["open(p)", "open(q)"]
        );
        assert_eq!(
            matches(Language::Python, "open($F, 'w')", code),
            ["open(p, 'w')"]
        );
        assert_eq!(
            matches(Language::Python, "open($$$ARGS)", code),
            ["open(p)", "open(p, 'w')", "open(q)"]
        );
        assert_eq!(
            matches(Language::Python, "$A != $B", "x = a == b\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn statements_in_java_csharp_and_go_are_wrapped_to_parse() {
        let java = "class T { void f(String s) { if (s == \"x\") {} s.equals(t); } }";
        assert_eq!(
            matches(Language::Java, "$S.equals($T)", java),
            ["s.equals(t)"]
        );
        let cs = "class T { void F() { var t = Task.Run(Work); t.Wait(); } }";
        assert_eq!(matches(Language::CSharp, "$T.Wait()", cs), ["t.Wait()"]);
        let go = "package p\nfunc f() { x, _ := g(); defer x.Close(); h() }\n";
        assert_eq!(
            matches(Language::Go, "defer $X.Close()", go),
            ["defer x.Close()"]
        );
    }

    #[test]
    fn patterns_that_do_not_parse_are_errors() {
        assert!(to_query(Language::Python, "def (").is_err());
        assert!(to_query(Language::Python, "  ").is_err());
    }
}
