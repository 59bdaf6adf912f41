//! Peak stack usage by painting (cortex-m-rt `paint-stack`: the reset handler
//! fills `[_stack_end, _stack_start)` with `STACK_PAINT_VALUE` before `main`).

use cortex_m_rt::STACK_PAINT_VALUE;

extern "C" {
    // From cortex-m-rt's link.x: the stack grows down from `_stack_start`
    // (end of RAM) towards `_stack_end` (end of .bss/.uninit).
    static _stack_start: u32;
    static _stack_end: u32;
}

/// Stack usage since reset, in bytes.
pub struct Usage {
    /// Deepest stack depth reached (highest watermark).
    pub peak: u32,
    /// Size of the stack region (free RAM above the statics).
    pub available: u32,
}

/// Scans up from `_stack_end` for the first word that is not the paint value.
/// `peak == available` means the paint is gone entirely: an overflow.
pub fn usage() -> Usage {
    let bottom = (&raw const _stack_end) as usize;
    let top = (&raw const _stack_start) as usize;
    let mut p = bottom;
    while p < top {
        // SAFETY: [bottom, top) is RAM owned by the stack region, word-aligned
        // (asserted by link.x); reading a painted or used word has no effect.
        let w = unsafe { core::ptr::read_volatile(p as *const u32) };
        if w != STACK_PAINT_VALUE {
            break;
        }
        p += 4;
    }
    Usage {
        peak: (top - p) as u32,
        available: (top - bottom) as u32,
    }
}
