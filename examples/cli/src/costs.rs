//! `conclave costs` and `conclave budget`: the ledger from the command line; and the router the
//! model commands use.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use conclave::models::Model;
use conclave::router::{
    AnthropicProvider, Budget, Ledger, LedgerFilter, LocalBackend, OnLimit, OpenAiProvider, Period,
    Policy, Router, now_ms, prices,
};

/// The router behind `generate`: the local model, then any cloud provider whose key is set.
pub fn router(name: &str, model: &Model, ledger: Arc<Ledger>, policy: Policy) -> Router {
    let local_name = std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name);
    let mut builder = Router::builder()
        .backend(LocalBackend::new(local_name, model.clone()))
        .ledger(ledger)
        .policy(policy);
    if std::env::var_os("OPENAI_API_KEY").is_some() {
        let m = std::env::var("CONCLAVE_OPENAI_MODEL").unwrap_or_else(|_| "gpt-4o-mini".into());
        builder = builder.backend(OpenAiProvider::new(m, None, None));
    }
    if std::env::var_os("ANTHROPIC_API_KEY").is_some() {
        let m =
            std::env::var("CONCLAVE_ANTHROPIC_MODEL").unwrap_or_else(|_| "claude-3-5-haiku".into());
        builder = builder.backend(AnthropicProvider::new(m, None, None));
    }
    // Verdicts on this model's fixes (`conclave feedback record ID rejected --fix --agent NAME`)
    // steer the cost-aware policy for fix requests.
    let feedback = conclave::learn::FeedbackStore::default_path();
    if feedback.exists()
        && let Ok(store) = conclave::learn::FeedbackStore::open(&feedback)
        && let Ok(learned) = store.reliabilities()
    {
        let fixes = learned.fixes_of_agent(local_name);
        if fixes.observations() > 0 {
            builder = builder.task_reliability("fix", fixes.mean());
        }
    }
    builder.build()
}

#[derive(Args)]
pub struct CostsArgs {
    /// Only calls since then: `24h`, `7d`, `30m`, or milliseconds since the epoch.
    #[arg(long)]
    since: Option<String>,
    /// Only this model.
    #[arg(long)]
    model: Option<String>,
    /// Only this user.
    #[arg(long)]
    user: Option<String>,
    /// Only this workflow.
    #[arg(long)]
    workflow: Option<String>,
    /// `text` or `json`.
    #[arg(long, default_value = "text")]
    format: String,
    /// The ledger file.
    #[arg(long, value_name = "FILE")]
    ledger: Option<PathBuf>,
}

#[derive(Args)]
pub struct BudgetArgs {
    #[command(subcommand)]
    action: BudgetAction,
    /// The ledger file.
    #[arg(long, global = true, value_name = "FILE")]
    ledger: Option<PathBuf>,
}

#[derive(Subcommand)]
enum BudgetAction {
    /// Sets the limit of a scope.
    Set {
        /// `global`, `user:NAME` or `workflow:NAME`.
        #[arg(long, default_value = "global")]
        scope: String,
        /// `day`, `week`, `month` or `total`.
        #[arg(long, default_value = "month")]
        period: String,
        /// Limit in US dollars.
        #[arg(long)]
        limit: f64,
        /// At the limit: `downgrade` (local models only) or `refuse`.
        #[arg(long, default_value = "downgrade")]
        on_limit: String,
    },
    /// Every budget with what is spent in its current period.
    Show {
        /// `text` or `json`.
        #[arg(long, default_value = "text")]
        format: String,
    },
}

fn open(path: Option<&PathBuf>) -> Result<Ledger> {
    Ok(Ledger::open(
        path.cloned().unwrap_or_else(Ledger::default_path),
    )?)
}

/// `24h`, `7d`, `15m`, `30s` ago, or an absolute epoch-millisecond value.
fn since_ms(text: &str) -> Result<i64> {
    let (num, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: i64 = num
        .parse()
        .with_context(|| format!("`{text}` is not a duration like 24h or 7d"))?;
    let ms = match unit {
        "" => return Ok(n),
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 7 * 86_400_000,
        _ => bail!("unknown unit in `{text}` (s, m, h, d, w)"),
    };
    Ok(now_ms() - n * ms)
}

pub fn costs(args: &CostsArgs) -> Result<()> {
    let ledger = open(args.ledger.as_ref())?;
    let filter = LedgerFilter {
        since_ms: args.since.as_deref().map(since_ms).transpose()?,
        until_ms: None,
        model: args.model.clone(),
        user: args.user.clone(),
        workflow: args.workflow.clone(),
    };
    let s = ledger.summary(&filter)?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(());
    }
    println!("ledger: {}", ledger.path().display());
    println!(
        "calls          {:>10}   ({} local, {:.1} % local)",
        s.calls,
        s.local_calls,
        100.0 * s.local_share
    );
    println!(
        "failed tries   {:>10}   {:?}",
        s.failed_attempts, s.failures_by_reason
    );
    println!(
        "tokens         {:>10} in, {} out",
        s.input_tokens, s.output_tokens
    );
    println!("cost           {:>10.6} USD", s.cost_usd);
    println!(
        "all-cloud cost {:>10.6} USD (reference model)",
        s.cloud_equivalent_usd
    );
    println!("savings        {:>10.6} USD", s.savings_usd);
    Ok(())
}

pub fn budget(args: &BudgetArgs) -> Result<()> {
    let ledger = open(args.ledger.as_ref())?;
    match &args.action {
        BudgetAction::Set {
            scope,
            period,
            limit,
            on_limit,
        } => {
            if scope != "global" && !scope.starts_with("user:") && !scope.starts_with("workflow:") {
                bail!("scope must be `global`, `user:NAME` or `workflow:NAME`, not `{scope}`");
            }
            if !limit.is_finite() || *limit < 0.0 {
                bail!("the limit must be a non-negative number of dollars");
            }
            let budget = Budget {
                scope: scope.clone(),
                period: Period::parse(period)
                    .with_context(|| format!("unknown period `{period}`"))?,
                limit_nanos: prices::nanos(*limit),
                on_limit: OnLimit::parse(on_limit)
                    .with_context(|| format!("unknown on-limit `{on_limit}`"))?,
            };
            ledger.set_budget(&budget)?;
            eprintln!("budget {scope}: {limit} USD per {period}, {on_limit} at the limit");
        }
        BudgetAction::Show { format } => {
            let now = now_ms();
            let rows = ledger
                .budgets()?
                .into_iter()
                .map(|b| {
                    let spent = ledger.committed(&b.scope, b.period.start(now))?;
                    Ok(serde_json::json!({
                        "scope": b.scope, "period": b.period, "limit_usd": prices::usd(b.limit_nanos),
                        "spent_usd": prices::usd(spent), "on_limit": b.on_limit,
                        "used_percent": if b.limit_nanos > 0 { 100.0 * spent as f64 / b.limit_nanos as f64 } else { 100.0 },
                    }))
                })
                .collect::<Result<Vec<_>>>()?;
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in rows {
                    println!(
                        "{:<24} {:>10.6} / {:>10.6} USD per {:<5} ({:.0} %), {}",
                        r["scope"].as_str().unwrap_or_default(),
                        r["spent_usd"].as_f64().unwrap_or_default(),
                        r["limit_usd"].as_f64().unwrap_or_default(),
                        r["period"].as_str().unwrap_or_default(),
                        r["used_percent"].as_f64().unwrap_or_default(),
                        r["on_limit"].as_str().unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(())
}
