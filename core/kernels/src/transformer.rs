//! A decoder-only transformer (llama and qwen2 layouts) run by a team of threads over
//! preallocated buffers, with the small operations fused: RMSNorm into activation quantisation,
//! RoPE into the KV-cache write, SwiGLU and the residual adds into the matmul epilogues, attention
//! straight over the cache.
//!
//! Every (weight row, token) dot product, norm and attention head is computed the same way
//! whatever the batch, so a prompt run in one pass or token by token gives the same logits.

mod pass;

use std::sync::{Mutex, TryLockError};

use half::f16;

use crate::team::{self, Barrier, Shared, Team, share};
use crate::{ActBlock, Isa, QK, QMatrix, quantize_acts};

/// How RoPE pairs dimensions within a head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RopeStyle {
    /// Adjacent pairs (llama as stored in GGUF).
    Interleaved,
    /// First half with second half (qwen2, GPT-NeoX).
    Halves,
}

/// Shapes and constants.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Width of the residual stream.
    pub hidden: usize,
    /// Query heads.
    pub heads: usize,
    /// Key/value heads (query heads share them in equal groups).
    pub kv_heads: usize,
    /// Width of one head.
    pub head_dim: usize,
    /// Rotated dimensions per head.
    pub rope_dim: usize,
    /// RoPE frequency base.
    pub rope_base: f32,
    /// RoPE pairing.
    pub rope_style: RopeStyle,
    /// RMSNorm epsilon.
    pub rms_eps: f32,
}

impl Config {
    /// A configuration; see the fields.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        hidden: usize,
        heads: usize,
        kv_heads: usize,
        head_dim: usize,
        rope_dim: usize,
        rope_base: f32,
        rope_style: RopeStyle,
        rms_eps: f32,
    ) -> Self {
        Self {
            hidden,
            heads,
            kv_heads,
            head_dim,
            rope_dim,
            rope_base,
            rope_style,
            rms_eps,
        }
    }
}

/// A projection `x · Wᵀ (+ b)`.
#[derive(Debug)]
pub struct Proj {
    /// Weights, one row per output.
    pub w: QMatrix,
    /// Bias, one per output.
    pub bias: Option<Vec<f32>>,
}

/// One transformer block.
#[derive(Debug)]
#[allow(missing_docs)]
pub struct Layer {
    pub attn_norm: Vec<f32>,
    pub q: Proj,
    pub k: Proj,
    pub v: Proj,
    pub o: Proj,
    pub ffn_norm: Vec<f32>,
    pub gate: Proj,
    pub up: Proj,
    pub down: Proj,
}

/// Shapes that disagree with the configuration.
#[derive(Debug, thiserror::Error)]
#[error("tensor shapes disagree with the model's configuration: {what}")]
#[non_exhaustive]
pub struct ShapeError {
    /// The first tensor found wrong.
    pub what: String,
}

/// The whole model, immutable; each conversation keeps its own [`State`].
#[derive(Debug)]
pub struct Transformer {
    config: Config,
    embedding: QMatrix,
    layers: Vec<Layer>,
    output_norm: Vec<f32>,
    /// `None`: tied to the embedding.
    output: Option<Proj>,
    inv_freq: Vec<f32>,
    ffn: usize,
    isa: Isa,
    threads: usize,
    /// Kept threads; a forward pass that finds them busy (another conversation is running)
    /// spawns its own for the call.
    team: Mutex<Option<Team>>,
}

/// One conversation's KV cache and the scratch buffers of its forward passes; both only grow,
/// so steady decoding allocates nothing.
#[derive(Debug, Default)]
pub struct State {
    /// Keys, `[layer][position][kv_heads × head_dim]` with `capacity` positions per layer, in
    /// f16 as llama.cpp keeps them (half the memory traffic of attention at long contexts).
    k: Vec<f16>,
    v: Vec<f16>,
    capacity: usize,
    scratch: Scratch,
}

impl State {
    /// Makes room for `total` positions per layer, keeping the first `keep`.
    fn reserve(&mut self, layers: usize, kvd: usize, keep: usize, total: usize) {
        if total <= self.capacity {
            return;
        }
        let capacity = total.max(2 * self.capacity).max(256);
        for buf in [&mut self.k, &mut self.v] {
            let mut grown = vec![f16::ZERO; layers * capacity * kvd];
            for l in 0..layers {
                let old = &buf[l * self.capacity * kvd..][..keep * kvd];
                grown[l * capacity * kvd..][..keep * kvd].copy_from_slice(old);
            }
            *buf = grown;
        }
        self.capacity = capacity;
    }
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

impl Transformer {
    /// Checks the shapes and builds the model; it runs with `threads` threads and the best
    /// instruction set of this CPU ([`Isa::best`]).
    pub fn new(
        config: Config,
        embedding: QMatrix,
        layers: Vec<Layer>,
        output_norm: Vec<f32>,
        output: Option<Proj>,
        threads: usize,
    ) -> Result<Self, ShapeError> {
        let model = Self {
            inv_freq: (0..config.rope_dim / 2)
                .map(|i| {
                    1.0 / config
                        .rope_base
                        .powf(2.0 * i as f32 / config.rope_dim as f32)
                })
                .collect(),
            ffn: layers.first().map_or(0, |l| l.gate.w.rows()),
            config,
            embedding,
            layers,
            output_norm,
            output,
            isa: Isa::best(),
            threads: threads.max(1),
            team: Mutex::new(None),
        };
        model.check_shapes()?;
        Ok(model)
    }

    /// Runs with `isa` instead (it must be one of [`Isa::available`]; others fall back).
    pub fn with_isa(mut self, isa: Isa) -> Self {
        self.isa = isa;
        self
    }

