use super::formats::{dequantize_block, quantize_block};
use super::team::{self, Shared};
use super::*;

/// A small deterministic generator (xorshift64*), values roughly in −scale..scale.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40;
        bits as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
    }

    fn values(&mut self, n: usize, scale: f32) -> Vec<f32> {
        (0..n).map(|_| self.next() * scale).collect()
    }
}

const TYPES: [QType; 3] = [QType::Q4_0, QType::Q4_1, QType::Q8_0];

fn acts_of(x: &[f32]) -> Vec<ActBlock> {
    let mut acts = vec![ActBlock::default(); x.len() / QK];
    quantize_acts(x, &mut acts);
    acts
}

fn dequantized_acts(acts: &[ActBlock]) -> Vec<f32> {
    acts.iter()
        .flat_map(|a| a.qs.map(|q| f32::from(q) * a.d))
        .collect()
}

/// `W · x` in f64 over the dequantised weights and activations: what every kernel must give.
fn reference(w: &QMatrix, acts: &[ActBlock], t: usize) -> Vec<Vec<f64>> {
    let nb = w.cols() / QK;
    let mut row = vec![0.0f32; w.cols()];
    let mut out = vec![vec![0.0f64; w.rows()]; t];
    for r in 0..w.rows() {
        w.dequantize_row(r, &mut row);
        for (j, out) in out.iter_mut().enumerate() {
            let x = dequantized_acts(&acts[j * nb..(j + 1) * nb]);
            out[r] = row
                .iter()
                .zip(&x)
                .map(|(&a, &b)| f64::from(a) * f64::from(b))
                .sum();
        }
    }
    out
}

fn run_matmul(isa: Isa, w: &QMatrix, acts: &[ActBlock], t: usize) -> Vec<Vec<f32>> {
    let mut out = vec![vec![f32::NAN; w.rows()]; t];
    matmul(isa, w, acts, t, 0..w.rows(), &mut |r, j, v| out[j][r] = v);
    out
}

fn ggml_bytes(qtype: QType, values: &[f32]) -> Vec<u8> {
    let mut out = Vec::new();
    for block in values.chunks_exact(QK) {
        quantize_block(qtype, block.try_into().unwrap(), &mut out);
    }
    out
}

#[test]
fn every_kernel_matches_the_f64_reference_on_random_blocks() {
    let mut rng = Rng(0x5eed);
    let isas = Isa::available();
    eprintln!("instruction sets: {isas:?}");
    #[cfg(target_arch = "aarch64")]
    assert!(isas.contains(&Isa::Neon));
    for qtype in TYPES {
        for &(rows, cols, t) in &[(7, 32, 1), (13, 96, 5), (33, 576, 9), (4, 1536, 4)] {
            let w = QMatrix::quantize(qtype, rows, cols, &rng.values(rows * cols, 0.5));
            let acts = acts_of(&rng.values(t * cols, 3.0));
            let want = reference(&w, &acts, t);
            // Every SIMD path of one architecture computes the same integers and the same float
            // epilogue: their results are identical, not just close.
            let simd: Vec<_> = isas.iter().filter(|&&i| i != Isa::Scalar).collect();
            for pair in simd.windows(2) {
                let (a, b) = (
                    run_matmul(*pair[0], &w, &acts, t),
                    run_matmul(*pair[1], &w, &acts, t),
                );
                assert_eq!(a, b, "{qtype:?} {:?} vs {:?}", pair[0], pair[1]);
            }
            for &isa in &isas {
                let got = run_matmul(isa, &w, &acts, t);
                for (g, e) in got.iter().flatten().zip(want.iter().flatten()) {
                    // Only the order of f32 additions differs: the integer sums are exact.
                    let tolerance = 1e-4 * (1.0 + e.abs());
                    assert!(
                        (f64::from(*g) - e).abs() <= tolerance,
                        "{qtype:?} {isa:?} {rows}x{cols} t={t}: {g} vs {e}"
                    );
                }
            }
        }
    }
}

