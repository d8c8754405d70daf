//! The prediction itself: which history to trust, which line to fit, how wide the interval is.

use serde::{Deserialize, Serialize};

use super::stats::{self, Line};
use super::{History, PredictError, StepRun};

/// Bytes in a kilobyte, as the prior's rates count them.
const KB: f64 = 1024.0;

/// How much wider than the point value a prior's interval is, each way: with no history the
/// number is a guess, and the interval says so.
const PRIOR_SPREAD: f64 = 3.0;

/// A size ratio (largest over smallest input) below which a slope cannot be told from noise.
const MIN_SIZE_SPREAD: f64 = 1.5;

/// Where a prediction's numbers came from, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Runs of the same agent on the same language.
    AgentLanguage,
    /// Runs of the same agent on any language.
    Agent,
    /// No usable history: the configured [`Prior`].
    Default,
}

impl Basis {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Basis::AgentLanguage => "agent-language",
            Basis::Agent => "agent",
            Basis::Default => "default",
        }
    }
}

/// How the history was turned into numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// A Theil–Sen line `fixed + per_byte · bytes` over runs of varied sizes (through the
    /// origin, as the median rate, when the fitted fixed cost is negative).
    Line,
    /// The median per-byte rate: few runs, or runs of nearly one size.
    Rate,
    /// No history: the prior.
    Prior,
}

/// `fixed + per_kb · kilobytes`: the shape of every prior.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Linear {
    pub fixed: f64,
    pub per_kb: f64,
}

impl Linear {
    fn at(&self, bytes: u64) -> f64 {
        (self.fixed + self.per_kb * bytes as f64 / KB).max(0.0)
    }
}

/// What to assume about an agent never seen before.
///
/// The default assumes a model-backed step, so that an unknown step is never cheap by accident:
/// 2 s plus 20 ms per KB, 1,000 tokens plus 300 per KB (code runs about 3.4 bytes per token), and
/// $2 per million tokens (so $0.002 plus $0.0006 per KB). Model-free agents are over-estimated
/// until they have [`PredictOptions::min_samples`] runs of history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prior {
    pub duration_ms: Linear,
    pub tokens: Linear,
    pub cost_usd: Linear,
}

impl Default for Prior {
    fn default() -> Self {
        Prior {
            duration_ms: Linear {
                fixed: 2_000.0,
                per_kb: 20.0,
            },
            tokens: Linear {
                fixed: 1_000.0,
                per_kb: 300.0,
            },
            cost_usd: Linear {
                fixed: 0.002,
                per_kb: 0.0006,
            },
        }
    }
}

/// Knobs of the predictor; the defaults are what [`predict`] uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictOptions {
    /// Runs a basis needs before it is used (3): fewer falls back to the next basis.
    pub min_samples: usize,
    /// Runs (of at least three distinct sizes) needed to fit a line rather than a rate (5).
    pub min_line_samples: usize,
    /// Only the most recent runs count (200), so predictions follow a changing agent or machine.
    pub window: usize,
    /// What to assume with no history.
    pub prior: Prior,
}

impl Default for PredictOptions {
    fn default() -> Self {
        PredictOptions {
            min_samples: 3,
            min_line_samples: 5,
            window: 200,
            prior: Prior::default(),
        }
    }
}

/// A range a quantity is expected to fall in (p10–p90 of past runs around the fit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// One [`Interval`] per predicted quantity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Intervals {
    pub duration_ms: Interval,
    pub tokens: Interval,
    pub cost_usd: Interval,
}

/// What a step is expected to take, with where the numbers came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub agent: String,
    pub language: Option<String>,
    pub input_bytes: u64,
    pub duration_ms: f64,
    pub tokens: u64,
    pub cost_usd: f64,
    /// Runs the numbers were fitted on (0 for the prior).
    pub samples: usize,
    pub basis: Basis,
    pub method: Method,
    /// p10–p90 of past runs' ratio to the fit, applied to the point value.
    pub interval: Intervals,
}

impl Prediction {
    /// No model calls: no tokens, no cost.
    pub fn without_model(&mut self) {
        self.tokens = 0;
        self.cost_usd = 0.0;
        self.interval.tokens = Interval {
            low: 0.0,
            high: 0.0,
        };
        self.interval.cost_usd = Interval {
            low: 0.0,
            high: 0.0,
        };
    }
}

/// Predicts a step from the history store with the default options.
pub fn predict(
    history: &History,
    agent: &str,
    language: Option<&str>,
    input_bytes: u64,
) -> Result<Prediction, PredictError> {
    predict_with(
        history,
        &PredictOptions::default(),
        agent,
        language,
        input_bytes,
    )
}

/// Predicts a step from the history store.
pub fn predict_with(
    history: &History,
    options: &PredictOptions,
    agent: &str,
    language: Option<&str>,
    input_bytes: u64,
) -> Result<Prediction, PredictError> {
    let same_language = match language {
        Some(lang) => history.recent(agent, Some(lang), options.window)?,
        None => Vec::new(),
    };
    let any_language = history.recent(agent, None, options.window)?;
    let basis = choose_basis(options, same_language, any_language);
    Ok(fit_prediction(options, agent, language, input_bytes, basis))
}

