//! Prediction error: per stored prediction, per agent over time, and as a learning curve.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::StepRun;
use super::model::{PredictOptions, predict_from};

/// A recent error this much below the earlier one (10%) counts as improving; as much above, as
/// worsening; anything between is noise.
const TREND_TOLERANCE: f64 = 0.1;

/// A prediction and what happened, as stored: `[duration_ms, tokens, cost_usd]` each.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    pub agent: String,
    pub predicted: [f64; 3],
    pub actual: [f64; 3],
}

/// A prediction and its outcome, `[duration_ms, tokens, cost_usd]` each.
type Pair = ([f64; 3], [f64; 3]);

/// An error per predicted quantity, as a fraction (0.25 = 25%).
///
/// An actual of zero has no percentage: it counts as 0 when zero was predicted, else as 1
/// (wrong by all of it), so that a model-free step predicted to spend tokens still shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PercentError {
    pub duration_ms: f64,
    pub tokens: f64,
    pub cost_usd: f64,
}

impl PercentError {
    /// The mean of the three: one number to compare periods by.
    pub fn mean(&self) -> f64 {
        (self.duration_ms + self.tokens + self.cost_usd) / 3.0
    }

    fn from_fn(f: impl Fn(usize) -> f64) -> PercentError {
        PercentError {
            duration_ms: f(0),
            tokens: f(1),
            cost_usd: f(2),
        }
    }

    /// Mean absolute percentage error: every prediction counts the same.
    fn mape(pairs: &[Pair]) -> PercentError {
        if pairs.is_empty() {
            return PercentError::default();
        }
        let n = pairs.len() as f64;
        PercentError::from_fn(|q| {
            let sum: f64 = pairs
                .iter()
                .map(|(p, a)| absolute_percentage_error(p[q], a[q]))
                .sum();
            sum / n
        })
    }

    /// Weighted absolute percentage error, `Σ|predicted − actual| / Σ actual`: the error on the
    /// total, where a big step counts more than a tiny one.
    fn wape(pairs: &[Pair]) -> PercentError {
        PercentError::from_fn(|q| {
            let missed: f64 = pairs.iter().map(|(p, a)| (p[q] - a[q]).abs()).sum();
            let actual: f64 = pairs.iter().map(|(_, a)| a[q].abs()).sum();
            absolute_percentage_error(actual + missed, actual)
        })
    }
}

fn absolute_percentage_error(predicted: f64, actual: f64) -> f64 {
    if actual == 0.0 {
        if predicted == 0.0 { 0.0 } else { 1.0 }
    } else {
        ((predicted - actual) / actual).abs()
    }
}

/// Whether recent predictions are better than earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Recent error at least 10% below the earlier error.
    Improving,
    /// Within 10% of it.
    Stable,
    /// At least 10% above it.
    Worsening,
    /// No earlier predictions to compare with.
    Unknown,
}

/// How well an agent's steps have been predicted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentAccuracy {
    pub agent: String,
    /// Predictions with a known outcome.
    pub count: usize,
    /// Mean absolute percentage error over all of them.
    pub overall: PercentError,
    /// How many the recent error covers (the last K, or fewer).
    pub recent_count: usize,
    /// The same over the last K.
    pub recent: PercentError,
    /// The same over those before the last K, if any.
    pub earlier: Option<PercentError>,
    /// `recent` against `earlier`, by [`PercentError::mean`].
    pub trend: Trend,
}

/// Groups outcomes by agent (oldest first within each) into accuracies.
pub(crate) fn report(outcomes: &[Outcome], recent: usize) -> Vec<AgentAccuracy> {
    let mut by_agent: BTreeMap<&str, Vec<Pair>> = BTreeMap::new();
    for o in outcomes {
        by_agent
            .entry(o.agent.as_str())
            .or_default()
            .push((o.predicted, o.actual));
    }
    by_agent
        .into_iter()
        .map(|(agent, pairs)| {
            let split = pairs.len().saturating_sub(recent.max(1));
            let (before, last) = pairs.split_at(split);
            let recent = PercentError::mape(last);
            let earlier = (!before.is_empty()).then(|| PercentError::mape(before));
            AgentAccuracy {
                agent: agent.to_owned(),
                count: pairs.len(),
                overall: PercentError::mape(&pairs),
                recent_count: last.len(),
                recent,
                earlier,
                trend: earlier.map_or(Trend::Unknown, |e| trend(e.mean(), recent.mean())),
            }
        })
        .collect()
}

