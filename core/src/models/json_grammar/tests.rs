//! Recogniser tests: accepted and refused documents, completions, no dead ends.

use super::*;
use serde_json::json;
use std::collections::BTreeSet;

fn grammar(schema: &Value) -> Arc<JsonGrammar> {
    JsonGrammar::compile(schema).unwrap_or_else(|e| panic!("{schema} does not compile: {e}"))
}

fn accepts(g: &Arc<JsonGrammar>, doc: &[u8]) -> bool {
    let mut state = JsonState::new(g);
    state.advance_all(doc) && state.is_complete()
}

/// Completes `state` (reached by feeding `prefix`) and checks the document is complete and valid.
fn complete_from(state: &JsonState, prefix: &[u8], validator: &jsonschema::Validator) -> String {
    let tail = state.completion();
    let mut finished = state.clone();
    assert!(
        finished.advance_all(&tail) && finished.is_complete(),
        "bad completion {tail:?} of {prefix:?}"
    );
    let text = String::from_utf8([prefix, &tail].concat()).expect("completion is UTF-8");
    let value: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text} does not parse: {e}"));
    assert!(validator.is_valid(&value), "{text} does not validate");
    text
}

/// `good` documents are accepted byte by byte and validate, and completing each of their
/// prefixes yields a valid document; `bad` ones are refused.
fn check(schema: &Value, good: &[&str], bad: &[&str]) {
    let g = grammar(schema);
    let validator = jsonschema::validator_for(schema).expect("test schema is valid");
    for doc in good {
        let mut state = JsonState::new(&g);
        for (i, &byte) in doc.as_bytes().iter().enumerate() {
            complete_from(&state, &doc.as_bytes()[..i], &validator);
            assert!(state.advance(byte), "{schema}: rejected byte {i} of {doc}");
        }
        assert!(state.is_complete(), "{schema}: {doc} is not complete");
        assert!(validator.is_valid(&serde_json::from_str(doc).expect("test document parses")));
    }
    for doc in bad {
        assert!(!accepts(&g, doc.as_bytes()), "{schema}: accepted {doc}");
    }
}

fn completion_of(schema: &Value, prefix: &[u8]) -> Vec<u8> {
    let mut state = JsonState::new(&grammar(schema));
    assert!(state.advance_all(prefix), "prefix {prefix:?} rejected");
    state.completion()
}

struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Random walks over accepted bytes: never stuck, and every prefix completes to a valid document.
fn random_walks(schema: &Value, walks: usize, max_steps: usize) {
    let g = grammar(schema);
    let validator = jsonschema::validator_for(schema).expect("test schema is valid");
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..walks {
        let (mut state, mut doc) = (JsonState::new(&g), Vec::new());
        for _ in 0..=rng.below(max_steps) {
            let mut options = Vec::new();
            let mut probe = state.clone();
            for byte in 0..=255 {
                if probe.advance(byte) {
                    options.push(byte);
                    probe = state.clone();
                }
            }
            assert!(
                !options.is_empty() || state.is_complete(),
                "dead end after {doc:?}"
            );
            // Favour punctuation and digits so that walks leave strings and reach structure.
            let plain: Vec<u8> = options
                .iter()
                .copied()
                .filter(|b| b"\"{}[],: -.0123456789".contains(b))
                .collect();
            let pool = if !plain.is_empty() && rng.below(3) > 0 {
                &plain
            } else {
                &options
            };
            let Some(&byte) = pool.get(rng.below(pool.len().max(1))) else {
                break;
            };
            assert!(state.advance(byte));
            doc.push(byte);
        }
        complete_from(&state, &doc, &validator);
    }
}

#[test]
fn format_is_narrow() {
    let good = [
        r#"{"a": 1, "b":[true, null]}"#,
        "[]",
        "{}",
        r#""x""#,
        "-0.5e+10",
        "false",
        "[[{}]]",
    ];
    let bad = [
        " 1",
        "1 ",
        "[ 1]",
        "[1 ]",
        r#"{"a":  1}"#,
        r#"{"a" :1}"#,
        "[1,\n2]",
        "[1,]",
        "01",
        "1.",
        "-",
        "nul",
        "1e1234",
    ];
    check(&json!(true), &good, &bad);
    let g = JsonGrammar::any();
    let mut state = JsonState::new(&g);
    assert!(
        state.advance_all(b"12") && state.is_complete() && state.advance(b'3'),
        "top-level numbers may go on"
    );
    assert!(!state.advance(b' ') && !state.advance(b','));
    assert!(
        std::mem::size_of::<Frame>() <= 40,
        "frames must stay cheap to clone"
    );
}

