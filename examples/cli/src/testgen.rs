//! `conclave testgen FILE --function NAME`: pytest tests from a Python function's branches.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

#[derive(Args)]
pub struct TestgenArgs {
    /// The Python module holding the function.
    file: PathBuf,
    /// The function to test.
    #[arg(long)]
    function: String,
    /// Where to write the tests (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The Python interpreter that runs the function to record its outcomes.
    #[arg(long, default_value = "python3")]
    python: String,
}

pub fn testgen(args: &TestgenArgs) -> Result<()> {
    let generated =
        conclave::agents::testgen::python_tests(&args.file, &args.function, &args.python)
            .with_context(|| format!("generating tests for {}", args.file.display()))?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, &generated.code)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "conclave: wrote {} tests to {}",
                generated.cases.len(),
                path.display()
            );
        }
        None => print!("{}", generated.code),
    }
    Ok(())
}
