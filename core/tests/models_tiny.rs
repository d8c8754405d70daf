//! Small llama and qwen2 GGUF files written by the test itself (no small qwen2 GGUF exists on
//! the registries), run through the real loader and compared with a plain-Rust reference forward
//! pass; plus malformed files.
#![cfg(feature = "local-models")]

use std::path::Path;

use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};
use conclave::models::{GenerateRequest, LoadOptions, Model, ModelError, Prompt};

const HIDDEN: usize = 16;
const HEADS: usize = 4;
const KV_HEADS: usize = 2;
const HEAD_DIM: usize = HIDDEN / HEADS;
const FFN: usize = 24;
const BLOCKS: usize = 2;
const CONTEXT: usize = 48;
const ROPE_BASE: f32 = 10_000.0;
const EPS: f32 = 1e-5;

/// GPT-2's byte ↦ char table, as the GGUF vocabulary spells byte tokens.
fn byte_char(b: u8) -> char {
    let printable = |b: u8| matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
    if printable(b) {
        return char::from(b);
    }
    let offset = (0..b).filter(|&x| !printable(x)).count() as u32;
    char::from_u32(256 + offset).unwrap()
}

/// Deterministic pseudo-random weights in [-scale, scale).
struct Rng(u64);
impl Rng {
    fn next(&mut self, scale: f32) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * scale
    }
    fn matrix(&mut self, rows: usize, cols: usize, scale: f32) -> Vec<f32> {
        (0..rows * cols).map(|_| self.next(scale)).collect()
    }
}

/// Plain weights, kept for the reference forward pass.
struct TinyWeights {
    qwen2: bool,
    embed: Vec<f32>,
    blocks: Vec<[Vec<f32>; 12]>, // attn_norm q k v o q_b k_b v_b ffn_norm gate up down
    output_norm: Vec<f32>,
    vocab: usize,
}

fn vocabulary() -> (Vec<String>, Vec<i32>, Vec<String>) {
    let mut tokens: Vec<String> = (0..=255u8).map(|b| byte_char(b).to_string()).collect();
    let mut types = vec![1; 256];
    tokens.push("he".into());
    types.push(1);
    tokens.push("<|im_start|>".into());
    types.push(3);
    tokens.push("<|im_end|>".into());
    types.push(3);
    (tokens, types, vec!["h e".into()])
}

