//! A whole plan against a budget, before it runs: within it, within it once some steps run
//! without a model, or refused.

use serde::{Deserialize, Serialize};

use super::model::{PredictOptions, Prediction, predict_with};
use super::{History, PredictError};

/// A step of a plan, as far as prediction cares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedStep {
    pub id: String,
    pub agent: String,
    pub language: Option<String>,
    pub input_bytes: u64,
    /// A cheaper agent that can stand in for this one (e.g. `code-analysis`, with no model
    /// calls), offered when the plan is over budget. It is predicted from its own history; with
    /// none, the prior (which assumes model calls) makes it no cheaper, and it is not taken.
    pub model_free: Option<String>,
    /// Whether the step may call a model at all; a step that may not (and every model-free
    /// variant) is predicted at zero tokens and zero cost, whatever its history or prior says.
    pub calls_models: bool,
}

/// Limits on a whole plan; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub max_usd: Option<f64>,
    pub max_tokens: Option<u64>,
    /// Steps are summed as if run one after another: an upper bound when some run in parallel.
    pub max_duration_ms: Option<f64>,
}

/// The quantity a budget limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BudgetMetric {
    CostUsd,
    Tokens,
    DurationMs,
}

impl std::fmt::Display for BudgetMetric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BudgetMetric::CostUsd => "cost",
            BudgetMetric::Tokens => "tokens",
            BudgetMetric::DurationMs => "duration",
        })
    }
}

impl BudgetMetric {
    const ALL: [BudgetMetric; 3] = [
        BudgetMetric::CostUsd,
        BudgetMetric::Tokens,
        BudgetMetric::DurationMs,
    ];

    fn limit(self, budget: &Budget) -> Option<f64> {
        match self {
            BudgetMetric::CostUsd => budget.max_usd,
            BudgetMetric::Tokens => budget.max_tokens.map(|t| t as f64),
            BudgetMetric::DurationMs => budget.max_duration_ms,
        }
    }

    fn of(self, totals: &Totals) -> f64 {
        match self {
            BudgetMetric::CostUsd => totals.cost_usd,
            BudgetMetric::Tokens => totals.tokens as f64,
            BudgetMetric::DurationMs => totals.duration_ms,
        }
    }

    fn show(self, value: f64) -> String {
        match self {
            BudgetMetric::CostUsd => format!("${value:.4}"),
            BudgetMetric::Tokens => format!("{value:.0} tokens"),
            BudgetMetric::DurationMs => format!("{:.1} s", value / 1000.0),
        }
    }
}

/// Sums over a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub duration_ms: f64,
    pub tokens: u64,
    pub cost_usd: f64,
}

impl Totals {
    fn add(&mut self, p: &Prediction) {
        self.duration_ms += p.duration_ms;
        self.tokens = self.tokens.saturating_add(p.tokens);
        self.cost_usd += p.cost_usd;
    }
}

/// A step's prediction, and its model-free variant's when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepEstimate {
    pub id: String,
    pub prediction: Prediction,
    pub model_free: Option<Prediction>,
}

/// The verdict on a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum BudgetCheck {
    /// The plan as written is predicted to fit.
    Within,
    /// It fits once `steps` (ids) run as their model-free variants; `totals` are then predicted.
    Downgrade {
        steps: Vec<String>,
        reason: String,
        totals: Totals,
    },
    /// It does not fit even with every useful downgrade: `predicted` is the best reachable value
    /// of `metric`, `limit` the budget's.
    Refuse {
        metric: BudgetMetric,
        reason: String,
        predicted: f64,
        limit: f64,
    },
}

/// Per-step predictions, the plan's totals as written and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub steps: Vec<StepEstimate>,
    pub totals: Totals,
    pub verdict: BudgetCheck,
}

/// Estimates a plan with the default prediction options.
pub fn estimate(
    history: &History,
    steps: &[PlannedStep],
    budget: &Budget,
) -> Result<Estimate, PredictError> {
    estimate_with(history, &PredictOptions::default(), steps, budget)
}

