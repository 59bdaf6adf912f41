//! The uniform distribution on an axis-aligned box: a noise distribution for NCE whose density
//! is the same everywhere over the data.

use crate::error::Error;
use crate::math::rng::Rng;

/// `U([lo₀, hi₀] × … × [lo_{D−1}, hi_{D−1}])`.
///
/// # Generics
/// - `D`: the dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UniformBox<const D: usize> {
    /// The lower corner.
    pub lo: [f32; D],
    /// The upper corner.
    pub hi: [f32; D],
}

impl<const D: usize> UniformBox<D> {
    /// All zeros: a placeholder for a `static` (not a distribution).
    pub const ZERO: Self = UniformBox {
        lo: [0.0; D],
        hi: [0.0; D],
    };

    /// The bounding box of `points`, widened on every side by `margin` times its extent in
    /// that coordinate. Fails on no points or a flat box (all points share a coordinate).
    pub fn fit(points: &[[f32; D]], margin: f32) -> Result<Self, Error> {
        let Some(first) = points.first() else {
            return Err(Error::invalid("data", "needs points to fit the noise"));
        };
        let (mut lo, mut hi) = (*first, *first);
        for p in points {
            for ((lo, hi), &x) in lo.iter_mut().zip(&mut hi).zip(p) {
                *lo = lo.min(x);
                *hi = hi.max(x);
            }
        }
        for (lo, hi) in lo.iter_mut().zip(&mut hi) {
            let pad = margin * (*hi - *lo);
            if !(pad > 0.0 && pad.is_finite()) {
                return Err(Error::invalid(
                    "data",
                    "all points share a coordinate: the box around them is flat",
                ));
            }
            *lo -= pad;
            *hi += pad;
        }
        Ok(UniformBox { lo, hi })
    }

    /// One draw, its coordinates drawn in order.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn sample(&self, rng: &mut Rng) -> [f32; D] {
        let mut x = [0.0f32; D];
        for ((x, &lo), &hi) in x.iter_mut().zip(&self.lo).zip(&self.hi) {
            *x = rng.uniform_in(lo, hi);
        }
        x
    }

    /// `ln q(x)`: `−ln volume` inside the box, `−∞` outside.
    pub fn log_density(&self, x: &[f32; D]) -> f32 {
        let mut log_volume = 0.0f32;
        for ((&x, &lo), &hi) in x.iter().zip(&self.lo).zip(&self.hi) {
            if !(lo <= x && x <= hi) {
                return f32::NEG_INFINITY;
            }
            log_volume += libm::logf(hi - lo);
        }
        -log_volume
    }

    /// True when every corner is finite and the box has volume.
    pub fn is_valid(&self) -> bool {
        self.lo
            .iter()
            .zip(&self.hi)
            .all(|(lo, hi)| lo.is_finite() && hi.is_finite() && lo < hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_the_data_with_its_margin() {
        let points = [[0.0f32, 1.0], [2.0, -1.0], [1.0, 0.0]];
        let b = UniformBox::fit(&points, 0.1).unwrap();
        assert_eq!((b.lo, b.hi), ([-0.2, -1.2], [2.2, 1.2]));
        let mut rng = Rng::seed_from(2);
        for _ in 0..1000 {
            let x = b.sample(&mut rng);
            assert!(b.log_density(&x).is_finite());
        }
        assert_eq!(b.log_density(&[3.0, 0.0]), f32::NEG_INFINITY);
        let expected = -libm::logf(2.4 * 2.4);
        assert!(libm::fabsf(b.log_density(&[1.0, 0.0]) - expected) < 1e-6);
    }

    #[test]
    fn flat_or_empty_data_is_refused() {
        assert!(UniformBox::<2>::fit(&[], 0.1).is_err());
        assert!(UniformBox::fit(&[[1.0f32, 0.0], [2.0, 0.0]], 0.1).is_err());
    }
}
