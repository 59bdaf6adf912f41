//! Activation functions, each with its exact derivative beside it.
//!
//! Conventions at the kinks, used everywhere in the crate: `ReLU'(0) = 0` and `ELU'(0) = 1`.
//! Exponentials come from [`crate::math::exp`] (vectorisable, within 2 ulp of libm) and `tanh` from
//! `libm`, on the host too, so that the host and a Cortex-M4F compute the same bits.

use crate::kernels::lanes::{BLOCKED, LANES};
use crate::math::exp::{exp, exp_and_exp_m1, exp_and_exp_m1_of_negative, exp_m1, NEGATIVE_FLOOR};

/// Logistic sigmoid `σ(z) = 1 / (1 + e^(−z))`.
///
/// Evaluated from `e = e^(−|z|)`, which never overflows: `1 / (1 + e)` for `z ≥ 0` and
/// `e / (1 + e)` for `z < 0`. The result is finite for every finite `z` and exactly 0 or 1 far
/// out in the tails, and one exponential serves both signs, so a vectorised loop computes one
/// per element instead of both branches'.
#[inline(always)]
pub fn sigmoid(z: f32) -> f32 {
    sigmoid_from(z, exp(minus_abs(z)))
}

/// `σ'(z) = σ(z)(1 − σ(z))`, read from the output `s = σ(z)`.
#[inline(always)]
pub fn sigmoid_derivative_from_output(s: f32) -> f32 {
    s * (1.0 - s)
}

/// `tanh'(z) = 1 − tanh²(z)`, read from the output `t = tanh(z)`.
#[inline(always)]
pub fn tanh_derivative_from_output(t: f32) -> f32 {
    1.0 - t * t
}

