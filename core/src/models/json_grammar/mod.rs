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
//!   schema declares them (the workspace builds serde_json with `preserve_order`), so a schema
//!   can ask for reasoning before the verdict;
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

mod compile;
mod frames;
mod keywords;
mod step;
#[cfg(test)]
mod tests;

use compile::Compiler;
use frames::{Action, Frame};
use step::max_magnitude;

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
