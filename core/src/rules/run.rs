//! Running compiled rules over one parsed file.

use std::collections::HashSet;

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, QueryCursor, QueryMatch, Tree};

use super::RuleSet;
use super::compile::Check;
use super::schema::FixTemplate;
use crate::vocab::{Edit, Effort, Finding, Fingerprint, Fix, Language, LineIndex, RuleId};

/// Ancestors and descendants examined by `inside` / `has` conditions, at most: keeps
/// pathological inputs linear.
const ANCESTOR_LIMIT: usize = 256;
const DESCENDANT_LIMIT: usize = 20_000;
/// Minutes to fix one rule finding (until rules carry their own estimate).
const RULE_EFFORT_MINUTES: u32 = 10;

impl RuleSet {
    /// Findings of every rule for `language` in one parsed file. Fingerprints are left empty
    /// (the engine fills them for all findings of a file at once).
    pub fn check(
        &self,
        language: Language,
        tree: &Tree,
        text: &str,
        index: &LineIndex,
        path: &str,
    ) -> Vec<Finding> {
        let Some(rules) = self.language_rules(language) else {
            return Vec::new();
        };
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&rules.query, tree.root_node(), text.as_bytes());
        let mut seen = HashSet::new();
        let mut findings = Vec::new();
        while let Some(m) = matches.next() {
            let Some(pattern) = rules
                .pattern_owner
                .get(m.pattern_index)
                .and_then(|&p| rules.patterns.get(p))
            else {
                continue;
            };
            let Some(node) = reported_node(m, rules.finding_capture) else {
                continue;
            };
            if !pattern.checks.iter().all(|c| passes(c, m, node, text)) {
                continue;
            }
            if !seen.insert((pattern.rule, node.start_byte(), node.end_byte())) {
                continue;
            }
            let rule = &self.rules[pattern.rule];
            let capture_text = |name: &str| capture_text(&rules.query, m, name, text);
            findings.push(Finding {
                rule_id: RuleId::new(rule.id.as_str().to_owned()),
                category: rule.category,
                severity: rule.severity,
                confidence: rule.confidence,
                path: path.to_owned(),
                span: index.span(text, node.start_byte(), node.end_byte()),
                message: fill(&pattern.message, |name| {
                    capture_text(name).map(|t| one_line(&t))
                }),
                cwe: rule.cwe.clone(),
                symbol: None,
                fix: pattern
                    .fix
                    .as_ref()
                    .and_then(|fix| build_fix(fix, m, node, &rules.query, text, index)),
                effort: Effort(RULE_EFFORT_MINUTES),
                fingerprint: Fingerprint(String::new()),
                flow: Vec::new(),
                suppressed: None,
                provenance: None,
                explanation: None,
            });
        }
        findings
    }
}

/// A node's text before its `body` (all of it when it has none).
fn head_text<'a>(node: Node<'_>, text: &'a str) -> &'a str {
    let end = node
        .child_by_field_name("body")
        .map_or(node.end_byte(), |b| b.start_byte());
    text.get(node.start_byte()..end).unwrap_or_default()
}

fn reported_node<'t>(m: &QueryMatch<'_, 't>, finding_capture: Option<u32>) -> Option<Node<'t>> {
    let by_name = finding_capture.and_then(|i| m.captures().iter().find(|c| c.index == i));
    by_name.or_else(|| m.captures().first()).map(|c| c.node)
}

fn passes(check: &Check, m: &QueryMatch<'_, '_>, node: Node<'_>, text: &str) -> bool {
    match check {
        Check::Matches {
            capture,
            regex,
            expect,
        } => {
            let hit = m
                .captures()
                .iter()
                .filter(|c| c.index == *capture)
                .any(|c| regex.is_match(text.get(c.node.byte_range()).unwrap_or_default()));
            hit == *expect
        }
        Check::Parent { regex, expect } => {
            let hit = node
                .parent()
                .is_some_and(|p| regex.is_match(text.get(p.byte_range()).unwrap_or_default()));
            hit == *expect
        }
        Check::Inside {
            kinds,
            head,
            expect,
        } => {
            let mut current = node.parent();
            let mut found = false;
            for _ in 0..ANCESTOR_LIMIT {
                let Some(n) = current else { break };
                if kinds.contains(&n.kind_id()) {
                    found = head
                        .as_ref()
                        .is_none_or(|re| re.is_match(head_text(n, text)));
                    break;
                }
                current = n.parent();
            }
            found == *expect
        }
        Check::Has { kinds, expect } => {
            let mut cursor = node.walk();
            let mut found = false;
            let mut visited = 0;
            'walk: loop {
                if visited > 0 && kinds.contains(&cursor.node().kind_id()) {
                    found = true;
                    break;
                }
                visited += 1;
                if visited > DESCENDANT_LIMIT {
                    break;
                }
                if cursor.goto_first_child() {
                    continue;
                }
                loop {
                    if cursor.node() == node {
                        break 'walk;
                    }
                    if cursor.goto_next_sibling() {
                        continue 'walk;
                    }
                    if !cursor.goto_parent() {
                        break 'walk;
                    }
                }
            }
            found == *expect
        }
    }
}

fn capture_text(
    query: &tree_sitter::Query,
    m: &QueryMatch<'_, '_>,
    name: &str,
    text: &str,
) -> Option<String> {
    let index = query.capture_index_for_name(name)?;
    let node = m.captures().iter().find(|c| c.index == index)?.node;
    text.get(node.byte_range()).map(str::to_owned)
}

/// Replaces `$name` / `${name}` with `lookup(name)`; unknown names stay as written.
fn fill(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, consumed) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (&inner[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match (name.is_empty(), lookup(name)) {
            (false, Some(value)) => out.push_str(&value),
            _ => out.push_str(&rest[at..at + 1 + consumed]),
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

fn one_line(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > 60 {
        collapsed.chars().take(59).collect::<String>() + "…"
    } else {
        collapsed
    }
}

fn build_fix(
    fix: &FixTemplate,
    m: &QueryMatch<'_, '_>,
    node: Node<'_>,
    query: &tree_sitter::Query,
    text: &str,
    index: &LineIndex,
) -> Option<Fix> {
    let target = match &fix.target {
        Some(name) => {
            let i = query.capture_index_for_name(name)?;
            m.captures().iter().find(|c| c.index == i)?.node
        }
        None => node,
    };
    let replacement = fill(&fix.template, |name| capture_text(query, m, name, text));
    let description = fix
        .description
        .clone()
        .unwrap_or_else(|| "apply the suggested change".into());
    Fix::new(
        description,
        fix.applicability,
        vec![Edit {
            span: index.span(text, target.start_byte(), target.end_byte()),
            replacement,
        }],
    )
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn templates_fill_known_captures_only() {
        let lookup = |n: &str| (n == "x").then(|| "a.b".to_owned());
        assert_eq!(fill("$x == ${x}y $z $", lookup), "a.b == a.by $z $");
    }
}
