//! Quantised CPU kernels for Conclave's local models: ggml's block formats (Q4_0, Q4_1, Q8_0)
//! multiplied by activations quantised to 8-bit blocks, as llama.cpp does, with the instruction
//! set chosen at run time (AVX-512 VNNI, AVX2/FMA, or portable scalar code), and a fused
//! transformer forward pass over them ([`transformer`]).
//!
//! Every kernel computes the same integer sums in the same order; only the instructions differ,
//! so each SIMD path is tested against the scalar one and both against a plain f64 reference on
//! dequantised values. Results do not depend on how tokens are batched.
//!
//! A crate of its own so that it is optimised in debug builds (the tests run real models through
//! it) and so that its `unsafe` (SIMD intrinsics, the thread team's shared buffers) stays here.
#![allow(unsafe_code)]

mod formats;
mod scalar;
pub mod team;
pub mod transformer;
#[cfg(target_arch = "x86_64")]
mod x86;

#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::OnceLock;

pub use formats::{ActBlock, QType, quantize_acts};

/// Values per quantisation block (every format here).
pub const QK: usize = 32;

/// The instruction set a kernel runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Isa {
    /// Portable Rust; the compiler vectorises what it can.
    Scalar,
    /// AVX2 + FMA + F16C (x86-64-v3).
    Avx2,
    /// AVX-512 VNNI on 256-bit vectors (`vpdpbusd`), on top of AVX2.
    Avx512Vnni,
}

impl Isa {
    /// Every instruction set this CPU runs, best last.
    pub fn available() -> Vec<Self> {
        let mut out = vec![Self::Scalar];
        #[cfg(target_arch = "x86_64")]
        {
            if x86::has_avx2() {
                out.push(Self::Avx2);
            }
            if x86::has_vnni() {
                out.push(Self::Avx512Vnni);
            }
        }
        out
    }

    /// The best this CPU runs, unless `CONCLAVE_ISA` (`scalar`, `avx2`, `avx512vnni`) names a
    /// lesser one that it also runs (for comparisons).
    pub fn best() -> Self {
        static BEST: OnceLock<Isa> = OnceLock::new();
        *BEST.get_or_init(|| {
            let available = Self::available();
            let asked = std::env::var("CONCLAVE_ISA").ok().and_then(|s| Self::parse(&s));
            match asked {
                Some(isa) if available.contains(&isa) => isa,
                _ => *available.last().expect("scalar is always available"),
            }
        })
    }

    /// Parses `scalar`, `avx2` or `avx512vnni`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "scalar" => Some(Self::Scalar),
            "avx2" => Some(Self::Avx2),
            "avx512vnni" | "vnni" => Some(Self::Avx512Vnni),
            _ => None,
        }
    }

    /// The name [`Isa::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Scalar => "scalar",
            Self::Avx2 => "avx2",
            Self::Avx512Vnni => "avx512vnni",
        }
    }
}

/// A weight matrix of `rows` × `cols` values kept in its ggml block format, row after row
/// (bit-compatible with a GGUF tensor of `cols` × `rows` in ggml's order).
#[derive(Debug, Clone)]
pub struct QMatrix {
    qtype: QType,
    rows: usize,
    cols: usize,
    data: Vec<u8>,
}

impl QMatrix {
    /// Wraps raw blocks; `None` when the sizes do not match the format.
    pub fn new(qtype: QType, rows: usize, cols: usize, data: Vec<u8>) -> Option<Self> {
        let fits = cols % QK == 0 && data.len() == rows * (cols / QK) * qtype.block_bytes();
        fits.then_some(Self {
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
        let mut data = Vec::with_capacity(rows * cols / QK * qtype.block_bytes());
        for block in values.chunks_exact(QK) {
            formats::quantize_block(qtype, block.try_into().expect("32 values"), &mut data);
        }
        Self {
            qtype,
            rows,
            cols,
            data,
        }
    }

    pub fn qtype(&self) -> QType {
        self.qtype
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Bytes held.
    pub fn size_bytes(&self) -> usize {
        self.data.len()
    }

    fn row_bytes(&self) -> usize {
        self.cols / QK * self.qtype.block_bytes()
    }

    /// The raw blocks of row `r`.
    pub fn row(&self, r: usize) -> &[u8] {
        let n = self.row_bytes();
        &self.data[r * n..(r + 1) * n]
    }

    /// Writes row `r` as f32 into `out` (`cols` long).
    pub fn dequantize_row(&self, r: usize, out: &mut [f32]) {
        let bytes = self.qtype.block_bytes();
        for (block, out) in self.row(r).chunks_exact(bytes).zip(out.chunks_exact_mut(QK)) {
            formats::dequantize_block(self.qtype, block, out.try_into().expect("32 values"));
        }
    }
}

/// Multiplies weight rows `rows` by `t` activation rows (`acts` holds `t` rows of `cols / 32`
/// blocks each) and hands each dot product to `out(row, token, value)`.
///
/// Weight rows are the outer loop so a row is read from memory once for all tokens; tokens go
/// four at a time through one unpacking of each weight block.
pub fn matmul(
    isa: Isa,
    w: &QMatrix,
    acts: &[ActBlock],
    t: usize,
    rows: Range<usize>,
    out: &mut impl FnMut(usize, usize, f32),
) {
    let nb = w.cols / QK;
    assert!(acts.len() >= t * nb, "activations are shorter than t rows");
    assert!(rows.end <= w.rows, "row range past the matrix");
    let act_row = |j: usize| &acts[j * nb..(j + 1) * nb];
    for r in rows {
        let wrow = w.row(r);
        let mut j = 0;
        while j + 4 <= t {
            let sums = dot_x4(
                isa,
                w.qtype,
                wrow,
                [act_row(j), act_row(j + 1), act_row(j + 2), act_row(j + 3)],
            );
            for (k, s) in sums.into_iter().enumerate() {
                out(r, j + k, s);
            }
            j += 4;
        }
        while j < t {
            out(r, j, dot(isa, w.qtype, wrow, act_row(j)));
            j += 1;
        }
    }
}

/// One weight row (raw blocks) · one activation row.
pub fn dot(isa: Isa, qtype: QType, wrow: &[u8], acts: &[ActBlock]) -> f32 {
    debug_assert_eq!(wrow.len(), acts.len() * qtype.block_bytes());
    match isa {
        Isa::Scalar => scalar::dot(qtype, wrow, acts),
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 | Isa::Avx512Vnni => x86::dot(isa == Isa::Avx512Vnni, qtype, wrow, acts),
        #[cfg(not(target_arch = "x86_64"))]
        _ => scalar::dot(qtype, wrow, acts),
    }
}

/// One weight row · four activation rows, unpacking each weight block once.
fn dot_x4(isa: Isa, qtype: QType, wrow: &[u8], acts: [&[ActBlock]; 4]) -> [f32; 4] {
    match isa {
        Isa::Scalar => acts.map(|a| scalar::dot(qtype, wrow, a)),
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 | Isa::Avx512Vnni => x86::dot_x4(isa == Isa::Avx512Vnni, qtype, wrow, acts),
        #[cfg(not(target_arch = "x86_64"))]
        _ => acts.map(|a| scalar::dot(qtype, wrow, a)),
    }
}
