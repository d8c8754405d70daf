//! `conclave fix PATH`: every fix checked before it is offered. Rule fixes and (with `--model`)
//! model-made fixes are re-parsed, re-scanned and, with `--test-cmd`, tested on a copy of the
//! tree; `--apply` writes the verified ones.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use conclave::agents::{Allowance, Assistant, EnrichOptions, EnrichStats, FixTarget, ModelBudget};
use conclave::models::{Catalog, LoadOptions, Model};
use conclave::router::{Ledger, Policy};
use conclave::{Finding, Report};
use serde_json::json;

#[derive(Args)]
pub struct FixArgs {
    #[command(flatten)]
    common: crate::Common,
    #[arg(short, long, value_enum, default_value_t = FixFormat::Text)]
    format: FixFormat,
    #[command(flatten)]
    models: ModelArgs,
    /// Explain this many of the most important findings per file (with --model).
    #[arg(long, default_value_t = 1)]
    explain: usize,
    /// Most model calls in this run.
    #[arg(long, default_value_t = 8)]
    max_calls: usize,
    /// Most dollars spent on model calls in this run.
    #[arg(long, default_value_t = 0.05)]
    max_cost: f64,
    /// A test command run in a patched copy of --test-root; a fix counts only if it passes
    /// (e.g. "python3 -m pytest -q").
    #[arg(long, value_name = "COMMAND")]
    test_cmd: Option<String>,
    /// The project the tests run in (default: the first path).
    #[arg(long, value_name = "DIR")]
    test_root: Option<PathBuf>,
    /// Seconds a test run may take.
    #[arg(long, default_value_t = 120)]
    test_timeout: u64,
    /// Write the verified fixes to the files (safe ones; with --unsafe-fixes also unsafe and
    /// model-made ones).
    #[arg(long)]
    apply: bool,
    #[arg(long)]
    unsafe_fixes: bool,
}

/// The model options of the commands with model-backed steps (`fix`, `debug`).
#[derive(Args)]
pub struct ModelArgs {
    /// A model (catalog name or GGUF path) for the model-backed steps (explanations, fixes
    /// where no rule has one); without it only deterministic results are given.
    #[arg(long)]
    pub model: Option<String>,
    /// Routing of model calls: local-only, local-first, cost-aware, cloud-first.
    #[arg(long, default_value = "local-first")]
    pub policy: String,
    /// The cost ledger (SQLite); defaults to $CONCLAVE_LEDGER or the user's data directory.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
}

