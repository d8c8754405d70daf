//! `review --fix` / `--diff`: apply or show fixes file by file, writing atomically.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use conclave::{Applicability, Engine, Report};

/// Fixes (or, with `diff`, prints the fixes of) every file with applicable fixes; returns how
/// many files changed or would change.
pub fn fix_files(
    engine: &Engine,
    report: &Report,
    unsafe_fixes: bool,
    diff: bool,
) -> Result<usize> {
    let allowed =
        |a: Applicability| a == Applicability::Safe || (unsafe_fixes && a == Applicability::Unsafe);
    let mut changed_files = 0;
    let mut applied = 0;
    let mut out = std::io::stdout().lock();
    for file in &report.files {
        let fixable = file.findings.iter().any(|f| {
            f.suppressed.is_none() && f.fix.as_ref().is_some_and(|x| allowed(x.applicability))
        });
        if !fixable {
            continue;
        }
        let path = Path::new(&file.path);
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", file.path))?;
        let outcome = engine.fix_source(&file.path, file.language, &text, unsafe_fixes);
        for (rule, line, why) in &outcome.skipped {
            eprintln!(
                "conclave: {}:{line}: {rule} fix not applied: {why}",
                file.path
            );
        }
        if outcome.applied.is_empty() {
            continue;
        }
        changed_files += 1;
        applied += outcome.applied.len();
        if diff {
            let patch = similar::TextDiff::from_lines(&text, &outcome.text)
                .unified_diff()
                .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
                .to_string();
            out.write_all(patch.as_bytes())?;
        } else {
            write_atomically(path, &outcome.text)?;
        }
    }
    let verb = if diff { "would fix" } else { "fixed" };
    eprintln!("conclave: {verb} {applied} findings in {changed_files} files");
    Ok(changed_files)
}

/// Writes through a temporary file in the same directory and renames it over the original,
/// keeping its permissions, so a crash never leaves a half-written source file.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.conclave-fix.tmp"));
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
}
