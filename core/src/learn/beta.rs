//! Beta posteriors: how often a rule or an agent is right, with the uncertainty of few votes.
//!
//! A reliability is `Beta(alpha, beta)`: a prior (pseudo-observations from what the rule or agent
//! declares) plus one count per verdict. The mean ranks findings; the lower quantile is the
//! cautious figure for decisions that must not trust a rule on two lucky votes.

use serde::Serialize;

use crate::vocab::Confidence;

/// A prior belief as a mean and a weight in pseudo-observations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prior {
    /// Expected share of true positives before any feedback, in (0, 1).
    pub mean: f64,
    /// How many verdicts the prior is worth: 4 means four real verdicts move the mean halfway.
    pub strength: f64,
}

impl Prior {
    /// Weight of every built-in prior: enough that one verdict cannot swing a rule from trusted
    /// to ignored, small enough that a dozen verdicts dominate.
    pub const STRENGTH: f64 = 4.0;

    /// Agents start at 0.75: most of what they report is meant to be real, but nothing is known
    /// yet about this one.
    pub const AGENT: Prior = Prior {
        mean: 0.75,
        strength: Prior::STRENGTH,
    };

    /// Proposed fixes start at 0.6: a guess that a little more than half are taken, to be
    /// overridden by verdicts within a few dozen fixes.
    pub const FIX: Prior = Prior {
        mean: 0.6,
        strength: Prior::STRENGTH,
    };

    /// The prior of a rule from its declared confidence: high 0.9, medium 0.7, low 0.5 (a low
    /// confidence rule claims no better than a coin), each worth [`Prior::STRENGTH`] verdicts.
    pub const fn of_confidence(confidence: Confidence) -> Prior {
        let mean = match confidence {
            Confidence::High => 0.9,
            Confidence::Medium => 0.7,
            Confidence::Low => 0.5,
        };
        Prior {
            mean,
            strength: Prior::STRENGTH,
        }
    }
}

/// A Beta posterior over the share of true positives (or of good fixes).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reliability {
    alpha: f64,
    beta: f64,
    observations: u64,
}

/// Keeps both shape parameters strictly positive whatever a caller passes.
const MIN_SHAPE: f64 = 1e-6;

impl Reliability {
    /// The prior alone; a mean outside (0, 1) or a non-positive strength is clamped.
    pub fn from_prior(prior: Prior) -> Reliability {
        let mean = if prior.mean.is_finite() {
            prior.mean.clamp(1e-3, 1.0 - 1e-3)
        } else {
            0.5
        };
        let strength = if prior.strength.is_finite() {
            prior.strength.max(2.0 * MIN_SHAPE)
        } else {
            Prior::STRENGTH
        };
        Reliability {
            alpha: (mean * strength).max(MIN_SHAPE),
            beta: ((1.0 - mean) * strength).max(MIN_SHAPE),
            observations: 0,
        }
    }

    /// Adds `positive` confirmations and `negative` rejections.
    pub fn observe(self, positive: u64, negative: u64) -> Reliability {
        Reliability {
            alpha: self.alpha + positive as f64,
            beta: self.beta + negative as f64,
            observations: self.observations + positive + negative,
        }
    }

    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// Real verdicts behind it (the prior's pseudo-observations not counted).
    pub fn observations(&self) -> u64 {
        self.observations
    }

    /// Posterior mean: the expected share of true positives.
    pub fn mean(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }

    pub fn variance(&self) -> f64 {
        let n = self.alpha + self.beta;
        self.alpha * self.beta / (n * n * (n + 1.0))
    }

