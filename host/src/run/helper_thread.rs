//! A second core for the core's split training updates ([`tinygen::nn::fork::Fork`]): one
//! helper thread for a whole training job.
//!
//! An update of the main job takes about 40 µs and is split twice, so handing work over must
//! cost well under a microsecond: the helper spins on an atomic while work is coming, and
//! sleeps only after a pause of `SPIN_BEFORE_SLEEP` (the refit, a progress line, the end of
//! the job). A thread pool's join (rayon's) cost more than the split saved on this machine.
//!
//! Which thread runs which half never changes a number: the core hands a [`Fork`] only work
//! whose result does not depend on it.

use crate::run::dispatch::Simd;
use std::cell::UnsafeCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering::Relaxed, Ordering::SeqCst};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};
use tinygen::nn::fork::Fork;

/// The environment variable that caps the threads one training job uses: `1` trains on one
/// core; unset or any other value uses a second core when there is one.
pub const THREADS_ENV: &str = "TINYGEN_THREADS";

/// How long the idle helper spins before it sleeps.
const SPIN_BEFORE_SLEEP: Duration = Duration::from_micros(200);

/// How long the main thread spins on the helper's half before it yields its core between
/// checks (a helper that lost its core to another process would otherwise be waited for at
/// full power).
const SPIN_BEFORE_YIELD: Duration = Duration::from_millis(1);

const IDLE: u8 = 0;
const READY: u8 = 1;
const PANICKED: u8 = 2;
const EXIT: u8 = 3;

/// A job for the helper: the main thread's borrowed closure, its lifetime erased.
type Job = *mut (dyn FnMut() + Send + 'static);

/// What the main thread and the helper share.
struct Slot {
    state: AtomicU8,
    sleeping: AtomicBool,
    job: UnsafeCell<Option<Job>>,
}

// SAFETY: `job` is written by the main thread only while `state` is not READY, and read by
// the helper only after it has seen READY; the SeqCst store and load of `state` order the
// two accesses.
unsafe impl Sync for Slot {}

/// The helper thread of one job, as a [`Fork`]: `join(a, b)` runs `a` here and `b` there.
pub struct HelperThread<'s> {
    slot: &'s Slot,
    thread: Thread,
    /// The copy both halves run in: the one the training job runs in.
    simd: Simd,
    /// This thread's share of work divided by [`Fork::first_share`], in [`SHARE_ONE`]ths,
    /// moved by [`Fork::join_shared`] towards the split at which both sides finish together.
    share: AtomicU32,
}

/// The unit of [`HelperThread::share`]: a share of `SHARE_ONE` is all of the work.
const SHARE_ONE: u32 = 1 << 12;

/// How far one [`Fork::join_shared`] moves the share: 0.2 % of the work, so that a split
/// that starts at half finds a balance 10 % away within about fifty updates, and one late
/// wake-up moves it little.
const SHARE_STEP: u32 = SHARE_ONE / 512;

/// The share never leaves `[SHARE_ONE / 8, 7 · SHARE_ONE / 8]`: a helper that lost its core
/// for a while is given work again as soon as it is back.
const SHARE_RANGE: (u32, u32) = (SHARE_ONE / 8, SHARE_ONE / 8 * 7);