#[test]
fn simd_paths_agree_with_scalar_on_extreme_blocks() {
    // Zero blocks, one huge value among tiny ones, and Q8 weights of −128 (legal in files,
    // never produced by quantising): the cases where saturation or a zero scale would show.
    let cols = 128;
    let mut values = vec![0.0f32; 32];
    values.extend((0..32).map(|i| if i == 5 { 1.0e4 } else { 1.0e-3 * i as f32 }));
    values.extend((0..64).map(|i| if i % 2 == 0 { -1.0 } else { 1.0 }));
    let acts = acts_of(&values.iter().map(|v| -v).collect::<Vec<_>>());
    for qtype in TYPES {
        let mut ggml = ggml_bytes(qtype, &values);
        if qtype == QType::Q8_0 {
            // Last block: every weight −128.
            let at = 3 * qtype.block_bytes() + 2;
            ggml[at..at + 32].fill(0x80);
        }
        let w = QMatrix::new(qtype, 1, cols, &ggml).unwrap();
        let scalar = run_matmul(Isa::Scalar, &w, &acts, 1)[0][0];
        let want = reference(&w, &acts, 1)[0][0];
        assert!((f64::from(scalar) - want).abs() <= 1e-4 * (1.0 + want.abs()));
        for isa in Isa::available() {
            let got = run_matmul(isa, &w, &acts, 1)[0][0];
            assert!(
                (got - scalar).abs() <= 1e-4 * (1.0 + scalar.abs()),
                "{qtype:?} {isa:?}: {got} vs {scalar}"
            );
        }
    }
}

#[test]
fn quantisation_error_stays_within_half_a_step() {
    let mut rng = Rng(42);
    let x = rng.values(32 * 64, 2.0);
    for qtype in TYPES {
        let ggml = ggml_bytes(qtype, &x);
        let w = QMatrix::new(qtype, 64, 32, &ggml).unwrap();
        let mut back = [0.0f32; QK];
        let mut row = [0.0f32; QK];
        for (r, chunk) in x.chunks_exact(QK).enumerate() {
            let bytes = qtype.block_bytes();
            dequantize_block(qtype, &ggml[r * bytes..(r + 1) * bytes], &mut back);
            // Repacking into interleaved groups loses nothing.
            w.dequantize_row(r, &mut row);
            assert_eq!(row, back);
            let (lo, hi) = chunk
                .iter()
                .fold((f32::MAX, f32::MIN), |(l, h), &v| (l.min(v), h.max(v)));
            let step = match qtype {
                QType::Q4_0 => 2.0 * lo.abs().max(hi.abs()) / 8.0,
                QType::Q4_1 => (hi - lo) / 15.0,
                _ => lo.abs().max(hi.abs()) / 127.0,
            };
            for (a, b) in chunk.iter().zip(&back) {
                // Half a step, plus the f16 rounding of the scale (and of Q4_1's minimum).
                assert!(
                    (a - b).abs() <= 0.5 * step + 4e-3 * a.abs().max(step),
                    "{qtype:?}: {a} vs {b}"
                );
            }
        }
    }
}

#[test]
fn a_row_range_inside_groups_gives_only_those_rows_and_the_same_values() {
    let mut rng = Rng(9);
    let (rows, cols, t) = (21, 64, 6);
    for qtype in TYPES {
        let w = QMatrix::quantize(qtype, rows, cols, &rng.values(rows * cols, 1.0));
        let acts = acts_of(&rng.values(t * cols, 1.0));
        for isa in Isa::available() {
            let full = run_matmul(isa, &w, &acts, t);
            let mut seen = Vec::new();
            matmul(isa, &w, &acts, t, 3..19, &mut |r, j, v| {
                assert_eq!(v, full[j][r]);
                seen.push((r, j));
            });
            seen.sort_unstable();
            let want: Vec<_> = (3..19).flat_map(|r| (0..t).map(move |j| (r, j))).collect();
            assert_eq!(seen, want, "{qtype:?} {isa:?}");
        }
    }
}

#[test]
fn activation_blocks_keep_their_sum() {
    let x: Vec<f32> = (0..64).map(|i| (i as f32 - 20.0) * 0.37).collect();
    for a in acts_of(&x) {
        let sum: i32 = a.qs.iter().map(|&q| i32::from(q)).sum();
        assert!((a.s - a.d * sum as f32).abs() < 1e-5);
        assert!(a.qs.iter().any(|&q| q.unsigned_abs() == 127));
    }
    assert!(acts_of(&[0.0; 32])[0].qs.iter().all(|&q| q == 0));
}

#[test]
fn shares_cover_the_range_once_and_respect_alignment() {
    for n in [0, 1, 7, 64, 100, 576, 49_152] {
        for nth in 1..=5 {
            let parts: Vec<_> = (0..nth).map(|i| team::share(n, i, nth, 8)).collect();
            let mut next = 0;
            for p in &parts {
                assert_eq!(p.start, next.min(n));
                assert!(p.start % 8 == 0 || p.start == n);
                next = p.end.max(next);
            }
            assert_eq!(parts.iter().map(|p| p.len()).sum::<usize>(), n);
        }
    }
}

