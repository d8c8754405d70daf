//! The pass over all analysed files together, after each file's own pass: duplicated code.

use std::collections::HashMap;

use super::clones::{self, Prints};
use super::{Engine, FileReport};
use crate::vocab::{Effort, Finding, Fingerprint, LineIndex, RuleId};

/// Minutes to remove one duplicated block.
const DUPLICATE_EFFORT_MINUTES: u32 = 20;

impl Engine {
    /// Adds an R020 finding to each copy of a duplicated block. `read(i)` gives the text of
    /// `files[i]` again (only files that hold a clone are read); a file that cannot be read
    /// any more loses its duplicate findings, nothing else.
    pub(super) fn add_duplicates(
        &self,
        files: &mut [FileReport],
        prints: &[Prints],
        read: impl Fn(usize) -> Option<String>,
    ) {
        // Files in path order, so "the original" is the same whatever order threads finished.
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by(|&a, &b| files[a].path.cmp(&files[b].path));
        let ordered: Vec<&Prints> = order.iter().map(|&i| &prints[i]).collect();
        let duplicates = clones::detect(&ordered);
        if duplicates.is_empty() {
            return;
        }
        let mut texts: Vec<Option<(String, LineIndex)>> = vec![None; files.len()];
        for dup in &duplicates {
            for i in [order[dup.copy], order[dup.original]] {
                if texts[i].is_none() {
                    texts[i] = read(i).map(|t| {
                        let index = LineIndex::new(&t);
                        (t, index)
                    });
                }
            }
        }
        let rule = clones::rule();
        let mut per_file: Vec<Vec<Finding>> = vec![Vec::new(); files.len()];
        for dup in duplicates {
            let (copy, original) = (order[dup.copy], order[dup.original]);
            let (Some((copy_text, copy_index)), Some((orig_text, orig_index))) =
                (&texts[copy], &texts[original])
            else {
                continue;
            };
            let (cs, ce) = (dup.copy_bytes.0 as usize, dup.copy_bytes.1 as usize);
            let (os, oe) = (dup.original_bytes.0 as usize, dup.original_bytes.1 as usize);
            if ce > copy_text.len() || oe > orig_text.len() {
                continue; // the file changed since it was analysed
            }
            let span = copy_index.span(copy_text, cs, ce);
            let from = orig_index.span(orig_text, os, oe);
            let lines = span.end.line - span.start.line + 1;
            let place = if copy == original {
                "lines ".to_owned()
            } else {
                format!("{}:", files[original].path)
            };
            per_file[copy].push(Finding {
                rule_id: RuleId::new_static(clones::RULE_ID),
                category: rule.category,
                severity: rule.severity,
                confidence: rule.confidence,
                path: files[copy].path.clone(),
                span,
                message: format!(
                    "{lines} lines duplicate {place}{}-{} (same code once identifiers and literals are renamed)",
                    from.start.line, from.end.line
                ),
                cwe: Vec::new(),
                symbol: None,
                fix: None,
                effort: Effort(DUPLICATE_EFFORT_MINUTES),
                fingerprint: Fingerprint(String::new()),
                flow: Vec::new(),
            suppressed: None,
            provenance: None,
            explanation: None,
            });
        }
        for (i, mut found) in per_file.into_iter().enumerate() {
            if found.is_empty() {
                continue;
            }
            let Some((text, index)) = &texts[i] else {
                continue;
            };
            // By line: function byte ranges are not kept in the cache.
            for finding in &mut found {
                let line = finding.span.start.line;
                finding.symbol = files[i]
                    .metrics
                    .functions
                    .iter()
                    .filter(|f| f.start_line <= line && line <= f.end_line)
                    .min_by_key(|f| f.end_line - f.start_line)
                    .map(|f| f.qualified_name.clone());
            }
            let path = files[i].path.clone();
            self.finish_findings(&mut found, &path, text, index, false);
            // Where a clone starts depends on which windows winnowing kept in both files, so
            // an edit in the original can move it by a line or two: a copy's fingerprint names
            // its function rather than its first line.
            let mut occurrences: HashMap<Option<String>, u32> = HashMap::new();
            for finding in found.iter_mut().filter(|f| f.symbol.is_some()) {
                let n = occurrences.entry(finding.symbol.clone()).or_insert(0);
                finding.fingerprint = Fingerprint::compute(
                    &finding.rule_id,
                    &finding.path,
                    finding.symbol.as_deref(),
                    "",
                    *n,
                );
                *n += 1;
            }
            let file = &mut files[i];
            file.debt_minutes += super::report::debt_of(&found);
            file.debt_ratio = self
                .config
                .rating
                .ratio(file.debt_minutes, u64::from(file.metrics.sloc));
            file.rating = self.config.rating.rate(file.debt_ratio);
            file.findings.extend(found);
            super::report::sort_findings(&mut file.findings);
        }
    }
}