    /// The exact `p` quantile (bisection on the regularized incomplete beta function).
    pub fn quantile(&self, p: f64) -> f64 {
        if p.is_nan() || p <= 0.0 {
            return 0.0;
        }
        if p >= 1.0 {
            return 1.0;
        }
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        for _ in 0..64 {
            let mid = 0.5 * (lo + hi);
            if regularized_incomplete_beta(mid, self.alpha, self.beta) < p {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    /// The 5 % quantile: 95 % sure the true share is at least this.
    pub fn lower_bound(&self) -> f64 {
        self.quantile(0.05)
    }

    /// The cumulative distribution at `x`, `P(share <= x)`.
    pub fn cdf(&self, x: f64) -> f64 {
        regularized_incomplete_beta(x, self.alpha, self.beta)
    }
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, nine terms: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// `I_x(a, b)`, the Beta(a, b) distribution function, by the continued fraction (Lentz), on the
/// side where it converges fast.
fn regularized_incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_continued_fraction(1.0 - x, b, a) / b
    }
}

fn beta_continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPSILON: f64 = 1e-15;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut result = d;
    for m in 1..=300 {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        result *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let step = d * c;
        result *= step;
        if (step - 1.0).abs() < EPSILON {
            break;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    fn binomial(n: u64, k: u64) -> f64 {
        (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        for n in 1..20_u64 {
            let factorial: f64 = (1..n).map(|k| k as f64).product();
            assert!(close(ln_gamma(n as f64), factorial.ln(), 1e-10), "n = {n}");
        }
        assert!(close(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-12
        ));
    }

    #[test]
    fn incomplete_beta_matches_the_binomial_sum_for_integer_shapes() {
        // I_x(a, b) = sum_{j=a}^{a+b-1} C(a+b-1, j) x^j (1-x)^(a+b-1-j)
        for (a, b) in [(1_u64, 1_u64), (2, 3), (5, 2), (12, 30), (40, 3)] {
            for x in [0.01_f64, 0.2, 0.5, 0.77, 0.99] {
                let n = a + b - 1;
                let exact: f64 = (a..=n)
                    .map(|j| binomial(n, j) * x.powi(j as i32) * (1.0 - x).powi((n - j) as i32))
                    .sum();
                let got = regularized_incomplete_beta(x, a as f64, b as f64);
                assert!(
                    close(got, exact, 1e-12),
                    "I_{x}({a},{b}) = {got}, want {exact}"
                );
            }
        }
    }

    #[test]
    fn quantiles_match_closed_forms() {
        let uniform = Reliability::from_prior(Prior {
            mean: 0.5,
            strength: 2.0,
        });
        assert!(close(uniform.quantile(0.05), 0.05, 1e-12));
        assert!(close(uniform.quantile(0.9), 0.9, 1e-12));
        // Beta(1, b): F(x) = 1 - (1 - x)^b, so q_p = 1 - (1 - p)^(1/b).
        let one_b = uniform.observe(0, 9); // Beta(1, 10)
        let want = 1.0 - 0.95_f64.powf(1.0 / 10.0);
        assert!(close(one_b.lower_bound(), want, 1e-12));
        // Beta(a, 1): F(x) = x^a, so q_p = p^(1/a).
        let a_one = uniform.observe(6, 0); // Beta(7, 1)
        assert!(close(a_one.quantile(0.05), 0.05_f64.powf(1.0 / 7.0), 1e-12));
        // Symmetric shapes have their median at one half.
        assert!(close(uniform.observe(30, 30).quantile(0.5), 0.5, 1e-12));
    }

    #[test]
    fn priors_and_observations_move_the_mean() {
        let high = Reliability::from_prior(Prior::of_confidence(Confidence::High));
        assert!(close(high.mean(), 0.9, 1e-12));
        assert!(close(high.alpha() + high.beta(), Prior::STRENGTH, 1e-12));
        assert_eq!(high.observations(), 0);
        let judged = high.observe(2, 6);
        assert!(close(judged.mean(), (3.6 + 2.0) / 12.0, 1e-12));
        assert_eq!(judged.observations(), 8);
        assert!(judged.lower_bound() < judged.mean());
        // More evidence at the same share narrows the interval.
        let more = Reliability::from_prior(Prior {
            mean: 0.5,
            strength: 2.0,
        });
        assert!(more.observe(40, 40).lower_bound() > more.observe(4, 4).lower_bound());
        assert!(close(
            more.observe(3, 1).variance(),
            4.0 * 2.0 / (36.0 * 7.0),
            1e-12
        ));
    }

    #[test]
    fn degenerate_priors_are_clamped_not_propagated() {
        for prior in [
            Prior {
                mean: f64::NAN,
                strength: 4.0,
            },
            Prior {
                mean: 1.5,
                strength: -1.0,
            },
            Prior {
                mean: 0.0,
                strength: f64::INFINITY,
            },
        ] {
            let r = Reliability::from_prior(prior);
            assert!(r.alpha() > 0.0 && r.beta() > 0.0, "{prior:?} gave {r:?}");
            let q = r.lower_bound();
            assert!((0.0..=1.0).contains(&q) && r.mean().is_finite());
        }
    }
}
