//! Weight matrices repacked at load into groups of eight interleaved rows.
//!
//! For each group and each ggml block, the group block holds the eight rows' scales (f16, and
//! whatever else the format keeps per row: Q4_1's minimums, Q4_K's 6-bit sub-block scales and
//! mins, Q6_K's 8-bit ones), then, per 32 values, their quants as 32-byte registers in which each
//! 4-byte lane belongs to one row. One 4-byte word of an activation, broadcast to all lanes, then
//! meets four values of eight rows in a single byte dot product (`vpdpbusd` / `vpmaddubsw` /
//! `sdot`), where the ggml row layout needs a horizontal sum per row.
//!
//! Q4 registers (Q4_0, Q4_1, Q4_K): 4 per 32 values; register `j`, lane `r` holds four bytes whose
//! low nibbles are values `4j..4j+4` of row `r` and high nibbles values `16+4j..16+4j+4`.
//! Q8 registers (Q6_K as q − 32): 8 per 32 values; register `k`, lane `r` holds values
//! `4k..4k+4`. U8 registers (Q8_0): the same with every byte biased by +128, so that VNNI's
//! unsigned × signed product takes them as they are (the bias is taken off exactly with the
//! activation block's integer sum). Every value is kept exactly.

use crate::QK;
use crate::formats::{self, QType, f16_at};
use crate::kquants::{decode_q4k, decode_q6k};

/// Rows per interleaved group.
pub(crate) const GROUP: usize = 8;

/// How the quants of a 32-value chunk are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Regs {
    /// Four registers of nibble pairs (unsigned 0..15).
    Q4,
    /// Eight registers of signed bytes.
    Q8,
    /// Eight registers of signed bytes + 128.
    U8,
}

impl QType {
    /// Bytes of one group block (eight rows × one ggml block).
    pub(crate) const fn group_block_bytes(self) -> usize {
        self.group_regs_at() + self.chunks_per_block() * self.regs().bytes()
    }

    /// 32-value chunks per ggml block.
    pub(crate) const fn chunks_per_block(self) -> usize {
        self.block_values() / QK
    }

    /// Offset of the first chunk's registers in a group block.
    pub(crate) const fn group_regs_at(self) -> usize {
        match self {
            // d
            Self::Q4_0 | Self::Q8_0 => 2 * GROUP,
            // d, m
            Self::Q4_1 => 4 * GROUP,
            // d, dmin, 8 scales, 8 mins
            Self::Q4K => 4 * GROUP + 16 * GROUP,
            // d, 16 scales
            Self::Q6K => 2 * GROUP + 16 * GROUP,
        }
    }

    pub(crate) const fn regs(self) -> Regs {
        match self {
            Self::Q4_0 | Self::Q4_1 | Self::Q4K => Regs::Q4,
            Self::Q8_0 => Regs::U8,
            Self::Q6K => Regs::Q8,
        }
    }
}