/// Predicts every step (and its model-free variant) and checks the plan against `budget`.
pub fn estimate_with(
    history: &History,
    options: &PredictOptions,
    steps: &[PlannedStep],
    budget: &Budget,
) -> Result<Estimate, PredictError> {
    validate(budget)?;
    let mut estimates = Vec::with_capacity(steps.len());
    for step in steps {
        let language = step.language.as_deref();
        let mut prediction =
            predict_with(history, options, &step.agent, language, step.input_bytes)?;
        if !step.calls_models {
            prediction.without_model();
        }
        let model_free = match &step.model_free {
            Some(agent) => {
                let mut p = predict_with(history, options, agent, language, step.input_bytes)?;
                p.without_model();
                Some(p)
            }
            None => None,
        };
        estimates.push(StepEstimate {
            id: step.id.clone(),
            prediction,
            model_free,
        });
    }
    Ok(check(estimates, budget))
}

fn validate(budget: &Budget) -> Result<(), PredictError> {
    for metric in [BudgetMetric::CostUsd, BudgetMetric::DurationMs] {
        if let Some(limit) = metric.limit(budget).filter(|l| !l.is_finite() || *l < 0.0) {
            return Err(PredictError::InvalidBudget { metric, limit });
        }
    }
    Ok(())
}

/// The first limit `totals` break, in the order cost, tokens, duration.
fn exceeded(totals: &Totals, budget: &Budget) -> Option<(BudgetMetric, f64, f64)> {
    BudgetMetric::ALL.into_iter().find_map(|metric| {
        let limit = metric.limit(budget)?;
        let value = metric.of(totals);
        (value > limit).then_some((metric, value, limit))
    })
}

/// How much swapping `from` for `to` helps, each limited quantity's saving as a share of its
/// limit, summed: a swap that saves money but blows the time limit scores low.
fn saving(from: &Prediction, to: &Prediction, budget: &Budget) -> f64 {
    let (mut before, mut after) = (Totals::default(), Totals::default());
    before.add(from);
    after.add(to);
    BudgetMetric::ALL
        .into_iter()
        .filter_map(|metric| {
            let limit = metric.limit(budget)?;
            Some((metric.of(&before) - metric.of(&after)) / limit.max(f64::MIN_POSITIVE))
        })
        .sum()
}

