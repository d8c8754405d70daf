//! x86-64 kernels over the interleaved groups: AVX2 (`vpmaddubsw` + `vpmaddwd`) and AVX-512
//! VNNI (`vpdpbusd`) on 256-bit vectors, eight rows per register.
//!
//! A 4-byte word of an activation block is broadcast to all eight lanes and meets four values of
//! each row. Q4 nibbles are unsigned, so they are the unsigned operand as they are and the
//! format's offset (−8·d for Q4_0, m for Q4_1, −dmin·m for Q4_K) multiplies the activation sum
//! afterwards. Signed 8-bit weights (Q8_0, Q6_K) give their absolute values to the unsigned
//! operand and their signs to the activations.

use std::arch::x86_64::*;

use crate::formats::{ActBlock, QType};
use crate::packed::{GROUP, Regs};

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

/// One group of eight weight rows · `T` activation rows.
///
/// # Safety
/// The CPU has AVX2, FMA and F16C (and AVX-512 VNNI/VL when `vnni`), and every activation row
/// holds at least the group's `cols / 32` chunks.
pub(crate) unsafe fn tile<const T: usize>(
    vnni: bool,
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    debug_assert!({
        let chunks = group.len() / qtype.group_block_bytes() * qtype.chunks_per_block();
        acts.iter().all(|a| a.len() >= chunks)
    });
    // SAFETY: the caller's contract.
    unsafe {
        if vnni {
            tile_vnni(qtype, group, acts)
        } else {
            tile_avx2(qtype, group, acts)
        }
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

/// Eight f16 at `p` as f32.
#[inline(always)]
unsafe fn halves(p: *const u8) -> __m256 {
    // SAFETY: the caller passes 16 readable bytes; F16C is enabled in every caller.
    unsafe { _mm256_cvtph_ps(_mm_loadu_si128(p.cast())) }
}

/// Eight bytes at `p` as f32, unsigned or signed.
#[inline(always)]
unsafe fn bytes_f32(p: *const u8, signed: bool) -> __m256 {
    // SAFETY: the caller passes 8 readable bytes; only inlined into functions with AVX2.
    unsafe {
        let b = _mm_loadl_epi64(p.cast());
        let wide = if signed {
            _mm256_cvtepi8_epi32(b)
        } else {
            _mm256_cvtepu8_epi32(b)
        };
        _mm256_cvtepi32_ps(wide)
    }
}

/// Per-lane sums of a Q4 chunk's products with each token's activations: values 0..16 and
/// 16..32 together.
#[inline(always)]
unsafe fn q4_chunk<const VNNI: bool, const T: usize>(
    regs: *const u8,
    acts: &[&ActBlock; T],
) -> [__m256i; T] {
    // SAFETY: `regs` points at 128 readable bytes; only inlined into functions with AVX2 (and
    // VNNI when `VNNI`).
    unsafe {
        let nibble = _mm256_set1_epi8(0x0f);
        // Low and high nibbles accumulate apart: two dependency chains per token, not one.
        let mut isum = [_mm256_setzero_si256(); T];
        let mut isum_hi = [_mm256_setzero_si256(); T];
        // Without VNNI, i16 sums of all eight products fit: 8 · 2 · 15 · 127 < 2¹⁵.
        let mut s16 = [_mm256_setzero_si256(); T];
        for j in 0..4 {
            let raw = _mm256_loadu_si256(regs.add(32 * j).cast());
            let lo = _mm256_and_si256(raw, nibble);
            let hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), nibble);
            for t in 0..T {
                let (alo, ahi) = (broadcast(acts[t], j), broadcast(acts[t], 4 + j));
                if VNNI {
                    isum[t] = _mm256_dpbusd_epi32(isum[t], lo, alo);
                    isum_hi[t] = _mm256_dpbusd_epi32(isum_hi[t], hi, ahi);
                } else {
                    let p = _mm256_add_epi16(
                        _mm256_maddubs_epi16(lo, alo),
                        _mm256_maddubs_epi16(hi, ahi),
                    );
                    s16[t] = _mm256_add_epi16(s16[t], p);
                }
            }
        }
        if VNNI {
            for t in 0..T {
                isum[t] = _mm256_add_epi32(isum[t], isum_hi[t]);
            }
        } else {
            let ones = _mm256_set1_epi16(1);
            for t in 0..T {
                isum[t] = _mm256_madd_epi16(s16[t], ones);
            }
        }
        isum
    }
}

