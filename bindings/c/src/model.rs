//! Local models and streamed generation.

use std::ffi::{c_char, c_void};
use std::sync::Arc;

use conclave::models::{CancelToken, Catalog, GenerateRequest, LoadOptions, Message, Model};

use crate::args::{c_str, clear_out, write_out};
use crate::registry::{self, Kind, string_out};
use crate::status::{c_string, conclave_status, guard};

/// A loaded local model (GGUF weights, tokenizer, chat template). Opaque.
#[allow(non_camel_case_types)]
#[derive(Debug)]
pub struct conclave_model {
    model: Model,
}

/// Receives streamed text: `text` is `len` bytes of UTF-8, also NUL-terminated, valid only
/// during the call. Return 0 to go on, non-zero to stop the generation.
#[allow(non_camel_case_types)]
pub type conclave_token_cb =
    Option<unsafe extern "C" fn(text: *const c_char, len: usize, user_data: *mut c_void) -> i32>;

/// Loads a model and writes it to `*out` (NULL on failure); free it with `conclave_model_free`.
/// `name_or_path` (NUL-terminated UTF-8) is a GGUF file path or the name of a catalogued model
/// already pulled (`conclave models pull smollm2`); nothing is downloaded. Errors:
/// `CONCLAVE_ERR_MODEL`.
///
/// Thread safety: safe to call from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_model_load(
    name_or_path: *const c_char,
    out: *mut *mut conclave_model,
) -> conclave_status {
    guard("conclave_model_load", || {
        clear_out(out, "out")?;
        let name = c_str(name_or_path, "name_or_path")?;
        let path = Catalog::default().resolve(name)?;
        let model = Model::load(path, &LoadOptions::default())?;
        write_out(out, registry::insert(Kind::Model, conclave_model { model }));
        Ok(())
    })
}

/// Frees a model. NULL is accepted (no-op); a freed or foreign handle is refused with
/// `CONCLAVE_ERR_BAD_HANDLE`.
///
/// Thread safety: safe from any thread, even during a generation on another thread (the
/// weights are released when it ends).
#[unsafe(no_mangle)]
pub extern "C" fn conclave_model_free(model: *mut conclave_model) -> conclave_status {
    guard("conclave_model_free", || {
        registry::remove(Kind::Model, model)
    })
}

/// Answers `prompt` (NUL-terminated UTF-8, sent as one user chat message) with at most
/// `max_tokens` tokens, greedy. Each piece of text is passed to `cb` (NULL: no streaming) as it
/// is produced, on the calling thread; a non-zero return stops the generation (not an error).
/// When `text_out` is not NULL, the whole answer is written there (free with
/// `conclave_string_free`). The callback must not unwind (no C++ exception, no longjmp).
///
/// Thread safety: a model may generate on several threads at once (each call has its own
/// KV cache).
#[unsafe(no_mangle)]
// `user_data` is only handed back to the caller's callback, never dereferenced here.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub extern "C" fn conclave_model_generate(
    model: *const conclave_model,
    prompt: *const c_char,
    max_tokens: u32,
    cb: conclave_token_cb,
    user_data: *mut c_void,
    text_out: *mut *mut c_char,
) -> conclave_status {
    guard("conclave_model_generate", || {
        if !text_out.is_null() {
            clear_out(text_out, "text_out")?;
        }
        let handle: Arc<conclave_model> = registry::get(Kind::Model, model, "model")?;
        let prompt = c_str(prompt, "prompt")?;
        let cancel = CancelToken::new();
        let request = GenerateRequest::chat(vec![Message::user(prompt)])
            .max_tokens(max_tokens as usize)
            .cancel(cancel.clone());
        let mut session = handle.model.session();
        let generation = session.generate(&request, |chunk| {
            let Some(cb) = cb else { return };
            if cancel.is_cancelled() || chunk.text.is_empty() {
                return;
            }
            let text = c_string(&chunk.text);
            // SAFETY: `cb` is a C function pointer supplied by the caller; `text` outlives the
            // call and `user_data` is passed through untouched.
            let stop = unsafe { cb(text.as_ptr(), text.as_bytes().len(), user_data) };
            if stop != 0 {
                cancel.cancel();
            }
        })?;
        if text_out.is_null() {
            return Ok(());
        }
        string_out(&generation.text, text_out)
    })
}
