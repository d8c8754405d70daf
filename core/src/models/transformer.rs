//! The decoder-only transformer shared by the llama and qwen2 families.
//!
//! Written here rather than taken from candle-transformers so that the pieces the CPU-kernels
//! work replaces (the quantised matmul in [`Linear`], the KV cache, the attention) sit behind our
//! own types while the loader and the generation API stay the same.

use std::sync::Arc;

use candle_core::quantized::{GgmlDType, QMatMul, QTensor, gguf_file};
use candle_core::{DType, Device, Module, Tensor};

use super::ModelError;
use super::gguf::{Architecture, ModelConfig};
use super::native::{NativeState, NativeWeights};

/// How weights are kept in memory after loading (on the CPU; GPU backends keep them as shipped).
///
/// The default keeps what our own kernels run (Q4_0, Q4_1, Q8_0) as shipped; under candle's
/// kernels it converts formats whose candle dot products are scalar to Q8_0 (on SmolLM2's Q4_1
/// file 2.2× faster prompts, 1.3× faster decoding there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum WeightFormat {
    /// As shipped under our kernels, [`WeightFormat::Q8_0`] under candle's.
    #[default]
    Auto,
    /// Exactly as stored in the file (what llama.cpp computes with). Our kernels still convert
    /// formats they have no kernel for to Q8_0.
    AsShipped,
    /// Formats whose candle dot products are scalar (Q4_1, Q5_0, Q5_1, Q8_1) are re-quantised to
    /// Q8_0 at load, which candle vectorises; other formats stay as shipped.
    Q8_0,
    /// The same, to Q4_0 (half the memory of Q8_0, slightly less precise).
    Q4_0,
}

impl WeightFormat {
    /// Parses `auto`, `as-shipped`, `q8_0` or `q4_0`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().replace('-', "_").as_str() {
            "auto" => Some(Self::Auto),
            "as_shipped" | "asshipped" | "none" => Some(Self::AsShipped),
            "q8_0" | "q8" => Some(Self::Q8_0),
            "q4_0" | "q4" => Some(Self::Q4_0),
            _ => None,
        }
    }

    /// What `dtype` is converted to at load, if anything (`Auto` as under candle's kernels).
    pub(crate) fn target(self, dtype: GgmlDType) -> Option<GgmlDType> {
        let scalar_in_candle = matches!(
            dtype,
            GgmlDType::Q4_1 | GgmlDType::Q5_0 | GgmlDType::Q5_1 | GgmlDType::Q8_1
        );
        match self {
            Self::AsShipped => None,
            Self::Q8_0 | Self::Auto if scalar_in_candle => Some(GgmlDType::Q8_0),
            Self::Q4_0 if scalar_in_candle => Some(GgmlDType::Q4_0),
            _ => None,
        }
    }
}

/// Which kernels run the forward pass on the CPU (GPU backends always use candle's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Kernels {
    /// Our own quantised kernels and fused forward pass (`models::kernels`).
    #[default]
    Native,
    /// candle's `QMatMul` and tensor operations, for comparison.
    Candle,
}

impl Kernels {
    /// Parses `native` or `candle`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "native" | "conclave" => Some(Self::Native),
            "candle" => Some(Self::Candle),
            _ => None,
        }
    }

    /// The name [`Kernels::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Native => "native",
            Self::Candle => "candle",
        }
    }
}

/// Loaded weights, run by the kernels chosen at load; shared by every [`KvCache`].
#[derive(Debug)]
pub(crate) enum Weights {
    Candle(CandleWeights),
    Native(Box<NativeWeights>),
}

impl Weights {
    /// Builds the model from an opened GGUF file whose metadata gave `config`.
    pub(crate) fn load<R: std::io::Read + std::io::Seek>(
        content: &gguf_file::Content,
        reader: &mut R,
        config: ModelConfig,
        device: &Device,
        format: WeightFormat,
        kernels: Kernels,
        threads: usize,
    ) -> Result<Self, ModelError> {
        if device.is_cpu() && kernels == Kernels::Native && NativeWeights::fits(content, format) {
            let format = match format {
                WeightFormat::Auto => WeightFormat::AsShipped,
                other => other,
            };
            NativeWeights::load(content, reader, config, format, threads)
                .map(|w| Self::Native(Box::new(w)))
        } else {
            CandleWeights::load(content, reader, config, device, format).map(Self::Candle)
        }
    }

    pub(crate) fn config(&self) -> &ModelConfig {
        match self {
            Self::Candle(w) => &w.config,
            Self::Native(w) => w.config(),
        }
    }

