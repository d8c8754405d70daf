//! `conclave parse-bench`: walk and parse only, the floor that full analysis is measured against.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::Args;
use conclave::Config;
use conclave::lang::Parsers;
use conclave::source::{self, Filters, Loaded};
use rayon::prelude::*;

#[derive(Args)]
pub struct ParseBenchArgs {
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[arg(short = 'j', long, default_value_t = 2)]
    threads: usize,
}

pub fn run(args: &ParseBenchArgs) -> Result<ExitCode> {
    let config = Config::default();
    let started = Instant::now();
    let (files, _) = source::walk(&args.paths, &Filters::new(&config)?);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()?;
    let (lines, bytes) = pool.install(|| {
        files
            .par_iter()
            .map_init(Parsers::new, |parsers, file| {
                match source::load(&file.path, config.max_file_size) {
                    Loaded::Text { text, .. } => {
                        let parsed = parsers.parse(file.language, &text).is_ok();
                        (text.lines().count() * usize::from(parsed), text.len())
                    }
                    Loaded::Skipped(_) => (0, 0),
                }
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"files\":{},\"lines\":{lines},\"bytes\":{bytes},\"seconds\":{seconds:.4},\"lines_per_second\":{:.0}}}",
        files.len(),
        lines as f64 / seconds
    );
    Ok(ExitCode::SUCCESS)
}
