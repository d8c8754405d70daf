//! A team of threads that run one forward pass together, as ggml's graph runner does: every
//! thread walks the same steps, takes its share of each, and meets the others at a spinning
//! barrier before a step reads what another wrote.
//!
//! A decode step of a small model is a few hundred short operations; handing each to a pool
//! (and waking its threads) costs more than the operation, a spin barrier costs well under a
//! microsecond.

use std::marker::PhantomData;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

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

/// Runs `work(ith, nth, barrier)` on `nth` threads (this one and `nth − 1` scoped ones spawned
/// for the call; [`Team`] keeps its threads instead).
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

/// The work of one [`Team::run`], its lifetime erased while the workers hold it.
type Job = dyn Fn(usize, usize, &Barrier) + Sync;

/// Threads kept between runs, so that a decode step neither spawns nor allocates: workers spin
/// for a moment after each run (the next token comes soon), then sleep until woken.
#[derive(Debug)]
pub struct Team {
    shared: Arc<TeamShared>,
    workers: Vec<JoinHandle<()>>,
    /// The process that started the workers: a forked child has none of them.
    pid: u32,
}

struct TeamShared {
    nth: usize,
    barrier: Barrier,
    /// Bumped to start a run; workers run once per value.
    generation: AtomicUsize,
    /// Workers done with the current run.
    finished: AtomicUsize,
    /// The current run's work; set before `generation` is bumped, read after.
    job: Mutex<Option<&'static Job>>,
    failed: AtomicBool,
    stop: AtomicBool,
    sleep: Mutex<()>,
    wake: Condvar,
}

impl std::fmt::Debug for TeamShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamShared")
            .field("nth", &self.nth)
            .finish_non_exhaustive()
    }
}

/// How long idle workers spin before they sleep.
const SPIN_BEFORE_SLEEP: Duration = Duration::from_micros(300);

impl Team {
    /// Starts `nth − 1` workers (the caller of [`Team::run`] is the first member).
    pub fn new(nth: usize) -> Self {
        let nth = nth.max(1);
        let shared = Arc::new(TeamShared {
            nth,
            barrier: Barrier::new(nth),
            generation: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
            job: Mutex::new(None),
            failed: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            sleep: Mutex::new(()),
            wake: Condvar::new(),
        });
        let workers = (1..nth)
            .map(|ith| {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name(format!("conclave-kernels-{ith}"))
                    .spawn(move || worker(&shared, ith))
                    .expect("spawning an inference thread")
            })
            .collect();
        Self {
            shared,
            workers,
            pid: std::process::id(),
        }
    }

    /// Whether this team's workers live in this process (not after `fork`).
    pub fn usable_here(&self) -> bool {
        self.pid == std::process::id() && !self.failed()
    }

    /// Threads in the team.
    pub fn size(&self) -> usize {
        self.shared.nth
    }

    /// Whether a run panicked (the team is then unusable: make a new one).
    pub fn failed(&self) -> bool {
        self.shared.failed.load(Ordering::Relaxed)
    }

    /// Runs `work(ith, nth, barrier)` on every member and returns when all are done; a panic in
    /// any member is raised here after the others have stopped.
    pub fn run<F>(&mut self, work: F)
    where
        F: Fn(usize, usize, &Barrier) + Sync,
    {
        assert!(!self.failed(), "a previous run of this team panicked");
        let s = &*self.shared;
        let job: &(dyn Fn(usize, usize, &Barrier) + Sync + '_) = &work;
        // SAFETY: the erased reference is only used by workers between the bump of `generation`
        // below and their increment of `finished`; this function waits for every worker's
        // increment (panics included, they are caught) before `work` goes out of scope.
        let job: &'static Job = unsafe { std::mem::transmute(job) };
        *s.job.lock().unwrap_or_else(|e| e.into_inner()) = Some(job);
        s.finished.store(0, Ordering::Relaxed);
        s.generation.fetch_add(1, Ordering::AcqRel);
        drop(s.sleep.lock().unwrap_or_else(|e| e.into_inner()));
        s.wake.notify_all();
        let mine = catch_unwind(AssertUnwindSafe(|| {
            let _guard = PoisonOnPanic(&s.barrier);
            work(0, s.nth, &s.barrier);
        }));
        let mut spins = 0u32;
        while s.finished.load(Ordering::Acquire) < s.nth - 1 {
            spins += 1;
            if spins < 2_000 {
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
        *s.job.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if let Err(panic) = mine {
            s.failed.store(true, Ordering::Relaxed);
            resume_unwind(panic);
        }
        if s.barrier.poisoned.load(Ordering::Relaxed) {
            s.failed.store(true, Ordering::Relaxed);
            panic!("a thread of the inference team panicked");
        }
    }
}

fn worker(s: &TeamShared, ith: usize) {
    let mut seen = 0;
    loop {
        let idle = Instant::now();
        while s.generation.load(Ordering::Acquire) == seen && !s.stop.load(Ordering::Relaxed) {
            if idle.elapsed() < SPIN_BEFORE_SLEEP {
                std::hint::spin_loop();
                continue;
            }
            let guard = s.sleep.lock().unwrap_or_else(|e| e.into_inner());
            if s.generation.load(Ordering::Acquire) == seen && !s.stop.load(Ordering::Relaxed) {
                // The timeout only bounds a missed wake-up; runs notify under the lock.
                drop(s.wake.wait_timeout(guard, Duration::from_millis(50)));
            }
        }
        if s.stop.load(Ordering::Relaxed) {
            return;
        }
        seen = s.generation.load(Ordering::Acquire);
        let job = *s.job.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(job) = job {
            let result = catch_unwind(AssertUnwindSafe(|| {
                let _guard = PoisonOnPanic(&s.barrier);
                job(ith, s.nth, &s.barrier);
            }));
            if result.is_err() {
                s.failed.store(true, Ordering::Relaxed);
            }
        }
        s.finished.fetch_add(1, Ordering::Release);
    }
}

impl Drop for Team {
    fn drop(&mut self) {
        if self.pid != std::process::id() {
            // Forked: the workers are the parent's; there is nothing here to stop or join.
            self.workers.clear();
            return;
        }
        self.shared.stop.store(true, Ordering::Relaxed);
        drop(self.shared.sleep.lock().unwrap_or_else(|e| e.into_inner()));
        self.shared.wake.notify_all();
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
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
