//! Reading C arguments: NUL-terminated strings, strings with explicit lengths, out-pointers.

use std::ffi::{CStr, c_char};

use crate::status::{Failure, conclave_status};

/// A NUL-terminated UTF-8 argument; NULL is refused.
///
/// The caller guarantees (API contract) that a non-NULL `text` points to a NUL-terminated
/// string that stays valid for the call.
pub(crate) fn c_str<'a>(text: *const c_char, argument: &str) -> Result<&'a str, Failure> {
    optional_c_str(text, argument)?.ok_or_else(|| Failure::null(argument))
}

/// A NUL-terminated UTF-8 argument that may be NULL.
pub(crate) fn optional_c_str<'a>(
    text: *const c_char,
    argument: &str,
) -> Result<Option<&'a str>, Failure> {
    if text.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, NUL-terminated and valid for the call, per the API contract.
    let bytes = unsafe { CStr::from_ptr(text) }.to_bytes();
    utf8(bytes, argument).map(Some)
}

/// `len` bytes of UTF-8 at `text`; NULL is accepted only with `len == 0`.
pub(crate) fn text_with_len<'a>(
    text: *const c_char,
    len: usize,
    argument: &str,
) -> Result<&'a str, Failure> {
    if text.is_null() {
        return if len == 0 {
            Ok("")
        } else {
            Err(Failure::null(argument))
        };
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid(format!(
            "`{argument}` length {len} is too large"
        )));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `text` for the call.
    let bytes = unsafe { std::slice::from_raw_parts(text.cast::<u8>(), len) };
    utf8(bytes, argument)
}

fn utf8<'a>(bytes: &'a [u8], argument: &str) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            conclave_status::CONCLAVE_ERR_UTF8,
            format!(
                "`{argument}` is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Checks an out-pointer and clears what it points to, so callers never see stale values.
pub(crate) fn clear_out<T>(out: *mut *mut T, argument: &str) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::null(argument));
    }
    // SAFETY: non-NULL and writable for one pointer, per the API contract.
    unsafe { out.write(std::ptr::null_mut()) };
    Ok(())
}

/// Writes a handle to a checked out-pointer.
pub(crate) fn write_out<T>(out: *mut *mut T, value: *mut T) {
    // SAFETY: `out` was checked by `clear_out` in the same call.
    unsafe { out.write(value) };
}

/// Parses a JSON argument.
pub(crate) fn json(text: &str, argument: &str) -> Result<serde_json::Value, Failure> {
    serde_json::from_str(text).map_err(|e| {
        Failure::new(
            conclave_status::CONCLAVE_ERR_JSON,
            format!("`{argument}` is not valid JSON: {e}"),
        )
    })
}

/// Writes a plain value through an out-pointer; NULL is refused.
pub(crate) fn write_value<T>(out: *mut T, value: T, argument: &str) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::null(argument));
    }
    // SAFETY: non-NULL and writable for one `T`, per the API contract.
    unsafe { out.write(value) };
    Ok(())
}
