//! Where tensors live. The enum is the same whatever is compiled; asking for a backend that is
//! not built in gives [`ModelError::BackendUnavailable`].

use std::fmt;

use candle_core::Device;
use serde::Serialize;

use super::ModelError;

/// A compute backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Backend {
    /// The CPU (always available).
    #[default]
    Cpu,
    /// An NVIDIA GPU by ordinal (needs the `cuda` feature).
    Cuda(usize),
    /// An Apple GPU by ordinal (needs the `metal` feature).
    Metal(usize),
}

impl Backend {
    /// The best backend compiled in and present: CUDA, then Metal, then the CPU.
    pub fn best_available() -> Self {
        if cfg!(feature = "cuda") && Device::new_cuda(0).is_ok() {
            Self::Cuda(0)
        } else if cfg!(feature = "metal") && Device::new_metal(0).is_ok() {
            Self::Metal(0)
        } else {
            Self::Cpu
        }
    }

    /// Parses `cpu`, `cuda`, `cuda:1`, `metal`, `auto`.
    pub fn parse(text: &str) -> Option<Self> {
        let (name, ordinal) = match text.split_once(':') {
            Some((n, o)) => (n, o.parse().ok()?),
            None => (text, 0),
        };
        match name {
            "cpu" => Some(Self::Cpu),
            "cuda" | "gpu" => Some(Self::Cuda(ordinal)),
            "metal" => Some(Self::Metal(ordinal)),
            "auto" => Some(Self::best_available()),
            _ => None,
        }
    }

    pub(crate) fn device(self) -> Result<Device, ModelError> {
        let unavailable =
            |feature: &str, e: Option<candle_core::Error>| ModelError::BackendUnavailable {
                backend: self.to_string(),
                reason: match e {
                    Some(e) => e.to_string(),
                    None => format!("this build has no `{feature}` feature"),
                },
            };
        match self {
            Self::Cpu => Ok(Device::Cpu),
            Self::Cuda(_) if !cfg!(feature = "cuda") => Err(unavailable("cuda", None)),
            Self::Metal(_) if !cfg!(feature = "metal") => Err(unavailable("metal", None)),
            Self::Cuda(i) => Device::new_cuda(i).map_err(|e| unavailable("cuda", Some(e))),
            Self::Metal(i) => Device::new_metal(i).map_err(|e| unavailable("metal", Some(e))),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cpu => f.write_str("cpu"),
            Self::Cuda(i) => write!(f, "cuda:{i}"),
            Self::Metal(i) => write!(f, "metal:{i}"),
        }
    }
}
