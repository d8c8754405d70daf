//! `conclave debug --trace FILE PATH`: from a failure's output to the lines that caused it.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

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
    let engine = conclave::Engine::builder().build()?;
    let diagnosis = conclave::debug::diagnose(&engine, &text, &args.path)
        .with_context(|| format!("reading {}", args.trace.display()))?;
    match args.format {
        DebugFormat::Json => println!("{}", serde_json::to_string_pretty(&diagnosis)?),
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
                println!(
                    "fix ({}, {:?}): {}",
                    fix.rule_id, fix.fix.applicability, fix.fix.message
                );
            }
        }
    }
    Ok(())
}
