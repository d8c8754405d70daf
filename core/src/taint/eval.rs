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

use super::file::{FileTaint, Frame, Hit, ParamSink};
use super::spec::FixKind;
use super::syntax::{INTERPOLATIONS, Role};
use super::value::{Konst, Step, Val, extend};

/// One argument of a call.
struct Arg<'t> {
    index: Option<usize>,
    name: Option<String>,
    val: Val,
    node: Node<'t>,
}

impl<'a> FileTaint<'a> {
    pub(super) fn text(&self, node: Node<'_>) -> &'a str {
        node.utf8_text(self.src).unwrap_or_default()
    }

    fn step(&self, node: Node<'_>, note: String) -> Step {
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
        let Some(role) = self.syn.role(node.kind()) else {
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
                let items = match node.child_by_field_name(right) {
                    Some(r) => self.visit(f, r),
                    None => Val::clean(),
                };
                f.weak += 1;
                for _ in 0..2 {
                    if let Some(target) = node.child_by_field_name(left) {
                        self.assign_to(f, target, items.clone(), false);
                    }
                    let mut cursor = node.walk();
                    let rest: Vec<Node<'_>> = node
                        .named_children(&mut cursor)
                        .filter(|c| {
                            Some(c.id()) != node.child_by_field_name(left).map(|n| n.id())
                                && Some(c.id()) != node.child_by_field_name(right).map(|n| n.id())
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
                let base = match node.child_by_field_name(object) {
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
        let skip = node.child_by_field_name(field).map(|n| n.id());
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
        if let Some(init) = node.child_by_field_name("initializer") {
            self.visit(f, init);
        }
        let truth = match node.child_by_field_name("condition") {
            Some(c) => self.visit(f, c).konst.and_then(Konst::truth),
            None => None,
        };
        let consequence = node.child_by_field_name("consequence");
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

    fn binary(&mut self, f: &mut Frame, node: Node<'_>) -> Val {
        // Python comparisons have no `left`/`right` fields: their first two operands.
        let left = node
            .child_by_field_name("left")
            .or_else(|| node.named_child(0));
        let right = node.child_by_field_name("right").or_else(|| {
            (node.named_child_count() == 2)
                .then(|| node.named_child(1))
                .flatten()
        });
        let (Some(left), Some(right)) = (left, right) else {
            return self.children(f, node);
        };
        let l = self.visit(f, left);
        let r = self.visit(f, right);
        let op = match node.child_by_field_name("operator") {
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

    /// A string built at `at` from the literal `literal` and non-constant parts: a sink when
    /// the literal looks like one (SQL text).
    fn string_sinks(&mut self, f: &mut Frame, at: Node<'_>, literal: Node<'_>, val: &mut Val) {
        if self.syn.role(literal.kind()) != Some(Role::Str) {
            return;
        }
        let text = self.text(literal);
        for si in 0..self.spec.sinks.len() {
            if self.spec.sinks[si]
                .strings
                .as_ref()
                .is_some_and(|r| r.is_match(text))
            {
                self.sink_value(f, si, at, at, val);
                val.string_hit = Some((at.start_byte(), at.end_byte()));
            }
        }
    }

    fn lookup(&self, f: &Frame, name: &str) -> Val {
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
    fn member(&mut self, f: &mut Frame, node: Node<'_>, object: &str) -> Val {
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
        match node.child_by_field_name(object) {
            Some(o) => self.receiver(f, o),
            None => Val::unknown(),
        }
    }

    /// The value of an object whose member is read or called: a namespace (a module, a class,
    /// a global object) contributes nothing; a variable contributes its value.
    fn receiver(&mut self, f: &mut Frame, node: Node<'_>) -> Val {
        match self.syn.role(node.kind()) {
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
                match node.child_by_field_name(object) {
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
        let Some(target) = node.child_by_field_name(left) else {
            return self.children(f, node);
        };
        let value_node = if right.is_empty() {
            last_named_other(node, target)
        } else {
            node.child_by_field_name(right)
        };
        let Some(value_node) = value_node else {
            if matches!(role, Role::Declare(..)) && !f.module {
                self.assign_to(f, target, Val::konst(Konst::Null), true);
            }
            return Val::clean();
        };
        if let Some(alias) = self.alias_of(f, value_node) {
            // `const cp = require("child_process")`: a name for a module, not a value.
            if self.syn.role(target.kind()) == Some(Role::Ident) {
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
        let op = node
            .child_by_field_name("operator")
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
                "pair_pattern" => match (
                    part.child_by_field_name("key"),
                    part.child_by_field_name("value"),
                ) {
                    (Some(k), Some(v)) => (self.text(k), self.text(v)),
                    _ => continue,
                },
                _ => continue,
            };
            f.env.remove(local);
            f.aliases
                .insert(local.to_owned(), format!("{module}.{key}"));
        }
    }

    /// Stores `val` into an assignment target (a name, a field, an element, a tuple).
    pub(super) fn assign_to(&mut self, f: &mut Frame, target: Node<'_>, val: Val, report: bool) {
        match self.syn.role(target.kind()) {
            Some(Role::Ident) => {
                let name = self.text(target).to_owned();
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
                    && let Some(o) = target.child_by_field_name(object)
                {
                    let base = self.path(o);
                    f.weak_set(base, val.clone());
                }
                f.set(path, val);
            }
            Some(Role::Index(object)) => {
                if let Some(o) = target.child_by_field_name(object) {
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

    fn note(&self, mut val: Val, at: Node<'_>, name: &str) -> Val {
        if let Some(flow) = &val.taint {
            val.taint = Some(extend(flow, self.step(at, format!("assigned to `{name}`"))));
        }
        val
    }

    fn call(
        &mut self,
        f: &mut Frame,
        node: Node<'_>,
        callee_field: &str,
        args_field: &str,
        construct: bool,
    ) -> Val {
        let callee = node.child_by_field_name(callee_field);
        // Java names the receiver `object` and the method `name`.
        let object = node.child_by_field_name("object").or_else(|| {
            callee.and_then(|c| match self.syn.role(c.kind()) {
                Some(Role::Member(o, _)) => c.child_by_field_name(o),
                _ => None,
            })
        });
        let path = match (construct, callee) {
            (true, Some(t)) => format!("new {}", type_name(self.text(t))),
            (false, Some(c)) => match node.child_by_field_name("object") {
                Some(o) => format!("{}.{}", self.path(o), self.text(c)),
                None => self.path(c),
            },
            _ => String::from("?"),
        };
        let resolved = self.resolve(f, &path);
        let recv = match object {
            Some(o) => self.receiver(f, o),
            None => Val::clean(),
        };
        let args = self.arguments(f, node.child_by_field_name(args_field));
        if let Some(source) = self.source_call(&path, &resolved) {
            let step = self.step(
                node,
                format!("{}: `{}`", source.label, short(self.text(node))),
            );
            let mut val = Val::tainted(Rc::new(vec![step]));
            val.safe = source.safe;
            return val;
        }
        let mut all = recv;
        for a in &args {
            all = all.join(&a.val);
        }
        let builder = self
            .spec
            .builders
            .iter()
            .any(|p| p.matches(&resolved) || p.matches(&path));
        if let Some(mask) = self.sanitizer(&path, &resolved) {
            if mask == !0 {
                return Val::clean();
            }
            all.safe |= mask;
            if !builder {
                return all;
            }
        }
        let call_text = self.text(node);
        for si in 0..self.spec.sinks.len() {
            let sink = &self.spec.sinks[si];
            if !sink
                .calls
                .iter()
                .any(|p| p.matches(&resolved) || p.matches(&path))
                || sink.when.as_ref().is_some_and(|r| !r.is_match(call_text))
                || sink.unless.as_ref().is_some_and(|r| r.is_match(call_text))
            {
                continue;
            }
            if sink.always {
                let step = self.step(node, sink.label.clone());
                self.hit(Hit::new(si, node, false, vec![step]));
                continue;
            }
            let checked: Vec<(Val, Node<'_>)> = args
                .iter()
                .filter(|a| sink.checks(a.index, a.name.as_deref()))
                .map(|a| (a.val.clone(), a.node))
                .collect();
            for (val, arg_node) in checked {
                self.sink_value(f, si, node, arg_node, &val);
            }
        }
        let method = path.rsplit('.').next().unwrap_or(&path);
        if let Some(o) = object
            && self.spec.mutators.iter().any(|m| m == method)
            && !args.is_empty()
        {
            let mut stored = Val::konst(Konst::Null);
            for a in &args {
                stored = stored.join(&a.val);
            }
            if !stored.is_constant() {
                let base = self.path(o);
                let stored = self.note(stored, o, &base);
                f.weak_set(base, stored);
            }
        }
        if let Some(v) = self.apply_summary(f, node, method, object, &args) {
            return v;
        }
        if builder {
            let mut built = all.into_built();
            if !built.is_constant() {
                // `"SELECT … {}".format(x)`, `String.format("SELECT … %s", x)`.
                let literal = object.or_else(|| args.first().map(|a| a.node));
                if let Some(literal) = literal {
                    self.string_sinks(f, node, literal, &mut built);
                }
            }
            return built;
        }
        all
    }

    fn arguments<'t>(&mut self, f: &mut Frame, list: Option<Node<'t>>) -> Vec<Arg<'t>> {
        let Some(list) = list else {
            return Vec::new();
        };
        let mut cursor = list.walk();
        let kids: Vec<Node<'t>> = list
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .collect();
        let mut out = Vec::with_capacity(kids.len());
        let mut position = 0;
        for child in kids {
            let (name, value) = match self.syn.role(child.kind()) {
                Some(Role::Keyword(name_field, value_field)) => (
                    child
                        .child_by_field_name(name_field)
                        .map(|n| self.text(n).to_owned()),
                    field_or_last(child, value_field).unwrap_or(child),
                ),
                _ => (None, child),
            };
            let val = self.visit(f, value);
            let index = if name.is_none() {
                position += 1;
                Some(position - 1)
            } else {
                None
            };
            out.push(Arg {
                index,
                name,
                val,
                node: value,
            });
        }
        out
    }

    /// A value reaches sink `si` at `call`.
    fn sink_value(&mut self, f: &mut Frame, si: usize, call: Node<'_>, arg: Node<'_>, val: &Val) {
        let sink = &self.spec.sinks[si];
        let sink_step = self.step(
            call,
            format!("reaches {}: `{}`", sink.label, short(self.text(call))),
        );
        if sink.constant {
            // A hardening rule: constant values only (others belong to the injection rule).
            if val.is_constant() {
                self.hit(Hit::new(si, call, false, vec![sink_step]));
            }
            return;
        }
        if val.safe & (1 << sink.rule) != 0 {
            return;
        }
        if sink.strings.is_none()
            && let Some(span) = val.string_hit
        {
            self.absorbed.push((sink.rule, span));
        }
        let fix = match sink.fix {
            Some(FixKind::SqlParameters) if self.syn.self_names.contains(&"self") => {
                super::fix::sql_parameters(call, arg, self.src)
            }
            _ => None,
        };
        if let Some(flow) = &val.taint {
            let flow = extend(flow, sink_step);
            let mut hit = Hit::new(si, call, true, flow.as_ref().clone());
            hit.fix = fix;
            self.hit(hit);
            return;
        }
        for p in bits(val.params) {
            f.param_sinks.push(ParamSink {
                param: p,
                sink: si,
                start_byte: call.start_byte(),
                end_byte: call.end_byte(),
                steps: vec![
                    self.step(arg, format!("passed to {}", sink.label)),
                    sink_step.clone(),
                ],
                fix: fix.clone(),
            });
        }
        let report = match sink.unknown {
            super::spec::UnknownPolicy::None => false,
            super::spec::UnknownPolicy::Built => val.built,
            super::spec::UnknownPolicy::Any => true,
        };
        if report && (val.unknown || val.params != 0) {
            let mut hit = Hit::new(si, call, false, vec![sink_step]);
            hit.fix = fix;
            self.hit(hit);
        }
    }

    fn check_assign_sink(&mut self, f: &mut Frame, target: Node<'_>, path: &str, val: &Val) {
        let resolved = self.resolve(f, path);
        for si in 0..self.spec.sinks.len() {
            if self.spec.sinks[si]
                .assigns
                .iter()
                .any(|p| p.matches(path) || p.matches(&resolved))
            {
                let at = target.parent().unwrap_or(target);
                self.sink_value(f, si, at, at, val);
            }
        }
    }

    /// Applies the summary of a function of this file, if `method` names one.
    fn apply_summary(
        &mut self,
        f: &mut Frame,
        call: Node<'_>,
        method: &str,
        object: Option<Node<'_>>,
        args: &[Arg<'_>],
    ) -> Option<Val> {
        let same_object = object.is_none_or(|o| self.syn.self_names.contains(&self.text(o)));
        if !same_object && self.syn.self_names.is_empty() && object.is_some() {
            // Go: a method call on any receiver may be one of this file's methods.
        } else if !same_object {
            return None;
        }
        if !self.defined.contains(method) {
            return None;
        }
        self.used_summaries = true;
        let summary = self.summaries.get(method)?.clone();
        let positional: Vec<&Arg<'_>> = args.iter().filter(|a| a.index.is_some()).collect();
        let arg_at = |param: usize| {
            param
                .checked_sub(summary.offset)
                .and_then(|i| positional.get(i))
        };
        for ps in &summary.param_sinks {
            let Some(arg) = arg_at(ps.param) else {
                continue;
            };
            let rule = self.spec.sinks[ps.sink].rule;
            if arg.val.safe & (1 << rule) != 0 {
                continue;
            }
            let pass = self.step(arg.node, format!("passed to `{method}`"));
            if let Some(flow) = &arg.val.taint {
                let mut steps = extend(flow, pass.clone()).as_ref().clone();
                steps.extend(ps.steps.iter().cloned());
                self.hit(Hit {
                    sink: ps.sink,
                    start_byte: ps.start_byte,
                    end_byte: ps.end_byte,
                    tainted: true,
                    steps,
                    fix: ps.fix.clone(),
                });
            }
            for p in bits(arg.val.params) {
                let mut steps = vec![pass.clone()];
                steps.extend(ps.steps.iter().cloned());
                f.param_sinks.push(ParamSink {
                    param: p,
                    steps,
                    ..ps.clone()
                });
            }
        }
        let _ = call;
        let ret = summary.ret?;
        let mut val = Val {
            params: 0,
            ..ret.clone()
        };
        for p in bits(ret.params) {
            if let Some(arg) = arg_at(p) {
                val = val.join(&arg.val);
            }
        }
        Some(val)
    }
}

/// The last named child of `node` that is not `except` (a declarator's initial value).
fn last_named_other<'t>(node: Node<'t>, except: Node<'t>) -> Option<Node<'t>> {
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

fn field_or_last<'t>(node: Node<'t>, field: &str) -> Option<Node<'t>> {
    if field.is_empty() {
        let count = node.named_child_count();
        node.named_child(u32::try_from(count.checked_sub(1)?).ok()?)
    } else {
        node.child_by_field_name(field)
    }
}

fn literal(text: &str) -> Konst {
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

fn fold(op: &str, a: Konst, b: Konst) -> Option<Konst> {
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
fn type_name(text: &str) -> &str {
    let base = text.split('<').next().unwrap_or(text).trim();
    base.rsplit(['.', ':']).next().unwrap_or(base)
}

fn short(text: &str) -> String {
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

fn bits(mask: u64) -> impl Iterator<Item = usize> {
    (0..64).filter(move |i| mask & (1 << i) != 0)
}

/// Unused-name guard for maps the file module builds.
pub(super) type Env = HashMap<String, Val>;
