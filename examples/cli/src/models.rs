//! `conclave models`, `conclave generate`, `conclave chat`: local models from the command line.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::sync::Arc;

use conclave::models::{
    Backend, Catalog, ChunkKind, GenerateRequest, Generation, Kernels, LoadOptions, Message, Model,
    Prompt, SamplingParams, WeightFormat,
};
use conclave::router::{CallRecord, ChatRequest, Ledger, Policy, RouteRequest, RouterEvent, Speed};
use serde_json::json;

#[derive(Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    action: ModelsAction,
}

#[derive(Subcommand)]
enum ModelsAction {
    /// Fetch a catalogued model into the cache (or copy a local GGUF file there).
    Pull {
        /// Catalog name (see `models list`) or path to a .gguf file.
        model: String,
    },
    /// The catalog and what is in the cache.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// What every model command shares.
#[derive(Args)]
pub struct ModelOptions {
    /// Catalog name or path to a .gguf file.
    #[arg(short, long, default_value = "smollm2")]
    model: String,
    /// Compute backend: cpu, cuda, cuda:N, metal, auto.
    #[arg(long, default_value = "cpu")]
    backend: String,
    /// Keep weights as shipped, or convert at load: auto, as-shipped, q8_0, q4_0.
    #[arg(long, default_value = "auto")]
    weights: String,
    /// CPU kernels: native (ours) or candle.
    #[arg(long, default_value = "native")]
    kernels: String,
    /// CPU threads (defaults to all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Sampling temperature; 0 is greedy.
    #[arg(long, default_value_t = 0.0)]
    temperature: f32,
    #[arg(long, default_value_t = 40)]
    top_k: usize,
    #[arg(long, default_value_t = 0.95)]
    top_p: f32,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long, default_value_t = 1.0)]
    repeat_penalty: f32,
    /// Most tokens to generate.
    #[arg(long, default_value_t = 256)]
    max_tokens: usize,
    /// Stop before this text (repeatable).
    #[arg(long)]
    stop: Vec<String>,
    /// System message.
    #[arg(long)]
    system: Option<String>,
    /// Keep generating past the end-of-turn token (exactly `--max-tokens`; for benchmarks; with --raw).
    #[arg(long)]
    ignore_eos: bool,
}

#[derive(Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub options: ModelOptions,
    /// Print one JSON object (text, token counts, timings, backend) instead of streaming text.
    #[arg(long)]
    json: bool,
    /// Constrain the reply to JSON valid against the JSON Schema in this file.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Send the prompt as raw text, without the chat template, straight to the local model.
    #[arg(long)]
    raw: bool,
    /// Routing: local-only, local-first, cost-aware, cloud-first. Cloud backends come from
    /// OPENAI_API_KEY / ANTHROPIC_API_KEY (and *_BASE_URL); models from CONCLAVE_OPENAI_MODEL /
    /// CONCLAVE_ANTHROPIC_MODEL.
    #[arg(long, default_value = "local-first")]
    policy: String,
    /// The cost ledger (SQLite); defaults to $CONCLAVE_LEDGER or the user's data directory.
    #[arg(long, value_name = "FILE")]
    ledger: Option<PathBuf>,
    /// The prompt; `-` reads it from standard input.
    prompt: String,
}

#[derive(Args)]
pub struct ChatArgs {
    #[command(flatten)]
    pub options: ModelOptions,
}

pub fn models(args: &ModelsArgs) -> Result<()> {
    let catalog = Catalog::default();
    match &args.action {
        ModelsAction::Pull { model } => {
            eprintln!("pulling {model} into {}", catalog.dir().display());
            let path = catalog.pull(model)?;
            println!("{}", path.display());
        }
        ModelsAction::List { json } => {
            let rows: Vec<_> = catalog
                .entries()
                .iter()
                .map(|e| {
                    json!({
                        "name": e.name, "architecture": e.architecture, "context_length": e.context_length,
                        "size_bytes": e.size_bytes, "cached": catalog.is_cached(e),
                        "path": catalog.path_of(e), "source": e.source, "description": e.description,
                    })
                })
                .collect();
            if *json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!(
                    "{:<10} {:<6} {:>7} {:>8}  {:<7} description",
                    "name", "arch", "context", "size", "cached"
                );
                for e in catalog.entries() {
                    let size = format!("{:.0} MB", e.size_bytes as f64 / 1e6);
                    let cached = if catalog.is_cached(e) { "yes" } else { "no" };
                    println!(
                        "{:<10} {:<6} {:>7} {:>8}  {:<7} {}",
                        e.name, e.architecture, e.context_length, size, cached, e.description
                    );
                }
                println!("cache: {}", catalog.dir().display());
            }
        }
    }
    Ok(())
}

