#!/usr/bin/env python3
"""PyTorch baseline for tinygen's update benchmarks (optional: nothing else needs PyTorch).

Builds the same networks, losses and optimizers as tinygen's defaults and times one update of
each on one CPU thread:

  d_update    GAN discriminator 2->50->50->1 (ELU, ELU, linear logit), Adam lr 1e-3:
              BCEWithLogits(D(real), 1) + BCEWithLogits(D(G(z)), 0), B real points and
              B fakes, B = 100 (the generator's forward is part of the update, without
              gradient).
  g_update    GAN generator 2->50->50->2 (ELU, sigmoid, linear), Adam lr 1e-3: non-saturating
              BCEWithLogits(D(G(z)), 1) on B latents. The discriminator's parameters are
              frozen (requires_grad False), so, as in tinygen, only its input gradient is
              computed.
  nce_update  NCE classifier 2->32->32->1 (ELU, ELU, linear logit), Adam lr 1e-2: mean
              BCEWithLogits over b data points (label 1) and nu*b draws of the Gaussian fitted
              to the data (label 0); drawing the noise is part of the update, as in tinygen.
              b and nu default to NceConfig::default()'s when this was written (5 and 8);
              bench/compare.sh passes the ones the Rust side printed.

Layers use PyTorch's default initialisation (U(+-1/sqrt(fan_in)), the same as tinygen's
Dense::init), Adam betas (0.9, 0.999), eps 1e-8. The data is two moons, 1000 points, noise 0.05.
Each update is timed alone with perf_counter_ns, REPS times after a warm-up, and the median is
printed in microseconds as `key value` lines (`#` lines are comments), the keys that
`cargo run --release -p tinygen-host --example bench_updates` prints:

  d_update_us 690.1

Usage: python3 bench/pytorch_baseline.py [--reps N] [--threads T] [--adam default|foreach|fused]
           [--gan-batch B] [--gan-g-lr LR] [--gan-d-lr LR] [--nce-batch b] [--nce-nu NU] [--nce-lr LR]
"""

import argparse
import math
import statistics
import sys
import time
import warnings

# A torch wheel imported without NumPy warns about it; no NumPy is needed here.
warnings.filterwarnings("ignore", message=".*NumPy.*")

try:
    import torch
    from torch import nn
except ImportError:
    sys.stderr.write(
        "pytorch_baseline.py: PyTorch is not installed for "
        f"{sys.executable}.\n"
        "It is optional and only this comparison needs it; install it with\n"
        "    python3 -m pip install torch\n"
        "(or point PYTHON at an interpreter that has it) and run this again.\n"
    )
    sys.exit(2)

TRAINING_POINTS = 1000
DATA_NOISE = 0.05
GAN_WIDTH = 50
NCE_WIDTH = 32


def make_moons(n, noise, gen):
    """scikit-learn's make_moons(n, shuffle=True, noise): outer moon floor(n/2) points."""
    outer, inner = n // 2, n - n // 2
    t_out = torch.linspace(0.0, math.pi, outer)
    t_in = torch.linspace(0.0, math.pi, inner)
    points = torch.cat(
        [
            torch.stack([torch.cos(t_out), torch.sin(t_out)], dim=1),
            torch.stack([1.0 - torch.cos(t_in), 0.5 - torch.sin(t_in)], dim=1),
        ]
    )
    points = points[torch.randperm(n, generator=gen)]
    return points + noise * torch.randn(n, 2, generator=gen)


def mlp(width, out, hidden_activations):
    first, second = hidden_activations
    return nn.Sequential(
        nn.Linear(2, width), first, nn.Linear(width, width), second, nn.Linear(width, out)
    )


