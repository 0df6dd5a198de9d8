"""Bootstrap distributions of Krippendorff's alpha: over units, and Hayes & Krippendorff's.

``alpha_bootstrap`` resamples the pairable units (``resampling.resampled_totals``) and
recomputes Do and De on every resample, at any level: for nominal, interval, ratio and a
custom metric each unit only needs its value counts and its observed disagreement; the
ordinal metric depends on the category frequencies, so each resample rebuilds it from the
resampled coincidence matrix.

``kalpha_bootstrap`` is the algorithm of the KALPHA macro (Hayes & Krippendorff 2007;
Krippendorff, "Algorithm for bootstrapping a distribution of alpha", 2006, revised 2011):
draw M pairs of values from the observed coincidences (cell c <= k with probability o_cc / n
on the diagonal and 2 o_ck / n off it), M = min(25 x the non-empty cells of the coincidence
matrix, n (m - 1) / 2), alpha* = 1 - (sum of the drawn deltas) / (M De) with De held at its
observed value; alpha* below -1 is set to -1; alpha* = 1 (every draw an agreement) becomes 0
when only one category was used, and when several were, as many of them as chance
(B sum_c p_cc^M) allows. It treats the pairs as independent and De as fixed, so its interval
is narrower than the units' when units have more than two values; it is offered to
reproduce KALPHA and kalpha figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from annotator.agreement.alpha import category_values
from annotator.agreement.metrics import distance_matrix
from annotator.agreement.resampling import (
    THRESHOLDS,
    generator,
    percentile_interval,
    resampled_totals,
    safe_ratio,
)
from annotator.agreement.result import Interval

KALPHA_METHOD = "Hayes & Krippendorff (2007) bootstrap"


def alpha_bootstrap(
    counts: np.ndarray,
    level: str | np.ndarray = "nominal",
    categories: Sequence[Any] | None = None,
    *,
    samples: int = 1000,
    seed: int | None = None,
    confidence: float = 0.95,
    thresholds: Sequence[float] = THRESHOLDS,
) -> Interval | None:
    """Percentile interval of alpha over ``samples`` resamples of the pairable units.

    ``counts`` is units x categories (how many coders put each unit in each category).
    """
    values = alpha_resamples(counts, level, categories, samples=samples, seed=seed)
    return percentile_interval(values, level=confidence, seed=seed, thresholds=thresholds)


def alpha_resamples(
    counts: np.ndarray,
    level: str | np.ndarray = "nominal",
    categories: Sequence[Any] | None = None,
    *,
    samples: int = 1000,
    seed: int | None = None,
) -> np.ndarray:
    """Alpha on each resample (NaN where a resample has no variation)."""
    table = np.asarray(counts, dtype=float)
    per_unit = table.sum(axis=1)
    table = table[per_unit >= 2]
    per_unit = per_unit[per_unit >= 2]
    size = table.shape[1]
    rng = generator(seed)
    values = category_values(level, categories, size)
    if isinstance(level, str) and level == "ordinal":
        scale = 1.0 / (per_unit - 1.0)
        unit_coincidences = table[:, :, None] * table[:, None, :] * scale[:, None, None]
        diagonal = np.arange(size)
        unit_coincidences[:, diagonal, diagonal] -= table * scale[:, None]
        totals = resampled_totals(unit_coincidences.reshape(len(table), -1), samples, rng)
        return _ordinal_alphas(totals.reshape(samples, size, size), values)
    delta = distance_matrix(level, size, values, table.sum(axis=0))
    observed = np.einsum("uc,ck,uk->u", table, delta, table) / (per_unit - 1.0)
    totals = resampled_totals(np.column_stack([table, observed]), samples, rng)
    frequencies, disagreement = totals[:, :size], totals[:, size]
    total = frequencies.sum(axis=1)
    expected = np.einsum("bc,ck,bk->b", frequencies, delta, frequencies)
    return 1.0 - safe_ratio(disagreement * (total - 1.0), expected)


def _ordinal_alphas(coincidences: np.ndarray, values: np.ndarray | None) -> np.ndarray:
    frequencies = coincidences.sum(axis=2)
    total = frequencies.sum(axis=1)
    order = np.argsort(values, kind="stable") if values is not None else None
    ordered = frequencies[:, order] if order is not None else frequencies
    middle_ordered = np.cumsum(ordered, axis=1) - ordered / 2.0
    middle = np.empty_like(middle_ordered)
    if order is not None:
        middle[:, order] = middle_ordered
    else:
        middle = middle_ordered
    delta = (middle[:, :, None] - middle[:, None, :]) ** 2
    observed = (coincidences * delta).sum(axis=(1, 2))
    expected = np.einsum("bc,bck,bk->b", frequencies, delta, frequencies)
    return 1.0 - safe_ratio(observed * (total - 1.0), expected)


def kalpha_bootstrap(
    coincidences: np.ndarray,
    delta: np.ndarray,
    expected: float,
    coders: int,
    *,
    samples: int = 1000,
    seed: int | None = None,
    confidence: float = 0.95,
    thresholds: Sequence[float] = THRESHOLDS,
) -> Interval | None:
    """KALPHA's interval and q from the coincidence matrix, the metric and De (see above)."""
    matrix = np.asarray(coincidences, dtype=float)
    total = float(matrix.sum())
    if total <= 0 or expected <= 0 or coders < 2:
        return None
    lower = np.tril_indices(matrix.shape[0])
    weight = np.where(lower[0] == lower[1], 1.0, 2.0)
    probabilities = np.clip(matrix[lower] * weight / total, 0.0, None)
    probabilities = probabilities / probabilities.sum()
    cells = int(np.count_nonzero(matrix > 0))
    draws = int(min(25 * cells, round(total * (coders - 1) / 2.0)))
    if draws < 1:
        return None
    rng = generator(seed)
    picked = rng.multinomial(draws, probabilities, size=samples)
    alphas = 1.0 - (picked @ np.asarray(delta, dtype=float)[lower]) / (draws * expected)
    alphas = np.maximum(alphas, -1.0)
    alphas = _kalpha_correction(alphas, np.diag(matrix) / total, draws, samples)
    interval = percentile_interval(
        alphas, level=confidence, method=KALPHA_METHOD, seed=seed, thresholds=thresholds
    )
    return interval


def _kalpha_correction(
    alphas: np.ndarray, diagonal: np.ndarray, draws: int, samples: int
) -> np.ndarray:
    """Resamples of agreements only have no variation: Krippendorff's step four."""
    ones = np.flatnonzero(alphas >= 1.0)
    if ones.size == 0:
        return alphas
    alphas = alphas.copy()
    used = int(np.count_nonzero(diagonal > 0))
    if used <= 1:
        alphas[ones] = 0.0
        return alphas
    expected_ones = round(samples * float(np.sum(diagonal**draws)))
    alphas[ones[: min(expected_ones, ones.size)]] = 0.0
    return alphas
