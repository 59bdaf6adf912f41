//! The model-file reader against hostile input: random bytes, and valid files damaged by bit
//! flips, truncation and appended bytes. It must return an error or the original model, never
//! panic (and, being safe Rust indexing through checked slices, never read out of bounds).

mod common;

use common::config;
use proptest::prelude::*;
use tinygen::model_file::{
    crc32, generator_file_size, load_generator, load_mlp, load_nce, nce_file_size, save_generator,
    save_nce, ModelFile, TrainingInfo, CRC_LEN, HEADER_LEN, MAGIC, VERSION,
};
use tinygen::{DataSet, Gan, GanConfig, Mlp2, Nce, NceConfig, Params, Rng};

const H: usize = 8;

/// A small trained-from-init NCE sampler file and its model.
fn nce_file() -> (Vec<u8>, Nce<2, H>) {
    let mut points = vec![[0.0f32; 2]; 50];
    let mut rng = Rng::seed_from(1);
    DataSet::Moons.sample_into(&mut points, &mut rng).unwrap();
    let nce = Nce::new(NceConfig::DEFAULT, &points, &mut rng).unwrap();
    let mut buf = vec![0u8; nce_file_size::<2, H>()];
    let len = save_nce(&nce, &TrainingInfo::default(), &mut buf).unwrap();
    buf.truncate(len);
    (buf, nce)
}

fn generator_file() -> (Vec<u8>, Gan<2, H>) {
    let gan = Gan::new(GanConfig::DEFAULT, &mut Rng::seed_from(2)).unwrap();
    let mut buf = vec![0u8; generator_file_size::<2, H>()];
    let len = save_generator(&gan, &TrainingInfo::default(), &mut buf).unwrap();
    buf.truncate(len);
    (buf, gan)
}

fn bits<P: Params>(p: &P) -> Vec<u32> {
    (0..P::TENSORS)
        .flat_map(|k| p.tensor(k).iter().map(|x| x.to_bits()).collect::<Vec<_>>())
        .collect()
}

/// Every reader on `bytes`; returns whether any of them accepted the bytes, and checks that
/// what was accepted is exactly the original model.
fn read_all(bytes: &[u8], nce: &Nce<2, H>, gan: &Gan<2, H>) -> bool {
    let Ok(file) = ModelFile::parse(bytes) else {
        return false;
    };
    let _ = (file.shape(), file.info(), file.nce_section());
    let mut accepted = false;
    let mut loaded = Nce::<2, H>::ZERO;
    if load_nce(&file, &mut loaded).is_ok() {
        assert_eq!(bits(&loaded.classifier.model), bits(&nce.classifier.model));
        assert_eq!(loaded.noise, nce.noise);
        accepted = true;
    }
    let mut g = Gan::<2, H>::ZERO;
    if load_generator(&file, &mut g.generator.model).is_ok() {
        assert_eq!(bits(&g.generator.model), bits(&gan.generator.model));
        accepted = true;
    }
    let mut mlp = <Mlp2<2, 4, 4, 1> as Params>::ZERO;
    accepted |= load_mlp(&file, &mut mlp).is_ok();
    accepted
}

/// A file with a valid header and CRC around `body`, so that the body readers see the bytes.
fn wrapped(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(kind);
    out.push(0);
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(body);
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    assert_eq!(out.len(), HEADER_LEN + body.len() + CRC_LEN);
    out
}

proptest! {
    #![proptest_config(config(2000, "proptest-regressions/model_file.txt"))]

    #[test]
    fn random_bytes_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let (_, nce) = nce_file();
        let (_, gan) = generator_file();
        // Random bytes essentially never carry the magic, the version and a matching CRC.
        prop_assert!(!read_all(&bytes, &nce, &gan));
    }

    #[test]
    fn random_bodies_behind_a_valid_header_never_panic(
        kind in 0u8..6,
        body in prop::collection::vec(any::<u8>(), 0..1200),
    ) {
        let (_, nce) = nce_file();
        let (_, gan) = generator_file();
        let _ = read_all(&wrapped(kind, &body), &nce, &gan);
    }

    #[test]
    fn damaged_bodies_with_a_fresh_crc_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        generator in any::<bool>(),
    ) {
        // A damage the CRC cannot see (the file rewritten with a CRC of its new contents):
        // every reader must still return a result, whatever the sizes and codes now say.
        let ((file, _), (gfile, _)) = (nce_file(), generator_file());
        let bytes = if generator { gfile } else { file };
        let mut body = bytes[HEADER_LEN..bytes.len() - CRC_LEN].to_vec();
        for (at, value) in &edits {
            let i = at.index(body.len());
            body[i] = *value;
        }
        let keep = cut.index(body.len() + 1);
        body.truncate(keep.max(body.len() / 2));
        let kind = bytes[6];
        let damaged = wrapped(kind, &body);
        if let Ok(file) = ModelFile::parse(&damaged) {
            let _ = (file.shape(), file.info(), file.nce_section());
            let (mut nce, mut gan) = (Nce::<2, H>::ZERO, Gan::<2, H>::ZERO);
            let _ = load_nce(&file, &mut nce);
            let _ = load_generator(&file, &mut gan.generator.model);
        }
    }

    #[test]
    fn bit_flips_are_caught(pick in any::<prop::sample::Index>(), bit in 0u8..8, generator in any::<bool>()) {
        let ((file, nce), (gfile, gan)) = (nce_file(), generator_file());
        let mut bytes = if generator { gfile } else { file };
        let i = pick.index(bytes.len());
        bytes[i] ^= 1 << bit;
        // CRC-32 detects every single-bit error.
        prop_assert!(!read_all(&bytes, &nce, &gan));
    }

    #[test]
    fn truncated_and_extended_files_are_refused(
        cut in any::<prop::sample::Index>(),
        extra in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        let (file, nce) = nce_file();
        let (_, gan) = generator_file();
        let len = cut.index(file.len());
        prop_assert!(!read_all(&file[..len], &nce, &gan));
        let mut longer = file.clone();
        longer.extend_from_slice(&extra);
        prop_assert!(!read_all(&longer, &nce, &gan));
        prop_assert!(read_all(&file, &nce, &gan), "the undamaged file loads");
    }
}
