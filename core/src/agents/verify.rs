//! Checking a fix before anyone may call it verified: the patched file re-parses, a re-scan no
//! longer shows the finding and shows nothing new, and the project's tests (when given) pass on
//! a copy of the tree with the patch applied. The user's files are never touched.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Engine;
use crate::vocab::{Applicability, Edit, Finding, Fix, Language, Verification};

/// How to run a project's tests, e.g. `python3 -m pytest -q` in the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCommand {
    /// The project root; it is copied (without `.git`, `target`, `node_modules`, caches) and
    /// the command runs in the copy.
    pub root: PathBuf,
    pub program: String,
    pub args: Vec<String>,
    /// A run past this counts as a failure.
    pub timeout: Duration,
    /// Files added to the copy before the run (e.g. a generated regression test), relative to
    /// the root.
    pub extra_files: Vec<(PathBuf, String)>,
}

impl TestCommand {
    /// Splits `command` on whitespace (no shell quoting).
    pub fn parse(root: impl Into<PathBuf>, command: &str, timeout: Duration) -> Option<Self> {
        let mut words = command.split_whitespace().map(str::to_owned);
        Some(TestCommand {
            root: root.into(),
            program: words.next()?,
            args: words.collect(),
            timeout,
            extra_files: Vec::new(),
        })
    }

    /// Runs the tests on a copy of the root where `file` holds `text`; `Err` says why they
    /// could not run at all.
    pub fn run_patched(&self, file: &Path, text: &str) -> Result<bool, String> {
        let root = self.root.canonicalize().map_err(|e| e.to_string())?;
        let file = file.canonicalize().map_err(|e| e.to_string())?;
        let relative = file
            .strip_prefix(&root)
            .map_err(|_| format!("{} is not under {}", file.display(), root.display()))?;
        let copy = self.copy(&root, Some((relative, text)))?;
        self.run_in(copy.path())
    }

    /// Runs the tests on an untouched copy of the root (with the extra files).
    pub fn run(&self) -> Result<bool, String> {
        let copy = self.copy(&self.root, None)?;
        self.run_in(copy.path())
    }

    /// A copy of `root` with the extra files and, optionally, one file's text replaced.
    fn copy(&self, root: &Path, patch: Option<(&Path, &str)>) -> Result<tempfile::TempDir, String> {
        let copy = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut budget = COPY_LIMIT_FILES;
        copy_tree(root, copy.path(), &mut budget).map_err(|e| format!("copying the tree: {e}"))?;
        let extra = self
            .extra_files
            .iter()
            .map(|(p, t)| (p.as_path(), t.as_str()));
        for (path, content) in patch.into_iter().chain(extra) {
            let at = copy.path().join(path);
            if let Some(dir) = at.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            std::fs::write(&at, content).map_err(|e| e.to_string())?;
        }
        Ok(copy)
    }

    /// Runs the command in `dir`, killing it past the timeout.
    fn run_in(&self, dir: &Path) -> Result<bool, String> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run `{}`: {e}", self.program))?;
        // Drain output on threads so a chatty test run cannot block on a full pipe.
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut sink = Vec::new();
                if let Some(mut p) = pipe {
                    let _ = p.read_to_end(&mut sink);
                }
            })
        };
        let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
        let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break Some(status);
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let _ = (out.join(), err.join());
        Ok(status.is_some_and(|s| s.success()))
    }
}

const COPY_LIMIT_FILES: usize = 20_000;
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "target",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".venv",
    "venv",
];

fn copy_tree(from: &Path, to: &Path, budget: &mut usize) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !SKIPPED_DIRS.iter().any(|d| name == *d) {
                copy_tree(&entry.path(), &to.join(&name), budget)?;
            }
        } else if kind.is_file() {
            *budget = budget.checked_sub(1).ok_or_else(|| {
                std::io::Error::other(format!("more than {COPY_LIMIT_FILES} files"))
            })?;
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// What verification needs to know about the file being fixed.
#[derive(Debug, Clone, Copy)]
pub struct FixTarget<'a> {
    /// The path findings are reported under.
    pub path: &'a str,
    /// The file on disk (for running tests on a patched copy).
    pub file: &'a Path,
    pub language: Language,
    /// Its current text.
    pub text: &'a str,
}

