//! Configuration, read from one `conclave.toml`.
//!
//! ```toml
//! include = ["src/**"]          # globs relative to each walked root; empty = everything
//! exclude = ["**/vendor/**"]
//! max_file_size = 2097152       # bytes; larger files are skipped with a reason
//!
//! [thresholds]
//! cyclomatic = 15
//! cognitive = 15
//! function_length = 100
//! parameters = 7
//! nesting = 4
//!
//! [rating]
//! minutes_per_line = 30.0
//! grid = [0.05, 0.1, 0.2, 0.5]
//!
//! [effort]                      # minutes to remediate one finding, per rule id
//! CX003 = 30
//!
//! [rules]
//! disable = ["B004"]
//! directories = ["ci/rules"]    # more YAML rule files
//! [rules.severity]
//! B001 = "high"
//!
//! [[rules.overrides]]           # per-path changes
//! paths = ["tests/**", "*_test.go"]
//! disable = ["CX004"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::metrics::{DebtModel, Thresholds};
use crate::vocab::Severity;

/// The file name looked for by [`Config::discover`].
pub const CONFIG_FILE_NAME: &str = "conclave.toml";

/// Everything that changes what an analysis reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    /// Follow symbolic links while walking (loops and broken links are reported, not fatal).
    pub follow_symlinks: bool,
    pub thresholds: Thresholds,
    pub rating: DebtModel,
    /// Remediation minutes per finding, by rule id, replacing the rule's own estimate.
    pub effort: BTreeMap<String, u32>,
    pub rules: RulesConfig,
}

/// Which rules run, and at what severity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Rule ids that never report.
    pub disable: Vec<String>,
    /// Severity per rule id, replacing the rule's default.
    pub severity: BTreeMap<String, Severity>,
    /// Extra directories of YAML rule files, loaded beside the built-in ones.
    pub directories: Vec<PathBuf>,
    /// Per-path changes, applied in order to files whose path matches one of `paths`.
    pub overrides: Vec<PathOverride>,
    /// Findings less certain than this are dropped: `"medium"` hides the audit-level reports
    /// (a non-constant value of unknown origin reaching a sink) and keeps proven flows.
    pub min_confidence: Option<crate::vocab::Confidence>,
}

/// Rule settings for some paths only, e.g. fewer rules in tests:
/// `[[rules.overrides]] paths = ["tests/**"] disable = ["CX004"]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PathOverride {
    /// Globs matched against the reported path (`tests/**`, `*_test.go`).
    pub paths: Vec<String>,
    pub disable: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
}
impl Default for Config {
    fn default() -> Self {
        Config {
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_size: 2 * 1024 * 1024,
            follow_symlinks: true,
            thresholds: Thresholds::default(),
            rating: DebtModel::default(),
            effort: BTreeMap::new(),
            rules: RulesConfig::default(),
        }
    }
}

/// Errors reading or validating a configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown or mistyped field.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// An include or exclude pattern is not a valid glob.
    #[error("invalid glob `{glob}`: {message}")]
    InvalidGlob { glob: String, message: String },
    /// A value is out of its range.
    #[error("invalid value for `{field}`: {message}")]
    InvalidValue {
        field: &'static str,
        message: String,
    },
}

impl Config {
    /// Parses TOML text; `path` is only used in error messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            ConfigError::Parse {
                path: path.to_owned(),
                line,
                column,
                message: e.message().trim_end_matches('\n').to_owned(),
            }
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_owned(),
            source,
        })?;
        Config::from_toml(&text, path)
    }

    /// Finds `conclave.toml` in `start` or the nearest ancestor that has one.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = std::fs::canonicalize(start).ok()?;
        let dir = if start.is_dir() {
            start.as_path()
        } else {
            start.parent()?
        };
        dir.ancestors()
            .map(|d| d.join(CONFIG_FILE_NAME))
            .find(|p| p.is_file())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let grid = self.rating.grid.0;
        if grid.windows(2).any(|w| w[0] > w[1]) || grid[0] < 0.0 {
            return Err(ConfigError::InvalidValue {
                field: "rating.grid",
                message: "the four bounds must be non-negative and ascending".into(),
            });
        }
        if self.rating.minutes_per_line <= 0.0 {
            return Err(ConfigError::InvalidValue {
                field: "rating.minutes_per_line",
                message: "must be positive".into(),
            });
        }
        Ok(())
    }
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_sections() {
        let cfg = Config::from_toml(
            "exclude = [\"**/gen/**\"]\nmax_file_size = 10\n[thresholds]\ncyclomatic = 3\n[rating]\ngrid = [0.1, 0.2, 0.3, 0.4]\n[effort]\nCX001 = 7\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(cfg.exclude, ["**/gen/**"]);
        assert_eq!(cfg.max_file_size, 10);
        assert_eq!(cfg.thresholds.cyclomatic, 3);
        assert_eq!(cfg.thresholds.cognitive, 15, "unset fields keep defaults");
        assert_eq!(cfg.rating.grid.0, [0.1, 0.2, 0.3, 0.4]);
        assert_eq!(cfg.effort["CX001"], 7);
    }

    #[test]
    fn unknown_field_names_file_line_and_field() {
        let err = Config::from_toml(
            "\n[thresholds]\ncyclomatc = 3\n",
            Path::new("conclave.toml"),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("conclave.toml:3:"), "{msg}");
        assert!(msg.contains("cyclomatc"), "{msg}");
    }

    #[test]
    fn rejects_descending_grid() {
        let err = Config::from_toml("[rating]\ngrid = [0.5, 0.2, 0.1, 0.05]\n", Path::new("c"))
            .unwrap_err();
        assert!(matches!(
            err,
            ConfigError::InvalidValue {
                field: "rating.grid",
                ..
            }
        ));
    }
}
