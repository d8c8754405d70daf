//! aarch64 kernels over the interleaved groups: NEON, with `sdot` where the CPU has the dot
//! product extension. A 32-byte group register is two 128-bit registers (rows 0–3 and 4–7).
//!
//! Both operands are signed here (Q4 nibbles 0..15 fit an i8), so 8-bit weights need no sign
//! trick; the Q4 formats' offsets multiply the activation sum as on x86.

use std::arch::aarch64::*;

use crate::formats::{ActBlock, QType};
use crate::packed::{ChunkParams, GROUP, Regs, chunk_params};

pub(crate) fn has_dotprod() -> bool {
    std::arch::is_aarch64_feature_detected!("dotprod")
}

/// One group of eight weight rows · `T` activation rows.
///
/// # Safety
/// The CPU has the dot product extension when `dotprod`, and every activation row holds at
/// least the group's `cols / 32` chunks.
pub(crate) unsafe fn tile<const T: usize>(
    dotprod: bool,
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    debug_assert!({
        let chunks = group.len() / qtype.group_block_bytes() * qtype.chunks_per_block();
        acts.iter().all(|a| a.len() >= chunks)
    });
    // SAFETY: the caller's contract; NEON is part of every aarch64 CPU.
    unsafe {
        if dotprod {
            tile_dot(qtype, group, acts)
        } else {
            tile_impl::<false, T>(qtype, group, acts)
        }
    }
}

#[target_feature(enable = "neon,dotprod")]
unsafe fn tile_dot<const T: usize>(
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    // SAFETY: the caller checked the feature and the lengths.
    unsafe { tile_impl::<true, T>(qtype, group, acts) }
}

/// Four i32 sums of four i8·i8 products each, added to `acc`.
#[inline(always)]
unsafe fn idot<const DOT: bool>(acc: int32x4_t, w: int8x16_t, a: int8x16_t) -> int32x4_t {
    // SAFETY: only inlined into functions with NEON (and the dot product extension when `DOT`).
    unsafe {
        if DOT {
            // `vdotq_s32` is not stable yet; the instruction is.
            let mut acc = acc;
            std::arch::asm!(
                ".arch_extension dotprod",
                "sdot {acc:v}.4s, {w:v}.16b, {a:v}.16b",
                acc = inout(vreg) acc,
                w = in(vreg) w,
                a = in(vreg) a,
                options(pure, nomem, nostack),
            );
            acc
        } else {
            // |w·a| ≤ 128 · 127, so pairs of products fit an i16.
            let lo = vmull_s8(vget_low_s8(w), vget_low_s8(a));
            let hi = vmull_high_s8(w, a);
            vaddq_s32(acc, vpaddlq_s16(vpaddq_s16(lo, hi)))
        }
    }
}

/// The activation word `word` (bytes `4·word..4·word + 4`) in every lane.
#[inline(always)]
unsafe fn broadcast(a: &ActBlock, word: usize) -> int8x16_t {
    debug_assert!(word < 8);
    // SAFETY: `qs` is 32 bytes and `word < 8`.
    unsafe {
        let w = a.qs.as_ptr().add(4 * word).cast::<i32>().read_unaligned();
        vreinterpretq_s8_s32(vdupq_n_s32(w))
    }
}

#[inline(always)]
#[allow(clippy::needless_range_loop)] // `b`, `t` and `h` index several arrays in step
unsafe fn tile_impl<const DOT: bool, const T: usize>(
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    // SAFETY: every pointer stays inside one chunk's registers in `group`; NEON is always
    // present.
    unsafe {
        let chunks = group.len() / qtype.group_block_bytes() * qtype.chunks_per_block();
        let nibble = vdupq_n_u8(0x0f);
        // Accumulators per token for rows 0–3 and 4–7.
        let mut acc = [[vdupq_n_f32(0.0); 2]; T];
        for b in 0..chunks {
            // Scales through the scalar view (eight lanes); the products below are vectorised.
            let p: [ChunkParams; GROUP] =
                std::array::from_fn(|lane| chunk_params(qtype, group, b, lane));
            let lanes = |f: &dyn Fn(&ChunkParams) -> f32, h: usize| {
                let v: [f32; 4] = std::array::from_fn(|i| f(&p[4 * h + i]));
                vld1q_f32(v.as_ptr())
            };
            let scale = [
                [lanes(&|p| p.scale[0], 0), lanes(&|p| p.scale[0], 1)],
                [lanes(&|p| p.scale[1], 0), lanes(&|p| p.scale[1], 1)],
            ];
            let offset = [lanes(&|p| p.offset, 0), lanes(&|p| p.offset, 1)];
            let regs = group.as_ptr().add(p[0].regs);
            // Per token and half of the rows: sums over values 0..16 and 16..32.
            let mut isum = [[[vdupq_n_s32(0); 2]; 2]; T];
            match qtype.regs() {
                Regs::Q4 => {
                    for j in 0..4 {
                        for h in 0..2 {
                            let raw = vld1q_u8(regs.add(32 * j + 16 * h));
                            let lo = vreinterpretq_s8_u8(vandq_u8(raw, nibble));
                            let hi = vreinterpretq_s8_u8(vshrq_n_u8(raw, 4));
                            for t in 0..T {
                                let a = &acts[t][b];
                                isum[t][h][0] = idot::<DOT>(isum[t][h][0], lo, broadcast(a, j));
                                isum[t][h][1] = idot::<DOT>(isum[t][h][1], hi, broadcast(a, 4 + j));
                            }
                        }
                    }
                }
                Regs::Q8 | Regs::U8 => {
                    let bias = vdupq_n_u8(if qtype.regs() == Regs::U8 { 0x80 } else { 0 });
                    for k in 0..8 {
                        for h in 0..2 {
                            let w = vld1q_u8(regs.add(32 * k + 16 * h));
                            let w = vreinterpretq_s8_u8(veorq_u8(w, bias));
                            for t in 0..T {
                                let a = broadcast(&acts[t][b], k);
                                isum[t][h][k / 4] = idot::<DOT>(isum[t][h][k / 4], w, a);
                            }
                        }
                    }
                }
            }
            for t in 0..T {
                let a = &acts[t][b];
                for h in 0..2 {
                    if qtype == QType::Q6K {
                        for half in 0..2 {
                            let s = vmulq_n_f32(scale[half][h], a.d);
                            acc[t][h] = vfmaq_f32(acc[t][h], vcvtq_f32_s32(isum[t][h][half]), s);
                        }
                    } else {
                        let s = vmulq_n_f32(scale[0][h], a.d);
                        let sum = vaddq_s32(isum[t][h][0], isum[t][h][1]);
                        acc[t][h] = vfmaq_f32(acc[t][h], vcvtq_f32_s32(sum), s);
                        if qtype.regs() == Regs::Q4 {
                            acc[t][h] = vfmaq_n_f32(acc[t][h], offset[h], a.s);
                        }
                    }
                }
            }
        }
        let mut out = [[0.0f32; GROUP]; T];
        for t in 0..T {
            vst1q_f32(out[t].as_mut_ptr(), acc[t][0]);
            vst1q_f32(out[t].as_mut_ptr().add(4), acc[t][1]);
        }
        out
    }
}