/// Predicts a step from runs held in memory (oldest first), as [`predict_with`] does from the
/// store: only `agent`'s runs count, the most recent `options.window` of them.
pub fn predict_from(
    runs: &[StepRun],
    options: &PredictOptions,
    agent: &str,
    language: Option<&str>,
    input_bytes: u64,
) -> Prediction {
    let basis = select(runs, options, agent, language);
    fit_prediction(options, agent, language, input_bytes, basis)
}

/// The runs a prediction for (`agent`, `language`) is fitted on, and why.
pub(crate) fn select(
    runs: &[StepRun],
    options: &PredictOptions,
    agent: &str,
    language: Option<&str>,
) -> (Basis, Vec<StepRun>) {
    let recent = |keep: &dyn Fn(&StepRun) -> bool| -> Vec<StepRun> {
        let mut chosen: Vec<StepRun> = runs
            .iter()
            .rev()
            .filter(|r| keep(r))
            .take(options.window)
            .cloned()
            .collect();
        chosen.reverse();
        chosen
    };
    let same_language = match language {
        Some(lang) => recent(&|r| r.agent == agent && r.language.as_deref() == Some(lang)),
        None => Vec::new(),
    };
    let any_language = recent(&|r| r.agent == agent);
    choose_basis(options, same_language, any_language)
}

fn choose_basis(
    options: &PredictOptions,
    same_language: Vec<StepRun>,
    any_language: Vec<StepRun>,
) -> (Basis, Vec<StepRun>) {
    let enough = options.min_samples.max(1);
    if same_language.len() >= enough {
        (Basis::AgentLanguage, same_language)
    } else if any_language.len() >= enough {
        (Basis::Agent, any_language)
    } else {
        (Basis::Default, Vec::new())
    }
}

/// Line when there are enough runs of varied size, else rate.
pub(crate) fn choose_method(runs: &[StepRun], options: &PredictOptions) -> Method {
    let mut sizes: Vec<u64> = runs.iter().map(|r| r.input_bytes).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let (smallest, largest) = match (sizes.first(), sizes.last()) {
        (Some(&s), Some(&l)) => (s as f64, l as f64),
        _ => return Method::Prior,
    };
    let varied = sizes.len() >= 3 && largest >= MIN_SIZE_SPREAD * smallest.max(1.0);
    if runs.len() >= options.min_line_samples && varied {
        Method::Line
    } else {
        Method::Rate
    }
}

/// Fits one quantity of `runs` (picked by `value`) against input size.
pub(crate) fn fit(runs: &[StepRun], method: Method, value: impl Fn(&StepRun) -> f64) -> Line {
    let points: Vec<(f64, f64)> = runs
        .iter()
        .map(|r| (r.input_bytes as f64, value(r)))
        .collect();
    let line = match method {
        // A negative fixed cost means the data show none worth fitting (work grows a little
        // faster than size): the line through the origin, the median rate, then fits better.
        Method::Line => stats::theil_sen(&points)
            .filter(|line| line.fixed >= 0.0)
            .or_else(|| stats::median_rate(&points)),
        Method::Rate => stats::median_rate(&points),
        Method::Prior => None,
    };
    line.unwrap_or(Line {
        fixed: 0.0,
        per_byte: 0.0,
    })
}

/// The fitted value at `bytes` and the p10–p90 of past runs' ratio to the fit around it.
fn point_and_interval(
    runs: &[StepRun],
    method: Method,
    bytes: u64,
    value: impl Fn(&StepRun) -> f64,
) -> (f64, Interval) {
    let line = fit(runs, method, &value);
    let point = line.at(bytes as f64);
    let ratios: Vec<f64> = runs
        .iter()
        .filter_map(|r| {
            let expected = line.at(r.input_bytes as f64);
            (expected > 0.0).then(|| value(r) / expected)
        })
        .collect();
    let low = stats::quantile(&ratios, 0.1).map_or(point, |q| point * q);
    let high = stats::quantile(&ratios, 0.9).map_or(point, |q| point * q);
    (
        point,
        Interval {
            low: low.min(point),
            high: high.max(point),
        },
    )
}