    /// Rows of the embedding matrix (the vocabulary the weights were trained with).
    pub(crate) fn vocab_rows(&self) -> usize {
        match self {
            Self::Candle(w) => w.vocab_rows(),
            Self::Native(w) => w.vocab_rows(),
        }
    }

    /// Runs `tokens` at positions `cache.len()..`, appending to the cache, and writes the
    /// logits (vocabulary-sized) of the last position into `logits`.
    pub(crate) fn forward(
        &self,
        tokens: &[u32],
        cache: &mut KvCache,
        logits: &mut Vec<f32>,
    ) -> Result<(), ModelError> {
        let pos = cache.len();
        let context = self.config().context_length;
        if pos + tokens.len() > context {
            return Err(ModelError::ContextOverflow {
                tokens: pos + tokens.len(),
                context,
            });
        }
        match self {
            Self::Candle(w) => {
                *logits = w
                    .forward_inner(tokens, pos, cache)
                    .and_then(|l| l.to_vec1::<f32>())
                    .map_err(|e| ModelError::inference("forward pass", &e))?;
            }
            Self::Native(w) => {
                logits.clear();
                logits.extend_from_slice(w.forward(tokens, pos, &mut cache.native));
                cache.advance(tokens.len());
            }
        }
        Ok(())
    }
}

/// A weight matrix applied as `x · Wᵀ (+ b)`: the seam where our own kernels plug in.
#[derive(Debug)]
pub(crate) struct Linear {
    weight: QMatMul,
    bias: Option<Tensor>,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let y = self.weight.forward(x)?;
        match &self.bias {
            Some(b) => y.broadcast_add(b),
            None => Ok(y),
        }
    }
}

#[derive(Debug)]
struct Block {
    attn_norm: Tensor,
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    ffn_norm: Tensor,
    gate: Linear,
    up: Linear,
    down: Linear,
}

/// Weights for candle's kernels.
#[derive(Debug)]
pub(crate) struct CandleWeights {
    pub(crate) config: ModelConfig,
    embedding: Arc<QTensor>,
    blocks: Vec<Block>,
    output_norm: Tensor,
    output: Linear,
    cos: Tensor,
    sin: Tensor,
    device: Device,
}

/// Reads tensors from an open GGUF file.
struct TensorReader<'a, R> {
    content: &'a gguf_file::Content,
    reader: &'a mut R,
    device: &'a Device,
    format: WeightFormat,
}

impl<R: std::io::Read + std::io::Seek> TensorReader<'_, R> {
    fn qtensor(&mut self, name: &str) -> Result<QTensor, ModelError> {
        super::gguf::read_tensor(self.content, self.reader, name, self.device)
    }

    fn linear(&mut self, name: &str, with_bias: bool) -> Result<Linear, ModelError> {
        let weight = self.qtensor(&format!("{name}.weight"))?;
        // Conversion is for candle's CPU kernels; its GPU kernels handle every format (and
        // re-quantising on a CUDA device gave NaN logits on an H200 with candle 0.11.1).
        let target = if self.device.is_cpu() {
            self.format.target(weight.dtype())
        } else {
            None
        };
        let weight = match target {
            Some(target) => requantize(&weight, target, self.device)
                .map_err(|e| ModelError::inference(format!("re-quantising `{name}`"), &e))?,
            None => weight,
        };
        let weight = QMatMul::from_qtensor(weight).map_err(|e| ModelError::inference(name, &e))?;
        let bias = if with_bias {
            Some(self.dense(&format!("{name}.bias"))?)
        } else {
            None
        };
        Ok(Linear { weight, bias })
    }

    fn dense(&mut self, name: &str) -> Result<Tensor, ModelError> {
        self.qtensor(name)?
            .dequantize(self.device)
            .map_err(|e| ModelError::inference(format!("dequantising `{name}`"), &e))
    }
}

fn requantize(t: &QTensor, target: GgmlDType, device: &Device) -> candle_core::Result<QTensor> {
    let dense = t.dequantize(device)?;
    QTensor::quantize(&dense, target)
}