fn write_tiny(path: &Path, arch: &str, seed: u64) -> TinyWeights {
    let (tokens, types, merges) = vocabulary();
    let vocab = tokens.len();
    let qwen2 = arch == "qwen2";
    let mut rng = Rng(seed);
    let ones_ish = |rng: &mut Rng| (0..HIDDEN).map(|_| 1.0 + rng.next(0.1)).collect::<Vec<_>>();
    let embed = rng.matrix(vocab, HIDDEN, 1.0);
    let kv = KV_HEADS * HEAD_DIM;
    let blocks: Vec<[Vec<f32>; 12]> = (0..BLOCKS)
        .map(|_| {
            [
                ones_ish(&mut rng),
                rng.matrix(HIDDEN, HIDDEN, 0.5),
                rng.matrix(kv, HIDDEN, 0.5),
                rng.matrix(kv, HIDDEN, 0.5),
                rng.matrix(HIDDEN, HIDDEN, 0.5),
                rng.matrix(1, HIDDEN, 0.2),
                rng.matrix(1, kv, 0.2),
                rng.matrix(1, kv, 0.2),
                ones_ish(&mut rng),
                rng.matrix(FFN, HIDDEN, 0.5),
                rng.matrix(FFN, HIDDEN, 0.5),
                rng.matrix(HIDDEN, FFN, 0.5),
            ]
        })
        .collect();
    let output_norm = ones_ish(&mut rng);

    let q = |data: &[f32], shape: &[usize]| {
        let t = Tensor::from_slice(data, shape, &Device::Cpu).unwrap();
        QTensor::quantize(&t, GgmlDType::F32).unwrap()
    };
    let mut tensors: Vec<(String, QTensor)> = vec![
        ("token_embd.weight".into(), q(&embed, &[vocab, HIDDEN])),
        ("output_norm.weight".into(), q(&output_norm, &[HIDDEN])),
    ];
    for (i, b) in blocks.iter().enumerate() {
        let p = format!("blk.{i}");
        tensors.push((format!("{p}.attn_norm.weight"), q(&b[0], &[HIDDEN])));
        tensors.push((format!("{p}.attn_q.weight"), q(&b[1], &[HIDDEN, HIDDEN])));
        tensors.push((format!("{p}.attn_k.weight"), q(&b[2], &[kv, HIDDEN])));
        tensors.push((format!("{p}.attn_v.weight"), q(&b[3], &[kv, HIDDEN])));
        tensors.push((
            format!("{p}.attn_output.weight"),
            q(&b[4], &[HIDDEN, HIDDEN]),
        ));
        if qwen2 {
            tensors.push((format!("{p}.attn_q.bias"), q(&b[5], &[HIDDEN])));
            tensors.push((format!("{p}.attn_k.bias"), q(&b[6], &[kv])));
            tensors.push((format!("{p}.attn_v.bias"), q(&b[7], &[kv])));
        }
        tensors.push((format!("{p}.ffn_norm.weight"), q(&b[8], &[HIDDEN])));
        tensors.push((format!("{p}.ffn_gate.weight"), q(&b[9], &[FFN, HIDDEN])));
        tensors.push((format!("{p}.ffn_up.weight"), q(&b[10], &[FFN, HIDDEN])));
        tensors.push((format!("{p}.ffn_down.weight"), q(&b[11], &[HIDDEN, FFN])));
    }
    let key = |k: &str| format!("{arch}.{k}");
    let strings = |v: &[String]| Value::Array(v.iter().map(|s| Value::String(s.clone())).collect());
    let metadata: Vec<(String, Value)> = vec![
        ("general.architecture".into(), Value::String(arch.into())),
        (key("context_length"), Value::U32(CONTEXT as u32)),
        (key("embedding_length"), Value::U32(HIDDEN as u32)),
        (key("block_count"), Value::U32(BLOCKS as u32)),
        (key("feed_forward_length"), Value::U32(FFN as u32)),
        (key("attention.head_count"), Value::U32(HEADS as u32)),
        (key("attention.head_count_kv"), Value::U32(KV_HEADS as u32)),
        (key("attention.layer_norm_rms_epsilon"), Value::F32(EPS)),
        (key("rope.freq_base"), Value::F32(ROPE_BASE)),
        ("tokenizer.ggml.model".into(), Value::String("gpt2".into())),
        (
            "tokenizer.ggml.pre".into(),
            Value::String(if qwen2 { "qwen2" } else { "smollm" }.into()),
        ),
        ("tokenizer.ggml.tokens".into(), strings(&tokens)),
        (
            "tokenizer.ggml.token_type".into(),
            Value::Array(types.iter().map(|&t| Value::I32(t)).collect()),
        ),
        ("tokenizer.ggml.merges".into(), strings(&merges)),
        ("tokenizer.ggml.bos_token_id".into(), Value::U32(257)),
        ("tokenizer.ggml.eos_token_id".into(), Value::U32(258)),
    ];
    let meta_refs: Vec<(&str, &Value)> = metadata.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let tensor_refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut file = std::fs::File::create(path).unwrap();
    gguf_file::write(&mut file, &meta_refs, &tensor_refs).unwrap();
    TinyWeights {
        qwen2,
        embed,
        blocks,
        output_norm,
        vocab,
    }
}

fn matvec(w: &[f32], x: &[f32], rows: usize) -> Vec<f32> {
    let cols = x.len();
    (0..rows)
        .map(|r| (0..cols).map(|c| w[r * cols + c] * x[c]).sum())
        .collect()
}

fn rms_norm(x: &[f32], w: &[f32]) -> Vec<f32> {
    let ms = x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32;
    let scale = 1.0 / (ms + EPS).sqrt();
    x.iter().zip(w).map(|(v, w)| v * scale * w).collect()
}

/// Rotates one head in place: llama pairs adjacent dims, qwen2 (NeoX style) pairs the halves.
fn rope(head: &mut [f32], pos: usize, neox: bool) {
    let half = HEAD_DIM / 2;
    for i in 0..half {
        let theta = pos as f32 * ROPE_BASE.powf(-2.0 * i as f32 / HEAD_DIM as f32);
        let (a, b) = if neox {
            (i, i + half)
        } else {
            (2 * i, 2 * i + 1)
        };
        let (x0, x1) = (head[a], head[b]);
        head[a] = x0 * theta.cos() - x1 * theta.sin();
        head[b] = x0 * theta.sin() + x1 * theta.cos();
    }
}

