//! `conclave`: review source trees, print metrics, explain rules.
//!
//! Exit codes: 0 when nothing at or above `--fail-on` was found, 1 when something was,
//! 2 on usage or fatal errors.

mod collab;
mod costs;
mod debug;
mod fix;
mod models;
mod parse_bench;
mod progress;
mod testgen;
mod verified_fix;
mod watch;
mod workflow;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use conclave::output::{self, TextOptions};
use conclave::{Config, Engine, Report, Severity};

#[derive(Parser)]
#[command(
    name = "conclave",
    version,
    about = "Code intelligence for Python, JavaScript, Java, C# and Go"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse files and directories: findings, metrics summary and rating.
    Review(ReviewArgs),
    /// Per-function metrics: cyclomatic and cognitive complexity, parameters, nesting, lines.
    Metrics(MetricsArgs),
    /// List the rules, explain one, test rules on annotated fixtures, print the rule schema.
    Rules(RulesArgs),
    /// Record the current findings as accepted: `review --baseline FILE` then reports only new ones.
    Baseline {
        #[command(flatten)]
        common: Common,
        /// Where to write the baseline.
        #[arg(
            long = "to",
            value_name = "FILE",
            default_value = "conclave-baseline.json"
        )]
        to: PathBuf,
    },
    /// Local models: `models pull NAME`, `models list`.
    Models(models::ModelsArgs),
    /// Generate text with a local model.
    Generate(models::GenerateArgs),
    /// Chat with a local model (reads lines from standard input).
    Chat(models::ChatArgs),
    /// Summarise the cost ledger: calls, local share, cost, all-cloud cost, savings.
    Costs(costs::CostsArgs),
    /// Set or show spending limits (`budget set`, `budget show`).
    Budget(costs::BudgetArgs),
    /// From a failure's stack trace to the lines most likely to hold the bug: `debug --trace
    /// FILE PATH` ranks suspects (frames, nearby bug patterns), states a hypothesis, proposes a
    /// fix when a rule has one.
    Debug(debug::DebugArgs),
    /// Check every fix before offering it: rule fixes and (with --model) model-made fixes are
    /// re-parsed, re-scanned and optionally tested; --apply writes the verified ones.
    Fix(verified_fix::FixArgs),
    /// Turn a plain-language request into a validated plan of agent steps (not run).
    Plan(workflow::PlanArgs),
    /// Plan a plain-language request and run it: live progress, a checkpoint after every step
    /// (`--run-id` resumes), parallel independent steps.
    Run(workflow::RunArgs),
    /// Verdicts on findings and fixes (accepted, rejected, fixed) and the reliabilities learned.
    Feedback(collab::FeedbackArgs),
    /// Follow or post to a collaboration session (`run --session NAME` publishes into one).
    Session(collab::SessionArgs),
    /// Watch files and print new and resolved findings as JSON lines while they change.
    Watch(watch::WatchArgs),
    /// Generate pytest tests for a Python function from its branches and boundaries.
    Testgen(testgen::TestgenArgs),
    /// Print a file's syntax tree as an S-expression (for writing rule queries).
    #[command(hide = true)]
    Tree { file: PathBuf },
    /// Parse only (no analysis) and print throughput: the baseline of the benchmarks.
    #[command(hide = true)]
    ParseBench(parse_bench::ParseBenchArgs),
}

