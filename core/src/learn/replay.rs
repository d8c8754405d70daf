//! Replaying labelled findings as feedback, to measure whether learning ranks findings better
//! than the rules' declared confidence.
//!
//! Protocol: shuffle the records with a fixed seed; walk them in that order; score each record
//! with what has been learned from the records before it (never its own label), then count its
//! label as a verdict. Records after the warm-up share are ranked twice, by declared confidence
//! and by learned reliability, and compared by precision at fixed recall. Repeated over several
//! shuffles, so one lucky order cannot decide.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{LearnError, Prior, Reliabilities, SubjectKind, Verdict};
use crate::vocab::{Confidence, Language};

/// One labelled finding: what the rule said and whether the labeller agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayRecord {
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    pub file: String,
    pub line: u32,
    /// The rule's declared confidence, as the finding carried it.
    pub confidence: Confidence,
    /// True when the finding matches a label (a true positive).
    pub label: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
}

/// Reads JSON Lines records; blank lines are skipped.
pub fn read_records(jsonl: &str) -> Result<Vec<ReplayRecord>, LearnError> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| LearnError::BadRecord {
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// How to replay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplayOptions {
    /// Seed of the first shuffle; round `r` uses `seed + r`.
    pub seed: u64,
    /// How many shuffles to average over.
    pub rounds: u32,
    /// Share of each shuffled sequence that is only learned from, not scored.
    pub warmup: f64,
    /// Recall levels at which precision is compared.
    pub recalls: Vec<f64>,
    /// Score by rule and language ([`Reliabilities::rule_in`]) rather than by rule alone.
    pub per_language: bool,
}

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            seed: 1,
            rounds: 25,
            warmup: 0.5,
            recalls: vec![0.8, 0.9],
            per_language: true,
        }
    }
}

/// Precision of both rankings at one recall level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecallPoint {
    pub recall: f64,
    /// Mean over the rounds, ranking by declared confidence.
    pub baseline: f64,
    /// Mean over the rounds, ranking by learned reliability.
    pub learned: f64,
    /// Rounds where learned precision was higher, equal, lower.
    pub learned_wins: u32,
    pub ties: u32,
    pub baseline_wins: u32,
}

/// One rule after learning from every record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSummary {
    pub rule: String,
    pub confidence: Confidence,
    pub records: usize,
    pub true_positives: usize,
    /// Posterior mean after all of the rule's records.
    pub learned_mean: f64,
    pub learned_lower_bound: f64,
}

/// What a replay measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayReport {
    pub records: usize,
    pub true_positives: usize,
    pub rules: usize,
    pub rounds: u32,
    /// Records ranked per round (those after the warm-up).
    pub scored_per_round: usize,
    pub points: Vec<RecallPoint>,
    pub by_rule: Vec<RuleSummary>,
}

