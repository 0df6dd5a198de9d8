"""Benchmark: 1,000 bootstrap resamples of nominal alpha on 5 coders x 10,000 units.

Run with ``python tests/perf/bench_bootstrap.py`` (not collected by pytest). Ours is
``alpha_bootstrap`` (resampling the units as multinomial counts over the distinct rows of
per-unit statistics); the peer is the plain loop over resamples: draw the units with numpy,
select them and recompute ``krippendorff_alpha`` each time. Both percentile intervals are
printed; they are two independent bootstrap runs, so they agree only up to Monte Carlo error.
Budget (DESIGN.md): under 2 s. Exits with status 1 if the budget is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from annotator.agreement import ReliabilityData, krippendorff_alpha
from annotator.agreement.alpha_intervals import alpha_bootstrap
from annotator.agreement.resampling import percentile_interval

CODERS, UNITS, CATEGORIES, MISSING, SEED, SAMPLES = 5, 10_000, 5, 0.10, 20240601, 1000
BUDGET_S = 2.0


def make_data() -> ReliabilityData:
    """Coders who copy a unit's true category 80% of the time, 10% of values missing."""
    rng = np.random.default_rng(SEED)
    truth = rng.integers(1, CATEGORIES + 1, UNITS)
    guess = rng.integers(1, CATEGORIES + 1, (CODERS, UNITS))
    values = np.where(rng.random((CODERS, UNITS)) < 0.8, truth, guess).astype(float)
    values[rng.random((CODERS, UNITS)) < MISSING] = np.nan
    return ReliabilityData.from_array(values)


def plain_loop(data: ReliabilityData, samples: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = np.empty(samples)
    for at in range(samples):
        sample = data.select(units=rng.integers(0, data.n_units, data.n_units))
        result = krippendorff_alpha(sample, "nominal")
        values[at] = np.nan if result.value is None else result.value
    return values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of ours (median)")
    args = parser.parse_args()
    data = make_data()
    alpha = krippendorff_alpha(data, "nominal").value
    counts = data.value_counts()
    alpha_bootstrap(counts, samples=SAMPLES, seed=1)  # warm-up
    times = []
    for run in range(args.runs):
        start = time.perf_counter()
        ours = alpha_bootstrap(counts, samples=SAMPLES, seed=run)
        times.append(time.perf_counter() - start)
    our_time = statistics.median(times)
    start = time.perf_counter()
    peer = percentile_interval(plain_loop(data, SAMPLES, 99))
    peer_time = time.perf_counter() - start
    print(
        f"{SAMPLES:,} bootstrap resamples of nominal alpha on {CODERS} coders x {UNITS:,} units "
        f"x {CATEGORIES} categories, {MISSING:.0%} missing (alpha = {alpha:.4f})"
    )
    print(f"{'implementation':<34}{'seconds':>9}{'x ours':>8}  95% interval")
    print(f"{'annotator alpha_bootstrap':<34}{our_time:>9.3f}{1.0:>8.1f}  {ours.formatted(4)}")
    print(
        f"{'plain loop over resamples':<34}{peer_time:>9.3f}{peer_time / our_time:>8.1f}  "
        f"{peer.formatted(4)}"
    )
    ok = our_time < BUDGET_S
    print(
        f"budget: {SAMPLES:,} resamples under {BUDGET_S:.0f} s: {our_time:.3f} s, "
        f"{peer_time / our_time:.0f}x faster than the plain loop: {'pass' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
