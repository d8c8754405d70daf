//! Token masks for constrained decoding: which tokens keep the output a viable prefix.
//!
//! The vocabulary is arranged in a byte trie once per model; each step walks it with the
//! grammar state, cloning the state only where a byte is accepted, so the tokens a state rules
//! out cost one rejected byte per subtree.

use super::json_grammar::JsonState;
use super::tokenizer::Tokenizer;

#[derive(Debug, Default)]
struct Node {
    children: Vec<(u8, u32)>,
    /// Tokens whose bytes end exactly here.
    tokens: Vec<u32>,
}

/// The vocabulary's byte strings as a trie (control tokens left out: they never appear in
/// constrained output).
#[derive(Debug)]
pub(crate) struct TokenTrie {
    nodes: Vec<Node>,
}

impl TokenTrie {
    pub(crate) fn new(tokenizer: &Tokenizer) -> Self {
        let mut nodes = vec![Node::default()];
        for id in 0..tokenizer.vocab_size() as u32 {
            if tokenizer.is_control(id) {
                continue;
            }
            let bytes = tokenizer.token_bytes(id, false);
            if bytes.is_empty() {
                continue;
            }
            let mut at = 0usize;
            for &b in &bytes {
                at = match nodes[at].children.iter().find(|(c, _)| *c == b) {
                    Some(&(_, next)) => next as usize,
                    None => {
                        nodes.push(Node::default());
                        let next = nodes.len() - 1;
                        nodes[at].children.push((b, next as u32));
                        next
                    }
                };
            }
            nodes[at].tokens.push(id);
        }
        Self { nodes }
    }

    /// Appends to `out` every token whose bytes `state` accepts in full.
    pub(crate) fn allowed(&self, state: &JsonState, out: &mut Vec<u32>) {
        let mut stack: Vec<(u32, JsonState)> = vec![(0, state.clone())];
        while let Some((node, state)) = stack.pop() {
            let mut probe = state.clone();
            for &(byte, child) in &self.nodes[node as usize].children {
                if probe.advance(byte) {
                    out.extend_from_slice(&self.nodes[child as usize].tokens);
                    let next = std::mem::replace(&mut probe, state.clone());
                    stack.push((child, next));
                }
            }
        }
    }
}
