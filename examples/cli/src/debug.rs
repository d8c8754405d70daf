//! `conclave debug --trace FILE PATH`: from a failure's output to the lines that caused it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use conclave::agents::{Agent, DebugDetectiveAgent, ModelBudget, Task, TestCommand};

fn definition() -> Result<conclave::agents::AgentDefinition> {
    conclave::agents::builtin_definitions()?
        .into_iter()
        .find(|d| d.name == "debug-detective")
        .context("the debug-detective definition is missing")
}

#[derive(Args)]
pub struct DebugArgs {
    /// The failure's output (a stack trace, possibly inside logs); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    trace: PathBuf,
    /// The source tree the program was built from.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[arg(short, long, value_enum, default_value_t = DebugFormat::Text)]
    format: DebugFormat,
    /// Suspects to show in text output.
    #[arg(long, default_value_t = 5)]
    top: usize,
    #[command(flatten)]
    models: crate::verified_fix::ModelArgs,
    /// The project's test command, run with the generated regression test in a patched copy
    /// of PATH to verify the fix (e.g. "python3 -m pytest -q").
    #[arg(long, value_name = "COMMAND")]
    test_cmd: Option<String>,
    /// Seconds a test run may take.
    #[arg(long, default_value_t = 120)]
    test_timeout: u64,
    /// Write the regression test into PATH.
    #[arg(long)]
    write_test: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum DebugFormat {
    Text,
    Json,
}

pub fn debug(args: &DebugArgs) -> Result<()> {
    let text = if args.trace.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading the trace from stdin")?
    } else {
        let bytes = std::fs::read(&args.trace)
            .with_context(|| format!("reading {}", args.trace.display()))?;
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let engine = Arc::new(conclave::Engine::builder().build()?);
    let mut agent = DebugDetectiveAgent::new(definition()?, engine);
    if let Some(assistant) = args.models.assistant(ModelBudget::default())? {
        agent = agent.with_assistant(assistant);
    }
    if let Some(command) = &args.test_cmd {
        let timeout = Duration::from_secs(args.test_timeout);
        agent = agent.with_tests(
            TestCommand::parse(&args.path, command, timeout).context("empty --test-cmd")?,
        );
    }
    let task = Task::Debug {
        trace: text,
        root: args.path.clone(),
    };
    let out = agent
        .run(&task)
        .with_context(|| format!("reading {}", args.trace.display()))?;
    let (Some(diagnosis), Some(repair)) = (out.diagnosis, out.repair) else {
        anyhow::bail!("the debug detective returned no diagnosis");
    };
    if args.write_test
        && let Some(placed) = &repair.regression_test
    {
        let at = args.path.join(&placed.path);
        std::fs::write(&at, &placed.test.code)
            .with_context(|| format!("writing {}", at.display()))?;
        eprintln!("conclave: wrote the regression test {}", at.display());
    }
    match args.format {
        DebugFormat::Json => {
            let mut value = serde_json::to_value(&diagnosis)?;
            value["regression_test"] = serde_json::to_value(&repair.regression_test)?;
            value["model_call"] = serde_json::to_value(&repair.model_call)?;
            value["notes"] = serde_json::to_value(&repair.notes)?;
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        DebugFormat::Text => {
            let first = &diagnosis.trace.failures[0];
            println!(
                "{} failure: {}: {}",
                diagnosis.trace.language,
                first.kind,
                first.message.lines().next().unwrap_or_default()
            );
            if let Some(h) = &diagnosis.hypothesis {
                println!("hypothesis ({:.0}%): {}", h.confidence * 100.0, h.summary);
            }
            println!("suspects:");
            for s in diagnosis.suspects.iter().take(args.top) {
                println!("  {:>5.2}  {}:{}  {}", s.score, s.file, s.line, s.reason);
            }
            if diagnosis.suspects.is_empty() {
                println!(
                    "  none: no frame of the trace names a file under {}",
                    args.path.display()
                );
            }
            if let Some(fix) = &diagnosis.fix {
                let status = match &fix.fix.verification {
                    Some(v) if v.passed() => "verified".to_owned(),
                    Some(v) => format!("not verified: {}", v.reason.as_deref().unwrap_or("")),
                    None => "not checked".to_owned(),
                };
                println!(
                    "fix ({}, {:?}, {status}): {}",
                    fix.rule_id, fix.fix.applicability, fix.fix.message
                );
                for edit in &fix.fix.edits {
                    println!(
                        "  line {}: {}",
                        edit.span.start.line,
                        edit.replacement.trim()
                    );
                }
            }
            if let Some(placed) = &repair.regression_test {
                println!(
                    "regression test: {} ({}), {} failing case(s)",
                    placed.path.display(),
                    placed.test.test_name,
                    placed.test.cases.len()
                );
            }
            for note in &repair.notes {
                println!("note: {note}");
            }
        }
    }
    Ok(())
}
