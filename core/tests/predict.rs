//! Predictive analytics on real measurements: the history is built by timing real Conclave
//! analyses of the repository's own code (rule fixtures, lizard fixtures, examples, bench
//! scripts) in five languages, on inputs of varied size; predictions for new inputs are checked
//! against fresh measurements. Stores are real SQLite files in a temporary directory.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use conclave::config::Config;
use conclave::source::{self, Filters};
use conclave::workflow::predict::{
    self, AnomalyOptions, Basis, Budget, BudgetCheck, BudgetMetric, History, Method, Metric,
    PlannedStep, PredictError, StepRun, Trend, anomaly, estimate, learning_curve,
};
use conclave::{Engine, Language};

const AGENT: &str = "code-analysis";

/// SplitMix64: a deterministic generator, so that every run of the test picks the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `k` distinct items of `items`, in their original order.
    fn subset<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut keyed: Vec<(u64, usize)> = (0..items.len()).map(|i| (self.next(), i)).collect();
        keyed.sort_unstable();
        let mut picked: Vec<usize> = keyed.into_iter().take(k).map(|(_, i)| i).collect();
        picked.sort_unstable();
        picked.into_iter().map(|i| &items[i]).collect()
    }
}

/// The repository's own code (fixtures, agents' rule tests, examples, bench scripts), found by
/// Conclave's own walker, grouped by language, with sizes.
fn repository_files() -> Vec<(Language, Vec<(PathBuf, u64)>)> {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    let roots = [
        "tests/fixtures",
        "tests/traces",
        "../agents",
        "../examples",
        "../benches",
    ];
    let roots = roots.map(|r| core.join(r));
    let (found, _) = source::walk(&roots, &Filters::new(&Config::default()).unwrap());
    Language::ALL
        .iter()
        .map(|&language| {
            let files = found
                .iter()
                .filter(|c| c.language == language)
                .map(|c| (c.path.clone(), std::fs::metadata(&c.path).unwrap().len()))
                .collect();
            (language, files)
        })
        .collect()
}

/// Analyses `files` three times and keeps the fastest run: the minimum is the least disturbed
/// by whatever else the machine is doing.
fn measure(engine: &Engine, language: Language, files: &[&(PathBuf, u64)], at_ms: i64) -> StepRun {
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let mut best = f64::INFINITY;
    let mut findings = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let report = engine.analyze_paths(&paths, None);
        best = best.min(started.elapsed().as_secs_f64() * 1_000.0);
        findings = report.summary.findings;
        assert_eq!(report.summary.files, paths.len(), "every file analysed");
    }
    StepRun {
        agent: AGENT.into(),
        language: Some(language.name().into()),
        input_bytes: files.iter().map(|(_, size)| size).sum(),
        input_files: files.len() as u32,
        duration_ms: best,
        tokens: 0,
        cost_usd: 0.0,
        findings: findings as u32,
        at_ms,
    }
}

const RUNS_PER_LANGUAGE: usize = 24;

/// Real analysis runs: `history` in the order they were measured (languages interleaved), then
/// one held-out run per language on an input of a size the history has not seen.
struct RealRuns {
    history: Vec<StepRun>,
    held_out: Vec<StepRun>,
}

fn real_runs() -> &'static RealRuns {
    static RUNS: OnceLock<RealRuns> = OnceLock::new();
    RUNS.get_or_init(|| {
        let engine = Engine::builder().threads(1).build().unwrap();
        let files = repository_files();
        for (language, files) in &files {
            assert!(files.len() >= 20, "{language:?}: {} files", files.len());
            // Warm up: parsers and rule queries are built on first use.
            let first: Vec<_> = files.iter().take(3).collect();
            measure(&engine, *language, &first, 0);
        }
        let mut rng = Rng(0x5EED);
        let mut history = Vec::new();
        for i in 0..RUNS_PER_LANGUAGE {
            for (language, files) in &files {
                // Sizes spread log-uniformly from one file to all of them.
                let k = (files.len() as f64).powf(rng.unit()).round().max(1.0) as usize;
                let picked = rng.subset(files, k);
                history.push(measure(&engine, *language, &picked, 1_000 + i as i64));
            }
        }
        let held_out = files
            .iter()
            .map(|(language, files)| {
                let picked = rng.subset(files, files.len() * 2 / 3);
                measure(&engine, *language, &picked, 10_000)
            })
            .collect();
        RealRuns { history, held_out }
    })
}

/// A fresh store in `dir` holding `runs`.
fn store(dir: &Path, runs: &[StepRun]) -> History {
    let history = History::open(dir.join("history.sqlite")).unwrap();
    for run in runs {
        history.record(run).unwrap();
    }
    history
}

