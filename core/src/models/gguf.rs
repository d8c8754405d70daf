//! What a GGUF file's metadata says about its model: architecture, shapes, tokenizer, template.

use std::collections::HashMap;

use candle_core::quantized::gguf_file::{Content, Value};
use serde::Serialize;

use super::ModelError;

/// The model families this runtime can run (chosen from `general.architecture`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Architecture {
    /// Llama 2/3, SmolLM, Mistral-style dense decoders.
    Llama,
    /// Qwen2 / Qwen2.5 and the DeepSeek-R1 distillations built on them (biased q/k/v).
    Qwen2,
}

impl Architecture {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "llama" => Some(Self::Llama),
            "qwen2" => Some(Self::Qwen2),
            _ => None,
        }
    }

    /// The metadata key prefix, as GGUF writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Llama => "llama",
            Self::Qwen2 => "qwen2",
        }
    }
}

/// Shapes and constants of the transformer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelConfig {
    /// Model family.
    pub architecture: Architecture,
    /// Human-readable name from `general.name`, when present.
    pub name: Option<String>,
    /// Longest sequence (prompt plus generated tokens) the model was trained for.
    pub context_length: usize,
    /// Width of the residual stream.
    pub embedding_length: usize,
    /// Number of transformer blocks.
    pub block_count: usize,
    /// Query heads.
    pub head_count: usize,
    /// Key/value heads (fewer than query heads under grouped-query attention).
    pub head_count_kv: usize,
    /// Width of one head.
    pub head_dim: usize,
    /// Rotated dimensions per head.
    pub rope_dim: usize,
    /// RoPE frequency base.
    pub rope_freq_base: f32,
    /// RMSNorm epsilon.
    pub rms_eps: f32,
}

/// Everything the tokenizer needs, as stored in the file.
#[derive(Debug, Clone)]
pub(crate) struct TokenizerData {
    pub model: String,
    pub pre: Option<String>,
    pub tokens: Vec<String>,
    pub token_types: Vec<i32>,
    pub merges: Vec<String>,
    pub bos: Option<u32>,
    pub eos: Option<u32>,
    pub add_bos: bool,
    pub chat_template: Option<String>,
}

/// A view over a file's metadata with typed, error-reporting getters.
pub(crate) struct Metadata<'a>(pub &'a HashMap<String, Value>);

