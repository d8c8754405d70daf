//! Reading rule files: embedded packs, user directories, and errors that name file, line and field.

use std::path::{Path, PathBuf};

use super::RuleError;
use super::schema::RuleFile;

/// A rule file's text and where it came from (`builtin:bugs/x.yml` or a path).
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub origin: String,
    pub text: String,
}

impl RuleSource {
    /// Whether this file ships with Conclave (rather than coming from a user directory).
    pub fn is_builtin(&self) -> bool {
        self.origin.starts_with("builtin:")
    }
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// The rule files shipped in `agents/rules/`, embedded at build time.
pub fn builtin_sources() -> Vec<RuleSource> {
    embedded::RULE_FILES
        .iter()
        .map(|(name, text)| RuleSource {
            origin: format!("builtin:{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Every `*.yml`/`*.yaml` file under `dir`, sorted by path.
pub fn directory_sources(dir: &Path) -> Result<Vec<RuleSource>, RuleError> {
    let mut paths = Vec::new();
    collect_yaml(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|source| RuleError::Io {
                path: path.clone(),
                source,
            })?;
            Ok(RuleSource {
                origin: path.display().to_string(),
                text,
            })
        })
        .collect()
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), RuleError> {
    let entries = std::fs::read_dir(dir).map_err(|source| RuleError::Io {
        path: dir.to_owned(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses one rule file; structural errors carry the line and the field's path.
pub fn parse(source: &RuleSource) -> Result<RuleFile, RuleError> {
    serde_yaml::from_str::<RuleFile>(&source.text).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        let message = e.to_string();
        // serde_yaml prefixes the path of the offending value: `languages.python: unknown field …`.
        let (field, message) = match message.split_once(": ") {
            Some((path, rest)) if !path.contains(' ') => (path.to_owned(), rest.to_owned()),
            _ => (String::new(), message),
        };
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.clone(), |(m, _)| m.to_owned());
        RuleError::Invalid {
            origin: source.origin.clone(),
            line,
            field,
            message,
        }
    })
}

/// The 1-based line of the `key:` that introduces `field_path` (`languages.python.query`),
/// found by following the keys in order; 1 when it cannot be found.
pub fn line_of_field(text: &str, field_path: &str) -> usize {
    let mut from = 0;
    let mut line = 1;
    for key in field_path.split('.') {
        let needle = format!("{key}:");
        let Some(found) = text[from..]
            .match_indices(&needle)
            .map(|(i, _)| from + i)
            .find(|&i| {
                i == 0
                    || text.as_bytes()[i - 1].is_ascii_whitespace()
                    || text.as_bytes()[i - 1] == b'-'
            })
        else {
            return line;
        };
        line = text[..found].matches('\n').count() + 1;
        from = found + needle.len();
    }
    line
}
