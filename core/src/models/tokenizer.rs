//! Byte-level BPE built from a GGUF file's own vocabulary and merges, as llama.cpp tokenises.
//!
//! Special tokens (control and user-defined) are split out first, the rest goes through the
//! model's pre-tokenizer (GPT-2's or Llama 3/Qwen2's splitting rules, with digits isolated where
//! the model says so), then each piece is merged by rank.

use std::collections::HashMap;

use regex::Regex;

use super::ModelError;
use super::gguf::TokenizerData;

/// GGUF token types (llama.cpp's `llama_token_type`).
const TYPE_CONTROL: i32 = 3;
const TYPE_USER_DEFINED: i32 = 4;
/// Stands for a byte the vocabulary has no token for.
const MISSING: u32 = u32::MAX;

/// How text is cut into pieces before merging.
#[derive(Debug, Clone)]
struct PreTokenizer {
    regex: Regex,
    /// Every digit is its own piece before the regex runs (SmolLM).
    isolate_digits: bool,
}

impl PreTokenizer {
    fn for_model(pre: Option<&str>) -> Result<Self, ModelError> {
        // `\s+(?!\S)` needs look-ahead, which the linear-time `regex` crate lacks: the trailing
        // `\s+` alternative stands in for it and `split` hands the last blank back (see there).
        const GPT2: &str = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+";
        const LLAMA3: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+";
        const QWEN2: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+";
        let (pattern, isolate_digits) = match pre.unwrap_or("default") {
            "smollm" => (GPT2, true),
            "gpt2" | "default" | "gpt-2" => (GPT2, false),
            "llama3" | "llama-v3" | "llama-bpe" => (LLAMA3, false),
            "qwen2" | "deepseek-r1-qwen" => (QWEN2, false),
            other => {
                return Err(ModelError::Tokenizer {
                    reason: format!(
                        "pre-tokenizer `{other}` is not supported (smollm, gpt2, llama-bpe, qwen2 are)"
                    ),
                });
            }
        };
        let regex = Regex::new(pattern).map_err(|e| ModelError::Tokenizer {
            reason: e.to_string(),
        })?;
        Ok(Self {
            regex,
            isolate_digits,
        })
    }

    /// Calls `piece` with each pre-token of `text`.
    fn split<'t>(&self, text: &'t str, piece: &mut impl FnMut(&'t str)) {
        if !self.isolate_digits {
            return self.split_regex(text, piece);
        }
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c.is_ascii_digit() || c.is_numeric() {
                self.split_regex(&text[start..i], piece);
                piece(&text[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        self.split_regex(&text[start..], piece);
    }

    fn split_regex<'t>(&self, text: &'t str, piece: &mut impl FnMut(&'t str)) {
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.regex.find_at(text, at) else {
                break;
            };
            let mut end = m.end();
            let matched = m.as_str();
            // Emulates `\s+(?!\S)`: a run of two or more blanks followed by a non-blank keeps its
            // last blank for the next piece (so " world" stays one token).
            if end < text.len()
                && matched.chars().all(char::is_whitespace)
                && matched.chars().nth(1).is_some()
            {
                let next_is_blank = text[end..].chars().next().is_some_and(char::is_whitespace);
                if !next_is_blank {
                    let last = matched.chars().next_back().map_or(0, char::len_utf8);
                    end -= last;
                }
            }
            piece(&text[m.start()..end]);
            at = end;
        }
    }
}

/// GPT-2's reversible map from bytes to printable characters, and back.
fn byte_chars() -> ([char; 256], HashMap<char, u8>) {
    let mut table = ['\0'; 256];
    let mut next = 256u32;
    for b in 0..=255u8 {
        let printable = matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
        let c = if printable {
            char::from(b)
        } else {
            let c = char::from_u32(next).expect("valid scalar");
            next += 1;
            c
        };
        table[b as usize] = c;
    }
    let back = table
        .iter()
        .enumerate()
        .map(|(b, &c)| (c, b as u8))
        .collect();
    (table, back)
}

/// A tokenizer read from a GGUF file.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    tokens: Vec<String>,
    types: Vec<i32>,
    ids: HashMap<String, u32>,
    /// (left, right) → (rank, merged id).
    merges: HashMap<(u32, u32), (u32, u32)>,
    /// Special tokens by descending length, matched before anything else.
    specials: Vec<(String, u32)>,
    byte_ids: [u32; 256],
    byte_of_char: HashMap<char, u8>,
    pre: PreTokenizer,
    bos: Option<u32>,
    eos: Option<u32>,
    add_bos: bool,
}

impl Tokenizer {
    pub(crate) fn from_data(data: &TokenizerData) -> Result<Self, ModelError> {
        if data.model != "gpt2" {
            return Err(ModelError::Tokenizer {
                reason: format!(
                    "tokenizer model `{}` is not supported (byte-level BPE, `gpt2`, is)",
                    data.model
                ),
            });
        }
        if data.token_types.len() != data.tokens.len() {
            return Err(ModelError::Tokenizer {
                reason: "token types and tokens differ in length".into(),
            });
        }
        let ids: HashMap<String, u32> = data
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        let (chars, byte_of_char) = byte_chars();
        // Some vocabularies leave out control bytes; like llama.cpp, such bytes are dropped.
        let mut byte_ids = [MISSING; 256];
        for (b, c) in chars.iter().enumerate() {
            if let Some(&id) = ids.get(&c.to_string()) {
                byte_ids[b] = id;
            }
        }
        let mut merges = HashMap::with_capacity(data.merges.len());
        for (rank, merge) in data.merges.iter().enumerate() {
            let Some((a, b)) = merge.split_once(' ') else {
                return Err(ModelError::Tokenizer {
                    reason: format!("merge {rank} `{merge}` has no space"),
                });
            };
            let (Some(&ia), Some(&ib), Some(&iab)) =
                (ids.get(a), ids.get(b), ids.get(&format!("{a}{b}")))
            else {
                continue; // llama.cpp skips merges whose parts are not in the vocabulary too
            };
            merges.entry((ia, ib)).or_insert((rank as u32, iab));
        }
        let mut specials: Vec<(String, u32)> = data
            .tokens
            .iter()
            .zip(&data.token_types)
            .enumerate()
            .filter(|(_, (t, ty))| {
                matches!(**ty, TYPE_CONTROL | TYPE_USER_DEFINED) && !t.is_empty()
            })
            .map(|(i, (t, _))| (t.clone(), i as u32))
            .collect();
        specials.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        Ok(Self {
            tokens: data.tokens.clone(),
            types: data.token_types.clone(),
            ids,
            merges,
            specials,
            byte_ids,
            byte_of_char,
            pre: PreTokenizer::for_model(data.pre.as_deref())?,
            bos: data.bos,
            eos: data.eos,
            add_bos: data.add_bos,
        })
    }

