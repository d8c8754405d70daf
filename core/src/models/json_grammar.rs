//! Byte-level recogniser for JSON documents that validate against a JSON Schema subset.
//!
//! Constrained decoding asks, token by token, which byte strings keep the output a viable prefix
//! of a valid document. [`JsonGrammar::compile`] turns a schema into an arena of nodes once;
//! [`JsonState`] is a short stack of small `Copy` frames plus an [`Arc`] to that grammar, so the
//! decoder can clone it at every trie node and feed bytes one at a time. A byte is accepted only
//! if some continuation still reaches a complete valid document (no dead ends), and
//! [`JsonState::completion`] closes any accepted prefix.
//!
//! # Accepted output
//! Deliberately narrow so that a small model cannot wander: no whitespace except one optional
//! space after `:` and after `,`; strings are valid UTF-8 and refuse `\uD800`–`\uDFFF` escapes
//! (serde_json rejects unpaired ones; such characters can be written raw); numbers have at most
//! 15 integer, 15 fraction and 2 exponent digits (`1e999` would overflow `f64`); nesting is at
//! most 32 deep. A top-level number is complete as soon as it is valid but may take more digits.
//!
//! # Schema subset
//! `type` (one or several), `enum`, `const`, `anyOf`/`oneOf` whose alternatives start with
//! different bytes, local `$ref` (recursion included), `properties`, `required`,
//! `additionalProperties`, `items`, `minItems`, `maxItems`, `minLength`, `maxLength`, `minimum`,
//! `maximum`, `exclusiveMinimum`, `exclusiveMaximum`. Annotations (`format` included) are ignored;
//! any other keyword is refused rather than silently weakened. Narrowing choices:
//! - objects with `properties` accept only those keys, each at most once, in the order the
//!   schema's map iterates (serde_json here is built without `preserve_order`, so alphabetical);
//!   `additionalProperties` is then ignored;
//! - without `type`, the type is inferred from the keywords present (`properties` → object, …);
//! - `enum`/`const` may only be combined with `type` (members of other types are dropped);
//! - bounded `number`s are written without an exponent, and their exclusive bounds are moved to
//!   the next `f64` inward so that documents still validate once parsed into `f64`;
//! - `uniqueItems: false` is ignored; `true` is refused, like `pattern` and `multipleOf`.
//!
//! Completions pick, where there is a choice, the declared first `enum` member, the alternative
//! with the shallowest minimal value (declaration order breaks ties, so `any` gives `null`), the
//! next required property, and for bounded numbers the first byte that completes the number.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

/// Deepest nesting of arrays and objects a document may reach.
const MAX_DEPTH: u32 = 32;
const MAX_INT_DIGITS: u8 = 15;
const MAX_FRAC_DIGITS: u8 = 15;
/// Two, not three: `1e999` overflows `f64` and serde_json refuses it.
const MAX_EXP_DIGITS: u8 = 2;
/// Bounded `number`s are tracked in units of 10^-15, which is exact for every accepted number.
const SCALE: i128 = 1_000_000_000_000_000;
/// `maxLength` / `maxItems` when the schema sets none.
const UNBOUNDED: u32 = u32::MAX;
/// Minimum nesting depth of a node that no finite document satisfies.
const UNSATISFIABLE: u32 = u32::MAX;

/// Keywords that never constrain the output (space-separated).
const ANNOTATIONS: &str = "title description default examples $schema $id $comment deprecated \
    readOnly writeOnly format $defs definitions";
/// Keywords the compiler enforces.
const KEYWORDS: &str = "type enum const anyOf oneOf $ref properties required additionalProperties \
    items minItems maxItems minLength maxLength minimum maximum exclusiveMinimum exclusiveMaximum";
const TYPES: &str = "null boolean object array number integer string";

fn listed(list: &'static str, word: &str) -> Option<&'static str> {
    list.split_whitespace().find(|w| *w == word)
}

type NodeId = u32;

/// Why a schema cannot be compiled.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The schema uses a keyword (or a form of one) that the decoder cannot enforce; compiling it
    /// anyway would let invalid documents through.
    #[error("unsupported `{keyword}` at {pointer}: {reason}")]
    Unsupported {
        /// The offending keyword.
        keyword: String,
        /// JSON pointer (URI fragment form, `#` is the root) of the schema holding it.
        pointer: String,
        /// What exactly is not supported.
        reason: String,
    },
    /// The schema is malformed, or no document within the accepted format satisfies it.
    #[error("invalid schema at {pointer}: {reason}")]
    Invalid {
        /// JSON pointer (URI fragment form) of the faulty schema.
        pointer: String,
        /// What is wrong.
        reason: String,
    },
}

fn unsupported(keyword: &str, pointer: &str, reason: impl Into<String>) -> SchemaError {
    SchemaError::Unsupported {
        keyword: keyword.to_owned(),
        pointer: pointer.to_owned(),
        reason: reason.into(),
    }
}

fn invalid(pointer: &str, reason: impl Into<String>) -> SchemaError {
    SchemaError::Invalid {
        pointer: pointer.to_owned(),
        reason: reason.into(),
    }
}

#[derive(Debug, Clone)]
enum Node {
    String {
        min_len: u32,
        max_len: u32,
    },
    Number {
        integer: bool,
        bounds: Option<Bounds>,
    },
    /// Canonical serialisations, sorted so that members sharing a prefix are contiguous;
    /// `preferred` is the declared first member, used by completions.
    Literals {
        members: Vec<Box<[u8]>>,
        preferred: usize,
    },
    Array {
        items: NodeId,
        min_items: u32,
        max_items: u32,
    },
    /// `next_required[i]` is the first required property at or after `i` (`len` if none).
    Object {
        properties: Vec<Property>,
        next_required: Vec<u32>,
    },
    /// An object with arbitrary keys.
    Map {
        values: NodeId,
    },
    /// Alternatives told apart by their first byte.
    Union {
        alternatives: Vec<NodeId>,
        keyword: &'static str,
        pointer: String,
    },
}

#[derive(Debug, Clone)]
struct Property {
    /// The key as canonical JSON, quotes included.
    key: Box<[u8]>,
    value: NodeId,
    required: bool,
}

/// Inclusive bounds in node units: 1 for `integer`, 10^-15 for `number`.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    lo: i128,
    hi: i128,
}

/// A set of bytes, for dispatching unions on the first byte of a value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn insert(&mut self, byte: u8) {
        self.0[usize::from(byte >> 6)] |= 1 << (byte & 63);
    }
    fn contains(self, byte: u8) -> bool {
        (self.0[usize::from(byte >> 6)] >> (byte & 63)) & 1 == 1
    }
    fn union(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] | other.0[i]))
    }
    fn intersects(self, other: Self) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
}

/// A compiled schema: an arena of nodes plus what the recogniser needs to avoid dead ends.
#[derive(Debug)]
pub struct JsonGrammar {
    nodes: Vec<Node>,
    /// Least nesting depth of a valid value of each node ([`UNSATISFIABLE`] if none).
    min_depth: Vec<u32>,
    /// Bytes a value of each node can start with.
    first: Vec<ByteSet>,
    root: NodeId,
}

impl JsonGrammar {
    /// Compiles `schema` (draft 2020-12 subset, see the module docs).
    pub fn compile(schema: &Value) -> Result<Arc<Self>, SchemaError> {
        let mut compiler = Compiler {
            root: schema,
            nodes: Vec::new(),
            refs: HashMap::new(),
            any: None,
        };
        let root = compiler.compile(schema, "#")?;
        compiler.finish(root).map(Arc::new)
    }

    /// A grammar for any JSON value (within the nesting limit).
    pub fn any() -> Arc<Self> {
        Self::compile(&Value::Bool(true)).expect("the `true` schema always compiles")
    }

    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// Whether a value of `id` can start with `depth` containers already open.
    fn fits(&self, id: NodeId, depth: usize) -> bool {
        let depth = u32::try_from(depth).unwrap_or(u32::MAX);
        self.min_depth[id as usize]
            .checked_add(depth)
            .is_some_and(|d| d <= MAX_DEPTH)
    }

    /// The frame after the first byte of a value of `id`, if that byte can start one.
    fn start(&self, id: NodeId, byte: u8, depth: usize) -> Option<Frame> {
        if !self.fits(id, depth) {
            return None;
        }
        match self.node(id) {
            &Node::String { min_len, max_len } => {
                (byte == b'"').then_some(Frame::String(StringFrame::new(min_len, max_len)))
            }
            Node::Number { .. } => self
                .number_step(NumberFrame::begin(id), byte)
                .map(Frame::Number),
            Node::Literals { members, .. } => {
                let cand = members.iter().position(|m| m[0] == byte)?;
                Some(Frame::Literal {
                    node: id,
                    cand: cand as u32,
                    offset: 1,
                })
            }
            Node::Array { .. } => (byte == b'[').then_some(Frame::Array {
                node: id,
                count: 0,
                phase: Phase::Open,
            }),
            Node::Object { .. } => (byte == b'{').then_some(Frame::Object {
                node: id,
                next: 0,
                cand: 0,
                offset: 0,
                phase: Phase::Open,
            }),
            Node::Map { .. } => (byte == b'{').then_some(Frame::Map {
                node: id,
                phase: Phase::Open,
            }),
            Node::Union { alternatives, .. } => {
                let alt = alternatives
                    .iter()
                    .find(|&&a| self.first[a as usize].contains(byte))?;
                self.start(*alt, byte, depth)
            }
        }
    }