/// Checks `fix` for `finding` in `target` (`None`: the fix targets a failure, e.g. a debug
/// suspect, and only the tests can say it worked); tests run only when every static check
/// passed.
/// The text with a file's verified fixes applied: those that passed verification, `safe` ones
/// and, with `unsafe_ok`, `unsafe` ones too; a fix overlapping one already taken is left out.
/// Returns the new text and how many fixes it holds, or `None` when none applies.
pub fn apply_verified_fixes(
    text: &str,
    findings: &[Finding],
    unsafe_ok: bool,
) -> Option<(String, usize)> {
    let mut chosen: Vec<&Fix> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.verification.as_ref().is_some_and(Verification::passed))
        .filter(|fix| {
            fix.applicability == Applicability::Safe
                || (unsafe_ok && fix.applicability == Applicability::Unsafe)
        })
        .collect();
    chosen.sort_by_key(|fix| fix.edits.first().map(|e| e.span.start_byte));
    let mut edits: Vec<Edit> = Vec::new();
    let mut count = 0;
    for fix in chosen {
        let start = fix.edits.first().map_or(0, |e| e.span.start_byte);
        if edits.last().is_some_and(|e| e.span.end_byte > start) {
            continue;
        }
        edits.extend(fix.edits.iter().cloned());
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let merged = Fix::new("verified fixes", Applicability::Unsafe, edits)?;
    Some((merged.apply(text)?, count))
}

pub fn verify_fix(
    engine: &Engine,
    target: FixTarget<'_>,
    finding: Option<&Finding>,
    fix: &Fix,
    tests: Option<&TestCommand>,
) -> Verification {
    let before = engine.analyze_named_source(target.path, target.language, target.text);
    verify_fix_against(engine, target, &before.findings, finding, fix, tests)
}

/// [`verify_fix`] with the file's current findings already known (one scan serves every fix
/// of a file).
pub fn verify_fix_against(
    engine: &Engine,
    target: FixTarget<'_>,
    before: &[Finding],
    finding: Option<&Finding>,
    fix: &Fix,
    tests: Option<&TestCommand>,
) -> Verification {
    let failed = |reason: &str| Verification {
        parses: false,
        finding_gone: false,
        new_findings: Vec::new(),
        tests_passed: None,
        reason: Some(reason.to_owned()),
    };
    let Some(patched) = fix.apply(target.text) else {
        return failed("the edits do not fit the file");
    };
    if patched == target.text {
        return failed("the fix changes nothing");
    }
    let after = engine.analyze_named_source(target.path, target.language, &patched);
    let parses =
        syntax_errors(target.language, &patched) <= syntax_errors(target.language, target.text);
    // A failure (no finding) is gone only when tests say so.
    let finding_gone = finding.map_or(tests.is_some(), |finding| {
        let same_rule = |fs: &[Finding]| fs.iter().filter(|f| f.rule_id == finding.rule_id).count();
        same_rule(&after.findings) < same_rule(before)
            && after
                .findings
                .iter()
                .all(|f| f.fingerprint != finding.fingerprint)
    });
    let known: HashSet<_> = before.iter().map(|f| &f.fingerprint).collect();
    let mut new_findings: Vec<String> = after
        .findings
        .iter()
        .filter(|f| !known.contains(&f.fingerprint))
        .map(|f| f.rule_id.as_str().to_owned())
        .collect();
    new_findings.sort();
    new_findings.dedup();
    let mut verification = Verification {
        parses,
        finding_gone,
        new_findings,
        tests_passed: None,
        reason: None,
    };
    verification.reason = if !parses {
        Some("the patched file has new syntax errors".into())
    } else if !verification.finding_gone && finding.is_none() {
        Some("a fix of a failure needs tests to be verified; none were given".into())
    } else if !verification.finding_gone {
        Some("a re-scan still reports the finding".into())
    } else if !verification.new_findings.is_empty() {
        Some(format!(
            "the fix introduces {}",
            verification.new_findings.join(", ")
        ))
    } else {
        None
    };
    if verification.reason.is_none()
        && let Some(tests) = tests
    {
        match tests.run_patched(target.file, &patched) {
            Ok(passed) => {
                verification.tests_passed = Some(passed);
                if !passed {
                    verification.reason = Some("the tests fail on the patched tree".into());
                }
            }
            Err(why) => {
                verification.tests_passed = Some(false);
                verification.reason = Some(format!("the tests could not run: {why}"));
            }
        }
    }
    verification
}

/// ERROR and MISSING nodes in the tree of `text`; unparseable text counts as one more than any
/// tree.
fn syntax_errors(language: Language, text: &str) -> usize {
    let Ok(tree) = crate::lang::Parsers::new().parse(language, text) else {
        return usize::MAX;
    };
    if !tree.root_node().has_error() {
        return 0;
    }
    let mut count = 0;
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            count += 1;
        } else if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    count
}