/// Runs `f` with a helper thread if the job is `worth_splitting` and this process should use
/// one (two or more cores, not inside a thread pool that already keeps the cores busy,
/// [`THREADS_ENV`] not `1`), else with `None`. The helper is stopped when `f` returns or
/// unwinds.
pub fn with_helper<R>(worth_splitting: bool, f: impl FnOnce(Option<&HelperThread<'_>>) -> R) -> R {
    if !(worth_splitting && wanted()) {
        return f(None);
    }
    let slot = Slot {
        state: AtomicU8::new(IDLE),
        sleeping: AtomicBool::new(false),
        job: UnsafeCell::new(None),
    };
    thread::scope(|scope| {
        let spawned = thread::Builder::new()
            .name("tinygen-helper".into())
            .spawn_scoped(scope, || serve(&slot));
        let Ok(handle) = spawned else {
            return f(None);
        };
        let helper = HelperThread {
            slot: &slot,
            thread: handle.thread().clone(),
            simd: Simd::chosen(),
            share: AtomicU32::new(SHARE_ONE / 2),
        };
        let _stop = StopOnDrop(&helper);
        f(Some(&helper))
    })
}

/// Whether a job should take a second core.
fn wanted() -> bool {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let capped = std::env::var(THREADS_ENV).is_ok_and(|v| v.trim() == "1");
    cores >= 2 && !capped && rayon::current_thread_index().is_none()
}

impl Fork for HelperThread<'_> {
    fn join(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
        self.join_seeing(a, b);
    }

    fn first_share(&self, total: usize) -> usize {
        let share = self.share.load(Relaxed) as usize;
        (total.saturating_mul(share) + SHARE_ONE as usize / 2) / SHARE_ONE as usize
    }

    /// Gives this thread a little more of the next split if it finished first, a little less
    /// if the helper did: the split follows the two cores' speeds without a clock.
    fn join_shared(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
        let helper_was_busy = self.join_seeing(a, b);
        let share = self.share.load(Relaxed);
        let moved = match helper_was_busy {
            true => share.saturating_add(SHARE_STEP),
            false => share.saturating_sub(SHARE_STEP),
        };
        self.share
            .store(moved.clamp(SHARE_RANGE.0, SHARE_RANGE.1), Relaxed);
    }
}

impl HelperThread<'_> {
    /// Runs `a` here and `b` on the helper; returns whether the helper was still at `b`
    /// when `a` was done.
    fn join_seeing(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) -> bool {
        let simd = self.simd;
        let mut b = Some(b);
        let mut call_b = || {
            if let Some(b) = b.take() {
                run_in_copy(simd, b)
            }
        };
        let job: &mut (dyn FnMut() + Send) = &mut call_b;
        // SAFETY: only the lifetime is erased. The helper calls the job between the READY
        // store below and its own store of IDLE or PANICKED, and `Wait` does not let this
        // function return or unwind before it has seen that store, so `call_b` and what it
        // borrows outlive every use.
        let job: Job = unsafe { std::mem::transmute(job) };
        // SAFETY: the state is not READY, so the helper does not read the slot now.
        unsafe { *self.slot.job.get() = Some(job) };
        self.slot.state.store(READY, SeqCst);
        if self.slot.sleeping.load(SeqCst) {
            self.thread.unpark();
        }
        let wait = Wait(self.slot);
        run_in_copy(simd, a);
        let helper_was_busy = self.slot.state.load(SeqCst) == READY;
        drop(wait);
        if self.slot.state.swap(IDLE, SeqCst) == PANICKED {
            panic!("the training helper thread panicked");
        }
        helper_was_busy
    }
}

/// Runs `f` compiled for `simd`'s vector unit: a closure called through a pointer, or on
/// another thread, is not inlined into the dispatched copy of the job that made it
/// ([`crate::run::dispatch`]), so without this it would run as baseline x86-64 code. The
/// core's closures for a [`Fork`] are `#[inline(always)]`, so they are compiled into each of
/// these functions.
#[inline(always)]
fn run_in_copy(simd: Simd, f: impl FnOnce()) {
    #[cfg(target_arch = "x86_64")]
    match simd {
        // SAFETY: `Simd::chosen` checked that the CPU has these features.
        Simd::Avx512 => return unsafe { run_avx512(f) },
        // SAFETY: as above.
        Simd::Avx2 => return unsafe { run_avx2(f) },
        Simd::Portable => {}
    }
    let _ = simd;
    f()
}

/// `f()` with AVX-512.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx512bw,avx512dq")]
fn run_avx512(f: impl FnOnce()) {
    f()
}

/// `f()` with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn run_avx2(f: impl FnOnce()) {
    f()
}

/// Waits, when dropped (also while unwinding), until the helper has finished its job.
struct Wait<'a>(&'a Slot);

