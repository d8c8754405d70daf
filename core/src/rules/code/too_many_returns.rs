//! R016: functions with more return statements than a reader can follow.

use super::{CodeContext, CodeRule, meta, walk};
use crate::metrics::FunctionMetrics;
use crate::vocab::{Category, Finding, Language, RuleMeta, Severity};

/// More than this many `return`s in one function is reported (pylint's and ruff's default).
const MAX_RETURNS: usize = 6;

#[derive(Debug)]
pub(super) struct TooManyReturns {
    meta: RuleMeta,
}

impl TooManyReturns {
    pub(super) fn new() -> Self {
        Self {
            meta: meta(
                "R016",
                "too-many-returns",
                Category::Refactoring,
                Severity::Low,
                "A function has more than six return statements.",
                "Counts the `return` statements of each function (those of nested functions and lambdas count for them, not for the enclosing one) and reports functions with more than six.",
                "Many exits make a function's outcome hard to follow and each one is a place where clean-up or logging can be forgotten; it is usually a dispatch that a table, polymorphism or early validation would express better.",
                "def kind(x):\n    if x < 0: return 'neg'\n    if x == 0: return 'zero'\n    ...  # five more returns",
                "No automatic fix.",
                &["https://docs.astral.sh/ruff/rules/too-many-return-statements/"],
            ),
        }
    }
}

impl CodeRule for TooManyReturns {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn languages(&self) -> &'static [Language] {
        &Language::ALL
    }

    fn check(&self, cx: &CodeContext<'_>, out: &mut Vec<Finding>) {
        if cx.functions.is_empty() {
            return;
        }
        // Each return but the last needs a branch before it, so a function with more than
        // MAX_RETURNS returns has a cyclomatic complexity near that: only such functions (the
        // outermost of them) are walked.
        let candidate = |f: &FunctionMetrics| f.cyclomatic as usize >= MAX_RETURNS / 2;
        let outermost: Vec<&FunctionMetrics> = cx
            .functions
            .iter()
            .filter(|f| candidate(f))
            .filter(|f| {
                !cx.functions.iter().any(|g| {
                    candidate(g)
                        && g.bytes != f.bytes
                        && g.bytes.0 <= f.bytes.0
                        && f.bytes.1 <= g.bytes.1
                })
            })
            .collect();
        if outermost.is_empty() {
            return;
        }
        let mut counts = vec![0usize; cx.functions.len()];
        for f in outermost {
            let Some(subtree) = cx
                .tree
                .root_node()
                .descendant_for_byte_range(f.bytes.0, f.bytes.1)
            else {
                continue;
            };
            walk(subtree, |node| {
                if node.kind() != "return_statement" {
                    return;
                }
                let at = node.start_byte();
                // The innermost function holding the return owns it.
                let owner = cx
                    .functions
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.bytes.0 <= at && at < f.bytes.1)
                    .min_by_key(|(_, f)| f.bytes.1 - f.bytes.0)
                    .map(|(i, _)| i);
                if let Some(i) = owner {
                    counts[i] += 1;
                }
            });
        }
        let root = cx.tree.root_node();
        for (f, &n) in cx.functions.iter().zip(&counts) {
            if n <= MAX_RETURNS {
                continue;
            }
            let Some(name) = root.descendant_for_byte_range(f.name_bytes.0, f.name_bytes.1) else {
                continue;
            };
            let message = format!(
                "`{}` has {n} return statements (more than {MAX_RETURNS})",
                f.qualified_name
            );
            let mut finding = cx.finding(
                &self.meta,
                name,
                message,
                None,
                5 + 2 * (n - MAX_RETURNS) as u32,
            );
            finding.span =
                cx.index
                    .span(cx.text, f.name_bytes.0, f.name_bytes.1.max(f.name_bytes.0));
            out.push(finding);
        }
    }
}
