//! ggml's block layouts (bit-compatible with GGUF files) and the activation blocks the kernels
//! multiply them with.

use half::f16;

use super::QK;

/// A weight block format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum QType {
    /// `d: f16, qs: [u8; 16]`; value = (nibble − 8)·d.
    Q4_0,
    /// `d: f16, m: f16, qs: [u8; 16]`; value = nibble·d + m.
    Q4_1,
    /// `d: f16, qs: [i8; 32]`; value = q·d.
    Q8_0,
    /// ggml's Q4_K: 256 values in eight sub-blocks of 32, each with a 6-bit scale and minimum
    /// under the block's f16 `d` and `dmin`; value = nibble·d·sc − dmin·m.
    Q4K,
    /// ggml's Q6_K: 256 values in sixteen sub-blocks of 16 with 8-bit scales under an f16 `d`;
    /// value = (6-bit q − 32)·d·sc. Kept as 8-bit values in memory (no 6-bit unpacking per use).
    Q6K,
}

impl QType {
    /// Values per ggml block.
    pub const fn block_values(self) -> usize {
        match self {
            Self::Q4_0 | Self::Q4_1 | Self::Q8_0 => QK,
            Self::Q4K | Self::Q6K => 256,
        }
    }

    /// Bytes per ggml block.
    pub const fn block_bytes(self) -> usize {
        match self {
            Self::Q4_0 => 18,
            Self::Q4_1 => 20,
            Self::Q8_0 => 34,
            Self::Q4K => 144,
            Self::Q6K => 210,
        }
    }

    /// Offset of the quants inside a block of the 32-value formats.
    pub(crate) const fn quants_at(self) -> usize {
        match self {
            Self::Q4_1 => 4,
            _ => 2,
        }
    }
}

/// Activations of 32 values: `qs·d` with `s = d·Σqs` kept for formats with an offset.
///
/// Scales hold f16 values (as ggml's Q8_0/Q8_1) in f32 fields: activations never leave memory, and
/// converting in the inner loop would cost more than the bytes it saves.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
pub struct ActBlock {
    /// Scale.
    pub d: f32,
    /// `d` times the sum of the quants.
    pub s: f32,
    /// The sum of the quants.
    pub sum: i32,
    /// Quants.
    pub qs: [i8; QK],
}

impl Default for ActBlock {
    fn default() -> Self {
        Self {
            d: 0.0,
            s: 0.0,
            sum: 0,
            qs: [0; QK],
        }
    }
}

/// Quantises `x` (a multiple of 32 long) into `out` (`x.len() / 32` blocks).
pub fn quantize_acts(x: &[f32], out: &mut [ActBlock]) {
    debug_assert_eq!(x.len(), out.len() * QK);
    for (chunk, block) in x.chunks_exact(QK).zip(out.iter_mut()) {
        let amax = chunk.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        let id = if d == 0.0 { 0.0 } else { 1.0 / d };
        let mut sum = 0i32;
        for (q, v) in block.qs.iter_mut().zip(chunk) {
            // Rounds half away from zero, as ggml's roundf.
            *q = (v * id).round() as i8;
            sum += i32::from(*q);
        }
        // The scale is rounded to f16 as ggml stores it (so results match llama.cpp's and
        // candle's closely); `s` from the rounded scale is exact in f32 (11 × 12 bits).
        let d = f16::from_f32(d).to_f32();
        block.d = d;
        block.s = d * sum as f32;
        block.sum = sum;
    }
}

pub(crate) fn f16_at(bytes: &[u8], at: usize) -> f32 {
    f16::from_le_bytes([bytes[at], bytes[at + 1]]).to_f32()
}

/// Appends one block of `x` in `qtype` (a 32-value format), with ggml's reference rounding.
pub fn quantize_block(qtype: QType, x: &[f32; QK], out: &mut Vec<u8>) {
    match qtype {
        QType::Q4K | QType::Q6K => unreachable!("K-quants are only read from files"),
        QType::Q4_0 => {
            // The value of largest magnitude maps to −8, keeping its sign.
            let max = x
                .iter()
                .fold(0.0f32, |m, &v| if v.abs() > m.abs() { v } else { m });
            let d = max / -8.0;
            let id = if d == 0.0 { 0.0 } else { 1.0 / d };
            out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
            let q = |v: f32| ((v * id + 8.5) as i32).clamp(0, 15) as u8;
            out.extend((0..QK / 2).map(|j| q(x[j]) | (q(x[j + QK / 2]) << 4)));
        }
        QType::Q4_1 => {
            let min = x.iter().copied().fold(f32::INFINITY, f32::min);
            let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let d = (max - min) / 15.0;
            let id = if d == 0.0 { 0.0 } else { 1.0 / d };
            out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
            out.extend_from_slice(&f16::from_f32(min).to_le_bytes());
            let q = |v: f32| (((v - min) * id + 0.5) as i32).clamp(0, 15) as u8;
            out.extend((0..QK / 2).map(|j| q(x[j]) | (q(x[j + QK / 2]) << 4)));
        }
        QType::Q8_0 => {
            let amax = x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let d = amax / 127.0;
            let id = if d == 0.0 { 0.0 } else { 1.0 / d };
            out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
            out.extend(x.iter().map(|v| (v * id).round() as i8 as u8));
        }
    }
}

/// Decodes one block of a 32-value format (the tests' reference; kernels decode packed groups).
#[cfg(test)]
pub fn dequantize_block(qtype: QType, block: &[u8], out: &mut [f32; QK]) {
    let d = f16_at(block, 0);
    let qs = &block[qtype.quants_at()..];
    match qtype {
        QType::Q4K | QType::Q6K => unreachable!("256-value formats decode through `kquants`"),
        QType::Q4_0 | QType::Q4_1 => {
            let (scale, offset) = if qtype == QType::Q4_0 {
                (d, -8.0 * d)
            } else {
                (d, f16_at(block, 2))
            };
            for j in 0..QK / 2 {
                out[j] = f32::from(qs[j] & 0x0f) * scale + offset;
                out[j + QK / 2] = f32::from(qs[j] >> 4) * scale + offset;
            }
        }
        QType::Q8_0 => {
            for (o, &q) in out.iter_mut().zip(&qs[..QK]) {
                *o = f32::from(q as i8) * d;
            }
        }
    }
}