impl ModelArgs {
    /// The assistant for `--model`, if one was named.
    pub fn assistant(&self, budget: ModelBudget) -> Result<Option<Assistant>> {
        self.model
            .as_deref()
            .map(|name| load_assistant(name, &self.policy, self.ledger.as_ref(), budget))
            .transpose()
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FixFormat {
    Text,
    Json,
    Sarif,
}

pub fn fix(args: &FixArgs) -> Result<()> {
    let (engine, mut report) = crate::analyze(&args.common)?;
    let assistant = args.models.assistant(ModelBudget {
        max_calls: args.max_calls,
        max_cost_usd: args.max_cost,
        ..ModelBudget::default()
    })?;
    let tests = match &args.test_cmd {
        Some(command) => {
            let root = args
                .test_root
                .clone()
                .or_else(|| args.common.paths.first().cloned())
                .unwrap_or_else(|| PathBuf::from("."));
            Some(
                conclave::agents::TestCommand::parse(
                    root,
                    command,
                    Duration::from_secs(args.test_timeout),
                )
                .context("empty --test-cmd")?,
            )
        }
        None => None,
    };
    let options = EnrichOptions {
        explain_top: args.explain,
        model_fixes: assistant.is_some(),
        verify_rule_fixes: true,
        tests,
    };
    let mut allowance = assistant
        .as_ref()
        .map_or(Allowance::NONE, |a| a.allowance(None));
    let mut stats = EnrichStats::default();
    let mut applied = 0;
    for file in &mut report.files {
        let path = Path::new(&file.path);
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        file.findings.retain(|f| f.suppressed.is_none());
        let target = FixTarget {
            path: &file.path,
            file: path,
            language: file.language,
            text: &text,
        };
        stats.merge(conclave::agents::assist::enrich(
            &engine,
            assistant.as_ref(),
            "code-analysis",
            target,
            &mut file.findings,
            &options,
            &mut allowance,
        ));
        if args.apply {
            applied += apply_verified(path, &text, &file.findings, args.unsafe_fixes)?;
        }
    }
    let rendered = match args.format {
        FixFormat::Text => text_summary(&report, &stats, applied),
        FixFormat::Json => serde_json::to_string_pretty(&json!({
            "findings": report.findings().filter(|f| f.fix.is_some() || f.explanation.is_some())
                .collect::<Vec<_>>(),
            "stats": stats,
            "applied": applied,
        }))?,
        FixFormat::Sarif => conclave::output::render_sarif(&report, engine.rules()),
    };
    crate::emit(&args.common, &rendered)
}

/// A model behind the router, with a budget: what `fix` and `debug` use for model steps.
fn load_assistant(
    name: &str,
    policy: &str,
    ledger: Option<&PathBuf>,
    budget: ModelBudget,
) -> Result<Assistant> {
    let policy = Policy::parse(policy).with_context(|| format!("unknown policy `{policy}`"))?;
    let path = Catalog::default().resolve(name)?;
    let model = Model::load(&path, &LoadOptions::default())
        .with_context(|| format!("loading {}", path.display()))?;
    let ledger = Arc::new(Ledger::open(
        ledger.cloned().unwrap_or_else(Ledger::default_path),
    )?);
    let router = crate::costs::router(name, &model, ledger, policy);
    Ok(Assistant::new(Arc::new(router), budget))
}

/// Applies a file's verified fixes that do not overlap, in one write.
fn apply_verified(path: &Path, text: &str, findings: &[Finding], unsafe_ok: bool) -> Result<usize> {
    let Some((patched, count)) = conclave::agents::apply_verified_fixes(text, findings, unsafe_ok)
    else {
        return Ok(0);
    };
    crate::fix::write_atomically(path, &patched)?;
    Ok(count)
}

fn text_summary(report: &Report, stats: &EnrichStats, applied: usize) -> String {
    let mut out = String::new();
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in report
        .findings()
        .filter(|f| f.fix.is_some() || f.explanation.is_some())
    {
        by_file.entry(&f.path).or_default().push(f);
    }
    for (path, findings) in by_file {
        for f in findings {
            let line = f.span.start.line;
            let rule = f.rule_id.as_str();
            let model_made = f
                .provenance
                .as_ref()
                .is_some_and(|p| p.model_calls.iter().any(|c| c.purpose == "fix"));
            let origin = if model_made { "model fix" } else { "rule fix" };
            let status = match f.fix.as_ref().and_then(|x| x.verification.as_ref()) {
                Some(v) if v.passed() => "verified".to_owned(),
                Some(v) => format!(
                    "rejected: {}",
                    v.reason.as_deref().unwrap_or("verification failed")
                ),
                None => "not checked".to_owned(),
            };
            if f.fix.is_some() {
                out.push_str(&format!("{path}:{line}: {rule} {origin}: {status}\n"));
            } else {
                out.push_str(&format!("{path}:{line}: {rule}\n"));
            }
            if let Some(explanation) = &f.explanation {
                for l in explanation.lines() {
                    out.push_str(&format!("    {l}\n"));
                }
            }
        }
    }
    out.push_str(&format!(
        "rule fixes: {} verified, {} rejected; model fixes: {} verified of {}; \
         {} explanations; {} model calls ({} local, ${:.6}); {} applied\n",
        stats.rule_fixes_verified,
        stats.rule_fixes_rejected,
        stats.model_fixes_verified,
        stats.model_fixes_proposed,
        stats.explained,
        stats.model_calls,
        stats.local_calls,
        stats.cost_usd,
        applied,
    ));
    out
}