fn trend(earlier: f64, recent: f64) -> Trend {
    if recent < earlier * (1.0 - TREND_TOLERANCE) {
        Trend::Improving
    } else if recent > earlier * (1.0 + TREND_TOLERANCE) {
        Trend::Worsening
    } else {
        Trend::Stable
    }
}

/// The prediction error once `runs` runs are known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LearningPoint {
    /// Runs of history the predictions were made from.
    pub runs: usize,
    /// Runs predicted (the next `window`, or fewer at the end of the history).
    pub predicted: usize,
    /// Mean absolute percentage error of those predictions.
    pub mape: PercentError,
    /// Their weighted error (the error on their total).
    pub wape: PercentError,
}

/// "Prediction error after N runs": replays `runs` in order and, for each N in `at`, predicts the
/// next `window` runs from the first N alone (default [`PredictOptions`]), before any of them is
/// known. Points with nothing left to predict are left out.
pub fn learning_curve(runs: &[StepRun], at: &[usize], window: usize) -> Vec<LearningPoint> {
    let options = PredictOptions::default();
    at.iter()
        .filter(|&&n| n < runs.len())
        .map(|&n| {
            let (history, future) = runs.split_at(n);
            let future = &future[..future.len().min(window.max(1))];
            let pairs: Vec<Pair> = future
                .iter()
                .map(|run| {
                    let p = predict_from(
                        history,
                        &options,
                        &run.agent,
                        run.language.as_deref(),
                        run.input_bytes,
                    );
                    (
                        [p.duration_ms, p.tokens as f64, p.cost_usd],
                        [run.duration_ms, run.tokens as f64, run.cost_usd],
                    )
                })
                .collect();
            LearningPoint {
                runs: n,
                predicted: pairs.len(),
                mape: PercentError::mape(&pairs),
                wape: PercentError::wape(&pairs),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(agent: &str, predicted: f64, actual: f64) -> Outcome {
        Outcome {
            agent: agent.into(),
            predicted: [predicted, 0.0, 0.0],
            actual: [actual, 0.0, 0.0],
        }
    }

    #[test]
    fn percentage_errors_handle_zero_actuals() {
        assert_eq!(absolute_percentage_error(150.0, 100.0), 0.5);
        assert_eq!(absolute_percentage_error(50.0, 100.0), 0.5);
        assert_eq!(absolute_percentage_error(0.0, 0.0), 0.0);
        assert_eq!(absolute_percentage_error(3.0, 0.0), 1.0);
    }

    #[test]
    fn weighted_error_counts_big_steps_more() {
        let pairs = [
            ([2.0, 0.0, 0.0], [1.0, 0.0, 0.0]),
            ([90.0, 5.0, 0.0], [100.0, 0.0, 0.0]),
        ];
        let mape = PercentError::mape(&pairs);
        let wape = PercentError::wape(&pairs);
        assert!((mape.duration_ms - 0.55).abs() < 1e-12);
        assert!((wape.duration_ms - 11.0 / 101.0).abs() < 1e-12);
        assert_eq!((mape.tokens, wape.tokens), (0.5, 1.0));
        assert_eq!((mape.cost_usd, wape.cost_usd), (0.0, 0.0));
    }

    #[test]
    fn report_splits_recent_from_earlier_and_reads_the_trend() {
        let mut outcomes: Vec<Outcome> = (0..6).map(|_| outcome("a", 200.0, 100.0)).collect();
        outcomes.extend((0..4).map(|_| outcome("a", 110.0, 100.0)));
        outcomes.push(outcome("b", 100.0, 100.0));
        let report = report(&outcomes, 4);
        assert_eq!(report.len(), 2);
        let a = &report[0];
        assert_eq!((a.agent.as_str(), a.count, a.recent_count), ("a", 10, 4));
        assert!((a.recent.duration_ms - 0.1).abs() < 1e-9);
        assert!((a.earlier.unwrap().duration_ms - 1.0).abs() < 1e-9);
        assert!((a.overall.duration_ms - 0.64).abs() < 1e-9);
        assert_eq!(a.trend, Trend::Improving);
        assert_eq!(
            (report[1].trend, report[1].recent_count),
            (Trend::Unknown, 1)
        );
        assert_eq!(trend(0.5, 0.52), Trend::Stable);
        assert_eq!(trend(0.5, 0.8), Trend::Worsening);
    }
}