def time_median_us(update, reps, warm_up):
    for _ in range(warm_up):
        update()
    times = []
    for _ in range(reps):
        start = time.perf_counter_ns()
        update()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=2000, help="timed updates of each kind")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument(
        "--adam",
        choices=("default", "foreach", "fused"),
        default="default",
        help="Adam implementation: PyTorch's default for CPU tensors (the per-tensor loop), "
        "foreach=True or fused=True",
    )
    parser.add_argument("--gan-batch", type=int, default=100, help="GanConfig batch_size")
    parser.add_argument("--gan-g-lr", type=float, default=1e-3, help="generator Adam lr")
    parser.add_argument("--gan-d-lr", type=float, default=1e-3, help="discriminator Adam lr")
    parser.add_argument("--nce-batch", type=int, default=5, help="NceConfig batch_size")
    parser.add_argument("--nce-nu", type=int, default=8, help="NceConfig noise_ratio")
    parser.add_argument("--nce-lr", type=float, default=1e-2, help="NCE Adam lr")
    args = parser.parse_args()
    counts = (args.reps, args.threads, args.gan_batch, args.nce_batch, args.nce_nu)
    if min(counts) < 1:
        parser.error("--reps, --threads, --gan-batch, --nce-batch and --nce-nu must be >= 1")
    if args.gan_batch > TRAINING_POINTS or args.nce_batch > TRAINING_POINTS:
        parser.error(f"batch sizes must be at most {TRAINING_POINTS}")
    GAN_BATCH, NCE_BATCH, NCE_NU = args.gan_batch, args.nce_batch, args.nce_nu

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    gen = torch.Generator().manual_seed(42)
    data = make_moons(TRAINING_POINTS, DATA_NOISE, gen)
    bce = nn.BCEWithLogitsLoss()

    # --- GAN
    generator = mlp(GAN_WIDTH, 2, (nn.ELU(), nn.Sigmoid()))
    discriminator = mlp(GAN_WIDTH, 1, (nn.ELU(), nn.ELU()))
    adam = dict(betas=(0.9, 0.999), eps=1e-8)
    if args.adam != "default":
        adam[args.adam] = True
    g_opt = torch.optim.Adam(generator.parameters(), lr=args.gan_g_lr, **adam)
    d_opt = torch.optim.Adam(discriminator.parameters(), lr=args.gan_d_lr, **adam)
    real = data[torch.randperm(TRAINING_POINTS, generator=gen)[:GAN_BATCH]]
    ones = torch.ones(GAN_BATCH, 1)
    zeros = torch.zeros(GAN_BATCH, 1)

    def d_update():
        with torch.no_grad():
            fake = generator(torch.randn(GAN_BATCH, 2))
        d_opt.zero_grad(set_to_none=True)
        loss = bce(discriminator(real), ones) + bce(discriminator(fake), zeros)
        loss.backward()
        d_opt.step()

    def g_update():
        g_opt.zero_grad(set_to_none=True)
        loss = bce(discriminator(generator(torch.randn(GAN_BATCH, 2))), ones)
        loss.backward()
        g_opt.step()

    warm_up = max(args.reps // 10, 1)
    d_us = time_median_us(d_update, args.reps, warm_up)
    for p in discriminator.parameters():
        p.requires_grad_(False)
    g_us = time_median_us(g_update, args.reps, warm_up)

    # --- NCE
    classifier = mlp(NCE_WIDTH, 1, (nn.ELU(), nn.ELU()))
    c_opt = torch.optim.Adam(classifier.parameters(), lr=args.nce_lr, **adam)
    mean = data.mean(dim=0)
    centred = data - mean
    cholesky = torch.linalg.cholesky(centred.T @ centred / TRAINING_POINTS)  # biased (1/n)
    batch = data[torch.randperm(TRAINING_POINTS, generator=gen)[:NCE_BATCH]]
    labels = torch.cat([torch.ones(NCE_BATCH, 1), torch.zeros(NCE_BATCH * NCE_NU, 1)])

    def nce_update():
        noise = mean + torch.randn(NCE_BATCH * NCE_NU, 2) @ cholesky.T
        c_opt.zero_grad(set_to_none=True)
        loss = bce(classifier(torch.cat([batch, noise])), labels)
        loss.backward()
        c_opt.step()

    nce_us = time_median_us(nce_update, args.reps, warm_up)

    print(
        f"# pytorch {torch.__version__}, {torch.get_num_threads()} thread(s), "
        f"CPU capability {torch.backends.cpu.get_cpu_capability()}, "
        f"Adam implementation {args.adam}, median of {args.reps} updates after warm-up; "
        f"GAN batch {GAN_BATCH}, NCE batch {NCE_BATCH} + {NCE_NU * NCE_BATCH} noise"
    )
    print(f"d_update_us {d_us:.2f}")
    print(f"g_update_us {g_us:.2f}")
    print(f"nce_update_us {nce_us:.2f}")


if __name__ == "__main__":
    main()
