//! Cost measurement with SysTick, counting 24-bit wraps in the SysTick
//! exception so that windows of any length are measured correctly.
//!
//! * QEMU (`-icount shift=0`, always set by qemu-run.sh): every guest
//!   instruction takes 1 ns of virtual time and mps2-an386's SysTick core
//!   clock is 25 MHz, so 1 tick = 40 instructions: deterministic counts of
//!   *instructions* with a resolution of 40. QEMU's DWT cycle counter reads 0.
//! * nRF52840: SysTick on the 64 MHz core clock: 1 tick = 1 *cycle* (real,
//!   including flash wait states and FPU latencies).
//!
//! The SysTick exception fires once per 2^24 ticks (671 M instructions on
//! QEMU, 0.26 s on the board) and is itself counted: negligible.

use core::sync::atomic::{AtomicU32, Ordering};
use cortex_m::peripheral::{syst::SystClkSource, SYST};
use cortex_m_rt::exception;

/// What one unit of [`Window::stop`] is.
pub const UNIT: &str = if cfg!(feature = "nrf52840") {
    "cycles"
} else {
    "instructions"
};

/// Units per SysTick tick (the resolution of a measurement).
pub const UNITS_PER_TICK: u32 = if cfg!(feature = "nrf52840") { 1 } else { 40 };

const RELOAD: u32 = 0x00FF_FFFF; // 24-bit maximum: period 2^24 ticks

static WRAPS: AtomicU32 = AtomicU32::new(0);

/// Starts SysTick free-running on the core clock with its wrap interrupt.
pub fn init(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
    // SYST is dropped here: `now_ticks` only needs the static `get_current`.
}

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// Ticks since `init` (64-bit, monotonic).
fn now_ticks() -> u64 {
    loop {
        let wraps = WRAPS.load(Ordering::Relaxed);
        // SysTick counts down from RELOAD.
        let elapsed = RELOAD - SYST::get_current();
        // A wrap between the two loads is taken as an exception at once (it
        // is never masked here), so an unchanged count means a consistent pair.
        if WRAPS.load(Ordering::Relaxed) == wraps {
            return (u64::from(wraps) << 24) + u64::from(elapsed);
        }
    }
}

/// A running measurement.
pub struct Window {
    start: u64,
}

impl Window {
    /// Opens a measurement window.
    #[inline(never)]
    pub fn start() -> Self {
        Self { start: now_ticks() }
    }

    /// Closes the window: elapsed [`UNIT`]s.
    #[inline(never)]
    pub fn stop(self) -> u64 {
        (now_ticks() - self.start) * u64::from(UNITS_PER_TICK)
    }
}