    /// Feeds `byte` to `frame`, which sits at `index` in the stack.
    fn step(&self, frame: Frame, byte: u8, index: usize) -> Option<Action> {
        let depth = index + 1;
        let set = |frame| Some(Action::Set(frame));
        match frame {
            Frame::Start(id) => self.start(id, byte, 0).map(Action::Set),
            Frame::Literal { node, cand, offset } => {
                let Node::Literals { members, .. } = self.node(node) else {
                    return None;
                };
                let (cand, off) = (cand as usize, offset as usize);
                let prefix = &members[cand][..off];
                let found = members[cand..]
                    .iter()
                    .take_while(|m| m.starts_with(prefix))
                    .position(|m| m.get(off) == Some(&byte))?;
                set(Frame::Literal {
                    node,
                    cand: (cand + found) as u32,
                    offset: offset + 1,
                })
            }
            Frame::String(s) => s.step(byte).map(|s| Action::Set(Frame::String(s))),
            Frame::Number(n) => self
                .number_step(n, byte)
                .map(|n| Action::Set(Frame::Number(n))),
            Frame::Array { node, count, phase } => {
                let &Node::Array {
                    items,
                    min_items,
                    max_items,
                } = self.node(node)
                else {
                    return None;
                };
                let with = |count, phase| Frame::Array { node, count, phase };
                let item = || {
                    let child = (count < max_items).then(|| self.start(items, byte, depth))??;
                    Some(Action::Push(with(count + 1, Phase::Value), child))
                };
                match (phase, byte) {
                    (Phase::Open, b']') if min_items == 0 => set(with(0, Phase::Closed)),
                    (Phase::Comma, b' ') => set(with(count, Phase::CommaSpace)),
                    (Phase::Open | Phase::Comma | Phase::CommaSpace, _) => item(),
                    (Phase::Value, b',') if count < max_items => set(with(count, Phase::Comma)),
                    (Phase::Value, b']') if count >= min_items => set(with(count, Phase::Closed)),
                    _ => None,
                }
            }
            Frame::Object {
                node,
                next,
                cand,
                offset,
                phase,
            } => self.object_step(node, (next, cand, offset), phase, byte, depth),
            Frame::Map { node, phase } => {
                let &Node::Map { values } = self.node(node) else {
                    return None;
                };
                let with = |phase| Frame::Map { node, phase };
                match (phase, byte) {
                    (Phase::Open | Phase::Comma | Phase::CommaSpace, b'"') => {
                        self.fits(values, depth).then(|| {
                            Action::Push(
                                with(Phase::AfterKey),
                                Frame::String(StringFrame::new(0, UNBOUNDED)),
                            )
                        })
                    }
                    (Phase::Open | Phase::Value, b'}') => set(with(Phase::Closed)),
                    (Phase::Value, b',') => set(with(Phase::Comma)),
                    (Phase::Comma, b' ') => set(with(Phase::CommaSpace)),
                    (Phase::AfterKey, b':') => set(with(Phase::Colon)),
                    (Phase::Colon, b' ') => set(with(Phase::ColonSpace)),
                    (Phase::Colon | Phase::ColonSpace, _) => self
                        .start(values, byte, depth)
                        .map(|child| Action::Push(with(Phase::Value), child)),
                    _ => None,
                }
            }
        }
    }

    /// Object with declared properties: keys are matched in place against the candidates that
    /// may come next (from `next` up to and including the first required one).
    fn object_step(
        &self,
        node: NodeId,
        (next, cand, offset): (u32, u32, u32),
        phase: Phase,
        byte: u8,
        depth: usize,
    ) -> Option<Action> {
        let Node::Object {
            properties,
            next_required,
        } = self.node(node)
        else {
            return None;
        };
        let with = |next, cand, offset, phase| {
            Some(Action::Set(Frame::Object {
                node,
                next,
                cand,
                offset,
                phase,
            }))
        };
        let required = next_required[next as usize] as usize;
        let required_left = required < properties.len();
        let limit = if required_left {
            required + 1
        } else {
            properties.len()
        };
        let allowed = |i: &usize| self.fits(properties[*i].value, depth);
        let mut candidates = next as usize..limit;
        match (phase, byte) {
            (Phase::Open | Phase::Value, b'}') if !required_left => with(next, 0, 0, Phase::Closed),
            (Phase::Open | Phase::Comma | Phase::CommaSpace, b'"') => {
                with(next, candidates.find(allowed)? as u32, 1, Phase::Key)
            }
            (Phase::Comma, b' ') => with(next, 0, 0, Phase::CommaSpace),
            (Phase::Value, b',') if candidates.any(|i| allowed(&i)) => {
                with(next, 0, 0, Phase::Comma)
            }
            (Phase::Key, _) => {
                let off = offset as usize;
                let prefix = &properties[cand as usize].key[..off];
                let found = (cand as usize..limit).find(|i| {
                    let key = &properties[*i].key;
                    key.get(off) == Some(&byte) && key.starts_with(prefix) && allowed(i)
                })?;
                if off + 1 == properties[found].key.len() {
                    with(found as u32 + 1, 0, 0, Phase::AfterKey)
                } else {
                    with(next, found as u32, offset + 1, Phase::Key)
                }
            }
            (Phase::AfterKey, b':') => with(next, 0, 0, Phase::Colon),
            (Phase::Colon, b' ') => with(next, 0, 0, Phase::ColonSpace),
            (Phase::Colon | Phase::ColonSpace, _) => {
                let child = self.start(properties[next as usize - 1].value, byte, depth)?;
                Some(Action::Push(
                    Frame::Object {
                        node,
                        next,
                        cand: 0,
                        offset: 0,
                        phase: Phase::Value,
                    },
                    child,
                ))
            }
            _ => None,
        }
    }

    fn number_step(&self, f: NumberFrame, byte: u8) -> Option<NumberFrame> {
        let &Node::Number { integer, bounds } = self.node(f.node) else {
            return None;
        };
        let digit = u64::from(byte.wrapping_sub(b'0'));
        let mut n = f;
        match (f.phase, byte) {
            (NumPhase::Begin, b'-') if !f.negative => n.negative = true,
            (NumPhase::Begin, b'0') => (n.phase, n.int_digits) = (NumPhase::Zero, 1),
            (NumPhase::Begin, b'1'..=b'9') => {
                (n.phase, n.int, n.int_digits) = (NumPhase::Int, digit, 1)
            }
            (NumPhase::Int, b'0'..=b'9') if f.int_digits < MAX_INT_DIGITS => {
                (n.int, n.int_digits) = (f.int * 10 + digit, f.int_digits + 1);
            }
            (NumPhase::Zero | NumPhase::Int, b'.') if !integer => n.phase = NumPhase::Dot,
            (NumPhase::Dot, b'0'..=b'9') => {
                (n.phase, n.frac, n.frac_digits) = (NumPhase::Frac, digit, 1)
            }
            (NumPhase::Frac, b'0'..=b'9') if f.frac_digits < MAX_FRAC_DIGITS => {
                (n.frac, n.frac_digits) = (f.frac * 10 + digit, f.frac_digits + 1);
            }
            (NumPhase::Zero | NumPhase::Int | NumPhase::Frac, b'e' | b'E')
                if !integer && bounds.is_none() =>
            {
                n.phase = NumPhase::Exp;
            }
            (NumPhase::Exp, b'+' | b'-') => n.phase = NumPhase::ExpSign,
            (NumPhase::Exp | NumPhase::ExpSign, b'0'..=b'9') => {
                (n.phase, n.exp_digits) = (NumPhase::ExpDigits, 1)
            }
            (NumPhase::ExpDigits, b'0'..=b'9') if f.exp_digits < MAX_EXP_DIGITS => {
                n.exp_digits += 1
            }
            _ => return None,
        }
        match bounds {
            Some(b) if !b.reachable(&n, integer) => None,
            _ => Some(n),
        }
    }

