//! The taint interpreter: walks one function's statements in order, keeping an abstract value
//! per variable, and reports sink arguments that may carry attacker-controlled data.
//!
//! Flow-sensitive on straight-line code (a variable overwritten by a constant is clean again),
//! path-insensitive elsewhere: both arms of a branch run and their assignments join (weak
//! updates); loop bodies run twice; a branch whose condition folds to a constant runs alone.
//! Calls to functions of the same file use their summaries (which parameters reach which sink,
//! which reach the return value).

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::file::{FileTaint, Frame};
use super::syntax::{INTERPOLATIONS, Role};
use super::value::{Konst, Step, Val, extend};

impl<'a> FileTaint<'a> {
    pub(super) fn text(&self, node: Node<'_>) -> &'a str {
        node.utf8_text(self.src).unwrap_or_default()
    }

    pub(super) fn step(&self, node: Node<'_>, note: String) -> Step {
        Step {
            start_byte: node.start_byte(),
            end_byte: node.end_byte(),
            note,
        }
    }

    /// Visits the named children in order; the value is their join.
    pub(super) fn children<'t>(&mut self, f: &mut Frame, node: Node<'t>) -> Val {
        let mut cursor = node.walk();
        let kids: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        let mut val: Option<Val> = None;
        for child in kids {
            if child.kind() == "comment" {
                continue;
            }
            let v = self.visit(f, child);
            val = Some(match val {
                Some(acc) => acc.join(&v),
                None => v,
            });
        }
        val.unwrap_or_else(Val::clean)
    }

    pub(super) fn visit(&mut self, f: &mut Frame, node: Node<'_>) -> Val {
        let Some(role) = self.syn.role(node) else {
            return self.children(f, node);
        };
        match role {
            Role::Function => Val::clean(),
            // Class bodies hold constants worth knowing (`static final String Q = "..."`).
            Role::Class if f.module => self.children(f, node),
            Role::Class => Val::clean(),
            Role::If => self.branch(f, node),
            Role::Loop => {
                f.weak += 1;
                self.children(f, node);
                self.children(f, node);
                f.weak -= 1;
                Val::clean()
            }
            Role::ForEach(left, right) => {
                let items = match self.syn.field(node, right) {
                    Some(r) => self.visit(f, r),
                    None => Val::clean(),
                };
                f.weak += 1;
                for _ in 0..2 {
                    if let Some(target) = self.syn.field(node, left) {
                        self.assign_to(f, target, items.clone(), false);
                    }
                    let mut cursor = node.walk();
                    let rest: Vec<Node<'_>> = node
                        .named_children(&mut cursor)
                        .filter(|c| {
                            Some(c.id()) != self.syn.field(node, left).map(|n| n.id())
                                && Some(c.id()) != self.syn.field(node, right).map(|n| n.id())
                        })
                        .collect();
                    for child in rest {
                        self.visit(f, child);
                    }
                }
                f.weak -= 1;
                Val::clean()
            }
            Role::Return => {
                let v = self.children(f, node);
                if node.named_child_count() > 0 {
                    f.ret = Some(match f.ret.take() {
                        Some(r) => r.join(&v),
                        None => v,
                    });
                }
                Val::clean()
            }
            Role::Assign(left, right) | Role::Declare(left, right) => {
                self.assignment(f, node, left, right, role)
            }
            Role::Call(callee, args) => self.call(f, node, callee, args, false),
            Role::New(ty, args) => self.call(f, node, ty, args, true),
            Role::Member(object, _) => self.member(f, node, object),
            Role::Index(object) => {
                let base = match self.syn.field(node, object) {
                    Some(o) => self.visit(f, o),
                    None => Val::clean(),
                };
                let index = self.children_except(f, node, object);
                base.join(&index)
            }
            Role::Ident => self.lookup(f, self.text(node)),
            Role::Str => {
                let mut val = Val::konst(Konst::Str);
                let mut cursor = node.walk();
                let parts: Vec<Node<'_>> = node
                    .named_children(&mut cursor)
                    .filter(|c| INTERPOLATIONS.contains(&c.kind()))
                    .collect();
                let interpolated = !parts.is_empty();
                for part in parts {
                    let v = self.children(f, part);
                    val = val.join(&v);
                }
                let mut val = val.into_built();
                if interpolated && !val.is_constant() {
                    self.string_sinks(f, node, node, &mut val);
                }
                val
            }
            Role::Literal => Val::konst(literal(self.text(node))),
            Role::Binary => self.binary(f, node),
            Role::Ternary => self.ternary(f, node),
            Role::Not => {
                let v = self.children(f, node);
                let op = node.child(0).map(|c| self.text(c)).unwrap_or_default();
                match v.konst.and_then(Konst::truth) {
                    Some(b) if op == "!" || op == "not" => Val::konst(Konst::Bool(!b)),
                    _ => v,
                }
            }
            Role::Keyword(_, value) => match field_or_last(node, value) {
                Some(v) => self.visit(f, v),
                None => Val::clean(),
            },
        }
    }

