//! Metrics per function, class and file: cyclomatic complexity (as lizard counts it), cognitive
//! complexity (SonarSource), size, parameters and nesting; the findings they raise; and the
//! A–E rating from a technical-debt model.

mod lines;
mod measure;
mod rating;
mod rules;

pub use measure::{SyntaxIssue, measure};
pub use rating::{DebtModel, Rating, RatingGrid};
pub use rules::{Thresholds, metric_findings, metric_rules};

use serde::{Deserialize, Serialize};

/// Metrics of one function or method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionMetrics {
    /// The function's own name (or the name it is bound to, or `(anonymous)`).
    pub name: String,
    /// The name with its enclosing classes: `Outer.Inner.method`.
    pub qualified_name: String,
    pub start_line: u32,
    pub end_line: u32,
    /// Cyclomatic complexity, counted as lizard counts it (CCN).
    pub cyclomatic: u32,
    /// Cognitive complexity, per SonarSource's definition.
    pub cognitive: u32,
    pub params: u32,
    /// Deepest nesting of control structures (if, loops, switch, try) in the body.
    pub max_nesting: u32,
    /// Physical lines from the first to the last line of the function.
    pub loc: u32,
    /// Lines holding code (not blank, not only comments), lizard's NLOC.
    pub sloc: u32,
    /// Byte range of the function's name (or of its start when it has none).
    #[serde(skip)]
    pub name_bytes: (usize, usize),
    /// Byte range of the whole function.
    #[serde(skip)]
    pub bytes: (usize, usize),
}

/// Metrics of one class-like container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassMetrics {
    pub name: String,
    pub qualified_name: String,
    pub start_line: u32,
    pub end_line: u32,
    pub loc: u32,
    /// Functions declared directly in the class.
    pub methods: u32,
    /// Sum of the cyclomatic complexity of its methods (WMC).
    pub cyclomatic: u32,
}

/// Metrics of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMetrics {
    /// Physical lines.
    pub loc: u32,
    /// Lines holding code.
    pub sloc: u32,
    /// Lines holding a comment (possibly beside code).
    pub comment_lines: u32,
    pub blank_lines: u32,
    /// Deepest nesting of syntax nodes (how deep the tree is).
    pub max_depth: u32,
    /// Sum over functions.
    pub cyclomatic: u32,
    /// Sum over functions.
    pub cognitive: u32,
    pub functions: Vec<FunctionMetrics>,
    pub classes: Vec<ClassMetrics>,
}