    fn check_shapes(&self) -> Result<(), ShapeError> {
        let c = &self.config;
        let (h, qd, kvd, ffn) = (
            c.hidden,
            c.heads * c.head_dim,
            c.kv_heads * c.head_dim,
            self.ffn,
        );
        let fail = |what: String| Err(ShapeError { what });
        if c.kv_heads == 0 || !c.heads.is_multiple_of(c.kv_heads) || c.rope_dim > c.head_dim {
            return fail(format!(
                "{} heads, {} KV heads, RoPE over {} of {}",
                c.heads, c.kv_heads, c.rope_dim, c.head_dim
            ));
        }
        if ![h, qd, ffn].iter().all(|n| n.is_multiple_of(QK)) {
            return fail(format!("widths {h}, {qd}, {ffn} must be multiples of {QK}"));
        }
        if self.embedding.cols() != h || self.output_norm.len() != h {
            return fail("embedding or output norm".into());
        }
        if let Some(o) = &self.output
            && (o.w.cols() != h || o.bias.as_ref().is_some_and(|b| b.len() != o.w.rows()))
        {
            return fail("output".into());
        }
        let fits = |p: &Proj, rows: usize, cols: usize| {
            p.w.rows() == rows
                && p.w.cols() == cols
                && p.bias.as_ref().is_none_or(|b| b.len() == rows)
        };
        for (i, l) in self.layers.iter().enumerate() {
            let ok = l.attn_norm.len() == h
                && l.ffn_norm.len() == h
                && fits(&l.q, qd, h)
                && fits(&l.k, kvd, h)
                && fits(&l.v, kvd, h)
                && fits(&l.o, h, qd)
                && fits(&l.gate, ffn, h)
                && fits(&l.up, ffn, h)
                && fits(&l.down, h, ffn);
            if !ok {
                return fail(format!("block {i}"));
            }
        }
        Ok(())
    }

    /// Rows of the embedding (the vocabulary the weights were trained with).
    pub fn vocab_rows(&self) -> usize {
        self.embedding.rows()
    }

    /// Threads a forward pass uses.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The instruction set the kernels run with.
    pub fn isa(&self) -> Isa {
        self.isa
    }

    /// Runs `tokens` at positions `pos..` (the cache must hold `0..pos`) and returns the logits
    /// of the last one. Token ids must be below [`Transformer::vocab_rows`].
    pub fn forward<'s>(&self, tokens: &[u32], pos: usize, state: &'s mut State) -> &'s [f32] {
        assert!(!tokens.is_empty(), "forward needs at least one token");
        let vocab = self.vocab_rows();
        assert!(
            tokens.iter().all(|&t| (t as usize) < vocab),
            "token id outside the vocabulary"
        );
        let c = &self.config;
        let t = tokens.len();
        let (h, hd) = (c.hidden, c.head_dim);
        let (qd, kvd, ffn) = (c.heads * hd, c.kv_heads * hd, self.ffn);
        let out_rows = self.output.as_ref().map_or(vocab, |o| o.w.rows());
        let total = pos + t;
        let threads = self.threads;
        // With few tokens every thread quantises all activations itself (see `Pass::private`).
        let private = t <= PRIVATE_ACTS_MAX_TOKENS && threads > 1;
        let copies = if private { threads } else { 1 };
        let acts_stride = t * h.max(ffn).max(qd) / QK;

        state.reserve(self.layers.len(), kvd, pos, total);
        let capacity = state.capacity;
        let s = &mut state.scratch;
        for (buf, len) in [
            (&mut s.x, t * h),
            (&mut s.normed, copies * t * h),
            (&mut s.q, t * qd),
            (&mut s.k, t * kvd),
            (&mut s.v, t * kvd),
            (&mut s.attn, t * qd),
            (&mut s.ffn, t * ffn),
            (&mut s.scores, threads * total),
            (&mut s.logits, out_rows),
        ] {
            grow(buf, len);
        }
        grow(&mut s.acts, copies * acts_stride);
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
            kcache: Shared::new(&mut state.k),
            vcache: Shared::new(&mut state.v),
            layer_stride: capacity * kvd,
        };
        let pass = Pass {
            w: self,
            tokens,
            pos,
            rope: &s.rope,
            b: &bufs,
            private,
            acts_stride,
        };
        let work = |ith: usize, nth: usize, barrier: &Barrier| pass.run(ith, nth, barrier);
        let kept = match self.team.try_lock() {
            Ok(kept) => Some(kept),
            // A panic during an earlier pass: the team is replaced below.
            Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        };
        match kept {
            Some(mut kept) => {
                if kept
                    .as_ref()
                    .is_none_or(|t| !t.usable_here() || t.size() != threads)
                {
                    *kept = Some(Team::new(threads));
                }
                kept.as_mut().expect("just made").run(work);
            }
            // Another conversation is running on the kept threads.
            None => team::run(threads, work),
        }
        &s.logits[..out_rows]
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
    kcache: Shared<'a, f16>,
    vcache: Shared<'a, f16>,
    /// Floats per layer in the caches.
    layer_stride: usize,
}

/// One forward pass as every thread of the team walks it.
struct Pass<'a> {
    w: &'a Transformer,
    tokens: &'a [u32],
    pos: usize,
    rope: &'a [f32],
    b: &'a Bufs<'a>,
    /// Each thread quantises every token's activations into its own part of the buffer, which
    /// saves the barrier after each quantisation (4 of 10 per layer) for little repeated work.
    private: bool,
    /// Activation blocks per thread's part.
    acts_stride: usize,
}

/// Up to this many tokens, activations are quantised per thread (`Pass::private`).
const PRIVATE_ACTS_MAX_TOKENS: usize = 4;

#[cfg(test)]
mod tests;
