//! Agents: built-in definitions load from data, the registry runs agents on real work, and a
//! panicking, hanging or mismatched agent becomes an error for its call only.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use conclave::Engine;
use conclave::agents::{
    Agent, AgentDefinition, AgentError, AgentOutput, Capability, Registry, Task,
    builtin_definitions, parse_definition,
};

fn registry() -> Registry {
    let engine = Arc::new(Engine::builder().threads(1).build().unwrap());
    Registry::builtin(&engine).unwrap()
}

#[test]
fn builtin_definitions_are_data_and_the_registry_holds_their_agents() {
    let definitions = builtin_definitions().unwrap();
    let names: Vec<&str> = definitions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["code-analysis", "debug-detective"]);
    assert!(definitions[0].capabilities.contains(&Capability::Analyze));
    assert!(definitions[0].prompts.contains_key("explain"));
    let registry = registry();
    assert_eq!(registry.definitions().count(), 2);
    let bad = parse_definition("x.yml", "name: x\nrole: y\ncapabilities: [teleport]\n");
    assert!(matches!(bad, Err(AgentError::Definition { .. })), "{bad:?}");
}

#[test]
fn the_code_analysis_agent_reviews_files_and_the_detective_diagnoses_a_trace() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "import os\nfrom flask import request\n\ndef run():\n    os.system('ls ' + request.args['d'])\n",
    )
    .unwrap();
    let registry = registry();
    let review = Task::Review {
        paths: vec![dir.path().to_owned()],
    };
    let out = registry
        .run("code-analysis", review.clone(), Duration::from_secs(60))
        .unwrap();
    assert!(
        out.findings.iter().any(|f| f.rule_id.as_str() == "S002"),
        "{:?}",
        out.findings
    );

    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/traces/go"));
    let trace = std::fs::read_to_string(root.join("main.trace.txt")).unwrap();
    let debug = Task::Debug {
        trace,
        root: root.to_owned(),
    };
    let out = registry
        .run("debug-detective", debug, Duration::from_secs(60))
        .unwrap();
    let diagnosis = out.diagnosis.unwrap();
    assert_eq!(diagnosis.suspects[0].file, "main.go");
    // The detective does not review: a clear error, not a panic.
    let err = registry
        .run("debug-detective", review, Duration::from_secs(60))
        .unwrap_err();
    assert!(matches!(err, AgentError::Unsupported { .. }), "{err}");
    assert!(matches!(
        registry.run(
            "nobody",
            Task::Review { paths: vec![] },
            Duration::from_secs(1)
        ),
        Err(AgentError::Unknown { .. })
    ));
}

/// An agent that misbehaves on purpose.
struct Faulty {
    definition: AgentDefinition,
    hang: bool,
}

impl Agent for Faulty {
    fn definition(&self) -> &AgentDefinition {
        &self.definition
    }

    fn run(&self, _task: &Task) -> Result<AgentOutput, AgentError> {
        if self.hang {
            std::thread::sleep(Duration::from_secs(30));
            return Ok(AgentOutput::default());
        }
        panic!("index out of bounds in a user agent");
    }
}

#[test]
fn a_panicking_or_hanging_agent_is_isolated() {
    let mut registry = registry();
    for (name, hang) in [("panics", false), ("hangs", true)] {
        let definition = parse_definition(
            "user",
            &format!("name: {name}\nrole: misbehaves\ncapabilities: [analyze]\n"),
        )
        .unwrap();
        registry.register(Arc::new(Faulty { definition, hang }));
    }
    let task = Task::Review { paths: vec![] };
    let err = registry
        .run("panics", task.clone(), Duration::from_secs(10))
        .unwrap_err();
    assert!(
        matches!(&err, AgentError::Panicked { message, .. } if message.contains("index out of bounds")),
        "{err}"
    );
    let started = std::time::Instant::now();
    let err = registry
        .run("hangs", task.clone(), Duration::from_millis(200))
        .unwrap_err();
    assert!(matches!(err, AgentError::TimedOut { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The others still work afterwards.
    assert!(
        registry
            .run("code-analysis", task, Duration::from_secs(60))
            .is_ok()
    );
}
