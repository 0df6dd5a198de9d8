"""Bootstrap intervals for ratios of sums: rates per 1,000 words and shares.

Every figure of a group is ``sum(count) / sum(base)`` over the group's units (times 1,000 for
a rate). Its interval is a percentile bootstrap: draw as many units as the group has, with
replacement, ``resamples`` times (1,000 by default); compute the ratio on each draw; take the
2.5th and 97.5th percentiles (for 95%). One set of draws serves every figure of a group, so
the figures of a group are resampled together. Draws whose base is 0 (no cue at all in that
draw) have no ratio and are left out; ``Value.resamples`` says how many counted. A group of
a single unit, or a figure whose base is 0, has no interval.

The draws are seeded (``BootstrapSettings.seed`` and the group's position), so the same
project gives the same intervals every time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy

# resamples x units drawn at once, to keep memory small for large groups
_CHUNK_CELLS = 4_000_000


@dataclass(frozen=True)
class BootstrapSettings:
    resamples: int = 1000
    confidence: float = 0.95
    seed: int = 1


@dataclass(frozen=True)
class Value:
    """One figure of one group: ``count / base`` (times the figure's scale), its interval and
    the counts behind it. ``value`` is None when ``base`` is 0; ``low``/``high`` are None
    when there is no interval (one unit, or no base)."""

    count: float
    base: float
    value: float | None
    low: float | None = None
    high: float | None = None
    resamples: int = 0


@dataclass(frozen=True)
class Ratio:
    """Which columns of the unit matrix a figure divides, and its scale (1,000 for a rate)."""

    count: int
    base: int
    scale: float = 1.0


def resampled_sums(
    matrix: numpy.ndarray, settings: BootstrapSettings, stream: int
) -> numpy.ndarray:
    """Column sums of ``settings.resamples`` draws of the rows (resamples x columns)."""
    units = matrix.shape[0]
    rng = numpy.random.default_rng([settings.seed, stream])
    out = numpy.empty((settings.resamples, matrix.shape[1]))
    # single precision halves the work of the product; a draw's sums stay within a few parts
    # in ten million of the exact ones, far below what a percentile can show
    single = matrix.astype(numpy.float32)
    step = max(1, _CHUNK_CELLS // max(units, 1))
    for begin in range(0, settings.resamples, step):
        size = min(step, settings.resamples - begin)
        drawn = rng.integers(0, units, size=(size, units))
        drawn += (numpy.arange(size) * units)[:, None]
        weights = numpy.bincount(drawn.ravel(), minlength=size * units).reshape(size, units)
        out[begin : begin + size] = weights.astype(numpy.float32) @ single
    return out


@dataclass(frozen=True)
class Draws:
    """A group's column totals and the column sums of its bootstrap draws (None: no interval)."""

    totals: numpy.ndarray
    sums: numpy.ndarray | None


def draw(matrix: numpy.ndarray, settings: BootstrapSettings, stream: int) -> Draws:
    """Totals and bootstrap draws of a group's units (rows); one unit gets no draws."""
    totals = matrix.sum(axis=0)
    if matrix.shape[0] < 2 or matrix.shape[1] == 0:
        return Draws(totals, None)
    return Draws(totals, resampled_sums(matrix, settings, stream))


def ratio_value(draws: Draws, ratio: Ratio, settings: BootstrapSettings) -> Value:
    """The value, counts and percentile interval of one ratio of a group's columns."""
    count, base = float(draws.totals[ratio.count]), float(draws.totals[ratio.base])
    if base <= 0:
        return Value(count, base, None)
    value = count / base * ratio.scale
    if draws.sums is None:
        return Value(count, base, value)
    bases = draws.sums[:, ratio.base]
    defined = bases > 0
    used = int(defined.sum())
    if not used:
        return Value(count, base, value)
    shares = draws.sums[defined, ratio.count] / bases[defined] * ratio.scale
    tail = (1 - settings.confidence) / 2 * 100
    low, high = (float(x) for x in numpy.percentile(shares, [tail, 100 - tail]))
    return Value(count, base, value, low, high, used)
