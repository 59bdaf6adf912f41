//! A model seen as a fixed list of `f32` tensors, which is all an optimizer needs.

use crate::kernels::finite::all_finite;

/// A value made of a fixed number of `f32` tensors: a layer, a network, its gradients or an
/// optimizer's moments (all of one shape).
///
/// Tensors are visited by index, so an optimizer can walk the parameters, the gradients and
/// its own state side by side without allocation or `unsafe`.
pub trait Params: Clone {
    /// How many tensors the value has.
    const TENSORS: usize;

    /// The value with every element 0, as a constant: a `static` holding it sits in `.bss`
    /// and costs no flash, and building it needs no stack.
    const ZERO: Self;

    /// Tensor `k` as a flat slice, for `k < TENSORS`.
    fn tensor(&self, k: usize) -> &[f32];

    /// Tensor `k` as a flat mutable slice, for `k < TENSORS`.
    fn tensor_mut(&mut self, k: usize) -> &mut [f32];

    /// Sets every element to 0 (done between optimizer steps).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn zero(&mut self) {
        for k in 0..Self::TENSORS {
            self.tensor_mut(k).fill(0.0);
        }
    }

    /// A value of the same shape with every element 0.
    fn zeros_like(&self) -> Self {
        Self::ZERO
    }

    /// Divides every element by `n`: turns a sum of per-example gradients into their mean.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn divide_by(&mut self, n: f32) {
        for k in 0..Self::TENSORS {
            for x in self.tensor_mut(k) {
                *x /= n;
            }
        }
    }

    /// True when no element is NaN or infinite.
    ///
    /// It runs twice per optimizer step and almost always finds nothing, so every element is
    /// looked at (no early exit), in the loop shape cheapest on the target (`kernels::finite`).
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn is_finite(&self) -> bool {
        (0..Self::TENSORS).all(|k| all_finite(self.tensor(k)))
    }

    /// The number of scalar parameters.
    fn len(&self) -> usize {
        (0..Self::TENSORS).map(|k| self.tensor(k).len()).sum()
    }

    /// True when there are no scalars at all.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
