//! x86-64 kernels: AVX2 (`vpmaddubsw` + `vpmaddwd`) and AVX-512 VNNI (`vpdpbusd`) on 256-bit
//! vectors. One block is 32 values, one register.
//!
//! Q4 nibbles are unsigned (0..15), so they go straight into the unsigned operand of the
//! byte dot product; the format's offset (−8·d for Q4_0, m for Q4_1) multiplies the activation
//! sum kept in each activation block. Q8 weights are signed: their absolute values go in the
//! unsigned operand and their signs move onto the activations.

use std::arch::x86_64::*;

use super::QK;
use super::formats::{ActBlock, QType};

pub(super) fn has_avx2() -> bool {
    is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("fma")
        && is_x86_feature_detected!("f16c")
}

pub(super) fn has_vnni() -> bool {
    has_avx2()
        && is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("avx512vnni")
}

/// One weight row · one activation row; falls back to AVX2 or scalar code when the CPU lacks
/// what was asked (feature detection is a cached load).
pub(super) fn dot(vnni: bool, qtype: QType, wrow: &[u8], acts: &[ActBlock]) -> f32 {
    assert!(wrow.len() >= acts.len() * qtype.block_bytes());
    if vnni && has_vnni() {
        // SAFETY: the CPU has the features; lengths checked above.
        unsafe { dot_vnni(qtype, wrow, acts) }
    } else if has_avx2() {
        // SAFETY: as above.
        unsafe { dot_avx2(qtype, wrow, acts) }
    } else {
        super::scalar::dot(qtype, wrow, acts)
    }
}

/// One weight row · four activation rows.
pub(super) fn dot_x4(vnni: bool, qtype: QType, wrow: &[u8], acts: [&[ActBlock]; 4]) -> [f32; 4] {
    let nb = acts[0].len();
    assert!(acts.iter().all(|a| a.len() == nb) && wrow.len() >= nb * qtype.block_bytes());
    if vnni && has_vnni() {
        // SAFETY: the CPU has the features; lengths checked above.
        unsafe { dot_x4_vnni(qtype, wrow, acts) }
    } else if has_avx2() {
        // SAFETY: as above.
        unsafe { dot_x4_avx2(qtype, wrow, acts) }
    } else {
        acts.map(|a| super::scalar::dot(qtype, wrow, a))
    }
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_avx2(qtype: QType, wrow: &[u8], acts: &[ActBlock]) -> f32 {
    // SAFETY: the caller checked features and lengths.
    unsafe { dot_impl::<false>(qtype, wrow, acts) }
}

#[target_feature(enable = "avx2,fma,f16c,avx512f,avx512vl,avx512vnni")]
unsafe fn dot_vnni(qtype: QType, wrow: &[u8], acts: &[ActBlock]) -> f32 {
    // SAFETY: the caller checked features and lengths.
    unsafe { dot_impl::<true>(qtype, wrow, acts) }
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_x4_avx2(qtype: QType, wrow: &[u8], acts: [&[ActBlock]; 4]) -> [f32; 4] {
    // SAFETY: the caller checked features and lengths.
    unsafe { dot_x4_impl::<false>(qtype, wrow, acts) }
}

#[target_feature(enable = "avx2,fma,f16c,avx512f,avx512vl,avx512vnni")]
unsafe fn dot_x4_vnni(qtype: QType, wrow: &[u8], acts: [&[ActBlock]; 4]) -> [f32; 4] {
    // SAFETY: the caller checked features and lengths.
    unsafe { dot_x4_impl::<true>(qtype, wrow, acts) }
}

/// Eight i32 sums of four u8·i8 products each.
#[inline(always)]
unsafe fn idot<const VNNI: bool>(u: __m256i, s: __m256i) -> __m256i {
    // SAFETY: only inlined into functions with AVX2 (and VNNI when `VNNI`).
    unsafe {
        if VNNI {
            _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s)
        } else {
            _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1))
        }
    }
}

/// The f16 at `p`, as f32.
#[inline(always)]
unsafe fn half_at(p: *const u8) -> f32 {
    // SAFETY: the caller reads inside a block; F16C is enabled in every caller.
    unsafe {
        let h = p.cast::<u16>().read_unaligned();
        _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(i32::from(h))))
    }
}

