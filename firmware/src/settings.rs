//! Run settings fixed at build time, so CI can build a short run and compare it with the host.
//!
//! `TINYGEN_SEED`, `TINYGEN_SAMPLES`, `TINYGEN_DATA`, `TINYGEN_NCE_EPOCHS`,
//! `TINYGEN_REFIT_NOISE`, `TINYGEN_GAN_EPOCHS`, `TINYGEN_D_STEPS`, `TINYGEN_G_STEPS`
//! (environment variables read by the compiler) override the defaults; the host CLI takes the
//! same values as `--seed`, `-n`, `--data`, `--epochs`, `--refit-noise`, `--d-steps`,
//! `--g-steps`. Every other default is the core's.

use tinygen::DataSet;

/// The built-in data set to train on (`TINYGEN_DATA`: `moons`, the default, `ring` or
/// `grid`). Any other name stops the build.
pub const DATA_SET: DataSet = data_set_named(option_env!("TINYGEN_DATA"));

/// The data set called `name` (`None`: moons), evaluated by the compiler.
const fn data_set_named(name: Option<&str>) -> DataSet {
    let Some(name) = name else {
        return DataSet::Moons;
    };
    let mut i = 0;
    while i < DataSet::ALL.len() {
        if same(name.as_bytes(), DataSet::ALL[i].name().as_bytes()) {
            return DataSet::ALL[i];
        }
        i += 1;
    }
    panic!("TINYGEN_DATA must be moons, ring or grid")
}

/// `a == b`, usable by the compiler.
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Reads a build-time setting, or `default` when it is unset.
///
/// A value that is not a number is a build configuration error: the program reports it and
/// stops with a panic (exit status 1) rather than run with a silently different setting.
pub fn setting(value: Option<&'static str>, default: u64) -> u64 {
    match value {
        None => default,
        Some(text) => match text.parse() {
            Ok(v) => v,
            Err(_) => panic!("build-time setting is not a number: {}", text),
        },
    }
}

/// The seed (host default 42).
pub fn seed() -> u64 {
    setting(option_env!("TINYGEN_SEED"), 42)
}

/// How many points to print (host default 100).
pub fn samples() -> usize {
    setting(option_env!("TINYGEN_SAMPLES"), 100) as usize
}

/// NCE training epochs, or `default` (the core's).
pub fn nce_epochs(default: usize) -> usize {
    setting(option_env!("TINYGEN_NCE_EPOCHS"), default as u64) as usize
}

/// Noise draws of the NCE output-layer refit, or `default` (the core's).
pub fn refit_noise(default: usize) -> usize {
    setting(option_env!("TINYGEN_REFIT_NOISE"), default as u64) as usize
}

/// GAN training epochs, or `default` (the program's own).
pub fn gan_epochs(default: usize) -> usize {
    setting(option_env!("TINYGEN_GAN_EPOCHS"), default as u64) as usize
}

/// GAN discriminator steps per minibatch, or `default` (the core's).
pub fn d_steps(default: usize) -> usize {
    setting(option_env!("TINYGEN_D_STEPS"), default as u64) as usize
}

/// GAN generator steps per minibatch, or `default` (the core's).
pub fn g_steps(default: usize) -> usize {
    setting(option_env!("TINYGEN_G_STEPS"), default as u64) as usize
}
