#!/usr/bin/env python3
"""JAX baseline for tinygen's GAN benchmarks (optional: nothing else needs JAX).

The same GAN as bench/pytorch_baseline.py and tinygen's defaults, on one CPU thread:

  generator      2->50->50->2 (ELU, sigmoid, linear), Adam lr 1e-3
  discriminator  2->50->50->1 (ELU, ELU, linear logit), Adam lr 1e-3
  D loss         BCEWithLogits(D(real), 1) + BCEWithLogits(D(G(z)), 0), B real points and B
                 fakes, B = 100 (the generator's forward is part of the update, no gradient)
  G loss         non-saturating BCEWithLogits(D(G(z)), 1) on B fresh latents; only D's input
                 gradient is needed (jax.grad differentiates G's parameters alone, and XLA
                 computes nothing for D's weights)

Layers start from U(+-1/sqrt(fan_in)) for weights and biases (PyTorch's nn.Linear default,
the same as tinygen's Dense::init). Adam is PyTorch's (and tinygen's): bias-corrected moments,
betas (0.9, 0.999), eps 1e-8 added to sqrt(v)/sqrt(1 - beta2^t). The data is two moons, 1000
points, noise 0.05. Everything is float32.

Two modes, both printing `key value` lines (`#` lines are comments):

  (default)    one jitted D update and one jitted G update, each called REPS times after
               REPS/10 warm-up calls, every call timed alone with perf_counter_ns around
               the call and block_until_ready; the medians in microseconds, under the keys
               bench_updates and pytorch_baseline.py print:
                   d_update_us 95.1
                   g_update_us 80.2
               (the model keeps training from call to call, as in training)
  --whole-run  a whole GAN run like `tinygen gan --epochs E --d-steps K --g-steps L`: each
               epoch shuffles the 1000 points into 1000/B minibatches and, for each
               minibatch, makes K D updates on it (each with fresh fakes) and then L G
               updates (each on fresh latents), so E * (1000/B) * (K + L) updates in all
               (200 * 10 * 11 = 22000 at the defaults). The whole run, per-epoch statistics
               included, is one jitted function of nested lax.scan loops; it is compiled
               ahead of time (timed separately) and then run RUNS times from the same
               initial state:
                   jax_whole_run_compile_s 1.92
                   jax_whole_run_s 1.85
                   jax_whole_run_us_per_update 84.1
               (run time = median over the runs; per update = run time / all D + G updates)

One thread: XLA_FLAGS is set before jax is imported (--xla_cpu_multi_thread_eigen=false
intra_op_parallelism_threads=1, in front of any XLA_FLAGS already set), and the process is
pinned to CPU 0 with os.sched_setaffinity where it exists (pass --cpu -1 not to pin).

Usage: python3 bench/jax_baseline.py [--reps N] [--gan-batch B] [--gan-g-lr LR] [--gan-d-lr LR]
       python3 bench/jax_baseline.py --whole-run [--epochs E] [--d-steps K] [--g-steps L]
           [--runs R] [--seed S]
"""

import argparse
import os
import statistics
import sys
import time

TRAINING_POINTS = 1000
DATA_NOISE = 0.05
GAN_WIDTH = 50
LATENT = 2
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=2000, help="timed calls of each update")
    parser.add_argument("--gan-batch", type=int, default=100, help="GanConfig batch_size")
    parser.add_argument("--gan-g-lr", type=float, default=1e-3, help="generator Adam lr")
    parser.add_argument("--gan-d-lr", type=float, default=1e-3, help="discriminator Adam lr")
    parser.add_argument("--whole-run", action="store_true", help="time a whole GAN run")
    parser.add_argument("--epochs", type=int, default=200, help="--whole-run epochs")
    parser.add_argument("--d-steps", type=int, default=10, help="--whole-run D updates per minibatch")
    parser.add_argument("--g-steps", type=int, default=1, help="--whole-run G updates per minibatch")
    parser.add_argument("--runs", type=int, default=3, help="--whole-run timed runs (median)")
    parser.add_argument("--seed", type=int, default=1, help="--whole-run seed")
    parser.add_argument("--cpu", type=int, default=0, help="CPU to pin to (-1: do not pin)")
    args = parser.parse_args()
    counts = (args.reps, args.gan_batch, args.epochs, args.d_steps, args.g_steps, args.runs)
    if min(counts) < 1:
        parser.error("--reps, --gan-batch, --epochs, --d-steps, --g-steps and --runs must be >= 1")
    if args.gan_batch > TRAINING_POINTS:
        parser.error(f"--gan-batch must be at most {TRAINING_POINTS}")
    if args.whole_run and TRAINING_POINTS % args.gan_batch:
        parser.error(f"--whole-run needs a --gan-batch that divides {TRAINING_POINTS}")
    return args