    fn is_frame_complete(&self, frame: &Frame) -> bool {
        match *frame {
            Frame::Start(_) => false,
            Frame::Literal { node, cand, offset } => match self.node(node) {
                Node::Literals { members, .. } => members[cand as usize].len() == offset as usize,
                _ => false,
            },
            Frame::String(s) => s.mode == StrMode::Closed,
            Frame::Number(n) => match self.node(n.node) {
                &Node::Number { integer, bounds } => match (n.value(integer), bounds) {
                    (Some(v), Some(b)) => (b.lo..=b.hi).contains(&v),
                    (Some(_), None) => true,
                    (None, _) => n.phase == NumPhase::ExpDigits,
                },
                _ => false,
            },
            Frame::Array { phase, .. } | Frame::Object { phase, .. } | Frame::Map { phase, .. } => {
                phase == Phase::Closed
            }
        }
    }

    /// The byte a completion feeds next: the top frame's, or its parent's once the top is done.
    fn next_byte(&self, stack: &[Frame]) -> u8 {
        let index = stack.len() - 1;
        if index > 0 && self.is_frame_complete(&stack[index]) {
            self.frame_next(stack[index - 1], index - 1)
        } else {
            self.frame_next(stack[index], index)
        }
    }

    /// The shortest way forward for a frame that is not yet complete.
    fn frame_next(&self, frame: Frame, index: usize) -> u8 {
        let depth = index + 1;
        match frame {
            Frame::Start(id) => self.start_byte(id, 0),
            Frame::Literal { node, cand, offset } => {
                let Node::Literals { members, preferred } = self.node(node) else {
                    return b'"';
                };
                let (current, preferred, off) = (
                    &members[cand as usize],
                    &members[*preferred],
                    offset as usize,
                );
                let steer = preferred.len() > off && preferred.starts_with(&current[..off]);
                if steer { preferred[off] } else { current[off] }
            }
            Frame::String(s) => s.next_byte(),
            // A byte that completes the number if there is one, else a fraction point, else the
            // lowest digit that keeps the bounds reachable.
            Frame::Number(n) => {
                let order = b".0123456789".iter().copied();
                let next = |b: &u8| self.number_step(n, *b);
                let completes =
                    |b: &u8| next(b).is_some_and(|m| self.is_frame_complete(&Frame::Number(m)));
                let mut options = order
                    .clone()
                    .filter(completes)
                    .chain(order.filter(|b| next(b).is_some()));
                options.next().unwrap_or(b'0')
            }
            Frame::Array { node, count, phase } => {
                let &Node::Array {
                    items, min_items, ..
                } = self.node(node)
                else {
                    return b']';
                };
                match phase {
                    Phase::Open if min_items == 0 => b']',
                    Phase::Open | Phase::Comma | Phase::CommaSpace => self.start_byte(items, depth),
                    Phase::Value if count < min_items => b',',
                    _ => b']',
                }
            }
            Frame::Object {
                node,
                next,
                cand,
                offset,
                phase,
            } => {
                let Node::Object {
                    properties,
                    next_required,
                } = self.node(node)
                else {
                    return b'}';
                };
                let required = next_required[next as usize] as usize;
                let required_left = required < properties.len();
                match phase {
                    Phase::Open | Phase::Value if !required_left => b'}',
                    Phase::Open | Phase::Comma | Phase::CommaSpace => b'"',
                    Phase::Value => b',',
                    // Steer towards the next required key while it still matches.
                    Phase::Key => {
                        let (current, off) = (&properties[cand as usize].key, offset as usize);
                        match properties.get(required) {
                            Some(p) if p.key.starts_with(&current[..off]) => p.key[off],
                            _ => current[off],
                        }
                    }
                    Phase::AfterKey => b':',
                    _ => self.start_byte(properties[next as usize - 1].value, depth),
                }
            }
            Frame::Map { node, phase } => {
                let &Node::Map { values } = self.node(node) else {
                    return b'}';
                };
                match phase {
                    Phase::Comma | Phase::CommaSpace => b'"',
                    Phase::AfterKey => b':',
                    Phase::Colon | Phase::ColonSpace => self.start_byte(values, depth),
                    _ => b'}',
                }
            }
        }
    }

    /// First byte of the minimal value of `id` at `depth`.
    fn start_byte(&self, id: NodeId, depth: usize) -> u8 {
        match self.node(id) {
            Node::String { .. } => b'"',
            &Node::Number { integer, bounds } => {
                let target = bounds.map_or(0, |b| 0.clamp(b.lo, b.hi));
                let unit = if integer { 1 } else { SCALE };
                if target < 0 {
                    b'-'
                } else {
                    (target / unit).to_string().as_bytes()[0]
                }
            }
            Node::Literals { members, preferred } => members[*preferred][0],
            Node::Array { .. } => b'[',
            Node::Object { .. } | Node::Map { .. } => b'{',
            Node::Union { alternatives, .. } => alternatives
                .iter()
                .copied()
                .filter(|&a| self.fits(a, depth))
                .min_by_key(|&a| self.min_depth[a as usize])
                .map_or(b'n', |a| self.start_byte(a, depth)),
        }
    }
}

impl Bounds {
    /// Whether some completion of the number prefix `f` lands within the bounds. The reachable
    /// magnitudes form a few intervals: a prefix `v` with `k` integer digits can become `v` or
    /// anything in `[v·10^j, (v+1)·10^j)` for `j ≤ 15 - k` (plus a fraction for `number`).
    fn reachable(self, f: &NumberFrame, integer: bool) -> bool {
        let unit = if integer { 1 } else { SCALE };
        let hits = |low: i128, high: i128| {
            let (low, high) = if f.negative {
                (-high, -low)
            } else {
                (low, high)
            };
            low.max(self.lo) <= high.min(self.hi)
        };
        let v = i128::from(f.int);
        match f.phase {
            NumPhase::Begin => hits(0, max_magnitude(integer)),
            NumPhase::Zero => hits(0, unit - 1),
            NumPhase::Int => (0..=MAX_INT_DIGITS - f.int_digits).any(|j| {
                let p = 10_i128.pow(u32::from(j)) * unit;
                hits(v * p, (v + 1) * p - 1)
            }),
            NumPhase::Dot => hits(v * SCALE, (v + 1) * SCALE - 1),
            NumPhase::Frac => {
                let step = 10_i128.pow(u32::from(MAX_FRAC_DIGITS - f.frac_digits));
                let base = v * SCALE + i128::from(f.frac) * step;
                hits(base, base + step - 1)
            }
            NumPhase::Exp | NumPhase::ExpSign | NumPhase::ExpDigits => true,
        }
    }
}

/// Largest magnitude a number can have in node units within the digit caps.
fn max_magnitude(integer: bool) -> i128 {
    if integer {
        SCALE - 1
    } else {
        SCALE * SCALE - 1
    }
}

/// Parser state for one recognition: cheap to clone, one frame per open value.
#[derive(Debug, Clone)]
pub struct JsonState {
    grammar: Arc<JsonGrammar>,
    stack: Vec<Frame>,
}

impl JsonState {
    /// A state before the first byte of a document.
    pub fn new(grammar: &Arc<JsonGrammar>) -> Self {
        Self {
            grammar: Arc::clone(grammar),
            stack: vec![Frame::Start(grammar.root)],
        }
    }

    /// Feeds one byte; returns false and leaves the state unchanged if the byte cannot continue
    /// a valid document.
    pub fn advance(&mut self, byte: u8) -> bool {
        let grammar = &*self.grammar;
        let Some(&top) = self.stack.last() else {
            return false;
        };
        let index = self.stack.len() - 1;
        let action = match grammar.step(top, byte, index) {
            Some(action) => action,
            // A finished value hands the byte to its parent (bytes that could extend a finished
            // number or literal never punctuate a container, so there is no ambiguity).
            None if index > 0 && grammar.is_frame_complete(&top) => {
                let Some(action) = grammar.step(self.stack[index - 1], byte, index - 1) else {
                    return false;
                };
                self.stack.pop();
                action
            }
            None => return false,
        };
        let (frame, child) = match action {
            Action::Set(frame) => (frame, None),
            Action::Push(frame, child) => (frame, Some(child)),
        };
        if let Some(last) = self.stack.last_mut() {
            *last = frame;
        }
        self.stack.extend(child);
        true
    }

    /// Feeds bytes; false (state unspecified) if any is rejected.
    pub fn advance_all(&mut self, bytes: &[u8]) -> bool {
        bytes.iter().all(|&b| self.advance(b))
    }

    /// True when the bytes so far form a complete valid document.
    pub fn is_complete(&self) -> bool {
        self.stack.len() == 1 && self.grammar.is_frame_complete(&self.stack[0])
    }

    /// Bytes that turn the current prefix into a complete valid document (empty if complete):
    /// open values are closed with minimal content, for when the token budget runs out.
    pub fn completion(&self) -> Vec<u8> {
        let mut state = self.clone();
        let mut out = Vec::new();
        while !state.is_complete() {
            let byte = state.grammar.next_byte(&state.stack);
            let accepted = state.advance(byte);
            debug_assert!(accepted, "completion byte {byte:#04x} rejected");
            if !accepted {
                break;
            }
            out.push(byte);
        }
        out
    }
}

