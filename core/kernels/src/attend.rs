//! The two loops of attention over an f16 KV cache: `q · k` and `out += w · v`, converting eight
//! cached values at a time with F16C where the CPU has it. Each call walks every cached
//! position, so the instruction-set dispatch is paid once per head, not once per position.

use half::f16;

/// `scores[p] = scale · q · k_p` for the rows `k_p = cache[p·stride..][..q.len()]`.
pub(crate) fn scores(q: &[f32], cache: &[f16], stride: usize, scale: f32, scores: &mut [f32]) {
    assert!(scores.is_empty() || (scores.len() - 1) * stride + q.len() <= cache.len());
    #[cfg(target_arch = "x86_64")]
    if crate::x86::has_avx2() {
        // SAFETY: the CPU has AVX2, FMA and F16C; every row is inside `cache` (checked above).
        return unsafe { x86::scores(q, cache, stride, scale, scores) };
    }
    for (p, s) in scores.iter_mut().enumerate() {
        *s = dot(q, &cache[p * stride..p * stride + q.len()]) * scale;
    }
}

/// `out = Σ_p weights[p] · v_p` for the rows `v_p = cache[p·stride..][..out.len()]`.
pub(crate) fn weighted_sum(weights: &[f32], cache: &[f16], stride: usize, out: &mut [f32]) {
    assert!(weights.is_empty() || (weights.len() - 1) * stride + out.len() <= cache.len());
    out.fill(0.0);
    #[cfg(target_arch = "x86_64")]
    if crate::x86::has_avx2() {
        // SAFETY: as in `scores`.
        return unsafe { x86::weighted_sum(weights, cache, stride, out) };
    }
    for (p, &w) in weights.iter().enumerate() {
        axpy(out, w, &cache[p * stride..p * stride + out.len()]);
    }
}

