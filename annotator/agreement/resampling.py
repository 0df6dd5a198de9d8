"""Resampling units for bootstrap intervals: seeded, reproducible, and vectorised.

Every coefficient here is a function of sums over units of a few per-unit statistics (value
counts, the unit's coincidences, its observed disagreement...). A bootstrap resample draws N
units with replacement; its sums only depend on how often each *distinct* row of statistics
was drawn, and those counts follow a multinomial distribution over the distinct rows with the
rows' shares as probabilities. So ``resampled_totals`` draws B multinomial count vectors over
the distinct rows and multiplies: exactly the bootstrap over units, without a Python loop and
without an N x B index matrix.

The interval is the percentile interval with the order statistics the KALPHA macro uses
(Hayes & Krippendorff 2007): the lower limit is the k-th smallest of B values with
k = floor(B (1 - level) / 2), the upper the (floor(B (1 + level) / 2) + 1)-th. ``q`` is the
share of resamples below each threshold alpha_min (by default .667 and .800).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from annotator.agreement.result import Coefficient, Interval

DEFAULT_SAMPLES = 1000
THRESHOLDS: tuple[float, ...] = (0.667, 0.8)
UNITS_METHOD = "bootstrap over units"


def generator(seed: int | None) -> np.random.Generator:
    """The random source every bootstrap uses: numpy's PCG64 from the given seed."""
    return np.random.default_rng(seed)


def resampled_totals(stats: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Sums of the per-unit ``stats`` (units x K) over ``samples`` resamples of the units.

    Returns samples x K. Equivalent in distribution to summing rows picked by
    ``rng.integers(0, N, N)`` each time.
    """
    stats = np.asarray(stats, dtype=float)
    units = stats.shape[0]
    if units == 0:
        return np.zeros((samples, stats.shape[1]))
    rows, counts = np.unique(stats, axis=0, return_counts=True)
    draws = rng.multinomial(units, counts / units, size=samples)
    return draws @ rows


def percentile_interval(
    values: np.ndarray,
    *,
    level: float = 0.95,
    method: str = UNITS_METHOD,
    seed: int | None = None,
    thresholds: Sequence[float] = THRESHOLDS,
) -> Interval | None:
    """The percentile interval of bootstrap values; NaN marks a resample with no value.

    None when no resample had a value.
    """
    values = np.asarray(values, dtype=float)
    defined = np.sort(values[np.isfinite(values)])
    samples = int(values.size)
    if defined.size == 0:
        return None
    lower, upper = order_statistics(defined, level)
    q = {float(t): float(np.count_nonzero(defined < t)) / defined.size for t in thresholds}
    return Interval(
        lower=lower,
        upper=upper,
        level=level,
        method=method,
        samples=samples,
        seed=seed,
        undefined=samples - int(defined.size),
        standard_error=float(defined.std(ddof=1)) if defined.size > 1 else None,
        q=q,
    )


def order_statistics(ordered: np.ndarray, level: float) -> tuple[float, float]:
    """KALPHA's limits on sorted values (1-based k-th smallest, clipped to the sample)."""
    size = ordered.size
    low = max(1, math.floor(size * (1.0 - level) / 2.0 + 1e-9))
    high = min(size, math.floor(size * (1.0 + level) / 2.0 + 1e-9) + 1)
    return float(ordered[low - 1]), float(ordered[high - 1])


def attach(result: Coefficient, interval: Interval | None) -> Coefficient:
    """The figure with its interval; a figure without a value never gets one."""
    return result if result.value is None else result.with_interval(interval)


def safe_ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is not positive."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    good = denominator > 0
    np.divide(numerator, denominator, out=out, where=good)
    return out
