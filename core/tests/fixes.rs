//! Property: applying every fix the built-in rules offer on their own fixtures keeps each file
//! parsing and makes the fixed findings go away.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use conclave::{Engine, Language};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if Language::from_path(&path).is_some() {
            out.push(path);
        }
    }
}

fn counts(engine: &Engine, path: &str, language: Language, text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for f in engine.analyze_named_source(path, language, text).findings {
        *counts.entry(f.rule_id.to_string()).or_default() += 1;
    }
    counts
}

#[test]
fn fixes_keep_code_parsing_and_remove_their_findings() {
    let engine = Engine::builder().threads(1).build().unwrap();
    let mut files = Vec::new();
    fixtures(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../agents/rules")),
        &mut files,
    );
    files.sort();
    let mut applied_total = 0;
    for path in files {
        let language = Language::from_path(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let outcome = engine.fix_source(&name, language, &text, true);
        if outcome.applied.is_empty() {
            continue;
        }
        applied_total += outcome.applied.len();
        let before = counts(&engine, &name, language, &text);
        let after = counts(&engine, &name, language, &outcome.text);
        let syntax = |c: &BTreeMap<String, usize>| c.get("SX001").copied().unwrap_or(0);
        assert!(
            syntax(&after) <= syntax(&before),
            "{name}: fixes broke parsing"
        );
        let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
        for (rule, _) in &outcome.applied {
            *fixed.entry(rule.to_string()).or_default() += 1;
        }
        for (rule, n) in fixed {
            let was = before.get(&rule).copied().unwrap_or(0);
            let now = after.get(&rule).copied().unwrap_or(0);
            assert!(
                now + n <= was,
                "{name}: {rule} fixed {n} times but went from {was} to {now}"
            );
        }
    }
    assert!(applied_total >= 15, "only {applied_total} fixes exercised");
}
