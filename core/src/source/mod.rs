//! Finding and reading source files: walking trees (honouring `.gitignore`, `.ignore` and the
//! config's globs), detecting languages, and refusing what cannot be analysed, with a reason.

mod read;
mod walk;

pub use read::{Loaded, load};
pub(crate) use walk::glob_set;
pub use walk::{Candidate, Filters, walk};

use serde::{Deserialize, Serialize};

/// Why a file was not analysed. Every skipped file is listed in the report with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// A NUL byte in the first 8 KiB: not a text file.
    Binary,
    /// Larger than `max_file_size`.
    TooLarge { size: u64, limit: u64 },
    /// Reading failed (permissions, I/O error, a directory where a file was expected).
    Unreadable { error: String },
    /// A symbolic link whose target does not exist.
    BrokenSymlink,
    /// A symbolic link that leads back to one of its own ancestors.
    SymlinkLoop,
    /// A path given explicitly that does not exist.
    NotFound,
    /// A path given explicitly whose language cannot be detected.
    UnknownLanguage,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Binary => write!(f, "binary file"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "file too large ({size} bytes, limit {limit})")
            }
            SkipReason::Unreadable { error } => write!(f, "unreadable: {error}"),
            SkipReason::BrokenSymlink => write!(f, "broken symbolic link"),
            SkipReason::SymlinkLoop => write!(f, "symbolic link loop"),
            SkipReason::NotFound => write!(f, "no such file or directory"),
            SkipReason::UnknownLanguage => write!(f, "language not recognised"),
        }
    }
}

/// A path that was not analysed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// A path as shown to people: `/` separators, no leading `./`.
pub(crate) fn display_path(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => s,
    }
}