/// `relu(z) = max(z, 0)`.
#[inline(always)]
pub fn relu(z: f32) -> f32 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// `relu'(z) = 1` if `z > 0`, else 0 (so `relu'(0) = 0`).
#[inline(always)]
pub fn relu_derivative(z: f32) -> f32 {
    if z > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// `elu(z) = z` for `z > 0`, `α(e^z − 1)` otherwise; it tends to `−α` as `z → −∞`.
#[inline(always)]
pub fn elu(z: f32, alpha: f32) -> f32 {
    if z > 0.0 {
        z
    } else {
        elu_negative(z, alpha)
    }
}

/// `α(e^z − 1)`, ELU's value for `z ≤ 0`. With vector units the exponential takes
/// [`ELU_EXP_FLOOR`] for any `z` below it: `e^z − 1` is −1 either way, and Intel cores are
/// spared a subnormal `e^z`. (A Cortex-M4F, which handles subnormals at full speed, skips the
/// clamp.)
#[inline(always)]
fn elu_negative(z: f32, alpha: f32) -> f32 {
    alpha * exp_m1(if BLOCKED { at_least_exp_floor(z) } else { z })
}

/// `z`, or [`ELU_EXP_FLOOR`] if `z` is below it: the exponent ELU takes. An `if`, not `max`,
/// keeps NaN.
#[inline(always)]
fn at_least_exp_floor(z: f32) -> f32 {
    if z < ELU_EXP_FLOOR {
        ELU_EXP_FLOOR
    } else {
        z
    }
}

/// The smallest positive `f32` (a subnormal): the floor of ELU's derivative.
const TINIEST_POSITIVE: f32 = f32::from_bits(1);

/// `elu'(z) = 1` for `z ≥ 0` (so `elu'(0) = 1`), `α·e^z` for `z < 0`.
///
/// `α·e^z` is positive for every finite `z`, which is why an ELU unit cannot die. In `f32` it
/// would round to 0 below `z ≈ −104`; there we return the smallest positive `f32` instead, so
/// the computed derivative keeps the sign of the true one.
#[inline(always)]
pub fn elu_derivative(z: f32, alpha: f32) -> f32 {
    if z >= 0.0 {
        1.0
    } else {
        let d = alpha * exp(z);
        if d > TINIEST_POSITIVE {
            d
        } else {
            TINIEST_POSITIVE
        }
    }
}

/// Where ELU stops exponentiating: below it `e^z` is under `2⁻¹²⁶` (from `z ≈ −87.34`), a
/// subnormal, which an Intel core computes, and multiplies by, through a microcode assist.
/// ELU's values take `e^z` of the floor instead on vector targets: `e^z − 1` is −1 either way
/// (from `z ≈ −17.3` on), so these are the same bits. A training trace's slope is 0 below it:
/// such a slope only ever made a delta under backprop's floor of 2⁻⁶⁴, which sets it to 0
/// anyway (for any upstream gradient under about 2⁶¹ in magnitude), so no result changes.
/// [`elu_derivative`], which the dead-unit study reads, keeps its positive floor.
pub const ELU_EXP_FLOOR: f32 = -87.0;

/// `(elu(z), elu'(z))` from one exponential, for the loops of
/// [`Activation::apply_with_derivative_flat`]: the slope is [`elu_derivative`], or 0 where that
/// is not a normal `f32` or `z` is below [`ELU_EXP_FLOOR`] (and for NaN).
#[inline(always)]
fn elu_with_slope(z: f32, alpha: f32) -> (f32, f32) {
    // As in `apply_flat`: skip the exponential where it is not used. The branch takes z = ±0
    // too, whose value the formula below makes +0 (hence `+ 0.0`), so that past it z < 0 (or
    // NaN) and the kinks need no select.
    if !BLOCKED && z >= 0.0 {
        return (z + 0.0, 1.0);
    }
    let above_floor = z >= ELU_EXP_FLOOR;
    let (e, m1) = exp_and_exp_m1(at_least_exp_floor(z));
    let negative = alpha * m1;
    let slope = alpha * e;
    let slope = if above_floor && slope >= f32::MIN_POSITIVE {
        slope
    } else {
        0.0
    };
    if !BLOCKED {
        return (negative, slope);
    }
    (
        if z > 0.0 { z } else { negative },
        if z >= 0.0 { 1.0 } else { slope },
    )
}

/// ELU and its slope one element at a time, for processors without vector units, with the
/// bits of [`elu_with_slope`] in about two thirds of its instructions on the exponential's
/// side. z = ±0 takes the first branch; the formula makes +0 of both (hence `+ 0.0`). Between
/// `NEGATIVE_FLOOR` and 0 the shortcut needs no clamp, and with `α ≥ SHORTCUT_ALPHA` the slope
/// is far above its floor. Below, and for NaN, the general form runs.
#[inline(always)]
fn elu_with_slope_shortcut(z: &[f32], a: &mut [f32], d: &mut [f32], alpha: f32) {
    let (a, d) = (&mut a[..z.len()], &mut d[..z.len()]);
    for ((&z, a), d) in z.iter().zip(a).zip(d) {
        (*a, *d) = if z >= 0.0 {
            (z + 0.0, 1.0)
        } else if z >= NEGATIVE_FLOOR {
            let (e, m1) = exp_and_exp_m1_of_negative(z);
            (alpha * m1, alpha * e)
        } else {
            elu_with_slope(z, alpha)
        };
    }
}

/// Whether `holds` is true of every lane of a block: a comparison per lane and one test of
/// all eight, not eight branches.
#[inline(always)]
fn every_lane(z: &[f32; LANES], holds: impl Fn(f32) -> bool) -> bool {
    z.iter().fold(true, |all, &z| all & holds(z))
}

/// Whether the exponential's shortcut takes `x`: `x ≥ NEGATIVE_FLOOR` (false for NaN).
#[inline(always)]
fn in_shortcut(x: f32) -> bool {
    x >= NEGATIVE_FLOOR
}

/// `e^x` for `NEGATIVE_FLOOR ≤ x ≤ 0`, [`exp`]'s bits (the shortcut of
/// [`exp_and_exp_m1_of_negative`], unit-tested on every `f32` of the range; at ±0 both give 1).
#[inline(always)]
fn exp_of_negative(x: f32) -> f32 {
    exp_and_exp_m1_of_negative(x).0
}

/// `−|z|`, the exponent sigmoid takes.
#[inline(always)]
fn minus_abs(z: f32) -> f32 {
    -f32::from_bits(z.to_bits() & 0x7fff_ffff)
}

/// [`sigmoid`] given `e = e^(−|z|)`.
#[inline(always)]
fn sigmoid_from(z: f32, e: f32) -> f32 {
    let numerator = if z >= 0.0 { 1.0 } else { e };
    numerator / (1.0 + e)
}

/// ELU's value and slope for `z ≥ NEGATIVE_FLOOR`, `α ≥ SHORTCUT_ALPHA`, with
/// [`elu_with_slope`]'s bits: the lanes above 0 exponentiate 0 and keep `z`, the others need
/// no clamp and no floor on the slope (see [`SHORTCUT_ALPHA`]).
#[inline(always)]
fn elu_with_slope_above_floor(z: f32, alpha: f32) -> (f32, f32) {
    let (e, m1) = exp_and_exp_m1_of_negative(if z > 0.0 { 0.0 } else { z });
    (
        elu_value_above_floor(z, alpha * m1),
        if z >= 0.0 { 1.0 } else { alpha * e },
    )
}

/// ELU's value from `negative = α·(e^x − 1)` with `x = min(z, 0)` (so `negative` is +0 for
/// `z > 0`), as a sum rather than a choice: the exponential then feeds every lane, so LLVM
/// keeps the lanes in one vector instead of branching around the exponential of each. For
/// `z ≤ 0` adding −0 leaves `negative` as it is (−0 included); for `z > 0`, `+0 + z = z`.
#[inline(always)]
fn elu_value_above_floor(z: f32, negative: f32) -> f32 {
    negative + if z > 0.0 { z } else { -0.0 }
}

/// The smallest `α` for which ELU's shortcut (see [`Activation::apply_with_derivative_flat`])
/// may skip the floor of the slope: `α·e^z ≥ 2⁻²⁰·e⁻⁶⁴ ≈ 1.5·10⁻³⁴` is then a normal `f32`.
const SHORTCUT_ALPHA: f32 = 1.0 / 1_048_576.0;

/// The activation of one layer, chosen at run time.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Activation {
    /// `f(z) = z`, `f'(z) = 1`.
    Identity,
    /// See [`sigmoid`].
    Sigmoid,
    /// `tanh(z)`, derivative `1 − tanh²(z)`.
    Tanh,
    /// See [`relu`] and [`relu_derivative`].
    Relu,
    /// See [`elu`] and [`elu_derivative`]; `alpha` must be > 0.
    Elu {
        /// The negative saturation value is `−alpha`.
        alpha: f32,
    },
}

