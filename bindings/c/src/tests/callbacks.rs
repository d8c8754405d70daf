//! Callbacks: workflow events and streamed generation.

use super::*;

unsafe extern "C" fn collect_events(json: *const c_char, len: usize, data: *mut c_void) -> i32 {
    // SAFETY: `data` is the Vec passed below; `json` holds `len` bytes.
    let (events, bytes) = unsafe {
        (
            &mut *data.cast::<Vec<String>>(),
            std::slice::from_raw_parts(json.cast::<u8>(), len),
        )
    };
    events.push(String::from_utf8(bytes.to_vec()).unwrap());
    0
}

#[test]
fn workflow_events_reach_the_callback_as_json() {
    let dir = tempfile_dir();
    std::fs::write(dir.join("a.py"), SOURCE).unwrap();
    let engine = engine();
    let root = std::ffi::CString::new(dir.to_str().unwrap()).unwrap();
    let mut events: Vec<String> = Vec::new();
    let mut report = null_mut();
    let status = conclave_run_workflow(
        engine,
        c"review the code".as_ptr(),
        root.as_ptr(),
        Some(collect_events),
        (&raw mut events).cast(),
        &mut report,
    );
    assert_eq!(status, CONCLAVE_OK, "{}", last_error());
    let kinds: Vec<String> = events
        .iter()
        .map(|e| {
            serde_json::from_str::<serde_json::Value>(e).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("run-started"));
    assert_eq!(kinds.last().map(String::as_str), Some("run-finished"));
    assert!(kinds.iter().any(|k| k == "step-finished"));
    let report: serde_json::Value = serde_json::from_str(&take_string(report)).unwrap();
    assert!(report["steps"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(
        conclave_run_workflow(
            engine,
            c"review".as_ptr(),
            c"/nonexistent".as_ptr(),
            None,
            null_mut(),
            null_mut()
        ),
        CONCLAVE_ERR_IO
    );
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
    std::fs::remove_dir_all(dir).unwrap();
}

unsafe extern "C" fn collect_tokens(text: *const c_char, len: usize, data: *mut c_void) -> i32 {
    // SAFETY: `data` is the Vec passed below; `text` holds `len` bytes, NUL-terminated.
    let (pieces, bytes, c) = unsafe {
        (
            &mut *data.cast::<Vec<String>>(),
            std::slice::from_raw_parts(text.cast::<u8>(), len),
            CStr::from_ptr(text),
        )
    };
    assert_eq!(c.to_bytes(), bytes);
    pieces.push(String::from_utf8(bytes.to_vec()).unwrap());
    // Stop after three pieces.
    i32::from(pieces.len() >= 3)
}

/// Needs the SmolLM2 model pulled (`conclave models pull smollm2`); CI machines without it
/// skip the generation part but still check the loading error.
#[test]
fn generation_streams_pieces_and_stops_when_asked() {
    let mut model = null_mut();
    let status = conclave_model_load(c"smollm2".as_ptr(), &mut model);
    if status == CONCLAVE_ERR_MODEL {
        assert!(last_error().contains("not pulled yet"), "{}", last_error());
        eprintln!("smollm2 not pulled: generation not exercised");
        return;
    }
    assert_eq!(status, CONCLAVE_OK, "{}", last_error());
    let mut pieces: Vec<String> = Vec::new();
    let mut text = null_mut();
    let status = conclave_model_generate(
        model,
        c"Name three colours.".as_ptr(),
        32,
        Some(collect_tokens),
        (&raw mut pieces).cast(),
        &mut text,
    );
    assert_eq!(status, CONCLAVE_OK, "{}", last_error());
    assert_eq!(
        pieces.len(),
        3,
        "the callback asked to stop after three pieces"
    );
    assert_eq!(take_string(text), pieces.concat());
    assert_eq!(conclave_model_free(model), CONCLAVE_OK);
}
