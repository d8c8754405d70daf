//! How a decision is taken: the strategy, the quorum, the tie-break and the voters' weights.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ConsensusError;

/// The seven ways to reach a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// The option with the most votes wins (a plurality); ties go to the tie-break.
    MajorityVote,
    /// The option with the largest sum of voter weights wins; ties go to the tie-break.
    WeightedVote,
    /// The option of the single most confident vote wins; ties go to the tie-break.
    HighestConfidence,
    /// Decided only when every vote names the same option.
    Unanimity,
    /// The vote of the highest-ranked voter in `order` who voted wins; others are ignored.
    Priority {
        /// Voters, highest authority first.
        order: Vec<String>,
    },
    /// All options merged into one (finding sets united, fix edits combined); conflicting
    /// parts are reported.
    UnionMerge,
    /// An [`Arbiter`](super::Arbiter) (a model judge or a person) picks among the options.
    Arbitration,
}

impl Strategy {
    /// Short names, as [`FromStr`] takes them (`priority` takes its order as
    /// `priority:lead,security,style`).
    pub const NAMES: [&'static str; 7] = [
        "majority",
        "weighted",
        "confidence",
        "unanimity",
        "priority",
        "union",
        "arbitration",
    ];

    /// The short name.
    pub fn name(&self) -> &'static str {
        match self {
            Strategy::MajorityVote => "majority",
            Strategy::WeightedVote => "weighted",
            Strategy::HighestConfidence => "confidence",
            Strategy::Unanimity => "unanimity",
            Strategy::Priority { .. } => "priority",
            Strategy::UnionMerge => "union",
            Strategy::Arbitration => "arbitration",
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Strategy::Priority { order } => write!(f, "priority:{}", order.join(",")),
            other => f.write_str(other.name()),
        }
    }
}

impl FromStr for Strategy {
    type Err = ConsensusError;

    /// Short or long names (`majority`, `majority-vote`, `highest-confidence`, `union-merge`, …);
    /// `priority:a,b,c` for an authority order.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (name, arg) = match s.split_once(':') {
            Some((name, arg)) => (name, Some(arg)),
            None => (s, None),
        };
        let strategy = match name.to_ascii_lowercase().as_str() {
            "majority" | "majority-vote" => Strategy::MajorityVote,
            "weighted" | "weighted-vote" => Strategy::WeightedVote,
            "confidence" | "highest-confidence" => Strategy::HighestConfidence,
            "unanimity" | "unanimous" => Strategy::Unanimity,
            "priority" | "authority" => Strategy::Priority {
                order: split_list(arg.unwrap_or_default()),
            },
            "union" | "union-merge" | "merge" => Strategy::UnionMerge,
            "arbitration" | "arbiter" | "judge" => Strategy::Arbitration,
            _ => {
                return Err(ConsensusError::UnknownStrategy { name: s.to_owned() });
            }
        };
        if arg.is_some() && !matches!(strategy, Strategy::Priority { .. }) {
            return Err(ConsensusError::UnknownStrategy { name: s.to_owned() });
        }
        Ok(strategy)
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// How many votes a decision needs: at least `min_votes`, and at least `min_fraction` of the
/// eligible voters ([`Rules::eligible`], required when the fraction is above 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quorum {
    pub min_votes: usize,
    pub min_fraction: f64,
}

impl Default for Quorum {
    /// One vote is enough.
    fn default() -> Self {
        Quorum {
            min_votes: 1,
            min_fraction: 0.0,
        }
    }
}

impl Quorum {
    /// At least `n` votes.
    pub fn votes(n: usize) -> Quorum {
        Quorum {
            min_votes: n,
            min_fraction: 0.0,
        }
    }

    /// At least this share (0–1) of the eligible voters.
    pub fn fraction(share: f64) -> Quorum {
        Quorum {
            min_votes: 1,
            min_fraction: share,
        }
    }

