//! Platform glue for the tinygen firmware programs (`src/bin/*.rs`).
//!
//! A program is `#[entry] fn main() -> ! { tinygen_firmware::run("nce", workload) }`
//! plus one small `fn workload(run: &mut Run)`: the only part that changes
//! when the real tinygen training code is plugged in.
//!
//! Output scheme (after `defmt-print` decoding, see `qemu-run.sh`):
//! * data lines: exactly the text of [`Run::emit`], `x1,x2`, printed with
//!   `defmt::println!("{=str}")`, which defmt-print shows without any prefix;
//! * everything else goes through `defmt::info!`/`defmt::error!`, which
//!   defmt-print prefixes with the level (`INFO  `, `ERROR `), panics included.
//!
//! So the data are the lines that do NOT start with `TRACE|DEBUG|INFO|WARN|ERROR`
//! followed by a space (see `extract_data` in check.sh).
//!
//! Exit status (semihosting; QEMU and `probe-rs run` return it): 0 success,
//! 1 panic or HardFault, 2 divergence (a non-finite value or [`Run::diverged`]).

#![no_std]

#[cfg(all(feature = "qemu", feature = "nrf52840"))]
compile_error!("enable exactly one platform feature: `qemu` (default) or `nrf52840`");
#[cfg(not(any(feature = "qemu", feature = "nrf52840")))]
compile_error!("enable one platform feature: `qemu` (default) or `nrf52840`");

// The defmt global logger of the platform.
#[cfg(feature = "nrf52840")]
use defmt_rtt as _;
#[cfg(feature = "qemu")]
use defmt_semihosting as _;
// panic -> defmt::error! with the message, then `udf` -> HardFault -> exit(1).
use panic_probe as _;

pub mod cost;
pub mod exit;
pub mod model_dump;
pub mod settings;
pub mod stack;

pub use exit::{EXIT_DIVERGED, EXIT_FAULT, EXIT_SUCCESS};

/// Name of the platform this image was built for.
pub const PLATFORM: &str = if cfg!(feature = "nrf52840") {
    "nrf52840"
} else {
    "qemu-mps2-an386"
};

/// State of one program run: what the workload reports back.
pub struct Run {
    name: &'static str,
    lines: u32,
    diverged: bool,
    cost: Option<(u32, u64)>, // (steps, units) of the last `measure`
}

impl Run {
    /// Emits one data line `x1,x2`, formatted by `tinygen::format_point`
    /// (the host's formatter: byte-identical lines). A non-finite point is
    /// not data: it is reported as an error and the run diverges (exit 2).
    pub fn emit(&mut self, p: &[f32; 2]) {
        match tinygen::format_point(p) {
            Ok(line) => {
                defmt::println!("{=str}", line.as_str());
                self.lines += 1;
            }
            Err(_) => self.diverged("non-finite point"),
        }
    }

    /// Runs `f`, which must perform `steps` training steps, inside a cost
    /// window, and records its cost. Returns what `f` returns.
    pub fn measure<R>(&mut self, steps: u32, f: impl FnOnce() -> R) -> R {
        let window = cost::Window::start();
        let r = f();
        let units = window.stop();
        self.cost = Some((steps, units));
        r
    }

    /// Reports a core error and marks the run as failed (exit status 2).
    pub fn failed(&mut self, e: tinygen::Error) {
        defmt::error!("{}", e);
        self.diverged = true;
    }

    /// Prints the cost of the last [`Run::measure`] window under `label`.
    pub fn report_cost(&mut self, label: &str) {
        if let Some((steps, units)) = self.cost.take() {
            let per_step = units / u64::from(steps.max(1));
            defmt::info!(
                "cost: {=str} {=u64} {=str} per step ({=u32} steps, {=u64} total, resolution {=u32})",
                label,
                per_step,
                cost::UNIT,
                steps,
                units,
                cost::UNITS_PER_TICK
            );
        }
    }

    /// Marks the run as diverged (e.g. a non-finite loss): exit status 2.
    pub fn diverged(&mut self, why: &str) {
        defmt::error!("diverged: {=str}", why);
        self.diverged = true;
    }

    /// Prints the cost and stack diagnostics, then exits.
    fn finish(mut self) -> ! {
        self.report_cost(self.name);
        let s = stack::usage();
        defmt::info!(
            "stack: {=str} peak {=u32} bytes of {=u32} available",
            self.name,
            s.peak,
            s.available
        );
        defmt::info!("lines: {=str} {=u32}", self.name, self.lines);
        if self.diverged {
            exit::exit(EXIT_DIVERGED)
        }
        exit::exit(EXIT_SUCCESS)
    }
}

/// Runs one program: sets up the cost timer, runs `workload`, prints the
/// diagnostics (cost per step, peak stack) and exits through semihosting.
pub fn run(name: &'static str, workload: fn(&mut Run)) -> ! {
    // Only `run` takes the core peripherals, once per program.
    let cp = cortex_m::Peripherals::take().expect("core peripherals taken twice");
    cost::init(cp.SYST);
    defmt::info!(
        "start: {=str} on {=str}, data {=str}",
        name,
        PLATFORM,
        settings::DATA_SET.name()
    );
    let mut r = Run {
        name,
        lines: 0,
        diverged: false,
        cost: None,
    };
    workload(&mut r);
    r.finish()
}
