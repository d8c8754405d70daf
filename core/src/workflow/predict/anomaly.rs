//! Runs that break sharply from their agent's history: ten times the usual findings for an input
//! of that size, a cost spike, a step that suddenly takes far longer.

use serde::{Deserialize, Serialize};

use super::model::{self, Basis, PredictOptions};
use super::stats;
use super::{History, PredictError, StepRun};

/// The Iglewicz–Hoaglin cut-off: a modified z-score beyond ±3.5 marks a potential outlier.
pub const ANOMALY_THRESHOLD: f64 = 3.5;

/// A measured quantity of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    Findings,
    CostUsd,
    Tokens,
    DurationMs,
}

impl Metric {
    const ALL: [Metric; 4] = [
        Metric::Findings,
        Metric::CostUsd,
        Metric::Tokens,
        Metric::DurationMs,
    ];

    fn of(self, run: &StepRun) -> f64 {
        match self {
            Metric::Findings => f64::from(run.findings),
            Metric::CostUsd => run.cost_usd,
            Metric::Tokens => run.tokens as f64,
            Metric::DurationMs => run.duration_ms,
        }
    }

    /// Added to both sides of a ratio so that zeros compare: about one unit of the quantity, so
    /// that 0 against 1 finding is no anomaly while 3 against 30 is.
    fn offset(self) -> f64 {
        match self {
            Metric::Findings | Metric::Tokens | Metric::DurationMs => 1.0,
            Metric::CostUsd => 1e-6,
        }
    }

    fn show(self, value: f64) -> String {
        match self {
            Metric::Findings | Metric::Tokens => format!("{value:.0}"),
            Metric::CostUsd => format!("${value:.6}"),
            Metric::DurationMs => format!("{value:.1} ms"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Metric::Findings => "findings",
            Metric::CostUsd => "cost",
            Metric::Tokens => "tokens",
            Metric::DurationMs => "duration",
        }
    }
}

/// A run far from what its history predicts for an input of its size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anomaly {
    pub metric: Metric,
    /// What the run measured.
    pub value: f64,
    /// What its history predicts for an input of this size.
    pub expected: f64,
    /// The modified z-score of the log ratio value/expected: positive above, negative below.
    pub score: f64,
    /// Past runs compared with (its size peers when there are enough, else all).
    pub samples: usize,
    pub basis: Basis,
    pub reason: String,
}

/// Knobs of the detector; the defaults are what [`anomaly`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AnomalyOptions {
    /// Past runs needed before anything is flagged (8): with fewer, every run looks odd.
    pub min_samples: usize,
    /// `|score|` above which a metric is flagged ([`ANOMALY_THRESHOLD`]).
    pub threshold: f64,
    /// Only the most recent runs count (200).
    pub window: usize,
    /// The smallest spread of log ratios assumed (0.05, about 5%): perfectly regular history
    /// would otherwise flag any difference at all. With it, a run must be about 30% off a
    /// perfectly regular history to be flagged.
    pub min_spread: f64,
    /// Runs within this factor of the checked run's size (4: from a quarter to four times) are
    /// its peers when there are at least `min_samples` of them: a one-file input varies far more
    /// than a fifty-file one, whose findings average over many files.
    pub peer_size_factor: f64,
}

impl Default for AnomalyOptions {
    fn default() -> Self {
        AnomalyOptions {
            min_samples: 8,
            threshold: ANOMALY_THRESHOLD,
            window: 200,
            min_spread: 0.05,
            peer_size_factor: 4.0,
        }
    }
}

/// The most anomalous metric of `run` against its agent's stored history, if any is. Check a
/// run before recording it, so that it is not part of what it is compared with.
pub fn anomaly(history: &History, run: &StepRun) -> Result<Option<Anomaly>, PredictError> {
    let mut found = anomalies(history, &AnomalyOptions::default(), run)?;
    found.sort_by(|a, b| b.score.abs().total_cmp(&a.score.abs()));
    Ok(found.into_iter().next())
}

/// Every anomalous metric of `run` against its agent's stored history.
pub fn anomalies(
    history: &History,
    options: &AnomalyOptions,
    run: &StepRun,
) -> Result<Vec<Anomaly>, PredictError> {
    let mut runs = match &run.language {
        Some(lang) => history.recent(&run.agent, Some(lang), options.window)?,
        None => Vec::new(),
    };
    if runs.len() < options.min_samples {
        runs = history.recent(&run.agent, None, options.window)?;
    }
    Ok(anomalies_from(&runs, options, run))
}