    fn children_except(&mut self, f: &mut Frame, node: Node<'_>, field: &str) -> Val {
        let skip = self.syn.field(node, field).map(|n| n.id());
        let mut cursor = node.walk();
        let kids: Vec<Node<'_>> = node
            .named_children(&mut cursor)
            .filter(|c| Some(c.id()) != skip)
            .collect();
        let mut val = Val::clean();
        for child in kids {
            val = val.join(&self.visit(f, child));
        }
        val
    }

    fn branch(&mut self, f: &mut Frame, node: Node<'_>) -> Val {
        if let Some(init) = self.syn.field(node, "initializer") {
            self.visit(f, init);
        }
        let truth = match self.syn.field(node, "condition") {
            Some(c) => self.visit(f, c).konst.and_then(Konst::truth),
            None => None,
        };
        let consequence = self.syn.field(node, "consequence");
        let mut cursor = node.walk();
        let alternatives: Vec<Node<'_>> = node
            .children_by_field_name("alternative", &mut cursor)
            .collect();
        match truth {
            Some(true) => {
                if let Some(c) = consequence {
                    self.visit(f, c);
                }
            }
            Some(false) => {
                for a in alternatives {
                    self.visit(f, a);
                }
            }
            None => {
                f.weak += 1;
                if let Some(c) = consequence {
                    self.visit(f, c);
                }
                for a in alternatives {
                    self.visit(f, a);
                }
                f.weak -= 1;
            }
        }
        Val::clean()
    }

