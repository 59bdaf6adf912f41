//! Turning a trained classifier into a sampler of the data.

use crate::error::Error;
use crate::math::rng::Rng;
use crate::models::nce::config::SamplerKind;
use crate::models::nce::Nce;

/// Counts kept by a [`Sampler`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SamplerStats {
    /// Noise draws proposed.
    pub proposals: u64,
    /// Proposals accepted.
    pub accepted: u64,
    /// How often a proposal's `r(x)` exceeded the bound `M`, which was then raised to it.
    pub bound_raises: u32,
}

impl SamplerStats {
    /// `accepted / proposals`.
    pub fn acceptance_rate(&self) -> f32 {
        self.accepted as f32 / self.proposals.max(1) as f32
    }
}

/// Draws samples of the data distribution through a trained [`Nce`].
#[derive(Clone, Debug)]
pub struct Sampler<'a, const D: usize, const H: usize> {
    nce: &'a Nce<D, H>,
    bound: f32,
    stats: SamplerStats,
}

impl<'a, const D: usize, const H: usize> Sampler<'a, D, H> {
    /// A sampler through `nce` with the rejection bound `bound`.
    pub(crate) fn new(nce: &'a Nce<D, H>, bound: f32) -> Self {
        Sampler {
            nce,
            bound,
            stats: SamplerStats::default(),
        }
    }

    /// The current rejection bound `M` (0 for the threshold sampler).
    pub fn bound(&self) -> f32 {
        self.bound
    }

    /// The counts so far.
    pub fn stats(&self) -> SamplerStats {
        self.stats
    }

    /// One proposal `x ~ q`, accepted or not: the rejection sampler raises its bound to
    /// `r(x)` if `r(x)` exceeds it, then accepts with probability `r(x)/M`; the threshold
    /// sampler accepts when the logit is positive. Neither accepts a point the classifier
    /// is not trusted at ([`Nce::trusts`]; its `r` is 0). Fails if the classifier's output is not
    /// finite.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn propose(&mut self, rng: &mut Rng) -> Result<Proposal<D>, Error> {
        let nce = self.nce;
        let x = nce.noise.sample(rng);
        self.stats.proposals += 1;
        let (ratio, accepted) = match nce.config.sampler {
            SamplerKind::Threshold => match nce.trusted_logit(&x) {
                None => (0.0, false),
                Some(logit) if !logit.is_finite() => {
                    return Err(Error::Diverged { stage: "sampler" })
                }
                Some(logit) => (nce.ratio_of_logit(logit), logit > 0.0),
            },
            SamplerKind::Rejection => {
                let r = nce.ratio(&x);
                if r.is_nan() || r == f32::INFINITY {
                    return Err(Error::Diverged { stage: "sampler" });
                }
                if r > self.bound {
                    self.bound = r;
                    self.stats.bound_raises += 1;
                }
                (r, rng.uniform() * self.bound < r)
            }
        };
        self.stats.accepted += u64::from(accepted);
        Ok(Proposal { x, ratio, accepted })
    }

    /// The next accepted sample. Fails only if `max_proposals_per_sample` proposals in a row
    /// are all rejected ([`Error::SamplerStalled`]) or the classifier has diverged.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn next_sample(&mut self, rng: &mut Rng) -> Result<[f32; D], Error> {
        for _ in 0..self.nce.config.max_proposals_per_sample {
            let p = self.propose(rng)?;
            if p.accepted {
                return Ok(p.x);
            }
        }
        Err(Error::SamplerStalled)
    }
}

/// One proposal of a [`Sampler`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Proposal<const D: usize> {
    /// The draw of `q`.
    pub x: [f32; D],
    /// Its estimated density ratio `r(x) = ν·e^logit`.
    pub ratio: f32,
    /// Whether the sampler kept it.
    pub accepted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DataSet, NceConfig};

    /// A bound no ratio comes near accepts nothing, and the sampler says it stalled (a failed
    /// run, exit 1 in the CLI) instead of calling the limit a bad setting.
    #[test]
    fn a_sampler_that_accepts_nothing_reports_a_stall() {
        let mut rng = Rng::seed_from(3);
        let mut data = [[0.0f32; 2]; 200];
        DataSet::Moons.sample_into(&mut data, &mut rng).unwrap();
        let config = NceConfig {
            max_proposals_per_sample: 50,
            ..NceConfig::DEFAULT
        };
        let nce = Nce::<2, 4>::new(config, &data, &mut rng).unwrap();
        let mut stalled = Sampler::new(&nce, f32::MAX);
        assert_eq!(stalled.next_sample(&mut rng), Err(Error::SamplerStalled));
        assert_eq!(stalled.stats().proposals, 50);
        assert_eq!(stalled.stats().accepted, 0);
        let mut sampler = nce.sampler(&mut rng);
        assert!(sampler.next_sample(&mut rng).is_ok());
    }
}