# Before jax starts any thread: every thread it makes inherits the pinning and the flags.
ARGS = parse_args()
if ARGS.cpu >= 0 and hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {ARGS.cpu})
ONE_THREAD_FLAGS = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
os.environ["XLA_FLAGS"] = (ONE_THREAD_FLAGS + " " + os.environ.get("XLA_FLAGS", "")).strip()
os.environ.setdefault("JAX_PLATFORMS", "cpu")

try:
    import jax
    import jax.numpy as jnp
    from jax import lax
except ImportError:
    sys.stderr.write(
        f"jax_baseline.py: JAX is not installed for {sys.executable}; it is optional, install it "
        "with `python3 -m pip install jax jaxlib` (or point PYTHON at an interpreter that has it).\n"
    )
    sys.exit(2)


# --- data, networks, losses, Adam


def make_moons(key, n, noise):
    """scikit-learn's make_moons(n, shuffle=True, noise): outer moon floor(n/2) points."""
    outer, inner = n // 2, n - n // 2
    t_out = jnp.linspace(0.0, jnp.pi, outer)
    t_in = jnp.linspace(0.0, jnp.pi, inner)
    points = jnp.concatenate(
        [
            jnp.stack([jnp.cos(t_out), jnp.sin(t_out)], axis=1),
            jnp.stack([1.0 - jnp.cos(t_in), 0.5 - jnp.sin(t_in)], axis=1),
        ]
    )
    k_perm, k_noise = jax.random.split(key)
    points = points[jax.random.permutation(k_perm, n)]
    return (points + noise * jax.random.normal(k_noise, (n, 2))).astype(jnp.float32)


def init_mlp(key, sizes):
    """[(W, b)] with W of shape (fan_in, fan_out), both drawn from U(+-1/sqrt(fan_in))."""
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        key, k_w, k_b = jax.random.split(key, 3)
        bound = 1.0 / fan_in**0.5
        w = jax.random.uniform(k_w, (fan_in, fan_out), jnp.float32, -bound, bound)
        b = jax.random.uniform(k_b, (fan_out,), jnp.float32, -bound, bound)
        layers.append((w, b))
    return layers


def mlp(layers, x, first, second):
    (w1, b1), (w2, b2), (w3, b3) = layers
    return second(first(x @ w1 + b1) @ w2 + b2) @ w3 + b3


def generator(g, z):
    return mlp(g, z, jax.nn.elu, jax.nn.sigmoid)


def discriminator(d, x):
    return mlp(d, x, jax.nn.elu, jax.nn.elu)[:, 0]


def bce_with_logits(logits, label):
    """Mean BCE(sigmoid(logits), label) for a constant label 1 or 0, as BCEWithLogitsLoss."""
    return jnp.mean(jax.nn.softplus(-logits if label == 1 else logits))


def adam_init(params):
    def zeros():  # m and v in buffers of their own (both are donated)
        return jax.tree_util.tree_map(jnp.zeros_like, params)

    return (params, zeros(), zeros(), jnp.zeros((), jnp.float32))


def adam_step(state, grads, lr):
    params, m, v, t = state
    t = t + 1.0
    step_size = lr / (1.0 - BETA1**t)
    bias2_sqrt = jnp.sqrt(1.0 - BETA2**t)
    m = jax.tree_util.tree_map(lambda m, g: BETA1 * m + (1.0 - BETA1) * g, m, grads)
    v = jax.tree_util.tree_map(lambda v, g: BETA2 * v + (1.0 - BETA2) * g * g, v, grads)
    params = jax.tree_util.tree_map(
        lambda p, m, v: p - step_size * m / (jnp.sqrt(v) / bias2_sqrt + EPS), params, m, v
    )
    return (params, m, v, t)


