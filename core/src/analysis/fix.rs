//! Applying fixes: only the applicability asked for, never two overlapping fixes, and never a
//! fix that makes the file stop parsing.

use super::Engine;
use crate::vocab::{Applicability, Finding, Language, RuleId};

/// What fixing one file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The text after the fixes (equal to the input when nothing applied).
    pub text: String,
    /// Rule and 1-based line of each applied fix.
    pub applied: Vec<(RuleId, u32)>,
    /// Fixes not applied, with the reason.
    pub skipped: Vec<(RuleId, u32, &'static str)>,
}

impl Engine {
    /// Applies the fixes of this source's own findings. `unsafe_fixes` admits `unsafe` ones too;
    /// `display-only` fixes are never applied. A fix that would add a syntax error is skipped.
    pub fn fix_source(
        &self,
        path: &str,
        language: Language,
        text: &str,
        unsafe_fixes: bool,
    ) -> FixOutcome {
        let report = self.analyze_named_source(path, language, text);
        let allowed = |a: Applicability| {
            a == Applicability::Safe || (unsafe_fixes && a == Applicability::Unsafe)
        };
        let mut candidates: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| {
                f.suppressed.is_none()
                    && f.fix.as_ref().is_some_and(|fix| allowed(fix.applicability))
            })
            .collect();
        candidates.sort_by_key(|f| {
            f.fix
                .as_ref()
                .and_then(|fix| fix.edits.first())
                .map(|e| e.span.start_byte)
        });

        let mut outcome = FixOutcome {
            text: text.to_owned(),
            applied: Vec::new(),
            skipped: Vec::new(),
        };
        let mut chosen = Vec::new();
        let mut taken_until = 0;
        for finding in candidates {
            let Some(fix) = &finding.fix else { continue };
            let (Some(first), Some(last)) = (fix.edits.first(), fix.edits.last()) else {
                continue;
            };
            if first.span.start_byte < taken_until {
                outcome.skipped.push((
                    finding.rule_id.clone(),
                    finding.span.start.line,
                    "overlaps another fix",
                ));
                continue;
            }
            taken_until = last.span.end_byte.max(first.span.start_byte + 1);
            chosen.push(finding);
        }
        // Re-checking a candidate only needs a parse, not a full analysis with every rule.
        let syntax_errors = |text: &str| {
            super::with_parsers(|parsers| parsers.parse(language, text))
                .map(|tree| {
                    crate::metrics::measure(crate::lang::Grammar::get(language), &tree, text)
                        .1
                        .len()
                })
                .unwrap_or(usize::MAX)
        };
        let baseline_errors = syntax_errors(text);
        // Apply one at a time against the evolving text, from the end of the file backwards so
        // earlier offsets stay valid; each step must keep the file parsing as well as before.
        for finding in chosen.into_iter().rev() {
            let Some(fix) = &finding.fix else { continue };
            let Some(candidate) = fix.apply(&outcome.text) else {
                outcome.skipped.push((
                    finding.rule_id.clone(),
                    finding.span.start.line,
                    "edit outside the text",
                ));
                continue;
            };
            if syntax_errors(&candidate) > baseline_errors {
                outcome.skipped.push((
                    finding.rule_id.clone(),
                    finding.span.start.line,
                    "would introduce a syntax error",
                ));
                continue;
            }
            outcome.text = candidate;
            outcome
                .applied
                .push((finding.rule_id.clone(), finding.span.start.line));
        }
        outcome.applied.reverse();
        outcome
    }
}
