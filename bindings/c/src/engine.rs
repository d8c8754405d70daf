//! Engines and analyses.

use std::ffi::c_char;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use conclave::{Config, Engine, Language};

use crate::args::{c_str, clear_out, json, optional_c_str, text_with_len, write_out, write_value};
use crate::registry::{self, Kind};
use crate::report::{Analysed, conclave_report};
use crate::status::{Failure, conclave_status, guard};

/// An analysis engine: configuration, compiled rules and a worker pool. Opaque.
#[allow(non_camel_case_types)]
#[derive(Debug)]
pub struct conclave_engine {
    pub(crate) engine: Arc<Engine>,
}

/// Reads `{"threads": 2, "config": {...}, "cache_dir": "..."}`; every key optional.
fn build_engine(options: Option<&str>) -> Result<Engine, Failure> {
    let mut builder = Engine::builder();
    let Some(options) = options else {
        return Ok(builder.build()?);
    };
    let value = json(options, "options_json")?;
    let serde_json::Value::Object(map) = value else {
        return Err(Failure::invalid("`options_json` must be a JSON object"));
    };
    for (key, value) in map {
        builder = match key.as_str() {
            "threads" => {
                let threads = value
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| Failure::invalid("`threads` must be a non-negative integer"))?;
                builder.threads(threads)
            }
            "config" => {
                let config: Config = serde_json::from_value(value).map_err(|e| {
                    Failure::new(
                        conclave_status::CONCLAVE_ERR_CONFIG,
                        format!("invalid `config`: {e}"),
                    )
                })?;
                builder.config(config)
            }
            "config_file" => {
                let path = value
                    .as_str()
                    .ok_or_else(|| Failure::invalid("`config_file` must be a string"))?;
                builder.config(Config::load(std::path::Path::new(path))?)
            }
            "cache_dir" => {
                let dir = value
                    .as_str()
                    .ok_or_else(|| Failure::invalid("`cache_dir` must be a string"))?;
                builder.cache_dir(dir)
            }
            other => {
                return Err(Failure::invalid(format!(
                    "unknown option `{other}` (expected threads, config, config_file, cache_dir)"
                )));
            }
        };
    }
    Ok(builder.build()?)
}

/// Creates an engine and writes it to `*out` (NULL on failure). Free it with
/// `conclave_engine_free`.
///
/// `options_json` is NULL (defaults) or a NUL-terminated JSON object with optional keys
/// `threads` (0 = one per core), `config` (the configuration as JSON, same fields as
/// `conclave.toml`), `config_file` (a path to a `conclave.toml`) and `cache_dir` (an incremental
/// cache directory). Malformed JSON: `CONCLAVE_ERR_JSON`; an unknown key or wrong type:
/// `CONCLAVE_ERR_INVALID_ARGUMENT`; a bad configuration or rule file: `CONCLAVE_ERR_CONFIG`.
///
/// Thread safety: safe to call from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_engine_new(
    options_json: *const c_char,
    out: *mut *mut conclave_engine,
) -> conclave_status {
    guard("conclave_engine_new", || {
        clear_out(out, "out")?;
        let options = optional_c_str(options_json, "options_json")?;
        let engine = Arc::new(build_engine(options)?);
        write_out(
            out,
            registry::insert(Kind::Engine, conclave_engine { engine }),
        );
        Ok(())
    })
}

/// Frees an engine. NULL is accepted (no-op). A handle already freed, or not an engine, is
/// refused with `CONCLAVE_ERR_BAD_HANDLE` (double free is always detected). Reports made by the
/// engine stay valid.
///
/// Thread safety: safe to call from any thread, even while another thread is analysing with
/// the engine (that call finishes; the engine is released afterwards).
#[unsafe(no_mangle)]
pub extern "C" fn conclave_engine_free(engine: *mut conclave_engine) -> conclave_status {
    guard("conclave_engine_free", || {
        registry::remove(Kind::Engine, engine)
    })
}

pub(crate) fn engine_of(engine: *const conclave_engine) -> Result<Arc<Engine>, Failure> {
    Ok(registry::get(Kind::Engine, engine, "engine")?
        .engine
        .clone())
}

/// Analyses a file or a directory tree (NUL-terminated UTF-8 path) and writes a report to
/// `*out` (NULL on failure); free it with `conclave_report_free`. Unreadable files are listed
/// in the report's `skipped`, not errors; a path that does not exist gives an empty report with
/// one skipped entry.
///
/// Thread safety: an engine may analyse on many threads at once.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_engine_analyze_path(
    engine: *const conclave_engine,
    path: *const c_char,
    out: *mut *mut conclave_report,
) -> conclave_status {
    guard("conclave_engine_analyze_path", || {
        clear_out(out, "out")?;
        let engine = engine_of(engine)?;
        let path = PathBuf::from(c_str(path, "path")?);
        let report = engine.analyze_paths(&[path], None);
        write_out(
            out,
            conclave_report::register(Analysed::Run(report), engine),
        );
        Ok(())
    })
}

pub(crate) fn language(name: *const c_char) -> Result<Language, Failure> {
    Language::from_str(c_str(name, "language")?).map_err(|e| Failure::invalid(e.to_string()))
}

/// Analyses `len` bytes of UTF-8 source text (no NUL needed; NULL only with `len` 0) in
/// `language` (`"python"`, `"javascript"`, `"java"`, `"csharp"`, `"go"`; case-insensitive;
/// also `"py"`, `"js"`, `"cs"`, `"c#"`, `"golang"`), reported under
/// `path` (NUL-terminated, NULL: `"<source>"`). Writes a report holding one file to `*out`
/// (NULL on failure); free it with `conclave_report_free`. Invalid UTF-8: `CONCLAVE_ERR_UTF8`;
/// an unknown language: `CONCLAVE_ERR_INVALID_ARGUMENT`.
///
/// Thread safety: an engine may analyse on many threads at once.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_engine_analyze_source(
    engine: *const conclave_engine,
    language: *const c_char,
    text: *const c_char,
    len: usize,
    path: *const c_char,
    out: *mut *mut conclave_report,
) -> conclave_status {
    guard("conclave_engine_analyze_source", || {
        clear_out(out, "out")?;
        let engine = engine_of(engine)?;
        let language = self::language(language)?;
        let text = text_with_len(text, len, "text")?;
        let path = optional_c_str(path, "path")?.unwrap_or("<source>");
        let file = engine.analyze_named_source(path, language, text);
        write_out(out, conclave_report::register(Analysed::File(file), engine));
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Benchmark support (benches/bindings-overhead/c.c): the Rust side of the overhead comparison.
// ---------------------------------------------------------------------------------------------

/// Benchmark support, not for applications: runs the Rust `Engine::analyze_source` on the text
/// `iterations` times inside the library (no C boundary per call) and writes the total
/// nanoseconds to `*elapsed_ns`. Arguments as for `conclave_engine_analyze_source`.
///
/// Thread safety: as `conclave_engine_analyze_source`.
#[unsafe(no_mangle)]
pub extern "C" fn conclave_bench_analyze_source_rust(
    engine: *const conclave_engine,
    language: *const c_char,
    text: *const c_char,
    len: usize,
    iterations: u32,
    elapsed_ns: *mut u64,
) -> conclave_status {
    guard("conclave_bench_analyze_source_rust", || {
        let engine = engine_of(engine)?;
        let language = self::language(language)?;
        let text = text_with_len(text, len, "text")?;
        let started = std::time::Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(engine.analyze_source(language, std::hint::black_box(text)));
        }
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        write_value(elapsed_ns, nanos, "elapsed_ns")
    })
}
