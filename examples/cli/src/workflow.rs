//! `conclave plan` and `conclave run`: natural-language requests to validated plans, run with
//! live progress and checkpoints.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use conclave::Engine;
use conclave::agents::TestCommand;
use conclave::agents::assist::ModelBudget;
use conclave::agents::testgen::Runtimes;
use conclave::workflow::predict::{Budget, BudgetCheck, History};
use conclave::workflow::{
    Checkpoints, Planned, PlannedBy, Planner, RunStatus, Runner, StepStatus, Toolbox, WorkflowEvent,
};

use crate::verified_fix::ModelArgs;
use conclave::session::{Participant, ParticipantKind};
use conclave::workflow::publish_to_session;

/// Learned reliabilities from the feedback store, when one exists (never created here).
fn learned(path: Option<&PathBuf>) -> Result<Option<Arc<conclave::learn::Reliabilities>>> {
    let path = path
        .cloned()
        .unwrap_or_else(conclave::learn::FeedbackStore::default_path);
    if !path.exists() {
        return Ok(None);
    }
    let store = crate::collab::store(Some(&path))?;
    Ok(Some(Arc::new(store.reliabilities()?)))
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PlanFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct PlanArgs {
    /// What to do, in plain words: "review src/ for security issues, then write tests for the
    /// three worst".
    pub request: String,
    /// The project the request is about.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: PlanFormat,
    #[command(flatten)]
    pub models: ModelArgs,
}

#[derive(Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The run's id: rerunning with the same id resumes it (finished steps are not redone).
    #[arg(long)]
    pub run_id: Option<String>,
    /// The checkpoint database (SQLite).
    #[arg(long, value_name = "FILE")]
    pub checkpoints: Option<PathBuf>,
    /// The project's test command, for `run the tests` steps and fix verification.
    #[arg(long, value_name = "CMD")]
    pub test_cmd: Option<String>,
    /// Steps running at once.
    #[arg(long, default_value_t = 2)]
    pub parallel: usize,
    /// Retries of a failing step.
    #[arg(long, default_value_t = 0)]
    pub retries: u32,
    /// Time limit per step attempt, in seconds.
    #[arg(long, default_value_t = 600)]
    pub step_timeout: u64,
    /// The run history (SQLite) predictions are made from and runs are added to.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Publish the run's progress into this collaboration session (`conclave session watch`).
    #[arg(long)]
    pub session: Option<String>,
    /// The session database (SQLite).
    #[arg(long, value_name = "FILE")]
    pub sessions: Option<PathBuf>,
    /// The feedback database: findings take the confidence learned from reviewers' verdicts.
    #[arg(long, value_name = "FILE")]
    pub feedback: Option<PathBuf>,
    /// Refuse (or run model steps without a model) when the predicted cost exceeds this.
    #[arg(long, value_name = "USD")]
    pub max_cost: Option<f64>,
    /// Refuse (or run model steps without a model) when the predicted tokens exceed this.
    #[arg(long)]
    pub max_tokens: Option<u64>,
    /// Refuse when the predicted duration exceeds this many seconds.
    #[arg(long, value_name = "SECONDS")]
    pub max_time: Option<f64>,
}

fn make_plan(args: &PlanArgs) -> Result<(Planned, Option<conclave::agents::Assistant>)> {
    let assistant = args.models.assistant(ModelBudget::default())?;
    let planner = match &assistant {
        Some(a) => Planner::with_model(a.router()),
        None => Planner::new(),
    };
    let planned = planner
        .plan(&args.request, Some(&args.path))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((planned, assistant))
}

fn describe(planned: &Planned) -> String {
    let mut out = String::new();
    let by = match &planned.by {
        PlannedBy::Parser => "the request parser".to_owned(),
        PlannedBy::Model { call, .. } => format!("model {} ({})", call.model, call.backend),
    };
    out.push_str(&format!(
        "plan ({} steps, by {by}):\n",
        planned.plan.steps.len()
    ));
    for step in &planned.plan.steps {
        let inputs = serde_json::to_value(&step.inputs).unwrap_or_default();
        let after = if step.depends_on.is_empty() {
            String::new()
        } else {
            format!("  after {}", step.depends_on.join(", "))
        };
        out.push_str(&format!(
            "  {:<10} {:<16} {inputs}{after}\n",
            step.id, step.agent
        ));
    }
    out
}

pub fn plan(args: &PlanArgs) -> Result<()> {
    let (planned, _) = make_plan(args)?;
    match args.format {
        PlanFormat::Json => println!("{}", serde_json::to_string_pretty(&planned.plan)?),
        PlanFormat::Text => print!("{}", describe(&planned)),
    }
    Ok(())
}

