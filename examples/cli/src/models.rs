//! `conclave models`, `conclave generate`, `conclave chat`: local models from the command line.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use conclave::models::{
    Backend, Catalog, ChunkKind, GenerateRequest, Generation, LoadOptions, Message, Model, Prompt,
    SamplingParams, WeightFormat,
};
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
    /// Keep weights as shipped, or convert scalar-only formats at load: as-shipped, q8_0, q4_0.
    #[arg(long, default_value = "q8_0")]
    weights: String,
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
    /// Keep generating past the end-of-turn token (exactly `--max-tokens`; for benchmarks).
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
    /// Send the prompt as raw text, without the chat template.
    #[arg(long)]
    raw: bool,
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
        let path = Catalog::default().resolve(&self.model)?;
        let options = LoadOptions::default()
            .backend(backend)
            .weight_format(format);
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
    let model = o.load()?;
    let prompt = if args.raw {
        Prompt::Text(prompt_text)
    } else {
        Prompt::Chat(o.messages(prompt_text))
    };
    let mut request = o.request(prompt);
    if let Some(file) = &args.schema {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let schema = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", file.display()))?;
        request = request.json_schema(schema);
    }
    let mut stdout = std::io::stdout().lock();
    let out = model.session().generate(&request, |chunk| {
        if !args.json && chunk.kind == ChunkKind::Answer {
            let _ = stdout.write_all(chunk.text.as_bytes());
            let _ = stdout.flush();
        }
    })?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&summary(&model, &out, o.threads))?
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
