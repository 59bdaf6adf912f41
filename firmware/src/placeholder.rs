//! PLACEHOLDER workload, used until `tinygen::nce` / `tinygen::gan` exist.
//! TODO(lead): delete this module once both programs call the real code.
//!
//! A tiny 2-H-2 tanh MLP trained with plain SGD to map gaussian noise onto
//! the unit circle: f32 math through libm, roughly the shape of a real
//! training step. Its own xorshift RNG keeps it independent of tinygen.

/// Xorshift32, enough for a placeholder.
pub struct XorShift32(u32);

impl XorShift32 {
    pub fn new(seed: u32) -> Self {
        Self(seed | 1)
    }

    pub fn next_u32(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// Uniform in [0, 1) with 24 random bits.
    pub fn uniform(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }

    /// Standard normal (Box-Muller).
    pub fn gaussian(&mut self) -> f32 {
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        libm::sqrtf(-2.0 * libm::logf(u1)) * libm::cosf(core::f32::consts::TAU * u2)
    }
}

/// A 2-H-2 tanh MLP "generator" with its training state.
pub struct Toy<const H: usize> {
    w1: [[f32; 2]; H],
    b1: [f32; H],
    w2: [[f32; H]; 2],
    b2: [f32; 2],
    lr: f32,
    rng: XorShift32,
}

impl<const H: usize> Toy<H> {
    pub fn new(seed: u32) -> Self {
        let mut rng = XorShift32::new(seed);
        let mut w1 = [[0.0; 2]; H];
        let mut w2 = [[0.0; H]; 2];
        for row in w1.iter_mut() {
            for w in row.iter_mut() {
                *w = 0.5 * rng.gaussian();
            }
        }
        for row in w2.iter_mut() {
            for w in row.iter_mut() {
                *w = 0.5 * rng.gaussian() / H as f32;
            }
        }
        Self {
            w1,
            b1: [0.0; H],
            w2,
            b2: [0.0; 2],
            lr: 0.01,
            rng,
        }
    }

    fn forward(&self, z: &[f32; 2], h: &mut [f32; H]) -> [f32; 2] {
        for (j, hj) in h.iter_mut().enumerate() {
            *hj = libm::tanhf(self.w1[j][0] * z[0] + self.w1[j][1] * z[1] + self.b1[j]);
        }
        let mut y = self.b2;
        for (yk, w2k) in y.iter_mut().zip(&self.w2) {
            for (w, hj) in w2k.iter().zip(h.iter()) {
                *yk += w * hj;
            }
        }
        y
    }

    /// One SGD step on one sample; returns the squared error.
    pub fn step(&mut self) -> f32 {
        let z = [self.rng.gaussian(), self.rng.gaussian()];
        let a = core::f32::consts::TAU * self.rng.uniform();
        let target = [libm::cosf(a), libm::sinf(a)];
        let mut h = [0.0; H];
        let y = self.forward(&z, &mut h);
        let dy = [y[0] - target[0], y[1] - target[1]];
        for (j, hj) in h.iter().enumerate() {
            let dh = (dy[0] * self.w2[0][j] + dy[1] * self.w2[1][j]) * (1.0 - hj * hj);
            for (w2k, dyk) in self.w2.iter_mut().zip(dy) {
                w2k[j] -= self.lr * dyk * hj;
            }
            self.w1[j][0] -= self.lr * dh * z[0];
            self.w1[j][1] -= self.lr * dh * z[1];
            self.b1[j] -= self.lr * dh;
        }
        for (b, dyk) in self.b2.iter_mut().zip(dy) {
            *b -= self.lr * dyk;
        }
        dy[0] * dy[0] + dy[1] * dy[1]
    }

    /// Draws one generated point.
    pub fn sample(&mut self) -> [f32; 2] {
        let z = [self.rng.gaussian(), self.rng.gaussian()];
        let mut h = [0.0; H];
        self.forward(&z, &mut h)
    }
}
