//! Consensus and conflict resolution over agents' outputs: seven named strategies.
//!
//! Agents answer a [`Question`] with [`Vote`]s: a [`Choice`] (a verdict, a severity, a fix, a set
//! of findings) and a confidence. [`decide`] applies a [`Strategy`] under [`Rules`] (quorum,
//! tie-break, eligible voters) and [`Weights`] (learned reliabilities), and returns a
//! [`Decision`] that explains itself: every vote with its weight, the tally per option, the
//! outcome, one sentence saying why, and the arbiter's ruling or the merge's conflicts when
//! there are any. A tie, a missing quorum or a conflict is an [`Outcome`], not an error.
//!
//! ```
//! use conclave::consensus::{Choice, Question, Rules, Strategy, Vote, Weights, decide};
//! use conclave::Severity;
//!
//! let question = Question::new("q1", "severity of finding 3f2a");
//! let votes = [
//!     Vote::new("security", Severity::High, 0.9),
//!     Vote::new("style", Severity::Low, 0.6),
//!     Vote::new("perf", Severity::High, 0.5),
//! ];
//! let d = decide(&question, &votes, &Strategy::MajorityVote, &Rules::default(),
//!                &Weights::default(), None)?;
//! assert_eq!(d.choice(), Some(&Choice::Severity(Severity::High)));
//! println!("{}", d.reason); // `high` won by majority: 2 of 3 votes (security, perf).
//! # Ok::<(), conclave::consensus::ConsensusError>(())
//! ```

mod arbiter;
mod choice;
mod merge;
mod rules;
mod strategies;

use serde::{Deserialize, Serialize};

pub use arbiter::{Arbiter, HumanArbiter, ModelJudge, Ruling};
pub use choice::Choice;
pub use merge::{Merge, MergeConflict};
pub use rules::{Quorum, Rules, Strategy, TieBreak, Weights};

use choice::clip;
use strategies::{Run, plural};

/// What is being decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    /// In words: `severity of finding <fingerprint>`, `fix for B003 at x.py:12`, `is this
    /// finding real`.
    pub topic: String,
    /// Material for an arbiter (a code excerpt, the finding's message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

impl Question {
    pub fn new(id: impl Into<String>, topic: impl Into<String>) -> Question {
        Question {
            id: id.into(),
            topic: topic.into(),
            context: None,
        }
    }

    /// Adds material for an arbiter.
    pub fn context(mut self, context: impl Into<String>) -> Question {
        self.context = Some(context.into());
        self
    }
}

/// One voter's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    pub voter: String,
    pub choice: Choice,
    /// How sure the voter is, 0–1.
    pub confidence: f64,
}

impl Vote {
    pub fn new(voter: impl Into<String>, choice: impl Into<Choice>, confidence: f64) -> Vote {
        Vote {
            voter: voter.into(),
            choice: choice.into(),
            confidence,
        }
    }
}

/// A vote as counted: its option's key and the weight it carried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CastVote {
    pub voter: String,
    /// The option's key ([`Choice::key`]).
    pub option: String,
    pub confidence: f64,
    pub weight: f64,
}

/// One option and its support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// [`Choice::key`].
    pub key: String,
    /// The choice as its first voter gave it.
    pub choice: Choice,
    /// Who voted for it, in vote order.
    pub voters: Vec<String>,
    /// Head count.
    pub votes: usize,
    /// Sum of the voters' weights.
    pub weight: f64,
    pub max_confidence: f64,
    pub confidence_sum: f64,
}

/// How a decision came out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// A winner (for union-merge, the merged output).
    Decided { key: String, choice: Choice },
    /// Too few votes.
    NoQuorum { have: usize, need: usize },
    /// Options tied and the tie-break did not separate them.
    Tie { options: Vec<String> },
    /// Unanimity required, not reached: the leading option and the voters who disagreed.
    NotUnanimous {
        leading: String,
        dissent: Vec<String>,
    },
    /// Priority strategy: nobody in the authority order voted.
    NoAuthority { order: Vec<String> },
    /// Union-merge: the outputs cannot be merged (the unresolved conflicts).
    Conflict { conflicts: Vec<MergeConflict> },
}

