//! Training one model on the host, used by the commands and the studies alike: the dispatch
//! to the AVX-512, AVX2 or baseline copy of the core's training jobs ([`dispatch`]), the
//! second core an NCE job's updates share ([`helper_thread`]), a GAN run ([`gan`]), an NCE run
//! ([`nce`]), drawing from a saved model ([`sample`]) and the metrics' reference for
//! evaluating a run ([`reference`](mod@reference)).

pub mod dispatch;
pub mod gan;
pub mod helper_thread;
pub mod nce;
pub mod reference;
pub mod sample;
