//! One file's taint analysis: import aliases, module-level values, the functions and their
//! summaries, and the passes over them.

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::eval::Env;
use super::spec::Spec;
use super::syntax::{Role, Syntax};
use super::value::{Step, Val};
use crate::vocab::Language;

/// A sink reached, before it becomes a finding.
#[derive(Debug, Clone)]
pub(super) struct Hit {
    pub sink: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    /// The value comes from a source (else: of unknown origin, not constant).
    pub tainted: bool,
    pub steps: Vec<Step>,
    pub fix: Option<super::fix::Replacement>,
}

impl Hit {
    pub fn new(sink: usize, at: Node<'_>, tainted: bool, steps: Vec<Step>) -> Hit {
        Hit {
            sink,
            start_byte: at.start_byte(),
            end_byte: at.end_byte(),
            tainted,
            steps,
            fix: None,
        }
    }
}

/// A parameter that reaches a sink inside a function.
#[derive(Debug, Clone)]
pub(super) struct ParamSink {
    pub param: usize,
    pub sink: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    /// From the parameter's use to the sink.
    pub steps: Vec<Step>,
    pub fix: Option<super::fix::Replacement>,
}

/// What callers need to know of a function.
#[derive(Debug, Clone, Default)]
pub(super) struct Summary {
    /// Parameters before the first argument (`self`).
    pub offset: usize,
    pub ret: Option<Val>,
    pub param_sinks: Vec<ParamSink>,
}

impl Summary {
    /// Whether a call site sees more with it than without it.
    fn matters(&self) -> bool {
        !self.param_sinks.is_empty()
            || self
                .ret
                .as_ref()
                .is_some_and(|r| r.params != 0 || r.taint.is_some() || r.unknown || r.built)
    }

    fn merge(&mut self, other: Summary) {
        self.ret = match (self.ret.take(), other.ret) {
            (Some(a), Some(b)) => Some(a.join(&b)),
            (a, b) => a.or(b),
        };
        self.param_sinks.extend(other.param_sinks);
    }
}

/// The state of the function being interpreted.
#[derive(Debug, Default)]
pub(super) struct Frame {
    pub env: Env,
    /// Names bound to modules in this function (`const cp = require("child_process")`).
    pub aliases: HashMap<String, String>,
    /// Nesting of branches and loops: assignments there join with the old value.
    pub weak: u32,
    pub ret: Option<Val>,
    pub param_sinks: Vec<ParamSink>,
    pub module: bool,
}

impl Frame {
    pub fn set(&mut self, name: String, val: Val) {
        if self.weak > 0 {
            self.weak_set(name, val);
        } else {
            self.env.insert(name, val);
        }
    }

    pub fn weak_set(&mut self, name: String, val: Val) {
        let joined = match self.env.get(&name) {
            Some(old) => old.join(&val),
            None => val,
        };
        self.env.insert(name, joined);
    }
}

/// A function to analyse.
struct Function<'t> {
    node: Node<'t>,
    name: String,
    params: Vec<(String, Node<'t>)>,
    body: Option<Node<'t>>,
}

pub(super) struct FileTaint<'a> {
    pub syn: &'static Syntax,
    pub spec: &'a Spec,
    pub src: &'a [u8],
    pub language: Language,
    /// Module-wide import aliases: local name → module path.
    pub aliases: HashMap<String, String>,
    /// Module-level and class-level values (constants, mostly).
    pub globals: Env,
    pub summaries: HashMap<String, Summary>,
    /// Functions of this file called before their summary existed (in this pass).
    pub forward: std::collections::HashSet<String>,
    /// Names of the functions of this file.
    pub defined: std::collections::HashSet<String>,
    report: bool,
    pub hits: Vec<Hit>,
    /// String-sink hits `(rule, span)` whose string reached a call sink of the same rule.
    pub absorbed: Vec<(usize, (usize, usize))>,
}

