//! The seven strategies, applied to a decision in progress.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn show(c: &Candidate) -> String {
    format!("`{}`", clip(&c.choice.summary(), 80))
}

/// One decision in progress.
pub(super) struct Run<'a> {
    pub(super) question: &'a Question,
    pub(super) votes: &'a [Vote],
    pub(super) arbiter: Option<&'a dyn Arbiter>,
    pub(super) d: Decision,
}

impl Run<'_> {
    fn all(&self) -> Vec<usize> {
        (0..self.d.tally.len()).collect()
    }

    fn decided(&mut self, i: usize, reason: String) {
        let c = &self.d.tally[i];
        self.d.outcome = Outcome::Decided {
            key: c.key.clone(),
            choice: c.choice.clone(),
        };
        self.d.reason = reason;
    }

    pub(super) fn majority(&mut self) -> Result<(), ConsensusError> {
        let best = top(&self.d.tally, &self.all(), |c| c.votes as f64);
        let c = &self.d.tally[best[0]];
        if best.len() == 1 {
            let reason = format!(
                "{} won by majority: {} of {} votes ({}).",
                show(c),
                c.votes,
                self.votes.len(),
                c.voters.join(", ")
            );
            self.decided(best[0], reason);
            Ok(())
        } else {
            let what = format!("{} options tied at {} votes each", best.len(), c.votes);
            self.tie(&best, &what)
        }
    }

    pub(super) fn weighted(&mut self) -> Result<(), ConsensusError> {
        let best = top(&self.d.tally, &self.all(), |c| c.weight);
        let c = &self.d.tally[best[0]];
        if best.len() == 1 {
            let total: f64 = self.d.votes.iter().map(|v| v.weight).sum();
            let support = self
                .d
                .votes
                .iter()
                .filter(|v| v.option == c.key)
                .map(|v| format!("{} {:.2}", v.voter, v.weight))
                .collect::<Vec<_>>()
                .join(", ");
            let mut reason = format!(
                "{} won the weighted vote with weight {:.2} of {total:.2} ({support})",
                show(c),
                c.weight
            );
            // The tally is ordered by head count: its first entry is the head-count leader.
            let heads = &self.d.tally[0];
            if heads.votes > c.votes {
                reason.push_str(&format!(
                    ", overturning the head count ({} had {} votes against {})",
                    show(heads),
                    heads.votes,
                    c.votes
                ));
            }
            self.decided(best[0], reason + ".");
            Ok(())
        } else {
            let what = format!("{} options tied at weight {:.2}", best.len(), c.weight);
            self.tie(&best, &what)
        }
    }

    pub(super) fn highest_confidence(&mut self) -> Result<(), ConsensusError> {
        let best = top(&self.d.tally, &self.all(), |c| c.max_confidence);
        let c = &self.d.tally[best[0]];
        if best.len() == 1 {
            let voter = self
                .d
                .votes
                .iter()
                .filter(|v| v.option == c.key)
                .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
                .map_or("", |v| v.voter.as_str());
            let reason = format!(
                "{} won: `{voter}` was the most confident voter ({:.2}), with {} of {} votes.",
                show(c),
                c.max_confidence,
                c.votes,
                self.votes.len()
            );
            self.decided(best[0], reason);
            Ok(())
        } else {
            let what = format!(
                "{} options tied at confidence {:.2}",
                best.len(),
                c.max_confidence
            );
            self.tie(&best, &what)
        }
    }

    pub(super) fn unanimity(&mut self) {
        let c = &self.d.tally[0];
        if self.d.tally.len() == 1 {
            let reason = format!(
                "unanimous: all {} voter{} chose {}.",
                c.votes,
                plural(c.votes),
                show(c)
            );
            self.decided(0, reason);
            return;
        }
        let dissent: Vec<String> = self
            .d
            .votes
            .iter()
            .filter(|v| v.option != c.key)
            .map(|v| v.voter.clone())
            .collect();
        let said = self.d.tally[1..]
            .iter()
            .map(|o| format!("{} for {}", o.voters.join(", "), show(o)))
            .collect::<Vec<_>>()
            .join("; ");
        self.d.reason = format!(
            "not unanimous: {} had {} of {} votes, but {said}.",
            show(c),
            c.votes,
            self.votes.len()
        );
        self.d.outcome = Outcome::NotUnanimous {
            leading: c.key.clone(),
            dissent,
        };
    }

    pub(super) fn priority(&mut self, order: &[String]) {
        let present = order
            .iter()
            .enumerate()
            .find(|(_, voter)| self.votes.iter().any(|v| v.voter == **voter));
        let Some((rank, voter)) = present else {
            self.d.reason = format!(
                "no decision: none of the voters in the priority order ({}) voted.",
                order.join(", ")
            );
            self.d.outcome = Outcome::NoAuthority {
                order: order.to_vec(),
            };
            return;
        };
        let i = self
            .d
            .tally
            .iter()
            .position(|c| c.voters.contains(voter))
            .unwrap_or_default();
        let mut reason = format!(
            "{} won: `{voter}` ranks highest among the voters present in the priority order",
            show(&self.d.tally[i])
        );
        if rank > 0 {
            reason.push_str(&format!(" ({} did not vote)", order[..rank].join(", ")));
        }
        self.decided(i, reason + ".");
    }

    pub(super) fn union_merge(&mut self) {
        let merge = merge::merge(&self.d.tally);
        let unresolved: Vec<MergeConflict> = merge
            .conflicts
            .iter()
            .filter(|c| !c.is_resolved())
            .cloned()
            .collect();
        let proposals = self.d.tally.len();
        match (&merge.result, unresolved.is_empty()) {
            (Some(result), true) => {
                let what = match result {
                    Choice::Fix(fix) => format!("one fix of {} edits", fix.edits.len()),
                    Choice::Findings(f) => format!("{} distinct findings", f.len()),
                    other => format!("`{}`", other.summary()),
                };
                let mut reason = format!(
                    "merged {proposals} distinct proposal{} from {} voter{} into {what}",
                    plural(proposals),
                    self.votes.len(),
                    plural(self.votes.len())
                );
                let resolved = merge.conflicts.len();
                if resolved > 0 {
                    reason.push_str(&format!(
                        "; {resolved} severity conflict{} resolved by taking the highest",
                        plural(resolved)
                    ));
                }
                self.d.reason = reason + ".";
                self.d.outcome = Outcome::Decided {
                    key: result.key(),
                    choice: result.clone(),
                };
            }
            _ => {
                self.d.reason = format!(
                    "cannot merge: {} conflict{}; first: {}.",
                    unresolved.len(),
                    plural(unresolved.len()),
                    unresolved.first().map_or("", |c| c.detail.as_str())
                );
                self.d.outcome = Outcome::Conflict {
                    conflicts: unresolved,
                };
            }
        }
        self.d.merge = Some(merge);
    }

    pub(super) fn arbitration(&mut self) -> Result<(), ConsensusError> {
        if self.d.tally.len() == 1 {
            let reason = format!(
                "only one option, {}, was proposed; nothing to arbitrate.",
                show(&self.d.tally[0])
            );
            self.decided(0, reason);
            return Ok(());
        }
        let i = self.ask(&self.all())?;
        let ruling = self.d.ruling.as_ref().expect("ask sets the ruling");
        let reason = format!(
            "the arbiter ({}) chose {} among {} options: {}",
            ruling.by,
            show(&self.d.tally[i]),
            self.d.tally.len(),
            ruling.reason.trim_end_matches('.')
        );
        self.decided(i, reason + ".");
        Ok(())
    }

    /// Asks the arbiter among `among`; records the ruling; returns the chosen index.
    fn ask(&mut self, among: &[usize]) -> Result<usize, ConsensusError> {
        let arbiter = self.arbiter.ok_or_else(|| ConsensusError::ArbiterMissing {
            needed_by: "arbitration".into(),
        })?;
        let options: Vec<Candidate> = among.iter().map(|&i| self.d.tally[i].clone()).collect();
        let ruling = arbiter.arbitrate(self.question, &options, self.votes)?;
        let Some(i) = among
            .iter()
            .copied()
            .find(|&i| self.d.tally[i].key == ruling.choice)
        else {
            return Err(ConsensusError::InvalidRuling {
                by: ruling.by,
                choice: ruling.choice,
                options: options
                    .iter()
                    .map(|o| o.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        self.d.ruling = Some(ruling);
        Ok(i)
    }

    /// Applies the tie-break to the tied options `tied`; `what` describes the tie.
    fn tie(&mut self, tied: &[usize], what: &str) -> Result<(), ConsensusError> {
        self.d.tied = tied.iter().map(|&i| self.d.tally[i].key.clone()).collect();
        let unresolved = |run: &mut Self, why: &str| {
            run.d.reason = format!("{what}; {why}, so no decision.");
            run.d.outcome = Outcome::Tie {
                options: run.d.tied.clone(),
            };
        };
        match self.d.rules.tie_break.clone() {
            TieBreak::NoDecision => unresolved(self, "there is no tie-break"),
            TieBreak::HighestConfidence => {
                let mut best = top(&self.d.tally, tied, |c| c.max_confidence);
                if best.len() > 1 {
                    best = top(&self.d.tally, &best, |c| c.confidence_sum);
                }
                if best.len() == 1 {
                    let c = &self.d.tally[best[0]];
                    let reason = format!(
                        "{what}; the confidence tie-break chose {} (highest confidence {:.2}, total {:.2}).",
                        show(c),
                        c.max_confidence,
                        c.confidence_sum
                    );
                    self.decided(best[0], reason);
                } else {
                    unresolved(self, "their confidences are equal too");
                }
            }
            TieBreak::Priority { order } => {
                let found = order.iter().enumerate().find_map(|(rank, voter)| {
                    tied.iter()
                        .copied()
                        .find(|&i| self.d.tally[i].voters.contains(voter))
                        .map(|i| (rank, voter, i))
                });
                match found {
                    Some((rank, voter, i)) => {
                        let reason = format!(
                            "{what}; the priority tie-break chose {}, backed by `{voter}` (rank {} in the order).",
                            show(&self.d.tally[i]),
                            rank + 1
                        );
                        self.decided(i, reason);
                    }
                    None => unresolved(self, "no voter in the priority order backs a tied option"),
                }
            }
            TieBreak::Arbiter => {
                let i = self.ask(tied)?;
                let ruling = self.d.ruling.as_ref().expect("ask sets the ruling");
                let reason = format!(
                    "{what}; the arbiter ({}) chose {}: {}",
                    ruling.by,
                    show(&self.d.tally[i]),
                    ruling.reason.trim_end_matches('.')
                );
                self.decided(i, reason + ".");
            }
        }
        Ok(())
    }
}
