//! Small robust statistics: medians, quantiles, the Theil–Sen line and the modified z-score.
//! Robust because step timings have spikes (a busy machine, a cold cache) that a mean or a
//! least-squares line would chase.

/// The consistency constant of the modified z-score: `0.6745 = Φ⁻¹(0.75)`, so that for normal data
/// the score matches the ordinary z-score (Iglewicz & Hoaglin, 1993).
const MAD_TO_SIGMA: f64 = 0.6745;

/// For data whose MAD is zero, Iglewicz & Hoaglin fall back to the mean absolute deviation,
/// scaled by `√(2/π) ≈ 0.7979` instead.
const MEAN_AD_TO_SIGMA: f64 = 0.7979;

/// The `q`-quantile (0..=1) by linear interpolation between order statistics; `None` when empty.
/// Non-finite values are ignored.
pub(crate) fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let q = q.clamp(0.0, 1.0);
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let (low, high) = (sorted.get(below)?, sorted.get(above)?);
    Some(low + (high - low) * (position - below as f64))
}

/// The median; `None` when empty.
pub(crate) fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// A line `fixed + per_byte · bytes`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    pub fixed: f64,
    pub per_byte: f64,
}

impl Line {
    pub fn at(&self, bytes: f64) -> f64 {
        (self.fixed + self.per_byte * bytes).max(0.0)
    }
}

/// Theil–Sen: the slope is the median of the slopes between all pairs of points with distinct
/// `x`, the intercept the median of `y − slope·x`. Up to ~29% of the points can be wild without
/// moving the line. A negative slope (more input, less work) is noise here: it is clamped to
/// zero. `None` when fewer than two distinct `x`.
pub(crate) fn theil_sen(points: &[(f64, f64)]) -> Option<Line> {
    let mut slopes = Vec::with_capacity(points.len() * points.len().saturating_sub(1) / 2);
    for (i, &(x1, y1)) in points.iter().enumerate() {
        for &(x2, y2) in &points[i + 1..] {
            if x1 != x2 {
                slopes.push((y2 - y1) / (x2 - x1));
            }
        }
    }
    let per_byte = median(&slopes)?.max(0.0);
    let offsets: Vec<f64> = points.iter().map(|&(x, y)| y - per_byte * x).collect();
    let fixed = median(&offsets)?;
    Some(Line { fixed, per_byte })
}

/// The median of `y / x` (with `x` at least one byte): a line through the origin, for when
/// there are too few points or too little spread in size to fit a slope.
pub(crate) fn median_rate(points: &[(f64, f64)]) -> Option<Line> {
    let rates: Vec<f64> = points.iter().map(|&(x, y)| y / x.max(1.0)).collect();
    Some(Line {
        fixed: 0.0,
        per_byte: median(&rates)?,
    })
}

/// Where a value sits in a sample, in robust units: the Iglewicz–Hoaglin modified z-score
/// `0.6745 · (x − median) / MAD`. When the MAD is zero (over half the sample identical) the mean
/// absolute deviation stands in; `floor` bounds the spread from below so that perfectly regular
/// history does not turn a rounding difference into an infinite score. `None` when empty.
pub(crate) fn modified_z(sample: &[f64], value: f64, floor: f64) -> Option<f64> {
    let center = median(sample)?;
    let deviations: Vec<f64> = sample.iter().map(|v| (v - center).abs()).collect();
    let mad = median(&deviations)?;
    let (spread, constant) = if mad > 0.0 {
        (mad, MAD_TO_SIGMA)
    } else {
        let mean_ad = deviations.iter().sum::<f64>() / deviations.len() as f64;
        (mean_ad, MEAN_AD_TO_SIGMA)
    };
    Some(constant * (value - center) / spread.max(floor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_and_skip_non_finite() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(quantile(&[0.0, 10.0], 0.1), Some(1.0));
        assert_eq!(median(&[f64::NAN, 5.0]), Some(5.0));
    }

    #[test]
    fn theil_sen_ignores_a_wild_point_least_squares_would_follow() {
        let mut points: Vec<(f64, f64)> =
            (1..=9).map(|x| (x as f64, 2.0 + 3.0 * x as f64)).collect();
        points.push((10.0, 1_000.0));
        let line = theil_sen(&points).unwrap();
        assert!((line.per_byte - 3.0).abs() < 1e-9, "{line:?}");
        assert!((line.fixed - 2.0).abs() < 1e-9, "{line:?}");
        assert_eq!(theil_sen(&[(1.0, 1.0), (1.0, 2.0)]), None);
        let falling = theil_sen(&[(1.0, 5.0), (2.0, 4.0), (3.0, 3.0)]).unwrap();
        assert_eq!(falling.per_byte, 0.0);
        assert_eq!(falling.at(100.0), 4.0);
    }

    #[test]
    fn modified_z_matches_the_textbook_and_survives_zero_mad() {
        let sample = [10.0, 11.0, 9.0, 10.0, 12.0, 8.0, 10.0];
        // median 10, MAD 1.
        let z = modified_z(&sample, 20.0, 0.0).unwrap();
        assert!((z - 6.745).abs() < 1e-9, "{z}");
        let flat = [0.0; 8];
        assert_eq!(modified_z(&flat, 0.0, 0.05), Some(0.0));
        assert!(modified_z(&flat, 1.0, 0.05).unwrap() > 3.5);
        assert_eq!(modified_z(&[], 1.0, 0.05), None);
    }
}
