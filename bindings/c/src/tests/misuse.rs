//! Bad input: NULLs, invalid UTF-8, malformed JSON, double free, foreign handles, panics.

use super::*;

#[test]
fn null_arguments_are_refused_with_the_argument_named() {
    let mut engine = null_mut();
    assert_eq!(conclave_engine_new(null(), null_mut()), CONCLAVE_ERR_NULL);
    assert!(last_error().contains("`out` is NULL"), "{}", last_error());
    let mut report = null_mut();
    assert_eq!(
        conclave_engine_analyze_path(null(), c".".as_ptr(), &mut report),
        CONCLAVE_ERR_NULL
    );
    assert!(last_error().contains("`engine`"));
    assert_eq!(conclave_engine_new(null(), &mut engine), CONCLAVE_OK);
    assert_eq!(
        conclave_engine_analyze_path(engine, null(), &mut report),
        CONCLAVE_ERR_NULL
    );
    assert!(report.is_null());
    assert_eq!(
        conclave_engine_analyze_source(engine, null(), c"x".as_ptr(), 1, null(), &mut report),
        CONCLAVE_ERR_NULL
    );
    assert_eq!(
        conclave_engine_analyze_source(engine, c"python".as_ptr(), null(), 3, null(), &mut report),
        CONCLAVE_ERR_NULL
    );
    // NULL text with length 0 is the empty file.
    assert_eq!(
        conclave_engine_analyze_source(engine, c"python".as_ptr(), null(), 0, null(), &mut report),
        CONCLAVE_OK
    );
    assert_eq!(
        conclave_report_findings_len(report, null_mut()),
        CONCLAVE_ERR_NULL
    );
    assert_eq!(
        conclave_report_finding(report, 0, null_mut()),
        CONCLAVE_ERR_NULL
    );
    assert_eq!(
        conclave_report_to_json(report, null_mut()),
        CONCLAVE_ERR_NULL
    );
    assert_eq!(conclave_report_free(report), CONCLAVE_OK);
    for status in [
        conclave_engine_free(null_mut()),
        conclave_report_free(null_mut()),
        conclave_model_free(null_mut()),
        conclave_string_free(null_mut()),
    ] {
        assert_eq!(status, CONCLAVE_OK);
    }
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
}

#[test]
fn invalid_utf8_and_unknown_languages_are_refused() {
    let engine = engine();
    let (status, report) = analyze(engine, b"def f():\n    return '\xff\xfe'\n");
    assert_eq!(status, CONCLAVE_ERR_UTF8);
    assert!(report.is_null());
    assert!(last_error().contains("offset 21"), "{}", last_error());
    let mut report = null_mut();
    let bad_path = b"a\xffb.py\0";
    assert_eq!(
        conclave_engine_analyze_path(engine, bad_path.as_ptr().cast(), &mut report),
        CONCLAVE_ERR_UTF8
    );
    assert_eq!(
        conclave_engine_analyze_source(
            engine,
            c"cobol".as_ptr(),
            c"x".as_ptr(),
            1,
            null(),
            &mut report
        ),
        CONCLAVE_ERR_INVALID_ARGUMENT
    );
    assert!(last_error().contains("unknown language `cobol`"));
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
}

#[test]
fn malformed_options_are_refused_by_kind() {
    let mut engine = null_mut();
    let cases: [(&CStr, conclave_status, &str); 5] = [
        (c"{\"threads\": ", CONCLAVE_ERR_JSON, "not valid JSON"),
        (c"[1, 2]", CONCLAVE_ERR_INVALID_ARGUMENT, "JSON object"),
        (
            c"{\"thread\": 2}",
            CONCLAVE_ERR_INVALID_ARGUMENT,
            "unknown option `thread`",
        ),
        (
            c"{\"threads\": -1}",
            CONCLAVE_ERR_INVALID_ARGUMENT,
            "non-negative",
        ),
        (
            c"{\"config\": {\"no_such_field\": 1}}",
            CONCLAVE_ERR_CONFIG,
            "no_such_field",
        ),
    ];
    for (options, status, message) in cases {
        assert_eq!(conclave_engine_new(options.as_ptr(), &mut engine), status);
        assert!(engine.is_null());
        assert!(last_error().contains(message), "{}", last_error());
    }
    let config = c"{\"threads\": 1, \"config\": {\"rules\": {\"disable\": [\"S001\"]}}}";
    assert_eq!(
        conclave_engine_new(config.as_ptr(), &mut engine),
        CONCLAVE_OK,
        "{}",
        last_error()
    );
    assert_eq!(last_error(), "");
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
}

