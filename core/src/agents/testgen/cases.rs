//! Cases from conditions, the same way in every language: each language's [`Syntax`] table
//! says which node kinds are comparisons, literals, truth tests and negations, and
//! [`candidates`] turns the conditions on parameters into candidate [`Value`]s, which [`derive`]
//! renders for the parameters' types and combines into cases.

use tree_sitter::Node;

use super::{Backend, Candidate, MAX_CASES, Param, TestCase, Value, text};

/// A language's own type test (`isinstance(p, int)`): the parameter and a sample value.
pub(crate) type TypeTest = fn(Node<'_>, &str, &[Param]) -> Option<(usize, Value)>;

/// Which node kinds mean what in a language's grammar, for reading conditions.
pub(crate) struct Syntax {
    /// Binary comparisons: the first two named children are compared.
    pub comparisons: &'static [&'static str],
    pub numbers: &'static [&'static str],
    pub strings: &'static [&'static str],
    pub nulls: &'static [&'static str],
    pub bools: &'static [&'static str],
    /// Unary expressions; a number under one whose text starts with `-` is negative.
    pub unary: &'static [&'static str],
    /// Statements and expressions whose `condition` field is a truth test.
    pub tests: &'static [&'static str],
    /// Negations (`not x`, `!x`): their last named child is a truth test.
    pub negations: &'static [&'static str],
    pub parens: &'static [&'static str],
    /// A language's own type tests (`isinstance`, `typeof`): the parameter and a sample.
    pub type_test: TypeTest,
}

pub(crate) fn no_type_test(_: Node<'_>, _: &str, _: &[Param]) -> Option<(usize, Value)> {
    None
}

pub(crate) const NO_TYPE_TEST: TypeTest = no_type_test;

/// The operators that make a binary expression a comparison.
const COMPARISON_OPERATORS: &[&str] = &[
    "==", "!=", "<", "<=", ">", ">=", "===", "!==", "is", "is not", "<>",
];

