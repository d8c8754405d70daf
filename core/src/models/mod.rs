//! Local models: GGUF files run in-process on candle.
//!
//! ```no_run
//! use conclave::models::{GenerateRequest, LoadOptions, Message, Model};
//!
//! let model = Model::load("SmolLM2-135M-Instruct.Q4_1.gguf", &LoadOptions::default())?;
//! let out = model.generate(&GenerateRequest::chat(vec![Message::user("Say hi")]).max_tokens(16))?;
//! println!("{}", out.text);
//! # Ok::<(), conclave::models::ModelError>(())
//! ```
//!
//! The tokenizer and the chat template come from the file itself; [`Session`] keeps one
//! conversation's KV cache so a follow-up turn only runs its new tokens; a JSON Schema in the
//! request constrains decoding so the reply always parses and validates.

mod catalog;
mod constrain;
mod decode;
mod device;
mod generate;
mod gguf;
pub mod json_grammar;
mod native;
mod sampling;
mod template;
mod think;
mod tokenizer;
mod transformer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

pub use crate::vocab::{Message, Role};
pub use catalog::{Catalog, CatalogEntry, PullError, Source, default_cache_dir};
pub use conclave_kernels::Isa;
pub use device::Backend;
pub use generate::{
    CancelToken, Chunk, ChunkKind, FinishReason, GenerateRequest, Generation, Prompt, Session,
    Stream, Timings,
};
pub use gguf::{Architecture, ModelConfig};
pub use json_grammar::SchemaError;
pub use sampling::SamplingParams;
pub use template::ChatTemplate;
pub use tokenizer::{StreamDecoder, Tokenizer};
pub use transformer::{Kernels, WeightFormat};

use constrain::TokenTrie;
use transformer::Weights;