impl Drop for Wait<'_> {
    fn drop(&mut self) {
        let start = Instant::now();
        let mut spins = 0u32;
        while self.0.state.load(SeqCst) == READY {
            spins = spins.wrapping_add(1);
            if !spins.is_multiple_of(64) || start.elapsed() < SPIN_BEFORE_YIELD {
                std::hint::spin_loop();
            } else {
                thread::yield_now();
            }
        }
    }
}

/// Tells the helper to stop, when dropped (also while unwinding), so that the scope can end.
struct StopOnDrop<'a, 's>(&'a HelperThread<'s>);

impl Drop for StopOnDrop<'_, '_> {
    fn drop(&mut self) {
        self.0.slot.state.store(EXIT, SeqCst);
        self.0.thread.unpark();
    }
}

/// The helper's loop: wait for a job, run it, report, until told to stop.
fn serve(slot: &Slot) {
    loop {
        if wait_for_work(slot) == EXIT {
            return;
        }
        // SAFETY: the state is READY, so the main thread has written the job and does not
        // touch the slot, or anything the job borrows, until this thread stores IDLE.
        let job = unsafe { (*slot.job.get()).take() };
        let ran = catch_unwind(AssertUnwindSafe(|| {
            if let Some(job) = job {
                // SAFETY: see `HelperThread::join_seeing`: the closure is alive until IDLE is stored.
                unsafe { (*job)() }
            }
        }));
        slot.state
            .store(if ran.is_ok() { IDLE } else { PANICKED }, SeqCst);
    }
}

/// Spins, then sleeps, until the state is READY or EXIT; returns it.
fn wait_for_work(slot: &Slot) -> u8 {
    let start = Instant::now();
    let mut spins = 0u32;
    loop {
        let state = slot.state.load(SeqCst);
        if state == READY || state == EXIT {
            return state;
        }
        spins = spins.wrapping_add(1);
        if !spins.is_multiple_of(64) || start.elapsed() < SPIN_BEFORE_SLEEP {
            std::hint::spin_loop();
            continue;
        }
        slot.sleeping.store(true, SeqCst);
        let state = slot.state.load(SeqCst);
        if state != READY && state != EXIT {
            thread::park();
        }
        slot.sleeping.store(false, SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both halves run, the helper's on another thread, many times over and after the
    /// helper has gone to sleep.
    #[test]
    fn join_runs_both_halves() {
        let main = thread::current().id();
        with_helper(true, |helper| {
            let Some(helper) = helper else { return };
            for round in 0..1000 {
                let (mut a, mut b) = (0, 0);
                let mut other = None;
                helper.join(
                    || a = round,
                    || {
                        b = round + 1;
                        other = Some(thread::current().id());
                    },
                );
                assert_eq!((a, b), (round, round + 1));
                assert_ne!(other, Some(main));
                if round % 250 == 0 {
                    thread::sleep(SPIN_BEFORE_SLEEP * 3);
                }
            }
        });
    }

    /// The share moves towards the side that finishes last, one step per shared join, and
    /// stays within its range.
    #[test]
    fn the_share_follows_the_slower_side() {
        with_helper(true, |helper| {
            let Some(helper) = helper else { return };
            let slow = || thread::sleep(Duration::from_millis(1));
            assert_eq!(helper.first_share(1000), 500);
            for _ in 0..10 {
                helper.join_shared(slow, || {});
            }
            assert!(helper.first_share(1000) < 500);
            // About 200 steps reach the top of the range.
            for _ in 0..400 {
                helper.join_shared(|| {}, slow);
            }
            let most = SHARE_RANGE.1 as usize * 1000 / SHARE_ONE as usize;
            assert_eq!(helper.first_share(1000), most);
            // A plain join leaves the share alone.
            helper.join(|| {}, slow);
            assert_eq!(helper.first_share(1000), most);
        });
    }

    /// A panic on the helper reaches the caller instead of hanging it.
    #[test]
    fn a_panic_on_the_helper_reaches_the_caller() {
        let caught = catch_unwind(|| {
            with_helper(true, |helper| match helper {
                Some(helper) => helper.join(|| {}, || panic!("on purpose")),
                None => panic!("no helper on this machine"),
            })
        });
        assert!(caught.is_err());
    }
}
