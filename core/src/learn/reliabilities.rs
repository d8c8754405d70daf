//! Verdict counts in memory and the reliabilities read from them.
//!
//! The store persists verdicts; this table is what scoring reads, so the same numbers come out
//! whether the counts were loaded from SQLite or fed one by one during a replay.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{Feedback, Prior, Reliability, SubjectKind, Verdict};
use crate::agents::AgentDefinition;
use crate::vocab::{Confidence, Finding, Language, RuleId, RuleMeta};

/// How many verdicts of each kind a rule, agent or cell received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    pub accepted: u64,
    pub rejected: u64,
    pub fixed: u64,
}

impl VerdictCounts {
    fn add(&mut self, verdict: Verdict, n: u64) {
        let slot = match verdict {
            Verdict::Accepted => &mut self.accepted,
            Verdict::Rejected => &mut self.rejected,
            Verdict::Fixed => &mut self.fixed,
        };
        *slot += n;
    }

    pub fn total(&self) -> u64 {
        self.accepted + self.rejected + self.fixed
    }

    /// Verdicts that confirm a subject of this kind (see [`Verdict::confirms`]).
    pub fn confirming(&self, kind: SubjectKind) -> u64 {
        Verdict::ALL
            .into_iter()
            .filter(|v| v.confirms(kind))
            .map(|v| self.get(v))
            .sum()
    }

    pub fn get(&self, verdict: Verdict) -> u64 {
        match verdict {
            Verdict::Accepted => self.accepted,
            Verdict::Rejected => self.rejected,
            Verdict::Fixed => self.fixed,
        }
    }

    fn minus(&self, other: &VerdictCounts) -> VerdictCounts {
        VerdictCounts {
            accepted: self.accepted.saturating_sub(other.accepted),
            rejected: self.rejected.saturating_sub(other.rejected),
            fixed: self.fixed.saturating_sub(other.fixed),
        }
    }

    fn update(&self, prior: Reliability, kind: SubjectKind) -> Reliability {
        let yes = self.confirming(kind);
        prior.observe(yes, self.total() - yes)
    }
}

/// One rule's verdicts on findings, over all languages and per language.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RuleCounts {
    pub all: VerdictCounts,
    pub by_language: BTreeMap<Language, VerdictCounts>,
}

/// Every verdict, counted per rule, rule and language, and agent; findings and fixes apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reliabilities {
    finding_rules: BTreeMap<String, RuleCounts>,
    finding_agents: BTreeMap<String, VerdictCounts>,
    fix_rules: BTreeMap<String, VerdictCounts>,
    fix_agents: BTreeMap<String, VerdictCounts>,
}

impl Reliabilities {
    pub fn new() -> Reliabilities {
        Reliabilities::default()
    }

    /// Counts one verdict.
    pub fn observe(&mut self, feedback: &Feedback) {
        self.add(
            feedback.kind,
            &feedback.rule,
            feedback.language,
            feedback.agent.as_deref(),
            feedback.verdict,
            1,
        );
    }

    /// Counts `n` identical verdicts (how the store loads its grouped rows).
    pub fn add(
        &mut self,
        kind: SubjectKind,
        rule: &str,
        language: Option<Language>,
        agent: Option<&str>,
        verdict: Verdict,
        n: u64,
    ) {
        match kind {
            SubjectKind::Finding => {
                let counts = self.finding_rules.entry(rule.to_owned()).or_default();
                counts.all.add(verdict, n);
                if let Some(language) = language {
                    counts
                        .by_language
                        .entry(language)
                        .or_default()
                        .add(verdict, n);
                }
                if let Some(agent) = agent {
                    let slot = self.finding_agents.entry(agent.to_owned()).or_default();
                    slot.add(verdict, n);
                }
            }
            SubjectKind::Fix => {
                self.fix_rules
                    .entry(rule.to_owned())
                    .or_default()
                    .add(verdict, n);
                if let Some(agent) = agent {
                    self.fix_agents
                        .entry(agent.to_owned())
                        .or_default()
                        .add(verdict, n);
                }
            }
        }
    }

