//! Portable kernels over the interleaved groups: the same integer sums as the SIMD paths.

use crate::QK;
use crate::formats::{ActBlock, QType};
use crate::packed::{GROUP, Regs, chunk_params};

/// One group of eight weight rows · `T` activation rows.
#[allow(clippy::needless_range_loop)] // `b` indexes every token's activations
pub(crate) fn tile<const T: usize>(
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    let chunks = group.len() / qtype.group_block_bytes() * qtype.chunks_per_block();
    let regs = qtype.regs();
    let mut out = [[0.0f32; GROUP]; T];
    for b in 0..chunks {
        for lane in 0..GROUP {
            let p = chunk_params(qtype, group, b, lane);
            let quants = &group[p.regs..p.regs + regs.bytes()];
            for (t, out) in out.iter_mut().enumerate() {
                let a = &acts[t][b];
                // Sums over values 0..16 and 16..32.
                let mut isum = [0i32; 2];
                match regs {
                    Regs::Q4 => {
                        for j in 0..4 {
                            for i in 0..4 {
                                let q = quants[32 * j + 4 * lane + i];
                                isum[0] += i32::from(q & 0x0f) * i32::from(a.qs[4 * j + i]);
                                isum[1] += i32::from(q >> 4) * i32::from(a.qs[16 + 4 * j + i]);
                            }
                        }
                    }
                    Regs::Q8 | Regs::U8 => {
                        let bias = if regs == Regs::U8 { 0x80 } else { 0 };
                        for k in 0..8 {
                            for i in 0..4 {
                                let q = (quants[32 * k + 4 * lane + i] ^ bias) as i8;
                                isum[k / 4] += i32::from(q) * i32::from(a.qs[4 * k + i]);
                            }
                        }
                    }
                }
                out[lane] += if qtype != QType::Q6K {
                    (isum[0] + isum[1]) as f32 * (p.scale[0] * a.d)
                } else {
                    isum[0] as f32 * (p.scale[0] * a.d) + isum[1] as f32 * (p.scale[1] * a.d)
                } + p.offset * a.s;
            }
        }
    }
    out
}

const _: () = assert!(QK == 32);
