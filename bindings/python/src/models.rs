//! Local models, the router, the cost ledger and budgets.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use conclave::models::{Catalog, LoadOptions};
use conclave::router::{
    ChatRequest, LocalBackend, Policy, RouteRequest, RouteResponse, Router as CoreRouter,
    RouterError as CoreRouterError, RouterEvent,
};
use pyo3::exceptions::{PyStopIteration, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::analysis::path_arg;
use crate::convert::from_py;
use crate::errors::{OrRaise, detached, input_error};
use crate::ledger::Ledger;

/// The path of a catalog model (`"smollm2"`) in the local cache, downloading it if needed.
///
/// >>> path = pull_model("smollm2")
#[pyfunction]
pub fn pull_model(py: Python<'_>, name: &str) -> PyResult<String> {
    let name = name.to_owned();
    let path = detached(py, move || Catalog::default().pull(&name))?.or_raise()?;
    Ok(path.to_string_lossy().into_owned())
}

/// A GGUF model loaded in this process (weights shared between threads).
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Model {
    inner: conclave::models::Model,
    name: String,
}

#[pymethods]
impl Model {
    /// Loads a GGUF file, or a catalog name resolved in the cache.
    #[staticmethod]
    fn load(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Model> {
        let path = path_arg(path)?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .map_or_else(|| "local".to_owned(), short_name);
        let model = detached(py, move || -> Result<_, crate::errors::BindingError> {
            let resolved = match path.to_str() {
                Some(text) if !path.exists() => Catalog::default().resolve(text)?,
                _ => path,
            };
            Ok(conclave::models::Model::load(
                &resolved,
                &LoadOptions::default(),
            )?)
        })?
        .or_raise()?;
        Ok(Model { inner: model, name })
    }
    /// The name the ledger records (`smollm2` for a SmolLM2 file).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }
    #[getter]
    fn load_seconds(&self) -> f64 {
        self.inner.load_seconds()
    }
    fn __repr__(&self) -> String {
        format!("Model({})", self.name)
    }
}

/// `SmolLM2-135M-Instruct.Q4_1` → `smollm2`; other names as given, lower-cased.
fn short_name(stem: &str) -> String {
    let lower = stem.to_ascii_lowercase();
    if lower.starts_with("smollm2") {
        "smollm2".to_owned()
    } else {
        lower
    }
}

/// The answer to a routed request.
#[pyclass(module = "conclave._native", frozen, get_all)]
#[derive(Debug)]
pub struct Response {
    text: String,
    model: String,
    backend: String,
    local: bool,
    cost_usd: f64,
    cloud_equivalent_usd: f64,
    input_tokens: u64,
    output_tokens: u64,
    latency_ms: u64,
    /// The parsed JSON when a schema was given, as Python data.
    json: Option<Py<PyAny>>,
}

impl Response {
    fn from_core(py: Python<'_>, r: &RouteResponse) -> PyResult<Response> {
        Ok(Response {
            text: r.text.clone(),
            model: r.model.clone(),
            backend: r.backend.clone(),
            local: r.local,
            cost_usd: r.cost_usd,
            cloud_equivalent_usd: r.cloud_equivalent_usd,
            input_tokens: r.input_tokens,
            output_tokens: r.output_tokens,
            latency_ms: r.latency_ms,
            json: r
                .json
                .as_ref()
                .map(|j| crate::convert::to_py(py, j).map(Bound::unbind))
                .transpose()?,
        })
    }
}

#[pymethods]
impl Response {
    /// Prompt plus completion tokens.
    #[getter]
    fn tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
    fn __repr__(&self) -> String {
        format!(
            "Response(model={:?}, local={}, text={:?})",
            self.model, self.local, self.text
        )
    }
    /// The response as a dict (what pickling carries).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.text)?;
        d.set_item("model", &self.model)?;
        d.set_item("backend", &self.backend)?;
        d.set_item("local", self.local)?;
        d.set_item("cost_usd", self.cost_usd)?;
        d.set_item("cloud_equivalent_usd", self.cloud_equivalent_usd)?;
        d.set_item("input_tokens", self.input_tokens)?;
        d.set_item("output_tokens", self.output_tokens)?;
        d.set_item("latency_ms", self.latency_ms)?;
        d.set_item("json", self.json.as_ref().map(|j| j.clone_ref(py)))?;
        Ok(d)
    }
    #[staticmethod]
    fn _from_dict(d: &Bound<'_, PyDict>) -> PyResult<Response> {
        let json = d
            .get_item("json")?
            .filter(|j| !j.is_none())
            .map(Bound::unbind);
        Ok(Response {
            text: dict_item(d, "text")?,
            model: dict_item(d, "model")?,
            backend: dict_item(d, "backend")?,
            local: dict_item(d, "local")?,
            cost_usd: dict_item(d, "cost_usd")?,
            cloud_equivalent_usd: dict_item(d, "cloud_equivalent_usd")?,
            input_tokens: dict_item(d, "input_tokens")?,
            output_tokens: dict_item(d, "output_tokens")?,
            latency_ms: dict_item(d, "latency_ms")?,
            json,
        })
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_dict = slf.get_type().getattr("_from_dict")?;
        let state = slf.get().to_dict(py)?;
        PyTuple::new(py, [from_dict, PyTuple::new(py, [state])?.into_any()])
    }
}

fn dict_item<T>(d: &Bound<'_, PyDict>, key: &str) -> PyResult<T>
where
    T: for<'a, 'py> pyo3::FromPyObject<'a, 'py>,
{
    d.get_item(key)?
        .ok_or_else(|| input_error(format!("missing `{key}`")))?
        .extract()
        .map_err(|_| input_error(format!("bad `{key}`")))
}

/// Routes requests to local models (and to cloud ones when their API keys are set), keeping
/// costs in an optional ledger and enforcing its budgets.
#[pyclass(module = "conclave._native", frozen)]
#[derive(Debug)]
pub struct Router {
    pub inner: Arc<CoreRouter>,
}

fn chat_request(
    prompt: &Bound<'_, PyAny>,
    max_tokens: usize,
    json_schema: Option<&Bound<'_, PyAny>>,
    temperature: f32,
) -> PyResult<ChatRequest> {
    let mut chat = if let Ok(text) = prompt.cast::<PyString>() {
        ChatRequest::user(text.to_cow()?)
    } else if prompt.is_instance_of::<pyo3::types::PyList>() {
        let messages: Vec<conclave::vocab::Message> =
            serde_json::from_value(from_py(prompt)?).map_err(|e| {
                PyTypeError::new_err(format!(
                    "messages must be dicts with `role` (system, user, assistant) and `content`: {e}"
                ))
            })?;
        ChatRequest::new(messages)
    } else {
        return Err(PyTypeError::new_err(
            "prompt must be a str or a list of {'role': ..., 'content': ...} dicts",
        ));
    };
    chat.max_tokens = max_tokens;
    chat.temperature = temperature;
    chat.json_schema = json_schema.map(from_py).transpose()?;
    Ok(chat)
}

fn route_request(chat: ChatRequest, user: Option<String>, task: Option<String>) -> RouteRequest {
    let mut request = RouteRequest::new(chat);
    if let Some(user) = user {
        request = request.user(user);
    }
    if let Some(task) = task {
        request = request.task(task);
    }
    request
}

#[pymethods]
impl Router {
    /// `local`: models to serve requests; `policy`: `local-only`, `local-first`, `cost-aware`
    /// or `cloud-first`; `ledger`: where costs and budgets live.
    #[new]
    #[pyo3(signature = (local, policy = "local-first", ledger = None))]
    fn new(
        local: Vec<PyRef<'_, Model>>,
        policy: &str,
        ledger: Option<&Ledger>,
    ) -> PyResult<Router> {
        let policy = Policy::parse(policy)
            .ok_or_else(|| input_error(format!("unknown policy `{policy}`")))?;
        let mut builder = CoreRouter::builder().policy(policy);
        for model in local {
            builder = builder.backend(LocalBackend::new(model.name.clone(), model.inner.clone()));
        }
        if let Some(ledger) = ledger {
            builder = builder.ledger(Arc::clone(&ledger.inner));
        }
        Ok(Router {
            inner: Arc::new(builder.build()),
        })
    }

    /// Answers a prompt (str) or chat (list of message dicts).
    #[pyo3(signature = (prompt, max_tokens = 128, json_schema = None, temperature = 0.0, user = None, task = None))]
    #[allow(clippy::too_many_arguments)] // Python keyword arguments
    fn generate(
        &self,
        py: Python<'_>,
        prompt: &Bound<'_, PyAny>,
        max_tokens: usize,
        json_schema: Option<&Bound<'_, PyAny>>,
        temperature: f32,
        user: Option<String>,
        task: Option<String>,
    ) -> PyResult<Response> {
        let request = route_request(
            chat_request(prompt, max_tokens, json_schema, temperature)?,
            user,
            task,
        );
        let router = Arc::clone(&self.inner);
        let response = detached(py, move || router.generate(&request))?.or_raise()?;
        Response::from_core(py, &response)
    }

    /// Streams the answer: an iterator of text pieces; `.response` holds the `Response`
    /// once the iterator is exhausted.
    #[pyo3(signature = (prompt, max_tokens = 128, temperature = 0.0, user = None, task = None))]
    fn stream(
        &self,
        prompt: &Bound<'_, PyAny>,
        max_tokens: usize,
        temperature: f32,
        user: Option<String>,
        task: Option<String>,
    ) -> PyResult<TokenStream> {
        let request = route_request(
            chat_request(prompt, max_tokens, None, temperature)?,
            user,
            task,
        );
        let router = Arc::clone(&self.inner);
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("conclave-stream".into())
            .spawn(move || {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    router.generate_streaming(&request, |event| {
                        if let RouterEvent::Text { text, .. } = event {
                            // The reader may be gone (iterator dropped): generation then just
                            // runs out its token limit with nobody listening.
                            let _ = tx.send(StreamItem::Text(text.clone()));
                        }
                    })
                }));
                let _ = tx.send(StreamItem::Done(Box::new(
                    result.map_err(|p| crate::errors::panic_message(p.as_ref())),
                )));
            })
            .map_err(|e| {
                crate::errors::ConclaveError::new_err(format!("cannot start a thread: {e}"))
            })?;
        Ok(TokenStream {
            rx: Mutex::new(Some(rx)),
            response: Mutex::new(None),
        })
    }

    /// Share of requests served locally so far.
    fn local_share(&self) -> f64 {
        self.inner.local_share()
    }
}

