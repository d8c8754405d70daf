//! Loads a GGUF file into our own kernels' transformer (`conclave_kernels::transformer`): the
//! same reader and metadata as the candle path, the raw blocks kept as they are.

use candle_core::Device;
use candle_core::quantized::{GgmlDType, QTensor, gguf_file};
use conclave_kernels::transformer::{Config, Layer, Proj, RopeStyle, State, Transformer};
use conclave_kernels::{QMatrix, QType};

use super::ModelError;
use super::gguf::{Architecture, ModelConfig};
use super::transformer::WeightFormat;

/// The model config next to the kernels' transformer.
#[derive(Debug)]
pub(crate) struct NativeWeights {
    config: ModelConfig,
    model: Transformer,
}

/// One conversation's cache and scratch buffers.
pub(crate) type NativeState = State;

/// Reads tensors from an open GGUF file into our block formats.
struct Loader<'a, R> {
    content: &'a gguf_file::Content,
    reader: &'a mut R,
    format: WeightFormat,
}

impl<R: std::io::Read + std::io::Seek> Loader<'_, R> {
    fn qtensor(&mut self, name: &str) -> Result<QTensor, ModelError> {
        if !self.content.tensor_infos.contains_key(name) {
            return Err(ModelError::MissingTensor {
                name: name.to_owned(),
            });
        }
        self.content
            .tensor(self.reader, name, &Device::Cpu)
            .map_err(|e| ModelError::Gguf {
                reason: format!("tensor `{name}`: {e}"),
            })
    }

    /// A weight matrix; formats without a kernel here are re-quantised to Q8_0.
    fn matrix(&mut self, name: &str) -> Result<QMatrix, ModelError> {
        let t = self.qtensor(name)?;
        let err = |e: candle_core::Error| ModelError::inference(format!("loading `{name}`"), &e);
        let (rows, cols) = t.shape().dims2().map_err(err)?;
        let shipped = t.dtype();
        let wanted = self.format.target(shipped).unwrap_or(shipped);
        let (wanted, qtype) = match native_type(wanted) {
            Some(q) => (wanted, q),
            None => (GgmlDType::Q8_0, QType::Q8_0),
        };
        let t = if wanted == shipped {
            t
        } else {
            let dense = t.dequantize(&Device::Cpu).map_err(err)?;
            QTensor::quantize(&dense, wanted).map_err(err)?
        };
        let data = t.data().map_err(err)?;
        QMatrix::new(qtype, rows, cols, &data).ok_or_else(|| ModelError::Gguf {
            reason: format!("tensor `{name}`: {rows}×{cols} does not fit its blocks"),
        })
    }

    fn proj(&mut self, name: &str, with_bias: bool) -> Result<Proj, ModelError> {
        let w = self.matrix(&format!("{name}.weight"))?;
        let bias = if with_bias {
            Some(self.dense(&format!("{name}.bias"))?)
        } else {
            None
        };
        Ok(Proj { w, bias })
    }

    fn dense(&mut self, name: &str) -> Result<Vec<f32>, ModelError> {
        let err = |e: candle_core::Error| ModelError::inference(format!("loading `{name}`"), &e);
        self.qtensor(name)?
            .dequantize(&Device::Cpu)
            .and_then(|t| t.flatten_all()?.to_vec1::<f32>())
            .map_err(err)
    }
}

fn native_type(dtype: GgmlDType) -> Option<QType> {
    match dtype {
        GgmlDType::Q4_0 => Some(QType::Q4_0),
        GgmlDType::Q4_1 => Some(QType::Q4_1),
        GgmlDType::Q8_0 => Some(QType::Q8_0),
        _ => None,
    }
}

impl NativeWeights {
    /// Whether every matrix row is a whole number of blocks (real models are; tiny test models
    /// may not be, and then run on candle's kernels).
    pub(crate) fn fits(content: &gguf_file::Content) -> bool {
        let fits = content.tensor_infos.values().all(|info| {
            let dims = info.shape.dims();
            dims.len() != 2 || dims[1] % conclave_kernels::QK == 0
        });
        if !fits {
            tracing::debug!("rows are not whole blocks: candle's kernels run this model");
        }
        fits
    }

    pub(crate) fn load<R: std::io::Read + std::io::Seek>(
        content: &gguf_file::Content,
        reader: &mut R,
        config: ModelConfig,
        format: WeightFormat,
        threads: usize,
    ) -> Result<Self, ModelError> {
        let mut ld = Loader {
            content,
            reader,
            format,
        };
        let embedding = ld.matrix("token_embd.weight")?;
        let with_bias = config.architecture == Architecture::Qwen2;
        let mut layers = Vec::with_capacity(config.block_count);
        for i in 0..config.block_count {
            let p = format!("blk.{i}");
            layers.push(Layer {
                attn_norm: ld.dense(&format!("{p}.attn_norm.weight"))?,
                q: ld.proj(&format!("{p}.attn_q"), with_bias)?,
                k: ld.proj(&format!("{p}.attn_k"), with_bias)?,
                v: ld.proj(&format!("{p}.attn_v"), with_bias)?,
                o: ld.proj(&format!("{p}.attn_output"), false)?,
                ffn_norm: ld.dense(&format!("{p}.ffn_norm.weight"))?,
                gate: ld.proj(&format!("{p}.ffn_gate"), false)?,
                up: ld.proj(&format!("{p}.ffn_up"), false)?,
                down: ld.proj(&format!("{p}.ffn_down"), false)?,
            });
        }
        let output_norm = ld.dense("output_norm.weight")?;
        // Small models tie the output projection to the embedding.
        let output = if content.tensor_infos.contains_key("output.weight") {
            Some(ld.proj("output", false)?)
        } else {
            None
        };
        let c = &config;
        let kernels_config = Config::new(
            c.embedding_length,
            c.head_count,
            c.head_count_kv,
            c.head_dim,
            c.rope_dim,
            c.rope_freq_base,
            match c.architecture {
                // GGUF stores llama's q/k permuted for interleaved rotation; qwen2 rotates halves.
                Architecture::Llama => RopeStyle::Interleaved,
                Architecture::Qwen2 => RopeStyle::Halves,
            },
            c.rms_eps,
        );
        let model = Transformer::new(
            kernels_config,
            embedding,
            layers,
            output_norm,
            output,
            threads,
        )
        .map_err(|e| ModelError::Gguf {
            reason: e.to_string(),
        })?;
        tracing::debug!(isa = model.isa().name(), threads, "native kernels");
        Ok(Self { config, model })
    }

    pub(crate) fn config(&self) -> &ModelConfig {
        &self.config
    }

    pub(crate) fn vocab_rows(&self) -> usize {
        self.model.vocab_rows()
    }

    /// Runs `tokens` at positions `pos..` and returns the logits of the last one.
    pub(crate) fn forward<'s>(
        &self,
        tokens: &[u32],
        pos: usize,
        state: &'s mut NativeState,
    ) -> &'s [f32] {
        self.model.forward(tokens, pos, state)
    }
}