#[test]
fn real_analysis_timings_predict_new_inputs_within_a_factor_of_three() {
    let runs = real_runs();
    let dir = tempfile::tempdir().unwrap();
    let history = store(dir.path(), &runs.history);
    let mut ratios = Vec::new();
    for actual in &runs.held_out {
        let language = actual.language.as_deref();
        let p = predict::predict(&history, AGENT, language, actual.input_bytes).unwrap();
        assert_eq!(p.basis, Basis::AgentLanguage);
        assert_eq!(p.method, Method::Line);
        assert_eq!(p.samples, RUNS_PER_LANGUAGE);
        assert_eq!(
            (p.tokens, p.cost_usd),
            (0, 0.0),
            "analysis makes no model calls"
        );
        let ratio = p.duration_ms / actual.duration_ms;
        println!(
            "{:<10} {:>7} bytes {:>3} files: predicted {:>8.1} ms [{:.1}, {:.1}], measured {:>8.1} ms, ratio {ratio:.2}",
            language.unwrap_or("-"),
            actual.input_bytes,
            actual.input_files,
            p.duration_ms,
            p.interval.duration_ms.low,
            p.interval.duration_ms.high,
            actual.duration_ms
        );
        ratios.push(ratio);
        history.record_outcome(&p, actual).unwrap();
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    assert!(
        (1.0 / 3.0..=3.0).contains(&median),
        "median predicted/measured {median:.2} ({ratios:?})"
    );
    assert!(
        ratios.iter().all(|r| (0.1..=10.0).contains(r)),
        "every prediction within 10x: {ratios:?}"
    );
    let report = history.error_report(5).unwrap();
    assert_eq!(report.len(), 1);
    assert_eq!(report[0].count, Language::ALL.len());
    assert!(report[0].overall.duration_ms < 2.0, "{report:?}");
    assert_eq!(
        (report[0].overall.tokens, report[0].overall.cost_usd),
        (0.0, 0.0)
    );
}

#[test]
fn prediction_error_after_n_real_runs() {
    let runs = &real_runs().history;
    let at = [1, 3, 5, 10, 20, 40, 60, 80, 100];
    let curve = learning_curve(runs, &at, 20);
    println!("prediction error of the next 20 real analysis runs after N runs (duration):");
    for p in &curve {
        let (mape, wape) = (p.mape.duration_ms * 100.0, p.wape.duration_ms * 100.0);
        println!(
            "  N = {:>3}: MAPE {mape:>8.1}%, on the total {wape:>6.1}%",
            p.runs
        );
    }
    assert_eq!(curve.len(), at.len());
    let first = curve[0].mape.duration_ms;
    let last = curve[curve.len() - 1].mape.duration_ms;
    // With one run the prior (a model-backed guess) stands in; history must beat it by far.
    assert!(last < first / 2.0, "{curve:?}");
}

#[test]
fn a_tenfold_jump_in_findings_on_real_history_is_flagged_and_a_normal_run_is_not() {
    let runs = real_runs();
    let dir = tempfile::tempdir().unwrap();
    let history = store(dir.path(), &runs.history);
    for normal in &runs.held_out {
        let found = predict::anomalies(&history, &AnomalyOptions::default(), normal).unwrap();
        // Findings, tokens and cost are deterministic; the duration of a shared machine is not,
        // so it is printed rather than asserted.
        for a in &found {
            println!("held-out run, {:?}: {}", a.metric, a.reason);
        }
        let deterministic = found.iter().filter(|a| a.metric != Metric::DurationMs);
        assert_eq!(deterministic.count(), 0, "{found:?}");
        let mut jump = normal.clone();
        jump.findings = (normal.findings * 10).max(10);
        let flagged = anomaly(&history, &jump)
            .unwrap()
            .expect("a tenfold jump is flagged");
        println!("{}", flagged.reason);
        assert_eq!(flagged.metric, Metric::Findings);
        assert_eq!(flagged.basis, Basis::AgentLanguage);
        assert!(flagged.score > predict::ANOMALY_THRESHOLD, "{flagged:?}");
        assert!(
            flagged.expected < f64::from(jump.findings) / 3.0,
            "{flagged:?}"
        );
    }
}

/// A model-backed agent: about 3.4 bytes a token plus an 800-token prompt, 2 ms a token plus
/// 1.5 s of latency, $3 per million tokens; each quantity with ±15% multiplicative noise.
fn model_backed_series(agent: &str, language: &str, n: usize, seed: u64) -> Vec<StepRun> {
    let mut rng = Rng(seed);
    let noise = |rng: &mut Rng| ((rng.unit() + rng.unit() + rng.unit() - 1.5) * 0.3).exp();
    (0..n)
        .map(|i| {
            let input_bytes = (1_000.0 * 200f64.powf(rng.unit())) as u64;
            let tokens = ((800.0 + input_bytes as f64 / 3.4) * noise(&mut rng)) as u64;
            StepRun {
                agent: agent.into(),
                language: Some(language.into()),
                input_bytes,
                input_files: 1 + (input_bytes / 4_000) as u32,
                duration_ms: (1_500.0 + 2.0 * tokens as f64) * noise(&mut rng),
                tokens,
                cost_usd: tokens as f64 * 3e-6,
                findings: ((input_bytes as f64 / 5_000.0) * noise(&mut rng)) as u32,
                at_ms: i as i64,
            }
        })
        .collect()
}

#[test]
fn more_history_reduces_the_error_on_a_realistic_linear_series() {
    let runs = model_backed_series("security-review", "java", 400, 7);
    let curve = learning_curve(&runs, &[2, 3, 10, 30, 100, 300], 100);
    for p in &curve {
        println!(
            "N = {:>3}: duration {:>6.1}%, tokens {:>6.1}%, cost {:>6.1}%",
            p.runs,
            p.mape.duration_ms * 100.0,
            p.mape.tokens * 100.0,
            p.mape.cost_usd * 100.0
        );
    }
    let mean = |n: usize| curve.iter().find(|p| p.runs == n).unwrap().mape.mean();
    assert!(mean(30) < mean(3) * 0.75, "a fitted line beats a rate");
    assert!(mean(300) < mean(3) * 0.75);
    assert!(mean(300) < 0.25, "down to about the noise: {}", mean(300));
}

#[test]
fn predictions_fall_back_from_agent_and_language_to_agent_to_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let history = store(dir.path(), &[]);
    let basis = |agent: &str, language: Option<&str>| {
        let p = predict::predict(&history, agent, language, 10_240).unwrap();
        (p.basis, p.method, p.samples)
    };
    assert_eq!(
        basis("review", Some("go")),
        (Basis::Default, Method::Prior, 0)
    );
    let prior = predict::predict(&history, "review", Some("go"), 10_240).unwrap();
    assert!(
        prior.tokens > 0 && prior.cost_usd > 0.0,
        "the default assumes model calls"
    );

    for run in model_backed_series("review", "go", 2, 1) {
        history.record(&run).unwrap();
    }
    assert_eq!(
        basis("review", Some("go")).0,
        Basis::Default,
        "two runs are too few"
    );
    for run in model_backed_series("review", "java", 3, 2) {
        history.record(&run).unwrap();
    }
    assert_eq!(basis("review", Some("go")), (Basis::Agent, Method::Line, 5));
    assert_eq!(
        basis("review", Some("java")),
        (Basis::AgentLanguage, Method::Rate, 3)
    );
    assert_eq!(basis("review", None), (Basis::Agent, Method::Line, 5));
    assert_eq!(basis("other", Some("java")).0, Basis::Default);
}

