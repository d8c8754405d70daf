//! The A–E maintainability rating, from a technical-debt model compatible with SonarQube's
//! defaults: debt ratio = remediation minutes / (lines of code × minutes per line).

use serde::{Deserialize, Serialize};

/// A maintainability rating, `A` (best) to `E`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rating {
    A,
    B,
    C,
    D,
    E,
}

impl Rating {
    pub fn letter(self) -> char {
        match self {
            Rating::A => 'A',
            Rating::B => 'B',
            Rating::C => 'C',
            Rating::D => 'D',
            Rating::E => 'E',
        }
    }
}

impl std::fmt::Display for Rating {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// Upper bounds of the debt ratio for A, B, C and D; anything above the last is E.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RatingGrid(pub [f64; 4]);

impl Default for RatingGrid {
    fn default() -> Self {
        RatingGrid([0.05, 0.1, 0.2, 0.5])
    }
}

/// How debt turns into a rating.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DebtModel {
    /// Estimated minutes to develop one line of code (SonarQube: 30).
    pub minutes_per_line: f64,
    pub grid: RatingGrid,
}

impl Default for DebtModel {
    fn default() -> Self {
        DebtModel {
            minutes_per_line: 30.0,
            grid: RatingGrid::default(),
        }
    }
}

impl DebtModel {
    /// Debt ratio of `debt_minutes` over `lines` of code; 0 for an empty file.
    pub fn ratio(&self, debt_minutes: u64, lines: u64) -> f64 {
        let development = lines as f64 * self.minutes_per_line;
        if development <= 0.0 {
            0.0
        } else {
            debt_minutes as f64 / development
        }
    }

    pub fn rate(&self, ratio: f64) -> Rating {
        let [a, b, c, d] = self.grid.0;
        match ratio {
            r if r <= a => Rating::A,
            r if r <= b => Rating::B,
            r if r <= c => Rating::C,
            r if r <= d => Rating::D,
            _ => Rating::E,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_boundaries_match_sonarqube_defaults() {
        let m = DebtModel::default();
        // 100 lines = 3000 minutes of development.
        assert_eq!(m.rate(m.ratio(150, 100)), Rating::A); // 0.05
        assert_eq!(m.rate(m.ratio(151, 100)), Rating::B);
        assert_eq!(m.rate(m.ratio(300, 100)), Rating::B); // 0.1
        assert_eq!(m.rate(m.ratio(600, 100)), Rating::C); // 0.2
        assert_eq!(m.rate(m.ratio(1500, 100)), Rating::D); // 0.5
        assert_eq!(m.rate(m.ratio(1501, 100)), Rating::E);
        assert_eq!(m.rate(m.ratio(10, 0)), Rating::A);
    }
}