/// Per-lane sums of an 8-bit chunk's products with each token's activations, for values 0..16
/// and 16..32 apart. `BIASED`: the bytes are values + 128 (Q8_0); with VNNI they are the
/// unsigned operand as they are and the caller takes 128 · Σa off, elsewhere the bias is
/// removed first.
#[inline(always)]
unsafe fn q8_chunk<const VNNI: bool, const T: usize, const BIASED: bool>(
    regs: *const u8,
    acts: &[&ActBlock; T],
) -> [[__m256i; 2]; T] {
    // SAFETY: `regs` points at 256 readable bytes; features as for `q4_chunk`.
    unsafe {
        let ones = _mm256_set1_epi16(1);
        let mut isum = [[_mm256_setzero_si256(); 2]; T];
        if VNNI && BIASED {
            for k in 0..8 {
                let u = _mm256_loadu_si256(regs.add(32 * k).cast());
                for t in 0..T {
                    isum[t][k / 4] = _mm256_dpbusd_epi32(isum[t][k / 4], u, broadcast(acts[t], k));
                }
            }
            return isum;
        }
        for k in 0..8 {
            let mut w = _mm256_loadu_si256(regs.add(32 * k).cast());
            if BIASED {
                w = _mm256_xor_si256(w, _mm256_set1_epi8(-128));
            }
            let magnitude = _mm256_sign_epi8(w, w);
            for t in 0..T {
                let s = _mm256_sign_epi8(broadcast(acts[t], k), w);
                isum[t][k / 4] = if VNNI {
                    _mm256_dpbusd_epi32(isum[t][k / 4], magnitude, s)
                } else {
                    // |w| ≤ 128, so pairs of products fit an i16.
                    let p = _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, s), ones);
                    _mm256_add_epi32(isum[t][k / 4], p)
                };
            }
        }
        isum
    }
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
        let per = qtype.chunks_per_block();
        let mut acc = [_mm256_setzero_ps(); T];
        for b in 0..group.len() / stride * per {
            let (c, base) = (b % per, group.as_ptr().add(b / per * stride));
            let regs = base.add(qtype.group_regs_at() + c * qtype.regs().bytes());
            let a: [&ActBlock; T] = std::array::from_fn(|t| &acts[t][b]);
            let d = halves(base);
            match qtype.regs() {
                Regs::Q4 => {
                    let (scale, offset) = match qtype {
                        QType::Q4_0 => (d, _mm256_mul_ps(d, _mm256_set1_ps(-8.0))),
                        QType::Q4_1 => (d, halves(base.add(2 * GROUP))),
                        _ => {
                            let sc = bytes_f32(base.add(4 * GROUP + GROUP * c), false);
                            let m = bytes_f32(base.add(12 * GROUP + GROUP * c), false);
                            let dmin = halves(base.add(2 * GROUP));
                            let minus = _mm256_set1_ps(-1.0);
                            (
                                _mm256_mul_ps(d, sc),
                                _mm256_mul_ps(_mm256_mul_ps(dmin, m), minus),
                            )
                        }
                    };
                    let isum = q4_chunk::<VNNI, T>(regs, &a);
                    for t in 0..T {
                        let s = _mm256_mul_ps(scale, _mm256_set1_ps(a[t].d));
                        acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[t]), s, acc[t]);
                        acc[t] = _mm256_fmadd_ps(offset, _mm256_set1_ps(a[t].s), acc[t]);
                    }
                }
                Regs::Q8 => {
                    // Q6_K: values 0..16 and 16..32 have scales of their own.
                    let isum = q8_chunk::<VNNI, T, false>(regs, &a);
                    let sc = |i: usize| bytes_f32(base.add(2 * GROUP + GROUP * i), true);
                    let scale = [_mm256_mul_ps(d, sc(2 * c)), _mm256_mul_ps(d, sc(2 * c + 1))];
                    for t in 0..T {
                        for h in 0..2 {
                            let s = _mm256_mul_ps(scale[h], _mm256_set1_ps(a[t].d));
                            let p = _mm256_cvtepi32_ps(isum[t][h]);
                            acc[t] = _mm256_fmadd_ps(p, s, acc[t]);
                        }
                    }
                }
                Regs::U8 => {
                    let isum = q8_chunk::<VNNI, T, true>(regs, &a);
                    for t in 0..T {
                        let mut total = _mm256_add_epi32(isum[t][0], isum[t][1]);
                        if VNNI {
                            // Σ(w + 128)·a − 128·Σa = Σw·a, exactly.
                            let bias = _mm256_set1_epi32(128 * a[t].sum);
                            total = _mm256_sub_epi32(total, bias);
                        }
                        let s = _mm256_mul_ps(d, _mm256_set1_ps(a[t].d));
                        acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total), s, acc[t]);
                    }
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