/// Errors of loading and running local models.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The file could not be opened or read.
    #[error("cannot read model file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a readable GGUF file (truncated, corrupt, wrong magic).
    #[error("not a valid GGUF file: {reason}")]
    Gguf {
        /// What the reader found.
        reason: String,
    },
    /// `general.architecture` names a family this runtime cannot run.
    #[error("unsupported model architecture `{architecture}` (supported: llama, qwen2)")]
    UnsupportedArchitecture {
        /// The architecture the file declares.
        architecture: String,
    },
    /// A metadata key the model needs is absent.
    #[error("the GGUF file lacks metadata key `{key}`")]
    MissingMetadata {
        /// The key.
        key: String,
    },
    /// A metadata value is of the wrong type or out of range.
    #[error("GGUF metadata `{key}`: {reason}")]
    BadMetadata {
        /// The key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A weight tensor the architecture needs is absent.
    #[error("the GGUF file lacks tensor `{name}`")]
    MissingTensor {
        /// Tensor name.
        name: String,
    },
    /// The tokenizer in the file cannot be built.
    #[error("tokenizer: {reason}")]
    Tokenizer {
        /// What went wrong.
        reason: String,
    },
    /// The chat template failed to compile or render.
    #[error("chat template: {reason}")]
    Template {
        /// minijinja's message.
        reason: String,
    },
    /// Prompt plus requested tokens do not fit the context window.
    #[error("{tokens} tokens do not fit the model's context of {context}")]
    ContextOverflow {
        /// Tokens needed.
        tokens: usize,
        /// The model's context length.
        context: usize,
    },
    /// There was nothing to run (an empty prompt or token list).
    #[error("the prompt is empty")]
    EmptyPrompt,
    /// The requested compute backend is not compiled in or not present.
    #[error("backend {backend} is not available: {reason}")]
    BackendUnavailable {
        /// The backend asked for.
        backend: String,
        /// Why not.
        reason: String,
    },
    /// The JSON Schema of a constrained request is not supported.
    #[error("response schema: {0}")]
    Schema(#[from] SchemaError),
    /// A tensor operation failed.
    #[error("inference failed in {stage}: {reason}")]
    Inference {
        /// Where.
        stage: String,
        /// candle's message.
        reason: String,
    },
    /// A model name is not in the catalog and is not a path to a file.
    #[error("unknown model `{name}` (see `conclave models list`)")]
    UnknownModel {
        /// The name asked for.
        name: String,
    },
    /// Fetching a model into the cache failed.
    #[error(transparent)]
    Pull(#[from] PullError),
}

impl ModelError {
    fn inference(stage: impl Into<String>, e: &candle_core::Error) -> Self {
        Self::Inference {
            stage: stage.into(),
            reason: e.to_string(),
        }
    }

    fn bad_metadata(key: &str, reason: &str) -> Self {
        Self::BadMetadata {
            key: key.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// How to load a model.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct LoadOptions {
    /// Where to run (CPU unless asked).
    pub backend: Backend,
    /// Whether to convert weights to a faster format at load.
    pub weight_format: WeightFormat,
    /// Which kernels run the forward pass on the CPU.
    pub kernels: Kernels,
    /// Threads for our kernels; `None` takes rayon's count (`RAYON_NUM_THREADS` or the CPUs).
    pub threads: Option<usize>,
}

impl LoadOptions {
    /// Sets the backend.
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// Sets the in-memory weight format.
    pub fn weight_format(mut self, format: WeightFormat) -> Self {
        self.weight_format = format;
        self
    }

    /// Sets the CPU kernels.
    pub fn kernels(mut self, kernels: Kernels) -> Self {
        self.kernels = kernels;
        self
    }

    /// Sets the number of threads our kernels use.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }
}

/// A loaded model: weights, tokenizer and chat template. Cheap to share (`Clone` shares the
/// weights); each [`Session`] holds its own KV cache.
#[derive(Debug, Clone)]
pub struct Model {
    inner: Arc<ModelInner>,
}

#[derive(Debug)]
struct ModelInner {
    path: PathBuf,
    weights: Weights,
    tokenizer: Tokenizer,
    template: ChatTemplate,
    /// Token ids that end a reply (EOS and the template's end-of-turn tokens).
    stop_tokens: Vec<u32>,
    backend: Backend,
    load_seconds: f64,
    trie: OnceLock<TokenTrie>,
}

impl Model {
    /// Loads a GGUF file.
    pub fn load(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Self, ModelError> {
        let path = path.as_ref();
        let started = Instant::now();
        let io = |source| ModelError::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut reader = std::io::BufReader::new(file);
        let content = gguf::read_content(&mut reader)?;
        let meta = gguf::Metadata(&content.metadata);
        let config = meta.config()?;
        let tok_data = meta.tokenizer()?;
        let tokenizer = Tokenizer::from_data(&tok_data)?;
        let spelling = |id: Option<u32>| {
            id.map(|id| String::from_utf8_lossy(&tokenizer.token_bytes(id, true)).into_owned())
                .unwrap_or_default()
        };
        let template = ChatTemplate::new(
            tok_data.chat_template.as_deref(),
            spelling(tokenizer.bos()),
            spelling(tokenizer.eos()),
        )?;
        let mut stop_tokens: Vec<u32> = tokenizer.eos().into_iter().collect();
        for end in [
            "<|im_end|>",
            "<|eot_id|>",
            "<|endoftext|>",
            "<｜end▁of▁sentence｜>",
        ] {
            if let Some(id) = tokenizer.token_id(end)
                && tokenizer.is_control(id)
                && !stop_tokens.contains(&id)
            {
                stop_tokens.push(id);
            }
        }
        let device = options.backend.device()?;
        let weights = Weights::load(
            &content,
            &mut reader,
            config,
            &device,
            options.weight_format,
            options.kernels,
            options.threads.unwrap_or_else(rayon::current_num_threads),
        )?;
        if tokenizer.vocab_size() < weights.vocab_rows() {
            return Err(ModelError::Tokenizer {
                reason: format!(
                    "the vocabulary has {} tokens but the embedding {} rows",
                    tokenizer.vocab_size(),
                    weights.vocab_rows()
                ),
            });
        }
        let load_seconds = started.elapsed().as_secs_f64();
        tracing::debug!(path = %path.display(), load_seconds, "model loaded");
        Ok(Self {
            inner: Arc::new(ModelInner {
                path: path.to_owned(),
                weights,
                tokenizer,
                template,
                stop_tokens,
                backend: options.backend,
                load_seconds,
                trie: OnceLock::new(),
            }),
        })
    }

    /// Shapes and constants from the file.
    pub fn config(&self) -> &ModelConfig {
        self.inner.weights.config()
    }

    /// The file's tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.inner.tokenizer
    }

    /// The file's chat template.
    pub fn chat_template(&self) -> &ChatTemplate {
        &self.inner.template
    }

    /// The file this model came from.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The backend it runs on.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// Seconds spent in [`Model::load`].
    pub fn load_seconds(&self) -> f64 {
        self.inner.load_seconds
    }

    /// A fresh conversation with its own KV cache.
    pub fn session(&self) -> Session {
        Session::new(self.clone())
    }

    /// One-shot generation in a fresh session.
    pub fn generate(&self, request: &GenerateRequest) -> Result<Generation, ModelError> {
        self.session().generate(request, |_| {})
    }

    fn trie(&self) -> &TokenTrie {
        self.inner
            .trie
            .get_or_init(|| TokenTrie::new(&self.inner.tokenizer))
    }
}