impl Activation {
    /// ELU with the usual `α = 1`.
    pub const ELU: Activation = Activation::Elu { alpha: 1.0 };

    /// `f(z)`.
    #[inline]
    pub fn apply(self, z: f32) -> f32 {
        match self {
            Activation::Identity => z,
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => libm::tanhf(z),
            Activation::Relu => relu(z),
            Activation::Elu { alpha } => elu(z, alpha),
        }
    }

    /// `f'(z)`, given both `z` and `a = f(z)` (sigmoid and tanh read `a`, the others `z`).
    #[inline]
    pub fn derivative(self, z: f32, a: f32) -> f32 {
        match self {
            Activation::Identity => 1.0,
            Activation::Sigmoid => sigmoid_derivative_from_output(a),
            Activation::Tanh => tanh_derivative_from_output(a),
            Activation::Relu => relu_derivative(z),
            Activation::Elu { alpha } => elu_derivative(z, alpha),
        }
    }

    /// Applies `f` to every element of `z`: [`Activation::apply_flat`] of one array.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn apply_all<const N: usize>(self, z: &[f32; N]) -> [f32; N] {
        let mut a = [0.0; N];
        self.apply_flat(z, &mut a);
        a
    }

    /// Writes `f(z)` into `a` and `f'(z)` into `d`, sharing the one exponential ELU needs for
    /// both; the values are bit for bit those of [`Activation::apply_all`] and
    /// [`Activation::derivative`]. The forward pass keeps `f'(z)` so the backward pass needs no
    /// transcendental at all.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn apply_with_derivative<const N: usize>(
        self,
        z: &[f32; N],
        a: &mut [f32; N],
        d: &mut [f32; N],
    ) {
        self.apply_with_derivative_flat(z, a, d);
    }

    /// [`Activation::apply_with_derivative`] of any number of elements, such as a chunk of
    /// examples' layers laid end to end: `a` and `d` receive `f(z)` and `f'(z)` for each
    /// element of `z`. It runs in whole 8-wide blocks, then one by one over the last
    /// `len % 8`; a chunk of 8 or 16 examples is always whole blocks, whatever the width. (`z` is
    /// not overwritten in place: LLVM turned "keep `z` where `z > 0`" into a masked store,
    /// which is slow on AMD cores.)
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn apply_with_derivative_flat(self, z: &[f32], a: &mut [f32], d: &mut [f32]) {
        match self {
            Activation::Identity => {
                a[..z.len()].copy_from_slice(z);
                for d in &mut d[..z.len()] {
                    *d = 1.0;
                }
            }
            Activation::Sigmoid => map_with_slope_split(
                z,
                a,
                d,
                #[inline(always)]
                |z| every_lane(z, |z| in_shortcut(minus_abs(z))),
                #[inline(always)]
                |z| {
                    let s = sigmoid_from(z, exp_of_negative(minus_abs(z)));
                    (s, sigmoid_derivative_from_output(s))
                },
                #[inline(always)]
                |z| {
                    let s = sigmoid(z);
                    (s, sigmoid_derivative_from_output(s))
                },
            ),
            Activation::Tanh => map_with_slope(
                z,
                a,
                d,
                #[inline(always)]
                |z| {
                    let t = libm::tanhf(z);
                    (t, tanh_derivative_from_output(t))
                },
            ),
            Activation::Relu => map_with_slope(
                z,
                a,
                d,
                #[inline(always)]
                |z| (relu(z), relu_derivative(z)),
            ),
            // α = 1 (the usual ELU) in its own loop, whose multiplications by α vanish.
            Activation::Elu { alpha } if !BLOCKED && alpha == 1.0 => {
                elu_with_slope_shortcut(z, a, d, 1.0)
            }
            Activation::Elu { alpha } if !BLOCKED && alpha >= SHORTCUT_ALPHA => {
                elu_with_slope_shortcut(z, a, d, alpha)
            }
            Activation::Elu { alpha } if BLOCKED && alpha == 1.0 => {
                elu_blocks_with_slope(z, a, d, 1.0)
            }
            Activation::Elu { alpha } if BLOCKED && alpha >= SHORTCUT_ALPHA => {
                elu_blocks_with_slope(z, a, d, alpha)
            }
            Activation::Elu { alpha } => map_with_slope(
                z,
                a,
                d,
                #[inline(always)]
                |z| elu_with_slope(z, alpha),
            ),
        }
    }

    /// `a[i] = f(z[i])` for any number of elements (see
    /// [`Activation::apply_with_derivative_flat`]), for a forward pass whose derivatives
    /// nobody needs. The `match` sits outside the loop and each loop body is branch-free (both
    /// sides of a kink are computed, then one is selected), so the loops vectorise; the values
    /// are the same as [`Activation::apply`]'s.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    // The closures around plain functions are on purpose (see `map_flat`).
    #[allow(clippy::redundant_closure)]
    pub fn apply_flat(self, z: &[f32], a: &mut [f32]) {
        match self {
            Activation::Identity => a[..z.len()].copy_from_slice(z),
            Activation::Sigmoid => map_flat_split(
                z,
                a,
                #[inline(always)]
                |z| every_lane(z, |z| in_shortcut(minus_abs(z))),
                #[inline(always)]
                |z| sigmoid_from(z, exp_of_negative(minus_abs(z))),
                #[inline(always)]
                |z| sigmoid(z),
            ),
            Activation::Tanh => map_flat(
                z,
                a,
                #[inline(always)]
                |z| libm::tanhf(z),
            ),
            Activation::Relu => map_flat(
                z,
                a,
                #[inline(always)]
                |z| relu(z),
            ),
            Activation::Elu { alpha } => map_flat(
                z,
                a,
                #[inline(always)]
                |z| {
                    // Without vector units a branch is cheaper than an exponential that is
                    // then thrown away; with them, branch-free lanes vectorise. Same values.
                    // (The exponential's shortcut, as in `elu_blocks_with_slope`, measured no
                    // faster here: the value alone needs none of the slope's floors.)
                    if !BLOCKED && z > 0.0 {
                        return z;
                    }
                    let negative = elu_negative(z, alpha);
                    if z > 0.0 {
                        z
                    } else {
                        negative
                    }
                },
            ),
        }
    }

    /// `δ = upstream ⊙ f'(z)`: the gradient with respect to the pre-activation, with the
    /// same values as [`Activation::derivative`] and loops shaped like [`Activation::apply_all`]'s.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn backward<const N: usize>(
        self,
        z: &[f32; N],
        a: &[f32; N],
        upstream: &[f32; N],
    ) -> [f32; N] {
        let mut delta = [0.0; N];
        match self {
            Activation::Identity => delta = *upstream,
            Activation::Sigmoid | Activation::Tanh => {
                for i in 0..N {
                    delta[i] = upstream[i] * self.derivative(z[i], a[i]);
                }
            }
            Activation::Relu => {
                for i in 0..N {
                    delta[i] = upstream[i] * relu_derivative(z[i]);
                }
            }
            Activation::Elu { alpha } => {
                for i in 0..N {
                    let d = alpha * exp(z[i]);
                    let d = if d > TINIEST_POSITIVE {
                        d
                    } else {
                        TINIEST_POSITIVE
                    };
                    let d = if z[i] >= 0.0 { 1.0 } else { d };
                    delta[i] = upstream[i] * d;
                }
            }
        }
        delta
    }
}

