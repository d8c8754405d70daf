//! A small random model against a straightforward f32 forward pass over the dequantised weights.

use super::*;
use crate::QType;

const HIDDEN: usize = 64;
const HEADS: usize = 4;
const KV_HEADS: usize = 2;
const HEAD_DIM: usize = 16;
const FFN: usize = 96;
const VOCAB: usize = 50;
const LAYERS: usize = 2;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    fn matrix(&mut self, qtype: QType, rows: usize, cols: usize, scale: f32) -> QMatrix {
        let values: Vec<f32> = (0..rows * cols).map(|_| self.next() * scale).collect();
        QMatrix::quantize(qtype, rows, cols, &values)
    }

    fn norm(&mut self) -> Vec<f32> {
        (0..HIDDEN).map(|_| 1.0 + 0.1 * self.next()).collect()
    }
}

fn model(qtype: QType, style: RopeStyle, bias: bool, threads: usize) -> Transformer {
    let mut rng = Rng(7);
    let proj = |rng: &mut Rng, rows, cols| Proj {
        w: rng.matrix(qtype, rows, cols, 0.15),
        bias: bias.then(|| (0..rows).map(|_| 0.1 * rng.next()).collect()),
    };
    let kv = KV_HEADS * HEAD_DIM;
    let embedding = rng.matrix(qtype, VOCAB, HIDDEN, 1.0);
    let layers = (0..LAYERS)
        .map(|_| Layer {
            attn_norm: rng.norm(),
            q: proj(&mut rng, HIDDEN, HIDDEN),
            k: proj(&mut rng, kv, HIDDEN),
            v: proj(&mut rng, kv, HIDDEN),
            o: Proj {
                w: rng.matrix(qtype, HIDDEN, HIDDEN, 0.15),
                bias: None,
            },
            ffn_norm: rng.norm(),
            gate: Proj {
                w: rng.matrix(qtype, FFN, HIDDEN, 0.15),
                bias: None,
            },
            up: Proj {
                w: rng.matrix(qtype, FFN, HIDDEN, 0.15),
                bias: None,
            },
            down: Proj {
                w: rng.matrix(qtype, HIDDEN, FFN, 0.15),
                bias: None,
            },
        })
        .collect();
    let config = Config::new(
        HIDDEN, HEADS, KV_HEADS, HEAD_DIM, HEAD_DIM, 10_000.0, style, 1e-5,
    );
    let output_norm = rng.norm();
    Transformer::new(config, embedding, layers, output_norm, None, threads).unwrap()
}

fn dense(m: &QMatrix) -> Vec<Vec<f32>> {
    (0..m.rows())
        .map(|r| {
            let mut row = vec![0.0; m.cols()];
            m.dequantize_row(r, &mut row);
            row
        })
        .collect()
}

/// `p · x` with `x` rounded to 8-bit blocks first, as the kernels do (so that only the order of
/// additions differs).
fn apply(p: &Proj, x: &[f32]) -> Vec<f32> {
    let mut acts = vec![ActBlock::default(); x.len() / QK];
    quantize_acts(x, &mut acts);
    let x: Vec<f32> = acts
        .iter()
        .flat_map(|a| a.qs.map(|q| f32::from(q) * a.d))
        .collect();
    dense(&p.w)
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter().zip(&x).map(|(a, b)| a * b).sum::<f32>()
                + p.bias.as_ref().map_or(0.0, |b| b[r])
        })
        .collect()
}

fn rms(x: &[f32], g: &[f32]) -> Vec<f32> {
    let scale = 1.0 / (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32 + 1e-5).sqrt();
    x.iter().zip(g).map(|(v, g)| v * scale * g).collect()
}