/// `q · k` with eight partial sums (a plain ordered sum would stay scalar).
pub(crate) fn dot(q: &[f32], k: &[f16]) -> f32 {
    assert_eq!(q.len(), k.len());
    #[cfg(target_arch = "x86_64")]
    if crate::x86::has_avx2() {
        // SAFETY: the CPU has AVX2, FMA and F16C; lengths are equal.
        return unsafe { x86::dot(q, k) };
    }
    let mut acc = [0.0f32; 8];
    let (cq, ck) = (q.chunks_exact(8), k.chunks_exact(8));
    let tail: f32 = cq
        .remainder()
        .iter()
        .zip(ck.remainder())
        .map(|(a, b)| a * b.to_f32())
        .sum();
    for (a, b) in cq.zip(ck) {
        for i in 0..8 {
            acc[i] += a[i] * b[i].to_f32();
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// `out += w · v`.
pub(crate) fn axpy(out: &mut [f32], w: f32, v: &[f16]) {
    assert_eq!(out.len(), v.len());
    #[cfg(target_arch = "x86_64")]
    if crate::x86::has_avx2() {
        // SAFETY: as in `dot`.
        return unsafe { x86::axpy(out, w, v) };
    }
    for (o, v) in out.iter_mut().zip(v) {
        *o += w * v.to_f32();
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use half::f16;

    #[target_feature(enable = "avx2,fma,f16c")]
    pub(super) unsafe fn scores(
        q: &[f32],
        cache: &[f16],
        stride: usize,
        scale: f32,
        out: &mut [f32],
    ) {
        for (p, s) in out.iter_mut().enumerate() {
            // SAFETY: the caller checked that every row is inside `cache`.
            *s = unsafe { dot(q, &cache[p * stride..p * stride + q.len()]) } * scale;
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    pub(super) unsafe fn weighted_sum(
        weights: &[f32],
        cache: &[f16],
        stride: usize,
        out: &mut [f32],
    ) {
        for (p, &w) in weights.iter().enumerate() {
            // SAFETY: as above.
            unsafe { axpy(out, w, &cache[p * stride..p * stride + out.len()]) };
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    #[inline]
    pub(super) unsafe fn dot(q: &[f32], k: &[f16]) -> f32 {
        let n = q.len() / 8 * 8;
        // SAFETY: every load is inside `q` and `k` (equal lengths, checked by the caller).
        unsafe {
            let mut acc = _mm256_setzero_ps();
            for i in (0..n).step_by(8) {
                let kv = _mm256_cvtph_ps(_mm_loadu_si128(k.as_ptr().add(i).cast()));
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(q.as_ptr().add(i)), kv, acc);
            }
            let s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
            let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
            let s = _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
            s + q[n..]
                .iter()
                .zip(&k[n..])
                .map(|(a, b)| a * b.to_f32())
                .sum::<f32>()
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    #[inline]
    pub(super) unsafe fn axpy(out: &mut [f32], w: f32, v: &[f16]) {
        let n = out.len() / 8 * 8;
        // SAFETY: as in `dot`.
        unsafe {
            let wv = _mm256_set1_ps(w);
            for i in (0..n).step_by(8) {
                let vv = _mm256_cvtph_ps(_mm_loadu_si128(v.as_ptr().add(i).cast()));
                let o = out.as_mut_ptr().add(i);
                _mm256_storeu_ps(o, _mm256_fmadd_ps(wv, vv, _mm256_loadu_ps(o)));
            }
        }
        for (o, v) in out[n..].iter_mut().zip(&v[n..]) {
            *o += w * v.to_f32();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_weighted_sums_walk_strided_rows() {
        let (stride, hd, n) = (3 * 64, 64, 37);
        let cache: Vec<f16> = (0..n * stride)
            .map(|i| f16::from_f32(((i * 31 % 17) as f32 - 8.0) / 9.0))
            .collect();
        let q: Vec<f32> = (0..hd).map(|i| (i as f32 - 30.0) / 40.0).collect();
        let off = 64; // the second head of each row
        let mut got = vec![0.0; n];
        scores(&q, &cache[off..], stride, 0.125, &mut got);
        let mut sum = vec![0.0; hd];
        weighted_sum(&got, &cache[off..], stride, &mut sum);
        let mut want_sum = vec![0.0f64; hd];
        for (p, g) in got.iter().enumerate() {
            let row = &cache[off + p * stride..off + p * stride + hd];
            let want: f64 = q
                .iter()
                .zip(row)
                .map(|(a, b)| f64::from(*a) * f64::from(b.to_f32()))
                .sum::<f64>()
                * 0.125;
            assert!(
                (f64::from(*g) - want).abs() <= 1e-5 * (1.0 + want.abs()),
                "position {p}"
            );
            for (w, v) in want_sum.iter_mut().zip(row) {
                *w += f64::from(*g) * f64::from(v.to_f32());
            }
        }
        for (g, w) in sum.iter().zip(&want_sum) {
            assert!((f64::from(*g) - w).abs() <= 1e-4 * (1.0 + w.abs()));
        }
    }

    #[test]
    fn dot_and_axpy_match_f64_over_lengths_with_and_without_a_tail() {
        for n in [1, 7, 8, 9, 31, 64, 70, 128] {
            let q: Vec<f32> = (0..n)
                .map(|i| ((i * 37 % 23) as f32 - 11.0) / 7.0)
                .collect();
            let k: Vec<f16> = (0..n)
                .map(|i| f16::from_f32(((i * 53 % 29) as f32 - 14.0) / 5.0))
                .collect();
            let want: f64 = q
                .iter()
                .zip(&k)
                .map(|(a, b)| f64::from(*a) * f64::from(b.to_f32()))
                .sum();
            let got = dot(&q, &k);
            assert!(
                (f64::from(got) - want).abs() <= 1e-5 * (1.0 + want.abs()),
                "n={n}: {got} vs {want}"
            );

            let mut out = q.clone();
            axpy(&mut out, 0.75, &k);
            for ((o, a), b) in out.iter().zip(&q).zip(&k) {
                let want = f64::from(*a) + 0.75 * f64::from(b.to_f32());
                assert!(
                    (f64::from(*o) - want).abs() <= 1e-6 * (1.0 + want.abs()),
                    "n={n}"
                );
            }
        }
    }
}