/// `a[i] = f(z[i])` for `i < z.len()`, in whole 8-wide blocks, then one by one. Callers pass
/// `#[inline(always)]` closures, even around a plain function: a function item reaches `f`
/// through a call shim that LLVM may leave out of line (and scalar) in a big caller.
///
/// `f` is `Copy` (every activation's closure is) so that it can be handed on by value: through
/// a reference it is called by a shim (`Fn for &F`), which LLVM left out of line.
#[inline(always)]
fn map_flat(z: &[f32], a: &mut [f32], f: impl Fn(f32) -> f32 + Copy) {
    map_flat_split(z, a, |_| false, f, f);
}

/// `(a[i], d[i]) = f(z[i])` for `i < z.len()`, in whole 8-wide blocks, then one by one.
#[inline(always)]
fn map_with_slope(z: &[f32], a: &mut [f32], d: &mut [f32], f: impl Fn(f32) -> (f32, f32) + Copy) {
    map_with_slope_split(z, a, d, |_| false, f, f);
}

/// [`map_flat`] with `fast` in place of `f` on the whole blocks `fits` accepts (an
/// exponential's shortcut, where it has the general form's bits); the others, and the last
/// `len % 8` elements, take `f`. Without vector units, `f` alone. With a `fits` that is
/// always false, the test and `fast` vanish from the machine code.
#[inline(always)]
fn map_flat_split(
    z: &[f32],
    a: &mut [f32],
    fits: impl Fn(&[f32; LANES]) -> bool,
    fast: impl Fn(f32) -> f32,
    f: impl Fn(f32) -> f32,
) {
    let a = &mut a[..z.len()];
    let (z_blocks, z_rest) = z.as_chunks::<LANES>();
    let (a_blocks, a_rest) = a.as_chunks_mut::<LANES>();
    for (z, a) in z_blocks.iter().zip(a_blocks) {
        if BLOCKED && fits(z) {
            for (&z, a) in z.iter().zip(a) {
                *a = fast(z);
            }
        } else {
            for (&z, a) in z.iter().zip(a) {
                *a = f(z);
            }
        }
    }
    for (&z, a) in z_rest.iter().zip(a_rest) {
        *a = f(z);
    }
}

