use tinygen::pipeline::{train_nce, Streams};
use tinygen::NceConfig;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = args.get(1).map(|s| s.parse().unwrap()).unwrap_or(0);
    let epochs: usize = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(60);
    let nu: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(4);
    let lr: f32 = args.get(4).map(|s| s.parse().unwrap()).unwrap_or(3e-3);
    let n: usize = args.get(5).map(|s| s.parse().unwrap()).unwrap_or(1000);
    let bs: usize = args.get(6).map(|s| s.parse().unwrap()).unwrap_or(50);
    let cfg = NceConfig {
        epochs,
        noise_ratio: nu,
        batch_size: bs,
        final_lr_fraction: std::env::var("FLR")
            .map(|s| s.parse().unwrap())
            .unwrap_or(0.05),
        adam: tinygen::AdamConfig {
            lr,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut st = Streams::new(seed);
    let t = std::time::Instant::now();
    let nce = train_nce::<32>(cfg, &mut st, |e, s| {
        if e % 10 == 0 {
            eprintln!("epoch {e} loss {} acc {}", s.loss, s.accuracy)
        }
    })
    .unwrap();
    eprintln!("train {:?}", t.elapsed());
    let mut sm = nce.sampler(&mut st.sample);
    for _ in 0..n {
        let p = sm.next_sample(&mut st.sample).unwrap();
        println!("{}", tinygen::format_point(&p).unwrap());
    }
    eprintln!(
        "total {:?} stats {:?} bound {}",
        t.elapsed(),
        sm.stats(),
        sm.bound()
    );
}
