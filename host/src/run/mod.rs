//! Training one model on the host, used by the commands and the studies alike: the dispatch
//! to the AVX2 or baseline copy of the core's training jobs ([`dispatch`]), a GAN run
//! ([`gan`]), an NCE run ([`nce`]), drawing from a saved model ([`sample`]) and the metrics'
//! reference for evaluating a run ([`reference`](mod@reference)).

pub mod dispatch;
pub mod gan;
pub mod nce;
pub mod reference;
pub mod sample;