/// A decision and its explanation; serializable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub question: Question,
    pub strategy: Strategy,
    pub rules: Rules,
    pub outcome: Outcome,
    /// One sentence: why the winner won, or why there is none.
    pub reason: String,
    /// Every option with its support, most votes first (then most weight, then first proposed).
    pub tally: Vec<Candidate>,
    /// The votes as given, with the weights applied.
    pub votes: Vec<CastVote>,
    /// Eligible voters who did not vote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
    /// Keys of the options that tied before the tie-break, if any did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tied: Vec<String>,
    /// The arbiter's ruling, when one was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruling: Option<Ruling>,
    /// Union-merge: the merged output and every conflict found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<Merge>,
}

impl Decision {
    /// The winning (or merged) choice.
    pub fn choice(&self) -> Option<&Choice> {
        match &self.outcome {
            Outcome::Decided { choice, .. } => Some(choice),
            _ => None,
        }
    }

    /// The winning option's key.
    pub fn key(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Decided { key, .. } => Some(key),
            _ => None,
        }
    }

    pub fn is_decided(&self) -> bool {
        matches!(self.outcome, Outcome::Decided { .. })
    }
}

/// Errors: bad input or a failed arbiter. Ties, missing quorums and conflicts are outcomes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConsensusError {
    #[error("no votes to decide on")]
    NoVotes,
    #[error("`{voter}` voted more than once")]
    DuplicateVoter { voter: String },
    #[error("`{voter}` is not one of the eligible voters")]
    NotEligible { voter: String },
    #[error("`{voter}`'s confidence {confidence} is not between 0 and 1")]
    InvalidConfidence { voter: String, confidence: f64 },
    #[error("`{voter}`'s weight {weight} is not a finite, non-negative number")]
    InvalidWeight { voter: String, weight: f64 },
    #[error("invalid rules: {reason}")]
    InvalidRules { reason: String },
    #[error("the votes answer in different kinds ({kinds}); one question takes one kind")]
    MixedChoices { kinds: String },
    #[error(
        "unknown strategy `{name}` (majority, weighted, confidence, unanimity, priority:a,b, union, arbitration)"
    )]
    UnknownStrategy { name: String },
    #[error("{needed_by} needs an arbiter and none was given")]
    ArbiterMissing { needed_by: String },
    #[error("the arbiter ({by}) failed: {reason}")]
    ArbiterFailed { by: String, reason: String },
    #[error("the arbiter ({by}) declined to rule")]
    ArbiterDeclined { by: String },
    #[error("the arbiter ({by}) chose `{choice}`, which is not one of the options: {options}")]
    InvalidRuling {
        by: String,
        choice: String,
        options: String,
    },
}

