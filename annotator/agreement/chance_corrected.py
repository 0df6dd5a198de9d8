"""Gwet's AC1 / AC2 and Brennan-Prediger, for any number of coders and missing values, with
Gwet's variance and t interval.

Gwet, K. L. (2014) Handbook of Inter-Rater Reliability, 4th ed., chapters 2-5, as the irrCAC
package computes them. With r_ik the coders who put unit i in category k, r_i = sum_k r_ik,
w_kl agreement weights (1 on the diagonal), r*_ik = sum_l w_kl r_il, n the units with a
value and n2 those with two or more:

    p_a   = (1 / n2) sum over units with r_i >= 2 of sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1))
    pi_k  = (1 / n) sum_i r_ik / r_i
    AC:  p_e = T_w / (q (q - 1)) sum_k pi_k (1 - pi_k)      (T_w the sum of all weights)
    BP:  p_e = T_w / q^2                                    (Brennan & Prediger 1981)
    coefficient = (p_a - p_e) / (1 - p_e)

q is the number of categories on the scale (every category of the data, used or not).
The variance is Gwet's linearisation: per unit, c_i = (n / n2) (p_a|i - p_e [r_i >= 2]) /
(1 - p_e), for AC less 2 (1 - AC) (p_e|i - p_e) / (1 - p_e), and
var = (1 - f) / (n (n - 1)) sum_i (c_i - coefficient)^2 with f = n / N the sampled share of
a population of N units (0 by default); the interval is coefficient -/+ t(n - 1) SE, its upper
end capped at 1 as in irrCAC.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from annotator.agreement.distributions import t_quantile
from annotator.agreement.reliability import (
    AgreementDataError,
    ReliabilityData,
    as_reliability_data,
)
from annotator.agreement.result import (
    ALL_MISSING,
    NOTHING_PAIRABLE,
    ONE_CODER,
    Coefficient,
    Interval,
    no_value,
)

GWET_METHOD = "Gwet's variance (t interval)"
WEIGHT_NAMES: tuple[str, ...] = (
    "identity",
    "linear",
    "quadratic",
    "ordinal",
    "radical",
    "ratio",
    "circular",
)
WEIGHT_NAMES += ("bipolar",)
# Krippendorff's levels and the weights Gwet uses for the same kind of scale.
LEVEL_WEIGHTS = {"nominal": "identity", "ordinal": "ordinal", "interval": "quadratic"}
LEVEL_WEIGHTS["ratio"] = "ratio"


def agreement_weights(weights: str | Any, categories: Sequence[Any]) -> np.ndarray:
    """Gwet's agreement weights for the categories (by name, level, or a q x q matrix).

    Numeric categories are placed at their values, others at 1..q.
    """
    size = len(categories)
    if not isinstance(weights, str):
        matrix = np.asarray(weights, dtype=float)
        if matrix.shape != (size, size):
            raise AgreementDataError(f"weights for {size} categories must be {size}x{size}")
        return matrix
    name = LEVEL_WEIGHTS.get(weights, weights)
    if name not in WEIGHT_NAMES:
        known = ", ".join((*LEVEL_WEIGHTS, *WEIGHT_NAMES[1:]))
        raise AgreementDataError(f"unknown weights {weights!r}; use one of {known}")
    numeric = all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
        for v in categories
    )
    x = np.array(categories, dtype=float) if numeric else np.arange(1.0, size + 1.0)
    if name == "identity" or size < 2:
        return np.eye(size)
    low, high = float(x.min()), float(x.max())
    diff = np.subtract.outer(x, x)
    if name == "linear":
        return 1.0 - np.abs(diff) / (high - low)
    if name == "quadratic":
        return 1.0 - (diff / (high - low)) ** 2
    if name == "radical":
        return 1.0 - np.sqrt(np.abs(diff)) / math.sqrt(high - low)
    if name == "ordinal":
        ranks = np.arange(size, dtype=float)
        span = np.abs(np.subtract.outer(ranks, ranks)) + 1.0
        raw = span * (span - 1.0) / 2.0
    elif name == "ratio":
        if (x <= 0).any():
            raise AgreementDataError("ratio weights need category values above 0")
        raw = (diff / np.add.outer(x, x)) ** 2
    elif name == "circular":
        raw = np.sin(math.pi * diff / (high - low + 1.0)) ** 2
    else:  # bipolar
        total = np.add.outer(x, x)
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = np.where(diff != 0, diff**2 / ((total - 2 * low) * (2 * high - total)), 0.0)
    return 1.0 - raw / raw.max()


def gwet_ac(
    data: ReliabilityData | Any,
    weights: str | Any = "identity",
    *,
    confidence: float = 0.95,
    population: int | None = None,
) -> Coefficient:
    """Gwet's AC1 (identity weights) or AC2 (any other weights, or a level's weights)."""
    return _coefficient(as_reliability_data(data), weights, "gwet", confidence, population)


def brennan_prediger(
    data: ReliabilityData | Any,
    weights: str | Any = "identity",
    *,
    confidence: float = 0.95,
    population: int | None = None,
) -> Coefficient:
    """Brennan & Prediger's coefficient: chance agreement T_w / q^2 (uniform categories)."""
    return _coefficient(as_reliability_data(data), weights, "bp", confidence, population)


