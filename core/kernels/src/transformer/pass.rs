//! The steps of one forward pass. Each thread takes its share of a step (tokens, weight rows
//! or attention heads) and writes only there; a barrier separates a step from the next one that
//! reads what it wrote. Every `unsafe` below is a [`Shared`] access under that rule.

use std::ops::Range;

use half::slice::HalfFloatSliceExt;

use super::{Barrier, Pass, Proj, QK, RopeStyle, Shared, quantize_acts, share};
use crate::{attend, matmul};

impl Pass<'_> {
    pub(super) fn run(&self, ith: usize, nth: usize, barrier: &Barrier) {
        let w = self.w;
        let c = &w.config;
        let b = self.b;
        let t = self.tokens.len();
        let (h, qd, ffn) = (c.hidden, c.heads * c.head_dim, w.ffn);
        let mine = share(t, ith, nth, 1);
        // Rows this thread quantises for the next matmul: all of them into its own buffer when
        // they are few (no barrier needed after), else its share of the shared buffer.
        let quantised = if self.private { 0..t } else { mine.clone() };
        let meet = |after_quantising: bool| {
            if !(after_quantising && self.private) {
                barrier.wait();
            }
        };

        for j in mine {
            // SAFETY: token row j is this thread's in this step.
            let x = unsafe { b.x.get_mut(j * h..(j + 1) * h) };
            w.embedding.dequantize_row(self.tokens[j] as usize, x);
        }
        barrier.wait();
        for (li, layer) in w.layers.iter().enumerate() {
            self.norm_quantize(quantised.clone(), &layer.attn_norm, ith);
            meet(true);
            self.qkv(layer, ith, nth);
            barrier.wait();
            self.rope_store(li, ith, nth);
            barrier.wait();
            self.attention(li, ith, nth);
            barrier.wait();
            self.quantize_rows(quantised.clone(), &b.attn, qd, ith);
            meet(true);
            self.add_projection(&layer.o, qd, ith, nth);
            barrier.wait();
            self.norm_quantize(quantised.clone(), &layer.ffn_norm, ith);
            meet(true);
            self.gate_up(layer, ith, nth);
            barrier.wait();
            self.quantize_rows(quantised.clone(), &b.ffn, ffn, ith);
            meet(true);
            self.add_projection(&layer.down, ffn, ith, nth);
            barrier.wait();
        }
        if self.private || ith == 0 {
            self.norm_quantize(t - 1..t, &w.output_norm, ith);
        }
        meet(true);
        let out = w.output.as_ref();
        let matrix = out.map_or(&w.embedding, |o| &o.w);
        let (nb, base) = (h / QK, self.acts_base(ith));
        // SAFETY: activations are only read from here on.
        let acts = unsafe { b.acts.get(base + (t - 1) * nb..base + t * nb) };
        let bias = out.and_then(|o| o.bias.as_deref());
        let rows = share(matrix.rows(), ith, nth, 8);
        matmul(w.isa, matrix, acts, 1, rows, &mut |r, _, v| {
            // SAFETY: logit r belongs to the thread that owns row r.
            unsafe { *b.logits.at(r) = v + bias.map_or(0.0, |b| b[r]) };
        });
    }

    /// Where thread `ith`'s activations start (all threads share one buffer unless private).
    fn acts_base(&self, ith: usize) -> usize {
        if self.private {
            ith * self.acts_stride
        } else {
            0
        }
    }

    /// RMSNorm of the residual rows `tokens`, times `weight`, quantised for the next matmul.
    fn norm_quantize(&self, tokens: Range<usize>, weight: &[f32], ith: usize) {
        let h = self.w.config.hidden;
        let eps = self.w.config.rms_eps;
        let b = self.b;
        let ab = self.acts_base(ith);
        let normed_base = if self.private {
            ith * self.tokens.len() * h
        } else {
            0
        };
        for j in tokens {
            // SAFETY: token row j of this thread's buffers (or of its share of the shared ones)
            // is this thread's in this step; `x` is only read.
            let (x, normed, acts) = unsafe {
                (
                    b.x.get(j * h..(j + 1) * h),
                    b.normed
                        .get_mut(normed_base + j * h..normed_base + (j + 1) * h),
                    b.acts.get_mut(ab + j * h / QK..ab + (j + 1) * h / QK),
                )
            };
            let mean = x.iter().map(|v| v * v).sum::<f32>() / h as f32;
            let scale = 1.0 / (mean + eps).sqrt();
            for ((n, &x), &g) in normed.iter_mut().zip(x).zip(weight) {
                *n = x * scale * g;
            }
            quantize_acts(normed, acts);
        }
    }

    /// Quantises rows `tokens` of `src` (`k` values each) as the next matmul's activations.
    fn quantize_rows(&self, tokens: Range<usize>, src: &Shared<'_, f32>, k: usize, ith: usize) {
        let ab = self.acts_base(ith);
        for j in tokens {
            // SAFETY: as in `norm_quantize`; `src` is only read.
            let (src, acts) = unsafe {
                (
                    src.get(j * k..(j + 1) * k),
                    self.b.acts.get_mut(ab + j * k / QK..ab + (j + 1) * k / QK),
                )
            };
            quantize_acts(src, acts);
        }
    }

    /// Rows `rows` of `p` over every token's activations (`k` values each).
    fn matmul(
        &self,
        p: &Proj,
        k: usize,
        rows: Range<usize>,
        ith: usize,
        put: &mut impl FnMut(usize, usize, f32),
    ) {
        let t = self.tokens.len();
        let ab = self.acts_base(ith);
        // SAFETY: activations are only read in a matmul step.
        let acts = unsafe { self.b.acts.get(ab..ab + t * k / QK) };
        let bias = p.bias.as_deref();
        matmul(self.w.isa, &p.w, acts, t, rows, &mut |r, j, v| {
            put(r, j, v + bias.map_or(0.0, |b| b[r]));
        });
    }

    /// Q, K and V as one row space split among the threads.
    fn qkv(&self, layer: &super::Layer, ith: usize, nth: usize) {
        let c = &self.w.config;
        let (h, qd, kvd) = (c.hidden, c.heads * c.head_dim, c.kv_heads * c.head_dim);
        let mine = share(qd + 2 * kvd, ith, nth, 8);
        let b = self.b;
        for (proj, out, start, width) in [
            (&layer.q, &b.q, 0, qd),
            (&layer.k, &b.k, qd, kvd),
            (&layer.v, &b.v, qd + kvd, kvd),
        ] {
            let rows = mine.start.max(start).min(start + width) - start
                ..mine.end.max(start).min(start + width) - start;
            // SAFETY: output rows of this thread's share.
            self.matmul(proj, h, rows, ith, &mut |r, j, v| unsafe {
                *out.at(j * width + r) = v
            });
        }
    }

    /// Rotates Q in place and K into the cache, and copies V there, per (token, head).
    fn rope_store(&self, layer: usize, ith: usize, nth: usize) {
        let c = &self.w.config;
        let (hd, nh, nkv) = (c.head_dim, c.heads, c.kv_heads);
        let (qd, kvd) = (nh * hd, nkv * hd);
        let half = self.w.inv_freq.len();
        let b = self.b;
        let units = self.tokens.len() * (nh + nkv);
        for u in share(units, ith, nth, 1) {
            let (j, head) = (u / (nh + nkv), u % (nh + nkv));
            let rope = &self.rope[j * 2 * half..(j + 1) * 2 * half];
            let (cos, sin) = rope.split_at(half);
            if head < nh {
                // SAFETY: head `head` of token j is this thread's in this step.
                let q = unsafe { b.q.get_mut(j * qd + head * hd..j * qd + (head + 1) * hd) };
                rotate(c.rope_style, q, cos, sin);
            } else {
                let g = head - nh;
                let at = layer * b.layer_stride + (self.pos + j) * kvd + g * hd;
                // SAFETY: as above, for KV head g: its K/V rows and its new cache rows.
                let (k, v, kc, vc) = unsafe {
                    (
                        b.k.get_mut(j * kvd + g * hd..j * kvd + (g + 1) * hd),
                        b.v.get(j * kvd + g * hd..j * kvd + (g + 1) * hd),
                        b.kcache.get_mut(at..at + hd),
                        b.vcache.get_mut(at..at + hd),
                    )
                };
                rotate(c.rope_style, k, cos, sin);
                kc.convert_from_f32_slice(k);
                vc.convert_from_f32_slice(v);
            }
        }
    }

    /// Causal attention of each (token, query head) over the cache.
    fn attention(&self, layer: usize, ith: usize, nth: usize) {
        let c = &self.w.config;
        let (hd, nh, nkv) = (c.head_dim, c.heads, c.kv_heads);
        let (qd, kvd) = (nh * hd, nkv * hd);
        let group = nh / nkv;
        let total = self.pos + self.tokens.len();
        let scale = 1.0 / (hd as f32).sqrt();
        let b = self.b;
        let layer_cache = layer * b.layer_stride..layer * b.layer_stride + total * kvd;
        // SAFETY: the cache and Q are only read in this step; the scores row is this thread's.
        let (kc, vc, scores) = unsafe {
            (
                b.kcache.get(layer_cache.clone()),
                b.vcache.get(layer_cache),
                b.scores.get_mut(ith * total..(ith + 1) * total),
            )
        };
        // Dealt round-robin: a later token attends to more positions, so contiguous shares
        // would leave the thread with the first tokens waiting.
        for u in (ith..self.tokens.len() * nh).step_by(nth) {
            let (j, head) = (u / nh, u % nh);
            let g = head / group;
            let n = self.pos + j + 1;
            // SAFETY: Q is only read; the output head is this thread's.
            let (q, out) = unsafe {
                (
                    b.q.get(j * qd + head * hd..j * qd + (head + 1) * hd),
                    b.attn.get_mut(j * qd + head * hd..j * qd + (head + 1) * hd),
                )
            };
            let scores = &mut scores[..n];
            attend::scores(q, &kc[g * hd..], kvd, scale, scores);
            let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0;
            for s in scores.iter_mut() {
                *s = (*s - max).exp();
                sum += *s;
            }
            for s in scores.iter_mut() {
                *s /= sum;
            }
            attend::weighted_sum(scores, &vc[g * hd..], kvd, out);
        }
    }

    /// `x += p · acts` (output projection and down projection: the residual add is fused).
    fn add_projection(&self, p: &Proj, k: usize, ith: usize, nth: usize) {
        let h = self.w.config.hidden;
        let x = &self.b.x;
        let rows = share(p.w.rows(), ith, nth, 8);
        // SAFETY: residual element (j, r) belongs to the thread that owns row r.
        self.matmul(p, k, rows, ith, &mut |r, j, v| unsafe {
            *x.at(j * h + r) += v
        });
    }

    /// `silu(gate) · up`, both rows of a unit computed by the same thread.
    fn gate_up(&self, layer: &super::Layer, ith: usize, nth: usize) {
        let (h, ffn) = (self.w.config.hidden, self.w.ffn);
        let out = &self.b.ffn;
        let rows = share(ffn, ith, nth, 8);
        // SAFETY: element (j, r) belongs to the thread that owns row r, for both matmuls.
        self.matmul(&layer.gate, h, rows.clone(), ith, &mut |r, j, v| unsafe {
            *out.at(j * ffn + r) = v;
        });
        self.matmul(&layer.up, h, rows, ith, &mut |r, j, v| unsafe {
            let g = out.at(j * ffn + r);
            *g = *g / (1.0 + (-*g).exp()) * v;
        });
    }
}

/// RoPE on the first `2 · cos.len()` dimensions of one head.
fn rotate(style: RopeStyle, x: &mut [f32], cos: &[f32], sin: &[f32]) {
    let half = cos.len();
    for i in 0..half {
        let (a, b) = match style {
            RopeStyle::Interleaved => (2 * i, 2 * i + 1),
            RopeStyle::Halves => (i, i + half),
        };
        let (x0, x1) = (x[a], x[b]);
        x[a] = x0 * cos[i] - x1 * sin[i];
        x[b] = x0 * sin[i] + x1 * cos[i];
    }
}