/// Decides `question` from `votes` by `strategy` under `rules`.
///
/// `weights` matter to the weighted vote only; `arbiter` is needed by
/// [`Strategy::Arbitration`] and [`TieBreak::Arbiter`] (refused up front when missing, whether
/// or not a tie happens). Each voter votes once; all votes answer in the same kind of
/// [`Choice`]; confidences lie in 0–1.
pub fn decide(
    question: &Question,
    votes: &[Vote],
    strategy: &Strategy,
    rules: &Rules,
    weights: &Weights,
    arbiter: Option<&dyn Arbiter>,
) -> Result<Decision, ConsensusError> {
    if votes.is_empty() {
        return Err(ConsensusError::NoVotes);
    }
    rules.validate()?;
    weights.validate()?;
    if matches!(strategy, Strategy::Priority { order } if order.is_empty()) {
        return Err(ConsensusError::InvalidRules {
            reason: "the priority order is empty".into(),
        });
    }
    if arbiter.is_none() {
        if *strategy == Strategy::Arbitration {
            return Err(ConsensusError::ArbiterMissing {
                needed_by: "the arbitration strategy".into(),
            });
        }
        if rules.tie_break == TieBreak::Arbiter {
            return Err(ConsensusError::ArbiterMissing {
                needed_by: "the arbiter tie-break".into(),
            });
        }
    }
    check_votes(votes, rules)?;

    let cast: Vec<CastVote> = votes
        .iter()
        .map(|v| CastVote {
            voter: v.voter.clone(),
            option: v.choice.key(),
            confidence: v.confidence,
            weight: weights.get(&v.voter),
        })
        .collect();
    let tally = tally(votes, &cast);
    let absent = rules.eligible.as_ref().map_or_else(Vec::new, |eligible| {
        eligible
            .iter()
            .filter(|e| !votes.iter().any(|v| v.voter == **e))
            .cloned()
            .collect()
    });
    let mut run = Run {
        question,
        votes,
        arbiter,
        d: Decision {
            question: question.clone(),
            strategy: strategy.clone(),
            rules: rules.clone(),
            outcome: Outcome::Tie {
                options: Vec::new(),
            },
            reason: String::new(),
            tally,
            votes: cast,
            absent,
            tied: Vec::new(),
            ruling: None,
            merge: None,
        },
    };

    let eligible = rules.eligible.as_ref().map_or(votes.len(), Vec::len);
    let need = rules.quorum.needed(eligible);
    if votes.len() < need {
        let mut reason = format!(
            "no quorum: {} vote{} cast, {need} needed",
            votes.len(),
            plural(votes.len())
        );
        if !run.d.absent.is_empty() {
            reason.push_str(&format!(" ({} did not vote)", run.d.absent.join(", ")));
        }
        run.d.reason = reason + ".";
        run.d.outcome = Outcome::NoQuorum {
            have: votes.len(),
            need,
        };
        return Ok(run.d);
    }

    match strategy {
        Strategy::MajorityVote => run.majority()?,
        Strategy::WeightedVote => run.weighted()?,
        Strategy::HighestConfidence => run.highest_confidence()?,
        Strategy::Unanimity => run.unanimity(),
        Strategy::Priority { order } => run.priority(order),
        Strategy::UnionMerge => run.union_merge(),
        Strategy::Arbitration => run.arbitration()?,
    }
    Ok(run.d)
}