impl Metadata<'_> {
    fn get(&self, key: &str) -> Result<&Value, ModelError> {
        self.0.get(key).ok_or_else(|| ModelError::MissingMetadata {
            key: key.to_owned(),
        })
    }

    fn usize(&self, key: &str) -> Result<usize, ModelError> {
        let n = match *self.get(key)? {
            Value::U8(n) => Some(u64::from(n)),
            Value::U16(n) => Some(u64::from(n)),
            Value::U32(n) => Some(u64::from(n)),
            Value::U64(n) => Some(n),
            Value::I8(n) => u64::try_from(n).ok(),
            Value::I16(n) => u64::try_from(n).ok(),
            Value::I32(n) => u64::try_from(n).ok(),
            Value::I64(n) => u64::try_from(n).ok(),
            _ => None,
        };
        n.and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| ModelError::bad_metadata(key, "expected a non-negative integer"))
    }

    fn opt_usize(&self, key: &str) -> Result<Option<usize>, ModelError> {
        if self.0.contains_key(key) {
            self.usize(key).map(Some)
        } else {
            Ok(None)
        }
    }

    fn opt_f32(&self, key: &str) -> Result<Option<f32>, ModelError> {
        match self.0.get(key) {
            None => Ok(None),
            Some(v) => v
                .to_f32()
                .or_else(|_| v.to_f64().map(|f| f as f32))
                .map(Some)
                .map_err(|_| ModelError::bad_metadata(key, "expected a float")),
        }
    }

    fn opt_string(&self, key: &str) -> Result<Option<String>, ModelError> {
        match self.0.get(key) {
            None => Ok(None),
            Some(v) => v
                .to_string()
                .map(|s| Some(s.clone()))
                .map_err(|_| ModelError::bad_metadata(key, "expected a string")),
        }
    }

    fn strings(&self, key: &str) -> Result<Vec<String>, ModelError> {
        let list = self
            .get(key)?
            .to_vec()
            .map_err(|_| ModelError::bad_metadata(key, "expected an array"))?;
        list.iter()
            .map(|v| {
                v.to_string()
                    .cloned()
                    .map_err(|_| ModelError::bad_metadata(key, "expected strings"))
            })
            .collect()
    }

    fn architecture(&self) -> Result<Architecture, ModelError> {
        let name = self.opt_string("general.architecture")?.ok_or_else(|| {
            ModelError::MissingMetadata {
                key: "general.architecture".into(),
            }
        })?;
        Architecture::from_name(&name)
            .ok_or(ModelError::UnsupportedArchitecture { architecture: name })
    }

    pub(crate) fn config(&self) -> Result<ModelConfig, ModelError> {
        let architecture = self.architecture()?;
        let key = |k: &str| format!("{}.{k}", architecture.as_str());
        let embedding_length = self.usize(&key("embedding_length"))?;
        let head_count = self.usize(&key("attention.head_count"))?;
        let head_count_kv = self
            .opt_usize(&key("attention.head_count_kv"))?
            .unwrap_or(head_count);
        if head_count == 0 || head_count_kv == 0 || head_count % head_count_kv != 0 {
            return Err(ModelError::bad_metadata(
                &key("attention.head_count_kv"),
                "head counts must be positive and the query heads a multiple of the KV heads",
            ));
        }
        let head_dim = embedding_length / head_count;
        let rope_dim = self
            .opt_usize(&key("rope.dimension_count"))?
            .unwrap_or(head_dim);
        if head_dim * head_count != embedding_length || rope_dim != head_dim || head_dim % 2 != 0 {
            return Err(ModelError::bad_metadata(
                &key("rope.dimension_count"),
                "only full, even rotary dimensions that divide the embedding are supported",
            ));
        }
        let context_length = self.usize(&key("context_length"))?;
        if context_length == 0 || context_length > 1 << 20 {
            return Err(ModelError::bad_metadata(
                &key("context_length"),
                "out of range",
            ));
        }
        Ok(ModelConfig {
            architecture,
            name: self.opt_string("general.name")?,
            context_length,
            embedding_length,
            block_count: self.usize(&key("block_count"))?,
            head_count,
            head_count_kv,
            head_dim,
            rope_dim,
            rope_freq_base: self.opt_f32(&key("rope.freq_base"))?.unwrap_or(10_000.0),
            rms_eps: self
                .opt_f32(&key("attention.layer_norm_rms_epsilon"))?
                .unwrap_or(1e-5),
        })
    }

    pub(crate) fn tokenizer(&self) -> Result<TokenizerData, ModelError> {
        let model = self.opt_string("tokenizer.ggml.model")?.unwrap_or_default();
        let tokens = self.strings("tokenizer.ggml.tokens")?;
        let token_types = match self.0.get("tokenizer.ggml.token_type") {
            Some(v) => v
                .to_vec()
                .map_err(|_| {
                    ModelError::bad_metadata("tokenizer.ggml.token_type", "expected an array")
                })?
                .iter()
                .map(|t| t.to_i32().unwrap_or(1))
                .collect(),
            None => vec![1; tokens.len()],
        };
        let merges = if self.0.contains_key("tokenizer.ggml.merges") {
            self.strings("tokenizer.ggml.merges")?
        } else {
            Vec::new()
        };
        let id = |k: &str| -> Result<Option<u32>, ModelError> {
            Ok(self
                .opt_usize(k)?
                .and_then(|n| u32::try_from(n).ok())
                .filter(|&n| (n as usize) < tokens.len()))
        };
        let add_bos = match self.0.get("tokenizer.ggml.add_bos_token") {
            Some(v) => v.to_bool().unwrap_or(false),
            None => false,
        };
        Ok(TokenizerData {
            pre: self.opt_string("tokenizer.ggml.pre")?,
            bos: id("tokenizer.ggml.bos_token_id")?,
            eos: id("tokenizer.ggml.eos_token_id")?,
            add_bos,
            chat_template: self.opt_string("tokenizer.chat_template")?,
            model,
            tokens,
            token_types,
            merges,
        })
    }
}

/// Parses the header and metadata of a GGUF file (tensor data is read later).
/// Reads tensor `name` onto `device`; a missing tensor is [`ModelError::MissingTensor`].
pub(crate) fn read_tensor<R: std::io::Read + std::io::Seek>(
    content: &Content,
    reader: &mut R,
    name: &str,
    device: &candle_core::Device,
) -> Result<candle_core::quantized::QTensor, ModelError> {
    if !content.tensor_infos.contains_key(name) {
        return Err(ModelError::MissingTensor {
            name: name.to_owned(),
        });
    }
    content
        .tensor(reader, name, device)
        .map_err(|e| ModelError::Gguf {
            reason: format!("tensor `{name}`: {e}"),
        })
}

pub(crate) fn read_content<R: std::io::Read + std::io::Seek>(
    reader: &mut R,
) -> Result<Content, ModelError> {
    // candle's reader allocates from lengths in the header; it checks them against the file size.
    Content::read(reader).map_err(|e| ModelError::Gguf {
        reason: e.to_string(),
    })
}