def make_updates(batch, g_lr, d_lr):
    def d_loss(d, g, real, z):
        fake = lax.stop_gradient(generator(g, z))
        logit_real, logit_fake = discriminator(d, real), discriminator(d, fake)
        loss = bce_with_logits(logit_real, 1) + bce_with_logits(logit_fake, 0)
        stats = (jnp.mean(jax.nn.sigmoid(logit_real)), jnp.mean(jax.nn.sigmoid(logit_fake)), loss)
        return loss, stats

    def g_loss(g, d, z):
        return bce_with_logits(discriminator(d, generator(g, z)), 1)

    def d_update(d_state, g, real, key):
        key, k = jax.random.split(key)
        z = jax.random.normal(k, (batch, LATENT), jnp.float32)
        grads, stats = jax.grad(d_loss, has_aux=True)(d_state[0], g, real, z)
        return adam_step(d_state, grads, d_lr), key, stats

    def g_update(g_state, d, key):
        key, k = jax.random.split(key)
        z = jax.random.normal(k, (batch, LATENT), jnp.float32)
        loss, grads = jax.value_and_grad(g_loss)(g_state[0], d, z)
        return adam_step(g_state, grads, g_lr), key, loss

    return d_update, g_update


def new_gan(key):
    k_g, k_d = jax.random.split(key)
    g = init_mlp(k_g, [LATENT, GAN_WIDTH, GAN_WIDTH, 2])
    d = init_mlp(k_d, [2, GAN_WIDTH, GAN_WIDTH, 1])
    return adam_init(g), adam_init(d)


# --- the two modes


def time_median_us(call, reps, warm_up):
    for _ in range(warm_up):
        call()
    times = []
    for _ in range(reps):
        start = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1e3


