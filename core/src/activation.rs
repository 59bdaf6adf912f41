//! Activation functions, each with its exact derivative beside it.
//!
//! Conventions at the kinks, used everywhere in the crate: `ReLU'(0) = 0` and `ELU'(0) = 1`.
//! Every transcendental goes through `libm`, on the host too, so that the host and a
//! Cortex-M4F compute the same bits.

/// Logistic sigmoid `σ(z) = 1 / (1 + e^(−z))`.
///
/// Evaluated as `e^z / (1 + e^z)` for `z < 0`, so `e^(−z)` never overflows: the result is
/// finite for every finite `z` and exactly 0 or 1 far out in the tails.
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::expf(-z))
    } else {
        let e = libm::expf(z);
        e / (1.0 + e)
    }
}

/// `σ'(z) = σ(z)(1 − σ(z))`, read from the output `s = σ(z)`.
#[inline]
pub fn sigmoid_derivative_from_output(s: f32) -> f32 {
    s * (1.0 - s)
}

/// `tanh'(z) = 1 − tanh²(z)`, read from the output `t = tanh(z)`.
#[inline]
pub fn tanh_derivative_from_output(t: f32) -> f32 {
    1.0 - t * t
}

/// `relu(z) = max(z, 0)`.
#[inline]
pub fn relu(z: f32) -> f32 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// `relu'(z) = 1` if `z > 0`, else 0 (so `relu'(0) = 0`).
#[inline]
pub fn relu_derivative(z: f32) -> f32 {
    if z > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// `elu(z) = z` for `z > 0`, `α(e^z − 1)` otherwise; it tends to `−α` as `z → −∞`.
#[inline]
pub fn elu(z: f32, alpha: f32) -> f32 {
    if z > 0.0 {
        z
    } else {
        alpha * libm::expm1f(z)
    }
}

/// The smallest positive `f32` (a subnormal): the floor of ELU's derivative.
const TINIEST_POSITIVE: f32 = f32::from_bits(1);

/// `elu'(z) = 1` for `z ≥ 0` (so `elu'(0) = 1`), `α·e^z` for `z < 0`.
///
/// `α·e^z` is positive for every finite `z`, which is why an ELU unit cannot die. In `f32` it
/// would round to 0 below `z ≈ −104`; there we return the smallest positive `f32` instead, so
/// the computed derivative keeps the sign of the true one.
#[inline]
pub fn elu_derivative(z: f32, alpha: f32) -> f32 {
    if z >= 0.0 {
        1.0
    } else {
        let d = alpha * libm::expf(z);
        if d > TINIEST_POSITIVE {
            d
        } else {
            TINIEST_POSITIVE
        }
    }
}

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

    /// Applies `f` to every element of `z`.
    #[inline]
    pub fn apply_all<const N: usize>(self, z: &[f32; N]) -> [f32; N] {
        let mut a = [0.0; N];
        for (a, &z) in a.iter_mut().zip(z) {
            *a = self.apply(z);
        }
        a
    }

    /// `δ = upstream ⊙ f'(z)`: the gradient with respect to the pre-activation.
    #[inline]
    pub fn backward<const N: usize>(
        self,
        z: &[f32; N],
        a: &[f32; N],
        upstream: &[f32; N],
    ) -> [f32; N] {
        let mut delta = [0.0; N];
        for i in 0..N {
            delta[i] = upstream[i] * self.derivative(z[i], a[i]);
        }
        delta
    }
}
