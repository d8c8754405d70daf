//! Status codes, the thread-local last-error message and the panic boundary: the one place
//! where core errors become C status codes.

use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What every fallible function returns. `CONCLAVE_OK` is 0; other codes fall in documented
/// ranges: 1–99 the caller passed something wrong, 100–199 the work itself failed,
/// 200–299 an internal error. Details are in `conclave_last_error_message()`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum conclave_status {
    /// Success.
    CONCLAVE_OK = 0,
    /// A required pointer argument was NULL.
    CONCLAVE_ERR_NULL = 1,
    /// A string was not valid UTF-8.
    CONCLAVE_ERR_UTF8 = 2,
    /// A JSON argument was malformed.
    CONCLAVE_ERR_JSON = 3,
    /// An argument was well-formed but not acceptable (unknown language, unknown option, index
    /// out of range).
    CONCLAVE_ERR_INVALID_ARGUMENT = 4,
    /// A handle was not live: already freed, never returned by this library, or of another
    /// type.
    CONCLAVE_ERR_BAD_HANDLE = 5,
    /// The configuration or the rules could not be loaded.
    CONCLAVE_ERR_CONFIG = 100,
    /// A file or directory could not be read or written.
    CONCLAVE_ERR_IO = 101,
    /// A model could not be found, loaded or run.
    CONCLAVE_ERR_MODEL = 102,
    /// A workflow request could not be turned into a valid plan.
    CONCLAVE_ERR_PLAN = 103,
    /// A workflow could not be run or recorded.
    CONCLAVE_ERR_WORKFLOW = 104,
    /// A bug inside the library: a Rust panic was caught at the boundary.
    CONCLAVE_ERR_PANIC = 200,
}

/// A failed call: its status and a message for people.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: conclave_status,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(status: conclave_status, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn null(argument: &str) -> Self {
        Failure::new(
            conclave_status::CONCLAVE_ERR_NULL,
            format!("`{argument}` is NULL"),
        )
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Failure::new(conclave_status::CONCLAVE_ERR_INVALID_ARGUMENT, message)
    }
}

impl From<conclave::EngineError> for Failure {
    fn from(e: conclave::EngineError) -> Self {
        Failure::new(conclave_status::CONCLAVE_ERR_CONFIG, e.to_string())
    }
}

impl From<conclave::ConfigError> for Failure {
    fn from(e: conclave::ConfigError) -> Self {
        Failure::new(conclave_status::CONCLAVE_ERR_CONFIG, e.to_string())
    }
}

impl From<conclave::models::ModelError> for Failure {
    fn from(e: conclave::models::ModelError) -> Self {
        Failure::new(conclave_status::CONCLAVE_ERR_MODEL, e.to_string())
    }
}

impl From<conclave::workflow::PlanError> for Failure {
    fn from(e: conclave::workflow::PlanError) -> Self {
        Failure::new(conclave_status::CONCLAVE_ERR_PLAN, e.to_string())
    }
}

impl From<conclave::workflow::WorkflowError> for Failure {
    fn from(e: conclave::workflow::WorkflowError) -> Self {
        let status = match e {
            conclave::workflow::WorkflowError::Plan(_) => conclave_status::CONCLAVE_ERR_PLAN,
            _ => conclave_status::CONCLAVE_ERR_WORKFLOW,
        };
        Failure::new(status, e.to_string())
    }
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// A C string of `text`; interior NUL bytes (impossible to represent) become U+FFFD.
pub(crate) fn c_string(text: &str) -> CString {
    CString::new(text).unwrap_or_else(|_| {
        let cleaned = text.replace('\0', "\u{FFFD}");
        CString::new(cleaned).unwrap_or_default()
    })
}

fn set_last_error(message: &str) {
    LAST_ERROR.with(|cell| *cell.borrow_mut() = c_string(message));
}

/// Runs one exported function's body: no panic crosses the boundary, a failure sets the
/// thread's last error, a success clears it.
pub(crate) fn guard(function: &str, body: impl FnOnce() -> Result<(), Failure>) -> conclave_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error("");
            conclave_status::CONCLAVE_OK
        }
        Ok(Err(failure)) => {
            set_last_error(&format!("{function}: {}", failure.message));
            failure.status
        }
        Err(payload) => {
            let reason = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_owned());
            set_last_error(&format!("{function}: internal error (panic): {reason}"));
            conclave_status::CONCLAVE_ERR_PANIC
        }
    }
}

/// The message of the last failed call on this thread, or "" after a successful one. Never
/// NULL; NUL-terminated UTF-8 owned by the library, valid until the next `conclave_*` call on
/// the same thread (copy it to keep it). Messages start with the failing function's name.
///
/// Thread safety: each thread has its own message; safe to call from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_last_error_message() -> *const c_char {
    LAST_ERROR
        .try_with(|cell| cell.borrow().as_ptr())
        .unwrap_or(c"thread is exiting".as_ptr())
}

/// A short, static, NUL-terminated name of `status` (`"CONCLAVE_ERR_NULL"`); never NULL,
/// `"CONCLAVE_UNKNOWN"` for a value that is not a status. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_status_name(status: i32) -> *const c_char {
    use conclave_status::*;
    let all = [
        CONCLAVE_OK,
        CONCLAVE_ERR_NULL,
        CONCLAVE_ERR_UTF8,
        CONCLAVE_ERR_JSON,
        CONCLAVE_ERR_INVALID_ARGUMENT,
        CONCLAVE_ERR_BAD_HANDLE,
        CONCLAVE_ERR_CONFIG,
        CONCLAVE_ERR_IO,
        CONCLAVE_ERR_MODEL,
        CONCLAVE_ERR_PLAN,
        CONCLAVE_ERR_WORKFLOW,
        CONCLAVE_ERR_PANIC,
    ];
    let name = match all.into_iter().find(|s| *s as i32 == status) {
        Some(CONCLAVE_OK) => c"CONCLAVE_OK",
        Some(CONCLAVE_ERR_NULL) => c"CONCLAVE_ERR_NULL",
        Some(CONCLAVE_ERR_UTF8) => c"CONCLAVE_ERR_UTF8",
        Some(CONCLAVE_ERR_JSON) => c"CONCLAVE_ERR_JSON",
        Some(CONCLAVE_ERR_INVALID_ARGUMENT) => c"CONCLAVE_ERR_INVALID_ARGUMENT",
        Some(CONCLAVE_ERR_BAD_HANDLE) => c"CONCLAVE_ERR_BAD_HANDLE",
        Some(CONCLAVE_ERR_CONFIG) => c"CONCLAVE_ERR_CONFIG",
        Some(CONCLAVE_ERR_IO) => c"CONCLAVE_ERR_IO",
        Some(CONCLAVE_ERR_MODEL) => c"CONCLAVE_ERR_MODEL",
        Some(CONCLAVE_ERR_PLAN) => c"CONCLAVE_ERR_PLAN",
        Some(CONCLAVE_ERR_WORKFLOW) => c"CONCLAVE_ERR_WORKFLOW",
        Some(CONCLAVE_ERR_PANIC) => c"CONCLAVE_ERR_PANIC",
        None => c"CONCLAVE_UNKNOWN",
    };
    name.as_ptr()
}
