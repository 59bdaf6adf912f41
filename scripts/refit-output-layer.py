#!/usr/bin/env python3
"""Research harness (numpy; optional, never run by CI): does refitting the NCE classifier's
output layer after training fix the balance between the two moons?

For each seed S it writes 1000 two-moons points (numpy's own draw, noise 0.05) to a file,
trains `tinygen --data FILE --seed S --save MODEL` on them, and reads the saved model
(docs/model-file.md). It then refits only the output layer (its weights and bias; the hidden
layers frozen) by damped Newton on the NCE loss over the training points and K fresh draws of
the model's Gaussian noise, with a ridge `lam/2 * |w - w_trained|^2` on the weights (not the
bias). Before and after, it integrates `q * r` over a grid, inside the sampler's trust region
`|L^-1 (x - mean)|^2 <= 2D + 16`, and prints the mass nearer the outer moon and the mass
within three noise standard deviations of either moon: the sampler's target, without
sampling noise.

    python3 scripts/refit-output-layer.py K LAM FIRST_SEED COUNT [TINYGEN]

A summary line closes the output: the mean and largest distance of the outer-moon mass
from 0.5, and the smallest on-moon mass, before and after.
"""

import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

MOONS_NOISE = 0.05
POINTS = 1000


def load_nce(path):
    """The classifier and the Gaussian noise of an NCE model file."""
    raw = open(path, "rb").read()
    if raw[:4] != b"TGNM" or raw[6] != 2:
        sys.exit(f"{path}: not a tinygen NCE model file")
    body = raw[16:-4]
    i, h1, h2, o = struct.unpack_from("<4H", body, 0)
    alphas = [struct.unpack_from("<Bf", body, 8 + 5 * k)[1] for k in range(3)]
    count = (i + 1) * h1 + (h1 + 1) * h2 + (h2 + 1) * o
    params = np.frombuffer(body[23 : 23 + 4 * count], dtype="<f4").astype(np.float64)
    sizes = [i * h1, h1, h1 * h2, h2, h2 * o, o]
    parts = np.split(params, np.cumsum(sizes)[:-1])
    section = 23 + 4 * count
    if (i, o) != (2, 1) or body[section + 6] != 1:
        sys.exit(f"{path}: not a 2-D NCE classifier with Gaussian noise")
    (nu,) = struct.unpack_from("<I", body, section)
    mean = np.frombuffer(body[section + 16 : section + 24], dtype="<f4").astype(np.float64)
    l = np.frombuffer(body[section + 24 : section + 36], dtype="<f4").astype(np.float64)
    return {
        "w1": parts[0].reshape(i, h1),
        "b1": parts[1],
        "w2": parts[2].reshape(h1, h2),
        "b2": parts[3],
        "w3": parts[4],
        "b3": parts[5][0],
        "alphas": alphas,
        "nu": nu,
        "mean": mean,
        "chol": np.array([[l[0], 0.0], [l[1], l[2]]]),
    }


def elu(z, alpha):
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


def features(m, x):
    """The second hidden layer's activations and the standardized points."""
    z = np.linalg.solve(m["chol"], (x - m["mean"]).T).T
    h = elu(z @ m["w1"] + m["b1"], m["alphas"][0])
    return elu(h @ m["w2"] + m["b2"], m["alphas"][1]), z


def make_moons(rng):
    outer, inner = POINTS // 2, POINTS - POINTS // 2
    t1, t2 = np.linspace(0, np.pi, outer), np.linspace(0, np.pi, inner)
    x = np.concatenate(
        [np.stack([np.cos(t1), np.sin(t1)], 1), np.stack([1 - np.cos(t2), 0.5 - np.sin(t2)], 1)]
    )
    return x + rng.normal(0, MOONS_NOISE, x.shape)