#[test]
fn double_free_and_foreign_handles_are_detected() {
    let engine = engine();
    let (_, report) = analyze(engine, SOURCE.as_bytes());
    // A report is not an engine, and the other way round.
    assert_eq!(conclave_engine_free(report.cast()), CONCLAVE_ERR_BAD_HANDLE);
    assert!(
        last_error().contains("is a report handle, not an engine handle"),
        "{}",
        last_error()
    );
    let mut len = 0;
    assert_eq!(
        conclave_report_findings_len(engine.cast(), &mut len),
        CONCLAVE_ERR_BAD_HANDLE
    );
    assert_eq!(conclave_report_free(report), CONCLAVE_OK);
    assert_eq!(conclave_report_free(report), CONCLAVE_ERR_BAD_HANDLE);
    assert!(last_error().contains("not live"));
    assert_eq!(
        conclave_report_findings_len(report, &mut len),
        CONCLAVE_ERR_BAD_HANDLE
    );
    // A garbage pointer is refused without being read.
    assert_eq!(
        conclave_report_free(std::ptr::without_provenance_mut(0xdead_beef)),
        CONCLAVE_ERR_BAD_HANDLE
    );
    let mut json = null_mut();
    let (_, report) = analyze(engine, SOURCE.as_bytes());
    assert_eq!(conclave_report_to_json(report, &mut json), CONCLAVE_OK);
    assert_eq!(conclave_string_free(json), CONCLAVE_OK);
    assert_eq!(conclave_string_free(json), CONCLAVE_ERR_BAD_HANDLE);
    let foreign = c"not ours".as_ptr().cast_mut();
    assert_eq!(conclave_string_free(foreign), CONCLAVE_ERR_BAD_HANDLE);
    assert_eq!(conclave_report_free(report), CONCLAVE_OK);
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
    assert_eq!(conclave_engine_free(engine), CONCLAVE_ERR_BAD_HANDLE);
}

#[test]
fn panics_become_a_status_and_a_message() {
    let status = guard("conclave_test", || -> Result<(), Failure> {
        panic!("boom {}", 42)
    });
    assert_eq!(status, CONCLAVE_ERR_PANIC);
    assert_eq!(
        last_error(),
        "conclave_test: internal error (panic): boom 42"
    );
    // SAFETY: a static string.
    let name = unsafe { CStr::from_ptr(conclave_status_name(CONCLAVE_ERR_PANIC as i32)) };
    assert_eq!(name.to_str().unwrap(), "CONCLAVE_ERR_PANIC");
    // SAFETY: a static string.
    let name = unsafe { CStr::from_ptr(conclave_status_name(77)) };
    assert_eq!(name.to_str().unwrap(), "CONCLAVE_UNKNOWN");
}

#[test]
fn missing_models_are_a_model_error() {
    let mut model = null_mut();
    assert_eq!(
        conclave_model_load(c"/nonexistent/model.gguf".as_ptr(), &mut model),
        CONCLAVE_ERR_MODEL
    );
    assert!(model.is_null());
    assert!(last_error().contains("unknown model"), "{}", last_error());
    assert_eq!(
        conclave_model_generate(null(), c"hi".as_ptr(), 4, None, null_mut(), null_mut()),
        CONCLAVE_ERR_NULL
    );
}

/// A small deterministic generator: arbitrary input without a dependency.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn arbitrary_bytes_never_panic_and_get_a_documented_status() {
    let engine = engine();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let pieces: [&[u8]; 10] = [
        b"{",
        b"}",
        b"\"threads\"",
        b":",
        b"-1",
        b"[",
        b"\xff",
        b"def f(x):\n",
        b"    if x:",
        b"\0",
    ];
    let languages = [
        c"python",
        c"javascript",
        c"java",
        c"csharp",
        c"go",
        c"Python",
        c"",
    ];
    for _ in 0..200 {
        let mut bytes = Vec::new();
        for _ in 0..xorshift(&mut state) % 12 {
            let r = xorshift(&mut state);
            if r.is_multiple_of(3) {
                bytes.push((r >> 8) as u8);
            } else {
                bytes.extend_from_slice(pieces[(r >> 8) as usize % pieces.len()]);
            }
        }
        // As options: NUL-terminated, so cut at the first NUL.
        let options: Vec<u8> = bytes
            .iter()
            .copied()
            .take_while(|b| *b != 0)
            .chain([0])
            .collect();
        let mut other = null_mut();
        let status = conclave_engine_new(options.as_ptr().cast(), &mut other);
        assert!(
            matches!(
                status,
                CONCLAVE_OK | CONCLAVE_ERR_UTF8 | CONCLAVE_ERR_JSON | CONCLAVE_ERR_INVALID_ARGUMENT
            ),
            "{status:?}: {}",
            last_error()
        );
        assert_eq!(conclave_engine_free(other), CONCLAVE_OK);
        // As source text, with explicit length (NULs included).
        let language = languages[xorshift(&mut state) as usize % languages.len()];
        let mut report = null_mut();
        let status = conclave_engine_analyze_source(
            engine,
            language.as_ptr(),
            bytes.as_ptr().cast(),
            bytes.len(),
            null(),
            &mut report,
        );
        let valid_language = !language.is_empty() && language != c"cobol";
        match std::str::from_utf8(&bytes) {
            Ok(_) if valid_language => assert_eq!(status, CONCLAVE_OK, "{}", last_error()),
            _ => assert!(
                matches!(status, CONCLAVE_ERR_UTF8 | CONCLAVE_ERR_INVALID_ARGUMENT),
                "{status:?}"
            ),
        }
        assert_eq!(conclave_report_free(report), CONCLAVE_OK);
    }
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
}