impl<'a> FileTaint<'a> {
    pub fn new(language: Language, spec: &'a Spec, src: &'a [u8]) -> FileTaint<'a> {
        FileTaint {
            syn: Syntax::of(language),
            spec,
            src,
            language,
            aliases: HashMap::new(),
            globals: Env::new(),
            summaries: HashMap::new(),
            forward: Default::default(),
            defined: Default::default(),
            report: false,
            hits: Vec::new(),
            absorbed: Vec::new(),
        }
    }

    /// Runs the analysis over a tree: summaries first, then a reporting pass.
    pub fn run(&mut self, root: Node<'_>) {
        self.collect_imports(root);
        let mut functions = Vec::new();
        self.collect_functions(root, &mut functions);
        self.defined = functions.iter().map(|f| f.name.clone()).collect();
        // One pass reports everything when every function a call names was summarised before
        // the call was met; otherwise a second pass, with all summaries known, replaces it.
        self.report = true;
        self.pass(root, &functions);
        let stale = self
            .forward
            .iter()
            .any(|name| self.summaries.get(name).is_some_and(Summary::matters));
        if stale {
            self.hits.clear();
            self.absorbed.clear();
            self.pass(root, &functions);
        }
        self.drop_nested_string_hits();
    }

    fn pass(&mut self, root: Node<'_>, functions: &[Function<'_>]) {
        {
            let mut module = Frame {
                module: true,
                ..Frame::default()
            };
            self.visit(&mut module, root);
            for (name, alias) in module.aliases {
                self.aliases.insert(name, alias);
            }
            self.globals = module.env;
            let mut next: HashMap<String, Summary> = HashMap::new();
            for function in functions {
                let summary = self.function(function);
                if !function.name.is_empty() {
                    // Overloads share a name: their summaries merge. Later functions of this
                    // pass already see the new summary.
                    let merged = match next.remove(&function.name) {
                        Some(mut s) => {
                            s.merge(summary);
                            s
                        }
                        None => summary,
                    };
                    self.summaries.insert(function.name.clone(), merged.clone());
                    next.insert(function.name.clone(), merged);
                }
            }
        }
    }

    /// A SQL string built inside a query call's argument is one problem, reported at the call.
    fn drop_nested_string_hits(&mut self) {
        let spec = self.spec;
        let hits = std::mem::take(&mut self.hits);
        let keep: Vec<bool> = hits
            .iter()
            .map(|h| {
                let rule = spec.sinks[h.sink].rule;
                spec.sinks[h.sink].strings.is_none()
                    || !self.absorbed.contains(&(rule, (h.start_byte, h.end_byte)))
                        && !hits.iter().any(|o| {
                            spec.sinks[o.sink].strings.is_none()
                                && spec.sinks[o.sink].rule == spec.sinks[h.sink].rule
                                && o.start_byte <= h.start_byte
                                && h.end_byte <= o.end_byte
                        })
            })
            .collect();
        self.hits = hits
            .into_iter()
            .zip(keep)
            .filter_map(|(h, k)| k.then_some(h))
            .collect();
    }

    pub fn hit(&mut self, hit: Hit) {
        if !self.report {
            return;
        }
        match self.hits.iter_mut().find(|h| {
            h.sink == hit.sink && h.start_byte == hit.start_byte && h.end_byte == hit.end_byte
        }) {
            Some(old) if hit.tainted && !old.tainted => *old = hit,
            Some(_) => {}
            None => self.hits.push(hit),
        }
    }

    fn function(&mut self, function: &Function<'_>) -> Summary {
        let mut frame = Frame::default();
        let offset = usize::from(
            function
                .params
                .first()
                .is_some_and(|(n, _)| self.syn.self_names.contains(&n.as_str())),
        );
        for (i, (name, node)) in function.params.iter().enumerate() {
            let val = if i < offset || self.scalar_param(*node) {
                Val::clean()
            } else if let Some((label, safe)) = self.handler_source(function, *node, name) {
                let step = Step {
                    start_byte: node.start_byte(),
                    end_byte: node.end_byte(),
                    note: format!("{label}: parameter `{name}`"),
                };
                let mut val = Val::tainted(Rc::new(vec![step]));
                val.safe = safe;
                val
            } else {
                Val::param(i)
            };
            frame.env.insert(name.clone(), val);
        }
        if let Some(body) = function.body {
            let expression_body = function.node.kind() == "arrow_function"
                && body.kind() != "statement_block"
                || function.node.kind() == "lambda";
            let v = self.children_or_self(&mut frame, body);
            if expression_body {
                frame.ret = Some(v);
            }
        }
        Summary {
            offset,
            ret: frame.ret,
            param_sinks: frame.param_sinks,
        }
    }

    fn children_or_self(&mut self, frame: &mut Frame, body: Node<'_>) -> Val {
        match self.syn.role(body) {
            Some(_) => self.visit(frame, body),
            None => self.children(frame, body),
        }
    }

    /// A parameter declared as a number, a boolean, a date or a UUID cannot carry an injection.
    fn scalar_param(&self, param: Node<'_>) -> bool {
        const SCALARS: &[&str] = &[
            "int",
            "long",
            "short",
            "byte",
            "float",
            "double",
            "decimal",
            "bool",
            "boolean",
            "char",
            "Integer",
            "Long",
            "Short",
            "Byte",
            "Double",
            "Float",
            "Boolean",
            "BigDecimal",
            "BigInteger",
            "uint",
            "ulong",
            "ushort",
            "sbyte",
            "Guid",
            "DateTime",
            "DateTimeOffset",
            "UUID",
            "LocalDate",
            "LocalDateTime",
            "Instant",
            "int8",
            "int16",
            "int32",
            "int64",
            "uint8",
            "uint16",
            "uint32",
            "uint64",
            "float32",
            "float64",
            "time.Time",
            "time.Duration",
            "datetime",
            "date",
        ];
        self.syn
            .field(param, "type")
            .is_some_and(|t| SCALARS.contains(&self.text(t).trim_end_matches('?')))
    }

    /// The label of the handler rule that makes this parameter a source, if any.
    fn handler_source(
        &self,
        function: &Function<'_>,
        param: Node<'_>,
        name: &str,
    ) -> Option<(String, u64)> {
        if self.spec.handlers.is_empty() {
            return None;
        }
        let node = function.node;
        let head = match node.parent() {
            Some(p) if p.kind() == "decorated_definition" => {
                &self.src[p.start_byte()..node.start_byte()]
            }
            _ => {
                let end = self
                    .syn
                    .field(node, "parameters")
                    .map_or(node.start_byte(), |p| p.start_byte());
                &self.src[node.start_byte()..end]
            }
        };
        let head = std::str::from_utf8(head).unwrap_or_default();
        let param_text = self.text(param);
        let param_type = self
            .syn
            .field(param, "type")
            .map(|t| self.text(t))
            .unwrap_or_default();
        let class_head = self.class_head(node);
        self.spec
            .handlers
            .iter()
            .find(|h| {
                !h.except_names.iter().any(|n| n == name)
                    && h.function_marker.as_ref().is_none_or(|r| r.is_match(head))
                    && h.param_marker
                        .as_ref()
                        .is_none_or(|r| r.is_match(param_text))
                    && h.param_type.as_ref().is_none_or(|r| r.is_match(param_type))
                    && h.class_marker
                        .as_ref()
                        .is_none_or(|r| r.is_match(class_head))
            })
            .map(|h| (h.label.clone(), h.safe))
    }

    fn class_head(&self, node: Node<'_>) -> &'a str {
        let mut at = node.parent();
        while let Some(n) = at {
            if matches!(n.kind(), "class_definition" | "class_declaration") {
                let end = self
                    .syn
                    .field(n, "body")
                    .map_or(n.end_byte(), |b| b.start_byte());
                return std::str::from_utf8(&self.src[n.start_byte()..end]).unwrap_or_default();
            }
            at = n.parent();
        }
        ""
    }

    fn collect_functions<'t>(&self, root: Node<'t>, out: &mut Vec<Function<'t>>) {
        crate::rules::code::walk(root, |node| {
            if self.syn.role(node) == Some(Role::Function) {
                out.push(self.describe(node));
            }
        });
    }

    fn describe<'t>(&self, node: Node<'t>) -> Function<'t> {
        let name = match self.syn.field(node, "name") {
            Some(n) => self.text(n).to_owned(),
            None => match node.parent() {
                Some(p) if p.kind() == "variable_declarator" => self
                    .syn
                    .field(p, "name")
                    .map(|n| self.text(n).to_owned())
                    .unwrap_or_default(),
                _ => String::new(),
            },
        };
        let list = self
            .syn
            .field(node, "parameters")
            .or_else(|| self.syn.field(node, "parameter"));
        let mut params = Vec::new();
        if let Some(list) = list {
            if self.syn.role(list) == Some(Role::Ident) {
                params.push((self.text(list).to_owned(), list));
            } else {
                let mut cursor = list.walk();
                for p in list.named_children(&mut cursor) {
                    if p.kind() == "comment" {
                        continue;
                    }
                    let mut c = p.walk();
                    let names: Vec<Node<'t>> = p.children_by_field_name("name", &mut c).collect();
                    if names.is_empty() {
                        if let Some(id) = first_identifier(p, self.syn) {
                            params.push((self.text(id).to_owned(), p));
                        }
                    } else {
                        for n in names {
                            params.push((self.text(n).to_owned(), p));
                        }
                    }
                }
            }
        }
        Function {
            node,
            name,
            params,
            body: self.syn.field(node, "body"),
        }
    }
}

/// The innermost-left node of a member chain (`require("fs")` in `require("fs").promises`).
pub(super) fn leftmost<'t>(node: Node<'t>, syn: &Syntax) -> Option<Node<'t>> {
    match syn.role(node) {
        Some(Role::Member(object, _)) => leftmost(syn.field(node, object)?, syn),
        _ => Some(node),
    }
}

pub(super) fn first_identifier<'t>(node: Node<'t>, syn: &Syntax) -> Option<Node<'t>> {
    if syn.role(node) == Some(Role::Ident) {
        return Some(node);
    }
    let mut cursor = node.walk();
    let kids: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    kids.into_iter().find_map(|c| first_identifier(c, syn))
}

pub(super) fn collect_kind<'t>(node: Node<'t>, kind: &str, out: &mut Vec<Node<'t>>) {
    if node.kind() == kind {
        out.push(node);
        return;
    }
    let mut cursor = node.walk();
    let kids: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    for c in kids {
        collect_kind(c, kind, out);
    }
}
