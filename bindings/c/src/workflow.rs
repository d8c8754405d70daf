//! Workflows: a request in plain words, planned and run, with events streamed to a callback.

use std::ffi::{c_char, c_void};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use conclave::agents::testgen::Runtimes;
use conclave::workflow::{Planner, Runner, Toolbox};

use crate::args::{c_str, clear_out};
use crate::engine::{conclave_engine, engine_of};
use crate::registry::string_out;
use crate::status::{Failure, c_string, conclave_status, guard};

/// Receives one workflow event as a JSON object (`{"event": "step-started", ...}`): `len`
/// bytes of UTF-8, also NUL-terminated, valid only during the call. Return 0 to go on,
/// non-zero to cancel the run (no new step starts).
#[allow(non_camel_case_types)]
pub type conclave_event_cb = Option<
    unsafe extern "C" fn(event_json: *const c_char, len: usize, user_data: *mut c_void) -> i32,
>;

/// The caller's callback and data, called one event at a time and never after the run returns.
struct Sink {
    cb: unsafe extern "C" fn(*const c_char, usize, *mut c_void) -> i32,
    user_data: usize,
    closed: AtomicBool,
    serial: Mutex<()>,
}

/// Plans `request` (NUL-terminated UTF-8, e.g. `"review src for security issues"`) over the
/// project at `root` (a directory) without a model, runs it with `engine`, and passes every
/// event to `cb` (NULL: none) as JSON. When `report_json_out` is not NULL the run report (steps,
/// statuses, outputs) is written there as JSON (free with `conclave_string_free`). A request that
/// cannot be planned: `CONCLAVE_ERR_PLAN`; a root that is not a directory: `CONCLAVE_ERR_IO`.
///
/// `cb` may be called from worker threads other than the caller's, but never two at a time
/// and never after this function returns. It must not unwind (no C++ exception, no longjmp).
///
/// Thread safety: safe to call from several threads at once, even with the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_run_workflow(
    engine: *const conclave_engine,
    request: *const c_char,
    root: *const c_char,
    cb: conclave_event_cb,
    user_data: *mut c_void,
    report_json_out: *mut *mut c_char,
) -> conclave_status {
    guard("conclave_run_workflow", || {
        if !report_json_out.is_null() {
            clear_out(report_json_out, "report_json_out")?;
        }
        let engine = engine_of(engine)?;
        let request = c_str(request, "request")?;
        let root = PathBuf::from(c_str(root, "root")?);
        if !root.is_dir() {
            return Err(Failure::new(
                conclave_status::CONCLAVE_ERR_IO,
                format!("{} is not a directory", root.display()),
            ));
        }
        let planned = Planner::new().plan(request, Some(&root))?;
        let tools = Toolbox {
            engine,
            root,
            assistant: None,
            tests: None,
            runtimes: Runtimes::default(),
            learned: None,
        };
        let mut runner = Runner::new(tools);
        let sink = cb.map(|cb| {
            Arc::new(Sink {
                cb,
                user_data: user_data.expose_provenance(),
                closed: AtomicBool::new(false),
                serial: Mutex::new(()),
            })
        });
        if let Some(sink) = &sink {
            let sink = Arc::clone(sink);
            let cancel = runner.cancel_token();
            runner = runner.observer(move |event| {
                let Ok(json) = serde_json::to_string(event) else {
                    return;
                };
                let text = c_string(&json);
                let _one_at_a_time = sink.serial.lock().unwrap_or_else(|p| p.into_inner());
                if sink.closed.load(Ordering::SeqCst) {
                    return;
                }
                let user_data = std::ptr::with_exposed_provenance_mut::<c_void>(sink.user_data);
                // SAFETY: `cb` is the caller's C function; `text` outlives the call; the run
                // has not returned yet (`closed` is false), so `user_data` is still the
                // caller's to use.
                let stop = unsafe { (sink.cb)(text.as_ptr(), text.as_bytes().len(), user_data) };
                if stop != 0 {
                    cancel.cancel();
                }
            });
        }
        let run_id = format!(
            "c-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis())
        );
        let result = runner.run(&run_id, &planned.plan);
        if let Some(sink) = &sink {
            let _wait = sink.serial.lock().unwrap_or_else(|p| p.into_inner());
            sink.closed.store(true, Ordering::SeqCst);
        }
        let report = result?;
        if report_json_out.is_null() {
            return Ok(());
        }
        let json = serde_json::to_string(&report)
            .map_err(|e| Failure::invalid(format!("cannot render the run report: {e}")))?;
        string_out(&json, report_json_out)
    })
}
