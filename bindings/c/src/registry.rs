//! Live handles and strings. A handle is a token (never dereferenced) naming an entry in a
//! global table, so a freed, foreign or mistyped handle is refused with
//! `CONCLAVE_ERR_BAD_HANDLE` instead of being read: double free is always detected, without
//! undefined behaviour. Tokens are never reused. Objects sit behind `Arc`, so freeing a handle
//! while another thread still uses it is memory-safe: the object lives until that call ends.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::ffi::{CString, c_char};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use crate::status::{Failure, c_string, conclave_status};

/// What a handle stands for (checked on every use, named in error messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Engine,
    Report,
    Model,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Engine => "an engine",
            Kind::Report => "a report",
            Kind::Model => "a model",
        }
    }
}

struct Entry {
    kind: Kind,
    object: Arc<dyn Any + Send + Sync>,
}

static HANDLES: LazyLock<Mutex<HashMap<usize, Entry>>> = LazyLock::new(Default::default);
/// Strings handed out and not yet freed, stored as `address ^ HIDE` so that leak checkers
/// (valgrind, LeakSanitizer) do not count this table as a reference: a string the caller never
/// frees is reported as lost, as it should be.
static STRINGS: LazyLock<Mutex<HashSet<usize>>> = LazyLock::new(Default::default);
/// Tokens are multiples of 16 so they look like (and align like) pointers; 0 is never used.
const HIDE: usize = usize::MAX;
static NEXT_TOKEN: AtomicUsize = AtomicUsize::new(1);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The tables stay consistent even if a holder panicked: every update is one insert/remove.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Registers `object` and returns its handle.
pub(crate) fn insert<T: Any + Send + Sync>(kind: Kind, object: T) -> *mut T {
    let token = NEXT_TOKEN.fetch_add(1, Ordering::Relaxed) << 4;
    let object: Arc<dyn Any + Send + Sync> = Arc::new(object);
    lock(&HANDLES).insert(token, Entry { kind, object });
    std::ptr::without_provenance_mut(token)
}

fn bad_handle(kind: Kind, token: usize, found: Option<Kind>) -> Failure {
    let message = match found {
        Some(other) => format!(
            "handle {token:#x} is {} handle, not {} handle",
            other.name(),
            kind.name()
        ),
        None => format!(
            "handle {token:#x} is not live (freed already, or never returned by conclave as {} handle)",
            kind.name()
        ),
    };
    Failure::new(conclave_status::CONCLAVE_ERR_BAD_HANDLE, message)
}

/// The object behind a live handle of `kind`.
pub(crate) fn get<T: Any + Send + Sync>(
    kind: Kind,
    handle: *const T,
    argument: &str,
) -> Result<Arc<T>, Failure> {
    if handle.is_null() {
        return Err(Failure::null(argument));
    }
    let token = handle.addr();
    let table = lock(&HANDLES);
    match table.get(&token) {
        Some(entry) if entry.kind == kind => Arc::clone(&entry.object)
            .downcast::<T>()
            .map_err(|_| bad_handle(kind, token, None)),
        Some(entry) => Err(bad_handle(kind, token, Some(entry.kind))),
        None => Err(bad_handle(kind, token, None)),
    }
}

/// Unregisters a handle; NULL is accepted and does nothing.
pub(crate) fn remove<T>(kind: Kind, handle: *mut T) -> Result<(), Failure> {
    if handle.is_null() {
        return Ok(());
    }
    let token = handle.addr();
    let removed = {
        let mut table = lock(&HANDLES);
        match table.get(&token) {
            Some(entry) if entry.kind == kind => table.remove(&token),
            Some(entry) => return Err(bad_handle(kind, token, Some(entry.kind))),
            None => return Err(bad_handle(kind, token, None)),
        }
    };
    // Dropped outside the lock: dropping an engine joins its worker threads.
    drop(removed);
    Ok(())
}

/// Writes a library-owned copy of `text` to `out` (free it with `conclave_string_free`).
pub(crate) fn string_out(text: &str, out: *mut *mut c_char) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::null("out"));
    }
    let raw = CString::into_raw(c_string(text));
    lock(&STRINGS).insert(raw.addr() ^ HIDE);
    // SAFETY: `out` is non-NULL and, per the API contract, points to writable storage for one
    // pointer.
    unsafe { out.write(raw) };
    Ok(())
}

/// Frees a string from `string_out`; NULL does nothing; an unknown address is refused.
pub(crate) fn string_free(text: *mut c_char) -> Result<(), Failure> {
    if text.is_null() {
        return Ok(());
    }
    if !lock(&STRINGS).remove(&(text.addr() ^ HIDE)) {
        return Err(Failure::new(
            conclave_status::CONCLAVE_ERR_BAD_HANDLE,
            format!("string {text:p} is not live (freed already, or not returned by conclave)"),
        ));
    }
    // SAFETY: the address was produced by `CString::into_raw` in `string_out` and has just been
    // removed from the live set, so it is reclaimed exactly once.
    drop(unsafe { CString::from_raw(text) });
    Ok(())
}

/// Number of live handles and of live strings.
pub(crate) fn live_counts() -> (usize, usize) {
    let handles = lock(&HANDLES).len();
    (handles, lock(&STRINGS).len())
}
