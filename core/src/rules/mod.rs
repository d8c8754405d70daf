//! The rule engine: rules declared as YAML (a tree-sitter query per language plus conditions,
//! a message, an optional fix and docs), validated when loaded, compiled into one query per
//! language, and run over each parsed file.

pub mod code;
mod compile;
mod load;
pub mod pattern;
mod run;
pub mod schema;
mod testing;

use std::path::PathBuf;

pub use compile::RuleSet;
pub use load::{RuleSource, builtin_sources, directory_sources};
pub use schema::{RuleFile, rule_file_json_schema};
pub use testing::{FixtureFailure, FixtureReport, check_fixtures};

/// Errors loading or validating rules. Each names where the problem is.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// A rule file or directory could not be read.
    #[error("cannot read rules at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A rule file is malformed: bad YAML, a missing or unknown field, an invalid query.
    #[error("{origin}:{line}: {}{message}", if field.is_empty() { String::new() } else { format!("`{field}`: ") })]
    Invalid {
        origin: String,
        line: usize,
        /// Dotted path of the offending field, e.g. `languages.python.query`.
        field: String,
        message: String,
    },
    /// Two rule files declare the same id.
    #[error("rule id {id} is declared twice: in {first} and in {second}")]
    DuplicateId {
        id: String,
        first: String,
        second: String,
    },
}