    /// Votes needed out of `eligible` voters.
    pub fn needed(&self, eligible: usize) -> usize {
        let share = (self.min_fraction * eligible as f64 - 1e-9).ceil().max(0.0) as usize;
        self.min_votes.max(share)
    }
}

/// What happens when options tie.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieBreak {
    /// The tied option with the highest single confidence, then the largest confidence sum.
    HighestConfidence,
    /// The tied option backed by the highest-ranked voter of `order`.
    Priority { order: Vec<String> },
    /// The arbiter picks among the tied options.
    Arbiter,
    /// The tie is the outcome.
    #[default]
    NoDecision,
}

impl TieBreak {
    /// The short name.
    pub fn name(&self) -> &'static str {
        match self {
            TieBreak::HighestConfidence => "confidence",
            TieBreak::Priority { .. } => "priority",
            TieBreak::Arbiter => "arbiter",
            TieBreak::NoDecision => "none",
        }
    }
}

impl FromStr for TieBreak {
    type Err = ConsensusError;

    /// `confidence`, `priority:a,b,c`, `arbiter`, `none`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (name, arg) = match s.split_once(':') {
            Some((name, arg)) => (name, Some(arg)),
            None => (s, None),
        };
        let rule = match (name.to_ascii_lowercase().as_str(), arg) {
            ("confidence" | "highest-confidence", None) => TieBreak::HighestConfidence,
            ("priority", Some(order)) => TieBreak::Priority {
                order: split_list(order),
            },
            ("arbiter" | "arbitration", None) => TieBreak::Arbiter,
            ("none" | "no-decision", None) => TieBreak::NoDecision,
            _ => {
                return Err(ConsensusError::InvalidRules {
                    reason: format!(
                        "unknown tie-break `{s}` (confidence, priority:a,b, arbiter, none)"
                    ),
                });
            }
        };
        Ok(rule)
    }
}

/// Quorum, tie-break and who may vote.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rules {
    #[serde(default)]
    pub quorum: Quorum,
    #[serde(default)]
    pub tie_break: TieBreak,
    /// The voters entitled to vote; when set, anyone else's vote is refused and the quorum
    /// fraction counts against this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible: Option<Vec<String>>,
}

impl Rules {
    /// Sets the quorum.
    pub fn quorum(mut self, quorum: Quorum) -> Self {
        self.quorum = quorum;
        self
    }

    /// Sets the tie-break.
    pub fn tie_break(mut self, tie_break: TieBreak) -> Self {
        self.tie_break = tie_break;
        self
    }

    /// Sets the eligible voters.
    pub fn eligible<S: Into<String>>(mut self, voters: impl IntoIterator<Item = S>) -> Self {
        self.eligible = Some(voters.into_iter().map(Into::into).collect());
        self
    }

    pub(super) fn validate(&self) -> Result<(), ConsensusError> {
        let invalid = |reason: &str| {
            Err(ConsensusError::InvalidRules {
                reason: reason.to_owned(),
            })
        };
        let f = self.quorum.min_fraction;
        if !(0.0..=1.0).contains(&f) {
            return invalid("the quorum fraction must be between 0 and 1");
        }
        if f > 0.0 && self.eligible.is_none() {
            return invalid("a quorum fraction needs the list of eligible voters");
        }
        if matches!(&self.tie_break, TieBreak::Priority { order } if order.is_empty()) {
            return invalid("the tie-break priority order is empty");
        }
        Ok(())
    }
}

/// Each voter's weight for [`Strategy::WeightedVote`]: typically a learned reliability.
///
/// Voters not listed get the default weight (1.0 unless set). Weights must be finite and not
/// negative: [`decide`](super::decide) refuses others with [`ConsensusError::InvalidWeight`]
/// rather than clamping them. A weight of 0 keeps the voter in the head count and the quorum
/// but gives it no say in a weighted vote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    #[serde(default)]
    weights: BTreeMap<String, f64>,
    #[serde(default = "one")]
    default: f64,
}

