//! Exit through semihosting, plus the HardFault handler.
//!
//! QEMU (`-semihosting-config enable=on`) and `probe-rs run` both turn the
//! semihosting exit call into their own process exit status. Without a
//! debugger attached (board running stand-alone) the `bkpt` of a semihosting
//! call faults; run the board through `probe-rs run`.

use cortex_m_rt::{exception, ExceptionFrame};
use cortex_m_semihosting::debug;

/// Exit status of a successful run.
pub const EXIT_SUCCESS: u32 = 0;
/// Exit status after a panic or a HardFault.
pub const EXIT_FAULT: u32 = 1;
/// Exit status when the workload diverged (non-finite output).
pub const EXIT_DIVERGED: u32 = 2;

/// Ends the program with `code` as the host-side exit status.
pub fn exit(code: u32) -> ! {
    match code {
        EXIT_SUCCESS => debug::exit(debug::EXIT_SUCCESS),
        EXIT_FAULT => debug::exit(debug::EXIT_FAILURE),
        _ => {
            // SYS_EXIT_EXTENDED (0x20) carries an arbitrary status;
            // cortex-m-semihosting 0.6 has no wrapper for it.
            const SYS_EXIT_EXTENDED: usize = 0x20;
            const ADP_STOPPED_APPLICATION_EXIT: usize = 0x20026;
            let block = [ADP_STOPPED_APPLICATION_EXIT, code as usize];
            // SAFETY: a semihosting call with a valid pointer to a 2-word
            // parameter block that outlives the call (the call does not return).
            unsafe { cortex_m_semihosting::syscall1(SYS_EXIT_EXTENDED, block.as_ptr() as usize) };
        }
    }
    // Only reached if the host ignored the exit request.
    loop {
        cortex_m::asm::bkpt();
    }
}

/// panic-probe ends a panic with `udf`, which lands here; so does any real
/// fault. Without this handler the default HardFault spins and QEMU hangs
/// until the runner's timeout. No logging here: the fault may have happened
/// inside the logger (panic-probe has already printed the panic message).
#[exception]
unsafe fn HardFault(_frame: &ExceptionFrame) -> ! {
    exit(EXIT_FAULT)
}