impl Regs {
    /// Bytes of one chunk's registers.
    pub(crate) const fn bytes(self) -> usize {
        match self {
            Self::Q4 => 4 * 32,
            Self::Q8 | Self::U8 => 8 * 32,
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

/// Writes lane `lane`'s 4-byte words of `quants` (16 bytes: Q4, 32 bytes: Q8) into registers.
fn put_words(regs: &mut [u8], lane: usize, quants: &[u8]) {
    for (word, q) in quants.chunks_exact(4).enumerate() {
        let at = word * 4 * GROUP + 4 * lane;
        regs[at..at + 4].copy_from_slice(q);
    }
}

/// Lane `lane`'s 16 or 32 quant bytes back out of registers.
fn get_words(regs: &[u8], lane: usize, quants: &mut [u8]) {
    for (word, q) in quants.chunks_exact_mut(4).enumerate() {
        let at = word * 4 * GROUP + 4 * lane;
        q.copy_from_slice(&regs[at..at + 4]);
    }
}

/// 32 nibble values as the 16 bytes of a Q4_0-style block (value `i` low, `i + 16` high).
fn pair_nibbles(v: &[u8; 32]) -> [u8; 16] {
    std::array::from_fn(|i| v[i] | (v[i + 16] << 4))
}

impl QMatrix {
    /// Repacks ggml blocks stored row after row; `None` when the sizes do not match the format.
    pub fn new(qtype: QType, rows: usize, cols: usize, ggml: &[u8]) -> Option<Self> {
        let (values, bytes) = (qtype.block_values(), qtype.block_bytes());
        if !cols.is_multiple_of(values) || ggml.len() != rows * (cols / values) * bytes {
            return None;
        }
        let nb = cols / values;
        let stride = qtype.group_block_bytes();
        let mut data = vec![0u8; rows.div_ceil(GROUP) * nb * stride];
        for r in 0..rows {
            let (g, lane) = (r / GROUP, r % GROUP);
            for b in 0..nb {
                let src = &ggml[(r * nb + b) * bytes..(r * nb + b + 1) * bytes];
                let dst = &mut data[(g * nb + b) * stride..(g * nb + b + 1) * stride];
                pack_block(qtype, src, dst, lane);
            }
        }
        Some(Self {
            qtype,
            rows,
            cols,
            data,
        })
    }

    /// Quantises row-major f32 values the way ggml does (32-value formats only).
    pub fn quantize(qtype: QType, rows: usize, cols: usize, values: &[f32]) -> Self {
        assert_eq!(values.len(), rows * cols, "values must be rows × cols");
        assert_eq!(
            qtype.block_values(),
            QK,
            "K-quants are only read from files"
        );
        assert!(cols.is_multiple_of(QK), "cols must be a multiple of {QK}");
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
        let n = self.cols / self.qtype.block_values() * self.qtype.group_block_bytes();
        &self.data[g * n..(g + 1) * n]
    }

    /// Writes row `r` as f32 into `out` (`cols` long).
    pub fn dequantize_row(&self, r: usize, out: &mut [f32]) {
        let (g, lane) = (r / GROUP, r % GROUP);
        let group = self.group(g);
        let regs = self.qtype.regs();
        let mut q = [0u8; 32];
        for (b, out) in out.chunks_exact_mut(QK).enumerate() {
            let p = chunk_params(self.qtype, group, b, lane);
            let quants = &group[p.regs..p.regs + regs.bytes()];
            match regs {
                Regs::Q4 => {
                    get_words(quants, lane, &mut q[..16]);
                    for i in 0..16 {
                        out[i] = f32::from(q[i] & 0x0f) * p.scale[0] + p.offset;
                        out[i + 16] = f32::from(q[i] >> 4) * p.scale[0] + p.offset;
                    }
                }
                Regs::Q8 | Regs::U8 => {
                    get_words(quants, lane, &mut q);
                    let bias = if regs == Regs::U8 { 0x80 } else { 0 };
                    for (i, (o, &q)) in out.iter_mut().zip(&q).enumerate() {
                        *o = f32::from((q ^ bias) as i8) * p.scale[i / 16];
                    }
                }
            }
        }
    }
}

/// Packs lane `lane` of one group block from one ggml block.
fn pack_block(qtype: QType, src: &[u8], dst: &mut [u8], lane: usize) {
    let at = qtype.group_regs_at();
    let (head, regs) = dst.split_at_mut(at);
    let chunk = qtype.regs().bytes();
    let mut half = |field: usize, bytes: &[u8]| {
        head[field + 2 * lane..field + 2 * lane + 2].copy_from_slice(&bytes[..2]);
    };
    match qtype {
        QType::Q4_0 | QType::Q4_1 => {
            half(0, src);
            if qtype == QType::Q4_1 {
                half(2 * GROUP, &src[2..4]);
            }
            put_words(regs, lane, &src[qtype.quants_at()..]);
        }
        QType::Q8_0 => {
            half(0, src);
            let biased: [u8; 32] = std::array::from_fn(|i| src[2 + i] ^ 0x80);
            put_words(regs, lane, &biased);
        }
        QType::Q4K => {
            let k = decode_q4k(src);
            half(0, &k.d);
            half(2 * GROUP, &k.dmin);
            for i in 0..8 {
                head[4 * GROUP + GROUP * i + lane] = k.sc[i];
                head[12 * GROUP + GROUP * i + lane] = k.m[i];
                put_words(&mut regs[chunk * i..], lane, &pair_nibbles(&k.nibbles[i]));
            }
        }
        QType::Q6K => {
            let k = decode_q6k(src);
            half(0, &k.d);
            for (i, &sc) in k.sc.iter().enumerate() {
                head[2 * GROUP + GROUP * i + lane] = sc as u8;
            }
            for (i, values) in k.values.chunks_exact(QK).enumerate() {
                let bytes: [u8; 32] = std::array::from_fn(|j| values[j] as u8);
                put_words(&mut regs[chunk * i..], lane, &bytes);
            }
        }
    }
}

/// Where chunk `b` (values `32b..32b + 32`) of a group's row `lane` lives, and its scales.
pub(crate) struct ChunkParams {
    /// Offset of the chunk's registers in the group.
    pub regs: usize,
    /// Scale of values 0..16 and 16..32 (equal but for Q6_K).
    pub scale: [f32; 2],
    /// Added per unit of the activation sum (Q4 formats' minimum or −8·d).
    pub offset: f32,
}

/// The scalar view of one lane of one chunk (the SIMD kernels load the same fields 8 at a time).
pub(crate) fn chunk_params(qtype: QType, group: &[u8], b: usize, lane: usize) -> ChunkParams {
    let per = qtype.chunks_per_block();
    let (block, c) = (b / per, b % per);
    let base = block * qtype.group_block_bytes();
    let head = &group[base..];
    let d = f16_at(head, 2 * lane);
    let regs = base + qtype.group_regs_at() + c * qtype.regs().bytes();
    let (scale, offset) = match qtype {
        QType::Q4_0 => ([d; 2], -8.0 * d),
        QType::Q4_1 => ([d; 2], f16_at(head, 2 * GROUP + 2 * lane)),
        QType::Q8_0 => ([d; 2], 0.0),
        QType::Q4K => {
            let dmin = f16_at(head, 2 * GROUP + 2 * lane);
            let sc = f32::from(head[4 * GROUP + GROUP * c + lane]);
            let m = f32::from(head[12 * GROUP + GROUP * c + lane]);
            ([d * sc; 2], -dmin * m)
        }
        QType::Q6K => {
            let sc = |i: usize| f32::from(head[2 * GROUP + GROUP * i + lane] as i8);
            ([d * sc(2 * c), d * sc(2 * c + 1)], 0.0)
        }
    };
    ChunkParams {
        regs,
        scale,
        offset,
    }
}