    /// Vocabulary size.
    pub fn vocab_size(&self) -> usize {
        self.tokens.len()
    }

    /// Beginning-of-sequence token, if the model has one.
    pub fn bos(&self) -> Option<u32> {
        self.bos
    }

    /// End-of-sequence token, if the model has one.
    pub fn eos(&self) -> Option<u32> {
        self.eos
    }

    /// Whether prompts should start with BOS (from `tokenizer.ggml.add_bos_token`).
    pub fn adds_bos(&self) -> bool {
        self.add_bos
    }

    /// The id of a token's exact text (e.g. `"<|im_end|>"`).
    pub fn token_id(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    /// True for control tokens (`<|im_end|>`, `<|endoftext|>`, …), which end generation or
    /// structure the prompt and are never shown.
    pub fn is_control(&self, id: u32) -> bool {
        self.types.get(id as usize) == Some(&TYPE_CONTROL)
    }

    /// Token ids of `text`. With `parse_special`, spellings of special tokens become those
    /// tokens (as a chat template needs); without, they are ordinary text.
    pub fn encode(&self, text: &str, parse_special: bool) -> Vec<u32> {
        let mut out = Vec::with_capacity(text.len() / 3 + 1);
        let mut plain_start = 0;
        let mut i = 0;
        let bytes = text.as_bytes();
        while parse_special && i < bytes.len() {
            let special = self
                .specials
                .iter()
                .find(|(s, _)| bytes[i..].starts_with(s.as_bytes()));
            match special {
                Some((s, id)) => {
                    self.encode_plain(&text[plain_start..i], &mut out);
                    out.push(*id);
                    i += s.len();
                    plain_start = i;
                }
                None => i += 1,
            }
        }
        self.encode_plain(&text[plain_start..], &mut out);
        out
    }

    fn encode_plain(&self, text: &str, out: &mut Vec<u32>) {
        if text.is_empty() {
            return;
        }
        let mut symbols = Vec::new();
        self.pre.split(text, &mut |piece| {
            symbols.clear();
            symbols.extend(piece.bytes().map(|b| self.byte_ids[b as usize]));
            self.merge(&mut symbols);
            out.extend(symbols.iter().copied().filter(|&id| id != MISSING));
        });
    }

    /// Applies merges lowest rank first until none applies.
    fn merge(&self, symbols: &mut Vec<u32>) {
        loop {
            let best = symbols
                .windows(2)
                .enumerate()
                .filter_map(|(i, w)| {
                    self.merges
                        .get(&(w[0], w[1]))
                        .map(|&(rank, id)| (rank, i, id))
                })
                .min();
            let Some((_, i, id)) = best else { return };
            symbols[i] = id;
            symbols.remove(i + 1);
        }
    }

    /// The bytes a token stands for; control tokens give their spelling only when `special`.
    pub fn token_bytes(&self, id: u32, special: bool) -> Vec<u8> {
        let Some(text) = self.tokens.get(id as usize) else {
            return Vec::new();
        };
        match self.types[id as usize] {
            TYPE_CONTROL if !special => Vec::new(),
            TYPE_CONTROL | TYPE_USER_DEFINED => text.as_bytes().to_vec(),
            _ => text
                .chars()
                .map(|c| self.byte_of_char.get(&c).copied())
                .collect::<Option<Vec<u8>>>()
                .unwrap_or_else(|| text.as_bytes().to_vec()),
        }
    }

    /// Text of a sequence of tokens (invalid UTF-8 replaced); control tokens left out.
    pub fn decode(&self, ids: &[u32]) -> String {
        let bytes: Vec<u8> = ids
            .iter()
            .flat_map(|&id| self.token_bytes(id, false))
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Turns a stream of tokens into text, holding back bytes of a character split across tokens.
#[derive(Debug, Default)]
pub struct StreamDecoder {
    pending: Vec<u8>,
}

impl StreamDecoder {
    /// Text completed by `id` (possibly empty).
    pub fn push(&mut self, tokenizer: &Tokenizer, id: u32) -> String {
        self.pending.extend(tokenizer.token_bytes(id, false));
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                // A byte that can never become valid: replace it rather than stall.
                let text = String::from_utf8_lossy(&self.pending).into_owned();
                self.pending.clear();
                return text;
            }
        };
        let rest = self.pending.split_off(valid);
        String::from_utf8(std::mem::replace(&mut self.pending, rest)).unwrap_or_default()
    }

    /// Whatever is left at the end of the stream.
    pub fn finish(&mut self) -> String {
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        text
    }
}
