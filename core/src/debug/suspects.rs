//! Root-cause ranking: which lines most likely hold the bug behind a failure.
//!
//! Evidence, each adding to a line's score: the line is a frame of the failure (the innermost
//! user frame most, outer frames less, the root cause of a chain more than its consequences);
//! a bug-pattern finding sits on or next to it; the finding's bug family is the one the
//! exception points at (a `ZeroDivisionError` and `division-by-zero`, a null reference and
//! `null-dereference`). The best line becomes a hypothesis with its evidence and a confidence;
//! when its finding carries a fix, that fix is proposed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::locate::{Resolution, locate};
use super::trace::{Trace, TraceError, parse};
use crate::analysis::Engine;
use crate::vocab::{Finding, Fix};

/// A line suspected of holding the bug.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suspect {
    /// Relative to the analysed root.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// Higher is more suspect; scores compare within one diagnosis only.
    pub score: f64,
    /// Why, in words: the frame and the findings that point here.
    pub reason: String,
    /// Rule ids of the findings on or next to the line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
}

/// The most likely explanation of the failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hypothesis {
    pub summary: String,
    pub evidence: Vec<String>,
    /// 0 to 1: the best suspect's share of the evidence, higher when a finding of the
    /// exception's bug family agrees with the stack.
    pub confidence: f64,
}

/// What the debug detective concludes from a failure and a source tree.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub trace: Trace,
    /// Most suspect first.
    pub suspects: Vec<Suspect>,
    pub hypothesis: Option<Hypothesis>,
    /// A fix from the finding on the best suspect, when it has one.
    pub fix: Option<DiagnosisFix>,
}

/// A deterministic fix for the best suspect.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosisFix {
    pub file: String,
    pub rule_id: String,
    pub fix: Fix,
}

/// Bug families an exception kind or message points at.
fn families(kind: &str, message: &str) -> &'static [&'static str] {
    let text = format!("{kind} {message}").to_ascii_lowercase();
    if text.contains("zerodivision")
        || text.contains("divide by zero")
        || text.contains("dividebyzero")
        || text.contains("arithmeticexception")
        || text.contains("integer divide")
    {
        &["division-by-zero", "integer-division"]
    } else if text.contains("nullpointer")
        || text.contains("nullreference")
        || text.contains("nonetype")
        || text.contains("undefined")
        || text.contains("null pointer")
        || text.contains("nil pointer")
        || text.contains("cannot read propert")
    {
        &["null-dereference"]
    } else if text.contains("index")
        || text.contains("out of range")
        || text.contains("outofbounds")
        || text.contains("out of bounds")
    {
        &["off-by-one"]
    } else if text.contains("resource") || text.contains("too many open files") {
        &["resource-leak"]
    } else if text.contains("recursion")
        || text.contains("stackoverflow")
        || text.contains("timeout")
    {
        &["infinite-loop"]
    } else {
        &[]
    }
}

