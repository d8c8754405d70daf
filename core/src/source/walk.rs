use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::{SkipReason, Skipped, display_path};
use crate::config::{Config, ConfigError};
use crate::vocab::Language;

/// A file to analyse.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// How the file is shown in reports (the walked path, `/` separators).
    pub display: String,
    pub path: PathBuf,
    pub language: Language,
}

/// The include/exclude globs of a config, compiled once.
#[derive(Debug, Clone)]
pub struct Filters {
    include: Option<GlobSet>,
    exclude: GlobSet,
    follow_symlinks: bool,
}

impl Filters {
    pub fn new(config: &Config) -> Result<Filters, ConfigError> {
        let include = if config.include.is_empty() {
            None
        } else {
            Some(glob_set(&config.include)?)
        };
        Ok(Filters {
            include,
            exclude: glob_set(&config.exclude)?,
            follow_symlinks: config.follow_symlinks,
        })
    }

    fn excluded(&self, relative: &Path) -> bool {
        self.exclude.is_match(relative)
    }

    fn included(&self, relative: &Path) -> bool {
        self.include
            .as_ref()
            .is_none_or(|set| set.is_match(relative))
    }
}

/// Globs match paths relative to the walked root; `*` stays within one path component and a
/// pattern without `/` also matches in any directory, as in `.gitignore`.
pub(crate) fn glob_set(patterns: &[String]) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim_start_matches("./");
        let variants = if trimmed.contains('/') {
            vec![trimmed.to_owned()]
        } else {
            vec![trimmed.to_owned(), format!("**/{trimmed}")]
        };
        for variant in variants {
            let glob = GlobBuilder::new(&variant)
                .literal_separator(true)
                .build()
                .map_err(|e| ConfigError::InvalidGlob {
                    glob: pattern.clone(),
                    message: e.kind().to_string(),
                })?;
            builder.add(glob);
        }
    }
    builder.build().map_err(|e| ConfigError::InvalidGlob {
        glob: patterns.join(", "),
        message: e.to_string(),
    })
}

/// Lists the analysable files under `roots`, sorted by path, plus what was skipped and why.
///
/// Directories honour `.gitignore` (also outside a git repository), `.ignore` and hidden-file
/// rules; explicitly named files are always taken.
pub fn walk(roots: &[PathBuf], filters: &Filters) -> (Vec<Candidate>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        walk_root(root, filters, &mut files, &mut skipped);
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    (files, skipped)
}

fn walk_root(
    root: &Path,
    filters: &Filters,
    files: &mut Vec<Candidate>,
    skipped: &mut Vec<Skipped>,
) {
    let skip = |path: &Path, reason| Skipped {
        path: display_path(path),
        reason,
    };
    match std::fs::metadata(root) {
        Err(_) if std::fs::symlink_metadata(root).is_ok() => {
            skipped.push(skip(root, SkipReason::BrokenSymlink));
            return;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            skipped.push(skip(root, SkipReason::NotFound));
            return;
        }
        Err(e) => {
            skipped.push(skip(
                root,
                SkipReason::Unreadable {
                    error: e.to_string(),
                },
            ));
            return;
        }
        Ok(meta) if !meta.is_dir() => {
            match detect_language(root) {
                Some(language) => files.push(Candidate {
                    display: display_path(root),
                    path: root.to_owned(),
                    language,
                }),
                None => skipped.push(skip(root, SkipReason::UnknownLanguage)),
            }
            return;
        }
        Ok(_) => {}
    }

    let filter_root = root.to_owned();
    let exclude = filters.clone();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(filters.follow_symlinks)
        .require_git(false)
        .filter_entry(move |entry| {
            let relative = entry
                .path()
                .strip_prefix(&filter_root)
                .unwrap_or(entry.path());
            relative.as_os_str().is_empty() || !exclude.excluded(relative)
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                if !is_file || !filters.included(relative) {
                    if entry.path_is_symlink() && !entry.path().exists() {
                        skipped.push(skip(entry.path(), SkipReason::BrokenSymlink));
                    }
                    continue;
                }
                if let Some(language) = detect_language(entry.path()) {
                    files.push(Candidate {
                        display: display_path(entry.path()),
                        path: entry.path().to_owned(),
                        language,
                    });
                }
            }
            Err(err) => {
                if let Some(s) = classify_walk_error(&err) {
                    tracing::warn!(path = %s.path, reason = %s.reason, "skipping");
                    skipped.push(s);
                }
            }
        }
    }
}

/// Turns a walker error into a skipped entry; errors in ignore files themselves are only logged.
fn classify_walk_error(err: &ignore::Error) -> Option<Skipped> {
    let mut path: Option<&Path> = None;
    let mut current = err;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p);
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Loop { child, .. } => {
                return Some(Skipped {
                    path: display_path(child),
                    reason: SkipReason::SymlinkLoop,
                });
            }
            ignore::Error::Io(io) => {
                let path = path?;
                let broken = io.kind() == std::io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
                let reason = if broken {
                    SkipReason::BrokenSymlink
                } else {
                    SkipReason::Unreadable {
                        error: io.to_string(),
                    }
                };
                return Some(Skipped {
                    path: display_path(path),
                    reason,
                });
            }
            other => {
                tracing::warn!(error = %other, "ignoring a problem with an ignore file");
                return None;
            }
        }
    }
}

/// Language by extension, or by `#!` line for files without an extension.
fn detect_language(path: &Path) -> Option<Language> {
    if path.extension().is_some() {
        return Language::from_path(path);
    }
    let mut head = [0u8; 128];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .ok()?;
    let first_line = head[..n].split(|&b| b == b'\n').next()?;
    Language::from_shebang(std::str::from_utf8(first_line).ok()?)
}