#[test]
fn strings_count_characters_and_check_utf8() {
    let schema = json!({"type": "string", "minLength": 2, "maxLength": 3});
    check(
        &schema,
        &[r#""ab""#, r#""é\n€""#, r#""\u00e9\"""#, "\"𝄞a\""],
        &[r#""a""#, r#""abcd""#, r#""\ud800a""#],
    );
    let g = grammar(&schema);
    for bytes in [
        &b"\"\xC0"[..],
        b"\"\x1f",
        b"\"\xE0\x80",
        b"\"\xED\xA0",
        b"\"\xF4\x90",
        b"\"\\x",
        b"\"ab\xF5",
    ] {
        assert!(!JsonState::new(&g).advance_all(bytes), "accepted {bytes:?}");
    }
    let mut state = JsonState::new(&g);
    assert!(state.advance_all(b"\"ab"));
    let before = format!("{:?}", state.stack);
    assert!(!state.advance(0xFF));
    assert_eq!(
        format!("{:?}", state.stack),
        before,
        "a rejected byte changed the state"
    );
    assert_eq!(completion_of(&schema, b"\"\\u00"), b"00a\"");
    assert_eq!(completion_of(&schema, b"\"\\"), b"na\"");
    assert_eq!(completion_of(&schema, b"\"\xE2"), b"\x80\x80a\"");
    assert_eq!(completion_of(&schema, b""), b"\"aa\"");
}

#[test]
fn numbers_respect_digit_caps_and_kind() {
    let number = json!({"type": "number"});
    check(
        &number,
        &[
            "0",
            "-0",
            "12.5",
            "1e5",
            "1E-05",
            "999999999999999.999999999999999",
            "2e99",
        ],
        &[
            "1e",
            "1.e1",
            "+1",
            "1234567890123456",
            "0.1234567890123456",
            "1e1234",
            "--1",
        ],
    );
    check(
        &json!({"type": "integer"}),
        &["0", "-12", "999999999999999"],
        &["1.0", "1e2", "00", "-"],
    );
    assert_eq!(completion_of(&number, b"-"), b"0");
    assert_eq!(completion_of(&number, b"1.5e-"), b"0");
}

#[test]
fn bounded_integers_accept_exactly_the_range() {
    let cases = [
        (
            json!({"type": "integer", "minimum": -37, "maximum": 1234}),
            -37,
            1234,
        ),
        (
            json!({"type": "integer", "exclusiveMinimum": -1.5, "exclusiveMaximum": 99}),
            -1,
            98,
        ),
        (
            json!({"type": "integer", "minimum": 150, "maximum": 200}),
            150,
            200,
        ),
        (
            json!({"type": "integer", "minimum": -200.5, "maximum": -150}),
            -200,
            -150,
        ),
        (
            json!({"type": "integer", "minimum": 999999999999990_u64}),
            999_999_999_999_990,
            999_999_999_999_999,
        ),
    ];
    for (schema, lo, hi) in cases {
        let g = grammar(&schema);
        let (mut complete, mut pending) =
            (BTreeSet::new(), vec![(JsonState::new(&g), String::new())]);
        while let Some((state, text)) = pending.pop() {
            if state.is_complete() {
                complete.insert(text.clone());
            }
            let before = pending.len();
            for &byte in b"-0123456789.eE+ ," {
                let mut next = state.clone();
                if next.advance(byte) {
                    pending.push((next, format!("{text}{}", char::from(byte))));
                }
            }
            assert!(
                pending.len() > before || state.is_complete(),
                "{schema}: dead end at {text}"
            );
        }
        let mut expected: BTreeSet<String> = (lo..=hi).map(|v: i64| v.to_string()).collect();
        if lo <= 0 && 0 <= hi {
            expected.insert("-0".to_owned());
        }
        assert_eq!(complete, expected, "{schema}");
    }
}

#[test]
fn bounded_numbers_have_no_dead_ends() {
    let schema = json!({"type": "number", "exclusiveMinimum": 0.25, "maximum": 0.5});
    check(
        &schema,
        &["0.3", "0.5", "0.250000000000001", "0.4999"],
        &["0.25", "0.51", "1", "-0.3", "0.3e0", "0.2"],
    );
    assert_eq!(completion_of(&schema, b""), b"0.3");
    assert_eq!(
        completion_of(&json!({"minimum": 12.5, "maximum": 13}), b""),
        b"13"
    );
    assert_eq!(
        completion_of(
            &json!({"type": "number", "minimum": -5.5, "maximum": -3.2}),
            b"-"
        ),
        b"4"
    );
    for schema in [
        schema,
        json!({"type": "number", "minimum": -1000.125, "exclusiveMaximum": -999}),
        json!({"type": "number", "minimum": 1e-20, "maximum": 3}),
        json!({"type": "integer", "minimum": -1e30, "maximum": 1e30}),
        json!({"type": "integer", "minimum": 100000, "maximum": 100009}),
    ] {
        random_walks(&schema, 150, 20);
    }
    let none = JsonGrammar::compile(&json!({"type": "integer", "minimum": 0.2, "maximum": 0.8}));
    assert!(matches!(none, Err(SchemaError::Invalid { .. })));
}

#[test]
fn literals_match_canonical_serialisations() {
    let schema = json!({"enum": ["red", 1, 10, null, [1, {"a": true}], {"b": 2.5}]});
    check(
        &schema,
        &[
            r#""red""#,
            "1",
            "10",
            "null",
            r#"[1,{"a":true}]"#,
            r#"{"b":2.5}"#,
        ],
        &["100", r#""re""#, r#"[1, {"a":true}]"#, "true"],
    );
    assert_eq!(completion_of(&schema, b""), b"\"red\"");
    assert_eq!(completion_of(&schema, b"[1,"), br#"{"a":true}]"#);
    let arr = json!({"type": "array", "items": {"enum": [1, 10]}});
    check(&arr, &["[1,10,1]", "[10]"], &["[11]", "[100]"]);
    let typed = json!({"type": "string", "enum": ["b", "a", 3]});
    check(&typed, &[r#""a""#, r#""b""#], &["3"]);
    assert_eq!(completion_of(&typed, b""), b"\"b\"");
    check(
        &json!({"const": {"k": [1, 2]}}),
        &[r#"{"k":[1,2]}"#],
        &[r#"{"k":[1]}"#],
    );
}

#[test]
fn arrays_enforce_item_counts() {
    let schema =
        json!({"type": "array", "items": {"type": "boolean"}, "minItems": 2, "maxItems": 3});
    check(
        &schema,
        &["[true, false]", "[false,false,true]"],
        &["[]", "[true]", "[true,true,true,true]", "[1,2]"],
    );
    assert_eq!(completion_of(&schema, b"[true"), b",false]");
    check(&json!({"type": "array", "maxItems": 0}), &["[]"], &["[1]"]);
}

#[test]
fn objects_follow_declared_order_and_required_keys() {
    // Declared alphabetically so the test holds whether or not serde_json preserves order.
    let schema = json!({
        "type": "object",
        "properties": {
            "age": {"type": "integer", "minimum": 18},
            "email": {"type": "string"},
            "name": {"type": "string", "minLength": 2},
            "nick": {"type": "string"},
        },
        "required": ["age", "name"],
    });
    check(
        &schema,
        &[
            r#"{"age":20,"name":"Al"}"#,
            r#"{"age": 18, "email":"x", "name":"Bo","nick":""}"#,
        ],
        &[
            r#"{"name":"Al","age":20}"#,
            r#"{"age":20}"#,
            r#"{"age":20,"age":21,"name":"Al"}"#,
            r#"{"age":20,"name":"Al","x":1}"#,
            r#"{"age":17,"name":"Al"}"#,
        ],
    );
    assert_eq!(completion_of(&schema, b""), br#"{"age":18,"name":"aa"}"#);
    assert_eq!(completion_of(&schema, b"{\"age\":2"), br#"0,"name":"aa"}"#);
    assert_eq!(completion_of(&schema, b"{\"age\":18,\"n"), br#"ame":"aa"}"#);
    assert_eq!(
        completion_of(&schema, b"{\"age\":18,\"name\":\"abc\","),
        br#""nick":""}"#
    );
    let map = json!({"type": "object", "additionalProperties": {"type": "integer", "maximum": 3}});
    check(
        &map,
        &[r#"{"x":1, "x":3,"":-2}"#, "{}"],
        &[r#"{"x":4}"#, r#"{"x":"1"}"#],
    );
    assert_eq!(completion_of(&map, b"{\"k\":1,"), br#""":0}"#);
    check(
        &json!({"type": "object", "additionalProperties": false}),
        &["{}"],
        &[r#"{"a":1}"#],
    );
}

#[test]
fn unions_dispatch_on_the_first_byte() {
    let schema =
        json!({"type": ["string", "null", "integer", "number"], "maxLength": 1, "minimum": 0});
    check(
        &schema,
        &[r#""a""#, "null", "2.5", "0"],
        &[r#""ab""#, "-1", "true"],
    );
    let optional = json!({"anyOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"type": "null"}], "default": null});
    check(&optional, &["null", r#"{"a":1}"#], &["{}"]);
    assert_eq!(completion_of(&optional, b""), b"null");
    assert_eq!(completion_of(&json!(true), b""), b"null");
    for overlapping in [
        json!({"anyOf": [{"type": "integer"}, {"type": "number"}]}),
        json!({"oneOf": [{"const": "a"}, {"type": "string"}]}),
    ] {
        let err = JsonGrammar::compile(&overlapping).unwrap_err();
        assert!(
            matches!(&err, SchemaError::Unsupported { pointer, .. } if pointer == "#"),
            "{err}"
        );
    }
}

#[test]
fn local_refs_support_recursion() {
    let schema = json!({
        "$defs": {"Node": {"type": "object", "properties": {
            "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
            "name": {"type": "string"},
        }, "required": ["name"]}},
        "$ref": "#/$defs/Node",
    });
    check(
        &schema,
        &[
            r#"{"name":"a"}"#,
            r#"{"children":[{"children":[],"name":"b"}],"name":"a"}"#,
        ],
        &[r#"{"children":[{}],"name":"a"}"#],
    );
    random_walks(&schema, 100, 60);
    let legacy = json!({"definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"type": "boolean"}}, "items": {"$ref": "#/definitions/A"}});
    check(&legacy, &["[true,false]"], &["[1]"]);
    let circular = json!({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}, "$ref": "#/$defs/A"});
    assert!(matches!(
        JsonGrammar::compile(&circular),
        Err(SchemaError::Invalid { .. })
    ));
    let endless = json!({"$defs": {"A": {"properties": {"a": {"$ref": "#/$defs/A"}}, "required": ["a"]}}, "$ref": "#/$defs/A"});
    assert!(matches!(
        JsonGrammar::compile(&endless),
        Err(SchemaError::Invalid { .. })
    ));
}

#[test]
fn nesting_stops_at_the_depth_limit() {
    let g = JsonGrammar::any();
    let mut state = JsonState::new(&g);
    assert!(state.advance_all(&[b'['; 32]));
    assert!(!state.advance(b'[') && !state.advance(b'{') && state.advance(b'1'));
    assert_eq!(state.completion(), [b']'; 32]);
    let deep = (0..40).fold(
        json!({"type": "integer"}),
        |inner, _| json!({"type": "array", "items": inner, "minItems": 1}),
    );
    assert!(matches!(
        JsonGrammar::compile(&deep),
        Err(SchemaError::Invalid { .. })
    ));
}

#[test]
fn unsupported_and_invalid_schemas_are_refused() {
    let unsupported = [
        (json!({"type": "string", "pattern": "a+"}), "pattern", "#"),
        (
            json!({"properties": {"a/b": {"multipleOf": 2}}}),
            "multipleOf",
            "#/properties/a~1b",
        ),
        (json!({"items": {"allOf": [true]}}), "allOf", "#/items"),
        (
            json!({"type": "array", "uniqueItems": true}),
            "uniqueItems",
            "#",
        ),
        (json!({"$ref": "other.json#/x"}), "$ref", "#"),
        (
            json!({"type": "object", "required": ["a"]}),
            "required",
            "#",
        ),
        (json!({"enum": [1], "minimum": 0}), "minimum", "#"),
        (json!({"anyOf": [true], "type": "string"}), "type", "#"),
    ];
    for (schema, keyword, pointer) in unsupported {
        match JsonGrammar::compile(&schema) {
            Err(SchemaError::Unsupported {
                keyword: k,
                pointer: p,
                ..
            }) => assert_eq!((k.as_str(), p.as_str()), (keyword, pointer)),
            other => panic!("{schema}: expected unsupported `{keyword}`, got {other:?}"),
        }
    }
    let err = JsonGrammar::compile(&json!({"type": "string", "pattern": "a"}))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "unsupported `pattern` at #: the decoder cannot enforce this keyword"
    );
    for schema in [
        json!(false),
        json!({"type": "string", "minLength": 3, "maxLength": 2}),
        json!({"properties": {"a": true}, "required": ["b"]}),
        json!({"type": "strin"}),
        json!({"enum": []}),
        json!({"type": "integer", "minimum": 5, "maximum": 4}),
    ] {
        assert!(
            matches!(
                JsonGrammar::compile(&schema),
                Err(SchemaError::Invalid { .. })
            ),
            "{schema}"
        );
    }
    let annotated = json!({"title": "t", "description": "d", "format": "email", "type": "string", "$schema": "https://json-schema.org/draft/2020-12/schema", "uniqueItems": false});
    check(&annotated, &[r#""anything""#], &[]);
}

#[test]
fn random_walks_never_dead_end() {
    let schema = json!({
        "type": "object",
        "properties": {
            "count": {"type": "integer", "minimum": -3, "maximum": 40},
            "items": {"type": "array", "items": {"type": "string", "maxLength": 4}, "maxItems": 3},
            "kind": {"enum": ["a", "ab", 7, 70]},
            "meta": true,
            "ratio": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1},
            "tags": {"type": "object", "additionalProperties": {"type": "boolean"}},
        },
        "required": ["count", "ratio"],
    });
    random_walks(&schema, 300, 80);
    random_walks(&json!(true), 300, 60);
}