/// Every anomalous metric of `run` against runs held in memory (oldest first). Same agent only;
/// same language when it has at least `options.min_samples` runs. The line is fitted on all of
/// them; the center and spread of the log ratios come from the run's size peers when there are
/// enough.
pub fn anomalies_from(runs: &[StepRun], options: &AnomalyOptions, run: &StepRun) -> Vec<Anomaly> {
    let selection = PredictOptions {
        min_samples: options.min_samples,
        window: options.window,
        ..PredictOptions::default()
    };
    let (basis, past) = model::select(runs, &selection, &run.agent, run.language.as_deref());
    if basis == Basis::Default {
        return Vec::new();
    }
    let method = model::choose_method(&past, &selection);
    let size = run.input_bytes.max(1) as f64;
    let factor = options.peer_size_factor.max(1.0);
    let is_peer = |r: &StepRun| {
        let other = r.input_bytes.max(1) as f64;
        other >= size / factor && other <= size * factor
    };
    let peers = past.iter().filter(|r| is_peer(r)).count();
    let compared: Vec<&StepRun> = if peers >= options.min_samples {
        past.iter().filter(|r| is_peer(r)).collect()
    } else {
        past.iter().collect()
    };
    Metric::ALL
        .into_iter()
        .filter_map(|metric| {
            let offset = metric.offset();
            let line = model::fit(&past, method, |r| metric.of(r));
            let log_ratio = |r: &StepRun| {
                ((metric.of(r) + offset) / (line.at(r.input_bytes as f64) + offset)).ln()
            };
            let ratios: Vec<f64> = compared.iter().map(|r| log_ratio(r)).collect();
            let score = stats::modified_z(&ratios, log_ratio(run), options.min_spread)?;
            if score.abs() <= options.threshold {
                return None;
            }
            let typical = stats::median(&ratios).unwrap_or(0.0);
            let expected =
                ((line.at(run.input_bytes as f64) + offset) * typical.exp() - offset).max(0.0);
            let value = metric.of(run);
            let peers = if compared.len() < past.len() { " of similar size" } else { "" };
            let reason = format!(
                "{} {} against about {} expected for {} bytes ({} past runs of {}{peers}): modified z-score {score:.1}, beyond ±{}",
                metric.name(),
                metric.show(value),
                metric.show(expected),
                run.input_bytes,
                compared.len(),
                run.agent,
                options.threshold
            );
            tracing::warn!(agent = %run.agent, metric = metric.name(), value, expected, score, "anomalous step run");
            Some(Anomaly {
                metric,
                value,
                expected,
                score,
                samples: compared.len(),
                basis,
                reason,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic, realistic series: findings and time proportional to size, ±20% noise.
    fn series(n: u64) -> Vec<StepRun> {
        (0..n)
            .map(|i| {
                let bytes = 2_000 + (i * 7_919) % 50_000;
                let wobble = 0.8 + 0.4 * ((i * 37) % 11) as f64 / 10.0;
                StepRun {
                    agent: "code-analysis".into(),
                    language: Some("python".into()),
                    input_bytes: bytes,
                    input_files: 3,
                    duration_ms: (5.0 + bytes as f64 * 0.002) * wobble,
                    tokens: 0,
                    cost_usd: 0.0,
                    findings: ((bytes as f64 / 1_000.0) * wobble).round() as u32,
                    at_ms: i as i64,
                }
            })
            .collect()
    }

    #[test]
    fn a_tenfold_jump_in_findings_is_flagged_and_a_normal_run_is_not() {
        let past = series(40);
        let options = AnomalyOptions::default();
        let mut normal = series(41).pop().unwrap();
        assert_eq!(anomalies_from(&past, &options, &normal), Vec::new());
        normal.findings *= 10;
        let found = anomalies_from(&past, &options, &normal);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].metric, Metric::Findings);
        assert!(found[0].score > ANOMALY_THRESHOLD);
        assert_eq!(found[0].basis, Basis::AgentLanguage);
        assert!(found[0].expected > 0.0 && found[0].expected < found[0].value / 5.0);
    }

    #[test]
    fn a_model_free_agent_that_starts_spending_is_flagged() {
        let past = series(40);
        let mut run = series(41).pop().unwrap();
        run.tokens = 5_000;
        run.cost_usd = 0.01;
        let found = anomalies_from(&past, &AnomalyOptions::default(), &run);
        let metrics: Vec<Metric> = found.iter().map(|a| a.metric).collect();
        assert_eq!(metrics, vec![Metric::CostUsd, Metric::Tokens]);
    }

    #[test]
    fn too_little_history_flags_nothing() {
        let past = series(5);
        let mut run = series(6).pop().unwrap();
        run.findings *= 100;
        assert!(anomalies_from(&past, &AnomalyOptions::default(), &run).is_empty());
    }

    #[test]
    fn a_large_run_is_judged_against_large_runs() {
        let mut past: Vec<StepRun> = series(20)
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r.input_bytes = 1_000;
                r.findings = (i as u32 * 7) % 20;
                r
            })
            .collect();
        past.extend(series(10).into_iter().enumerate().map(|(i, mut r)| {
            r.input_bytes = 100_000;
            r.findings = 290 + (i as u32 * 3) % 20;
            r
        }));
        let mut run = past[25].clone();
        run.findings = 3_000;
        let found = anomalies_from(&past, &AnomalyOptions::default(), &run);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].metric, found[0].samples), (Metric::Findings, 10));
        let everyone = AnomalyOptions {
            peer_size_factor: f64::INFINITY,
            ..AnomalyOptions::default()
        };
        assert!(
            anomalies_from(&past, &everyone, &run).is_empty(),
            "the small runs' spread hides it"
        );
        run.findings = 305;
        assert!(anomalies_from(&past, &AnomalyOptions::default(), &run).is_empty());
    }
}
