//! R018: classes that have grown into "god classes": many methods and much logic in one place.

use super::{CodeContext, CodeRule, meta};
use crate::vocab::{Category, Finding, Language, RuleMeta, Severity};

/// Reported when the methods' summed cyclomatic complexity (WMC) reaches this and the class has
/// at least [`MIN_METHODS`] methods (Lanza and Marinescu's "very high" WMC is 47)...
const MAX_WMC: u32 = 50;
const MIN_METHODS: u32 = 20;
/// ...or whatever its methods, when it spans this many lines.
const MAX_LINES: u32 = 1000;

#[derive(Debug)]
pub(super) struct LargeClass {
    meta: RuleMeta,
}

impl LargeClass {
    pub(super) fn new() -> Self {
        Self {
            meta: meta(
                "R018",
                "large-class",
                Category::Refactoring,
                Severity::Medium,
                "A class concentrates too much logic: a likely god class.",
                "Reports classes whose methods add up to a cyclomatic complexity (WMC) of 50 or more over at least 20 methods, or that span 1,000 lines or more. It is a size-and-complexity proxy for the god-class smell; it does not measure cohesion or foreign data access.",
                "A class that knows and does too much is hard to understand, test and change, and most changes to the system touch it; it attracts merge conflicts and regressions.",
                "class OrderManager:\n    # 40 methods: pricing, persistence, e-mail, PDF export, ...",
                "No automatic fix: split responsibilities into cohesive classes.",
                &[
                    "https://rules.sonarsource.com/java/RSPEC-6539/",
                    "https://www.springer.com/gp/book/9783540244295",
                ],
            ),
        }
    }
}

impl CodeRule for LargeClass {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn languages(&self) -> &'static [Language] {
        // Go has no classes: its methods hang off types anywhere in a package.
        &[
            Language::Python,
            Language::JavaScript,
            Language::Java,
            Language::CSharp,
        ]
    }

    fn check(&self, cx: &CodeContext<'_>, out: &mut Vec<Finding>) {
        for class in cx.classes {
            let complex = class.cyclomatic >= MAX_WMC && class.methods >= MIN_METHODS;
            if !complex && class.loc < MAX_LINES {
                continue;
            }
            let Some(start) = cx.index.line_start(class.start_line) else {
                continue;
            };
            let line = cx
                .index
                .line_text(cx.text, class.start_line)
                .unwrap_or_default();
            let name_at = line.find(class.name.as_str()).map_or(start, |i| start + i);
            let end = if name_at == start {
                start + line.trim_end().len()
            } else {
                name_at + class.name.len()
            };
            let message = format!(
                "`{}` has {} methods with a summed complexity of {} over {} lines: split its responsibilities",
                class.qualified_name, class.methods, class.cyclomatic, class.loc
            );
            let node = cx.tree.root_node();
            let mut finding = cx.finding(&self.meta, node, message, None, 60 + class.loc / 20);
            finding.span = cx.index.span(cx.text, name_at, end);
            out.push(finding);
        }
    }
}
