//! `conclave testgen FILE --function NAME [--regression-for TRACE]`: tests from a function's
//! branches in the framework of the file's language (pytest, Jest, JUnit 5, xUnit, go test),
//! or a regression test for the failure a stack trace shows.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use conclave::agents::testgen::{self, Runtimes};

#[derive(Args)]
pub struct TestgenArgs {
    /// The source file holding the function (.py, .js/.mjs/.cjs, .java, .cs, .go).
    file: PathBuf,
    /// The function (or method) to test.
    #[arg(long)]
    function: String,
    /// Where to write the tests (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write a regression test for the failure in this stack trace instead: the generated
    /// inputs that raise its exception, asserted not to raise it.
    #[arg(long, value_name = "TRACEFILE")]
    regression_for: Option<PathBuf>,
    /// The Python interpreter that runs the function to record its outcomes.
    #[arg(long, default_value = "python3")]
    python: String,
    /// The Node.js binary for JavaScript.
    #[arg(long, default_value = "node")]
    node: String,
    /// The Go toolchain for Go.
    #[arg(long, default_value = "go")]
    go: String,
}

pub fn testgen(args: &TestgenArgs) -> Result<()> {
    let runtimes = Runtimes {
        python: args.python.clone(),
        node: args.node.clone(),
        go: args.go.clone(),
        ..Runtimes::default()
    };
    let (code, what) = match &args.regression_for {
        Some(trace_file) => {
            let text = std::fs::read_to_string(trace_file)
                .with_context(|| format!("reading {}", trace_file.display()))?;
            let trace = conclave::debug::parse(&text)
                .with_context(|| format!("reading the trace in {}", trace_file.display()))?;
            let Some(failure) = trace.failures.first() else {
                bail!("no failure in {}", trace_file.display());
            };
            let regression =
                testgen::regression_test(&args.file, &args.function, failure, &runtimes)
                    .with_context(|| {
                        format!("writing a regression test for {}", args.file.display())
                    })?;
            let what = format!("regression test `{}`", regression.test_name);
            (regression.code, what)
        }
        None => {
            let generated = testgen::generate(&args.file, &args.function, &runtimes)
                .with_context(|| format!("generating tests for {}", args.file.display()))?;
            let what = format!("{} tests", generated.cases.len());
            (generated.code, what)
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, &code).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("conclave: wrote {what} to {}", path.display());
        }
        None => print!("{code}"),
    }
    Ok(())
}
