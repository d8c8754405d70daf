//! A team of threads that run one forward pass together, as ggml's graph runner does: every
//! thread walks the same steps, takes its share of each, and meets the others at a spinning
//! barrier before a step reads what another wrote.
//!
//! A decode step of a small model is a few hundred short operations; handing each to a pool
//! (and waking its threads) costs more than the operation, a spin barrier costs well under a
//! microsecond.

use std::marker::PhantomData;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A reusable barrier for `n` threads that spins, then yields (so a team larger than the CPU
/// still makes progress), and fails everyone if a member panicked.
#[derive(Debug)]
pub struct Barrier {
    n: usize,
    arrived: AtomicUsize,
    generation: AtomicUsize,
    poisoned: AtomicBool,
}

impl Barrier {
    fn new(n: usize) -> Self {
        Self {
            n,
            arrived: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
            poisoned: AtomicBool::new(false),
        }
    }

    /// Waits until every member has arrived.
    pub fn wait(&self) {
        if self.n == 1 {
            return;
        }
        let generation = self.generation.load(Ordering::Acquire);
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.n {
            self.arrived.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::Release);
            return;
        }
        let mut spins = 0u32;
        while self.generation.load(Ordering::Acquire) == generation {
            if self.poisoned.load(Ordering::Relaxed) {
                panic!("a thread of the inference team panicked");
            }
            spins += 1;
            // About 10 µs of spinning, then the core is offered to others (a team larger than
            // the free cores, e.g. under a parallel test runner, would otherwise crawl).
            if spins < 2_000 {
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }
}

/// Marks the barrier poisoned when its thread unwinds, so the others stop waiting.
struct PoisonOnPanic<'a>(&'a Barrier);

impl Drop for PoisonOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.poisoned.store(true, Ordering::Relaxed);
        }
    }
}

/// Runs `work(ith, nth, barrier)` on `nth` threads (this one and `nth − 1` scoped ones).
pub fn run<F>(nth: usize, work: F)
where
    F: Fn(usize, usize, &Barrier) + Sync,
{
    let nth = nth.max(1);
    let barrier = Barrier::new(nth);
    let member = |ith: usize| {
        let _guard = PoisonOnPanic(&barrier);
        work(ith, nth, &barrier);
    };
    std::thread::scope(|s| {
        for ith in 1..nth {
            let member = &member;
            s.spawn(move || member(ith));
        }
        member(0);
    });
}

/// Thread `ith`'s share of `0..n` in contiguous runs that are multiples of `align`.
pub fn share(n: usize, ith: usize, nth: usize, align: usize) -> Range<usize> {
    let units = n.div_ceil(align);
    let per = units.div_ceil(nth);
    let start = (ith * per * align).min(n);
    let end = ((ith + 1) * per * align).min(n);
    start..end
}

/// A buffer that the team's threads write in disjoint parts between barriers.
///
/// The rule its unsafe methods state: between two barriers, an element is either written by
/// one thread or read by any, never both.
#[derive(Debug)]
pub struct Shared<'a, T> {
    ptr: *mut T,
    len: usize,
    _borrow: PhantomData<&'a mut [T]>,
}

// SAFETY: access is coordinated by the team's barriers, as the methods' contracts require.
unsafe impl<T: Send> Send for Shared<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Shared<'_, T> {}

impl<'a, T> Shared<'a, T> {
    pub fn new(slice: &'a mut [T]) -> Self {
        Self {
            ptr: slice.as_mut_ptr(),
            len: slice.len(),
            _borrow: PhantomData,
        }
    }

    /// Reads `range`.
    ///
    /// # Safety
    /// No thread writes inside `range` until the next barrier.
    pub unsafe fn get(&self, range: Range<usize>) -> &[T] {
        assert!(range.start <= range.end && range.end <= self.len);
        // SAFETY: in bounds; the caller rules out concurrent writes.
        unsafe { std::slice::from_raw_parts(self.ptr.add(range.start), range.len()) }
    }

    /// Writes `range`.
    ///
    /// # Safety
    /// No other thread reads or writes inside `range` until the next barrier.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn get_mut(&self, range: Range<usize>) -> &mut [T] {
        assert!(range.start <= range.end && range.end <= self.len);
        // SAFETY: in bounds; the caller guarantees exclusive access to `range`.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.add(range.start), range.len()) }
    }

    /// One element, to write.
    ///
    /// # Safety
    /// As [`Shared::get_mut`] for the single index `i`.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn at(&self, i: usize) -> &mut T {
        assert!(i < self.len);
        // SAFETY: in bounds; the caller guarantees exclusive access to element `i`.
        unsafe { &mut *self.ptr.add(i) }
    }
}
