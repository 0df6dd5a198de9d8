"""Bootstrap distributions over units for every document-label coefficient but alpha.

Each function takes the reliability data, builds the per-unit statistics its coefficient is
a sum of, draws the resamples with ``resampling.resampled_totals`` and computes the
coefficient on every resample at once: percent agreement (the mean of the units' shares of
agreeing pairs), Fleiss' kappa (P_i and the ratings per category), Gwet's AC1/AC2 and
Brennan-Prediger (p_a|i and r_ik / r_i), Holsti (each pair's decisions and agreements), and
for a pair of coders every figure of its confusion matrix (the resampled table: Cohen's
kappa, Scott's pi, Bennett's S, weighted kappa, agreement, alpha). A resample on which a
coefficient is undefined (no variation) is left out of the interval and counted.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from annotator.agreement.alpha import category_values
from annotator.agreement.chance_corrected import (
    agreement_weights,
    chance_agreement,
    unit_statistics,
)
from annotator.agreement.confusion import ConfusionMatrix
from annotator.agreement.holsti import holsti_unit_statistics
from annotator.agreement.metrics import distance_matrix
from annotator.agreement.reliability import ReliabilityData
from annotator.agreement.resampling import resampled_totals, safe_ratio

Resampler = Callable[[int, np.random.Generator], np.ndarray]


def percent_agreement_resamples(
    data: ReliabilityData, samples: int, rng: np.random.Generator
) -> np.ndarray:
    counts = data.value_counts().astype(float)
    sizes = counts.sum(axis=1)
    counts, sizes = counts[sizes >= 2], sizes[sizes >= 2]
    share = (counts * (counts - 1.0)).sum(axis=1) / (sizes * (sizes - 1.0))
    totals = resampled_totals(share[:, None], samples, rng)
    return totals[:, 0] / max(len(share), 1)


def fleiss_resamples(data: ReliabilityData, samples: int, rng: np.random.Generator) -> np.ndarray:
    counts = data.value_counts().astype(float)
    sizes = counts.sum(axis=1)
    counts = counts[sizes > 0]
    ratings = float(counts.sum(axis=1)[0]) if len(counts) else 0.0
    if ratings < 2 or not np.all(counts.sum(axis=1) == ratings):
        return np.full(samples, np.nan)
    agreement = (counts * (counts - 1.0)).sum(axis=1) / (ratings * (ratings - 1.0))
    totals = resampled_totals(np.column_stack([agreement, counts]), samples, rng)
    units = len(counts)
    observed = totals[:, 0] / units
    shares = totals[:, 1:] / (units * ratings)
    expected = (shares**2).sum(axis=1)
    return safe_ratio(observed - expected, np.where(expected < 1.0 - 1e-12, 1.0 - expected, 0.0))


def chance_corrected_resamples(
    data: ReliabilityData, weights: object, kind: str, samples: int, rng: np.random.Generator
) -> np.ndarray:
    matrix = agreement_weights(weights, data.categories)
    stats = unit_statistics(data.value_counts(), matrix)
    units, pairable = stats.shape[0], stats[:, 1].sum()
    if pairable == 0 or len(data.categories) < 2:
        return np.full(samples, np.nan)
    totals = resampled_totals(stats, samples, rng)
    observed = safe_ratio(totals[:, 0], totals[:, 1])
    expected = chance_agreement(kind, totals[:, 2:] / units, matrix)
    return safe_ratio(observed - expected, np.where(expected < 1.0, 1.0 - expected, 0.0))


def holsti_resamples(data: ReliabilityData, samples: int, rng: np.random.Generator) -> np.ndarray:
    stats = holsti_unit_statistics(data)
    rated = stats.any(axis=1)
    totals = resampled_totals(stats[rated], samples, rng).reshape(samples, -1, 3)
    ratios = safe_ratio(2.0 * totals[:, :, 2], totals[:, :, 0] + totals[:, :, 1])
    with np.errstate(invalid="ignore"):
        return np.nanmean(ratios, axis=1) if ratios.shape[1] else np.full(samples, np.nan)


def pair_table_resamples(
    table: ConfusionMatrix, samples: int, rng: np.random.Generator
) -> np.ndarray:
    """Resampled confusion matrices of two coders' shared units: samples x q x q."""
    size = len(table.categories)
    cells = np.repeat(np.arange(size * size), table.counts.ravel())
    onehot = np.zeros((cells.size, size * size))
    onehot[np.arange(cells.size), cells] = 1.0
    return resampled_totals(onehot, samples, rng).reshape(samples, size, size)


def pair_figures_from_tables(
    tables: np.ndarray, categories: tuple, level: str | np.ndarray
) -> dict[str, np.ndarray]:
    """Every pair coefficient of ``pair_coefficients`` on a stack of confusion matrices."""
    total = tables.sum(axis=(1, 2))
    size = tables.shape[1]
    rows = safe_ratio(tables.sum(axis=2), total[:, None])
    columns = safe_ratio(tables.sum(axis=1), total[:, None])
    observed = safe_ratio(np.trace(tables, axis1=1, axis2=2), total)
    cohen = (rows * columns).sum(axis=1)
    pooled = (rows + columns) / 2.0
    scott = (pooled**2).sum(axis=1)

    def corrected(expected: np.ndarray) -> np.ndarray:
        return safe_ratio(observed - expected, np.where(expected < 1.0 - 1e-12, 1 - expected, 0))

    figures = {
        "percent_agreement": observed,
        "cohen_kappa": corrected(cohen),
        "scott_pi": corrected(scott),
        "bennett_s": corrected(np.full(total.shape, 1.0 / size))
        if size >= 2
        else observed * np.nan,
    }
    if isinstance(level, str) and level != "nominal":
        positions = np.arange(size, dtype=float)
        for name, weights in (
            ("weighted_kappa_linear", np.abs(np.subtract.outer(positions, positions))),
            ("weighted_kappa_quadratic", np.subtract.outer(positions, positions) ** 2),
        ):
            shares = tables / np.where(total > 0, total, 1.0)[:, None, None]
            chance = rows[:, :, None] * columns[:, None, :]
            disagreement = (shares * weights).sum(axis=(1, 2))
            expected = (chance * weights).sum(axis=(1, 2))
            figures[name] = 1.0 - safe_ratio(disagreement, expected)
    coincidences = tables + tables.transpose(0, 2, 1)
    figures["krippendorff_alpha"] = _alpha_of_coincidences(coincidences, categories, level)
    return figures


def _alpha_of_coincidences(
    coincidences: np.ndarray, categories: tuple, level: str | np.ndarray
) -> np.ndarray:
    size = coincidences.shape[1]
    frequencies = coincidences.sum(axis=2)
    total = frequencies.sum(axis=1)
    values = category_values(level, categories, size)
    if isinstance(level, str) and level == "ordinal":
        deltas = np.stack([distance_matrix(level, size, values, f) for f in frequencies])
    else:
        deltas = np.broadcast_to(distance_matrix(level, size, values, None), coincidences.shape)
    observed = (coincidences * deltas).sum(axis=(1, 2))
    expected = np.einsum("bc,bck,bk->b", frequencies, deltas, frequencies)
    return 1.0 - safe_ratio(observed * (total - 1.0), expected)
