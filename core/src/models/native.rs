//! The CPU forward pass on our own kernels: the same transformer as [`super::transformer`], run
//! by a team of threads over preallocated buffers with the small operations fused (RMSNorm into
//! activation quantisation, RoPE into the KV-cache write, SwiGLU and the residual adds into the
//! matmul epilogues, attention straight over the cache).

use candle_core::quantized::{GgmlDType, QTensor, gguf_file};
use candle_core::Device;

use super::ModelError;
use super::gguf::{Architecture, ModelConfig};
use super::kernels::team::{self, Barrier, Shared, share};
use super::kernels::{self, ActBlock, Isa, QK, QMatrix, QType, quantize_acts};
use super::transformer::WeightFormat;

/// A projection `x · Wᵀ (+ b)`.
#[derive(Debug)]
struct Proj {
    w: QMatrix,
    bias: Option<Vec<f32>>,
}

#[derive(Debug)]
struct Layer {
    attn_norm: Vec<f32>,
    q: Proj,
    k: Proj,
    v: Proj,
    o: Proj,
    ffn_norm: Vec<f32>,
    gate: Proj,
    up: Proj,
    down: Proj,
}

/// Weights in ggml block formats, ready for [`kernels::matmul`].
#[derive(Debug)]
pub(crate) struct NativeWeights {
    config: ModelConfig,
    embedding: QMatrix,
    layers: Vec<Layer>,
    output_norm: Vec<f32>,
    /// `None`: tied to the embedding.
    output: Option<Proj>,
    inv_freq: Vec<f32>,
    ffn: usize,
    isa: Isa,
    threads: usize,
}

/// One conversation's KV cache (position-major, `kv_heads × head_dim` per position) and the
/// scratch buffers of its forward passes; both only grow.
#[derive(Debug, Default)]
pub(crate) struct NativeState {
    k: Vec<Vec<f32>>,
    v: Vec<Vec<f32>>,
    scratch: Scratch,
}

#[derive(Debug, Default)]
struct Scratch {
    x: Vec<f32>,
    normed: Vec<f32>,
    acts: Vec<ActBlock>,
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    attn: Vec<f32>,
    ffn: Vec<f32>,
    scores: Vec<f32>,
    rope: Vec<f32>,
    logits: Vec<f32>,
}