/// A history with a model-backed reviewer and the model-free analysis, and a three-step plan:
/// two reviews that may fall back to analysis, one that may not.
fn plan_fixture(dir: &Path) -> (History, Vec<PlannedStep>) {
    let mut runs = model_backed_series("security-review", "python", 60, 3);
    runs.extend_from_slice(&real_runs().history);
    let history = store(dir, &runs);
    let step = |id: &str, bytes: u64, model_free: Option<&str>| PlannedStep {
        id: id.into(),
        agent: "security-review".into(),
        language: Some("python".into()),
        input_bytes: bytes,
        model_free: model_free.map(Into::into),
        calls_models: true,
    };
    let steps = vec![
        step("review-small", 20_000, Some(AGENT)),
        step("review-large", 120_000, Some(AGENT)),
        step("review-auth", 40_000, None),
    ];
    (history, steps)
}

#[test]
fn a_plan_over_budget_is_downgraded_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (history, steps) = plan_fixture(dir.path());
    let free = estimate(&history, &steps, &Budget::default()).unwrap();
    assert_eq!(free.verdict, BudgetCheck::Within);
    let cost = |id: &str| {
        let s = free.steps.iter().find(|s| s.id == id).unwrap();
        s.prediction.cost_usd
    };
    let total = free.totals.cost_usd;
    assert!(
        (total - (cost("review-small") + cost("review-large") + cost("review-auth"))).abs() < 1e-12
    );
    for s in &free.steps {
        assert_eq!(s.prediction.basis, Basis::AgentLanguage);
        if let Some(alt) = &s.model_free {
            assert_eq!(
                (alt.agent.as_str(), alt.basis),
                (AGENT, Basis::AgentLanguage)
            );
            assert_eq!((alt.tokens, alt.cost_usd), (0, 0.0));
        }
    }
    println!(
        "plan: predicted ${total:.4}, {} tokens, {:.1} s",
        free.totals.tokens,
        free.totals.duration_ms / 1000.0
    );

    let usd = |max: f64| Budget {
        max_usd: Some(max),
        ..Budget::default()
    };
    // Just under the total: dropping the large review's model calls is enough.
    let BudgetCheck::Downgrade {
        steps: swapped,
        totals,
        reason,
    } = estimate(&history, &steps, &usd(total * 0.95))
        .unwrap()
        .verdict
    else {
        panic!("a downgrade")
    };
    println!("{reason}");
    assert_eq!(swapped, ["review-large"]);
    assert!((totals.cost_usd - cost("review-small") - cost("review-auth")).abs() < 1e-12);
    // Only the step with no model-free variant fits: both reviews are downgraded.
    let verdict = estimate(&history, &steps, &usd(cost("review-auth") * 1.01))
        .unwrap()
        .verdict;
    let BudgetCheck::Downgrade {
        steps: mut swapped, ..
    } = verdict
    else {
        panic!("{verdict:?}")
    };
    swapped.sort();
    assert_eq!(swapped, ["review-large", "review-small"]);
    // Not even that fits: refused, with the best reachable cost.
    let limit = cost("review-auth") / 2.0;
    let verdict = estimate(&history, &steps, &usd(limit)).unwrap().verdict;
    let BudgetCheck::Refuse {
        metric,
        predicted,
        limit: refused_at,
        reason,
    } = verdict
    else {
        panic!("{verdict:?}")
    };
    println!("{reason}");
    assert_eq!((metric, refused_at), (BudgetMetric::CostUsd, limit));
    assert!((predicted - cost("review-auth")).abs() < 1e-12);
    // A token limit is checked the same way; a negative limit is an error.
    let tokens = Budget {
        max_tokens: Some(10),
        ..Budget::default()
    };
    let verdict = estimate(&history, &steps, &tokens).unwrap().verdict;
    assert!(matches!(
        verdict,
        BudgetCheck::Refuse {
            metric: BudgetMetric::Tokens,
            ..
        }
    ));
    let bad = Budget {
        max_duration_ms: Some(-1.0),
        ..Budget::default()
    };
    let error = estimate(&history, &steps, &bad).unwrap_err();
    assert!(matches!(
        error,
        PredictError::InvalidBudget {
            metric: BudgetMetric::DurationMs,
            ..
        }
    ));
}