impl CandleWeights {
    fn load<R: std::io::Read + std::io::Seek>(
        content: &gguf_file::Content,
        reader: &mut R,
        config: ModelConfig,
        device: &Device,
        format: WeightFormat,
    ) -> Result<Self, ModelError> {
        let mut tr = TensorReader {
            content,
            reader,
            device,
            format,
        };
        let embedding = Arc::new(tr.qtensor("token_embd.weight")?);
        let with_bias = config.architecture == Architecture::Qwen2;
        let mut blocks = Vec::with_capacity(config.block_count);
        for i in 0..config.block_count {
            let p = format!("blk.{i}");
            blocks.push(Block {
                attn_norm: tr.dense(&format!("{p}.attn_norm.weight"))?,
                q: tr.linear(&format!("{p}.attn_q"), with_bias)?,
                k: tr.linear(&format!("{p}.attn_k"), with_bias)?,
                v: tr.linear(&format!("{p}.attn_v"), with_bias)?,
                o: tr.linear(&format!("{p}.attn_output"), false)?,
                ffn_norm: tr.dense(&format!("{p}.ffn_norm.weight"))?,
                gate: tr.linear(&format!("{p}.ffn_gate"), false)?,
                up: tr.linear(&format!("{p}.ffn_up"), false)?,
                down: tr.linear(&format!("{p}.ffn_down"), false)?,
            });
        }
        let output_norm = tr.dense("output_norm.weight")?;
        // Small models tie the output projection to the embedding.
        let output = if content.tensor_infos.contains_key("output.weight") {
            tr.linear("output", false)?
        } else {
            let weight = QMatMul::from_arc(embedding.clone())
                .map_err(|e| ModelError::inference("tied output", &e))?;
            Linear { weight, bias: None }
        };
        let (cos, sin) =
            rope_tables(&config, device).map_err(|e| ModelError::inference("rope tables", &e))?;
        Ok(Self {
            config,
            embedding,
            blocks,
            output_norm,
            output,
            cos,
            sin,
            device: device.clone(),
        })
    }

    fn vocab_rows(&self) -> usize {
        self.embedding.shape().dims().first().copied().unwrap_or(0)
    }

    fn forward_inner(
        &self,
        tokens: &[u32],
        pos: usize,
        cache: &mut KvCache,
    ) -> candle_core::Result<Tensor> {
        let c = &self.config;
        let t = tokens.len();
        let ids = Tensor::new(tokens, &self.device)?;
        let mut x = self.embedding.embedding(&ids)?.unsqueeze(0)?; // (1, t, hidden)
        let cos = self.cos.narrow(0, pos, t)?;
        let sin = self.sin.narrow(0, pos, t)?;
        let mask = if t > 1 {
            Some(causal_mask(t, pos, &self.device)?)
        } else {
            None
        };
        for (layer, block) in self.blocks.iter().enumerate() {
            let residual = x.clone();
            let h = candle_nn::ops::rms_norm(&x, &block.attn_norm, c.rms_eps)?;
            let h = self.attention(block, &h, &cos, &sin, mask.as_ref(), cache.layer(layer))?;
            x = (h + residual)?;
            let residual = x.clone();
            let h = candle_nn::ops::rms_norm(&x, &block.ffn_norm, c.rms_eps)?;
            let h = (block.gate.forward(&h)?.silu()? * block.up.forward(&h)?)?;
            x = (block.down.forward(&h)? + residual)?;
        }
        cache.advance(t);
        let last = x.narrow(1, t - 1, 1)?;
        let last = candle_nn::ops::rms_norm(&last, &self.output_norm, c.rms_eps)?;
        self.output
            .forward(&last)?
            .flatten_all()?
            .to_dtype(DType::F32)
    }

    fn attention(
        &self,
        block: &Block,
        x: &Tensor,
        cos: &Tensor,
        sin: &Tensor,
        mask: Option<&Tensor>,
        cache: &mut LayerCache,
    ) -> candle_core::Result<Tensor> {
        let c = &self.config;
        let (_, t, _) = x.dims3()?;
        let (heads, kv_heads, dim) = (c.head_count, c.head_count_kv, c.head_dim);
        let shape = |y: Tensor, n: usize| -> candle_core::Result<Tensor> {
            y.reshape((1, t, n, dim))?.transpose(1, 2)?.contiguous()
        };
        let q = shape(block.q.forward(x)?, heads)?;
        let k = shape(block.k.forward(x)?, kv_heads)?;
        let v = shape(block.v.forward(x)?, kv_heads)?;
        let (q, k) = match c.architecture {
            // GGUF stores llama's q/k permuted for interleaved rotation; qwen2 rotates halves.
            Architecture::Llama => (
                candle_nn::rotary_emb::rope_i(&q, cos, sin)?,
                candle_nn::rotary_emb::rope_i(&k, cos, sin)?,
            ),
            Architecture::Qwen2 => (
                candle_nn::rotary_emb::rope(&q, cos, sin)?,
                candle_nn::rotary_emb::rope(&k, cos, sin)?,
            ),
        };
        let (k, v) = cache.append(&k, &v)?;
        let total = k.dim(2)?;
        // Grouped-query attention without copying K/V: the query heads that share a KV head are
        // adjacent, so (1, heads, t, d) reshapes to (1, kv_heads, group·t, d).
        let group = heads / kv_heads;
        let q = q.reshape((1, kv_heads, group * t, dim))?;
        let scale = 1.0 / (dim as f64).sqrt();
        let mut scores = (q.matmul(&k.t()?)? * scale)?;
        if let Some(mask) = mask {
            scores = scores
                .reshape((1, kv_heads, group, t, total))?
                .broadcast_add(mask)?
                .reshape((1, kv_heads, group * t, total))?;
        }
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let y = probs.matmul(&v)?; // (1, kv_heads, group·t, d)
        let y = y
            .reshape((1, heads, t, dim))?
            .transpose(1, 2)?
            .reshape((1, t, heads * dim))?;
        block.o.forward(&y)
    }
}