/// Straightforward forward pass over `tokens`; returns the logits after each position.
fn reference(w: &TinyWeights, tokens: &[u32]) -> Vec<Vec<f32>> {
    let kv = KV_HEADS * HEAD_DIM;
    let mut keys: Vec<Vec<Vec<f32>>> = vec![Vec::new(); BLOCKS];
    let mut values: Vec<Vec<Vec<f32>>> = vec![Vec::new(); BLOCKS];
    let mut all = Vec::new();
    for (pos, &t) in tokens.iter().enumerate() {
        let mut x = w.embed[t as usize * HIDDEN..(t as usize + 1) * HIDDEN].to_vec();
        for (l, b) in w.blocks.iter().enumerate() {
            let h = rms_norm(&x, &b[0]);
            let add = |mut v: Vec<f32>, bias: &[f32]| {
                if w.qwen2 {
                    v.iter_mut().zip(bias).for_each(|(v, b)| *v += b);
                }
                v
            };
            let mut q = add(matvec(&b[1], &h, HIDDEN), &b[5]);
            let mut k = add(matvec(&b[2], &h, kv), &b[6]);
            let v = add(matvec(&b[3], &h, kv), &b[7]);
            q.chunks_mut(HEAD_DIM)
                .for_each(|head| rope(head, pos, w.qwen2));
            k.chunks_mut(HEAD_DIM)
                .for_each(|head| rope(head, pos, w.qwen2));
            keys[l].push(k);
            values[l].push(v);
            let mut attn = vec![0.0; HIDDEN];
            for head in 0..HEADS {
                let g = head / (HEADS / KV_HEADS);
                let qh = &q[head * HEAD_DIM..(head + 1) * HEAD_DIM];
                let scores: Vec<f32> = keys[l]
                    .iter()
                    .map(|k| {
                        qh.iter()
                            .zip(&k[g * HEAD_DIM..])
                            .map(|(a, b)| a * b)
                            .sum::<f32>()
                            / (HEAD_DIM as f32).sqrt()
                    })
                    .collect();
                let max = scores.iter().cloned().fold(f32::MIN, f32::max);
                let exp: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
                let total: f32 = exp.iter().sum();
                for (p, vrow) in exp.iter().zip(&values[l]) {
                    for d in 0..HEAD_DIM {
                        attn[head * HEAD_DIM + d] += p / total * vrow[g * HEAD_DIM + d];
                    }
                }
            }
            let o = matvec(&b[4], &attn, HIDDEN);
            x.iter_mut().zip(&o).for_each(|(x, o)| *x += o);
            let h = rms_norm(&x, &b[8]);
            let gate = matvec(&b[9], &h, FFN);
            let up = matvec(&b[10], &h, FFN);
            let act: Vec<f32> = gate
                .iter()
                .zip(&up)
                .map(|(g, u)| g / (1.0 + (-g).exp()) * u)
                .collect();
            let down = matvec(&b[11], &act, HIDDEN);
            x.iter_mut().zip(&down).for_each(|(x, d)| *x += d);
        }
        let h = rms_norm(&x, &w.output_norm);
        all.push(matvec(&w.embed, &h, w.vocab)); // tied output projection
    }
    all
}

fn assert_close(ours: &[f32], want: &[f32], what: &str) {
    assert_eq!(ours.len(), want.len(), "{what}: lengths");
    let worst = ours
        .iter()
        .zip(want)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 2e-3, "{what}: logits differ by up to {worst}");
}

#[test]
fn llama_and_qwen2_match_a_reference_forward_pass_token_by_token_and_in_one_batch() {
    let dir = tempfile::tempdir().unwrap();
    for (arch, seed) in [("llama", 11u64), ("qwen2", 29)] {
        let path = dir.path().join(format!("{arch}.gguf"));
        let weights = write_tiny(&path, arch, seed);
        let model = Model::load(&path, &LoadOptions::default()).unwrap();
        assert_eq!(model.config().architecture.as_str(), arch);
        let tokens: Vec<u32> = vec![257, 104, 101, 108, 108, 111, 32, 256, 33, 10, 200, 5];
        let want = reference(&weights, &tokens);

        // The whole prompt at once (the causal mask path) ...
        let mut batch = model.session();
        assert_close(
            &batch.eval(&tokens).unwrap(),
            want.last().unwrap(),
            &format!("{arch} batch"),
        );
        // ... one token at a time (the KV cache path) ...
        let mut steps = model.session();
        for (i, &t) in tokens.iter().enumerate() {
            assert_close(
                &steps.eval(&[t]).unwrap(),
                &want[i],
                &format!("{arch} step {i}"),
            );
        }
        // ... and after rewinding the cache to a shared prefix.
        steps.truncate(5);
        assert_close(
            &steps.eval(&tokens[5..9]).unwrap(),
            &want[8],
            &format!("{arch} after truncate"),
        );
    }
}

