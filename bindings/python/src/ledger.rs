//! The cost ledger: every routed call, budgets, cost reports.

use std::sync::Arc;

use conclave::router::{Budget, Ledger as CoreLedger, LedgerFilter, OnLimit, Period, prices};
use pyo3::prelude::*;

use crate::analysis::path_arg;
use crate::convert::ser_to_py;
use crate::errors::{OrRaise, detached, input_error};

/// A cost ledger in SQLite: every routed call, budgets, cost reports. Thread-safe.
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Ledger {
    pub inner: Arc<CoreLedger>,
}

#[pymethods]
impl Ledger {
    #[new]
    fn new(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Ledger> {
        let path = path_arg(path)?;
        let ledger = detached(py, move || CoreLedger::open(path))?.or_raise()?;
        Ok(Ledger {
            inner: Arc::new(ledger),
        })
    }
    /// The cost report: calls, local share, tokens, cost, cloud equivalent, savings.
    #[pyo3(signature = (user = None, workflow = None, model = None))]
    fn summary<'py>(
        &self,
        py: Python<'py>,
        user: Option<String>,
        workflow: Option<String>,
        model: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let filter = LedgerFilter {
            user,
            workflow,
            model,
            ..LedgerFilter::default()
        };
        let ledger = Arc::clone(&self.inner);
        let summary = detached(py, move || ledger.summary(&filter))?.or_raise()?;
        ser_to_py(py, &summary)
    }
    /// Every call recorded, as dicts.
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let ledger = Arc::clone(&self.inner);
        let records = detached(py, move || ledger.records(&LedgerFilter::default()))?.or_raise()?;
        ser_to_py(py, &records)
    }
    /// Sets a budget: `scope` is `global`, `user:NAME` or `workflow:NAME`; `period` is `day`,
    /// `week` or `month` (see the core's `Period`); `on_limit` is `refuse` or `downgrade`.
    #[pyo3(signature = (scope, period, limit_usd, on_limit = "refuse"))]
    fn set_budget(
        &self,
        py: Python<'_>,
        scope: &str,
        period: &str,
        limit_usd: f64,
        on_limit: &str,
    ) -> PyResult<()> {
        if !limit_usd.is_finite() || limit_usd < 0.0 {
            return Err(input_error(
                "limit_usd must be a non-negative number of dollars",
            ));
        }
        let budget = Budget {
            scope: scope.to_owned(),
            period: Period::parse(period)
                .ok_or_else(|| input_error(format!("unknown period `{period}`")))?,
            limit_nanos: prices::nanos(limit_usd),
            on_limit: OnLimit::parse(on_limit)
                .ok_or_else(|| input_error(format!("unknown on_limit `{on_limit}`")))?,
        };
        let ledger = Arc::clone(&self.inner);
        detached(py, move || ledger.set_budget(&budget))?.or_raise()
    }
    /// The budgets set, as dicts (scope, period, limit_usd, on_limit).
    fn budgets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let ledger = Arc::clone(&self.inner);
        let budgets = detached(py, move || ledger.budgets())?.or_raise()?;
        let rows: Vec<serde_json::Value> = budgets
            .iter()
            .map(|b| {
                serde_json::json!({
                    "scope": b.scope, "period": b.period.as_str(),
                    "limit_usd": prices::usd(b.limit_nanos), "on_limit": b.on_limit.as_str(),
                })
            })
            .collect();
        ser_to_py(py, &rows)
    }
    #[getter]
    fn path(&self) -> String {
        self.inner.path().to_string_lossy().into_owned()
    }
}