/// [`map_with_slope`] with `fast` in place of `f` on the whole blocks `fits` accepts, as in
/// [`map_flat_split`].
#[inline(always)]
fn map_with_slope_split(
    z: &[f32],
    a: &mut [f32],
    d: &mut [f32],
    fits: impl Fn(&[f32; LANES]) -> bool,
    fast: impl Fn(f32) -> (f32, f32),
    f: impl Fn(f32) -> (f32, f32),
) {
    let (a, d) = (&mut a[..z.len()], &mut d[..z.len()]);
    let (z_blocks, z_rest) = z.as_chunks::<LANES>();
    let (a_blocks, a_rest) = a.as_chunks_mut::<LANES>();
    let (d_blocks, d_rest) = d.as_chunks_mut::<LANES>();
    for ((z, a), d) in z_blocks.iter().zip(a_blocks).zip(d_blocks) {
        if BLOCKED && fits(z) {
            for ((&z, a), d) in z.iter().zip(a).zip(d) {
                (*a, *d) = fast(z);
            }
        } else {
            for ((&z, a), d) in z.iter().zip(a).zip(d) {
                (*a, *d) = f(z);
            }
        }
    }
    for ((&z, a), d) in z_rest.iter().zip(a_rest).zip(d_rest) {
        (*a, *d) = f(z);
    }
}

/// ELU and its slope with vector units and `α ≥ SHORTCUT_ALPHA`: blocks whose lanes all lie at
/// or above `NEGATIVE_FLOOR` (nearly all: pre-activations below −64 come only from far noise
/// points) skip the general form's clamps and second power of two. The exponentials were a
/// quarter of a GAN run's time.
#[inline(always)]
fn elu_blocks_with_slope(z: &[f32], a: &mut [f32], d: &mut [f32], alpha: f32) {
    map_with_slope_split(
        z,
        a,
        d,
        #[inline(always)]
        |z| every_lane(z, in_shortcut),
        #[inline(always)]
        |z| elu_with_slope_above_floor(z, alpha),
        #[inline(always)]
        |z| elu_with_slope(z, alpha),
    )
}

#[cfg(test)]
mod tests;
