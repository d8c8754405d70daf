//! Calls the exported functions as C would: real analyses, NULLs, invalid UTF-8, malformed
//! JSON, double free, foreign handles, panics, callbacks.

use std::ffi::{CStr, c_char, c_void};
use std::ptr::{null, null_mut};

use crate::status::{Failure, conclave_status::*, guard};
use crate::*;

pub(super) fn last_error() -> String {
    // SAFETY: the library returns a valid NUL-terminated string.
    unsafe { CStr::from_ptr(conclave_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

pub(super) fn engine() -> *mut conclave_engine {
    let mut engine = null_mut();
    assert_eq!(
        conclave_engine_new(c"{\"threads\": 1}".as_ptr(), &mut engine),
        CONCLAVE_OK
    );
    engine
}

pub(super) const SOURCE: &str = "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n    return eval(cmd)\n";

pub(super) fn analyze(
    engine: *const conclave_engine,
    text: &[u8],
) -> (conclave_status, *mut conclave_report) {
    let mut report = null_mut();
    let status = conclave_engine_analyze_source(
        engine,
        c"python".as_ptr(),
        text.as_ptr().cast(),
        text.len(),
        c"run.py".as_ptr(),
        &mut report,
    );
    (status, report)
}

pub(super) fn take_string(text: *mut c_char) -> String {
    // SAFETY: a string just returned by the library.
    let owned = unsafe { CStr::from_ptr(text) }.to_str().unwrap().to_owned();
    assert_eq!(conclave_string_free(text), CONCLAVE_OK);
    owned
}

pub(super) fn tempfile_dir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("conclave-c-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

mod analysis;
mod callbacks;
mod misuse;