def single_updates(args):
    key = jax.random.PRNGKey(42)
    k_data, k_init, k_batch, key = jax.random.split(key, 4)
    data = make_moons(k_data, TRAINING_POINTS, DATA_NOISE)
    g_state, d_state = new_gan(k_init)
    real = data[jax.random.permutation(k_batch, TRAINING_POINTS)[: args.gan_batch]]
    d_update, g_update = make_updates(args.gan_batch, args.gan_g_lr, args.gan_d_lr)
    # The state is donated (updated in place where XLA can) and kept, so the model goes on
    # training from call to call, as the other two benchmarks do.
    d_jit = jax.jit(d_update, donate_argnums=(0, 3))
    g_jit = jax.jit(g_update, donate_argnums=(0, 2))
    box = {"d": d_state, "g": g_state, "key": key}

    def d_call():
        box["d"], box["key"], stats = d_jit(box["d"], box["g"][0], real, box["key"])
        jax.block_until_ready((box["d"], stats))

    def g_call():
        box["g"], box["key"], loss = g_jit(box["g"], box["d"][0], box["key"])
        jax.block_until_ready((box["g"], loss))

    warm_up = max(args.reps // 10, 1)
    d_us = time_median_us(d_call, args.reps, warm_up)
    g_us = time_median_us(g_call, args.reps, warm_up)
    print(
        f"# jax {jax.__version__}, {jax.devices()[0]}, {describe_threads()}, median of "
        f"{args.reps} jitted calls after {warm_up} warm-up calls; GAN batch {args.gan_batch}"
    )
    print(f"d_update_us {d_us:.2f}")
    print(f"g_update_us {g_us:.2f}")


def whole_run(args):
    batch = args.gan_batch
    batches = TRAINING_POINTS // batch
    d_update, g_update = make_updates(batch, args.gan_g_lr, args.gan_d_lr)

    def run(g_state, d_state, data, key):
        def d_body(carry, _):
            g_state, d_state, key, real = carry
            d_state, key, stats = d_update(d_state, g_state[0], real, key)
            return (g_state, d_state, key, real), stats

        def g_body(carry, _):
            g_state, d_state, key = carry
            g_state, key, loss = g_update(g_state, d_state[0], key)
            return (g_state, d_state, key), loss

        def batch_body(carry, indices):
            g_state, d_state, key = carry
            (g_state, d_state, key, _), d_stats = lax.scan(
                d_body, (g_state, d_state, key, data[indices]), None, length=args.d_steps
            )
            (g_state, d_state, key), g_losses = lax.scan(
                g_body, (g_state, d_state, key), None, length=args.g_steps
            )
            return (g_state, d_state, key), (d_stats, g_losses)

        def epoch_body(carry, _):
            g_state, d_state, key = carry
            key, k = jax.random.split(key)
            order = jax.random.permutation(k, TRAINING_POINTS).reshape(batches, batch)
            carry, ((d_real, d_fake, d_loss), g_loss) = lax.scan(
                batch_body, (g_state, d_state, key), order
            )
            # The epoch's means over its D updates and its G updates, as GanEpochStats.
            return carry, jnp.stack([d_real.mean(), d_fake.mean(), d_loss.mean(), g_loss.mean()])

        (g_state, d_state, _), stats = lax.scan(
            epoch_body, (g_state, d_state, key), None, length=args.epochs
        )
        return g_state[0], d_state[0], stats

    key = jax.random.PRNGKey(args.seed)
    k_data, k_init, k_train, k_sample = jax.random.split(key, 4)
    data = make_moons(k_data, TRAINING_POINTS, DATA_NOISE)
    g_state, d_state = new_gan(k_init)
    inputs = (g_state, d_state, data, k_train)
    jax.block_until_ready(inputs)

    start = time.perf_counter()
    compiled = jax.jit(run).lower(*inputs).compile()
    compile_s = time.perf_counter() - start

    run_s = []
    for _ in range(args.runs):
        start = time.perf_counter()
        out = compiled(*inputs)
        jax.block_until_ready(out)
        run_s.append(time.perf_counter() - start)
    g, _, stats = out
    d_updates = args.epochs * batches * args.d_steps
    g_updates = args.epochs * batches * args.g_steps
    median_s = statistics.median(run_s)

    samples = generator(g, jax.random.normal(k_sample, (TRAINING_POINTS, LATENT)))
    last = [float(x) for x in stats[-1]]
    print(
        f"# jax {jax.__version__}, {jax.devices()[0]}, {describe_threads()}; whole run: "
        f"{args.epochs} epochs x {batches} minibatches of {batch} x ({args.d_steps} D + "
        f"{args.g_steps} G updates), one compiled lax.scan, seed {args.seed}"
    )
    print("# run times (s): " + " ".join(f"{s:.3f}" for s in run_s))
    print(
        f"# last epoch: d_real {last[0]:.3f} d_fake {last[1]:.3f} d_loss {last[2]:.3f} "
        f"g_loss {last[3]:.3f}; mean of {TRAINING_POINTS} samples "
        f"({float(samples[:, 0].mean()):.3f}, {float(samples[:, 1].mean()):.3f}), "
        f"data ({float(data[:, 0].mean()):.3f}, {float(data[:, 1].mean()):.3f})"
    )
    print(f"jax_whole_run_epochs {args.epochs}")
    print(f"jax_whole_run_d_updates {d_updates}")
    print(f"jax_whole_run_g_updates {g_updates}")
    print(f"jax_whole_run_updates {d_updates + g_updates}")
    print(f"jax_whole_run_compile_s {compile_s:.3f}")
    print(f"jax_whole_run_s {median_s:.4f}")
    print(f"jax_whole_run_min_s {min(run_s):.4f}")
    print(f"jax_whole_run_us_per_update {median_s * 1e6 / (d_updates + g_updates):.2f}")


def describe_threads():
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        cpus = None
    return f"XLA_FLAGS '{os.environ['XLA_FLAGS']}', CPUs {cpus}"


if __name__ == "__main__":
    if ARGS.whole_run:
        whole_run(ARGS)
    else:
        single_updates(ARGS)