pub fn run(args: &RunArgs) -> Result<()> {
    let (mut planned, assistant) = make_plan(&args.plan)?;
    for step in &mut planned.plan.steps {
        step.retries = args.retries;
        step.timeout_ms = args.step_timeout.saturating_mul(1000).max(1);
    }
    let json = matches!(args.plan.format, PlanFormat::Json);
    if !json {
        eprint!("{}", describe(&planned));
    }
    let root = args.plan.path.clone();
    if !root.is_dir() {
        bail!("{} is not a directory", root.display());
    }
    let tests = args
        .test_cmd
        .as_deref()
        .and_then(|c| TestCommand::parse(&root, c, Duration::from_secs(args.step_timeout)));
    let tools = Toolbox {
        engine: Arc::new(Engine::new().context("starting the engine")?),
        root,
        assistant,
        tests,
        runtimes: Runtimes::default(),
        learned: learned(args.feedback.as_ref())?,
    };
    let store = Checkpoints::open(
        args.checkpoints
            .clone()
            .unwrap_or_else(Checkpoints::default_path),
    )
    .context("opening the checkpoint store")?;
    let run_id = args.run_id.clone().unwrap_or_else(|| {
        format!(
            "run-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis())
        )
    });
    let history = History::open(args.history.clone().unwrap_or_else(History::default_path))
        .context("opening the run history")?;
    let mut runner = Runner::new(tools)
        .checkpoints(Arc::new(store))
        .history(Arc::new(history))
        .parallel(args.parallel);
    let budget = Budget {
        max_usd: args.max_cost,
        max_tokens: args.max_tokens,
        max_duration_ms: args.max_time.map(|s| s * 1000.0),
    };
    let estimate = runner
        .estimate(&planned.plan, &budget)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if json {
        println!(
            "{}",
            serde_json::to_string(&serde_json::json!({"event": "estimate", "estimate": estimate}))?
        );
    } else {
        let t = &estimate.totals;
        eprintln!(
            "predicted: {:.1} s, {} model tokens, ${:.4} (from {} past runs)",
            t.duration_ms / 1000.0,
            t.tokens,
            t.cost_usd,
            estimate
                .steps
                .iter()
                .map(|s| s.prediction.samples)
                .min()
                .unwrap_or(0)
        );
    }
    match &estimate.verdict {
        BudgetCheck::Refuse { reason, .. } => bail!("refused before running: {reason}"),
        BudgetCheck::Downgrade { steps, reason, .. } => {
            eprintln!(
                "over budget as planned ({reason}): {} run without a model",
                steps.join(", ")
            );
            for step in &mut planned.plan.steps {
                if steps.contains(&step.id) {
                    step.max_model_calls = 0;
                }
            }
        }
        _ => {}
    }
    let session = match &args.session {
        Some(name) => {
            let hub = Arc::new(crate::collab::hub(args.sessions.as_ref())?);
            let from = Participant {
                id: "conclave-run".into(),
                kind: ParticipantKind::Agent,
            };
            Some(publish_to_session(hub, name.clone(), from))
        }
        None => None,
    };
    runner = runner.observer(move |event| {
        progress(event, json);
        if let Some(publish) = &session {
            publish(event);
        }
    });
    let report = runner
        .run(&run_id, &planned.plan)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if json {
        println!(
            "{}",
            serde_json::to_string(&serde_json::json!({"event": "report", "report": report}))?
        );
    } else {
        for record in &report.steps {
            let notes = record
                .output
                .as_ref()
                .map(|o| o.notes.join("; "))
                .unwrap_or_default();
            let error = record.error.as_deref().unwrap_or_default();
            println!(
                "{:<10} {:<9} {notes}{error}",
                record.step,
                record.status.as_str()
            );
        }
        println!(
            "run {} {} (resume with --run-id {})",
            report.run,
            report.status.as_str(),
            report.run
        );
    }
    match report.status {
        RunStatus::Succeeded => Ok(()),
        _ if report.steps.iter().any(|s| s.status == StepStatus::Failed) => std::process::exit(1),
        _ => Ok(()),
    }
}

/// Live progress: JSON lines on standard output, or short lines on standard error.
fn progress(event: &WorkflowEvent, json: bool) {
    if json {
        if let Ok(line) = serde_json::to_string(event) {
            println!("{line}");
        }
        return;
    }
    match event {
        WorkflowEvent::StepStarted {
            step,
            agent,
            attempt,
            ..
        } => {
            let again = if *attempt > 1 {
                format!(" (attempt {attempt})")
            } else {
                String::new()
            };
            eprintln!("▶ {step} [{agent}]{again}");
        }
        WorkflowEvent::StepFinished {
            step,
            status,
            duration_ms,
            error,
            findings,
            ..
        } => {
            let detail = error
                .as_deref()
                .map_or_else(|| format!("{findings} findings"), str::to_owned);
            eprintln!("■ {step} {} in {duration_ms} ms: {detail}", status.as_str());
        }
        _ => {}
    }
}