/// Reads `trace_text`, locates its frames under `root`, analyses the files they name and
/// ranks suspect lines.
pub fn diagnose(engine: &Engine, trace_text: &str, root: &Path) -> Result<Diagnosis, TraceError> {
    let trace = parse(trace_text)?;
    let located = locate(&trace, root);
    // The files the stack names, analysed once each.
    let mut files: Vec<PathBuf> = located
        .iter()
        .filter_map(|l| match &l.resolution {
            Resolution::Found { path } => Some(path.clone()),
            _ => None,
        })
        .collect();
    files.sort();
    files.dedup();
    let absolute: Vec<PathBuf> = files.iter().map(|f| root.join(f)).collect();
    let report = engine.analyze_paths(&absolute, None);
    let by_file: HashMap<PathBuf, Vec<&Finding>> = files
        .iter()
        .zip(&absolute)
        .map(|(rel, abs)| {
            // Reported paths are the walked ones, normalised (`./a.py` is `a.py`).
            let findings = report
                .files
                .iter()
                .filter(|f| Path::new(&f.path) == abs || Path::new(&f.path).ends_with(rel))
                .flat_map(|f| f.findings.iter())
                .filter(|f| f.suppressed.is_none())
                .collect();
            (rel.clone(), findings)
        })
        .collect();
    let family_of: HashMap<&str, &str> = engine
        .rule_set()
        .files()
        .iter()
        .filter_map(|f| Some((f.id.as_str(), f.bug_category.as_deref()?)))
        .collect();

    let chain = trace.failures.len();
    let mut scored: HashMap<(PathBuf, u32), Suspect> = HashMap::new();
    let mut best_fix: HashMap<(PathBuf, u32), (String, Fix)> = HashMap::new();
    let mut depth_in_failure: HashMap<usize, usize> = HashMap::new();
    // Innermost user frames, whose failing lines' data flow is followed afterwards.
    let mut innermost: Vec<(PathBuf, u32, f64, &'static [&'static str])> = Vec::new();
    for l in &located {
        let Resolution::Found { path } = &l.resolution else {
            continue;
        };
        let failure = &trace.failures[l.failure];
        let frame = &failure.frames[l.frame];
        if frame.line == 0 {
            continue;
        }
        // Innermost user frame of each failure first; the root cause (last) weighs most.
        let depth = depth_in_failure.entry(l.failure).or_insert(0);
        let frame_weight = 1.0 / (1.0 + *depth as f64);
        *depth += 1;
        let chain_weight = 1.0 + 0.5 * l.failure as f64 / chain.max(1) as f64;
        let mut score = 2.0 * frame_weight * chain_weight;
        let mut reasons = vec![format!(
            "{} {} of `{}: {}`{}",
            if *depth == 1 {
                "innermost user frame"
            } else {
                "frame"
            },
            match &frame.function {
                Some(f) => format!("in `{f}`"),
                None => String::new(),
            },
            failure.kind,
            first_line(&failure.message),
            if l.failure > 0 {
                " (a cause in the chain)"
            } else {
                ""
            },
        )];
        let wanted = families(&failure.kind, &failure.message);
        if *depth == 1 {
            innermost.push((path.clone(), frame.line, chain_weight, wanted));
        }
        let mut rule_ids = Vec::new();
        for finding in by_file.get(path).into_iter().flatten() {
            let distance = finding.span.start.line.abs_diff(frame.line);
            if distance > 2 {
                continue;
            }
            let family = family_of.get(finding.rule_id.as_str()).copied();
            let matches_kind = family.is_some_and(|f| wanted.contains(&f));
            score += if matches_kind { 3.0 } else { 1.0 } / (1.0 + distance as f64);
            reasons.push(format!(
                "{} {}{}: {}",
                finding.rule_id,
                if distance == 0 {
                    "on this line"
                } else {
                    "next to it"
                },
                match family {
                    Some(f) if matches_kind =>
                        format!(" ({f}, the kind of bug this exception signals)"),
                    Some(f) => format!(" ({f})"),
                    None => String::new(),
                },
                finding.message
            ));
            rule_ids.push(finding.rule_id.to_string());
            if let Some(fix) = &finding.fix {
                best_fix
                    .entry((path.clone(), frame.line))
                    .or_insert_with(|| (finding.rule_id.to_string(), fix.clone()));
            }
        }
        add_evidence(
            &mut scored,
            path,
            frame.line,
            score,
            reasons.join("; "),
            rule_ids,
        );
    }
    for (path, line, weight, wanted) in innermost {
        let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
            continue;
        };
        let Some(language) = crate::vocab::Language::from_path(&path) else {
            continue;
        };
        // One parse serves both walks.
        let Ok(tree) = crate::lang::Parsers::new().parse(language, &text) else {
            continue;
        };
        for (near, why) in super::flow::neighbours(&tree, &text, line) {
            let score = weight
                * match why {
                    w if w.starts_with("part") => 1.2,
                    w if w.starts_with("the handler") => 1.1,
                    _ => 0.5,
                };
            let reason = format!("{why} ({line})");
            add_evidence(&mut scored, &path, near, score, reason, Vec::new());
        }
        for feeder in super::flow::feeders(&tree, &text, line) {
            // Below the failing frame's own 2.0 unless the shape itself is a known bug shape.
            let shape = feeder.inclusive_length_bound && wanted.contains(&"off-by-one");
            let mut score = weight * if shape { 3.0 } else { 0.8 };
            let mut reason = format!(
                "{} `{}`, which the failing line {line} uses",
                feeder.how, feeder.variable
            );
            if shape {
                reason.push_str(
                    "; an inclusive bound on a length lets an index reach one past the end",
                );
            }
            let mut ids = Vec::new();
            for finding in by_file.get(&path).into_iter().flatten() {
                if finding.span.start.line != feeder.line {
                    continue;
                }
                let family = family_of.get(finding.rule_id.as_str()).copied();
                score += if family.is_some_and(|f| wanted.contains(&f)) {
                    3.0
                } else {
                    1.0
                };
                reason.push_str(&format!("; {}: {}", finding.rule_id, finding.message));
                ids.push(finding.rule_id.to_string());
                if let Some(fix) = &finding.fix {
                    best_fix
                        .entry((path.clone(), feeder.line))
                        .or_insert_with(|| (finding.rule_id.to_string(), fix.clone()));
                }
            }
            add_evidence(&mut scored, &path, feeder.line, score, reason, ids);
        }
    }
    let mut suspects: Vec<Suspect> = scored.into_values().collect();
    suspects.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.file.cmp(&b.file))
            .then(a.line.cmp(&b.line))
    });
    let total: f64 = suspects.iter().map(|s| s.score).sum();
    let hypothesis = suspects.first().map(|top| {
        let failure = &trace.failures[0];
        let root_cause = trace.failures.last().unwrap_or(failure);
        let mut evidence = vec![top.reason.clone()];
        if trace.failures.len() > 1 {
            evidence.push(format!(
                "the chain starts with `{}: {}`",
                root_cause.kind,
                first_line(&root_cause.message)
            ));
        }
        Hypothesis {
            summary: format!(
                "`{}: {}` comes from {}:{}",
                root_cause.kind,
                first_line(&root_cause.message),
                top.file,
                top.line
            ),
            evidence,
            confidence: if total > 0.0 {
                (top.score / total).min(1.0)
            } else {
                0.0
            },
        }
    });
    let fix = suspects.first().and_then(|top| {
        let key = (PathBuf::from(&top.file), top.line);
        best_fix.remove(&key).map(|(rule_id, fix)| DiagnosisFix {
            file: top.file.clone(),
            rule_id,
            fix,
        })
    });
    Ok(Diagnosis {
        trace,
        suspects,
        hypothesis,
        fix,
    })
}

/// Adds `score` and its reason to the suspect at `line` of `path`.
fn add_evidence(
    scored: &mut HashMap<(PathBuf, u32), Suspect>,
    path: &Path,
    line: u32,
    score: f64,
    reason: String,
    rule_ids: Vec<String>,
) {
    let entry = scored
        .entry((path.to_owned(), line))
        .or_insert_with(|| Suspect {
            file: path.to_string_lossy().replace('\\', "/"),
            line,
            score: 0.0,
            reason: String::new(),
            findings: Vec::new(),
        });
    entry.score += score;
    if entry.reason.is_empty() {
        entry.reason = reason;
    } else {
        entry.reason = format!("{}; {reason}", entry.reason);
    }
    for id in rule_ids {
        if !entry.findings.contains(&id) {
            entry.findings.push(id);
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}
