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
pub fn matmul(
    isa: Isa,
    w: &QMatrix,
    acts: &[ActBlock],
    t: usize,
    rows: Range<usize>,
    out: &mut impl FnMut(usize, usize, f32),
) {
    let nb = w.cols() / QK;
    assert!(acts.len() >= t * nb, "activations are shorter than t rows");
    assert!(rows.end <= w.rows(), "row range past the matrix");
    let act_row = |j: usize| &acts[j * nb..(j + 1) * nb];
    for g in rows.start / GROUP..rows.end.div_ceil(GROUP) {
        let group = w.group(g);
        let mut j = 0;
        while j < t {
            let n = (t - j).min(4);
            let mut emit = |k: usize, lanes: [f32; GROUP]| {
                for (lane, v) in lanes.into_iter().enumerate() {
                    let r = g * GROUP + lane;
                    if rows.contains(&r) {
                        out(r, j + k, v);
                    }
                }
            };
            match n {
                4 => tile(
                    isa,
                    w.qtype(),
                    group,
                    [act_row(j), act_row(j + 1), act_row(j + 2), act_row(j + 3)],
                )
                .into_iter()
                .enumerate()
                .for_each(|(k, l)| emit(k, l)),
                3 => tile(
                    isa,
                    w.qtype(),
                    group,
                    [act_row(j), act_row(j + 1), act_row(j + 2)],
                )
                .into_iter()
                .enumerate()
                .for_each(|(k, l)| emit(k, l)),
                2 => tile(isa, w.qtype(), group, [act_row(j), act_row(j + 1)])
                    .into_iter()
                    .enumerate()
                    .for_each(|(k, l)| emit(k, l)),
                _ => emit(0, tile(isa, w.qtype(), group, [act_row(j)])[0]),
            }
            j += n;
        }
    }
}

/// One group of eight weight rows · `T` activation rows.
fn tile<const T: usize>(
    isa: Isa,
    qtype: QType,
    group: &[u8],
    acts: [&[ActBlock]; T],
) -> [[f32; GROUP]; T] {
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 | Isa::Avx512Vnni => x86::tile(isa == Isa::Avx512Vnni, qtype, group, acts),
        #[cfg(target_arch = "aarch64")]
        Isa::Neon | Isa::NeonDot => neon::tile(isa == Isa::NeonDot, qtype, group, acts),
        // Scalar, and instruction sets of another architecture.
        _ => scalar::tile(qtype, group, acts),
    }
}
