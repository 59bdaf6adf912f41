#!/usr/bin/env python3
"""What a perfect sampler scores on the moons goals: COUNT samples of 1000 points drawn i.i.d.
from the true two-moons law that `tinygen eval` judges against (moon ~ Bernoulli(1/2),
t ~ U[0, pi], N(0, 0.05^2) noise on both coordinates; host/src/metrics/law.rs), each piped
through `tinygen eval`. Prints the energy ratio's median, 90th percentile and largest, and how
many samples miss each goal. Standard library only.

    python3 scripts/iid-moons-energy.py FIRST_SEED COUNT [TINYGEN]
"""

import json
import math
import random
import statistics
import subprocess
import sys


def law_sample(rng, n=1000, noise=0.05):
    lines = []
    for _ in range(n):
        t = rng.random() * math.pi
        if rng.random() < 0.5:
            x, y = math.cos(t), math.sin(t)
        else:
            x, y = 1 - math.cos(t), 0.5 - math.sin(t)
        lines.append(f"{x + rng.gauss(0, noise):.7g},{y + rng.gauss(0, noise):.7g}")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(f"usage: {sys.argv[0]} FIRST_SEED COUNT [TINYGEN]")
    first, count = int(sys.argv[1]), int(sys.argv[2])
    tinygen = sys.argv[3] if len(sys.argv) == 4 else "target/release/tinygen"
    ratios, misses = [], {"energy > 3": 0, "upper outside 0.45-0.55": 0, "on-manifold < 0.97": 0,
                          "arc bins < 20": 0}
    for seed in range(first, first + count):
        text = law_sample(random.Random(seed))
        out = subprocess.run([tinygen, "eval", "--data", "moons"], input=text,
                             capture_output=True, text=True, check=True).stdout
        m = json.loads(out)
        ratios.append(m["energy_ratio"])
        misses["energy > 3"] += m["energy_ratio"] > 3
        misses["upper outside 0.45-0.55"] += not 0.45 <= m["upper_fraction"] <= 0.55
        misses["on-manifold < 0.97"] += m["on_manifold"] < 0.97
        misses["arc bins < 20"] += m["arc_coverage"] < 20
    ratios.sort()
    p90 = ratios[math.ceil(0.9 * len(ratios)) - 1]
    print(f"{count} i.i.d. samples of the law: energy ratio median {statistics.median(ratios):.2f}, "
          f"90th pct {p90:.2f}, largest {ratios[-1]:.2f}")
    for goal, n in misses.items():
        print(f"  {goal}: {n} of {count}")


if __name__ == "__main__":
    main()