/// Additive mask: query `i` (at absolute position `pos + i`) sees keys `0..=pos + i`.
fn causal_mask(t: usize, pos: usize, device: &Device) -> candle_core::Result<Tensor> {
    let total = pos + t;
    let mask: Vec<f32> = (0..t)
        .flat_map(|i| (0..total).map(move |j| if j > pos + i { f32::NEG_INFINITY } else { 0.0 }))
        .collect();
    Tensor::from_vec(mask, (t, total), device)
}

fn rope_tables(c: &ModelConfig, device: &Device) -> candle_core::Result<(Tensor, Tensor)> {
    let half = c.rope_dim / 2;
    let inv: Vec<f32> = (0..half)
        .map(|i| 1.0 / c.rope_freq_base.powf(2.0 * i as f32 / c.rope_dim as f32))
        .collect();
    let inv = Tensor::from_vec(inv, (1, half), device)?;
    let positions = Tensor::arange(0u32, c.context_length as u32, device)?
        .to_dtype(DType::F32)?
        .reshape((c.context_length, 1))?;
    let freqs = positions.broadcast_mul(&inv)?;
    Ok((freqs.cos()?.contiguous()?, freqs.sin()?.contiguous()?))
}

/// Keys and values of one layer, in a buffer that grows by doubling (no copy per token).
#[derive(Debug, Default)]
pub(crate) struct LayerCache {
    k: Option<Tensor>,
    v: Option<Tensor>,
    len: usize,
}

impl LayerCache {
    fn append(&mut self, k: &Tensor, v: &Tensor) -> candle_core::Result<(Tensor, Tensor)> {
        let (_, kv_heads, t, dim) = k.dims4()?;
        let needed = self.len + t;
        let capacity = self.k.as_ref().map_or(0, |k| k.dim(2).unwrap_or(0));
        if needed > capacity {
            let new_cap = needed.max(capacity * 2).max(256);
            let grow = |old: &Option<Tensor>| -> candle_core::Result<Tensor> {
                let buf = Tensor::zeros((1, kv_heads, new_cap, dim), k.dtype(), k.device())?;
                if let Some(old) = old
                    && self.len > 0
                {
                    buf.slice_set(&old.narrow(2, 0, self.len)?.contiguous()?, 2, 0)?;
                }
                Ok(buf)
            };
            self.k = Some(grow(&self.k)?);
            self.v = Some(grow(&self.v)?);
        }
        let (kb, vb) = (
            self.k.as_ref().expect("allocated"),
            self.v.as_ref().expect("allocated"),
        );
        kb.slice_set(k, 2, self.len)?;
        vb.slice_set(v, 2, self.len)?;
        Ok((kb.narrow(2, 0, needed)?, vb.narrow(2, 0, needed)?))
    }
}

/// The attention cache of one conversation: positions already run through the model.
#[derive(Debug)]
pub(crate) struct KvCache {
    layers: Vec<LayerCache>,
    native: NativeState,
    len: usize,
}

impl KvCache {
    pub(crate) fn new(layers: usize) -> Self {
        Self {
            layers: (0..layers).map(|_| LayerCache::default()).collect(),
            native: NativeState::default(),
            len: 0,
        }
    }

    /// Number of positions held.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Forgets every position from `len` on (kept buffers are reused).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
        for layer in &mut self.layers {
            layer.len = self.len;
        }
    }

    fn layer(&mut self, i: usize) -> &mut LayerCache {
        &mut self.layers[i]
    }

    fn advance(&mut self, t: usize) {
        self.len += t;
        for layer in &mut self.layers {
            layer.len = self.len;
        }
    }
}