#[test]
fn tiny_models_tokenize_with_their_own_merges_and_generate_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("llama.gguf");
    write_tiny(&path, "llama", 5);
    let model = Model::load(&path, &LoadOptions::default()).unwrap();
    // "he" merges; special spellings become their tokens.
    assert_eq!(
        model.tokenizer().encode("<|im_start|>hey", true),
        vec![257, 256, 121]
    );
    assert_eq!(model.tokenizer().decode(&[256, 121, 258]), "hey");
    let request = GenerateRequest::new(Prompt::Tokens(vec![257, 104])).max_tokens(20);
    let a = model.generate(&request).unwrap();
    let b = model.generate(&request).unwrap();
    assert_eq!(a.tokens, b.tokens);
    assert!(a.completion_tokens > 0);
}

#[test]
fn prompts_longer_than_the_context_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("qwen2.gguf");
    write_tiny(&path, "qwen2", 3);
    let model = Model::load(&path, &LoadOptions::default()).unwrap();
    let long = GenerateRequest::new(Prompt::Tokens(vec![100; CONTEXT + 5]));
    match model.generate(&long) {
        Err(ModelError::ContextOverflow { tokens, context }) => {
            assert_eq!((tokens, context), (CONTEXT + 5, CONTEXT))
        }
        other => panic!("expected a context overflow, got {other:?}"),
    }
    // Generation that reaches the end of the context stops with `length`, not an error.
    let near = GenerateRequest::new(Prompt::Tokens(vec![100; CONTEXT - 3])).max_tokens(100);
    let out = model.generate(&near).unwrap();
    assert!(out.completion_tokens <= 3, "{}", out.completion_tokens);
    assert!(matches!(
        model.generate(&GenerateRequest::new(Prompt::Tokens(vec![]))),
        Err(ModelError::EmptyPrompt)
    ));
    assert!(matches!(
        model.session().eval(&[9999]),
        Err(ModelError::Tokenizer { .. })
    ));
}

#[test]
fn unknown_architectures_and_broken_files_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mamba = dir.path().join("mamba.gguf");
    let arch = Value::String("mamba".into());
    gguf_file::write(
        &mut std::fs::File::create(&mamba).unwrap(),
        &[("general.architecture", &arch)],
        &[],
    )
    .unwrap();
    let err = Model::load(&mamba, &LoadOptions::default()).unwrap_err();
    assert!(
        matches!(err, ModelError::UnsupportedArchitecture { ref architecture } if architecture == "mamba"),
        "{err}"
    );
    assert!(err.to_string().contains("mamba"));

    // A valid file cut short, at several lengths, and random bytes: errors, never panics.
    let good = dir.path().join("llama.gguf");
    write_tiny(&good, "llama", 1);
    let bytes = std::fs::read(&good).unwrap();
    for cut in [0, 3, 4, 20, 100, bytes.len() / 2, bytes.len() - 1] {
        let path = dir.path().join(format!("cut{cut}.gguf"));
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let err = Model::load(&path, &LoadOptions::default()).unwrap_err();
        assert!(
            matches!(
                err,
                ModelError::Gguf { .. } | ModelError::MissingTensor { .. }
            ),
            "cut at {cut}: {err:?}"
        );
    }
    let mut noise = bytes;
    let mut rng = Rng(99);
    for b in noise.iter_mut().skip(8).step_by(7) {
        *b = (rng.next(1.0).to_bits() & 0xff) as u8;
    }
    let path = dir.path().join("noise.gguf");
    std::fs::write(&path, &noise).unwrap();
    assert!(Model::load(&path, &LoadOptions::default()).is_err());
    let missing = Model::load(dir.path().join("absent.gguf"), &LoadOptions::default()).unwrap_err();
    assert!(matches!(missing, ModelError::Io { .. }));
}
