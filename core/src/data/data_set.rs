//! The built-in data sets, by name: what `--data` chooses on the host and `TINYGEN_DATA` at
//! build time on the firmware.

use crate::data::mixture::Mixture;
use crate::data::moons::sample_moons;
use crate::error::Error;
use crate::math::rng::Rng;

/// The noise of the two-moons training data (scikit-learn's `noise` argument).
pub const MOONS_NOISE: f32 = 0.05;

/// A built-in 2-D data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum DataSet {
    /// Two moons, noise [`MOONS_NOISE`] (the default).
    Moons,
    /// 8 Gaussians on a ring ([`Mixture::Ring`]).
    Ring,
    /// 25 Gaussians on a grid ([`Mixture::Grid`]).
    Grid,
}

impl DataSet {
    /// Every built-in data set.
    pub const ALL: [DataSet; 3] = [DataSet::Moons, DataSet::Ring, DataSet::Grid];

    /// Its name: `moons`, `ring` or `grid`.
    pub const fn name(self) -> &'static str {
        match self {
            DataSet::Moons => "moons",
            DataSet::Ring => "ring",
            DataSet::Grid => "grid",
        }
    }

    /// The data set called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The mixture behind a data set, if it is one.
    pub const fn mixture(self) -> Option<Mixture> {
        match self {
            DataSet::Moons => None,
            DataSet::Ring => Some(Mixture::Ring),
            DataSet::Grid => Some(Mixture::Grid),
        }
    }

    /// Fills `points` with a training set: for moons scikit-learn's stratified
    /// [`crate::data::make_moons`] (half the points on each moon), for a mixture i.i.d. draws.
    pub fn sample_into(self, points: &mut [[f32; 2]], rng: &mut Rng) -> Result<(), Error> {
        match self.mixture() {
            None => sample_moons(points, MOONS_NOISE, rng),
            Some(mixture) => {
                mixture.sample_into(points, rng);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in DataSet::ALL {
            assert_eq!(DataSet::from_name(d.name()), Some(d));
        }
        assert_eq!(DataSet::from_name("spiral"), None);
    }

    #[test]
    fn moons_are_make_moons() {
        let mut points = [[0.0f32; 2]; 50];
        DataSet::Moons
            .sample_into(&mut points, &mut Rng::seed_from(4))
            .unwrap();
        let expected = crate::data::make_moons::<50>(MOONS_NOISE, &mut Rng::seed_from(4)).unwrap();
        assert_eq!(points, expected.points);
    }
}