/// Logits after each token: the textbook forward pass in f32, one token at a time.
fn reference(m: &Transformer, tokens: &[u32]) -> Vec<Vec<f32>> {
    let c = &m.config;
    let half = HEAD_DIM / 2;
    let rotate = |x: &mut [f32], pos: usize| {
        for i in 0..half {
            let theta = pos as f32 * c.rope_base.powf(-2.0 * i as f32 / HEAD_DIM as f32);
            let (a, b) = match c.rope_style {
                RopeStyle::Interleaved => (2 * i, 2 * i + 1),
                RopeStyle::Halves => (i, i + half),
            };
            let (x0, x1) = (x[a], x[b]);
            x[a] = x0 * theta.cos() - x1 * theta.sin();
            x[b] = x0 * theta.sin() + x1 * theta.cos();
        }
    };
    let embedding = dense(&m.embedding);
    let (mut keys, mut values) = (vec![Vec::new(); LAYERS], vec![Vec::new(); LAYERS]);
    let mut out = Vec::new();
    for (pos, &t) in tokens.iter().enumerate() {
        let mut x = embedding[t as usize].clone();
        for (l, layer) in m.layers.iter().enumerate() {
            let h = rms(&x, &layer.attn_norm);
            let mut q = apply(&layer.q, &h);
            let mut k = apply(&layer.k, &h);
            q.chunks_mut(HEAD_DIM).for_each(|head| rotate(head, pos));
            k.chunks_mut(HEAD_DIM).for_each(|head| rotate(head, pos));
            // The cache keeps K and V in f16.
            let f16 = |v: Vec<f32>| -> Vec<f32> {
                v.into_iter()
                    .map(|x| half::f16::from_f32(x).to_f32())
                    .collect()
            };
            keys[l].push(f16(k));
            values[l].push(f16(apply(&layer.v, &h)));
            let mut attn = vec![0.0f32; HIDDEN];
            for head in 0..HEADS {
                let g = head / (HEADS / KV_HEADS);
                let qh = &q[head * HEAD_DIM..(head + 1) * HEAD_DIM];
                let scores: Vec<f32> = keys[l]
                    .iter()
                    .map(|k: &Vec<f32>| {
                        qh.iter()
                            .zip(&k[g * HEAD_DIM..])
                            .map(|(a, b)| a * b)
                            .sum::<f32>()
                            / (HEAD_DIM as f32).sqrt()
                    })
                    .collect();
                let max = scores.iter().copied().fold(f32::MIN, f32::max);
                let exp: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
                let total: f32 = exp.iter().sum();
                for (p, v) in exp.iter().zip(&values[l]) {
                    for d in 0..HEAD_DIM {
                        attn[head * HEAD_DIM + d] += p / total * v[g * HEAD_DIM + d];
                    }
                }
            }
            x.iter_mut()
                .zip(apply(&layer.o, &attn))
                .for_each(|(x, o)| *x += o);
            let h = rms(&x, &layer.ffn_norm);
            let act: Vec<f32> = apply(&layer.gate, &h)
                .iter()
                .zip(apply(&layer.up, &h))
                .map(|(g, u)| g / (1.0 + (-g).exp()) * u)
                .collect();
            x.iter_mut()
                .zip(apply(&layer.down, &act))
                .for_each(|(x, d)| *x += d);
        }
        let h = rms(&x, &m.output_norm);
        let tied = Proj {
            w: m.embedding.clone(),
            bias: None,
        };
        out.push(apply(&tied, &h));
    }
    out
}

const TOKENS: [u32; 11] = [3, 17, 42, 8, 8, 0, 49, 23, 5, 31, 12];

