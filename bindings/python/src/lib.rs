//! `conclave._native`: the compiled part of the `conclave` Python package.
//!
//! The pure-Python package `conclave` re-exports everything here; stubs live in
//! `python/conclave/_native.pyi`. Every call that does real work releases the GIL and turns
//! panics into `ConclaveError`; core errors map to exception classes in [`errors`].

use pyo3::prelude::*;

mod agents;
mod analysis;
mod collab;
mod convert;
mod errors;
mod ledger;
mod models;
mod results;
mod workflow;

/// The version of the Rust library inside.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_class::<analysis::Engine>()?;
    m.add_class::<results::Report>()?;
    m.add_class::<results::FileReport>()?;
    m.add_class::<results::Finding>()?;
    m.add_function(wrap_pyfunction!(analysis::_bench_analyze_source, m)?)?;
    m.add_function(wrap_pyfunction!(models::pull_model, m)?)?;
    m.add_function(wrap_pyfunction!(models::models_dir, m)?)?;
    m.add_class::<models::Model>()?;
    m.add_class::<ledger::Ledger>()?;
    m.add_class::<models::Router>()?;
    m.add_class::<models::Response>()?;
    m.add_class::<models::TokenStream>()?;
    m.add_function(wrap_pyfunction!(agents::debug, m)?)?;
    m.add_function(wrap_pyfunction!(agents::testgen, m)?)?;
    m.add_function(wrap_pyfunction!(agents::fix, m)?)?;
    m.add_function(wrap_pyfunction!(workflow::plan, m)?)?;
    m.add_function(wrap_pyfunction!(workflow::run, m)?)?;
    m.add_class::<workflow::WorkflowRun>()?;
    m.add_function(wrap_pyfunction!(collab::decide, m)?)?;
    m.add_class::<collab::Hub>()?;
    m.add_class::<collab::Subscription>()?;
    m.add_class::<collab::FeedbackStore>()?;
    Ok(())
}