impl ModelOptions {
    fn load(&self) -> Result<Model> {
        let backend = Backend::parse(&self.backend)
            .with_context(|| format!("unknown backend `{}`", self.backend))?;
        let format = WeightFormat::parse(&self.weights)
            .with_context(|| format!("unknown weight format `{}`", self.weights))?;
        let kernels = Kernels::parse(&self.kernels)
            .with_context(|| format!("unknown kernels `{}`", self.kernels))?;
        let path = Catalog::default().resolve(&self.model)?;
        let mut options = LoadOptions::default()
            .backend(backend)
            .weight_format(format)
            .kernels(kernels);
        if let Some(n) = self.threads {
            options = options.threads(n);
        }
        Model::load(&path, &options).with_context(|| format!("loading {}", path.display()))
    }

    fn request(&self, prompt: Prompt) -> GenerateRequest {
        let sampling = SamplingParams {
            temperature: self.temperature,
            top_k: self.top_k,
            top_p: self.top_p,
            seed: self.seed,
            repeat_penalty: self.repeat_penalty,
            ..SamplingParams::default()
        };
        let mut request = GenerateRequest::new(prompt)
            .max_tokens(self.max_tokens)
            .sampling(sampling);
        request.stop.clone_from(&self.stop);
        request.ignore_eos = self.ignore_eos;
        request
    }

    fn messages(&self, user: String) -> Vec<Message> {
        self.system
            .iter()
            .map(Message::system)
            .chain([Message::user(user)])
            .collect()
    }
}

pub fn generate(args: &GenerateArgs) -> Result<()> {
    let prompt_text = if args.prompt == "-" {
        std::io::read_to_string(std::io::stdin())
            .context("reading the prompt from standard input")?
    } else {
        args.prompt.clone()
    };
    let o = &args.options;
    let policy =
        Policy::parse(&args.policy).with_context(|| format!("unknown policy `{}`", args.policy))?;
    let ledger = Arc::new(Ledger::open(
        args.ledger.clone().unwrap_or_else(Ledger::default_path),
    )?);
    let schema = match &args.schema {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            Some(
                serde_json::from_str(&text)
                    .with_context(|| format!("{} is not JSON", file.display()))?,
            )
        }
        None => None,
    };
    let model = o.load()?;
    if args.raw {
        return generate_raw(args, &model, prompt_text, schema, &ledger);
    }
    let mut chat = ChatRequest::new(o.messages(prompt_text));
    chat.max_tokens = o.max_tokens;
    chat.temperature = o.temperature;
    chat.stop.clone_from(&o.stop);
    chat.json_schema = schema;
    let router = crate::costs::router(&o.model, &model, ledger, policy);
    let request = RouteRequest::new(chat).task("generate").policy(policy);
    let mut stdout = std::io::stdout().lock();
    let mut current = 0;
    let out = router.generate_streaming(&request, |event| {
        if let RouterEvent::Text { attempt, text } = event
            && !args.json
        {
            if *attempt != current {
                current = *attempt;
                let _ = writeln!(stdout, "\n[falling back to the next backend]");
            }
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
    })?;
    let speed = out.speed.unwrap_or(Speed {
        prompt_tok_s: 0.0,
        decode_tok_s: 0.0,
    });
    if args.json {
        let summary = json!({
            "text": out.text,
            "json": out.json,
            "prompt_tokens": out.input_tokens,
            "completion_tokens": out.output_tokens,
            "load_s": model.load_seconds(),
            "prompt_tok_s": speed.prompt_tok_s,
            "decode_tok_s": speed.decode_tok_s,
            "backend": if out.local { model.backend().to_string() } else { "cloud".to_owned() },
            "route": out.backend,
            "model": out.model,
            "local": out.local,
            "cost_usd": out.cost_usd,
            "cloud_equivalent_usd": out.cloud_equivalent_usd,
            "attempts": out.attempts,
            "threads": o.threads,
        });
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        println!();
        eprintln!(
            "[{}: {} prompt tokens, {} generated, {:.1} prompt tok/s, {:.1} decode tok/s, ${:.6}]",
            out.backend,
            out.input_tokens,
            out.output_tokens,
            speed.prompt_tok_s,
            speed.decode_tok_s,
            out.cost_usd
        );
    }
    Ok(())
}

