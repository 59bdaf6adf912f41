//! The core's rejection sampler, counted: a bound raised by proposals above it.

use tinygen::Rng;

/// The rejection sampler's counts over a stream of proposals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rejection {
    /// The bound before the first proposal.
    pub initial_bound: f64,
    /// The bound at the end.
    pub bound: f64,
    /// Proposals above the bound, which raised it.
    pub raises: u32,
    /// Proposals looked at.
    pub proposals: u64,
    /// Proposals accepted.
    pub accepted: u64,
}

impl Rejection {
    /// A sampler with bound `bound` (the largest ratio over a pool of proposals).
    pub fn new(bound: f64) -> Self {
        Rejection {
            initial_bound: bound,
            bound,
            raises: 0,
            proposals: 0,
            accepted: 0,
        }
    }

    /// Offers a proposal of ratio `r`, as the core's sampler does: the bound is raised to
    /// `r` if `r` exceeds it, and the proposal is accepted with probability `r / bound`.
    /// Returns whether it was accepted.
    pub fn offer(&mut self, r: f64, rng: &mut Rng) -> bool {
        self.proposals += 1;
        if r > self.bound {
            self.bound = r;
            self.raises += 1;
        }
        let accept = f64::from(rng.uniform()) * self.bound < r;
        self.accepted += u64::from(accept);
        accept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sampler_accepts_in_proportion_to_the_ratio() {
        let mut rng = Rng::seed_from(3);
        let mut s = Rejection::new(4.0);
        for _ in 0..100_000 {
            s.offer(1.0, &mut rng);
        }
        assert!((s.accepted as f64 / s.proposals as f64 - 0.25).abs() < 0.01);
        assert_eq!(s.raises, 0);
        assert!(
            s.offer(8.0, &mut rng),
            "a proposal that raises M is accepted"
        );
        assert_eq!((s.raises, s.bound, s.initial_bound), (1, 8.0, 4.0));
    }
}
