//! `conclave rules test`: checks rules against annotated example files, as semgrep does.
//!
//! In a fixture, a comment holding `ruleid: B001` says the next code line must be reported by
//! B001; `ok: B001` says it must not (a near miss). Any other B001 finding in the file is an
//! error too, so fixtures also pin what a rule must not report.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::analysis::Engine;
use crate::vocab::Language;

/// One disagreement between a fixture's annotations and the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureFailure {
    pub path: PathBuf,
    pub line: u32,
    pub rule: String,
    /// `missed` (annotated `ruleid:` but not reported) or `unexpected`.
    pub kind: &'static str,
}

impl std::fmt::Display for FixtureFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} {}",
            self.path.display(),
            self.line,
            self.kind,
            self.rule
        )
    }
}

/// Summary of a fixture run.
#[derive(Debug, Clone, Default)]
pub struct FixtureReport {
    pub files: usize,
    /// `(rule, line)` expectations checked (`ruleid` and `ok`).
    pub expectations: usize,
    pub failures: Vec<FixtureFailure>,
}

/// Checks every source file under `dir` that carries annotations.
pub fn check_fixtures(engine: &Engine, dir: &Path) -> std::io::Result<FixtureReport> {
    let mut report = FixtureReport::default();
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    paths.sort();
    for path in paths {
        let Some(language) = Language::from_path(&path) else {
            continue;
        };
        let text = std::fs::read_to_string(&path)?;
        let (expected, ok) = annotations(&text);
        if expected.is_empty() && ok.is_empty() {
            continue;
        }
        report.files += 1;
        report.expectations += expected.len() + ok.len();
        let rules: BTreeSet<&str> = expected
            .iter()
            .chain(&ok)
            .map(|(r, _)| r.as_str())
            .collect();
        let file = engine.analyze_named_source(&path.display().to_string(), language, &text);
        let actual: BTreeSet<(String, u32)> = file
            .findings
            .iter()
            .filter(|f| rules.contains(f.rule_id.as_str()))
            .map(|f| (f.rule_id.to_string(), f.span.start.line))
            .collect();
        let fail = |(rule, line): &(String, u32), kind| FixtureFailure {
            path: path.clone(),
            line: *line,
            rule: rule.clone(),
            kind,
        };
        report
            .failures
            .extend(expected.difference(&actual).map(|e| fail(e, "missed")));
        report
            .failures
            .extend(actual.difference(&expected).map(|e| fail(e, "unexpected")));
    }
    Ok(report)
}

/// `(rule id, line)` pairs.
type Expectations = BTreeSet<(String, u32)>;

/// `(rule, line)` pairs annotated `ruleid:` and `ok:`; a line is the next one without an
/// annotation.
fn annotations(text: &str) -> (Expectations, Expectations) {
    let mut expected = BTreeSet::new();
    let mut ok = BTreeSet::new();
    let mut pending: Vec<(bool, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i as u32 + 1;
        let mut annotated = false;
        for (marker, positive) in [("ruleid:", true), ("ok:", false)] {
            if let Some(at) = line.find(marker) {
                let ids = line[at + marker.len()..].split(|c: char| c == ',' || c.is_whitespace());
                for id in ids.filter(|s| looks_like_rule_id(s)) {
                    pending.push((positive, id.to_owned()));
                    annotated = true;
                }
            }
        }
        if annotated || line.trim().is_empty() {
            continue;
        }
        for (positive, id) in pending.drain(..) {
            if positive {
                expected.insert((id, number));
            } else {
                ok.insert((id, number));
            }
        }
    }
    (expected, ok)
}

/// `B001`, `CX002`: upper-case letters then digits.
fn looks_like_rule_id(s: &str) -> bool {
    let letters = s.chars().take_while(|c| c.is_ascii_uppercase()).count();
    letters > 0 && s.len() > letters && s[letters..].chars().all(|c| c.is_ascii_digit())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::annotations;

    #[test]
    fn annotations_point_at_the_next_code_line() {
        let (expected, ok) = annotations("# ruleid: B001, B002\n\nx = 1\n// ok: B003\ny = 2\n");
        assert!(expected.contains(&("B001".into(), 3)) && expected.contains(&("B002".into(), 3)));
        assert!(ok.contains(&("B003".into(), 5)));
    }
}
