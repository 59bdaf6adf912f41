//! Training one model on the host: the dispatch to the AVX2 or baseline copy of the core's
//! training jobs, used by the commands and the studies alike.

pub mod dispatch;
