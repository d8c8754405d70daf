//! x86-64 kernels over the interleaved groups: AVX2 (`vpmaddubsw` + `vpmaddwd`) and AVX-512
//! VNNI (`vpdpbusd`) on 256-bit vectors, eight rows per register.
//!
//! A 4-byte word of an activation block is broadcast to all eight lanes and meets four values of
//! each row. Q4 nibbles are unsigned, so they are the unsigned operand as they are and the
//! format's offset (−8·d for Q4_0, m for Q4_1) multiplies the activation sum afterwards. Q8
//! weights are signed: their absolute values are the unsigned operand and their signs move onto
//! the activations.

use std::arch::x86_64::*;

use crate::formats::{ActBlock, QType};
use crate::packed::GROUP;

pub(crate) fn has_avx2() -> bool {
    is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("fma")
        && is_x86_feature_detected!("f16c")
}

pub(crate) fn has_vnni() -> bool {
    has_avx2()
        && is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("avx512vnni")
}

/// One group of eight weight rows · `T` activation rows; falls back to AVX2 or scalar code when
/// the CPU lacks what was asked (feature detection is a cached load).
pub(crate) fn tile<const T: usize>(
    vnni: bool,
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    let nb = group.len() / qtype.group_block_bytes();
    assert!(
        acts.iter().all(|a| a.len() >= nb),
        "activation rows shorter than the weights"
    );
    if vnni && has_vnni() {
        // SAFETY: the CPU has the features; every block read is inside `group` and `acts`.
        unsafe { tile_vnni(qtype, group, acts) }
    } else if has_avx2() {
        // SAFETY: as above.
        unsafe { tile_avx2(qtype, group, acts) }
    } else {
        crate::scalar::tile(qtype, group, acts)
    }
}

#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn tile_avx2<const T: usize>(
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    // SAFETY: the caller checked features and lengths.
    unsafe { tile_impl::<false, T>(qtype, group, acts) }
}

#[target_feature(enable = "avx2,fma,f16c,avx512f,avx512vl,avx512vnni")]
unsafe fn tile_vnni<const T: usize>(
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    // SAFETY: the caller checked features and lengths.
    unsafe { tile_impl::<true, T>(qtype, group, acts) }
}

/// The activation word `word` (bytes `4·word..4·word + 4`) in every lane.
#[inline(always)]
unsafe fn broadcast(a: &ActBlock, word: usize) -> __m256i {
    debug_assert!(word < 8);
    // SAFETY: `qs` is 32 bytes and `word < 8`; only inlined into functions with AVX2.
    unsafe { _mm256_set1_epi32(a.qs.as_ptr().add(4 * word).cast::<i32>().read_unaligned()) }
}

#[inline(always)]
#[allow(clippy::needless_range_loop)] // `b` and `t` index several arrays in step
unsafe fn tile_impl<const VNNI: bool, const T: usize>(
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    // SAFETY: only inlined into the functions above, with AVX2 (and VNNI when `VNNI`); every
    // pointer stays inside one group block of `group`.
    unsafe {
        let stride = qtype.group_block_bytes();
        let nibble = _mm256_set1_epi8(0x0f);
        let ones = _mm256_set1_epi16(1);
        let mut acc = [_mm256_setzero_ps(); T];
        for b in 0..group.len() / stride {
            let base = group.as_ptr().add(b * stride);
            let d = _mm256_cvtph_ps(_mm_loadu_si128(base.cast()));
            let offset = match qtype {
                QType::Q4_0 => _mm256_mul_ps(d, _mm256_set1_ps(-8.0)),
                QType::Q4_1 => _mm256_cvtph_ps(_mm_loadu_si128(base.add(2 * GROUP).cast())),
                QType::Q8_0 => _mm256_setzero_ps(),
            };
            let regs = base.add(qtype.group_quants_at());
            let mut isum = [_mm256_setzero_si256(); T];
            match qtype {
                QType::Q4_0 | QType::Q4_1 => {
                    // Without VNNI, i16 sums of all eight products fit: 8 · 2 · 15 · 127 < 2¹⁵.
                    let mut s16 = [_mm256_setzero_si256(); T];
                    for j in 0..4 {
                        let raw = _mm256_loadu_si256(regs.add(32 * j).cast());
                        let lo = _mm256_and_si256(raw, nibble);
                        let hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), nibble);
                        for t in 0..T {
                            let a = &acts[t][b];
                            let (alo, ahi) = (broadcast(a, j), broadcast(a, 4 + j));
                            if VNNI {
                                isum[t] = _mm256_dpbusd_epi32(isum[t], lo, alo);
                                isum[t] = _mm256_dpbusd_epi32(isum[t], hi, ahi);
                            } else {
                                let p = _mm256_add_epi16(
                                    _mm256_maddubs_epi16(lo, alo),
                                    _mm256_maddubs_epi16(hi, ahi),
                                );
                                s16[t] = _mm256_add_epi16(s16[t], p);
                            }
                        }
                    }
                    if !VNNI {
                        for t in 0..T {
                            isum[t] = _mm256_madd_epi16(s16[t], ones);
                        }
                    }
                }
                QType::Q8_0 => {
                    for k in 0..8 {
                        let w = _mm256_loadu_si256(regs.add(32 * k).cast());
                        let magnitude = _mm256_sign_epi8(w, w);
                        for t in 0..T {
                            let s = _mm256_sign_epi8(broadcast(&acts[t][b], k), w);
                            isum[t] = if VNNI {
                                _mm256_dpbusd_epi32(isum[t], magnitude, s)
                            } else {
                                let p = _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, s), ones);
                                _mm256_add_epi32(isum[t], p)
                            };
                        }
                    }
                }
            }
            for t in 0..T {
                let a = &acts[t][b];
                let scale = _mm256_mul_ps(d, _mm256_set1_ps(a.d));
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[t]), scale, acc[t]);
                if qtype != QType::Q8_0 {
                    acc[t] = _mm256_fmadd_ps(offset, _mm256_set1_ps(a.s), acc[t]);
                }
            }
        }
        let mut out = [[0.0f32; GROUP]; T];
        for t in 0..T {
            _mm256_storeu_ps(out[t].as_mut_ptr(), acc[t]);
        }
        out
    }
}