#[test]
fn a_team_sees_each_others_writes_after_a_barrier() {
    let n = 1000;
    let mut buf = vec![0usize; n];
    let shared = Shared::new(&mut buf);
    let sums: Vec<std::sync::atomic::AtomicUsize> = (0..4).map(|_| Default::default()).collect();
    team::run(4, |ith, nth, barrier| {
        for round in 1..=50 {
            let mine = team::share(n, ith, nth, 1);
            // SAFETY: each thread writes its own share between barriers.
            unsafe { shared.get_mut(mine.clone()) }.fill(round);
            barrier.wait();
            // SAFETY: nobody writes until the next barrier.
            let all = unsafe { shared.get(0..n) };
            assert!(all.iter().all(|&v| v == round));
            sums[ith].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            barrier.wait();
        }
    });
    assert!(
        sums.iter()
            .all(|s| s.load(std::sync::atomic::Ordering::Relaxed) == 50)
    );
}

#[test]
fn a_kept_team_runs_many_times_and_survives_idle_sleep() {
    let mut team = team::Team::new(3);
    let hits = std::sync::atomic::AtomicUsize::new(0);
    for round in 0..200 {
        team.run(|_, nth, barrier| {
            assert_eq!(nth, 3);
            hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            barrier.wait();
        });
        if round == 100 {
            // Long enough for the workers to go to sleep.
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
    assert_eq!(hits.into_inner(), 600);
}

#[test]
fn a_panic_in_a_kept_team_reaches_the_caller_and_marks_the_team_failed() {
    let mut team = team::Team::new(2);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        team.run(|ith, _, barrier| {
            if ith == 1 {
                panic!("worker fails");
            }
            barrier.wait();
        });
    }));
    assert!(result.is_err());
    assert!(team.failed());
}

#[test]
fn a_panicking_member_does_not_hang_the_team() {
    let result = std::panic::catch_unwind(|| {
        team::run(3, |ith, _, barrier| {
            if ith == 2 {
                panic!("member fails");
            }
            barrier.wait();
        });
    });
    assert!(result.is_err());
}

/// Random but valid K-quant bytes: small positive f16 scales, every other byte random.
fn random_kquant(qtype: QType, rows: usize, cols: usize, rng: &mut Rng) -> Vec<u8> {
    let blocks = rows * cols / qtype.block_values();
    let mut bytes = Vec::with_capacity(blocks * qtype.block_bytes());
    let mut byte = || (rng.next() * 127.0 + 128.0) as u8;
    for _ in 0..blocks {
        let mut block: Vec<u8> = (0..qtype.block_bytes()).map(|_| byte()).collect();
        let scale = |x: u8| half::f16::from_f32(0.002 + f32::from(x) * 1e-5).to_le_bytes();
        match qtype {
            QType::Q4K => {
                let (d, dmin) = (scale(block[0]), scale(block[2]));
                block[..2].copy_from_slice(&d);
                block[2..4].copy_from_slice(&dmin);
            }
            QType::Q6K => {
                let d = scale(block[208]);
                block[208..].copy_from_slice(&d);
            }
            _ => unreachable!(),
        }
        bytes.extend(block);
    }
    bytes
}