    fn ternary(&mut self, f: &mut Frame, node: Node<'_>) -> Val {
        // Python writes `a if c else b` (operands in that order, no fields).
        let (condition, then, otherwise) = match self.syn.field(node, "condition") {
            Some(c) => (
                Some(c),
                self.syn.field(node, "consequence"),
                self.syn.field(node, "alternative"),
            ),
            None => (
                node.named_child(1),
                node.named_child(0),
                node.named_child(2),
            ),
        };
        let truth = condition.and_then(|c| self.visit(f, c).konst.and_then(Konst::truth));
        let mut arm = |node: Option<Node<'_>>, this: &mut Self| match node {
            Some(n) => this.visit(f, n),
            None => Val::clean(),
        };
        match truth {
            Some(true) => arm(then, self),
            Some(false) => arm(otherwise, self),
            None => {
                let a = arm(then, self);
                a.join(&arm(otherwise, self))
            }
        }
    }

    fn binary(&mut self, f: &mut Frame, node: Node<'_>) -> Val {
        // Python comparisons have no `left`/`right` fields: their first two operands.
        let left = self.syn.field(node, "left").or_else(|| node.named_child(0));
        let right = self.syn.field(node, "right").or_else(|| {
            (node.named_child_count() == 2)
                .then(|| node.named_child(1))
                .flatten()
        });
        let (Some(left), Some(right)) = (left, right) else {
            return self.children(f, node);
        };
        let l = self.visit(f, left);
        let r = self.visit(f, right);
        let op = match self.syn.field(node, "operator") {
            Some(o) => self.text(o),
            None => {
                // Python comparisons name their operators `operators`.
                let mut cursor = node.walk();
                let first = node.children_by_field_name("operators", &mut cursor).next();
                first.map(|o| self.text(o)).unwrap_or_default()
            }
        };
        if let (Some(a), Some(b)) = (l.konst, r.konst)
            && let Some(k) = fold(op, a, b)
        {
            return Val::konst(k);
        }
        let joined = l.join(&r);
        if (l.is_const_string() || r.is_const_string() || l.built || r.built)
            && matches!(op, "+" | "%" | "." | "")
        {
            let mut built = joined.into_built();
            if !built.is_constant() {
                for literal in [left, right] {
                    self.string_sinks(f, node, literal, &mut built);
                }
            }
            built
        } else {
            joined
        }
    }

    pub(super) fn lookup(&self, f: &Frame, name: &str) -> Val {
        if let Some(v) = f.env.get(name) {
            return v.clone();
        }
        if let Some(v) = self.globals.get(name) {
            return v.clone();
        }
        if self.trusted(name) {
            return Val::clean();
        }
        Val::unknown()
    }

    /// A member read: a source, a tracked field (`self.q`), or its object's value.
    pub(super) fn member(&mut self, f: &mut Frame, node: Node<'_>, object: &str) -> Val {
        let path = self.path(node);
        let resolved = self.resolve(f, &path);
        if let Some(source) = self.source_read(&path, &resolved) {
            let step = self.step(node, format!("{}: `{}`", source.label, self.text(node)));
            let mut val = Val::tainted(Rc::new(vec![step]));
            val.safe = source.safe;
            return val;
        }
        if let Some(v) = f.env.get(&path) {
            return v.clone();
        }
        if self.trusted(&resolved) || self.trusted(&path) {
            return Val::clean();
        }
        let mut val = match self.syn.field(node, object) {
            Some(o) => self.receiver(f, o),
            None => Val::unknown(),
        };
        // Properties that sanitize (`s.Length`, `s.length`): like their method forms.
        match self.sanitizer(&path, &resolved) {
            Some(u64::MAX) => Val::clean(),
            Some(mask) => {
                val.safe |= mask;
                val
            }
            None => val,
        }
    }

    /// The value of an object whose member is read or called: a namespace (a module, a class,
    /// a global object) contributes nothing; a variable contributes its value.
    pub(super) fn receiver(&mut self, f: &mut Frame, node: Node<'_>) -> Val {
        match self.syn.role(node) {
            Some(Role::Ident) => {
                let name = self.text(node);
                if f.env.contains_key(name) || self.globals.contains_key(name) {
                    self.lookup(f, name)
                } else {
                    Val::clean()
                }
            }
            Some(Role::Member(object, _)) => {
                let path = self.path(node);
                let resolved = self.resolve(f, &path);
                if self.source_read(&path, &resolved).is_some() || f.env.contains_key(&path) {
                    return self.visit(f, node);
                }
                match self.syn.field(node, object) {
                    Some(o) => self.receiver(f, o),
                    None => Val::clean(),
                }
            }
            _ => self.visit(f, node),
        }
    }

    fn assignment(
        &mut self,
        f: &mut Frame,
        node: Node<'_>,
        left: &str,
        right: &str,
        role: Role,
    ) -> Val {
        let Some(target) = self.syn.field(node, left) else {
            return self.children(f, node);
        };
        let value_node = if right.is_empty() {
            last_named_other(node, target)
        } else {
            self.syn.field(node, right)
        };
        let Some(value_node) = value_node else {
            if matches!(role, Role::Declare(..)) && !f.module {
                self.assign_to(f, target, Val::konst(Konst::Null), true);
            }
            return Val::clean();
        };
        if let Some(alias) = self.alias_of(f, value_node) {
            // `const cp = require("child_process")`: a name for a module, not a value.
            if self.syn.role(target) == Some(Role::Ident) {
                let name = self.text(target).to_owned();
                f.env.remove(&name);
                f.aliases.insert(name, alias);
                return Val::clean();
            }
            if target.kind() == "object_pattern" {
                self.destructure_alias(f, target, &alias);
                return Val::clean();
            }
        }
        let mut val = self.visit(f, value_node);
        let op = self
            .syn
            .field(node, "operator")
            .map(|o| self.text(o))
            .unwrap_or("=");
        if node.kind().starts_with("augmented") || (op != "=" && op != ":=") {
            val = self.visit(f, target).join(&val).into_built();
        }
        self.assign_to(f, target, val.clone(), true);
        val
    }

    /// `const {exec, readFile: read} = require("…")`: each name is a member of the module.
    fn destructure_alias(&mut self, f: &mut Frame, pattern: Node<'_>, module: &str) {
        let mut cursor = pattern.walk();
        let parts: Vec<Node<'_>> = pattern.named_children(&mut cursor).collect();
        for part in parts {
            let (key, local) = match part.kind() {
                "shorthand_property_identifier_pattern" => (self.text(part), self.text(part)),
                "pair_pattern" => {
                    match (self.syn.field(part, "key"), self.syn.field(part, "value")) {
                        (Some(k), Some(v)) => (self.text(k), self.text(v)),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            f.env.remove(local);
            f.aliases
                .insert(local.to_owned(), format!("{module}.{key}"));
        }
    }

    /// Stores `val` into an assignment target (a name, a field, an element, a tuple).
    pub(super) fn assign_to(&mut self, f: &mut Frame, target: Node<'_>, val: Val, report: bool) {
        match self.syn.role(target) {
            Some(Role::Ident) => {
                let name = self.text(target).to_owned();
                if report && !f.env.contains_key(&name) {
                    // `location = url` in a browser: a global with a setter.
                    self.check_assign_sink(f, target, &name, &val);
                }
                let val = self.note(val, target, &name);
                f.aliases.remove(&name);
                f.set(name, val);
            }
            Some(Role::Member(object, _)) => {
                let path = self.path(target);
                if report {
                    self.check_assign_sink(f, target, &path, &val);
                }
                let val = self.note(val, target, &path);
                if !val.is_constant()
                    && let Some(o) = self.syn.field(target, object)
                {
                    let base = self.path(o);
                    f.weak_set(base, val.clone());
                }
                f.set(path, val);
            }
            Some(Role::Index(object)) => {
                if let Some(o) = self.syn.field(target, object) {
                    let base = self.path(o);
                    if report {
                        self.check_assign_sink(f, target, &format!("{base}[]"), &val);
                    }
                    let val = self.note(val, target, &base);
                    f.weak_set(base, val);
                }
            }
            _ => {
                let mut cursor = target.walk();
                let parts: Vec<Node<'_>> = target.named_children(&mut cursor).collect();
                for part in parts {
                    self.assign_to(f, part, val.clone(), report);
                }
            }
        }
    }

    pub(super) fn note(&self, mut val: Val, at: Node<'_>, name: &str) -> Val {
        if let Some(flow) = &val.taint {
            val.taint = Some(extend(flow, self.step(at, format!("assigned to `{name}`"))));
        }
        val
    }
}

/// The last named child of `node` that is not `except` (a declarator's initial value).
pub(super) fn last_named_other<'t>(node: Node<'t>, except: Node<'t>) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.id() != except.id() && c.kind() != "comment")
        .last()
        .map(|c| {
            // C# wraps some initial values: `= value`.
            if c.kind() == "equals_value_clause" {
                c.named_child(0).unwrap_or(c)
            } else {
                c
            }
        })
}

pub(super) fn field_or_last<'t>(node: Node<'t>, field: &str) -> Option<Node<'t>> {
    if field.is_empty() {
        let count = node.named_child_count();
        node.named_child(u32::try_from(count.checked_sub(1)?).ok()?)
    } else {
        node.child_by_field_name(field)
    }
}

