//! Renderers: human text, JSON, JSON Lines and SARIF 2.1.0. Each is a pure function of a
//! [`Report`](crate::Report), so every entry point (CLI, bindings, server) prints the same thing.

mod json;
mod sarif;
mod text;

pub use json::{render_json, render_jsonl, render_metrics_json};
pub use sarif::render_sarif;
pub use text::{TextOptions, render_metrics_text, render_text};

use std::str::FromStr;

/// An output format of `conclave review` and friends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Sarif,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "jsonl" => Ok(Format::Jsonl),
            "sarif" => Ok(Format::Sarif),
            _ => Err(format!(
                "unknown format `{s}` (expected text, json, jsonl or sarif)"
            )),
        }
    }
}
