//! Loads a GGUF file into our own kernels' transformer (`conclave_kernels::transformer`): the
//! same reader and metadata as the candle path, the raw blocks kept as they are.

use candle_core::Device;
use candle_core::quantized::{GgmlDType, QTensor, gguf_file};
use conclave_kernels::transformer::{Config, Layer, Proj, RopeStyle, State, Transformer};
use conclave_kernels::{QMatrix, QType, q5_0_to_q8_0};

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
        super::gguf::read_tensor(self.content, self.reader, name, &Device::Cpu)
    }

    /// A weight matrix. Q4_0, Q4_1 and Q8_0 stay as they are, as do Q4_K and Q6_K when rows are
    /// whole 256-value blocks; Q5_0 becomes the Q8_0 of exactly its values; other formats are
    /// re-quantised to Q8_0.
    fn matrix(&mut self, name: &str) -> Result<QMatrix, ModelError> {
        let t = self.qtensor(name)?;
        let err = |e: candle_core::Error| ModelError::inference(format!("loading `{name}`"), &e);
        let (rows, cols) = t.shape().dims2().map_err(err)?;
        let shipped = t.dtype();
        let wanted = self.format.target(shipped).unwrap_or(shipped);
        let misfit = || ModelError::Gguf {
            reason: format!("tensor `{name}`: {rows}×{cols} does not fit its blocks"),
        };
        if wanted == shipped
            && let Some(qtype) = native_type(shipped, cols)
        {
            let data = t.data().map_err(err)?;
            return QMatrix::new(qtype, rows, cols, &data).ok_or_else(misfit);
        }
        if wanted == shipped && shipped == GgmlDType::Q5_0 {
            let data = t.data().map_err(err)?;
            let q8: Vec<u8> = data.chunks_exact(22).flat_map(q5_0_to_q8_0).collect();
            return QMatrix::new(QType::Q8_0, rows, cols, &q8).ok_or_else(misfit);
        }
        let (to, qtype) = match native_type(wanted, cols) {
            Some(q) if wanted.block_size() == 32 => (wanted, q),
            _ => (GgmlDType::Q8_0, QType::Q8_0),
        };
        tracing::debug!(name, from = ?shipped, to = ?to, "re-quantising");
        let dense = t.dequantize(&Device::Cpu).map_err(err)?;
        let t = QTensor::quantize(&dense, to).map_err(err)?;
        let data = t.data().map_err(err)?;
        QMatrix::new(qtype, rows, cols, &data).ok_or_else(misfit)
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

/// The kernel format for `dtype` with rows of `cols` values, if there is one.
fn native_type(dtype: GgmlDType, cols: usize) -> Option<QType> {
    let whole = |values: usize| cols.is_multiple_of(values);
    match dtype {
        GgmlDType::Q4_0 => Some(QType::Q4_0),
        GgmlDType::Q4_1 => Some(QType::Q4_1),
        GgmlDType::Q8_0 => Some(QType::Q8_0),
        GgmlDType::Q4K if whole(256) => Some(QType::Q4K),
        GgmlDType::Q6K if whole(256) => Some(QType::Q6K),
        _ => None,
    }
}

impl NativeWeights {
    /// Whether our kernels should run this file: every matrix row must be a whole number of
    /// blocks (real models are; tiny test models may not be), and unquantised matrices (F32,
    /// F16, BF16) stay with candle's kernels unless a format to convert to was asked for, since
    /// ours would quantise them.
    pub(crate) fn fits(content: &gguf_file::Content, format: WeightFormat) -> bool {
        let keep_dense = matches!(format, WeightFormat::Auto | WeightFormat::AsShipped);
        let fits = content.tensor_infos.values().all(|info| {
            let dims = info.shape.dims();
            let dense = matches!(
                info.ggml_dtype,
                GgmlDType::F32 | GgmlDType::F16 | GgmlDType::BF16
            );
            dims.len() != 2 || (dims[1] % conclave_kernels::QK == 0 && !(dense && keep_dense))
        });
        if !fits {
            tracing::debug!("unquantised or odd-sized matrices: candle's kernels run this model");
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
