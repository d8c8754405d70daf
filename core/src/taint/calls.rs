//! Calls in the taint interpreter: sources, sanitizers, sinks, mutators, builders and the
//! summaries of the file's own functions.

use tree_sitter::Node;

use super::eval::{bits, field_or_last, short, type_name};
use super::file::{FileTaint, Frame, Hit, ParamSink};
use super::spec::FixKind;
use super::syntax::Role;
use super::value::{Konst, Val, extend};
use std::rc::Rc;

/// One argument of a call.
pub(super) struct Arg<'t> {
    pub index: Option<usize>,
    pub name: Option<String>,
    pub val: Val,
    pub node: Node<'t>,
}

impl FileTaint<'_> {
    /// A string built at `at` from the literal `literal` and non-constant parts: a sink when
    /// the literal looks like one (SQL text).
    pub(super) fn string_sinks(
        &mut self,
        f: &mut Frame,
        at: Node<'_>,
        literal: Node<'_>,
        val: &mut Val,
    ) {
        if self.syn.role(literal) != Some(Role::Str) {
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

    /// The variable at the start of a call chain: `sb` in `sb.append(a).append`.
    fn chain_root<'t>(&self, mut node: Node<'t>) -> Node<'t> {
        loop {
            let inner = match self.syn.role(node) {
                Some(Role::Call(callee, _)) => self.syn.field(node, "object").or_else(|| {
                    self.syn
                        .field(node, callee)
                        .and_then(|c| match self.syn.role(c) {
                            Some(Role::Member(o, _)) => self.syn.field(c, o),
                            _ => None,
                        })
                }),
                _ => None,
            };
            match inner {
                Some(n) => node = n,
                None => return node,
            }
        }
    }

    pub(super) fn call(
        &mut self,
        f: &mut Frame,
        node: Node<'_>,
        callee_field: &str,
        args_field: &str,
        construct: bool,
    ) -> Val {
        let callee = self.syn.field(node, callee_field);
        // Java names the receiver `object` and the method `name`.
        let object = self.syn.field(node, "object").or_else(|| {
            callee.and_then(|c| match self.syn.role(c) {
                Some(Role::Member(o, _)) => self.syn.field(c, o),
                _ => None,
            })
        });
        let path = match (construct, callee) {
            (true, Some(t)) => format!("new {}", type_name(self.text(t))),
            (false, Some(c)) => match self.syn.field(node, "object") {
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
        let args = self.arguments(f, self.syn.field(node, args_field));
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
        let builder = self.spec.builder_calls.first(&path, &resolved).is_some();
        let call_text = self.text(node);
        for si in self.spec.sink_calls.tags(&path, &resolved) {
            let sink = &self.spec.sinks[si];
            if sink.when.as_ref().is_some_and(|r| !r.is_match(call_text))
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
        // After the sinks: a sanitizer of one rule can be another's sink (`root.find(xpath)`).
        if let Some(mask) = self.sanitizer(&path, &resolved) {
            if mask == !0 {
                return Val::clean();
            }
            all.safe |= mask;
            if !builder {
                return all;
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
                // `sb.append("<td>").append(x)` stores into `sb`.
                let root = self.chain_root(o);
                let base = self.path(root);
                let stored = self.note(stored, root, &base);
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
            let (name, value) = match self.syn.role(child) {
                Some(Role::Keyword(name_field, value_field)) => (
                    self.syn
                        .field(child, name_field)
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

    pub(super) fn check_assign_sink(
        &mut self,
        f: &mut Frame,
        target: Node<'_>,
        path: &str,
        val: &Val,
    ) {
        let resolved = self.resolve(f, path);
        for si in self.spec.sink_assigns.tags(path, &resolved) {
            let at = target.parent().unwrap_or(target);
            self.sink_value(f, si, at, at, val);
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
        let Some(summary) = self.summaries.get(method).cloned() else {
            // Defined later in the file: known after this pass.
            self.forward.insert(method.to_owned());
            return None;
        };
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
