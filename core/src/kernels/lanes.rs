//! Eight-wide blocks of an array: the shape vector units (and LLVM's vectoriser) handle best.
//!
//! A width such as 50 is not a multiple of 8. Instead of a scalar tail, the last block is
//! moved back to end at the array's end, so it overlaps its neighbour. An elementwise loop
//! that writes `out[i]` from inputs alone writes the same bits to an overlapped element both
//! times, so it can run whole blocks only, on every target.

/// The block width.
pub(crate) const LANES: usize = 8;

/// True on targets with vector units, where whole blocks pay: x86, aarch64, and WebAssembly
/// built with its 128-bit SIMD (the browser build). A Cortex-M4F computes every lane one by
/// one, so there the overlapped lanes and the many-register blocks are pure cost (they made a
/// firmware GAN update 35 % dearer), and the plain loops run instead. Either way the bits are
/// the same: only the loop shape depends on this.
pub(crate) const BLOCKED: bool = cfg!(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
));

/// How many blocks cover `n` elements.
#[inline(always)]
pub(crate) const fn blocks(n: usize) -> usize {
    n.div_ceil(LANES)
}

/// The first element of block `b` of `n ≥ LANES` elements: `8b`, except that the last block
/// ends at `n`.
#[inline(always)]
pub(crate) fn block_start(b: usize, n: usize) -> usize {
    let start = b * LANES;
    if start + LANES > n {
        n - LANES
    } else {
        start
    }
}

/// The 8 elements of `s` from `start`.
#[inline(always)]
pub(crate) fn lanes(s: &[f32], start: usize) -> [f32; LANES] {
    let mut out = [0.0; LANES];
    out.copy_from_slice(&s[start..start + LANES]);
    out
}

/// The blocks of `s` that start at each of `starts`, built with a loop (see `matvec.rs` for
/// why not `array::map`).
#[inline(always)]
pub(crate) fn blocks_at<const B: usize>(s: &[f32], starts: &[usize; B]) -> [[f32; LANES]; B] {
    let mut out = [[0.0; LANES]; B];
    for (out, &start) in out.iter_mut().zip(starts) {
        *out = lanes(s, start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_index_and_stay_in_bounds() {
        for n in LANES..70 {
            let mut seen = [0u8; 70];
            for b in 0..blocks(n) {
                let s = block_start(b, n);
                assert!(s + LANES <= n);
                for count in &mut seen[s..s + LANES] {
                    *count += 1;
                }
            }
            assert!(seen[..n].iter().all(|&c| c >= 1), "n = {n}");
            assert!(seen[n..].iter().all(|&c| c == 0), "n = {n}");
        }
    }
}