fn check_votes(votes: &[Vote], rules: &Rules) -> Result<(), ConsensusError> {
    for (i, v) in votes.iter().enumerate() {
        if !(0.0..=1.0).contains(&v.confidence) {
            return Err(ConsensusError::InvalidConfidence {
                voter: v.voter.clone(),
                confidence: v.confidence,
            });
        }
        if votes[..i].iter().any(|w| w.voter == v.voter) {
            return Err(ConsensusError::DuplicateVoter {
                voter: v.voter.clone(),
            });
        }
        if let Some(eligible) = &rules.eligible
            && !eligible.contains(&v.voter)
        {
            return Err(ConsensusError::NotEligible {
                voter: v.voter.clone(),
            });
        }
    }
    let mut kinds: Vec<&str> = votes.iter().map(|v| v.choice.kind()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.len() > 1 {
        return Err(ConsensusError::MixedChoices {
            kinds: kinds.join(", "),
        });
    }
    Ok(())
}

fn tally(votes: &[Vote], cast: &[CastVote]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (vote, c) in votes.iter().zip(cast) {
        match out.iter_mut().find(|o| o.key == c.option) {
            Some(o) => {
                o.voters.push(c.voter.clone());
                o.votes += 1;
                o.weight += c.weight;
                o.max_confidence = o.max_confidence.max(c.confidence);
                o.confidence_sum += c.confidence;
            }
            None => out.push(Candidate {
                key: c.option.clone(),
                choice: vote.choice.clone(),
                voters: vec![c.voter.clone()],
                votes: 1,
                weight: c.weight,
                max_confidence: c.confidence,
                confidence_sum: c.confidence,
            }),
        }
    }
    // Stable: first proposed stays first among equals.
    out.sort_by(|a, b| {
        b.votes.cmp(&a.votes).then(
            b.weight
                .partial_cmp(&a.weight)
                .unwrap_or(std::cmp::Ordering::Equal),
        )
    });
    out
}

/// Indexes of `among` whose score is highest (equal within a relative 1e-9).
fn top(tally: &[Candidate], among: &[usize], score: impl Fn(&Candidate) -> f64) -> Vec<usize> {
    let best = among
        .iter()
        .map(|&i| score(&tally[i]))
        .fold(f64::NEG_INFINITY, f64::max);
    let eps = 1e-9 * best.abs().max(1.0);
    among
        .iter()
        .copied()
        .filter(|&i| score(&tally[i]) >= best - eps)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Severity;

    fn q() -> Question {
        Question::new("q", "severity of finding abc")
    }

    #[test]
    fn refuses_bad_input() {
        let none = decide(
            &q(),
            &[],
            &Strategy::MajorityVote,
            &Rules::default(),
            &Weights::default(),
            None,
        );
        assert!(matches!(none, Err(ConsensusError::NoVotes)));
        let twice = [
            Vote::new("a", Severity::High, 0.5),
            Vote::new("a", Severity::Low, 0.5),
        ];
        let r = decide(
            &q(),
            &twice,
            &Strategy::MajorityVote,
            &Rules::default(),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::DuplicateVoter { .. })));
        let mixed = [
            Vote::new("a", Severity::High, 0.5),
            Vote::new("b", Choice::label("real"), 0.5),
        ];
        let r = decide(
            &q(),
            &mixed,
            &Strategy::MajorityVote,
            &Rules::default(),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::MixedChoices { .. })));
        let sure = [Vote::new("a", Severity::High, 1.5)];
        let r = decide(
            &q(),
            &sure,
            &Strategy::MajorityVote,
            &Rules::default(),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::InvalidConfidence { .. })));
        let nan = [Vote::new("a", Severity::High, f64::NAN)];
        let r = decide(
            &q(),
            &nan,
            &Strategy::MajorityVote,
            &Rules::default(),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::InvalidConfidence { .. })));
        let one = [Vote::new("a", Severity::High, 0.5)];
        let r = decide(
            &q(),
            &one,
            &Strategy::MajorityVote,
            &Rules::default().eligible(["b"]),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::NotEligible { .. })));
        let r = decide(
            &q(),
            &one,
            &Strategy::WeightedVote,
            &Rules::default(),
            &Weights::default().with("a", -0.1),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::InvalidWeight { .. })));
        let r = decide(
            &q(),
            &one,
            &Strategy::Arbitration,
            &Rules::default(),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::ArbiterMissing { .. })));
        let r = decide(
            &q(),
            &one,
            &Strategy::MajorityVote,
            &Rules::default().tie_break(TieBreak::Arbiter),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::ArbiterMissing { .. })));
        let r = decide(
            &q(),
            &one,
            &Strategy::Priority { order: vec![] },
            &Rules::default(),
            &Weights::default(),
            None,
        );
        assert!(matches!(r, Err(ConsensusError::InvalidRules { .. })));
    }

    #[test]
    fn tally_orders_by_votes_then_weight_then_first_proposed() {
        let votes = [
            Vote::new("a", Severity::Low, 0.5),
            Vote::new("b", Severity::High, 0.5),
            Vote::new("c", Severity::High, 0.5),
            Vote::new("d", Severity::Medium, 0.5),
        ];
        let d = decide(
            &q(),
            &votes,
            &Strategy::MajorityVote,
            &Rules::default(),
            &Weights::default().with("d", 2.0),
            None,
        )
        .unwrap();
        let keys: Vec<_> = d.tally.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["severity:high", "severity:medium", "severity:low"]);
        assert_eq!(d.tally[0].voters, ["b", "c"]);
        assert_eq!(d.votes[3].weight, 2.0);
    }
}