#[test]
fn the_store_persists_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/history.sqlite");
    let runs = model_backed_series("review", "csharp", 12, 4);
    let prediction = {
        let history = History::open(&path).unwrap();
        assert!(history.is_empty().unwrap());
        for run in &runs {
            history.record(run).unwrap();
        }
        let p = predict::predict(&history, "review", Some("csharp"), 30_000).unwrap();
        history.record_outcome(&p, &runs[0]).unwrap();
        p
    };
    let history = History::open(&path).unwrap();
    assert_eq!(history.len().unwrap(), runs.len());
    assert_eq!(history.runs().unwrap(), runs);
    assert_eq!(
        history.recent("review", Some("csharp"), 5).unwrap(),
        runs[7..]
    );
    assert_eq!(
        predict::predict(&history, "review", Some("csharp"), 30_000).unwrap(),
        prediction
    );
    let report = history.error_report(10).unwrap();
    assert_eq!((report.len(), report[0].count), (1, 1));

    let invalid = StepRun {
        duration_ms: f64::NAN,
        ..runs[0].clone()
    };
    let Err(PredictError::InvalidRun { field, .. }) = history.record(&invalid) else {
        panic!("a NaN duration is refused")
    };
    assert_eq!(field, "duration_ms");
    assert_eq!(history.len().unwrap(), runs.len(), "nothing written");
}

#[test]
fn prediction_error_is_tracked_over_time() {
    let dir = tempfile::tempdir().unwrap();
    let history = store(dir.path(), &[]);
    // What the executor does: predict, run, store the outcome, record the run.
    for run in model_backed_series("review", "go", 80, 5) {
        let p = predict::predict(
            &history,
            &run.agent,
            run.language.as_deref(),
            run.input_bytes,
        )
        .unwrap();
        history.record_outcome(&p, &run).unwrap();
        history.record(&run).unwrap();
    }
    let report = history.error_report(40).unwrap();
    let review = &report[0];
    println!("{review:?}");
    assert_eq!(
        (review.agent.as_str(), review.count, review.recent_count),
        ("review", 80, 40)
    );
    assert_eq!(review.trend, Trend::Improving);
    let earlier = review.earlier.unwrap();
    assert!(review.recent.mean() < earlier.mean());
    assert!(review.recent.tokens < 0.25, "{review:?}");
}
