//! Portable kernels: the same integer sums as the SIMD paths, one block at a time.

use super::formats::{ActBlock, QType, f16_at};
use super::QK;

/// One weight row (raw blocks) · one activation row.
pub(super) fn dot(qtype: QType, wrow: &[u8], acts: &[ActBlock]) -> f32 {
    let bytes = qtype.block_bytes();
    let mut sum = 0.0f32;
    for (block, a) in wrow.chunks_exact(bytes).zip(acts) {
        let d = f16_at(block, 0);
        let qs = &block[qtype.quants_at()..];
        sum += match qtype {
            QType::Q4_0 | QType::Q4_1 => {
                let mut isum = 0i32;
                for j in 0..QK / 2 {
                    isum += i32::from(qs[j] & 0x0f) * i32::from(a.qs[j]);
                    isum += i32::from(qs[j] >> 4) * i32::from(a.qs[j + QK / 2]);
                }
                // Nibbles are unsigned; the format's offset multiplies the activation sum.
                let offset = if qtype == QType::Q4_0 {
                    -8.0 * d
                } else {
                    f16_at(block, 2)
                };
                d * a.d * isum as f32 + offset * a.s
            }
            QType::Q8_0 => {
                let isum: i32 = qs[..QK]
                    .iter()
                    .zip(&a.qs)
                    .map(|(&w, &x)| i32::from(w as i8) * i32::from(x))
                    .sum();
                d * a.d * isum as f32
            }
        };
    }
    sum
}
