//! Choosing the next token from logits: greedy or sampled, with llama.cpp's usual knobs.

use serde::{Deserialize, Serialize};

/// How the next token is chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SamplingParams {
    /// 0 means greedy (always the most likely token); higher flattens the distribution.
    pub temperature: f32,
    /// Keep only the `top_k` most likely tokens (0 = all).
    pub top_k: usize,
    /// Keep the smallest set of tokens whose probabilities sum to `top_p` (1 = all).
    pub top_p: f32,
    /// Seed of the random generator, so sampled runs repeat.
    pub seed: u64,
    /// Divides positive logits (multiplies negative ones) of recently seen tokens; 1 = off.
    pub repeat_penalty: f32,
    /// How many recent tokens the penalty looks at.
    pub repeat_last_n: usize,
}

impl Default for SamplingParams {
    fn default() -> Self {
        Self {
            temperature: 0.0,
            top_k: 40,
            top_p: 0.95,
            seed: 42,
            repeat_penalty: 1.0,
            repeat_last_n: 64,
        }
    }
}

impl SamplingParams {
    /// Greedy decoding: deterministic, the default.
    pub fn greedy() -> Self {
        Self::default()
    }
}

/// A small, fast, seedable generator (SplitMix64); statistical quality is ample for sampling.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Applies [`SamplingParams`] step after step.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    params: SamplingParams,
    rng: SplitMix64,
    candidates: Vec<(f32, u32)>,
}

impl Sampler {
    pub(crate) fn new(params: SamplingParams) -> Self {
        let rng = SplitMix64(params.seed);
        Self {
            params,
            rng,
            candidates: Vec::new(),
        }
    }

    /// Picks a token. `allowed`, when given, is the only set that may be chosen (constrained
    /// decoding); `recent` feeds the repetition penalty. Returns `None` if nothing is allowed.
    pub(crate) fn sample(
        &mut self,
        logits: &mut [f32],
        allowed: Option<&[u32]>,
        recent: &[u32],
    ) -> Option<u32> {
        let p = &self.params;
        if p.repeat_penalty != 1.0 && p.repeat_penalty > 0.0 {
            let start = recent.len().saturating_sub(p.repeat_last_n);
            let mut seen = recent[start..].to_vec();
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                if let Some(l) = logits.get_mut(id as usize) {
                    *l = if *l > 0.0 {
                        *l / p.repeat_penalty
                    } else {
                        *l * p.repeat_penalty
                    };
                }
            }
        }
        self.candidates.clear();
        match allowed {
            Some(ids) => self.candidates.extend(
                ids.iter()
                    .filter_map(|&id| logits.get(id as usize).map(|&l| (l, id)))
                    .filter(|(l, _)| !l.is_nan()),
            ),
            None => self.candidates.extend(
                logits
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| !l.is_nan())
                    .map(|(i, &l)| (l, i as u32)),
            ),
        }
        if self.candidates.is_empty() {
            return None;
        }
        // Ties go to the lower id, as llama.cpp's greedy sampler does.
        let better = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if p.temperature <= 0.0 {
            return self
                .candidates
                .iter()
                .min_by(|a, b| better(a, b))
                .map(|c| c.1);
        }
        let k = if p.top_k == 0 {
            self.candidates.len()
        } else {
            p.top_k.min(self.candidates.len())
        };
        if k < self.candidates.len() {
            self.candidates.select_nth_unstable_by(k - 1, better);
            self.candidates.truncate(k);
        }
        self.candidates.sort_unstable_by(better);
        let max = self.candidates[0].0;
        let mut total = 0.0f32;
        for c in &mut self.candidates {
            c.0 = ((c.0 - max) / p.temperature).exp();
            total += c.0;
        }
        // Nucleus: the shortest prefix (by probability) whose mass reaches top_p.
        let mut kept = self.candidates.len();
        if p.top_p < 1.0 {
            let mut mass = 0.0;
            for (i, c) in self.candidates.iter().enumerate() {
                mass += c.0 / total;
                if mass >= p.top_p {
                    kept = i + 1;
                    break;
                }
            }
        }
        let kept = &self.candidates[..kept];
        let kept_total: f32 = kept.iter().map(|c| c.0).sum();
        let mut r = self.rng.next_f32() * kept_total;
        for c in kept {
            r -= c.0;
            if r <= 0.0 {
                return Some(c.1);
            }
        }
        kept.last().map(|c| c.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_takes_the_largest_logit_and_respects_the_mask() {
        let mut s = Sampler::new(SamplingParams::greedy());
        let mut logits = vec![0.1, 3.0, 2.0, -1.0];
        assert_eq!(s.sample(&mut logits.clone(), None, &[]), Some(1));
        assert_eq!(s.sample(&mut logits, Some(&[0, 2]), &[]), Some(2));
        assert_eq!(s.sample(&mut [1.0], Some(&[]), &[]), None);
    }

    #[test]
    fn repetition_penalty_can_change_the_choice() {
        let params = SamplingParams {
            repeat_penalty: 2.0,
            ..SamplingParams::greedy()
        };
        let mut s = Sampler::new(params);
        assert_eq!(s.sample(&mut [3.0, 2.0], None, &[0]), Some(1));
    }

    #[test]
    fn sampling_is_reproducible_per_seed_and_follows_the_distribution() {
        let params = SamplingParams {
            temperature: 1.0,
            top_k: 0,
            top_p: 1.0,
            seed: 7,
            ..Default::default()
        };
        let logits = [0.0f32, (3.0f32).ln()]; // probabilities 1/4 and 3/4
        let draw = |params: SamplingParams| {
            let mut s = Sampler::new(params);
            (0..4000)
                .map(|_| s.sample(&mut logits.clone(), None, &[]).unwrap())
                .collect::<Vec<_>>()
        };
        let a = draw(params.clone());
        assert_eq!(a, draw(params.clone()));
        assert_ne!(a, draw(SamplingParams { seed: 8, ..params }));
        let ones = a.iter().filter(|&&t| t == 1).count() as f64 / a.len() as f64;
        assert!((ones - 0.75).abs() < 0.03, "share of token 1 was {ones}");
    }

    #[test]
    fn top_k_and_top_p_cut_the_tail() {
        let logits = [5.0f32, 4.9, -10.0, -10.0];
        for params in [
            SamplingParams {
                temperature: 1.0,
                top_k: 2,
                top_p: 1.0,
                ..Default::default()
            },
            SamplingParams {
                temperature: 1.0,
                top_k: 0,
                top_p: 0.9,
                ..Default::default()
            },
        ] {
            let mut s = Sampler::new(params);
            for _ in 0..500 {
                assert!(s.sample(&mut logits.clone(), None, &[]).unwrap() < 2);
            }
        }
    }
}