pub(super) fn literal(text: &str) -> Konst {
    match text {
        "true" | "True" => Konst::Bool(true),
        "false" | "False" => Konst::Bool(false),
        "null" | "None" | "nil" | "undefined" => Konst::Null,
        t => t
            .replace('_', "")
            .parse::<i64>()
            .map(Konst::Int)
            .unwrap_or(Konst::Int(1)),
    }
}

pub(super) fn fold(op: &str, a: Konst, b: Konst) -> Option<Konst> {
    let bool_of = |k: Konst| k.truth();
    Some(match op {
        "==" | "===" | "is" => Konst::Bool(match (a, b) {
            (Konst::Str, _) | (_, Konst::Str) => return None,
            _ => a == b,
        }),
        "!=" | "!==" => Konst::Bool(match (a, b) {
            (Konst::Str, _) | (_, Konst::Str) => return None,
            _ => a != b,
        }),
        "&&" | "and" => Konst::Bool(bool_of(a)? && bool_of(b)?),
        "||" | "or" => Konst::Bool(bool_of(a)? || bool_of(b)?),
        "<" | ">" | "<=" | ">=" => match (a, b) {
            (Konst::Int(x), Konst::Int(y)) => Konst::Bool(match op {
                "<" => x < y,
                ">" => x > y,
                "<=" => x <= y,
                _ => x >= y,
            }),
            _ => return None,
        },
        "+" | "%" => match (a, b) {
            (Konst::Int(x), Konst::Int(y)) if op == "+" => Konst::Int(x.wrapping_add(y)),
            (Konst::Str, _) | (_, Konst::Str) => Konst::Str,
            _ => return None,
        },
        _ => return None,
    })
}

/// `java.io.File<T>` → `File`.
pub(super) fn type_name(text: &str) -> &str {
    let base = text.split('<').next().unwrap_or(text).trim();
    base.rsplit(['.', ':']).next().unwrap_or(base)
}

pub(super) fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.len() > 80 {
        let mut end = 77;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &line[..end])
    } else {
        line.to_owned()
    }
}

pub(super) fn bits(mask: u64) -> impl Iterator<Item = usize> {
    (0..64).filter(move |i| mask & (1 << i) != 0)
}

/// Variables (and tracked fields) of a function, with their values.
pub(super) type Env = HashMap<String, Val>;