/// What feeding a byte does to the frame that took it.
#[derive(Debug)]
enum Action {
    Set(Frame),
    /// The frame changes and a child value starts above it.
    Push(Frame, Frame),
}

/// One open value. Container frames set their phase to "after the value" when a child starts,
/// so a finished child is popped without telling its parent anything.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// Before the first byte of the document.
    Start(NodeId),
    /// Matching canonical literals; `cand` is the first member still matching.
    Literal {
        node: NodeId,
        cand: u32,
        offset: u32,
    },
    String(StringFrame),
    Number(NumberFrame),
    Array {
        node: NodeId,
        count: u32,
        phase: Phase,
    },
    /// `next` is the first property that may still appear; `cand`/`offset` match a key.
    Object {
        node: NodeId,
        next: u32,
        cand: u32,
        offset: u32,
        phase: Phase,
    },
    Map {
        node: NodeId,
        phase: Phase,
    },
}

/// Punctuation state of a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Open,
    Key,
    AfterKey,
    Colon,
    ColonSpace,
    Value,
    Comma,
    CommaSpace,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StringFrame {
    min: u32,
    max: u32,
    /// Unicode scalar values so far; an escape counts as one.
    len: u32,
    mode: StrMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StrMode {
    Body,
    /// Inside a UTF-8 sequence: `left` continuation bytes, the next within `lo..=hi`.
    Cont {
        left: u8,
        lo: u8,
        hi: u8,
    },
    Escape,
    /// `left` hex digits of `\u` to go; `high` if the first was `d` (surrogates are refused,
    /// since an unpaired one does not parse).
    Hex {
        left: u8,
        high: bool,
    },
    Closed,
}

impl StringFrame {
    fn new(min: u32, max: u32) -> Self {
        Self {
            min,
            max,
            len: 0,
            mode: StrMode::Body,
        }
    }

    fn step(self, byte: u8) -> Option<Self> {
        let cont = |left, lo, hi| StrMode::Cont { left, lo, hi };
        let mode = match self.mode {
            StrMode::Body if byte == b'"' => {
                return (self.len >= self.min).then_some(Self {
                    mode: StrMode::Closed,
                    ..self
                });
            }
            StrMode::Body => {
                if self.len >= self.max {
                    return None;
                }
                let mode = match byte {
                    b'\\' => StrMode::Escape,
                    0x20..=0x7F => StrMode::Body,
                    0xC2..=0xDF => cont(1, 0x80, 0xBF),
                    0xE0 => cont(2, 0xA0, 0xBF),
                    0xED => cont(2, 0x80, 0x9F),
                    0xE1..=0xEF => cont(2, 0x80, 0xBF),
                    0xF0 => cont(3, 0x90, 0xBF),
                    0xF1..=0xF3 => cont(3, 0x80, 0xBF),
                    0xF4 => cont(3, 0x80, 0x8F),
                    _ => return None,
                };
                return Some(Self {
                    len: self.len + 1,
                    mode,
                    ..self
                });
            }
            StrMode::Cont { left, lo, hi } if (lo..=hi).contains(&byte) => {
                if left == 1 {
                    StrMode::Body
                } else {
                    cont(left - 1, 0x80, 0xBF)
                }
            }
            StrMode::Escape => match byte {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => StrMode::Body,
                b'u' => StrMode::Hex {
                    left: 4,
                    high: false,
                },
                _ => return None,
            },
            StrMode::Hex { left, high } if byte.is_ascii_hexdigit() => {
                if left == 3 && high && !matches!(byte, b'0'..=b'7') {
                    return None;
                }
                if left == 1 {
                    StrMode::Body
                } else {
                    StrMode::Hex {
                        left: left - 1,
                        high: matches!(byte, b'd' | b'D'),
                    }
                }
            }
            _ => return None,
        };
        Some(Self { mode, ..self })
    }

    fn next_byte(self) -> u8 {
        match self.mode {
            StrMode::Body if self.len < self.min => b'a',
            StrMode::Cont { lo, .. } => lo,
            StrMode::Escape => b'n',
            StrMode::Hex { .. } => b'0',
            StrMode::Body | StrMode::Closed => b'"',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NumberFrame {
    node: NodeId,
    negative: bool,
    phase: NumPhase,
    int_digits: u8,
    frac_digits: u8,
    exp_digits: u8,
    int: u64,
    frac: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumPhase {
    /// Nothing yet, or just `-`.
    Begin,
    Zero,
    Int,
    Dot,
    Frac,
    Exp,
    ExpSign,
    ExpDigits,
}

impl NumberFrame {
    fn begin(node: NodeId) -> Self {
        Self {
            node,
            negative: false,
            phase: NumPhase::Begin,
            int_digits: 0,
            frac_digits: 0,
            exp_digits: 0,
            int: 0,
            frac: 0,
        }
    }

    /// The value in node units, when the prefix is a complete number without exponent.
    fn value(&self, integer: bool) -> Option<i128> {
        let int = i128::from(self.int) * if integer { 1 } else { SCALE };
        let magnitude = match self.phase {
            NumPhase::Zero | NumPhase::Int => int,
            NumPhase::Frac => {
                int + i128::from(self.frac)
                    * 10_i128.pow(u32::from(MAX_FRAC_DIGITS - self.frac_digits))
            }
            _ => return None,
        };
        Some(if self.negative { -magnitude } else { magnitude })
    }
}

/// Builds the node arena; `$ref` targets are memoised by pointer so recursion terminates.
#[derive(Debug)]
struct Compiler<'a> {
    root: &'a Value,
    nodes: Vec<Node>,
    refs: HashMap<&'a str, NodeId>,
    any: Option<NodeId>,
}

impl<'a> Compiler<'a> {
    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        (self.nodes.len() - 1) as NodeId
    }

    fn placeholder() -> Node {
        Node::Union {
            alternatives: Vec::new(),
            keyword: "$ref",
            pointer: String::new(),
        }
    }

    fn compile(&mut self, schema: &'a Value, pointer: &str) -> Result<NodeId, SchemaError> {
        match schema {
            Value::Bool(true) => Ok(self.any()),
            Value::Object(map) => match map.get("$ref") {
                Some(reference) => {
                    only_with(map, &["$ref"], "$ref", pointer)?;
                    self.compile_ref(reference, pointer)
                }
                None => {
                    let node = self.build(map, pointer)?;
                    Ok(self.push(node))
                }
            },
            Value::Bool(false) => Err(invalid(pointer, "the `false` schema matches nothing")),
            _ => Err(invalid(pointer, "a schema must be an object or a boolean")),
        }
    }

    /// Resolves a local `$ref` (following chains of references) to a node, building it once.
    fn compile_ref(&mut self, reference: &'a Value, pointer: &str) -> Result<NodeId, SchemaError> {
        let as_ref = |v: &'a Value| {
            v.as_str()
                .ok_or_else(|| invalid(pointer, "`$ref` must be a string"))
        };
        let mut current = as_ref(reference)?;
        let mut chain = Vec::new();
        let id = loop {
            if let Some(&id) = self.refs.get(current) {
                break id;
            }
            let Some(fragment) = current.strip_prefix('#') else {
                return Err(unsupported(
                    "$ref",
                    pointer,
                    format!("`{current}` is not a local reference (`#/...`)"),
                ));
            };
            let target = self
                .root
                .pointer(fragment)
                .ok_or_else(|| invalid(pointer, format!("`$ref` `{current}` does not resolve")))?;
            if let Some((map, next)) = target.as_object().and_then(|m| Some((m, m.get("$ref")?))) {
                only_with(map, &["$ref"], "$ref", current)?;
                chain.push(current);
                current = as_ref(next)?;
                if chain.contains(&current) {
                    return Err(invalid(
                        pointer,
                        format!("circular `$ref` through `{current}`"),
                    ));
                }
                continue;
            }
            let id = self.push(Self::placeholder());
            self.refs.insert(current, id);
            let node = match target {
                Value::Object(map) => self.build(map, current)?,
                Value::Bool(true) => self.any_node(),
                _ => {
                    return Err(invalid(
                        current,
                        "the referenced schema matches nothing or is not a schema",
                    ));
                }
            };
            self.nodes[id as usize] = node;
            break id;
        };
        for link in chain {
            self.refs.insert(link, id);
        }
        Ok(id)
    }

    /// The shared node for any value.
    fn any(&mut self) -> NodeId {
        if let Some(id) = self.any {
            return id;
        }
        let id = self.push(Self::placeholder());
        self.any = Some(id);
        let alternatives = vec![
            self.push(literal_node(vec![
                b"null".as_slice().into(),
                b"false".as_slice().into(),
                b"true".as_slice().into(),
            ])),
            self.push(Node::Number {
                integer: false,
                bounds: None,
            }),
            self.push(Node::String {
                min_len: 0,
                max_len: UNBOUNDED,
            }),
            self.push(Node::Array {
                items: id,
                min_items: 0,
                max_items: UNBOUNDED,
            }),
            self.push(Node::Map { values: id }),
        ];
        self.nodes[id as usize] = Node::Union {
            alternatives,
            keyword: "type",
            pointer: "#".to_owned(),
        };
        id
    }

    fn any_node(&mut self) -> Node {
        let id = self.any();
        self.nodes[id as usize].clone()
    }

    fn build(&mut self, map: &'a Map<String, Value>, pointer: &str) -> Result<Node, SchemaError> {
        for (keyword, value) in map {
            let known = listed(ANNOTATIONS, keyword).is_some()
                || listed(KEYWORDS, keyword).is_some()
                || (keyword == "uniqueItems" && *value == Value::Bool(false));
            if !known {
                return Err(unsupported(
                    keyword,
                    pointer,
                    "the decoder cannot enforce this keyword",
                ));
            }
        }
        if let Some(keyword) = ["anyOf", "oneOf"]
            .into_iter()
            .find(|k| map.contains_key(*k))
        {
            only_with(map, &[keyword], keyword, pointer)?;
            let list = map[keyword].as_array().filter(|l| !l.is_empty());
            let list = list.ok_or_else(|| {
                invalid(pointer, format!("`{keyword}` must be a non-empty array"))
            })?;
            let alternatives = list
                .iter()
                .enumerate()
                .map(|(i, s)| self.compile(s, &format!("{pointer}/{keyword}/{i}")))
                .collect::<Result<_, _>>()?;
            return Ok(Node::Union {
                alternatives,
                keyword,
                pointer: pointer.to_owned(),
            });
        }
        let types = types(map, pointer)?;
        if map.contains_key("enum") || map.contains_key("const") {
            only_with(map, &["enum", "const", "type"], "enum", pointer)?;
            return literals(map, &types, pointer);
        }
        let mut nodes = Vec::new();
        for ty in &types {
            nodes.push(self.typed(map, ty, pointer)?);
        }
        match nodes.len() {
            0 => Ok(self.any_node()),
            1 => Ok(nodes.remove(0)),
            _ => {
                let alternatives = nodes.into_iter().map(|n| self.push(n)).collect();
                Ok(Node::Union {
                    alternatives,
                    keyword: "type",
                    pointer: pointer.to_owned(),
                })
            }
        }
    }

    fn typed(
        &mut self,
        map: &'a Map<String, Value>,
        ty: &str,
        pointer: &str,
    ) -> Result<Node, SchemaError> {
        Ok(match ty {
            "null" => literal_node(vec![b"null".as_slice().into()]),
            "boolean" => literal_node(vec![b"false".as_slice().into(), b"true".as_slice().into()]),
            "string" => {
                let (min_len, max_len) = count_range(map, "minLength", "maxLength", pointer)?;
                Node::String { min_len, max_len }
            }
            "integer" | "number" => number_node(map, ty == "integer", pointer)?,
            "array" => {
                let (min_items, max_items) = count_range(map, "minItems", "maxItems", pointer)?;
                let items = match map.get("items") {
                    Some(Value::Array(_)) => {
                        return Err(unsupported(
                            "items",
                            pointer,
                            "the tuple form is not supported",
                        ));
                    }
                    Some(schema) => self.compile(schema, &format!("{pointer}/items"))?,
                    None => self.any(),
                };
                Node::Array {
                    items,
                    min_items,
                    max_items,
                }
            }
            _ => self.object(map, pointer)?,
        })
    }

    fn object(&mut self, map: &'a Map<String, Value>, pointer: &str) -> Result<Node, SchemaError> {
        let required: Vec<&str> = match map.get("required") {
            None => Vec::new(),
            Some(Value::Array(names)) => names
                .iter()
                .map(|n| {
                    n.as_str()
                        .ok_or_else(|| invalid(pointer, "`required` must list strings"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(invalid(pointer, "`required` must be an array")),
        };
        let Some(declared) = map.get("properties") else {
            if !required.is_empty() {
                return Err(unsupported(
                    "required",
                    pointer,
                    "required keys need `properties` declaring them",
                ));
            }
            return Ok(match map.get("additionalProperties") {
                None | Some(Value::Bool(true)) => Node::Map { values: self.any() },
                Some(Value::Bool(false)) => Node::Object {
                    properties: Vec::new(),
                    next_required: vec![0],
                },
                Some(schema) => Node::Map {
                    values: self.compile(schema, &format!("{pointer}/additionalProperties"))?,
                },
            });
        };
        let declared = declared
            .as_object()
            .ok_or_else(|| invalid(pointer, "`properties` must be an object"))?;
        if let Some(missing) = required.iter().find(|r| !declared.contains_key(**r)) {
            return Err(invalid(
                pointer,
                format!("required property `{missing}` is not declared in `properties`"),
            ));
        }
        let mut properties = Vec::new();
        for (name, schema) in declared {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            let value = self.compile(schema, &format!("{pointer}/properties/{escaped}"))?;
            let key = serde_json::to_vec(name).map_err(|e| invalid(pointer, e.to_string()))?;
            properties.push(Property {
                key: key.into(),
                value,
                required: required.contains(&name.as_str()),
            });
        }
        let mut next_required = vec![properties.len() as u32; properties.len() + 1];
        for i in (0..properties.len()).rev() {
            next_required[i] = if properties[i].required {
                i as u32
            } else {
                next_required[i + 1]
            };
        }
        Ok(Node::Object {
            properties,
            next_required,
        })
    }

    /// Analyses the arena: nesting depths, first bytes, union ambiguity.
    fn finish(self, root: NodeId) -> Result<JsonGrammar, SchemaError> {
        let nodes = self.nodes;
        let mut min_depth = vec![UNSATISFIABLE; nodes.len()];
        let mut first = vec![ByteSet::default(); nodes.len()];
        // Both are monotone fixpoints over the (possibly recursive) arena.
        let mut changed = true;
        while changed {
            changed = false;
            for (i, node) in nodes.iter().enumerate() {
                let depth_of = |id: &NodeId| min_depth[*id as usize];
                let (depth, bytes) = match node {
                    Node::String { .. } => (0, ByteSet::default().with(b"\"")),
                    Node::Number { .. } => (0, ByteSet::default().with(b"-0123456789")),
                    Node::Literals { members, .. } => (
                        0,
                        members
                            .iter()
                            .fold(ByteSet::default(), |s, m| s.with(&m[..1])),
                    ),
                    Node::Array {
                        items, min_items, ..
                    } => {
                        let inner = if *min_items == 0 { 0 } else { depth_of(items) };
                        (inner.saturating_add(1), ByteSet::default().with(b"["))
                    }
                    Node::Object { properties, .. } => {
                        let inner = properties
                            .iter()
                            .filter(|p| p.required)
                            .map(|p| depth_of(&p.value))
                            .max();
                        (
                            inner.unwrap_or(0).saturating_add(1),
                            ByteSet::default().with(b"{"),
                        )
                    }
                    Node::Map { .. } => (1, ByteSet::default().with(b"{")),
                    Node::Union { alternatives, .. } => (
                        alternatives
                            .iter()
                            .map(depth_of)
                            .min()
                            .unwrap_or(UNSATISFIABLE),
                        alternatives
                            .iter()
                            .fold(ByteSet::default(), |s, a| s.union(first[*a as usize])),
                    ),
                };
                if depth < min_depth[i] || bytes != first[i] {
                    (min_depth[i], first[i], changed) = (depth.min(min_depth[i]), bytes, true);
                }
            }
        }
        for node in &nodes {
            if let Node::Union {
                alternatives,
                keyword,
                pointer,
            } = node
            {
                let mut seen = ByteSet::default();
                for alt in alternatives {
                    let bytes = first[*alt as usize];
                    if seen.intersects(bytes) {
                        let reason = "alternatives must start with different bytes (string, number, boolean, null, object, array, or distinct literals)";
                        return Err(unsupported(keyword, pointer, reason));
                    }
                    seen = seen.union(bytes);
                }
            }
        }
        if min_depth[root as usize] > MAX_DEPTH {
            return Err(invalid(
                "#",
                format!("no document nested at most {MAX_DEPTH} deep satisfies the schema"),
            ));
        }
        Ok(JsonGrammar {
            nodes,
            min_depth,
            first,
            root,
        })
    }
}

impl ByteSet {
    fn with(mut self, bytes: &[u8]) -> Self {
        bytes.iter().for_each(|&b| self.insert(b));
        self
    }
}

/// Refuses keywords other than annotations and `allowed` next to `context`.
fn only_with(
    map: &Map<String, Value>,
    allowed: &[&str],
    context: &str,
    pointer: &str,
) -> Result<(), SchemaError> {
    match map
        .keys()
        .find(|k| listed(ANNOTATIONS, k).is_none() && !allowed.contains(&k.as_str()))
    {
        Some(other) => Err(unsupported(
            other,
            pointer,
            format!("cannot be combined with `{context}`"),
        )),
        None => Ok(()),
    }
}

/// Declared types (`integer` folded into `number` when both appear), or types inferred from the
/// keywords present; empty means any value.
fn types(map: &Map<String, Value>, pointer: &str) -> Result<Vec<&'static str>, SchemaError> {
    let name = |v: &Value| {
        let found = v.as_str().and_then(|s| listed(TYPES, s));
        found.ok_or_else(|| invalid(pointer, format!("unknown type {v}")))
    };
    let types = match map.get("type") {
        Some(Value::Array(list)) if !list.is_empty() => {
            list.iter().map(name).collect::<Result<Vec<_>, _>>()?
        }
        Some(Value::Array(_)) => return Err(invalid(pointer, "`type` must not be empty")),
        Some(single) => vec![name(single)?],
        None => {
            let inferred = [
                ("object", "properties required additionalProperties"),
                ("array", "items minItems maxItems"),
                ("string", "minLength maxLength"),
                (
                    "number",
                    "minimum maximum exclusiveMinimum exclusiveMaximum",
                ),
            ];
            let present = |keys: &str| keys.split(' ').any(|k| map.contains_key(k));
            inferred
                .iter()
                .filter(|(_, keys)| present(keys))
                .map(|(t, _)| *t)
                .collect()
        }
    };
    // Keep the first of repeated names: the order picks the completion's alternative.
    let mut unique = Vec::new();
    for ty in types {
        if !unique.contains(&ty) {
            unique.push(ty);
        }
    }
    let mut types = unique;
    if types.contains(&"number") {
        types.retain(|t| *t != "integer");
    }
    Ok(types)
}

fn literal_node(mut members: Vec<Box<[u8]>>) -> Node {
    let declared_first = members[0].clone();
    members.sort();
    members.dedup();
    let preferred = members.binary_search(&declared_first).unwrap_or(0);
    Node::Literals { members, preferred }
}

/// `enum` and/or `const`, keeping the members that match the declared types.
fn literals(map: &Map<String, Value>, types: &[&str], pointer: &str) -> Result<Node, SchemaError> {
    let mut values: Vec<&Value> = match map.get("enum") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(_) => return Err(invalid(pointer, "`enum` must be an array")),
        None => map.get("const").into_iter().collect(),
    };
    if let Some(constant) = map.get("const") {
        values.retain(|v| *v == constant);
    }
    let has_type = |v: &Value, t: &str| match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        _ => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
    };
    values.retain(|v| types.is_empty() || types.iter().any(|t| has_type(v, t)));
    if values.is_empty() {
        return Err(invalid(
            pointer,
            "no `enum`/`const` member matches the schema",
        ));
    }
    let members = values
        .iter()
        .map(|v| {
            serde_json::to_vec(v)
                .map(Vec::into_boxed_slice)
                .map_err(|e| invalid(pointer, e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    Ok(literal_node(members))
}

/// `(minimum, maximum)` counts such as `minLength`/`maxLength`.
fn count_range(
    map: &Map<String, Value>,
    min_key: &str,
    max_key: &str,
    pointer: &str,
) -> Result<(u32, u32), SchemaError> {
    let read = |key: &str, default: u32| match map.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_u64()
            .map(|n| u32::try_from(n).unwrap_or(UNBOUNDED - 1).min(UNBOUNDED - 1))
            .ok_or_else(|| invalid(pointer, format!("`{key}` must be a non-negative integer"))),
    };
    let (min, max) = (read(min_key, 0)?, read(max_key, UNBOUNDED)?);
    if min > max {
        return Err(invalid(pointer, format!("`{min_key}` exceeds `{max_key}`")));
    }
    Ok((min, max))
}

fn number_node(
    map: &Map<String, Value>,
    integer: bool,
    pointer: &str,
) -> Result<Node, SchemaError> {
    let (mut lo, mut hi) = (-max_magnitude(integer), max_magnitude(integer));
    let mut bounded = false;
    for (key, lower, exclusive) in [
        ("minimum", true, false),
        ("exclusiveMinimum", true, true),
        ("maximum", false, false),
        ("exclusiveMaximum", false, true),
    ] {
        let Some(value) = map.get(key) else { continue };
        let Value::Number(number) = value else {
            return Err(match value {
                Value::Bool(_) => {
                    unsupported(key, pointer, "the draft-4 boolean form is not supported")
                }
                _ => invalid(pointer, format!("`{key}` must be a number")),
            });
        };
        // Documents are usually parsed into `f64`, where a value just past an exclusive bound
        // can round onto it: such `number` bounds become the next `f64` inward, inclusive.
        let tightened = match (integer, exclusive) {
            (false, true) => number
                .as_f64()
                .map(|x| if lower { x.next_up() } else { x.next_down() }),
            _ => None,
        };
        let exclusive = exclusive && tightened.is_none();
        let number = tightened
            .and_then(serde_json::Number::from_f64)
            .unwrap_or_else(|| number.clone());
        let (floor, ceil) = scaled_floor_ceil(&number);
        let scaled = match (lower, exclusive) {
            (true, false) => ceil,
            (true, true) => floor + 1,
            (false, false) => floor,
            (false, true) => ceil - 1,
        };
        let bound = match (integer, lower) {
            (false, _) => scaled,
            (true, true) => -(-scaled).div_euclid(SCALE),
            (true, false) => scaled.div_euclid(SCALE),
        };
        if lower {
            lo = lo.max(bound)
        } else {
            hi = hi.min(bound)
        }
        bounded = true;
    }
    if lo > hi {
        return Err(invalid(
            pointer,
            "no number with at most 15 integer and 15 fraction digits lies within the bounds",
        ));
    }
    Ok(Node::Number {
        integer,
        bounds: bounded.then_some(Bounds { lo, hi }),
    })
}

/// `number × 10^15`, rounded down and up, saturating at ±10^31 (beyond any accepted number).
fn scaled_floor_ceil(number: &serde_json::Number) -> (i128, i128) {
    const LIMIT: i128 = 10_i128.pow(31);
    let text = number.to_string();
    let (negative, text) = text
        .strip_prefix('-')
        .map_or((false, text.as_str()), |rest| (true, rest));
    let (mantissa_text, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa_text.split_once('.').unwrap_or((mantissa_text, ""));
    let mantissa = int_part
        .bytes()
        .chain(frac_part.bytes())
        .fold(0_i128, |m, d| {
            m.saturating_mul(10).saturating_add(i128::from(d - b'0'))
        });
    let shift = exponent
        .saturating_add(15)
        .saturating_sub(i32::try_from(frac_part.len()).unwrap_or(i32::MAX));
    let (floor, ceil) = if mantissa == 0 {
        (0, 0)
    } else if shift >= 0 {
        let scaled = if shift > 31 {
            LIMIT
        } else {
            mantissa
                .saturating_mul(10_i128.pow(shift.unsigned_abs()))
                .min(LIMIT)
        };
        (scaled, scaled)
    } else if shift < -38 {
        (0, 1)
    } else {
        let divisor = 10_i128.pow(shift.unsigned_abs());
        let quotient = mantissa / divisor;
        (
            quotient,
            if mantissa % divisor == 0 {
                quotient
            } else {
                quotient + 1
            },
        )
    };
    if negative {
        (-ceil, -floor)
    } else {
        (floor, ceil)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeSet;

    fn grammar(schema: &Value) -> Arc<JsonGrammar> {
        JsonGrammar::compile(schema).unwrap_or_else(|e| panic!("{schema} does not compile: {e}"))
    }

    fn accepts(g: &Arc<JsonGrammar>, doc: &[u8]) -> bool {
        let mut state = JsonState::new(g);
        state.advance_all(doc) && state.is_complete()
    }

    /// Completes `state` (reached by feeding `prefix`) and checks the document is complete and valid.
    fn complete_from(
        state: &JsonState,
        prefix: &[u8],
        validator: &jsonschema::Validator,
    ) -> String {
        let tail = state.completion();
        let mut finished = state.clone();
        assert!(
            finished.advance_all(&tail) && finished.is_complete(),
            "bad completion {tail:?} of {prefix:?}"
        );
        let text = String::from_utf8([prefix, &tail].concat()).expect("completion is UTF-8");
        let value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text} does not parse: {e}"));
        assert!(validator.is_valid(&value), "{text} does not validate");
        text
    }

    /// `good` documents are accepted byte by byte and validate, and completing each of their
    /// prefixes yields a valid document; `bad` ones are refused.
    fn check(schema: &Value, good: &[&str], bad: &[&str]) {
        let g = grammar(schema);
        let validator = jsonschema::validator_for(schema).expect("test schema is valid");
        for doc in good {
            let mut state = JsonState::new(&g);
            for (i, &byte) in doc.as_bytes().iter().enumerate() {
                complete_from(&state, &doc.as_bytes()[..i], &validator);
                assert!(state.advance(byte), "{schema}: rejected byte {i} of {doc}");
            }
            assert!(state.is_complete(), "{schema}: {doc} is not complete");
            assert!(validator.is_valid(&serde_json::from_str(doc).expect("test document parses")));
        }
        for doc in bad {
            assert!(!accepts(&g, doc.as_bytes()), "{schema}: accepted {doc}");
        }
    }

    fn completion_of(schema: &Value, prefix: &[u8]) -> Vec<u8> {
        let mut state = JsonState::new(&grammar(schema));
        assert!(state.advance_all(prefix), "prefix {prefix:?} rejected");
        state.completion()
    }

    struct XorShift(u64);

    impl XorShift {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Random walks over accepted bytes: never stuck, and every prefix completes to a valid document.
    fn random_walks(schema: &Value, walks: usize, max_steps: usize) {
        let g = grammar(schema);
        let validator = jsonschema::validator_for(schema).expect("test schema is valid");
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..walks {
            let (mut state, mut doc) = (JsonState::new(&g), Vec::new());
            for _ in 0..=rng.below(max_steps) {
                let mut options = Vec::new();
                let mut probe = state.clone();
                for byte in 0..=255 {
                    if probe.advance(byte) {
                        options.push(byte);
                        probe = state.clone();
                    }
                }
                assert!(
                    !options.is_empty() || state.is_complete(),
                    "dead end after {doc:?}"
                );
                // Favour punctuation and digits so that walks leave strings and reach structure.
                let plain: Vec<u8> = options
                    .iter()
                    .copied()
                    .filter(|b| b"\"{}[],: -.0123456789".contains(b))
                    .collect();
                let pool = if !plain.is_empty() && rng.below(3) > 0 {
                    &plain
                } else {
                    &options
                };
                let Some(&byte) = pool.get(rng.below(pool.len().max(1))) else {
                    break;
                };
                assert!(state.advance(byte));
                doc.push(byte);
            }
            complete_from(&state, &doc, &validator);
        }
    }

    #[test]
    fn format_is_narrow() {
        let good = [
            r#"{"a": 1, "b":[true, null]}"#,
            "[]",
            "{}",
            r#""x""#,
            "-0.5e+10",
            "false",
            "[[{}]]",
        ];
        let bad = [
            " 1",
            "1 ",
            "[ 1]",
            "[1 ]",
            r#"{"a":  1}"#,
            r#"{"a" :1}"#,
            "[1,\n2]",
            "[1,]",
            "01",
            "1.",
            "-",
            "nul",
            "1e1234",
        ];
        check(&json!(true), &good, &bad);
        let g = JsonGrammar::any();
        let mut state = JsonState::new(&g);
        assert!(
            state.advance_all(b"12") && state.is_complete() && state.advance(b'3'),
            "top-level numbers may go on"
        );
        assert!(!state.advance(b' ') && !state.advance(b','));
        assert!(
            std::mem::size_of::<Frame>() <= 40,
            "frames must stay cheap to clone"
        );
    }

    #[test]
    fn strings_count_characters_and_check_utf8() {
        let schema = json!({"type": "string", "minLength": 2, "maxLength": 3});
        check(
            &schema,
            &[r#""ab""#, r#""é\n€""#, r#""\u00e9\"""#, "\"𝄞a\""],
            &[r#""a""#, r#""abcd""#, r#""\ud800a""#],
        );
        let g = grammar(&schema);
        for bytes in [
            &b"\"\xC0"[..],
            b"\"\x1f",
            b"\"\xE0\x80",
            b"\"\xED\xA0",
            b"\"\xF4\x90",
            b"\"\\x",
            b"\"ab\xF5",
        ] {
            assert!(!JsonState::new(&g).advance_all(bytes), "accepted {bytes:?}");
        }
        let mut state = JsonState::new(&g);
        assert!(state.advance_all(b"\"ab"));
        let before = format!("{:?}", state.stack);
        assert!(!state.advance(0xFF));
        assert_eq!(
            format!("{:?}", state.stack),
            before,
            "a rejected byte changed the state"
        );
        assert_eq!(completion_of(&schema, b"\"\\u00"), b"00a\"");
        assert_eq!(completion_of(&schema, b"\"\\"), b"na\"");
        assert_eq!(completion_of(&schema, b"\"\xE2"), b"\x80\x80a\"");
        assert_eq!(completion_of(&schema, b""), b"\"aa\"");
    }

    #[test]
    fn numbers_respect_digit_caps_and_kind() {
        let number = json!({"type": "number"});
        check(
            &number,
            &[
                "0",
                "-0",
                "12.5",
                "1e5",
                "1E-05",
                "999999999999999.999999999999999",
                "2e99",
            ],
            &[
                "1e",
                "1.e1",
                "+1",
                "1234567890123456",
                "0.1234567890123456",
                "1e1234",
                "--1",
            ],
        );
        check(
            &json!({"type": "integer"}),
            &["0", "-12", "999999999999999"],
            &["1.0", "1e2", "00", "-"],
        );
        assert_eq!(completion_of(&number, b"-"), b"0");
        assert_eq!(completion_of(&number, b"1.5e-"), b"0");
    }

    #[test]
    fn bounded_integers_accept_exactly_the_range() {
        let cases = [
            (
                json!({"type": "integer", "minimum": -37, "maximum": 1234}),
                -37,
                1234,
            ),
            (
                json!({"type": "integer", "exclusiveMinimum": -1.5, "exclusiveMaximum": 99}),
                -1,
                98,
            ),
            (
                json!({"type": "integer", "minimum": 150, "maximum": 200}),
                150,
                200,
            ),
            (
                json!({"type": "integer", "minimum": -200.5, "maximum": -150}),
                -200,
                -150,
            ),
            (
                json!({"type": "integer", "minimum": 999999999999990_u64}),
                999_999_999_999_990,
                999_999_999_999_999,
            ),
        ];
        for (schema, lo, hi) in cases {
            let g = grammar(&schema);
            let (mut complete, mut pending) =
                (BTreeSet::new(), vec![(JsonState::new(&g), String::new())]);
            while let Some((state, text)) = pending.pop() {
                if state.is_complete() {
                    complete.insert(text.clone());
                }
                let before = pending.len();
                for &byte in b"-0123456789.eE+ ," {
                    let mut next = state.clone();
                    if next.advance(byte) {
                        pending.push((next, format!("{text}{}", char::from(byte))));
                    }
                }
                assert!(
                    pending.len() > before || state.is_complete(),
                    "{schema}: dead end at {text}"
                );
            }
            let mut expected: BTreeSet<String> = (lo..=hi).map(|v: i64| v.to_string()).collect();
            if lo <= 0 && 0 <= hi {
                expected.insert("-0".to_owned());
            }
            assert_eq!(complete, expected, "{schema}");
        }
    }

    #[test]
    fn bounded_numbers_have_no_dead_ends() {
        let schema = json!({"type": "number", "exclusiveMinimum": 0.25, "maximum": 0.5});
        check(
            &schema,
            &["0.3", "0.5", "0.250000000000001", "0.4999"],
            &["0.25", "0.51", "1", "-0.3", "0.3e0", "0.2"],
        );
        assert_eq!(completion_of(&schema, b""), b"0.3");
        assert_eq!(
            completion_of(&json!({"minimum": 12.5, "maximum": 13}), b""),
            b"13"
        );
        assert_eq!(
            completion_of(
                &json!({"type": "number", "minimum": -5.5, "maximum": -3.2}),
                b"-"
            ),
            b"4"
        );
        for schema in [
            schema,
            json!({"type": "number", "minimum": -1000.125, "exclusiveMaximum": -999}),
            json!({"type": "number", "minimum": 1e-20, "maximum": 3}),
            json!({"type": "integer", "minimum": -1e30, "maximum": 1e30}),
            json!({"type": "integer", "minimum": 100000, "maximum": 100009}),
        ] {
            random_walks(&schema, 150, 20);
        }
        let none =
            JsonGrammar::compile(&json!({"type": "integer", "minimum": 0.2, "maximum": 0.8}));
        assert!(matches!(none, Err(SchemaError::Invalid { .. })));
    }

    #[test]
    fn literals_match_canonical_serialisations() {
        let schema = json!({"enum": ["red", 1, 10, null, [1, {"a": true}], {"b": 2.5}]});
        check(
            &schema,
            &[
                r#""red""#,
                "1",
                "10",
                "null",
                r#"[1,{"a":true}]"#,
                r#"{"b":2.5}"#,
            ],
            &["100", r#""re""#, r#"[1, {"a":true}]"#, "true"],
        );
        assert_eq!(completion_of(&schema, b""), b"\"red\"");
        assert_eq!(completion_of(&schema, b"[1,"), br#"{"a":true}]"#);
        let arr = json!({"type": "array", "items": {"enum": [1, 10]}});
        check(&arr, &["[1,10,1]", "[10]"], &["[11]", "[100]"]);
        let typed = json!({"type": "string", "enum": ["b", "a", 3]});
        check(&typed, &[r#""a""#, r#""b""#], &["3"]);
        assert_eq!(completion_of(&typed, b""), b"\"b\"");
        check(
            &json!({"const": {"k": [1, 2]}}),
            &[r#"{"k":[1,2]}"#],
            &[r#"{"k":[1]}"#],
        );
    }

    #[test]
    fn arrays_enforce_item_counts() {
        let schema =
            json!({"type": "array", "items": {"type": "boolean"}, "minItems": 2, "maxItems": 3});
        check(
            &schema,
            &["[true, false]", "[false,false,true]"],
            &["[]", "[true]", "[true,true,true,true]", "[1,2]"],
        );
        assert_eq!(completion_of(&schema, b"[true"), b",false]");
        check(&json!({"type": "array", "maxItems": 0}), &["[]"], &["[1]"]);
    }

    #[test]
    fn objects_follow_declared_order_and_required_keys() {
        // Declared alphabetically so the test holds whether or not serde_json preserves order.
        let schema = json!({
            "type": "object",
            "properties": {
                "age": {"type": "integer", "minimum": 18},
                "email": {"type": "string"},
                "name": {"type": "string", "minLength": 2},
                "nick": {"type": "string"},
            },
            "required": ["age", "name"],
        });
        check(
            &schema,
            &[
                r#"{"age":20,"name":"Al"}"#,
                r#"{"age": 18, "email":"x", "name":"Bo","nick":""}"#,
            ],
            &[
                r#"{"name":"Al","age":20}"#,
                r#"{"age":20}"#,
                r#"{"age":20,"age":21,"name":"Al"}"#,
                r#"{"age":20,"name":"Al","x":1}"#,
                r#"{"age":17,"name":"Al"}"#,
            ],
        );
        assert_eq!(completion_of(&schema, b""), br#"{"age":18,"name":"aa"}"#);
        assert_eq!(completion_of(&schema, b"{\"age\":2"), br#"0,"name":"aa"}"#);
        assert_eq!(completion_of(&schema, b"{\"age\":18,\"n"), br#"ame":"aa"}"#);
        assert_eq!(
            completion_of(&schema, b"{\"age\":18,\"name\":\"abc\","),
            br#""nick":""}"#
        );
        let map =
            json!({"type": "object", "additionalProperties": {"type": "integer", "maximum": 3}});
        check(
            &map,
            &[r#"{"x":1, "x":3,"":-2}"#, "{}"],
            &[r#"{"x":4}"#, r#"{"x":"1"}"#],
        );
        assert_eq!(completion_of(&map, b"{\"k\":1,"), br#""":0}"#);
        check(
            &json!({"type": "object", "additionalProperties": false}),
            &["{}"],
            &[r#"{"a":1}"#],
        );
    }

    #[test]
    fn unions_dispatch_on_the_first_byte() {
        let schema =
            json!({"type": ["string", "null", "integer", "number"], "maxLength": 1, "minimum": 0});
        check(
            &schema,
            &[r#""a""#, "null", "2.5", "0"],
            &[r#""ab""#, "-1", "true"],
        );
        let optional = json!({"anyOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"type": "null"}], "default": null});
        check(&optional, &["null", r#"{"a":1}"#], &["{}"]);
        assert_eq!(completion_of(&optional, b""), b"null");
        assert_eq!(completion_of(&json!(true), b""), b"null");
        for overlapping in [
            json!({"anyOf": [{"type": "integer"}, {"type": "number"}]}),
            json!({"oneOf": [{"const": "a"}, {"type": "string"}]}),
        ] {
            let err = JsonGrammar::compile(&overlapping).unwrap_err();
            assert!(
                matches!(&err, SchemaError::Unsupported { pointer, .. } if pointer == "#"),
                "{err}"
            );
        }
    }

    #[test]
    fn local_refs_support_recursion() {
        let schema = json!({
            "$defs": {"Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                "name": {"type": "string"},
            }, "required": ["name"]}},
            "$ref": "#/$defs/Node",
        });
        check(
            &schema,
            &[
                r#"{"name":"a"}"#,
                r#"{"children":[{"children":[],"name":"b"}],"name":"a"}"#,
            ],
            &[r#"{"children":[{}],"name":"a"}"#],
        );
        random_walks(&schema, 100, 60);
        let legacy = json!({"definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"type": "boolean"}}, "items": {"$ref": "#/definitions/A"}});
        check(&legacy, &["[true,false]"], &["[1]"]);
        let circular = json!({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}, "$ref": "#/$defs/A"});
        assert!(matches!(
            JsonGrammar::compile(&circular),
            Err(SchemaError::Invalid { .. })
        ));
        let endless = json!({"$defs": {"A": {"properties": {"a": {"$ref": "#/$defs/A"}}, "required": ["a"]}}, "$ref": "#/$defs/A"});
        assert!(matches!(
            JsonGrammar::compile(&endless),
            Err(SchemaError::Invalid { .. })
        ));
    }

    #[test]
    fn nesting_stops_at_the_depth_limit() {
        let g = JsonGrammar::any();
        let mut state = JsonState::new(&g);
        assert!(state.advance_all(&[b'['; 32]));
        assert!(!state.advance(b'[') && !state.advance(b'{') && state.advance(b'1'));
        assert_eq!(state.completion(), [b']'; 32]);
        let deep = (0..40).fold(
            json!({"type": "integer"}),
            |inner, _| json!({"type": "array", "items": inner, "minItems": 1}),
        );
        assert!(matches!(
            JsonGrammar::compile(&deep),
            Err(SchemaError::Invalid { .. })
        ));
    }

    #[test]
    fn unsupported_and_invalid_schemas_are_refused() {
        let unsupported = [
            (json!({"type": "string", "pattern": "a+"}), "pattern", "#"),
            (
                json!({"properties": {"a/b": {"multipleOf": 2}}}),
                "multipleOf",
                "#/properties/a~1b",
            ),
            (json!({"items": {"allOf": [true]}}), "allOf", "#/items"),
            (
                json!({"type": "array", "uniqueItems": true}),
                "uniqueItems",
                "#",
            ),
            (json!({"$ref": "other.json#/x"}), "$ref", "#"),
            (
                json!({"type": "object", "required": ["a"]}),
                "required",
                "#",
            ),
            (json!({"enum": [1], "minimum": 0}), "minimum", "#"),
            (json!({"anyOf": [true], "type": "string"}), "type", "#"),
        ];
        for (schema, keyword, pointer) in unsupported {
            match JsonGrammar::compile(&schema) {
                Err(SchemaError::Unsupported {
                    keyword: k,
                    pointer: p,
                    ..
                }) => assert_eq!((k.as_str(), p.as_str()), (keyword, pointer)),
                other => panic!("{schema}: expected unsupported `{keyword}`, got {other:?}"),
            }
        }
        let err = JsonGrammar::compile(&json!({"type": "string", "pattern": "a"}))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "unsupported `pattern` at #: the decoder cannot enforce this keyword"
        );
        for schema in [
            json!(false),
            json!({"type": "string", "minLength": 3, "maxLength": 2}),
            json!({"properties": {"a": true}, "required": ["b"]}),
            json!({"type": "strin"}),
            json!({"enum": []}),
            json!({"type": "integer", "minimum": 5, "maximum": 4}),
        ] {
            assert!(
                matches!(
                    JsonGrammar::compile(&schema),
                    Err(SchemaError::Invalid { .. })
                ),
                "{schema}"
            );
        }
        let annotated = json!({"title": "t", "description": "d", "format": "email", "type": "string", "$schema": "https://json-schema.org/draft/2020-12/schema", "uniqueItems": false});
        check(&annotated, &[r#""anything""#], &[]);
    }

    #[test]
    fn random_walks_never_dead_end() {
        let schema = json!({
            "type": "object",
            "properties": {
                "count": {"type": "integer", "minimum": -3, "maximum": 40},
                "items": {"type": "array", "items": {"type": "string", "maxLength": 4}, "maxItems": 3},
                "kind": {"enum": ["a", "ab", 7, 70]},
                "meta": true,
                "ratio": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1},
                "tags": {"type": "object", "additionalProperties": {"type": "boolean"}},
            },
            "required": ["count", "ratio"],
        });
        random_walks(&schema, 300, 80);
        random_walks(&json!(true), 300, 60);
    }
}