fn fit_prediction(
    options: &PredictOptions,
    agent: &str,
    language: Option<&str>,
    input_bytes: u64,
    (basis, runs): (Basis, Vec<StepRun>),
) -> Prediction {
    let method = if basis == Basis::Default {
        Method::Prior
    } else {
        choose_method(&runs, options)
    };
    let ((duration_ms, duration_interval), (tokens, tokens_interval), (cost_usd, cost_interval)) =
        if method == Method::Prior {
            let prior = |linear: Linear| {
                let point = linear.at(input_bytes);
                (
                    point,
                    Interval {
                        low: point / PRIOR_SPREAD,
                        high: point * PRIOR_SPREAD,
                    },
                )
            };
            (
                prior(options.prior.duration_ms),
                prior(options.prior.tokens),
                prior(options.prior.cost_usd),
            )
        } else {
            (
                point_and_interval(&runs, method, input_bytes, |r| r.duration_ms),
                point_and_interval(&runs, method, input_bytes, |r| r.tokens as f64),
                point_and_interval(&runs, method, input_bytes, |r| r.cost_usd),
            )
        };
    tracing::debug!(
        agent,
        language,
        input_bytes,
        basis = basis.as_str(),
        samples = runs.len(),
        duration_ms,
        tokens,
        cost_usd,
        "step predicted"
    );
    Prediction {
        agent: agent.to_owned(),
        language: language.map(str::to_owned),
        input_bytes,
        duration_ms,
        // Saturating float-to-int cast: a fit is never negative, and never near u64::MAX.
        tokens: tokens.round() as u64,
        cost_usd,
        samples: runs.len(),
        basis,
        method,
        interval: Intervals {
            duration_ms: duration_interval,
            tokens: tokens_interval,
            cost_usd: cost_interval,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(agent: &str, language: Option<&str>, bytes: u64, duration_ms: f64) -> StepRun {
        StepRun {
            agent: agent.into(),
            language: language.map(Into::into),
            input_bytes: bytes,
            input_files: 1,
            duration_ms,
            tokens: bytes / 4,
            cost_usd: bytes as f64 * 1e-7,
            findings: 0,
            at_ms: 0,
        }
    }

    #[test]
    fn an_exact_line_is_recovered_and_extrapolated() {
        let runs: Vec<StepRun> = (1..=10)
            .map(|k| {
                run(
                    "a",
                    Some("python"),
                    k * 1_000,
                    50.0 + 0.01 * (k * 1_000) as f64,
                )
            })
            .collect();
        let p = predict_from(
            &runs,
            &PredictOptions::default(),
            "a",
            Some("python"),
            50_000,
        );
        assert_eq!(p.basis, Basis::AgentLanguage);
        assert_eq!(p.method, Method::Line);
        assert_eq!(p.samples, 10);
        assert!((p.duration_ms - 550.0).abs() < 1e-6, "{p:?}");
        assert_eq!(p.tokens, 12_500);
        assert!((p.cost_usd - 0.005).abs() < 1e-9);
        assert!((p.interval.duration_ms.low - 550.0).abs() < 1e-6);
        assert!((p.interval.duration_ms.high - 550.0).abs() < 1e-6);
    }

    #[test]
    fn falls_back_from_language_to_agent_to_prior() {
        let options = PredictOptions::default();
        let mut runs = vec![
            run("a", Some("go"), 1_000, 10.0),
            run("a", Some("go"), 2_000, 20.0),
            run("a", Some("java"), 4_000, 40.0),
        ];
        let p = predict_from(&runs, &options, "a", Some("go"), 3_000);
        assert_eq!(
            (p.basis, p.method, p.samples),
            (Basis::Agent, Method::Rate, 3)
        );
        assert!((p.duration_ms - 30.0).abs() < 1e-9);
        runs.push(run("a", Some("go"), 4_000, 80.0));
        let p = predict_from(&runs, &options, "a", Some("go"), 3_000);
        assert_eq!((p.basis, p.samples), (Basis::AgentLanguage, 3));
        let p = predict_from(&runs, &options, "a", None, 3_000);
        assert_eq!(p.basis, Basis::Agent);
        let p = predict_from(&runs, &options, "b", Some("go"), 10 * 1024);
        assert_eq!(
            (p.basis, p.method, p.samples),
            (Basis::Default, Method::Prior, 0)
        );
        assert_eq!(p.duration_ms, 2_200.0);
        assert_eq!(p.tokens, 4_000);
        assert!(
            p.interval.duration_ms.low < p.duration_ms
                && p.duration_ms < p.interval.duration_ms.high
        );
    }

    #[test]
    fn the_window_forgets_old_behaviour() {
        let options = PredictOptions {
            window: 5,
            ..PredictOptions::default()
        };
        let mut runs: Vec<StepRun> = (1..=20).map(|k| run("a", None, k * 100, 1_000.0)).collect();
        runs.extend((1..=5).map(|k| run("a", None, k * 100, 10.0)));
        let p = predict_from(&runs, &options, "a", None, 300);
        assert!((p.duration_ms - 10.0).abs() < 1e-9, "{p:?}");
    }

    #[test]
    fn same_sized_runs_use_the_median_rate() {
        let runs: Vec<StepRun> = [100.0, 110.0, 90.0, 500.0, 105.0, 95.0]
            .iter()
            .map(|&d| run("a", None, 10_000, d))
            .collect();
        let p = predict_from(&runs, &PredictOptions::default(), "a", None, 10_000);
        assert_eq!(p.method, Method::Rate);
        assert!((p.duration_ms - 102.5).abs() < 1e-9, "{p:?}");
        assert!(p.interval.duration_ms.low < 100.0 && p.interval.duration_ms.high > 110.0);
    }
}