def refit(m, data, rng, k, lam, iterations=15):
    """The output layer's weights and bias after damped Newton on the NCE loss."""
    noise = m["mean"] + rng.standard_normal((k, 2)) @ m["chol"].T
    f = np.concatenate([features(m, data)[0], features(m, noise)[0]])
    f = np.concatenate([f, np.ones((len(f), 1))], 1)
    y = np.concatenate([np.ones(len(data)), np.zeros(k)])
    # With K noise draws for N points the logit carries log(K/N) in place of log(nu).
    shift = np.log(k / len(data) / m["nu"])
    w = np.concatenate([m["w3"], [m["b3"] - shift]])
    trained = w.copy()
    ridge = np.ones(len(w))
    ridge[-1] = 0.0

    def loss(w):
        s = f @ w
        bce = (np.logaddexp(0, -s) * y + np.logaddexp(0, s) * (1 - y)).sum()
        return bce + 0.5 * lam * (ridge * (w - trained) ** 2).sum()

    current = loss(w)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(f @ w)))
        grad = f.T @ (y - p) - lam * ridge * (w - trained)
        hess = (f * (p * (1 - p))[:, None]).T @ f + lam * np.diag(ridge)
        step = np.linalg.solve(hess + 1e-6 * np.trace(hess) / len(w) * np.eye(len(w)), grad)
        t, trial = 1.0, loss(w + step)
        while t > 1e-4 and trial >= current:
            t /= 2
            trial = loss(w + t * step)
        if trial >= current:
            break
        w, current = w + t * step, trial
    return w[:-1], w[-1] + shift


def moon_masses(m, w3, b3):
    """(mass nearer the outer moon, mass within 3 noise sds of a moon) of q*r on a grid."""
    gx, gy = np.meshgrid(np.linspace(-2.5, 3.5, 601), np.linspace(-1.7, 2.2, 400))
    p = np.stack([gx.ravel(), gy.ravel()], 1)
    h, z = features(m, p)
    sq = (z**2).sum(1)
    logit = np.where(sq <= 2 * 2 + 16, h @ w3 + b3, -np.inf)
    mass = np.exp(-0.5 * sq) * np.exp(logit - logit.max())
    mass /= mass.sum()

    def arc_sq(q, upper):
        d = np.abs(np.sqrt((q**2).sum(1)) - 1)
        ends = np.minimum(((q - [1, 0]) ** 2).sum(1), ((q + [1, 0]) ** 2).sum(1))
        on_arc = q[:, 1] >= 0 if upper else q[:, 1] <= 0
        return np.where(on_arc, d**2, ends)

    outer, inner = arc_sq(p, True), arc_sq(p - [1, 0.5], False)
    near = np.minimum(outer, inner) < (3 * MOONS_NOISE) ** 2
    return mass[outer < inner].sum(), mass[near].sum()


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(f"usage: {sys.argv[0]} K LAM FIRST_SEED COUNT [TINYGEN]")
    k, lam = int(sys.argv[1]), float(sys.argv[2])
    first, count = int(sys.argv[3]), int(sys.argv[4])
    tinygen = sys.argv[5] if len(sys.argv) == 6 else "target/release/tinygen"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, first + count):
            rng = np.random.default_rng(seed)
            data = make_moons(rng)
            points, model = os.path.join(tmp, "points.csv"), os.path.join(tmp, "model.tgnm")
            np.savetxt(points, data, fmt="%.9g", delimiter=",")
            subprocess.run(
                [tinygen, "-q", "-n", "1", "--seed", str(seed), "--data", points, "--save", model],
                stdout=subprocess.DEVNULL,
                check=True,
            )
            m = load_nce(model)
            before = moon_masses(m, m["w3"], m["b3"])
            after = moon_masses(m, *refit(m, data, rng, k, lam))
            rows.append((before, after))
            print(f"{seed} outer {before[0]:.3f} -> {after[0]:.3f}  on-moon {before[1]:.3f} -> {after[1]:.3f}")
    dev = np.array([[abs(b[0] - 0.5), abs(a[0] - 0.5)] for b, a in rows])
    on = np.array([[b[1], a[1]] for b, a in rows])
    print(
        f"K {k} lam {lam}, {count} seeds: |outer - 0.5| mean {dev[:, 0].mean():.4f} -> "
        f"{dev[:, 1].mean():.4f}, largest {dev[:, 0].max():.3f} -> {dev[:, 1].max():.3f}; "
        f"on-moon smallest {on[:, 0].min():.3f} -> {on[:, 1].min():.3f}"
    )


if __name__ == "__main__":
    main()
