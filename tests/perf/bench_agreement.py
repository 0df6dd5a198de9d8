"""Benchmark: Krippendorff's alpha on 5 coders x 100,000 units x 15 categories, 10% missing.

Run with ``python tests/perf/bench_agreement.py`` (not collected by pytest). Times our
``krippendorff_alpha`` against the ``krippendorff`` package (GPL; a test-only dependency)
and NLTK's ``AnnotationTask.alpha`` on the same matrix, prints the ratios and checks that the
values agree to 1e-9. Budget (docs/agreement.md): no slower than ``krippendorff``.
Exits with status 1 if a value disagrees or the budget is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from annotator.agreement import krippendorff_alpha

CODERS, UNITS, CATEGORIES, MISSING, SEED = 5, 100_000, 15, 0.10, 20240601


def make_matrix() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    matrix = rng.integers(1, CATEGORIES + 1, size=(CODERS, UNITS)).astype(float)
    matrix[rng.random((CODERS, UNITS)) < MISSING] = np.nan
    return matrix


def timed(function: Callable[[], float], runs: int) -> tuple[float, float]:
    """(median seconds, value) over ``runs`` calls after one warm-up call."""
    value = function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per implementation")
    parser.add_argument("--nltk-runs", type=int, default=1, help="NLTK is slow; fewer runs")
    parser.add_argument("--level", default="nominal", choices=["nominal", "interval"])
    args = parser.parse_args()

    import krippendorff
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import binary_distance, interval_distance

    matrix = make_matrix()
    level = args.level

    def ours() -> float:
        result = krippendorff_alpha(matrix, level)
        assert result.value is not None, result.reason
        return result.value

    def package() -> float:
        return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))

    def nltk() -> float:
        # Construction is part of using NLTK: it needs (coder, item, label) triples.
        coder, unit = np.nonzero(~np.isnan(matrix))
        triples = list(
            zip(coder.tolist(), unit.tolist(), matrix[coder, unit].tolist(), strict=True)
        )
        distance = binary_distance if level == "nominal" else interval_distance
        return AnnotationTask(data=triples, distance=distance).alpha()

    print(
        f"alpha ({level}) on {CODERS} coders x {UNITS:,} units x {CATEGORIES} categories, "
        f"{MISSING:.0%} missing, numpy default_rng({SEED}); median of {args.runs} runs"
    )
    our_time, our_value = timed(ours, args.runs)
    package_time, package_value = timed(package, args.runs)
    nltk_time, nltk_value = timed(nltk, args.nltk_runs)
    rows = [
        ("annotator.agreement", our_time, our_value),
        ("krippendorff", package_time, package_value),
        ("nltk AnnotationTask", nltk_time, nltk_value),
    ]
    print(f"{'implementation':<22}{'seconds':>10}{'x ours':>9}  value")
    for name, seconds, value in rows:
        print(f"{name:<22}{seconds:>10.4f}{seconds / our_time:>9.1f}  {value:.15f}")

    failures = []
    for name, _, value in rows[1:]:
        if abs(value - our_value) > 1e-9:
            failures.append(f"{name} gives {value!r}, we give {our_value!r}")
    if our_time > package_time:
        failures.append(f"slower than krippendorff ({our_time:.4f} s > {package_time:.4f} s)")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print(
            f"ok: values agree to 1e-9; {package_time / our_time:.1f}x faster than "
            f"krippendorff, {nltk_time / our_time:.0f}x faster than NLTK"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
