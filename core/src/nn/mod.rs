//! Networks and their training: activations, the dense layer, one- and two-hidden-layer MLPs,
//! losses, optimizers, the chunked backward pass (on one core, or split between two through a
//! [`fork::Fork`]) and the dead-unit analysis.

pub(crate) mod activation;
pub(crate) mod chunk_trace;
pub(crate) mod chunked;
pub mod dead;
pub(crate) mod dense;
pub mod fork;
pub mod loss;
pub(crate) mod mlp1;
pub(crate) mod mlp2;
pub mod optim;
pub(crate) mod params;
pub mod split_backward;

pub use activation::{
    elu, elu_derivative, relu, relu_derivative, sigmoid, sigmoid_derivative_from_output,
    tanh_derivative_from_output, Activation, ELU_EXP_FLOOR,
};
pub use chunk_trace::{ChunkLayers, ChunkTrace};
pub use chunked::{train_bce, BackwardWeights, ChunkedBackward};
pub use dense::Dense;
pub use mlp1::{Mlp1, Mlp1Trace};
pub use mlp2::{Mlp2, Mlp2Trace};
pub use optim::{Adam, AdamConfig, Learner, Optimizer, Sgd, SgdConfig};
pub use params::Params;