#[test]
fn logits_match_an_f32_forward_pass_for_every_format_and_rope_style() {
    for qtype in [QType::Q4_0, QType::Q4_1, QType::Q8_0] {
        for (style, bias) in [(RopeStyle::Interleaved, false), (RopeStyle::Halves, true)] {
            let m = model(qtype, style, bias, 2);
            let want = reference(&m, &TOKENS);
            let mut state = State::default();
            for (pos, &t) in TOKENS.iter().enumerate() {
                let got = m.forward(&[t], pos, &mut state).to_vec();
                let scale = want[pos].iter().fold(0.0f32, |a, v| a.max(v.abs()));
                let worst = got
                    .iter()
                    .zip(&want[pos])
                    .fold(0.0f32, |a, (g, w)| a.max((g - w).abs()));
                // Same roundings, other order of additions.
                assert!(
                    worst <= 1e-3 * scale,
                    "{qtype:?} {style:?} pos {pos}: {worst} of {scale}"
                );
            }
        }
    }
}

#[test]
fn batching_thread_count_and_instruction_set_do_not_change_the_logits() {
    let one = model(QType::Q4_1, RopeStyle::Interleaved, false, 1);
    let mut state = State::default();
    let batch = one.forward(&TOKENS, 0, &mut state).to_vec();
    // Continuing after the batch equals running every token after the same prefix.
    let next = one.forward(&[9, 10], TOKENS.len(), &mut state).to_vec();
    for threads in [1, 2, 3] {
        let m = model(QType::Q4_1, RopeStyle::Interleaved, false, threads);
        let mut steps = State::default();
        let mut last = Vec::new();
        for (pos, &t) in TOKENS.iter().enumerate() {
            last = m.forward(&[t], pos, &mut steps).to_vec();
        }
        assert_eq!(last, batch, "{threads} threads, token by token");
        let mut split = State::default();
        m.forward(&TOKENS[..5], 0, &mut split);
        assert_eq!(
            m.forward(&TOKENS[5..], 5, &mut split),
            batch,
            "{threads} threads, 5 + 6"
        );
        assert_eq!(m.forward(&[9, 10], TOKENS.len(), &mut split), next);
    }
    let scalar = model(QType::Q4_1, RopeStyle::Interleaved, false, 2).with_isa(Isa::Scalar);
    let got = scalar.forward(&TOKENS, 0, &mut State::default()).to_vec();
    let worst = got
        .iter()
        .zip(&batch)
        .fold(0.0f32, |a, (g, w)| a.max((g - w).abs()));
    assert!(worst < 1e-3, "scalar and SIMD differ by {worst}");
}

#[test]
fn shapes_that_disagree_with_the_config_are_refused() {
    let m = model(QType::Q8_0, RopeStyle::Interleaved, false, 1);
    let Transformer {
        config,
        embedding,
        mut layers,
        output_norm,
        ..
    } = m;
    layers[1].down = Proj {
        w: Rng(1).matrix(QType::Q8_0, HIDDEN, HIDDEN, 1.0),
        bias: None,
    };
    let err = Transformer::new(config, embedding, layers, output_norm, None, 1).unwrap_err();
    assert!(err.what.contains("block 1"), "{err}");
}

#[test]
fn the_cache_keeps_its_contents_when_it_grows() {
    let m = model(QType::Q4_0, RopeStyle::Halves, true, 2);
    let tokens: Vec<u32> = (0..600).map(|i| (i * 7 % VOCAB) as u32).collect();
    let whole = m.forward(&tokens, 0, &mut State::default()).to_vec();
    // 100-token chunks grow the cache from 256 to 512 to 1024 positions on the way.
    let mut state = State::default();
    let mut last = Vec::new();
    for (i, chunk) in tokens.chunks(100).enumerate() {
        last = m.forward(chunk, i * 100, &mut state).to_vec();
    }
    assert_eq!(last, whole);
}

#[test]
fn conversations_on_one_model_run_concurrently_with_the_same_results() {
    let m = model(QType::Q8_0, RopeStyle::Interleaved, false, 2);
    let alone = m.forward(&TOKENS, 0, &mut State::default()).to_vec();
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| m.forward(&TOKENS, 0, &mut State::default()).to_vec()))
            .collect();
        for run in runs {
            assert_eq!(run.join().unwrap(), alone);
        }
    });
}