def unit_statistics(counts: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Per rated unit: [p_a|i, r_i >= 2, r_ik / r_i for each k]; sums give p_a and pi."""
    counts = np.asarray(counts, dtype=float)
    rated = counts.sum(axis=1)
    counts, rated = counts[rated > 0], rated[rated > 0]
    weighted = counts @ matrix.T
    pairable = rated >= 2
    denominator = np.where(pairable, rated * (rated - 1.0), 1.0)
    agreement = np.where(pairable, (counts * (weighted - 1.0)).sum(axis=1) / denominator, 0.0)
    return np.column_stack([agreement, pairable, counts / rated[:, None]])


def chance_agreement(kind: str, shares: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """p_e from the category shares pi (last axis), for AC ("gwet") or BP ("bp")."""
    size = matrix.shape[0]
    if kind == "bp":
        return np.full(shares.shape[:-1], matrix.sum() / size**2)
    return matrix.sum() / (size * (size - 1.0)) * (shares * (1.0 - shares)).sum(axis=-1)


def _coefficient(
    data: ReliabilityData,
    weights: str | Any,
    kind: str,
    confidence: float,
    population: int | None,
) -> Coefficient:
    matrix = agreement_weights(weights, data.categories)
    identity = np.array_equal(matrix, np.eye(len(data.categories)))
    name = ("gwet_ac1" if identity else "gwet_ac2") if kind == "gwet" else "brennan_prediger"
    level = None if identity else (weights if isinstance(weights, str) else "custom")
    counts = data.value_counts()
    stats = unit_statistics(counts, matrix)
    units, pairable_units = stats.shape[0], int(stats[:, 1].sum())
    coders = int(np.count_nonzero((data.codes >= 0).any(axis=1)))
    shown: dict[str, Any] = {"units": pairable_units, "coders": coders, "level": level}
    size = len(data.categories)
    if data.n_coders < 2:
        return no_value(name, ONE_CODER, **shown)
    if units == 0:
        return no_value(name, ALL_MISSING, **shown)
    if pairable_units == 0:
        return no_value(name, NOTHING_PAIRABLE, **shown)
    shown["pairable"] = int(counts[counts.sum(axis=1) >= 2].sum())
    if size < 2:
        return no_value(name, "the scale has only one category", **shown)
    observed = float(stats[:, 0].sum() / pairable_units)
    shares = stats[:, 2:].sum(axis=0) / units
    expected = float(chance_agreement(kind, shares, matrix))
    details = {"Pa": observed, "Pe": expected, "categories": float(size)}
    if expected >= 1.0:
        reason = "chance agreement is 1 under these weights, so the coefficient is 0/0"
        return no_value(name, reason, details=details, **shown)
    value = (observed - expected) / (1.0 - expected)
    # Gwet's per-unit terms for the variance.
    per_unit = (units / pairable_units) * (stats[:, 0] - expected * stats[:, 1]) / (1 - expected)
    if kind == "gwet":
        unit_chance = matrix.sum() / (size * (size - 1.0)) * (stats[:, 2:] @ (1.0 - shares))
        per_unit = per_unit - 2 * (1 - value) * (unit_chance - expected) / (1 - expected)
    interval = None
    if units >= 2:
        fraction = units / population if population else 0.0
        variance = (1 - fraction) / (units * (units - 1.0)) * float(((per_unit - value) ** 2).sum())
        error = math.sqrt(max(variance, 0.0))
        details["standard_error"] = error
        spread = error * t_quantile(1 - (1 - confidence) / 2, units - 1)
        interval = Interval(
            value - spread,
            min(1.0, value + spread),
            confidence,
            GWET_METHOD,
            standard_error=error,
        )
    return Coefficient(name, value, details=details, interval=interval, **shown)