/// Greedy: while over budget, swap in the model-free variant that saves the most.
pub(crate) fn check(steps: Vec<StepEstimate>, budget: &Budget) -> Estimate {
    let totals_of = |swapped: &[bool]| {
        let mut totals = Totals::default();
        for (step, &swap) in steps.iter().zip(swapped) {
            match (&step.model_free, swap) {
                (Some(alt), true) => totals.add(alt),
                _ => totals.add(&step.prediction),
            }
        }
        totals
    };
    let mut swapped = vec![false; steps.len()];
    let totals = totals_of(&swapped);
    let Some((metric, value, limit)) = exceeded(&totals, budget) else {
        return Estimate {
            steps,
            totals,
            verdict: BudgetCheck::Within,
        };
    };
    let over = format!(
        "predicted {metric} {} exceeds the budget of {}",
        metric.show(value),
        metric.show(limit)
    );
    let mut current = totals;
    let mut order = Vec::new();
    while exceeded(&current, budget).is_some() {
        let best = steps
            .iter()
            .enumerate()
            .filter(|(i, _)| !swapped[*i])
            .filter_map(|(i, s)| {
                let alt = s.model_free.as_ref()?;
                Some((i, saving(&s.prediction, alt, budget)))
            })
            .filter(|(_, score)| *score > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((i, _)) = best else { break };
        swapped[i] = true;
        order.push(steps[i].id.clone());
        current = totals_of(&swapped);
    }
    let verdict = match exceeded(&current, budget) {
        None => {
            let reason = format!(
                "{over}; running {} without model calls brings it to {}",
                order.join(", "),
                metric.show(metric.of(&current))
            );
            tracing::info!(steps = ?order, %reason, "plan downgraded to fit its budget");
            BudgetCheck::Downgrade {
                steps: order,
                reason,
                totals: current,
            }
        }
        Some((metric, best, limit)) => {
            let reason = if order.is_empty() {
                format!("{over}, and no step has a cheaper model-free variant")
            } else {
                format!(
                    "predicted {metric} {} exceeds the budget of {} even with {} step(s) run without model calls",
                    metric.show(best),
                    metric.show(limit),
                    order.len()
                )
            };
            tracing::info!(%reason, "plan refused: over budget");
            BudgetCheck::Refuse {
                metric,
                reason,
                predicted: best,
                limit,
            }
        }
    };
    Estimate {
        steps,
        totals,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::predict::{Basis, Interval, Intervals, Method};

    fn prediction(agent: &str, duration_ms: f64, tokens: u64, cost_usd: f64) -> Prediction {
        let flat = |v: f64| Interval { low: v, high: v };
        Prediction {
            agent: agent.into(),
            language: None,
            input_bytes: 1_000,
            duration_ms,
            tokens,
            cost_usd,
            samples: 10,
            basis: Basis::Agent,
            method: Method::Line,
            interval: Intervals {
                duration_ms: flat(duration_ms),
                tokens: flat(tokens as f64),
                cost_usd: flat(cost_usd),
            },
        }
    }

    fn step(id: &str, cost: f64, alt_cost: Option<f64>) -> StepEstimate {
        StepEstimate {
            id: id.into(),
            prediction: prediction("review", 1_000.0, (cost * 1e6) as u64, cost),
            model_free: alt_cost.map(|c| prediction("code-analysis", 200.0, 0, c)),
        }
    }

    #[test]
    fn swaps_the_biggest_saving_first_and_stops_when_within() {
        let steps = vec![
            step("small", 0.01, Some(0.0)),
            step("big", 0.05, Some(0.0)),
            step("fixed", 0.02, None),
        ];
        let budget = Budget {
            max_usd: Some(0.04),
            ..Budget::default()
        };
        let e = check(steps, &budget);
        assert!((e.totals.cost_usd - 0.08).abs() < 1e-12);
        match e.verdict {
            BudgetCheck::Downgrade {
                steps,
                totals,
                reason,
            } => {
                assert_eq!(steps, vec!["big".to_owned()]);
                assert!((totals.cost_usd - 0.03).abs() < 1e-12);
                assert!(
                    reason.contains("$0.0800") && reason.contains("$0.0400"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refuses_with_the_best_reachable_total() {
        let steps = vec![step("a", 0.05, Some(0.01)), step("b", 0.05, None)];
        let budget = Budget {
            max_usd: Some(0.02),
            ..Budget::default()
        };
        match check(steps, &budget).verdict {
            BudgetCheck::Refuse {
                metric,
                predicted,
                limit,
                ..
            } => {
                assert_eq!(metric, BudgetMetric::CostUsd);
                assert!((predicted - 0.06).abs() < 1e-12);
                assert_eq!(limit, 0.02);
            }
            other => panic!("{other:?}"),
        }
        let within = check(vec![step("a", 0.01, None)], &budget);
        assert_eq!(within.verdict, BudgetCheck::Within);
    }

    #[test]
    fn a_swap_that_breaks_another_limit_is_not_taken() {
        let mut slow = step("a", 0.05, Some(0.0));
        if let Some(alt) = slow.model_free.as_mut() {
            alt.duration_ms = 100_000.0;
        }
        let budget = Budget {
            max_usd: Some(0.04),
            max_tokens: None,
            max_duration_ms: Some(10_000.0),
        };
        let verdict = check(vec![slow], &budget).verdict;
        assert!(
            matches!(
                verdict,
                BudgetCheck::Refuse {
                    metric: BudgetMetric::CostUsd,
                    ..
                }
            ),
            "{verdict:?}"
        );
        assert!(matches!(
            validate(&Budget {
                max_usd: Some(f64::NAN),
                ..Budget::default()
            }),
            Err(PredictError::InvalidBudget {
                metric: BudgetMetric::CostUsd,
                ..
            })
        ));
    }
}