/// Candidate values for `params` from the conditions in `body`, in source order.
pub(crate) fn candidates(
    body: Node<'_>,
    source: &str,
    syntax: &Syntax,
    params: &[Param],
) -> Vec<Candidate> {
    let index_of = |name: &str| params.iter().position(|p| p.name == name);
    fn unwrap<'t>(syntax: &Syntax, mut n: Node<'t>) -> Node<'t> {
        while syntax.parens.contains(&n.kind())
            && let Some(inner) = n.named_child(0)
        {
            n = inner;
        }
        n
    }
    let unwrap = |n| unwrap(syntax, n);
    let mut out: Vec<Candidate> = Vec::new();
    let mut add = |param: usize, value: Value, reason: String| {
        if !out.iter().any(|c| c.param == param && c.value == value) {
            out.push(Candidate {
                param,
                value,
                reason,
            });
        }
    };
    crate::rules::code::walk(body, |node| {
        let kind = node.kind();
        if let Some((i, value)) = (syntax.type_test)(node, source, params) {
            add(i, value, format!("`{}`", text(node, source)));
            return;
        }
        if syntax.comparisons.contains(&kind) && is_comparison(node, source) {
            let (Some(l), Some(r)) = (node.named_child(0), node.named_child(1)) else {
                return;
            };
            let condition = text(node, source);
            for (var, lit) in [(unwrap(l), unwrap(r)), (unwrap(r), unwrap(l))] {
                let var_text = text(var, source);
                if let Some(i) = index_of(var_text) {
                    for v in neighbours(literal(lit, source, syntax)) {
                        add(i, v, format!("boundary of `{condition}`"));
                    }
                } else if let Some(i) = length_of(var_text).and_then(index_of) {
                    match literal(lit, source, syntax) {
                        Some(Value::Int(n)) => {
                            for k in [n - 1, n, n + 1]
                                .into_iter()
                                .filter(|k| (0..=50).contains(k))
                            {
                                add(
                                    i,
                                    Value::Len(k as usize),
                                    format!("length around `{condition}`"),
                                );
                            }
                        }
                        // A loop bound (`i <= len(items)`): the empty and the one-element
                        // collection are where off-by-one bounds fail.
                        None => {
                            for k in [0, 1] {
                                add(i, Value::Len(k), format!("edge of the bound `{condition}`"));
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
            return;
        }
        let tested = if syntax.tests.contains(&kind) {
            node.child_by_field_name("condition")
        } else if syntax.negations.contains(&kind) {
            let t = text(node, source);
            (t.starts_with('!') || t.starts_with("not"))
                .then(|| node.named_child(node.named_child_count().saturating_sub(1) as u32))
                .flatten()
        } else {
            None
        };
        if let Some(t) = tested.map(unwrap)
            && let Some(i) = index_of(text(t, source))
        {
            for v in [
                Value::Bool(true),
                Value::Null,
                Value::Int(0),
                Value::Str(String::new()),
                Value::Bool(false),
            ] {
                add(i, v, format!("truth of `{}`", text(t, source)));
            }
        }
    });
    out
}

pub(crate) fn is_comparison(node: Node<'_>, source: &str) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .filter(|c| !c.is_named())
        .any(|c| COMPARISON_OPERATORS.contains(&text(c, source)))
        || node
            .child_by_field_name("operators")
            .is_some_and(|o| COMPARISON_OPERATORS.contains(&text(o, source)))
}

/// `p` when `text` is the length of a parameter: `len(p)`, `p.length`, `p.length()`,
/// `p.size()`, `p.Length`, `p.Count`, `p.Count()`.
pub(crate) fn length_of(text: &str) -> Option<&str> {
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    if let Some(inner) = text.strip_prefix("len(").and_then(|t| t.strip_suffix(')')) {
        return ident(inner.trim()).then(|| inner.trim());
    }
    let (object, member) = text.rsplit_once('.')?;
    let known = ["length", "length()", "size()", "Length", "Count", "Count()"];
    (known.contains(&member) && ident(object)).then_some(object)
}

/// A literal node as a [`Value`].
pub(crate) fn literal(node: Node<'_>, source: &str, syntax: &Syntax) -> Option<Value> {
    let kind = node.kind();
    let t = text(node, source).trim();
    if syntax.numbers.contains(&kind) {
        number(t)
    } else if syntax.unary.contains(&kind) && t.starts_with('-') {
        match node
            .named_child(0)
            .and_then(|n| literal(n, source, syntax))?
        {
            Value::Int(n) => Some(Value::Int(-n)),
            Value::Float(f) => Some(Value::Float(-f)),
            _ => None,
        }
    } else if syntax.strings.contains(&kind) {
        decode_string(t).map(Value::Str)
    } else if syntax.nulls.contains(&kind) {
        Some(Value::Null)
    } else if syntax.bools.contains(&kind) {
        Some(Value::Bool(t.eq_ignore_ascii_case("true")))
    } else {
        None
    }
}

pub(crate) fn number(t: &str) -> Option<Value> {
    let t: String = t.chars().filter(|c| *c != '_').collect();
    let digits = t.trim_end_matches(['L', 'l', 'u', 'U', 'n', 'm', 'M']);
    if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        return i64::from_str_radix(hex, 16).ok().map(Value::Int);
    }
    if let Ok(n) = digits.parse::<i64>() {
        return Some(Value::Int(n));
    }
    let float = t.trim_end_matches(['f', 'F', 'd', 'D', 'm', 'M']);
    float
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::Float)
}

/// The content of a plain string literal in any of the five languages; `None` for formatted,
/// byte or interpolated strings.
pub(crate) fn decode_string(t: &str) -> Option<String> {
    let body = t.trim_start_matches(['r', 'R', 'u', 'U']);
    if body.starts_with(['f', 'F', 'b', 'B', '$', '@']) {
        return None;
    }
    let raw = body.starts_with('`') || t.starts_with(['r', 'R']);
    let inner = ["\"\"\"", "'''", "\"", "'", "`"]
        .into_iter()
        .find_map(|q| body.strip_prefix(q)?.strip_suffix(q))?;
    if raw || !inner.contains('\\') {
        return (!raw || !inner.contains("${")).then(|| inner.to_owned());
    }
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            c @ ('\\' | '"' | '\'') => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// A compared literal and the values around it.
pub(crate) fn neighbours(value: Option<Value>) -> Vec<Value> {
    match value {
        Some(Value::Int(n)) => vec![
            Value::Int(n.saturating_sub(1)),
            Value::Int(n),
            Value::Int(n.saturating_add(1)),
        ],
        Some(Value::Str(s)) => vec![Value::Str(s), Value::Str(String::new())],
        Some(Value::Bool(_)) => vec![Value::Bool(true), Value::Bool(false)],
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

/// Cases from candidates: one with every parameter at its base value, then one per other
/// candidate value, changing one parameter at a time.
pub(crate) fn derive<B: Backend>(params: &[Param], candidates: &[Candidate]) -> Vec<TestCase> {
    let rendered: Vec<Vec<(String, &str)>> = (0..params.len())
        .map(|i| {
            let mut values: Vec<(String, &str)> = Vec::new();
            for c in candidates.iter().filter(|c| c.param == i) {
                if let Some(v) = B::render(&c.value, &params[i])
                    && !values.iter().any(|(s, _)| *s == v)
                {
                    values.push((v, c.reason.as_str()));
                }
            }
            values
        })
        .collect();
    let base: Vec<String> = params
        .iter()
        .zip(&rendered)
        .map(|(p, cands)| {
            // The value just past the first boundary (`x <= 0`: 1) tends to take the
            // function's main path, so the other parameters' cases exercise it.
            p.default
                .clone()
                .or_else(|| cands.get(2).or(cands.first()).map(|(v, _)| v.clone()))
                .or_else(|| B::render(&Value::Zero, p))
                .unwrap_or_else(|| "0".to_owned())
        })
        .collect();
    let mut cases = vec![TestCase {
        args: base.clone(),
        reason: "base values (defaults, else first candidates)".into(),
    }];
    for (i, cands) in rendered.iter().enumerate() {
        for (value, reason) in cands {
            let mut args = base.clone();
            args[i] = value.clone();
            if cases.len() < MAX_CASES && !cases.iter().any(|c| c.args == args) {
                cases.push(TestCase {
                    args,
                    reason: format!("{} = {value}: {reason}", params[i].name),
                });
            }
        }
    }
    cases
}
