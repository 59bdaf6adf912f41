//! What a model trains on: a built-in data set (`moons`, `ring`, `grid`) or a user's own
//! file of `x1,x2` lines (`--data FILE`).

use crate::failure::{Failure, Outcome};
use crate::points_file::{invalid_report, parse_points, read_source};
use std::fmt;
use std::path::PathBuf;
use tinygen::models::jobs::{Streams, TRAINING_POINTS};
use tinygen::{DataSet, Gaussian, Rng};

/// The most points a `--data` file may hold: training is linear in the points, and at this
/// size one epoch already takes the time of 100 default epochs.
pub const MAX_FILE_POINTS: usize = 100_000;

/// Where the training points come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSource {
    /// [`TRAINING_POINTS`] seeded draws from a built-in data set.
    BuiltIn(DataSet),
    /// Every point of a file of `x1,x2` lines.
    File(PathBuf),
}

impl Default for DataSource {
    fn default() -> Self {
        DataSource::BuiltIn(DataSet::Moons)
    }
}

impl fmt::Display for DataSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataSource::BuiltIn(d) => f.write_str(d.name()),
            DataSource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// The `--data` value parser: a data set's name, else a file's path.
pub fn parse_data_source(text: &str) -> Result<DataSource, String> {
    if text.is_empty() {
        return Err("expected moons, ring, grid or a file of `x1,x2` lines".into());
    }
    Ok(match DataSet::from_name(text) {
        Some(d) => DataSource::BuiltIn(d),
        None => DataSource::File(PathBuf::from(text)),
    })
}

impl DataSource {
    /// The built-in data set, if it is one.
    pub fn data_set(&self) -> Option<DataSet> {
        match self {
            DataSource::BuiltIn(d) => Some(*d),
            DataSource::File(_) => None,
        }
    }

    /// The training points: a built-in set drawn from `rng` (the job's data stream), or the
    /// file's points, checked before any training. A bad file is the user's input (exit 2).
    pub fn load(&self, rng: &mut Rng) -> Outcome<Vec<[f32; 2]>> {
        match self {
            DataSource::BuiltIn(d) => {
                let mut points = vec![[0.0f32; 2]; TRAINING_POINTS];
                d.sample_into(&mut points, rng)?;
                Ok(points)
            }
            DataSource::File(path) => {
                let (bytes, source) = read_source(Some(path))?;
                points_of(&bytes, &source)
            }
        }
    }
}

/// The points a run of `seed` trains on, and the built-in set they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingSet {
    /// The points.
    pub points: Vec<[f32; 2]>,
    /// The built-in data set drawn, or `None` for a file.
    pub data_set: Option<DataSet>,
}

impl TrainingSet {
    /// The training set of the run of `seed` on `source`: a built-in set is drawn from that
    /// run's data stream ([`Streams::data`]), as the core's jobs and the firmware do.
    pub fn of(source: &DataSource, seed: u64) -> Outcome<Self> {
        Ok(TrainingSet {
            points: source.load(&mut Streams::new(seed).data)?,
            data_set: source.data_set(),
        })
    }
}

/// The points of a `--data` file's bytes, or the one line that says what is wrong.
pub fn points_of(bytes: &[u8], source: &str) -> Outcome<Vec<[f32; 2]>> {
    let parsed = parse_points(bytes);
    if parsed.invalid > 0 {
        eprint!("{}", invalid_report(&parsed, source));
        return Err(Failure::Usage(format!(
            "{source}: {} invalid lines (listed above); nothing was trained",
            parsed.invalid
        )));
    }
    if parsed.points.is_empty() {
        return Err(Failure::Usage(format!(
            "{source} holds no points: expected `x1,x2` lines"
        )));
    }
    if parsed.points.len() > MAX_FILE_POINTS {
        return Err(Failure::Usage(format!(
            "{source} holds {} points; at most {MAX_FILE_POINTS} are supported",
            parsed.points.len()
        )));
    }
    if Gaussian::<2>::fit(&parsed.points).is_err() {
        return Err(Failure::Usage(format!(
            "{source}: its {} points lie on one line or are one point (singular covariance), \
             so no Gaussian noise can be fitted; at least 3 points not on a line are needed",
            parsed.points.len()
        )));
    }
    Ok(parsed.points)
}

/// A minibatch size that fits `points`: the requested one, else `default` capped at the
/// number of points (so a file of 12 points trains with batches of 12).
pub fn batch_size_for(requested: Option<usize>, default: usize, points: usize) -> Outcome<usize> {
    match requested {
        Some(b) if b > points => Err(Failure::Usage(format!(
            "invalid batch size: must be at most the {points} training points"
        ))),
        Some(b) => Ok(b),
        None => Ok(default.min(points)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_data_sets_and_anything_else_is_a_file() {
        assert_eq!(
            parse_data_source("ring"),
            Ok(DataSource::BuiltIn(DataSet::Ring))
        );
        assert_eq!(
            parse_data_source("points.csv"),
            Ok(DataSource::File("points.csv".into()))
        );
        assert!(parse_data_source("").is_err());
    }

    #[test]
    fn bad_files_are_refused_with_one_reason() {
        let refused = |bytes: &[u8]| match points_of(bytes, "f") {
            Err(Failure::Usage(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(refused(b"").contains("no points"));
        assert!(refused(b"x1,x2\n1,2\n").contains("1 invalid lines"));
        assert!(refused(b"1,2,3\n").contains("invalid"));
        assert!(refused(b"1,2\n1,2\n1,2\n").contains("singular"));
        assert!(refused(b"0,0\n1,1\n2,2\n").contains("singular"));
        let big = "1,2\n3,5\n".repeat(MAX_FILE_POINTS / 2 + 1);
        assert!(refused(big.as_bytes()).contains("at most"));
        assert_eq!(
            points_of(b"0,0\n1,0\n0,1\n", "f").unwrap(),
            vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
        );
    }

    #[test]
    fn batches_fit_the_points() {
        assert_eq!(batch_size_for(None, 20, 12).unwrap(), 12);
        assert_eq!(batch_size_for(Some(5), 20, 12).unwrap(), 5);
        assert!(batch_size_for(Some(13), 20, 12).is_err());
    }
}