/// The 32 nibbles of a Q4 block as bytes 0..15, in value order.
#[inline(always)]
unsafe fn nibbles(q: *const u8) -> __m256i {
    // SAFETY: the caller passes 16 readable bytes.
    unsafe {
        let q = _mm_loadu_si128(q.cast());
        let both = _mm256_set_m128i(_mm_srli_epi16(q, 4), q);
        _mm256_and_si256(both, _mm256_set1_epi8(0x0f))
    }
}

#[inline(always)]
unsafe fn load_acts(a: &ActBlock) -> __m256i {
    // SAFETY: `qs` is 32 bytes.
    unsafe { _mm256_loadu_si256(a.qs.as_ptr().cast()) }
}

#[inline(always)]
unsafe fn hsum(v: __m256) -> f32 {
    // SAFETY: only inlined into functions with AVX2.
    unsafe {
        let s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)))
    }
}

/// Weight block `b` as (unsigned operand, sign source or zero, scale, offset).
#[inline(always)]
unsafe fn weight_block(qtype: QType, wrow: &[u8], b: usize) -> (__m256i, __m256i, f32, f32) {
    // SAFETY: the callers checked that `wrow` holds block `b`.
    unsafe {
        let p = wrow.as_ptr().add(b * qtype.block_bytes());
        let d = half_at(p);
        match qtype {
            QType::Q4_0 => (nibbles(p.add(2)), _mm256_setzero_si256(), d, -8.0 * d),
            QType::Q4_1 => (nibbles(p.add(4)), _mm256_setzero_si256(), d, half_at(p.add(2))),
            QType::Q8_0 => {
                let w = _mm256_loadu_si256(p.add(2).cast());
                (_mm256_sign_epi8(w, w), w, d, 0.0)
            }
        }
    }
}

/// Activations as the signed operand: with Q8 weights their signs follow the weights'.
#[inline(always)]
unsafe fn signed_operand(qtype: QType, a: __m256i, w: __m256i) -> __m256i {
    // SAFETY: only inlined into functions with AVX2.
    unsafe {
        match qtype {
            QType::Q8_0 => _mm256_sign_epi8(a, w),
            QType::Q4_0 | QType::Q4_1 => a,
        }
    }
}

#[inline(always)]
unsafe fn dot_impl<const VNNI: bool>(qtype: QType, wrow: &[u8], acts: &[ActBlock]) -> f32 {
    // SAFETY: the callers checked features and that `wrow` holds `acts.len()` blocks.
    unsafe {
        // One accumulator, as in `dot_x4_impl`: a token's result must not depend on how it
        // was batched.
        let mut acc = _mm256_setzero_ps();
        let mut offset = 0.0f32;
        for (b, a) in acts.iter().enumerate() {
            let (u, w, d, off) = weight_block(qtype, wrow, b);
            let s = signed_operand(qtype, load_acts(a), w);
            let p = _mm256_cvtepi32_ps(idot::<VNNI>(u, s));
            acc = _mm256_fmadd_ps(_mm256_set1_ps(d * a.d), p, acc);
            offset += off * a.s;
        }
        hsum(acc) + offset
    }
}

#[inline(always)]
unsafe fn dot_x4_impl<const VNNI: bool>(
    qtype: QType,
    wrow: &[u8],
    acts: [&[ActBlock]; 4],
) -> [f32; 4] {
    // SAFETY: the callers checked features and that `wrow` holds as many blocks as each row.
    unsafe {
        let mut acc = [_mm256_setzero_ps(); 4];
        let mut offset = [0.0f32; 4];
        for b in 0..acts[0].len() {
            let (u, w, d, off) = weight_block(qtype, wrow, b);
            for k in 0..4 {
                let a = &acts[k][b];
                let s = signed_operand(qtype, load_acts(a), w);
                let p = _mm256_cvtepi32_ps(idot::<VNNI>(u, s));
                acc[k] = _mm256_fmadd_ps(_mm256_set1_ps(d * a.d), p, acc[k]);
                offset[k] += off * a.s;
            }
        }
        std::array::from_fn(|k| hsum(acc[k]) + offset[k])
    }
}

const _: () = assert!(QK == 32, "one block is one 256-bit register");
