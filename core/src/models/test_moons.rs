//! The set-up the training jobs' tests share: a seeded job's streams, with `N` two-moons
//! points already drawn from its data stream, as a job would draw them.

use crate::data::data_set::DataSet;
use crate::models::jobs::Streams;

/// `N` two-moons points and the streams of seed `seed` after drawing them.
pub(crate) fn moons_on_streams<const N: usize>(seed: u64) -> ([[f32; 2]; N], Streams) {
    let mut streams = Streams::new(seed);
    let mut data = [[0.0f32; 2]; N];
    DataSet::Moons
        .sample_into(&mut data, &mut streams.data)
        .unwrap();
    (data, streams)
}