    /// Verdicts on the rule's findings, per rule id, in id order.
    pub fn rules(&self) -> impl Iterator<Item = (&str, &RuleCounts)> {
        self.finding_rules.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Verdicts on findings, per reporting agent.
    pub fn agents(&self) -> impl Iterator<Item = (&str, &VerdictCounts)> {
        self.finding_agents.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn counts_of_rule(&self, rule: &str) -> VerdictCounts {
        self.finding_rules
            .get(rule)
            .map(|c| c.all)
            .unwrap_or_default()
    }

    /// The share of the rule's findings that are real: its declared confidence as the prior,
    /// every verdict on its findings as evidence.
    pub fn rule(&self, rule: &str, declared: Confidence) -> Reliability {
        let prior = Reliability::from_prior(Prior::of_confidence(declared));
        self.counts_of_rule(rule)
            .update(prior, SubjectKind::Finding)
    }

    /// The rule's reliability in one language. The prior is what the rule earned in the other
    /// languages (declared confidence plus their verdicts), worth [`Prior::STRENGTH`] verdicts,
    /// so a language with few verdicts stays close to the rule and one with many speaks for
    /// itself; no threshold to tune. `observations()` counts this language's verdicts.
    pub fn rule_in(
        &self,
        rule: &str,
        language: Option<Language>,
        declared: Confidence,
    ) -> Reliability {
        let Some(counts) = self.finding_rules.get(rule) else {
            return self.rule(rule, declared);
        };
        let Some(cell) = language.and_then(|l| counts.by_language.get(&l)) else {
            return self.rule(rule, declared);
        };
        let elsewhere = counts.all.minus(cell).update(
            Reliability::from_prior(Prior::of_confidence(declared)),
            SubjectKind::Finding,
        );
        let prior = Reliability::from_prior(Prior {
            mean: elsewhere.mean(),
            strength: Prior::STRENGTH,
        });
        cell.update(prior, SubjectKind::Finding)
    }

    /// How often the agent's findings are real ([`Prior::AGENT`] as the prior).
    pub fn agent(&self, name: &str) -> Reliability {
        let counts = self.finding_agents.get(name).copied().unwrap_or_default();
        counts.update(Reliability::from_prior(Prior::AGENT), SubjectKind::Finding)
    }

    /// How often the agent's proposed fixes are taken ([`Prior::FIX`] as the prior).
    pub fn fixes_of_agent(&self, name: &str) -> Reliability {
        let counts = self.fix_agents.get(name).copied().unwrap_or_default();
        counts.update(Reliability::from_prior(Prior::FIX), SubjectKind::Fix)
    }

    /// How often fixes for the rule's findings are taken ([`Prior::FIX`] as the prior).
    pub fn fixes_of_rule(&self, rule: &str) -> Reliability {
        let counts = self.fix_rules.get(rule).copied().unwrap_or_default();
        counts.update(Reliability::from_prior(Prior::FIX), SubjectKind::Fix)
    }

    /// A finding's learned confidence in [0, 1]: the posterior mean of its rule in its language
    /// (from the path), with the finding's declared confidence as the prior.
    pub fn confidence_of(&self, finding: &Finding) -> f64 {
        let language = Language::from_path(Path::new(&finding.path));
        self.rule_in(finding.rule_id.as_str(), language, finding.confidence)
            .mean()
    }

    /// Voting weights for consensus: each agent's declared weight scaled by how its reliability
    /// compares with the prior (an agent with no feedback keeps its declared weight; one whose
    /// findings are real half as often as expected votes with about two thirds of it).
    pub fn agent_weights(&self, agents: &[AgentDefinition]) -> BTreeMap<String, f64> {
        agents
            .iter()
            .map(|a| {
                let scale = self.agent(&a.name).mean() / Prior::AGENT.mean;
                (a.name.clone(), a.weight * scale)
            })
            .collect()
    }

    /// Every given rule's reliability (the prior alone for rules nobody judged), for the router's
    /// cost-aware policy and for reports.
    pub fn rule_reliabilities(&self, rules: &[RuleMeta]) -> BTreeMap<RuleId, Reliability> {
        rules
            .iter()
            .map(|r| (r.id.clone(), self.rule(r.id.as_str(), r.confidence)))
            .collect()
    }
}

/// The confidence level a learned share of true positives corresponds to, with cuts halfway
/// between the priors' means (0.8, 0.6): a rule nobody judged keeps its declared level.
pub fn confidence_level(mean: f64) -> Confidence {
    if mean >= 0.8 {
        Confidence::High
    } else if mean >= 0.6 {
        Confidence::Medium
    } else {
        Confidence::Low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(
        table: &mut Reliabilities,
        rule: &str,
        language: Language,
        agent: &str,
        v: Verdict,
        n: u64,
    ) {
        table.add(
            SubjectKind::Finding,
            rule,
            Some(language),
            Some(agent),
            v,
            n,
        );
    }

    #[test]
    fn unjudged_rules_keep_their_declared_prior_and_level() {
        let table = Reliabilities::new();
        for c in [Confidence::High, Confidence::Medium, Confidence::Low] {
            let r = table.rule("X1", c);
            assert_eq!(r.mean(), Prior::of_confidence(c).mean);
            assert_eq!(confidence_level(r.mean()), c);
            assert_eq!(table.rule_in("X1", Some(Language::Go), c), r);
        }
    }

    #[test]
    fn language_cells_shrink_towards_the_other_languages() {
        let mut table = Reliabilities::new();
        verdict(
            &mut table,
            "B8",
            Language::Python,
            "a",
            Verdict::Accepted,
            40,
        );
        verdict(&mut table, "B8", Language::Go, "a", Verdict::Rejected, 2);
        let python = table.rule_in("B8", Some(Language::Python), Confidence::High);
        let go = table.rule_in("B8", Some(Language::Go), Confidence::High);
        let overall = table.rule("B8", Confidence::High);
        assert_eq!(python.observations(), 40);
        assert_eq!(go.observations(), 2);
        assert!(go.mean() < overall.mean() && overall.mean() < python.mean());
        // Two rejections against a strong record elsewhere leave Go above a coin flip.
        assert!(go.mean() > 0.5, "{go:?}");
        // A language never judged falls back on the rule.
        assert_eq!(
            table.rule_in("B8", Some(Language::Java), Confidence::High),
            overall
        );
    }

    #[test]
    fn fixes_do_not_count_against_the_finding() {
        let mut table = Reliabilities::new();
        table.add(
            SubjectKind::Fix,
            "R1",
            None,
            Some("repair"),
            Verdict::Rejected,
            5,
        );
        assert_eq!(table.rule("R1", Confidence::High).observations(), 0);
        assert_eq!(table.fixes_of_rule("R1").observations(), 5);
        assert!(table.fixes_of_agent("repair").mean() < Prior::FIX.mean);
        assert_eq!(table.agent("repair").observations(), 0);
        // For a fix, "fixed" means the developer fixed it by hand: the fix was not used.
        table.add(SubjectKind::Fix, "R2", None, None, Verdict::Fixed, 3);
        assert!(table.fixes_of_rule("R2").mean() < Prior::FIX.mean);
        table.add(SubjectKind::Finding, "R2", None, None, Verdict::Fixed, 3);
        assert!(table.rule("R2", Confidence::Medium).mean() > 0.7);
    }

    #[test]
    fn agent_weights_scale_the_declared_weight() {
        let mut table = Reliabilities::new();
        verdict(
            &mut table,
            "R1",
            Language::Python,
            "noisy",
            Verdict::Rejected,
            20,
        );
        verdict(
            &mut table,
            "R1",
            Language::Python,
            "sharp",
            Verdict::Accepted,
            20,
        );
        let definition = |name: &str, weight: f64| AgentDefinition {
            name: name.into(),
            role: "test".into(),
            capabilities: Vec::new(),
            rule_packs: Vec::new(),
            weight,
            prompts: BTreeMap::new(),
        };
        let weights = table.agent_weights(&[
            definition("noisy", 1.0),
            definition("sharp", 1.0),
            definition("new", 2.0),
        ]);
        assert_eq!(weights["new"], 2.0);
        assert!(
            weights["sharp"] > 1.0 && weights["noisy"] < 0.2,
            "{weights:?}"
        );
    }
}