enum StreamItem {
    Text(String),
    Done(Box<Result<Result<RouteResponse, CoreRouterError>, String>>),
}

/// Text pieces of a streamed answer, as they are generated.
#[pyclass(module = "conclave._native", frozen)]
pub struct TokenStream {
    rx: Mutex<Option<Receiver<StreamItem>>>,
    response: Mutex<Option<Py<Response>>>,
}

impl std::fmt::Debug for TokenStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenStream").finish_non_exhaustive()
    }
}

/// The iterator's state, refusing a second reader instead of blocking with the GIL held.
pub fn lock_for_reading<T>(m: &Mutex<T>) -> PyResult<std::sync::MutexGuard<'_, T>> {
    match m.try_lock() {
        Ok(guard) => Ok(guard),
        Err(std::sync::TryLockError::Poisoned(p)) => Ok(p.into_inner()),
        Err(std::sync::TryLockError::WouldBlock) => Err(crate::errors::ConclaveError::new_err(
            "this iterator is being read by another thread",
        )),
    }
}

/// Blocks for the next item without the GIL, waking every 100 ms for Ctrl-C.
/// `slot` holds the receiver; it is moved out while waiting (a `Receiver` cannot be shared
/// across the GIL boundary by reference) and put back unless the channel is finished.
pub fn recv_interruptible<T: Send>(
    py: Python<'_>,
    slot: &mut Option<Receiver<T>>,
) -> PyResult<Option<T>> {
    loop {
        let Some(rx) = slot.take() else {
            return Ok(None);
        };
        let (rx, got) = py.detach(move || {
            let got = rx.recv_timeout(Duration::from_millis(100));
            (rx, got)
        });
        *slot = Some(rx);
        match got {
            Ok(item) => return Ok(Some(item)),
            Err(RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(RecvTimeoutError::Disconnected) => return Ok(None),
        }
    }
}

#[pymethods]
impl TokenStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(&self, py: Python<'_>) -> PyResult<String> {
        let mut guard = lock_for_reading(&self.rx)?;
        let done = match recv_interruptible(py, &mut guard)? {
            Some(StreamItem::Text(text)) => return Ok(text),
            Some(StreamItem::Done(done)) => *done,
            None => {
                *guard = None;
                return Err(PyStopIteration::new_err(()));
            }
        };
        *guard = None;
        match done {
            Ok(Ok(response)) => {
                let response = Py::new(py, Response::from_core(py, &response)?)?;
                *self.response.lock().unwrap_or_else(PoisonError::into_inner) = Some(response);
                Err(PyStopIteration::new_err(()))
            }
            Ok(Err(e)) => Err(crate::errors::BindingError::from(e).into()),
            Err(panic) => Err(crate::errors::BindingError::Panic(panic).into()),
        }
    }
    /// Stops reading; the rest of the answer is discarded.
    fn close(&self) {
        *self.rx.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
    /// The `Response` (cost, tokens, full text) once the stream is exhausted, else None.
    #[getter]
    fn response(&self, py: Python<'_>) -> Option<Py<Response>> {
        self.response
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|r| r.clone_ref(py))
    }
}

/// Where a model catalog caches files.
#[pyfunction]
pub fn models_dir() -> String {
    conclave::models::default_cache_dir()
        .to_string_lossy()
        .into_owned()
}