fn one() -> f64 {
    1.0
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            weights: BTreeMap::new(),
            default: 1.0,
        }
    }
}

impl<S: Into<String>> FromIterator<(S, f64)> for Weights {
    fn from_iter<I: IntoIterator<Item = (S, f64)>>(iter: I) -> Self {
        Weights {
            weights: iter.into_iter().map(|(k, v)| (k.into(), v)).collect(),
            default: 1.0,
        }
    }
}

impl Weights {
    /// Sets `voter`'s weight.
    pub fn with(mut self, voter: impl Into<String>, weight: f64) -> Self {
        self.weights.insert(voter.into(), weight);
        self
    }

    /// Sets the weight of voters not listed.
    pub fn default_weight(mut self, weight: f64) -> Self {
        self.default = weight;
        self
    }

    /// `voter`'s weight.
    pub fn get(&self, voter: &str) -> f64 {
        self.weights.get(voter).copied().unwrap_or(self.default)
    }

    pub(super) fn validate(&self) -> Result<(), ConsensusError> {
        let bad = |w: f64| !w.is_finite() || w < 0.0;
        if bad(self.default) {
            return Err(ConsensusError::InvalidWeight {
                voter: "(default)".into(),
                weight: self.default,
            });
        }
        match self.weights.iter().find(|(_, w)| bad(**w)) {
            Some((voter, w)) => Err(ConsensusError::InvalidWeight {
                voter: voter.clone(),
                weight: *w,
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_parse_by_short_and_long_names() {
        for name in Strategy::NAMES {
            assert_eq!(name.parse::<Strategy>().unwrap().name(), name);
        }
        assert_eq!(
            "priority:lead, security".parse::<Strategy>().unwrap(),
            Strategy::Priority {
                order: vec!["lead".into(), "security".into()]
            }
        );
        assert_eq!(
            "union-merge".parse::<Strategy>().unwrap(),
            Strategy::UnionMerge
        );
        assert!("coin-flip".parse::<Strategy>().is_err());
        assert!("majority:x".parse::<Strategy>().is_err());
        assert_eq!(
            "priority:a,b".parse::<TieBreak>().unwrap(),
            TieBreak::Priority {
                order: vec!["a".into(), "b".into()]
            }
        );
        assert!("priority".parse::<TieBreak>().is_err());
    }

    #[test]
    fn strategies_serialize_in_kebab_case() {
        let json = serde_json::to_string(&Strategy::HighestConfidence).unwrap();
        assert_eq!(json, "\"highest-confidence\"");
        let json = serde_json::to_string(&Strategy::Priority {
            order: vec!["a".into()],
        })
        .unwrap();
        assert_eq!(json, r#"{"priority":{"order":["a"]}}"#);
    }

    #[test]
    fn quorum_counts_votes_and_shares() {
        assert_eq!(Quorum::default().needed(10), 1);
        assert_eq!(Quorum::fraction(0.5).needed(4), 2);
        assert_eq!(Quorum::fraction(0.5).needed(5), 3);
        assert_eq!(Quorum::fraction(2.0 / 3.0).needed(3), 2);
        assert_eq!(
            Quorum {
                min_votes: 3,
                min_fraction: 0.5
            }
            .needed(4),
            3
        );
    }

    #[test]
    fn invalid_weights_and_rules_are_refused() {
        assert!(Weights::default().with("a", -1.0).validate().is_err());
        assert!(Weights::default().with("a", f64::NAN).validate().is_err());
        assert!(
            Weights::default()
                .default_weight(f64::INFINITY)
                .validate()
                .is_err()
        );
        assert!(Weights::default().with("a", 0.0).validate().is_ok());
        assert!(
            Rules::default()
                .quorum(Quorum::fraction(0.5))
                .validate()
                .is_err()
        );
        assert!(
            Rules::default()
                .quorum(Quorum::fraction(1.5))
                .eligible(["a"])
                .validate()
                .is_err()
        );
    }
}
