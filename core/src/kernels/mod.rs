//! The speed kernels under the layers: 8-wide blocks, chunked matrix products and gradient
//! rows kept in registers. Every kernel gives the bits of the plain one-example-at-a-time
//! loops; only the memory traffic and the loop shapes change.

pub(crate) mod delta;
pub(crate) mod finite;
pub(crate) mod lanes;
pub(crate) mod matvec;
pub(crate) mod register_blocks;
pub(crate) mod row_sums;

/// How many examples go through a network at once in the chunked passes
/// ([`crate::nn::ChunkedBackward`]): 16 on targets with vector units, where each gradient row
/// then stays in registers for twice as many examples, and 12 on a microcontroller, whose
/// kernels take three examples at a time (`register_blocks`) and whose stack holds the chunk
/// (about 1.2 KB an example at width 32; 18 or 24 saved little more and crowded the stack).
pub const CHUNK: usize = if lanes::BLOCKED { 16 } else { 12 };
