//! Decoding of ggml's K-quant blocks (Q4_K, Q6_K) into 32-value chunks for repacking, and of
//! Q5_0 into the Q8_0 block holding the same values. Layouts as in ggml's `ggml-common.h`.

/// A Q4_K block taken apart: eight 32-value sub-blocks of nibbles with 6-bit scales and mins.
pub(crate) struct Q4K {
    pub d: [u8; 2],
    pub dmin: [u8; 2],
    pub sc: [u8; 8],
    pub m: [u8; 8],
    /// Nibble values 0..15, sub-block by sub-block.
    pub nibbles: [[u8; 32]; 8],
}

/// Decodes a 144-byte Q4_K block.
pub(crate) fn decode_q4k(block: &[u8]) -> Q4K {
    let scales = &block[4..16];
    let qs = &block[16..144];
    let mut out = Q4K {
        d: [block[0], block[1]],
        dmin: [block[2], block[3]],
        sc: [0; 8],
        m: [0; 8],
        nibbles: [[0; 32]; 8],
    };
    for j in 0..8 {
        // Scales and mins of sub-blocks 0..4 are the low 6 bits of bytes 0..8; those of 4..8 are
        // split between the nibbles of bytes 8..12 and the top bits of bytes 0..8.
        (out.sc[j], out.m[j]) = if j < 4 {
            (scales[j] & 63, scales[j + 4] & 63)
        } else {
            (
                (scales[j + 4] & 0x0f) | ((scales[j - 4] >> 6) << 4),
                (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4),
            )
        };
    }
    // Each 64-value run holds two sub-blocks: low nibbles first, then high nibbles.
    for (run, q) in qs.chunks_exact(32).enumerate() {
        for (l, &byte) in q.iter().enumerate() {
            out.nibbles[2 * run][l] = byte & 0x0f;
            out.nibbles[2 * run + 1][l] = byte >> 4;
        }
    }
    out
}

/// A Q6_K block taken apart: 256 signed values (q − 32) and sixteen 16-value scales.
pub(crate) struct Q6K {
    pub d: [u8; 2],
    pub sc: [i8; 16],
    pub values: [i8; 256],
}

/// Decodes a 210-byte Q6_K block.
pub(crate) fn decode_q6k(block: &[u8]) -> Q6K {
    let (ql, qh) = (&block[..128], &block[128..192]);
    let mut out = Q6K {
        d: [block[208], block[209]],
        sc: std::array::from_fn(|i| block[192 + i] as i8),
        values: [0; 256],
    };
    // Two runs of 128 values; within one, value l + 32k takes a nibble of ql and two bits of qh.
    for run in 0..2 {
        let (ql, qh) = (&ql[64 * run..64 * run + 64], &qh[32 * run..32 * run + 32]);
        for l in 0..32 {
            let q = [
                (ql[l] & 0x0f) | ((qh[l] & 3) << 4),
                (ql[l + 32] & 0x0f) | (((qh[l] >> 2) & 3) << 4),
                (ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4),
                (ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4),
            ];
            for (k, q) in q.into_iter().enumerate() {
                out.values[128 * run + l + 32 * k] = q as i8 - 32;
            }
        }
    }
    out
}

/// The Q8_0 block with exactly the values of a 22-byte Q5_0 block (`(q5 − 16)·d`).
pub fn q5_0_to_q8_0(block: &[u8]) -> [u8; 34] {
    let qh = u32::from_le_bytes([block[2], block[3], block[4], block[5]]);
    let qs = &block[6..22];
    let mut out = [0u8; 34];
    out[..2].copy_from_slice(&block[..2]);
    for j in 0..16 {
        let high0 = (((qh >> j) << 4) & 0x10) as u8;
        let high1 = ((qh >> (j + 12)) & 0x10) as u8;
        out[2 + j] = (((qs[j] & 0x0f) | high0) as i8 - 16) as u8;
        out[2 + j + 16] = (((qs[j] >> 4) | high1) as i8 - 16) as u8;
    }
    out
}
