//! Quantised CPU kernels for Conclave's local models: ggml's block formats (Q4_0, Q4_1, Q8_0)
//! multiplied by activations quantised to 8-bit blocks, as llama.cpp does, with the instruction
//! set chosen at run time (AVX-512 VNNI, AVX2/FMA, NEON with or without `sdot`, or portable scalar
//! code), and a fused
//! transformer forward pass over them ([`transformer`]).
//!
//! Every kernel computes the same integer sums in the same order; only the instructions differ,
//! so each SIMD path is tested against the scalar one and both against a plain f64 reference on
//! dequantised values. Results do not depend on how tokens are batched.
//!
//! A crate of its own so that it is optimised in debug builds (the tests run real models through
//! it) and so that its `unsafe` (SIMD intrinsics, the thread team's shared buffers) stays here.
#![allow(unsafe_code)]

mod attend;
mod formats;
mod kquants;
#[cfg(target_arch = "aarch64")]
mod neon;
mod packed;
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
pub use kquants::q5_0_to_q8_0;
use packed::GROUP;
pub use packed::QMatrix;

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
    /// aarch64 NEON (`smull` + pairwise adds).
    Neon,
    /// aarch64 NEON with the dot product extension (`sdot`).
    NeonDot,
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
        #[cfg(target_arch = "aarch64")]
        {
            out.push(Self::Neon);
            if neon::has_dotprod() {
                out.push(Self::NeonDot);
            }
        }
        out
    }

    /// This instruction set where the CPU runs it, else the best one of its family that it does
    /// (without allocating: it runs once per matmul).
    fn usable(self) -> Self {
        match self {
            #[cfg(target_arch = "x86_64")]
            Self::Avx512Vnni if x86::has_vnni() => self,
            #[cfg(target_arch = "x86_64")]
            Self::Avx512Vnni | Self::Avx2 if x86::has_avx2() => Self::Avx2,
            #[cfg(target_arch = "aarch64")]
            Self::NeonDot if neon::has_dotprod() => self,
            #[cfg(target_arch = "aarch64")]
            Self::NeonDot | Self::Neon => Self::Neon,
            _ => Self::Scalar,
        }
    }

    /// The best this CPU runs, unless `CONCLAVE_ISA` (`scalar`, `avx2`, `avx512vnni`, `neon`,
    /// `neondot`) names a lesser one that it also runs (for comparisons).
    pub fn best() -> Self {
        static BEST: OnceLock<Isa> = OnceLock::new();
        *BEST.get_or_init(|| {
            let available = Self::available();
            let asked = std::env::var("CONCLAVE_ISA")
                .ok()
                .and_then(|s| Self::parse(&s));
            match asked {
                Some(isa) if available.contains(&isa) => isa,
                _ => *available.last().expect("scalar is always available"),
            }
        })
    }

    /// Parses the names [`Isa::name`] gives.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "scalar" => Some(Self::Scalar),
            "avx2" => Some(Self::Avx2),
            "avx512vnni" | "vnni" => Some(Self::Avx512Vnni),
            "neon" => Some(Self::Neon),
            "neondot" | "dotprod" => Some(Self::NeonDot),
            _ => None,
        }
    }

    /// The name [`Isa::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Scalar => "scalar",
            Self::Avx2 => "avx2",
            Self::Avx512Vnni => "avx512vnni",
            Self::Neon => "neon",
            Self::NeonDot => "neondot",
        }
    }
}

/// Multiplies weight rows `rows` by `t` activation rows (`acts` holds `t` rows of `cols / 32`
/// blocks each) and hands each dot product to `out(row, token, value)`.
///
/// Rows go eight at a time (one interleaved group, see [`QMatrix`]) and tokens up to four at a
/// time through one unpacking of each weight block; every (row, token) result is computed by
/// the same sequence of operations whatever the grouping, so batching never changes a result.
/// Rows of `rows` outside whole groups are computed and dropped, so split work on multiples of 8.
/// An instruction set the CPU lacks falls back to the best one it has.
pub fn matmul(
    isa: Isa,
    w: &QMatrix,
    acts: &[ActBlock],
    t: usize,
    rows: Range<usize>,
    out: &mut impl FnMut(usize, usize, f32),
) {
    // Checked once here, so that the tiles below neither detect features nor check lengths.
    let isa = isa.usable();
    let nb = w.cols() / QK;
    assert!(acts.len() >= t * nb, "activations are shorter than t rows");
    assert!(rows.end <= w.rows(), "row range past the matrix");
    let act_row = |j: usize| &acts[j * nb..(j + 1) * nb];
    for g in rows.start / GROUP..rows.end.div_ceil(GROUP) {
        let tile = Tile {
            isa,
            qtype: w.qtype(),
            group: w.group(g),
            first_row: g * GROUP,
            rows: &rows,
        };
        let mut j = 0;
        while j < t {
            let n = (t - j).min(4);
            match n {
                4 => tile.run::<4>(std::array::from_fn(|k| act_row(j + k)), j, out),
                3 => tile.run::<3>(std::array::from_fn(|k| act_row(j + k)), j, out),
                2 => tile.run::<2>(std::array::from_fn(|k| act_row(j + k)), j, out),
                _ => tile.run::<1>([act_row(j)], j, out),
            }
            j += n;
        }
    }
}

/// One group of eight weight rows, ready to meet tiles of tokens.
struct Tile<'a> {
    /// Usable on this CPU ([`Isa::usable`]).
    isa: Isa,
    qtype: QType,
    group: &'a [u8],
    first_row: usize,
    rows: &'a Range<usize>,
}

impl Tile<'_> {
    /// The group · `T` activation rows (tokens `j..j + T`), handed to `out` row by row.
    fn run<const T: usize>(
        &self,
        acts: [&[ActBlock]; T],
        j: usize,
        out: &mut impl FnMut(usize, usize, f32),
    ) {
        let (qtype, group) = (self.qtype, self.group);
        let results = match self.isa {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `isa` is usable on this CPU; `matmul` checked that every activation row
            // holds the group's `cols / 32` chunks.
            Isa::Avx2 | Isa::Avx512Vnni => unsafe {
                x86::tile(self.isa == Isa::Avx512Vnni, qtype, group, acts)
            },
            #[cfg(target_arch = "aarch64")]
            // SAFETY: as above.
            Isa::Neon | Isa::NeonDot => unsafe {
                neon::tile(self.isa == Isa::NeonDot, qtype, group, acts)
            },
            _ => scalar::tile(qtype, group, acts),
        };
        for (k, lanes) in results.into_iter().enumerate() {
            for (lane, v) in lanes.into_iter().enumerate() {
                let r = self.first_row + lane;
                if self.rows.contains(&r) {
                    out(r, j + k, v);
                }
            }
        }
    }
}