#[derive(Args)]
struct RulesArgs {
    #[command(subcommand)]
    action: Option<RulesAction>,
    /// Output of the list.
    #[arg(short, long, value_enum, default_value_t = MetricsFormat::Text)]
    format: MetricsFormat,
    /// Only rules for this language.
    #[arg(long)]
    language: Option<conclave::Language>,
    /// Only rules of this category (bug, security, performance, refactoring, maintainability).
    #[arg(long)]
    category: Option<String>,
    /// Directories of extra YAML rules (they replace built-in rules with the same id).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum RulesAction {
    /// Print a rule's documentation.
    Explain { id: String },
    /// Check rules against fixtures annotated with `ruleid: ID` / `ok: ID` comments.
    Test {
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    /// Print the JSON Schema of rule files.
    Schema,
}

#[derive(Args)]
struct Common {
    /// Files or directories to analyse.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write the output to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Configuration file (default: conclave.toml in the first path or its ancestors).
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
    /// Directories of extra YAML rules (they replace built-in rules with the same id).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// Where the incremental cache lives.
    #[arg(long, value_name = "DIR", default_value = ".conclave_cache")]
    cache_dir: PathBuf,
    /// Analyse every file from scratch, without reading or writing the cache.
    #[arg(long)]
    no_cache: bool,
    /// When to use colours in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Args)]
struct ReviewArgs {
    #[command(flatten)]
    common: Common,
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Exit with 1 when a finding has at least this severity (`none`: never).
    #[arg(long, value_name = "SEVERITY", default_value = "low", value_parser = parse_fail_on)]
    fail_on: FailOn,
    /// Apply safe fixes to the files, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff: include unsafe fixes.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there are any).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

#[derive(Args)]
struct MetricsArgs {
    #[command(flatten)]
    common: Common,
    #[arg(short, long, value_enum, default_value_t = MetricsFormat::Text)]
    format: MetricsFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Jsonl,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum MetricsFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy)]
enum FailOn {
    Never,
    At(Severity),
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s.eq_ignore_ascii_case("none") || s.eq_ignore_ascii_case("never") {
        return Ok(FailOn::Never);
    }
    s.parse::<Severity>()
        .map(FailOn::At)
        .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let threads = match &cli.command {
        Command::Generate(args) => args.options.threads,
        Command::Chat(args) => args.options.threads,
        _ => None,
    };
    if let Some(n) = threads {
        set_inference_threads(n);
    }
    init_logging();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("conclave: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// candle sizes its CPU thread pools from `RAYON_NUM_THREADS` when it first runs.
#[allow(unsafe_code)]
fn set_inference_threads(n: usize) {
    // SAFETY: called at the start of `main`, before any other thread exists.
    unsafe { std::env::set_var("RAYON_NUM_THREADS", n.max(1).to_string()) };
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Review(args) => review(&args),
        Command::Metrics(args) => metrics(&args),
        Command::Rules(args) => rules(&args),
        Command::ParseBench(args) => parse_bench::run(&args),
        Command::Models(args) => models::models(&args).map(|()| ExitCode::SUCCESS),
        Command::Generate(args) => models::generate(&args).map(|()| ExitCode::SUCCESS),
        Command::Chat(args) => models::chat(&args).map(|()| ExitCode::SUCCESS),
        Command::Costs(args) => costs::costs(&args).map(|()| ExitCode::SUCCESS),
        Command::Budget(args) => costs::budget(&args).map(|()| ExitCode::SUCCESS),
        Command::Debug(args) => debug::debug(&args).map(|()| ExitCode::SUCCESS),
        Command::Fix(args) => verified_fix::fix(&args).map(|()| ExitCode::SUCCESS),
        Command::Watch(args) => watch::watch(&args).map(|()| ExitCode::SUCCESS),
        Command::Feedback(args) => collab::feedback(&args).map(|()| ExitCode::SUCCESS),
        Command::Session(args) => collab::session(&args).map(|()| ExitCode::SUCCESS),
        Command::Plan(args) => workflow::plan(&args).map(|()| ExitCode::SUCCESS),
        Command::Run(args) => workflow::run(&args).map(|()| ExitCode::SUCCESS),
        Command::Testgen(args) => testgen::testgen(&args).map(|()| ExitCode::SUCCESS),
        Command::Tree { file } => print_tree(&file),
        Command::Baseline { common, to } => {
            let (_, report) = analyze(&common)?;
            let baseline = conclave::analysis::Baseline::from_report(&report);
            baseline.save(&to)?;
            eprintln!(
                "conclave: wrote {} findings to {}",
                baseline.findings.len(),
                to.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn review(args: &ReviewArgs) -> Result<ExitCode> {
    let (engine, mut report) = analyze(&args.common)?;
    if args.fix || args.diff {
        let changed = fix::fix_files(&engine, &report, args.unsafe_fixes, args.diff)?;
        if args.diff {
            return Ok(if changed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
        if changed > 0 {
            report = analyze(&args.common)?.1;
        }
    }
    if let Some(path) = &args.baseline {
        let baseline = conclave::analysis::Baseline::load(path)?;
        let known = report.retain_new(&baseline);
        if known > 0 && !args.common.quiet {
            eprintln!(
                "conclave: {known} findings are in the baseline {}",
                path.display()
            );
        }
    }
    let rendered = match args.format {
        FormatArg::Text => output::render_text(&report, text_options(&args.common), &read_source),
        FormatArg::Json => output::render_json(&report),
        FormatArg::Jsonl => output::render_jsonl(&report),
        FormatArg::Sarif => output::render_sarif(&report, engine.rules()),
    };
    emit(&args.common, &rendered)?;
    if missing_roots(&report, &args.common.paths) {
        return Ok(ExitCode::from(2));
    }
    let failed = match args.fail_on {
        FailOn::Never => false,
        FailOn::At(threshold) => report.has_findings_at_or_above(threshold),
    };
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn metrics(args: &MetricsArgs) -> Result<ExitCode> {
    let (_, report) = analyze_with(&args.common, Rules::Skip)?;
    let rendered = match args.format {
        MetricsFormat::Text => output::render_metrics_text(&report, text_options(&args.common)),
        MetricsFormat::Json => output::render_metrics_json(&report),
    };
    emit(&args.common, &rendered)?;
    Ok(if missing_roots(&report, &args.common.paths) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn rules(args: &RulesArgs) -> Result<ExitCode> {
    let mut config = Config::default();
    config.rules.directories.clone_from(&args.rule_dirs);
    let engine = Engine::builder().config(config).build()?;
    let mut out = std::io::stdout().lock();
    match &args.action {
        None => list_rules(&engine, args, &mut out)?,
        Some(RulesAction::Explain { id }) => {
            let rule = engine
                .rules()
                .iter()
                .find(|r| r.id.as_str().eq_ignore_ascii_case(id) || r.name == *id)
                .with_context(|| format!("no rule `{id}`; `conclave rules` lists them"))?;
            writeln!(
                out,
                "# {} {}\n\n{}\n\n{}",
                rule.id,
                rule.name,
                rule.summary,
                rule.help_markdown()
            )?;
        }
        Some(RulesAction::Test { dirs }) => {
            let mut failures = 0;
            for dir in dirs {
                let report = conclave::rules::check_fixtures(&engine, dir)
                    .with_context(|| format!("reading fixtures in {}", dir.display()))?;
                for failure in &report.failures {
                    writeln!(out, "{failure}")?;
                }
                failures += report.failures.len();
                writeln!(
                    out,
                    "{}: {} files, {} expectations, {} failures",
                    dir.display(),
                    report.files,
                    report.expectations,
                    report.failures.len()
                )?;
            }
            return Ok(if failures == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Some(RulesAction::Schema) => write!(out, "{}", conclave::rules::rule_file_json_schema())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `conclave rules`: a table, or JSON objects with id, name, category, languages, severity,
/// cwe and has_fix.
fn list_rules(engine: &Engine, args: &RulesArgs, out: &mut impl Write) -> Result<()> {
    let files = engine.rule_set().files();
    let mut rows = Vec::new();
    for rule in engine.rules() {
        let file = files.iter().find(|f| f.id == rule.id.as_str());
        let code = engine.code_rule(rule.id.as_str());
        let languages: Vec<conclave::Language> = match (file, code) {
            (Some(f), _) => f.languages.keys().copied().collect(),
            (None, Some(c)) => c.languages().to_vec(),
            (None, None) => conclave::Language::ALL.to_vec(),
        };
        if args.language.is_some_and(|l| !languages.contains(&l))
            || args
                .category
                .as_deref()
                .is_some_and(|c| c != rule.category.name())
        {
            continue;
        }
        let has_fix = file.is_some_and(|f| f.languages.values().any(|p| p.fix.is_some()))
            || code.is_some_and(|c| c.has_fix());
        rows.push(serde_json::json!({
            "id": rule.id.as_str(),
            "name": rule.name,
            "category": rule.category.name(),
            "bug_category": file.and_then(|f| f.bug_category.clone()),
            "languages": languages,
            "severity": rule.severity,
            "confidence": rule.confidence,
            "cwe": rule.cwe,
            "has_fix": has_fix,
            "summary": rule.summary,
        }));
    }
    match args.format {
        MetricsFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        MetricsFormat::Text => {
            for r in &rows {
                writeln!(
                    out,
                    "{:<6} {:<32} {:<15} {:<8} {}",
                    r["id"].as_str().unwrap_or_default(),
                    r["name"].as_str().unwrap_or_default(),
                    r["category"].as_str().unwrap_or_default(),
                    r["severity"].as_str().unwrap_or_default(),
                    r["summary"].as_str().unwrap_or_default()
                )?;
            }
        }
    }
    Ok(())
}

fn print_tree(file: &Path) -> Result<ExitCode> {
    let language =
        conclave::Language::from_path(file).context("unknown language (by extension)")?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let tree = conclave::lang::Parsers::new().parse(language, &text)?;
    println!("{}", tree.root_node().to_sexp());
    Ok(ExitCode::SUCCESS)
}

/// Which findings a command needs: `metrics` runs no rules (they cost time and are not shown).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rules {
    Run,
    Skip,
}

fn analyze(common: &Common) -> Result<(Engine, Report)> {
    analyze_with(common, Rules::Run)
}

fn analyze_with(common: &Common, rules: Rules) -> Result<(Engine, Report)> {
    let mut config = load_config(common)?;
    config
        .rules
        .directories
        .extend(common.rule_dirs.iter().cloned());
    let mut builder = Engine::builder().config(config);
    if rules == Rules::Skip {
        builder = builder.rule_set(conclave::rules::RuleSet::empty());
    }
    if let Some(n) = common.threads {
        builder = builder.threads(n);
    }
    if !common.no_cache {
        builder = builder.cache_dir(&common.cache_dir);
    }
    let engine = builder.build()?;
    let show_progress = !common.quiet && std::io::stderr().is_terminal();
    let report = if show_progress {
        let bar = progress::Bar::new();
        let report = engine.analyze_paths(&common.paths, Some(&bar));
        bar.finish();
        report
    } else {
        engine.analyze_paths(&common.paths, None)
    };
    Ok((engine, report))
}

fn load_config(common: &Common) -> Result<Config> {
    let path = match &common.config {
        Some(path) => Some(path.clone()),
        None => common.paths.first().and_then(|p| Config::discover(p)),
    };
    match path {
        Some(path) => Config::load(&path).with_context(|| format!("loading {}", path.display())),
        None => Ok(Config::default()),
    }
}

/// Explicit paths that do not exist are a usage error (exit 2), after the rest is reported.
fn missing_roots(report: &Report, roots: &[PathBuf]) -> bool {
    roots
        .iter()
        .any(|root| !root.exists() && std::fs::symlink_metadata(root).is_err())
        && report
            .skipped
            .iter()
            .any(|s| matches!(s.reason, conclave::source::SkipReason::NotFound))
}

fn text_options(common: &Common) -> TextOptions {
    let color = match common.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            common.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    TextOptions { color }
}

fn read_source(path: &str) -> Option<String> {
    std::fs::read(Path::new(path))
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn emit(common: &Common, rendered: &str) -> Result<()> {
    match &common.output {
        Some(path) => {
            std::fs::write(path, rendered).with_context(|| format!("writing {}", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`conclave review | head`) is not an error worth reporting.
            match out
                .write_all(rendered.as_bytes())
                .and_then(|()| out.flush())
            {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("writing to standard output"),
            }
        }
    }
}
