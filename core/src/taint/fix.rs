//! Fixes for taint findings: a SQL query built from values becomes a parameterised query.
//!
//! Python only, for the shapes that can be rewritten without guessing: an f-string, a `+`
//! chain of literals and values, or `"…%s…" % values`, written directly as the only argument
//! of the query call. Quotes around a value in the SQL (`'` + name + `'`) go away with it:
//! the driver quotes parameters itself.

use tree_sitter::Node;

/// One text replacement: byte range and new text.
pub(super) type Replacement = (usize, usize, String);

/// The SQL text and the values of a query built in place.
struct Parts {
    sql: String,
    values: Vec<String>,
}

/// Rewrites `execute(<built sql>)` as `execute("<sql with placeholders>", (<values>,))`.
pub(super) fn sql_parameters(call: Node<'_>, arg: Node<'_>, src: &[u8]) -> Option<Replacement> {
    let text = |n: Node<'_>| n.utf8_text(src).unwrap_or_default();
    let args = call.child_by_field_name("arguments")?;
    if args.named_child_count() != 1 || args.named_child(0)?.id() != arg.id() {
        return None;
    }
    let placeholder = if contains(src, b"sqlite3") { "?" } else { "%s" };
    let parts = match arg.kind() {
        "string" => f_string(arg, placeholder, &text)?,
        "binary_operator" => {
            let op = arg.child_by_field_name("operator").map(text)?;
            match op {
                "+" => concatenation(arg, placeholder, &text)?,
                "%" => percent(arg, placeholder, &text)?,
                _ => return None,
            }
        }
        _ => return None,
    };
    if parts.values.is_empty() {
        return None;
    }
    let quote = if !parts.sql.contains('"') {
        '"'
    } else if !parts.sql.contains('\'') {
        '\''
    } else {
        return None;
    };
    let replacement = format!(
        "{quote}{}{quote}, ({},)",
        parts.sql,
        parts.values.join(", ")
    );
    Some((arg.start_byte(), arg.end_byte(), replacement))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The content of a plain string literal (no prefix but `r`/`u`, one line, no escapes that
/// change with the quote), or `None`.
fn literal_content<'a>(node: Node<'_>, text: &impl Fn(Node<'_>) -> &'a str) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let raw = text(node);
    let body = raw.trim_start_matches(['r', 'R', 'u', 'U']);
    let quote = body.chars().next()?;
    if !matches!(quote, '"' | '\'') || body.starts_with("\"\"\"") || body.starts_with("'''") {
        return None;
    }
    let inner = body.get(1..body.len().checked_sub(1)?)?;
    (!inner.contains('\\') && !inner.contains('\n')).then(|| inner.to_owned())
}

fn f_string<'a>(
    node: Node<'_>,
    placeholder: &str,
    text: &impl Fn(Node<'_>) -> &'a str,
) -> Option<Parts> {
    let raw = text(node);
    if !raw.starts_with(['f', 'F']) || raw.contains("\"\"\"") || raw.contains("'''") {
        return None;
    }
    let mut parts = Parts {
        sql: String::new(),
        values: Vec::new(),
    };
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_content" => {
                let content = text(child);
                if content.contains('\\') || content.contains('{') {
                    return None;
                }
                parts.sql.push_str(content);
            }
            "interpolation" => {
                // `{x!r}` or `{x:>10}` format the value: not a plain parameter.
                if child.child_by_field_name("type_conversion").is_some()
                    || child.child_by_field_name("format_specifier").is_some()
                {
                    return None;
                }
                let expr = child.child_by_field_name("expression")?;
                push_value(&mut parts, placeholder, text(expr));
            }
            _ => {}
        }
    }
    Some(finish(parts))
}

fn concatenation<'a>(
    node: Node<'_>,
    placeholder: &str,
    text: &impl Fn(Node<'_>) -> &'a str,
) -> Option<Parts> {
    let mut operands = Vec::new();
    flatten_plus(node, text, &mut operands);
    let mut parts = Parts {
        sql: String::new(),
        values: Vec::new(),
    };
    for operand in operands {
        match literal_content(operand, text) {
            Some(content) => parts.sql.push_str(&content),
            None if operand.kind() == "string" => return None,
            None => push_value(&mut parts, placeholder, text(operand)),
        }
    }
    Some(finish(parts))
}

fn flatten_plus<'t, 'a>(
    node: Node<'t>,
    text: &impl Fn(Node<'_>) -> &'a str,
    out: &mut Vec<Node<'t>>,
) {
    let is_plus = node.kind() == "binary_operator"
        && node.child_by_field_name("operator").map(text) == Some("+");
    match (
        is_plus,
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) {
        (true, Some(l), Some(r)) => {
            flatten_plus(l, text, out);
            flatten_plus(r, text, out);
        }
        _ => out.push(node),
    }
}

fn percent<'a>(
    node: Node<'_>,
    placeholder: &str,
    text: &impl Fn(Node<'_>) -> &'a str,
) -> Option<Parts> {
    let template = literal_content(node.child_by_field_name("left")?, text)?;
    let right = node.child_by_field_name("right")?;
    let values: Vec<String> = match right.kind() {
        "tuple" => {
            let mut cursor = right.walk();
            right
                .named_children(&mut cursor)
                .map(|c| text(c).to_owned())
                .collect()
        }
        "dictionary" => return None,
        _ => vec![text(right).to_owned()],
    };
    let pieces: Vec<&str> = template.split("%s").collect();
    if pieces.len() != values.len() + 1 || template.contains("%(") {
        return None;
    }
    let mut parts = Parts {
        sql: String::new(),
        values: Vec::new(),
    };
    for (i, piece) in pieces.iter().enumerate() {
        if piece.contains('%') && !piece.contains("%%") {
            return None;
        }
        parts.sql.push_str(piece);
        if let Some(value) = values.get(i) {
            push_value(&mut parts, placeholder, value);
        }
    }
    Some(finish(parts))
}

/// Adds a value; drops the quote the SQL opened around it (`= '` value `'`).
fn push_value(parts: &mut Parts, placeholder: &str, value: &str) {
    parts.sql.push('\u{0}');
    parts.sql.push_str(placeholder);
    parts.values.push(value.to_owned());
}

/// Removes quotes around placeholders: `'\0?'` → `?`, and the markers.
fn finish(mut parts: Parts) -> Parts {
    let mut out = String::with_capacity(parts.sql.len());
    let mut chars = parts.sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{0}' {
            continue;
        }
        if (c == '\'' || c == '"') && chars.peek() == Some(&'\u{0}') {
            // An opening quote right before a value: drop it and the matching closing quote.
            chars.next();
            let mut placeholder = String::new();
            while let Some(&p) = chars.peek() {
                if p == '?' || p == '%' || p == 's' {
                    placeholder.push(p);
                    chars.next();
                    if p == '?' || p == 's' {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push_str(&placeholder);
            if chars.peek() == Some(&c) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    parts.sql = out;
    parts
}