/// Replays `records` as feedback (see the module doc for the protocol).
pub fn replay(records: &[ReplayRecord], options: &ReplayOptions) -> ReplayReport {
    let n = records.len();
    let warmup = if options.warmup.is_finite() {
        options.warmup.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let first_scored = ((n as f64) * warmup).floor() as usize;
    let mut totals: Vec<RecallPoint> = options
        .recalls
        .iter()
        .map(|&recall| RecallPoint {
            recall,
            baseline: 0.0,
            learned: 0.0,
            learned_wins: 0,
            ties: 0,
            baseline_wins: 0,
        })
        .collect();
    let mut counted = vec![0_u32; totals.len()];
    for round in 0..options.rounds {
        let order = shuffled(n, options.seed.wrapping_add(u64::from(round)));
        let mut table = Reliabilities::new();
        let mut baseline = Vec::with_capacity(n - first_scored.min(n));
        let mut learned = Vec::with_capacity(baseline.capacity());
        for (step, &i) in order.iter().enumerate() {
            let r = &records[i];
            if step >= first_scored {
                let language = r.language.filter(|_| options.per_language);
                let belief = table.rule_in(&r.rule, language, r.confidence);
                baseline.push((Prior::of_confidence(r.confidence).mean, r.label));
                learned.push((belief.mean(), r.label));
            }
            observe(&mut table, r);
        }
        for (k, point) in totals.iter_mut().enumerate() {
            let (Some(b), Some(l)) = (
                precision_at_recall(&baseline, point.recall),
                precision_at_recall(&learned, point.recall),
            ) else {
                continue;
            };
            counted[k] += 1;
            point.baseline += b;
            point.learned += l;
            match l.partial_cmp(&b) {
                Some(std::cmp::Ordering::Greater) => point.learned_wins += 1,
                Some(std::cmp::Ordering::Less) => point.baseline_wins += 1,
                _ => point.ties += 1,
            }
        }
    }
    for (point, &c) in totals.iter_mut().zip(&counted) {
        if c > 0 {
            point.baseline /= f64::from(c);
            point.learned /= f64::from(c);
        } else {
            point.baseline = f64::NAN;
            point.learned = f64::NAN;
        }
    }
    ReplayReport {
        records: n,
        true_positives: records.iter().filter(|r| r.label).count(),
        rules: summarize(records).len(),
        rounds: options.rounds,
        scored_per_round: n - first_scored.min(n),
        points: totals,
        by_rule: summarize(records),
    }
}

fn observe(table: &mut Reliabilities, r: &ReplayRecord) {
    let verdict = if r.label {
        Verdict::Accepted
    } else {
        Verdict::Rejected
    };
    let agent = r.agent.as_deref();
    table.add(SubjectKind::Finding, &r.rule, r.language, agent, verdict, 1);
}

fn summarize(records: &[ReplayRecord]) -> Vec<RuleSummary> {
    let mut table = Reliabilities::new();
    let mut per_rule: BTreeMap<&str, (Confidence, usize, usize)> = BTreeMap::new();
    for r in records {
        observe(&mut table, r);
        let slot = per_rule.entry(&r.rule).or_insert((r.confidence, 0, 0));
        slot.1 += 1;
        slot.2 += usize::from(r.label);
    }
    per_rule
        .into_iter()
        .map(|(rule, (confidence, records, true_positives))| {
            let learned = table.rule(rule, confidence);
            RuleSummary {
                rule: rule.to_owned(),
                confidence,
                records,
                true_positives,
                learned_mean: learned.mean(),
                learned_lower_bound: learned.lower_bound(),
            }
        })
        .collect()
}

/// Precision when findings are shown best score first until `recall` of the true ones are
/// shown, or `None` without true ones (or a recall outside (0, 1]). Findings with equal scores
/// come in random order: the count shown is its expectation (the k-th of t true findings in a
/// tied group of g is expected at position k (g + 1) / (t + 1)), so ties neither help nor hurt.
pub fn precision_at_recall(scored: &[(f64, bool)], recall: f64) -> Option<f64> {
    let positives = scored.iter().filter(|(_, label)| *label).count();
    if positives == 0 || !(recall > 0.0 && recall <= 1.0) {
        return None;
    }
    // The fewest true findings that reach the recall (the epsilon absorbs 0.9 * 180 = 162.00…03).
    let needed = ((recall * positives as f64) - 1e-9).ceil().max(1.0) as usize;
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut shown, mut found, mut i) = (0_usize, 0_usize, 0_usize);
    while i < sorted.len() {
        let score = sorted[i].0;
        let group = sorted[i..]
            .iter()
            .take_while(|(s, _)| s.total_cmp(&score).is_eq())
            .count();
        let true_in_group = sorted[i..i + group].iter().filter(|(_, l)| *l).count();
        if found + true_in_group >= needed {
            let k = (needed - found) as f64;
            let expected = shown as f64 + k * (group as f64 + 1.0) / (true_in_group as f64 + 1.0);
            return Some(needed as f64 / expected);
        }
        shown += group;
        found += true_in_group;
        i += group;
    }
    None
}

/// A permutation of `0..n` from a seed (SplitMix64 driving Fisher–Yates): the same on every
/// platform, no dependency.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_at_recall_without_ties() {
        // Ranked: T T F T F T; 4 true.
        let scored = [
            (0.9, true),
            (0.8, true),
            (0.7, false),
            (0.6, true),
            (0.5, false),
            (0.4, true),
        ];
        assert_eq!(precision_at_recall(&scored, 0.5), Some(1.0));
        assert_eq!(precision_at_recall(&scored, 0.75), Some(0.75));
        assert_eq!(precision_at_recall(&scored, 1.0), Some(4.0 / 6.0));
        assert_eq!(precision_at_recall(&[(0.5, false)], 0.9), None);
        assert_eq!(precision_at_recall(&scored, 0.0), None);
    }

    #[test]
    fn ties_count_at_their_expected_position() {
        // One group of 4 with 2 true: the 1st true is expected at (4+1)/(2+1) = 5/3.
        let tied = [(0.5, true), (0.5, false), (0.5, true), (0.5, false)];
        let p = precision_at_recall(&tied, 0.5).unwrap();
        assert!((p - 3.0 / 5.0).abs() < 1e-12, "{p}");
        // The last true one of the six equally likely orders sits at 2, 3, 3, 4, 4, 4: on average
        // 10/3 findings are shown to reach both.
        let p = precision_at_recall(&tied, 1.0).unwrap();
        assert!((p - 2.0 / (10.0 / 3.0)).abs() < 1e-12, "{p}");
        // A better-scored group comes first whole.
        let mixed = [(0.9, true), (0.9, false), (0.1, true), (0.1, true)];
        let p = precision_at_recall(&mixed, 0.6).unwrap(); // 2 of the 3 true ones
        assert!((p - 2.0 / 3.0).abs() < 1e-12, "{p}");
        assert!((precision_at_recall(&mixed, 1.0).unwrap() - 0.75).abs() < 1e-12);
    }

    #[test]
    fn shuffles_are_permutations_and_depend_on_the_seed() {
        let a = shuffled(50, 7);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_eq!(a, shuffled(50, 7));
        assert_ne!(a, shuffled(50, 8));
        assert!(shuffled(0, 1).is_empty());
    }

    #[test]
    fn bad_lines_name_their_number() {
        let text = "{\"rule\":\"R1\",\"file\":\"a.py\",\"line\":3,\"confidence\":\"high\",\"label\":true}\n\nnot json\n";
        match read_records(text) {
            Err(LearnError::BadRecord { line, .. }) => assert_eq!(line, 3),
            other => panic!("expected a bad record, got {other:?}"),
        }
    }
}
