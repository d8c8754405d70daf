//! Weight matrices repacked at load into groups of eight interleaved rows.
//!
//! For each group and each block of 32 columns, the group block holds the eight rows' f16 scales
//! (and Q4_1's eight minimums), then their quants as 32-byte registers in which each 4-byte lane
//! belongs to one row. One 4-byte word of an activation, broadcast to all lanes, then meets four
//! values of eight rows in a single byte dot product (`vpdpbusd` / `vpmaddubsw`), where the ggml
//! row layout needs a horizontal sum per row. The bytes are ggml's, moved; nothing is lost.
//!
//! Q4 registers: register `j` (0..4), lane `r` holds bytes `4j..4j+4` of row `r`'s 16 quant
//! bytes: low nibbles are values `4j..4j+4`, high nibbles values `16+4j..16+4j+4`.
//! Q8 registers: register `k` (0..8), lane `r` holds values `4k..4k+4` of row `r`.

use crate::QK;
use crate::formats::{self, QType, f16_at};

/// Rows per interleaved group.
pub(crate) const GROUP: usize = 8;

impl QType {
    /// Bytes of one group block (eight rows × 32 columns).
    pub(crate) const fn group_block_bytes(self) -> usize {
        self.group_quants_at() + GROUP * (self.block_bytes() - self.quants_at())
    }

    /// Offset of the quant registers in a group block.
    pub(crate) const fn group_quants_at(self) -> usize {
        match self {
            Self::Q4_0 | Self::Q8_0 => 2 * GROUP,
            Self::Q4_1 => 4 * GROUP,
        }
    }
}

/// A weight matrix of `rows` × `cols` values in a ggml block format, repacked in groups of eight
/// interleaved rows (module docs). Built from the bytes of a GGUF tensor of `cols` × `rows` (in
/// ggml's order of dimensions).
#[derive(Debug, Clone)]
pub struct QMatrix {
    qtype: QType,
    rows: usize,
    cols: usize,
    data: Vec<u8>,
}

impl QMatrix {
    /// Repacks ggml blocks stored row after row; `None` when the sizes do not match the format.
    pub fn new(qtype: QType, rows: usize, cols: usize, ggml: &[u8]) -> Option<Self> {
        let bytes = qtype.block_bytes();
        if !cols.is_multiple_of(QK) || ggml.len() != rows * (cols / QK) * bytes {
            return None;
        }
        let nb = cols / QK;
        let stride = qtype.group_block_bytes();
        let mut data = vec![0u8; rows.div_ceil(GROUP) * nb * stride];
        let quant_bytes = bytes - qtype.quants_at();
        for r in 0..rows {
            let (g, lane) = (r / GROUP, r % GROUP);
            for b in 0..nb {
                let src = &ggml[(r * nb + b) * bytes..(r * nb + b + 1) * bytes];
                let dst = &mut data[(g * nb + b) * stride..(g * nb + b + 1) * stride];
                dst[2 * lane..2 * lane + 2].copy_from_slice(&src[..2]);
                if qtype == QType::Q4_1 {
                    dst[2 * GROUP + 2 * lane..2 * GROUP + 2 * lane + 2].copy_from_slice(&src[2..4]);
                }
                let quants = &src[qtype.quants_at()..];
                let regs = &mut dst[qtype.group_quants_at()..];
                for word in 0..quant_bytes / 4 {
                    let at = word * 4 * GROUP + 4 * lane;
                    regs[at..at + 4].copy_from_slice(&quants[4 * word..4 * word + 4]);
                }
            }
        }
        Some(Self {
            qtype,
            rows,
            cols,
            data,
        })
    }

    /// Quantises row-major f32 values the way ggml does.
    pub fn quantize(qtype: QType, rows: usize, cols: usize, values: &[f32]) -> Self {
        assert_eq!(values.len(), rows * cols, "values must be rows × cols");
        assert_eq!(cols % QK, 0, "cols must be a multiple of {QK}");
        let mut ggml = Vec::with_capacity(rows * cols / QK * qtype.block_bytes());
        for block in values.chunks_exact(QK) {
            formats::quantize_block(qtype, block.try_into().expect("32 values"), &mut ggml);
        }
        Self::new(qtype, rows, cols, &ggml).expect("sizes checked above")
    }

    /// The block format.
    pub fn qtype(&self) -> QType {
        self.qtype
    }

    /// Output rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Input columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Bytes held.
    pub fn size_bytes(&self) -> usize {
        self.data.len()
    }

    /// The group blocks of rows `8g..8g + 8`.
    pub(crate) fn group(&self, g: usize) -> &[u8] {
        let n = self.cols / QK * self.qtype.group_block_bytes();
        &self.data[g * n..(g + 1) * n]
    }

    /// Writes row `r` as f32 into `out` (`cols` long).
    pub fn dequantize_row(&self, r: usize, out: &mut [f32]) {
        let (g, lane) = (r / GROUP, r % GROUP);
        let stride = self.qtype.group_block_bytes();
        let mut block = [0u8; 34];
        let bytes = self.qtype.block_bytes();
        for (b, out) in out.chunks_exact_mut(QK).enumerate() {
            let src = &self.group(g)[b * stride..(b + 1) * stride];
            block[..2].copy_from_slice(&src[2 * lane..2 * lane + 2]);
            if self.qtype == QType::Q4_1 {
                block[2..4].copy_from_slice(&src[2 * GROUP + 2 * lane..2 * GROUP + 2 * lane + 2]);
            }
            let regs = &src[self.qtype.group_quants_at()..];
            let quants = &mut block[self.qtype.quants_at()..bytes];
            for word in 0..quants.len() / 4 {
                let at = word * 4 * GROUP + 4 * lane;
                quants[4 * word..4 * word + 4].copy_from_slice(&regs[at..at + 4]);
            }
            formats::dequantize_block(self.qtype, &block[..bytes], out.try_into().expect("32"));
        }
    }
}

/// Scale and offset of lane `lane` in a group block (the offset multiplies the activation sum).
pub(crate) fn lane_scales(qtype: QType, block: &[u8], lane: usize) -> (f32, f32) {
    let d = f16_at(block, 2 * lane);
    let offset = match qtype {
        QType::Q4_0 => -8.0 * d,
        QType::Q4_1 => f16_at(block, 2 * GROUP + 2 * lane),
        QType::Q8_0 => 0.0,
    };
    (d, offset)
}