/// A raw prompt (no chat template) goes straight to the local model and is recorded as a local call.
fn generate_raw(
    args: &GenerateArgs,
    model: &Model,
    prompt: String,
    schema: Option<serde_json::Value>,
    ledger: &Ledger,
) -> Result<()> {
    let mut request = args.options.request(Prompt::Text(prompt));
    request.json_schema = schema;
    let mut stdout = std::io::stdout().lock();
    let started = std::time::Instant::now();
    let out = model.session().generate(&request, |chunk| {
        if !args.json && chunk.kind == ChunkKind::Answer {
            let _ = stdout.write_all(chunk.text.as_bytes());
            let _ = stdout.flush();
        }
    })?;
    let prices = conclave::router::Prices::default();
    ledger.record(&CallRecord {
        ts_ms: conclave::router::now_ms(),
        backend: format!("local:{}", args.options.model),
        model: args.options.model.clone(),
        local: true,
        user: None,
        workflow: None,
        task: Some("generate".into()),
        input_tokens: out.prompt_tokens as u64,
        output_tokens: out.completion_tokens as u64,
        latency_ms: started.elapsed().as_millis() as u64,
        outcome: "ok".into(),
        cost_nanos: prices.local_cost(started.elapsed()),
        reference_nanos: prices
            .reference_cost(out.prompt_tokens as u64, out.completion_tokens as u64),
    })?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&summary(model, &out, args.options.threads))?
        );
    } else {
        println!();
        eprintln!(
            "[{} prompt tokens, {} generated, {:.1} prompt tok/s, {:.1} decode tok/s, {}]",
            out.prompt_tokens,
            out.completion_tokens,
            out.timings.prompt_tok_s(),
            out.timings.decode_tok_s(),
            serde_json::to_value(out.finish_reason)?
                .as_str()
                .unwrap_or_default()
        );
    }
    Ok(())
}

fn summary(model: &Model, out: &Generation, threads: Option<usize>) -> serde_json::Value {
    json!({
        "text": out.text,
        "reasoning": out.reasoning,
        "json": out.json,
        "json_forced_completion": out.json_forced_completion,
        "finish_reason": out.finish_reason,
        "prompt_tokens": out.prompt_tokens,
        "completion_tokens": out.completion_tokens,
        "load_s": model.load_seconds(),
        "prompt_s": out.timings.prompt_s,
        "decode_s": out.timings.decode_s,
        "prompt_tok_s": out.timings.prompt_tok_s(),
        "decode_tok_s": out.timings.decode_tok_s(),
        "backend": model.backend().to_string(),
        "threads": threads,
        "model": model.path(),
    })
}

pub fn chat(args: &ChatArgs) -> Result<()> {
    let o = &args.options;
    let model = o.load()?;
    let mut session = model.session();
    let request = o.request(Prompt::Chat(Vec::new()));
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stdin());
    if interactive {
        eprintln!(
            "chatting with {} ({}); /reset starts over, /exit or Ctrl-D leaves",
            o.model,
            model.backend()
        );
    }
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout();
    loop {
        if interactive {
            eprint!("> ");
        }
        let mut line = String::new();
        if stdin.read_line(&mut line)? == 0 {
            return Ok(());
        }
        match line.trim() {
            "" => continue,
            "/exit" | "/quit" => return Ok(()),
            "/reset" => {
                session = model.session();
                continue;
            }
            _ => {}
        }
        if session.history().is_empty()
            && let Some(system) = &o.system
        {
            session.push_message(Message::system(system.clone()));
        }
        let message = Message::user(line.trim());
        session.reply(message, &request, |chunk| {
            if chunk.kind == ChunkKind::Answer {
                let _ = stdout.write_all(chunk.text.as_bytes());
                let _ = stdout.flush();
            }
        })?;
        println!();
    }
}
