//! What calls cost: a dated price table for cloud models and a compute-hour rate for local ones.
//!
//! Money is counted in nano-dollars (`i64`), so sums in the ledger are exact.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

/// Nano-dollars per dollar.
pub const NANOS_PER_USD: i64 = 1_000_000_000;

/// Converts nano-dollars to dollars (for display).
pub fn usd(nanos: i64) -> f64 {
    nanos as f64 / NANOS_PER_USD as f64
}

/// Converts dollars to nano-dollars.
pub fn nanos(usd: f64) -> i64 {
    (usd * NANOS_PER_USD as f64).round() as i64
}

/// One model's prices.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ModelPrice {
    /// `openai`, `anthropic`, …
    pub provider: String,
    /// Dollars per million input tokens.
    pub input_per_mtok: f64,
    /// Dollars per million output tokens.
    pub output_per_mtok: f64,
}

/// The price table (shipped as `agents/prices.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Prices {
    /// When the prices were read off the providers' pages.
    pub updated: String,
    /// The cloud model every call is compared against for savings.
    pub reference_model: String,
    /// Prices by model name.
    pub models: BTreeMap<String, ModelPrice>,
    /// Dollars per hour of local compute (electricity and hardware wear; 0 by default).
    #[serde(default)]
    pub local_usd_per_hour: f64,
}

/// A price table that does not parse or lacks its reference model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PriceError {
    /// Not valid TOML for the table's shape.
    #[error("price table: {0}")]
    Parse(#[from] toml::de::Error),
    /// `reference_model` has no entry.
    #[error("price table: reference model `{model}` has no prices")]
    MissingReference {
        /// The model named.
        model: String,
    },
}

impl Default for Prices {
    fn default() -> Self {
        Self::parse(include_str!("../../../agents/prices.toml"))
            .expect("the shipped price table parses")
    }
}

impl Prices {
    /// Reads a table in the shipped format.
    pub fn parse(text: &str) -> Result<Self, PriceError> {
        let prices: Self = toml::from_str(text)?;
        if !prices.models.contains_key(&prices.reference_model) {
            return Err(PriceError::MissingReference {
                model: prices.reference_model,
            });
        }
        Ok(prices)
    }

    /// Sets the local compute rate.
    pub fn with_local_rate(mut self, usd_per_hour: f64) -> Self {
        self.local_usd_per_hour = usd_per_hour.max(0.0);
        self
    }

    /// Price of a cloud model, matched exactly or by the longest table name it starts with
    /// (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`).
    pub fn model(&self, model: &str) -> Option<&ModelPrice> {
        self.models.get(model).or_else(|| {
            self.models
                .iter()
                .filter(|(name, _)| model.starts_with(name.as_str()))
                .max_by_key(|(n, _)| n.len())
                .map(|(_, p)| p)
        })
    }

    /// Cost of a cloud call in nano-dollars (unknown models cost the reference model's price,
    /// so that nothing is counted as free by mistake).
    pub fn cloud_cost(&self, model: &str, input_tokens: u64, output_tokens: u64) -> i64 {
        let price = self
            .model(model)
            .or_else(|| self.model(&self.reference_model))
            .expect("reference model priced");
        token_cost(price, input_tokens, output_tokens)
    }

    /// What the same tokens would have cost on the reference model.
    pub fn reference_cost(&self, input_tokens: u64, output_tokens: u64) -> i64 {
        self.cloud_cost(&self.reference_model.clone(), input_tokens, output_tokens)
    }

    /// Cost of running locally for `elapsed`.
    pub fn local_cost(&self, elapsed: Duration) -> i64 {
        nanos(self.local_usd_per_hour * elapsed.as_secs_f64() / 3600.0)
    }
}

fn token_cost(price: &ModelPrice, input: u64, output: u64) -> i64 {
    // $/Mtok = 1000 nano-dollars per token.
    let per_token = |usd_per_mtok: f64| usd_per_mtok * 1000.0;
    (per_token(price.input_per_mtok) * input as f64
        + per_token(price.output_per_mtok) * output as f64)
        .round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_prices_calls_exactly() {
        let p = Prices::default();
        // 1000 in + 500 out on gpt-4o-mini: 1000 × 150 + 500 × 600 nano-dollars.
        assert_eq!(p.cloud_cost("gpt-4o-mini", 1000, 500), 450_000);
        assert_eq!(p.cloud_cost("gpt-4o-mini-2024-07-18", 1000, 500), 450_000);
        assert_eq!(p.reference_cost(1_000_000, 0), nanos(2.50));
        assert_eq!(
            p.with_local_rate(0.36).local_cost(Duration::from_secs(10)),
            nanos(0.001)
        );
        assert!(matches!(
            Prices::parse("updated='x'\nreference_model='nope'\n[models]\n"),
            Err(PriceError::MissingReference { .. })
        ));
    }
}