fn grow<T: Default + Clone>(v: &mut Vec<T>, len: usize) {
    if v.len() < len {
        v.resize(len, T::default());
    }
}

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
        let target = self.format.target(t.dtype()).unwrap_or(t.dtype());
        let (t, qtype) = match native_type(target) {
            Some(q) if target == t.dtype() => (t, q),
            native => {
                let to = if native.is_some() { target } else { GgmlDType::Q8_0 };
                let dense = t.dequantize(&Device::Cpu).map_err(err)?;
                let t = QTensor::quantize(&dense, to).map_err(err)?;
                (t, native_type(to).unwrap_or(QType::Q8_0))
            }
        };
        let data = t.data().map_err(err)?.into_owned();
        QMatrix::new(qtype, rows, cols, data).ok_or_else(|| ModelError::Gguf {
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
        let output = if content.tensor_infos.contains_key("output.weight") {
            Some(ld.proj("output", false)?)
        } else {
            None
        };
        let weights = Self {
            inv_freq: (0..config.rope_dim / 2)
                .map(|i| 1.0 / config.rope_freq_base.powf(2.0 * i as f32 / config.rope_dim as f32))
                .collect(),
            ffn: layers.first().map_or(0, |l| l.gate.w.rows()),
            config,
            embedding,
            layers,
            output_norm,
            output,
            isa: Isa::best(),
            threads: threads.max(1),
        };
        weights.check_shapes()?;
        Ok(weights)
    }

    /// Refuses files whose shapes disagree with their metadata (kernels index by them).
    fn check_shapes(&self) -> Result<(), ModelError> {
        let c = &self.config;
        let (h, qd, kvd) = (
            c.embedding_length,
            c.head_count * c.head_dim,
            c.head_count_kv * c.head_dim,
        );
        let fits = |p: &Proj, rows: usize, cols: usize| {
            p.w.rows() == rows
                && p.w.cols() == cols
                && p.bias.as_ref().is_none_or(|b| b.len() == rows)
        };
        let ok = self.embedding.cols() == h
            && c.head_count_kv > 0
            && c.head_count % c.head_count_kv == 0
            && c.rope_dim <= c.head_dim
            && h % QK == 0
            && self.output_norm.len() == h
            && self.output.as_ref().is_none_or(|o| o.w.cols() == h)
            && self.layers.iter().all(|l| {
                l.attn_norm.len() == h
                    && l.ffn_norm.len() == h
                    && fits(&l.q, qd, h)
                    && fits(&l.k, kvd, h)
                    && fits(&l.v, kvd, h)
                    && fits(&l.o, h, qd)
                    && fits(&l.gate, self.ffn, h)
                    && fits(&l.up, self.ffn, h)
                    && fits(&l.down, h, self.ffn)
            });
        if ok {
            Ok(())
        } else {
            Err(ModelError::Gguf {
                reason: "tensor shapes disagree with the model's metadata".into(),
            })
        }
    }

    pub(crate) fn config(&self) -> &ModelConfig {
        &self.config
    }

    pub(crate) fn vocab_rows(&self) -> usize {
        self.embedding.rows()
    }

    /// Runs `tokens` at positions `pos..` and returns the logits of the last one.
    pub(crate) fn forward(&self, tokens: &[u32], pos: usize, state: &mut NativeState) -> Vec<f32> {
        let c = &self.config;
        let t = tokens.len();
        let (h, hd) = (c.embedding_length, c.head_dim);
        let (qd, kvd, ffn) = (c.head_count * hd, c.head_count_kv * hd, self.ffn);
        let vocab = self.output.as_ref().map_or(self.embedding.rows(), |o| o.w.rows());
        let total = pos + t;
        let threads = self.threads.min(t * 64).max(1);

        state.k.resize_with(self.layers.len(), Vec::new);
        state.v.resize_with(self.layers.len(), Vec::new);
        for cache in state.k.iter_mut().chain(state.v.iter_mut()) {
            grow(cache, total * kvd);
        }
        let s = &mut state.scratch;
        for (buf, len) in [
            (&mut s.x, t * h),
            (&mut s.normed, t * h),
            (&mut s.q, t * qd),
            (&mut s.k, t * kvd),
            (&mut s.v, t * kvd),
            (&mut s.attn, t * qd),
            (&mut s.ffn, t * ffn),
            (&mut s.scores, threads * total),
            (&mut s.logits, vocab),
        ] {
            grow(buf, len);
        }
        grow(&mut s.acts, t * h.max(ffn).max(qd) / QK);
        // cos then sin for each position and rotated pair.
        let half = self.inv_freq.len();
        grow(&mut s.rope, t * 2 * half);
        for j in 0..t {
            for (i, f) in self.inv_freq.iter().enumerate() {
                let angle = (pos + j) as f32 * f;
                s.rope[j * 2 * half + i] = angle.cos();
                s.rope[j * 2 * half + half + i] = angle.sin();
            }
        }

        let bufs = Bufs {
            x: Shared::new(&mut s.x),
            normed: Shared::new(&mut s.normed),
            acts: Shared::new(&mut s.acts),
            q: Shared::new(&mut s.q),
            k: Shared::new(&mut s.k),
            v: Shared::new(&mut s.v),
            attn: Shared::new(&mut s.attn),
            ffn: Shared::new(&mut s.ffn),
            scores: Shared::new(&mut s.scores),
            logits: Shared::new(&mut s.logits),
            kcache: state.k.iter_mut().map(|v| Shared::new(v)).collect(),
            vcache: state.v.iter_mut().map(|v| Shared::new(v)).collect(),
        };
        let pass = Pass {
            w: self,
            tokens,
            pos,
            rope: &s.rope,
            b: &bufs,
        };
        team::run(threads, |ith, nth, barrier| pass.run(ith, nth, barrier));
        s.logits[..vocab].to_vec()
    }
}

/// The buffers of one forward pass, shared by the team.
struct Bufs<'a> {
    x: Shared<'a, f32>,
    normed: Shared<'a, f32>,
    acts: Shared<'a, ActBlock>,
    q: Shared<'a, f32>,
    k: Shared<'a, f32>,
    v: Shared<'a, f32>,
    attn: Shared<'a, f32>,
    ffn: Shared<'a, f32>,
    scores: Shared<'a, f32>,
    logits: Shared<'a, f32>,
    kcache: Vec<Shared<'a, f32>>,
    vcache: Vec<Shared<'a, f32>>,
}

/// One forward pass as every thread of the team walks it.
struct Pass<'a> {
    w: &'a NativeWeights,
    tokens: &'a [u32],
    pos: usize,
    rope: &'a [f32],
    b: &'a Bufs<'a>,
}

// The team's shared-buffer accesses; each states why no other thread touches the same part.
#[allow(unsafe_code)]
mod pass;