/// ggml's `dequantize_row_q4_K` and `dequantize_row_q6_K`, transcribed literally (an
/// independent reading of the layouts to check the repacking against).
fn ggml_dequantize(qtype: QType, block: &[u8]) -> Vec<f32> {
    let f16 = |at: usize| half::f16::from_le_bytes([block[at], block[at + 1]]).to_f32();
    let mut y = Vec::with_capacity(256);
    match qtype {
        QType::Q4K => {
            let (d, min, scales, mut q) = (f16(0), f16(2), &block[4..16], &block[16..]);
            let get = |j: usize| -> (u8, u8) {
                if j < 4 {
                    (scales[j] & 63, scales[j + 4] & 63)
                } else {
                    (
                        (scales[j + 4] & 0xF) | ((scales[j - 4] >> 6) << 4),
                        (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4),
                    )
                }
            };
            let mut is = 0;
            for _ in (0..256).step_by(64) {
                let (sc1, m1) = get(is);
                let (sc2, m2) = get(is + 1);
                let (d1, m1) = (d * f32::from(sc1), min * f32::from(m1));
                let (d2, m2) = (d * f32::from(sc2), min * f32::from(m2));
                y.extend(q[..32].iter().map(|&b| d1 * f32::from(b & 0xF) - m1));
                y.extend(q[..32].iter().map(|&b| d2 * f32::from(b >> 4) - m2));
                q = &q[32..];
                is += 2;
            }
        }
        QType::Q6K => {
            let d = f16(208);
            let mut out = [0.0f32; 256];
            for n in 0..2 {
                let (ql, qh, sc) = (
                    &block[64 * n..],
                    &block[128 + 32 * n..],
                    &block[192 + 8 * n..],
                );
                for l in 0..32 {
                    let is = l / 16;
                    let q1 = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) as i8 - 32;
                    let q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) as i8 - 32;
                    let q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) as i8 - 32;
                    let q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) as i8 - 32;
                    let s = |i: usize| f32::from(sc[i] as i8);
                    out[128 * n + l] = d * s(is) * f32::from(q1);
                    out[128 * n + l + 32] = d * s(is + 2) * f32::from(q2);
                    out[128 * n + l + 64] = d * s(is + 4) * f32::from(q3);
                    out[128 * n + l + 96] = d * s(is + 6) * f32::from(q4);
                }
            }
            y.extend(out);
        }
        _ => unreachable!(),
    }
    y
}

#[test]
fn k_quants_repack_exactly_and_every_kernel_matches_the_reference() {
    let mut rng = Rng(0x6b);
    for qtype in [QType::Q4K, QType::Q6K] {
        for &(rows, cols, t) in &[(9, 256, 1), (16, 512, 5), (3, 1536, 4)] {
            let ggml = random_kquant(qtype, rows, cols, &mut rng);
            let w = QMatrix::new(qtype, rows, cols, &ggml).unwrap();
            let mut row = vec![0.0f32; cols];
            for r in 0..rows {
                w.dequantize_row(r, &mut row);
                let blocks = &ggml[r * cols / 256 * qtype.block_bytes()..];
                let want: Vec<f32> = blocks
                    .chunks_exact(qtype.block_bytes())
                    .take(cols / 256)
                    .flat_map(|b| ggml_dequantize(qtype, b))
                    .collect();
                assert_eq!(row, want, "{qtype:?} row {r}");
            }
            let acts = acts_of(&rng.values(t * cols, 2.0));
            let want = reference(&w, &acts, t);
            for isa in Isa::available() {
                for (g, e) in run_matmul(isa, &w, &acts, t)
                    .iter()
                    .flatten()
                    .zip(want.iter().flatten())
                {
                    let tolerance = 1e-4 * (1.0 + e.abs());
                    assert!(
                        (f64::from(*g) - e).abs() <= tolerance,
                        "{qtype:?} {isa:?}: {g} vs {e}"
                    );
                }
            }
        }
    }
    // Rows of K-quants are whole 256-value blocks.
    assert!(QMatrix::new(QType::Q4K, 1, 576, &[0; 144 * 2]).is_none());
}

#[test]
fn q5_0_blocks_become_q8_0_blocks_of_the_same_values() {
    let mut rng = Rng(5);
    for _ in 0..50 {
        let mut block: Vec<u8> = (0..22)
            .map(|_| (rng.next() * 127.0 + 128.0) as u8)
            .collect();
        block[..2].copy_from_slice(&half::f16::from_f32(0.01).to_le_bytes());
        // ggml's dequantize_row_q5_0, transcribed.
        let qh = u32::from_le_bytes([block[2], block[3], block[4], block[5]]);
        let mut want = [0.0f32; 32];
        for j in 0..16 {
            let xh_0 = ((qh >> j) << 4) & 0x10;
            let xh_1 = (qh >> (j + 12)) & 0x10;
            let x0 = ((u32::from(block[6 + j]) & 0x0F) | xh_0) as i32 - 16;
            let x1 = ((u32::from(block[6 + j]) >> 4) | xh_1) as i32 - 16;
            let d = half::f16::from_f32(0.01).to_f32();
            want[j] = x0 as f32 * d;
            want[j + 16] = x1 as f32 * d;
        }
        let mut got = [0.0f32; 32];
        dequantize_block(QType::Q8_0, &q5_0_to_q8_0(&block), &mut got);
        assert_eq!(got, want);
    }
}
