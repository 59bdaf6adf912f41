//! A chunk of examples' pass through an [`crate::nn::Mlp2`], stored layer by layer.

use crate::kernels::CHUNK;

/// One array per layer of an `Mlp2<_, H1, H2, O>` for a chunk of examples, row `k` for
/// example `k`.
pub type ChunkLayers<const H1: usize, const H2: usize, const O: usize> =
    ([[f32; H1]; CHUNK], [[f32; H2]; CHUNK], [[f32; O]; CHUNK]);

/// [`CHUNK`] examples' forward pass through an `Mlp2<I, H1, H2, O>` — what
/// [`crate::nn::Mlp2Trace`] holds for one example — and room for their backward pass.
///
/// Each field holds one layer of all the examples, row `k` for example `k`. So a layer of the
/// chunk is one contiguous array: the matrix products read their inputs from one place, and an
/// activation runs over `CHUNK · width` elements end to end, a multiple of the 8-wide vector
/// blocks whatever the width. A chunk with fewer examples uses the first rows; the others
/// keep whatever they held, and a few may be computed on, but none is read.
#[derive(Clone, Debug)]
pub struct ChunkTrace<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// The inputs.
    pub x: [[f32; I]; CHUNK],
    /// First hidden activations.
    pub a1: [[f32; H1]; CHUNK],
    /// Second hidden activations.
    pub a2: [[f32; H2]; CHUNK],
    /// The outputs.
    pub y: [[f32; O]; CHUNK],
    /// `f₁'(z₁)`, `f₂'(z₂)` and `f₃'(z₃)`, as in [`crate::nn::Mlp2Trace::slopes`].
    pub slopes: ChunkLayers<H1, H2, O>,
    /// Working space for each layer: its pre-activations `z` during the forward pass, then
    /// the backward pass's pre-activation gradients `δ`. Kept here so that no array is cleared
    /// or copied per chunk.
    pub(crate) work: ChunkLayers<H1, H2, O>,
}

impl<const I: usize, const H1: usize, const H2: usize, const O: usize> ChunkTrace<I, H1, H2, O> {
    /// Every layer all zeros.
    const ZERO_LAYERS: ChunkLayers<H1, H2, O> =
        ([[0.0; H1]; CHUNK], [[0.0; H2]; CHUNK], [[0.0; O]; CHUNK]);

    /// All zeros.
    pub const ZERO: Self = ChunkTrace {
        x: [[0.0; I]; CHUNK],
        a1: [[0.0; H1]; CHUNK],
        a2: [[0.0; H2]; CHUNK],
        y: [[0.0; O]; CHUNK],
        slopes: Self::ZERO_LAYERS,
        work: Self::ZERO_LAYERS,
    };
}
