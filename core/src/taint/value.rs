//! Abstract values of the taint interpreter: where a value may come from.

use std::rc::Rc;

/// One step of a flow: a place in the file and what happens there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub start_byte: usize,
    pub end_byte: usize,
    pub note: String,
}

/// Steps from a source, shared between the values derived from it.
pub(super) type Flow = Rc<Vec<Step>>;

/// Flows longer than this keep their source and their last steps only.
const MAX_STEPS: usize = 12;

pub(super) fn extend(flow: &Flow, step: Step) -> Flow {
    let mut steps = Vec::with_capacity(flow.len() + 1);
    if flow.len() >= MAX_STEPS {
        steps.push(flow[0].clone());
        steps.extend_from_slice(&flow[flow.len() - MAX_STEPS + 2..]);
    } else {
        steps.extend_from_slice(flow);
    }
    steps.push(step);
    Rc::new(steps)
}

/// A constant, as far as conditions need one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Konst {
    Bool(bool),
    Int(i64),
    Str,
    Null,
}

impl Konst {
    /// Truth in a condition, when the language's rules make it certain.
    pub fn truth(self) -> Option<bool> {
        match self {
            Konst::Bool(b) => Some(b),
            Konst::Int(i) => Some(i != 0),
            Konst::Null => Some(false),
            Konst::Str => None,
        }
    }
}

/// What the interpreter knows of a value.
#[derive(Debug, Clone)]
pub(super) struct Val {
    /// Comes from a source, by this flow.
    pub taint: Option<Flow>,
    /// Rules (bit = rule index) for which the value is safe: constants and sanitized data.
    pub safe: u64,
    /// Parameters of the current function it may come from (bit = parameter index).
    pub params: u64,
    /// Comes from somewhere the analysis does not follow (a global, an unknown attribute).
    pub unknown: bool,
    /// A string built from a non-constant part (concatenation, interpolation, formatting).
    pub built: bool,
    pub konst: Option<Konst>,
    /// Where this string was reported as a string sink (SQL text): a later call sink of the
    /// same rule reports it instead.
    pub string_hit: Option<(usize, usize)>,
}

impl Val {
    pub fn konst(k: Konst) -> Val {
        Val {
            konst: Some(k),
            ..Val::clean()
        }
    }

    /// Safe for every rule, but not a known constant (a length, a number parsed from input).
    pub fn clean() -> Val {
        Val {
            taint: None,
            safe: !0,
            params: 0,
            unknown: false,
            built: false,
            konst: None,
            string_hit: None,
        }
    }

    pub fn unknown() -> Val {
        Val {
            unknown: true,
            safe: 0,
            ..Val::clean()
        }
    }

    pub fn param(index: usize) -> Val {
        Val {
            params: 1 << index.min(63),
            safe: 0,
            ..Val::clean()
        }
    }

    pub fn tainted(flow: Flow) -> Val {
        Val {
            taint: Some(flow),
            safe: 0,
            ..Val::clean()
        }
    }

    /// Neither tainted, nor of unknown origin, nor from a parameter.
    pub fn is_constant(&self) -> bool {
        self.taint.is_none() && self.params == 0 && !self.unknown
    }

    pub fn is_const_string(&self) -> bool {
        self.konst == Some(Konst::Str) || (self.built && self.is_constant())
    }

    /// The value that may be either (branches, operands, collection elements).
    pub fn join(&self, other: &Val) -> Val {
        let taint = match (&self.taint, &other.taint) {
            (Some(a), Some(b)) => Some(if b.len() < a.len() { b } else { a }.clone()),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        Val {
            taint,
            safe: self.safe & other.safe,
            params: self.params | other.params,
            unknown: self.unknown || other.unknown,
            built: self.built || other.built,
            konst: None,
            string_hit: self.string_hit.or(other.string_hit),
        }
    }

    /// A string made of this value's parts: built when some part is not constant.
    pub fn into_built(mut self) -> Val {
        if !self.is_constant() {
            self.built = true;
        } else if self.konst.is_none() {
            self.konst = Some(Konst::Str);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_keep_taint_and_intersect_safety() {
        let flow: Flow = Rc::new(vec![Step {
            start_byte: 0,
            end_byte: 1,
            note: "source".into(),
        }]);
        let joined = Val::konst(Konst::Str).join(&Val::tainted(flow));
        assert!(joined.taint.is_some() && joined.safe == 0 && !joined.is_constant());
        let constant = Val::konst(Konst::Str).join(&Val::konst(Konst::Int(1)));
        assert!(constant.is_constant() && constant.safe == !0 && constant.konst.is_none());
        assert!(Val::unknown().join(&Val::clean()).unknown);
        assert_eq!(Konst::Int(0).truth(), Some(false));
        assert_eq!(Konst::Str.truth(), None);
    }
}
