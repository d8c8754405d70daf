//! `conclave watch PATH`: re-analyse files as they change and print new and resolved findings.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::Args;

#[derive(Args)]
pub struct WatchArgs {
    /// Files or directories to watch.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// How often to look for changes, in milliseconds.
    #[arg(long, default_value_t = 500)]
    interval_ms: u64,
    /// How long a changed file must stay unchanged before it is analysed, in milliseconds.
    #[arg(long, default_value_t = 300)]
    debounce_ms: u64,
    /// Stop after this many looks (default: run until interrupted).
    #[arg(long)]
    polls: Option<u64>,
}

/// Prints one JSON object per event: `{"event": "new" | "resolved" | "analysed", ...}`.
pub fn watch(args: &WatchArgs) -> Result<()> {
    let engine = conclave::Engine::builder().build()?;
    let mut watcher = conclave::agents::Watcher::new(
        &engine,
        args.paths.clone(),
        Duration::from_millis(args.debounce_ms),
    )?;
    let mut done = 0;
    loop {
        for event in watcher.poll() {
            println!("{}", serde_json::to_string(&event)?);
        }
        done += 1;
        if args.polls.is_some_and(|n| done >= n) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(args.interval_ms));
    }
}
