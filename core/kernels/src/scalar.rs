//! Portable kernels over the interleaved groups: the same integer sums as the SIMD paths.

use crate::formats::{ActBlock, QType};
use crate::packed::{GROUP, lane_scales};

/// One group of eight weight rows · `T` activation rows.
pub(crate) fn tile<const T: usize>(
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    let stride = qtype.group_block_bytes();
    let mut out = [[0.0f32; GROUP]; T];
    for (b, block) in group.chunks_exact(stride).enumerate() {
        let regs = &block[qtype.group_quants_at()..];
        for lane in 0..GROUP {
            let (d, offset) = lane_scales(qtype, block, lane);
            for (t, out) in out.iter_mut().enumerate() {
                let a = &acts[t][b];
                let mut isum = 0i32;
                match qtype {
                    QType::Q4_0 | QType::Q4_1 => {
                        for j in 0..4 {
                            for i in 0..4 {
                                let q = regs[32 * j + 4 * lane + i];
                                isum += i32::from(q & 0x0f) * i32::from(a.qs[4 * j + i]);
                                isum += i32::from(q >> 4) * i32::from(a.qs[16 + 4 * j + i]);
                            }
                        }
                    }
                    QType::Q8_0 => {
                        for k in 0..8 {
                            for i in 0..4 {
                                let q = regs[32 * k + 4 * lane + i] as i8;
                                isum += i32::from(q) * i32::from(a.qs[4 * k + i]);
                            }
                        }
                    }
                }
                out[lane] += isum as f32 * (d * a.d) + offset * a.s;
            }
        }
    }
    out
}
